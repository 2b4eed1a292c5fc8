#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one UI test the way a user sees the app: a real X server (Xvfb), a
# private session bus with the accessibility bus, and a fresh home.
set -eu

if ! command -v xvfb-run >/dev/null || ! command -v dbus-run-session >/dev/null; then
  echo "ui tests need xvfb, xauth and dbus (run .ci/test to install them)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rz-ui.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"

export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export RZ_UI_TMP="$tmp"
# The accessibility bridge must be on for AT-SPI to see the app.
unset NO_AT_BRIDGE
export GTK_A11Y=atspi
# The cairo renderer starts faster and uses less memory on llvmpipe.
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GDK_BACKEND=x11
export PYTHONDONTWRITEBYTECODE=1

# TAP goes to descriptor 3, a copy of stdout; everything else (the bus and
# accessibility daemons print there) goes to stderr.
export RZ_TAP_FD=3
exec 3>&1
exec xvfb-run -a -s '-screen 0 1280x800x24' \
  dbus-run-session -- /usr/bin/python3 "$@" 1>&2
