# pg.sh - sourced by the PostgreSQL benchmarks after lib.sh: starts Debian's PostgreSQL in $1 on
# 127.0.0.1:$PG_PORT (as the postgres user when run as root; PostgreSQL refuses root), password
# "bench-password" in $1/pwfile, default durability settings; stopped by pg_stop (and at exit).
PG_PORT=${PG_PORT:-25432}

pg_start() {  # pg_start DIR
    PG_DIR=$1
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$PG_BIN" ]; then
        apt-get install -y -q --no-install-recommends postgresql >/dev/null
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
    AS_PG=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$PG_DIR"
        AS_PG=(runuser -u postgres --)
    fi
    echo "bench-password" > "$PG_DIR/pwfile"; chmod 644 "$PG_DIR/pwfile"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 ${PG_OPTS:-}" start >/dev/null
    PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') pid $PG_PID on 127.0.0.1:$PG_PORT"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || kill "$PG_PID" 2>/dev/null || true
    PG_DIR=""
}

pg_sql() {  # pg_sql DATABASE SQL...: runs SQL as the superuser over the socket
    local db=$1
    shift
    "${AS_PG[@]}" "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

pg_node_store() {  # pg_node_store DATABASE: the [store] and [store.postgresql] tables of a node's config
    cat <<TOML
[store]
engine = "postgresql"
[store.postgresql]
url = "jdbc:postgresql://127.0.0.1:$PG_PORT/$1"
user = "postgres"
password_file = "$PG_DIR/pwfile"
TOML
}
