/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-classifier.h"

/* The classifier on any comment text, as the inbox classifies what it
 * fetched: any bytes in, a classification with readable terms and a
 * translated explanation out. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RzClassifier *classifier;
  g_autoptr(RzClassification) classification = NULL;
  g_autofree char *explanation = NULL;
  guint n_terms;

  fuzz_init ();

  if (classifier == NULL)
    {
      g_autoptr(GError) error = NULL;

      classifier = rz_classifier_new_default (&error);
      g_assert_no_error (error);
    }

  classification = rz_classifier_classify (classifier, (const char *) data, (gssize) size);
  g_assert (classification != NULL);

  n_terms = rz_classification_get_n_terms (classification);
  for (guint i = 0; i < n_terms; i++)
    {
      double contribution = 0;
      const char *term = rz_classification_get_term (classification, i, &contribution);

      g_assert (term != NULL && g_utf8_validate (term, -1, NULL));
    }
  g_assert (g_utf8_validate (rz_classification_get_language (classification), -1, NULL));
  (void) rz_sentiment_to_string (rz_classification_get_sentiment (classification));
  (void) rz_classification_get_score (classification);

  explanation = rz_classification_dup_explanation (classification);
  g_assert (explanation != NULL && g_utf8_validate (explanation, -1, NULL));

  return 0;
}
