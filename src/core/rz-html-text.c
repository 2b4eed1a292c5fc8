/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-html-text.h"

/* A small tokenizer instead of GMarkup: network HTML is not XML (<br>,
 * &nbsp;, unquoted attributes) and must never make us give up on a
 * comment. Unknown tags are dropped and their text kept; nothing from the
 * input survives as markup because the output is plain text only. */

#define MAX_NEWLINES 2

typedef struct {
  char     *href;
  gboolean  is_mention;
  gsize     start;
} Anchor;

typedef struct {
  GString  *out;
  guint     pending_newlines;
  gboolean  pending_space;
  guint     pre_depth;
  GArray   *anchors;        /* of Anchor */
  GArray   *lists;          /* of int: -1 for a bullet list, else the next number */
} Converter;

typedef struct {
  const char *name;
  gunichar    value;
} Entity;

/* Sorted by name for bsearch(). The entities Mastodon's sanitizer emits are
 * the first five; the rest appear in HTML from other servers. */
static const Entity entities[] = {
  { "AElig", 0x00C6 }, { "Aacute", 0x00C1 }, { "Agrave", 0x00C0 },
  { "Auml", 0x00C4 }, { "Ccedil", 0x00C7 }, { "Eacute", 0x00C9 },
  { "Egrave", 0x00C8 }, { "Ntilde", 0x00D1 }, { "Oslash", 0x00D8 },
  { "Ouml", 0x00D6 }, { "Uuml", 0x00DC }, { "aacute", 0x00E1 },
  { "aelig", 0x00E6 }, { "agrave", 0x00E0 }, { "amp", '&' },
  { "apos", '\'' }, { "auml", 0x00E4 }, { "bdquo", 0x201E },
  { "bull", 0x2022 }, { "ccedil", 0x00E7 }, { "cent", 0x00A2 },
  { "copy", 0x00A9 }, { "deg", 0x00B0 }, { "divide", 0x00F7 },
  { "eacute", 0x00E9 }, { "egrave", 0x00E8 }, { "emsp", 0x2003 },
  { "ensp", 0x2002 }, { "euro", 0x20AC }, { "gt", '>' },
  { "hellip", 0x2026 }, { "iexcl", 0x00A1 }, { "iquest", 0x00BF },
  { "laquo", 0x00AB }, { "ldquo", 0x201C }, { "lsaquo", 0x2039 },
  { "lsquo", 0x2018 }, { "lt", '<' }, { "mdash", 0x2014 },
  { "middot", 0x00B7 }, { "nbsp", 0x00A0 }, { "ndash", 0x2013 },
  { "ntilde", 0x00F1 }, { "oslash", 0x00F8 }, { "ouml", 0x00F6 },
  { "para", 0x00B6 }, { "plusmn", 0x00B1 }, { "pound", 0x00A3 },
  { "quot", '"' }, { "raquo", 0x00BB }, { "rdquo", 0x201D },
  { "reg", 0x00AE }, { "rsaquo", 0x203A }, { "rsquo", 0x2019 },
  { "sbquo", 0x201A }, { "sect", 0x00A7 }, { "shy", 0x00AD },
  { "szlig", 0x00DF }, { "thinsp", 0x2009 }, { "times", 0x00D7 },
  { "trade", 0x2122 }, { "uuml", 0x00FC }, { "yen", 0x00A5 },
  { "zwj", 0x200D }, { "zwnj", 0x200C },
};

/* Elements whose content is not text for a reader. */
static const char * const skipped_elements[] = {
  "head", "iframe", "math", "noscript", "object", "script", "select",
  "style", "svg", "template", "textarea", "title",
};

/* Elements that start and end a paragraph, and those that start a line. */
static const char * const paragraph_elements[] = {
  "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p",
  "pre", "table", "ul",
};
static const char * const line_elements[] = {
  "address", "article", "aside", "dd", "div", "dl", "dt", "figcaption",
  "figure", "footer", "header", "li", "main", "nav", "section", "tr",
};

static int
compare_entity (const void *key,
                const void *member)
{
  return strcmp (key, ((const Entity *) member)->name);
}

