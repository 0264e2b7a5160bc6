package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.scheduling.annotation.Scheduled;

/** Frame ids seen per device, for the embedded default; swept every 10 seconds. */
public class MemoryReplyCache implements ReplyCache {

    private record Key(DeviceAddress device, String frameId) {
    }

    private final ConcurrentMap<Key, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryReplyCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstTime(DeviceAddress device, String frameId, Instant expiresAt) {
        Instant now = clock.instant();
        Key key = new Key(device, frameId);
        AtomicBoolean first = new AtomicBoolean();
        seen.compute(key, (k, old) -> {
            if (old != null && old.isAfter(now)) {
                return old;
            }
            first.set(true);
            return expiresAt;
        });
        return first.get();
    }

    @Override
    public void forget(DeviceAddress device, String frameId) {
        seen.remove(new Key(device, frameId));
    }

    @Scheduled(fixedDelayString = "PT10S")
    void sweep() {
        Instant now = clock.instant();
        seen.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
    }
}
