package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;

class MemoryMailboxStoreTest extends MailboxStoreContract {

    @Override
    protected MailboxStore newStore() {
        return new MemoryMailboxStore();
    }
}
