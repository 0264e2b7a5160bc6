package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;

/** When the frames a thread sends are written: at once, or together once the thread's batch is done. */
class WriteBatchTest {

    /** What the sessions were asked to do, in order, across all of them. */
    private final List<String> calls = new ArrayList<>();
    private final CoreSession alice = session("alice");
    private final CoreSession bob = session("bob");

    private CoreSession session(String name) {
        return (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendFrame" -> {
                        calls.add(name + " " + ((Frame) args[0]).getPayloadAsUTF8()
                                + ((boolean) args[2] ? " batched" : " written"));
                        yield null;
                    }
                    case "flush" -> {
                        calls.add(name + " flush");
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void send(CoreSession session, String text) {
        WriteBatch.send(session, new Frame(OpCode.TEXT, text), Callback.NOOP);
    }

    @Test
    void aFrameSentWithNoBatchOpenIsWrittenAtOnce() {
        send(alice, "a1");

        assertThat(calls).containsExactly("alice a1 written");
    }

    @Test
    void framesSentInABatchAreJoinedAndEachSocketIsFlushedOnceWhenItIsDone() {
        WriteBatch.around(() -> {
            send(alice, "a1");
            send(bob, "b1");
            send(alice, "a2");
            assertThat(calls).as("nothing flushed while the batch is open").noneMatch(c -> c.endsWith("flush"));
        });

        assertThat(calls).containsExactly("alice a1 batched", "bob b1 batched", "alice a2 batched",
                "alice flush", "bob flush");
    }

    @Test
    void aBatchOpenedInsideAnotherIsFlushedWithTheOuterOne() {
        WriteBatch.around(() -> {
            WriteBatch.around(() -> send(alice, "a1"));
            assertThat(calls).containsExactly("alice a1 batched");
        });

        assertThat(calls).containsExactly("alice a1 batched", "alice flush");
    }

    @Test
    void aBatchWhoseWorkFailsIsStillFlushedAndClosed() {
        assertThatThrownBy(() -> WriteBatch.around(() -> {
            send(alice, "a1");
            throw new IllegalStateException("handling failed");
        })).hasMessage("handling failed");

        send(alice, "a2");

        assertThat(calls).containsExactly("alice a1 batched", "alice flush", "alice a2 written");
    }
}
