package dev.hushcall.signaling.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.Coturn;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's layers, without a container engine (none on CI): the Dockerfile's own extract command runs on the
 * jar this build packaged, its COPY lines are replayed into a directory, and the service starts there with the
 * Dockerfile's entry point. libsignal gets a layer of its own and the service's code one under a megabyte, so an
 * image whose code changed reuses the rest (issue 17: one 98 MB jar was shipped again on every change).
 */
class DockerfileLayersIT {

    private static final Pattern EXTRACT = Pattern.compile("(?m)^RUN (java -Djarmode=tools -jar /out/app\\.jar extract .*)$");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY --from=build \\S+ /out/layers/([a-z-]+)/ /app/$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"/app/(\\S+)\"\\]$");

    @TempDir
    Path dir;

    @Test
    void theDockerfilesLayersHoldLibsignalApartAndTheServiceStartsFromThem() throws Exception {
        String dockerfile = Files.readString(Coturn.turnConfig().getParent().resolve("Dockerfile"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.copy(packagedJar(), out.resolve("app.jar"));

        Matcher extract = EXTRACT.matcher(dockerfile);
        assertThat(extract.find()).as("the Dockerfile extracts the jar's layers").isTrue();
        List<String> command = new ArrayList<>(List.of(extract.group(1).replace("/out/", out + "/").split(" ")));
        command.set(0, java());
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();

        List<String> layers = new ArrayList<>();
        Path app = Files.createDirectories(dir.resolve("app"));
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            layers.add(copy.group(1));
            copyTree(out.resolve("layers").resolve(copy.group(1)), app);
        }
        assertThat(layers).as("COPY lines, least often changed first")
                .containsExactly("dependencies", "libsignal", "snapshot-dependencies", "application");
        assertThat(names(out.resolve("layers/libsignal/lib"))).singleElement().asString().startsWith("libsignal-client-linux-");
        assertThat(size(out.resolve("layers/application"))).as("the service's own code").isLessThan(1 << 20);
        assertThat(size(out.resolve("layers/snapshot-dependencies"))).as("the other modules").isLessThan(2 << 20);

        Matcher entrypoint = ENTRYPOINT.matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        startsAndAnswers(app, entrypoint.group(1));
    }

    private void startsAndAnswers(Path app, String jar) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Process service = new ProcessBuilder(java(), "-Xmx256m", "-jar", jar, "--server.port=" + port,
                "--management.server.port=" + managementPort)
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int status = 0;
            while (status != 200 && service.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livez")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    status = 0;
                }
            }
            assertThat(status).as(Files.readString(dir.resolve("service.log"))).isEqualTo(200);
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }

    /** The jar this build's package phase made (failsafe runs after it). */
    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("signaling-service-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar")).findFirst().orElseThrow();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
