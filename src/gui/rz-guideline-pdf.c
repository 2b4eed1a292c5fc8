/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "rz-guideline-pdf.h"
#include "rz-markdown.h"

/* A4 in points, with margins of about 2 cm. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_X      62.0
#define MARGIN_TOP    62.0
#define MARGIN_BOTTOM 70.0
#define LIST_INDENT   16.0
#define FONT_FAMILY   "Sans"
#define BODY_SIZE     10.5

typedef struct
{
  cairo_t *cr;
  double   y;
  guint    page;
  gboolean page_has_content;
} Pen;

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_page_number (Pen *pen)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (pen->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY " 8.5");
  g_autofree char *text = g_strdup_printf ("%u", pen->page);
  int width, height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_set_source_rgb (pen->cr, 0.35, 0.35, 0.35);
  cairo_move_to (pen->cr, (PAGE_WIDTH - width) / 2.0, PAGE_HEIGHT - MARGIN_BOTTOM / 2.0 - height / 2.0);
  pango_cairo_show_layout (pen->cr, layout);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
}

static void
new_page (Pen *pen)
{
  draw_page_number (pen);
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = MARGIN_TOP;
  pen->page_has_content = FALSE;
}

static double
space_left (Pen *pen)
{
  return PAGE_HEIGHT - MARGIN_BOTTOM - pen->y;
}

/* Shows @layout at @x from the pen's position on, line by line, so a long
 * paragraph breaks across pages. @marker, if any, goes left of the first
 * line at @marker_x. */
