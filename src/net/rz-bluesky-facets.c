/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-bluesky-facets.h"

#define MAX_TAG_CHARS     64
#define MAX_HANDLE_LENGTH 253

/* Bare domains ("baeckerei.de/brot") become links only with a top-level
 * domain from this list, as in Bluesky's app, so "z.B." or "ca.5" stay
 * text. Links with http:// or https:// need no list. */
static const char * const known_tlds[] = {
  "ag", "app", "art", "at", "au", "bar", "bayern", "be", "berlin", "bio",
  "biz", "blog", "br", "ca", "cafe", "ch", "club", "cn", "co", "com",
  "cz", "de", "design", "dev", "dk", "email", "es", "eu", "events", "fi",
  "fr", "gallery", "gmbh", "hamburg", "info", "io", "it", "jp", "koeln",
  "li", "link", "lu", "me", "media", "net", "news", "nl", "no", "nrw",
  "nz", "online", "org", "page", "photo", "pizza", "pl", "restaurant",
  "ruhr", "ru", "se", "shop", "site", "social", "store", "studio", "tech",
  "tv", "uk", "us", "website", "wien", "xyz",
};

void
rz_bluesky_facet_free (RzBlueskyFacet *facet)
{
  if (facet == NULL)
    return;

  g_free (facet->value);
  g_free (facet);
}

static void
add_facet (GPtrArray          *facets,
           RzBlueskyFacetKind  kind,
           gsize               byte_start,
           gsize               byte_end,
           char               *value)
{
  RzBlueskyFacet *facet = g_new0 (RzBlueskyFacet, 1);

  facet->kind = kind;
  facet->byte_start = byte_start;
  facet->byte_end = byte_end;
  facet->value = value;
  g_ptr_array_add (facets, facet);
}

/* Where a mention, link or tag may start: at the beginning, after a space,
 * an opening bracket or an opening quote („“‚«» as German uses them). */
static gboolean
is_start_boundary (const char *text,
                   const char *p)
{
  gunichar before;

  if (p == text)
    return TRUE;

  before = g_utf8_get_char (g_utf8_prev_char (p));
  return g_unichar_isspace (before) || before == '(' || before == '"' || before == '\'' ||
         before == 0x201E || before == 0x201C || before == 0x201A || before == 0x2018 ||
         before == 0x00AB || before == 0x00BB;
}

/* Zero-width and soft characters end a tag, as in Bluesky's app. */
static gboolean
ends_tag (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00AD || c == 0x2060 || c == 0x200A ||
         c == 0x200B || c == 0x200C || c == 0x200D || c == 0x20E2;
}

static gboolean
is_label (const char *label,
          gsize       len)
{
  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;

  return TRUE;
}

/* atproto.com/specs/handle: ASCII labels separated by dots, at least two,
 * the last one not starting with a digit. */
gboolean
rz_bluesky_is_valid_handle (const char *handle)
{
  const char *label;
  const char *dot;
  guint n_labels = 0;

  if (handle == NULL || strlen (handle) > MAX_HANDLE_LENGTH)
    return FALSE;

  for (label = handle; ; label = dot + 1)
    {
      dot = strchr (label, '.');
      if (!is_label (label, dot != NULL ? (gsize) (dot - label) : strlen (label)))
        return FALSE;
      n_labels++;
      if (dot == NULL)
        break;
    }

  return n_labels >= 2 && !g_ascii_isdigit (label[0]);
}

static gboolean
is_known_tld (const char *domain,
              gsize       len)
{
  const char *tld = domain + len;

  while (tld > domain && tld[-1] != '.')
    tld--;

  for (gsize i = 0; i < G_N_ELEMENTS (known_tlds); i++)
    if (strlen (known_tlds[i]) == (gsize) (domain + len - tld) &&
        g_ascii_strncasecmp (tld, known_tlds[i], domain + len - tld) == 0)
      return TRUE;

  return FALSE;
}

