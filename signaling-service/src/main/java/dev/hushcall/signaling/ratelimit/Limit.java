package dev.hushcall.signaling.ratelimit;

import java.util.function.Function;

/**
 * Every rate limit, by the name it has in config ({@code hushcall.limits.<name>}), in refusals and in the
 * {@code hushcall.limits.refused} counter. Each is a token bucket ({@link Bucket}) per key: the user, device, pair of
 * users or source address the limit names.
 *
 * <p>{@link Scope#NODE} limits protect the node that does the work (the CPU of a token check, a socket's reads) and
 * are counted in its memory; {@link Scope#SHARED} limits protect other users or shared state, so they are counted in
 * the store every node shares (Redis, when configured).
 */
public enum Limit {
    /** Call offers one device places. */
    OFFERS_PER_DEVICE("offers-per-device", Scope.SHARED, "this device placed too many calls",
            LimitsProperties::offersPerDevice),
    /** Call offers from one user to another: how often a caller can make someone's phone ring. */
    OFFERS_PER_PAIR("offers-per-pair", Scope.SHARED, "you called this user too often",
            LimitsProperties::offersPerPair),
    /** Key bundles one user fetches, of anyone: each can consume a one-time prekey of every device fetched. */
    BUNDLES_PER_REQUESTER("bundles-per-requester", Scope.SHARED, "you fetched too many key bundles",
            LimitsProperties::bundlesPerRequester),
    /** Key bundles one user fetches of one other user: what stands between a stranger and a victim's prekeys. */
    BUNDLES_PER_PAIR("bundles-per-pair", Scope.SHARED, "you fetched this user's key bundles too often",
            LimitsProperties::bundlesPerPair),
    /** Socket tickets one user asks for: each is a connection set up. */
    TICKETS_PER_USER("tickets-per-user", Scope.SHARED, "you asked for too many socket tickets",
            LimitsProperties::ticketsPerUser),
    /** Device registrations and re-registrations of one user: each verifies signatures and stores keys. */
    REGISTRATIONS_PER_USER("registrations-per-user", Scope.SHARED, "you registered devices too often",
            LimitsProperties::registrationsPerUser),
    /** One-time key uploads of one user. */
    KEY_UPLOADS_PER_USER("key-uploads-per-user", Scope.SHARED, "you uploaded keys too often",
            LimitsProperties::keyUploadsPerUser),
    /** TURN credentials one user asks for, over REST or the socket. */
    TURN_CREDENTIALS_PER_USER("turn-credentials-per-user", Scope.SHARED, "you asked for too many TURN credentials",
            LimitsProperties::turnCredentialsPerUser),
    /** Failed authentications (bad bearer token, bad ticket) from one source address. */
    FAILED_AUTH_PER_ADDRESS("failed-auth-per-address", Scope.NODE, "too many failed sign-ins from your address",
            LimitsProperties::failedAuthPerAddress),
    /** Frames one socket sends; checked in the socket itself, see {@code FrameRate}. */
    FRAMES_PER_SOCKET("frames-per-socket", Scope.NODE, "this socket sends frames too fast",
            LimitsProperties::framesPerSocket),
    /** Bytes one socket sends, a token per KiB; checked with the frames, see {@code FrameRate}. */
    BYTES_PER_SOCKET("bytes-per-socket", Scope.NODE, "this socket sends too many bytes",
            LimitsProperties::bytesPerSocket);

    /** Where a limit's buckets are counted. */
    public enum Scope { NODE, SHARED }

    private final String configName;
    private final Scope scope;
    private final String refusal;
    private final Function<LimitsProperties, Bucket> bucket;

    Limit(String configName, Scope scope, String refusal, Function<LimitsProperties, Bucket> bucket) {
        this.configName = configName;
        this.scope = scope;
        this.refusal = refusal;
        this.bucket = bucket;
    }

    /** What the client is told, before "; try again in …". */
    String refusal() {
        return refusal;
    }

    /** The name in config, metrics and refusals: {@code offers-per-device}. */
    public String configName() {
        return configName;
    }

    public Scope scope() {
        return scope;
    }

    Bucket bucket(LimitsProperties properties) {
        return bucket.apply(properties);
    }
}
