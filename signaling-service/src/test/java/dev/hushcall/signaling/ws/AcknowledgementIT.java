package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a device acknowledges is not sent again when it reconnects; what it does not, is. */
@ServiceTest
class AcknowledgementIT {

    @LocalServerPort
    int port;

    private static String offer(String id, String callId, String to, int deviceId) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to + "\","
                + "\"payloads\":[{\"deviceId\":" + deviceId + ",\"cipherType\":3,\"body\":\"AAECAw==\"}]}";
    }

    @Test
    void severalFramesAcknowledgedInOneAckAreNotSentAgainButTheOthersAre() throws Exception {
        TestDevices devices = new TestDevices(port);
        var carol = devices.register("carol-acks", 1);
        var dave = devices.register("dave-acks", 1);
        List<String> delivered = new ArrayList<>();
        try (RawSocket caller = devices.connect(carol); RawSocket callee = devices.connect(dave)) {
            for (String call : List.of("call-ack-1", "call-ack-2", "call-ack-3")) {
                caller.send(offer("o-" + call, call, "dave-acks", dave.deviceId()));
                assertThat(caller.replyTo("o-" + call).path("type").asString()).isEqualTo("ack");
                delivered.add(callee.await(f -> call.equals(f.path("callId").asString(null))).path("id").asString());
            }

            callee.send("{\"type\":\"ack\",\"refs\":[\"" + delivered.get(0) + "\",\"" + delivered.get(1) + "\"]}");
            assertThat(callee.framesBeforePing("p-1")).isEmpty();
        }

        try (RawSocket back = devices.connect(dave)) {
            assertThat(back.framesBeforePing("p-2")).extracting(frame -> frame.path("id").asString())
                    .containsExactly(delivered.get(2));
        }
    }
}
