# What the core Redis and its replica share: both hold the dataset with the same ACL users and either may
# replicate the other after a Sentinel failover. Sourced (POSIX sh, busybox and Debian) by core-entrypoint.sh
# and replica-entrypoint.sh after redis-config-quote.sh and render-acl.sh, with config_dir and run_dir set.
#   exec_data_node DEFAULT_ANNOUNCE_HOST EXTRA_CONFIG [REDIS-SERVER ARG]...
# Env: REDIS_ANNOUNCE_HOST (default DEFAULT_ANNOUNCE_HOST), REDIS_REPLICATION_PASSWORD, the ACL passwords.
exec_data_node() {
  announce_host="${REDIS_ANNOUNCE_HOST:-$1}"
  extra_config="$2"
  shift 2
  case "$announce_host" in
  '' | *[!A-Za-z0-9.:-]*) fail "REDIS_ANNOUNCE_HOST '$announce_host' is not a host name or IP address" ;;
  esac

  [ -d "$run_dir" ] || mkdir -p "$run_dir" || fail "cannot create $run_dir"
  render_acl "$config_dir/users.acl.template" "$run_dir/users.acl"
  require_config_value REDIS_REPLICATION_PASSWORD

  # A replica (now, or after a failover) logs in as `replication` and announces its service name, so
  # sentinels hand clients a stable, certificate-matching host, not a container IP. The password reaches
  # redis-server on stdin (last argument "-"), never on its command line.
  exec redis-server "$config_dir/core.conf" --aclfile "$run_dir/users.acl" "$@" - <<CONFIG
$extra_config
$(redis_config_line replica-announce-ip "$announce_host")
masteruser replication
$(redis_config_line masterauth "$REDIS_REPLICATION_PASSWORD")
CONFIG
}
