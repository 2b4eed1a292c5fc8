/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replies to WordPress comments, as threaded comments, made once: before
 * posting again with the same idempotency key, the site is asked whether
 * the reply is there already. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-net-error.h"
#include "rz-wordpress-json.h"
#include "rz-wordpress-provider-private.h"

void
rz_wordpress_provider_post_async (RzProvider          *provider,
                                  const char          *text,
                                  const char * const  *media_ids,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  /* Blog posts are written in WordPress; Resonanz answers comments. */
  g_task_set_source_tag (task, rz_wordpress_provider_post_async);
  g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                           _("Resonanz answers comments on WordPress but does not write blog posts. Please write the post in WordPress."));
}

RzPostResult *
rz_wordpress_provider_post_finish (RzProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A reply goes out in steps: fetch the comment it answers (it must exist,
 * and the reply goes to its post: WordPress itself does not check that a
 * parent belongs to the post), look for the same reply from an earlier
 * attempt, post, and if posting failed in a way that leaves it open
 * whether it arrived, look again. */
typedef struct {
  char               *text;
  gboolean            idempotent;
  RzWordpressComment *parent;
  GError             *post_error;
} ReplyData;

static void
reply_data_free (gpointer user_data)
{
  ReplyData *data = user_data;

  g_free (data->text);
  g_clear_pointer (&data->parent, rz_wordpress_comment_free);
  g_clear_error (&data->post_error);
  g_free (data);
}

static void
return_reply (GTask                    *task,
              const RzWordpressComment *comment)
{
  RzPostResult *post = g_new0 (RzPostResult, 1);

  post->remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, comment->id);
  post->url = g_strdup (comment->link);
  g_task_return_pointer (task, post, (GDestroyNotify) rz_post_result_free);
}

static void
find_own_reply (GTask               *task,
                GAsyncReadyCallback  callback)
{
  RzWordpressProvider *self = g_task_get_source_object (task);
  ReplyData *data = g_task_get_task_data (task);
  g_autofree char *query = NULL;

  /* Our replies under that comment, held ones too; context=edit has the
   * content as it was sent. */
  query = g_strdup_printf ("post=%" G_GINT64_FORMAT "&parent=%" G_GINT64_FORMAT "&author=%" G_GINT64_FORMAT
                           "&status=all&context=edit&orderby=id&order=desc&per_page=%d",
                           data->parent->post, data->parent->id, self->user_id, PAGE_SIZE);
  rz_wordpress_api_async (self, "GET", "wp/v2/comments", query, NULL, g_task_get_cancellable (task),
             callback, g_object_ref (task));
}

static RzWordpressComment *
pick_own_reply (RzWordpressProvider  *self,
                GAsyncResult         *result,
                const char           *text,
                GError              **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) replies = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, error);
  if (node == NULL || (replies = rz_wordpress_json_parse_comments (node, error)) == NULL)
    return NULL;

  for (guint i = 0; i < replies->len; i++)
    {
      RzWordpressComment *reply = g_ptr_array_index (replies, i);

      if (reply->author == self->user_id && rz_wordpress_content_matches (reply, text))
        return g_ptr_array_steal_index (replies, i);
    }

  return NULL;
}

static void
on_posted_checked (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  ReplyData *data = g_task_get_task_data (task);
  g_autoptr(RzWordpressComment) existing = NULL;

  existing = pick_own_reply (self, result, data->text, NULL);
  if (existing != NULL)
    {
      g_debug ("The WordPress reply arrived despite the error");
      return_reply (task, existing);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&data->post_error));
}

