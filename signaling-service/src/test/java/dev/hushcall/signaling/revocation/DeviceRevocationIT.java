package dev.hushcall.signaling.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import dev.hushcall.signaling.testing.TestDevices.Device;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Deleting or re-registering a device revokes it on a real node: docs/protocol.md, "Deleting a device". */
@ServiceTest
class DeviceRevocationIT {

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    private TestDevices devices;

    @BeforeEach
    void client() {
        devices = new TestDevices(port);
    }

    @Test
    void deletedDevicesSocketIsClosedWith4410AndReceivesNothingMore() throws Exception {
        Device alice = devices.register("alice-rv1", 0);
        Device phone = devices.register("bob-rv1", 0);
        Device tablet = devices.register("bob-rv1", 0);
        try (RawSocket caller = devices.connect(alice); RawSocket old = devices.connect(tablet)) {
            ping(old, "p-0");

            assertThat(devices.delete(tablet)).isEqualTo(204);

            assertThat(old.awaitClose()).isEqualTo(4410);
            caller.send(offer("o-1", "call-rv1-after", "bob-rv1", phone.deviceId()));
            assertThat(caller.replyTo("o-1").path("type").asString()).isEqualTo("ack");
            assertThat(old.drain()).noneMatch(frame -> frame.has("callId"));
        }
    }

    @Test
    void ticketMintedBeforeTheDeleteIsRefused() throws Exception {
        devices.register("bob-rv2", 0);
        Device tablet = devices.register("bob-rv2", 0);
        String ticket = devices.ticket(tablet);

        assertThat(devices.delete(tablet)).isEqualTo(204);

        try (RawSocket late = RawSocket.open(devices.socketUri(ticket))) {
            assertThat(late.await(f -> "error".equals(f.path("type").asString(null))).path("code").asString())
                    .isEqualTo("ticket_invalid");
            assertThat(late.awaitClose()).isEqualTo(4401);
        }
    }

    @Test
    void reregistrationClosesTheOldSocketAndVoidsItsTicketsButTheDeviceLivesOn() throws Exception {
        Device phone = devices.register("bob-rv3", 0);
        String oldTicket = devices.ticket(phone);
        try (RawSocket old = devices.connect(phone)) {
            ping(old, "p-0");

            assertThat(devices.reregister(phone)).isEqualTo(204);

            assertThat(old.awaitClose()).isEqualTo(4410);
        }
        try (RawSocket late = RawSocket.open(devices.socketUri(oldTicket))) {
            assertThat(late.awaitClose()).isEqualTo(4401);
        }
        try (RawSocket fresh = devices.connect(phone)) {
            assertThat(ping(fresh, "p-1")).isEmpty();
            assertThat(fresh.isOpen()).isTrue();
        }
    }

    @Test
    void newDeviceGetsANewIdNoneOfTheOldMailboxAndCannotAnswerACallThatRangTheOldOne() throws Exception {
        Device alice = devices.register("alice-rv4", 0);
        devices.register("bob-rv4", 0);
        Device tablet = devices.register("bob-rv4", 0);
        try (RawSocket caller = devices.connect(alice)) {
            callBothDevices(caller, "call-rv4-0001", "bob-rv4");

            assertThat(devices.delete(tablet)).isEqualTo(204);
            Device replacement = devices.register("bob-rv4", 0);

            assertThat(replacement.deviceId()).isEqualTo(3);
            try (RawSocket fresh = devices.connect(replacement)) {
                assertThat(ping(fresh, "p-1")).isEmpty();
                fresh.send(answer("a-1", "call-rv4-0001", alice.deviceId()));
                assertThat(fresh.replyTo("a-1").path("code").asString()).isEqualTo("not_in_call");
            }
            // The call still rings bob's other device: the caller heard nothing.
            assertThat(ping(caller, "p-2")).isEmpty();
        }
    }

    @Test
    void deviceThatGetsTheOldIdOnceItIsFreeInheritsNothingOfTheOldOne() throws Exception {
        Device alice = devices.register("alice-rv5", 0);
        devices.register("bob-rv5", 0);
        Device tablet = devices.register("bob-rv5", 0);
        try (RawSocket caller = devices.connect(alice)) {
            callBothDevices(caller, "call-rv5-0001", "bob-rv5");
            assertThat(devices.delete(tablet)).isEqualTo(204);

            // Past the id-reuse delay (2 min): the call has timed out meanwhile, as it must have by then.
            clock.advance(Duration.ofMinutes(2).plusSeconds(1));
            JsonNode ended = caller.await(f -> "call.ended".equals(f.path("type").asString(null)));
            assertThat(ended.path("reason").asString()).isEqualTo("timeout");
            Device reused = devices.register("bob-rv5", 0);

            assertThat(reused.deviceId()).isEqualTo(tablet.deviceId());
            try (RawSocket fresh = devices.connect(reused)) {
                assertThat(ping(fresh, "p-1")).isEmpty();
                fresh.send(answer("a-1", "call-rv5-0001", alice.deviceId()));
                assertThat(fresh.replyTo("a-1").path("code").asString()).isIn("not_in_call", "call_ended");
            }
        }
    }

