/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-draft-post.h"
#include "rz-mastodon-provider.h"
#include "rz-net-error.h"
#include "rz-outbox.h"
#include "rz-test-async.h"

/* The outbox against two Mastodon servers (contract servers on 127.0.0.1),
 * one account on each: every post must arrive exactly once per account,
 * also when an answer is lost, the app crashes or the network is gone. */

#define ALL_SCOPES "read:accounts read:notifications read:statuses write:statuses write:media"

/* --- A network monitor the test switches ------------------------------- */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

static gboolean
test_monitor_initable_init_fn (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init_fn;
}

static gboolean
test_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  return TEST_MONITOR (monitor)->available;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* --- Fixture ------------------------------------------------------------- */

typedef struct {
  MastodonContractServer *servers[2];
  RzMastodonProvider     *providers[2];
  gint64                  account_ids[2];
  RzHttpClient           *client;
  RzDatabase             *db;
  RzOutbox               *outbox;
  char                   *tokens[2];
  guint                   n_missed;
} Fixture;

static void
lookup_provider (gint64                 account_id,
                 GCancellable          *cancellable,
                 RzOutboxProviderReady  ready,
                 gpointer               ready_data,
                 gpointer               user_data)
{
  Fixture *fixture = user_data;

  for (guint i = 0; i < 2; i++)
    {
      if (fixture->account_ids[i] == account_id)
        {
          ready (RZ_PROVIDER (fixture->providers[i]), NULL, ready_data);
          return;
        }
    }
  ready (NULL, NULL, ready_data);
}

static void
count_missed (RzOutbox *outbox,
              guint     n_posts,
              Fixture  *fixture)
{
  fixture->n_missed += n_posts;
}

static RzOutbox *
new_outbox (Fixture         *fixture,
            GNetworkMonitor *monitor)
{
  RzOutbox *outbox = rz_outbox_new (fixture->db, monitor);

  rz_outbox_set_provider_func (outbox, lookup_provider, fixture, NULL);
  g_signal_connect (outbox, "missed-posts", G_CALLBACK (count_missed), fixture);
  return outbox;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GError) error = NULL;

  fixture->db = rz_database_open (path, &error);
  g_assert_no_error (error);

  fixture->client = rz_http_client_new ();
  /* The outbox, not the HTTP client, retries here: one attempt each. */
  rz_http_client_set_retry_policy (fixture->client, 1, 10);

  for (guint i = 0; i < 2; i++)
    {
      const char *url;

      fixture->servers[i] = mastodon_contract_server_new ();
      url = mastodon_contract_server_get_url (fixture->servers[i]);
      fixture->tokens[i] = mastodon_contract_server_create_token (fixture->servers[i], ALL_SCOPES);
      fixture->providers[i] = rz_mastodon_provider_new (fixture->client, url);
      rz_mastodon_provider_set_credentials (fixture->providers[i], fixture->tokens[i], NULL, NULL);
      fixture->account_ids[i] = rz_database_add_account (fixture->db, "mastodon", "Café Laden", url, "@laden", &error);
      g_assert_no_error (error);
    }

  fixture->outbox = new_outbox (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rz_outbox_stop (fixture->outbox);
  g_clear_object (&fixture->outbox);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&fixture->providers[i]);
      mastodon_contract_server_free (fixture->servers[i]);
      g_free (fixture->tokens[i]);
    }
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->db);
}

static void
flush (RzOutbox *outbox,
       guint    *n_posted,
       guint    *n_failed)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rz_outbox_flush_async (outbox, NULL, rz_test_store_result, &result);
  g_assert_true (rz_outbox_flush_finish (outbox, rz_test_wait_for (&result), n_posted, n_failed, &error));
  g_assert_no_error (error);
}

static guint
retry (RzOutbox *outbox,
       gint64    draft_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  rz_outbox_retry_async (outbox, draft_id, NULL, rz_test_store_result, &result);
  g_assert_true (rz_outbox_retry_finish (outbox, rz_test_wait_for (&result), &n, &error));
  g_assert_no_error (error);
  return n;
}

