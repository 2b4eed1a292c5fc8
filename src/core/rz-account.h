/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rz-types.h"

G_BEGIN_DECLS

/* How an account fared the last time Resonanz talked to its network, in
 * this session. Only NEEDS_SIGN_IN outlives a restart (as the stored
 * state); the others are live. */
typedef enum {
  RZ_ACCOUNT_STATUS_UNKNOWN = 0,     /* not checked yet */
  RZ_ACCOUNT_STATUS_CONNECTED,
  RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN,   /* the network refused the sign-in */
  RZ_ACCOUNT_STATUS_RATE_LIMITED,    /* see wait-until */
  RZ_ACCOUNT_STATUS_UNREACHABLE,     /* no connection, or the server is down */
  RZ_ACCOUNT_STATUS_FAILED,          /* anything else; see status-message */
} RzAccountStatus;

#define RZ_TYPE_ACCOUNT_STATUS (rz_account_status_get_type ())
GType rz_account_status_get_type (void) G_GNUC_CONST;

/* The stored states of an account (accounts.state). */
#define RZ_ACCOUNT_STATE_NEW            "new"
#define RZ_ACCOUNT_STATE_CONNECTED      "connected"
#define RZ_ACCOUNT_STATE_NEEDS_SIGN_IN  "needs-sign-in"
#define RZ_ACCOUNT_STATE_DEMO           "demo"

#define RZ_TYPE_ACCOUNT (rz_account_get_type ())
G_DECLARE_FINAL_TYPE (RzAccount, rz_account, RZ, ACCOUNT, GObject)

/* One of the business's own accounts on a network: what the database
 * keeps about it (never a secret: those live in the keyring) and how it
 * is doing right now. Lives on the main thread. */
RzAccount       *rz_account_new                (void);

gint64           rz_account_get_id             (RzAccount       *self);
void             rz_account_set_id             (RzAccount       *self,
                                                gint64           id);
const char      *rz_account_get_channel        (RzAccount       *self);
void             rz_account_set_channel        (RzAccount       *self,
                                                const char      *channel);
const char      *rz_account_get_display_name   (RzAccount       *self);
void             rz_account_set_display_name   (RzAccount       *self,
                                                const char      *display_name);
/* The server, e.g. https://social.example; the keyring entry is found by
 * channel, base url and handle. */
const char      *rz_account_get_base_url       (RzAccount       *self);
void             rz_account_set_base_url       (RzAccount       *self,
                                                const char      *base_url);
const char      *rz_account_get_handle         (RzAccount       *self);
void             rz_account_set_handle         (RzAccount       *self,
                                                const char      *handle);
const char      *rz_account_get_remote_user_id (RzAccount       *self);
void             rz_account_set_remote_user_id (RzAccount       *self,
                                                const char      *remote_user_id);
const char      *rz_account_get_state          (RzAccount       *self);
void             rz_account_set_state          (RzAccount       *self,
                                                const char      *state);
/* Where the next fetch of the inbox starts; NULL before the first. */
const char      *rz_account_get_cursor         (RzAccount       *self);
void             rz_account_set_cursor         (RzAccount       *self,
                                                const char      *cursor);
/* Unix seconds of the last complete fetch, or 0. */
gint64           rz_account_get_synced_at      (RzAccount       *self);
void             rz_account_set_synced_at      (RzAccount       *self,
                                                gint64           unix_time);
gboolean         rz_account_get_is_demo        (RzAccount       *self);
void             rz_account_set_is_demo        (RzAccount       *self,
                                                gboolean         is_demo);

RzAccountStatus  rz_account_get_status         (RzAccount       *self);
/* µs of Unix time until which the network asked us to wait, or 0. */
gint64           rz_account_get_wait_until     (RzAccount       *self);
/* A translated message that says what went wrong and what to do, or NULL. */
const char      *rz_account_get_status_message (RzAccount       *self);
void             rz_account_set_status         (RzAccount       *self,
                                                RzAccountStatus  status,
                                                gint64           wait_until_us,
                                                const char      *message);

/* The handle, or the display name for accounts without one. */
const char      *rz_account_get_title          (RzAccount       *self);
/* The network's own name for the channels Resonanz connects to, e.g.
 * "Mastodon"; the channel id for others. */
const char      *rz_account_get_network_name   (RzAccount       *self);

G_END_DECLS
