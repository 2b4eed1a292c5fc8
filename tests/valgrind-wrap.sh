#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson test --wrap` for the memcheck run in .ci/run: test programs run
# under valgrind; scripts (the keyring runner, check-cli.py) run as they
# are, since valgrind would only measure the shell or Python.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(head -c 4 "$1" 2>/dev/null)" = "$(printf '\177ELF')" ]; then
  exec valgrind --quiet --error-exitcode=1 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --track-origins=no --num-callers=30 \
    --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
    --suppressions="$here/valgrind.supp" "$@"
fi
exec "$@"
