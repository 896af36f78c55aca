#!/usr/bin/env bash
# dns-throughput.sh - DNS throughput and latency of acme-delegate side by side with Knot.
#
# Both servers serve the same zone ($ZONE: same SOA/NS/glue, NAMES names with two 43-character TXT
# values each); acme-delegate gets them bulk-loaded into its SQLite store, Knot from a zone file.
# For each case (udp: TXT for existing names; udp-nx20: 20 % nonexistent names; tcp: persistent TCP
# connections), RUNS rounds alternate acme-delegate, Knot, acme-delegate, Knot...; each round is a
# full-speed dnsperf run of SECONDS s (qps; server CPU time -> qps per server core) and then a run
# of LAT_SECONDS s at a fixed offered RATE qps with per-query latencies (p50, p99).
# Prints one line per run and a summary of medians with the ratio acme-delegate / Knot. Asserts nothing.
#
# Usage: bench/dns-throughput.sh            (as root on Debian; installs dnsperf and knot if missing)
# Settings (environment): NAMES=10000 RUNS=3 RUN_SECONDS=15 LAT_SECONDS=5 RATE=20000 WARMUP=10
#   CASES="udp udp-nx20 tcp" PERF_CLIENTS=10 PERF_OUTSTANDING=100 AD_DNS_PORT KNOT_PORT AD_API_PORT
#   PIN=1 (dnsperf on CPU 0, each server on CPU 1) KNOT_UDP_WORKERS=1 KNOT_TCP_WORKERS=1
#   AD_UDP_WORKERS (acme-delegate's [dns] udp_workers; default KNOT_UDP_WORKERS, so both servers read UDP
#   with the same number of threads; "" for the server's own default, one per core)
#   JAVA_OPTS (for the server JVM) WORK (scratch directory, default /tmp/acme-delegate-bench)
#   JAR_B=/path/to/other.jar (and/or JAVA_OPTS_B): a second acme-delegate ("build-b", on port AD_DNS_PORT+2) in
#   the same rounds, to measure one change A/B on the same machine at the same time; SERVERS="acme-delegate
#   build-b" leaves Knot out
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NAMES=${NAMES:-10000} RUNS=${RUNS:-3} SECS=${RUN_SECONDS:-15} LAT_SECONDS=${LAT_SECONDS:-5}
RATE=${RATE:-20000} WARMUP=${WARMUP:-10} CASES=${CASES:-udp udp-nx20 tcp}

export AD_UDP_WORKERS=${AD_UDP_WORKERS-$KNOT_UDP_WORKERS}

need_packages dnsperf:dnsperf knotd:knot kdig:knot-dnsutils ss:iproute2 python3:python3 taskset:util-linux
need_jar

W=$WORK/throughput
rm -rf "$W"; mkdir -p "$W"
log "data: $NAMES names in $ZONE"
ad_empty_db "$W/ad.db"
python3 "$BENCH_DIR/make-data.py" db "$W/ad.db" "$NAMES"
python3 "$BENCH_DIR/make-data.py" zone "$W/zone.txt" "$NAMES" "$ZONE"
python3 "$BENCH_DIR/make-data.py" queries "$W/q-udp" "$NAMES" "$ZONE" 0
python3 "$BENCH_DIR/make-data.py" queries "$W/q-udp-nx20" "$NAMES" "$ZONE" 20
cp "$W/q-udp" "$W/q-tcp"

ad_config "$W/ad.toml" "$W/ad.db"
ad_start "$W/ad.toml" "$W/ad.log"
knot_start "$W/knot" "$W/zone.txt"
log "acme-delegate pid $AD_PID on $ADDR:$AD_DNS_PORT, knotd pid $KNOT_PID on $ADDR:$KNOT_PORT"
pin_server "$AD_PID"
pin_server "$KNOT_PID"
SERVERS=${SERVERS:-acme-delegate knot}
B_PID="" B_PORT=$((AD_DNS_PORT + 2))
if [ -n "${JAR_B:-}${JAVA_OPTS_B:-}" ]; then
    # The same database, read-only for DNS: a copy so the two servers do not share SQLite's locks.
    cp "$W/ad.db" "$W/b.db"
    a_pid=$AD_PID
    (JAR=${JAR_B:-$JAR} JAVA_OPTS=${JAVA_OPTS_B:-$JAVA_OPTS} AD_DNS_PORT=$B_PORT AD_API_PORT=$((AD_API_PORT + 2)); \
        ad_config "$W/b.toml" "$W/b.db")
    JAR_A=$JAR JAVA_OPTS_A=$JAVA_OPTS
    JAR=${JAR_B:-$JAR} JAVA_OPTS=${JAVA_OPTS_B:-$JAVA_OPTS} AD_DNS_PORT=$B_PORT AD_API_PORT=$((AD_API_PORT + 2)) \
        ad_start "$W/b.toml" "$W/b.log"
    B_PID=$AD_PID AD_PID=$a_pid JAR=$JAR_A JAVA_OPTS=$JAVA_OPTS_A
    pin_server "$B_PID"
    log "build-b pid $B_PID on $ADDR:$B_PORT (${JAR_B:-$JAR} ${JAVA_OPTS_B:-})"
    case " $SERVERS " in *" build-b "*) ;; *) SERVERS="$SERVERS build-b" ;; esac
fi

