#!/usr/bin/env bash
# pg-scale.sh - one node on PostgreSQL against one node on SQLite holding the same registrations (two TXT
# values each, bulk-loaded with SQL: make-data.py for SQLite, the same names and values generated in SQL
# for PostgreSQL): time from exec to ready, and UDP qps with dnsperf (TXT queries uniform over all names,
# median of RUNS runs, qps per server core too). The query path reads the in-memory index in both cases;
# this shows it. PostgreSQL is started by the script (see pg.sh). Asserts nothing.
#
# Usage: bench/pg-scale.sh                  (as root on Debian; installs dnsperf and postgresql if missing)
# Settings (environment): SIZES="1000 1000000" RUNS=3 RUN_SECONDS=10 WARMUP=5 PG_PORT JAVA_OPTS WORK
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/pg.sh"

SIZES=${SIZES:-1000 1000000} RUNS=${RUNS:-3} SECS=${RUN_SECONDS:-10} WARMUP=${WARMUP:-5}
need_packages dnsperf:dnsperf ss:iproute2 python3:python3
need_jar

W=$WORK/pg-scale
rm -rf "$W"; mkdir -p "$W"
pg_start "$W/pg"
trap 'stop_all; pg_stop' EXIT
R=$W/results.txt; : > "$R"

pg_config() {  # pg_config FILE DATABASE DIR: the bench configuration with the store on PostgreSQL
    ad_config "$1" unused.db
    sed -i '/^\[store\]$/,/^sqlite_path/d' "$1"
    { pg_node_store "$2"; printf '[audit]\npath = "%s/audit.log"\n' "$3"; } >> "$1"
}

measure() {  # measure ENGINE N DIR CONFIG
    local engine=$1 n=$2 d=$3 conf=$4 q qps qpc regs
    ad_start "$conf" "$d/$engine.log"
    regs=$(grep -o '[0-9]* registrations' "$d/$engine.log" | head -1 | awk '{ print $1 }')
    [ "$regs" = "$n" ] || die "$engine server loaded $regs registrations, expected $n"
    log "$engine n=$n ready in $AD_READY_S s (server: $AD_READY_SELF_MS ms); warm-up $WARMUP s"
    perf_qps "$AD_PID" "$AD_DNS_PORT" udp "$d/q" "$WARMUP" "$d/warm-$engine.out" > /dev/null
    for run in $(seq "$RUNS"); do
        q=$(perf_qps "$AD_PID" "$AD_DNS_PORT" udp "$d/q" "$SECS" "$d/$engine-$run.out")
        log "$engine n=$n run $run: $q"
        echo "$q"
    done > "$d/$engine-qps.txt"
    stop_pid "$AD_PID"
    qps=$(awk '{ print $1 }' "$d/$engine-qps.txt" | median)
    qpc=$(awk '{ print $3 }' "$d/$engine-qps.txt" | median)
    echo "$n $engine $AD_READY_S $AD_READY_SELF_MS $qps $qpc" >> "$R"
}

for n in $SIZES; do
    d=$W/$n; mkdir -p "$d"
    log "bulk-loading $n registrations into SQLite"
    ad_empty_db "$d/ad.db"
    python3 "$BENCH_DIR/make-data.py" db "$d/ad.db" "$n"
    python3 "$BENCH_DIR/make-data.py" queries "$d/q" "$n" "$ZONE" 0

    log "bulk-loading $n registrations into PostgreSQL"
    pg_sql postgres -c "CREATE DATABASE bench_$n"
    pg_config "$d/pg.toml" "bench_$n" "$d"
    ad_start "$d/pg.toml" "$d/migrate-pg.log"   # creates the schema
    stop_pid "$AD_PID"
    t0=$(now)
    pg_sql "bench_$n" <<SQL
CREATE FUNCTION pg_temp.v(i bigint, w text) RETURNS text LANGUAGE sql IMMUTABLE AS
  \$\$ SELECT rtrim(translate(encode(sha256(convert_to('acme-delegate-bench ' || i || ' ' || w, 'UTF8')), 'base64'),
                              '+/', '-_'), '=') \$\$;
INSERT INTO accounts (username, key_hash, subdomain, allow_from, created_at)
  SELECT md5('user ' || i), '\$2a\$10\$' || repeat('b', 53), 'bench-' || lpad(to_hex(i), 8, '0'), '',
         (extract(epoch FROM now()) * 1000)::bigint
  FROM generate_series(0, $n - 1) AS i;
INSERT INTO txt_values (subdomain, value, seq, updated_at)
  SELECT 'bench-' || lpad(to_hex(i), 8, '0'), pg_temp.v(i, w), 2 * i + (CASE w WHEN 'a' THEN 1 ELSE 2 END),
         (extract(epoch FROM now()) * 1000)::bigint
  FROM generate_series(0, $n - 1) AS i, (VALUES ('a'), ('b')) AS x(w);
UPDATE change_counter SET value = 2 * $n;
VACUUM ANALYZE;
SQL
    log "loaded in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"

    ad_config "$d/sqlite.toml" "$d/ad.db"
    cat "$d/ad.db" > /dev/null
    measure sqlite "$n" "$d" "$d/sqlite.toml"
    measure postgresql "$n" "$d" "$d/pg.toml"
done

echo "== pg-scale: UDP TXT queries uniform over all names, median of $RUNS x ${SECS} s; $(nproc) cores =="
printf "%12s %12s %10s %12s %10s %12s\n" registrations engine ready_s server_ms udp_qps qps_per_core
while read -r n e rs rm q qc; do
    printf "%12s %12s %10s %12s %10s %12s\n" "$n" "$e" "$rs" "$rm" "$q" "$qc"
done < "$R"