static RzDraft *
save_draft (Fixture    *fixture,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  RzDraft *draft = rz_draft_new ();

  rz_draft_set_core_text (draft, text);
  rz_draft_add_channel (draft, "mastodon");
  g_assert_true (rz_database_save_draft (fixture->db, draft, &error));
  g_assert_no_error (error);
  return draft;
}

static GPtrArray *
enqueue (Fixture *fixture,
         RzDraft *draft,
         gint64   scheduled_at)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *posts;

  posts = rz_database_enqueue_posts (fixture->db, rz_draft_get_id (draft),
                                     fixture->account_ids, 2, scheduled_at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 2);
  return posts;
}

static RzDraftPost *
post_for_account (GPtrArray *posts,
                  gint64     account_id)
{
  for (guint i = 0; i < posts->len; i++)
    if (((RzDraftPost *) posts->pdata[i])->account_id == account_id)
      return posts->pdata[i];
  g_assert_not_reached ();
}

static GPtrArray *
list_posts (Fixture *fixture,
            RzDraft *draft)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *posts = rz_database_list_draft_posts (fixture->db, rz_draft_get_id (draft), &error);

  g_assert_no_error (error);
  return posts;
}

static JsonObject *
posted_status (MastodonContractServer *server,
               guint                   index,
               JsonParser             *parser)
{
  g_autofree char *json = mastodon_contract_server_dup_posted (server, index);

  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* --- Tests --------------------------------------------------------------- */

static void
test_post_to_two_accounts (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RzDraft) draft = save_draft (fixture, "Heute frische Brezeln 🥨");
  g_autoptr(GPtrArray) queued = enqueue (fixture, draft, 0);
  g_autoptr(GPtrArray) posts = NULL;
  guint n_posted = 0;
  guint n_failed = 0;

  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 2);
  g_assert_cmpuint (n_failed, ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *status;
      RzDraftPost *post;

      g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[i]), ==, 1);
      status = posted_status (fixture->servers[i], 0, parser);
      g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "Heute frische Brezeln 🥨");
      post = post_for_account (queued, fixture->account_ids[i]);
      g_assert_cmpstr (json_object_get_string_member (status, "idempotency_key"), ==, post->idempotency_key);
    }

  posts = list_posts (fixture, draft);
  for (guint i = 0; i < posts->len; i++)
    {
      RzDraftPost *post = posts->pdata[i];

      g_assert_cmpint (post->state, ==, RZ_DRAFT_POST_POSTED);
      g_assert_nonnull (post->remote_id);
      g_assert_true (g_str_has_prefix (post->remote_url, "http://127.0.0.1:"));
    }

  /* Nothing left: another pass sends nothing. */
  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[i]), ==, 1);
}

/* The first server takes the post but answers too late. The retry goes
 * to that server alone, with the same key, and the server answers with
 * the post it already has. */
static void
test_timeout_then_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RzDraft) draft = save_draft (fixture, "Sonntags von 7 bis 11 geöffnet");
  g_autoptr(GPtrArray) queued = enqueue (fixture, draft, 0);
  g_autoptr(GPtrArray) after_failure = NULL;
  g_autoptr(GPtrArray) after_retry = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  RzDraftPost *first;
  guint n_posted = 0;
  guint n_failed = 0;

  rz_http_client_set_timeout (fixture->client, 1);
  mastodon_contract_server_inject_fault (fixture->servers[0], "POST", "/api/v1/statuses",
                                         CONTRACT_FAULT_SLOW, 1, 2500);

  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 1);
  g_assert_cmpuint (n_failed, ==, 1);
  after_failure = list_posts (fixture, draft);
  first = post_for_account (after_failure, fixture->account_ids[0]);
  g_assert_cmpint (first->state, ==, RZ_DRAFT_POST_FAILED);
  g_assert_nonnull (first->error);
  g_assert_cmpint (post_for_account (after_failure, fixture->account_ids[1])->state, ==, RZ_DRAFT_POST_POSTED);
  /* The slow server did create the status. */
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 1);

  g_assert_cmpuint (retry (fixture->outbox, rz_draft_get_id (draft)), ==, 1);
  flush (fixture->outbox, &n_posted, &n_failed);

  after_retry = list_posts (fixture, draft);
  first = post_for_account (after_retry, fixture->account_ids[0]);
  g_assert_cmpint (first->state, ==, RZ_DRAFT_POST_POSTED);
  g_assert_cmpstr (first->idempotency_key, ==, post_for_account (queued, fixture->account_ids[0])->idempotency_key);
  g_assert_cmpstr (first->remote_id, ==,
                   json_object_get_string_member (posted_status (fixture->servers[0], 0, parser), "id"));

  /* Exactly once on each server; the second server was not asked again. */
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[1]), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->servers[0], "POST", "/api/v1/statuses"), ==, 2);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->servers[1], "POST", "/api/v1/statuses"), ==, 1);
}

