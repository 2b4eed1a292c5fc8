/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-bluesky-provider.h"
#include "rz-mastodon-provider.h"
#include "rz-net-error.h"
#include "rz-providers.h"
#include "rz-wordpress-provider.h"

RzProvider *
rz_provider_new_for_account (RzHttpClient  *client,
                             RzAccount     *account,
                             GError       **error)
{
  const char *channel = rz_account_get_channel (account);
  const char *handle = rz_account_get_handle (account);
  const char *base_url = rz_account_get_base_url (account);

  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (RZ_IS_ACCOUNT (account), NULL);

  if (g_strcmp0 (channel, "mastodon") == 0 && base_url != NULL)
    return RZ_PROVIDER (rz_mastodon_provider_new (client, base_url));

  if (g_strcmp0 (channel, "bluesky") == 0 && handle != NULL)
    /* The stored session knows its server; the handle names the account. */
    return rz_bluesky_provider_new (client,
                                    g_strcmp0 (base_url, RZ_BLUESKY_DEFAULT_SERVICE) == 0 ? NULL : base_url,
                                    handle[0] == '@' ? handle + 1 : handle);

  /* The company blog is a WordPress site; the handle is the user name. */
  if (g_strcmp0 (channel, "blog") == 0 && handle != NULL && base_url != NULL)
    return rz_wordpress_provider_new (client, base_url, handle);

  g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
               /* Translators: %s is a network such as Instagram */
               _("Resonanz cannot connect to %s yet. Answer there and log your answer here."),
               rz_account_get_network_name (account));
  return NULL;
}
