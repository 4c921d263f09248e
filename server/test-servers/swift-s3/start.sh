#!/usr/bin/env bash
# Copied from the project's shared tools so that a clean clone (CI) has it.  What this Swift speaks, checked with
# @aws-sdk/client-s3 v3 (start-up 3-4 s, about 220 MB RSS for all daemons):
#  - works: buckets (create/head/list/delete), PutObject, HeadObject, GetObject with Range (206) and If-None-Match
#    (304), multipart upload (parts of at least 5 MiB but the last), CopyObject, ListObjectsV2 with prefix, delimiter
#    and paging, presigned GET and PUT, DeleteObject (204 also for a missing key), UTF-8 keys.
#  - does not: conditional PUT (If-None-Match: * -> 501), GetObject by PartNumber, tagging, bucket CORS/policy/
#    lifecycle, SSE, virtual-hosted addressing.
#  - clients need requestChecksumCalculation/responseChecksumValidation 'WHEN_REQUIRED' (aws-chunked uploads get
#    501), and DeleteObjects needs a Content-MD5 header.
# Settings printed: S3_ENDPOINT=http://127.0.0.1:8080, access key test:tester, secret testing, region us-east-1,
# path-style addressing only.
# start.sh - start a throw-away OpenStack Swift (Debian packages) that
# speaks the S3 API (s3api + tempauth) on 127.0.0.1, for integration tests.
#
#   s3env=$(./start.sh) && eval "$s3env"   # exports S3_ENDPOINT, AWS_*...
#   ...   # path-style S3, region us-east-1; stop: ./stop.sh [--purge]
# (a bare  eval "$(./start.sh)"  would hide a failed start: eval of
# an empty string succeeds)
#
# Idempotent: if the servers of this working directory are already up with the
# same configuration it only prints the settings again; otherwise it (re)starts
# them (data is kept).  Progress goes to stderr, settings ("export" lines) to
# stdout.
#
# Environment (all optional):
#   SWIFT_S3_DIR             working directory                   (/tmp/swift-s3)
#   SWIFT_S3_PORT            S3 (and Swift API) proxy port       (8080)
#   SWIFT_S3_OBJECT_PORT     object server port                  (6200)
#   SWIFT_S3_CONTAINER_PORT  container server port               (6201)
#   SWIFT_S3_ACCOUNT_PORT    account server port                 (6202)
#   SWIFT_S3_MEMCACHED_PORT  private memcached port              (11219)
#   SWIFT_S3_MEMCACHED       memcached binary, "none" to run without
#                                                                (/usr/bin/memcached if installed)
#   SWIFT_S3_ACCOUNT, SWIFT_S3_USER, SWIFT_S3_SECRET
#                            tempauth account/user/key           (test/tester/testing)
#                            -> S3 access key "account:user", secret key = key
#   SWIFT_S3_RUN_AS          user the servers run as             (invoking user)
#   SWIFT_S3_TIMEOUT         seconds to wait for the servers     (30)
#   SWIFT_S3_LOG_LEVEL       DEBUG, INFO, WARNING or ERROR       (INFO)
#
# $SWIFT_S3_DIR: etc/ (swift.conf, server confs, rings), srv/node/d1/ (data),
# run/*.pid (PIDs; *.start = their start times), log/*.log, bin/ (launcher).
#
# Needs the Debian packages swift swift-proxy swift-account swift-container
# swift-object (Swift 2.30 on Debian 12).  memcached is optional: without it
# S3 requests work but the proxy logs memcache errors, and tempauth tokens for
# the native Swift API (SWIFT_AUTH_URL) cannot be stored.
set -euo pipefail

