/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-link.h"

/* Longer than any real post address; a longer one is more likely an
 * attempt to hide where it leads. */
#define MAX_LINK_LENGTH 4096

static GUri *
parse_web_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || uri[0] == '\0' || strlen (uri) > MAX_LINK_LENGTH)
    return NULL;

  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return NULL;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return NULL;

  scheme = g_uri_get_scheme (parsed);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return NULL;

  host = g_uri_get_host (parsed);
  if (host == NULL || host[0] == '\0')
    return NULL;

  if (g_uri_get_userinfo (parsed) != NULL)
    return NULL;

  return g_steal_pointer (&parsed);
}

gboolean
rz_link_is_openable (const char *uri)
{
  g_autoptr(GUri) parsed = parse_web_uri (uri);

  return parsed != NULL;
}

char *
rz_link_dup_display_host (const char *uri)
{
  g_autoptr(GUri) parsed = parse_web_uri (uri);
  g_autofree char *ascii = NULL;

  if (parsed == NULL)
    return NULL;

  ascii = g_hostname_to_ascii (g_uri_get_host (parsed));
  if (ascii == NULL)
    return NULL;
  return g_ascii_strdown (ascii, -1);
}
