package dev.hushcall.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.chains.HushcallCall;
import dev.hushcall.load.chains.PeerJsCall;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.fixtures.UserPool;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Call set-up: each virtual user is one call between two devices, offer → answer measured as one request.
 * {@code -Dtarget=peerjs} runs the same call against the PeerJS server instead (no users to register there).
 * {@code -DcallsPerConnection=10}: each virtual user places ten calls on sockets that stay open, as apps do.
 *
 * <pre>mvn -pl load-tests gatling:test -Dgatling.simulationClass=dev.hushcall.load.simulations.CallSetupSimulation \
 *     -DbaseUrl=http://localhost:8080 -Dprofile=steady -Drate=1000 -Dduration=30</pre>
 */
public class CallSetupSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final boolean peerJs = "peerjs".equalsIgnoreCase(System.getProperty("target", "hushcall"));
    private final PayloadPool pool = Runs.payloads();
    private final UserPool users = new UserPool();

    {
        ScenarioBuilder call = peerJs
                ? scenario("call set-up (PeerJS)")
                        .exec(new PeerJsCall(pool, parameters.timeout(), parameters.callsPerConnection()).chain())
                : scenario("call set-up").feed(users.feeder())
                        .exec(new HushcallCall(parameters, pool, 1, 0).chain()).exec(users.release());
        setUp(call.injectOpen(parameters.profile().injection(parameters.userRate(), parameters.duration())))
                .protocols(Runs.protocol(parameters, pool))
                .assertions(Runs.verdict(parameters));
    }

    @Override
    public void before() {
        if (!peerJs) {
            users.registerPairs(parameters.baseUrl(), parameters.pairs(), 1, pool);
            System.out.println("registered " + users.size() + " caller/callee pairs");
        }
        Runs.signalReady("registered " + users.size());
    }

    @Override
    public void after() {
        if (users.sharedRecords() > 0) {
            System.out.println(users.sharedRecords() + " calls shared a device with a call in flight: raise -Dpairs");
        }
    }
}
