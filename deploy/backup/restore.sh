#!/bin/sh
# Tracera restore: puts one backup folder (written by backup.sh) back into an EMPTY Postgres database, an
# empty data folder of a STOPPED core Redis and an empty files volume. It checks every checksum and every
# target before it changes anything, and refuses targets that already hold data.
#
# Usage: restore.sh [--only postgres|redis|files] <backup folder>
#   --only   restore one part (e.g. to run the Redis part as the Redis user); repeatable; default all three
# Environment:
#   DATABASE_URL      target database URL; or PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE
#   REDIS_DATA_DIR    the core Redis data folder (its "dir"); Redis must be stopped
#   REDIS_APPENDONLY  yes (default, as production runs) or no: whether that Redis runs with AOF
#   FILES_DIR         the content service's files volume
set -eu

log() { printf '%s restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() {
  log "ERROR: $*"
  exit 1
}
usage() {
  echo 'usage: tracera-restore (deploy/backup/restore.sh) [--only postgres|redis|files]... <backup folder>' >&2
  exit 2
}

parts=''
while [ $# -gt 0 ]; do
  case "$1" in
  --only)
    [ $# -ge 2 ] || usage
    case "$2" in postgres | redis | files) parts="$parts $2" ;; *) usage ;; esac
    shift 2
    ;;
  --help | -h) usage ;;
  -*) usage ;;
  *) break ;;
  esac
done
[ $# -eq 1 ] || usage
backup="${1%/}"
parts="${parts:- postgres redis files}"
wants() { case " $parts " in *" $1 "*) return 0 ;; *) return 1 ;; esac }

[ -d "$backup" ] || fail "$backup is not a folder"
manifest="$backup/manifest.txt"
[ -f "$manifest" ] || fail "$manifest is missing: not a complete backup"
grep -qx 'format tracera-backup 1' "$manifest" || fail "$manifest is not a tracera-backup 1 manifest"

# ---- 1. verify --------------------------------------------------------------------------------------------
part_file() {
  case "$1" in postgres) echo postgres.dump ;; redis) echo redis.rdb ;; files) echo files.tar ;; esac
}
for part in $parts; do
  name=$(part_file "$part")
  line=$(grep "^file $name " "$manifest" || true)
  [ -n "$line" ] || fail "the manifest lists no $name"
  expected_size=$(echo "$line" | cut -d ' ' -f 3)
  expected_sha=$(echo "$line" | cut -d ' ' -f 4)
  [ -f "$backup/$name" ] || fail "$backup/$name is missing"
  size=$(wc -c <"$backup/$name" | tr -d ' ')
  [ "$size" = "$expected_size" ] || fail "$name is $size bytes, the manifest says $expected_size: refusing to restore"
  sha=$(sha256sum "$backup/$name" | cut -d ' ' -f 1)
  [ "$sha" = "$expected_sha" ] || fail "$name does not match its sha256 in the manifest: refusing to restore"
  log "verified $name ($size bytes, sha256 $sha)"
done

# ---- 2. check every target before touching any ------------------------------------------------------------
psql_query() {
  if [ -n "${DATABASE_URL:-}" ]; then
    psql --no-psqlrc --no-password -X -q -v ON_ERROR_STOP=1 -At --dbname="$DATABASE_URL" -c "$1"
  else
    psql --no-psqlrc --no-password -X -q -v ON_ERROR_STOP=1 -At -c "$1"
  fi
}

# Tables, views and sequences of anyone but PostgreSQL itself and installed extensions (TimescaleDB's catalog).
USER_RELATIONS="SELECT coalesce(string_agg(n.nspname || '.' || c.relname, ', ' ORDER BY 1), '')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
   AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')"
USER_SCHEMAS="SELECT coalesce(string_agg(n.nspname, ', ' ORDER BY 1), '') FROM pg_namespace n
 WHERE n.nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
   AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')"

redis_data_present() {
  for name in dump.rdb appendonlydir appendonly.aof; do
    if [ -e "$REDIS_DATA_DIR/$name" ]; then return 0; fi
  done
  return 1
}

# An empty files volume may still hold lost+found (ext4 mount) or the content service's empty tmp/.
files_present() {
  for entry in "$FILES_DIR"/* "$FILES_DIR"/.[!.]* "$FILES_DIR"/..?*; do
    [ -e "$entry" ] || continue
    case "${entry##*/}" in
    lost+found) continue ;;
    tmp) if [ -z "$(ls -A "$entry")" ]; then continue; fi ;;
    esac
    return 0
  done
  return 1
}

if wants postgres; then
  for tool in psql pg_restore; do command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"; done
  [ -n "${DATABASE_URL:-}" ] || [ -n "${PGDATABASE:-}" ] || fail 'set DATABASE_URL (or PGDATABASE and PGHOST…)'
  relations=$(psql_query "$USER_RELATIONS") || fail 'cannot query the target database'
  schemas=$(psql_query "$USER_SCHEMAS")
  if [ -n "$relations$schemas" ]; then
    fail "the target database is not empty (schemas: ${schemas:-none}; relations: ${relations:-none}). Restore
  only into a new database: DROP DATABASE and CREATE DATABASE it (compose: remove the timescaledb_data volume)."
  fi
  dump_has_timescaledb=false
  if pg_restore --list "$backup/postgres.dump" | grep -q ' EXTENSION - timescaledb '; then dump_has_timescaledb=true; fi
  if [ "$dump_has_timescaledb" = true ] &&
    [ "$(psql_query "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")" = 0 ]; then
    fail 'the backup uses TimescaleDB but the target server does not have the extension'
  fi