DIR="${SWIFT_S3_DIR:-/tmp/swift-s3}"
HOST=127.0.0.1
PROXY_PORT="${SWIFT_S3_PORT:-8080}"
OBJECT_PORT="${SWIFT_S3_OBJECT_PORT:-6200}"
CONTAINER_PORT="${SWIFT_S3_CONTAINER_PORT:-6201}"
ACCOUNT_PORT="${SWIFT_S3_ACCOUNT_PORT:-6202}"
MEMCACHED_PORT="${SWIFT_S3_MEMCACHED_PORT:-11219}"
S3_ACCOUNT="${SWIFT_S3_ACCOUNT:-test}"
S3_USER="${SWIFT_S3_USER:-tester}"
S3_SECRET="${SWIFT_S3_SECRET:-testing}"
RUN_AS="${SWIFT_S3_RUN_AS:-$(id -un)}"
TIMEOUT="${SWIFT_S3_TIMEOUT:-30}"
LOG_LEVEL="${SWIFT_S3_LOG_LEVEL:-INFO}"
REGION=us-east-1
PART_POWER=8
PY=/usr/bin/python3          # Swift is a system-python package: never a pyenv/venv python,
PYFLAGS=-Es                  # and ignore PYTHONPATH/PYTHONHOME and ~/.local site-packages
SWIFT_PKG=/usr/lib/python3/dist-packages/swift
RING_BUILDER=/usr/bin/swift-ring-builder
MEMCACHED="${SWIFT_S3_MEMCACHED:-/usr/bin/memcached}"
SERVERS="account-server container-server object-server proxy-server"

T0=$(date +%s%N)
log() { printf 'swift-s3: %s\n' "$*" >&2; }
STARTING=no     # yes once daemons may be running: a failure then stops them again
die() { log "ERROR: $*"; [ "$STARTING" = yes ] && stop_all; exit 1; }
trap 'die "interrupted"' INT TERM
elapsed() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100)); }

# eventlet's green DNS imports dnspython (+ httpx, rich, ...): ~0.7 s of CPU in
# every Swift process and every swift-ring-builder call.  Only IPs are used here.
export EVENTLET_NO_GREENDNS=yes

mkdir -p "$DIR"/etc "$DIR"/srv/node/d1 "$DIR"/run "$DIR"/log "$DIR"/bin
DIR="$(cd "$DIR" && pwd -P)"          # absolute: it ends up in config files

# One start/stop at a time per working directory.  fd 9 is closed for every
# child (9>&-), otherwise the daemons would hold the lock forever.
if command -v flock >/dev/null; then
    exec 9>"$DIR/run/.lock"
    flock -w 120 9 || die "timed out waiting for $DIR/run/.lock"
fi

