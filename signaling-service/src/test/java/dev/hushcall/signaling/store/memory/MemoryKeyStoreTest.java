package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.keys.KeyStore;
import dev.hushcall.signaling.keys.KeyStoreContract;

class MemoryKeyStoreTest extends KeyStoreContract {

    @Override
    protected KeyStore newStore() {
        return new MemoryKeyStore();
    }
}
