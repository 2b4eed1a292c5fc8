/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-core.h"
#include "rz-database-private.h"

/* The demo bakery from data/demo.json. Its times are offsets ("minutes
 * ago") so that waiting times look fresh whenever the demo is loaded.
 * Every row it writes has is_demo = 1; the user's rows keep is_demo = 0,
 * so the demo can be removed without touching them. */

typedef struct
{
  gint64  id;
  char   *channel;
} DemoAccount;

static void
demo_account_free (DemoAccount *account)
{
  g_free (account->channel);
  g_free (account);
}

typedef struct
{
  RzDatabase *self;
  gint64      now;
  GHashTable *accounts;  /* the key in demo.json → DemoAccount */
} DemoLoad;

static gboolean
set_demo_error (GError     **error,
                const char  *detail)
{
  g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED,
               /* Translators: %s is a technical detail, in English. */
               _("The sample data is broken: %s"), detail);
  return FALSE;
}

static gint64
minutes_ago (DemoLoad   *load,
             JsonObject *object,
             const char *member)
{
  gint64 minutes = 0;

  rz_storage_json_int (object, member, &minutes);
  return load->now - MAX (minutes, 0) * 60;
}

static gboolean
parse_enum (const char         *value,
            const char * const *names,
            guint               n_names,
            int                *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (value, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
load_strategy (DemoLoad    *load,
               JsonObject  *root,
               GError     **error)
{
  JsonNode *profile = json_object_get_member (root, "profile");
  JsonNode *plan = json_object_get_member (root, "plan");
  const char *guideline = rz_storage_json_string (root, "guideline");
  gint64 profile_id;

  if (profile == NULL || !JSON_NODE_HOLDS_OBJECT (profile))
    return set_demo_error (error, "no profile");

  /* The demo shows a finished strategy, not the wizard. */
  if (!rz_database_write_profile (load->self, json_node_get_object (profile), TRUE,
                                  &profile_id, error) ||
      !rz_database_write_wizard_progress (load->self, profile_id, RZ_DATABASE_WIZARD_FINISHED,
                                          NULL, error))
    return FALSE;

  if (plan != NULL && JSON_NODE_HOLDS_OBJECT (plan) &&
      !rz_database_write_plan (load->self, profile_id, json_node_get_object (plan), TRUE, error))
    return FALSE;

  if (guideline != NULL &&
      !rz_database_write_guideline (load->self, profile_id, guideline, TRUE, error))
    return FALSE;

  return TRUE;
}

static gboolean
load_accounts (DemoLoad    *load,
               JsonArray   *accounts,
               GError     **error)
{
  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      JsonObject *account = rz_storage_json_element_object (accounts, i);
      DemoAccount *demo_account;
      const char *key = NULL;

      if (account != NULL)
        key = rz_storage_json_string (account, "key");
      if (key == NULL || rz_storage_json_string (account, "channel") == NULL)
        return set_demo_error (error, "account without key or channel");

      stmt = rz_database_prepare (load->self,
                                  "INSERT INTO accounts (channel, display_name, base_url, handle,"
                                  " state, created_at, is_demo)"
                                  " VALUES (?1, ?2, ?3, ?4, 'demo', ?5, 1)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      rz_statement_bind_text (stmt, 1, rz_storage_json_string (account, "channel"));
      rz_statement_bind_text (stmt, 2, rz_storage_json_string (account, "display_name"));
      rz_statement_bind_text (stmt, 3, rz_storage_json_string (account, "base_url"));
      rz_statement_bind_text (stmt, 4, rz_storage_json_string (account, "handle"));
      sqlite3_bind_int64 (stmt, 5, load->now);
      if (!rz_database_step_done (load->self, stmt, error))
        return FALSE;

      demo_account = g_new0 (DemoAccount, 1);
      demo_account->id = sqlite3_last_insert_rowid (rz_database_get_handle (load->self));
      demo_account->channel = g_strdup (rz_storage_json_string (account, "channel"));
      g_hash_table_insert (load->accounts, g_strdup (key), demo_account);
    }

  return TRUE;
}

static gboolean
load_reply_templates (DemoLoad    *load,
                      JsonArray   *templates,
                      GError     **error)
{
  for (guint i = 0; templates != NULL && i < json_array_get_length (templates); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      JsonObject *template = rz_storage_json_element_object (templates, i);

      if (template == NULL)
        continue;

      stmt = rz_database_prepare (load->self,
                                  "INSERT INTO reply_templates (title, text, position,"
                                  " created_at, updated_at, is_demo)"
                                  " VALUES (?1, ?2, ?3, ?4, ?4, 1)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      rz_statement_bind_text (stmt, 1, rz_storage_json_string (template, "title"));
      rz_statement_bind_text (stmt, 2, rz_storage_json_string (template, "text"));
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_int64 (stmt, 4, load->now);
      if (!rz_database_step_done (load->self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_variants (DemoLoad    *load,
               gint64       draft_id,
               gint64       updated_at,
               JsonArray   *variants,
               GError     **error)
{
  for (guint i = 0; variants != NULL && i < json_array_get_length (variants); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      JsonObject *variant = rz_storage_json_element_object (variants, i);

      if (variant == NULL)
        continue;

      stmt = rz_database_prepare (load->self,
                                  "INSERT INTO draft_variants (draft_id, channel, text,"
                                  " updated_at, is_demo) VALUES (?1, ?2, ?3, ?4, 1)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, draft_id);
      rz_statement_bind_text (stmt, 2, rz_storage_json_string (variant, "channel"));
      rz_statement_bind_text (stmt, 3, rz_storage_json_string (variant, "text"));
      sqlite3_bind_int64 (stmt, 4, updated_at);
      if (!rz_database_step_done (load->self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_drafts (DemoLoad    *load,
             JsonArray   *drafts,
             GError     **error)
{
  for (guint i = 0; drafts != NULL && i < json_array_get_length (drafts); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      JsonObject *draft = rz_storage_json_element_object (drafts, i);
      gint64 updated_at;
      gint64 draft_id;

      if (draft == NULL)
        continue;

      updated_at = minutes_ago (load, draft, "updated_minutes_ago");
      stmt = rz_database_prepare (load->self,
                                  "INSERT INTO drafts (core_text, message_type, created_at,"
                                  " updated_at, is_demo) VALUES (?1, ?2, ?3, ?3, 1)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      rz_statement_bind_text (stmt, 1, rz_storage_json_string (draft, "core_text"));
      rz_statement_bind_text (stmt, 2, rz_storage_json_string (draft, "message_type"));
      sqlite3_bind_int64 (stmt, 3, updated_at);
      if (!rz_database_step_done (load->self, stmt, error))
        return FALSE;

      draft_id = sqlite3_last_insert_rowid (rz_database_get_handle (load->self));
      if (!load_variants (load, draft_id, updated_at,
                          rz_storage_json_array (draft, "variants"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_reply (DemoLoad    *load,
            gint64       comment_id,
            JsonObject  *reply,
            GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  gint64 sent_at = minutes_ago (load, reply, "minutes_ago");

  stmt = rz_database_prepare (load->self,
                              "INSERT INTO replies (comment_id, text, state, created_at,"
                              " sent_at, is_demo) VALUES (?1, ?2, 'sent', ?3, ?3, 1)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, comment_id);
  rz_statement_bind_text (stmt, 2, rz_storage_json_string (reply, "text"));
  sqlite3_bind_int64 (stmt, 3, sent_at);
  return rz_database_step_done (load->self, stmt, error);
}

static gboolean
load_comments (DemoLoad    *load,
               JsonArray   *comments,
               GError     **error)
{
  static const char * const sentiments[] = { "neutral", "positive", "critical" };
  static const char * const states[] = { "open", "answered", "done", "ignored" };

  for (guint i = 0; comments != NULL && i < json_array_get_length (comments); i++)
    {
      g_autoptr(RzComment) comment = NULL;
      JsonObject *object = rz_storage_json_element_object (comments, i);
      JsonNode *reply;
      const char *account_key;
      DemoAccount *account;
      int sentiment = RZ_SENTIMENT_NEUTRAL;
      int state = RZ_COMMENT_STATE_OPEN;

      if (object == NULL)
        continue;

      account_key = rz_storage_json_string (object, "account");
      account = account_key != NULL ? g_hash_table_lookup (load->accounts, account_key) : NULL;
      if (account == NULL)
        return set_demo_error (error, "comment of an unknown account");

      if ((rz_storage_json_string (object, "sentiment") != NULL &&
           !parse_enum (rz_storage_json_string (object, "sentiment"),
                        sentiments, G_N_ELEMENTS (sentiments), &sentiment)) ||
          (rz_storage_json_string (object, "state") != NULL &&
           !parse_enum (rz_storage_json_string (object, "state"),
                        states, G_N_ELEMENTS (states), &state)))
        return set_demo_error (error, "unknown sentiment or state");

      comment = rz_comment_new ();
      rz_comment_set_account_id (comment, account->id);
      rz_comment_set_channel (comment, account->channel);
      rz_comment_set_remote_id (comment, rz_storage_json_string (object, "remote_id"));
      rz_comment_set_parent_remote_id (comment, rz_storage_json_string (object, "parent_remote_id"));
      rz_comment_set_author (comment, rz_storage_json_string (object, "author"));
      rz_comment_set_author_handle (comment, rz_storage_json_string (object, "author_handle"));
      rz_comment_set_text (comment, rz_storage_json_string (object, "text"));
      rz_comment_set_context (comment, rz_storage_json_string (object, "context"));
      rz_comment_set_created_at (comment, minutes_ago (load, object, "minutes_ago"));
      rz_comment_set_sentiment (comment, sentiment);
      rz_comment_set_state (comment, state);
      rz_comment_set_is_demo (comment, TRUE);

      if (!rz_database_add_comment (load->self, comment, NULL, error))
        return FALSE;

      reply = json_object_get_member (object, "reply");
      if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply) &&
          !load_reply (load, rz_comment_get_id (comment), json_node_get_object (reply), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_load_demo (RzDatabase  *self,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root_node;
  JsonObject *root;
  DemoLoad load;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = rz_core_lookup_data ("/demo.json", &local_error);
  parser = json_parser_new ();
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &local_error))
    return set_demo_error (error, local_error->message);

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return set_demo_error (error, "not a JSON object");
  root = json_node_get_object (root_node);

  accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) demo_account_free);
  load.self = self;
  load.now = g_get_real_time () / G_USEC_PER_SEC;
  load.accounts = accounts;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  /* Loading again replaces the demo, with fresh times. */
  if (!rz_database_delete_demo_rows (self, error) ||
      !load_strategy (&load, root, error) ||
      !load_accounts (&load, rz_storage_json_array (root, "accounts"), error) ||
      !load_reply_templates (&load, rz_storage_json_array (root, "reply_templates"), error) ||
      !load_drafts (&load, rz_storage_json_array (root, "drafts"), error) ||
      !load_comments (&load, rz_storage_json_array (root, "comments"), error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_delete_demo_rows (RzDatabase  *self,
                              GError     **error)
{
  /* Children before parents, so the foreign keys hold at every step. */
  static const char * const statements[] = {
    "DELETE FROM replies WHERE is_demo = 1",
    "DELETE FROM posts WHERE is_demo = 1",
    "DELETE FROM comments WHERE is_demo = 1",
    "DELETE FROM draft_variants WHERE is_demo = 1",
    "DELETE FROM drafts WHERE is_demo = 1",
    "DELETE FROM accounts WHERE is_demo = 1",
    "DELETE FROM reply_templates WHERE is_demo = 1",
    "DELETE FROM plan_messages WHERE is_demo = 1",
    "DELETE FROM plan_channels WHERE is_demo = 1",
    "DELETE FROM guidelines WHERE is_demo = 1",
    "DELETE FROM forbidden_channels WHERE is_demo = 1",
    "DELETE FROM goals WHERE is_demo = 1",
    "DELETE FROM audiences WHERE is_demo = 1",
    "DELETE FROM profile WHERE is_demo = 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(RzStatement) stmt = rz_database_prepare (self, statements[i], error);

      if (stmt == NULL || !rz_database_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_remove_demo (RzDatabase  *self,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!rz_database_delete_demo_rows (self, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_flag (RzDatabase  *self,
            const char  *sql,
            gboolean    *flag,
            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  g_autoptr(RzStatement) stmt = rz_database_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *flag = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
rz_database_is_empty (RzDatabase  *self,
                      gboolean    *is_empty,
                      GError     **error)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (is_empty != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return query_flag (self,
                     "SELECT NOT EXISTS (SELECT 1 FROM profile)"
                     " AND NOT EXISTS (SELECT 1 FROM comments)"
                     " AND NOT EXISTS (SELECT 1 FROM drafts)",
                     is_empty, error);
}

gboolean
rz_database_has_demo (RzDatabase  *self,
                      gboolean    *has_demo,
                      GError     **error)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (has_demo != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return query_flag (self,
                     "SELECT EXISTS (SELECT 1 FROM profile WHERE is_demo = 1)"
                     " OR EXISTS (SELECT 1 FROM comments WHERE is_demo = 1)"
                     " OR EXISTS (SELECT 1 FROM drafts WHERE is_demo = 1)"
                     " OR EXISTS (SELECT 1 FROM accounts WHERE is_demo = 1)",
                     has_demo, error);
}
