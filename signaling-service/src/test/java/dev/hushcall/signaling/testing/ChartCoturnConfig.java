package dev.hushcall.signaling.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * coturn's config as the Helm chart makes it in a pod: {@code helm template} renders the ConfigMap and the
 * init container's script, and the script runs here with the pod's addresses and the TURN secret, as the kubelet
 * would run it. Only the pod's file paths are moved into a run directory, and the ports come from the test.
 * Needs the helm that {@code helm/test-chart.sh} installs into {@code helm/.tools} (scripts/test runs it first).
 */
final class ChartCoturnConfig {

    private ChartCoturnConfig() {
    }

    static String render(Coturn.Ports ports, Path directory, String podIps, String secret, String... helmSet)
            throws Exception {
        Path repo = Coturn.turnConfig().getParent();
        Path helm = repo.resolve("helm/.tools/bin/helm");
        if (!Files.isExecutable(helm)) {
            throw new IllegalStateException("no " + helm + ": run helm/test-chart.sh (scripts/test does), which installs it");
        }
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", "t", repo.resolve("helm/hushcall").toString(),
                "--show-only", "templates/coturn-configmap.yaml", "--show-only", "templates/coturn.yaml",
                "--set", "coturn.listeningPort=" + ports.turn(),
                "--set", "coturn.tls.enabled=true", "--set", "coturn.tls.existingSecret=turn-tls",
                "--set", "coturn.tls.port=" + ports.tls(),
                "--set", "coturn.relayPorts.min=" + ports.minRelay(), "--set", "coturn.relayPorts.max=" + ports.maxRelay()));
        for (String value : helmSet) {
            command.add("--set");
            command.add(value);
        }
        String manifests = run(command, Map.of(), directory);

        String config = null;
        Map<String, Object> init = null;
        for (Object document : new Yaml(new LoaderOptions()).loadAll(manifests)) {
            Map<String, Object> object = map(document);
            if (object == null) {
                continue;
            }
            if ("ConfigMap".equals(object.get("kind"))) {
                config = (String) map(object.get("data")).get("turnserver.conf");
            } else if (object.get("spec") != null && map(map(object.get("spec")).get("template")) != null) {
                Map<String, Object> pod = map(map(map(object.get("spec")).get("template")).get("spec"));
                init = map(((List<?>) pod.get("initContainers")).get(0));
            }
        }
        if (config == null || init == null) {
            throw new IllegalStateException("helm rendered no coturn ConfigMap or workload: " + manifests);
        }

        // The pod's paths, moved into the run directory.
        Path template = directory.resolve("chart-template.conf");
        Path secrets = directory.resolve("secrets");
        Path result = directory.resolve("chart-turnserver.conf");
        Files.writeString(template, config.replace("/etc/coturn/tls/tls.crt", directory.resolve("cert.pem").toString())
                .replace("/etc/coturn/tls/tls.key", directory.resolve("key.pem").toString())
                .replace("/var/tmp/", directory + "/")
                .replace("/var/lib/coturn/", directory + "/"));
        Files.writeString(secrets, secret);
        String script = (String) ((List<?>) init.get("command")).get(2);
        script = script.replace("/etc/coturn/template/turnserver.conf", template.toString())
                .replace("/etc/coturn/secrets/secrets", secrets.toString())
                .replace("/run/coturn/turnserver.conf", result.toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of("POD_IPS", podIps));
        for (Object entry : (List<?>) init.get("env")) {
            Map<String, Object> variable = map(entry);
            if (variable.get("value") != null) {
                env.put((String) variable.get("name"), (String) variable.get("value"));
            }
        }
        run(List.of("/bin/sh", "-ec", script), env, directory);
        return Files.readString(result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** Runs {@code command}; its standard output, or an exception with its error output. */
    private static String run(List<String> command, Map<String, String> env, Path directory) throws Exception {
        Path errors = Files.createTempFile(directory, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(errors.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(errors) + output);
        }
        return output;
    }
}