/* A server error: only the failed account is tried again. */
static void
test_partial_failure (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RzDraft) draft = save_draft (fixture, "Wir suchen Verstärkung!");
  g_autoptr(GPtrArray) queued = enqueue (fixture, draft, 0);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n_posted = 0;
  guint n_failed = 0;

  mastodon_contract_server_inject_fault (fixture->servers[1], "POST", "/api/v1/statuses",
                                         CONTRACT_FAULT_SERVER_ERROR, 1, 0);
  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 1);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[1]), ==, 0);

  g_assert_cmpuint (retry (fixture->outbox, 0), ==, 1);
  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 1);
  g_assert_cmpuint (n_failed, ==, 0);

  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->servers[0], "POST", "/api/v1/statuses"), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[1]), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (posted_status (fixture->servers[1], 0, parser), "idempotency_key"), ==,
                   post_for_account (queued, fixture->account_ids[1])->idempotency_key);

  posts = list_posts (fixture, draft);
  for (guint i = 0; i < posts->len; i++)
    g_assert_cmpint (((RzDraftPost *) posts->pdata[i])->state, ==, RZ_DRAFT_POST_POSTED);
}

/* The app died after the network took the post but before the database
 * heard of it: the next start sends it again with its key, and the server
 * answers with the same status. */
static void
test_crash_after_send (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RzDraft) draft = save_draft (fixture, "Neu im Sortiment: Dinkelvollkorn");
  g_autoptr(GPtrArray) queued = enqueue (fixture, draft, 0);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(RzOutbox) restarted = NULL;
  guint n_posted = 0;

  flush (fixture->outbox, &n_posted, NULL);
  g_assert_cmpuint (n_posted, ==, 2);
  before = list_posts (fixture, draft);

  g_assert_cmpint (sqlite3_exec (rz_database_get_handle (fixture->db),
                                 "UPDATE posts SET state = 'sending', remote_id = NULL, remote_url = NULL",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  rz_outbox_stop (fixture->outbox);

  restarted = new_outbox (fixture, NULL);
  rz_outbox_start (restarted);
  flush (restarted, &n_posted, NULL);
  g_assert_cmpuint (n_posted, ==, 2);

  after = list_posts (fixture, draft);
  for (guint i = 0; i < 2; i++)
    {
      RzDraftPost *was = post_for_account (before, fixture->account_ids[i]);
      RzDraftPost *now = post_for_account (after, fixture->account_ids[i]);

      g_assert_cmpint (now->state, ==, RZ_DRAFT_POST_POSTED);
      g_assert_cmpstr (now->remote_id, ==, was->remote_id);
      g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[i]), ==, 1);
    }
}

static void
wait_until_posted (Fixture *fixture,
                   RzDraft *draft,
                   guint    timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) posts = list_posts (fixture, draft);
      guint n = 0;

      for (guint i = 0; i < posts->len; i++)
        if (((RzDraftPost *) posts->pdata[i])->state == RZ_DRAFT_POST_POSTED)
          n++;
      if (n == posts->len)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
