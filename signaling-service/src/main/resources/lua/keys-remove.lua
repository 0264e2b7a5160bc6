-- Removes a device and its one-time keys, and holds its id until a time.
-- KEYS as in keys-register.lua.   ARGV: 1 deviceId, 2 epoch ms until which the id is held
-- Returns the generation removed ('0' for a device registered before generations), or nil when there was no device.
local SPAN = 4294967296
local id = tonumber(ARGV[1])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return nil
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], id * SPAN, (id + 1) * SPAN - 1)
redis.call('ZREMRANGEBYSCORE', KEYS[3], id * SPAN, (id + 1) * SPAN - 1)
local generation = redis.call('HGET', KEYS[4], ARGV[1]) or '0'
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[2])
-- The hash goes when its latest hold ends; register drops holds that ended before then.
local latest = 0
local held = redis.call('HVALS', KEYS[5])
for i = 1, #held do
  latest = math.max(latest, tonumber(held[i]))
end
redis.call('PEXPIREAT', KEYS[5], latest)
return generation
