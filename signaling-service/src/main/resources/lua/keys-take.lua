-- One bundle per device, ascending by id: pops each device's one-time EC key and one-time Kyber key with
-- the lowest key id, so however many fetches run at once each key is handed out exactly once.
-- KEYS as in keys-register.lua.   ARGV: 1 a device id (optional): that device's bundle only, none if it is unknown.
-- Returns {deviceId, device keys JSON, EC member or false, Kyber member or false, ...}; false means the
-- pool is empty (the caller serves the last-resort Kyber key, and no EC key).
local SPAN = 4294967296
local flat
if ARGV[1] then
  local one = redis.call('HGET', KEYS[1], ARGV[1])
  flat = one and {ARGV[1], one} or {}
else
  flat = redis.call('HGETALL', KEYS[1])
end
local ids, devices = {}, {}
for i = 1, #flat, 2 do
  local id = tonumber(flat[i])
  ids[#ids + 1] = id
  devices[id] = flat[i + 1]
end
table.sort(ids)
local function pop(pool, id)
  local first = redis.call('ZRANGE', pool, id * SPAN, (id + 1) * SPAN - 1, 'BYSCORE', 'LIMIT', 0, 1)[1]
  if not first then
    return false
  end
  redis.call('ZREM', pool, first)
  return first
end
local bundles = {}
for _, id in ipairs(ids) do
  bundles[#bundles + 1] = id
  bundles[#bundles + 1] = devices[id]
  bundles[#bundles + 1] = pop(KEYS[2], id)
  bundles[#bundles + 1] = pop(KEYS[3], id)
end
return bundles
