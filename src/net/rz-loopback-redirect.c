/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rz-loopback-redirect.h"
#include "rz-net-error.h"

#define CALLBACK_PATH "/callback"

struct _RzLoopbackRedirect
{
  GObject     parent_instance;

  SoupServer *server;
  char       *state;
  char       *uri;
  char       *code;           /* received, not yet handed out */
  GError     *error;          /* received instead of a code */
  GTask      *pending;        /* a wait in progress */
  gboolean    answered;
  GSource    *cancel_source;
};

G_DEFINE_FINAL_TYPE (RzLoopbackRedirect, rz_loopback_redirect, G_TYPE_OBJECT)

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *page = NULL;

  page = g_markup_printf_escaped ("<!DOCTYPE html>\n"
                                  "<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
                                  "<body style=\"font-family: sans-serif; margin: 3em auto; max-width: 32em\">\n"
                                  "<h1>%s</h1>\n<p>%s</p>\n</body></html>\n",
                                  title, title, text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
  /* Keep the code out of the browser's history of referrers. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Referrer-Policy", "no-referrer");
}

static void
complete_pending (RzLoopbackRedirect *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->pending);

  if (task == NULL)
    return;

  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }

  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&self->code), g_free);
}

static gboolean
stop_listening (gpointer user_data)
{
  RzLoopbackRedirect *self = user_data;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  return G_SOURCE_REMOVE;
}

static void
on_answer_finished (SoupServerMessage *msg,
                    gpointer           user_data)
{
  RzLoopbackRedirect *self = user_data;

  /* One answer is all we wait for; stop once the page reached the browser. */
  g_idle_add_full (G_PRIORITY_DEFAULT, stop_listening, g_object_ref (self), g_object_unref);
}

static void
handle_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RzLoopbackRedirect *self = user_data;
  const char *state;
  const char *code;
  const char *error;

  if (strcmp (soup_server_message_get_method (msg), "GET") != 0 || strcmp (path, CALLBACK_PATH) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (self->answered)
    {
      respond_page (msg, SOUP_STATUS_GONE, _("Already signed in"),
                    _("This sign-in has already been completed. You can close this page."));
      return;
    }

  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  /* Without our state the answer belongs to another sign-in, or was forged
   * by another page: refuse it and keep waiting for the real one. */
  if (state == NULL || strcmp (state, self->state) != 0)
    {
      g_debug ("Refused a sign-in answer with a wrong state");
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, _("Sign-in not recognised"),
                    _("This answer does not belong to the sign-in Resonanz started. Please start the sign-in in Resonanz again."));
      return;
    }

  if (error != NULL)
    {
      self->error = g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_ACCESS_DENIED,
                                 _("The sign-in was not allowed in the browser. Start it again to connect the account."));
      respond_page (msg, SOUP_STATUS_OK, _("Sign-in cancelled"),
                    _("Resonanz was not connected. You can close this page."));
    }
  else if (code != NULL && code[0] != '\0')
    {
      self->code = g_strdup (code);
      respond_page (msg, SOUP_STATUS_OK, _("Resonanz is connected"),
                    _("You can close this page and go back to Resonanz."));
    }
  else
    {
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, _("Sign-in not recognised"),
                    _("The answer from the server is incomplete. Please start the sign-in in Resonanz again."));
      return;
    }

  self->answered = TRUE;
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_answer_finished), self, 0);
  complete_pending (self);
}

/**
 * rz_loopback_redirect_new:
 * @state: the OAuth state sent with the authorisation request
 *
 * Starts listening on 127.0.0.1 at a port the system picks.
 */
RzLoopbackRedirect *
rz_loopback_redirect_new (const char  *state,
                          GError     **error)
{
  g_autoptr(RzLoopbackRedirect) self = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (state != NULL && state[0] != '\0', NULL);

  self = g_object_new (RZ_TYPE_LOOPBACK_REDIRECT, NULL);
  self->state = g_strdup (state);
  self->server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle_callback, self, NULL);

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_FAILED,
                   _("Resonanz could not receive the sign-in on this computer."));
      return NULL;
    }

  self->uri = g_strdup_printf ("http://127.0.0.1:%d" CALLBACK_PATH, g_uri_get_port (uris->data));
  return g_steal_pointer (&self);
}

/* The redirect URI to register and send in the authorisation request. */
const char *
rz_loopback_redirect_get_uri (RzLoopbackRedirect *self)
{
  g_return_val_if_fail (RZ_IS_LOOPBACK_REDIRECT (self), NULL);

  return self->uri;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  RzLoopbackRedirect *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->pending);

  g_clear_pointer (&self->cancel_source, g_source_unref);
  if (task != NULL)
    g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

/* Waits until the browser brings the code; finishes with the code, or with
 * RZ_NET_ERROR_ACCESS_DENIED if the user declined. */
void
rz_loopback_redirect_wait_async (RzLoopbackRedirect  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RZ_IS_LOOPBACK_REDIRECT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->pending == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_loopback_redirect_wait_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  self->pending = g_steal_pointer (&task);
  if (self->code != NULL || self->error != NULL)
    {
      complete_pending (self);
      return;
    }

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (on_wait_cancelled),
                             g_object_ref (self), g_object_unref);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }
}

char *
rz_loopback_redirect_wait_finish (RzLoopbackRedirect  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (RZ_IS_LOOPBACK_REDIRECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stops listening; a wait in progress is not finished by this. */
void
rz_loopback_redirect_close (RzLoopbackRedirect *self)
{
  g_return_if_fail (RZ_IS_LOOPBACK_REDIRECT (self));

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static void
rz_loopback_redirect_dispose (GObject *object)
{
  RzLoopbackRedirect *self = RZ_LOOPBACK_REDIRECT (object);

  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  rz_loopback_redirect_close (self);

  G_OBJECT_CLASS (rz_loopback_redirect_parent_class)->dispose (object);
}

static void
rz_loopback_redirect_finalize (GObject *object)
{
  RzLoopbackRedirect *self = RZ_LOOPBACK_REDIRECT (object);

  g_assert (self->pending == NULL);

  g_free (self->state);
  g_free (self->uri);
  g_free (self->code);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (rz_loopback_redirect_parent_class)->finalize (object);
}

static void
rz_loopback_redirect_class_init (RzLoopbackRedirectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rz_loopback_redirect_dispose;
  object_class->finalize = rz_loopback_redirect_finalize;
}

static void
rz_loopback_redirect_init (RzLoopbackRedirect *self)
{
}