# --- helpers ------------------------------------------------------------------
tcp_open() {  # PORT -> status 0 if something accepts connections on $HOST:PORT
    { exec 8<>"/dev/tcp/$HOST/$1"; } 2>/dev/null || return 1
    exec 8>&-
}
http_ok() {  # PORT PATH -> status 0 if http://$HOST:PORT/PATH answers 200.
    # Pure bash (/dev/tcp): polling must not steal CPU from starting servers.
    local line=""
    { exec 8<>"/dev/tcp/$HOST/$1"; } 2>/dev/null || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$2" "$HOST" "$1" >&8 2>/dev/null || true
    IFS= read -r -t 2 line <&8 || true
    exec 8>&-
    [[ "$line" == HTTP/1.?" 200"* ]]
}
memcached_ok() {
    local line=""
    { exec 8<>"/dev/tcp/$HOST/$MEMCACHED_PORT"; } 2>/dev/null || return 1
    printf 'version\r\n' >&8 2>/dev/null || true
    IFS= read -r -t 2 line <&8 || true
    exec 8>&-
    [[ "$line" == VERSION* ]]
}
proc_start() {  # PID -> start time in clock ticks since boot (field 22 of
    # /proc/PID/stat); nothing if PID is gone or a zombie (an exited daemon
    # stays a zombie until init reaps it, which can take seconds in containers)
    local stat fields
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }                   # drop "pid (comm) "; comm may contain spaces
    [[ "$stat" == [ZX]* ]] && return 0
    read -r -a fields <<<"$stat"        # fields[0] = field 3 (state) ... fields[19] = field 22
    echo "${fields[19]}"
}
pid_of() {  # NAME -> prints the PID if run/NAME.pid is still the process we started
    local pid start
    pid=$(cat "$DIR/run/$1.pid" 2>/dev/null) || return 1
    start=$(cat "$DIR/run/$1.start" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -n "$start" ] && [ "$(proc_start "$pid")" = "$start" ] || return 1
    echo "$pid"
}
stop_all() {  # the same as stop.sh: SIGTERM, after 5 s SIGKILL
    local name pid procs="" alive p i
    for name in proxy-server object-server container-server account-server memcached; do
        if pid=$(pid_of "$name"); then
            kill -TERM "$pid" 2>/dev/null || true
            procs="$procs $pid:$(proc_start "$pid")"
        fi
        rm -f "$DIR/run/$name.pid" "$DIR/run/$name.start"
    done
    for i in $(seq 100); do
        alive=""
        for p in $procs; do [ "$(proc_start "${p%%:*}")" = "${p#*:}" ] && alive="$alive $p"; done
        procs=$alive
        [ -z "$procs" ] && return 0
        if [ "$i" = 50 ]; then
            for p in $procs; do kill -KILL "${p%%:*}" 2>/dev/null || true; done
        fi
        sleep 0.1
    done
}
start_daemon() {  # NAME COMMAND... ; stdout+stderr -> log/NAME.log
    local name=$1; shift
    # setsid: detached from the caller's session/terminal like a daemon (Swift
    # servers would setsid() themselves anyway); in a non-interactive shell
    # setsid execs in place, so $! is the daemon's PID.
    setsid "$@" </dev/null >>"$DIR/log/$name.log" 2>&1 9>&- &
    echo $! >"$DIR/run/$name.pid"
    proc_start $! >"$DIR/run/$name.start"    # PID + start time = exactly this process
}
print_settings() {  # shell-quoted "export NAME=value" lines
    printf 'export %s=%q\n' \
        S3_ENDPOINT "http://$HOST:$PROXY_PORT" \
        AWS_ENDPOINT_URL_S3 "http://$HOST:$PROXY_PORT" \
        AWS_ACCESS_KEY_ID "$S3_ACCOUNT:$S3_USER" \
        AWS_SECRET_ACCESS_KEY "$S3_SECRET" \
        AWS_REGION "$REGION" \
        AWS_DEFAULT_REGION "$REGION" \
        S3_FORCE_PATH_STYLE true \
        SWIFT_AUTH_URL "http://$HOST:$PROXY_PORT/auth/v1.0" \
        SWIFT_S3_DIR "$DIR"
}

# --- configuration --------------------------------------------------------------
# Hash prefix/suffix: random once per working directory, then fixed (changing
# them would make the stored data unreachable).
if grep -qs '^swift_hash_path_prefix' "$DIR/etc/swift.conf"; then
    PREFIX=$(sed -n 's/^swift_hash_path_prefix *= *//p' "$DIR/etc/swift.conf")
    SUFFIX=$(sed -n 's/^swift_hash_path_suffix *= *//p' "$DIR/etc/swift.conf")
else
    PREFIX=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    SUFFIX=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
fi
USE_MEMCACHED=yes
if [ "$MEMCACHED" = none ]; then
    USE_MEMCACHED=no
elif [ ! -x "$MEMCACHED" ]; then
    [ -n "${SWIFT_S3_MEMCACHED:-}" ] && die "SWIFT_S3_MEMCACHED=$MEMCACHED is not an executable"
    USE_MEMCACHED=no
fi

NEW="$DIR/etc/.new"
rm -rf "$NEW"; mkdir -p "$NEW"

cat >"$NEW/swift.conf" <<EOF
[swift-hash]
swift_hash_path_prefix = $PREFIX
swift_hash_path_suffix = $SUFFIX

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]
# Swift's defaults are tighter than S3's in two places that surface as HTTP 500
# from s3api: metadata values > 256 bytes (S3 allows 2 KB of user metadata) and
# keys > ~960 bytes in multipart uploads / > ~1006 bytes in versioned buckets
# (segment and version names add up to 55 bytes to the key).  Side effect:
# keys of 1025..1100 bytes are accepted where S3 answers KeyTooLongError.
# (Still failing: ~1 KB keys in versioned buckets on ext4, whose 4 KiB xattr
# space per inode cannot hold that metadata -> 507 -> client sees 503.)
max_object_name_length = 1100
max_meta_value_length = 2048
EOF

