/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bluesky posts and replies, with facets and images, made once: each
 * attempt with the same idempotency key uses the same record key. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-bluesky-facets.h"
#include "rz-bluesky-json.h"
#include "rz-bluesky-provider-private.h"
#include "rz-bluesky-tid.h"
#include "rz-net-error.h"

/* app.bsky.embed.images takes images up to 1,000,000 bytes. */
#define MAX_IMAGE_BYTES      1000000
#define MAX_MENTIONS         20
/* Besides 300 graphemes, a post's text may have at most 3000 bytes of
 * UTF-8 (app.bsky.feed.post): emoji made of several characters reach
 * that first. */
#define MAX_TEXT_BYTES       3000

/* A post goes out in steps: look whether an earlier attempt with the same
 * idempotency key already made it (its record key is derived from the
 * key), fetch what a reply refers to, resolve mentioned handles to DIDs,
 * create the record under that key, and if that fails in a way that
 * leaves it open whether it was made, look again. */
typedef struct {
  char             *parent_uri;
  char             *text;
  GStrv             media_ids;
  char             *rkeys[2];         /* this day's key, yesterday's */
  guint             n_rkeys;
  guint             checked;
  RzBlueskyPostRef *parent;
  GPtrArray        *facets;
  GPtrArray        *handles;          /* to resolve, unique */
  guint             resolved;
  GHashTable       *dids;             /* handle → did */
  GError           *create_error;
} PostData;

static void
post_data_free (gpointer user_data)
{
  PostData *data = user_data;

  g_free (data->parent_uri);
  g_free (data->text);
  g_strfreev (data->media_ids);
  g_free (data->rkeys[0]);
  g_free (data->rkeys[1]);
  g_clear_pointer (&data->parent, rz_bluesky_post_ref_free);
  g_clear_pointer (&data->facets, g_ptr_array_unref);
  g_clear_pointer (&data->handles, g_ptr_array_unref);
  g_clear_pointer (&data->dids, g_hash_table_unref);
  g_clear_error (&data->create_error);
  g_free (data);
}

static void
return_post_result (GTask      *task,
                    const char *uri)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  RzPostResult *post = g_new0 (RzPostResult, 1);

  post->remote_id = g_strdup (uri);
  post->url = rz_bluesky_post_url (uri, self->session != NULL ? self->session->handle : NULL);
  g_task_return_pointer (task, post, (GDestroyNotify) rz_post_result_free);
}

static void
get_own_record (GTask               *task,
                const char          *rkey,
                GAsyncReadyCallback  callback)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  RzBlueskyCall *call = rz_bluesky_call_new ("GET", "com.atproto.repo.getRecord", RZ_BLUESKY_CALL_AUTH);

  rz_bluesky_call_add_param (call, "repo", self->session->did);
  rz_bluesky_call_add_param (call, "collection", RZ_BLUESKY_POST_COLLECTION);
  rz_bluesky_call_add_param (call, "rkey", rkey);
  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), callback, g_object_ref (task));
}

static void
on_created_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL && rz_bluesky_json_parse_record_ref (node, &uri, NULL, NULL))
    {
      g_debug ("The Bluesky post was made despite the error");
      return_post_result (task, uri);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&data->create_error));
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *uri = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL && rz_bluesky_json_parse_record_ref (node, &uri, NULL, &error))
    {
      return_post_result (task, uri);
      return;
    }

  /* A timeout, a lost connection or a server error (a second create
   * under the same key is one) may come after the record was made. A
   * cancelled attempt is left to the caller's next try with the same key. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL ||
      g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED))
    {
      g_task_return_error (task, error);
      return;
    }

  data->create_error = error;
  get_own_record (task, data->rkeys[0], on_created_checked);
}

static void
create_record (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) facets = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *created_at = NULL;
  GError *error = NULL;
  RzBlueskyCall *call;

  facets = rz_bluesky_facets_to_json (data->facets, data->dids);
  created_at = rz_bluesky_format_datetime (g_get_real_time ());
  record = rz_bluesky_json_build_post (data->text, created_at, facets, data->parent,
                                       (const char * const *) data->media_ids, &error);
  if (record == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "repo");
  json_builder_add_string_value (builder, self->session->did);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, RZ_BLUESKY_POST_COLLECTION);
  json_builder_set_member_name (builder, "rkey");
  json_builder_add_string_value (builder, data->rkeys[0]);
  json_builder_set_member_name (builder, "record");
  json_builder_add_value (builder, g_steal_pointer (&record));
  json_builder_end_object (builder);

  /* Sent once: the HTTP client does not repeat it on its own. Whether a
   * failed attempt took effect is checked by its record key instead. */
  call = rz_bluesky_call_new ("POST", "com.atproto.repo.createRecord", RZ_BLUESKY_CALL_AUTH);
  call->json_body = json_builder_get_root (builder);
  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_created, g_object_ref (task));
}

