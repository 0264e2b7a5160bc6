-- Records which node holds a device's socket, and keeps the user's entry alive for another TTL.
-- KEYS[1] = presence:{user}   ARGV: 1 deviceId, 2 nodeId, 3 ttlMs
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('PEXPIRE', KEYS[1], ARGV[3])
