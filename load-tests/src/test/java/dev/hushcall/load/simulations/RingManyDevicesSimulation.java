package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.chains.HushcallCall;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.fixtures.UserPool;
import io.gatling.javaapi.core.Simulation;

/**
 * "Ring many devices": the callee has three devices online; the offer carries three first messages, all three ring,
 * device 1 answers, and the other two must hear {@code answered_elsewhere}, exactly once each.
 */
public class RingManyDevicesSimulation extends Simulation {

    static final int CALLEE_DEVICES = 3;

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final PayloadPool pool = Runs.payloads();
    private final UserPool users = new UserPool();

    {
        setUp(scenario("ring many devices").feed(users.feeder())
                .exec(new HushcallCall(parameters, pool, CALLEE_DEVICES, 0).chain()).exec(users.release())
                .injectOpen(parameters.profile().injection(parameters.userRate(), parameters.duration())))
                .protocols(Runs.protocol(parameters, pool))
                .assertions(Runs.verdict(parameters));
    }

    @Override
    public void before() {
        users.registerPairs(parameters.baseUrl(), parameters.pairs(), CALLEE_DEVICES, pool);
        Runs.signalReady("registered " + users.size());
    }

    @Override
    public void after() {
        if (users.sharedRecords() > 0) {
            System.out.println(users.sharedRecords() + " calls shared a device with a call in flight: raise -Dpairs");
        }
    }
}
