/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Timestamp identifiers (atproto.com/specs/tid): 13 characters of
 * base32-sortable text for 64 bits, a zero bit, 53 bits of microseconds
 * since 1970 and a 10-bit clock id. Bluesky uses them as record keys;
 * choosing the key ourselves makes a post idempotent. Pure functions. */

#define RZ_BLUESKY_TID_LENGTH 13

char     *rz_bluesky_tid_new           (gint64      timestamp_us,
                                        guint       clock_id);
gboolean  rz_bluesky_tid_is_valid      (const char *tid);
gint64    rz_bluesky_tid_get_timestamp (const char *tid);
guint     rz_bluesky_tid_get_clock_id  (const char *tid);
char     *rz_bluesky_tid_for_key       (const char *idempotency_key,
                                        gint64      now_us,
                                        guint       windows_back);

G_END_DECLS
