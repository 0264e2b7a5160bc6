-- Takes one token from each of an owner's token buckets and, when asked, a place in one of its ringing sets, a check
-- of its live calls and the claim of a frame id: all of it or none (ratelimit.Gcra does the bucket arithmetic in
-- memory).
-- A bucket is one number: its theoretical arrival time in ms; absent or past = full.
-- A ringing set is a sorted set of call ids scored by ring deadline (ms); past deadlines no longer count.
-- The live-call set (livecalls:{owner}) is the call store's sorted set of the owner's live calls scored by the time
--   each would be forgotten (ms); it is only counted here, never written.
-- A frame id's claim is the key RedisReplyCache sets (lua/frame-claim.lua): "1" when its frame was handled, "p<ms>"
--   while a handler that claimed it at <ms> is at work; a claim older than the lease is taken over.
-- KEYS: ARGV[2] buckets, all of one owner (one hash tag); then, if ARGV[3] is 1, that owner's ringing set; then, if
--   ARGV[4] is 1, its live-call set; then, if ARGV[5] is 1, the frame id's key.
-- ARGV[1]: now in ms; per bucket i: ARGV[4+2i] its refill interval in ms, ARGV[5+2i] its burst; then, with a
--   ringing set: the call id, its ring deadline in ms, the most calls allowed; then, with a live-call set: the call
--   id, the most live calls allowed; then, with a frame id: when its claim expires (ms), the lease (ms).
-- Returns {0, 0} when taken, {0, 1} when taken and the call was in the ringing set already (it counts once); {-1, 0}
-- when the frame was handled before, {-2, wait} when another handler's claim of it is free in wait ms (nothing is
-- taken); else {1-based index of the first key that refused (n + 1: the ringing set, n + 2: the live-call set), ms
-- until all would allow}.
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local withSet = ARGV[3] == '1'
local withLive = ARGV[4] == '1'
local withClaim = ARGV[5] == '1'
local arg = 6 + 2 * n
local set, live, claim
if withSet then set = KEYS[n + 1] end
if withLive then live = KEYS[n + (withSet and 2 or 1)] end
if withClaim then claim = KEYS[#KEYS] end
if claim then
  local held = redis.call('GET', claim)
  if held == '1' then
    return {-1, 0}
  end
  if held then
    local left = tonumber(string.sub(held, 2)) + tonumber(ARGV[#ARGV]) - now
    if left > 0 then
      return {-2, left}
    end
  end
end

local nexts = {}
local wait = 0
local refused = 0
-- Notes that the key at index refuses until free ms from now (free <= 0: it does not).
local function refuse(index, free)
  if free <= 0 then return end
  if refused == 0 then refused = index end
  if free > wait then wait = free end
end

for i = 1, n do
  local interval = tonumber(ARGV[4 + 2 * i])
  local burst = tonumber(ARGV[5 + 2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or 0)
  if tat < now then tat = now end
  local next = tat + interval
  refuse(i, next - now - burst * interval)
  nexts[i] = next
end

-- Drops the entries of a sorted set whose deadline has passed; then whether id is among the rest, and if it is not
-- and most or more are, the wait until the earliest of them passes (else 0).
local function place(key, id, most)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZSCORE', key, id) ~= false then
    return true, 0
  end
  if redis.call('ZCARD', key) < most then
    return false, 0
  end
  local earliest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return false, math.max(1, tonumber(earliest[2]) - now)
end

local callId, deadline
local counted = false
if set then
  callId, deadline = ARGV[arg], tonumber(ARGV[arg + 1])
  local free
  counted, free = place(set, callId, tonumber(ARGV[arg + 2]))
  arg = arg + 3
  refuse(n + 1, free)
end

if live then
  local _, free = place(live, ARGV[arg], tonumber(ARGV[arg + 1]))
  arg = arg + 2
  refuse(n + 2, free)
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
  redis.call('SET', claim, 'p' .. ARGV[1], 'PXAT', ARGV[arg])
end
if counted then
  return {0, 1}
end
return {0, 0}
