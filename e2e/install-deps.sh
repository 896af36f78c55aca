#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need and a fresh machine may lack: the JDK, unzip (for
# ./mvnw, which fetches the pinned Maven from Maven Central and checks its SHA-256) and a system Maven; pebble
# (ACME CA), unbound (resolver), knot (the corporate zone), certbot, lego, dehydrated and uacme (real ACME
# clients), certbot's dns-rfc2136 plugin and nsupdate (RFC 2136), dig, openssl, curl and dash for the
# end-to-end tests; debootstrap,
# lintian, systemd (systemd-notify, systemd-analyze), iproute2 and python3 for the Debian package's test;
# postgresql, whose initdb and pg_ctl the PostgreSQL tests run on a loopback port of their own; kdig and nsd
# for the hidden-primary tests (Knot and NSD as secondaries).
# Does nothing when everything is there. Needs root (or sudo) only when something is missing.
# Installing unbound, knot and nsd may start their packaged services on a systemd host; they are stopped.
set -euo pipefail

declare -A package_of=(
    [javac]=openjdk-17-jdk-headless [mvn]=maven [unzip]=unzip [pebble]=pebble [unbound]=unbound [knotd]=knot
    [certbot]=certbot [lego]=lego [dehydrated]=dehydrated [uacme]=uacme [dig]=dnsutils
    [openssl]=openssl [curl]=curl [dash]=dash [unshare]=util-linux
    [debootstrap]=debootstrap [lintian]=lintian [systemd-notify]=systemd [systemd-analyze]=systemd
    [ip]=iproute2 [python3]=python3-minimal [kdig]=knot-dnsutils [nsd]=nsd
)
missing=()
for command in "${!package_of[@]}"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("${package_of[$command]}")
done
# The PostgreSQL ITs start their own server from Debian's binaries, which are not on the PATH.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# certbot's RFC 2136 plugin (a Python module) and nsupdate, for the TSIG update tests.
dpkg-query -W -f='${Status}' python3-certbot-dns-rfc2136 2>/dev/null | grep -q 'ok installed' || missing+=(python3-certbot-dns-rfc2136)
command -v nsupdate >/dev/null 2>&1 || missing+=(bind9-dnsutils)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# The tests start their own unbound and knotd on loopback; the packaged services are not wanted.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now unbound knot nsd postgresql >/dev/null 2>&1 || true
fi
