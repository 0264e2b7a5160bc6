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
import java.util.concurrent.atomic.AtomicReference;

/** Mailboxes of the embedded default: one insertion-ordered map per device, each guarded by itself. */
public class MemoryMailboxStore implements MailboxStore {

    private final ConcurrentMap<DeviceAddress, Map<String, Envelope>> boxes = new ConcurrentHashMap<>();

    @Override
    public boolean append(DeviceAddress device, Envelope envelope, Capacity capacity) {
        AtomicBoolean appended = new AtomicBoolean();
        boxes.compute(device, (d, box) -> {
            Map<String, Envelope> b = box == null ? new LinkedHashMap<>() : box;
            if (b.size() < capacity.frames() && bytes(b) + envelope.frame().length() <= capacity.bytes()) {
                b.put(envelope.id(), envelope);
                appended.set(true);
            }
            return b.isEmpty() ? null : b;
        });
        return appended.get();
    }

    /** Summed when asked: mailboxes are short (a device acknowledges within a round trip), so this is a few adds. */
    private static long bytes(Map<String, Envelope> box) {
        long bytes = 0;
        for (Envelope e : box.values()) {
            bytes += e.frame().length();
        }
        return bytes;
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
            removed.set(box.remove(envelopeId) != null);
            return box.isEmpty() ? null : box;
        });
        return removed.get();
    }

    @Override
    public void removeCall(List<DeviceAddress> devices, String callId) {
        for (DeviceAddress device : devices) {
            boxes.computeIfPresent(device, (d, box) -> {
                box.values().removeIf(e -> callId.equals(e.callId()));
                return box.isEmpty() ? null : box;
            });
        }
    }

    @Override
    public void drop(DeviceAddress device) {
        boxes.remove(device);
    }

    @Override
    public void purgeExpired(Instant now) {
        for (DeviceAddress device : boxes.keySet()) {
            boxes.computeIfPresent(device, (d, box) -> {
                box.values().removeIf(e -> !e.expiresAt().isAfter(now));
                return box.isEmpty() ? null : box;
            });
        }
    }
}
