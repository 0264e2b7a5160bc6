-- First answer wins: RINGING -> ANSWERED for a device the call rang.
-- KEYS[1] = call:{pair}:<callId>   ARGV: 1 deviceId, 2 ttlMs of an answered call
-- Returns nil for an unknown call, else {won (1|0), <fields as they are afterwards>}
local key = KEYS[1]
local state = redis.call('HGET', key, 'state')
if not state then
  return nil
end
if state == 'RINGING' then
  local ringing = ',' .. redis.call('HGET', key, 'ringing') .. ','
  if string.find(ringing, ',' .. ARGV[1] .. ',', 1, true) then
    redis.call('HSET', key, 'state', 'ANSWERED', 'answeredBy', ARGV[1])
    redis.call('PEXPIRE', key, ARGV[2])
    return {1, redis.call('HGETALL', key)}
  end
end
return {0, redis.call('HGETALL', key)}
