-- Takes one token from each of KEYS' token buckets, all or none (ratelimit.Gcra does the same in memory).
-- A bucket is one number: its theoretical arrival time in ms; absent or past = full.
-- KEYS: the buckets, all of one owner (one hash tag).
-- ARGV[1]: now in ms; then per key i: ARGV[2i] its refill interval in ms, ARGV[2i+1] its burst.
-- Returns {0, 0} when taken; else {index of the first bucket that refused (1-based), ms until all would allow}.
local now = tonumber(ARGV[1])
local nexts = {}
local wait = 0
local refused = 0
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', key) or 0)
  if tat < now then tat = now end
  local next = tat + interval
  local over = next - now - burst * interval
  if over > 0 then
    if refused == 0 then refused = i end
    if over > wait then wait = over end
  end
  nexts[i] = next
end
if refused > 0 then
  return {refused, wait}
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, nexts[i], 'PX', nexts[i] - now)
end
return {0, 0}
