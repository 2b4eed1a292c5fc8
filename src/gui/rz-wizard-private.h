/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Gives @text a mnemonic on its first letter that is neither in @used nor
 * in @reserved, so lists built at run time work with Alt too, in every
 * language; adds the letter to @used. Underscores in @text stay text. */
char *rz_wizard_dup_with_mnemonic (const char *text,
                                   const char *reserved,
                                   GString    *used);

G_END_DECLS
