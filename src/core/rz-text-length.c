/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-text-length.h"

/* Grapheme cluster boundaries after Unicode UAX #29 (extended clusters),
 * built on GLib's character tables. GLib has no grapheme property, so the
 * classes are derived from the general category and the line break class;
 * the cases that matter for social media text (combining marks, emoji
 * modifiers, ZWJ sequences, flags, keycaps, tags, Hangul) follow the
 * standard exactly. */
typedef enum {
  GB_OTHER,
  GB_CR,
  GB_LF,
  GB_CONTROL,
  GB_EXTEND,
  GB_ZWJ,
  GB_REGIONAL_INDICATOR,
  GB_PREPEND,
  GB_SPACING_MARK,
  GB_L,
  GB_V,
  GB_T,
  GB_LV,
  GB_LVT,
} GraphemeClass;

typedef struct {
  gunichar first;
  gunichar last;
} Range;

/* Extended_Pictographic from emoji-data.txt, merged into ranges. Only used
 * to decide whether a ZWJ joins two emoji, so an approximation at the
 * edges costs at most one count in unusual text. */
static const Range extended_pictographic[] = {
  { 0x00A9, 0x00A9 }, { 0x00AE, 0x00AE }, { 0x203C, 0x203C },
  { 0x2049, 0x2049 }, { 0x2122, 0x2122 }, { 0x2139, 0x2139 },
  { 0x2194, 0x2199 }, { 0x21A9, 0x21AA }, { 0x231A, 0x231B },
  { 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23CF, 0x23CF },
  { 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA }, { 0x24C2, 0x24C2 },
  { 0x25AA, 0x25AB }, { 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 },
  { 0x25FB, 0x25FE }, { 0x2600, 0x27BF }, { 0x2934, 0x2935 },
  { 0x2B05, 0x2B07 }, { 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 },
  { 0x2B55, 0x2B55 }, { 0x3030, 0x3030 }, { 0x303D, 0x303D },
  { 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1F000, 0x1F0FF },
  { 0x1F10D, 0x1F10F }, { 0x1F12F, 0x1F12F }, { 0x1F16C, 0x1F171 },
  { 0x1F17E, 0x1F17F }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
  { 0x1F1AD, 0x1F1E5 }, { 0x1F201, 0x1F20F }, { 0x1F21A, 0x1F21A },
  { 0x1F22F, 0x1F22F }, { 0x1F232, 0x1F23A }, { 0x1F23C, 0x1F23F },
  { 0x1F249, 0x1F3FA }, { 0x1F400, 0x1F53D }, { 0x1F546, 0x1F64F },
  { 0x1F680, 0x1F6FF }, { 0x1F774, 0x1F77F }, { 0x1F7D5, 0x1F7FF },
  { 0x1F80C, 0x1F80F }, { 0x1F848, 0x1F84F }, { 0x1F85A, 0x1F85F },
  { 0x1F888, 0x1F88F }, { 0x1F8AE, 0x1F8FF }, { 0x1F90C, 0x1F93A },
  { 0x1F93C, 0x1F945 }, { 0x1F947, 0x1FAFF }, { 0x1FC00, 0x1FFFD },
};

