#!/usr/bin/env bash
# nx-flood-profile.sh - where the server's CPU goes under the random-subdomain flood of nx-flood.sh (RRL on):
# the server's cores in use during the flood (hence queries per CPU-second) and a perf profile by symbol.
#
# dnsperf offers FLOOD_QPS random nonexistent names a second from 127.0.0.1 (after WARMUP s at full speed,
# so the JIT is done); perf samples the server for PROFILE_SECONDS with call graphs, the JVM writing its JIT
# symbols (-XX:+DumpPerfMapAtExit) when stopped. Prints the figures and the top of the report; the whole
# report is left in $WORK/nx-flood-profile/report.txt. Asserts nothing.
#
# Usage: bench/nx-flood-profile.sh   (as root on Debian; installs dnsperf and perf if missing)
# Settings: FLOOD_QPS=100000 WARMUP=15 PROFILE_SECONDS=12 NAMES=1000 JAVA_OPTS AD_UDP_WORKERS
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FLOOD_QPS=${FLOOD_QPS:-100000} WARMUP=${WARMUP:-15} PROFILE_SECONDS=${PROFILE_SECONDS:-12} NAMES=${NAMES:-1000}
need_packages dnsperf:dnsperf perf:linux-perf ss:iproute2 python3:python3
need_jar

W=$WORK/nx-flood-profile
rm -rf "$W"; mkdir -p "$W"
ad_empty_db "$W/ad.db"
python3 "$BENCH_DIR/make-data.py" db "$W/ad.db" "$NAMES"
python3 "$BENCH_DIR/make-data.py" queries "$W/q-nx" 200000 "$ZONE" 100  # every name nonexistent
ad_config "$W/ad.toml" "$W/ad.db"
printf '\n[dns.rrl]\nenabled = true\n' >> "$W/ad.toml"
JAVA_OPTS="$JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
    ad_start "$W/ad.toml" "$W/ad.log"
dnsperf -s "$ADDR" -p "$AD_DNS_PORT" -d "$W/q-nx" -l "$WARMUP" -Q "$FLOOD_QPS" > /dev/null 2>&1 || true
dnsperf -s "$ADDR" -p "$AD_DNS_PORT" -d "$W/q-nx" -c 10 -q 20000 -t 0.1 -l $((PROFILE_SECONDS + 6)) \
    -Q "$FLOOD_QPS" > "$W/flood.out" 2>&1 &
flood=$!
STARTED_PIDS+=("$flood")
sleep 3
t0=$(cpu_ticks "$AD_PID") s0=$(now)
perf record -F 999 -g -p "$AD_PID" -o "$W/perf.data" -- sleep "$PROFILE_SECONDS" > /dev/null 2>&1
t1=$(cpu_ticks "$AD_PID") s1=$(now)
wait "$flood" || true
stop_pid "$AD_PID"   # the JVM writes /tmp/perf-<pid>.map as it exits
cores=$(awk -v a="$t0" -v b="$t1" -v x="$s0" -v y="$s1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.3f", (b - a) / hz / (y - x) }')
sent=$(awk -v s=$((PROFILE_SECONDS + 6)) '/Queries sent:/ { printf "%.0f", $3 / s }' "$W/flood.out")
perf report -i "$W/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null > "$W/report.txt" || true
echo "flood sent: ${sent:-nan} qps; server: $cores cores; $(awk -v q="${sent:-0}" -v c="$cores" \
    'BEGIN { if (c > 0) printf "%.0f", q / c; else print "nan" }') queries per server CPU-second"
echo "top symbols (self time; whole report: $W/report.txt):"
grep -E '^ +[0-9.]+%' "$W/report.txt" | head -20
echo "server: $(grep -m1 -o 'DNS listening.*' "$W/ad.log" || true)"
echo "machine: $(nproc) cores; dnsperf and the server share them"
