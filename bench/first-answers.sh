#!/usr/bin/env bash
# How long the first DNS answers of a freshly started server take while both cores are busy, with the
# query-path warm-up (the default: 3,000 made-up queries through the real handlers before DNS listens)
# and without it (-Dacme-delegate.warm-up-queries=0). Prints, per mode, over RUNS starts: the first
# answer's time, the slowest of the first 50, and the start-to-ready time the server reports.
# Usage: bench/first-answers.sh   (RUNS=5 by default; the server jar is built if missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
need_jar
mkdir -p "$WORK/first"

hog_start() {  # two busy loops, one per core: "the CPU is busy"
    HOGS=()
    for _ in 1 2; do
        sh -c 'while :; do :; done' &
        HOGS+=($!)
        STARTED_PIDS+=($!)
    done
}
hog_stop() { for p in "${HOGS[@]}"; do stop_pid "$p"; done; }

probe() {  # probe: 50 queries one after the other; prints "first_ms max_ms"
    python3 - "$ADDR" "$AD_DNS_PORT" "$ZONE" <<'PY'
import os, socket, struct, sys, time
addr, port, zone = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def query(i, name, qtype):
    wire = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
    return struct.pack(">HHHHHH", i, 0, 1, 0, 0, 1) + wire + struct.pack(">HH", qtype, 1) \
        + b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
times = []
for i in range(50):
    name = (f"x{os.urandom(4).hex()}." + zone) if i % 2 else zone
    q = query(i, name, 16 if i % 2 else 6)
    t = time.perf_counter()
    s.sendto(q, (addr, port))
    s.recv(2048)
    times.append((time.perf_counter() - t) * 1000)
print(f"{times[0]:.2f} {max(times):.2f}")
PY
}

for mode in ${MODES:-3000 0}; do
    firsts=(); maxes=(); readies=()
    for run in $(seq "$RUNS"); do
        db="$WORK/first/db-$mode-$run.sqlite"
        rm -f "$db"*
        ad_config "$WORK/first/bench.toml" "$db"
        hog_start
        JAVA_OPTS="-Dacme-delegate.warm-up-queries=$mode" ad_start "$WORK/first/bench.toml" "$WORK/first/server.log"
        read -r first max < <(probe)
        stop_pid "$AD_PID"
        hog_stop
        firsts+=("$first"); maxes+=("$max"); readies+=("$AD_READY_SELF_MS")
    done
    printf 'warm-up %5s queries: first answer ms: %s | slowest of first 50 ms: %s | ready in ms: %s\n' \
        "$mode" "${firsts[*]}" "${maxes[*]}" "${readies[*]}"
done
