-- Creates a RINGING call unless a RINGING call in the opposite direction wins glare (docs/protocol.md).
-- KEYS[1] = call:{pair}:<callId>   KEYS[2] = calls:{pair} (live call ids of the pair)
-- KEYS[3..] = call:{pair}:<id> of each live call of the pair as the caller read calls:{pair} just before: a script
--   touches only the keys it is given, so the glare check is given them, and asks again if the set has changed since.
-- ARGV: 1 callId, 2 callerUser, 3 callerDevice, 4 callee, 5 ringing (comma-separated device ids),
--       6 ringDeadlineMs, 7 nowMs, 8 ttlMs (ringing), 9 retentionMs (ended), 10 key prefix of the pair's calls
-- Returns {"ringing"} | {"won", <loser's fields before it ended>} | {"lost", winnerCallId} | {"retry"} (nothing
-- written: the pair's live calls changed since they were read)
local callKey, liveKey = KEYS[1], KEYS[2]
local callId, callerUser, callee = ARGV[1], ARGV[2], ARGV[4]

local given = {}
for i = 3, #KEYS do
  given[KEYS[i]] = true
end
local live = redis.call('SMEMBERS', liveKey)
for _, otherId in ipairs(live) do
  if not given[ARGV[10] .. otherId] then
    return {'retry'}
  end
end

for _, otherId in ipairs(live) do
  local otherKey = ARGV[10] .. otherId
  local other = redis.call('HMGET', otherKey, 'state', 'callerUser', 'callee')
  if other[1] == 'RINGING' and other[2] == callee and other[3] == callerUser then
    if callId < otherId then
      local before = redis.call('HGETALL', otherKey)
      redis.call('HSET', otherKey, 'state', 'ENDED', 'endReason', 'GLARE', 'endedAt', ARGV[7])
      redis.call('SREM', liveKey, otherId)
      redis.call('PEXPIRE', otherKey, ARGV[9])
      redis.call('HSET', callKey, 'callId', callId, 'callerUser', callerUser, 'callerDevice', ARGV[3],
        'callee', callee, 'ringing', ARGV[5], 'state', 'RINGING', 'answeredBy', '0', 'ringDeadline', ARGV[6])
      redis.call('PEXPIRE', callKey, ARGV[8])
      redis.call('SADD', liveKey, callId)
      redis.call('PEXPIRE', liveKey, ARGV[8])
      return {'won', before}
    end
    redis.call('HSET', callKey, 'callId', callId, 'callerUser', callerUser, 'callerDevice', ARGV[3],
      'callee', callee, 'ringing', ARGV[5], 'state', 'ENDED', 'answeredBy', '0', 'ringDeadline', ARGV[6],
      'endReason', 'GLARE', 'endedAt', ARGV[7])
    redis.call('PEXPIRE', callKey, ARGV[9])
    return {'lost', otherId}
  end
end

redis.call('HSET', callKey, 'callId', callId, 'callerUser', callerUser, 'callerDevice', ARGV[3],
  'callee', callee, 'ringing', ARGV[5], 'state', 'RINGING', 'answeredBy', '0', 'ringDeadline', ARGV[6])
redis.call('PEXPIRE', callKey, ARGV[8])
redis.call('SADD', liveKey, callId)
redis.call('PEXPIRE', liveKey, ARGV[8])
return {'ringing'}
