package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.auth.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * Socket tickets in Redis, so a ticket issued by one node opens a socket on any other.
 *
 * <pre>
 * ticket:{digest}  string  "expiresAtMs|deviceId|generation|user"   expires at the ticket's expiry + 60 s
 * </pre>
 * Kept a minute past expiry, like the in-memory store, so a late redeem is told "expired", not "unknown".
 */
public class RedisTicketStore implements TicketStore {

    static final Duration KEPT_AFTER_EXPIRY = Duration.ofSeconds(60);

    private final GroupCommit commit;

    public RedisTicketStore(GroupCommit commit) {
        this.commit = commit;
    }

    // The store's one key.
    static String key(String ticketDigest) {
        return "ticket:" + Redis.tag(ticketDigest);
    }

    @Override
    public void put(String ticketDigest, Grant grant) {
        String value = grant.expiresAt().toEpochMilli() + "|" + grant.deviceId() + "|" + grant.generation() + "|"
                + grant.user();
        long forgetAt = grant.expiresAt().plus(KEPT_AFTER_EXPIRY).toEpochMilli();
        Redis.run("storing a ticket", () -> commit.command(
                pipeline -> pipeline.set(key(ticketDigest), value, SetParams.setParams().pxAt(forgetAt))));
    }

    @Override
    public Optional<Grant> take(String ticketDigest) {
        String value = Redis.call("redeeming a ticket",
                () -> commit.command(pipeline -> pipeline.getDel(key(ticketDigest))));
        if (value == null) {
            return Optional.empty();
        }
        int first = value.indexOf('|');
        int second = value.indexOf('|', first + 1);
        int third = value.indexOf('|', second + 1);
        if (third < 0) {
            // Written by a node from before generations (user ids never hold '|'): no generation matches it.
            return Optional.of(new Grant(value.substring(second + 1), Integer.parseInt(value.substring(first + 1, second)),
                    -1, Instant.ofEpochMilli(Long.parseLong(value.substring(0, first)))));
        }
        return Optional.of(new Grant(value.substring(third + 1), Integer.parseInt(value.substring(first + 1, second)),
                Long.parseLong(value.substring(second + 1, third)),
                Instant.ofEpochMilli(Long.parseLong(value.substring(0, first)))));
    }
}
