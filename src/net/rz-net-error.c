/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rz-net-error.h"

/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

G_DEFINE_QUARK (rz-net-error-quark, rz_net_error)

/* Server messages are shown to the user as part of ours: keep them short and
 * free of control characters. */
#define MAX_SERVER_MESSAGE_CHARS 200

static char *
clean_server_message (const char *message)
{
  GString *out;
  glong n_chars = 0;

  if (message == NULL || !g_utf8_validate (message, -1, NULL))
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = message; *p != '\0' && n_chars < MAX_SERVER_MESSAGE_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
      n_chars++;
    }
  if (*message != '\0' && n_chars == MAX_SERVER_MESSAGE_CHARS)
    g_string_append (out, "…");

  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

GError *
rz_net_error_new_for_status (guint       status,
                             const char *network_name,
                             const char *server_message)
{
  g_autofree char *detail = clean_server_message (server_message);

  g_return_val_if_fail (network_name != NULL, NULL);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                          /* Translators: %s is a network such as Mastodon */
                          _("%s no longer accepts the sign-in. The access may have been withdrawn or the password changed. Please sign in to the account again."),
                          network_name);

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN,
                          /* Translators: %s is a network such as Mastodon */
                          _("%s refused this action. The account may not have the permission for it; signing in again can help."),
                          network_name);

    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND,
                          /* Translators: %s is a network such as Mastodon */
                          _("%s could not find the post or account. It may have been deleted."),
                          network_name);

    case STATUS_TOO_MANY_REQUESTS:
      return rz_net_error_new_rate_limited (network_name, 0);

    default:
      break;
    }

  if (status >= 500)
    return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_SERVER_ERROR,
                        /* Translators: %1$s is a network such as Mastodon, %2$u an HTTP error number */
                        _("%1$s has a problem right now (error %2$u). Please try again later."),
                        network_name, status);

  if (status >= 400)
    {
      if (detail != NULL)
        return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                            /* Translators: %1$s is a network such as Mastodon, %2$s the reason it gave, in its own words */
                            _("%1$s did not accept the request: %2$s"),
                            network_name, detail);
      return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                          /* Translators: %1$s is a network such as Mastodon, %2$u an HTTP error number */
                          _("%1$s did not accept the request (error %2$u)."),
                          network_name, status);
    }

  return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE,
                      /* Translators: %1$s is a network such as Mastodon, %2$u an HTTP status number */
                      _("%1$s gave an answer Resonanz does not understand (status %2$u). Please try again later."),
                      network_name, status);
}

GError *
rz_net_error_new_for_transport (const GError *error,
                                const char   *network_name)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (network_name != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == RZ_NET_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT,
                        /* Translators: %s is a network such as Mastodon */
                        _("%s did not answer in time. Check your connection and try again."),
                        network_name);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_TLS,
                        /* Translators: %s is a network such as Mastodon */
                        _("The connection to %s is not secure: its certificate could not be verified. Nothing was sent."),
                        network_name);

  if (error->domain == SOUP_SESSION_ERROR)
    return rz_net_error_new_invalid_response (network_name);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_UNREACHABLE,
                        /* Translators: %s is a network such as Mastodon */
                        _("The connection to %s broke off. Check your connection and try again."),
                        network_name);

  return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_UNREACHABLE,
                      /* Translators: %s is a network such as Mastodon */
                      _("%s could not be reached. Check your internet connection and the server address."),
                      network_name);
}

GError *
rz_net_error_new_rate_limited (const char *network_name,
                               gint64      until_us)
{
  g_autofree char *wait = NULL;

  g_return_val_if_fail (network_name != NULL, NULL);

  if (until_us <= 0)
    return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_RATE_LIMITED,
                        /* Translators: %s is a network such as Mastodon */
                        _("%s received too many requests from this account. Please try again in a few minutes."),
                        network_name);

  wait = rz_net_format_wait_until (network_name, until_us);
  return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_RATE_LIMITED,
                      /* Translators: %1$s is a network such as Mastodon; %2$s says until when we wait, e.g. “Waiting for Mastodon until 14:05.” */
                      _("%1$s received too many requests from this account. %2$s"),
                      network_name, wait);
}

/* A malformed, truncated or unexpected answer. */
GError *
rz_net_error_new_invalid_response (const char *network_name)
{
  g_return_val_if_fail (network_name != NULL, NULL);

  return g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE,
                      /* Translators: %s is a network such as Mastodon */
                      _("%s sent an answer Resonanz cannot read. Please try again later."),
                      network_name);
}

/* Errors worth a second attempt: the request may not have reached the
 * server, or the server may answer differently in a moment. */
gboolean
rz_net_error_is_transient (const GError *error)
{
  return g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT) ||
         g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNREACHABLE) ||
         g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_SERVER_ERROR);
}

/* "Waiting for Mastodon until 14:05." in local time, with the date when the
 * wait ends on another day. */
char *
rz_net_format_wait_until (const char *network_name,
                          gint64      until_us)
{
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (network_name != NULL, NULL);

  until = g_date_time_new_from_unix_local (until_us / G_USEC_PER_SEC);
  now = g_date_time_new_now_local ();
  if (until == NULL || now == NULL)
    return g_strdup_printf (_("Waiting for %s."), network_name);

  if (g_date_time_get_year (until) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (until) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day in strftime format, as in “until 14:05” */
    time = g_date_time_format (until, _("%H:%M"));
  else
    /* Translators: a date and time in strftime format, as in “until 24.12. 14:05” */
    time = g_date_time_format (until, _("%d.%m. %H:%M"));

  /* Translators: %1$s is a network such as Mastodon, %2$s a time such as 14:05 */
  return g_strdup_printf (_("Waiting for %1$s until %2$s."), network_name, time);
}
