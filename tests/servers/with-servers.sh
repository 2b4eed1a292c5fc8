#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   with-servers.sh atproto|wordpress TEST [ARGS…]
#
# Starts the real server (atproto.sh or wordpress.sh) in a fresh temporary
# directory, runs TEST with its RZ_* variables in the environment, and
# stops the server again, also when TEST fails or the run is interrupted.
# Afterwards nothing of ours may still listen: the ports the servers had
# open are checked with `ss -ltn`; a leftover fails the run.
#
# TEST's standard output is passed on untouched (it may be TAP); everything
# the servers say goes to standard error.
# The functions run from traps:
# shellcheck disable=SC2317
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kind=${1:-}
shift || true

case "$kind" in
  atproto|wordpress) ;;
  *) echo "usage: with-servers.sh atproto|wordpress TEST [ARGS…]" >&2; exit 2 ;;
esac
[ $# -ge 1 ] || { echo "usage: with-servers.sh atproto|wordpress TEST [ARGS…]" >&2; exit 2; }

state=$(mktemp -d "${TMPDIR:-/tmp}/rz-$kind.XXXXXX")
ports=""
stopped=0

log () { printf 'with-servers.sh: %s\n' "$*" >&2; }

# Every TCP port a process of ours listens on, from its process id.
listening_ports () {
  local pid
  for pid in "$@"; do
    ss -ltnpH 2>/dev/null | grep -E "pid=$pid," | awk '{print $4}' | sed 's/.*://'
  done | sort -un | tr '\n' ' '
}

stop_servers () {
  [ "$stopped" -eq 0 ] || return 0
  stopped=1
  local t0=$SECONDS leftover="" port
  "$here/$kind.sh" stop "$state" >&2 || log "stopping $kind failed"
  log "$kind stopped in $((SECONDS - t0)) s"

  for port in $ports; do
    if [ -n "$(ss -ltnH "sport = :$port" 2>/dev/null)" ]; then
      leftover="$leftover $port"
    fi
  done
  if [ -n "$leftover" ]; then
    log "still listening after stop:$leftover"
    ss -ltnp >&2
    return 1
  fi
  return 0
}

on_exit () {
  local rc=$?
  stop_servers || rc=1
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

t0=$SECONDS
if ! "$here/$kind.sh" start "$state" >&2; then
  echo "Bail out! $kind did not start; see the log"
  exit 1
fi
log "$kind started in $((SECONDS - t0)) s"

set -a
# shellcheck source=/dev/null
. "$state/env"
set +a

case "$kind" in
  atproto) pids=$RZ_ATPROTO_PIDS ;;
  wordpress) pids=$RZ_WORDPRESS_PIDS ;;
esac
# shellcheck disable=SC2086
ports="$(listening_ports $pids) ${RZ_ATPROTO_PORTS:-} ${RZ_WORDPRESS_PORTS:-}"
for port in $ports; do
  # Our servers listen on loopback only; anything else is a bug.
  if ss -ltnH "sport = :$port" | awk '{print $4}' | grep -vqE '^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):'; then
    log "port $port listens beyond loopback"
    ss -ltn "sport = :$port" >&2
    exit 1
  fi
done

t0=$SECONDS
"$@"
rc=$?
log "$(basename "$1") took $((SECONDS - t0)) s (exit $rc)"
exit "$rc"
