#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson test --wrap` for the memcheck runs: test programs run under
# valgrind; scripts (check-cli.py, and by default the runners) run as they
# are, since valgrind would only measure the shell or Python.
# With --through-runners (the integration suite by hand:
#   meson test -C build --suite integration \
#     --wrap="$PWD/tests/valgrind-wrap.sh --through-runners"),
# a runner in front of the program (with-servers.sh, run-with-keyring.sh)
# runs as it is and starts the first compiled program among its arguments
# under valgrind.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
through_runners=no
if [ "${1:-}" = --through-runners ]; then
  through_runners=yes
  shift
fi

is_program () {
  [ "$(head -c 4 "$1" 2>/dev/null)" = "$(printf '\177ELF')" ]
}

memcheck="valgrind --quiet --error-exitcode=1 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite \
--track-origins=no --num-callers=30 \
--suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
--suppressions=$here/valgrind.supp"

if is_program "$1"; then
  # shellcheck disable=SC2086
  exec $memcheck "$@"
fi
if [ "$through_runners" = no ]; then
  exec "$@"
fi

# A runner: put valgrind in front of the first compiled program among its
# arguments, keeping every argument as it was.
runner=$1
shift
n=$#
i=0
wrapped=no
while [ "$i" -lt "$n" ]; do
  arg=$1
  shift
  if [ "$wrapped" = no ] && is_program "$arg"; then
    # shellcheck disable=SC2086
    set -- "$@" $memcheck "$arg"
    wrapped=yes
  else
    set -- "$@" "$arg"
  fi
  i=$((i + 1))
done
exec "$runner" "$@"
