/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RZ_TYPE_LOOPBACK_REDIRECT (rz_loopback_redirect_get_type ())
G_DECLARE_FINAL_TYPE (RzLoopbackRedirect, rz_loopback_redirect, RZ, LOOPBACK_REDIRECT, GObject)

/* Receives the answer of an OAuth authorisation in the browser (RFC 8252):
 * a one-shot web server on 127.0.0.1 with a random port. The browser is
 * sent to http://127.0.0.1:PORT/callback?code=…&state=…; an answer with
 * the wrong state is refused and the wait goes on. Listens on the
 * thread-default main context it was created in. */
RzLoopbackRedirect *rz_loopback_redirect_new         (const char           *state,
                                                      GError              **error);
const char         *rz_loopback_redirect_get_uri     (RzLoopbackRedirect   *self);
void                rz_loopback_redirect_wait_async  (RzLoopbackRedirect   *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char               *rz_loopback_redirect_wait_finish (RzLoopbackRedirect   *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                rz_loopback_redirect_close       (RzLoopbackRedirect   *self);

G_END_DECLS
