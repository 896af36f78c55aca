#!/usr/bin/env bash
# scale.sh - acme-delegate with 1,000 / 100,000 / 1,000,000 registrations of two TXT values each.
#
# For each size: a database bulk-loaded with SQL (no bcrypt; see make-data.py), then the server is
# started and measured: time from exec to ready (wall, JVM start included; and the server's own
# figure), live heap after a full GC (jcmd GC.class_histogram), resident set size, and UDP qps over
# RUNS dnsperf runs of RUN_SECONDS s with TXT queries spread uniformly over all names (median; qps
# per server core too). Prints a table and qps relative to the smallest size. Asserts nothing.
#
# Usage: bench/scale.sh                     (as root on Debian; installs dnsperf if missing)
# Settings (environment): SIZES="1000 100000 1000000" RUNS=3 RUN_SECONDS=10 WARMUP=10
#   KEEP_DB=1 (reuse a database built by an earlier run; the default rebuilds it)
#   JAVA_OPTS (server JVM) AD_DNS_PORT AD_API_PORT WORK PERF_CLIENTS PERF_OUTSTANDING
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SIZES=${SIZES:-1000 100000 1000000} RUNS=${RUNS:-3} SECS=${RUN_SECONDS:-10} WARMUP=${WARMUP:-10}

need_packages dnsperf:dnsperf ss:iproute2 python3:python3 jcmd:openjdk-17-jdk-headless
need_jar

W=$WORK/scale
mkdir -p "$W"
R=$W/results.txt; : > "$R"
for n in $SIZES; do
    d=$W/$n; mkdir -p "$d"
    if [ "${KEEP_DB:-0}" != 1 ] || [ ! -f "$d/complete" ]; then
        rm -f "$d/complete"
        log "bulk-loading $n registrations"
        ad_empty_db "$d/ad.db"
        t0=$(now)
        python3 "$BENCH_DIR/make-data.py" db "$d/ad.db" "$n"
        log "loaded in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s, $(du -m "$d/ad.db" | cut -f1) MiB"
        touch "$d/complete"
    fi
    [ -f "$d/q" ] || python3 "$BENCH_DIR/make-data.py" queries "$d/q" "$n" "$ZONE" 0
    ad_config "$d/ad.toml" "$d/ad.db"
    # Let the page cache hold the file in every case, so the first size does not pay for a cold disk.
    cat "$d/ad.db" > /dev/null
    ad_start "$d/ad.toml" "$d/ad.log"
    regs=$(grep -o '[0-9]* registrations' "$d/ad.log" | head -1 | awk '{ print $1 }')
    [ "$regs" = "$n" ] || die "server loaded $regs registrations, expected $n"
    heap=$(live_heap_mib "$AD_PID")
    log "n=$n ready in ${AD_READY_S} s (server: ${AD_READY_SELF_MS} ms), live heap ${heap} MiB; warm-up ${WARMUP} s"
    perf_qps "$AD_PID" "$AD_DNS_PORT" udp "$d/q" "$WARMUP" "$d/warm.out" > /dev/null
    for run in $(seq "$RUNS"); do
        q=$(perf_qps "$AD_PID" "$AD_DNS_PORT" udp "$d/q" "$SECS" "$d/run-$run.out")
        log "n=$n run $run: $q"
        echo "$n $run $q" >> "$d/runs.txt"
        echo "$q"
    done > "$d/qps.txt"
    rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$AD_PID/status")
    heap_after=$(live_heap_mib "$AD_PID")
    stop_pid "$AD_PID"
    qps=$(awk '{ print $1 }' "$d/qps.txt" | median)
    qpc=$(awk '{ print $3 }' "$d/qps.txt" | median)
    lost=$(awk '{ print $4 }' "$d/qps.txt" | sort -g | tail -1)
    echo "$n $AD_READY_S $AD_READY_SELF_MS $heap $heap_after $rss $qps $qpc $lost" >> "$R"
done

echo "== scale: UDP TXT queries uniform over all names, median of $RUNS x ${SECS} s; $(nproc) cores =="
printf "%12s %10s %12s %14s %16s %8s %10s %12s %9s %12s\n" registrations ready_s server_ms live_heap_MiB \
    heap_after_q_MiB rss_MiB udp_qps qps_per_core max_lost% qps_vs_first
first=$(awk 'NR == 1 { print $7 }' "$R")
while read -r n rs rm h ha rss q qc l; do
    printf "%12s %10s %12s %14s %16s %8s %10s %12s %9s %12s\n" "$n" "$rs" "$rm" "$h" "$ha" "$rss" "$q" "$qc" "$l" "$(ratio "$q" "$first")"
done < "$R"
echo "jvm: java $(java -version 2>&1 | awk -F'"' '/version/ { print $2; exit }') ${JAVA_OPTS:-(default options)}; machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB"
