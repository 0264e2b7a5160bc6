package dev.hushcall.client.api;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Carries one REST request and brings back the response. {@link HushcallApi} builds every request (path,
 * bearer token, JSON body) and reads every response, so an implementation only moves text. The default is
 * {@link JdkHttpTransport} ({@code java.net.http}); Android has no {@code java.net.http}, so an app there
 * adapts its own client, e.g. OkHttp: build a {@code Request} from {@link Request#method()},
 * {@link Request#uri()}, {@link Request#headers()} and {@link Request#body()} (JSON, null when there is none),
 * run {@code newCall(...).execute()}, return its code and body text. Timeouts are the implementation's.
 */
@FunctionalInterface
public interface HttpTransport {

    /**
     * Sends {@code request} and blocks for the response, whatever its status.
     *
     * @throws IOException when the server cannot be reached or does not answer in time; the SDK reports
     *                     {@code unavailable}
     */
    Response execute(Request request) throws IOException;

    /**
     * One request. {@code headers} holds the bearer token, so {@link #toString()} leaves them (and the body)
     * out of logs.
     *
     * @param body JSON text, or null for a request without a body
     */
    record Request(String method, URI uri, Map<String, String> headers, String body) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Request[" + method + " " + uri.getRawPath() + "]";
        }
    }

    /** @param body the response text; empty, never null, when there is none */
    record Response(int status, String body) {

        public Response {
            body = body == null ? "" : body;
        }
    }
}
