#!/usr/bin/env bash
# Benchmark 4: seconds for one certbot issuance of example.test + *.example.test through pebble, with
# real DNS-01 validation through acme-delegate and its client hook (the end-to-end topology of
# e2e/run.sh). Runs it RUNS times (default 3) and prints each time and the median. Asserts nothing.
# Needs: e2e/install-deps.sh, then `mvn -B -q package -DskipTests`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
CLIENT=${1:-certbot}

times=()
for i in $(seq 1 "$RUNS"); do
    dir=$(mktemp -d /tmp/acme-delegate-bench-issuance.XXXXXX)
    line=$(E2E_RUN=$dir "$ROOT/e2e/run.sh" "$CLIENT" 2>"$dir/e2e.log" | grep "^RESULT client=$CLIENT ") || true
    case "$line" in
        *status=OK*) seconds=${line##*seconds=}; seconds=${seconds%% *}; times+=("$seconds")
                     echo "run $i: $seconds s" ;;
        *) echo "run $i: failed, see $dir/e2e.log"; continue ;;
    esac
    rm -rf "$dir"
done
[ ${#times[@]} -gt 0 ] || { echo "no successful run"; exit 1; }
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "$CLIENT issuance (example.test + *.example.test, real validation): median $median s over ${#times[@]} runs"
