/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rz-http-request.h"
#include "rz-http-response.h"

G_BEGIN_DECLS

#define RZ_TYPE_HTTP_CLIENT (rz_http_client_get_type ())
G_DECLARE_FINAL_TYPE (RzHttpClient, rz_http_client, RZ, HTTP_CLIENT, GObject)

/* The app's one HTTP client, shared by every provider: one SoupSession with
 * our user agent and timeouts, https only (plain http only to this
 * computer), certificate errors never accepted. It retries reads and
 * idempotent writes after network and server errors with exponential
 * backoff and jitter, waits out rate limits it is told about (emitting
 * ::rate-limited so the UI can say until when), and turns every failure
 * into an RZ_NET_ERROR. */
RzHttpClient   *rz_http_client_new                  (void);

SoupSession    *rz_http_client_get_session          (RzHttpClient         *self);
guint           rz_http_client_get_timeout          (RzHttpClient         *self);
void            rz_http_client_set_timeout          (RzHttpClient         *self,
                                                     guint                 seconds);
void            rz_http_client_set_retry_policy     (RzHttpClient         *self,
                                                     guint                 max_attempts,
                                                     guint                 base_delay_ms);
void            rz_http_client_set_max_wait         (RzHttpClient         *self,
                                                     guint                 seconds);
gint64          rz_http_client_get_wait_until       (RzHttpClient         *self,
                                                     const char           *uri);

void            rz_http_client_send_async           (RzHttpClient         *self,
                                                     RzHttpRequest        *request,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RzHttpResponse *rz_http_client_send_finish          (RzHttpClient         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

gboolean        rz_http_check_uri                   (const char           *uri,
                                                     GError              **error);

G_END_DECLS