static gboolean
name_in (const char         *name,
         const char * const *list,
         gsize               n_items)
{
  for (gsize i = 0; i < n_items; i++)
    if (g_ascii_strcasecmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Printable ASCII that is neither a space nor the start of markup or of a
 * character reference: text that is copied as it is. */
static gboolean
is_plain_ascii (char c)
{
  return c > ' ' && c < 0x7f && c != '<' && c != '&';
}

/* Decodes the character reference at @p (which points at '&'). Returns the
 * position after it, or NULL if it is not a reference and '&' is literal. */
static const char *
decode_entity (const char *p,
               gunichar   *out)
{
  const char *q = p + 1;

  if (*q == '#')
    {
      guint64 value = 0;
      guint base = 10;
      guint digits = 0;

      q++;
      if (*q == 'x' || *q == 'X')
        {
          base = 16;
          q++;
        }
      while (base == 16 ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q))
        {
          /* Enough digits for any code point; more means garbage. */
          if (++digits > 8)
            return NULL;
          value = value * base + (guint64) g_ascii_xdigit_value (*q);
          q++;
        }
      if (digits == 0)
        return NULL;
      if (*q == ';')
        q++;

      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        *out = 0xFFFD;
      else
        *out = (gunichar) value;
      return q;
    }
  else
    {
      char name[16];
      gsize len = 0;
      const Entity *entity;

      while (g_ascii_isalnum (q[len]))
        {
          if (len + 1 >= sizeof name)
            return NULL;
          name[len] = q[len];
          len++;
        }
      if (len == 0 || q[len] != ';')
        return NULL;
      name[len] = '\0';

      entity = bsearch (name, entities, G_N_ELEMENTS (entities), sizeof entities[0], compare_entity);
      if (entity == NULL)
        return NULL;

      *out = entity->value;
      return q + len + 1;
    }
}

/* Writes the newline or space still owed before the next visible text.
 * Nothing is owed at the start of the output. */
static void
flush_pending (Converter *conv)
{
  if (conv->out->len > 0)
    {
      if (conv->pending_newlines > 0)
        {
          for (guint i = 0; i < conv->pending_newlines; i++)
            g_string_append_c (conv->out, '\n');
        }
      else if (conv->pending_space)
        g_string_append_c (conv->out, ' ');
    }

  conv->pending_newlines = 0;
  conv->pending_space = FALSE;
}

static void
emit_char (Converter *conv,
           gunichar   c)
{
  if (c < 0x80 && is_html_space ((char) c))
    {
      if (conv->pre_depth == 0)
        {
          conv->pending_space = TRUE;
          return;
        }
      /* A form feed is no line of text either. */
      if (c == '\r' || c == '\f')
        return;
      if (c == '\n')
        {
          flush_pending (conv);
          g_string_append_c (conv->out, '\n');
          return;
        }
    }
  else if (g_unichar_iscntrl (c) || c == 0xFFFE || c == 0xFFFF)
    return;

  flush_pending (conv);
  g_string_append_unichar (conv->out, c);
}

static void
emit_literal (Converter  *conv,
              const char *text)
{
  flush_pending (conv);
  g_string_append (conv->out, text);
}

static void
request_newlines (Converter *conv,
                  guint      n)
{
  conv->pending_newlines = MIN (MAX (conv->pending_newlines, n), MAX_NEWLINES);
}

static void
line_break (Converter *conv)
{
  conv->pending_newlines = MIN (conv->pending_newlines + 1, MAX_NEWLINES);
  conv->pending_space = FALSE;

  /* A break at the very start still counts once text follows. */
  if (conv->out->len == 0)
    conv->pending_newlines = 0;
}

static const char *
strip_scheme (const char *uri)
{
  if (g_ascii_strncasecmp (uri, "https://", 8) == 0)
    return uri + 8;
  if (g_ascii_strncasecmp (uri, "http://", 7) == 0)
    return uri + 7;
  return uri;
}

static gboolean
same_address (const char *text,
              const char *href)
{
  const char *a = strip_scheme (text);
  const char *b = strip_scheme (href);
  gsize la = strlen (a);
  gsize lb = strlen (b);

  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

static void
open_anchor (Converter  *conv,
             const char *href,
             const char *klass)
{
  Anchor anchor = { 0 };

  flush_pending (conv);
  anchor.start = conv->out->len;
  if (href != NULL && (g_ascii_strncasecmp (href, "https://", 8) == 0 ||
                       g_ascii_strncasecmp (href, "http://", 7) == 0))
    {
      GString *clean = g_string_sized_new (strlen (href));

      /* The address may end up in the text: without control characters
       * (as written or as &#…; references), which browsers drop from
       * addresses too. */
      for (const char *p = href; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_iscntrl (c) && c != 0xFFFE && c != 0xFFFF)
            g_string_append_unichar (clean, c);
        }
      anchor.href = g_string_free (clean, FALSE);
    }
  anchor.is_mention = klass != NULL &&
                      (strstr (klass, "mention") != NULL || strstr (klass, "hashtag") != NULL);
  g_array_append_val (conv->anchors, anchor);
}

static void
close_anchor (Converter *conv)
{
  Anchor *anchor;
  g_autofree char *text = NULL;

  if (conv->anchors->len == 0)
    return;

  anchor = &g_array_index (conv->anchors, Anchor, conv->anchors->len - 1);
  if (anchor->href != NULL && anchor->start <= conv->out->len)
    {
      text = g_strstrip (g_strdup (conv->out->str + anchor->start));

      /* Links that show their own address, mentions and hashtags read fine
       * as they are; any other link keeps its address in brackets so the
       * plain text does not hide where it points. */
      if (text[0] == '\0')
        emit_literal (conv, anchor->href);
      else if (!anchor->is_mention && text[0] != '@' && text[0] != '#' &&
               !same_address (text, anchor->href))
        {
          conv->pending_space = FALSE;
          conv->pending_newlines = 0;
          g_string_append_printf (conv->out, " (%s)", anchor->href);
        }
    }

  /* The clear function frees the href. */
  g_array_set_size (conv->anchors, conv->anchors->len - 1);
}

static void
clear_anchor (gpointer data)
{
  Anchor *anchor = data;

  g_free (anchor->href);
}

/* Finds the end of a raw text element such as <script>, case-insensitively;
 * returns the position after its closing tag, or the end of the input. */
static const char *
skip_element_content (const char *p,
                      const char *name)
{
  gsize name_len = strlen (name);

  for (; *p != '\0'; p++)
    {
      if (p[0] == '<' && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, name_len) == 0 &&
          !g_ascii_isalnum (p[2 + name_len]))
        {
          const char *close = strchr (p, '>');

          return close != NULL ? close + 1 : p + strlen (p);
        }
    }

  return p;
}