backend_conf() {  # TYPE PORT   (TYPE = account | container | object)
    cat <<EOF
[DEFAULT]
bind_ip = $HOST
bind_port = $2
# 0 = no forking: one process per server, so the PID file is the whole server
workers = 0
user = $RUN_AS
swift_dir = $DIR/etc
devices = $DIR/srv/node
# a plain directory, not a mount point
mount_check = false
disable_fallocate = true
fallocate_reserve = 0
log_name = $1-server
log_level = $LOG_LEVEL

[pipeline:main]
pipeline = healthcheck $1-server

[app:$1-server]
use = egg:swift#$1

[filter:healthcheck]
use = egg:swift#healthcheck
EOF
}
backend_conf account   "$ACCOUNT_PORT"   >"$NEW/account-server.conf"
backend_conf container "$CONTAINER_PORT" >"$NEW/container-server.conf"
backend_conf object    "$OBJECT_PORT"    >"$NEW/object-server.conf"

cat >"$NEW/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = $HOST
bind_port = $PROXY_PORT
workers = 0
user = $RUN_AS
swift_dir = $DIR/etc
log_name = proxy-server
log_level = $LOG_LEVEL

[pipeline:main]
# s3api before tempauth; slo (multipart uploads), copy, dlo, versioned_writes,
# symlink after it; listing_formats before s3api (s3api asks for JSON listings)
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# generous timeouts: CI machines are often overloaded
conn_timeout = 5
node_timeout = 30
# With one node, error limiting only turns one failed request (e.g. a 507)
# into 60 s of "503 Please reduce your request rate" for everything.
error_suppression_interval = 0

[filter:s3api]
use = egg:swift#s3api
location = $REGION
# no storage_domain: path-style only (http://host:port/bucket/key)
s3_acl = false
allow_multipart_uploads = true
# as on AWS: every part but the last must be >= 5 MiB (also Swift's default)
min_segment_size = 5242880

[filter:tempauth]
use = egg:swift#tempauth
# user_<account>_<user> = <key> [groups]  ->  S3 access key "<account>:<user>"
user_${S3_ACCOUNT}_${S3_USER} = $S3_SECRET .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = $HOST:$MEMCACHED_PORT

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true

[filter:symlink]
use = egg:swift#symlink
EOF

# Swift reads the hash prefix/suffix and the storage policies from the
# hard-coded /etc/swift/swift.conf (swift_dir only moves rings).  This launcher
# re-points Swift at $DIR/etc/swift.conf before any server code is loaded, so
# nothing outside $DIR is read or written.
cat >"$NEW/swift_s3_server.py" <<'EOF'
"""Run one Swift WSGI server with swift.conf read from a private directory.

usage: swift_s3_server.py SWIFT_DIR SERVER-NAME CONF-FILE [-v]
(what /usr/bin/swift-<type>-server does, plus utils.set_swift_dir())"""
import os
import sys

swift_dir, server = sys.argv[1], sys.argv[2]
del sys.argv[1:3]

from swift.common import utils  # noqa: E402
utils.set_swift_dir(swift_dir)
assert utils.SWIFT_CONF_FILE == os.path.join(swift_dir, 'swift.conf')
from swift.common import constraints, storage_policy  # noqa: E402
storage_policy.reload_storage_policies()
constraints.reload_constraints()
from swift.common.wsgi import run_wsgi  # noqa: E402

kwargs = {}
if server == 'object-server':
    from swift.obj import server as object_server
    kwargs['global_conf_callback'] = object_server.global_conf_callback
conf_file, options = utils.parse_options()
kwargs.update(options)

