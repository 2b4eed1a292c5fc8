/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The schema version the last migration produces. */
int       rz_migrations_get_latest (void);

/* Brings @db from its PRAGMA user_version up to @target_version, one
 * migration per transaction, so a failure leaves the last complete version.
 * Tests pass an older @target_version to build old databases. */
gboolean  rz_migrations_apply      (sqlite3  *db,
                                    int       target_version,
                                    GError  **error);

G_END_DECLS
