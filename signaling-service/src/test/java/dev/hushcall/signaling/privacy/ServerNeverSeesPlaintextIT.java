package dev.hushcall.signaling.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The privacy checks with the human-readable log format, at DEBUG. */
class ServerNeverSeesPlaintextIT extends ServerNeverSeesPlaintextContract {

    @RegisterExtension
    static final ServiceProcess service = new ServiceProcess(
            "--hushcall.turn.secrets=" + TURN_SECRET, "--logging.level.dev.hushcall=DEBUG");

    @Override
    ServiceProcess service() {
        return service;
    }

    @Override
    void assertLogFormat(String log) {
        assertThat(log).contains(" DEBUG ");
    }
}
