package dev.hushcall.signaling.presence;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** This process's name among the nodes: new at every start, so a restarted node never inherits stale presence. */
@Component
public class NodeId {

    private final String value = UUID.randomUUID().toString().substring(0, 13);

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
