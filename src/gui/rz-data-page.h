/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_DATA_PAGE (rz_data_page_get_type ())
G_DECLARE_FINAL_TYPE (RzDataPage, rz_data_page, RZ, DATA_PAGE, AdwPreferencesPage)

/* "Your Data" in the preferences: export everything, import an export,
 * delete everything (rows, backups and the keyring's sign-ins). */
GtkWidget *rz_data_page_new (RzContext *context);

G_END_DECLS
