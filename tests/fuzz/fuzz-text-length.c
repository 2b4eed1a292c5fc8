/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-text-length.h"

/* Post length counting on any text, as the composer counts what the user
 * typed or pasted: graphemes never outnumber characters, and Mastodon's
 * count with no link weight never exceeds the plain grapheme count. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  gsize graphemes;
  gsize characters;
  guint url_length = size > 0 ? data[0] : RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL;

  fuzz_init ();

  text = fuzz_dup_string (data, size);
  graphemes = rz_text_length_graphemes (text);
  (void) rz_text_length_mastodon (text, url_length);
  (void) rz_text_length_count (text, RZ_TEXT_COUNTING_MASTODON, RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL);

  valid = g_utf8_make_valid (text, -1);
  characters = g_utf8_strlen (valid, -1);
  g_assert_cmpuint (graphemes, <=, characters);
  g_assert (graphemes > 0 || text[0] == '\0');
  g_assert_cmpuint (rz_text_length_mastodon (valid, 0), <=, graphemes);

  return 0;
}
