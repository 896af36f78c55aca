#!/usr/bin/env bash
# End-to-end DNS-01 issuance on loopback, with real validation:
#   pebble (ACME CA, PEBBLE_VA_ALWAYS_VALID unset) -> unbound (resolver) -> knotd (corporate zone
#   example.test, _acme-challenge CNAME into auth.acme.test) -> acme-delegate (auth.acme.test).
# Each ACME client (certbot, lego, dehydrated, uacme; or those named as arguments) gets one certificate
# for example.test and *.example.test through acme-delegate-hook. Prints one RESULT line per client and
# "N passed, M failed"; exits non-zero if any client failed. Needs the jars from `./mvnw package` and the
# packages from e2e/install-deps.sh. Usage: e2e/run.sh [certbot|lego|dehydrated|uacme ...]
# RFC 2136 with the registration's own TSIG key (registered with --tsig then): certbot-rfc2136 (certbot's
# dns-rfc2136 plugin, updating _acme-challenge.example.test), lego-rfc2136 and nsupdate (add, see, delete).
# With E2E_NODES=2, two acme-delegate nodes on one PostgreSQL (started here from Debian's binaries) are the
# zone's two nameservers, ns1 and ns2; the resolver asks either, and the hook waits until both answer.
# With E2E_SECONDARY=knot, the second nameserver (ns2) is a Knot secondary of acme-delegate instead: it
# follows by NOTIFY and IXFR signed with a TSIG key, and the hook waits until both answer.
#
# E2E_NET (default 127.0.30) is the /24 on loopback everything listens in, so two checkouts can run at once
# with different values. E2E_MODE=production walks conf/production.toml as an operator instead of an open
# test server: the API over TLS (a certificate and SEC1 key from the test CA), closed registration, an
# account made with `acme-delegate accounts create` and imported with `acme-delegate-hook add-account
# --ca-file`, then after the clients the same server in token mode; each step prints a CHECK line.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${E2E_RUN:-$(mktemp -d /tmp/acme-delegate-e2e.XXXXXX)}
CLIENTS=("$@")
[ ${#CLIENTS[@]} -gt 0 ] || CLIENTS=(certbot lego dehydrated uacme)
# The RFC 2136 clients (certbot-rfc2136, lego-rfc2136, nsupdate) need the registration's TSIG key.
TSIG=""
[[ " ${CLIENTS[*]} " =~ \ (certbot-rfc2136|lego-rfc2136|nsupdate)\  ]] && TSIG=1

# All on loopback, unprivileged ports, inside $NET.0/24.
NET=${E2E_NET:-127.0.30}
MODE=${E2E_MODE:-open}
if ! [[ $NET =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}$ ]]; then
    echo "E2E_NET must be the first three numbers of a loopback /24, such as 127.0.30; got '$NET'" >&2
    exit 2
fi
RESOLVER_IP=$NET.1 RESOLVER_PORT=5301
CORP_IP=$NET.2 CORP_PORT=5302
AUTH_IP=$NET.3 AUTH_PORT=5303 API_PORT=8053 ADMIN_PORT=8054
AUTH2_IP=$NET.5 PG_IP=$NET.6 PG_PORT=5304
NODES=${E2E_NODES:-1}
SECONDARY=${E2E_SECONDARY:-}
PEBBLE_IP=$NET.4 PEBBLE_PORT=14000 PEBBLE_MGMT_PORT=15000
UNUSED_ROOT_IP=$NET.99
ZONE=example.test AUTH_ZONE=auth.acme.test
DIRECTORY=https://$PEBBLE_IP:$PEBBLE_PORT/dir
SERVER_JAR=$ROOT/server/target/acme-delegate.jar
HOOK=$ROOT/client-hook/bin/acme-delegate-hook

PIDS=()
log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    [ -z "${PG_DIR:-}" ] || rm -rf "$PG_DIR"
}
trap stop_all EXIT

# start NAME COMMAND...: runs a daemon in the foreground of a background job, logging to $RUN/NAME.log.
start() {
    local name=$1
    shift
    "$@" >"$RUN/$name.log" 2>&1 &
    PIDS+=($!)
    log "$name started (pid $!)"
}