# Swift drops privileges to conf "user" only in forked workers; with
# workers = 0 nothing forks, so do it here, the way Swift would.
user = utils.readconf(conf_file)['app:' + server].get('user')
if user and os.geteuid() == 0 and user != 'root':
    utils.drop_privileges(user)

sys.exit(run_wsgi(conf_file, server, **kwargs))
EOF

RING_SIG="part_power=$PART_POWER account=$ACCOUNT_PORT container=$CONTAINER_PORT object=$OBJECT_PORT"
CONF_SIG="$(cat "$NEW"/* "${BASH_SOURCE[0]}" 2>/dev/null | cksum) memcached=$USE_MEMCACHED:$MEMCACHED_PORT $RING_SIG"

# --- already running with this configuration? ------------------------------------
running=yes
for name in $SERVERS; do pid_of "$name" >/dev/null || running=no; done
if [ "$USE_MEMCACHED" = yes ]; then pid_of memcached >/dev/null || running=no; fi
if [ "$running" = yes ] && [ "$(cat "$DIR/run/config.sig" 2>/dev/null)" = "$CONF_SIG" ] \
        && http_ok "$PROXY_PORT" /healthcheck; then
    rm -rf "$NEW"
    log "already running in $DIR"
    print_settings
    exit 0
fi

# --- (re)start ---------------------------------------------------------------------
[ -x "$PY" ] || die "$PY not found"
[ -x "$RING_BUILDER" ] || die "$RING_BUILDER not found (apt-get install swift)"
for f in proxy/server.py obj/server.py container/server.py account/server.py \
         common/middleware/s3api/s3api.py; do
    [ -f "$SWIFT_PKG/$f" ] || die "$SWIFT_PKG/$f missing (apt-get install swift-proxy swift-object swift-container swift-account)"
done

[ -s "$DIR/run/config.sig" ] && log "configuration changed or a server died: restarting"
[ "$USE_MEMCACHED" = no ] && log "running without memcached (apt-get install memcached): S3 works, but the proxy logs memcache errors and native Swift API tokens do not work"
STARTING=yes
stop_all
rm -f "$DIR/run/config.sig"

# eventlet listens with SO_REUSEPORT: a second Swift on the same port would not
# fail, it would silently share the traffic (and answer our health checks).
ports=("$ACCOUNT_PORT" "$CONTAINER_PORT" "$OBJECT_PORT" "$PROXY_PORT")
[ "$USE_MEMCACHED" = yes ] && ports+=("$MEMCACHED_PORT")
for port in "${ports[@]}"; do
    if tcp_open "$port"; then
        die "$HOST:$port is already in use by another process (see: ss -ltnp 'sport = :$port'); stop it or choose other SWIFT_S3_*PORT values"
    fi
done

# Swift keeps object metadata in user.* xattrs (tmpfs has them only since Linux 6.6).
"$PY" $PYFLAGS - "$DIR/srv/node/d1" <<'EOF' || die "$DIR/srv does not support user xattrs, which Swift needs; point SWIFT_S3_DIR at a disk-backed file system"
import os, sys, tempfile
with tempfile.NamedTemporaryFile(dir=sys.argv[1]) as f:
    os.setxattr(f.name, 'user.swift.probe', b'1')
EOF

