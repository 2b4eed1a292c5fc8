/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rz-types.h"

G_BEGIN_DECLS

/* A transparent lexicon classifier that marks comments in German and
 * English as critical, neutral or positive. Every decision can be traced
 * back to the words that led to it; see data/wordlists/de.txt for the
 * rules. A classifier is immutable once built and may be shared between
 * threads. */

#define RZ_TYPE_CLASSIFIER (rz_classifier_get_type ())
G_DECLARE_FINAL_TYPE (RzClassifier, rz_classifier, RZ, CLASSIFIER, GObject)

#define RZ_TYPE_CLASSIFICATION (rz_classification_get_type ())

typedef struct _RzClassification RzClassification;

GType              rz_classification_get_type        (void) G_GNUC_CONST;

/* The built-in word lists from the GResource (/wordlists/{de,en,emoji}.txt). */
RzClassifier      *rz_classifier_new_default         (GError        **error);
/* Word lists in the format of data/wordlists/de.txt; @english and @emoji
 * may be NULL. Fails with G_IO_ERROR_INVALID_DATA naming the line. */
RzClassifier      *rz_classifier_new_from_lists      (GBytes         *german,
                                                      GBytes         *english,
                                                      GBytes         *emoji,
                                                      GError        **error);

/* @length is in bytes, or -1 for a NUL-terminated @text. Text that is not
 * valid UTF-8 and empty text are neutral. Never returns NULL. */
RzClassification  *rz_classifier_classify            (RzClassifier   *self,
                                                      const char     *text,
                                                      gssize          length);

RzClassification  *rz_classification_ref            (RzClassification *self);
void               rz_classification_unref           (RzClassification *self);

RzSentiment        rz_classification_get_sentiment   (RzClassification *self);
/* The sum of all contributions: negative is critical, positive praise. */
double             rz_classification_get_score       (RzClassification *self);
/* "de", "en", "de+en" or "en+de" (mixed, the larger share first), or ""
 * when no function word told the language and all lists were used. */
const char        *rz_classification_get_language    (RzClassification *self);
gboolean           rz_classification_get_is_valid    (RzClassification *self);
/* The matched words in the order of the text, as the customer wrote them,
 * together with negators and intensifiers that changed them. */
guint              rz_classification_get_n_terms     (RzClassification *self);
const char        *rz_classification_get_term        (RzClassification *self,
                                                      guint             index,
                                                      double           *contribution);
/* A short translated line like "critical: enttäuscht (−2), nie wieder (−3)". */
char              *rz_classification_dup_explanation (RzClassification *self);

/* "critical", "neutral" or "positive", never translated (for files and the
 * command line). */
const char        *rz_sentiment_to_string            (RzSentiment sentiment);
/* Translated, for people. */
const char        *rz_sentiment_get_label            (RzSentiment sentiment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzClassification, rz_classification_unref)

G_END_DECLS
