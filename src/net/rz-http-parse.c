/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rz-http-parse.h"

/* More than a year of waiting is a broken header, not a rate limit. */
#define MAX_WAIT_SECONDS (366 * 24 * 3600)
/* Numbers at least this big are Unix times, smaller ones are delays. */
#define MIN_EPOCH_SECONDS G_GINT64_CONSTANT (1000000000)

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static const char *
skip_space (const char *p)
{
  while (is_space (*p))
    p++;
  return p;
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Skips to the next top-level ',' of a Link header, past quoted strings
 * and <URI references>, after a part we could not parse. */
static const char *
skip_to_next_link (const char *p)
{
  while (*p != '\0' && *p != ',')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
          if (*p == '"')
            p++;
        }
      else if (*p == '<')
        {
          const char *close = strchr (p, '>');

          p = close != NULL ? close + 1 : p + strlen (p);
        }
      else
        p++;
    }

  return p;
}

static gboolean
rel_list_contains (const char *list,
                   const char *rel)
{
  g_auto(GStrv) rels = g_strsplit_set (list, " \t", -1);

  for (guint i = 0; rels[i] != NULL; i++)
    if (rels[i][0] != '\0' && g_ascii_strcasecmp (rels[i], rel) == 0)
      return TRUE;

  return FALSE;
}

/* Returns the URI reference of the first link whose rel names @rel, as
 * written (the caller resolves it against the request URI), or NULL.
 * RFC 8288: `<uri>; rel="next", <uri>; rel="prev"`; a rel may list
 * several relation types separated by spaces. */
char *
rz_http_parse_link (const char *value,
                    const char *rel)
{
  const char *p = value;

  g_return_val_if_fail (rel != NULL, NULL);

  if (value == NULL)
    return NULL;

  while (*p != '\0')
    {
      const char *uri_start;
      const char *uri_end;
      gboolean matched = FALSE;

      while (is_space (*p) || *p == ',')
        p++;
      if (*p == '\0')
        break;

      if (*p != '<')
        {
          p = skip_to_next_link (p);
          continue;
        }

      uri_start = p + 1;
      uri_end = strchr (uri_start, '>');
      if (uri_end == NULL)
        return NULL;
      p = uri_end + 1;

      for (;;)
        {
          const char *name_start;
          gsize name_len;
          g_autoptr(GString) param = NULL;

          p = skip_space (p);
          if (*p != ';')
            break;
          p = skip_space (p + 1);

          name_start = p;
          while (is_token_char (*p))
            p++;
          name_len = p - name_start;
          p = skip_space (p);

          if (*p != '=')
            continue;
          p = skip_space (p + 1);

          param = g_string_new (NULL);
          if (*p == '"')
            {
              for (p++; *p != '\0' && *p != '"'; p++)
                {
                  if (*p == '\\' && p[1] != '\0')
                    p++;
                  g_string_append_c (param, *p);
                }
              if (*p != '"')
                return NULL;
              p++;
            }
          else
            {
              while (is_token_char (*p))
                g_string_append_c (param, *p++);
            }

          if (name_len == 3 && g_ascii_strncasecmp (name_start, "rel", 3) == 0 &&
              rel_list_contains (param->str, rel))
            matched = TRUE;
        }

      if (matched)
        {
          g_autofree char *uri = g_strndup (uri_start, uri_end - uri_start);

          g_strstrip (uri);
          if (uri[0] != '\0')
            return g_steal_pointer (&uri);
        }

      p = skip_to_next_link (p);
    }

  return NULL;
}

/* Parses a non-negative decimal integer, allowing surrounding blanks and a
 * fraction (which is dropped). */
static gboolean
parse_seconds (const char *value,
               gint64     *out_seconds)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  char *dot = strchr (copy, '.');
  guint64 seconds;

  if (dot != NULL)
    {
      for (const char *q = dot + 1; *q != '\0'; q++)
        if (!g_ascii_isdigit (*q))
          return FALSE;
      *dot = '\0';
    }

  if (copy[0] == '\0' || !g_ascii_isdigit (copy[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64 / G_USEC_PER_SEC / 2, &seconds, NULL))
    return FALSE;

  *out_seconds = (gint64) seconds;
  return TRUE;
}

