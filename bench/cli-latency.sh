#!/usr/bin/env bash
# How long one admin CLI call takes (`acme-delegate accounts list` against a running server with 20
# accounts), wall-clock, as an operator runs it: through the launcher (client compiler, serial GC and the
# per-command class-data archive its first call leaves in the cache), through the launcher with the
# archive turned off (ACME_DELEGATE_CDS=0), and as a bare `java -jar`. Prints median and slowest of RUNS.
# Usage: bench/cli-latency.sh   (RUNS=10 by default; the server jar is built if missing)
#        RT=1 runs each timed call under `chrt -f 10` (root): on a machine busy with other work the calls
#        then get the CPU as on an idle one, while the server still competes like any process.
set -euo pipefail
# Its own ports by default, so it can run beside the other benchmarks.
AD_DNS_PORT=${AD_DNS_PORT:-25320} AD_API_PORT=${AD_API_PORT:-25321} AD_ADMIN_PORT=${AD_ADMIN_PORT:-25322}
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}
LAUNCHER=$REPO_DIR/packaging/src/bin/acme-delegate
need_jar
dir=$WORK/cli
rm -rf "$dir"
mkdir -p "$dir/cache"
ad_config "$dir/server.toml" "$dir/acme-delegate.db"
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '\n[admin]\nlisten = "%s:%s"\ntoken = "%s"\n' "$ADDR" "$AD_ADMIN_PORT" "$token" >> "$dir/server.toml"
ad_start "$dir/server.toml" "$dir/server.log"
trap stop_all EXIT
export ACME_DELEGATE_JAR=$JAR XDG_CACHE_HOME=$dir/cache
for i in $(seq 20); do
    "$LAUNCHER" accounts create --domain "d$i.example.com" --config "$dir/server.toml" --json > /dev/null 2>&1
done

times() {  # times LABEL COMMAND...: runs it RUNS times, prints median and max in ms
    local label=$1 t0 samples=()
    shift
    "$@" > /dev/null  # the first call leaves the archive (and warms the page cache)
    for _ in $(seq "$RUNS"); do
        t0=$(now)
        ${RT:+chrt -f 10} "$@" > /dev/null
        samples+=("$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000 }')")
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk -v l="$label" '{ v[NR] = $1 }
        END { printf "%-44s median %5d ms   max %5d ms   (%d runs)\n", l, v[int((NR + 1) / 2)], v[NR], NR }'
}

log "cores: $(nproc), load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
times "launcher (class-data archive)" "$LAUNCHER" accounts list --config "$dir/server.toml"
ACME_DELEGATE_CDS=0 times "launcher, ACME_DELEGATE_CDS=0" "$LAUNCHER" accounts list --config "$dir/server.toml"
times "java -jar (no launcher flags)" java -jar "$JAR" accounts list --config "$dir/server.toml"
