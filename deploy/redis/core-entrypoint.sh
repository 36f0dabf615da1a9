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
# shellcheck source=data-node.sh
. "$config_dir/data-node.sh"

exec_data_node redis '' "$@"