static gboolean
delay_to_time (gint64  seconds,
               gint64  now_us,
               gint64 *out_until_us)
{
  if (seconds > MAX_WAIT_SECONDS)
    return FALSE;

  *out_until_us = now_us + seconds * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
epoch_to_time (gint64  seconds,
               gint64  now_us,
               gint64 *out_until_us)
{
  gint64 until_us = seconds * G_USEC_PER_SEC;

  if (until_us - now_us > (gint64) MAX_WAIT_SECONDS * G_USEC_PER_SEC)
    return FALSE;

  *out_until_us = MAX (until_us, now_us);
  return TRUE;
}

/* Retry-After (RFC 9110): delay-seconds or an HTTP-date. */
gboolean
rz_http_parse_retry_after (const char *value,
                           gint64      now_us,
                           gint64     *out_until_us)
{
  gint64 seconds;
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (out_until_us != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  if (parse_seconds (value, &seconds))
    return delay_to_time (seconds, now_us, out_until_us);

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;

  return epoch_to_time (g_date_time_to_unix (date), now_us, out_until_us);
}

/* When a rate limit window resets. Mastodon sends X-RateLimit-Reset as an
 * ISO 8601 time, others a Unix time, and RateLimit-Reset (IETF draft) a
 * number of seconds; a number is read as a Unix time when it is large
 * enough to be one. */
gboolean
rz_http_parse_reset_time (const char *value,
                          gint64      now_us,
                          gint64     *out_until_us)
{
  gint64 seconds;
  gint64 until_us;
  g_autofree char *copy = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (out_until_us != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  if (parse_seconds (value, &seconds))
    {
      if (seconds >= MIN_EPOCH_SECONDS)
        return epoch_to_time (seconds, now_us, out_until_us);
      return delay_to_time (seconds, now_us, out_until_us);
    }

  copy = g_strstrip (g_strdup (value));
  utc = g_time_zone_new_utc ();
  date = g_date_time_new_from_iso8601 (copy, utc);
  if (date == NULL)
    return FALSE;

  until_us = g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
  if (until_us < 0 || until_us - now_us > (gint64) MAX_WAIT_SECONDS * G_USEC_PER_SEC)
    return FALSE;

  *out_until_us = MAX (until_us, now_us);
  return TRUE;
}

/* "10" or the first item of an IETF list such as "10, 10;w=1". */
static gboolean
parse_count (const char *value,
             gint64     *out)
{
  g_autofree char *copy = NULL;
  char *end;
  guint64 count;

  if (value == NULL)
    return FALSE;

  copy = g_strdup (value);
  end = copy + strcspn (copy, ",;");
  *end = '\0';
  g_strstrip (copy);

  if (copy[0] == '\0' || !g_ascii_isdigit (copy[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT32, &count, NULL))
    return FALSE;

  *out = (gint64) count;
  return TRUE;
}

/* Fills @out from the three header values (any may be NULL); returns
 * whether any of them could be read. */
gboolean
rz_http_parse_rate_limit (const char  *limit,
                          const char  *remaining,
                          const char  *reset,
                          gint64       now_us,
                          RzRateLimit *out)
{
  gboolean found = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  out->limit = -1;
  out->remaining = -1;
  out->reset_us = 0;

  if (parse_count (limit, &out->limit))
    found = TRUE;
  if (parse_count (remaining, &out->remaining))
    found = TRUE;
  if (rz_http_parse_reset_time (reset, now_us, &out->reset_us))
    found = TRUE;

  return found;
}

/* Plain http is allowed only to this computer: 127.0.0.0/8, ::1 and
 * "localhost". */
gboolean
rz_http_host_is_loopback (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize len;

  if (host == NULL || host[0] == '\0')
    return FALSE;

  len = strlen (host);
  if (host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  if (g_ascii_strcasecmp (bare, "localhost") == 0 || g_ascii_strcasecmp (bare, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_secret_parameter (const char *name)
{
  static const char * const secret_names[] = {
    "access_token", "client_id", "client_secret", "code", "code_verifier",
    "id_token", "password", "refresh_token", "state", "token",
  };
  g_autofree char *decoded = g_uri_unescape_string (name, NULL);

  if (decoded == NULL)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (secret_names); i++)
    if (g_ascii_strcasecmp (decoded, secret_names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* A form of @uri safe for logs: no user info, no fragment, and the values
 * of parameters that carry secrets replaced. */
char *
rz_http_redact_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GString) out = NULL;
  const char *query;

  if (uri == NULL)
    return g_strdup ("(none)");

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    return g_strdup ("(invalid address)");

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s://%s", g_uri_get_scheme (parsed),
                          g_uri_get_host (parsed) != NULL ? g_uri_get_host (parsed) : "");
  if (g_uri_get_port (parsed) > 0)
    g_string_append_printf (out, ":%d", g_uri_get_port (parsed));
  g_string_append (out, g_uri_get_path (parsed));

  query = g_uri_get_query (parsed);
  if (query != NULL)
    {
      g_auto(GStrv) params = g_strsplit (query, "&", -1);

      g_string_append_c (out, '?');
      for (guint i = 0; params[i] != NULL; i++)
        {
          const char *eq = strchr (params[i], '=');
          g_autofree char *name = eq != NULL ? g_strndup (params[i], eq - params[i]) : g_strdup (params[i]);

          if (i > 0)
            g_string_append_c (out, '&');
          if (eq != NULL && is_secret_parameter (name))
            g_string_append_printf (out, "%s=[redacted]", name);
          else
            g_string_append (out, params[i]);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