# wait_for WHAT COMMAND...: retries COMMAND for up to 20 s.
wait_for() {
    local what=$1 i
    shift
    for i in $(seq 1 100); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "$what did not come up; see the logs in $RUN"
}

pki() {
    mkdir -p "$RUN/pki"
    cd "$RUN/pki" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=e2e test CA" \
        -keyout ca.key -out ca.pem 2>/dev/null || die "openssl CA"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=pebble" \
        -keyout pebble.key -out pebble.csr 2>/dev/null || die "openssl CSR"
    printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:localhost\n' "$PEBBLE_IP" > san.ext
    openssl x509 -req -in pebble.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
        -out pebble.pem 2>/dev/null || die "openssl sign"
    cat /etc/ssl/certs/ca-certificates.crt ca.pem > bundle.pem 2>/dev/null || cp ca.pem bundle.pem
    # The API's certificate, with a SEC1 key ("EC PRIVATE KEY") as many tools write it.
    openssl ecparam -genkey -name prime256v1 -noout -out api.key 2>/dev/null || die "openssl API key"
    openssl req -new -key api.key -subj "/CN=$AUTH_ZONE" -out api.csr 2>/dev/null || die "openssl API CSR"
    printf 'subjectAltName=IP:%s,DNS:%s\n' "$AUTH_IP" "$AUTH_ZONE" > api.ext
    openssl x509 -req -in api.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile api.ext \
        -out api.pem 2>/dev/null || die "openssl sign API"
    cd - >/dev/null || exit 1
}

# PostgreSQL refuses to run as root: its directory is its own (outside $RUN, which may be private) and
# the server runs as the postgres user (setpriv execs, so the PID stopped at exit is the server's).
start_postgres() {
    local bin as=()
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] || die "PostgreSQL is missing: run e2e/install-deps.sh"
    PG_DIR=$(mktemp -d /tmp/acme-delegate-e2e-pg.XXXXXX)
    echo "e2e-password-not-a-secret" > "$RUN/pg-password"
    cp "$RUN/pg-password" "$PG_DIR/pwfile"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres "$PG_DIR"
        as=(setpriv --reuid=postgres --regid=postgres --clear-groups)
    fi
    "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 --no-sync >"$RUN/initdb.log" 2>&1 || die "initdb failed; see $RUN/initdb.log"
    start postgres "${as[@]}" "$bin/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" \
        -c listen_addresses="$PG_IP" -c fsync=off
    wait_for "postgres" "$bin/pg_isready" -h "$PG_IP" -p "$PG_PORT"
}

# start_node N IP: node N of a two-node cluster on the PostgreSQL of start_postgres.
start_node() {
    local n=$1 ip=$2
    cat > "$RUN/acme-delegate-$n.toml" <<TOML
[dns]
listen = ["$ip:$AUTH_PORT"]
zone = "$AUTH_ZONE"
txt_ttl = 1
[[dns.nameservers]]
name = "ns1.$AUTH_ZONE"
addresses = ["$AUTH_IP"]
[[dns.nameservers]]
name = "ns2.$AUTH_ZONE"
addresses = ["$AUTH2_IP"]
[api]
listen = "$ip:$API_PORT"
[store]
engine = "postgresql"
[store.postgresql]
url = "jdbc:postgresql://$PG_IP:$PG_PORT/postgres"
user = "postgres"
password_file = "$RUN/pg-password"
[cluster]
node_name = "ns$n"
wait_for = "all"
[audit]
path = "$RUN/audit-$n.log"
TOML
    start "acme-delegate-$n" java -jar "$SERVER_JAR" serve --config "$RUN/acme-delegate-$n.toml"
    wait_for "acme-delegate node $n API" curl -sf "http://$ip:$API_PORT/health"
}

