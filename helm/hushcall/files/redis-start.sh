#!/bin/sh
# Starts the bundled Redis (the chart's redis StatefulSet). A backup copied to $REDIS_DATA/restore.rdb is loaded
# first (docs/operations.md, "Backup and restore"): Redis ignores an RDB file while appendonly is on and would
# start empty, so the restore runs Redis once with appendonly off, turns it on (Redis then writes a new AOF from
# the loaded data), waits for that rewrite and stops; the backup is renamed so it is loaded once only.
# The password comes from the environment (REDIS_PASSWORD, REDISCLI_AUTH), never from a file.
set -eu
conf=${REDIS_CONF:-/etc/redis/redis.conf}
data=${REDIS_DATA:-/data}
if [ -f "$data/restore.rdb" ]; then
  echo "restore: loading $data/restore.rdb"
  rm -rf "$data/appendonlydir"
  redis-server "$conf" --dir "$data" --appendonly no --dbfilename restore.rdb --requirepass "$REDIS_PASSWORD" &
  pid=$!
  port=$(sed -n 's/^port //p' "$conf")
  until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; do
    kill -0 "$pid" 2>/dev/null || { echo "restore: Redis could not load $data/restore.rdb" >&2; exit 1; }
    sleep 1
  done
  echo "restore: $(redis-cli -p "$port" dbsize) keys loaded; writing the append-only file"
  redis-cli -p "$port" config set appendonly yes >/dev/null
  while redis-cli -p "$port" info persistence | grep -Eq '^aof_rewrite_(in_progress|scheduled):1'; do
    sleep 1
  done
  if ! redis-cli -p "$port" info persistence | grep -q '^aof_last_bgrewrite_status:ok'; then
    echo "restore: writing the append-only file failed; $data/restore.rdb is kept" >&2
    exit 1
  fi
  redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
  wait "$pid" || true
  mv "$data/restore.rdb" "$data/restored-$(date -u +%Y%m%dT%H%M%SZ).rdb"
  echo "restore: done"
fi
exec redis-server "$conf" --dir "$data" --requirepass "$REDIS_PASSWORD"
