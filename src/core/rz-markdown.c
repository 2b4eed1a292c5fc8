/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-markdown.h"

/* Deeper lists than this are printed at this depth. */
#define MAX_LIST_DEPTH 6

void
rz_markdown_block_free (RzMarkdownBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  g_free (block);
}

typedef struct
{
  GPtrArray       *blocks;
  RzMarkdownBlock *open;   /* the block that following lines continue */
  GString         *text;   /* the open block's text so far */
  int              list_indents[MAX_LIST_DEPTH];
  guint            n_list_indents;
} Parser;

static void
parser_flush (Parser *parser)
{
  if (parser->open == NULL)
    return;

  parser->open->text = g_strdup (g_strstrip (parser->text->str));
  g_ptr_array_add (parser->blocks, parser->open);
  parser->open = NULL;
  g_string_truncate (parser->text, 0);
}

static void
parser_open (Parser              *parser,
             RzMarkdownBlockKind  kind,
             guint                level,
             const char          *text)
{
  parser_flush (parser);
  parser->open = g_new0 (RzMarkdownBlock, 1);
  parser->open->kind = kind;
  parser->open->level = level;
  g_string_assign (parser->text, text);
}

static void
parser_append (Parser     *parser,
               const char *text)
{
  if (parser->text->len > 0)
    g_string_append_c (parser->text, ' ');
  g_string_append (parser->text, text);
}

static void
parser_add_closed (Parser              *parser,
                   RzMarkdownBlockKind  kind,
                   guint                level,
                   const char          *text)
{
  parser_open (parser, kind, level, text);
  parser_flush (parser);
}

static int
count_indent (const char  *line,
              const char **content)
{
  int indent = 0;

  for (; *line == ' ' || *line == '\t'; line++)
    indent += *line == '\t' ? 4 - indent % 4 : 1;
  *content = line;
  return indent;
}

/* "###  Title ##" → level 3, "Title". */
static gboolean
parse_heading (const char  *content,
               guint       *level,
               char       **text)
{
  guint n = 0;
  g_autofree char *rest = NULL;
  gsize len;

  while (content[n] == '#')
    n++;
  if (n == 0 || n > 6 || (content[n] != ' ' && content[n] != '\t' && content[n] != '\0'))
    return FALSE;

  rest = g_strstrip (g_strdup (content + n));
  /* A closing sequence of #s is decoration, unless it is the whole text. */
  len = strlen (rest);
  while (len > 0 && rest[len - 1] == '#')
    len--;
  if (len == 0 || rest[len - 1] == ' ' || rest[len - 1] == '\t')
    rest[len] = '\0';

  *level = n;
  *text = g_strstrip (g_steal_pointer (&rest));
  return TRUE;
}

/* Three or more of the same "-", "*" or "_", spaces allowed between. */
static gboolean
is_rule (const char *content)
{
  char marker = *content;
  guint n = 0;

  if (marker != '-' && marker != '*' && marker != '_')
    return FALSE;
  for (; *content != '\0'; content++)
    {
      if (*content == marker)
        n++;
      else if (*content != ' ' && *content != '\t')
        return FALSE;
    }
  return n >= 3;
}

static gboolean
is_setext_underline (const char *content,
                     guint      *level)
{
  char marker = *content;
  const char *p = content;

  if (marker != '=' && marker != '-')
    return FALSE;
  while (*p == marker)
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return FALSE;
  *level = marker == '=' ? 1 : 2;
  return TRUE;
}

/* "- item", "* item", "+ item", "12. item", "3) item". */
static gboolean
parse_list_marker (const char  *content,
                   gboolean    *ordered,
                   guint       *number,
                   const char **text)
{
  const char *p = content;

  if ((*p == '-' || *p == '*' || *p == '+') &&
      (p[1] == ' ' || p[1] == '\t' || p[1] == '\0'))
    {
      *ordered = FALSE;
      *number = 0;
      p++;
    }
  else if (g_ascii_isdigit (*p))
    {
      guint64 value = 0;
      guint digits = 0;

      while (g_ascii_isdigit (*p) && digits < 9)
        {
          value = value * 10 + (guint64) (*p - '0');
          p++;
          digits++;
        }
      if ((*p != '.' && *p != ')') || (p[1] != ' ' && p[1] != '\t' && p[1] != '\0'))
        return FALSE;
      *ordered = TRUE;
      *number = (guint) value;
      p++;
    }
  else
    {
      return FALSE;
    }

  while (*p == ' ' || *p == '\t')
    p++;
  *text = p;
  return TRUE;
}