static gboolean
in_ranges (gunichar     c,
           const Range *ranges,
           gsize        n_ranges)
{
  gsize lo = 0;
  gsize hi = n_ranges;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (c < ranges[mid].first)
        hi = mid;
      else if (c > ranges[mid].last)
        lo = mid + 1;
      else
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_extended_pictographic (gunichar c)
{
  return in_ranges (c, extended_pictographic, G_N_ELEMENTS (extended_pictographic));
}

static GraphemeClass
classify (gunichar c)
{
  GUnicodeBreakType break_type;
  GUnicodeType type;

  switch (c)
    {
    case '\r':
      return GB_CR;
    case '\n':
      return GB_LF;
    case 0x200D:
      return GB_ZWJ;
    case 0x200C:                        /* zero width non-joiner */
    case 0xFF9E:                        /* halfwidth katakana sound marks */
    case 0xFF9F:
      return GB_EXTEND;
    case 0x0E33:                        /* Thai and Lao sara am */
    case 0x0EB3:
      return GB_SPACING_MARK;
    case 0x0600: case 0x0601: case 0x0602: case 0x0603: case 0x0604:
    case 0x0605: case 0x06DD: case 0x070F: case 0x0890: case 0x0891:
    case 0x08E2: case 0x110BD: case 0x110CD:
      return GB_PREPEND;
    default:
      break;
    }

  if (c >= 0x1F1E6 && c <= 0x1F1FF)
    return GB_REGIONAL_INDICATOR;
  /* Emoji skin tone modifiers and tag characters (flag subdivisions) extend
   * the emoji before them. */
  if ((c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F))
    return GB_EXTEND;

  break_type = g_unichar_break_type (c);
  if (break_type == G_UNICODE_BREAK_HANGUL_L_JAMO)
    return GB_L;
  if (break_type == G_UNICODE_BREAK_HANGUL_V_JAMO)
    return GB_V;
  if (break_type == G_UNICODE_BREAK_HANGUL_T_JAMO)
    return GB_T;
  if (break_type == G_UNICODE_BREAK_HANGUL_LV_SYLLABLE)
    return GB_LV;
  if (break_type == G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE)
    return GB_LVT;

  type = g_unichar_type (c);
  if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
    return GB_EXTEND;
  if (type == G_UNICODE_SPACING_MARK)
    return GB_SPACING_MARK;
  if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
      type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
    return GB_CONTROL;

  return GB_OTHER;
}

static gboolean
is_control_like (GraphemeClass klass)
{
  return klass == GB_CONTROL || klass == GB_CR || klass == GB_LF;
}

gsize
rz_text_length_graphemes (const char *text)
{
  g_autofree char *valid = NULL;
  GraphemeClass prev = GB_OTHER;
  gboolean emoji_run = FALSE;       /* ExtPict Extend* so far */
  gboolean emoji_zwj = FALSE;       /* ExtPict Extend* ZWJ just seen */
  guint regional_indicators = 0;    /* consecutive RIs in this cluster run */
  gsize count = 0;

  if (text == NULL || *text == '\0')
    return 0;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GraphemeClass klass = classify (c);
      gboolean pictographic = is_extended_pictographic (c);
      gboolean joins;

      if (p == text)
        joins = FALSE;
      else if (prev == GB_CR && klass == GB_LF)                           /* GB3 */
        joins = TRUE;
      else if (is_control_like (prev) || is_control_like (klass))        /* GB4, GB5 */
        joins = FALSE;
      else if (prev == GB_L &&
               (klass == GB_L || klass == GB_V || klass == GB_LV || klass == GB_LVT))
        joins = TRUE;                                                     /* GB6 */
      else if ((prev == GB_LV || prev == GB_V) && (klass == GB_V || klass == GB_T))
        joins = TRUE;                                                     /* GB7 */
      else if ((prev == GB_LVT || prev == GB_T) && klass == GB_T)
        joins = TRUE;                                                     /* GB8 */
      else if (klass == GB_EXTEND || klass == GB_ZWJ || klass == GB_SPACING_MARK)
        joins = TRUE;                                                     /* GB9, GB9a */
      else if (prev == GB_PREPEND)
        joins = TRUE;                                                     /* GB9b */
      else if (emoji_zwj && pictographic)
        joins = TRUE;                                                     /* GB11 */
      else if (prev == GB_REGIONAL_INDICATOR && klass == GB_REGIONAL_INDICATOR)
        joins = (regional_indicators % 2) == 1;                           /* GB12, GB13 */
      else
        joins = FALSE;                                                    /* GB999 */

      if (!joins)
        count++;

      /* Track the state GB11 and GB12/13 look back on. */
      if (klass == GB_REGIONAL_INDICATOR)
        regional_indicators = (prev == GB_REGIONAL_INDICATOR) ? regional_indicators + 1 : 1;
      else
        regional_indicators = 0;

      if (pictographic)
        {
          emoji_run = TRUE;
          emoji_zwj = FALSE;
        }
      else if (klass == GB_EXTEND && emoji_run)
        emoji_zwj = FALSE;
      else if (klass == GB_ZWJ && emoji_run)
        {
          emoji_zwj = TRUE;
          emoji_run = FALSE;
        }
      else
        {
          emoji_run = FALSE;
          emoji_zwj = FALSE;
        }

      prev = klass;
    }

  return count;
}

/* Mastodon's mention pattern: an "@" not preceded by a word character, "="
 * or "/", a username of [a-z0-9_] with single inner dots or dashes, and an
 * optional "@domain" ending in a word character. */
static gboolean
is_word_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_username_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static const char *
skip_username (const char *p)
{
  const char *end = p;

  while (is_username_char (*end))
    end++;
  if (end == p)
    return p;

  for (;;)
    {
      const char *q = end;

      while (*q == '.' || *q == '-')
        q++;
      if (q == end || !is_username_char (*q))
        break;
      while (is_username_char (*q))
        q++;
      end = q;
    }

  return end;
}

static const char *
skip_mention_domain (const char *p)
{
  const char *end = p;
  const char *last_word_end = NULL;

  for (const char *q = p; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (is_word_char (c))
        last_word_end = g_utf8_next_char (q);
      else if (c != '.' && c != '-')
        break;
    }

  /* The pattern needs at least two characters ending in a word character. */
  if (last_word_end != NULL && g_utf8_strlen (p, last_word_end - p) >= 2)
    end = last_word_end;

  return end;
}

