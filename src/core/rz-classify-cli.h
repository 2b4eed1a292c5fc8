/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The core of `resonanz --classify [--explain]`: reads one comment a line
 * from @in and writes "critical", "neutral" or "positive" a line to @out,
 * with @explain followed by a TAB and the translated explanation. Empty
 * lines are neutral; lines that are not UTF-8 are neutral and get a
 * warning on @err. Returns 0, 2 when @in cannot be read and 1 when the
 * built-in word lists cannot be loaded, both with a message on @err. */
int rz_classify_cli (GInputStream *in,
                     GString      *out,
                     GString      *err,
                     gboolean      explain);

G_END_DECLS
