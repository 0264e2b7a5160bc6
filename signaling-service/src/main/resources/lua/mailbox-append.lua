-- Appends an envelope to a device's mailbox, in arrival order.
-- KEYS[1] = mbox:{user}:<device> (hash id -> "expiresAtMs|callId|frame")
-- KEYS[2] = mboxq:{user}:<device> (zset id by sequence)   KEYS[3] = mboxseq:{user}:<device> (counter)
-- ARGV: 1 id, 2 encoded envelope, 3 expiresAtMs
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
-- The mailbox lives as long as its longest-lived envelope.
local expiresAt = tonumber(ARGV[3])
for i = 1, 3 do
  if redis.call('PEXPIRETIME', KEYS[i]) < expiresAt then
    redis.call('PEXPIREAT', KEYS[i], expiresAt)
  end
end
return seq