start_acme_delegate() {
    if [ "$NODES" = 2 ]; then
        start_postgres
        start_node 1 "$AUTH_IP"
        start_node 2 "$AUTH2_IP"
        return
    fi
    cat > "$RUN/acme-delegate.toml" <<TOML
[dns]
listen = ["$AUTH_IP:$AUTH_PORT"]
zone = "$AUTH_ZONE"
txt_ttl = 1
[[dns.nameservers]]
name = "ns1.$AUTH_ZONE"
addresses = ["$AUTH_IP"]
[api]
listen = "$AUTH_IP:$API_PORT"
[store]
sqlite_path = "$RUN/acme-delegate.db"
TOML
    if [ "$SECONDARY" = knot ]; then secondary_config >> "$RUN/acme-delegate.toml"; fi
    start acme-delegate java -jar "$SERVER_JAR" serve --config "$RUN/acme-delegate.toml"
    wait_for "acme-delegate API" curl -sf "http://$AUTH_IP:$API_PORT/health"
    if [ "$SECONDARY" = knot ]; then start_secondary; fi
}

# The primary's side of E2E_SECONDARY=knot: ns2 is the secondary, which transfers with the key and gets NOTIFY.
secondary_config() {
    keymgr -t xfr-key hmac-sha256 > "$RUN/xfr.key" || die "keymgr failed"
    cat <<TOML
[[dns.nameservers]]
name = "ns2.$AUTH_ZONE"
addresses = ["$AUTH2_IP"]
[[dns.tsig_keys]]
name = "xfr-key"
secret_file = "$RUN/xfr.key"
[dns.transfer]
allow = [{ tsig_key = "xfr-key" }]
[[dns.notify]]
address = "$AUTH2_IP:$AUTH_PORT"
tsig_key = "xfr-key"
TOML
}

# A Knot secondary of acme-delegate on $AUTH2_IP, configured as README's "Running several nameservers" shows.
start_secondary() {
    mkdir -p "$RUN/secondary/db" "$RUN/secondary/zones"
    cat > "$RUN/secondary/knot.conf" <<CONF
server:
    rundir: "$RUN/secondary"
    listen: $AUTH2_IP@$AUTH_PORT
database:
    storage: "$RUN/secondary/db"
log:
  - target: stderr
    any: info
$(cat "$RUN/xfr.key")
remote:
  - id: acme
    address: $AUTH_IP@$AUTH_PORT
    key: xfr-key
    block-notify-after-transfer: on
acl:
  - id: from-acme
    address: $AUTH_IP
    key: xfr-key
    action: notify
zone:
  - domain: $AUTH_ZONE
    storage: "$RUN/secondary/zones"
    master: acme
    acl: from-acme
    zonefile-load: none
    zonefile-sync: -1
    journal-content: changes
CONF
    start secondary knotd --config "$RUN/secondary/knot.conf"
    wait_for "the Knot secondary" dig +time=1 +tries=1 @"$AUTH2_IP" -p "$AUTH_PORT" "$AUTH_ZONE" SOA +short
}

register() {
    export ACME_DELEGATE_ACCOUNTS=$RUN/accounts.json
    export ACME_DELEGATE_DNS_SERVERS=$AUTH_IP:$AUTH_PORT
    [ "$NODES" = 2 ] || [ -n "$SECONDARY" ] && ACME_DELEGATE_DNS_SERVERS=$AUTH_IP:$AUTH_PORT,$AUTH2_IP:$AUTH_PORT
    export ACME_DELEGATE_RESOLVER=$RESOLVER_IP:$RESOLVER_PORT
    export ACME_DELEGATE_TIMEOUT=30
    # With a secondary the hook reports which servers it waited for (in the ACME client's log).
    [ -z "$SECONDARY" ] || export ACME_DELEGATE_PROGRESS=1
    local tsig=()
    [ -n "$TSIG" ] && tsig=(--tsig)
    CNAME_RECORD=$("$HOOK" register --server "http://$AUTH_IP:$API_PORT" --domain "$ZONE" "${tsig[@]}") \
        || die "acme-delegate-hook register failed"
    CNAME_RECORD=$(head -1 <<<"$CNAME_RECORD")
    log "register printed: $CNAME_RECORD"
    CNAME_TARGET=$(awk '$2 == "CNAME" { print $3 }' <<<"$CNAME_RECORD")
    [ -n "$CNAME_TARGET" ] || die "no CNAME in: $CNAME_RECORD"
}