static void
show_layout (Pen         *pen,
             PangoLayout *layout,
             double       x,
             PangoLayout *marker,
             double       marker_x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = pen->y;
  gboolean first = TRUE;

  do
    {
      PangoRectangle logical;
      double top, height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

      if (offset + top + height > PAGE_HEIGHT - MARGIN_BOTTOM && pen->page_has_content)
        {
          new_page (pen);
          offset = MARGIN_TOP - top;
        }

      cairo_move_to (pen->cr, x + (double) logical.x / PANGO_SCALE, offset + baseline);
      pango_cairo_show_layout_line (pen->cr, pango_layout_iter_get_line_readonly (iter));

      if (first && marker != NULL)
        {
          PangoLayoutLine *line = pango_layout_get_line_readonly (marker, 0);

          cairo_move_to (pen->cr, marker_x, offset + baseline);
          pango_cairo_show_layout_line (pen->cr, line);
        }

      first = FALSE;
      pen->page_has_content = TRUE;
      pen->y = offset + top + height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static PangoLayout *
create_layout (Pen        *pen,
               const char *markup,
               double      size,
               gboolean    bold,
               gboolean    italic,
               double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pen->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (italic)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
draw_heading (Pen                   *pen,
              const RzMarkdownBlock *block,
              const char            *markup)
{
  static const double sizes[] = { 20.0, 15.0, 12.5, 11.0, 11.0, 11.0 };
  double size = sizes[MIN (block->level, 6) - 1];
  double width = PAGE_WIDTH - 2 * MARGIN_X;
  g_autoptr(PangoLayout) layout = create_layout (pen, markup, size, TRUE, FALSE, width);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  if (pen->page_has_content)
    pen->y += block->level == 1 ? 18.0 : 12.0;
  /* Keep a heading with at least two lines of what follows it. */
  if (pen->page_has_content && space_left (pen) < height + 3 * BODY_SIZE * 1.4)
    new_page (pen);
  show_layout (pen, layout, MARGIN_X, NULL, 0);
  pen->y += block->level == 1 ? 10.0 : 5.0;
}

static void
draw_list_item (Pen                   *pen,
                const RzMarkdownBlock *block,
                const char            *markup)
{
  static const char *bullets[] = { "•", "◦", "▪" };
  double indent = LIST_INDENT * (block->level + 1);
  double width = PAGE_WIDTH - 2 * MARGIN_X - indent;
  g_autoptr(PangoLayout) layout = create_layout (pen, markup, BODY_SIZE, FALSE, FALSE, width);
  g_autoptr(PangoLayout) marker = NULL;
  g_autofree char *number = NULL;
  int marker_width;

  if (block->ordered)
    number = g_strdup_printf ("%u.", block->number);
  marker = create_layout (pen, number != NULL ? number : bullets[MIN (block->level, 2)],
                          BODY_SIZE, FALSE, FALSE, LIST_INDENT * 2);
  pango_layout_get_pixel_size (marker, &marker_width, NULL);

  show_layout (pen, layout, MARGIN_X + indent, marker,
               MARGIN_X + indent - MAX (marker_width + 5.0, LIST_INDENT * 0.6));
  pen->y += 3.0;
}

static void
draw_quote (Pen        *pen,
            const char *markup)
{
  double width = PAGE_WIDTH - 2 * MARGIN_X - LIST_INDENT;
  g_autoptr(PangoLayout) layout = create_layout (pen, markup, BODY_SIZE, FALSE, TRUE, width);
  double top = pen->y;
  guint page = pen->page;

  show_layout (pen, layout, MARGIN_X + LIST_INDENT, NULL, 0);
  /* A bar along the quote, on its last page. */
  if (page != pen->page)
    top = MARGIN_TOP;
  cairo_set_source_rgb (pen->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (pen->cr, 2.0);
  cairo_move_to (pen->cr, MARGIN_X + 4.0, top);
  cairo_line_to (pen->cr, MARGIN_X + 4.0, pen->y);
  cairo_stroke (pen->cr);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  pen->y += 8.0;
}

static void
draw_rule (Pen *pen)
{
  if (space_left (pen) < 20.0)
    {
      new_page (pen);
      return;
    }
  pen->y += 6.0;
  cairo_set_source_rgb (pen->cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (pen->cr, 0.75);
  cairo_move_to (pen->cr, MARGIN_X, pen->y);
  cairo_line_to (pen->cr, PAGE_WIDTH - MARGIN_X, pen->y);
  cairo_stroke (pen->cr);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  pen->y += 12.0;
}

static void
draw_block (Pen                   *pen,
            const RzMarkdownBlock *block)
{
  g_autofree char *markup = rz_markdown_inline_to_markup (block->text);

  switch (block->kind)
    {
    case RZ_MARKDOWN_HEADING:
      draw_heading (pen, block, markup);
      break;
    case RZ_MARKDOWN_LIST_ITEM:
      draw_list_item (pen, block, markup);
      break;
    case RZ_MARKDOWN_QUOTE:
      draw_quote (pen, markup);
      break;
    case RZ_MARKDOWN_RULE:
      draw_rule (pen);
      break;
    case RZ_MARKDOWN_PARAGRAPH:
    default:
      {
        g_autoptr(PangoLayout) layout = NULL;

        layout = create_layout (pen, markup, BODY_SIZE, FALSE, FALSE, PAGE_WIDTH - 2 * MARGIN_X);
        show_layout (pen, layout, MARGIN_X, NULL, 0);
        pen->y += 8.0;
      }
      break;
    }
}

GBytes *
rz_guideline_pdf_render (const char  *markdown,
                         GError     **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GPtrArray) blocks = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pen pen = { NULL, MARGIN_TOP, 1, FALSE };

  g_return_val_if_fail (markdown != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  blocks = rz_markdown_parse (markdown);
  surface = cairo_pdf_surface_create_for_stream (write_to_array, data, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Resonanz");
  for (guint i = 0; i < blocks->len; i++)
    {
      RzMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == RZ_MARKDOWN_HEADING)
        {
          g_autofree char *title = rz_markdown_inline_to_plain (block->text);

          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
          break;
        }
    }

  pen.cr = cairo_create (surface);
  for (guint i = 0; i < blocks->len; i++)
    draw_block (&pen, g_ptr_array_index (blocks, i));
  draw_page_number (&pen);
  cairo_show_page (pen.cr);

  status = cairo_status (pen.cr);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is cairo's reason, in English. */
                   _("Could not create the PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = rz_guideline_pdf_render (task_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
replace_contents_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
render_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  GFile *file = g_task_get_task_data (task);

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), replace_contents_cb,
                                       g_object_ref (task));
}

void
rz_guideline_pdf_export_async (const char          *markdown,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) render = NULL;

  g_return_if_fail (markdown != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_guideline_pdf_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  render = g_task_new (NULL, cancellable, render_cb, g_object_ref (task));
  g_task_set_source_tag (render, rz_guideline_pdf_render);
  g_task_set_task_data (render, g_strdup (markdown), g_free);
  g_task_run_in_thread (render, render_thread);
}

gboolean
rz_guideline_pdf_export_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_guideline_pdf_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
