/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_INBOX_PAGE (rz_inbox_page_get_type ())
G_DECLARE_FINAL_TYPE (RzInboxPage, rz_inbox_page, RZ, INBOX_PAGE, AdwBin)

void rz_inbox_page_set_context (RzInboxPage *self,
                                RzContext   *context);

G_END_DECLS
