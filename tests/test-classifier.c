/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "rz-classifier.h"
#include "rz-classify-cli.h"

/* Floors for the held-out sets in tests/data/classifier/{de,en}.tsv. They
 * sit a margin below what the word lists achieve (see the TAP messages),
 * so that a change that makes the classifier worse fails here. The sets
 * are never used to tune the lists: that is what dev-*.tsv is for. */
typedef struct {
  const char *language;
  double      min_accuracy;
  double      min_critical_precision;
  double      min_critical_recall;
} Floors;

static const Floors held_out_floors[] = {
  { "de", 0.80, 0.90, 0.62 },
  { "en", 0.80, 0.90, 0.60 },
};

static const Floors dev_floors[] = {
  { "dev-de", 0.85, 0.90, 0.80 },
  { "dev-en", 0.85, 0.90, 0.70 },
};

static RzClassifier *
default_classifier (void)
{
  g_autoptr(GError) error = NULL;
  RzClassifier *classifier = rz_classifier_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (classifier);
  return classifier;
}

static RzSentiment
classify (RzClassifier *classifier,
          const char   *text,
          double       *score)
{
  g_autoptr(RzClassification) result = rz_classifier_classify (classifier, text, -1);

  if (score != NULL)
    *score = rz_classification_get_score (result);
  return rz_classification_get_sentiment (result);
}

static RzSentiment
parse_label (const char *label)
{
  if (g_str_equal (label, "critical"))
    return RZ_SENTIMENT_CRITICAL;
  if (g_str_equal (label, "positive"))
    return RZ_SENTIMENT_POSITIVE;
  g_assert_cmpstr (label, ==, "neutral");
  return RZ_SENTIMENT_NEUTRAL;
}

static double
ratio (guint numerator,
       guint denominator)
{
  return denominator == 0 ? 0.0 : (double) numerator / denominator;
}

/* Classifies a labelled set, reports accuracy and precision and recall for
 * "critical" in the TAP output, lists the misses with --verbose (-m
 * thorough) and checks the floors. */
static void
evaluate_set (const Floors *floors)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (floors->language, ".tsv", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "classifier", name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint confusion[3][3] = { { 0 } };   /* [expected][got] */
  guint total = 0;
  guint correct = 0;
  guint critical_predicted = 0;
  guint critical_expected = 0;
  gint64 started;
  double seconds;
  double accuracy;
  double precision;
  double recall;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      RzSentiment expected;
      RzSentiment got;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", 2);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);

      expected = parse_label (fields[0]);
      got = classify (classifier, fields[1], NULL);
      confusion[expected][got]++;
      total++;
      if (got == expected)
        correct++;
      else if (g_test_verbose ())
        {
          g_autoptr(RzClassification) result = rz_classifier_classify (classifier, fields[1], -1);
          g_autofree char *explanation = rz_classification_dup_explanation (result);

          g_test_message ("miss (%s expected): %s  [%s]", fields[0], fields[1], explanation);
        }
    }
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  for (guint e = 0; e < 3; e++)
    {
      critical_predicted += confusion[e][RZ_SENTIMENT_CRITICAL];
      critical_expected += confusion[RZ_SENTIMENT_CRITICAL][e];
    }
  accuracy = ratio (correct, total);
  precision = ratio (confusion[RZ_SENTIMENT_CRITICAL][RZ_SENTIMENT_CRITICAL], critical_predicted);
  recall = ratio (confusion[RZ_SENTIMENT_CRITICAL][RZ_SENTIMENT_CRITICAL], critical_expected);

  g_test_message ("%s: %u comments, accuracy %.3f, critical precision %.3f, critical recall %.3f",
                  floors->language, total, accuracy, precision, recall);
  g_test_message ("%s: confusion (rows expected neutral/positive/critical, columns got): "
                  "[%u %u %u] [%u %u %u] [%u %u %u]", floors->language,
                  confusion[0][0], confusion[0][1], confusion[0][2],
                  confusion[1][0], confusion[1][1], confusion[1][2],
                  confusion[2][0], confusion[2][1], confusion[2][2]);
  g_test_message ("%s: classified in %.1f ms (%.1f µs a comment)", floors->language,
                  seconds * 1000.0, seconds * 1e6 / MAX (total, 1));

  g_assert_cmpuint (total, >=, 40);
  g_assert_cmpfloat (accuracy, >=, floors->min_accuracy);
  g_assert_cmpfloat (precision, >=, floors->min_critical_precision);
  g_assert_cmpfloat (recall, >=, floors->min_critical_recall);
}

