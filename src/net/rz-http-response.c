/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-http-response.h"
#include "rz-net-error.h"

struct _RzHttpResponse
{
  gatomicrefcount     ref_count;

  guint               status;
  GUri               *uri;
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *network_name;
  RzRateLimit         rate_limit;
  gboolean            has_rate_limit;
};

G_DEFINE_BOXED_TYPE (RzHttpResponse, rz_http_response, rz_http_response_ref, rz_http_response_unref)

RzHttpResponse *
rz_http_response_new (guint               status,
                      GUri               *uri,
                      SoupMessageHeaders *headers,
                      GBytes             *body,
                      const char         *network_name)
{
  RzHttpResponse *self;
  const char *limit;
  const char *remaining;
  const char *reset;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (network_name != NULL, NULL);

  self = g_new0 (RzHttpResponse, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->uri = g_uri_ref (uri);
  self->headers = soup_message_headers_ref (headers);
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->network_name = g_strdup (network_name);

  /* Mastodon sends X-RateLimit-*, AT Protocol servers RateLimit-*. */
  limit = soup_message_headers_get_one (headers, "X-RateLimit-Limit");
  remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");
  reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  if (limit == NULL && remaining == NULL && reset == NULL)
    {
      limit = soup_message_headers_get_one (headers, "RateLimit-Limit");
      remaining = soup_message_headers_get_one (headers, "RateLimit-Remaining");
      reset = soup_message_headers_get_one (headers, "RateLimit-Reset");
    }
  self->has_rate_limit = rz_http_parse_rate_limit (limit, remaining, reset,
                                                   g_get_real_time (), &self->rate_limit);

  return self;
}

RzHttpResponse *
rz_http_response_ref (RzHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rz_http_response_unref (RzHttpResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_uri_unref (self->uri);
  soup_message_headers_unref (self->headers);
  g_bytes_unref (self->body);
  g_free (self->network_name);
  g_free (self);
}

guint
rz_http_response_get_status (RzHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/* The address that answered, after redirects. */
GUri *
rz_http_response_get_uri (RzHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uri;
}

GBytes *
rz_http_response_get_body (RzHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body;
}

const char *
rz_http_response_get_header (RzHttpResponse *self,
                             const char     *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_list (self->headers, name);
}

gboolean
rz_http_response_get_rate_limit (RzHttpResponse *self,
                                 RzRateLimit    *out)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = self->rate_limit;
  return self->has_rate_limit;
}

/* The absolute address of the Link header entry with @rel ("next",
 * "prev"), or NULL. Callers check it points where they expect before
 * sending a token there. */
char *
rz_http_response_dup_link (RzHttpResponse *self,
                           const char     *rel)
{
  g_autofree char *reference = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GUri) base_uri = NULL;
  g_autoptr(GUri) resolved = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rel != NULL, NULL);

  reference = rz_http_parse_link (rz_http_response_get_header (self, "Link"), rel);
  if (reference == NULL)
    return NULL;

  /* Not g_uri_resolve_relative(): for a reference like "x:/.//y" (a path
   * that becomes "//y", without a host) GLib 2.74 logs a critical instead
   * of failing. An address without a host is none we could open anyway. */
  base = g_uri_to_string (self->uri);
  base_uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);
  if (base_uri == NULL)
    return NULL;
  resolved = g_uri_parse_relative (base_uri, reference, G_URI_FLAGS_ENCODED, NULL);
  if (resolved == NULL || g_uri_get_host (resolved) == NULL)
    return NULL;

  return g_uri_to_string (resolved);
}

JsonNode *
rz_http_response_parse_json (RzHttpResponse  *self,
                             GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (self != NULL, NULL);

  data = g_bytes_get_data (self->body, &len);
  parser = json_parser_new_immutable ();
  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      /* Not the parser's message: it may quote the body, which can hold a
       * token. */
      g_debug ("Unreadable JSON from %s (%" G_GSIZE_FORMAT " bytes)", self->network_name, len);
      g_propagate_error (error, rz_net_error_new_invalid_response (self->network_name));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}