CHECKS=()
check_failures=0
# check NAME STATUS DETAIL: one step of the production walk.
check() {
    CHECKS+=("CHECK $1 status=$2")
    [ "$2" = OK ] || { check_failures=$((check_failures + 1)); log "check $1 failed: $3"; }
}

# expect NAME EXIT TEXT COMMAND...: COMMAND exits EXIT and its stderr contains TEXT.
expect() {
    local name=$1 want=$2 text=$3 got
    shift 3
    "$@" >"$RUN/$name.out" 2>"$RUN/$name.err"
    got=$?
    if [ "$got" = "$want" ] && grep -qF -- "$text" "$RUN/$name.err"; then
        check "$name" OK
    else
        check "$name" FAIL "exit $got (wanted $want); stderr: $(cat "$RUN/$name.err")"
    fi
}

API_URL=https://$AUTH_IP:$API_PORT

# The production example with only the addresses, paths and names of this world changed.
production_config() {
    sed -e "s|\"192.0.2.53:53\", \"\\[2001:db8::53\\]:53\"|\"$AUTH_IP:$AUTH_PORT\"|" \
        -e "s|^zone = \"auth.example.org\"|zone = \"$AUTH_ZONE\"|" \
        -e "s|^name = \"ns1.auth.example.org\"|name = \"ns1.$AUTH_ZONE\"|" \
        -e "s|^addresses = \\[\"192.0.2.53\", \"2001:db8::53\"\\]|addresses = [\"$AUTH_IP\"]|" \
        -e "s|^listen = \"0.0.0.0:443\"|listen = \"$AUTH_IP:$API_PORT\"|" \
        -e "s|/etc/acme-delegate/tls/fullchain.pem|$RUN/pki/api.pem|" \
        -e "s|/etc/acme-delegate/tls/privkey.pem|$RUN/pki/api.key|" \
        -e "s|^listen = \"127.0.0.1:8054\"|listen = \"$AUTH_IP:$ADMIN_PORT\"|" \
        -e "s|/etc/acme-delegate/admin.token|$RUN/admin.token|" \
        -e "s|/var/lib/acme-delegate/acme-delegate.db|$RUN/acme-delegate.db|" \
        -e "s|/var/log/acme-delegate/audit.log|$RUN/audit.log|" \
        -e "s|^resolver = \"9.9.9.9\"|resolver = \"$RESOLVER_IP:$RESOLVER_PORT\"|" \
        "$ROOT/conf/production.toml"
}

start_production_server() {
    # The operator's steps from the comments at the top of conf/production.toml and the unit.
    openssl rand -hex 24 > "$RUN/admin.token" && chmod 0600 "$RUN/admin.token"
    production_config > "$RUN/acme-delegate.toml"
    if grep -nE '192\.0\.2\.|2001:db8|/etc/|/var/|0\.0\.0\.0|9\.9\.9\.9' "$RUN/acme-delegate.toml" | grep -v '^[0-9]*:#' >&2; then
        die "conf/production.toml changed shape: the lines above were not adapted to the test world"
    fi
    java -jar "$SERVER_JAR" check-config --config "$RUN/acme-delegate.toml" >"$RUN/check-config.out" 2>&1
    if grep -q "TLS certificate for \[$AUTH_IP, $AUTH_ZONE\]" "$RUN/check-config.out"; then
        check check-config OK
    else
        check check-config FAIL "$(cat "$RUN/check-config.out")"
    fi
    java -jar "$SERVER_JAR" create-database --config "$RUN/acme-delegate.toml" >&2 || die "create-database failed"
    start acme-delegate java -jar "$SERVER_JAR" serve --no-create --config "$RUN/acme-delegate.toml"
    SERVER_PID=$!
    wait_for "acme-delegate API" curl -sf --cacert "$RUN/pki/ca.pem" "$API_URL/health"
}

