#!/bin/sh
# Core Redis: renders the ACL file (sha256 password hashes, REDIS_KEY_PREFIX in key patterns), then runs
# redis-server with core.conf. Arguments are passed on to redis-server (e.g. --include tls.conf).
# Env: REDIS_*_PASSWORD (see users.acl.template), REDIS_KEY_PREFIX (default tr:), REDIS_ANNOUNCE_HOST
#      (default redis: the name this node gives its master when it is a replica); REDIS_CONFIG_DIR (default /usr/local/etc/redis), REDIS_RUN_DIR (default /run/redis) for tests.
set -eu

config_dir="${REDIS_CONFIG_DIR:-/usr/local/etc/redis}"
run_dir="${REDIS_RUN_DIR:-/run/redis}"
# shellcheck source=redis-config-quote.sh
. "$config_dir/redis-config-quote.sh"
# shellcheck source=render-acl.sh
. "$config_dir/render-acl.sh"

announce_host="${REDIS_ANNOUNCE_HOST:-redis}"
case "$announce_host" in
'' | *[!A-Za-z0-9.:-]*) fail "REDIS_ANNOUNCE_HOST '$announce_host' is not a host name or IP address" ;;
esac

[ -d "$run_dir" ] || mkdir -p "$run_dir" || fail "cannot create $run_dir"
render_acl "$config_dir/users.acl.template" "$run_dir/users.acl"
require_config_value REDIS_REPLICATION_PASSWORD

# After a Sentinel failover this node may be told to replicate the new master: it logs in as `replication`
# and announces its service name, so sentinels hand clients a stable, certificate-matching host, not an IP.
# The password reaches redis-server on stdin (last argument "-"), never on its command line.
exec redis-server "$config_dir/core.conf" --aclfile "$run_dir/users.acl" "$@" - <<CONFIG
$(redis_config_line replica-announce-ip "$announce_host")
masteruser replication
$(redis_config_line masterauth "$REDIS_REPLICATION_PASSWORD")
CONFIG