test_scheduled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RzDraft) draft = save_draft (fixture, "Gleich geht's los");
  g_autoptr(GPtrArray) queued = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_posted = 0;

  queued = enqueue (fixture, draft, now + 2);
  flush (fixture->outbox, &n_posted, NULL);
  g_assert_cmpuint (n_posted, ==, 0);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 0);

  /* The outbox's timer sends it on time, without anyone asking. */
  wait_until_posted (fixture, draft, 10);
  g_assert_cmpuint (g_get_real_time () / G_USEC_PER_SEC, >=, now + 2);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[1]), ==, 1);
  g_assert_cmpuint (fixture->n_missed, ==, 0);
}

/* Meant for an hour ago while the network was gone: nothing goes out
 * offline; when the network is back the user is told, then it goes. */
static void
test_missed_while_offline (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(RzOutbox) outbox = NULL;
  g_autoptr(RzDraft) draft = save_draft (fixture, "Heute Abend: Lesung in der Backstube");
  g_autoptr(GPtrArray) queued = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_posted = 0;

  rz_outbox_stop (fixture->outbox);
  outbox = new_outbox (fixture, G_NETWORK_MONITOR (monitor));
  queued = enqueue (fixture, draft, now - 3600);

  rz_outbox_start (outbox);
  flush (outbox, &n_posted, NULL);
  g_assert_cmpuint (n_posted, ==, 0);
  g_assert_cmpuint (fixture->n_missed, ==, 0);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->servers[0], "POST", "/api/v1/statuses"), ==, 0);

  test_monitor_set_available (monitor, TRUE);
  wait_until_posted (fixture, draft, 10);
  g_assert_cmpuint (fixture->n_missed, ==, 2);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[0]), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->servers[1]), ==, 1);
}

static void
test_images_and_signed_out (Fixture       *fixture,
                            gconstpointer  data)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };
  g_autoptr(GBytes) image = g_bytes_new_static (png, sizeof png);
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *media;
  gint64 signed_out;
  guint n_posted = 0;
  guint n_failed = 0;

  rz_draft_set_core_text (draft, "Die neue Theke");
  rz_draft_add_channel (draft, "mastodon");
  rz_draft_add_image (draft, image, "image/png", "theke.png");
  rz_draft_set_image_alt_text (draft, 0, "Eine Holztheke voller Brote");
  g_assert_true (rz_database_save_draft (fixture->db, draft, &error));

  /* An account without a provider (never signed in on this computer). */
  signed_out = rz_database_add_account (fixture->db, "mastodon", "Zweigstelle", "https://elsewhere.example", "@zweig", &error);
  queued = rz_database_enqueue_posts (fixture->db, rz_draft_get_id (draft),
                                      (gint64[]) { fixture->account_ids[0], signed_out }, 2, 0, &error);
  g_assert_no_error (error);

  flush (fixture->outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 1);
  g_assert_cmpuint (n_failed, ==, 1);

  media = json_object_get_array_member (posted_status (fixture->servers[0], 0, parser), "media_ids");
  g_assert_cmpuint (json_array_get_length (media), ==, 1);

  posts = list_posts (fixture, draft);
  g_assert_cmpint (post_for_account (posts, signed_out)->state, ==, RZ_DRAFT_POST_FAILED);
  g_assert_nonnull (strstr (post_for_account (posts, signed_out)->error, "Sign in"));
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is contacted: the machine's proxy settings must not
   * matter (libproxy would read GNOME settings the isolated test lacks). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/rz/outbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("two-accounts", test_post_to_two_accounts);
  ADD ("timeout-then-retry", test_timeout_then_retry);
  ADD ("partial-failure", test_partial_failure);
  ADD ("crash-after-send", test_crash_after_send);
  ADD ("scheduled", test_scheduled);
  ADD ("missed-while-offline", test_missed_while_offline);
  ADD ("images-and-signed-out", test_images_and_signed_out);

#undef ADD

  return g_test_run ();
}