# The administrator makes the account, the hook imports it: closed registration.
hand_over_account() {
    export ACME_DELEGATE_ACCOUNTS=$RUN/accounts.json
    export ACME_DELEGATE_DNS_SERVERS=$AUTH_IP:$AUTH_PORT
    export ACME_DELEGATE_RESOLVER=$RESOLVER_IP:$RESOLVER_PORT
    export ACME_DELEGATE_TIMEOUT=30
    expect register-closed 8 "registration is closed on $API_URL" \
        "$HOOK" register --server "$API_URL" --domain "$ZONE" --ca-file "$RUN/pki/ca.pem"
    expect register-untrusted 12 "is not trusted: its issuer 'CN=e2e test CA'" \
        "$HOOK" register --server "$API_URL" --domain "$ZONE"
    java -jar "$SERVER_JAR" accounts create --config "$RUN/acme-delegate.toml" --domain "$ZONE" \
        --import-file "$RUN/$ZONE.import" >"$RUN/accounts-create.json" 2>"$RUN/accounts-create.err" \
        || die "accounts create failed: $(cat "$RUN/accounts-create.err")"
    export ACME_DELEGATE_CA_FILE=$RUN/pki/ca.pem
    CNAME_RECORD=$("$HOOK" add-account --domain "$ZONE" --from "$RUN/$ZONE.import") \
        || die "acme-delegate-hook add-account failed"
    log "add-account printed: $CNAME_RECORD"
    CNAME_TARGET=$(awk '$2 == "CNAME" { print $3 }' <<<"$CNAME_RECORD")
    [ -n "$CNAME_TARGET" ] || die "no CNAME in: $CNAME_RECORD"
    if grep -q "\"server_url\": \"$API_URL\"" "$RUN/accounts.json" \
        && [ "$(stat -c %a "$RUN/accounts.json")" = 600 ]; then
        check add-account OK
    else
        check add-account FAIL "accounts.json: $(stat -c %a "$RUN/accounts.json") $(grep server_url "$RUN/accounts.json")"
    fi
}

# The same server restarted in token mode: the hook registers only with the token.
token_mode() {
    local token
    token=$(openssl rand -hex 20)
    printf '%s\n' "$token" > "$RUN/registration.token"
    chmod 0600 "$RUN/registration.token"
    kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
    sed -i 's|^registration = "closed"|registration = "token"|' "$RUN/acme-delegate.toml"
    printf '\n[[api.registration_tokens]]\nname = "e2e"\ntoken = "%s"\ndomains = ["%s"]\n' "$token" "$ZONE" \
        >> "$RUN/acme-delegate.toml"
    start acme-delegate-token java -jar "$SERVER_JAR" serve --no-create --config "$RUN/acme-delegate.toml"
    SERVER_PID=$!
    wait_for "acme-delegate API (token mode)" curl -sf --cacert "$RUN/pki/ca.pem" "$API_URL/health"
    expect register-without-token 7 "needs a registration token (HTTP 401 unauthorized)" \
        "$HOOK" register --server "$API_URL" --domain "www.$ZONE"
    expect register-with-token 0 "Saved the account for www.$ZONE" \
        "$HOOK" register --server "$API_URL" --domain "www.$ZONE" --token-file "$RUN/registration.token"
    expect register-token-other-domain 8 "refused to register other.test with this token (HTTP 403" \
        "$HOOK" register --server "$API_URL" --domain "other.test" --token-file "$RUN/registration.token"
}

start_corporate_zone() {
    mkdir -p "$RUN/knot/db" "$RUN/knot/zones"
    cat > "$RUN/knot/zones/$ZONE.zone" <<ZONEFILE
\$ORIGIN $ZONE.
\$TTL 60
@               SOA   ns1 hostmaster 1 60 30 3600 1
@               NS    ns1
ns1             A     $CORP_IP
_acme-challenge 1     CNAME $CNAME_TARGET
ZONEFILE
    cat > "$RUN/knot/knot.conf" <<CONF
server:
    rundir: "$RUN/knot"
    listen: $CORP_IP@$CORP_PORT
database:
    storage: "$RUN/knot/db"
log:
  - target: stderr
    any: info
zone:
  - domain: $ZONE
    storage: "$RUN/knot/zones"
    file: "$ZONE.zone"
CONF
    start knot knotd --config "$RUN/knot/knot.conf"
    wait_for "knotd" dig +time=1 +tries=1 @"$CORP_IP" -p "$CORP_PORT" "_acme-challenge.$ZONE" CNAME +short
}

