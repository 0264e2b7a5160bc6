package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.fixtures.UserPool;
import dev.hushcall.load.requests.HushcallRequests;
import dev.hushcall.load.requests.PeerJsRequests;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Idle authenticated sockets for the heap-per-socket measurement: {@code -Dsockets} devices (registered first),
 * opened at {@code -DopenRate} per second in two cohorts — {@code -Dfirst} sockets, a pause of
 * {@code -DholdSeconds} for the benchmark to measure, the rest, another pause — each pinging every 20 s as clients
 * do, then all closed. When registration is done it writes {@code -DreadyFile}, then waits {@code -DholdSeconds}
 * so the benchmark can take the baseline heap with every device registered and no socket open.
 * {@code -Dtarget=peerjs} holds PeerJS sockets instead (heartbeat every 20 s).
 */
public class IdleSocketsSimulation extends Simulation {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final boolean peerJs = "peerjs".equalsIgnoreCase(System.getProperty("target", "hushcall"));
    private final int sockets = Integer.getInteger("sockets", 19_000);
    private final int first = Integer.getInteger("first", 10_000);
    private final int openRate = Integer.getInteger("openRate", 500);
    private final Duration hold = Duration.ofSeconds(Long.getLong("holdSeconds", 20));
    private final PayloadPool pool = Runs.payloads();
    private final UserPool users = new UserPool();
    /** When every socket closes: set once registration is over, read by every virtual user. */
    private volatile long closeAtMillis = Long.MAX_VALUE;

    {
        // Gatling 3.15 ends the whole injection at once when a ramp lasts under a second: never shorter.
        Duration firstOpen = Duration.ofMillis(Math.max(1000L, 1000L * first / openRate));
        Duration restOpen = Duration.ofMillis(Math.max(1000L, 1000L * (sockets - first) / openRate));
        ScenarioBuilder idle = peerJs
                ? scenario("idle sockets (PeerJS)")
                        .exec(session -> session.set("callee1Peer", "idle-" + session.userId()))
                        .exec(PeerJsRequests.connect("callee1", parameters.timeout()))
                        .exec(holdOpen(PeerJsRequests.heartbeat("callee1")))
                        .exec(PeerJsRequests.close("callee1"))
                : scenario("idle sockets").feed(users.feeder())
                        .exec(session -> session.set("callerToken", session.getString("token"))
                                .set("callerDevice", session.getInt("device")))
                        // The ticket's HTTP connection closes, as an idle device's does once the server's HTTP
                        // idle timeout passes: left open, it would be counted as the socket's heap.
                        .exec(HushcallRequests.ticket("caller", parameters.baseUrl()).header("Connection", "close"),
                                HushcallRequests.connect("caller", parameters.baseUrl(), "connect"))
                        .exec(holdOpen(HushcallRequests.ping("caller", parameters.timeout())))
                        .exec(HushcallRequests.close("caller"))
                        .exec(users.release());
        setUp(idle.injectOpen(
                nothingFor(hold),
                rampUsers(first).during(firstOpen),
                nothingFor(hold),
                rampUsers(sockets - first).during(restOpen)))
                .protocols(Runs.protocol(parameters, pool))
                .assertions(details("connect").failedRequests().count().is(0L));
    }

    private ChainBuilder holdOpen(io.gatling.javaapi.core.ActionBuilder keepAlive) {
        return asLongAs(session -> System.currentTimeMillis() < closeAtMillis).on(
                pause(session -> Duration.ofMillis(Math.max(0,
                        Math.min(KEEP_ALIVE.toMillis(), closeAtMillis - System.currentTimeMillis()))))
                        .exec(exec(keepAlive)));
    }

    @Override
    public void before() {
        if (!peerJs) {
            users.registerSingles(parameters.baseUrl(), sockets, pool);
        }
        long openMillis = 1000L * sockets / openRate;
        // Baseline pause, first cohort, pause, the rest, a final pause to measure, a little slack.
        closeAtMillis = System.currentTimeMillis() + openMillis + hold.toMillis() * 3 + 5_000;
        Runs.signalReady("registered " + users.size());
    }
}
