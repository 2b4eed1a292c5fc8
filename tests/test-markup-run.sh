#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a GTK test program on a private Xvfb display (the 'ui' suite).
set -eu
if ! command -v xvfb-run >/dev/null; then
  echo "Bail out! xvfb-run is missing (install xvfb and xauth, see .ci/packages)"
  exit 1
fi
export GDK_BACKEND=x11
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
exec xvfb-run -a -s '-screen 0 1024x768x24' "$@"
