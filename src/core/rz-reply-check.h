/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Warns before a reply goes out that reads like a form letter: (nearly)
 * the same as a saved template or a reply sent before, or nothing but a
 * stock phrase ("Danke!", "Thanks for your feedback"). Texts are compared
 * after normalisation (case, spacing, punctuation, placeholders such as
 * {name}, greetings and closings removed) by the Jaccard similarity of
 * their three-word shingles. */

#define RZ_TYPE_REPLY_CHECK (rz_reply_check_get_type ())
G_DECLARE_FINAL_TYPE (RzReplyCheck, rz_reply_check, RZ, REPLY_CHECK, GObject)

/* From this similarity on a reply counts as (nearly) identical. */
#define RZ_REPLY_CHECK_THRESHOLD 0.75

typedef enum {
  RZ_REPLY_ISSUE_NONE = 0,
  RZ_REPLY_ISSUE_GENERIC,         /* very short, or only stock phrases */
  RZ_REPLY_ISSUE_LIKE_TEMPLATE,   /* nearly a saved template as it is */
  RZ_REPLY_ISSUE_LIKE_SENT,       /* nearly a reply that was sent before */
} RzReplyIssue;

RzReplyCheck *rz_reply_check_new           (void);
void          rz_reply_check_add_template  (RzReplyCheck  *self,
                                            const char    *text);
void          rz_reply_check_add_sent      (RzReplyCheck  *self,
                                            const char    *text);
guint         rz_reply_check_get_n_texts   (RzReplyCheck  *self);

/* Checks @reply. A stock reply is reported as GENERIC before any
 * similarity. @similarity (optional) gets the highest similarity to a
 * known text, 0 to 1; @similar_text (optional) gets a copy of that text as
 * it was added when the issue is LIKE_TEMPLATE or LIKE_SENT, else NULL. */
RzReplyIssue  rz_reply_check_run           (RzReplyCheck  *self,
                                            const char    *reply,
                                            double        *similarity,
                                            char         **similar_text);

/* The normalised words of @text joined by single spaces, as compared. */
char         *rz_reply_check_normalize     (const char    *text);

/* A translated warning for the author, NULL for RZ_REPLY_ISSUE_NONE. */
const char   *rz_reply_issue_get_message   (RzReplyIssue   issue);

G_END_DECLS
