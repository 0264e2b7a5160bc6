package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backlog replay on one node with state in memory. */
class BacklogReplayIT extends BacklogReplayContract {

    @RegisterExtension
    static final ServiceProcess node = new ServiceProcess(() -> nodeArguments());

    @Override
    ServiceProcess node() {
        return node;
    }
}
