/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rz-guideline-pdf.h"
#include "rz-guidelines.h"
#include "rz-plan.h"
#include "rz-profile.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rz-pdf-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
bakery_guideline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (&error);
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  gsize length;
  const char *ids[] = { "google-business-profile", "instagram", NULL };

  g_assert_no_error (error);
  path = g_test_build_filename (G_TEST_DIST, "data", "personas", "bakery.json", NULL);
  g_file_get_contents (path, &json, &length, &error);
  g_assert_no_error (error);
  profile = rz_profile_new_from_json (json, (gssize) length, catalogue, &error);
  g_assert_no_error (error);

  plan = rz_plan_new_for_profile (profile, catalogue, ids);
  rz_plan_entry_set_responsible (rz_plan_get_entry (plan, 0), "Anna");
  rz_plan_entry_set_stand_in (rz_plan_get_entry (plan, 0), "Ben");
  return rz_guidelines_generate (profile, plan);
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  if (!rz_guideline_pdf_export_finish (result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Exports on the worker and waits; returns the path written. */
static char *
export_and_wait (Fixture    *fixture,
                 const char *markdown,
                 const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  rz_guideline_pdf_export_async (markdown, file, NULL, export_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The callback marks success with this sentinel. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  return g_steal_pointer (&path);
}

/* The text of the PDF as poppler sees it, lines joined with spaces and
 * pages separated by \f. */
static char *
pdf_to_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  if (error != NULL)
    g_error ("pdftotext is needed to check the PDF (package poppler-utils): %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Wrapped lines become spaces, so phrases are found across lines. */
  g_strdelimit (out, "\n", ' ');
  return g_steal_pointer (&out);
}

static guint
count_pages (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\f';
  return n;
}

static void
test_export_bakery (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *markdown = bakery_guideline ();
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  path = export_and_wait (fixture, markdown, "guideline.pdf");
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  text = pdf_to_text (path);
  g_test_message ("%s", text);
  /* The heading, without the Markdown around it. */
  g_assert_nonnull (strstr (text, "Social media guideline of Bäckerei Sonnenschein"));
  g_assert_null (strstr (text, "# "));
  g_assert_null (strstr (text, "**"));
  g_assert_nonnull (strstr (text, "Our channels"));
  g_assert_nonnull (strstr (text, "Google Business Profile"));
  g_assert_nonnull (strstr (text, "Responsible: Anna"));
  /* List items get bullets, the page a number. */
  g_assert_nonnull (strstr (text, "•"));
  g_assert_cmpuint (count_pages (text), >=, 1);
}

static void
test_long_document_breaks_pages (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GString) markdown = g_string_new ("# Long\n\n");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char *last;

  for (guint i = 1; i <= 150; i++)
    g_string_append_printf (markdown, "- Item number %u with *some* text\n", i);
  g_string_append (markdown, "\n## The End\n\nFinal paragraph.\n");

  path = export_and_wait (fixture, markdown->str, "long.pdf");
  text = pdf_to_text (path);

  g_assert_cmpuint (count_pages (text), >=, 3);
  g_assert_nonnull (strstr (text, "Item number 1 with some text"));
  last = strstr (text, "Item number 150 with some text");
  g_assert_nonnull (last);
  g_assert_nonnull (strstr (last, "The End"));
  g_assert_nonnull (strstr (last, "Final paragraph."));
}

static void
test_export_to_missing_dir_fails (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "x.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  rz_guideline_pdf_export_async ("# Title\n", file, NULL, export_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_render_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rz_guideline_pdf_render ("", &error);
  gsize length;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (length, >, 4);
  g_assert_true (memcmp (data, "%PDF", 4) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rz/guideline-pdf/export-bakery", Fixture, NULL,
              fixture_set_up, test_export_bakery, fixture_tear_down);
  g_test_add ("/rz/guideline-pdf/long-document-breaks-pages", Fixture, NULL,
              fixture_set_up, test_long_document_breaks_pages, fixture_tear_down);
  g_test_add ("/rz/guideline-pdf/export-to-missing-dir-fails", Fixture, NULL,
              fixture_set_up, test_export_to_missing_dir_fails, fixture_tear_down);
  g_test_add_func ("/rz/guideline-pdf/render-empty", test_render_empty);

  return g_test_run ();
}
