/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Links that come from the network (a comment's address, a post's) are
 * opened only when they are web addresses: an absolute http or https URI
 * with a host, without a user name or password in it (which could make
 * "https://bank.example@evil.example" look like the bank), without
 * spaces or control characters, and not absurdly long. Everything else
 * (file:, javascript:, data:, custom schemes of other programs, relative
 * paths) is never handed to the desktop. */
gboolean  rz_link_is_openable        (const char *uri);

/* The host @uri leads to, as it is really resolved: lower case, and an
 * internationalized name in its ASCII (punycode) form, so a look-alike
 * name cannot pass for another. Show it before opening. NULL when @uri is
 * not openable. */
char     *rz_link_dup_display_host   (const char *uri);

G_END_DECLS