static void
test_held_out (gconstpointer data)
{
  evaluate_set (data);
}

static void
test_held_out_size (void)
{
  /* The brief for the set: at least 150 comments a language. */
  for (guint l = 0; l < G_N_ELEMENTS (held_out_floors); l++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat (held_out_floors[l].language, ".tsv", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "classifier", name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      guint counts[3] = { 0 };

      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = NULL;

          if (lines[i][0] == '\0' || lines[i][0] == '#')
            continue;
          fields = g_strsplit (lines[i], "\t", 2);
          counts[parse_label (fields[0])]++;
        }
      g_assert_cmpuint (counts[0] + counts[1] + counts[2], >=, 150);
      /* A realistic mix: no class under a quarter of the set. */
      for (guint c = 0; c < 3; c++)
        g_assert_cmpuint (counts[c] * 4, >=, counts[0] + counts[1] + counts[2]);
    }
}

static void
test_basic_labels (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  struct {
    const char  *text;
    RzSentiment  expected;
  } cases[] = {
    { "Das Essen war gut.", RZ_SENTIMENT_POSITIVE },
    { "Das Essen war schlecht.", RZ_SENTIMENT_CRITICAL },
    { "Wir haben am Montag Ruhetag.", RZ_SENTIMENT_NEUTRAL },
    { "The food was great.", RZ_SENTIMENT_POSITIVE },
    { "The food was awful.", RZ_SENTIMENT_CRITICAL },
    { "We are closed on Monday.", RZ_SENTIMENT_NEUTRAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (classify (classifier, cases[i].text, NULL), ==, cases[i].expected);
    }
}

static void
test_negation (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  double plain;
  double negated;

  g_assert_cmpint (classify (classifier, "Das Essen war nicht gut.", &negated), ==, RZ_SENTIMENT_CRITICAL);
  /* "nicht schlecht" is praise, but milder than "gut". */
  g_assert_cmpint (classify (classifier, "Das war nicht schlecht.", &negated), ==, RZ_SENTIMENT_POSITIVE);
  classify (classifier, "Das war gut.", &plain);
  g_assert_cmpfloat (negated, <, plain);
  g_assert_cmpint (classify (classifier, "Not bad.", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "The coffee was not good.", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "The staff weren't friendly at all.", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Das Personal war überhaupt nicht freundlich.", NULL), ==, RZ_SENTIMENT_CRITICAL);

  /* The scope ends at punctuation … */
  g_assert_cmpint (classify (classifier, "Nicht vergessen, alles war toll!", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "No. It was great.", NULL), ==, RZ_SENTIMENT_POSITIVE);
  /* … and after three words. */
  g_assert_cmpint (classify (classifier, "Nicht nur am Montag war es gut.", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "Nicht am Montag war es gut.", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "Es war nicht wirklich gut.", NULL), ==, RZ_SENTIMENT_CRITICAL);

  /* A phrase is read as a whole, not as a negated word. */
  g_assert_cmpint (classify (classifier, "Kein Wunder, dass keiner kommt.", NULL), !=, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "Nie wieder.", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Never again.", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Seit zwei Wochen keine Rückmeldung.", NULL), ==, RZ_SENTIMENT_CRITICAL);
}

static void
test_intensifiers (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  double plain;
  double stronger;
  double weaker;

  classify (classifier, "Das war gut.", &plain);
  classify (classifier, "Das war sehr gut.", &stronger);
  g_assert_cmpfloat (stronger, >, plain);

  classify (classifier, "Ich bin enttäuscht.", &plain);
  classify (classifier, "Ich bin total enttäuscht.", &stronger);
  classify (classifier, "Ich bin etwas enttäuscht.", &weaker);
  g_assert_cmpfloat (stronger, <, plain);
  g_assert_cmpfloat (weaker, >, plain);
  g_assert_cmpfloat (weaker, <, 0);

  classify (classifier, "I was disappointed.", &plain);
  classify (classifier, "I was really disappointed.", &stronger);
  classify (classifier, "I was slightly disappointed.", &weaker);
  g_assert_cmpfloat (stronger, <, plain);
  g_assert_cmpfloat (weaker, >, plain);

  /* Shouting, elongation and exclamation marks count as intensifiers. */
  classify (classifier, "Das war schlecht.", &plain);
  classify (classifier, "Das war SCHLECHT.", &stronger);
  g_assert_cmpfloat (stronger, <, plain);
  classify (classifier, "Das war schlecht!!!", &stronger);
  g_assert_cmpfloat (stronger, <, plain);
  classify (classifier, "Das war super.", &plain);
  classify (classifier, "Das war suuuuuper.", &stronger);
  g_assert_cmpfloat (stronger, >, plain);
  g_assert_cmpint (classify (classifier, "DAS IST EINE FRECHHEIT", NULL), ==, RZ_SENTIMENT_CRITICAL);
}

static void
test_questions (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  const char *questions[] = {
    "Habt ihr am Sonntag geöffnet?",
    "Ist der Kuchen gut für Kinder?",
    "Welchen Wein empfehlt ihr zum Fisch?",
    "Habt ihr kein Brot mehr?",
    "Are you open on Sunday?",
    "Is the breakfast good?",
    "Don't you have any rooms left?",
    "Kann ich mit Karte zahlen? Danke!",
    "Can I pay by card? Thanks!",
  };

  /* A customer's question is not criticism, nor praise. */
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_test_message ("%s", questions[i]);
      g_assert_cmpint (classify (classifier, questions[i], NULL), ==, RZ_SENTIMENT_NEUTRAL);
    }

  /* A complaint stays one when it is asked. */
  g_assert_cmpint (classify (classifier, "Warum ist das Essen schon wieder so schlecht??", NULL),
                   ==, RZ_SENTIMENT_CRITICAL);
}

static void
test_contrast_and_sarcasm (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();

  g_assert_cmpint (classify (classifier, "Schöne Lage, aber das Frühstück war schlecht.", NULL),
                   ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Etwas teuer, aber wirklich lecker.", NULL),
                   ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "Nice room but the service was terrible.", NULL),
                   ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Na toll, super Service.", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Thanks for nothing, great job.", NULL), ==, RZ_SENTIMENT_CRITICAL);
}

