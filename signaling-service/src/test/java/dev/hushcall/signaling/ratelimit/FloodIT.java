package dev.hushcall.signaling.ratelimit;

import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The floods on the embedded default: every frame handled on the selector thread that read it. */
class FloodIT extends FloodContract {

    @RegisterExtension
    static final ServiceProcess node = new ServiceProcess();

    @Override
    ServiceProcess node() {
        return node;
    }
}
