#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   wordpress.sh start STATE_DIR       MariaDB and a WordPress site on
#                                      127.0.0.1, installed from scratch
#   wordpress.sh stop STATE_DIR        stop both and remove STATE_DIR
#   wordpress.sh start-web STATE_DIR   (re)start only the web server, on
#   wordpress.sh stop-web STATE_DIR    the same port: for outage tests
#
# start writes STATE_DIR/env (shell variables for the tests: RZ_WORDPRESS_*)
# and prints the WordPress, PHP and MariaDB versions. It installs what is
# missing with apt (Debian's wordpress, mariadb-server, php-cli,
# php-mysql). MariaDB listens on a socket in STATE_DIR only; PHP's built-in
# server on 127.0.0.1. A failed start stops whatever it had started.
# JavaScript and PHP in single quotes are meant not to expand:
# shellcheck disable=SC2016
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_root=$(cd "$here/../.." && pwd)
cmd=${1:-}
state=${2:-}

log () { printf 'wordpress.sh: %s\n' "$*" >&2; }
die () { log "$*"; exit 1; }

if [ -z "$cmd" ] || [ -z "$state" ]; then
  die "usage: wordpress.sh start|stop|start-web|stop-web STATE_DIR"
fi

free_port () {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0");
          $n = stream_socket_get_name($s, false);
          echo substr($n, strrpos($n, ":") + 1), "\n";'
}

