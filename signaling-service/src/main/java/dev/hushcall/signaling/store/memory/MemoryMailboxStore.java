package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.routing.MailboxStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Mailboxes of the embedded default: one insertion-ordered map per device, each guarded by itself.
 *
 * <p>Besides each device's {@link Capacity}, all mailboxes together hold at most {@code nodeBytes}: they live in this
 * node's heap, and per-device caps alone multiply by every device a few accounts can make ring. Past the budget a frame
 * is refused to its sender like one past its device's cap.
 */
public class MemoryMailboxStore implements MailboxStore {

    private final ConcurrentMap<DeviceAddress, Map<String, Envelope>> boxes = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long nodeBytes;

    public MemoryMailboxStore(long nodeBytes) {
        this.nodeBytes = nodeBytes;
    }

    public MemoryMailboxStore() {
        this(Long.MAX_VALUE);
    }

    @Override
    public boolean append(DeviceAddress device, Envelope envelope, Capacity capacity) {
        AtomicBoolean appended = new AtomicBoolean();
        long size = envelope.frame().length();
        boxes.compute(device, (d, box) -> {
            Map<String, Envelope> b = box == null ? new LinkedHashMap<>() : box;
            if (b.size() < capacity.frames() && bytes(b) + size <= capacity.bytes() && reserve(size)) {
                Envelope replaced = b.put(envelope.id(), envelope);
                if (replaced != null) {
                    bytes.addAndGet(-replaced.frame().length());
                }
                appended.set(true);
            }
            return b.isEmpty() ? null : b;
        });
        return appended.get();
    }

    /** Takes {@code size} bytes of the node's budget, if they are there. */
    private boolean reserve(long size) {
        long now;
        do {
            now = bytes.get();
            if (now + size > nodeBytes) {
                return false;
            }
        } while (!bytes.compareAndSet(now, now + size));
        return true;
    }

    /** Summed when asked: mailboxes are short (a device acknowledges within a round trip), so this is a few adds. */
    private static long bytes(Map<String, Envelope> box) {
        long bytes = 0;
        for (Envelope e : box.values()) {
            bytes += e.frame().length();
        }
        return bytes;
    }

    /** Bytes all mailboxes hold now. */
    long bytesHeld() {
        return bytes.get();
    }

    @Override
    public List<Envelope> pending(DeviceAddress device, Instant now) {
        AtomicReference<List<Envelope>> result = new AtomicReference<>(List.of());
        boxes.computeIfPresent(device, (d, box) -> {
            result.set(box.values().stream().filter(e -> e.expiresAt().isAfter(now)).toList());
            return box;
        });
        return result.get();
    }

    @Override
    public boolean remove(DeviceAddress device, String envelopeId) {
        AtomicBoolean removed = new AtomicBoolean();
        boxes.computeIfPresent(device, (d, box) -> {
            Envelope gone = box.remove(envelopeId);
            if (gone != null) {
                bytes.addAndGet(-gone.frame().length());
                removed.set(true);
            }
            return box.isEmpty() ? null : box;
        });
        return removed.get();
    }

    @Override
    public void removeCall(List<DeviceAddress> devices, String callId) {
        for (DeviceAddress device : devices) {
            removeIf(device, e -> callId.equals(e.callId()));
        }
    }

    @Override
    public void drop(DeviceAddress device) {
        removeIf(device, e -> true);
    }

    @Override
    public void purgeExpired(Instant now) {
        for (DeviceAddress device : boxes.keySet()) {
            removeIf(device, e -> !e.expiresAt().isAfter(now));
        }
    }

    private void removeIf(DeviceAddress device, Predicate<Envelope> gone) {
        boxes.computeIfPresent(device, (d, box) -> {
            box.values().removeIf(e -> {
                if (gone.test(e)) {
                    bytes.addAndGet(-e.frame().length());
                    return true;
                }
                return false;
            });
            return box.isEmpty() ? null : box;
        });
    }
}