static void resolve_next_handle (GTask *task);

static void
on_handle_resolved (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  const char *handle = g_ptr_array_index (data->handles, data->resolved);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *did = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL)
    did = rz_bluesky_json_parse_did (node, &error);

  if (did != NULL)
    g_hash_table_replace (data->dids, g_strdup (handle), g_steal_pointer (&did));
  else if (rz_bluesky_error_is_not_found (error))
    {
      /* Nobody has that handle: it stays text, as in Bluesky's app. */
      g_debug ("A mentioned Bluesky handle does not resolve; it stays plain text");
      g_clear_error (&error);
    }
  else
    {
      g_task_return_error (task, error);
      return;
    }

  data->resolved++;
  resolve_next_handle (task);
}

static void
resolve_next_handle (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  RzBlueskyCall *call;

  if (data->resolved >= data->handles->len)
    {
      create_record (task);
      return;
    }

  call = rz_bluesky_call_new ("GET", "com.atproto.identity.resolveHandle", 0);
  rz_bluesky_call_add_param (call, "handle", g_ptr_array_index (data->handles, data->resolved));
  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_handle_resolved, g_object_ref (task));
}

static void
find_mentions (GTask *task)
{
  PostData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);

  data->facets = rz_bluesky_facets_detect (data->text);
  data->handles = g_ptr_array_new_with_free_func (g_free);
  data->dids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < data->facets->len && data->handles->len < MAX_MENTIONS; i++)
    {
      RzBlueskyFacet *facet = g_ptr_array_index (data->facets, i);

      if (facet->kind == RZ_BLUESKY_FACET_MENTION && g_hash_table_add (unique, facet->value))
        g_ptr_array_add (data->handles, g_strdup (facet->value));
    }

  resolve_next_handle (task);
}

static void
on_parent (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node == NULL || (refs = rz_bluesky_json_parse_posts (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < refs->len; i++)
    {
      RzBlueskyPostRef *ref = g_ptr_array_index (refs, i);

      if (strcmp (ref->uri, data->parent_uri) == 0)
        data->parent = g_ptr_array_steal_index (refs, i);
    }

  if (data->parent == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND,
                               _("The Bluesky post you are answering was deleted, or is no longer visible to this account."));
      return;
    }

  find_mentions (task);
}

/* A reply refers to its parent and to its thread's first post, each by
 * address and content hash: the AppView knows both. */
static void
fetch_parent (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  RzBlueskyCall *call;

  if (data->parent_uri == NULL)
    {
      find_mentions (task);
      return;
    }

  call = rz_bluesky_call_new ("GET", "app.bsky.feed.getPosts", RZ_BLUESKY_CALL_AUTH | RZ_BLUESKY_CALL_PROXY);
  rz_bluesky_call_add_param (call, "uris", data->parent_uri);
  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_parent, g_object_ref (task));
}

static void check_next_rkey (GTask *task);

static void
on_rkey_checked (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *uri = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL && rz_bluesky_json_parse_record_ref (node, &uri, NULL, &error))
    {
      g_debug ("An earlier attempt already made this Bluesky post");
      return_post_result (task, uri);
      return;
    }

  if (!rz_bluesky_error_is_not_found (error))
    {
      /* Without knowing, posting could make it twice. */
      g_task_return_error (task, error);
      return;
    }

  g_clear_error (&error);
  data->checked++;
  check_next_rkey (task);
}

static void
check_next_rkey (GTask *task)
{
  PostData *data = g_task_get_task_data (task);

  if (data->checked >= data->n_rkeys)
    {
      fetch_parent (task);
      return;
    }

  get_own_record (task, data->rkeys[data->checked], on_rkey_checked);
}

