package dev.hushcall.signaling.push;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.signaling.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Wakes a phone whose app is not connected: POSTs the sealed offer to the app's push service, which
 * forwards it (FCM, APNs). The body holds only ciphertext, so the push service learns no more than we do.
 * Fire and forget: the offer also waits in the mailbox, so a failed push loses nothing.
 *
 * <p>Bounded: at most {@code hushcall.push.concurrency} calls in flight, from that many threads, and at most
 * {@code hushcall.push.queue} waiting; past that a push is dropped and counted ({@code hushcall.push.dropped}), never
 * queued without end, so a flood of offers costs a fixed number of threads and sockets. A push is made once per call
 * and device: an offer is routed once per call (its id is claimed), and nothing else pushes.
 */
@Component
public class PushHook implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushHook.class);

    /** The webhook body. */
    record Notification(String user, int deviceId, String callId, DeviceAddress from, DevicePayload payload,
                        long ringDeadlineEpochSeconds) {
    }

    private final PushProperties properties;
    private final HttpClient http;
    private final ThreadPoolExecutor senders;
    private final Counter dropped;
    private final Counter delivered;
    private final Counter failed;

    PushHook(PushProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        AtomicInteger threads = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.queue()), task -> {
                    Thread thread = new Thread(task, "hushcall-push-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.senders.allowCoreThreadTimeOut(true);
        this.dropped = registry.counter(MetricNames.PUSH_DROPPED);
        this.delivered = registry.counter(MetricNames.PUSH_SENT, MetricNames.TAG_OUTCOME, "ok");
        this.failed = registry.counter(MetricNames.PUSH_SENT, MetricNames.TAG_OUTCOME, "error");
    }

    public boolean isEnabled() {
        return properties.webhookUrl() != null;
    }

    public void offerWaiting(DeviceAddress device, String callId, DeviceAddress from, DevicePayload payload,
                             long ringDeadlineEpochSeconds) {
        if (!isEnabled()) {
            return;
        }
        String body = ProtocolJson.mapper().writeValueAsString(
                new Notification(device.user(), device.deviceId(), callId, from, payload, ringDeadlineEpochSeconds));
        HttpRequest request = HttpRequest.newBuilder(properties.webhookUrl())
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            senders.execute(() -> send(request, callId));
        } catch (RejectedExecutionException full) {
            dropped.increment();
            log.debug("push for call {} dropped: {} waiting already", callId, properties.queue());
        }
    }

    private void send(HttpRequest request, String callId) {
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                delivered.increment();
            } else {
                failed.increment();
                log.warn("push webhook answered {} for call {}", response.statusCode(), callId);
            }
        } catch (IOException e) {
            failed.increment();
            log.warn("push webhook failed for call {}: {}", callId, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