# Both must give the same answer before anything is timed.
probe="bench-00000001.$ZONE"
a=$(kdig +short @"$ADDR" -p "$AD_DNS_PORT" "$probe" TXT | sort)
k=$(kdig +short @"$ADDR" -p "$KNOT_PORT" "$probe" TXT | sort)
[ -n "$a" ] && [ "$a" = "$k" ] || die "servers disagree on $probe TXT: '$a' vs '$k'"

# The JIT compiles the query path during the first seconds; Knot is warmed too, for symmetry.
log "warm-up: ${WARMUP} s UDP + ${WARMUP} s TCP on acme-delegate, 3 s on Knot"
perf_qps "$AD_PID" "$AD_DNS_PORT" udp "$W/q-udp" "$WARMUP" "$W/warm1.out" > /dev/null
perf_qps "$AD_PID" "$AD_DNS_PORT" tcp "$W/q-udp" "$WARMUP" "$W/warm2.out" > /dev/null
perf_qps "$KNOT_PID" "$KNOT_PORT" udp "$W/q-udp" 3 "$W/warm3.out" > /dev/null
if [ -n "$B_PID" ]; then
    perf_qps "$B_PID" "$B_PORT" udp "$W/q-udp" "$WARMUP" "$W/warm1b.out" > /dev/null
    perf_qps "$B_PID" "$B_PORT" tcp "$W/q-udp" "$WARMUP" "$W/warm2b.out" > /dev/null
    perf_latency "$B_PORT" udp "$W/q-udp" "$LAT_SECONDS" "$RATE" "$W/warm4b.out" > /dev/null
fi

# The low-rate runs take other branches (one datagram per wake-up) than the full-speed ones; without
# this the JIT recompiles during the first measured latency run. Both servers get the same.
log "warm-up at $RATE qps: ${LAT_SECONDS} s each"
perf_latency "$AD_DNS_PORT" udp "$W/q-udp" "$LAT_SECONDS" "$RATE" "$W/warm4.out" > /dev/null
perf_latency "$KNOT_PORT" udp "$W/q-udp" "$LAT_SECONDS" "$RATE" "$W/warm5.out" > /dev/null

R=$W/results.txt; : > "$R"
echo "case server run qps srv_cores qps_per_core lost_pct rcodes usr_us sys_us lat_p50_ms lat_p99_ms lat_lost_pct kdamond_ms"
for c in $CASES; do
    mode=udp; [ "$c" = tcp ] && mode=tcp
    for run in $(seq "$RUNS"); do
        for s in $SERVERS; do
            case $s in
                knot) pid=$KNOT_PID port=$KNOT_PORT ;;
                build-b) pid=$B_PID port=$B_PORT ;;
                *) pid=$AD_PID port=$AD_DNS_PORT ;;
            esac
            q=$(perf_qps "$pid" "$port" "$mode" "$W/q-$c" "$SECS" "$W/$c-$s-$run.out")
            sleep 1
            k0=$(kdamond_ms)
            l=$(perf_latency "$port" "$mode" "$W/q-$c" "$LAT_SECONDS" "$RATE" "$W/$c-$s-$run-lat.out")
            echo "$c $s $run $q $l $(( $(kdamond_ms) - k0 ))" | tee -a "$R"
            sleep 1
        done
    done
done

echo
echo "== summary: medians over $RUNS runs (${SECS} s full speed; latency at $RATE qps offered, ${LAT_SECONDS} s), $NAMES names, $(nproc) cores =="
printf "%-9s %-11s %14s %14s %14s" case metric acme-delegate knot ratio
[ -n "$B_PID" ] && printf " %14s %14s %14s" build-b b/knot b/a
echo
for c in $CASES; do
    for m in qps:4 qps_per_core:6 srv_cores:5 usr_us:9 sys_us:10 p50_ms:11 p99_ms:12 kdamond_ms:14; do
        name=${m%%:*} col=${m#*:}
        av=$(awk -v c="$c" -v col="$col" '$1 == c && $2 == "acme-delegate" { print $col }' "$R" | median)
        kv=$(awk -v c="$c" -v col="$col" '$1 == c && $2 == "knot" { print $col }' "$R" | median)
        printf "%-9s %-11s %14s %14s %14s" "$c" "$name" "$av" "$kv" "$(ratio "$av" "$kv")"
        if [ -n "$B_PID" ]; then
            bv=$(awk -v c="$c" -v col="$col" '$1 == c && $2 == "build-b" { print $col }' "$R" | median)
            printf " %14s %14s %14s" "$bv" "$(ratio "$bv" "$kv")" "$(ratio "$bv" "$av")"
        fi
        echo
    done
done
echo "server: $(grep -m1 -o 'DNS listening.*' "$W/ad.log" || true)"
echo "acme-delegate: udp_workers = ${AD_UDP_WORKERS:-<default, one per core>} (AD_UDP_WORKERS)"
echo "knot: $KNOT_UDP_WORKERS UDP worker(s), $KNOT_TCP_WORKERS TCP worker(s) (KNOT_UDP_WORKERS, KNOT_TCP_WORKERS)"
echo "noise: $(machine_noise) (kdamond_ms: its CPU time during each latency run)"
[ "${PIN:-0}" = 1 ] && echo "pinned: dnsperf on CPU 0, each server on CPU 1"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -r)," \
     "java $(java -version 2>&1 | awk -F'"' '/version/ { print $2; exit }'), knotd $(knotd -V | awk '{ print $NF }'), $(dnsperf -h 2>&1 | awk '/^Version/ { print "dnsperf " $2 }')"
