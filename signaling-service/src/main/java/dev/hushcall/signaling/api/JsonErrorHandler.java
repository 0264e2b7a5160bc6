package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ProtocolJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers, {@code {code, message}} like every other error of the service instead of an HTML page:
 * a request Jetty refuses before any handler sees it (malformed: 400; URI too long: 414; headers too large: 431), a
 * body over {@code hushcall.api.max-body-size} (413), and anything a handler in front of the servlet context answers
 * with {@link Response#writeError}. Jetty's reason is not sent: it can quote the request.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = ProtocolJson.mapper().writeValueAsString(ApiError.forStatus(code))
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
