/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast whose title is shown as it is, never read as Pango markup. */
AdwToast *rz_toast_new_literal (const char *text);

/* Opens @uri in the browser if it is a web address (rz_link_is_openable());
 * anything else is refused and FALSE returned. The window of @widget is
 * the parent of any dialog the system shows. */
gboolean  rz_gui_open_link     (GtkWidget  *widget,
                                const char *uri);

G_END_DECLS
