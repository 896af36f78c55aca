#!/usr/bin/env bash
# nx-flood.sh - a random-subdomain flood (the common attack on authoritative servers) against
# acme-delegate, with response-rate limiting off and on, while a CA-like client asks for a real name.
#
# dnsperf offers FLOOD_QPS queries a second for random names that do not exist (NXDOMAIN) from
# 127.0.0.1; at the same time a client on another network (127.0.5.1, another /24 for RRL) asks for a
# registered name's TXT RATE times a second, one query at a time with a 1 s timeout, as a CA's
# validation resolver would. Prints, per RRL setting: the flood's answered qps and loss; the real
# name's p50, p99, max latency and lost queries, both as the client saw them and ending at the kernel's
# receive timestamp of each answer (without the client's own wait for a core); the server's cores used
# while the real name was asked; kdamond's CPU time meanwhile (see BENCHMARKS.md). Asserts nothing.
#
# Usage: bench/nx-flood.sh   (as root on Debian; installs dnsperf if missing)
# Settings: FLOOD_QPS=100000 RATE=10 SECONDS_EACH=20 NAMES=1000 WARMUP=15 (s of flood before measuring) RRL_MODES="off on" AD_UDP_WORKERS (the server's [dns]
#   udp_workers; its default, one per core, when unset) PIN=1 (dnsperf and the real client on CPU 0, the
#   server on CPU 1: the flood then costs the server its own core, not a share of two with dnsperf)
#   SERVER=knot: the same against knotd (one UDP worker unless KNOT_UDP_WORKERS; RRL "on" is its mod-rrl
#   with the same 100 per second per /24 and slip 2), the reference for what the machine allows
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FLOOD_QPS=${FLOOD_QPS:-100000} RATE=${RATE:-10} SECS=${SECONDS_EACH:-20} NAMES=${NAMES:-1000} WARMUP=${WARMUP:-15}
SERVER=${SERVER:-acme-delegate}
need_packages dnsperf:dnsperf ss:iproute2 python3:python3
[ "$SERVER" = knot ] && need_packages knotd:knot kdig:knot-dnsutils
need_jar

W=$WORK/nx-flood
rm -rf "$W"; mkdir -p "$W"
ad_empty_db "$W/ad.db"
python3 "$BENCH_DIR/make-data.py" db "$W/ad.db" "$NAMES"
python3 "$BENCH_DIR/make-data.py" zone "$W/zone.txt" "$NAMES" "$ZONE"
python3 "$BENCH_DIR/make-data.py" queries "$W/q-nx" 200000 "$ZONE" 100  # every name nonexistent

real_client() {  # real_client OUT: RATE queries a second for SECS s; prints "p50 p99 max lost sent kp50 kp99 kmax"
    # The k figures end at the kernel's receive timestamp of the answer (SO_TIMESTAMPNS) instead of when this
    # client got back on a core to read it: on two shared cores the client's own wake-up is in the first
    # figures, while a CA's resolver runs on another machine.
    $PERF_PREFIX python3 - "$ADDR" "$PORT" "bench-00000001.$ZONE" "$RATE" "$SECS" > "$1" <<'PY'
import socket, struct, sys, time
addr, port, name, rate, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
wire = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.5.1", 0))
s.settimeout(1.0)
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux, as in <asm-generic/socket.h>
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
lat, klat, lost, start = [], [], 0, time.monotonic()
for i in range(rate * secs):
    due = start + i / rate
    time.sleep(max(0, due - time.monotonic()))
    q = struct.pack(">HHHHHH", i & 0xFFFF, 0, 1, 0, 0, 1) + wire + struct.pack(">HH", 16, 1)
    t, wall = time.perf_counter(), time.time_ns()
    s.sendto(q, (addr, port))
    try:
        while True:
            r, anc, _, _ = s.recvmsg(2048, 64)
            if r[:2] == q[:2]:
                break
        lat.append((time.perf_counter() - t) * 1000)
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", data[:16])
                klat.append((sec * 1_000_000_000 + nsec - wall) / 1e6)
    except socket.timeout:
        lost += 1
lat.sort(); klat.sort()
pct = lambda xs, p: xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")
print("%.3f %.3f %.3f %d %d %.3f %.3f %.3f" % (pct(lat, 0.5), pct(lat, 0.99), lat[-1] if lat else float("nan"),
      lost, rate * secs, pct(klat, 0.5), pct(klat, 0.99), klat[-1] if klat else float("nan")))
PY
}

