-- Claims a client frame's id (ws.ReplyCache): "1" once its frame was handled (done), "p<ms>" while a handler that
-- claimed it at <ms> is at work. A claim older than the lease belongs to a handler whose node is taken for dead, and is
-- taken over.
-- KEYS[1] = reply:{user}:<device>:<frameId>
-- ARGV: 1 now (ms, the claiming node's clock), 2 when the claim expires (ms), 3 the lease (ms)
-- Returns {0, 0}: claimed now; {1, 0}: done before; {2, wait}: another handler's claim, free in wait ms.
local held = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
if held == '1' then
  return {1, 0}
end
if held then
  local left = tonumber(string.sub(held, 2)) + tonumber(ARGV[3]) - now
  if left > 0 then
    return {2, left}
  end
end
redis.call('SET', KEYS[1], 'p' .. ARGV[1], 'PXAT', ARGV[2])
return {0, 0}
