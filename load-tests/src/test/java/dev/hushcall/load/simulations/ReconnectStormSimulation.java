package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.chains.HushcallCall;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.fixtures.UserPool;
import io.gatling.javaapi.core.Simulation;

/**
 * "Reconnect storm": 10 % of sockets (-DdropShare) drop mid-call, while frames for them are in flight, and resume
 * with a new ticket. Every frame must still arrive exactly once (de-duplicated by server id) and every call complete.
 * At 1,000 calls/s that is 200 drops and resumes a second on top of the calls.
 */
public class ReconnectStormSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final double dropShare = Double.parseDouble(System.getProperty("dropShare", "0.1"));
    private final PayloadPool pool = Runs.payloads();
    private final UserPool users = new UserPool();

    {
        setUp(scenario("reconnect storm").feed(users.feeder())
                .exec(new HushcallCall(parameters, pool, 1, dropShare).chain()).exec(users.release())
                .injectOpen(parameters.profile().injection(parameters.userRate(), parameters.duration())))
                .protocols(Runs.protocol(parameters, pool))
                .assertions(Runs.verdict(parameters));
    }

    @Override
    public void before() {
        users.registerPairs(parameters.baseUrl(), parameters.pairs(), 1, pool);
        Runs.signalReady("registered " + users.size());
    }

    @Override
    public void after() {
        if (users.sharedRecords() > 0) {
            System.out.println(users.sharedRecords() + " calls shared a device with a call in flight: raise -Dpairs");
        }
    }
}
