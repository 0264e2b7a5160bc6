package dev.hushcall.signaling.privacy;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.api.TurnCredentials;
import dev.hushcall.signaling.testing.ByteSearch;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a full call, the service's log and its whole heap (dead objects included) hold no SDP text and no
 * ICE candidate; the log holds no TURN secret and no token. The service runs in its own JVM, so the
 * clients' plaintext in this JVM cannot mask a leak.
 */
abstract class ServerNeverSeesPlaintextContract {

    static final String TURN_SECRET = "turn-secret-" + UUID.randomUUID() + "-0123456789";

    abstract ServiceProcess service();

    /** Checks on the log's shape, so a test of the JSON format really read JSON. */
    abstract void assertLogFormat(String log);

    @Test
    void afterAFullCallNothingTheServerLoggedOrHeldContainsSdpIceOrSecrets() throws Exception {
        String sdpMarker = "sdp-marker-" + UUID.randomUUID();
        String iceAddress = "198.51.100." + (1 + (int) (Math.random() * 250));
        String iceMarker = iceAddress + " 41999";
        ServiceProcess service = service();
        TestDevices devices = new TestDevices(service.port());
        String aliceToken = devices.token("alice");
        String bobToken = devices.token("bob");

        try (Phone a = Phone.connected(service.port(), devices, "alice");
             Phone b = Phone.connected(service.port(), devices, "bob")) {
            CallHandle call = a.client().placeCall("bob", Sdp.audio(sdpMarker + "-offer"));
            call.sent().get(10, TimeUnit.SECONDS);
            assertThat(b.await(INCOMING).text()).contains(sdpMarker);
            b.client().answer(call.callId(), Sdp.audio(sdpMarker + "-answer")).get(10, TimeUnit.SECONDS);
            a.await(ANSWER);
            a.client().sendIce(call.callId(), Sdp.candidate(iceAddress, 41999)).get(10, TimeUnit.SECONDS);
            b.client().sendIce(call.callId(), Sdp.candidate(iceAddress, 41999)).get(10, TimeUnit.SECONDS);
            assertThat(b.await(ICE).text()).contains(iceMarker);
            a.await(ICE);
            TurnCredentials turn = a.client().turnCredentials();
            assertThat(turn.password()).isNotBlank();
            a.client().hangup(call.callId()).get(10, TimeUnit.SECONDS);
            b.awaitEnded(call.callId());
        }

        String log = Files.readString(service.log()) + Files.readString(service.console());
        assertThat(log).as("the service logged something at all").contains("Started HushcallApplication");
        assertLogFormat(log);
        assertThat(log).contains("call ").doesNotContain(sdpMarker).doesNotContain(iceMarker)
                .doesNotContain(TURN_SECRET).doesNotContain(aliceToken).doesNotContain(bobToken);

        Path heap = service.heapDump();
        try {
            // The secret is configuration, so it must be in the heap: proof that this search finds strings there.
            assertThat(ByteSearch.contains(heap, TURN_SECRET)).as("the search finds a string the heap holds").isTrue();
            assertThat(ByteSearch.contains(heap, sdpMarker)).as("SDP text in the service heap").isFalse();
            assertThat(ByteSearch.contains(heap, iceMarker)).as("ICE candidate in the service heap").isFalse();
            assertThat(ByteSearch.contains(heap, "a=fingerprint:sha-256")).as("SDP lines in the service heap").isFalse();
        } finally {
            Files.deleteIfExists(heap);
        }
    }
}