/* "@anna.bsky.social": the handle ends before the first character that
 * cannot be in one; a dot or hyphen at its end is punctuation. */
static const char *
match_mention (const char  *p,
               char       **handle)
{
  const char *start = p + 1;
  const char *end = start;

  while (g_ascii_isalnum (*end) || *end == '.' || *end == '-')
    end++;
  while (end > start && (end[-1] == '.' || end[-1] == '-'))
    end--;

  /* "@anna.test_x" or "@müller.de" are no handles cut short. */
  if (*end == '_' || g_ascii_isalnum (*end) || (((guchar) *end) >= 0x80 && g_unichar_isalnum (g_utf8_get_char (end))))
    return NULL;

  *handle = g_ascii_strdown (start, end - start);
  if (!rz_bluesky_is_valid_handle (*handle))
    {
      g_clear_pointer (handle, g_free);
      return NULL;
    }

  return end;
}

static gboolean
is_trailing_punctuation (gunichar c)
{
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 ||
         c == 0x2019 || c == 0x00AB || c == 0x00BB || c == 0x2026;
}

/* Punctuation after a link belongs to the sentence, and so does a closing
 * bracket the link did not open. */
static const char *
trim_link_end (const char *start,
               const char *end)
{
  for (;;)
    {
      const char *last;
      gunichar c;

      if (end <= start)
        return end;

      last = g_utf8_prev_char (end);
      c = g_utf8_get_char (last);
      if (is_trailing_punctuation (c))
        end = last;
      else if (c == ')' && memchr (start, '(', last - start) == NULL)
        end = last;
      else
        return end;
    }
}

static const char *
skip_to_space (const char *p)
{
  while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

static const char *
match_link (const char  *p,
            char       **uri)
{
  const char *end;

  if (g_ascii_strncasecmp (p, "https://", 8) == 0 || g_ascii_strncasecmp (p, "http://", 7) == 0)
    {
      const char *host = p + (p[4] == 's' || p[4] == 'S' ? 8 : 7);

      end = trim_link_end (p, skip_to_space (p));
      if (end <= host)
        return NULL;

      *uri = g_strndup (p, end - p);
      return end;
    }

  /* A bare domain: letters and digits, labels joined by dots, then
   * anything up to the next space. */
  if (g_ascii_isalpha (*p))
    {
      const char *domain_end = p;
      guint n_dots = 0;

      for (;;)
        {
          const char *label = domain_end;

          while (g_ascii_isalnum (*domain_end) || *domain_end == '-')
            domain_end++;
          if (!is_label (label, domain_end - label))
            return NULL;
          if (domain_end[0] != '.' || !g_ascii_isalnum (domain_end[1]))
            break;
          domain_end++;
          n_dots++;
        }

      if (n_dots == 0 || !is_known_tld (p, domain_end - p))
        return NULL;
      /* "anna@baeckerei.de" is an address, and "datei.de_alt" no domain. */
      if (*domain_end != '\0' && *domain_end != '/' && *domain_end != '?' && *domain_end != '#' &&
          *domain_end != ':' && !g_unichar_isspace (g_utf8_get_char (domain_end)) &&
          !is_trailing_punctuation (g_utf8_get_char (domain_end)) && *domain_end != ')')
        return NULL;

      end = trim_link_end (p, skip_to_space (domain_end));
      if (end < domain_end)
        end = domain_end;
      *uri = g_strdup_printf ("https://%.*s", (int) (end - p), p);
      return end;
    }

  return NULL;
}

static const char *
match_tag (const char  *p,
           char       **tag)
{
  const char *start = g_utf8_next_char (p);
  const char *end = start;
  gunichar first = g_utf8_get_char (start);
  gboolean has_word = FALSE;
  glong n_chars;

  /* "#️⃣" is the keycap emoji, not a tag. */
  if (*start == '\0' || first == 0xFE0F || first == 0x20E3)
    return NULL;

  while (*end != '\0' && !ends_tag (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);
  while (end > start && g_unichar_ispunct (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);
  if (end == start)
    return NULL;

  for (const char *q = start; q < end; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (!g_unichar_isdigit (c) && !g_unichar_ispunct (c))
        has_word = TRUE;
    }
  n_chars = g_utf8_strlen (start, end - start);
  if (!has_word || n_chars > MAX_TAG_CHARS)
    return NULL;

  *tag = g_strndup (start, end - start);
  return end;
}

/**
 * rz_bluesky_facets_detect:
 * @text: the post's text, valid UTF-8
 *
 * Returns: (element-type RzBlueskyFacet): mentions, links and tags in the
 * order they appear. A mention's handle is not resolved here: that needs
 * the network, see rz_bluesky_facets_to_json().
 */
GPtrArray *
rz_bluesky_facets_detect (const char *text)
{
  GPtrArray *facets = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_bluesky_facet_free);
  const char *p = text;

  g_return_val_if_fail (text != NULL, facets);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), facets);

  while (*p != '\0')
    {
      const char *end = NULL;
      char *value = NULL;

      if (is_start_boundary (text, p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == '@' && (end = match_mention (p, &value)) != NULL)
            add_facet (facets, RZ_BLUESKY_FACET_MENTION, p - text, end - text, value);
          else if ((c == '#' || c == 0xFF03) && (end = match_tag (p, &value)) != NULL)
            add_facet (facets, RZ_BLUESKY_FACET_TAG, p - text, end - text, value);
          else if (c != '@' && c != '#' && (end = match_link (p, &value)) != NULL)
            add_facet (facets, RZ_BLUESKY_FACET_LINK, p - text, end - text, value);
        }

      p = end != NULL ? end : g_utf8_next_char (p);
    }

  return facets;
}