static char *
decode_attribute (const char *value,
                  gsize       len)
{
  GString *out = g_string_sized_new (len);
  const char *end = value + len;

  for (const char *p = value; p < end;)
    {
      gunichar c;
      const char *next;

      if (*p == '&' && (next = decode_entity (p, &c)) != NULL && next <= end)
        {
          g_string_append_unichar (out, c);
          p = next;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* Parses the tag at @p (pointing after '<' or "</") and its attributes.
 * Returns the position after '>', or NULL if the tag never closes. */
static const char *
parse_tag (const char  *p,
           char       **out_name,
           char       **out_href,
           char       **out_class,
           gboolean    *out_self_closing)
{
  const char *name_start = p;

  while (g_ascii_isalnum (*p))
    p++;
  *out_name = g_ascii_strdown (name_start, p - name_start);
  *out_self_closing = FALSE;

  for (;;)
    {
      const char *attr_start;
      gsize attr_len;
      const char *value = NULL;
      gsize value_len = 0;

      while (is_html_space (*p) || *p == '/')
        {
          if (*p == '/' && p[1] == '>')
            *out_self_closing = TRUE;
          p++;
        }
      if (*p == '>')
        return p + 1;
      if (*p == '\0')
        return NULL;

      attr_start = p;
      while (*p != '\0' && !is_html_space (*p) && *p != '=' && *p != '>' && *p != '/')
        p++;
      attr_len = p - attr_start;
      while (is_html_space (*p))
        p++;

      if (*p == '=')
        {
          p++;
          while (is_html_space (*p))
            p++;
          if (*p == '"' || *p == '\'')
            {
              const char *close = strchr (p + 1, *p);

              if (close == NULL)
                return NULL;
              value = p + 1;
              value_len = close - value;
              p = close + 1;
            }
          else
            {
              value = p;
              while (*p != '\0' && !is_html_space (*p) && *p != '>')
                p++;
              value_len = p - value;
            }
        }

      if (value != NULL && attr_len == 4 && g_ascii_strncasecmp (attr_start, "href", 4) == 0)
        {
          g_free (*out_href);
          *out_href = decode_attribute (value, value_len);
        }
      else if (value != NULL && attr_len == 5 && g_ascii_strncasecmp (attr_start, "class", 5) == 0)
        {
          g_free (*out_class);
          *out_class = decode_attribute (value, value_len);
        }
    }
}

static void
handle_start_tag (Converter  *conv,
                  const char *name,
                  const char *href,
                  const char *klass)
{
  if (strcmp (name, "br") == 0)
    line_break (conv);
  else if (strcmp (name, "a") == 0)
    open_anchor (conv, href, klass);
  else if (strcmp (name, "li") == 0)
    {
      int number = -1;

      request_newlines (conv, 1);
      if (conv->lists->len > 0)
        number = g_array_index (conv->lists, int, conv->lists->len - 1);

      if (number < 0)
        emit_literal (conv, "• ");
      else
        {
          g_autofree char *label = g_strdup_printf ("%d. ", number);

          emit_literal (conv, label);
          g_array_index (conv->lists, int, conv->lists->len - 1) = number + 1;
        }
    }
  else if (name_in (name, paragraph_elements, G_N_ELEMENTS (paragraph_elements)))
    {
      request_newlines (conv, conv->lists->len > 0 ? 1 : 2);
      if (strcmp (name, "pre") == 0)
        conv->pre_depth++;
      else if (strcmp (name, "ul") == 0)
        {
          int bullet = -1;

          g_array_append_val (conv->lists, bullet);
        }
      else if (strcmp (name, "ol") == 0)
        {
          int first = 1;

          g_array_append_val (conv->lists, first);
        }
    }
  else if (name_in (name, line_elements, G_N_ELEMENTS (line_elements)))
    request_newlines (conv, 1);
}

static void
handle_end_tag (Converter  *conv,
                const char *name)
{
  if (strcmp (name, "a") == 0)
    close_anchor (conv);
  else if (strcmp (name, "br") == 0)
    line_break (conv);
  else if (name_in (name, paragraph_elements, G_N_ELEMENTS (paragraph_elements)))
    {
      if (strcmp (name, "pre") == 0 && conv->pre_depth > 0)
        conv->pre_depth--;
      else if ((strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0) && conv->lists->len > 0)
        g_array_set_size (conv->lists, conv->lists->len - 1);
      request_newlines (conv, conv->lists->len > 0 ? 1 : 2);
    }
  else if (name_in (name, line_elements, G_N_ELEMENTS (line_elements)))
    request_newlines (conv, 1);
}

/* Handles the markup at @p, which points at '<'. Returns where text
 * continues, or NULL if '<' does not start markup and is literal text. */
static const char *
handle_markup (Converter  *conv,
               const char *p)
{
  g_autofree char *name = NULL;
  g_autofree char *href = NULL;
  g_autofree char *klass = NULL;
  gboolean self_closing;
  const char *end;

  if (g_str_has_prefix (p, "<!--"))
    {
      end = strstr (p + 4, "-->");
      return end != NULL ? end + 3 : p + strlen (p);
    }
  if (p[1] == '!' || p[1] == '?')
    {
      end = strchr (p, '>');
      return end != NULL ? end + 1 : p + strlen (p);
    }

  if (p[1] == '/' && g_ascii_isalpha (p[2]))
    {
      end = parse_tag (p + 2, &name, &href, &klass, &self_closing);
      if (end == NULL)
        return p + strlen (p);
      handle_end_tag (conv, name);
      return end;
    }

  if (!g_ascii_isalpha (p[1]))
    return NULL;

  end = parse_tag (p + 1, &name, &href, &klass, &self_closing);
  /* An unfinished tag at the end is dropped, as browsers do. */
  if (end == NULL)
    return p + strlen (p);

  if (name_in (name, skipped_elements, G_N_ELEMENTS (skipped_elements)))
    return self_closing ? end : skip_element_content (end, name);

  handle_start_tag (conv, name, href, klass);
  if (self_closing && strcmp (name, "a") == 0)
    close_anchor (conv);

  return end;
}

char *
rz_html_text_to_plain (const char *html)
{
  g_autofree char *valid = NULL;
  Converter conv = { 0 };
  const char *p;

  if (html == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (html, -1, NULL))
    html = valid = g_utf8_make_valid (html, -1);

  conv.out = g_string_sized_new (strlen (html));
  conv.anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  g_array_set_clear_func (conv.anchors, clear_anchor);
  conv.lists = g_array_new (FALSE, FALSE, sizeof (int));

  p = html;
  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *next = handle_markup (&conv, p);

          if (next != NULL)
            {
              p = next;
              continue;
            }
          emit_char (&conv, '<');
          p++;
        }
      else if (*p == '&')
        {
          gunichar c;
          const char *next = decode_entity (p, &c);

          if (next != NULL)
            {
              emit_char (&conv, c);
              p = next;
            }
          else
            {
              emit_char (&conv, '&');
              p++;
            }
        }
      else if (is_plain_ascii (*p))
        {
          /* Most text is a run of printable ASCII: what emit_char() does
           * for each of its characters, at once. */
          const char *run = p;

          while (is_plain_ascii (*p))
            p++;
          flush_pending (&conv);
          g_string_append_len (conv.out, run, p - run);
        }
      else
        {
          emit_char (&conv, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
    }

  while (conv.anchors->len > 0)
    close_anchor (&conv);

  g_array_unref (conv.anchors);
  g_array_unref (conv.lists);

  /* Nothing owed at the end: trailing breaks and spaces are dropped. */
  return g_strstrip (g_string_free (conv.out, FALSE));
}