mv -f "$NEW"/*.conf "$DIR/etc/"
mv -f "$NEW/swift_s3_server.py" "$DIR/bin/"
rm -rf "$NEW"
if [ "$RUN_AS" != "$(id -un)" ]; then
    chown -R "$RUN_AS": "$DIR/srv" || die "cannot chown $DIR/srv to $RUN_AS"
fi

# Rings: one device, one replica, 2^8 partitions.  Built only when missing or
# when a port changed (object placement depends on the hash prefix/suffix and
# the part power, not on ports, so the data stays readable).  These are the
# usual nine commands
#   swift-ring-builder <type>.builder create 8 1 1
#   swift-ring-builder <type>.builder add --region 1 --zone 1 --ip 127.0.0.1 \
#       --port <port> --device d1 --weight 100
#   swift-ring-builder <type>.builder rebalance
# run through swift-ring-builder's own main() in ONE python process: 0.5 s of
# CPU instead of 9 interpreter start-ups (~5 s of CPU on a small machine).
if [ "$(cat "$DIR/etc/rings.sig" 2>/dev/null)" != "$RING_SIG" ] \
        || [ ! -s "$DIR/etc/account.ring.gz" ] || [ ! -s "$DIR/etc/container.ring.gz" ] \
        || [ ! -s "$DIR/etc/object.ring.gz" ]; then
    log "building rings"
    rm -f "$DIR"/etc/*.builder "$DIR"/etc/*.ring.gz "$DIR/etc/rings.sig"
    ( cd "$DIR/etc" && "$PY" $PYFLAGS - "$PART_POWER" "$HOST" account "$ACCOUNT_PORT" \
          container "$CONTAINER_PORT" object "$OBJECT_PORT" <<'EOF'
import sys
from swift.cli.ringbuilder import main   # what /usr/bin/swift-ring-builder runs

def swift_ring_builder(*argv):
    print('+ swift-ring-builder ' + ' '.join(argv), flush=True)
    try:
        main(['swift-ring-builder'] + list(argv))
    except SystemExit as e:
        if e.code not in (0, None):
            sys.exit('swift-ring-builder %s: exit status %s' % (' '.join(argv), e.code))

part_power, ip, rings = sys.argv[1], sys.argv[2], sys.argv[3:]
for name, port in zip(rings[0::2], rings[1::2]):
    swift_ring_builder(name + '.builder', 'create', part_power, '1', '1')
    swift_ring_builder(name + '.builder', 'add', '--region', '1', '--zone', '1',
                       '--ip', ip, '--port', port, '--device', 'd1', '--weight', '100')
    swift_ring_builder(name + '.builder', 'rebalance')
EOF
    ) >"$DIR/log/rings.log" 2>&1 9>&- || { cat "$DIR/log/rings.log" >&2; die "building the rings failed"; }
    echo "$RING_SIG" >"$DIR/etc/rings.sig"
fi

if [ "$USE_MEMCACHED" = yes ]; then
    start_daemon memcached "$MEMCACHED" -l "$HOST" -p "$MEMCACHED_PORT" -U 0 -m 64 -u "$RUN_AS"
fi
for name in $SERVERS; do
    # -v: log to stderr = log/NAME.log (no syslog needed)
    start_daemon "$name" "$PY" $PYFLAGS "$DIR/bin/swift_s3_server.py" "$DIR/etc" "$name" \
        "$DIR/etc/$name.conf" -v
done

# --- wait until every server answers ---------------------------------------------------
SECONDS=0
checks=("account-server $ACCOUNT_PORT" "container-server $CONTAINER_PORT"
        "object-server $OBJECT_PORT" "proxy-server $PROXY_PORT")
[ "$USE_MEMCACHED" = yes ] && checks+=("memcached $MEMCACHED_PORT")
for spec in "${checks[@]}"; do
    read -r name port <<<"$spec"
    pid=$(cat "$DIR/run/$name.pid")
    if [ "$name" = memcached ]; then check=memcached_ok; else check="http_ok $port /healthcheck"; fi
    until $check; do
        if [ -z "$(proc_start "$pid")" ]; then
            tail -n 30 "$DIR/log/$name.log" >&2
            die "$name exited during start-up (log: $DIR/log/$name.log)"
        fi
        if [ "$SECONDS" -ge "$TIMEOUT" ]; then
            tail -n 30 "$DIR/log/$name.log" >&2
            die "$name did not answer on $HOST:$port within ${TIMEOUT}s (log: $DIR/log/$name.log)"
        fi
        sleep 0.2
    done
done
echo "$CONF_SIG" >"$DIR/run/config.sig"

log "ready in $(elapsed)s: S3 endpoint http://$HOST:$PROXY_PORT (path-style, region $REGION), access key '$S3_ACCOUNT:$S3_USER', secret key '$S3_SECRET'; logs in $DIR/log"
print_settings
