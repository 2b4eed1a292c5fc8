/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RZ_NET_ERROR (rz_net_error_quark ())

/* What went wrong talking to a network, in terms the UI can act on. Every
 * error in this domain carries a translated message that says what to do.
 * Cancellation is not in this domain: it stays G_IO_ERROR_CANCELLED. */
typedef enum {
  RZ_NET_ERROR_FAILED,
  RZ_NET_ERROR_UNAUTHORIZED,        /* token revoked, wrong password: sign in again */
  RZ_NET_ERROR_FORBIDDEN,           /* signed in, but not allowed to do this */
  RZ_NET_ERROR_NOT_FOUND,           /* the post or account is gone */
  RZ_NET_ERROR_REJECTED,            /* the server refused the request (400, 422) */
  RZ_NET_ERROR_RATE_LIMITED,        /* too many requests, wait */
  RZ_NET_ERROR_SERVER_ERROR,        /* 5xx */
  RZ_NET_ERROR_UNREACHABLE,         /* no route, refused, reset, DNS */
  RZ_NET_ERROR_TIMEOUT,
  RZ_NET_ERROR_TLS,                 /* certificate not valid: nothing was sent */
  RZ_NET_ERROR_INVALID_RESPONSE,    /* malformed or truncated answer */
  RZ_NET_ERROR_INSECURE_URL,        /* plain http to a host that is not this computer */
  RZ_NET_ERROR_INVALID_URL,
  RZ_NET_ERROR_NO_KEYRING,          /* no Secret Service to keep the sign-in */
  RZ_NET_ERROR_KEYRING_LOCKED,
  RZ_NET_ERROR_ACCESS_DENIED,       /* the user declined in the browser */
  RZ_NET_ERROR_NOT_SUPPORTED,       /* the network cannot do this */
} RzNetError;

GQuark    rz_net_error_quark             (void);

GError   *rz_net_error_new_for_status    (guint         status,
                                          const char   *network_name,
                                          const char   *server_message);
GError   *rz_net_error_new_for_transport (const GError *error,
                                          const char   *network_name);
GError   *rz_net_error_new_rate_limited  (const char   *network_name,
                                          gint64        until_us);
GError   *rz_net_error_new_invalid_response (const char *network_name);
gboolean  rz_net_error_is_transient      (const GError *error);

char     *rz_net_format_wait_until       (const char   *network_name,
                                          gint64        until_us);

G_END_DECLS
