/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-catalogue.h"
#include "rz-profile.h"
#include "rz-recommend-cli.h"
#include "rz-recommender.h"

#define EXIT_BAD_INPUT 2
#define EXIT_INTERNAL 1

int
rz_recommend_cli (const char *profile_path,
                  GString    *out,
                  GString    *err)
{
  g_autoptr(RzCatalogue) catalogue = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzRecommendation) recommendation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  gsize length;

  g_return_val_if_fail (out != NULL, EXIT_INTERNAL);
  g_return_val_if_fail (err != NULL, EXIT_INTERNAL);

  if (profile_path == NULL || profile_path[0] == '\0')
    {
      g_string_append_printf (err, "%s\n", _("No profile file given."));
      return EXIT_BAD_INPUT;
    }

  if (!g_file_get_contents (profile_path, &contents, &length, &error))
    {
      /* Translators: the first %s is a file name, the second the reason */
      g_string_append_printf (err, _("Cannot read the profile “%s”: %s"), profile_path, error->message);
      g_string_append_c (err, '\n');
      return EXIT_BAD_INPUT;
    }

  catalogue = rz_catalogue_new_default (&error);
  if (catalogue == NULL)
    {
      g_string_append_printf (err, "%s\n", error->message);
      return EXIT_INTERNAL;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_string_append_printf (err, "%s: %s\n", profile_path, _("The profile is not UTF-8 text."));
      return EXIT_BAD_INPUT;
    }

  profile = rz_profile_new_from_json (contents, length, catalogue, &error);
  if (profile == NULL)
    {
      /* File name first, like a compiler, so editors can jump to it. */
      g_string_append_printf (err, "%s: %s\n", profile_path, error->message);
      return EXIT_BAD_INPUT;
    }

  recommendation = rz_recommend (catalogue, profile);
  json = rz_recommendation_to_json (recommendation);
  g_string_append (out, json);
  return 0;
}
