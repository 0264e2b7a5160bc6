package dev.hushcall.signaling.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The privacy checks with JSON logs (ECS), at DEBUG: the device and call id are there, the payloads are not. */
class ServerNeverSeesPlaintextJsonLogIT extends ServerNeverSeesPlaintextContract {

    @RegisterExtension
    static final ServiceProcess service = new ServiceProcess(
            "--hushcall.turn.secrets=" + TURN_SECRET, "--logging.level.dev.hushcall=DEBUG",
            "--logging.structured.format.file=ecs", "--logging.structured.format.console=ecs");

    @Override
    ServiceProcess service() {
        return service;
    }

    @Override
    void assertLogFormat(String log) {
        assertThat(log).contains("{\"@timestamp\"").contains("\"callId\":\"").contains("\"device\":\"");
    }
}
