#!/usr/bin/env bash
# Installs the .deb into a throw-away Debian root and checks that it installs, runs, upgrades and removes
# the way an operator would do it: dpkg -i, files, owners and modes, the system user, check-config before and
# after the zone is set, the unit's ExecStart run as the unit would run it (user, working directory,
# environment, umask, ambient CAP_NET_BIND_SERVICE, NOTIFY_SOCKET) answering DNS on port 53 and the API,
# systemd-analyze verify, an upgrade to a rebuilt package with a higher version keeping config and data,
# dpkg -r keeping data and dpkg -P deleting it, and lintian.
#
# Usage: install-test.sh PACKAGE.deb WORKDIR   (as root; WORKDIR is under target/)
# The root is debootstrap's minbase of the host's Debian release plus the package's dependencies, systemd
# (systemd-analyze, systemd-notify) and logrotate, made once per WORKDIR and copied afresh for every run. Everything that listens does
# so in a network namespace of its own, so port 53 is free and parallel builds cannot collide.
# Prints "ok - CHECK" or "not ok - CHECK: WHY" per check, then "deb test finished"; exits 1 if any failed.
set -uo pipefail

stage=outside
if [ "${1:-}" = --inside ]; then
    stage=inside
    shift
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: needs root (debootstrap, chroot, dpkg in a throw-away root)"
    exit 77
fi
deb=$(realpath "$1")
work=$(realpath -m "$2")
suite=${DEB_TEST_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
mirror=${DEB_TEST_MIRROR:-http://deb.debian.org/debian}
base=$work/base-$suite
root=$work/root
config=/etc/acme-delegate/acme-delegate.toml
unit=/lib/systemd/system/acme-delegate.service
zone=auth.example.test

failed=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
# check NAME COMMAND...: the check passes when COMMAND exits 0; its output is shown when it does not.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$(printf '%s' "$out" | tail -n 8 | tr '\n' ' ')"; fi
}
# expect NAME EXPECTED ACTUAL
expect() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected '$2', got '$3'"; fi
}
in_root() { chroot "$root" "$@"; }
as_service_user() { chroot "$root" runuser -u acme-delegate -- "$@"; }

make_base() {
    [ -f "$base/.complete" ] && return 0
    rm -rf "$base"
    mkdir -p "$work"
    echo "# debootstrap $suite minbase with the package's dependencies into $base (once per target/)"
    debootstrap --variant=minbase --include=default-jre-headless,adduser,systemd,logrotate "$suite" "$base" "$mirror" \
        > "$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log"; return 1; }
    touch "$base/.complete"
}

# Starts the unit's ExecStart the way systemd would, from the unit file as installed (no systemd as PID 1 in
# the root); the server's PID goes to $server_pid, systemd's notifications to $notified.
start_like_systemd() {
    local exec_start user group workdir environment umask_value
    exec_start=$(sed -n 's/^ExecStart=//p' "$root$unit")
    user=$(sed -n 's/^User=//p' "$root$unit")
    group=$(sed -n 's/^Group=//p' "$root$unit")
    workdir=$(sed -n 's/^WorkingDirectory=//p' "$root$unit")
    environment=$(sed -n 's/^Environment="\(.*\)"$/\1/p' "$root$unit")
    umask_value=$(sed -n 's/^UMask=//p' "$root$unit")
    notified=$work/notified-$1
    rm -f "$root/run/acme-notify" "$notified"
    # systemd's side of NOTIFY_SOCKET: a unix datagram socket that records what it receives (passed file
    # descriptors, such as systemd-notify's barrier, are closed by not reading them, as systemd does).
    "$python" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(120)
with open(sys.argv[2], "a") as out:
    while True:
        data = s.recv(4096).decode()
        out.write(data + "\n")
        out.flush()
        if "READY=1" in data:
            break
' "$root/run/acme-notify" "$notified" &
    notify_pid=$!
    for _ in $(seq 50); do [ -S "$root/run/acme-notify" ] && break; sleep 0.1; done
    chmod 0666 "$root/run/acme-notify"
    # shellcheck disable=SC2086
    chroot "$root" setpriv --reuid="$user" --regid="$group" --init-groups \
        --inh-caps=+net_bind_service --ambient-caps=+net_bind_service \
        env -i -C "$workdir" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$environment" NOTIFY_SOCKET=/run/acme-notify \
        sh -c 'umask "$1"; shift; exec "$@"' sh "$umask_value" $exec_start \
        > "$work/server-$1.log" 2>&1 &
    server_pid=$!
}

