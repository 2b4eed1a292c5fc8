/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rz-http-parse.h"

G_BEGIN_DECLS

#define RZ_TYPE_HTTP_RESPONSE (rz_http_response_get_type ())

/* A successful answer (2xx) as RzHttpClient hands it over: status, headers,
 * the whole body, and what the rate limit headers said. */
typedef struct _RzHttpResponse RzHttpResponse;

GType               rz_http_response_get_type       (void) G_GNUC_CONST;

RzHttpResponse     *rz_http_response_new            (guint                status,
                                                     GUri                *uri,
                                                     SoupMessageHeaders  *headers,
                                                     GBytes              *body,
                                                     const char          *network_name);
RzHttpResponse     *rz_http_response_ref            (RzHttpResponse      *self);
void                rz_http_response_unref          (RzHttpResponse      *self);

guint               rz_http_response_get_status     (RzHttpResponse      *self);
GUri               *rz_http_response_get_uri        (RzHttpResponse      *self);
GBytes             *rz_http_response_get_body       (RzHttpResponse      *self);
const char         *rz_http_response_get_header     (RzHttpResponse      *self,
                                                     const char          *name);
gboolean            rz_http_response_get_rate_limit (RzHttpResponse      *self,
                                                     RzRateLimit         *out);
char               *rz_http_response_dup_link       (RzHttpResponse      *self,
                                                     const char          *rel);
JsonNode           *rz_http_response_parse_json     (RzHttpResponse      *self,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzHttpResponse, rz_http_response_unref)

G_END_DECLS
