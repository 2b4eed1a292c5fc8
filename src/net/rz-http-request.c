/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-http-request.h"
#include "rz-oauth.h"

struct _RzHttpRequest
{
  gatomicrefcount  ref_count;

  char            *method;
  char            *uri;
  char            *network_name;
  char            *bearer_token;
  char            *idempotency_key;
  GPtrArray       *headers;          /* name, value, name, value, … */
  GString         *form;             /* application/x-www-form-urlencoded */
  char            *content_type;
  GBytes          *body;
};

G_DEFINE_BOXED_TYPE (RzHttpRequest, rz_http_request, rz_http_request_ref, rz_http_request_unref)

RzHttpRequest *
rz_http_request_new (const char *method,
                     const char *uri)
{
  RzHttpRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (RzHttpRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_ascii_strup (method, -1);
  self->uri = g_strdup (uri);
  self->headers = g_ptr_array_new_with_free_func (g_free);

  return self;
}

RzHttpRequest *
rz_http_request_ref (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rz_http_request_unref (RzHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_free (self->uri);
  g_free (self->network_name);
  rz_oauth_clear_secret (&self->bearer_token);
  g_free (self->idempotency_key);
  g_ptr_array_unref (self->headers);
  if (self->form != NULL)
    g_string_free (self->form, TRUE);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

const char *
rz_http_request_get_method (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

const char *
rz_http_request_get_uri (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uri;
}

/* The name errors and waiting notices use ("Mastodon"); the host when
 * none was set. */
const char *
rz_http_request_get_network_name (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->network_name;
}

void
rz_http_request_set_network_name (RzHttpRequest *self,
                                  const char    *network_name)
{
  g_return_if_fail (self != NULL);

  g_free (self->network_name);
  self->network_name = g_strdup (network_name);
}

const char *
rz_http_request_get_bearer_token (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bearer_token;
}

void
rz_http_request_set_bearer_token (RzHttpRequest *self,
                                  const char    *token)
{
  g_return_if_fail (self != NULL);

  rz_oauth_clear_secret (&self->bearer_token);
  self->bearer_token = g_strdup (token);
}

const char *
rz_http_request_get_idempotency_key (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->idempotency_key;
}

/* A request with an idempotency key may be sent again after a timeout or a
 * server error: the server recognises the key and does not act twice. */
void
rz_http_request_set_idempotency_key (RzHttpRequest *self,
                                     const char    *key)
{
  g_return_if_fail (self != NULL);

  g_free (self->idempotency_key);
  self->idempotency_key = g_strdup (key);
}

void
rz_http_request_add_header (RzHttpRequest *self,
                            const char    *name,
                            const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (g_ascii_strcasecmp (name, "Authorization") != 0);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/* Adds a field to an application/x-www-form-urlencoded body; a name may
 * repeat (media_ids[]). */
void
rz_http_request_add_form_field (RzHttpRequest *self,
                                const char    *name,
                                const char    *value)
{
  g_autofree char *escaped_name = NULL;
  g_autofree char *escaped_value = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (self->body == NULL);

  if (self->form == NULL)
    self->form = g_string_new (NULL);
  else
    g_string_append_c (self->form, '&');

  escaped_name = g_uri_escape_string (name, "[]", FALSE);
  escaped_value = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (self->form, "%s=%s", escaped_name, escaped_value);
}

void
rz_http_request_set_body (RzHttpRequest *self,
                          const char    *content_type,
                          GBytes        *body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (self->form == NULL);

  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_ref (body);
}

void
rz_http_request_set_json_body (RzHttpRequest *self,
                               JsonNode      *body)
{
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (self != NULL);
  g_return_if_fail (body != NULL);

  text = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  rz_http_request_set_body (self, "application/json", bytes);
}

void
rz_http_request_set_multipart_body (RzHttpRequest *self,
                                    SoupMultipart *multipart)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (multipart != NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &body);
  /* The content type carries the boundary the parts are split on. */
  rz_http_request_set_body (self, soup_message_headers_get_one (headers, "Content-Type"), body);
}

/* Only requests that cannot act twice are sent again on their own: reads,
 * and writes that carry an idempotency key. */
gboolean
rz_http_request_is_retry_safe (RzHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return strcmp (self->method, "GET") == 0 ||
         strcmp (self->method, "HEAD") == 0 ||
         (self->idempotency_key != NULL && self->idempotency_key[0] != '\0');
}

/* A fresh message for one attempt. @with_token is FALSE after a redirect to
 * another origin, so the token only ever goes where it was meant to. */
SoupMessage *
rz_http_request_build_message (RzHttpRequest *self,
                               GUri          *uri,
                               gboolean       with_token)
{
  SoupMessage *message;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  message = soup_message_new_from_uri (self->method, uri);
  headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Accept", "application/json");
  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (self->headers, i),
                                 g_ptr_array_index (self->headers, i + 1));

  if (with_token && self->bearer_token != NULL)
    {
      char *value = g_strconcat ("Bearer ", self->bearer_token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      rz_oauth_clear_secret (&value);
    }

  if (self->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", self->idempotency_key);

  if (self->form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (self->form->str, self->form->len);

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
    }
  else if (self->body != NULL)
    soup_message_set_request_body_from_bytes (message, self->content_type, self->body);

  /* Redirects are followed by RzHttpClient, which checks each target. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  return message;
}
