#!/bin/sh
# Makes a private CA and one Redis server certificate for compose.tls.yml (POSIX sh, needs openssl):
#   sh deploy/redis/generate-tls-certs.sh [DIR]        (default: deploy/redis/tls beside this script)
# Writes ca.crt, ca.key, redis.crt, redis.key. The certificate names every Redis host of the compose network
# (redis, redis-cache, redis-replica, sentinel-1..3) plus localhost/127.0.0.1; more with REDIS_TLS_EXTRA_SANS
# (e.g. "DNS:redis.example.org,IP:10.0.0.5"). Existing files are kept unless REDIS_TLS_FORCE=1.
# Afterwards give the redis user of the image (uid 999) read access to redis.key, e.g.
#   sudo chown 999:1000 DIR/redis.key
set -eu

dir="${1:-$(dirname "$0")/tls}"
days="${REDIS_TLS_DAYS:-825}"
sans="DNS:redis,DNS:redis-cache,DNS:redis-replica,DNS:sentinel-1,DNS:sentinel-2,DNS:sentinel-3,DNS:localhost,IP:127.0.0.1"
[ -z "${REDIS_TLS_EXTRA_SANS:-}" ] || sans="$sans,$REDIS_TLS_EXTRA_SANS"

command -v openssl >/dev/null 2>&1 || {
  echo 'generate-tls-certs: openssl is not on PATH' >&2
  exit 1
}
mkdir -p "$dir"
if [ -e "$dir/redis.crt" ] && [ "${REDIS_TLS_FORCE:-0}" != 1 ]; then
  echo "generate-tls-certs: $dir/redis.crt exists; set REDIS_TLS_FORCE=1 to replace it" >&2
  exit 1
fi

umask 077
openssl req -x509 -new -nodes -newkey rsa:3072 -sha256 -days 3650 \
  -subj '/CN=Tracera Redis CA' -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -new -nodes -newkey rsa:2048 -sha256 -subj '/CN=redis' \
  -keyout "$dir/redis.key" -out "$dir/redis.csr" 2>/dev/null
# serverAuth for clients, clientAuth because replicas and sentinels present the same certificate.
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' \
  "$sans" >"$dir/redis.ext"
openssl x509 -req -sha256 -days "$days" -in "$dir/redis.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
  -CAcreateserial -extfile "$dir/redis.ext" -out "$dir/redis.crt" 2>/dev/null
rm -f "$dir/redis.csr" "$dir/redis.ext" "$dir/ca.srl"
# Certificates are public; the server key stays private to its owner (chown it to uid 999 for the image).
chmod 0644 "$dir/ca.crt" "$dir/redis.crt"
chmod 0600 "$dir/ca.key" "$dir/redis.key"
echo "generate-tls-certs: wrote $dir/ca.crt, redis.crt and redis.key (valid $days days) for $sans"
