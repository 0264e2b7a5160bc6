package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallListener;
import dev.hushcall.client.CallHandle;
import dev.hushcall.client.api.TurnCredentials;
import dev.hushcall.client.ice.IceOptions;
import dev.hushcall.client.ice.IceSession;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real SDK devices place a call through the real service; each runs an {@link IceSession} with the TURN
 * credentials the service minted, candidates travel as end-to-end encrypted {@code call.ice} frames, and a
 * datagram crosses the selected pair: over loopback host candidates, and with relay-only policy through coturn.
 */
@ServiceTest
// A hang in ice4j (a lock-order deadlock in close, blocked on a monitor, so deaf to interrupts) fails the test
// instead of stalling CI.
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IceOverTurnIT {

    static final String SECRET = "hushcall-ice-it-turn-secret-0123456789abcd";
    static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static final Coturn coturn = Coturn.test(SECRET);

    @DynamicPropertySource
    static void turn(DynamicPropertyRegistry registry) {
        registry.add("hushcall.turn.secrets", () -> SECRET);
        registry.add("hushcall.turn.uris", coturn::uri);
    }

    @LocalServerPort
    int port;

    /** Routes each device's onIce to the session of that call, buffering nothing: sessions exist before calls. */
    static final class IceRouter implements CallListener {
        final Map<String, IceSession> sessions = new ConcurrentHashMap<>();
        final CompletableFuture<String> incoming = new CompletableFuture<>();
        volatile IceSession next;

        @Override
        public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
            sessions.put(callId, next);
            incoming.complete(callId);
        }

        @Override
        public void onIce(DeviceAddress from, String callId, String candidateJson) {
            sessions.get(callId).onRemoteIce(candidateJson);
        }
    }

    record Result(IceSession.Path callerPath, IceSession.Path calleePath, String received) {
    }

    Result call(IceOptions callerOptions, IceOptions calleeOptions) throws Exception {
        TestDevices devices = new TestDevices(port);
        int n = USERS.incrementAndGet();
        IceRouter aliceIce = new IceRouter();
        IceRouter bobIce = new IceRouter();
        try (Phone alice = Phone.connected(port, devices, "alice-ice-" + n, aliceIce);
             Phone bob = Phone.connected(port, devices, "bob-ice-" + n, bobIce)) {
            TurnCredentials aliceTurn = alice.client().turnCredentials();
            TurnCredentials bobTurn = bob.client().turnCredentials();
            assertThat(aliceTurn.uris()).containsExactly(coturn.uri());

            String[] callId = new String[1];
            IceSession[] callee = new IceSession[1];
            // Bob's session must exist before Alice's candidates can reach him; it learns the call id on ringing.
            bobIce.next = IceSession.create(bobTurn, false, calleeOptions,
                    json -> bob.client().sendIce(callId[0], json));
            callee[0] = bobIce.next;
            CallHandle handle = alice.client().placeCall(bob.address().user(), "v=0 offer");
            callId[0] = handle.callId();
            IceSession caller = IceSession.forCall(alice.client(), handle.callId(), true, aliceTurn, callerOptions);
            aliceIce.sessions.put(handle.callId(), caller);
            handle.sent().get(10, TimeUnit.SECONDS);
            assertThat(bobIce.incoming.get(10, TimeUnit.SECONDS)).isEqualTo(handle.callId());
            bob.client().answer(handle.callId(), "v=0 answer").get(10, TimeUnit.SECONDS);
            try (IceSession a = caller; IceSession b = callee[0]) {
                a.start();
                b.start();
                IceSession.Path aPath = a.connected().get(20, TimeUnit.SECONDS);
                IceSession.Path bPath = b.connected().get(20, TimeUnit.SECONDS);
                a.send("first datagram".getBytes(StandardCharsets.UTF_8));
                String received = new String(b.receive(Duration.ofSeconds(5)), StandardCharsets.UTF_8);
                assertThat(a.refusedPermissions() + b.refusedPermissions()).isZero();
                alice.assertNoErrors();
                bob.assertNoErrors();
                return new Result(aPath, bPath, received);
            }
        }
    }

    @Test
    void twoSdkDevicesReachIceCompletionOverLoopbackHostCandidatesAndADatagramArrives() throws Exception {
        IceOptions loopback = IceOptions.defaults().withHostAddresses(InetAddress.getLoopbackAddress());

        Result result = call(loopback, loopback);

        assertThat(result.callerPath().localType()).isEqualTo("host");
        assertThat(result.callerPath().remoteType()).isEqualTo("host");
        assertThat(result.received()).isEqualTo("first datagram");
    }

    @Test
    void withRelayOnlyPolicyTheSelectedPairRunsThroughCoturnAndADatagramArrives() throws Exception {
        // Host sockets on 127.0.0.2: coturn's relays are on 127.0.0.1, so a TURN permission for the peer's relay
        // (permissions are per IP) cannot let a host-to-relay pair through, as with any TURN server that is not on
        // the client's own machine.
        IceOptions relayOnly = IceOptions.defaults().withRelayOnly(true)
                .withHostAddresses(InetAddress.getByName("127.0.0.2"));

        Result result = call(relayOnly, relayOnly);

        assertThat(result.callerPath().localType()).isEqualTo("relay");
        assertThat(result.callerPath().remoteType()).isEqualTo("relay");
        assertThat(result.calleePath().localType()).isEqualTo("relay");
        assertThat(result.callerPath().remote().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(result.received()).isEqualTo("first datagram");
    }
}
