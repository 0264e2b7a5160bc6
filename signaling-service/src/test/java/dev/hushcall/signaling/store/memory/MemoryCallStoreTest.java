package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;

class MemoryCallStoreTest extends CallStoreContract {

    @Override
    protected CallStore newStore() {
        return new MemoryCallStore();
    }
}
