-- Registers a new device under the smallest free id, or replaces every key of an existing device.
-- KEYS[1] = devices:{user}       hash   deviceId -> device keys (JSON)
-- KEYS[2] = ecprekeys:{user}     zset   "<deviceId>:<key JSON>" scored deviceId * 2^32 + keyId
-- KEYS[3] = kyberprekeys:{user}  zset   the same for one-time Kyber keys
-- KEYS[4] = devicegen:{user}     hash   deviceId -> registration generation
-- KEYS[5] = heldids:{user}       hash   deviceId -> epoch ms before which a removed device's id is not handed out
-- ARGV: 1 deviceId to replace, or 0 for a new device; 2 maxDevices; 3 device keys JSON; 4 new generation; 5 nowMs;
--       6.. the pools: EC count n, n pairs (keyId, key JSON), then Kyber count m, m pairs
-- Returns {device id, generation replaced ('' for a new device, '0' for one registered before generations)},
-- or {0, ''} when the cap is reached (new) or the device does not exist (replace).
local devices, SPAN = KEYS[1], 4294967296
local id = tonumber(ARGV[1])
local replaced = ''
if id == 0 then
  if redis.call('HLEN', devices) >= tonumber(ARGV[2]) then
    return {0, ''}
  end
  local now = tonumber(ARGV[5])
  local held = redis.call('HGETALL', KEYS[5])
  local busy = {}
  for i = 1, #held, 2 do
    if tonumber(held[i + 1]) > now then
      busy[held[i]] = true
    else
      redis.call('HDEL', KEYS[5], held[i])
    end
  end
  id = 1
  while busy[tostring(id)] or redis.call('HEXISTS', devices, id) == 1 do
    id = id + 1
  end
elseif redis.call('HEXISTS', devices, id) == 0 then
  return {0, ''}
else
  replaced = redis.call('HGET', KEYS[4], id) or '0'
end
redis.call('HSET', devices, id, ARGV[3])
redis.call('HSET', KEYS[4], id, ARGV[4])
local at = 6
for pool = 2, 3 do
  -- Re-registration starts the pools afresh; a new id's ranges are empty already.
  redis.call('ZREMRANGEBYSCORE', KEYS[pool], id * SPAN, (id + 1) * SPAN - 1)
  for _ = 1, tonumber(ARGV[at]) do
    local score = id * SPAN + tonumber(ARGV[at + 1])
    -- A key id given twice keeps its last key, as a map would.
    redis.call('ZREMRANGEBYSCORE', KEYS[pool], score, score)
    redis.call('ZADD', KEYS[pool], score, id .. ':' .. ARGV[at + 2])
    at = at + 2
  end
  at = at + 1
end
return {id, replaced}