start_resolver() {
    mkdir -p "$RUN/unbound"
    printf '.  3600000 IN NS  fake-root.\nfake-root. 3600000 IN A %s\n' "$UNUSED_ROOT_IP" > "$RUN/unbound/root.hints"
    cat > "$RUN/unbound/unbound.conf" <<CONF
server:
    username: ""
    chroot: ""
    directory: "$RUN/unbound"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 1
    interface: $RESOLVER_IP
    port: $RESOLVER_PORT
    do-ip6: no
    num-threads: 1
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    outgoing-interface: $RESOLVER_IP
    root-hints: "$RUN/unbound/root.hints"
    # RFC 6761 makes test. an NXDOMAIN zone in unbound; let the two test zones through.
    local-zone: "$ZONE." transparent
    local-zone: "$AUTH_ZONE." transparent
    module-config: "iterator"
    # Every lookup reaches the authoritative servers, as a CA's resolver would on a first query.
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    infra-host-ttl: 5
remote-control:
    control-enable: no
stub-zone:
    name: "$ZONE."
    stub-addr: $CORP_IP@$CORP_PORT
stub-zone:
    name: "$AUTH_ZONE."
    stub-addr: $AUTH_IP@$AUTH_PORT
$([ "$NODES" = 2 ] || [ -n "$SECONDARY" ] && echo "    stub-addr: $AUTH2_IP@$AUTH_PORT")
CONF
    start unbound unbound -d -c "$RUN/unbound/unbound.conf"
    wait_for "unbound" dig +time=1 +tries=1 @"$RESOLVER_IP" -p "$RESOLVER_PORT" "ns1.$AUTH_ZONE" A +short
}

