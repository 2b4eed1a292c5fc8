/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-catalogue.h"

G_BEGIN_DECLS

/* Every user-visible string of data/channels.json, marked with N_() in
 * rz-catalogue-strings.c so that xgettext finds them. NULL-terminated. */
extern const char * const rz_catalogue_strings[];

/* The untranslated source string, as written in the JSON file. */
const char *rz_channel_info_get_name_msgid (RzChannelInfo *info);
const char *rz_channel_info_get_risk_msgid (RzChannelInfo *info,
                                            guint          position);

G_END_DECLS