fi
if wants redis; then
  : "${REDIS_DATA_DIR:?REDIS_DATA_DIR must name the stopped core Redis data folder}"
  REDIS_APPENDONLY="${REDIS_APPENDONLY:-yes}"
  case "$REDIS_APPENDONLY" in yes | no) ;; *) fail 'REDIS_APPENDONLY must be yes or no' ;; esac
  command -v redis-server >/dev/null 2>&1 || fail 'redis-server is not on PATH'
  command -v redis-cli >/dev/null 2>&1 || fail 'redis-cli is not on PATH'
  mkdir -p "$REDIS_DATA_DIR"
  if redis_data_present; then
    fail "$REDIS_DATA_DIR already holds Redis data (dump.rdb or appendonlydir): stop Redis and empty it first"
  fi
fi
if wants files; then
  : "${FILES_DIR:?FILES_DIR must name the files volume to restore into}"
  mkdir -p "$FILES_DIR"
  if files_present; then fail "$FILES_DIR is not empty: restore only into an empty files volume"; fi
fi

# ---- 3. restore -------------------------------------------------------------------------------------------
restore_postgres() {
  if [ "$dump_has_timescaledb" = true ]; then
    psql_query 'CREATE EXTENSION IF NOT EXISTS timescaledb' >/dev/null
  fi
  timescaledb=$(psql_query "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")
  if [ "$timescaledb" != 0 ]; then
    log 'postgres: SELECT timescaledb_pre_restore()'
    psql_query 'SELECT timescaledb_pre_restore()' >/dev/null
  fi
  log 'postgres: pg_restore --no-owner --exit-on-error'
  restored=true
  pg_restore --no-owner --exit-on-error --no-password --dbname="${DATABASE_URL:-$PGDATABASE}" \
    "$backup/postgres.dump" || restored=false
  if [ "$timescaledb" != 0 ]; then
    log 'postgres: SELECT timescaledb_post_restore()'
    psql_query 'SELECT timescaledb_post_restore()' >/dev/null
  fi
  [ "$restored" = true ] || fail 'pg_restore failed: the target database is partly restored; drop and create it again'
  psql_query 'ANALYZE' >/dev/null
  log "postgres: restored ($(psql_query "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
    AND nspname NOT LIKE '%timescaledb%' AND nspname NOT IN ('information_schema', 'public')") schemas)"
}

# A Redis started with appendonly yes and no AOF ignores dump.rdb and starts empty (then overwrites dump.rdb
# at shutdown). So a temporary server without AOF loads the snapshot, then writes the AOF from it.
restore_redis_aof() {
  socket_dir=$(mktemp -d)
  socket="$socket_dir/redis.sock"
  redis-server --port 0 --unixsocket "$socket" --unixsocketperm 700 --dir "$REDIS_DATA_DIR" \
    --dbfilename dump.rdb --appendonly no --appenddirname appendonlydir --save '' --daemonize no \
    --logfile "$socket_dir/redis.log" &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; rm -rf "$socket_dir"' EXIT
  cli() { redis-cli -s "$socket" "$@"; }
  tries=0
  until [ "$(cli ping 2>/dev/null)" = PONG ]; do
    tries=$((tries + 1))
    if ! kill -0 "$server" 2>/dev/null || [ "$tries" -gt 600 ]; then
      cat "$socket_dir/redis.log" >&2 || true
      fail 'the temporary redis-server did not load the snapshot'
    fi
    sleep 0.5
  done
  keys=$(cli dbsize)
  [ "$(cli config set appendonly yes)" = OK ] || fail 'CONFIG SET appendonly yes failed'
  tries=0
  until cli info persistence | tr -d '\r' | grep -q '^aof_rewrite_in_progress:0$' &&
    cli info persistence | tr -d '\r' | grep -q '^aof_rewrite_scheduled:0$' &&
    cli info persistence | tr -d '\r' | grep -q '^aof_enabled:1$'; do
    tries=$((tries + 1))
    [ "$tries" -le 1200 ] || fail 'the AOF rewrite did not finish within 10 minutes'
    sleep 0.5
  done
  cli info persistence | tr -d '\r' | grep -q '^aof_last_bgrewrite_status:ok$' || fail 'the AOF rewrite failed'
  cli shutdown save >/dev/null 2>&1 || true
  wait "$server" || true
  trap - EXIT
  rm -rf "$socket_dir"
  [ -d "$REDIS_DATA_DIR/appendonlydir" ] || fail 'no appendonlydir was written'
  log "redis: $keys keys loaded; wrote dump.rdb and appendonlydir/ in $REDIS_DATA_DIR"
}

restore_redis() {
  # Copy under a temporary name first: a half-copied dump.rdb must never be what Redis finds.
  cp "$backup/redis.rdb" "$REDIS_DATA_DIR/.restoring-dump.rdb"
  mv "$REDIS_DATA_DIR/.restoring-dump.rdb" "$REDIS_DATA_DIR/dump.rdb"
  if [ "$REDIS_APPENDONLY" = yes ]; then
    restore_redis_aof
  else
    log "redis: wrote $REDIS_DATA_DIR/dump.rdb"
  fi
}

restore_files() {
  tar -C "$FILES_DIR" -xf "$backup/files.tar"
  log "files: extracted into $FILES_DIR"
}

log "restoring$parts from $backup ($(sed -n 's/^tracera_version //p' "$manifest"), taken $(sed -n 's/^started_at //p' "$manifest"))"
if wants postgres; then restore_postgres; fi
if wants redis; then restore_redis; fi
if wants files; then restore_files; fi

cat >&2 <<EOF
Restored$parts from $backup.
Next: start the core Redis (on the restored data folder) and TimescaleDB, then run the migrations (they
apply only what is newer than the backup) and start the services:
  docker compose -f compose.prod.yml up -d        # compose: migrate runs first, the apps wait for it
  npm start                                        # local stack
EOF
