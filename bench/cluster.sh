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
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PG_BIN" ]; then
    apt-get install -y -q --no-install-recommends postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
PG_PORT=${PG_PORT:-25432}
W=$WORK/cluster
rm -rf "$W"; mkdir -p "$W/pg"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$W/pg"
    as_pg=(runuser -u postgres --)
fi
echo "bench-password" > "$W/pg/pwfile"; chmod 644 "$W/pg/pwfile"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$W/pg/data" -U postgres --pwfile="$W/pg/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$W/pg/data" -l "$W/pg/server.log" -w \
    -o "-p $PG_PORT -k $W/pg -c listen_addresses=127.0.0.1" start >/dev/null
PG_PID=$(head -1 "$W/pg/data/postmaster.pid")
stop_pg() { "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$W/pg/data" -m fast -w stop >/dev/null 2>&1 || kill "$PG_PID" 2>/dev/null || true; }
trap 'stop_all; stop_pg' EXIT
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') pid $PG_PID on 127.0.0.1:$PG_PORT"

node_config() {  # node_config N WAIT_FOR DATABASE
    cat > "$W/node-$1.toml" <<TOML
[store]
engine = "postgresql"
[store.postgresql]
url = "jdbc:postgresql://127.0.0.1:$PG_PORT/$3"
user = "postgres"
password_file = "$W/pg/pwfile"
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
    "${as_pg[@]}" "$PG_BIN/psql" -h "$W/pg" -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE $db" postgres
    for n in 1 2 3; do
        node_config "$n" "$mode" "$db"
        AD_DNS_PORT=$((25310 + n)) AD_API_PORT=$((25390 + n)) ad_start "$W/node-$n.toml" "$W/node-$n-$mode.log"
        log "node $n ($mode) pid $AD_PID ready in $AD_READY_S s"
    done
    echo "== wait_for = \"$mode\""
    python3 "$BENCH_DIR/cluster_delay.py" "http://127.0.0.1:25391" 127.0.0.2:25312 127.0.0.3:25313
    stop_all
done
