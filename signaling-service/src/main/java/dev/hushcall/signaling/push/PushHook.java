package dev.hushcall.signaling.push;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ProtocolJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Wakes a phone whose app is not connected: POSTs the sealed offer to the app's push service, which
 * forwards it (FCM, APNs). The body holds only ciphertext, so the push service learns no more than we do.
 * Fire and forget: the offer also waits in the mailbox, so a failed push loses nothing.
 */
@Component
public class PushHook {

    private static final Logger log = LoggerFactory.getLogger(PushHook.class);

    /** The webhook body. */
    record Notification(String user, int deviceId, String callId, DeviceAddress from, DevicePayload payload,
                        long ringDeadlineEpochSeconds) {
    }

    private final PushProperties properties;
    private final HttpClient http;

    PushHook(PushProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
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
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                log.warn("push webhook failed for call {}: {}", callId, error.getClass().getSimpleName());
            } else if (response.statusCode() / 100 != 2) {
                log.warn("push webhook answered {} for call {}", response.statusCode(), callId);
            }
        });
    }
}
