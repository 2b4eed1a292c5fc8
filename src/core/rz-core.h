/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the data shipped inside the binary (channel catalogue, word
 * lists, demo data) under RESOURCE_PREFIX. Safe to call many times. */
void rz_core_init (void);

/* Reads a resource below RESOURCE_PREFIX ("/channels.json") as bytes. */
GBytes *rz_core_lookup_data (const char  *relative_path,
                             GError     **error);

G_END_DECLS
