-- Takes one token from each of an owner's token buckets and, when asked, a place in one of its ringing sets: all of
-- it or none (ratelimit.Gcra does the bucket arithmetic in memory).
-- A bucket is one number: its theoretical arrival time in ms; absent or past = full.
-- A ringing set is a sorted set of call ids scored by ring deadline (ms); past deadlines no longer count.
-- KEYS: ARGV[2] buckets, all of one owner (one hash tag); then, optionally, that owner's ringing set.
-- ARGV[1]: now in ms; ARGV[2]: the number of buckets n; per bucket i: ARGV[1+2i] its refill interval in ms,
--   ARGV[2+2i] its burst; then, with a ringing set: the call id, its ring deadline in ms, the most calls allowed.
-- Returns {0, 0} when taken (a call already in the set counts as taken, once);
-- else {1-based index of the first key that refused (n + 1: the ringing set), ms until all would allow}.
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local nexts = {}
local wait = 0
local refused = 0
for i = 1, n do
  local interval = tonumber(ARGV[1 + 2 * i])
  local burst = tonumber(ARGV[2 + 2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or 0)
  if tat < now then tat = now end
  local next = tat + interval
  local over = next - now - burst * interval
  if over > 0 then
    if refused == 0 then refused = i end
    if over > wait then wait = over end
  end
  nexts[i] = next
end

local set = KEYS[n + 1]
local callId, deadline, most
local counted = false
if set then
  callId, deadline, most = ARGV[3 + 2 * n], tonumber(ARGV[4 + 2 * n]), tonumber(ARGV[5 + 2 * n])
  redis.call('ZREMRANGEBYSCORE', set, '-inf', now)
  counted = redis.call('ZSCORE', set, callId) ~= false
  if not counted and redis.call('ZCARD', set) >= most then
    if refused == 0 then refused = n + 1 end
    local earliest = redis.call('ZRANGE', set, 0, 0, 'WITHSCORES')
    local free = math.max(1, tonumber(earliest[2]) - now)
    if free > wait then wait = free end
  end
end

if refused > 0 then
  return {refused, wait}
end
for i = 1, n do
  redis.call('SET', KEYS[i], nexts[i], 'PX', nexts[i] - now)
end
if set and not counted then
  redis.call('ZADD', set, deadline, callId)
  if redis.call('PTTL', set) < deadline - now then
    redis.call('PEXPIRE', set, deadline - now)
  end
end
return {0, 0}
