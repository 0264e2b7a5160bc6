package dev.hushcall.signaling.webclient;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JavaScript Signal implementation of web-client/ in a Node.js child process, driven through its JSON-lines
 * CLI (web-client/tools/interop.mjs, documented in web-client/README.md). One process holds any number of devices.
 */
final class JsDevice implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private int nextId;

    JsDevice() throws IOException {
        process = new ProcessBuilder("node", "tools/interop.mjs")
                .directory(NodeScript.webClient().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code cmd} with alternating field names and values; fails unless the CLI answers ok. */
    JsonNode call(String cmd, Object... fields) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", Integer.toString(++nextId));
        command.put("cmd", cmd);
        for (int i = 0; i < fields.length; i += 2) {
            command.put((String) fields[i], fields[i + 1]);
        }
        in.write(JSON.writeValueAsString(command));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("interop.mjs exited");
        }
        JsonNode answer = JSON.readTree(line);
        if (!answer.get("ok").asBoolean()) {
            throw new AssertionError("JS " + cmd + " failed: " + answer.get("error"));
        }
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
