-- Takes one token from each of an owner's token buckets and, when asked, a place in one of its ringing sets and the
-- claim of a frame id: all of it or none (ratelimit.Gcra does the bucket arithmetic in memory).
-- A bucket is one number: its theoretical arrival time in ms; absent or past = full.
-- A ringing set is a sorted set of call ids scored by ring deadline (ms); past deadlines no longer count.
-- A frame id's claim is the key RedisReplyCache sets; one already there means the frame was handled before.
-- KEYS: ARGV[2] buckets, all of one owner (one hash tag); then, if ARGV[3] is 1, that owner's ringing set; then, if
--   ARGV[4] is 1, the frame id's key.
-- ARGV[1]: now in ms; per bucket i: ARGV[3+2i] its refill interval in ms, ARGV[4+2i] its burst; then, with a ringing
--   set: the call id, its ring deadline in ms, the most calls allowed; then, with a frame id: when its claim expires (ms).
-- Returns {0, 0} when taken, {0, 1} when taken and the call was in the ringing set already (it counts once); {-1, 0}
-- when the frame id was claimed before (nothing is taken); else {1-based index of the first key that refused (n + 1: the ringing set), ms until all
-- would allow}.
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local withSet = ARGV[3] == '1'
local withClaim = ARGV[4] == '1'
local arg = 5 + 2 * n
local set, claim
if withSet then set = KEYS[n + 1] end
if withClaim then claim = KEYS[#KEYS] end
if claim and redis.call('EXISTS', claim) == 1 then
  return {-1, 0}
end

local nexts = {}
local wait = 0
local refused = 0
for i = 1, n do
  local interval = tonumber(ARGV[3 + 2 * i])
  local burst = tonumber(ARGV[4 + 2 * i])
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

local callId, deadline
local counted = false
if set then
  callId, deadline = ARGV[arg], tonumber(ARGV[arg + 1])
  local most = tonumber(ARGV[arg + 2])
  arg = arg + 3
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
if claim then
  redis.call('SET', claim, '1', 'PXAT', ARGV[arg])
end
if counted then
  return {0, 1}
end
return {0, 0}
