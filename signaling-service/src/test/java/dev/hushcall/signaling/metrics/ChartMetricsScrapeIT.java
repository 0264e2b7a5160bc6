package dev.hushcall.signaling.metrics;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import dev.hushcall.signaling.turn.TurnProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The metric names the Helm chart's alerts and dashboard may use come from a real scrape, not from a list kept by
 * hand (issue 17: an alert on a histogram the service never published passed its test). A node on a real Redis,
 * probing a real coturn, carries a call and an error; its {@code hushcall_*} sample names must equal
 * {@code helm/tests/scraped-metric-names.txt}, which the chart tests read, and every name the chart's rules and
 * dashboard use must be in the scrape. After a metric change, rewrite the file with
 * {@code HUSHCALL_WRITE_METRIC_NAMES=1} in the environment and review its diff.
 */
@ServiceTest
@DirtiesContext
class ChartMetricsScrapeIT {

    static final String SECRET = "hushcall-scrape-it-turn-secret-0123456789";

    /** A sample's name: what PromQL selects, e.g. hushcall_calls_setup_seconds_bucket. */
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    /** Names the chart's rules and dashboard use: the service's own, and the JVM and process ones Micrometer adds. */
    private static final Pattern CHART_NAME = Pattern.compile("\\b(?:hushcall|jvm|process|jetty|system)_[a-z0-9_]+");

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    static final Coturn coturn = Coturn.test(SECRET);

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("hushcall.redis.url", redis::url);
        registry.add("hushcall.turn.secrets", () -> SECRET);
        registry.add("hushcall.turn.uris", coturn::uri);
        registry.add("hushcall.turn.probe.interval", () -> "1s");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TurnProbe probe;

    static Path repository;

    @BeforeAll
    static void findRepository() {
        repository = Coturn.turnConfig().getParent();
    }

    @Test
    void theChartUsesOnlyMetricsAScrapeShowsAndTheNameListIsThatScrape() throws Exception {
        String scrape = scrapeAfterTraffic();
        SortedSet<String> scraped = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            scraped.add(m.group(1));
        }

        SortedSet<String> ours = scraped.stream().filter(n -> n.startsWith("hushcall_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).as("the Redis command timer is a histogram")
                .contains("hushcall_redis_command_seconds_bucket", "hushcall_turn_probe_latency_seconds_bucket");
        Path list = repository.resolve("helm/tests/scraped-metric-names.txt");
        if (System.getenv("HUSHCALL_WRITE_METRIC_NAMES") != null) {
            write(list, ours);
        }
        assertThat(read(list)).as(list + " is this scrape's hushcall_* names; rewrite it with "
                + "HUSHCALL_WRITE_METRIC_NAMES=1 and review the diff").containsExactlyElementsOf(ours);

        Set<String> used = new TreeSet<>();
        for (String file : List.of("helm/hushcall/templates/prometheusrule.yaml", "helm/hushcall/files/dashboards/hushcall.json")) {
            Matcher names = CHART_NAME.matcher(Files.readString(repository.resolve(file)));
            while (names.find()) {
                used.add(names.group());
            }
        }
        assertThat(used).as("names the chart's alerts and dashboard use").contains("hushcall_redis_command_seconds_bucket");
        assertThat(scraped).as("the scrape").containsAll(used);
    }

    /** A call with ICE and a hangup, an error, a key bundle and TURN credentials, a TURN probe round, a GC. */
    private String scrapeAfterTraffic() throws Exception {
        TestDevices devices = new TestDevices(port);
        try (Phone a = Phone.connected(port, devices, "scrape-alice"); Phone b = Phone.connected(port, devices, "scrape-bob")) {
            CallHandle call = a.client().placeCall("scrape-bob", Sdp.audio("scrape"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);
            b.client().answer(call.callId(), Sdp.audio("scrape-answer")).get(10, TimeUnit.SECONDS);
            a.await(ANSWER);
            a.client().sendIce(call.callId(), Sdp.candidate("192.0.2.1", 1)).get(10, TimeUnit.SECONDS);
            b.await(ICE);
            a.client().turnCredentials();
            a.client().hangup(call.callId()).get(10, TimeUnit.SECONDS);
            b.awaitEnded(call.callId());
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/v1/keys/nobody-here"))
                    .header("Authorization", "Bearer " + devices.token("scrape-alice")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!probe.lastResult().map(TurnProbe.Result::healthy).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(probe.lastResult()).as("a TURN probe round succeeded").hasValueSatisfying(r -> assertThat(r.healthy()).isTrue());
        // The dashboard shows GC pauses; a young collection may not have happened yet in a short run.
        System.gc();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> read(Path list) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        return names;
    }

    private static void write(Path list, SortedSet<String> names) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# The service's hushcall_* sample names from a real scrape after a call on Redis with a TURN probe:");
        lines.add("# written by signaling-service's ChartMetricsScrapeIT (HUSHCALL_WRITE_METRIC_NAMES=1), which fails");
        lines.add("# when the scrape and this list differ. helm/tests check the chart's alerts and dashboard against it.");
        lines.addAll(names);
        Files.write(list, lines);
    }
}
