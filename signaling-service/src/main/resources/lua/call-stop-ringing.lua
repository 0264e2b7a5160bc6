-- Takes a callee device out of a RINGING call, so it can no longer answer (its device was revoked).
-- KEYS[1] = call:{pair}:<callId>   ARGV: 1 deviceId
-- Returns nil when the call is unknown, no longer rings, or did not ring the device; else its fields afterwards.
local key = KEYS[1]
if redis.call('HGET', key, 'state') ~= 'RINGING' then
  return nil
end
local rest, found = {}, false
for id in string.gmatch(redis.call('HGET', key, 'ringing'), '[^,]+') do
  if id == ARGV[1] then
    found = true
  else
    rest[#rest + 1] = id
  end
end
if not found then
  return nil
end
redis.call('HSET', key, 'ringing', table.concat(rest, ','))
return redis.call('HGETALL', key)