start_pebble() {
    mkdir -p "$RUN/pebble"
    cat > "$RUN/pebble/pebble.json" <<JSON
{"pebble": {"listenAddress": "$PEBBLE_IP:$PEBBLE_PORT", "managementListenAddress": "$PEBBLE_IP:$PEBBLE_MGMT_PORT",
  "certificate": "$RUN/pki/pebble.pem", "privateKey": "$RUN/pki/pebble.key",
  "httpPort": 5002, "tlsPort": 5001, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
    # PEBBLE_VA_ALWAYS_VALID stays unset: pebble really looks the TXT records up through unbound.
    start pebble env -u PEBBLE_VA_ALWAYS_VALID PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
        pebble -config "$RUN/pebble/pebble.json" -dnsserver "$RESOLVER_IP:$RESOLVER_PORT"
    wait_for "pebble" curl -sf --cacert "$RUN/pki/ca.pem" "$DIRECTORY"
}

run_certbot() {
    local out=$1
    REQUESTS_CA_BUNDLE=$RUN/pki/ca.pem certbot certonly --non-interactive --agree-tos \
        --register-unsafely-without-email --server "$DIRECTORY" \
        --config-dir "$out/config" --work-dir "$out/work" --logs-dir "$out/logs" \
        --manual --preferred-challenges dns \
        --manual-auth-hook "$HOOK certbot-auth" --manual-cleanup-hook "$HOOK certbot-cleanup" \
        --cert-name e2e --key-type ecdsa -d "$ZONE" -d "*.$ZONE" \
        && CERT=$out/config/live/e2e/cert.pem
}

run_lego() {
    local out=$1
    # lego's own propagation check would ask the zone's NS names on port 53: pebble's check is the real one.
    (cd "$out" && EXEC_PATH=$HOOK EXEC_SEQUENCE_INTERVAL=1 EXEC_POLLING_INTERVAL=1 EXEC_PROPAGATION_TIMEOUT=60 \
        LEGO_CA_CERTIFICATES=$RUN/pki/ca.pem lego --server "$DIRECTORY" --accept-tos --email "e2e@$ZONE" \
        --path "$out/lego" --key-type ec256 --dns exec --dns.resolvers "$RESOLVER_IP:$RESOLVER_PORT" \
        --dns.disable-cp -d "$ZONE" -d "*.$ZONE" run) \
        && CERT=$out/lego/certificates/$ZONE.crt
}

# The RFC 2136 clients use only the registration's TSIG key, saved by `register --tsig` as certbot's ini.
TSIG_INI=$RUN/$ZONE.rfc2136.ini
ini_value() { awk -v k="$1" '$1 == k { print $3 }' "$TSIG_INI"; }

run_certbot-rfc2136() {
    local out=$1
    # certbot finds the SOA the server shows its key at _acme-challenge.example.test and updates there.
    REQUESTS_CA_BUNDLE=$RUN/pki/ca.pem certbot certonly --non-interactive --agree-tos \
        --register-unsafely-without-email --server "$DIRECTORY" \
        --config-dir "$out/config" --work-dir "$out/work" --logs-dir "$out/logs" \
        --dns-rfc2136 --dns-rfc2136-credentials "$TSIG_INI" --dns-rfc2136-propagation-seconds 1 \
        --cert-name e2e --key-type ecdsa -d "$ZONE" -d "*.$ZONE" \
        && CERT=$out/config/live/e2e/cert.pem
}

run_lego-rfc2136() {
    local out=$1
    # lego follows the CNAME to the delegated name and updates it in the zone of acme-delegate.
    (cd "$out" && RFC2136_NAMESERVER="$(ini_value dns_rfc2136_server):$(ini_value dns_rfc2136_port)" \
        RFC2136_TSIG_KEY=$(ini_value dns_rfc2136_name) RFC2136_TSIG_SECRET=$(ini_value dns_rfc2136_secret) \
        RFC2136_TSIG_ALGORITHM=hmac-sha256. RFC2136_PROPAGATION_TIMEOUT=60 RFC2136_POLLING_INTERVAL=1 \
        RFC2136_SEQUENCE_INTERVAL=1 \
        LEGO_CA_CERTIFICATES=$RUN/pki/ca.pem lego --server "$DIRECTORY" --accept-tos --email "e2e@$ZONE" \
        --path "$out/lego" --key-type ec256 --dns rfc2136 --dns.resolvers "$RESOLVER_IP:$RESOLVER_PORT" \
        --dns.disable-cp -d "$ZONE" -d "*.$ZONE" run) \
        && CERT=$out/lego/certificates/$ZONE.crt
}

# nsupdate -k adds a value at the delegated name, the resolver sees it, then deletes it and it is gone.
run_nsupdate() {
    local out=$1 name value=nsupdate0123456789abcdefghijklmnopqrstuvwxy key
    name=$(ini_value dns_rfc2136_name)
    key=$out/tsig.key
    printf 'key "%s" {\n    algorithm hmac-sha256;\n    secret "%s";\n};\n' "$name" \
        "$(ini_value dns_rfc2136_secret)" > "$key"
    printf 'server %s %s\nzone %s\nupdate add %s 60 TXT "%s"\nsend\n' "$(ini_value dns_rfc2136_server)" \
        "$(ini_value dns_rfc2136_port)" "$AUTH_ZONE" "$name" "$value" | nsupdate -k "$key" -v || return 1
    dig +short @"$RESOLVER_IP" -p "$RESOLVER_PORT" "_acme-challenge.$ZONE" TXT | grep -q "$value" || return 1
    printf 'server %s %s\nzone %s\nupdate delete %s TXT "%s"\nsend\n' "$(ini_value dns_rfc2136_server)" \
        "$(ini_value dns_rfc2136_port)" "$AUTH_ZONE" "$name" "$value" | nsupdate -k "$key" -v || return 1
    ! dig +short @"$RESOLVER_IP" -p "$RESOLVER_PORT" "_acme-challenge.$ZONE" TXT | grep -q "$value" || return 1
    NSUPDATE_OK=1
}

run_dehydrated() {
    local out=$1
    echo "$ZONE *.$ZONE > e2e" > "$out/domains.txt"
    cat > "$out/config" <<CFG
CA="$DIRECTORY"
CHALLENGETYPE="dns-01"
BASEDIR="$out"
DOMAINS_TXT="$out/domains.txt"
HOOK="$HOOK"
HOOK_CHAIN="no"
KEY_ALGO="prime256v1"
KEYSIZE="2048"
CONTACT_EMAIL=""
OCSP_MUST_STAPLE="no"
OCSP_FETCH="no"
CFG
    CURL_CA_BUNDLE=$RUN/pki/ca.pem dehydrated --config "$out/config" --register --accept-terms \
        && CURL_CA_BUNDLE=$RUN/pki/ca.pem dehydrated --config "$out/config" --cron \
        && CERT=$out/certs/e2e/cert.pem
}

run_uacme() {
    local out=$1
    # uacme has no CA-file option: inside a private mount namespace the system bundle is replaced by
    # one that also trusts the test CA, so nothing changes for the rest of the machine.
    local userns=()
    [ "$(id -u)" -eq 0 ] || userns=(-r)   # without root, a user namespace allows the private mount
    unshare "${userns[@]}" -m bash -c '
        set -e
        mount --bind "$1" /etc/ssl/certs/ca-certificates.crt
        uacme -v -a "$2" -c "$3" -y -t EC new
        uacme -v -a "$2" -c "$3" -t EC -h "$4" issue "$5" "*.$5"
    ' _ "$RUN/pki/bundle.pem" "$DIRECTORY" "$out/uacme" "$HOOK" "$ZONE" \
        && CERT=$out/uacme/$ZONE/cert.pem
}

# issue CLIENT: one certificate for example.test + *.example.test; checks that it names both.
issue() {
    local client=$1 out=$RUN/out/$1 started status=FAIL
    mkdir -p "$out"
    CERT=""
    started=$(date +%s.%N)
    log "$client: requesting $ZONE and *.$ZONE"
    NSUPDATE_OK=""
    "run_$client" "$out" >"$out/client.log" 2>&1
    local seconds
    seconds=$(seconds_since "$started")
    if [ -n "$NSUPDATE_OK" ]; then
        status=OK
    elif [ -n "$CERT" ] && [ -s "$CERT" ]; then
        local names
        names=$(openssl x509 -in "$CERT" -noout -ext subjectAltName 2>/dev/null)
        if grep -q "DNS:$ZONE\b" <<<"$names" && grep -q "DNS:\*\.$ZONE" <<<"$names"; then
            status=OK
        else
            log "$client: certificate does not name both $ZONE and *.$ZONE: $names"
        fi
    fi
    if [ $status != OK ]; then
        log "$client failed; last lines of $out/client.log:"
        tail -25 "$out/client.log" >&2
    fi
    RESULTS+=("RESULT client=$client status=$status seconds=$seconds cert=${CERT:-none}")
    [ $status = OK ]
}

for binary in java openssl curl dig knotd unbound pebble; do
    command -v "$binary" >/dev/null || die "$binary is missing: run e2e/install-deps.sh"
done
[ -f "$SERVER_JAR" ] && [ -f "$ROOT/client-hook/target/acme-delegate-hook.jar" ] \
    || die "build the jars first: ./mvnw -B package -DskipTests"

log "working in $RUN (network $NET.0/24, $MODE mode)"
pki
if [ "$MODE" = production ]; then
    start_production_server
    hand_over_account
else
    start_acme_delegate
    register
fi
start_corporate_zone
start_resolver
start_pebble
"$HOOK" check --domain "$ZONE" >&2 || die "the CNAME check failed"

RESULTS=()
passed=0
failed=0
for client in "${CLIENTS[@]}"; do
    if issue "$client"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
[ "$MODE" = production ] && token_mode
printf '%s\n' "${RESULTS[@]}"
[ ${#CHECKS[@]} -eq 0 ] || printf '%s\n' "${CHECKS[@]}"
echo "e2e: $passed passed, $failed failed${CHECKS[*]:+, ${#CHECKS[@]} checks with $check_failures failed}"
[ $failed -eq 0 ] && [ $check_failures -eq 0 ]
