-- Removes every envelope of one call.   KEYS[1] = mbox hash   KEYS[2] = mboxq zset   ARGV: 1 callId
local marker = '|' .. ARGV[1] .. '|'
local entries = redis.call('HGETALL', KEYS[1])
local removed = 0
for i = 1, #entries, 2 do
  local envelope = entries[i + 1]
  local first = string.find(envelope, '|', 1, true)
  if string.sub(envelope, first, first + #marker - 1) == marker then
    redis.call('HDEL', KEYS[1], entries[i])
    redis.call('ZREM', KEYS[2], entries[i])
    removed = removed + 1
  end
end
return removed
