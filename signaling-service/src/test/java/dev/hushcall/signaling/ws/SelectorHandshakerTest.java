package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.ExtensionStack;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.Negotiated;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.junit.jupiter.api.Test;

/**
 * What a socket tells the selector when it waits for bytes: how the selector may run it. The handshake itself is
 * checked over a real connection ({@code UpgradeHandshakeIT}) and by every socket test of the embedded node.
 */
class SelectorHandshakerTest {

    private final WebSocketComponents components = new WebSocketComponents();
    /** The callback each connection last registered for read readiness. */
    private final AtomicReference<Callback> readInterest = new AtomicReference<>();

    @Test
    void aSocketItMakesAsksToBeReadOnTheSelectorThread() {
        WebSocketConnection connection = selectorConnection(session());

        connection.fillInterested();

        assertThat(readInterest.get().getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);
    }

    @Test
    void jettysOwnSocketAsksToBeReadOnAPoolThread() {
        WebSocketConnection connection = new WebSocketConnection(endPoint(), Runnable::run,
                new ScheduledExecutorScheduler(), new ArrayByteBufferPool(), session());

        connection.fillInterested();

        assertThat(readInterest.get().getInvocationType()).isEqualTo(InvocationType.BLOCKING);
    }

    @Test
    void theSessionWritesThroughTheConnectionItWasGiven() {
        WebSocketCoreSession session = session();

        WebSocketConnection connection = selectorConnection(session);

        assertThat(session.getConnection()).isSameAs(connection);
    }

    private WebSocketConnection selectorConnection(WebSocketCoreSession session) {
        return new SelectorHandshaker().newWebSocketConnection(endPoint(), Runnable::run,
                new ScheduledExecutorScheduler(), new ArrayByteBufferPool(), session);
    }

    private WebSocketCoreSession session() {
        ExtensionStack noExtensions = new ExtensionStack(components, Behavior.SERVER);
        noExtensions.negotiate(List.of(), List.of());
        return new WebSocketCoreSession(new IgnoringHandler(), Behavior.SERVER, Negotiated.from(noExtensions),
                components);
    }

    /** An end point that records read interest and answers everything else with nothing. */
    private EndPoint endPoint() {
        return (EndPoint) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EndPoint.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fillInterested")) {
                        readInterest.set((Callback) args[0]);
                    }
                    Class<?> type = method.getReturnType();
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == int.class) {
                        return 0;
                    }
                    return type == long.class ? 0L : null;
                });
    }

    private static final class IgnoringHandler implements FrameHandler {
        @Override
        public void onOpen(CoreSession session, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus status, Callback callback) {
            callback.succeeded();
        }
    }
}
