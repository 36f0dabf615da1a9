#!/bin/sh
# Replica of the core Redis (profile sentinel): the same core.conf and ACL users as the master, replicating
# REDIS_MASTER_HOST:REDIS_MASTER_PORT (default redis:6379) as user `replication`. Sentinel may promote it.
# Arguments are passed on to redis-server (e.g. --include tls.conf).
# Env: as core-entrypoint.sh, plus REDIS_MASTER_HOST, REDIS_MASTER_PORT; REDIS_ANNOUNCE_HOST defaults to
#      redis-replica here (the name sentinels give clients once this node is promoted).
set -eu

config_dir="${REDIS_CONFIG_DIR:-/usr/local/etc/redis}"
run_dir="${REDIS_RUN_DIR:-/run/redis}"
# shellcheck source=redis-config-quote.sh
. "$config_dir/redis-config-quote.sh"
# shellcheck source=render-acl.sh
. "$config_dir/render-acl.sh"

master_host="${REDIS_MASTER_HOST:-redis}"
master_port="${REDIS_MASTER_PORT:-6379}"
case "$master_port" in
'' | *[!0-9]*) fail "REDIS_MASTER_PORT '$master_port' is not a port number" ;;
esac

announce_host="${REDIS_ANNOUNCE_HOST:-redis-replica}"
case "$announce_host" in
'' | *[!A-Za-z0-9.:-]*) fail "REDIS_ANNOUNCE_HOST '$announce_host' is not a host name or IP address" ;;
esac

[ -d "$run_dir" ] || mkdir -p "$run_dir" || fail "cannot create $run_dir"
render_acl "$config_dir/users.acl.template" "$run_dir/users.acl"
require_config_value REDIS_REPLICATION_PASSWORD

# The master and sentinels learn this node by its service name (replica-announce-ip), not its container IP.
# The password reaches redis-server on stdin (last argument "-"), never on its command line.
exec redis-server "$config_dir/core.conf" --aclfile "$run_dir/users.acl" "$@" - <<CONFIG
$(redis_config_line replicaof "$master_host" "$master_port")
$(redis_config_line replica-announce-ip "$announce_host")
masteruser replication
$(redis_config_line masterauth "$REDIS_REPLICATION_PASSWORD")
CONFIG
