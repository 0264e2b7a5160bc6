-- Removes a device and its one-time keys.
-- KEYS as in keys-register.lua.   ARGV: 1 deviceId
-- Returns 1 when the device existed, else 0.
local SPAN = 4294967296
local id = tonumber(ARGV[1])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], id * SPAN, (id + 1) * SPAN - 1)
redis.call('ZREMRANGEBYSCORE', KEYS[3], id * SPAN, (id + 1) * SPAN - 1)
return 1
