/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-link.h"

/* Only web addresses from the network may be opened, and the host shown
 * before opening is the one the browser really goes to. */

static void
test_openable (void)
{
  static const char * const openable[] = {
    "https://social.example/@cafe/109",
    "http://blog.example/2024/01/hello/#comment-3",
    "HTTPS://Social.Example/",
    "https://social.example:8443/path?x=1&y=%20z",
    "https://[::1]/x",
    "https://bäckerei.example/beitrag",
  };
  static const char * const refused[] = {
    "",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://files.example/x",
    "smb://server/share",
    "steam://run/1",
    "mailto:a@example.com",
    "/relative/path",
    "social.example/@cafe",
    "https:///no-host",
    "https:no-slashes",
    "https://bank.example@evil.example/",
    "https://user:secret@social.example/",
    "https://social.example/a b",
    "https://social.example/\n",
    "https://social.example/\tx",
    " https://social.example/",
    "https://social.example/\x7f",
  };
  g_autofree char *long_uri = NULL;
  g_autoptr(GString) builder = g_string_new ("https://social.example/");

  for (guint i = 0; i < G_N_ELEMENTS (openable); i++)
    {
      g_test_message ("%s", openable[i]);
      g_assert_true (rz_link_is_openable (openable[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i]);
      g_assert_false (rz_link_is_openable (refused[i]));
    }
  g_assert_false (rz_link_is_openable (NULL));

  while (builder->len <= 4096)
    g_string_append (builder, "aaaaaaaa");
  long_uri = g_string_free (g_steal_pointer (&builder), FALSE);
  g_assert_false (rz_link_is_openable (long_uri));
}

static void
test_display_host (void)
{
  static const struct {
    const char *uri;
    const char *host;
  } cases[] = {
    { "https://social.example/@cafe/109", "social.example" },
    { "HTTP://Blog.EXAMPLE:8080/x", "blog.example" },
    { "https://bäckerei.example/beitrag", "xn--bckerei-5wa.example" },
    /* Cyrillic "а" in "pаypal": shown as what it is. */
    { "https://p\xd0\xb0ypal.example/", "xn--pypal-4ve.example" },
    { "javascript:alert(1)", NULL },
    { "https://bank.example@evil.example/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = rz_link_dup_display_host (cases[i].uri);

      g_test_message ("%s", cases[i].uri);
      g_assert_cmpstr (host, ==, cases[i].host);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/core/link/openable", test_openable);
  g_test_add_func ("/rz/core/link/display-host", test_display_host);

  return g_test_run ();
}
