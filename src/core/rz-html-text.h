/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns the sanitized HTML a network delivers (Mastodon post content) into
 * plain text: paragraphs and line breaks become newlines, entities are
 * decoded, scripts and styles are dropped with their content, and a link
 * whose text hides its address keeps the address in brackets. The result is
 * plain text, never markup: show it with a plain label, not Pango markup. */
char *rz_html_text_to_plain (const char *html);

G_END_DECLS
