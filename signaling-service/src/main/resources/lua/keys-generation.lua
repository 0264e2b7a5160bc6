-- A device's registration generation.
-- KEYS as in keys-register.lua.   ARGV: 1 deviceId
-- Returns the generation, '0' for a device registered before generations, or nil when there is no such device.
local generation = redis.call('HGET', KEYS[4], ARGV[1])
if generation then
  return generation
end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  return '0'
end
return nil
