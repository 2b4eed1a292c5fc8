/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "fuzz-common.h"

/* Replays files through a fuzz target without libFuzzer, so that every
 * build (gcc too, and under ASan + UBSan in CI) runs the seed corpora and
 * the inputs of fixed crashes. Arguments are files or directories; output
 * is TAP, one line per input. An argument without any input fails, so that
 * a corpus cannot go missing unnoticed, unless it follows --optional. */

static void
collect (const char  *path,
         GPtrArray   *files,
         GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      collect (g_ptr_array_index (names, i), files, error);
      if (error != NULL && *error != NULL)
        return;
    }
}


int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int failed = 0;

  gboolean optional = FALSE;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      guint before = files->len;

      /* What follows --optional may be missing or empty (regressions/). */
      if (strcmp (argv[i], "--optional") == 0)
        {
          optional = TRUE;
          continue;
        }
      if (optional && !g_file_test (argv[i], G_FILE_TEST_EXISTS))
        continue;

      collect (argv[i], files, &error);
      if (error != NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (files->len == before && !optional)
        {
          g_printerr ("%s: no inputs\n", argv[i]);
          return 1;
        }
    }

  if (files->len == 0)
    {
      g_printerr ("usage: %s FILE|DIRECTORY… [--optional FILE|DIRECTORY…]\n", argv[0]);
      return 1;
    }

  g_print ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree guint8 *exact = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_print ("not ok %u - %s: %s\n", i + 1, path, error->message);
          failed++;
          continue;
        }

      /* A crash, a sanitizer report or a fatal critical ends the process:
       * the test fails with the input's name as the last line printed. */
      g_print ("# %s\n", path);
      /* An exact copy without the NUL g_file_get_contents() adds, as
       * libFuzzer passes it, so that ASan sees reads past the end. */
      exact = g_malloc (MAX (length, 1));
      memcpy (exact, contents, length);
      LLVMFuzzerTestOneInput (exact, length);
      g_print ("ok %u - %s\n", i + 1, path);
    }

  return failed > 0 ? 1 : 0;
}
