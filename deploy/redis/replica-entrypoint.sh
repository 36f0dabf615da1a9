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
# shellcheck source=data-node.sh
. "$config_dir/data-node.sh"

master_host="${REDIS_MASTER_HOST:-redis}"
master_port="${REDIS_MASTER_PORT:-6379}"
case "$master_port" in
'' | *[!0-9]*) fail "REDIS_MASTER_PORT '$master_port' is not a port number" ;;
esac

exec_data_node redis-replica "$(redis_config_line replicaof "$master_host" "$master_port")" "$@"
