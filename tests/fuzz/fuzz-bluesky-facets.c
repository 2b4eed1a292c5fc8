/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "rz-bluesky-facets.h"

/* Rich text detection on any text: facets must lie inside the text, in
 * order, on character boundaries, and cover what they name. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) facets = NULL;
  g_autoptr(GHashTable) dids = NULL;
  g_autoptr(JsonNode) json = NULL;
  gsize length;
  gsize previous_end = 0;

  fuzz_init ();

  text = fuzz_dup_utf8 (data, size);
  length = strlen (text);
  facets = rz_bluesky_facets_detect (text);
  dids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < facets->len; i++)
    {
      RzBlueskyFacet *facet = g_ptr_array_index (facets, i);

      g_assert_cmpuint (facet->byte_start, <, facet->byte_end);
      g_assert_cmpuint (facet->byte_end, <=, length);
      g_assert_cmpuint (facet->byte_start, >=, previous_end);
      g_assert (g_utf8_validate (text + facet->byte_start, facet->byte_end - facet->byte_start, NULL));
      g_assert (facet->value != NULL && g_utf8_validate (facet->value, -1, NULL));
      previous_end = facet->byte_end;

      if (facet->kind == RZ_BLUESKY_FACET_MENTION)
        {
          g_assert (rz_bluesky_is_valid_handle (facet->value));
          g_hash_table_replace (dids, g_strdup (facet->value), g_strdup ("did:plc:fuzz"));
        }
    }

  json = rz_bluesky_facets_to_json (facets, dids);
  if (json != NULL)
    g_free (json_to_string (json, FALSE));

  (void) rz_bluesky_is_valid_handle (text);
  return 0;
}
