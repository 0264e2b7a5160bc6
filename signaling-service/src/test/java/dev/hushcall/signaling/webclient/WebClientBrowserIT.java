package dev.hushcall.signaling.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallListener;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.testing.ByteSearch;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The dialer page in real headless Chromium processes (playwright-core driving Debian's chromium), calling
 * through a real service node and, for relayed calls, a real coturn. Each test runs one scenario of
 * web-client/e2e/dialer.e2e.mjs, which fails on what it sees in the pages; this class adds what only the
 * Java side can check: the service never held the plaintext, and a Java SDK client understands the browser.
 */
class WebClientBrowserIT {

    private static final long RING_LIFETIME_SECONDS = 6;

    /** A fresh secret per run, shared by coturn and the service. */
    private static final String TURN_SECRET = "web-client-it-" + java.util.UUID.randomUUID();

    @RegisterExtension
    @Order(1)
    static final Coturn COTURN = Coturn.test(TURN_SECRET);

    @RegisterExtension
    @Order(2)
    static final ServiceProcess SERVICE = new ServiceProcess(() -> List.of(
            "--hushcall.turn.secrets=" + TURN_SECRET,
            "--hushcall.turn.uris=" + COTURN.uri(),
            "--hushcall.calls.ring-lifetime=" + RING_LIFETIME_SECONDS + "s"));

    @Test
    void twoBrowsersTalkOverHostCandidatesAndTheServerNeverHoldsTheirSdp() throws Exception {
        JsonNode result = scenario("direct", Map.of());

        List<String> secrets = new ArrayList<>();
        result.get("fingerprints").forEach(f -> secrets.add(f.asString()));
        result.get("candidates").forEach(c -> secrets.add(c.asString()));
        assertThat(secrets).as("fingerprints and candidates the pages used").hasSizeGreaterThanOrEqualTo(4);
        Path heap = SERVICE.heapDump();
        try {
            for (String secret : secrets) {
                for (Path file : List.of(SERVICE.log(), SERVICE.console(), heap)) {
                    assertThat(ByteSearch.contains(file, secret)).as(file.getFileName() + " holds " + secret).isFalse();
                }
            }
        } finally {
            Files.deleteIfExists(heap);
        }
    }

    @Test
    void twoRelayOnlyBrowsersTalkThroughCoturn() throws Exception {
        JsonNode result = scenario("relay", Map.of());

        // Relay candidates can only come from coturn: the browsers know no other TURN server.
        assertThat(result.get("caller").get("localCandidateType").asString()).isEqualTo("relay");
        assertThat(result.get("callee").get("localCandidateType").asString()).isEqualTo("relay");
    }

    @Test
    void aDeclinedCallShowsDeclinedOnBothPages() throws Exception {
        JsonNode result = scenario("decline", Map.of());

        assertThat(result.get("callerSees").asString()).isEqualTo("declined");
        assertThat(result.get("calleeSees").asString()).isEqualTo("declined");
    }

    @Test
    void aCallToSomeoneAlreadyInACallEndsBusy() throws Exception {
        JsonNode result = scenario("busy", Map.of());

        assertThat(result.get("thirdPartySees").asString()).isEqualTo("busy");
    }

    @Test
    void anUnansweredCallTimesOutOnBothPages() throws Exception {
        JsonNode result = scenario("timeout", Map.of("RING_LIFETIME_MS", Long.toString(RING_LIFETIME_SECONDS * 1000)));

        assertThat(result.get("callerSees").asString()).isEqualTo("timeout");
        assertThat(result.get("calleeSees").asString()).isEqualTo("timeout");
    }

    @Test
    void aBrowserCallsAJavaSdkClientAndEachDecryptsTheOther() throws Exception {
        String javaUser = "java-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicReference<Phone> phone = new AtomicReference<>();
        String javaCandidate = "{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 9 typ host generation 0\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
        CallListener answerer = new CallListener() {
            @Override
            public void onIncomingCall(DeviceAddress from, String callId, String offerSdp) {
                phone.get().client().answer(callId, BrowserSdp.answerFor(offerSdp))
                        .thenCompose(sent -> phone.get().client().sendIce(callId, javaCandidate));
            }
        };
        phone.set(Phone.connected(SERVICE.port(), new TestDevices(SERVICE.port()), javaUser, answerer));
        try {
            JsonNode result = scenario("java", Map.of("JAVA_USER", javaUser));

            Phone.Event incoming = phone.get().await(Phone.Event.Kind.INCOMING);
            String offer = result.get("offer").asString();
            assertThat(incoming.from().user()).isEqualTo(result.get("user").asString());
            assertThat(incoming.text()).startsWith("v=0").contains("a=fingerprint:")
                    .contains(BrowserSdp.line(offer, "a=fingerprint:")).contains(BrowserSdp.line(offer, "o="));
            assertThat(result.get("answer").asString()).as("the browser applied the Java answer")
                    .contains("a=ice-ufrag:" + BrowserSdp.JAVA_UFRAG);
            Phone.Event ice = phone.get().await(Phone.Event.Kind.ICE);
            assertThat(ice.text()).startsWith("{\"candidate\":\"candidate:");
            assertThat(offer).as("a candidate the browser gathered").contains(BrowserSdp.candidateLine(ice.text()));
            assertThat(phone.get().awaitEnded(incoming.callId()).reason()).isEqualTo(EndReason.HANGUP);
            assertThat(phone.get().client().safetyNumber(incoming.from())).as("the safety number on both sides")
                    .hasValue(result.get("safetyNumber").asString());
            phone.get().assertNoErrors();
        } finally {
            phone.get().close();
        }
    }

    private static JsonNode scenario(String name, Map<String, String> extraEnvironment) throws Exception {
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("HUSHCALL_URL", SERVICE.baseUri().toString());
        environment.put("E2E_OUT", NodeScript.output().toString());
        return NodeScript.run(environment, 90, "e2e/dialer.e2e.mjs", name);
    }
}
