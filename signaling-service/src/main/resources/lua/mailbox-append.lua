-- Appends an envelope to a device's mailbox, in arrival order, unless the mailbox is full.
-- KEYS[1] = mbox:{user}:<device> (hash id -> "expiresAtMs|callId|frame")
-- KEYS[2] = mboxq:{user}:<device> (zset id by sequence)   KEYS[3] = mboxseq:{user}:<device> (counter)
-- KEYS[4], optional = presence:{user} (hash deviceId -> nodeId): given, the device's node is read too
-- ARGV: 1 id, 2 encoded envelope, 3 expiresAtMs, 4 most frames, 5 most bytes, 6 this frame's bytes,
--       7 an upper bound of any one frame's bytes, 8 the device's id,
--       optional: 9 this node's id, 10 the prefix of a node's channel, 11 the frame as the node bus carries it
-- Returns the envelope's sequence number, or 0 when the mailbox is full (nothing written). Given KEYS[4]:
-- {sequence number, the node holding the device's socket or nil, subscribers that heard the frame or -1}, the frame
-- published on the device's node's channel (prefix .. node .. '}') when it was stored, ARGV[9] was given and the
-- device is connected on another node. Not on a cluster: there a node's channel lives on another slot.
local function answer(seq)
  if not KEYS[4] then
    return seq
  end
  local node = redis.call('HGET', KEYS[4], ARGV[8])
  local heard = -1
  if seq > 0 and node and ARGV[9] and node ~= ARGV[9] then
    heard = redis.call('PUBLISH', ARGV[10] .. node .. '}', ARGV[11])
  end
  return {seq, node, heard}
end
local count = redis.call('ZCARD', KEYS[2])
if count >= tonumber(ARGV[4]) then
  return answer(0)
end
-- Adding up the frames' sizes is needed only once enough of them could pass the byte cap.
local maxBytes = tonumber(ARGV[5])
if (count + 1) * tonumber(ARGV[7]) > maxBytes then
  local bytes = tonumber(ARGV[6])
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    -- The stored value is "expiresAtMs|callId|frame": its length bounds the frame's from above.
    bytes = bytes + redis.call('HSTRLEN', KEYS[1], id)
  end
  if bytes > maxBytes then
    return answer(0)
  end
end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
-- The mailbox lives as long as its longest-lived envelope.
local expiresAt = tonumber(ARGV[3])
for i = 1, 3 do
  if redis.call('PEXPIRETIME', KEYS[i]) < expiresAt then
    redis.call('PEXPIREAT', KEYS[i], expiresAt)
  end
end
return answer(seq)
