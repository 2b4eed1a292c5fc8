/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-database.h"

G_DEFINE_QUARK (rz-storage-error-quark, rz_storage_error)
