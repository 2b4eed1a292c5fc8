/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "rz-reply-check.h"

static const char template_de[] =
  "Hallo {name},\n"
  "vielen Dank für Ihre Nachricht. Es tut uns sehr leid, dass Sie mit unserem "
  "Service nicht zufrieden waren. Wir nehmen Ihre Kritik ernst und sprechen "
  "mit dem Team darüber. Bitte melden Sie sich telefonisch bei uns, damit wir "
  "eine Lösung finden können.\n"
  "Viele Grüße\n"
  "Ihr Team der Bäckerei Sonnenschein";

static const char template_en[] =
  "Hi [Name], thank you so much for your kind words! We are really happy that "
  "you enjoyed your stay with us and we hope to welcome you back soon. "
  "Best regards, the team at Hotel Seeblick";

static RzReplyCheck *
new_check (void)
{
  RzReplyCheck *check = rz_reply_check_new ();

  rz_reply_check_add_template (check, template_de);
  rz_reply_check_add_template (check, template_en);
  rz_reply_check_add_sent (check,
                           "Liebe Frau Schulz, das Rezept für den Zwetschgenkuchen "
                           "verraten wir leider nicht, aber Sie bekommen ihn jeden "
                           "Samstag frisch bei uns. LG Anna");
  return check;
}

static void
test_normalize (void)
{
  struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "Hallo {name},\nDanke für Ihre Nachricht!  Wir   melden uns.\nViele Grüße\nIhr Team",
      "danke für ihre nachricht wir melden uns" },
    { "Dear %s, WE'RE sorry — the oven broke.\n\nKind regards, Tom",
      "we're sorry the oven broke" },
    { "Hi {{first_name}} <Nachname>, thanks [Name]!", "thanks" },
    { "Hey Anna thanks for the photo of the cake", "anna thanks for the photo of the cake" },
    { "Die Straße ist GESPERRT.", "die strasse ist gesperrt" },
    { "", "" },
    { "Kaputtes \xff UTF-8", "kaputtes utf #" },
    { "Bestellung 4711 ist am 12.3. um 14:30 fertig", "bestellung # ist am # # um # # fertig" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = rz_reply_check_normalize (cases[i].text);

      g_assert_cmpstr (normal, ==, cases[i].expected);
    }
}