await_ready() {
    for _ in $(seq 900); do
        if grep -q '^READY=1' "$notified" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "the server exited: $(tail -n 5 "$work/server-$1.log")"
            return 1
        fi
        sleep 0.1
    done
    echo "no READY=1 within 90 s: $(tail -n 5 "$work/server-$1.log")"
    return 1
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 200); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid"
        echo "did not stop within 20 s"
        return 1
    fi
    kill "$notify_pid" 2>/dev/null
    return 0
}

dig_short() { dig +short +time=2 +tries=2 -p 53 @127.0.0.1 "$@"; }

# ---- everything below runs inside private mount and network namespaces (see the end of the file) ----
inside() {
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
    mount -t sysfs sysfs "$root/sys"
    ip link set lo up
    cp "$deb" "$root/tmp/acme-delegate.deb"
    version=$(dpkg-deb -f "$deb" Version)

    # -- install --
    check "dpkg -i installs the package with its dependencies present" \
        in_root env DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/acme-delegate.deb
    expect "the package is installed" "install ok installed $version" \
        "$(in_root dpkg-query -W -f='${Status} ${Version}' acme-delegate)"
    listing=$(dpkg-deb -c "$deb")
    for entry in "-rw-r--r-- root/root .* ./usr/share/acme-delegate/lib/acme-delegate.jar" \
            "-rw-r--r-- root/root .* ./usr/share/acme-delegate/lib/acme-delegate-hook.jar" \
            "-rwxr-xr-x root/root .* ./usr/share/acme-delegate/bin/acme-delegate$" \
            "-rwxr-xr-x root/root .* ./usr/share/acme-delegate/bin/acme-delegate-hook$" \
            "-rwxr-xr-x root/root .* ./usr/share/acme-delegate/acme.sh/dns_acmedelegate.sh" \
            "lrw.* ./usr/bin/acme-delegate -> ../share/acme-delegate/bin/acme-delegate$" \
            "lrw.* ./usr/bin/acme-delegate-hook -> ../share/acme-delegate/bin/acme-delegate-hook$" \
            "-rw-r--r-- root/root .* ./etc/acme-delegate/acme-delegate.toml" \
            "-rw-r--r-- root/root .* ./lib/systemd/system/acme-delegate.service" \
            "-rw-r--r-- root/root .* ./etc/logrotate.d/acme-delegate" \
            "-rw-r--r-- root/root .* ./usr/share/man/man1/acme-delegate.1.gz" \
            "-rw-r--r-- root/root .* ./usr/share/man/man1/acme-delegate-hook.1.gz" \
            "-rw-r--r-- root/root .* ./usr/share/man/man1/acme-delegate-backup.1.gz"; do
        check "dpkg -c lists $(echo "$entry" | sed 's/.* \.\///; s/\$$//')" grep -qE -- "^$entry" <<< "$listing"
    done
    expect "conffiles are the config and the logrotate snippet" \
        "/etc/acme-delegate/acme-delegate.toml /etc/logrotate.d/acme-delegate" \
        "$(in_root dpkg-query -W -f='${Conffiles}' acme-delegate | awk 'NF {print $1}' | sort | xargs)"
    for line in "/usr/share/acme-delegate/lib/acme-delegate.jar 644 root root" \
            "/usr/share/acme-delegate/bin/acme-delegate 755 root root" \
            "/etc/acme-delegate/acme-delegate.toml 640 root acme-delegate" \
            "/etc/acme-delegate/admin.token 640 root acme-delegate" \
            "/var/lib/acme-delegate 700 acme-delegate acme-delegate" \
            "/var/log/acme-delegate 750 acme-delegate acme-delegate" \
            "/lib/systemd/system/acme-delegate.service 644 root root"; do
        set -- $line
        expect "stat $1 is $2 $3:$4" "$2 $3 $4" "$(in_root stat -c '%a %U %G' "$1" 2>&1)"
    done
    expect "the first install creates the database, empty, as the service user" "acme-delegate 640" \
        "$(in_root stat -c '%U %a' /var/lib/acme-delegate/acme-delegate.db 2>&1)"
    expect "/usr/bin/acme-delegate leads to the launcher" /usr/share/acme-delegate/bin/acme-delegate \
        "$(in_root readlink -f /usr/bin/acme-delegate)"
    check "the admin token is 48 random hex digits" grep -qxE '[0-9a-f]{48}' "$root/etc/acme-delegate/admin.token"
    token_before=$(sha256sum < "$root/etc/acme-delegate/admin.token")
    IFS=: read -r _ _ uid _ _ home shell <<< "$(in_root getent passwd acme-delegate)"
    check "acme-delegate is a system user (uid $uid < 1000)" test -n "$uid" -a "${uid:-1000}" -lt 1000
    expect "its home and shell" "/var/lib/acme-delegate /usr/sbin/nologin" "$home $shell"
    expect "installing neither enables nor starts the service" disabled \
        "$(in_root systemctl is-enabled acme-delegate.service 2>&1)"
    printed=$(in_root acme-delegate --version 2>&1)
    expect "acme-delegate --version names the version" "acme-delegate ${version/\~snapshot/-SNAPSHOT}" \
        "$(head -n 1 <<< "$printed")"
    check "and the commit" grep -qE '^commit ([0-9a-f]{7,}|unknown)' <<< "$printed"
    check "acme-delegate-hook runs from /usr/bin" \
        bash -c "chroot '$root' env ACME_DELEGATE_HOOK_CDS=0 acme-delegate-hook --help | grep -q '^Usage: acme-delegate-hook'"
    check "man acme-delegate-hook is installed" test -s "$root/usr/share/man/man1/acme-delegate-hook.1.gz"
    check "systemd-analyze verify accepts the unit" \
        bash -c "out=\$(chroot '$root' systemd-analyze verify --man=no $unit 2>&1); echo \"\$out\"; [ -z \"\$out\" ]"

    # -- configure, as an operator does --
    out=$(as_service_user acme-delegate check-config --config "$config" 2>&1)
    expect "check-config refuses the shipped config until dns.zone is set (exit 78)" "78" "$?"
    check "and says which key" grep -q "dns.zone" <<< "$out"
    sed -i "s|^# zone = \"auth.example.org\"|zone = \"$zone\"|" "$root$config"
    check "check-config passes once the zone is set (as the service user)" \
        as_service_user acme-delegate check-config --config "$config"

    # -- run --
    start_like_systemd first
    check "the unit's ExecStart, run as acme-delegate, tells systemd READY=1" await_ready first
    check "DNS answers on port 53 as soon as it is ready (SOA)" \
        bash -c "dig_out=\$(dig +short +time=2 +tries=1 -p 53 @127.0.0.1 $zone SOA); echo \"\$dig_out\"; [ -n \"\$dig_out\" ]"
    check "the status line names the zone" grep -q "^STATUS=serving $zone" "$notified"
    expect "the API answers /health" 200 "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8053/health)"
    expect "registration is closed" 404 "$(curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:8053/register)"
    account=$(as_service_user acme-delegate accounts create --json --domain example.com --config "$config" 2>&1)
    check "accounts create works through the admin API with the generated token" grep -q '"password"' <<< "$account"
    username=$(sed -n 's/.*"username":"\([^"]*\)".*/\1/p' <<< "$account")
    password=$(sed -n 's/.*"password":"\([^"]*\)".*/\1/p' <<< "$account")
    subdomain=$(sed -n 's/.*"subdomain":"\([^"]*\)".*/\1/p' <<< "$account")
    value=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | head -c 43)
    expect "POST /update with those credentials" 200 "$(curl -s -o /dev/null -w '%{http_code}' \
        -X POST http://127.0.0.1:8053/update -H "X-Api-User: $username" -H "X-Api-Key: $password" \
        -d "{\"subdomain\":\"$subdomain\",\"txt\":\"$value\"}")"
    expect "DNS answers the value" "\"$value\"" "$(dig_short "$subdomain.$zone" TXT)"
    expect "the database is the service user's, under the unit's umask" "acme-delegate 640" \
        "$(in_root stat -c '%U %a' /var/lib/acme-delegate/acme-delegate.db)"
    expect "the audit log is 0600 acme-delegate" "600 acme-delegate" \
        "$(in_root stat -c '%a %U' /var/log/acme-delegate/audit.log 2>&1)"
    check "backup copies the running server's database" \
        bash -c "chroot '$root' runuser -u acme-delegate -- acme-delegate backup --config $config \
            --to /var/lib/acme-delegate/before-upgrade.db | grep 'ok: .*(1 accounts'"
    check "logrotate accepts the snippet" in_root logrotate -d /etc/logrotate.d/acme-delegate
    check "a forced rotation moves the audit log away while the server runs" \
        in_root logrotate -f -s /tmp/logrotate.state /etc/logrotate.d/acme-delegate
    check "the rotated file keeps the old lines" \
        grep -q '"action":"admin.create"' "$root/var/log/acme-delegate/audit.log.1"
    # what the snippet's postrotate asks systemd to do (no systemd here): SIGHUP to the main process
    kill -HUP "$server_pid"
    check "the server lives on after SIGHUP" \
        bash -c "sleep 1; kill -0 $server_pid && chroot '$root' runuser -u acme-delegate -- acme-delegate accounts list --config $config"
    check "and writes its next lines to the new audit log" \
        grep -q '"action":"admin.list"' "$root/var/log/acme-delegate/audit.log"
    expect "which is 0600 acme-delegate" "600 acme-delegate" \
        "$(in_root stat -c '%a %U' /var/log/acme-delegate/audit.log 2>&1)"
    check "the server stops on SIGTERM" stop_server

    # -- upgrade to a rebuilt package with a higher version --
    rm -rf "$work/repack"
    dpkg-deb -R "$deb" "$work/repack"
    sed -i "s/^Version: .*/Version: $version+upgrade1/" "$work/repack/DEBIAN/control"
    check "the package rebuilds with a higher version" \
        dpkg-deb --root-owner-group -b "$work/repack" "$root/tmp/acme-delegate-upgrade.deb"
    check "dpkg -i upgrades it without a question (no terminal)" \
        in_root env DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/acme-delegate-upgrade.deb < /dev/null
    expect "the new version is installed" "install ok installed $version+upgrade1" \
        "$(in_root dpkg-query -W -f='${Status} ${Version}' acme-delegate)"
    check "the operator's zone survives in the config" grep -q "^zone = \"$zone\"" "$root$config"
    check "no .dpkg-dist or .dpkg-new was left beside it" \
        bash -c "! ls '$root/etc/acme-delegate/' | grep -q dpkg"
    expect "the admin token is unchanged" "$token_before" "$(sha256sum < "$root/etc/acme-delegate/admin.token")"
    expect "the data folder keeps its mode" "700 acme-delegate" "$(in_root stat -c '%a %U' /var/lib/acme-delegate)"
    start_like_systemd upgraded
    check "the upgraded server starts on the old data" await_ready upgraded
    expect "and still answers the value stored before the upgrade" "\"$value\"" "$(dig_short "$subdomain.$zone" TXT)"
    check "the upgraded server stops" stop_server

    # -- remove, then purge --
    check "dpkg -r removes the package" in_root dpkg -r acme-delegate
    check "its programs are gone" test ! -e "$root/usr/share/acme-delegate/lib/acme-delegate.jar" -a ! -e "$root/usr/bin/acme-delegate"
    check "the database stays after dpkg -r" test -s "$root/var/lib/acme-delegate/acme-delegate.db"
    check "the config and the token stay after dpkg -r" \
        test -f "$root$config" -a -f "$root/etc/acme-delegate/admin.token"
    expect "dpkg keeps only its config files" "deinstall ok config-files" \
        "$(in_root dpkg-query -W -f='${Status}' acme-delegate)"
    check "dpkg -P purges it" in_root dpkg -P acme-delegate
    check "purge deletes the data, the logs and /etc/acme-delegate" \
        test ! -e "$root/var/lib/acme-delegate" -a ! -e "$root/var/log/acme-delegate" -a ! -e "$root/etc/acme-delegate"
    check "dpkg forgets the package" bash -c "! chroot '$root' dpkg-query -W acme-delegate >/dev/null 2>&1"
    return 0
}

