package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.presence.Connections;
import org.springframework.stereotype.Component;

/** What the drain closes: every device socket on this node. */
@Component
class DrainingSockets implements Drain.SocketHolder {

    private final Connections connections;

    DrainingSockets(Connections connections) {
        this.connections = connections;
    }

    @Override
    public void closeAll(int code, String reason) {
        connections.all().forEach(connection -> connection.close(code, reason));
    }
}
