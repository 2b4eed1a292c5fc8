/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-http-parse.h"
#include "rz-wordpress-json.h"

/* What servers put in headers: Link (Mastodon paging, WordPress API
 * discovery), Retry-After, the rate limit triple of Mastodon
 * (X-RateLimit-*) and Bluesky (RateLimit-*), and addresses that end up in
 * logs. The input is lines: link, rel, retry-after, limit, remaining,
 * reset, then a URI; missing lines are missing headers. */

#define NOW_US (G_GINT64_CONSTANT (1795598870) * G_USEC_PER_SEC)
#define YEAR_US (G_GINT64_CONSTANT (366) * 24 * 3600 * G_USEC_PER_SEC)

static const char *
field (char **fields,
       guint  index)
{
  for (guint i = 0; i <= index; i++)
    if (fields[i] == NULL)
      return NULL;
  return fields[index];
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) fields = NULL;
  g_autofree char *next = NULL;
  g_autofree char *custom = NULL;
  g_autofree char *api_root = NULL;
  g_autofree char *redacted = NULL;
  g_autofree char *whole = NULL;
  const char *link;
  const char *rel;
  gint64 until = 0;
  RzRateLimit limit = { 0 };

  fuzz_init ();

  fields = fuzz_split_fields (data, size, 8);
  link = field (fields, 0);
  rel = field (fields, 1);

  next = rz_http_parse_link (link, "next");
  if (rel != NULL)
    custom = rz_http_parse_link (link, rel);
  api_root = rz_wordpress_api_root_from_link (link, "https://blog.example/");
  if (api_root != NULL)
    g_assert (g_str_has_prefix (api_root, "https://") || g_str_has_prefix (api_root, "http://"));

  if (rz_http_parse_retry_after (field (fields, 2), NOW_US, &until))
    g_assert (until >= NOW_US && until <= NOW_US + YEAR_US);

  if (rz_http_parse_reset_time (field (fields, 5), NOW_US, &until))
    g_assert (until >= NOW_US && until <= NOW_US + YEAR_US);

  if (rz_http_parse_rate_limit (field (fields, 3), field (fields, 4), field (fields, 5), NOW_US, &limit))
    {
      g_assert (limit.limit >= -1 && limit.remaining >= -1);
      g_assert (limit.reset_us == 0 || limit.reset_us >= NOW_US);
    }

  if (field (fields, 6) != NULL)
    {
      redacted = rz_http_redact_uri (field (fields, 6));
      (void) rz_http_host_is_loopback (field (fields, 6));
    }

  /* The whole input as one header value. */
  whole = fuzz_dup_string (data, size);
  g_free (rz_http_parse_link (whole, "prev"));
  (void) rz_http_parse_retry_after (whole, NOW_US, &until);
  (void) rz_http_host_is_loopback (whole);
  g_free (rz_http_redact_uri (whole));

  return 0;
}