/* twitter-text, which Mastodon uses, only shortens links written with their
 * scheme whose host has a top-level domain. This follows that shape: scheme,
 * a dotted host ending in letters, optional port, then path, query and
 * fragment up to white space, without trailing punctuation or an unmatched
 * closing parenthesis. */
static gboolean
url_may_start_after (gunichar prev)
{
  return !(g_unichar_isalnum (prev) || prev == '@' || prev == '$' || prev == '#' ||
           prev == 0xFF20 || prev == 0xFF03 || (prev >= 0x202A && prev <= 0x202E));
}

static gboolean
is_host_char (gunichar c)
{
  return c == '-' || c == '.' || c == '_' || (c < 0x80 ? g_ascii_isalnum (c) : g_unichar_isalnum (c));
}

static const char *
match_url (const char *p)
{
  const char *host;
  const char *q;
  const char *last_dot = NULL;
  const char *end;
  int parens = 0;
  gsize tld_letters = 0;

  if (g_ascii_strncasecmp (p, "https://", 8) == 0)
    host = p + 8;
  else if (g_ascii_strncasecmp (p, "http://", 7) == 0)
    host = p + 7;
  else
    return NULL;

  for (q = host; *q != '\0' && is_host_char (g_utf8_get_char (q)); q = g_utf8_next_char (q))
    {
      if (*q == '.')
        last_dot = q;
    }
  /* A trailing dot ends the sentence, not the host. */
  while (q > host && q[-1] == '.')
    {
      q--;
      last_dot = NULL;
      for (const char *r = host; r < q; r++)
        if (*r == '.')
          last_dot = r;
    }
  if (last_dot == NULL || last_dot == host)
    return NULL;
  for (const char *r = last_dot + 1; r < q; r = g_utf8_next_char (r))
    {
      if (!g_unichar_isalpha (g_utf8_get_char (r)))
        return NULL;
      tld_letters++;
    }
  if (tld_letters < 2)
    return NULL;

  if (*q == ':' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (g_ascii_isdigit (*q))
        q++;
    }

  end = q;
  if (*q == '/' || *q == '?' || *q == '#')
    {
      for (; *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);

          if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == '<' || c == '>' ||
              c == '"' || c == 0x00A0)
            break;
        }
      end = q;

      for (const char *r = p; r < end; r++)
        {
          if (*r == '(')
            parens++;
          else if (*r == ')')
            parens--;
        }

      while (end > p)
        {
          char last = end[-1];

          if (strchr (".,:;!?'*", last) != NULL)
            end--;
          else if (last == ')' && parens < 0)
            {
              end--;
              parens++;
            }
          else
            break;
        }
    }

  return end;
}

static char *
mastodon_countable_text (const char *text,
                         guint       url_length)
{
  GString *out = g_string_sized_new (strlen (text));
  gunichar prev = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *end;

      if ((*p == 'h' || *p == 'H') && url_may_start_after (prev) &&
          (end = match_url (p)) != NULL)
        {
          for (guint i = 0; i < url_length; i++)
            g_string_append_c (out, 'x');
          prev = 'x';
          p = end;
          continue;
        }

      if (*p == '@' && !(prev == '=' || prev == '/' || is_word_char (prev)))
        {
          const char *name_end = skip_username (p + 1);

          if (name_end > p + 1)
            {
              g_string_append_len (out, p, name_end - p);
              p = name_end;
              if (*p == '@')
                {
                  const char *domain_end = skip_mention_domain (p + 1);

                  /* A domain is dropped; without one the "@" stays text. */
                  if (domain_end > p + 1)
                    p = domain_end;
                }
              prev = g_utf8_get_char (g_utf8_find_prev_char (text, p));
              continue;
            }
        }

      end = g_utf8_next_char (p);
      g_string_append_len (out, p, end - p);
      prev = g_utf8_get_char (p);
      p = end;
    }

  return g_string_free (out, FALSE);
}

gsize
rz_text_length_mastodon (const char *text,
                         guint       url_length)
{
  g_autofree char *valid = NULL;
  g_autofree char *countable = NULL;

  if (text == NULL || *text == '\0')
    return 0;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  countable = mastodon_countable_text (text, url_length);
  return rz_text_length_graphemes (countable);
}

gsize
rz_text_length_count (const char     *text,
                      RzTextCounting  counting,
                      guint           url_length)
{
  switch (counting)
    {
    case RZ_TEXT_COUNTING_MASTODON:
      return rz_text_length_mastodon (text, url_length);
    case RZ_TEXT_COUNTING_GRAPHEMES:
    default:
      return rz_text_length_graphemes (text);
    }
}
