-- Removes a device's presence only if it still names this node (the device may have moved on).
-- KEYS[1] = presence:{user}   ARGV: 1 deviceId, 2 nodeId
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
