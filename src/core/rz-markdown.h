/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Markdown the guideline generator writes and users type into it:
 * ATX headings, paragraphs, bullet and numbered lists (nested by
 * indentation), block quotes and rules. Enough to print a guideline;
 * no tables, no HTML. */
typedef enum {
  RZ_MARKDOWN_HEADING = 0,
  RZ_MARKDOWN_PARAGRAPH,
  RZ_MARKDOWN_LIST_ITEM,
  RZ_MARKDOWN_QUOTE,
  RZ_MARKDOWN_RULE,
} RzMarkdownBlockKind;

typedef struct
{
  RzMarkdownBlockKind  kind;
  /* Headings: 1 to 6. List items: the nesting depth, 0 for the outermost
   * list. Otherwise 0. */
  guint                level;
  /* List items: TRUE for "1." lists, with @number as written. */
  gboolean             ordered;
  guint                number;
  /* The inline Markdown of the block, its lines joined with spaces;
   * "" for a rule. */
  char                *text;
} RzMarkdownBlock;

/* Returns the blocks of @markdown in order, as a GPtrArray of
 * RzMarkdownBlock that frees them. Never NULL. */
GPtrArray *rz_markdown_parse              (const char *markdown);
void       rz_markdown_block_free         (RzMarkdownBlock *block);

/* Inline Markdown (**bold**, *italic*, _italic_, `code`, [text](url),
 * backslash escapes) as Pango markup: everything else is escaped. */
char      *rz_markdown_inline_to_markup   (const char *text);
/* The same text without any markup. */
char      *rz_markdown_inline_to_plain    (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzMarkdownBlock, rz_markdown_block_free)

G_END_DECLS
