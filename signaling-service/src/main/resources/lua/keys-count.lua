-- One-time keys a device has left.
-- KEYS as in keys-register.lua.   ARGV: 1 deviceId
-- Returns {EC keys, Kyber keys}, or nil when the user has no such device.
local SPAN = 4294967296
local id = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return nil
end
return {redis.call('ZCOUNT', KEYS[2], id * SPAN, (id + 1) * SPAN - 1),
        redis.call('ZCOUNT', KEYS[3], id * SPAN, (id + 1) * SPAN - 1)}