static guint
list_level_for_indent (Parser *parser,
                       int     indent)
{
  while (parser->n_list_indents > 0 &&
         indent < parser->list_indents[parser->n_list_indents - 1])
    parser->n_list_indents--;

  /* Two more spaces than the item above nest one level deeper. */
  if (parser->n_list_indents == 0 ||
      (indent >= parser->list_indents[parser->n_list_indents - 1] + 2 &&
       parser->n_list_indents < MAX_LIST_DEPTH))
    parser->list_indents[parser->n_list_indents++] = indent;

  return parser->n_list_indents - 1;
}

static void
parse_line (Parser     *parser,
            const char *line)
{
  const char *content;
  int indent = count_indent (line, &content);
  g_autofree char *heading = NULL;
  const char *item_text;
  gboolean ordered;
  guint number, level;

  if (*content == '\0')
    {
      parser_flush (parser);
      return;
    }

  /* Four spaces of indentation outside a list continue the open block. */
  if (indent >= 4 && parser->open != NULL && parser->open->kind != RZ_MARKDOWN_LIST_ITEM &&
      parser->n_list_indents == 0)
    {
      parser_append (parser, content);
      return;
    }

  if (parse_heading (content, &level, &heading))
    {
      parser->n_list_indents = 0;
      parser_add_closed (parser, RZ_MARKDOWN_HEADING, level, heading);
      return;
    }

  if (parser->open != NULL && parser->open->kind == RZ_MARKDOWN_PARAGRAPH &&
      is_setext_underline (content, &level))
    {
      parser->open->kind = RZ_MARKDOWN_HEADING;
      parser->open->level = level;
      parser_flush (parser);
      return;
    }

  if (is_rule (content))
    {
      parser->n_list_indents = 0;
      parser_add_closed (parser, RZ_MARKDOWN_RULE, 0, "");
      return;
    }

  if (parse_list_marker (content, &ordered, &number, &item_text))
    {
      level = list_level_for_indent (parser, indent);
      parser_open (parser, RZ_MARKDOWN_LIST_ITEM, level, item_text);
      parser->open->ordered = ordered;
      parser->open->number = number;
      return;
    }

  if (*content == '>')
    {
      content++;
      if (*content == ' ')
        content++;
      if (parser->open != NULL && parser->open->kind == RZ_MARKDOWN_QUOTE)
        parser_append (parser, content);
      else
        parser_open (parser, RZ_MARKDOWN_QUOTE, 0, content);
      return;
    }

  /* Lazy continuation: a plain line goes on with the open block. */
  if (parser->open != NULL)
    {
      parser_append (parser, content);
      return;
    }

  if (indent < 2)
    parser->n_list_indents = 0;
  parser_open (parser, RZ_MARKDOWN_PARAGRAPH, 0, content);
}

GPtrArray *
rz_markdown_parse (const char *markdown)
{
  Parser parser = { 0 };
  g_auto(GStrv) lines = NULL;

  parser.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_markdown_block_free);
  if (markdown == NULL)
    return parser.blocks;

  parser.text = g_string_new (NULL);
  lines = g_strsplit (markdown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      parse_line (&parser, lines[i]);
    }
  parser_flush (&parser);
  g_string_free (parser.text, TRUE);

  return parser.blocks;
}

static void
append_text (GString    *out,
             const char *text,
             gsize       len,
             gboolean    markup)
{
  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (text, (gssize) len);

      g_string_append (out, escaped);
    }
  else
    {
      g_string_append_len (out, text, (gssize) len);
    }
}

/* Where the emphasis opened at @start with @delim closes: the next @delim
 * that follows a non-space, skipping doubled markers when @delim is a
 * single one. Returns -1 when it never closes. */