static gboolean
check_post (GTask              *task,
            const char         *text,
            const char * const *media_ids)
{
  gsize length = rz_text_length_graphemes (text);
  guint n_media = media_ids != NULL ? g_strv_length ((char **) media_ids) : 0;

  if (length == 0 && n_media == 0)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The post is empty. Please write something first."));
      return FALSE;
    }

  if (length > RZ_TEXT_LENGTH_BLUESKY_MAX)
    {
      guint over = (guint) MIN (length - RZ_TEXT_LENGTH_BLUESKY_MAX, G_MAXUINT);

      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               /* Translators: %u is a number of characters */
                               ngettext ("The text is %u character too long for Bluesky (at most 300). Please shorten it.",
                                         "The text is %u characters too long for Bluesky (at most 300). Please shorten it.",
                                         over),
                               over);
      return FALSE;
    }

  if (strlen (text) > MAX_TEXT_BYTES)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The text is too long for Bluesky: emoji and some other characters count several times. Please shorten it."));
      return FALSE;
    }

  if (n_media > RZ_BLUESKY_MAX_IMAGES)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("Bluesky allows at most four images in a post. Please remove some."));
      return FALSE;
    }

  return TRUE;
}

static void
start_post (RzBlueskyProvider  *self,
            GTask              *task,
            const char         *parent_uri,
            const char         *text,
            const char * const *media_ids,
            const char         *idempotency_key)
{
  PostData *data;
  gint64 now_us = g_get_real_time ();

  if (rz_bluesky_provider_return_if_signed_out (self, task) || !check_post (task, text, media_ids))
    return;

  data = g_new0 (PostData, 1);
  data->parent_uri = g_strdup (parent_uri);
  data->text = g_strdup (text);
  data->media_ids = g_strdupv ((char **) media_ids);
  g_task_set_task_data (task, data, post_data_free);

  if (idempotency_key != NULL && idempotency_key[0] != '\0')
    {
      data->rkeys[0] = rz_bluesky_tid_for_key (idempotency_key, now_us, 0);
      data->rkeys[1] = rz_bluesky_tid_for_key (idempotency_key, now_us, 1);
      data->n_rkeys = 2;
    }
  else
    {
      /* No key, no retry: a fresh record key is enough. */
      data->rkeys[0] = rz_bluesky_tid_new (now_us, g_random_int_range (0, 1024));
      data->n_rkeys = 0;
    }

  check_next_rkey (task);
}

void
rz_bluesky_provider_post_async (RzProvider          *provider,
                                const char          *text,
                                const char * const  *media_ids,
                                const char          *idempotency_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_bluesky_provider_post_async);
  start_post (self, task, NULL, text, media_ids, idempotency_key);
}

RzPostResult *
rz_bluesky_provider_post_finish (RzProvider    *provider,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
rz_bluesky_provider_reply_async (RzProvider          *provider,
                                 const char          *parent_remote_id,
                                 const char          *text,
                                 const char * const  *media_ids,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_bluesky_provider_reply_async);
  if (!rz_bluesky_parse_at_uri (parent_remote_id, NULL, NULL, NULL))
    {
      g_task_return_error (task, rz_bluesky_new_not_found_error ());
      return;
    }

  start_post (self, task, parent_remote_id, text, media_ids, idempotency_key);
}

RzPostResult *
rz_bluesky_provider_reply_finish (RzProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- media --------------------------------------------------------------- */

typedef struct {
  char *alt_text;
} UploadData;

static void
on_blob_uploaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  char *media_id;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node == NULL ||
      (media_id = rz_bluesky_json_media_id_from_blob (node, g_task_get_task_data (task), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, media_id, g_free);
}

void
rz_bluesky_provider_upload_media_async (RzProvider          *provider,
                                        GBytes              *bytes,
                                        const char          *content_type,
                                        const char          *alt_text,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RzBlueskyCall *call;

  g_task_set_source_tag (task, rz_bluesky_provider_upload_media_async);
  g_task_set_task_data (task, g_strdup (alt_text), g_free);
  if (rz_bluesky_provider_return_if_signed_out (self, task))
    return;

  if (!g_str_has_prefix (content_type, "image/"))
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               _("Resonanz can only attach images to Bluesky posts."));
      return;
    }

  if (g_bytes_get_size (bytes) > MAX_IMAGE_BYTES)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The image is larger than Bluesky allows (1 MB). Please use a smaller image."));
      return;
    }

  /* An upload that is never posted is cleaned up by the server: sending
   * it twice does no harm, so the client may retry it. */
  call = rz_bluesky_call_new ("POST", "com.atproto.repo.uploadBlob", RZ_BLUESKY_CALL_AUTH);
  call->raw_body = g_bytes_ref (bytes);
  call->content_type = g_strdup (content_type);
  rz_bluesky_xrpc_async (self, call, cancellable, on_blob_uploaded, g_steal_pointer (&task));
}

char *
rz_bluesky_provider_upload_media_finish (RzProvider    *provider,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
