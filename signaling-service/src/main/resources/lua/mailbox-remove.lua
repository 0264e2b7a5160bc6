-- Removes one acknowledged envelope.   KEYS[1] = mbox hash   KEYS[2] = mboxq zset   ARGV: 1 id
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
