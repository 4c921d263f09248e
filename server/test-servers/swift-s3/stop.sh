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
# stop.sh [--purge] - stop the processes that start.sh started
# for $SWIFT_S3_DIR (default /tmp/swift-s3), and nothing else: a process is
# signalled only if its PID (run/NAME.pid) and start time (run/NAME.start)
# still match.  --purge also deletes the working directory (all data).
set -euo pipefail

DIR="${SWIFT_S3_DIR:-/tmp/swift-s3}"
NAMES="proxy-server object-server container-server account-server memcached"
log() { printf 'swift-s3: %s\n' "$*" >&2; }

PURGE=no
case "${1:-}" in
    "") ;;
    --purge) PURGE=yes ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

if [ ! -d "$DIR/run" ]; then
    log "nothing to stop in $DIR"
    exit 0
fi
DIR="$(cd "$DIR" && pwd -P)"

if command -v flock >/dev/null; then
    exec 9>"$DIR/run/.lock"
    flock -w 120 9 || { log "timed out waiting for $DIR/run/.lock"; exit 1; }
fi

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

procs=""   # "pid:starttime" of the processes we signalled
for name in $NAMES; do
    pidfile="$DIR/run/$name.pid"
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    start=$(cat "$DIR/run/$name.start" 2>/dev/null || true)
    if [ -n "$pid" ] && [ -n "$start" ] && [ "$(proc_start "$pid")" = "$start" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        procs="$procs $pid:$start"
        log "stopping $name (pid $pid)"
    else
        log "$name (pid ${pid:-?}) is not running"
    fi
done

# Up to 5 s for a clean exit, then SIGKILL (and up to 5 s more).
for i in $(seq 100); do
    alive=""
    for p in $procs; do [ "$(proc_start "${p%%:*}")" = "${p#*:}" ] && alive="$alive $p"; done
    procs=$alive
    [ -z "$procs" ] && break
    if [ "$i" = 50 ]; then
        for p in $procs; do
            log "pid ${p%%:*} ignored SIGTERM; sending SIGKILL"
            kill -KILL "${p%%:*}" 2>/dev/null || true
        done
    fi
    sleep 0.1
done
[ -z "$procs" ] || log "WARNING: still running: ${procs}"

for name in $NAMES; do rm -f "$DIR/run/$name.pid" "$DIR/run/$name.start"; done
rm -f "$DIR/run/config.sig"

if [ "$PURGE" = yes ]; then
    # only a directory that start.sh created
    if [ "$DIR" != / ] && { [ -e "$DIR/bin/swift_s3_server.py" ] || [ -e "$DIR/etc/swift.conf" ]; }; then
        rm -rf "$DIR"
        log "removed $DIR"
    else
        log "not purging $DIR: it does not look like a start.sh working directory"
        exit 1
    fi
fi
log "stopped"
