#!/bin/sh
# Fills the secrets compose.prod.yml requires into an env file (default ./.env) with random URL-safe values
# (64 hex characters, 256 bits), so they work inside DATABASE_URL and redis:// URLs unescaped.
# A secret that already has a value is kept; an empty `NAME=` line gets the value in place; a missing one is
# appended. The file is created (mode 600) when it does not exist. Prints what it did, never the secrets.
#
# Usage: sh deploy/compose/generate-secrets.sh [env file]
set -eu

SECRETS='POSTGRES_PASSWORD
CACHE_REDIS_PASSWORD
REDIS_ADMIN_PASSWORD
REDIS_GATEWAY_PASSWORD
REDIS_AUTH_PASSWORD
REDIS_CONTENT_PASSWORD
REDIS_SEARCH_CACHE_PASSWORD
REDIS_MESSAGING_PASSWORD
REDIS_ANALYTICS_PASSWORD
REDIS_REPLICATION_PASSWORD
REDIS_MONITOR_PASSWORD
REDIS_BACKUP_PASSWORD
REDIS_SENTINEL_PASSWORD'

env_file="${1:-.env}"

random_secret() {
  # od and /dev/urandom exist in busybox and coreutils alike; hex needs no escaping anywhere.
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

umask 077
if [ ! -e "$env_file" ]; then
  printf '# Tracera compose environment (see .env.example). Secrets written by generate-secrets.sh.\n' >"$env_file"
  echo "created $env_file"
fi
[ -f "$env_file" ] && [ -w "$env_file" ] || {
  echo "generate-secrets: $env_file is not a writable file" >&2
  exit 1
}
# A copied .env.example is world-readable; the secrets are not.
chmod 600 "$env_file"

for name in $SECRETS; do
  current=$(sed -n "s/^$name=//p" "$env_file" | tail -n 1)
  if [ -n "$current" ]; then
    echo "kept $name (already set)"
  elif grep -q "^$name=\$" "$env_file"; then
    # Replace the empty assignment in place (a copy of .env.example has one per secret).
    secret=$(random_secret)
    tmp="$env_file.tmp.$$"
    sed "s/^$name=\$/$name=$secret/" "$env_file" >"$tmp"
    cat "$tmp" >"$env_file"
    rm -f "$tmp"
    echo "generated $name"
  else
    printf '%s=%s\n' "$name" "$(random_secret)" >>"$env_file"
    echo "generated $name"
  fi
done
