#!/usr/bin/env bash
# update-path.sh - the /update path of acme-delegate: /update latency (p50, p99) next to the cost of
# one bcrypt check, the delay from the 200 to the first DNS answer holding the value, and updates per
# second in bursts, with distinct accounts and with one account (see update_path.py for the method).
# The server starts on a new database with the default bcrypt cost (10) and the default txt settings.
# Asserts nothing.
#
# Usage: bench/update-path.sh              (as root on Debian; installs python3 if missing)
# Settings (environment): ACCOUNTS=16 SEQ_UPDATES=300 THREADS=8 BURST_SECONDS=10 BCRYPT_COST=10
#   MAX_BCRYPT (the server's max_concurrent_bcrypt; default THREADS)
#   JAVA_OPTS AD_DNS_PORT AD_API_PORT WORK
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_packages ss:iproute2 python3:python3
need_jar

# By default only as many bcrypt checks run at once as there are CPUs and the rest of a burst gets 503
# at once (by design, instead of queueing); here the bursts are to measure queueing on the CPU.
export MAX_BCRYPT=${MAX_BCRYPT:-${THREADS:-8}}

W=$WORK/update
rm -rf "$W"; mkdir -p "$W"
ad_config "$W/ad.toml" "$W/ad.db"
ad_start "$W/ad.toml" "$W/ad.log"
log "acme-delegate pid $AD_PID ready in $AD_READY_S s; API http://$ADDR:$AD_API_PORT, DNS $ADDR:$AD_DNS_PORT"
c0=$(cpu_ticks "$AD_PID"); t0=$(now)
python3 "$BENCH_DIR/update_path.py" "http://$ADDR:$AD_API_PORT" "$ADDR" "$AD_DNS_PORT" "$ZONE"
c1=$(cpu_ticks "$AD_PID"); t1=$(now)
echo "server CPU during the run: $(awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f cores", (c1 - c0) / hz / (t1 - t0) }') of $(nproc); bcrypt cost ${BCRYPT_COST:-10}"
