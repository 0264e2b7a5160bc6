package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.scheduling.annotation.Scheduled;

/** Frame ids claimed per device, for the embedded default; swept every 10 seconds. */
public class MemoryReplyCache implements ReplyCache {

    private record Key(DeviceAddress device, String frameId) {
    }

    /** A claim: until when it is kept, and since when it is pending (null once done). */
    private record Entry(Instant expiresAt, Instant pendingSince) {
    }

    private final ConcurrentMap<Key, Entry> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryReplyCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claimed claim(DeviceAddress device, String frameId, Instant expiresAt, Instant now) {
        Claimed[] found = {Claimed.NEW};
        seen.compute(new Key(device, frameId), (k, old) -> {
            if (old != null && old.expiresAt().isAfter(now)) {
                if (old.pendingSince() == null) {
                    found[0] = Claimed.DONE;
                    return old;
                }
                long left = ReplyCache.leaseLeft(old.pendingSince().toEpochMilli(), now.toEpochMilli());
                if (left > 0) {
                    found[0] = new Claimed.Pending(left);
                    return old;
                }
            }
            return new Entry(expiresAt, now);
        });
        return found[0];
    }

    @Override
    public void done(DeviceAddress device, String frameId) {
        seen.computeIfPresent(new Key(device, frameId), (k, claim) -> new Entry(claim.expiresAt(), null));
    }

    @Override
    public void forget(DeviceAddress device, String frameId) {
        seen.remove(new Key(device, frameId));
    }

    @Scheduled(fixedDelayString = "PT10S")
    void sweep() {
        Instant now = clock.instant();
        seen.values().removeIf(claim -> !claim.expiresAt().isAfter(now));
    }
}
