/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-html-text.h"

/* Network HTML (Mastodon content, WordPress comments and titles) to plain
 * text: any bytes in, valid UTF-8 out, without markup-breaking control
 * characters and without surrounding blanks. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  gsize len;

  fuzz_init ();

  html = fuzz_dup_string (data, size);
  plain = rz_html_text_to_plain (html);

  g_assert (plain != NULL);
  g_assert (g_utf8_validate (plain, -1, NULL));
  len = strlen (plain);
  if (len > 0)
    {
      g_assert (!g_ascii_isspace (plain[0]));
      g_assert (!g_ascii_isspace (plain[len - 1]));
    }
  for (const char *p = plain; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (c == '\n' || c == '\t' || !g_unichar_iscntrl (c));
    }

  return 0;
}
