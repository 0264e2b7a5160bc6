package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every frame a device sends on {@code /v1/ws}. Each carries a client-chosen {@code id}; the server
 * answers it with {@code ack} or {@code error} whose {@code ref} is that id. The only exception is
 * {@link Ack}, which acknowledges a frame the server delivered and gets no answer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ClientMessage.Offer.class),
        @JsonSubTypes.Type(ClientMessage.Answer.class),
        @JsonSubTypes.Type(ClientMessage.Ice.class),
        @JsonSubTypes.Type(ClientMessage.Renegotiate.class),
        @JsonSubTypes.Type(ClientMessage.Hangup.class),
        @JsonSubTypes.Type(ClientMessage.Busy.class),
        @JsonSubTypes.Type(ClientMessage.Decline.class),
        @JsonSubTypes.Type(ClientMessage.Ack.class),
        @JsonSubTypes.Type(ClientMessage.Ping.class),
        @JsonSubTypes.Type(ClientMessage.TurnRequest.class)
})
public sealed interface ClientMessage {

    /** A frame about one call. */
    sealed interface CallMessage extends ClientMessage {
        String id();

        String callId();
    }

    /** A call frame carrying one sealed payload per recipient device. */
    sealed interface WithPayloads extends CallMessage {
        List<DevicePayload> payloads();
    }

    /** Starts a call: rings every device of {@code to}. {@code callId} is chosen by the caller. */
    @JsonTypeName("call.offer")
    record Offer(String id, String callId, String to, List<DevicePayload> payloads) implements WithPayloads {
        public Offer {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
            Validation.requireUser(to, "to");
            payloads = checkPayloads(payloads);
        }
    }

    /** Answers a ringing call; the first answer wins. */
    @JsonTypeName("call.answer")
    record Answer(String id, String callId, List<DevicePayload> payloads) implements WithPayloads {
        public Answer {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
            payloads = checkPayloads(payloads);
        }
    }

    /** Trickled ICE candidates. */
    @JsonTypeName("call.ice")
    record Ice(String id, String callId, List<DevicePayload> payloads) implements WithPayloads {
        public Ice {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
            payloads = checkPayloads(payloads);
        }
    }

    /** A new offer on an answered call, for example an ICE restart after a network change. */
    @JsonTypeName("call.renegotiate")
    record Renegotiate(String id, String callId, List<DevicePayload> payloads) implements WithPayloads {
        public Renegotiate {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
            payloads = checkPayloads(payloads);
        }
    }

    @JsonTypeName("call.hangup")
    record Hangup(String id, String callId) implements CallMessage {
        public Hangup {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
        }
    }

    /** The callee device is already in a call. */
    @JsonTypeName("call.busy")
    record Busy(String id, String callId) implements CallMessage {
        public Busy {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
        }
    }

    @JsonTypeName("call.decline")
    record Decline(String id, String callId) implements CallMessage {
        public Decline {
            Validation.requireMessageId(id);
            Validation.requireCallId(callId);
        }
    }

    /**
     * Acknowledges the server frame whose {@code id} is {@code ref}, or each of {@code refs} (a device that handled a
     * burst, say three ICE candidates, acknowledges them in one frame); the server then forgets them.
     */
    @JsonTypeName("ack")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ack(String ref, List<String> refs) implements ClientMessage {
        public Ack {
            Validation.require((ref == null) != (refs == null), ErrorCode.INVALID_MESSAGE,
                    "an ack carries ref or refs, one of them");
            Validation.require(ref == null || isRef(ref), ErrorCode.INVALID_MESSAGE, "ref is required");
            if (refs != null) {
                Validation.require(!refs.isEmpty() && refs.size() <= MAX_ACK_REFS, ErrorCode.INVALID_MESSAGE,
                        "refs holds 1 to " + MAX_ACK_REFS + " frame ids");
                Validation.require(refs.stream().allMatch(Ack::isRef), ErrorCode.INVALID_MESSAGE,
                        "refs may hold only frame ids");
                refs = List.copyOf(refs);
            }
        }

        public Ack(String ref) {
            this(ref, null);
        }

        /** The acknowledged frame ids, whichever form the frame used. */
        public List<String> all() {
            return refs != null ? refs : List.of(ref);
        }

        private static boolean isRef(String id) {
            return id != null && !id.isBlank() && id.length() <= 64;
        }
    }

    /** Does nothing but earn an {@code ack}: keeps the socket warm and lets load tests arm checks. */
    @JsonTypeName("ping")
    record Ping(String id) implements ClientMessage {
        public Ping {
            Validation.requireMessageId(id);
        }
    }

    /**
     * Asks for TURN credentials, answered with {@code turn.credentials} instead of {@code ack}: the same credentials
     * as {@code GET /v1/turn/credentials}, without an HTTP request before every call. {@code region} is optional.
     */
    @JsonTypeName("turn.request")
    record TurnRequest(String id, String region) implements ClientMessage {
        public TurnRequest {
            Validation.requireMessageId(id);
            Validation.require(region == null || region.length() <= 64, ErrorCode.INVALID_MESSAGE,
                    "region is at most 64 characters");
        }
    }

    /** The most payloads one frame may carry: one per device, and a user has at most this many. */
    int MAX_PAYLOADS = 16;

    /** The most frame ids one {@code ack} may carry. */
    int MAX_ACK_REFS = 64;

    private static List<DevicePayload> checkPayloads(List<DevicePayload> payloads) {
        Validation.require(payloads != null && !payloads.isEmpty(), ErrorCode.INVALID_MESSAGE,
                "payloads is required: one per recipient device");
        Validation.require(payloads.size() <= MAX_PAYLOADS, ErrorCode.INVALID_MESSAGE,
                "at most " + MAX_PAYLOADS + " payloads per frame");
        Set<Integer> seen = new HashSet<>();
        for (DevicePayload p : payloads) {
            Validation.require(p != null, ErrorCode.INVALID_MESSAGE, "payloads may not contain null");
            Validation.require(seen.add(p.deviceId()), ErrorCode.DUPLICATE_PAYLOAD,
                    "two payloads for device " + p.deviceId());
        }
        return List.copyOf(payloads);
    }
}
