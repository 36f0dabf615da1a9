#!/bin/sh
# Redis Sentinel (profile sentinel): keeps a writable sentinel.conf in REDIS_SENTINEL_DATA_DIR (default /data,
# a volume per sentinel), which Sentinel rewrites as it learns the topology (current master after a failover,
# replicas, other sentinels, epochs), and runs redis-server in sentinel mode. Arguments go to redis-server.
# A fresh file is rendered only when none exists; otherwise the learned state is kept and the settings below
# (passwords, quorum, timeouts, announce name, port) are written again, so changing them needs no reset.
# A new REDIS_SENTINEL_MASTER name starts over from a fresh file (the old master's state is dropped).
# Env: REDIS_SENTINEL_PASSWORD (clients and other sentinels), REDIS_MONITOR_PASSWORD (user `sentinel` on
#      the data nodes), REDIS_SENTINEL_MASTER (default tracera), REDIS_MASTER_HOST (default redis),
#      REDIS_MASTER_PORT (6379), REDIS_SENTINEL_PORT (26379), REDIS_SENTINEL_QUORUM (2),
#      REDIS_SENTINEL_DOWN_AFTER_MS (5000), REDIS_SENTINEL_FAILOVER_TIMEOUT_MS (60000),
#      REDIS_SENTINEL_ANNOUNCE_HOSTNAME (the name other sentinels and clients reach this one by; optional),
#      REDIS_SENTINEL_DATA_DIR (default /data).
set -eu

config_dir="${REDIS_CONFIG_DIR:-/usr/local/etc/redis}"
data_dir="${REDIS_SENTINEL_DATA_DIR:-/data}"
# shellcheck source=redis-config-quote.sh
. "$config_dir/redis-config-quote.sh"

require_config_value REDIS_SENTINEL_PASSWORD
require_config_value REDIS_MONITOR_PASSWORD
# Sentinel writes these back unquoted when it rewrites its file, so they must be single plain words.
for secret in REDIS_SENTINEL_PASSWORD REDIS_MONITOR_PASSWORD; do
  eval "value=\"\${$secret}\""
  case "$value" in
  *[!A-Za-z0-9._~+/=:@%^,-]*) fail "$secret may contain only letters, digits and . _ ~ + / = : @ % ^ , - (Sentinel rewrites it unquoted)" ;;
  esac
done
master="${REDIS_SENTINEL_MASTER:-tracera}"
master_host="${REDIS_MASTER_HOST:-redis}"
master_port="${REDIS_MASTER_PORT:-6379}"
sentinel_port="${REDIS_SENTINEL_PORT:-26379}"
quorum="${REDIS_SENTINEL_QUORUM:-2}"
down_after="${REDIS_SENTINEL_DOWN_AFTER_MS:-5000}"
failover_timeout="${REDIS_SENTINEL_FAILOVER_TIMEOUT_MS:-60000}"
for number in "REDIS_MASTER_PORT=$master_port" "REDIS_SENTINEL_PORT=$sentinel_port" \
  "REDIS_SENTINEL_QUORUM=$quorum" "REDIS_SENTINEL_DOWN_AFTER_MS=$down_after" \
  "REDIS_SENTINEL_FAILOVER_TIMEOUT_MS=$failover_timeout"; do
  case "${number#*=}" in
  '' | *[!0-9]*) fail "${number%%=*} '${number#*=}' is not a whole number" ;;
  esac
done
case "$master" in
'' | *[!A-Za-z0-9._-]*) fail "REDIS_SENTINEL_MASTER '$master' may contain only letters, digits and . _ -" ;;
esac

[ -d "$data_dir" ] || mkdir -p "$data_dir" || fail "cannot create $data_dir"
[ -w "$data_dir" ] || fail "$data_dir is not writable: mount a volume there (one per sentinel)"
conf="$data_dir/sentinel.conf"
umask 077

# What Sentinel learned (sentinel monitor with the current master, known-replica/-sentinel, myid, epochs),
# without the lines this script owns. Sentinel writes `user default` for requirepass, so that goes too.
learned_state() {
  grep -v -E '^(port|dir|requirepass|user default|tls-[a-z-]*|sentinel (resolve-hostnames|announce-hostnames|announce-ip|announce-port|sentinel-pass|auth-user|auth-pass|down-after-milliseconds|failover-timeout|parallel-syncs)) ' "$conf" |
    awk -v master="$master" -v quorum="$quorum" '$1 == "sentinel" && $2 == "monitor" && $3 == master { $6 = quorum } { print }'
}

learned=''
if [ -s "$conf" ]; then
  learned=$(learned_state) || fail "cannot read $conf"
  if ! printf '%s\n' "$learned" | grep -q -E "^sentinel monitor $master "; then
    echo "sentinel entrypoint: $conf does not monitor $master; starting from a fresh configuration" >&2
    learned=''
  fi
fi

{
  echo "port $sentinel_port"
  echo "dir $data_dir"
  # Compose service names, not container IPs (which change on every restart).
  echo 'sentinel resolve-hostnames yes'
  echo 'sentinel announce-hostnames yes'
  if [ -n "${REDIS_SENTINEL_ANNOUNCE_HOSTNAME:-}" ]; then
    redis_config_line 'sentinel announce-ip' "$REDIS_SENTINEL_ANNOUNCE_HOSTNAME"
  fi
  echo "requirepass $REDIS_SENTINEL_PASSWORD"
  # Sentinels log in to each other with the same password.
  echo "sentinel sentinel-pass $REDIS_SENTINEL_PASSWORD"
  if [ -n "$learned" ]; then
    printf '%s\n' "$learned"
  else
    redis_config_line "sentinel monitor $master" "$master_host" "$master_port" "$quorum"
  fi
  echo "sentinel auth-user $master sentinel"
  echo "sentinel auth-pass $master $REDIS_MONITOR_PASSWORD"
  echo "sentinel down-after-milliseconds $master $down_after"
  echo "sentinel failover-timeout $master $failover_timeout"
  echo "sentinel parallel-syncs $master 1"
} >"$conf.partial.$$" || fail "cannot write $conf"
mv "$conf.partial.$$" "$conf"

exec redis-server "$conf" --sentinel "$@"
