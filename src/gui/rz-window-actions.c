/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-context.h"
#include "rz-database.h"
#include "rz-drafts-page.h"
#include "rz-window-private.h"

void
rz_window_update_actions (RzWindow *self)
{
  RzDatabase *db = rz_context_get_database (self->context);
  gboolean ready = db != NULL && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-demo", ready && !self->has_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-demo", ready && self->has_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-wizard", ready && self->wizard == NULL);
  /* The draft editor arrives with its own issue. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-draft", ready);
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RzWindow *self = RZ_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rz_window_open_database (RZ_WINDOW (widget));
}

static gpointer
load_demo_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return rz_database_load_demo (db, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
remove_demo_job (RzDatabase    *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return rz_database_remove_demo (db, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void undo_remove_demo (RzWindow *self);

static void
demo_job_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loading = !self->has_demo;

  self->busy = FALSE;
  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (loading ? _("Could not load the sample data: %s")
                                             : _("Could not remove the sample data: %s"),
                                     error->message);
          rz_window_show_toast (self, message);
        }
      rz_window_refresh (self);
      return;
    }

  self->has_demo = loading;
  if (loading)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "inbox");
    }
  else
    {
      AdwToast *toast = adw_toast_new (_("Sample data removed"));

      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked",
                               G_CALLBACK (undo_remove_demo), self, G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  rz_context_emit_data_changed (self->context);
}

static void
run_demo_job (RzWindow      *self,
              RzDatabaseJob  job)
{
  RzDatabase *db = rz_context_get_database (self->context);

  if (db == NULL || self->busy)
    return;

  self->busy = TRUE;
  rz_window_update_actions (self);
  rz_database_run_async (db, job, NULL, NULL, NULL, self->cancellable,
                         demo_job_cb, g_object_ref (self));
}

static void
undo_remove_demo (RzWindow *self)
{
  if (!self->has_demo)
    run_demo_job (self, load_demo_job);
}

void
rz_window_load_demo (RzWindow *self)
{
  run_demo_job (self, load_demo_job);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rz_window_load_demo (RZ_WINDOW (widget));
}

static void
remove_demo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  run_demo_job (RZ_WINDOW (widget), remove_demo_job);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RzWindow) self = user_data;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  report = rz_context_sync_finish (RZ_CONTEXT (object), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rz_window_show_toast (self, error->message);
      return;
    }

  /* The first line; the accounts banner keeps the problems in view. */
  summary = rz_sync_report_dup_summary (report);
  summary[strcspn (summary, "\n")] = '\0';
  rz_window_show_toast (self, summary);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzWindow *self = RZ_WINDOW (widget);

  rz_context_sync_async (self->context, self->cancellable, sync_cb, g_object_ref (self));
}

static void
start_wizard_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rz_window_show_wizard (RZ_WINDOW (widget));
}

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RzWindow *self = RZ_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  adw_view_stack_set_visible_child_name (self->view_stack, "drafts");
  rz_drafts_page_new_draft (RZ_DRAFTS_PAGE (self->drafts_page));
}

void
rz_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.section", "s", section_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "win.remove-demo", NULL, remove_demo_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.start-wizard", NULL, start_wizard_action);
  gtk_widget_class_install_action (widget_class, "win.new-draft", NULL, new_draft_action);
}
