#!/usr/bin/env bash
# cluster.sh - three acme-delegate nodes on one PostgreSQL (A on 127.0.0.1, B on 127.0.0.2, C on 127.0.0.3):
# the delay from /update's 200 on A to the value answered by B and C, and /update's latency on A, once
# with [cluster] wait_for = "all" and once with "local" (see cluster_delay.py). PostgreSQL is Debian's,
# started by this script in $WORK/pg on 127.0.0.1:$PG_PORT (as the postgres user when run as root), with
# its default durability settings. Asserts nothing.
#
# Usage: bench/cluster.sh                 (as root on Debian; installs postgresql and python3 if missing)
# Ports: node n has DNS on 127.0.0.n:2531n and the API on 127.0.0.n:2539n.
# Settings (environment): UPDATES=1000 MODES="all local" BCRYPT_COST=10 PG_PORT=25432 JAVA_OPTS WORK
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_packages python3:python3
need_jar
source "$BENCH_DIR/pg.sh"
W=$WORK/cluster
rm -rf "$W"; mkdir -p "$W"
pg_start "$W/pg"
trap 'stop_all; pg_stop' EXIT

node_config() {  # node_config N WAIT_FOR DATABASE
    cat > "$W/node-$1.toml" <<TOML
$(pg_node_store "$3")
[cluster]
node_name = "node-$1"
wait_for = "$2"
[dns]
listen = ["127.0.0.$1:$((25310 + $1))"]
zone = "$ZONE"
[api]
listen = "127.0.0.$1:$((25390 + $1))"
bcrypt_cost = ${BCRYPT_COST:-10}
[audit]
path = "$W/audit-$1.log"
[limits]
register = "off"
auth_failures = "off"
TOML
}

for mode in ${MODES:-all local}; do
    db="bench_$mode"
    pg_sql postgres -c "CREATE DATABASE $db"
    for n in 1 2 3; do
        node_config "$n" "$mode" "$db"
        AD_DNS_PORT=$((25310 + n)) AD_API_PORT=$((25390 + n)) ad_start "$W/node-$n.toml" "$W/node-$n-$mode.log"
        log "node $n ($mode) pid $AD_PID ready in $AD_READY_S s"
    done
    echo "== wait_for = \"$mode\""
    python3 "$BENCH_DIR/cluster_delay.py" "http://127.0.0.1:25391" 127.0.0.2:25312 127.0.0.3:25313
    stop_all
done
