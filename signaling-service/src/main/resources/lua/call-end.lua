-- Moves a live call to ENDED, once.
-- KEYS[1] = call:{pair}:<callId>   KEYS[2] = calls:{pair}
-- ARGV: 1 reason, 2 endedBy user ('' for none), 3 endedBy device, 4 nowMs, 5 retentionMs
-- Returns nil if the call is unknown or already ended, else its fields as they were just before.
local key = KEYS[1]
local state = redis.call('HGET', key, 'state')
if not state or state == 'ENDED' then
  return nil
end
local before = redis.call('HGETALL', key)
redis.call('HSET', key, 'state', 'ENDED', 'endReason', ARGV[1], 'endedAt', ARGV[4])
if ARGV[2] ~= '' then
  redis.call('HSET', key, 'endedByUser', ARGV[2], 'endedByDevice', ARGV[3])
end
redis.call('SREM', KEYS[2], redis.call('HGET', key, 'callId'))
redis.call('PEXPIRE', key, ARGV[5])
return before
