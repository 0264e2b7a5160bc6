package dev.hushcall.signaling.webclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a Node.js script of web-client/ as a child process and fails the test with its output unless it exits
 * 0. Scripts end with a line {@code RESULT {json}}, which is returned for further checks.
 */
final class NodeScript {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NodeScript() {
    }

    /** web-client/, found from the module directory Maven runs tests in, or from the repository root. */
    static Path webClient() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate : List.of(here.resolveSibling("web-client"), here.resolve("web-client"))) {
            if (Files.isDirectory(candidate.resolve("node_modules"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("web-client/ with node_modules not found from " + here
                + ": build it first (mvn install -pl web-client, or npm ci in web-client/)");
    }

    /** Where screenshots and logs of browser tests go. */
    static Path output() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "web-client-e2e"));
    }

    static JsonNode run(Map<String, String> environment, long timeoutSeconds, String... arguments)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(output(), "node-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command(arguments))
                .directory(webClient().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("node " + String.join(" ", arguments) + " did not finish in " + timeoutSeconds
                    + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new AssertionError("node " + String.join(" ", arguments) + " exited " + process.exitValue() + ":\n"
                    + output);
        }
        return output.lines().filter(line -> line.startsWith("RESULT ")).reduce((first, second) -> second)
                .map(line -> JSON.readTree(line.substring("RESULT ".length())))
                .orElseThrow(() -> new AssertionError("no RESULT line from node:\n" + output));
    }

    private static List<String> command(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("node"));
        command.addAll(List.of(arguments));
        return command;
    }
}
