/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_COMMENT_ROW (rz_comment_row_get_type ())
G_DECLARE_FINAL_TYPE (RzCommentRow, rz_comment_row, RZ, COMMENT_ROW, GtkWidget)

GtkWidget *rz_comment_row_new         (void);
/* Shows @comment (or nothing for NULL) on the channel called
 * @channel_name; @now is the time waits count to. */
void       rz_comment_row_set_comment (RzCommentRow *self,
                                       RzComment    *comment,
                                       const char   *channel_name,
                                       gint64        now,
                                       gint64        target_seconds);

G_END_DECLS
