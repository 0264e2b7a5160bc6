package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Every frame the server sends on {@code /v1/ws}. {@link Ack} and {@link Error} answer a client frame.
 * The {@link Delivered} frames carry a server-assigned {@code id}: the device acknowledges each one with a
 * client {@code ack}, and until it does the server keeps it and sends it again on the next connection,
 * so a device sees each one at least once and de-duplicates by {@code id}. {@link TurnCredentials} answers a
 * {@code turn.request} in place of {@code ack}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ServerMessage.Ack.class),
        @JsonSubTypes.Type(ServerMessage.Error.class),
        @JsonSubTypes.Type(ServerMessage.Offer.class),
        @JsonSubTypes.Type(ServerMessage.Answer.class),
        @JsonSubTypes.Type(ServerMessage.Ice.class),
        @JsonSubTypes.Type(ServerMessage.Renegotiate.class),
        @JsonSubTypes.Type(ServerMessage.Ended.class),
        @JsonSubTypes.Type(ServerMessage.TurnCredentials.class)
})
public sealed interface ServerMessage {

    /** A frame the device must acknowledge. */
    sealed interface Delivered extends ServerMessage {
        String id();

        String callId();
    }

    /** A routed call frame: the sender's ciphertext for this device, with the server-stamped sender. */
    sealed interface Routed extends Delivered {
        DeviceAddress from();

        DevicePayload payload();
    }

    @JsonTypeName("ack")
    record Ack(String ref) implements ServerMessage {
    }

    /**
     * The client frame {@code ref} was refused. {@code missingDevices}/{@code extraDevices} come with device_mismatch;
     * {@code retryAfterMs} with rate_limited and unavailable: the sender may try again after that long.
     */
    @JsonTypeName("error")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(ErrorCode code, String message, String ref, List<Integer> missingDevices,
                 List<Integer> extraDevices, Long retryAfterMs) implements ServerMessage {

        public Error(ErrorCode code, String message, String ref, List<Integer> missingDevices,
                     List<Integer> extraDevices) {
            this(code, message, ref, missingDevices, extraDevices, null);
        }

        public static Error of(ErrorCode code, String message, String ref) {
            return new Error(code, message, ref, null, null, null);
        }

        public static Error retryLater(ErrorCode code, String message, String ref, long retryAfterMs) {
            return new Error(code, message, ref, null, null, retryAfterMs);
        }
    }

    @JsonTypeName("call.offer")
    record Offer(String id, String callId, DeviceAddress from, DevicePayload payload) implements Routed {
    }

    @JsonTypeName("call.answer")
    record Answer(String id, String callId, DeviceAddress from, DevicePayload payload) implements Routed {
    }

    @JsonTypeName("call.ice")
    record Ice(String id, String callId, DeviceAddress from, DevicePayload payload) implements Routed {
    }

    @JsonTypeName("call.renegotiate")
    record Renegotiate(String id, String callId, DeviceAddress from, DevicePayload payload) implements Routed {
    }

    /** The call is over for this device. {@code by} is the device whose action ended it, when there is one. */
    @JsonTypeName("call.ended")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ended(String id, String callId, EndReason reason, DeviceAddress by) implements Delivered {
    }

    /**
     * Answers the {@code turn.request} {@code ref}: coturn REST API credentials.
     *
     * @param username {@code <unix expiry seconds>:<opaque per-user id>}
     * @param password base64(HMAC-SHA1(secret, username))
     * @param ttl      seconds until the credentials expire
     * @param uris     the TURN servers they work with
     */
    @JsonTypeName("turn.credentials")
    record TurnCredentials(String ref, String username, String password, long ttl, List<String> uris)
            implements ServerMessage {
        @Override
        public String toString() {
            return "TurnCredentials[ref=" + ref + ", username=" + username + ", password=****, ttl=" + ttl
                    + ", uris=" + uris + "]";
        }
    }
}