    @Test
    void callThatRangOnlyTheDeletedDeviceEndsForTheCallerAsFailed() throws Exception {
        Device alice = devices.register("alice-rv6", 0);
        Device carol = devices.register("carol-rv6", 0);
        try (RawSocket caller = devices.connect(alice); RawSocket callee = devices.connect(carol)) {
            caller.send(offer("o-1", "call-rv6-0001", "carol-rv6", carol.deviceId()));
            assertThat(caller.replyTo("o-1").path("type").asString()).isEqualTo("ack");
            callee.await(f -> "call.offer".equals(f.path("type").asString(null)));

            assertThat(devices.delete(carol)).isEqualTo(204);

            JsonNode ended = caller.await(f -> "call.ended".equals(f.path("type").asString(null)));
            assertThat(ended.path("callId").asString()).isEqualTo("call-rv6-0001");
            assertThat(ended.path("reason").asString()).isEqualTo("failed");
            assertThat(ended.path("by").path("user").asString()).isEqualTo("carol-rv6");
            assertThat(callee.awaitClose()).isEqualTo(4410);
        }
    }

    @Test
    void answeredCallOfADeletedDeviceEndsForThePeerAsFailed() throws Exception {
        Device alice = devices.register("alice-rv7", 0);
        Device carol = devices.register("carol-rv7", 0);
        try (RawSocket caller = devices.connect(alice); RawSocket callee = devices.connect(carol)) {
            caller.send(offer("o-1", "call-rv7-0001", "carol-rv7", carol.deviceId()));
            callee.await(f -> "call.offer".equals(f.path("type").asString(null)));
            callee.send(answer("a-1", "call-rv7-0001", alice.deviceId()));
            assertThat(callee.replyTo("a-1").path("type").asString()).isEqualTo("ack");
            caller.await(f -> "call.answer".equals(f.path("type").asString(null)));

            assertThat(devices.delete(carol)).isEqualTo(204);

            JsonNode ended = caller.await(f -> "call.ended".equals(f.path("type").asString(null)));
            assertThat(ended.path("reason").asString()).isEqualTo("failed");
        }
    }

    @Test
    void callPlacedByADeletedDeviceStopsRingingTheCalleeAsFailed() throws Exception {
        Device alice = devices.register("alice-rv8", 0);
        Device carol = devices.register("carol-rv8", 0);
        try (RawSocket caller = devices.connect(alice); RawSocket callee = devices.connect(carol)) {
            caller.send(offer("o-1", "call-rv8-0001", "carol-rv8", carol.deviceId()));
            callee.await(f -> "call.offer".equals(f.path("type").asString(null)));

            assertThat(devices.delete(alice)).isEqualTo(204);

            JsonNode ended = callee.await(f -> "call.ended".equals(f.path("type").asString(null)));
            assertThat(ended.path("reason").asString()).isEqualTo("failed");
            assertThat(caller.awaitClose()).isEqualTo(4410);
            callee.send(answer("a-1", "call-rv8-0001", alice.deviceId()));
            assertThat(callee.replyTo("a-1").path("code").asString()).isEqualTo("call_ended");
        }
    }

    private static List<JsonNode> ping(RawSocket socket, String id) throws InterruptedException {
        return socket.framesBeforePing(id);
    }

    /** Offers call {@code callId} from {@code caller} to devices 1 and 2 of {@code callee}; it is acknowledged. */
    private static void callBothDevices(RawSocket caller, String callId, String callee) throws InterruptedException {
        caller.send(offer("o-" + callId, callId, callee, 1, 2));
        assertThat(caller.replyTo("o-" + callId).path("type").asString()).isEqualTo("ack");
    }

    private static String offer(String id, String callId, String to, int... deviceIds) {
        String payloads = IntStream.of(deviceIds)
                .mapToObj(d -> "{\"deviceId\":" + d + ",\"cipherType\":3,\"body\":\"AAECAw==\"}")
                .collect(Collectors.joining(","));
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to + "\","
                + "\"payloads\":[" + payloads + "]}";
    }

    private static String answer(String id, String callId, int callerDevice) {
        return "{\"type\":\"call.answer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\","
                + "\"payloads\":[{\"deviceId\":" + callerDevice + ",\"cipherType\":2,\"body\":\"AAECAw==\"}]}";
    }
}
