/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RZ_TYPE_HTTP_REQUEST (rz_http_request_get_type ())

/* What to send, built by a provider and sent by RzHttpClient, which may send
 * it more than once (retries, redirects). The bearer token is kept apart
 * from the other headers so it is never logged and never follows a
 * redirect to another host. */
typedef struct _RzHttpRequest RzHttpRequest;

GType           rz_http_request_get_type            (void) G_GNUC_CONST;

RzHttpRequest  *rz_http_request_new                 (const char     *method,
                                                     const char     *uri);
RzHttpRequest  *rz_http_request_ref                 (RzHttpRequest  *self);
void            rz_http_request_unref               (RzHttpRequest  *self);

const char     *rz_http_request_get_method          (RzHttpRequest  *self);
const char     *rz_http_request_get_uri             (RzHttpRequest  *self);
const char     *rz_http_request_get_network_name    (RzHttpRequest  *self);
void            rz_http_request_set_network_name    (RzHttpRequest  *self,
                                                     const char     *network_name);
const char     *rz_http_request_get_bearer_token    (RzHttpRequest  *self);
void            rz_http_request_set_bearer_token    (RzHttpRequest  *self,
                                                     const char     *token);
const char     *rz_http_request_get_idempotency_key (RzHttpRequest  *self);
void            rz_http_request_set_idempotency_key (RzHttpRequest  *self,
                                                     const char     *key);
void            rz_http_request_add_header          (RzHttpRequest  *self,
                                                     const char     *name,
                                                     const char     *value);
void            rz_http_request_add_form_field      (RzHttpRequest  *self,
                                                     const char     *name,
                                                     const char     *value);
void            rz_http_request_set_json_body       (RzHttpRequest  *self,
                                                     JsonNode       *body);
void            rz_http_request_set_multipart_body  (RzHttpRequest  *self,
                                                     SoupMultipart  *multipart);
void            rz_http_request_set_body            (RzHttpRequest  *self,
                                                     const char     *content_type,
                                                     GBytes         *body);
gboolean        rz_http_request_is_retry_safe       (RzHttpRequest  *self);
SoupMessage    *rz_http_request_build_message       (RzHttpRequest  *self,
                                                     GUri           *uri,
                                                     gboolean        with_token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzHttpRequest, rz_http_request_unref)

G_END_DECLS