static void
test_must_trigger (void)
{
  g_autoptr(RzReplyCheck) check = new_check ();
  struct {
    const char   *reply;
    RzReplyIssue  expected;
    const char   *source;
  } cases[] = {
    /* The template with the placeholder filled in and another greeting and
     * closing. */
    { "Guten Tag Herr Krause,\n"
      "vielen Dank für Ihre Nachricht. Es tut uns sehr leid, dass Sie mit unserem "
      "Service nicht zufrieden waren. Wir nehmen Ihre Kritik ernst und sprechen "
      "mit dem Team darüber. Bitte melden Sie sich telefonisch bei uns, damit wir "
      "eine Lösung finden können.\n"
      "Beste Grüße, Anna",
      RZ_REPLY_ISSUE_LIKE_TEMPLATE, template_de },
    /* Case, spacing and punctuation do not make it personal. */
    { "VIELEN DANK für Ihre Nachricht!!! Es tut uns sehr leid dass Sie mit unserem "
      "Service nicht zufrieden waren – wir nehmen Ihre Kritik ernst und sprechen "
      "mit dem Team darüber; bitte melden Sie sich telefonisch bei uns damit wir "
      "eine Lösung finden können",
      RZ_REPLY_ISSUE_LIKE_TEMPLATE, template_de },
    /* One word changed in a long text. */
    { "Hi Sarah, thank you so much for your kind words! We are really glad that "
      "you enjoyed your stay with us and we hope to welcome you back soon.",
      RZ_REPLY_ISSUE_LIKE_TEMPLATE, template_en },
    /* A reply sent before, again, to someone else. */
    { "Lieber Herr Brandt, das Rezept für den Zwetschgenkuchen verraten wir "
      "leider nicht, aber Sie bekommen ihn jeden Samstag frisch bei uns. "
      "Liebe Grüße, Anna",
      RZ_REPLY_ISSUE_LIKE_SENT, NULL },
    /* Very short and generic replies. */
    { "Danke!", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Danke schön 👍", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Thanks for your feedback", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Thank you for your feedback, we'll look into it.", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Hallo Anna, vielen Dank für Ihr Feedback! Viele Grüße", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Danke für den Hinweis, wir kümmern uns darum.", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "Gerne wieder!", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "ok", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "", RZ_REPLY_ISSUE_GENERIC, NULL },
    { "{name}", RZ_REPLY_ISSUE_GENERIC, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *similar = NULL;
      double similarity = -1;
      RzReplyIssue issue;

      issue = rz_reply_check_run (check, cases[i].reply, &similarity, &similar);
      g_test_message ("case %u: similarity %.2f", i, similarity);
      g_assert_cmpint (issue, ==, cases[i].expected);
      g_assert_nonnull (rz_reply_issue_get_message (issue));
      if (cases[i].expected == RZ_REPLY_ISSUE_GENERIC)
        g_assert_null (similar);
      else
        {
          g_assert_cmpfloat (similarity, >=, RZ_REPLY_CHECK_THRESHOLD);
          g_assert_nonnull (similar);
          if (cases[i].source != NULL)
            g_assert_cmpstr (similar, ==, cases[i].source);
        }
    }
}

static void
test_must_not_trigger (void)
{
  g_autoptr(RzReplyCheck) check = new_check ();
  const char *replies[] = {
    /* Started from the template, with enough own words. */
    "Hallo Herr Krause,\n"
    "vielen Dank für Ihre Nachricht. Es tut uns sehr leid, dass die Brötchen am "
    "Samstag nicht durchgebacken waren. Der Ofen in der Filiale am Markt hatte "
    "einen Defekt, der inzwischen repariert ist. Wir nehmen Ihre Kritik ernst und "
    "sprechen mit dem Team darüber. Bitte melden Sie sich telefonisch bei uns, "
    "damit wir eine Lösung finden können.\n"
    "Viele Grüße, Anna",
    "Hi Sarah, thank you so much for your kind words! We are really happy that "
    "you and the kids enjoyed the pool and the pancakes, and that Leo finally "
    "learned to swim. We hope to welcome you back soon.",
    /* Entirely different, and short but specific. */
    "Das Brot gibt es ab Montag wieder in der Filiale am Bahnhof.",
    "Danke, Herr Krause, ab Montag wieder!",
    "Thanks Tom, the boiler part arrives on Friday.",
    "Ja, wir haben am Ostermontag von 8 bis 12 Uhr geöffnet.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autofree char *similar = NULL;
      double similarity = -1;
      RzReplyIssue issue;

      issue = rz_reply_check_run (check, replies[i], &similarity, &similar);
      g_test_message ("reply %u: similarity %.2f", i, similarity);
      g_assert_cmpint (issue, ==, RZ_REPLY_ISSUE_NONE);
      g_assert_null (similar);
      g_assert_cmpfloat (similarity, <, RZ_REPLY_CHECK_THRESHOLD);
      g_assert_cmpfloat (similarity, >=, 0.0);
      g_assert_null (rz_reply_issue_get_message (issue));
    }
}

static void
test_empty_corpus (void)
{
  g_autoptr(RzReplyCheck) check = rz_reply_check_new ();
  double similarity = -1;

  g_assert_cmpint (rz_reply_check_run (check, template_de, &similarity, NULL), ==, RZ_REPLY_ISSUE_NONE);
  g_assert_cmpfloat (similarity, ==, 0.0);

  /* Texts without words are not remembered. */
  rz_reply_check_add_sent (check, "{name} 👍");
  g_assert_cmpuint (rz_reply_check_get_n_texts (check), ==, 0);
  rz_reply_check_add_sent (check, template_de);
  g_assert_cmpuint (rz_reply_check_get_n_texts (check), ==, 1);
  g_assert_cmpint (rz_reply_check_run (check, template_de, &similarity, NULL), ==, RZ_REPLY_ISSUE_LIKE_SENT);
  g_assert_cmpfloat (similarity, ==, 1.0);
}

static void
test_many_sent (void)
{
  g_autoptr(RzReplyCheck) check = rz_reply_check_new ();
  g_autofree char *similar = NULL;
  gint64 started;

  /* A year of replies stays quick to check; numbers are like names. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Danke für Ihre Bestellung Nummer %u, sie ist am %u. "
                                               "fertig und liegt in der Filiale %u für Sie bereit.",
                                               i, i % 28 + 1, i % 7);

      rz_reply_check_add_sent (check, text);
    }
  started = g_get_monotonic_time ();
  g_assert_cmpint (rz_reply_check_run (check, "Danke für Ihre Bestellung Nummer 4711, sie ist am 3. "
                                       "fertig und liegt in der Filiale 2 für Sie bereit.", NULL, &similar),
                   ==, RZ_REPLY_ISSUE_LIKE_SENT);
  g_test_message ("checked against 5000 replies in %.1f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_nonnull (similar);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/reply-check/normalize", test_normalize);
  g_test_add_func ("/rz/core/reply-check/must-trigger", test_must_trigger);
  g_test_add_func ("/rz/core/reply-check/must-not-trigger", test_must_not_trigger);
  g_test_add_func ("/rz/core/reply-check/empty-corpus", test_empty_corpus);
  g_test_add_func ("/rz/core/reply-check/many-sent", test_many_sent);

  return g_test_run ();
}
