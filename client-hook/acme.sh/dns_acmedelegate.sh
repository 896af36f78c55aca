#!/usr/bin/env sh
# acme.sh DNS API for acme-delegate (and any acme-dns server), through the acme-delegate-hook launcher.
#
# The launcher does the work (account file, API call, and waiting until every authoritative nameserver
# answers the value), so acme.sh can run with --dnssleep 0. Register the domain once first:
#   acme-delegate-hook register --server https://auth.example.org --domain example.com
#
# Settings (all optional; acme.sh saves the ones that are set into its account.conf for renewals):
#   ACMEDELEGATE_HOOK          launcher to run (default: acme-delegate-hook from PATH)
#   ACME_DELEGATE_ACCOUNTS     account file (default: see the launcher's README)
#   ACME_DELEGATE_DNS_SERVERS  HOST:PORT list to poll instead of the zone's NS records
#   ACME_DELEGATE_RESOLVER     resolver used to find those NS records
#   ACME_DELEGATE_TIMEOUT      seconds to wait for DNS propagation (default 120)
#
# acme.sh sources this file in a subshell per call: it defines functions only, never exits, and each
# function returns 0 only on success. POSIX sh (dash-clean).

# shellcheck disable=SC2034
dns_acmedelegate_info='acme-delegate (acme-dns compatible) through acme-delegate-hook
Options:
 ACMEDELEGATE_HOOK Launcher path. Optional, default acme-delegate-hook from PATH.
 ACME_DELEGATE_ACCOUNTS Account file. Optional.
 ACME_DELEGATE_DNS_SERVERS Authoritative servers to poll, HOST:PORT comma-separated. Optional.
 ACME_DELEGATE_RESOLVER Resolver for the NS lookup, HOST:PORT. Optional.
 ACME_DELEGATE_TIMEOUT Propagation timeout in seconds. Optional.
'

# Usage: dns_acmedelegate_add _acme-challenge.example.com "XKrxpRBosdIKFzxW_CT3KLZNf6q0HG9i01zxXp5CPBs"
dns_acmedelegate_add() {
    _acmedelegate_run present "$1" "$2"
}

# Usage: dns_acmedelegate_rm _acme-challenge.example.com "XKrxpRBosdIKFzxW_CT3KLZNf6q0HG9i01zxXp5CPBs"
dns_acmedelegate_rm() {
    _acmedelegate_run cleanup "$1" "$2"
}

_acmedelegate_run() {
    _acmedelegate_action=$1
    _acmedelegate_fqdn=$2
    _acmedelegate_value=$3
    if [ -z "$_acmedelegate_fqdn" ] || [ -z "$_acmedelegate_value" ]; then
        _acmedelegate_log err "dns_acmedelegate needs a domain and a TXT value"
        return 1
    fi
    _acmedelegate_settings

    _acmedelegate_hook=${ACMEDELEGATE_HOOK:-acme-delegate-hook}
    if ! command -v "$_acmedelegate_hook" >/dev/null 2>&1; then
        _acmedelegate_log err "acme-delegate-hook not found (tried '$_acmedelegate_hook'); install it or set ACMEDELEGATE_HOOK"
        return 1
    fi
    _acmedelegate_log info "acme-delegate: $_acmedelegate_action $_acmedelegate_fqdn"
    if "$_acmedelegate_hook" "$_acmedelegate_action" "$_acmedelegate_fqdn" "$_acmedelegate_value"; then
        return 0
    fi
    _acmedelegate_log err "acme-delegate-hook $_acmedelegate_action failed for $_acmedelegate_fqdn (see the Error line above)"
    return 1
}

# Inside acme.sh: take saved settings when not set, and save the ones that are set for later renewals.
_acmedelegate_settings() {
    if ! command -v _readaccountconf_mutable >/dev/null 2>&1; then
        return 0
    fi
    for _acmedelegate_var in ACMEDELEGATE_HOOK ACME_DELEGATE_ACCOUNTS ACME_DELEGATE_DNS_SERVERS \
        ACME_DELEGATE_RESOLVER ACME_DELEGATE_TIMEOUT; do
        eval "_acmedelegate_val=\${$_acmedelegate_var:-}"
        if [ -z "$_acmedelegate_val" ]; then
            _acmedelegate_val=$(_readaccountconf_mutable "$_acmedelegate_var")
            if [ -n "$_acmedelegate_val" ]; then
                eval "$_acmedelegate_var=\$_acmedelegate_val"
                export "${_acmedelegate_var?}"
            fi
        else
            _saveaccountconf_mutable "$_acmedelegate_var" "$_acmedelegate_val"
        fi
    done
    return 0
}

_acmedelegate_log() {
    if [ "$1" = err ] && command -v _err >/dev/null 2>&1; then
        _err "$2"
    elif [ "$1" = info ] && command -v _info >/dev/null 2>&1; then
        _info "$2"
    else
        printf '%s\n' "$2" >&2
    fi
    return 0
}
