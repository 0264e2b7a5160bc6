package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.requests.HushcallRequests;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.List;

/** What every call simulation shares: the protocol and the verdict. */
final class Runs {

    /** Frames a socket may receive between two reads of its buffer: a call brings at most eight. */
    private static final int UNMATCHED_BUFFER = 64;

    private Runs() {
    }

    /**
     * HTTP shares keep-alive connections across virtual users (the REST calls are not what is measured, and a
     * fresh TCP connection per ticket would exhaust ports at 1,000 calls/s); each socket is its own connection.
     */
    static HttpProtocolBuilder protocol(LoadParameters parameters, PayloadPool pool) {
        return http.baseUrl(parameters.baseUrl())
                .wsBaseUrl(LoadParameters.wsUrl(parameters.baseUrl()))
                .acceptHeader("application/json")
                .userAgentHeader("hushcall-load-tests")
                .shareConnections()
                .wsUnmatchedInboundMessageBufferSize(UNMATCHED_BUFFER);
    }

    /**
     * The pass/fail verdict: calls happened, at most {@code maxFailedPct} of requests failed (a failed delivery
     * check counts), and offer → answer p99 stayed under the bound (except under stress, which hunts the limit).
     */
    static List<Assertion> verdict(LoadParameters parameters) {
        List<Assertion> assertions = new ArrayList<>(List.of(
                details(HushcallRequests.OFFER_TO_ANSWER).successfulRequests().count().gt(0L),
                global().failedRequests().percent().lte(parameters.maxFailedPct()),
                details(HushcallRequests.FRAMES_DELIVERED).failedRequests().percent().lte(parameters.maxFailedPct())));
        if (parameters.profile().assertsLatency()) {
            assertions.add(details(HushcallRequests.OFFER_TO_ANSWER).responseTime().percentile(99.0)
                    .lt(parameters.p99Millis()));
        }
        return assertions;
    }

    /**
     * Tells the benchmark that set-up is over and the offered load starts now, by writing {@code -DreadyFile}: it
     * samples the server's CPU from here, so registering users does not count towards the cost of a call.
     */
    static void signalReady(String what) {
        String ready = System.getProperty("readyFile");
        if (ready == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(ready), what + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ciphertexts for the run, with their sizes in the log so a reader can check them against the design. */
    static PayloadPool payloads() {
        PayloadPool pool = PayloadPool.generate(32, 8);
        System.out.println("payload pool: ciphertext bytes " + pool.sizes());
        return pool;
    }
}