# Gone, or a zombie nobody has reaped yet: either way it serves nothing.
is_running () {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

wait_gone () {
  local pid=$1
  for _ in $(seq 1 100); do
    is_running "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_web () {
  local pid
  if [ -f "$state/php.pid" ]; then
    pid=$(cat "$state/php.pid")
    kill -TERM "$pid" 2>/dev/null && wait_gone "$pid"
    rm -f "$state/php.pid"
  fi
}

start_web () {
  local port
  port=$(cat "$state/port")
  # PHP's server answers one request at a time, like a small shared host.
  php -S "127.0.0.1:$port" -t "$state/wp" "$here/wordpress/router.php" \
    >>"$state/php.log" 2>&1 &
  echo $! >"$state/php.pid"
  for _ in $(seq 1 100); do
    if php -r 'exit(@fsockopen("127.0.0.1", (int) $argv[1]) ? 0 : 1);' "$port"; then
      return 0
    fi
    is_running "$(cat "$state/php.pid")" || { cat "$state/php.log" >&2; die "php -S exited"; }
    sleep 0.1
  done
  die "php -S did not listen on 127.0.0.1:$port in 10 s"
}

stop () {
  local pid
  stop_web
  if [ -f "$state/mariadb.pid" ]; then
    pid=$(cat "$state/mariadb.pid")
    kill -TERM "$pid" 2>/dev/null && wait_gone "$pid"
    rm -f "$state/mariadb.pid"
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
  [ -f /usr/share/wordpress/wp-load.php ] || need="$need wordpress"
  command -v mariadbd >/dev/null || command -v mysqld >/dev/null || need="$need mariadb-server"
  command -v mariadb >/dev/null || need="$need mariadb-client"
  command -v php >/dev/null || need="$need php-cli"
  php -m 2>/dev/null | grep -qx mysqli || need="$need php-mysql"
  # shellcheck disable=SC2086
  [ -z "$need" ] || rz_install_packages $need
}

start () {
  local me port sock daemon info t0=$SECONDS

  [ ! -e "$state/mariadb.pid" ] || die "$state is already in use"
  mkdir -p "$state"
  trap 'log "start failed; stopping what was started"; stop' ERR
  install_packages

  me=$(id -un)
  sock="$state/mysql.sock"
  daemon=$(command -v mariadbd || command -v mysqld)

  mariadb-install-db --no-defaults --datadir="$state/db" --user="$me" \
    --auth-root-authentication-method=socket --skip-test-db \
    >"$state/install-db.log" 2>&1 || { cat "$state/install-db.log" >&2; false; }
  "$daemon" --no-defaults --datadir="$state/db" --socket="$sock" \
    --pid-file="$state/db/mariadb.pid" --skip-networking --user="$me" \
    --log-error="$state/mariadb.log" --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=0 >>"$state/mariadb.log" 2>&1 &
  echo $! >"$state/mariadb.pid"
  for _ in $(seq 1 300); do
    mariadb --no-defaults -S "$sock" -u"$me" -e 'SELECT 1' >/dev/null 2>&1 && break
    is_running "$(cat "$state/mariadb.pid")" || { cat "$state/mariadb.log" >&2; die "MariaDB exited"; }
    sleep 0.1
  done
  mariadb --no-defaults -S "$sock" -u"$me" <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';
SQL

  # Our own copy: Debian's wp-config.php reads /etc/wordpress, ours does not.
  cp -r /usr/share/wordpress "$state/wp"
  rm -f "$state/wp/wp-config.php" "$state/wp/.htaccess"
  rm -rf "$state/wp/wp-content"
  mkdir -p "$state/wp/wp-content/mu-plugins" "$state/wp/wp-content/plugins" \
           "$state/wp/wp-content/themes" "$state/wp/wp-content/uploads"
  cp "$here/wordpress/resonanz-test.php" "$state/wp/wp-content/mu-plugins/"

  port=$(free_port)
  echo "$port" >"$state/port"
  cat >"$state/wp/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
// Application passwords over plain http need a local environment.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_AUTO_UPDATE_CORE', false);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', true);
define('WP_DEBUG_LOG', '$state/wp-debug.log');
define('WP_DEBUG_DISPLAY', false);
define('AUTH_KEY', '$(head -c 32 /dev/urandom | base64)');
define('SECURE_AUTH_KEY', '$(head -c 32 /dev/urandom | base64)');
define('LOGGED_IN_KEY', '$(head -c 32 /dev/urandom | base64)');
define('NONCE_KEY', '$(head -c 32 /dev/urandom | base64)');
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
PHP

  info=$(php "$here/wordpress/setup.php" "$state/wp" "http://127.0.0.1:$port" 2>"$state/setup.log") ||
    { cat "$state/setup.log" >&2; false; }
  start_web

  php -r '
    $i = json_decode($argv[1], true);
    $q = function ($v) { return "\x27" . str_replace("\x27", "\x27\\\x27\x27", (string) $v) . "\x27"; };
    $lines = array(
      "RZ_WORDPRESS_URL" => "http://127.0.0.1:" . $argv[2],
      "RZ_WORDPRESS_PORT" => $argv[2],
      "RZ_WORDPRESS_DIR" => $argv[3] . "/wp",
      "RZ_WORDPRESS_STATE" => $argv[3],
      "RZ_WORDPRESS_USER" => "cafe",
      "RZ_WORDPRESS_PASSWORD" => $i["cafe_password"],
      "RZ_WORDPRESS_USER_ID" => $i["cafe_id"],
      "RZ_WORDPRESS_CUSTOMER" => "kundin",
      "RZ_WORDPRESS_CUSTOMER_PASSWORD" => $i["kundin_password"],
      "RZ_WORDPRESS_OPEN_POST" => $i["open_post"],
      "RZ_WORDPRESS_MODERATED_POST" => $i["moderated_post"],
      "RZ_WORDPRESS_PORTS" => $argv[2],
    );
    foreach ($lines as $k => $v) echo $k, "=", $q($v), "\n";
    fwrite(STDERR, "wordpress.sh: versions: WordPress " . $i["wordpress"] . ", PHP " . $i["php"] .
                   ", MariaDB " . $i["mariadb"] . "\n");
  ' "$info" "$port" "$state" >"$state/env"
  echo "RZ_WORDPRESS_SCRIPT='$here/wordpress.sh'" >>"$state/env"
  echo "RZ_WORDPRESS_PIDS='$(cat "$state/php.pid") $(cat "$state/mariadb.pid")'" >>"$state/env"
  log "ready in $((SECONDS - t0)) s: http://127.0.0.1:$port"
  trap - ERR
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  start-web)
    # A killed server may linger as a zombie, so ask the port, not the pid.
    port=$(cat "$state/port")
    php -r 'exit(@fsockopen("127.0.0.1", (int) $argv[1]) ? 0 : 1);' "$port" || start_web
    ;;
  stop-web) stop_web ;;
  *) die "usage: wordpress.sh start|stop|start-web|stop-web STATE_DIR" ;;
esac
