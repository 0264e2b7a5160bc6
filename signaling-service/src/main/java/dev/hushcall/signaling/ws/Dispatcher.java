package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.api.RetryLater;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallService;
import dev.hushcall.signaling.call.DeviceMismatch;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.overload.Shedding;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.routing.DeliveryProperties;
import dev.hushcall.signaling.routing.Router;
import dev.hushcall.signaling.turn.UserTurnCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The one place that turns a client frame into a feature call, and its outcome into {@code ack} or
 * {@code error}. Nothing a client sends escapes as an exception: client mistakes become error frames,
 * and server faults are logged (without the frame) and answered with {@code internal}.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** An offer's claim: a new frame, about a call that does not exist yet. */
    private static final FrameClaims.Claim OFFER_FIRST_TIME =
            new FrameClaims.Claim(ReplyCache.Claimed.NEW, Optional.empty());
    /** How long a frame whose id another handler holds waits for that claim to be done or free: past its lease. */
    private static final Duration PENDING_WAIT = ReplyCache.LEASE.plusMillis(500);
    private static final long PENDING_POLL_MILLIS = 20;
    static final ProtocolException STILL_PENDING = new ProtocolException(ErrorCode.UNAVAILABLE,
            "this frame is still being handled; send it again shortly");
    static final ProtocolException UNAVAILABLE = new ProtocolException(ErrorCode.UNAVAILABLE,
            "the service cannot reach its storage right now; nothing was done, send the frame again shortly");

    private final CallService calls;
    private final Router router;
    private final ReplyCache replies;
    private final FrameClaims claims;
    private final DeliveryProperties delivery;
    private final UserTurnCredentials turn;
    private final CallMetrics metrics;
    private final Shedding shedding;
    private final Clock clock;

    Dispatcher(CallService calls, Router router, ReplyCache replies, FrameClaims claims, DeliveryProperties delivery,
               UserTurnCredentials turn, CallMetrics metrics, Shedding shedding, Clock clock) {
        this.shedding = shedding;
        this.claims = claims;
        this.turn = turn;
        this.metrics = metrics;
        this.calls = calls;
        this.router = router;
        this.replies = replies;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** Handles one text frame from {@code device}; returns the reply frame, or null when none is due. */
    String handle(DeviceAddress device, String text) {
        ClientMessage message;
        try {
            message = ProtocolJson.decodeClient(text);
        } catch (ProtocolException e) {
            log.debug("refused a frame from {}: {}", device, e.code().wireName());
            return error(e, idOf(text));
        }
        if (message instanceof ClientMessage.Ack ack) {
            // Never fails: an ack the store could not write leaves the frame to be sent again, and devices de-duplicate.
            ack.all().forEach(ref -> router.acknowledged(device, ref));
            return null;
        }
        if (message instanceof ClientMessage.Ping ping) {
            return ack(ping.id());
        }
        if (message instanceof ClientMessage.TurnRequest request) {
            return turn(device, request);
        }
        ClientMessage.CallMessage call = (ClientMessage.CallMessage) message;
        FrameClaims.Claim admitted = null;
        if (call instanceof ClientMessage.Offer offer) {
            // An offer's id is claimed in the step that checks its limits; a refusal there claimed nothing. A node that
            // is behind refuses it before any of that.
            try {
                shedding.admitNewCall();
                admitted = admit(device, offer);
            } catch (ProtocolException e) {
                log.debug("refused an offer from {}: {}", device, e.code().wireName());
                return error(e, offer.id());
            } catch (Unavailable e) {
                log.warn("offer from {} refused: {}", device, e.getMessage());
                return error(UNAVAILABLE, offer.id());
            }
        }
        MDC.put("callId", call.callId());
        try {
            // A claim that failed half way may have taken the id: the catches below forget it, so a resend is routed.
            // A frame about an existing call reads that call in the step that claims its id.
            FrameClaims.Claim claim = admitted != null ? admitted : claim(device, call);
            if (claim.first()) {
                route(device, call, claim.call());
                // Acknowledged from here on: a resend is acked without routing, never lost.
                replies.done(device, call.id());
            } else if (claim.id() instanceof ReplyCache.Claimed.Pending) {
                return error(STILL_PENDING, call.id());
            }
            return ack(call.id());
        } catch (ProtocolException e) {
            forgetQuietly(device, call.id());
            log.debug("refused {} from {} on call {}: {}", typeOf(call), device, call.callId(), e.code().wireName());
            return error(e, call.id());
        } catch (Unavailable e) {
            forgetQuietly(device, call.id());
            log.warn("{} from {} on call {} refused: {}", typeOf(call), device, call.callId(), e.getMessage());
            return error(UNAVAILABLE, call.id());
        } catch (RuntimeException e) {
            forgetQuietly(device, call.id());
            log.error("{} from {} on call {} failed inside the server", typeOf(call), device, call.callId(), e);
            return error(new ProtocolException(ErrorCode.INTERNAL, "the server failed; send the frame again"), call.id());
        } finally {
            MDC.remove("callId");
        }
    }

    /** Admits an offer, claiming its id in the same step; a claim another handler holds is waited out. */
    private FrameClaims.Claim admit(DeviceAddress device, ClientMessage.Offer offer) {
        return waitingOutOthers(() -> {
            RingingCalls.Admission admission = calls.admit(device, offer, clock.instant().plus(delivery.gracePeriod()));
            if (admission instanceof RingingCalls.Admission.Pending pending) {
                return new FrameClaims.Claim(new ReplyCache.Claimed.Pending(pending.waitMillis()), Optional.empty());
            }
            return admission == RingingCalls.Admission.REPEAT ? FrameClaims.Claim.REPEAT : OFFER_FIRST_TIME;
        });
    }

    /** Claims a frame's id and reads its call; a claim another handler holds is waited out. */
    private FrameClaims.Claim claim(DeviceAddress device, ClientMessage.CallMessage call) {
        return waitingOutOthers(() -> {
            Instant now = clock.instant();
            return claims.claim(device, call.id(), now.plus(delivery.gracePeriod()), now, call.callId());
        });
    }

    /**
     * Claims until the claim is not held by another handler, or {@link #PENDING_WAIT} has passed. That handler finishes
     * within moments (its done mark may trail its ack by a round trip), or died between the claim and the routing and
     * is taken over once its lease ends ({@link ReplyCache}). Blocks this socket's thread meanwhile: only a frame resent
     * while its first handling is under way, or after its node died, meets such a claim.
     */
    private static FrameClaims.Claim waitingOutOthers(Supplier<FrameClaims.Claim> attempt) {
        long deadline = System.nanoTime() + PENDING_WAIT.toNanos();
        while (true) {
            FrameClaims.Claim claim = attempt.get();
            if (!(claim.id() instanceof ReplyCache.Claimed.Pending pending) || System.nanoTime() > deadline) {
                return claim;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pending.waitMillis(), PENDING_POLL_MILLIS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claim;
            }
        }
    }

    private String turn(DeviceAddress device, ClientMessage.TurnRequest request) {
        try {
            return ProtocolJson.encode(turn.issue(device.user(), request.region()).toFrame(request.id()));
        } catch (ProtocolException e) {
            return error(e, request.id());
        } catch (Unavailable e) {
            log.warn("TURN credentials for {} refused: {}", device, e.getMessage());
            return error(UNAVAILABLE, request.id());
        }
    }

    /** A refused frame may be sent again with the same id; if even forgetting fails, the id stays used for 30 s. */
    private void forgetQuietly(DeviceAddress device, String frameId) {
        try {
            replies.forget(device, frameId);
        } catch (Unavailable e) {
            log.debug("could not forget frame id of {}: {}", device, e.getMessage());
        }
    }

    /** {@code found}: the call the frame is about, as read when its id was claimed (always empty for an offer). */
    private void route(DeviceAddress device, ClientMessage.CallMessage message, Optional<Call> found) {
        if (message instanceof ClientMessage.Offer offer) {
            calls.offer(device, offer);
        } else if (message instanceof ClientMessage.Answer answer) {
            calls.answer(device, answer, found);
        } else if (message instanceof ClientMessage.Ice ice) {
            calls.ice(device, ice, found);
        } else if (message instanceof ClientMessage.Renegotiate renegotiate) {
            calls.renegotiate(device, renegotiate, found);
        } else if (message instanceof ClientMessage.Hangup hangup) {
            calls.hangup(device, hangup, found);
        } else if (message instanceof ClientMessage.Decline decline) {
            calls.decline(device, decline, found);
        } else if (message instanceof ClientMessage.Busy busy) {
            calls.busy(device, busy, found);
        } else {
            throw new IllegalStateException("no route for " + typeOf(message));
        }
    }

    /**
     * The error frame for a message the socket refused before it could be decoded (too large, not text); {@code ref}
     * is the id read from the start of a message too large to decode, or null.
     */
    String refuse(DeviceAddress device, ProtocolException e, String ref) {
        log.debug("refused a message from {}: {}", device, e.code().wireName());
        return error(e, ref);
    }

    private static String ack(String ref) {
        return ProtocolJson.encode(new ServerMessage.Ack(ref));
    }

    private String error(ProtocolException e, String ref) {
        metrics.error(e.code());
        return errorFrame(e, ref);
    }

    static String errorFrame(ProtocolException e, String ref) {
        if (e instanceof RetryLater later) {
            return ProtocolJson.encode(ServerMessage.Error.retryLater(e.code(), e.getMessage(), ref,
                    later.retryAfter().toMillis()));
        }
        if (e instanceof DeviceMismatch mismatch) {
            return ProtocolJson.encode(new ServerMessage.Error(e.code(), e.getMessage(), ref,
                    mismatch.missing(), mismatch.extra()));
        }
        return ProtocolJson.encode(ServerMessage.Error.of(e.code(), e.getMessage(), ref));
    }

    /** The frame's id, read leniently so even a frame that failed to decode gets an error with its ref. */
    private static String idOf(String text) {
        return ProtocolJson.refOf(text, ProtocolJson.MAX_FRAME_CHARS);
    }

    private static String typeOf(ClientMessage message) {
        return message.getClass().getSimpleName();
    }
}
