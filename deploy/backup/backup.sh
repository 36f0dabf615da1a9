#!/bin/sh
# Tracera backup: one timestamped folder under BACKUP_DIR holding a Redis core RDB snapshot, a pg_dump -Fc of
# the whole database, a tar of the files volume and a manifest with their sizes and sha256 checksums.
# A folder is built under a hidden ".partial-" name and renamed only once complete, so a folder named
# tracera-<timestamp> is always a finished backup.
#
# Environment:
#   BACKUP_DIR        where backups go (required)
#   BACKUP_KEEP       how many complete backups to keep (default 7)
#   BACKUP_INTERVAL   when set (e.g. 3600, 90m, 6h, 1d), back up in a loop with this pause; else once
#   DATABASE_URL      Postgres connection URL; or the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
#   REDIS_HOST        core Redis host (default redis), REDIS_PORT (default 6379)
#   REDIS_USERNAME    ACL user (compose: backup; empty = default user)
#   REDISCLI_AUTH     its password (REDIS_BACKUP_PASSWORD is used when REDISCLI_AUTH is unset)
#   REDIS_TLS         true to connect with TLS; REDIS_TLS_CA_FILE: CA bundle to verify the server with
#   FILES_DIR         the content service's files volume (required)
#   TRACERA_VERSION   recorded in the manifest when set
set -eu

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() {
  log "ERROR: $*"
  exit 1
}

: "${BACKUP_DIR:?BACKUP_DIR must name the folder backups are written to}"
: "${FILES_DIR:?FILES_DIR must name the files volume to back up}"
BACKUP_KEEP="${BACKUP_KEEP:-7}"
REDIS_HOST="${REDIS_HOST:-redis}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_USERNAME="${REDIS_USERNAME:-}"
if [ -z "${REDISCLI_AUTH:-}" ] && [ -n "${REDIS_BACKUP_PASSWORD:-}" ]; then
  REDISCLI_AUTH="$REDIS_BACKUP_PASSWORD"
fi
# redis-cli reads the password from REDISCLI_AUTH, which keeps it out of the process list.
if [ -n "${REDISCLI_AUTH:-}" ]; then export REDISCLI_AUTH; fi

case "$BACKUP_KEEP" in
'' | *[!0-9]*) fail "BACKUP_KEEP must be a whole number, not '$BACKUP_KEEP'" ;;
esac
[ "$BACKUP_KEEP" -ge 1 ] || fail 'BACKUP_KEEP must be at least 1'
[ -d "$FILES_DIR" ] || fail "FILES_DIR $FILES_DIR is not a folder"
for tool in pg_dump pg_restore redis-cli tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done

# pg_dump takes the database as a connection string argument, or from the PG* variables when none is given.
pg_dump_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    pg_dump -Fc --no-password --dbname="$DATABASE_URL" --file="$1"
  else
    pg_dump -Fc --no-password --file="$1"
  fi
}

redis_cli() {
  set -- -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
  if [ -n "$REDIS_USERNAME" ]; then set -- --user "$REDIS_USERNAME" "$@"; fi
  if [ "${REDIS_TLS:-false}" = true ]; then
    if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then set -- --cacert "$REDIS_TLS_CA_FILE" "$@"; fi
    set -- --tls "$@"
  fi
  redis-cli --no-auth-warning "$@"
}

# Everything in the files volume but the content service's tmp/ folder (uploads still being written).
archive_files() {
  archive="$1"
  set --
  for entry in "$FILES_DIR"/* "$FILES_DIR"/.[!.]* "$FILES_DIR"/..?*; do
    [ -e "$entry" ] || continue
    [ "${entry##*/}" = tmp ] && continue
    set -- "$@" "${entry##*/}"
  done
  if [ $# -eq 0 ]; then set -- .; fi
  tar -C "$FILES_DIR" -cf "$archive" "$@"
}

