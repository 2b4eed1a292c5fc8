/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pure parsers for what HTTP headers tell a client. They take header values
 * as strings and the current time as a parameter, so they can be tested and
 * fuzzed without a network. Times are Unix time in microseconds, as
 * g_get_real_time() returns. */

typedef struct {
  gint64 limit;       /* requests per window, -1 if not known */
  gint64 remaining;   /* requests left, -1 if not known */
  gint64 reset_us;    /* when the window resets, 0 if not known */
} RzRateLimit;

char     *rz_http_parse_link        (const char  *value,
                                     const char  *rel);
gboolean  rz_http_parse_retry_after (const char  *value,
                                     gint64       now_us,
                                     gint64      *out_until_us);
gboolean  rz_http_parse_reset_time  (const char  *value,
                                     gint64       now_us,
                                     gint64      *out_until_us);
gboolean  rz_http_parse_rate_limit  (const char  *limit,
                                     const char  *remaining,
                                     const char  *reset,
                                     gint64       now_us,
                                     RzRateLimit *out);

gboolean  rz_http_host_is_loopback  (const char  *host);
char     *rz_http_redact_uri        (const char  *uri);

G_END_DECLS
