#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   atproto.sh start STATE_DIR     start PostgreSQL and the AT Protocol
#                                  network (PLC, PDS, AppView) on 127.0.0.1
#   atproto.sh stop STATE_DIR      stop both and remove STATE_DIR
#
# start writes STATE_DIR/env (shell variables for the tests: RZ_ATPROTO_*)
# and prints the server versions. It installs what is missing: Debian's
# postgresql and nodejs/npm with apt, @atproto/dev-env (pinned in
# atproto/package-lock.json) with `npm ci`. A failed start stops whatever
# it had started. Nothing listens anywhere but on 127.0.0.1 and in
# STATE_DIR, and nothing contacts another host: loopback-only.cjs refuses.
# JavaScript and PHP in single quotes are meant not to expand:
# shellcheck disable=SC2016
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_root=$(cd "$here/../.." && pwd)
cmd=${1:-}
state=${2:-}

log () { printf 'atproto.sh: %s\n' "$*" >&2; }
die () { log "$*"; exit 1; }

if [ -z "$cmd" ] || [ -z "$state" ]; then
  die "usage: atproto.sh start|stop STATE_DIR"
fi

# PostgreSQL refuses to run as root: then it runs as the postgres user the
# Debian package creates.
as_pg () {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin () {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# Gone, or a zombie nobody has reaped yet: either way it serves nothing.
is_running () {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

free_port () {
  node -e 'const s = require("net").createServer();
           s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

stop () {
  local pid bin

  if [ -f "$state/network.pid" ]; then
    pid=$(cat "$state/network.pid")
    if is_running "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      # network.close() takes about 2 s; give it 15 before killing.
      for _ in $(seq 1 150); do
        is_running "$pid" || break
        sleep 0.1
      done
      if is_running "$pid"; then
        log "the network did not stop in time; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$state/network.pid"
  fi

  if [ -f "$state/pg/postmaster.pid" ] && bin=$(pg_bin); then
    as_pg "$bin/pg_ctl" -D "$state/pg" -m fast -w -t 30 stop >/dev/null 2>&1 || {
      pid=$(head -1 "$state/pg/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    }
  fi

  case "$state" in
    /tmp/*|"${TMPDIR:-/tmp}"/*) rm -rf "$state" ;;
    *) log "leaving $state in place (not under a temporary directory)" ;;
  esac
}

install_packages () {
  # shellcheck source=/dev/null
  . "$source_root/.ci/packages"
  local need=""
  command -v node >/dev/null || need="$need nodejs"
  command -v npm >/dev/null || need="$need npm"
  # better-sqlite3 is compiled on install: its prebuilt binaries would
  # come from GitHub, which CI cannot reach.
  command -v g++ >/dev/null || need="$need g++"
  command -v make >/dev/null || need="$need make"
  pg_bin >/dev/null || need="$need postgresql"
  # shellcheck disable=SC2086
  [ -z "$need" ] || rz_install_packages $need
}

# node_modules next to package.json, or in a cache directory when the
# source tree is read-only. npm ci takes about 90 s on a fresh machine.
prepare_modules () {
  local dir="$here/atproto"

  if [ ! -w "$dir" ]; then
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/resonanz-tests/atproto"
    mkdir -p "$dir"
    cp "$here/atproto/package.json" "$here/atproto/package-lock.json" \
       "$here/atproto/network.mjs" "$here/atproto/loopback-only.cjs" "$dir/"
  fi

  # One npm ci at a time, should two test runs start together.
  exec 9>"${TMPDIR:-/tmp}/resonanz-atproto-npm-ci.lock"
  flock 9
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     ! cmp -s <(node -p 'require(process.argv[1]).packages["node_modules/@atproto/dev-env"].version' \
                "$dir/package-lock.json") \
              <(node -p 'require(process.argv[1]).version' \
                "$dir/node_modules/@atproto/dev-env/package.json" 2>/dev/null); then
    local t0=$SECONDS
    log "installing @atproto/dev-env with npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    log "npm ci took $((SECONDS - t0)) s"
  fi
  flock -u 9

  echo "$dir"
}

start () {
  local modules bin pg_port ready t0=$SECONDS

  [ ! -e "$state/network.pid" ] || die "$state is already in use"
  mkdir -p "$state/tmp"
  trap 'log "start failed; stopping what was started"; stop' ERR

  install_packages
  modules=$(prepare_modules)
  bin=$(pg_bin) || die "PostgreSQL is not installed"

  # A private cluster: TCP on 127.0.0.1 only, its socket in STATE_DIR.
  mkdir -p "$state/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$state" "$state/pg"
  chmod 700 "$state/pg"
  as_pg "$bin/initdb" -D "$state/pg" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; false; }
  pg_port=$(free_port)
  as_pg "$bin/pg_ctl" -D "$state/pg" -l "$state/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='$state/pg' -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$state/pg/server.log" >&2; false; }

  # dev-env keeps sqlite files and blobs in TMPDIR.
  (
    cd "$modules"
    export TMPDIR="$state/tmp"
    export DB_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
    # Letters and underscores only.
    DB_POSTGRES_SCHEMA=$(printf 'rz_%s_%s' "$(date +%s)" "$$" | tr '0-9' 'a-j')
    export DB_POSTGRES_SCHEMA
    export REDIS_HOST=unused.invalid
    export NODE_ENV=development
    export LOG_ENABLED=false
    exec node --require ./loopback-only.cjs ./network.mjs
  ) >"$state/network.log" 2>&1 &
  echo $! >"$state/network.pid"

  for _ in $(seq 1 1200); do
    ready=$(grep -m1 '^READY ' "$state/network.log" 2>/dev/null || true)
    [ -n "$ready" ] && break
    is_running "$(cat "$state/network.pid")" || { cat "$state/network.log" >&2; die "the network exited"; }
    sleep 0.1
  done
  [ -n "$ready" ] || { tail -50 "$state/network.log" >&2; die "the network was not ready in 120 s"; }

  node -e '
    const info = JSON.parse(process.argv[1].slice(6))
    const q = (v) => "\x27" + String(v).replace(/\x27/g, "\x27\\\x27\x27") + "\x27"
    const lines = [
      ["RZ_ATPROTO_PDS_URL", info.pds],
      ["RZ_ATPROTO_PDS_PORT", info.pds_port],
      ["RZ_ATPROTO_APPVIEW_DID", info.appview_did],
      ["RZ_ATPROTO_CONTROL_URL", info.control],
      ["RZ_ATPROTO_PORTS", [info.pds_port, info.appview_port, info.plc_port, info.ozone_port,
                            new URL(info.control).port].join(" ")],
    ]
    for (const [k, v] of lines) console.log(`${k}=${q(v)}`)
    console.error(`atproto.sh: versions: @atproto/dev-env ${info.versions["dev-env"]}, ` +
                  `@atproto/pds ${info.versions.pds}, @atproto/bsky ${info.versions.bsky}, ` +
                  `node ${info.versions.node}`)
  ' "$ready" >"$state/env"
  {
    echo "RZ_ATPROTO_PG_PORT='$pg_port'"
    echo "RZ_ATPROTO_PIDS='$(cat "$state/network.pid") $(head -1 "$state/pg/postmaster.pid")'"
  } >>"$state/env"
  log "PostgreSQL $(as_pg "$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
  log "ready in $((SECONDS - t0)) s: $(grep PDS_URL "$state/env")"
  trap - ERR
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) die "usage: atproto.sh start|stop STATE_DIR" ;;
esac