file_size() { wc -c <"$1" | tr -d ' '; }
file_sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Keeps the newest BACKUP_KEEP complete backups; removes partial folders a killed run left over a day ago.
apply_retention() {
  for dir in "$BACKUP_DIR"/tracera-*; do
    if [ -f "$dir/manifest.txt" ]; then printf '%s\n' "$dir"; fi
  done | sort -r | tail -n "+$((BACKUP_KEEP + 1))" | while IFS= read -r dir; do
    log "retention: removing $dir (keeping the newest $BACKUP_KEEP)"
    rm -rf "$dir"
  done
  find "$BACKUP_DIR" -maxdepth 1 -type d -name '.partial-tracera-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
}

backup_once() {
  mkdir -p "$BACKUP_DIR"
  name="tracera-$(date -u +%Y%m%dT%H%M%SZ)"
  final="$BACKUP_DIR/$name"
  partial="$BACKUP_DIR/.partial-$name"
  [ ! -e "$final" ] && [ ! -e "$partial" ] || fail "$final already exists (two backups in one second?)"
  mkdir "$partial"
  # A failed run leaves nothing that looks like a backup.
  trap 'rm -rf "$partial"' EXIT
  trap 'exit 1' INT TERM HUP
  started_at=$(now)
  log "writing $final"

  # Redis first, then Postgres right after: the outbox relay republishes what was published in the last
  # 10 s before a Redis run change, which covers events published between the two snapshots.
  redis_cli --rdb "$partial/redis.rdb" >/dev/null || fail "redis-cli --rdb from $REDIS_HOST:$REDIS_PORT failed"
  redis_done_at=$(now)
  log "redis: $(file_size "$partial/redis.rdb") bytes"

  pg_started_at=$(now)
  pg_dump_database "$partial/postgres.dump" || fail 'pg_dump failed'
  log "postgres: $(file_size "$partial/postgres.dump") bytes"

  archive_files "$partial/files.tar" || fail "tar of $FILES_DIR failed"
  log "files: $(file_size "$partial/files.tar") bytes"

  postgres_server=$(pg_restore --list "$partial/postgres.dump" | sed -n 's/^;[[:space:]]*Dumped from database version: //p')
  {
    echo 'format tracera-backup 1'
    echo "name $name"
    echo "tracera_version ${TRACERA_VERSION:-unknown}"
    echo "started_at $started_at"
    echo "redis_snapshot_at $redis_done_at"
    echo "postgres_snapshot_at $pg_started_at"
    echo "finished_at $(now)"
    echo "postgres_server $postgres_server"
    echo "pg_dump $(pg_dump --version)"
    echo "redis_cli $(redis-cli --version)"
    echo "tar $(tar --version 2>&1 | head -n 1)"
    for part in redis.rdb postgres.dump files.tar; do
      echo "file $part $(file_size "$partial/$part") $(file_sha256 "$partial/$part")"
    done
  } >"$partial/manifest.tmp"
  mv "$partial/manifest.tmp" "$partial/manifest.txt"
  mv "$partial" "$final"
  trap - EXIT INT TERM HUP
  log "complete: $final"
  apply_retention
  printf '%s\n' "$final"
}

interval_seconds() {
  case "$1" in
  *[!0-9smhd]* | '') fail "BACKUP_INTERVAL must look like 3600, 90m, 6h or 1d, not '$1'" ;;
  *d) echo $((${1%d} * 86400)) ;;
  *h) echo $((${1%h} * 3600)) ;;
  *m) echo $((${1%m} * 60)) ;;
  *s) echo "${1%s}" ;;
  *) echo "$1" ;;
  esac
}

if [ -z "${BACKUP_INTERVAL:-}" ]; then
  backup_once
  exit 0
fi

pause=$(interval_seconds "$BACKUP_INTERVAL")
# As a container's PID 1 the shell ignores signals it has no handler for; docker stop must end the loop.
sleeper=''
trap 'if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null; fi; exit 0' INT TERM
log "backing up every $BACKUP_INTERVAL, keeping $BACKUP_KEEP"
while :; do
  # A failed run is logged and retried at the next interval; the loop itself keeps going.
  (backup_once) || log "this backup failed; next attempt in $BACKUP_INTERVAL"
  sleep "$pause" &
  sleeper=$!
  wait "$sleeper"
  sleeper=''
done
