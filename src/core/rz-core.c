/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rz-core.h"
#include "rz-data-resources.h"

void
rz_core_init (void)
{
  static gsize initialized = 0;

  /* The resource is registered by hand: a constructor in a static library
   * is dropped by the linker when nothing references its object file. */
  if (g_once_init_enter (&initialized))
    {
      rz_data_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

GBytes *
rz_core_lookup_data (const char  *relative_path,
                     GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (relative_path != NULL && relative_path[0] == '/', NULL);

  rz_core_init ();
  path = g_strconcat (RESOURCE_PREFIX, relative_path, NULL);
  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
