# Writes redis.conf lines with values quoted for redis' config parser. Sourced (POSIX sh, busybox and
# Debian) by the entrypoints that hand secrets to redis-server on stdin, so they never show in `ps`.

fail() {
  echo "redis entrypoint: $*" >&2
  exit 1
}

newline='
'
carriage_return=$(printf '\r')

# require_config_value NAME: fails unless variable NAME is set, non-empty and on one line.
require_config_value() {
  eval "value=\"\${$1:-}\""
  [ -n "$value" ] || fail "refusing to start: set $1"
  case "$value" in
  *"$newline"* | *"$carriage_return"*) fail "$1 contains a line break" ;;
  esac
}

# redis_config_line DIRECTIVE VALUE...: `DIRECTIVE "VALUE" ...`, backslashes and double quotes escaped.
redis_config_line() {
  line="$1"
  shift
  for value in "$@"; do
    line="$line \"$(printf '%s' "$value" | sed 's/[\\"]/\\&/g')\""
  done
  printf '%s\n' "$line"
}
