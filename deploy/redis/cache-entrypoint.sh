#!/bin/sh
# Cache Redis: runs redis-server with cache.conf, the default user (the only one the services use here)
# with CACHE_REDIS_PASSWORD, and maxmemory from CACHE_REDIS_MAXMEMORY (default 256mb). The user line reaches
# redis-server on stdin with the password's sha256, never on its command line.
# Arguments are passed on to redis-server (e.g. --include tls.conf).
# Env: CACHE_REDIS_PASSWORD (required), CACHE_REDIS_MAXMEMORY; REDIS_CONFIG_DIR (default /usr/local/etc/redis).
set -eu

config_dir="${REDIS_CONFIG_DIR:-/usr/local/etc/redis}"
# shellcheck source=redis-config-quote.sh
. "$config_dir/redis-config-quote.sh"

require_config_value CACHE_REDIS_PASSWORD
maxmemory="${CACHE_REDIS_MAXMEMORY:-256mb}"
case "$maxmemory" in
'' | *[!0-9kKmMgGbB]* | [!0-9]*) fail "CACHE_REDIS_MAXMEMORY '$maxmemory' is not a size like 256mb or 1gb" ;;
esac

password_hash=$(printf '%s' "$CACHE_REDIS_PASSWORD" | sha256sum | cut -d' ' -f1)

# Services read and write cache keys with plain commands and Lua scripts, and run INFO (health, eviction
# policy) and CLIENT SETNAME/ID/SETINFO; everything @admin/@dangerous (FLUSHALL, KEYS, CONFIG, SHUTDOWN,
# DEBUG, MONITOR, ACL, ...) is refused, so a leaked cache password cannot wipe or reconfigure it.
# redis-server reads more configuration from stdin when its last argument is "-".
exec redis-server "$config_dir/cache.conf" --maxmemory "$maxmemory" "$@" - <<CONFIG
user default on #$password_hash resetkeys resetchannels ~* &* +@all -@admin -@dangerous +info +client|setname +client|id +client|getname
CONFIG
