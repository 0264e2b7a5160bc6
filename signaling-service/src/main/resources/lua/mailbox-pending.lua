-- Lists a device's unexpired envelopes in order, dropping expired ones on the way.
-- KEYS[1] = mbox hash   KEYS[2] = mboxq zset   ARGV: 1 nowMs
-- Returns {id1, envelope1, id2, envelope2, ...}
local now = tonumber(ARGV[1])
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local envelope = redis.call('HGET', KEYS[1], id)
  if not envelope then
    redis.call('ZREM', KEYS[2], id)
  elseif tonumber(string.sub(envelope, 1, string.find(envelope, '|', 1, true) - 1)) <= now then
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
  else
    out[#out + 1] = id
    out[#out + 1] = envelope
  end
end
return out
