-- Applies a verified key upload to an existing device, only while it still has the identity key the
-- upload was verified against; refused whole when a pool would hold more than maxStoredPreKeys.
-- KEYS as in keys-register.lua.
-- ARGV: 1 deviceId; 2 identity key; 3 new signed prekey JSON or ''; 4 new Kyber last-resort JSON or '';
--       5 maxStoredPreKeys; 6.. the pools as in keys-register.lua
-- Returns the KeyStore.UpdateResult's name.
local devices, SPAN = KEYS[1], 4294967296
local id = tonumber(ARGV[1])
local raw = redis.call('HGET', devices, ARGV[1])
if not raw then
  return 'UNKNOWN_DEVICE'
end
local device = cjson.decode(raw)
if device.identityKey ~= ARGV[2] then
  return 'IDENTITY_KEY_MISMATCH'
end
-- Counted like the in-memory store: every uploaded key counts, even one that replaces a waiting id.
local at = 6
for pool = 2, 3 do
  local waiting = redis.call('ZCOUNT', KEYS[pool], id * SPAN, (id + 1) * SPAN - 1)
  if waiting + tonumber(ARGV[at]) > tonumber(ARGV[5]) then
    return 'TOO_MANY_PREKEYS'
  end
  at = at + 1 + 2 * tonumber(ARGV[at])
end
if ARGV[3] ~= '' then
  device.signedPreKey = cjson.decode(ARGV[3])
end
if ARGV[4] ~= '' then
  device.kyberLastResortPreKey = cjson.decode(ARGV[4])
end
redis.call('HSET', devices, ARGV[1], cjson.encode(device))
at = 6
for pool = 2, 3 do
  for _ = 1, tonumber(ARGV[at]) do
    local score = id * SPAN + tonumber(ARGV[at + 1])
    redis.call('ZREMRANGEBYSCORE', KEYS[pool], score, score)
    redis.call('ZADD', KEYS[pool], score, id .. ':' .. ARGV[at + 2])
    at = at + 2
  end
  at = at + 1
end
return 'UPDATED'
