# Shared helpers for the bench/*.sh scripts (sourced, not run). Everything stays on loopback; every
# process a script starts is recorded in STARTED_PIDS and stopped by its PID on exit.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
JAR=${JAR:-$REPO_DIR/server/target/acme-delegate.jar}
ZONE=${ZONE:-auth.bench.test}
ADDR=${ADDR:-127.0.0.1}
AD_DNS_PORT=${AD_DNS_PORT:-25300}
AD_API_PORT=${AD_API_PORT:-25380}
KNOT_PORT=${KNOT_PORT:-25301}
# Knot's best configuration for efficiency per core on a small machine: one UDP and one TCP worker, so its
# workers do not compete with the load generator for the cores (Knot's own default is one per core).
KNOT_UDP_WORKERS=${KNOT_UDP_WORKERS:-1}
KNOT_TCP_WORKERS=${KNOT_TCP_WORKERS:-1}
JAVA_OPTS=${JAVA_OPTS:-}
WORK=${WORK:-/tmp/acme-delegate-bench}
STARTED_PIDS=()
HZ=$(getconf CLK_TCK)

log() { echo "# $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# --- setup -------------------------------------------------------------------------------------

# Installs the Debian packages a script needs when their command is missing (needs root).
need_packages() {  # need_packages cmd:package ...
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: run as root or apt-get install ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || die "apt-get install ${missing[*]} failed"
}

# Builds the server jar if it is missing (BUILD=1 forces a rebuild).
need_jar() {
    if [ ! -f "$JAR" ] || [ "${BUILD:-0}" = 1 ]; then
        log "building $JAR"
        (cd "$REPO_DIR" && mvn -B -q ${MVN_OFFLINE:+-o} package -DskipTests) || die "build failed"
    fi
}

port_free() {  # port_free PORT: nothing listens on it over UDP or TCP
    ! ss -Hlnu "sport = :$1" | grep -q . && ! ss -Hlnt "sport = :$1" | grep -q .
}

# --- processes ---------------------------------------------------------------------------------

stop_pid() {  # stop_pid PID: TERM, up to 10 s, then KILL; only PIDs this script started
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do
        # A zombie still answers kill -0 here until it is reaped; count it as stopped.
        if ! kill -0 "$pid" 2>/dev/null || [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
            wait "$pid" 2>/dev/null || true
            return 0
        fi
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_all() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
    STARTED_PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

cpu_ticks() {  # utime+stime of one process (all its threads), in clock ticks
    awk '{ sub(/^[0-9]+ \(.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

user_sys_ticks() {  # "utime stime" of one process (all its threads), in clock ticks
    awk '{ sub(/^[0-9]+ \(.*\) /, ""); print $12, $13 }' "/proc/$1/stat"
}

now() { date +%s.%N; }

# --- acme-delegate -----------------------------------------------------------------------------

ad_config() {  # ad_config FILE DB: the bench configuration (defaults except ports, zone, paths)
    cat > "$1" <<EOF
[dns]
listen = ["$ADDR:$AD_DNS_PORT"]
zone = "$ZONE"
soa_contact = "hostmaster.$ZONE"
txt_ttl = "10s"
soa_ttl = "1h"
negative_ttl = "60s"
${AD_UDP_WORKERS:+udp_workers = $AD_UDP_WORKERS}

[[dns.nameservers]]
name = "ns1.$ZONE"
addresses = ["127.0.0.1"]

[api]
listen = "$ADDR:$AD_API_PORT"
bcrypt_cost = ${BCRYPT_COST:-10}

[store]
sqlite_path = "$2"

# The per-client limits would refuse the benchmarks' own load (all from one address): the update-path
# bench times hundreds of wrong-key requests, which is what auth_failures exists to stop.
[limits]
register = "off"
auth_failures = "off"
${MAX_BCRYPT:+max_concurrent_bcrypt = $MAX_BCRYPT}

[log]
level = "info"
EOF
}

# ad_start CONF LOG: starts the server, waits for its "ready" line; sets AD_PID, AD_READY_S (wall
# seconds from exec to the ready line, JVM start included) and AD_READY_SELF_MS (the server's own figure).
ad_start() {
    local conf=$1 logf=$2 t0 i
    port_free "$AD_DNS_PORT" || die "port $AD_DNS_PORT is in use"
    port_free "$AD_API_PORT" || die "port $AD_API_PORT is in use"
    t0=$(now)
    # Through the shipped launcher, as a packaged server runs (JAVA_OPTS pass through it).
    JAVA_OPTS=$JAVA_OPTS ACME_DELEGATE_JAR=$JAR "$REPO_DIR/packaging/src/bin/acme-delegate" \
        serve --config "$conf" > "$logf" 2>&1 &
    AD_PID=$!
    STARTED_PIDS+=("$AD_PID")
    for i in $(seq $(( ${READY_TIMEOUT:-600} * 100 ))); do
        if grep -q "ready in" "$logf"; then
            AD_READY_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
            AD_READY_SELF_MS=$(grep -o 'ready in [0-9]* ms' "$logf" | head -1 | awk '{print $3}')
            return 0
        fi
        kill -0 "$AD_PID" 2>/dev/null || { tail -20 "$logf" >&2; die "acme-delegate exited during start"; }
        sleep 0.01
    done
    die "acme-delegate not ready after ${READY_TIMEOUT:-600} s (see $logf)"
}

# ad_empty_db DB: creates the schema by starting the server once on a new database, then stops it.
ad_empty_db() {
    local db=$1 conf
    rm -f "$db" "$db-wal" "$db-shm"
    conf=$(dirname "$db")/migrate.toml
    ad_config "$conf" "$db"
    ad_start "$conf" "$(dirname "$db")/migrate.log"
    stop_pid "$AD_PID"
}

# Live heap after a full GC, in MiB: GC.class_histogram runs a full collection and sums live objects.
live_heap_mib() {
    jcmd "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%.1f", $3 / 1048576 }'
}

# --- Knot --------------------------------------------------------------------------------------

# knot_start DIR ZONEFILE: knotd for $ZONE on $ADDR:$KNOT_PORT; sets KNOT_PID once it answers.
# KNOT_SECTIONS (e.g. key: and acl:) go before the zone, KNOT_ZONE_OPTIONS into the zone's entry.
knot_start() {
    local dir=$1 zonefile=$2 i
    port_free "$KNOT_PORT" || die "port $KNOT_PORT is in use"
    mkdir -p "$dir/db"
    cat > "$dir/knot.conf" <<EOF
server:
    rundir: "$dir"
    listen: $ADDR@$KNOT_PORT
    udp-workers: $KNOT_UDP_WORKERS
    tcp-workers: $KNOT_TCP_WORKERS
    background-workers: 1
${KNOT_SECTIONS:-}
log:
  - target: stderr
    any: warning
database:
    storage: "$dir/db"
zone:
  - domain: $ZONE
    file: "$zonefile"
    journal-content: none
    zonefile-sync: -1
${KNOT_ZONE_OPTIONS:-}
EOF
    knotd -c "$dir/knot.conf" > "$dir/knot.log" 2>&1 &
    KNOT_PID=$!
    STARTED_PIDS+=("$KNOT_PID")
    for i in $(seq 300); do
        if kdig +short +time=1 +retry=0 @"$ADDR" -p "$KNOT_PORT" "$ZONE" SOA 2>/dev/null | grep -q .; then
            return 0
        fi
        kill -0 "$KNOT_PID" 2>/dev/null || { cat "$dir/knot.log" >&2; die "knotd exited during start"; }
        sleep 0.1
    done
    die "knotd not answering after 30 s (see $dir/knot.log)"
}

# --- dnsperf -----------------------------------------------------------------------------------

# PIN=1: dnsperf on CPU 0 and each server (all its threads) on CPU 1, so the load generator and the server
# never wait for each other's core; both servers get the same. Needs taskset (util-linux).
PERF_PREFIX=""
[ "${PIN:-0}" = 1 ] && PERF_PREFIX="taskset -c 0"
pin_server() {  # pin_server PID: all threads (and the ones it starts later) on CPU 1 when PIN=1
    [ "${PIN:-0}" = 1 ] && taskset -a -p -c 1 "$1" > /dev/null
    return 0
}

# perf_qps PID PORT MODE QFILE SECONDS OUTFILE: full-speed dnsperf run. Prints
# "qps srv_cores qps_per_core lost_pct rcodes usr_us sys_us" (srv_cores = server CPU seconds / wall seconds;
# usr_us and sys_us = the server's user-space and kernel CPU microseconds per answered query).
perf_qps() {
    local pid=$1 port=$2 mode=$3 qfile=$4 secs=$5 out=$6 c0 c1 t0 t1 us0 us1
    us0=$(user_sys_ticks "$pid"); c0=$(cpu_ticks "$pid"); t0=$(now)
    $PERF_PREFIX dnsperf -s "$ADDR" -p "$port" -m "$mode" -d "$qfile" -c "${PERF_CLIENTS:-10}" -q "${PERF_OUTSTANDING:-100}" \
        -l "$secs" > "$out" 2>&1 || { tail -5 "$out" >&2; die "dnsperf failed"; }
    c1=$(cpu_ticks "$pid"); t1=$(now); us1=$(user_sys_ticks "$pid")
    awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" -v us0="$us0" -v us1="$us1" '
        /Queries per second:/ { qps = $4 }
        /Queries lost:/ { lost = $4; gsub(/[()%]/, "", lost) }
        /Response codes:/ { r = $0; sub(/.*Response codes:[ \t]*/, "", r); gsub(/ \([0-9.]+%\)/, "", r)
                            gsub(/, /, ",", r); gsub(/ /, ":", r) }
        END { cores = (c1 - c0) / hz / (t1 - t0)
              split(us0, a, " "); split(us1, b, " "); n = qps * (t1 - t0)
              printf "%.0f %.2f %.0f %s %s %.2f %.2f\n", qps, cores, (cores > 0 ? qps / cores : 0), lost, r,
                  (n > 0 ? (b[1] - a[1]) / hz * 1e6 / n : 0), (n > 0 ? (b[2] - a[2]) / hz * 1e6 / n : 0) }' "$out"
}

# perf_latency PORT MODE QFILE SECONDS RATE OUTFILE: dnsperf at a fixed offered rate with per-query
# logging. Prints "p50_ms p99_ms lost_pct".
perf_latency() {
    local port=$1 mode=$2 qfile=$3 secs=$4 rate=$5 out=$6
    $PERF_PREFIX dnsperf -s "$ADDR" -p "$port" -m "$mode" -d "$qfile" -c "${PERF_CLIENTS:-10}" -q "${PERF_OUTSTANDING:-100}" \
        -l "$secs" -Q "$rate" -v > "$out" 2>&1 || { tail -5 "$out" >&2; die "dnsperf failed"; }
    # Per-query lines: "> RCODE name type latency_seconds"; percentiles over a microsecond histogram.
    awk '/^> / && $NF ~ /^[0-9.]+$/ { us = int($NF * 1e6 + 0.5); h[us]++; n++; if (us > mx) mx = us; next }
         /Queries lost:/ { lost = $4; gsub(/[()%]/, "", lost) }
         END { if (n == 0) { print "nan nan " lost; exit }
               cum = 0; p50 = p99 = -1
               for (i = 0; i <= mx; i++) if (i in h) { cum += h[i]
                   if (p50 < 0 && cum >= n * 0.50) p50 = i
                   if (p99 < 0 && cum >= n * 0.99) { p99 = i; break } }
               printf "%.3f %.3f %s\n", p50 / 1000, p99 / 1000, lost }' "$out"
}

# --- the machine ----------------------------------------------------------------------------

# CPU time (ms) of the kernel's DAMON threads (kdamond), which some virtual machines run to hand memory
# back to the host: each sampling pass takes a core for a few ms, and whatever server thread was on
# that core waits. 0 when there are none.
kdamond_ms() {
    local total=0 pid
    for pid in $(pgrep '^kdamond' 2>/dev/null); do
        total=$(( total + $(awk '{ print $1 }' "/proc/$pid/schedstat" 2>/dev/null || echo 0) ))
    done
    echo $(( total / 1000000 ))
}

# One line on what else competes for the cores: DAMON's sampling interval when it runs.
machine_noise() {
    local f interval=""
    for f in /sys/kernel/mm/damon/admin/kdamonds/*/contexts/*/monitoring_attrs/intervals/sample_us; do
        [ -r "$f" ] && interval=$(( $(cat "$f") / 1000 ))
    done
    if pgrep '^kdamond' >/dev/null 2>&1; then
        echo "kdamond (DAMON) running${interval:+, sampling every $interval ms}: its passes take a core for a few ms each"
    else
        echo "no kdamond"
    fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.2f", a / b }'; }
