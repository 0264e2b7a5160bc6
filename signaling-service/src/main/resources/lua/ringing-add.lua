-- Counts a call as ringing for one user's side unless ARGV[4] calls already ring there.
-- KEYS[1]: the sorted set of that user's ringing calls, scored by ring deadline (ms).
-- ARGV[1]: now in ms, ARGV[2]: callId, ARGV[3]: its ring deadline in ms, ARGV[4]: the most allowed.
-- Returns 0 when counted (or already counted), else ms until the earliest of those calls stops ringing.
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  return 0
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(earliest[2]) - now)
end
local deadline = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], deadline, ARGV[2])
if redis.call('PTTL', KEYS[1]) < deadline - now then
  redis.call('PEXPIRE', KEYS[1], deadline - now)
end
return 0