/**
 * rz_bluesky_facets_to_json:
 * @facets: (element-type RzBlueskyFacet): from rz_bluesky_facets_detect()
 * @mention_dids: (nullable): lower-case handle → DID; a mention whose
 *   handle is not in it stays plain text
 *
 * Returns: (nullable): the record's "facets" array, or NULL when there is
 * nothing to mark up.
 */
JsonNode *
rz_bluesky_facets_to_json (GPtrArray  *facets,
                           GHashTable *mention_dids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_added = 0;

  g_return_val_if_fail (facets != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < facets->len; i++)
    {
      RzBlueskyFacet *facet = g_ptr_array_index (facets, i);
      const char *did = NULL;

      if (facet->kind == RZ_BLUESKY_FACET_MENTION)
        {
          did = mention_dids != NULL ? g_hash_table_lookup (mention_dids, facet->value) : NULL;
          if (did == NULL)
            continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "byteStart");
      json_builder_add_int_value (builder, (gint64) facet->byte_start);
      json_builder_set_member_name (builder, "byteEnd");
      json_builder_add_int_value (builder, (gint64) facet->byte_end);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "features");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "$type");
      switch (facet->kind)
        {
        case RZ_BLUESKY_FACET_MENTION:
          json_builder_add_string_value (builder, "app.bsky.richtext.facet#mention");
          json_builder_set_member_name (builder, "did");
          json_builder_add_string_value (builder, did);
          break;

        case RZ_BLUESKY_FACET_LINK:
          json_builder_add_string_value (builder, "app.bsky.richtext.facet#link");
          json_builder_set_member_name (builder, "uri");
          json_builder_add_string_value (builder, facet->value);
          break;

        case RZ_BLUESKY_FACET_TAG:
          json_builder_add_string_value (builder, "app.bsky.richtext.facet#tag");
          json_builder_set_member_name (builder, "tag");
          json_builder_add_string_value (builder, facet->value);
          break;

        default:
          g_assert_not_reached ();
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      n_added++;
    }
  json_builder_end_array (builder);

  return n_added > 0 ? json_builder_get_root (builder) : NULL;
}