if [ "$stage" = inside ]; then
    # re-entered through the unshare below: new mount, network and PID namespaces, so every mount and every
    # process started here ends with it
    python=$(command -v /usr/bin/python3 || command -v python3)
    inside
    exit $((failed > 0))
fi

for command in debootstrap dpkg-deb lintian unshare chroot dig curl ip python3; do
    command -v "$command" >/dev/null || { echo "not ok - $command is installed: run e2e/install-deps.sh"; exit 1; }
done

make_base || { echo "not ok - debootstrap made the root"; exit 1; }
ok "debootstrap made a $suite root with the package's dependencies"
rm -rf "$root"
mkdir -p "$root" && cp -a "$base/." "$root/"
unshare --mount --net --pid --fork --mount-proc -- bash "$0" --inside "$deb" "$work"
inside_status=$?
failed=$((failed + inside_status))

lintian --fail-on error "$deb" > "$work/lintian.log" 2>&1
lint_status=$?
grep -v 'running with root privileges' "$work/lintian.log" | sed 's/^/# lintian: /'
if [ "$lint_status" -eq 0 ]; then
    ok "lintian finds no errors"
else
    not_ok "lintian finds no errors" "$(grep '^E:' "$work/lintian.log" | tr '\n' ' ')"
fi

rm -rf "$root"
echo "deb test finished"
exit $((failed > 0))
