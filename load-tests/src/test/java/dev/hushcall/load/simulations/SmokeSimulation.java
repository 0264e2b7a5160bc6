package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.LoadProfile;
import dev.hushcall.load.chains.HushcallCall;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.fixtures.ServiceProcess;
import dev.hushcall.load.fixtures.UserPool;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CI smoke, run by `mvn verify`: starts the service jar on a free port with the dev profile, puts a few calls of
 * each kind through it (plain, ring many devices, reconnect storm with every socket dropping, devices that stay
 * connected for three calls), and stops it. The
 * assertions are the verdict: no failed request at all, and a generous latency bound for a cold JVM.
 */
public class SmokeSimulation extends Simulation {

    private static final Duration RUN = LoadProfile.SMOKE.defaultDuration();

    private final ServiceProcess service = ServiceProcess.onFreePort(Path.of(System.getProperty("hushcall.serviceJar",
            "../signaling-service/target/signaling-service-0.1.0-SNAPSHOT.jar")));
    private final LoadParameters parameters = new LoadParameters(service.baseUrl(), service.baseUrl(), LoadProfile.SMOKE, 2, RUN, 12,
            2_000, 0.0, Duration.ofSeconds(5), 1);
    /** Devices that stay connected: three calls on the same two sockets. */
    private final LoadParameters staying = new LoadParameters(service.baseUrl(), service.baseUrl(), LoadProfile.SMOKE, 3,
            RUN, 12, 2_000, 0.0, Duration.ofSeconds(5), 3);
    private final PayloadPool pool = Runs.payloads();
    private final UserPool pairs = new UserPool();
    private final UserPool ringMany = new UserPool();

    {
        setUp(
                scenario("call set-up").feed(pairs.feeder())
                        .exec(new HushcallCall(parameters, pool, 1, 0).chain()).exec(pairs.release())
                        .injectOpen(constantUsersPerSec(2).during(RUN)),
                scenario("ring many devices").feed(ringMany.feeder())
                        .exec(new HushcallCall(parameters, pool, RingManyDevicesSimulation.CALLEE_DEVICES, 0).chain())
                        .exec(ringMany.release())
                        .injectOpen(constantUsersPerSec(1).during(RUN)),
                scenario("reconnect storm").feed(pairs.feeder())
                        .exec(new HushcallCall(parameters, pool, 1, 1.0).chain()).exec(pairs.release())
                        .injectOpen(constantUsersPerSec(1).during(RUN)),
                scenario("devices stay connected").feed(pairs.feeder())
                        .exec(new HushcallCall(staying, pool, 1, 0).chain()).exec(pairs.release())
                        .injectOpen(constantUsersPerSec(staying.userRate()).during(RUN)))
                .protocols(Runs.protocol(parameters, pool))
                .assertions(Runs.verdict(parameters));
    }

    @Override
    public void before() {
        service.start();
        pairs.registerPairs(parameters.baseUrl(), parameters.pairs(), 1, pool);
        ringMany.registerPairs(parameters.baseUrl(), parameters.pairs(), RingManyDevicesSimulation.CALLEE_DEVICES, pool);
    }

    @Override
    public void after() {
        service.stop();
    }
}
