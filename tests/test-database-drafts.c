/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-draft-post.h"

/* Drafts must come back exactly as saved, and the outbox must never lose
 * a post or send one twice. */

static RzDatabase *
open_default (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  return db;
}

static RzDatabase *
reopen (RzDatabase *db)
{
  g_object_unref (db);
  return open_default ();
}

static gint64
query_int64 (RzDatabase *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static RzDraft *
new_draft (RzDatabase *db,
           const char *core_text)
{
  g_autoptr(GError) error = NULL;
  RzDraft *draft = rz_draft_new ();

  rz_draft_set_core_text (draft, core_text);
  rz_draft_set_message_type (draft, "news-and-offers");
  rz_draft_add_channel (draft, "mastodon");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rz_draft_get_id (draft), >, 0);
  return draft;
}

static gint64
add_account (RzDatabase *db,
             const char *channel,
             const char *handle)
{
  g_autoptr(GError) error = NULL;
  gint64 id = rz_database_add_account (db, channel, handle, "https://social.example", handle, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_save_and_load (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(RzDraft) loaded = NULL;
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autoptr(GError) error = NULL;
  RzDraftVariant *variant;
  RzDraftImage *image;
  char *uuid;

  rz_draft_set_core_text (draft, "Ab Samstag gibt es wieder Kürbiskernbrötchen 🎃");
  rz_draft_set_message_type (draft, "news-and-offers");
  rz_draft_add_channel (draft, "mastodon");
  rz_draft_add_channel (draft, "instagram");
  rz_draft_set_variant_text (draft, "instagram", "Sie sind zurück! 🎃 #handwerk");
  rz_draft_add_image (draft, png, "image/png", "brötchen.png");
  rz_draft_set_image_alt_text (draft, 0, "Ein Korb mit Kürbiskernbrötchen");
  uuid = rz_draft_get_image (draft, 0)->uuid;

  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rz_draft_get_id (draft), >, 0);
  g_assert_cmpint (rz_draft_get_updated_at (draft), >, 0);
  g_assert_cmpint (rz_draft_lookup_variant (draft, "instagram")->id, >, 0);
  g_assert_cmpint (rz_draft_get_image (draft, 0)->id, >, 0);

  db = reopen (db);
  loaded = rz_database_load_draft (db, rz_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_draft_get_core_text (loaded), ==, "Ab Samstag gibt es wieder Kürbiskernbrötchen 🎃");
  g_assert_cmpstr (rz_draft_get_message_type (loaded), ==, "news-and-offers");
  g_assert_cmpuint (rz_draft_get_n_variants (loaded), ==, 2);
  variant = rz_draft_get_variant (loaded, 0);
  g_assert_cmpstr (variant->channel, ==, "mastodon");
  g_assert_false (variant->customized);
  variant = rz_draft_lookup_variant (loaded, "instagram");
  g_assert_true (variant->customized);
  g_assert_cmpstr (variant->text, ==, "Sie sind zurück! 🎃 #handwerk");

  g_assert_cmpuint (rz_draft_get_n_images (loaded), ==, 1);
  image = rz_draft_get_image (loaded, 0);
  g_assert_cmpstr (image->uuid, ==, uuid);
  g_assert_cmpstr (image->alt_text, ==, "Ein Korb mit Kürbiskernbrötchen");
  g_assert_cmpstr (image->content_type, ==, "image/png");
  g_assert_cmpstr (image->filename, ==, "brötchen.png");
  g_assert_true (g_bytes_equal (image->data, png));

  /* A variant that follows the core text keeps following it. */
  rz_draft_set_core_text (loaded, "Ab Sonntag!");
  g_assert_cmpstr (rz_draft_lookup_variant (loaded, "mastodon")->text, ==, "Ab Sonntag!");
  g_assert_cmpstr (rz_draft_lookup_variant (loaded, "instagram")->text, ==, "Sie sind zurück! 🎃 #handwerk");

  rz_database_load_draft (db, 4242, &error);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

static void
test_save_removes_and_updates (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = NULL;
  g_autoptr(RzDraft) loaded = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GBytes) one = g_bytes_new_static ("one", 3);
  g_autoptr(GBytes) two = g_bytes_new_static ("two", 3);
  g_autoptr(GError) error = NULL;
  RzDraft *from_list;

  draft = new_draft (db, "Erster Text");
  rz_draft_add_channel (draft, "bluesky");
  rz_draft_add_image (draft, one, "image/jpeg", NULL);
  rz_draft_add_image (draft, two, "image/jpeg", NULL);
  rz_draft_set_image_alt_text (draft, 0, "Eins");
  rz_draft_set_image_alt_text (draft, 1, "Zwei");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);

  /* Fewer channels and images, a new order, a changed description. */
  rz_draft_remove_channel (draft, "mastodon");
  rz_draft_remove_image (draft, 0);
  rz_draft_set_image_alt_text (draft, 0, "Zwei, neu beschrieben");
  rz_draft_set_core_text (draft, "Zweiter Text");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM draft_variants"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM draft_images"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM drafts"), ==, 1);

  loaded = rz_database_load_draft (db, rz_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_draft_get_core_text (loaded), ==, "Zweiter Text");
  g_assert_cmpuint (rz_draft_get_n_variants (loaded), ==, 1);
  g_assert_cmpstr (rz_draft_get_variant (loaded, 0)->text, ==, "Zweiter Text");
  g_assert_cmpuint (rz_draft_get_n_images (loaded), ==, 1);
  g_assert_cmpstr (rz_draft_get_image (loaded, 0)->alt_text, ==, "Zwei, neu beschrieben");
  g_assert_true (g_bytes_equal (rz_draft_get_image (loaded, 0)->data, two));

  /* A listed draft has its image descriptions but not the bytes, and
   * saving it keeps the bytes. */
  listed = rz_database_list_drafts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  from_list = listed->pdata[0];
  g_assert_cmpuint (rz_draft_get_n_images (from_list), ==, 1);
  g_assert_null (rz_draft_get_image (from_list, 0)->data);
  rz_draft_set_core_text (from_list, "Dritter Text");
  g_assert_true (rz_database_save_draft (db, from_list, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT length (data) FROM draft_images"), ==, 3);
}

static void
test_list_order_and_status (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) older = NULL;
  g_autoptr(RzDraft) newer = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db, "mastodon", "@laden");
  gint64 later = g_get_real_time () / G_USEC_PER_SEC + 3600;

  older = new_draft (db, "Älterer Entwurf");
  newer = new_draft (db, "Neuerer Entwurf");
  g_assert_cmpint (sqlite3_exec (rz_database_get_handle (db),
                                 "UPDATE drafts SET updated_at = 100 WHERE core_text = 'Älterer Entwurf'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  posts = rz_database_enqueue_posts (db, rz_draft_get_id (older), &account, 1, later, &error);
  g_assert_no_error (error);

  drafts = rz_database_list_drafts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (rz_draft_get_core_text (drafts->pdata[0]), ==, "Neuerer Entwurf");
  g_assert_cmpint (rz_draft_get_status (drafts->pdata[0]), ==, RZ_DRAFT_STATUS_DRAFT);
  g_assert_cmpuint (rz_draft_get_n_variants (drafts->pdata[0]), ==, 1);
  g_assert_cmpstr (rz_draft_get_core_text (drafts->pdata[1]), ==, "Älterer Entwurf");
  g_assert_cmpint (rz_draft_get_status (drafts->pdata[1]), ==, RZ_DRAFT_STATUS_SCHEDULED);
  g_assert_cmpint (rz_draft_get_next_scheduled_at (drafts->pdata[1]), ==, later);
}

static void
test_delete_and_restore (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = NULL;
  g_autoptr(RzDraft) full = NULL;
  g_autoptr(RzDraft) restored = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("jpeg", 4);
  g_autoptr(GError) error = NULL;
  gint64 id;

  draft = new_draft (db, "Wird gelöscht und kommt zurück");
  rz_draft_add_image (draft, data, "image/jpeg", NULL);
  rz_draft_set_image_alt_text (draft, 0, "Bild");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  id = rz_draft_get_id (draft);

  /* The page keeps the whole draft for "Undo". */
  full = rz_database_load_draft (db, id, &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_delete_draft (db, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM draft_images"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM draft_variants"), ==, 0);

  /* An autosave still on its way must not bring it back. */
  rz_draft_set_core_text (draft, "Noch getippt");
  g_assert_false (rz_database_save_draft (db, draft, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM drafts"), ==, 0);
  g_assert_false (rz_database_delete_draft (db, id, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (rz_database_restore_draft (db, full, &error));
  g_assert_no_error (error);
  restored = rz_database_load_draft (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_draft_get_core_text (restored), ==, "Wird gelöscht und kommt zurück");
  g_assert_cmpuint (rz_draft_get_n_variants (restored), ==, 1);
  g_assert_cmpuint (rz_draft_get_n_images (restored), ==, 1);
  g_assert_true (g_bytes_equal (rz_draft_get_image (restored, 0)->data, data));
}

static void
test_search (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) one = new_draft (db, "Sonntagsbrötchen ab 7 Uhr");
  g_autoptr(RzDraft) two = new_draft (db, "Wir suchen Azubis");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(RzDraftPost) manual = NULL;
  g_autoptr(GError) error = NULL;

  /* Accents do not matter, words match as prefixes. */
  found = rz_database_search_drafts (db, "sonntagsbrotchen", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (rz_draft_get_id (found->pdata[0]), ==, rz_draft_get_id (one));
  g_clear_pointer (&found, g_ptr_array_unref);

  rz_draft_set_core_text (two, "Wir suchen Azubis für die Backstube");
  g_assert_true (rz_database_save_draft (db, two, &error));
  found = rz_database_search_drafts (db, "Backst", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* FTS5 syntax is plain text. */
  none = rz_database_search_drafts (db, "\"AND (NEAR", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* Posts are searched by what went out. */
  manual = rz_database_add_manual_post (db, rz_draft_get_id (one), "mastodon", NULL, &error);
  g_assert_no_error (error);
  posts = rz_database_search_posts (db, "sonntagsbrot", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (((RzDraftPost *) posts->pdata[0])->id, ==, manual->id);

  /* …and stay searchable after the draft is gone. */
  g_assert_true (rz_database_delete_draft (db, rz_draft_get_id (one), &error));
  g_clear_pointer (&posts, g_ptr_array_unref);
  posts = rz_database_search_posts (db, "sonntagsbrot", 10, &error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (((RzDraftPost *) posts->pdata[0])->draft_id, ==, 0);
  history = rz_database_list_post_history (db, "mastodon", 0, &error);
  g_assert_cmpuint (history->len, ==, 1);
}

static RzDraftPost *
find_post (GPtrArray *posts,
           gint64     account_id)
{
  for (guint i = 0; i < posts->len; i++)
    if (((RzDraftPost *) posts->pdata[i])->account_id == account_id)
      return posts->pdata[i];
  return NULL;
}

static void
test_outbox_states (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = new_draft (db, "Frische Brezeln");
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) retried = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 accounts[2];
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  RzDraftPost *post_a;
  RzDraftPost *post_b;
  guint n = 0;

  accounts[0] = add_account (db, "mastodon", "@laden");
  accounts[1] = add_account (db, "mastodon", "@filiale");

  queued = rz_database_enqueue_posts (db, rz_draft_get_id (draft), accounts, 2, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 2);
  post_a = find_post (queued, accounts[0]);
  post_b = find_post (queued, accounts[1]);
  g_assert_cmpint (post_a->state, ==, RZ_DRAFT_POST_QUEUED);
  g_assert_cmpstr (post_a->text, ==, "Frische Brezeln");
  g_assert_cmpstr (post_a->channel, ==, "mastodon");
  g_assert_nonnull (post_a->idempotency_key);
  g_assert_cmpstr (post_a->idempotency_key, !=, post_b->idempotency_key);
  key_a = g_strdup (post_a->idempotency_key);
  key_b = g_strdup (post_b->idempotency_key);

  /* Pressing "Post" twice queues nothing new. */
  again = rz_database_enqueue_posts (db, rz_draft_get_id (draft), accounts, 2, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_post (again, accounts[0])->idempotency_key, ==, key_a);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM posts"), ==, 2);

  /* Claiming marks them as sending before anything goes out. */
  claimed = rz_database_claim_due_posts (db, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 2);
  g_assert_cmpint (((RzDraftPost *) claimed->pdata[0])->state, ==, RZ_DRAFT_POST_SENDING);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM posts WHERE state = 'sending'"), ==, 2);
  nothing = rz_database_claim_due_posts (db, now, &error);
  g_assert_cmpuint (nothing->len, ==, 0);

  /* One goes out, one fails. */
  g_assert_true (rz_database_set_post_posted (db, find_post (claimed, accounts[0])->id,
                                              "110001", "https://social.example/@laden/110001", &error));
  g_assert_true (rz_database_set_post_failed (db, find_post (claimed, accounts[1])->id,
                                              "Der Server antwortet nicht.", &error));
  g_assert_no_error (error);
  /* A state change needs the entry to be sending. */
  g_assert_false (rz_database_set_post_failed (db, find_post (claimed, accounts[0])->id, "x", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  listed = rz_database_list_drafts (db, &error);
  g_assert_cmpint (rz_draft_get_status (listed->pdata[0]), ==, RZ_DRAFT_STATUS_FAILED);

  /* The retry takes only the failed one, with its old key and the text
   * as it is now. */
  rz_draft_set_core_text (draft, "Frische Brezeln!");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_true (rz_database_retry_failed_posts (db, rz_draft_get_id (draft), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  retried = rz_database_claim_due_posts (db, now, &error);
  g_assert_cmpuint (retried->len, ==, 1);
  g_assert_cmpint (((RzDraftPost *) retried->pdata[0])->account_id, ==, accounts[1]);
  g_assert_cmpstr (((RzDraftPost *) retried->pdata[0])->idempotency_key, ==, key_b);
  g_assert_cmpstr (((RzDraftPost *) retried->pdata[0])->text, ==, "Frische Brezeln!");
  g_assert_null (((RzDraftPost *) retried->pdata[0])->error);

  /* After a crash, what was sending is queued again with its key. */
  g_assert_true (rz_database_requeue_interrupted_posts (db, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM posts WHERE state = 'queued'"), ==, 1);

  history = rz_database_list_post_history (db, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((RzDraftPost *) history->pdata[0])->remote_url, ==, "https://social.example/@laden/110001");
  g_assert_cmpint (((RzDraftPost *) history->pdata[0])->posted_at, >=, now);
}

static void
test_outbox_schedule (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = new_draft (db, "Später posten");
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) now_claimed = NULL;
  g_autoptr(GPtrArray) later_claimed = NULL;
  g_autoptr(GPtrArray) rescheduled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db, "mastodon", "@laden");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when = 0;

  queued = rz_database_enqueue_posts (db, rz_draft_get_id (draft), &account, 1, now + 600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((RzDraftPost *) queued->pdata[0])->scheduled_at, ==, now + 600);

  now_claimed = rz_database_claim_due_posts (db, now, &error);
  g_assert_cmpuint (now_claimed->len, ==, 0);
  g_assert_true (rz_database_get_next_scheduled_at (db, now, &when, &error));
  g_assert_cmpint (when, ==, now + 600);

  /* "Post Now" after "Post Later": the same entry, due at once. */
  rescheduled = rz_database_enqueue_posts (db, rz_draft_get_id (draft), &account, 1, 0, &error);
  g_assert_cmpint (((RzDraftPost *) rescheduled->pdata[0])->id, ==, ((RzDraftPost *) queued->pdata[0])->id);
  g_assert_cmpint (((RzDraftPost *) rescheduled->pdata[0])->scheduled_at, ==, 0);
  g_assert_true (rz_database_get_next_scheduled_at (db, now, &when, &error));
  g_assert_cmpint (when, ==, 0);

  later_claimed = rz_database_claim_due_posts (db, now, &error);
  g_assert_cmpuint (later_claimed->len, ==, 1);
}

static void
test_outbox_refusals (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) draft = new_draft (db, "Nur für Mastodon");
  g_autoptr(GPtrArray) demo_posts = NULL;
  g_autoptr(GPtrArray) wrong = NULL;
  g_autoptr(GPtrArray) cancelled = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bluesky = add_account (db, "bluesky", "@laden.bsky.social");
  gint64 mastodon = add_account (db, "mastodon", "@laden");
  gint64 gone = 999;
  RzDraft *demo = NULL;

  /* No variant for the account's channel. */
  wrong = rz_database_enqueue_posts (db, rz_draft_get_id (draft), &bluesky, 1, 0, &error);
  g_assert_null (wrong);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rz_database_enqueue_posts (db, rz_draft_get_id (draft), &gone, 1, 0, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM posts"), ==, 0);

  /* The sample bakery is never posted anywhere. */
  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
  drafts = rz_database_list_drafts (db, &error);
  for (guint i = 0; i < drafts->len; i++)
    if (rz_draft_get_is_demo (drafts->pdata[i]))
      demo = drafts->pdata[i];
  g_assert_nonnull (demo);
  rz_draft_add_channel (demo, "mastodon");
  g_assert_true (rz_database_save_draft (db, demo, &error));
  demo_posts = rz_database_enqueue_posts (db, rz_draft_get_id (demo), &mastodon, 1, 0, &error);
  g_assert_null (demo_posts);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_null (rz_database_add_manual_post (db, rz_draft_get_id (demo), "instagram", NULL, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Removing the sample takes the variant the user added to it along. */
  g_assert_true (rz_database_remove_demo (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM draft_variants WHERE draft_id NOT IN (SELECT id FROM drafts)"), ==, 0);

  /* A scheduled post can be cancelled until it is on its way. */
  queued = rz_database_enqueue_posts (db, rz_draft_get_id (draft), &mastodon, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_cancel_post (db, ((RzDraftPost *) queued->pdata[0])->id, &error));
  g_assert_no_error (error);
  cancelled = rz_database_list_draft_posts (db, rz_draft_get_id (draft), &error);
  g_assert_cmpuint (cancelled->len, ==, 0);
}

static void
test_account_removed (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzDraft) posted = new_draft (db, "Schon draußen");
  g_autoptr(RzDraft) waiting = new_draft (db, "Wartet noch");
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db, "mastodon", "@laden");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  a = rz_database_enqueue_posts (db, rz_draft_get_id (posted), &account, 1, 0, &error);
  claimed = rz_database_claim_due_posts (db, now, &error);
  g_assert_true (rz_database_set_post_posted (db, ((RzDraftPost *) claimed->pdata[0])->id, "1", "https://social.example/1", &error));
  b = rz_database_enqueue_posts (db, rz_draft_get_id (waiting), &account, 1, now + 3600, &error);
  g_assert_no_error (error);

  g_assert_true (rz_database_remove_account (db, account, &error));
  g_assert_no_error (error);

  /* What went out stays in the history; what waited fails, and nothing
   * is sent for an account that is gone. */
  posts = rz_database_list_post_history (db, NULL, 0, &error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (((RzDraftPost *) posts->pdata[0])->account_id, ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM posts WHERE state = 'failed' AND account_id IS NULL"), ==, 1);
  g_clear_pointer (&claimed, g_ptr_array_unref);
  claimed = rz_database_claim_due_posts (db, now + 7200, &error);
  g_assert_cmpuint (claimed->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/drafts/save-and-load", test_save_and_load);
  g_test_add_func ("/rz/storage/drafts/save-removes-and-updates", test_save_removes_and_updates);
  g_test_add_func ("/rz/storage/drafts/list", test_list_order_and_status);
  g_test_add_func ("/rz/storage/drafts/delete-and-restore", test_delete_and_restore);
  g_test_add_func ("/rz/storage/drafts/search", test_search);
  g_test_add_func ("/rz/storage/outbox/states", test_outbox_states);
  g_test_add_func ("/rz/storage/outbox/schedule", test_outbox_schedule);
  g_test_add_func ("/rz/storage/outbox/refusals", test_outbox_refusals);
  g_test_add_func ("/rz/storage/outbox/account-removed", test_account_removed);

  return g_test_run ();
}
