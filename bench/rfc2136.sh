#!/usr/bin/env bash
# rfc2136.sh - RFC 2136 UPDATEs signed with a registration's own TSIG key (see rfc2136_bench.py): the time
# from a signed UPDATE to the value answered by DNS over 300 UPDATEs, and the UDP query latency while
# 5,000 UPDATEs per second with a bad signature arrive, next to the idle latency. The server starts on a
# new database with the bench configuration (failed-login limit off, so every forged UPDATE is verified
# and audited instead of refused unread). Asserts nothing.
#
# Usage: bench/rfc2136.sh            (as root on Debian; installs python3-dnspython if missing)
# Settings (environment): UPDATES=300 QUERIES=3000 FLOOD_RATE=5000 FLOOD_SOURCE=127.0.0.2 JAVA_OPTS WORK
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_packages ss:iproute2
# Debian's dnspython, for Debian's python3 (a python3 earlier on the PATH may not have it).
/usr/bin/python3 -c 'import dns.tsig' 2>/dev/null || {
    [ "$(id -u)" -eq 0 ] || die "missing python3-dnspython: run as root or apt-get install python3-dnspython"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-dnspython >/dev/null || die "apt-get failed"
}
need_jar

W=$WORK/rfc2136
rm -rf "$W"; mkdir -p "$W"
ad_config "$W/ad.toml" "$W/ad.db"
ad_start "$W/ad.toml" "$W/ad.log"
log "acme-delegate pid $AD_PID ready in $AD_READY_S s; API http://$ADDR:$AD_API_PORT, DNS $ADDR:$AD_DNS_PORT"
c0=$(cpu_ticks "$AD_PID"); t0=$(now)
/usr/bin/python3 "$BENCH_DIR/rfc2136_bench.py" "http://$ADDR:$AD_API_PORT" "$ADDR" "$AD_DNS_PORT" \
    "${FLOOD_SOURCE:-127.0.0.2}"
c1=$(cpu_ticks "$AD_PID"); t1=$(now)
echo "server CPU during the run: $(awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f cores", (c1 - c0) / hz / (t1 - t0) }') of $(nproc)"
