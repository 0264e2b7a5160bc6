package dev.hushcall.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * An offer sent again under an id no claim remembers, as after a node created the call and then failed before keeping
 * the claim (it forgets a claim whose handling failed, so that a resend is routed): the device that placed the call
 * rings the callee again instead of hearing {@code call_exists}; any other device still hears it.
 */
@ServiceTest
class ResentOfferIT {

    private static final String BODY = "AAECAwQFBgcICQ==";

    @LocalServerPort
    int port;

    private TestDevices devices;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
    }

    @Test
    void theCallersDeviceOfferingItsRingingCallAgainUnderANewIdRingsTheCalleeAgain() throws Exception {
        String bob = "bob-" + run;
        var alice = devices.register("alice-" + run, 1);
        var bobPhone = devices.register(bob, 1);
        String callId = "call-" + run;
        try (RawSocket caller = devices.connect(alice); RawSocket callee = devices.connect(bobPhone)) {
            caller.send(offer("o1", callId, bob));
            assertThat(caller.replyTo("o1").path("type").asString()).isEqualTo("ack");
            assertThat(offerFor(callee, callId).path("payload").path("body").asString()).isEqualTo(BODY);

            caller.send(offer("o2", callId, bob));

            JsonNode reply = caller.replyTo("o2");
            assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ack");
            assertThat(offerFor(callee, callId).path("from").path("user").asString()).isEqualTo(alice.user());
        }
    }

    @Test
    void anotherDeviceOfferingACallIdThatRingsHearsCallExists() throws Exception {
        String bob = "bob-" + run;
        String aliceUser = "alice-" + run;
        var alicePhone = devices.register(aliceUser, 1);
        var aliceLaptop = devices.register(aliceUser, 1);
        devices.register(bob, 1);
        String callId = "call-" + run;
        try (RawSocket phone = devices.connect(alicePhone); RawSocket laptop = devices.connect(aliceLaptop)) {
            phone.send(offer("o1", callId, bob));
            assertThat(phone.replyTo("o1").path("type").asString()).isEqualTo("ack");

            laptop.send(offer("o2", callId, bob));

            JsonNode reply = laptop.replyTo("o2");
            assertThat(reply.path("type").asString()).isEqualTo("error");
            assertThat(reply.path("code").asString()).isEqualTo("call_exists");
        }
    }

    private static JsonNode offerFor(RawSocket callee, String callId) throws InterruptedException {
        return callee.await(f -> f.path("type").asString().equals("call.offer") && callId.equals(f.path("callId").asString()));
    }

    private static String offer(String id, String callId, String to) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to
                + "\",\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}]}";
    }
}
