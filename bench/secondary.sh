#!/usr/bin/env bash
# secondary.sh - acme-delegate as the hidden primary of a Knot secondary.
#  1. Delay from /update's 200 to the value answered by Knot (NOTIFY + IXFR, TSIG): p50, p99 and max over
#     UPDATES updates (target p99 < 500 ms).
#  2. AXFR of NAMES registrations (two values each, bulk-loaded): seconds and messages, the server's used
#     heap (jstat, every 0.5 s) during it, and UDP TXT qps (dnsperf) with and without a transfer running
#     (target >= 0.8x).
# Asserts nothing. Usage: bench/secondary.sh   (as root on Debian; installs knot, dnsperf, python3 if missing)
# Settings (environment): UPDATES=300 (0: skip part 1) NAMES=1000000 QPS_SECONDS=10 BCRYPT_COST=10 JAVA_OPTS
#   (e.g. -Xmx512m, the Debian unit's heap) WORK
#   KNOT_BLOCK_NOTIFY="off on": part 1 runs once per value of Knot's block-notify-after-transfer (A/B in one
#   run); with off, Knot plans its own NOTIFY 1 s after each transfer, and a NOTIFY from us that arrives
#   before that timer, in the next wall-clock second, waits for it (Knot plans events in whole seconds).
set -euo pipefail
AD_DNS_PORT=${AD_DNS_PORT:-25340} AD_API_PORT=${AD_API_PORT:-25341} KNOT_PORT=${KNOT_PORT:-25342}
source "$(dirname "$0")/lib.sh"
UPDATES=${UPDATES:-300}
KNOT_BLOCK_NOTIFY=${KNOT_BLOCK_NOTIFY:-off on}
NAMES=${NAMES:-1000000}
QPS_SECONDS=${QPS_SECONDS:-10}
need_packages knotd:knot kdig:knot-dnsutils keymgr:knot dnsperf:dnsperf python3:python3
need_jar
W=$WORK/secondary
rm -rf "$W"; mkdir -p "$W/knot/db" "$W/knot/zones"
trap stop_all EXIT
keymgr -t xfr-key hmac-sha256 > "$W/xfr.key"
secret=$(awk '/secret:/ { print $2 }' "$W/xfr.key")

primary_config() {  # primary_config FILE DB
    ad_config "$1" "$2"
    cat >> "$1" <<TOML
[[dns.tsig_keys]]
name = "xfr-key"
secret_file = "$W/xfr.key"
[dns.transfer]
allow = [{ tsig_key = "xfr-key" }, { address = "$ADDR" }]
[[dns.notify]]
address = "$ADDR:$KNOT_PORT"
tsig_key = "xfr-key"
TOML
}

knot_secondary() {  # knot_secondary BLOCK_NOTIFY
    rm -rf "$W/knot"; mkdir -p "$W/knot/db" "$W/knot/zones"
    cat > "$W/knot/knot.conf" <<KNOT
server:
    rundir: "$W/knot"
    listen: $ADDR@$KNOT_PORT
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: "$W/knot/knot.log"
    any: info
database:
    storage: "$W/knot/db"
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: $secret
remote:
  - id: primary
    address: $ADDR@$AD_DNS_PORT
    key: xfr-key
    block-notify-after-transfer: $1
acl:
  - id: notify
    address: $ADDR
    key: xfr-key
    action: notify
template:
  - id: default
    storage: "$W/knot/zones"
    zonefile-sync: -1
    zonefile-load: none
    journal-content: changes
zone:
  - domain: $ZONE
    master: primary
    acl: notify
KNOT
    knotd -c "$W/knot/knot.conf" > "$W/knot/stderr.log" 2>&1 &
    STARTED_PIDS+=("$!")
    for _ in $(seq 300); do
        kdig +short +time=1 +retry=0 @"$ADDR" -p "$KNOT_PORT" "$ZONE" SOA 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    die "knotd has no zone after 30 s (see $W/knot/knot.log)"
}

# --- 1. update -> Knot answer ---------------------------------------------------------------------
for block in $KNOT_BLOCK_NOTIFY; do
[ "$UPDATES" -gt 0 ] || break
rm -f "$W"/ad.db*
primary_config "$W/server.toml" "$W/ad.db"
ad_start "$W/server.toml" "$W/server.log"
knot_secondary "$block"
log "update -> Knot answer, $UPDATES updates, Knot's block-notify-after-transfer: $block"
python3 "$BENCH_DIR/secondary_delay.py" delay "http://$ADDR:$AD_API_PORT" "$ADDR" "$KNOT_PORT" "$UPDATES" > "$W/delays"
sort -g "$W/delays" | awk -v b="$block" '{ v[NR] = $1; if ($1 > 300) slow++ } END { i99 = int(NR * 0.99 + 0.5);
    if (i99 < 1) i99 = 1; printf "update->knot ms (block-notify-after-transfer: %s): n=%d p50=%.1f p99=%.1f max=%.1f over_300ms=%d\n",
    b, NR, v[int(NR * 0.5 + 0.5)], v[i99], v[NR], slow }'
echo "knot transfers: $(grep -c 'IXFR, incoming.*finished' "$W/knot/knot.log" || true) IXFR," \
    "$(grep -c 'AXFR, incoming.*finished' "$W/knot/knot.log" || true) AXFR; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
stop_all
STARTED_PIDS=()
done

# --- 2. AXFR of NAMES registrations ---------------------------------------------------------------
log "AXFR of $NAMES registrations"
ad_empty_db "$W/big.db"
python3 "$BENCH_DIR/make-data.py" db "$W/big.db" "$NAMES"
python3 "$BENCH_DIR/make-data.py" queries "$W/queries" "$(( NAMES < 10000 ? NAMES : 10000 ))" "$ZONE" 0
primary_config "$W/big.toml" "$W/big.db"
sed -i '/^\[\[dns.notify\]\]/,$d' "$W/big.toml"   # no secondary in this part
ad_start "$W/big.toml" "$W/big.log"
udp_qps() {
    dnsperf -s "$ADDR" -p "$AD_DNS_PORT" -d "$W/queries" -l "$QPS_SECONDS" -c 10 -q 100 2>/dev/null \
        | awk '/Queries per second/ { print $4 }'
}
base=$(udp_qps)
( while kill -0 "$AD_PID" 2>/dev/null; do
      jstat -gc "$AD_PID" | awk 'NR == 2 { printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024 }'
      sleep 0.5
  done > "$W/heap" ) &
sampler=$!
python3 "$BENCH_DIR/secondary_delay.py" axfr "$ADDR" "$AD_DNS_PORT" "$ZONE" $(( NAMES * 2 + 4 )) > "$W/axfr" &
axfr_pid=$!
during=$(udp_qps)
wait "$axfr_pid"
kill "$sampler" 2>/dev/null || true
heap_max=$(sort -g "$W/heap" | tail -1)
read -r seconds messages records < "$W/axfr"
echo "axfr: heap limit $(jcmd "$AD_PID" VM.flags 2>/dev/null | grep -o 'MaxHeapSize=[0-9]*' | head -1 | awk -F= '{ printf "%d MiB", $2 / 1048576 }'), live heap after it $(live_heap_mib "$AD_PID") MiB"
echo "axfr: names=$NAMES records=$records messages=$messages seconds=$seconds heap_used_max_mib=$heap_max"
echo "udp qps: without transfer=$base during transfer=$during ratio=$(ratio "$during" "$base")"
