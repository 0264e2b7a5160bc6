package dev.hushcall.load;

import java.time.Duration;

/**
 * Every knob of a run, read once from {@code -D} properties (the gatling-maven-plugin passes them to the
 * forked JVM): {@code mvn gatling:test -Dgatling.simulationClass=… -Dprofile=steady -Drate=1000 -Dduration=60}.
 *
 * @param baseUrl      the service (or PeerJS server) under test; ignored when the smoke starts its own service
 * @param calleeBaseUrl where callee devices connect: another node of the same service makes every call cross
 *                     nodes (two-node benchmark rows); by default the same as {@code baseUrl}
 * @param profile      the shape of the offered load
 * @param rate         call set-ups started per second at the plateau
 * @param duration     length of the plateau (ramp: of the ramp; stress: of each step)
 * @param pairs        caller/callee pairs registered before the run and reused in turn; must exceed the calls in
 *                     flight at once, or a device would be asked to hold two sockets
 * @param p99Millis    the verdict: offer → answer p99 must stay under this
 * @param maxFailedPct the verdict: at most this share of requests may fail
 * @param timeout      how long any one expected frame may take before its check fails
 * @param callsPerConnection calls each virtual user places on the same two sockets before closing them: 1 (default)
 *                     is a cold call set-up, devices connecting for the call; more is the app pattern of devices
 *                     that stay connected, so the rate is still call set-ups per second but sockets open 1/n as often
 */
public record LoadParameters(String baseUrl, String calleeBaseUrl, LoadProfile profile, double rate, Duration duration, int pairs,
                             int p99Millis, double maxFailedPct, Duration timeout, int callsPerConnection) {

    public static LoadParameters fromSystemProperties() {
        LoadProfile profile = LoadProfile.valueOf(System.getProperty("profile", "smoke").toUpperCase());
        double rate = Double.parseDouble(System.getProperty("rate", String.valueOf(profile.defaultRate())));
        Duration duration = Duration.ofSeconds(Long.getLong("duration", profile.defaultDuration().toSeconds()));
        // Two seconds of calls: a pair comes round again after two seconds, long after a healthy call is over.
        int defaultPairs = (int) Math.min(5_000, Math.max(200, Math.ceil(rate * 2)));
        String baseUrl = System.getProperty("baseUrl", "http://localhost:8080");
        return new LoadParameters(
                baseUrl,
                System.getProperty("calleeBaseUrl", baseUrl),
                profile,
                rate,
                duration,
                Integer.getInteger("pairs", defaultPairs),
                Integer.getInteger("p99Millis", 100),
                Double.parseDouble(System.getProperty("maxFailedPct", "0.1")),
                Duration.ofMillis(Long.getLong("timeoutMillis", 5_000)),
                Math.max(1, Integer.getInteger("callsPerConnection", 1)));
    }

    /** Virtual users started per second at the plateau: each places {@link #callsPerConnection} calls. */
    public double userRate() {
        return rate / callsPerConnection;
    }

    /** Where {@code role}'s device connects: callee devices to {@code calleeBaseUrl}, the caller to {@code baseUrl}. */
    public String baseUrlOf(String role) {
        return role.startsWith("callee") ? calleeBaseUrl : baseUrl;
    }

    public static String wsUrl(String httpUrl) {
        return httpUrl.replaceFirst("^http", "ws");
    }
}