static void
test_emoji (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();

  g_assert_cmpint (classify (classifier, "😡", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "👎", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "😍", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "👍", NULL), ==, RZ_SENTIMENT_POSITIVE);
  /* Skin tones and variation selectors do not hide an emoji. */
  g_assert_cmpint (classify (classifier, "👍🏽", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "❤️", NULL), ==, RZ_SENTIMENT_POSITIVE);
  g_assert_cmpint (classify (classifier, "Lieferung kam heute 😡😡", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Arrived today :(", NULL), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (classify (classifier, "Arrived today :-)", NULL), ==, RZ_SENTIMENT_POSITIVE);
  /* A URL is not an emoticon. */
  g_assert_cmpint (classify (classifier, "https://example.org/menu", NULL), ==, RZ_SENTIMENT_NEUTRAL);
}

static void
test_casefolding (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  const char *praise[] = {
    "großartig", "Großartig", "GROẞARTIG", "GROSSARTIG", "grossartig",
    "Ｇｒｏßａｒｔｉｇ",  /* full width, NFKC */
  };
  const char *criticism[] = {
    "enttäuscht", "ENTTÄUSCHT", "enttaeuscht", "Enttäuschend", "ärgerlich",
    "aergerlich", "ÄRGERLICH", "unverschämt", "Unverschaemt",
    /* a decomposed ä: a + U+0308 */
    "entta\xcc\x88uscht",
  };

  for (guint i = 0; i < G_N_ELEMENTS (praise); i++)
    {
      g_test_message ("%s", praise[i]);
      g_assert_cmpint (classify (classifier, praise[i], NULL), ==, RZ_SENTIMENT_POSITIVE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (criticism); i++)
    {
      g_test_message ("%s", criticism[i]);
      g_assert_cmpint (classify (classifier, criticism[i], NULL), ==, RZ_SENTIMENT_CRITICAL);
    }
}

static void
test_empty_and_invalid (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  const char *texts[] = {
    "",
    "   \n\t ",
    "?!?",
    "\xff\xfe gut",
    "gut \xc3",            /* truncated sequence */
    "\xed\xa0\x80",        /* a surrogate */
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(RzClassification) result = rz_classifier_classify (classifier, texts[i], -1);
      g_autofree char *explanation = rz_classification_dup_explanation (result);

      g_assert_cmpint (rz_classification_get_sentiment (result), ==, RZ_SENTIMENT_NEUTRAL);
      g_assert_cmpuint (rz_classification_get_n_terms (result), ==, 0);
      g_assert_nonnull (explanation);
    }

  {
    g_autoptr(RzClassification) result = rz_classifier_classify (classifier, NULL, 0);

    g_assert_cmpint (rz_classification_get_sentiment (result), ==, RZ_SENTIMENT_NEUTRAL);
    g_assert_true (rz_classification_get_is_valid (result));
  }
  {
    g_autoptr(RzClassification) result = rz_classifier_classify (classifier, "\xff", -1);

    g_assert_false (rz_classification_get_is_valid (result));
  }
  {
    /* An embedded NUL within @length is not text. */
    g_autoptr(RzClassification) result = rz_classifier_classify (classifier, "gut\0gut", 7);

    g_assert_false (rz_classification_get_is_valid (result));
    g_assert_cmpint (rz_classification_get_sentiment (result), ==, RZ_SENTIMENT_NEUTRAL);
  }
  {
    /* @length limits the text. */
    g_autoptr(RzClassification) result = rz_classifier_classify (classifier, "gut, nie wieder", 3);

    g_assert_cmpint (rz_classification_get_sentiment (result), ==, RZ_SENTIMENT_POSITIVE);
  }
}

static void
test_long_input (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(RzClassification) first = NULL;
  g_autoptr(RzClassification) second = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *word = NULL;
  gint64 started;

  /* About a megabyte: many sentences and one enormous word. */
  while (text->len < 1000 * 1000)
    g_string_append (text, "Leider war das Brot nicht frisch und die Bedienung unfreundlich. ");
  word = g_strnfill (200 * 1000, 'a');
  g_string_append (text, word);

  started = g_get_monotonic_time ();
  first = rz_classifier_classify (classifier, text->str, text->len);
  g_test_message ("1 MB classified in %.1f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  second = rz_classifier_classify (classifier, text->str, text->len);

  g_assert_cmpint (rz_classification_get_sentiment (first), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpfloat (rz_classification_get_score (first), ==, rz_classification_get_score (second));
  explanation = rz_classification_dup_explanation (first);
  /* The explanation stays short. */
  g_assert_cmpuint (strlen (explanation), <, 400);
  g_assert_true (g_str_has_suffix (explanation, "…"));
}

static void
test_explanation (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  g_autoptr(RzClassification) result = NULL;
  g_autoptr(RzClassification) neutral = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *none = NULL;
  double contribution = 0;

  result = rz_classifier_classify (classifier, "Ich bin enttäuscht, nie wieder.", -1);
  explanation = rz_classification_dup_explanation (result);
  g_assert_cmpstr (explanation, ==, "critical: enttäuscht (−2), nie wieder (−3)");
  g_assert_cmpuint (rz_classification_get_n_terms (result), ==, 2);
  g_assert_cmpstr (rz_classification_get_term (result, 1, &contribution), ==, "nie wieder");
  g_assert_cmpfloat_with_epsilon (contribution, -3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rz_classification_get_score (result), -5.0, 1e-9);
  g_assert_cmpstr (rz_classification_get_language (result), ==, "de");

  /* Negators and intensifiers are shown with the word they changed, as the
   * customer wrote it. */
  g_clear_pointer (&result, rz_classification_unref);
  g_clear_pointer (&explanation, g_free);
  result = rz_classifier_classify (classifier, "Das war NICHT sehr   gut", -1);
  explanation = rz_classification_dup_explanation (result);
  g_assert_cmpstr (explanation, ==, "critical: NICHT sehr gut (−2)");

  neutral = rz_classifier_classify (classifier, "Habt ihr morgen offen?", -1);
  none = rz_classification_dup_explanation (neutral);
  g_assert_cmpstr (none, ==, "neutral: no words of praise or criticism");

  g_assert_cmpstr (rz_sentiment_to_string (RZ_SENTIMENT_CRITICAL), ==, "critical");
  g_assert_cmpstr (rz_sentiment_to_string (RZ_SENTIMENT_POSITIVE), ==, "positive");
  g_assert_cmpstr (rz_sentiment_to_string (RZ_SENTIMENT_NEUTRAL), ==, "neutral");
}

static void
test_language (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  struct {
    const char *text;
    const char *language;
  } cases[] = {
    { "Wir waren mit dem Zimmer und dem Frühstück sehr zufrieden.", "de" },
    { "We were very happy with the room and the breakfast.", "en" },
    { "Das Frühstück war super, and the room was great, die Lage ist top and the staff was nice.", "de+en" },
    { "👍", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RzClassification) result = rz_classifier_classify (classifier, cases[i].text, -1);

      g_assert_cmpstr (rz_classification_get_language (result), ==, cases[i].language);
      g_assert_cmpint (rz_classification_get_sentiment (result), !=, RZ_SENTIMENT_CRITICAL);
    }

  /* False friends: German "Bad" is a bathroom, "Gift" is poison. */
  g_assert_cmpint (classify (classifier, "Das neue Bad ist fertig und wir sind glücklich.", NULL),
                   ==, RZ_SENTIMENT_POSITIVE);
}

static void
test_list_format (void)
{
  struct {
    const char *list;
    gboolean    valid;
  } cases[] = {
    { "# comment\n\n[terms]\ngut\t1\nschlecht*\t-2\nnie wieder\t-3\n", TRUE },
    { "[terms]\r\ngut\t1\r\n[negators]\r\nnicht\r\n", TRUE },
    { "[nonsense]\ngut\t1\n", FALSE },
    { "[terms]\ngut\n", FALSE },
    { "[terms]\ngut\teins\n", FALSE },
    { "[terms]\ngut\t1x\n", FALSE },
    { "[negators]\nnicht\t1\n", FALSE },
    { "[terms]\ng*ut\t1\n", FALSE },
    { "[terms]\n*\t1\n", FALSE },
    { "[terms]\ngut\t1\nGUT\t2\n", FALSE },
    { "[intensifiers]\nsehr\t0.5\n", FALSE },
    { "[diminishers]\netwas\t1.5\n", FALSE },
    { "[terms]\n\xff\t1\n", FALSE },
    { "[terms]\na b c d e f g h i\t1\n", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].list, strlen (cases[i].list));
      g_autoptr(GError) error = NULL;
      g_autoptr(RzClassifier) classifier = rz_classifier_new_from_lists (bytes, NULL, NULL, &error);

      g_test_message ("list %u", i);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_nonnull (classifier);
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_null (classifier);
          /* The message names the list and the line. */
          g_assert_nonnull (strstr (error->message, "de.txt"));
        }
    }

  {
    const char *list = "[terms]\nmist\t-2\nschön*\t2\n[negators]\nnicht\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (list, strlen (list));
    g_autoptr(RzClassifier) classifier = rz_classifier_new_from_lists (bytes, NULL, NULL, NULL);

    g_assert_cmpint (classify (classifier, "So ein Mist", NULL), ==, RZ_SENTIMENT_CRITICAL);
    g_assert_cmpint (classify (classifier, "Wunderschön", NULL), ==, RZ_SENTIMENT_NEUTRAL);
    g_assert_cmpint (classify (classifier, "Schöner Tag", NULL), ==, RZ_SENTIMENT_POSITIVE);
    g_assert_cmpint (classify (classifier, "Schoene Tage", NULL), ==, RZ_SENTIMENT_POSITIVE);
    g_assert_cmpint (classify (classifier, "nicht schön", NULL), ==, RZ_SENTIMENT_CRITICAL);
  }
}

static void
test_deterministic_and_threads (void)
{
  g_autoptr(RzClassifier) classifier = default_classifier ();
  const char *text = "Sehr enttäuscht, aber das Personal war nett 👍";
  g_autoptr(RzClassification) reference = rz_classifier_classify (classifier, text, -1);
  g_autofree char *expected = rz_classification_dup_explanation (reference);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(RzClassification) again = rz_classifier_classify (classifier, text, -1);
      g_autofree char *explanation = rz_classification_dup_explanation (again);

      g_assert_cmpstr (explanation, ==, expected);
    }
}

/* The command line --------------------------------------------------- */

static int
run_cli (const char *input,
         gsize       length,
         gboolean    explain,
         GString    *out,
         GString    *err)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (input, length, NULL);

  return rz_classify_cli (in, out, err, explain);
}

static void
test_cli (void)
{
  static const char input[] =
    "Nie wieder, total enttäuscht!\n"
    "\n"
    "Habt ihr Sonntag offen?\r\n"
    "Bad \xff\xfe line\n"
    "Super lecker 😍\n"
    "nul\0byte\n"
    "no newline at the end, great";
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (input, sizeof input - 1, FALSE, out, err), ==, 0);
  g_assert_cmpstr (out->str, ==,
                   "critical\nneutral\nneutral\nneutral\npositive\nneutral\npositive\n");
  g_assert_nonnull (strstr (err->str, "Line 4 "));
  g_assert_nonnull (strstr (err->str, "Line 6 "));
  g_assert_null (strstr (err->str, "Line 2 "));

  g_string_truncate (out, 0);
  g_string_truncate (err, 0);
  g_assert_cmpint (run_cli (input, sizeof input - 1, TRUE, out, err), ==, 0);
  lines = g_strsplit (out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  g_assert_true (g_str_has_prefix (lines[0], "critical\tcritical: "));
  g_assert_nonnull (strstr (lines[0], "Nie wieder ("));
  g_assert_cmpstr (lines[1], ==, "neutral\tneutral: no words of praise or criticism");
  g_assert_cmpstr (lines[3], ==, "neutral\tneutral: not readable as text");

  /* Empty input, empty output. */
  g_string_truncate (out, 0);
  g_string_truncate (err, 0);
  g_assert_cmpint (run_cli ("", 0, FALSE, out, err), ==, 0);
  g_assert_cmpstr (out->str, ==, "");
  g_assert_cmpstr (err->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  /* The explanations are compared in English. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (held_out_floors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rz/core/classifier/held-out/%s",
                                               held_out_floors[i].language);

      g_test_add_data_func (path, &held_out_floors[i], test_held_out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dev_floors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rz/core/classifier/%s", dev_floors[i].language);

      g_test_add_data_func (path, &dev_floors[i], test_held_out);
    }
  g_test_add_func ("/rz/core/classifier/held-out-size", test_held_out_size);
  g_test_add_func ("/rz/core/classifier/labels", test_basic_labels);
  g_test_add_func ("/rz/core/classifier/negation", test_negation);
  g_test_add_func ("/rz/core/classifier/intensifiers", test_intensifiers);
  g_test_add_func ("/rz/core/classifier/questions", test_questions);
  g_test_add_func ("/rz/core/classifier/contrast-sarcasm", test_contrast_and_sarcasm);
  g_test_add_func ("/rz/core/classifier/emoji", test_emoji);
  g_test_add_func ("/rz/core/classifier/casefolding", test_casefolding);
  g_test_add_func ("/rz/core/classifier/empty-invalid", test_empty_and_invalid);
  g_test_add_func ("/rz/core/classifier/long-input", test_long_input);
  g_test_add_func ("/rz/core/classifier/explanation", test_explanation);
  g_test_add_func ("/rz/core/classifier/language", test_language);
  g_test_add_func ("/rz/core/classifier/list-format", test_list_format);
  g_test_add_func ("/rz/core/classifier/deterministic", test_deterministic_and_threads);
  g_test_add_func ("/rz/core/classifier/cli", test_cli);

  return g_test_run ();
}
