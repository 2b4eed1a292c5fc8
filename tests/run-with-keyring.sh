#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test against a real Secret Service: gnome-keyring-daemon on a
# private D-Bus session bus, with its own HOME, XDG_DATA_HOME and
# XDG_RUNTIME_DIR in a temporary directory that is removed afterwards.
#
#   run-with-keyring.sh TEST [ARGS...]
#       After the test, the access token it stored (found through
#       secret-tool) must appear nowhere in the temporary directory, the
#       test's log included, except in the keyring's own encrypted file.
#   run-with-keyring.sh --no-keyring TEST [ARGS...]
#       A private session bus on which nothing provides (or can activate)
#       org.freedesktop.secrets.
#
# Packages: dbus, gnome-keyring, libsecret-tools.
set -u

schema=de.resonanz.Resonanz.Account

fail () {
    echo "run-with-keyring: $*" >&2
    exit 1
}

if [ -z "${RZ_KEYRING_TMP:-}" ]; then
    mode=keyring
    if [ "${1:-}" = "--no-keyring" ]; then
        mode=none
        shift
    fi
    [ $# -ge 1 ] || fail "usage: $0 [--no-keyring] TEST [ARGS...]"

    for tool in dbus-run-session dbus-send; do
        command -v "$tool" >/dev/null || fail "$tool not found; install dbus"
    done
    if [ "$mode" = keyring ]; then
        command -v gnome-keyring-daemon >/dev/null || fail "gnome-keyring-daemon not found; install gnome-keyring"
        command -v secret-tool >/dev/null || fail "secret-tool not found; install libsecret-tools"
    fi

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/resonanz-keyring.XXXXXX") || fail "cannot make a temporary directory"
    trap 'rm -rf "$tmp"' EXIT INT TERM
    mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/tmp"
    mkdir -m 700 "$tmp/runtime"

    export RZ_KEYRING_TMP="$tmp" RZ_KEYRING_MODE="$mode"
    export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
    export XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime" TMPDIR="$tmp/tmp"
    unset DBUS_SESSION_BUS_ADDRESS

    if [ "$mode" = none ]; then
        # A session bus without service directories: nothing is activated.
        cat > "$tmp/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$tmp/runtime</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
        dbus-run-session --config-file="$tmp/session.conf" -- "$0" "$@"
    else
        dbus-run-session -- "$0" "$@"
    fi
    exit $?
fi

# Inside the private session.
tmp=$RZ_KEYRING_TMP

if [ "$RZ_KEYRING_MODE" = none ]; then
    export RZ_TEST_SESSION_BUS=empty
    exec "$@"
fi

# An empty password would make the daemon prompt.
printf 'resonanz-test-password' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$tmp/daemon.log" 2>&1 &
daemon=$!

owned=false
for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
           org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
        owned=true
        break
    fi
    sleep 0.05
done
if [ "$owned" != true ]; then
    kill "$daemon" 2>/dev/null
    cat "$tmp/daemon.log" >&2
    fail "gnome-keyring-daemon did not take org.freedesktop.secrets"
fi

export RZ_TEST_SESSION_BUS=keyring
# With every debug message on, so the check below covers the logs too.
# GLib writes debug messages to stdout: they are passed on as TAP
# comments. stderr is kept in the log and shown when the test fails.
G_MESSAGES_DEBUG=all "$@" >"$tmp/test-stdout.log" 2>"$tmp/test-stderr.log"
status=$?
sed -e '/^\(ok\|not ok\|1\.\.\|#\|Bail out!\|TAP version\)/!s/^/# /' "$tmp/test-stdout.log"
[ "$status" -eq 0 ] || cat "$tmp/test-stderr.log" >&2

# What the test stored, read back from the keyring as another client would.
secret=$(secret-tool search --all --unlock xdg:schema "$schema" 2>/dev/null | sed -n 's/^secret = //p')
token=$(printf '%s\n' "$secret" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' | head -n 1)

kill "$daemon" 2>/dev/null
wait "$daemon" 2>/dev/null

[ "$status" -eq 0 ] || exit "$status"
[ -n "$token" ] || fail "the test stored no access token in the keyring"

# The keyring's file is encrypted; anything else holding the token leaks it.
leaks=$(grep -rlF --devices=skip --exclude-dir=keyrings -- "$token" "$tmp" 2>/dev/null)
if [ -n "$leaks" ]; then
    echo "$leaks" >&2
    fail "the access token was written outside the keyring (files above)"
fi
ls "$XDG_DATA_HOME/keyrings/"*.keyring >/dev/null 2>&1 || fail "no keyring file was written"
echo "# run-with-keyring: the token is only in the keyring"
exit 0
