/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The guideline on A4 paper, for the notice board and the staff folder:
 * headings, paragraphs, lists and quotes of the Markdown, with page
 * numbers. The first heading becomes the document's title. */
GBytes   *rz_guideline_pdf_render        (const char           *markdown,
                                          GError              **error);

/* Renders on a worker thread and writes @file without blocking the main
 * loop; an existing file is replaced. */
void      rz_guideline_pdf_export_async  (const char           *markdown,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  rz_guideline_pdf_export_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
