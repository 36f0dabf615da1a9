#!/bin/sh
# Runs a command the way compose.prod.yml runs a service container: every mount read-only, a fresh tmpfs
# on /tmp, only the given data directories writable, uid/gid 65532 with no capabilities and
# no-new-privileges. Must start as root inside its own mount namespace:
#   unshare -m --propagation private sh hardened-sandbox.sh \
#     --stage DIR [--writable DIR]... [--readable DIR]... [--uid N] [--cwd DIR] -- COMMAND [ARG]...
# --stage: an empty directory that the fresh /tmp is assembled on before it is moved over /tmp.
# --readable: a directory the command reads (the checkout); one under /tmp stays visible, read-only.
set -eu

fail() {
  echo "hardened-sandbox: $*" >&2
  exit 125
}

stage=''
writable=''
readable=''
uid=65532
workdir=/
while [ "$#" -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --writable) writable="$writable
$2"; shift 2 ;;
    --readable) readable="$readable
$2"; shift 2 ;;
    --uid) uid=$2; shift 2 ;;
    --cwd) workdir=$2; shift 2 ;;
    --) shift; break ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$#" -gt 0 ] || fail 'no command given'
[ -n "$stage" ] && [ -d "$stage" ] || fail '--stage must name an existing directory'
[ "$(id -u)" = 0 ] || fail "must start as root (uid $(id -u)) to build the sandbox"
# Remounting read-only in the caller's namespace would freeze the whole machine: refuse unless unshare -m
# gave us a mount namespace of our own (unshare execs this script, so the parent is the caller).
own_namespace=$(readlink /proc/self/ns/mnt) || fail 'cannot read my mount namespace'
caller_namespace=$(readlink "/proc/$PPID/ns/mnt") || fail "cannot read the mount namespace of my caller $PPID"
[ -n "$own_namespace" ] && [ "$own_namespace" != "$caller_namespace" ] ||
  fail "not in a mount namespace of my own ($own_namespace): start me with unshare -m"

# Our mounts must never leak back into the host's namespace (a shared / would propagate them).
mount -n --make-rprivate / || fail 'cannot make / private: is this a new mount namespace (unshare -m)?'

# Read-only pass over every mount that exists now; flags such as nosuid and nodev are kept.
# Field 5 of mountinfo is the mount point, field 6 its per-mount options.
mountinfo=$(cat /proc/self/mountinfo)
echo "$mountinfo" | while read -r _id _parent _dev _root point options _rest; do
  case "$point" in *\\*) fail "mount point with escaped characters not supported: $point" ;; esac
  case ",$options," in *,ro,*) continue ;; esac
  kept=$(echo "$options" | tr ',' '\n' | grep -v -x -e rw -e relatime -e noatime -e strictatime | paste -sd, -)
  mount -n -o "remount,bind,ro${kept:+,$kept}" "$point" || fail "cannot remount $point read-only"
done

# A private /tmp, as compose's `tmpfs: /tmp`; data directories under the old /tmp move along inside it.
mount -n -t tmpfs -o rw,nosuid,nodev,mode=1777,size=64m sandbox-tmp "$stage" || fail 'cannot mount tmpfs'
echo "$writable" | while read -r dir; do
  [ -n "$dir" ] || continue
  [ -d "$dir" ] || fail "writable directory $dir does not exist"
  case "$dir" in
    /tmp/*) target="$stage/${dir#/tmp/}"; mkdir -p "$target" ;;
    *) target=$dir ;;
  esac
  mount -n --bind "$dir" "$target" || fail "cannot bind $dir"
  mount -n -o remount,bind,rw,nosuid,nodev "$target" || fail "cannot make $dir writable"
done
# A checkout under /tmp (a CI clone, say) would vanish under the fresh tmpfs: bind it back, read-only.
echo "$readable" | while read -r dir; do
  case "$dir" in
    /tmp/*) ;;
    *) continue ;;
  esac
  [ -d "$dir" ] || fail "readable directory $dir does not exist"
  target="$stage/${dir#/tmp/}"
  mkdir -p "$target"
  mount -n --rbind "$dir" "$target" || fail "cannot bind $dir"
  mount -n -o remount,bind,ro "$target" || fail "cannot make $dir read-only"
done
mount -n --move "$stage" /tmp || fail 'cannot move the fresh tmpfs onto /tmp'

cd "$workdir"
exec setpriv --reuid "$uid" --regid "$uid" --clear-groups --inh-caps=-all --bounding-set=-all \
  --no-new-privs -- "$@"
