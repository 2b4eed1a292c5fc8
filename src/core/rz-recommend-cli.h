/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The core of `resonanz --recommend FILE`: reads the profile at
 * @profile_path, writes the recommendation as JSON to @out and returns 0,
 * or writes a translated message to @err and returns 2 for bad input
 * (missing file, malformed JSON, unknown ids, wrong values) and 1 when
 * the built-in catalogue cannot be read. */
int rz_recommend_cli (const char *profile_path,
                      GString    *out,
                      GString    *err);

G_END_DECLS