echo "rrl flood_offered flood_sent_qps flood_answered_qps flood_unanswered_pct real_p50_ms real_p99_ms real_max_ms real_lost real_sent kernel_p50_ms kernel_p99_ms kernel_max_ms server_cores kdamond_ms"
for rrl in ${RRL_MODES:-off on}; do
    if [ "$SERVER" = knot ]; then
        if [ "$rrl" = on ]; then
            KNOT_SECTIONS=$(printf 'mod-rrl:\n  - id: flood\n    rate-limit: 100\n    slip: 2')
            KNOT_ZONE_OPTIONS="    module: mod-rrl/flood"
        else
            KNOT_SECTIONS="" KNOT_ZONE_OPTIONS=""
        fi
        knot_start "$W/knot-$rrl" "$W/zone.txt"
        PID=$KNOT_PID PORT=$KNOT_PORT
    else
        ad_config "$W/ad.toml" "$W/ad.db"
        if [ "$rrl" = on ]; then printf '\n[dns.rrl]\nenabled = true\n' >> "$W/ad.toml"; fi
        ad_start "$W/ad.toml" "$W/ad-$rrl.log"
        PID=$AD_PID PORT=$AD_DNS_PORT
    fi
    pin_server "$PID"
    # JIT warm-up at full speed before anything is measured: with 5 s the JIT was still recompiling (C2 at a
    # fifth of a core, -XX:+PrintCompilation) during the first seconds of the measured flood.
    $PERF_PREFIX dnsperf -s "$ADDR" -p "$PORT" -d "$W/q-nx" -l "$WARMUP" -Q "$FLOOD_QPS" > /dev/null 2>&1 || true
    # A short timeout and a deep window keep dnsperf sending at the offered rate although RRL drops answers.
    $PERF_PREFIX dnsperf -s "$ADDR" -p "$PORT" -d "$W/q-nx" -c 10 -q 20000 -t 0.1 -l "$SECS" -Q "$FLOOD_QPS" \
        > "$W/flood-$rrl.out" 2>&1 &
    flood=$!
    STARTED_PIDS+=("$flood")
    sleep 1
    t0=$(now) c0=$(cpu_ticks "$PID") k0=$(kdamond_ms)
    real_client "$W/real-$rrl.out"
    cores=$(awk -v a="$c0" -v b="$(cpu_ticks "$PID")" -v t0="$t0" -v t1="$(now)" -v hz="$HZ" \
        'BEGIN { printf "%.2f", (b - a) / hz / (t1 - t0) }')
    kd=$(( $(kdamond_ms) - k0 ))
    wait "$flood" || true
    stop_pid "$PID"
    fs=$(awk -v s="$SECS" '/Queries sent:/ { printf "%.0f", $3 / s }' "$W/flood-$rrl.out")
    fq=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$W/flood-$rrl.out")
    fl=$(awk '/Queries lost:/ { l = $4; gsub(/[()%]/, "", l); print l }' "$W/flood-$rrl.out")
    echo "$rrl $FLOOD_QPS ${fs:-nan} ${fq:-nan} ${fl:-nan} $(cat "$W/real-$rrl.out") $cores $kd"
done
if [ "$SERVER" = knot ]; then
    echo "server: knotd $(knotd -V | awk '{ print $NF }'), $KNOT_UDP_WORKERS UDP worker(s)"
else
    echo "server: $(grep -m1 -o 'DNS listening.*' "$W/ad-on.log" || true)"
fi
if [ "${PIN:-0}" = 1 ]; then where="pinned: dnsperf and the real client on CPU 0, the server on CPU 1"; else where="dnsperf and the server share them"; fi
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); $where; $(machine_noise)"
