package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.ratelimit.FrameRate;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.ws.MessageParts.Message;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One device's socket as Jetty's WebSocket core delivers it: opened, frames in (a message's frames joined, then to the
 * dispatcher), closed. Jetty hands a socket one frame at a time, the next only once this one is done and more is
 * asked for ({@link CoreSession#demand()}).
 *
 * <p>This sits on Jetty's WebSocket core rather than its WebSocket API on purpose: the API layer decodes text a byte
 * at a time, calls the endpoint through method handles and completes a future per frame, which together were ~7 % of
 * the embedded node's CPU in the call set-up benchmark (docs/benchmarks.md); here a message costs one copy and one
 * decode ({@link MessageParts}).
 */
final class DeviceSocket implements FrameHandler {

    /** Close code for a socket opened without a valid ticket. */
    static final int CLOSE_UNAUTHORIZED = 4401;
    /** Close code (RFC 6455 "Try Again Later") when the service cannot reach its storage. */
    static final int CLOSE_TRY_AGAIN = CloseStatus.TRY_AGAIN_LATER;
    /**
     * Close code (RFC 6455 "Policy Violation") for a socket that went on sending through its frame limit's refusals,
     * or opened from an address refused for failed sign-ins.
     */
    static final int CLOSE_POLICY = CloseStatus.POLICY_VIOLATION;
    /** Close code for a socket of a device that was deleted or re-registered; sent by the revocation too. */
    static final int CLOSE_REVOKED = DeviceConnection.CLOSE_REVOKED;

    private static final Logger log = LoggerFactory.getLogger(DeviceSocket.class);
    private static final ProtocolException NOT_TEXT = new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "frames are JSON text; a binary message was not read");

    private final DeviceAddress device;
    private final long generation;
    private final ProtocolException refusal;
    private final SocketServices services;
    private final MessageParts parts;
    private final FrameRate frameRate;
    private CoreSession session;
    /** Null before the socket opens, once it has closed, and for a refused socket. */
    private volatile SocketConnection connection;

    private DeviceSocket(DeviceAddress device, long generation, ProtocolException refusal, SocketServices services) {
        this.device = device;
        this.generation = generation;
        this.refusal = refusal;
        this.services = services;
        this.parts = new MessageParts(ProtocolJson.MAX_FRAME_CHARS, services.properties().maxMessageBytes());
        this.frameRate = refusal == null ? services.limits().newFrameRate() : null;
    }

    static DeviceSocket of(DeviceAddress device, long generation, SocketServices services) {
        return new DeviceSocket(device, generation, null, services);
    }

    /** A socket that only says why it may not be used, then closes. */
    static DeviceSocket refused(ProtocolException why, SocketServices services) {
        return new DeviceSocket(null, 0, why, services);
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.session = session;
        if (refusal != null) {
            SocketConnection.sendText(session, Dispatcher.errorFrame(refusal, null), Callback.NOOP);
            int code = switch (refusal.code()) {
                case UNAVAILABLE -> CLOSE_TRY_AGAIN;
                case RATE_LIMITED -> CLOSE_POLICY;
                default -> CLOSE_UNAUTHORIZED;
            };
            session.close(code, refusal.code().wireName(), Callback.NOOP);
            callback.succeeded();
            return;
        }
        SocketConnection opened = new SocketConnection(device, generation, session, services.newSendWindow(),
                services.timers());
        log.debug("{} connected", device);
        try {
            services.router().attach(opened);
            connection = opened;
        } catch (Connections.Revoked e) {
            // Deleted or re-registered between the ticket's check and now: nothing was replayed to it.
            log.debug("{} was revoked while connecting", device);
            opened.close(CLOSE_REVOKED, "device revoked");
        } catch (Unavailable e) {
            log.warn("{} could not connect: {}", device, e.getMessage());
            opened.reply(Dispatcher.errorFrame(Dispatcher.UNAVAILABLE, null));
            services.router().detach(opened);
            opened.close(CLOSE_TRY_AGAIN, "unavailable");
        }
        callback.succeeded();
        session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> onData(frame, callback);
            case OpCode.PING -> {
                Frame pong = new Frame(OpCode.PONG).setPayload(BufferUtil.copy(frame.getPayload()));
                callback.succeeded();
                session.sendFrame(pong, Callback.NOOP, false);
                session.demand();
            }
            case OpCode.CLOSE -> {
                // Jetty answers the close once this returns, then reports the socket closed.
                if (detach()) {
                    log.debug("{} closed its socket", device);
                }
                callback.succeeded();
            }
            default -> {
                callback.succeeded();
                session.demand();
            }
        }
    }

    /**
     * A message may arrive in several frames, joined up to the protocol's cap; one over the cap is answered with
     * {@code frame_too_large} and the socket stays open, one over {@code hushcall.ws.max-message-bytes} closes it.
     */
    private void onData(Frame frame, Callback callback) {
        Message message = parts.add(frame);
        callback.succeeded();
        SocketConnection open = connection;
        if (open != null && open.isRevoked()) {
            // Closing with 4410: whatever the device still sends was sent by a device that no longer exists.
            open = null;
        }
        if (parts.overLimit()) {
            closeBecause(CloseStatus.MESSAGE_TOO_LARGE, "message over the size limit");
        } else if (message instanceof Message.NotUtf8) {
            closeBecause(CloseStatus.BAD_PAYLOAD, "text that is not UTF-8");
        } else if (message != null && open != null && admit(open, message)) {
            handleAdmitted(open, message);
        }
        session.demand();
    }

    /**
     * Every whole message counts against the socket's frame and byte rates, whatever it holds. Over either it is
     * answered {@code rate_limited} unread but for its id; a socket that sends on through many refusals is closed with
     * 1008.
     */
    private boolean admit(SocketConnection open, Message message) {
        switch (frameRate.admit(parts.messageBytes())) {
            case HANDLE -> {
                return true;
            }
            case REFUSE -> {
                open.reply(services.dispatcher().refuse(device, frameRate.refusal(), refOf(message)));
                return false;
            }
            default -> {
                closeBecause(CLOSE_POLICY, "frames past the rate limit");
                return false;
            }
        }
    }

    /**
     * The id of a message refused before it was handled, so the device can tell which frame to send again: read from
     * its first {@link MessageParts#HEAD_BYTES} bytes only (ids come first), so a refusal stays cheap. A binary
     * message has none.
     */
    private static String refOf(Message message) {
        if (message instanceof Message.Text text) {
            return ProtocolJson.refOf(text.text(), MessageParts.HEAD_BYTES);
        }
        return message instanceof Message.TooLarge tooLarge
                ? ProtocolJson.refOf(tooLarge.head(), MessageParts.HEAD_BYTES) : null;
    }

    private void handleAdmitted(SocketConnection open, Message message) {
        if (message instanceof Message.Text text) {
            handle(open, text.text());
        } else if (message instanceof Message.TooLarge tooLarge) {
            open.reply(services.dispatcher().refuse(device, new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame is " + tooLarge.bytes() + " bytes; the limit is " + ProtocolJson.MAX_FRAME_CHARS),
                    refOf(tooLarge)));
        } else if (message instanceof Message.Binary) {
            open.reply(services.dispatcher().refuse(device, NOT_TEXT, null));
        }
    }

    /**
     * Closes the socket over what the device sent, an error close: Jetty ends the connection without waiting for the
     * device's answer. The device is unreachable through the socket from here on, and frames already read behind the
     * bad one are not handled.
     */
    private void closeBecause(int code, String reason) {
        if (detach()) {
            log.debug("closing the socket of {}: {}", device, reason);
            session.close(code, reason, Callback.NOOP);
        }
    }

    private void handle(SocketConnection open, String frame) {
        services.drain().enter();
        MDC.put("device", device.toString());
        try {
            String reply = services.dispatcher().handle(device, frame);
            if (reply != null) {
                open.reply(reply);
            }
        } finally {
            MDC.remove("device");
            services.drain().exit();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.debug("socket transport error: {}", cause.getClass().getSimpleName());
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        if (detach()) {
            log.debug("{} disconnected ({})", device, status.getCode());
        }
        callback.succeeded();
    }

    /** Makes the device unreachable through this socket; once, whether its close frame or its end comes first. */
    private synchronized boolean detach() {
        SocketConnection closing = connection;
        if (closing == null) {
            return false;
        }
        connection = null;
        services.router().detach(closing);
        return true;
    }
}
