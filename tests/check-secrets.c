/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-account.h"
#include "rz-context.h"
#include "rz-database-private.h"
#include "rz-mastodon-provider.h"
#include "rz-secret-store.h"
#include "rz-sync.h"
#include "rz-test-async.h"

/* Secrets never reach the database, the logs or an export. A whole
 * session runs with a token of the Mastodon contract server and the real
 * keyring (tests/run-with-keyring.sh, with G_MESSAGES_DEBUG=all): sign in,
 * fetch, answer, start again with the token from the keyring, fetch again,
 * back up and export. Then every file written and every log line is
 * searched for the token; only the keyring may hold it. The runner
 * searches its whole temporary directory once more afterwards. */

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static RzContext *
open_context (const char *db_path)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  RzContext *context = rz_context_new (db_path);

  rz_http_client_set_retry_policy (rz_context_get_http_client (context), 1, 10);
  rz_http_client_set_timeout (rz_context_get_http_client (context), 5);
  rz_context_open_async (context, NULL, rz_test_store_result, &opened);
  g_assert_true (rz_context_open_finish (context, rz_test_wait_for (&opened), &error));
  g_assert_no_error (error);
  return context;
}

static guint
sync_now (RzContext *context)
{
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  rz_context_sync_async (context, NULL, rz_test_store_result, &synced);
  report = rz_context_sync_finish (context, rz_test_wait_for (&synced), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_sync_report_get_n_failed (report), ==, 0);
  return rz_sync_report_get_n_new (report);
}

static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Every file below @dir but the keyring's; returns how many were read. */
static guint
assert_nowhere (const char *dir,
                const char *token)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (handle == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (strcmp (name, "keyrings") != 0)
            n += assert_nowhere (path, token);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (path, &contents, &length, NULL))
        continue;

      g_test_message ("searched %s (%" G_GSIZE_FORMAT " bytes)", path, length);
      if (contains (contents, length, token))
        g_error ("The token was written to %s", path);
      n++;
    }
  return n;
}

static void
test_session (void)
{
  MastodonContractServer *server = mastodon_contract_server_new ();
  g_autofree char *token = mastodon_contract_server_create_token (server, "read write");
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "resonanz", NULL);
  g_autofree char *db_path = g_build_filename (dir, "resonanz.db", NULL);
  g_autofree char *backup_path = g_strconcat (db_path, ".v5.bak", NULL);
  g_autofree char *export_name = rz_database_dup_export_filename ();
  g_autofree char *export_path = g_build_filename (g_get_user_data_dir (), export_name, NULL);
  g_autofree char *post = NULL;
  g_autofree char *export = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *key = NULL;
  g_autoptr(RzContext) context = NULL;
  g_autoptr(RzMastodonProvider) signed_in = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(RzPostResult) posted = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GAsyncResult) who = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) provided = NULL;
  g_autoptr(GAsyncResult) replied = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  RzDatabase *db;
  RzComment *comment;
  gint64 reply_id = 0;
  guint n_files;

  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "keyring") != 0)
    g_error ("Run this through tests/run-with-keyring.sh: it needs the real keyring");

  post = mastodon_contract_server_add_own_status (server, "Frische Brezeln ab 7 Uhr!", "public");
  g_free (mastodon_contract_server_add_status (server, "anna@remote.example", "Anna",
                                               "<p>@laden Gibt es die auch vegan?</p>", post, "public"));

  /* Signing in: the token goes to the keyring. */
  context = open_context (db_path);
  signed_in = rz_mastodon_provider_new (rz_context_get_http_client (context),
                                        mastodon_contract_server_get_url (server));
  rz_mastodon_provider_set_credentials (signed_in, token, "client-id", "client-secret");
  rz_provider_who_am_i_async (RZ_PROVIDER (signed_in), NULL, rz_test_store_result, &who);
  remote = rz_provider_who_am_i_finish (RZ_PROVIDER (signed_in), rz_test_wait_for (&who), &error);
  g_assert_no_error (error);
  rz_context_add_account_async (context, RZ_PROVIDER (signed_in), mastodon_contract_server_get_url (server),
                                remote, NULL, rz_test_store_result, &added);
  account = rz_context_add_account_finish (context, rz_test_wait_for (&added), &error);
  g_assert_no_error (error);

  /* Fetching and answering. */
  g_assert_cmpuint (sync_now (context), ==, 1);
  db = rz_context_get_database (context);
  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  comment = g_ptr_array_index (comments, 0);

  rz_context_get_provider_for_account_async (context, account, NULL, rz_test_store_result, &provided);
  provider = rz_context_get_provider_for_account_finish (context, rz_test_wait_for (&provided), &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_prepare_reply (db, rz_comment_get_id (comment), "Ja, ab Samstag!",
                                            &reply_id, &key, &error));
  rz_provider_reply_async (provider, rz_comment_get_remote_id (comment), "Ja, ab Samstag!", NULL, key,
                           NULL, rz_test_store_result, &replied);
  posted = rz_provider_reply_finish (provider, rz_test_wait_for (&replied), &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_set_reply_sent (db, reply_id, posted->remote_id, posted->url, &error));
  g_assert_no_error (error);
  g_clear_object (&provider);
  g_clear_object (&signed_in);
  g_clear_object (&context);

  /* A new start: the token can only come from the keyring. */
  g_free (mastodon_contract_server_add_status (server, "ben@remote.example", "Ben",
                                               "<p>@laden Und glutenfrei?</p>", post, "public"));
  context = open_context (db_path);
  g_assert_cmpuint (sync_now (context), ==, 1);
  db = rz_context_get_database (context);

  /* A backup, as before a migration, and an export. */
  g_assert_true (rz_storage_copy_file (db_path, backup_path, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_export_to_file (db, export_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export_path, &export, NULL, NULL));
  /* The export has the account, only not its secret. */
  g_assert_nonnull (strstr (export, "laden"));
  g_assert_nonnull (strstr (export, "Ja, ab Samstag!"));
  g_clear_object (&context);

  /* The keyring has the token: the search below looks for the right thing. */
  rz_secret_store_lookup_async ("mastodon", mastodon_contract_server_get_url (server), rz_account_get_handle (account),
                                NULL, rz_test_store_result, &looked_up);
  secret = rz_secret_store_lookup_finish (rz_test_wait_for (&looked_up), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (secret, token));

  /* Nowhere else. */
  g_assert_false (contains (captured_log->str, captured_log->len, token));
  g_assert_cmpuint (captured_log->len, >, 0);
  n_files = assert_nowhere (g_get_user_data_dir (), token);
  n_files += assert_nowhere (g_get_user_cache_dir (), token);
  n_files += assert_nowhere (g_get_user_config_dir (), token);
  n_files += assert_nowhere (g_get_tmp_dir (), token);
  g_test_message ("%u files searched", n_files);
  /* At least the database (with its WAL), the backup and the export. */
  g_assert_cmpuint (n_files, >=, 3);

  mastodon_contract_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Only 127.0.0.1 is contacted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  /* The runner's directories, which it searches again afterwards. */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rz/security/secrets/session", test_session);
  status = g_test_run ();

  g_string_free (captured_log, TRUE);
  return status;
}
