/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-classifier.h"
#include "rz-classify-cli.h"

#define EXIT_BAD_INPUT 2
#define EXIT_INTERNAL 1

int
rz_classify_cli (GInputStream *in,
                 GString      *out,
                 GString      *err,
                 gboolean      explain)
{
  g_autoptr(RzClassifier) classifier = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GError) error = NULL;
  guint line_number = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), EXIT_INTERNAL);
  g_return_val_if_fail (out != NULL, EXIT_INTERNAL);
  g_return_val_if_fail (err != NULL, EXIT_INTERNAL);

  classifier = rz_classifier_new_default (&error);
  if (classifier == NULL)
    {
      /* Translators: %s is the reason */
      g_string_append_printf (err, _("Cannot load the word lists: %s"), error->message);
      g_string_append_c (err, '\n');
      return EXIT_INTERNAL;
    }

  data = g_data_input_stream_new (in);
  g_data_input_stream_set_newline_type (G_DATA_INPUT_STREAM (data),
                                        G_DATA_STREAM_NEWLINE_TYPE_LF);
  /* The caller owns the stream, e.g. stdin. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  for (;;)
    {
      g_autoptr(RzClassification) result = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;

      /* Bytes, not text: a line that is not UTF-8 must not end the run. */
      line = g_data_input_stream_read_line (data, &length, NULL, &error);
      if (line == NULL)
        break;
      line_number++;

      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';

      result = rz_classifier_classify (classifier, line, length);
      if (!rz_classification_get_is_valid (result))
        {
          /* Translators: %u is a line number of the input */
          g_string_append_printf (err, _("Line %u is not UTF-8 text; it is counted as neutral."),
                                  line_number);
          g_string_append_c (err, '\n');
        }

      g_string_append (out, rz_sentiment_to_string (rz_classification_get_sentiment (result)));
      if (explain)
        {
          g_autofree char *explanation = rz_classification_dup_explanation (result);

          g_string_append_c (out, '\t');
          g_string_append (out, explanation);
        }
      g_string_append_c (out, '\n');
    }

  if (error != NULL)
    {
      /* Translators: %s is the reason */
      g_string_append_printf (err, _("Cannot read the comments: %s"), error->message);
      g_string_append_c (err, '\n');
      return EXIT_BAD_INPUT;
    }

  return 0;
}
