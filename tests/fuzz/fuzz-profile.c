/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-catalogue.h"
#include "rz-profile.h"
#include "rz-recommender.h"

/* The profile file of `resonanz --recommend FILE`, read the way
 * rz_recommend_cli() reads it (without the file): UTF-8 check, profile,
 * recommendation, JSON out. A profile that was read must write itself
 * back and read back the same. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RzCatalogue *catalogue;
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzProfile) again = NULL;
  g_autoptr(RzRecommendation) recommendation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autofree char *output = NULL;

  fuzz_init ();

  if (catalogue == NULL)
    {
      catalogue = rz_catalogue_new_default (&error);
      g_assert_no_error (error);
    }

  if (!g_utf8_validate ((const char *) data, (gssize) size, NULL))
    return 0;

  profile = rz_profile_new_from_json ((const char *) data, (gssize) size, catalogue, &error);
  if (profile == NULL)
    {
      /* The message reaches the terminal: it must be text. */
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  recommendation = rz_recommend (catalogue, profile);
  output = rz_recommendation_to_json (recommendation);
  g_assert (output != NULL && g_utf8_validate (output, -1, NULL));

  json = rz_profile_to_json (profile);
  again = rz_profile_new_from_json (json, -1, catalogue, &error);
  g_assert_no_error (error);
  json_again = rz_profile_to_json (again);
  g_assert_cmpstr (json, ==, json_again);

  return 0;
}
