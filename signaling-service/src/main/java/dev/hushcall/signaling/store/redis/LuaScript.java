package dev.hushcall.signaling.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from {@code resources/lua}, called by SHA. The SHA is computed here, so no node needs the
 * script loaded in advance: the first EVALSHA on a node that lacks it falls back to EVAL, which caches it.
 * All keys of one call must share a hash slot (they carry the same {tag}).
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("no lua/" + name + ".lua on the classpath");
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script in the next shared round trip of {@code commit}. */
    Object run(GroupCommit commit, List<String> keys, List<String> args) {
        return commit.send(pipeline -> {
            Queued queued = queue(pipeline, keys, args);
            return () -> queued.get(commit);
        });
    }

    /**
     * Queues the script on {@code pipeline} by its SHA. Its result is read with {@link Queued#get}, which sends the
     * source instead when the node did not know the SHA: sending the source every time would cost Redis a SHA-1 of
     * it per call (call-create is 2 KB).
     */
    Queued queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
        return new Queued(pipeline.evalsha(sha, keys, args), keys, args);
    }

    /** A script's call queued on a pipeline; read it after the pipeline's {@code sync()}. */
    final class Queued {

        private final Response<Object> response;
        private final List<String> keys;
        private final List<String> args;

        private Queued(Response<Object> response, List<String> keys, List<String> args) {
            this.response = response;
            this.keys = keys;
            this.args = args;
        }

        /** The script's result; a node that lacked the script did not run it, so it runs now, by its source. */
        Object get(GroupCommit commit) {
            try {
                return response.get();
            } catch (JedisNoScriptException e) {
                return commit.redis().eval(source, keys, args);
            }
        }
    }

    String name() {
        return name;
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
