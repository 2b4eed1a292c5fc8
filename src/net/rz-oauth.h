/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OAuth 2.0 helpers shared by the providers that sign in through a
 * browser. */
char *rz_oauth_random_token   (gsize       n_bytes);
char *rz_oauth_pkce_challenge (const char *verifier);
void  rz_oauth_clear_secret   (char      **secret);

G_END_DECLS
