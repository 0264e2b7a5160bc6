#!/usr/bin/env bash
# Runs coturn in the foreground for local development, on loopback, with the test configuration
# (or the production template with --prod). Ctrl-C stops it. Never installs or starts a system service.
#
#   HUSHCALL_TURN_SECRETS="$(openssl rand -base64 32)" turn-config/run.sh
#   then start the service with --hushcall.turn.secrets=<the same value>
#
# Environment (defaults in brackets):
#   HUSHCALL_TURN_SECRETS  comma-separated secrets, newest first  [required]
#   TURN_REALM             [hushcall.local]      TURN_PORT     [3478]
#   TURN_LISTENING_IP      comma-separated       [127.0.0.1]
#   TURN_RELAY_IP          [same as listening]
#   TURN_EXTERNAL_IP       public address behind 1:1 NAT, plain form only [none: relays advertise themselves].
#                          It replaces the relay address of every family, so give TURN_RELAY_IP of its family only.
#   TURN_MIN_PORT/TURN_MAX_PORT                  [49160/49200]
#   --prod only: TURN_TLS_PORT [5349], TURN_CERT, TURN_PKEY (PEM files; default: a self-signed pair made here)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
template="$here/turnserver.test.conf.template"
[ "${1:-}" = "--prod" ] && template="$here/turnserver.prod.conf.template"

if ! command -v turnserver >/dev/null; then
  echo "coturn is not installed: apt-get install -y coturn (this script never starts its system service)" >&2
  exit 1
fi
: "${HUSHCALL_TURN_SECRETS:?set HUSHCALL_TURN_SECRETS to the same value as hushcall.turn.secrets (openssl rand -base64 32)}"

run_dir="$(mktemp -d -t hushcall-coturn.XXXXXX)"
pid=""
# The run directory holds the secret in clear: remove it however the script ends, once coturn is gone. No
# errexit in here (a failing `wait` on a killed coturn would end the trap before the rm), each trap runs once, and
# a coturn still alive 5 s after SIGTERM (seen once while it was starting) is killed.
cleanup() {
  set +e
  trap - EXIT INT TERM
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
listening="${TURN_LISTENING_IP:-127.0.0.1}"
relay="${TURN_RELAY_IP:-$listening}"
cert="${TURN_CERT:-}"; pkey="${TURN_PKEY:-}"
if [ "$template" = "$here/turnserver.prod.conf.template" ] && [ -z "$cert" ]; then
  cert="$run_dir/cert.pem"; pkey="$run_dir/key.pem"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$pkey" -out "$cert" 2>/dev/null
fi

# One NAME=v1,v2 pair per placeholder; a line holding a placeholder with n values becomes n lines.
awk -v values="SECRET=${HUSHCALL_TURN_SECRETS}
REALM=${TURN_REALM:-hushcall.local}
LISTENING_IP=${listening}
RELAY_IP=${relay}
EXTERNAL_IP=${TURN_EXTERNAL_IP:-}
PORT=${TURN_PORT:-3478}
TLS_PORT=${TURN_TLS_PORT:-5349}
CERT=${cert}
PKEY=${pkey}
MIN_PORT=${TURN_MIN_PORT:-49160}
MAX_PORT=${TURN_MAX_PORT:-49200}
RUN_DIR=${run_dir}" '
BEGIN { n = split(values, pairs, "\n"); for (i = 1; i <= n; i++) { eq = index(pairs[i], "="); v[substr(pairs[i], 1, eq - 1)] = substr(pairs[i], eq + 1) } }
{
  if ($0 !~ /^#/ && match($0, /@@[A-Z_]+@@/)) {
    name = substr($0, RSTART + 2, RLENGTH - 4)
    if (!(name in v)) { print "unknown placeholder " name > "/dev/stderr"; exit 1 }
    k = split(v[name], each, ",")
    for (j = 1; j <= k; j++) { line = $0; gsub("@@" name "@@", each[j], line); print line }
  } else print
}' "$template" > "$run_dir/turnserver.conf"
chmod 600 "$run_dir/turnserver.conf"

echo "coturn on ${listening}:${TURN_PORT:-3478} with $(basename "$template"); config in $run_dir" >&2
turnserver -c "$run_dir/turnserver.conf" &
pid=$!
wait "$pid"
