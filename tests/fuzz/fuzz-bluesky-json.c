/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define RZ_FUZZ_COMMENTS
#include "fuzz-common.h"
#include "rz-bluesky-json.h"

/* An AT Protocol answer (session, notifications, thread, posts, profile,
 * record refs, blobs) through every parser, then what the client derives
 * from the results: post addresses, JWT claims, the stored session and a
 * reply record built on a parsed post. */

#define SINCE_US (G_GINT64_CONSTANT (1795598870) * G_USEC_PER_SEC)

static void
touch_comments (GPtrArray *comments)
{
  if (comments == NULL)
    return;
  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);
      const char *url = rz_comment_get_url (comment);

      g_assert (rz_bluesky_parse_at_uri (rz_comment_get_remote_id (comment), NULL, NULL, NULL));
      fuzz_assert_comment (comment);
      g_assert (rz_comment_get_author (comment) != NULL);
      g_assert (rz_comment_get_author_handle (comment)[0] == '@');
      g_assert (url == NULL || g_str_has_prefix (url, "https://bsky.app/profile/"));
    }
}

static void
fuzz_session (JsonNode *node)
{
  g_autoptr(RzBlueskySession) session = rz_bluesky_json_parse_session (node, NULL);
  g_autoptr(RzBlueskySession) copy = NULL;
  g_autoptr(RzBlueskySession) restored = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *service = NULL;
  g_autofree char *scope = NULL;

  if (session == NULL)
    return;

  (void) rz_bluesky_jwt_get_expiry (session->access_jwt);
  (void) rz_bluesky_jwt_get_expiry (session->refresh_jwt);
  scope = rz_bluesky_jwt_dup_scope (session->access_jwt);

  /* What the keyring keeps comes back as it went in. */
  copy = rz_bluesky_session_copy (session);
  secret = rz_bluesky_session_to_secret (copy, "https://bsky.social");
  restored = rz_bluesky_session_from_secret (secret, &service);
  g_assert (restored != NULL);
  g_assert_cmpstr (restored->did, ==, session->did);
  g_assert_cmpstr (restored->refresh_jwt, ==, session->refresh_jwt);
  g_assert_cmpstr (service, ==, "https://bsky.social");
}

static void
fuzz_posts (JsonNode *node)
{
  g_autoptr(GPtrArray) refs = rz_bluesky_json_parse_posts (node, NULL);
  g_autofree char *media_id = NULL;

  if (refs == NULL || refs->len == 0)
    return;

  media_id = rz_bluesky_json_media_id_from_blob (node, "Alt", NULL);
  for (guint i = 0; i < refs->len; i++)
    {
      RzBlueskyPostRef *ref = g_ptr_array_index (refs, i);
      g_autoptr(JsonNode) record = NULL;
      const char *media_ids[] = { media_id, NULL };

      g_assert (ref->uri != NULL && ref->cid != NULL && ref->root_uri != NULL && ref->root_cid != NULL);
      fuzz_assert_text (ref->text);
      fuzz_assert_text (ref->author_did);
      record = rz_bluesky_json_build_post ("Danke!", "2026-11-25T10:00:00.000Z", NULL, ref,
                                           media_id != NULL ? media_ids : NULL, NULL);
      if (record != NULL)
        g_free (json_to_string (record, FALSE));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(GArray) indexed = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *cid = NULL;
  g_autofree char *did = NULL;
  g_autofree char *media_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *service = NULL;
  g_autoptr(RzBlueskySession) secret_session = NULL;
  RzRemoteAccount *profile;
  gboolean reached = FALSE;

  fuzz_init ();

  /* The input as a stored secret and as a JWT: both are strings that came
   * from the server once. */
  text = fuzz_dup_string (data, size);
  secret_session = rz_bluesky_session_from_secret (text, &service);
  (void) rz_bluesky_jwt_get_expiry (text);
  g_free (rz_bluesky_jwt_dup_scope (text));
  g_free (rz_bluesky_post_url (text, "cafe.bsky.social"));

  node = fuzz_parse_json (data, size);
  if (node == NULL)
    return 0;

  fuzz_session (node);

  notifications = rz_bluesky_json_parse_notifications (node, SINCE_US, &newest, &cursor, &reached,
                                                       &indexed, NULL);
  touch_comments (notifications);
  if (notifications != NULL)
    g_assert_cmpuint (indexed->len, ==, notifications->len);
  all = rz_bluesky_json_parse_notifications (node, 0, NULL, NULL, NULL, NULL, NULL);
  touch_comments (all);

  thread = rz_bluesky_json_parse_thread (node, NULL);
  touch_comments (thread);

  fuzz_posts (node);

  profile = rz_bluesky_json_parse_profile (node, NULL);
  if (profile != NULL)
    {
      fuzz_assert_text (profile->id);
      fuzz_assert_text (profile->handle);
      fuzz_assert_text (profile->display_name);
      fuzz_assert_text (profile->url);
      rz_remote_account_free (profile);
    }

  if (rz_bluesky_json_parse_record_ref (node, &uri, &cid, NULL))
    g_assert (uri != NULL);
  did = rz_bluesky_json_parse_did (node, NULL);
  media_id = rz_bluesky_json_media_id_from_blob (node, NULL, NULL);
  if (media_id != NULL)
    {
      const char *media_ids[] = { media_id, NULL };
      g_autoptr(JsonNode) record = rz_bluesky_json_build_post ("Bild", "2026-11-25T10:00:00.000Z",
                                                               NULL, NULL, media_ids, NULL);

      g_assert (record != NULL);
    }

  return 0;
}