static void
on_posted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  ReplyData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzWordpressComment) comment = NULL;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (node != NULL && (comment = rz_wordpress_json_parse_comment (node, &error)) != NULL)
    {
      return_reply (task, comment);
      return;
    }

  /* A timeout or a lost connection may come after WordPress saved the
   * reply; so may "duplicate comment" (409), when an earlier attempt
   * arrived. A cancelled attempt is left to the caller's next try. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN))
    {
      g_task_return_error (task, error);
      return;
    }

  data->post_error = error;
  find_own_reply (task, on_posted_checked);
}

static void
post_reply (GTask *task)
{
  RzWordpressProvider *self = g_task_get_source_object (task);
  ReplyData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *content = rz_wordpress_text_to_content (data->text);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "post");
  json_builder_add_int_value (builder, data->parent->post);
  json_builder_set_member_name (builder, "parent");
  json_builder_add_int_value (builder, data->parent->id);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* Sent once: whether a failed attempt arrived is looked up instead. */
  rz_wordpress_api_async (self, "POST", "wp/v2/comments", NULL, body, g_task_get_cancellable (task),
             on_posted, g_object_ref (task));
}

static void
on_existing_reply (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  ReplyData *data = g_task_get_task_data (task);
  g_autoptr(RzWordpressComment) existing = NULL;
  GError *error = NULL;

  existing = pick_own_reply (self, result, data->text, &error);
  if (existing != NULL)
    {
      g_debug ("An earlier attempt already posted this WordPress reply");
      return_reply (task, existing);
      return;
    }
  if (error != NULL)
    {
      /* Without knowing, posting could make it twice. */
      g_task_return_error (task, error);
      return;
    }

  post_reply (task);
}

static void
on_reply_parent (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReplyData *data = g_task_get_task_data (task);
  RzWordpressComment *parent;
  GError *error = NULL;

  parent = rz_wordpress_get_comment_finish (RZ_WORDPRESS_PROVIDER (object), result, &error);
  if (parent == NULL)
    {
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND,
                                       _("The comment you are answering was deleted on WordPress."));
        }
      g_task_return_error (task, error);
      return;
    }

  data->parent = parent;
  if (parent->post <= 0 || g_strcmp0 (parent->type, "comment") != 0)
    {
      g_task_return_error (task, rz_wordpress_new_not_found_error ());
      return;
    }
  if (g_strcmp0 (parent->status, "spam") == 0 || g_strcmp0 (parent->status, "trash") == 0)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The comment you are answering is marked as spam or in the trash on WordPress. Restore it there first."));
      return;
    }

  if (data->idempotent)
    find_own_reply (task, on_existing_reply);
  else
    post_reply (task);
}

void
rz_wordpress_provider_reply_async (RzProvider          *provider,
                                   const char          *parent_remote_id,
                                   const char          *text,
                                   const char * const  *media_ids,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReplyData *data;
  gint64 parent_id;
  gsize length;

  g_task_set_source_tag (task, rz_wordpress_provider_reply_async);
  if (rz_wordpress_provider_return_if_signed_out (self, task))
    return;
  if (!rz_wordpress_parse_remote_id (parent_remote_id, &parent_id))
    {
      g_task_return_error (task, rz_wordpress_new_not_found_error ());
      return;
    }
  if (media_ids != NULL && media_ids[0] != NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               _("WordPress comments cannot have images. Please remove the image."));
      return;
    }

  length = rz_text_length_graphemes (text);
  if (length == 0)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The reply is empty. Please write something first."));
      return;
    }
  if (length > MAX_COMMENT_CHARS)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("The reply is too long for a WordPress comment. Please shorten it."));
      return;
    }

  data = g_new0 (ReplyData, 1);
  data->text = g_strdup (text);
  data->idempotent = idempotency_key != NULL && idempotency_key[0] != '\0';
  g_task_set_task_data (task, data, reply_data_free);

  rz_wordpress_get_comment_async (self, parent_id, cancellable, on_reply_parent, g_steal_pointer (&task));
}

RzPostResult *
rz_wordpress_provider_reply_finish (RzProvider    *provider,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
rz_wordpress_provider_upload_media_async (RzProvider          *provider,
                                          GBytes              *bytes,
                                          const char          *content_type,
                                          const char          *alt_text,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_wordpress_provider_upload_media_async);
  g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                           _("WordPress comments cannot have images. Please remove the image."));
}

char *
rz_wordpress_provider_upload_media_finish (RzProvider    *provider,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