static gssize
find_closing (const char *s,
              gsize       len,
              gsize       start,
              const char *delim)
{
  gsize dlen = strlen (delim);

  for (gsize j = start; j + dlen <= len; j++)
    {
      if (s[j] == '\\')
        {
          j++;
          continue;
        }
      if (s[j] == '`')
        {
          const char *close = memchr (s + j + 1, '`', len - j - 1);

          if (close != NULL)
            {
              j = (gsize) (close - s);
              continue;
            }
        }
      if (strncmp (s + j, delim, dlen) != 0)
        continue;
      if (dlen == 1 && j + 1 < len && s[j + 1] == delim[0])
        {
          /* Part of a double marker: skip it whole. */
          j++;
          continue;
        }
      if (s[j - 1] == ' ' || s[j - 1] == '\t')
        continue;
      /* Snake_case words are not emphasis. */
      if (delim[0] == '_' && j + dlen < len && g_ascii_isalnum (s[j + dlen]))
        continue;
      return (gssize) j;
    }
  return -1;
}

static void
render_inline (GString    *out,
               const char *s,
               gsize       len,
               gboolean    markup)
{
  gsize i = 0;
  gsize plain_start = 0;

#define FLUSH_PLAIN() G_STMT_START { \
    append_text (out, s + plain_start, i - plain_start, markup); \
  } G_STMT_END

  while (i < len)
    {
      char c = s[i];

      if (c == '\\' && i + 1 < len && g_ascii_ispunct (s[i + 1]))
        {
          FLUSH_PLAIN ();
          append_text (out, s + i + 1, 1, markup);
          i += 2;
          plain_start = i;
          continue;
        }

      if (c == '`')
        {
          const char *close = memchr (s + i + 1, '`', len - i - 1);

          if (close != NULL)
            {
              gsize end = (gsize) (close - s);

              FLUSH_PLAIN ();
              if (markup)
                g_string_append (out, "<tt>");
              append_text (out, s + i + 1, end - i - 1, markup);
              if (markup)
                g_string_append (out, "</tt>");
              i = end + 1;
              plain_start = i;
              continue;
            }
        }

      if ((c == '*' || c == '_') && i + 1 < len)
        {
          gboolean strong = s[i + 1] == c;
          const char *delim = c == '*' ? (strong ? "**" : "*") : (strong ? "__" : "_");
          gsize dlen = strong ? 2 : 1;
          gboolean can_open = i + dlen < len && s[i + dlen] != ' ' && s[i + dlen] != '\t' &&
                              !(c == '_' && i > 0 && g_ascii_isalnum (s[i - 1]));
          gssize close = can_open ? find_closing (s, len, i + dlen + 1, delim) : -1;

          if (close > 0)
            {
              FLUSH_PLAIN ();
              if (markup)
                g_string_append (out, strong ? "<b>" : "<i>");
              render_inline (out, s + i + dlen, (gsize) close - i - dlen, markup);
              if (markup)
                g_string_append (out, strong ? "</b>" : "</i>");
              i = (gsize) close + dlen;
              plain_start = i;
              continue;
            }
        }

      if (c == '[')
        {
          const char *text_end = memchr (s + i + 1, ']', len - i - 1);

          if (text_end != NULL && (gsize) (text_end - s) + 1 < len && text_end[1] == '(')
            {
              gsize url_start = (gsize) (text_end - s) + 2;
              const char *url_end = memchr (s + url_start, ')', len - url_start);

              if (url_end != NULL)
                {
                  gsize text_len = (gsize) (text_end - s) - i - 1;
                  gsize url_len = (gsize) (url_end - s) - url_start;

                  FLUSH_PLAIN ();
                  render_inline (out, s + i + 1, text_len, markup);
                  /* On paper the address is all a reader can follow. */
                  if (url_len > 0 &&
                      (text_len != url_len || strncmp (s + i + 1, s + url_start, url_len) != 0))
                    {
                      g_string_append (out, " (");
                      append_text (out, s + url_start, url_len, markup);
                      g_string_append (out, ")");
                    }
                  i = (gsize) (url_end - s) + 1;
                  plain_start = i;
                  continue;
                }
            }
        }

      i++;
    }

  FLUSH_PLAIN ();
#undef FLUSH_PLAIN
}

char *
rz_markdown_inline_to_markup (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  render_inline (out, text, strlen (text), TRUE);
  return g_string_free (out, FALSE);
}

char *
rz_markdown_inline_to_plain (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  render_inline (out, text, strlen (text), FALSE);
  return g_string_free (out, FALSE);
}
