package dev.hushcall.signaling.metrics;

/**
 * Every metric name and tag key Hushcall exports, in Micrometer's dotted form (Prometheus shows
 * {@code hushcall.calls.setup} as {@code hushcall_calls_setup_seconds}). Tag values always come from small
 * closed sets (an end reason, an error code, a frame type): never a user, device or call id.
 * The Helm chart's dashboard and alerts use these names.
 */
public final class MetricNames {

    private MetricNames() {
    }

    /** Offer accepted → answer delivered to the caller's device. */
    public static final String CALL_SETUP = "hushcall.calls.setup";
    public static final String CALLS_STARTED = "hushcall.calls.started";
    public static final String CALLS_ANSWERED = "hushcall.calls.answered";
    public static final String CALLS_ENDED = "hushcall.calls.ended";
    /** Calls started minus calls ended, as counted by this node; sum over nodes for the total. */
    public static final String CALLS_ACTIVE = "hushcall.calls.active";
    public static final String SOCKETS_OPEN = "hushcall.sockets.open";
    public static final String MESSAGES_ROUTED = "hushcall.messages.routed";
    /** Frames sent again from a mailbox when a device connected. */
    public static final String DELIVERY_REPLAYED = "hushcall.delivery.replayed";
    /** Connections that found frames waiting: resumes after a drop, or offline devices coming online. */
    public static final String DELIVERY_RESUMES = "hushcall.delivery.resumes";
    public static final String ERRORS = "hushcall.errors";
    /** Frames not queued because their device's mailbox was full. */
    public static final String DELIVERY_REFUSED = "hushcall.delivery.refused";
    /** Frames published to another node that no node was listening for: it stopped, or lost Redis. */
    public static final String BUS_UNHEARD = "hushcall.bus.unheard";
    public static final String TURN_CREDENTIALS_ISSUED = "hushcall.turn.credentials.issued";
    public static final String TURN_PROBE_UP = "hushcall.turn.probe.up";
    public static final String TURN_PROBE_LATENCY = "hushcall.turn.probe.latency";
    public static final String BUNDLES_FETCHED = "hushcall.keys.bundles.fetched";
    public static final String PREKEYS_EXHAUSTED = "hushcall.keys.prekeys.exhausted";
    public static final String REDIS_COMMAND = "hushcall.redis.command";
    public static final String DRAIN_STATE = "hushcall.drain.state";
    /** Requests and frames refused by a limit, by the limit's config name (docs/protocol.md "Limits"). */
    public static final String LIMITS_REFUSED = "hushcall.limits.refused";
    /** Sockets closed with 1008 for sending on through refusals. */
    public static final String LIMITS_SOCKETS_CLOSED = "hushcall.limits.sockets.closed";
    /** Push webhook calls not made because the queue was full. */
    public static final String PUSH_DROPPED = "hushcall.push.dropped";
    /** Push webhook calls made, by outcome. */
    public static final String PUSH_SENT = "hushcall.push.sent";

    /** New calls refused because the node was behind (overload.Shedding). */
    public static final String OVERLOAD_SHED = "hushcall.overload.shed";
    /** How long the oldest store request waiting for its round trip has waited, seconds (0 on the embedded store). */
    public static final String STORE_BACKLOG = "hushcall.store.backlog";
    /** How long a task waits for a thread of the socket server's pool, seconds (overload.PoolLag). */
    public static final String POOL_LAG = "hushcall.pool.lag";
    /** Redis round trips of the stores, and the requests that went in them (store.redis.GroupCommit). */
    public static final String REDIS_ROUND_TRIPS = "hushcall.redis.round.trips";
    public static final String REDIS_EXCHANGES = "hushcall.redis.exchanges";
    public static final String TAG_REASON = "reason";
    public static final String TAG_TYPE = "type";
    public static final String TAG_CODE = "code";
    public static final String TAG_KIND = "kind";
    public static final String TAG_SERVER = "server";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_LIMIT = "limit";
}
