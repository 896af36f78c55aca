#!/usr/bin/env bash
# rfc2136.sh - RFC 2136 UPDATEs signed with a registration's own TSIG key (see rfc2136_bench.py): the time
# from a signed UPDATE to the value answered by DNS over 300 UPDATEs (with the store's own time per UPDATE
# from /metrics), and the UDP query latency while 5,000 UPDATEs per second with a bad signature arrive,
# next to the idle latency. The server starts on a new database with the bench configuration, except
# that the failed-login limit is the server's default (30 per 10 minutes per address), as in production:
# AUTH_FAILURES=off verifies and audits every forged UPDATE instead. With JAR_B, the same run follows
# against that jar (A/B on the same machine state). With SERVERS="acme-delegate knot", the same script runs against Knot
# (one UDP worker, as in dns-throughput.sh) holding one hmac-sha256 key allowed to update the zone: the
# reference for what the flood costs a server that checks TSIG in C. Asserts nothing.
#
# Usage: bench/rfc2136.sh            (as root on Debian; installs python3-dnspython if missing)
# Settings (environment): UPDATES=300 QUERIES=3000 ROUNDS=5 FLOOD_RATE=5000 FLOOD_SOURCE=127.0.0.2 AUTH_FAILURES
#                         JAR JAR_B JAVA_OPTS WORK SERVERS KNOT_PORT
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_packages ss:iproute2
# Debian's dnspython, for Debian's python3 (a python3 earlier on the PATH may not have it).
/usr/bin/python3 -c 'import dns.tsig' 2>/dev/null || {
    [ "$(id -u)" -eq 0 ] || die "missing python3-dnspython: run as root or apt-get install python3-dnspython"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-dnspython >/dev/null || die "apt-get failed"
}
need_jar
AD_ADMIN_PORT=${AD_ADMIN_PORT:-$((AD_API_PORT + 1))}

run_one() {  # run_one LABEL JAR
    local label=$1 W=$WORK/rfc2136-$1 c0 c1 t0 t1
    JAR=$2
    rm -rf "$W"; mkdir -p "$W"
    ad_config "$W/ad.toml" "$W/ad.db"
    if [ -n "${AUTH_FAILURES:-}" ]; then
        sed -i "s|^auth_failures = .*|auth_failures = \"$AUTH_FAILURES\"|" "$W/ad.toml"
    else
        sed -i '/^auth_failures = /d' "$W/ad.toml"
    fi
    printf '\n[admin]\nlisten = "%s:%s"\ntoken = "bench-admin-token-0123456789abcdef"\n' \
        "$ADDR" "$AD_ADMIN_PORT" >> "$W/ad.toml"
    ad_start "$W/ad.toml" "$W/ad.log"
    log "$label: $JAR, pid $AD_PID ready in $AD_READY_S s; DNS $ADDR:$AD_DNS_PORT; auth_failures ${AUTH_FAILURES:-default}"
    echo "== $label ($JAR; auth_failures ${AUTH_FAILURES:-default}); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    c0=$(cpu_ticks "$AD_PID"); t0=$(now)
    /usr/bin/python3 "$BENCH_DIR/rfc2136_bench.py" "http://$ADDR:$AD_API_PORT" "$ADDR" "$AD_DNS_PORT" \
        "${FLOOD_SOURCE:-127.0.0.2}" "http://$ADDR:$AD_ADMIN_PORT/metrics"
    c1=$(cpu_ticks "$AD_PID"); t1=$(now)
    echo "server CPU during the run: $(awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f cores", (c1 - c0) / hz / (t1 - t0) }') of $(nproc)"
    echo "audit lines about failed UPDATEs: $(grep -c '"auth_failure"' "$W/audit.log" 2>/dev/null || echo 0); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_pid "$AD_PID"
}


run_knot() {  # the same UPDATEs, queries and flood against knotd with one key for the zone
    local W=$WORK/rfc2136-knot secret c0 c1 t0 t1
    need_packages knotd:knot kdig:knot-dnsutils
    rm -rf "$W"; mkdir -p "$W"
    secret=$(head -c 32 /dev/urandom | base64)
    python3 "$BENCH_DIR/make-data.py" zone "$W/zone.txt" 0 "$ZONE"  # the bench zone's SOA, NS and glue only
    KNOT_SECTIONS=$(printf 'key:\n  - id: bench-key.%s.\n    algorithm: hmac-sha256\n    secret: %s\nacl:\n  - id: update\n    key: bench-key.%s.\n    action: update' "$ZONE" "$secret" "$ZONE") \
        KNOT_ZONE_OPTIONS="    acl: update" knot_start "$W" "$W/zone.txt"
    echo "== Knot $(knotd -V | awk '{ print $NF }') ($KNOT_UDP_WORKERS UDP worker); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    c0=$(cpu_ticks "$KNOT_PID"); t0=$(now)
    /usr/bin/python3 "$BENCH_DIR/rfc2136_bench.py" "key:bench-key.$ZONE.:$secret" "$ADDR" "$KNOT_PORT" \
        "${FLOOD_SOURCE:-127.0.0.2}"
    c1=$(cpu_ticks "$KNOT_PID"); t1=$(now)
    echo "server CPU during the run: $(awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f cores", (c1 - c0) / hz / (t1 - t0) }') of $(nproc)"
    stop_pid "$KNOT_PID"
}

for server in ${SERVERS:-acme-delegate}; do
    case $server in
        acme-delegate) run_one A "$JAR"; if [ -n "${JAR_B:-}" ]; then run_one B "$JAR_B"; fi ;;
        knot) run_knot ;;
        *) die "unknown server $server (SERVERS: acme-delegate, knot)" ;;
    esac
done
