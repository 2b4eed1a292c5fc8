/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account-banner.h"
#include "rz-application.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-drafts-page.h"
#include "rz-inbox-page.h"
#include "rz-plan-page.h"
#include "rz-gui-util.h"
#include "rz-window-private.h"
#include "rz-wizard.h"

G_DEFINE_FINAL_TYPE (RzWindow, rz_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  gboolean is_empty;
  gboolean has_demo;
  int      wizard_step;
} DataState;

/* Storage messages may end in SQLite's own English detail; for the cases the
 * user can act on, say it in our words. */
static const char *
describe_open_error (const GError *error)
{
  if (g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT))
    return _("Resonanz could not read its data file. It may have been damaged by a crash or a disk problem.");
  if (g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW))
    return _("The data file was saved by a newer version of Resonanz. Update Resonanz to open it.");
  return error->message;
}

static void
rz_window_show_error_page (RzWindow     *self,
                           const GError *error)
{
  adw_status_page_set_description (self->error_page, describe_open_error (error));
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static gpointer
read_data_state_job (RzDatabase    *db,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree DataState *state = g_new0 (DataState, 1);

  if (!rz_database_is_empty (db, &state->is_empty, error) ||
      !rz_database_has_demo (db, &state->has_demo, error) ||
      !rz_database_get_wizard_progress (db, &state->wizard_step, NULL, error))
    return NULL;
  return g_steal_pointer (&state);
}

static void
read_data_state_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree DataState *state = NULL;

  state = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (state == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rz_window_show_error_page (self, error);
      return;
    }

  self->has_demo = state->has_demo;
  rz_window_set_demo_banner (self, state->has_demo);
  if (state->is_empty &&
      rz_application_take_demo_request (RZ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)))))
    {
      rz_window_load_demo (self);
      return;
    }

  /* The wizard stays until it is finished or cancelled. */
  if (self->wizard != NULL)
    {
      rz_window_update_actions (self);
      return;
    }

  /* A wizard left in the middle goes on where it was, once per start. */
  if (!self->wizard_resume_checked)
    {
      self->wizard_resume_checked = TRUE;
      if (!state->is_empty && state->wizard_step != RZ_DATABASE_WIZARD_FINISHED)
        {
          rz_window_show_wizard (self);
          return;
        }
    }

  gtk_stack_set_visible_child_name (self->main_stack, state->is_empty ? "welcome" : "sections");
  rz_window_update_actions (self);
}

void
rz_window_refresh (RzWindow *self)
{
  RzDatabase *db = rz_context_get_database (self->context);

  g_return_if_fail (RZ_IS_WINDOW (self));

  if (db == NULL)
    return;

  /* Closing the window cancels; the reference keeps it valid until then. */
  rz_database_run_async (db, read_data_state_job, NULL, NULL, g_free,
                         self->cancellable, read_data_state_cb, g_object_ref (self));
}

static void recovery_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

typedef enum {
  RECOVERY_RESTORE,
  RECOVERY_START_FRESH,
} RecoveryKind;

static void
recovery_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RzWindow *self = source_object;
  RecoveryKind kind = GPOINTER_TO_INT (task_data);
  const char *path = rz_context_get_database_path (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;
  gboolean ok;

  if (kind == RECOVERY_RESTORE)
    ok = rz_database_restore_backup (path, &error);
  else
    ok = rz_database_move_aside (path, &moved_to, &error);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&moved_to), g_free);
}

static void
run_recovery (RzWindow     *self,
              RecoveryKind  kind)
{
  g_autoptr(GTask) task = NULL;

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  task = g_task_new (self, self->cancellable, recovery_cb, NULL);
  g_task_set_source_tag (task, run_recovery);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  g_task_run_in_thread (task, recovery_thread);
}

static void
recovery_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RzWindow *self = RZ_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  moved_to = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rz_window_show_error_page (self, error);
      return;
    }

  if (moved_to != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the path where the damaged file was kept. */
      message = g_strdup_printf (_("The damaged file was kept as %s"), moved_to);
      rz_window_show_toast (self, message);
    }
  rz_window_open_database (self);
}

static void
damaged_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            gpointer          user_data)
{
  RzWindow *self = user_data;

  if (g_strcmp0 (response, "restore") == 0)
    run_recovery (self, RECOVERY_RESTORE);
  else if (g_strcmp0 (response, "fresh") == 0)
    run_recovery (self, RECOVERY_START_FRESH);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
show_damaged_dialog (RzWindow     *self,
                     const GError *error)
{
  const char *path = rz_context_get_database_path (self->context);
  g_autofree char *backup = rz_database_dup_latest_backup (path);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  gboolean too_new = g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW);

  if (backup != NULL)
    body = g_strdup_printf ("%s\n\n%s", describe_open_error (error),
                            _("You can restore the latest backup, or start fresh. "
                              "Either way the current file is kept next to it, so nothing is deleted."));
  else
    body = g_strdup_printf ("%s\n\n%s", describe_open_error (error),
                            _("There is no backup yet. You can start fresh; "
                              "the current file is kept next to it, so nothing is deleted."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       too_new ? _("Data From a Newer Version")
                                                               : _("Your Data File Is Damaged"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "quit", _("_Quit"),
                                    "fresh", _("_Start Fresh"),
                                    NULL);
  if (backup != NULL)
    {
      adw_message_dialog_add_response (dialog, "restore", _("_Restore Backup"));
      adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "restore");
    }
  else
    {
      adw_message_dialog_set_default_response (dialog, "fresh");
    }
  adw_message_dialog_set_close_response (dialog, "quit");
  g_signal_connect_object (dialog, "response", G_CALLBACK (damaged_dialog_response_cb), self, 0);

  rz_window_show_error_page (self, error);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Preferences → Your Data: how many daily backups to keep. */
static void
backup_days_changed_cb (RzWindow *self)
{
  if (self->backup_schedule != NULL)
    rz_backup_schedule_set_keep_days (self->backup_schedule,
                                      g_settings_get_uint (self->settings, "backup-days"));
}

static void
open_database_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RzWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rz_context_open_finish (RZ_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Could not open the database: %s", error->message);
      if (g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT) ||
          g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW))
        show_damaged_dialog (self, error);
      else
        rz_window_show_error_page (self, error);
      return;
    }

  rz_inbox_page_set_context (RZ_INBOX_PAGE (self->inbox_page), self->context);
  rz_drafts_page_set_context (RZ_DRAFTS_PAGE (self->drafts_page), self->context);
  rz_plan_page_set_context (RZ_PLAN_PAGE (self->plan_page), self->context);
  rz_context_start_auto_sync (self->context);
  /* A copy of the data once a day, for "Restore Backup". */
  g_clear_pointer (&self->backup_schedule, rz_backup_schedule_unref);
  self->backup_schedule =
    rz_database_schedule_daily_backups (rz_context_get_database (self->context),
                                        g_settings_get_uint (self->settings, "backup-days"),
                                        self->cancellable);
  rz_window_refresh (self);
}

/* The database is opened once the window's first frame is painted: the
 * check of the file reads all of it, and a big inbox loaded and laid out
 * before that frame would hold it up. The window shows "loading" until
 * then. */
static gboolean
open_after_first_frame (gpointer user_data)
{
  g_autoptr(RzWindow) self = user_data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    rz_window_open_database (self);
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted (GdkFrameClock *clock,
                     RzWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, self);
  /* After the frame went out to the display server. */
  g_idle_add (open_after_first_frame, g_object_ref (self));
}

static void
window_mapped (RzWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, window_mapped, NULL);
  if (clock == NULL)
    g_idle_add (open_after_first_frame, g_object_ref (self));
  else
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_painted), self, 0);
}

void
rz_window_open_database (RzWindow *self)
{
  g_return_if_fail (RZ_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  if (rz_context_get_database (self->context) != NULL)
    {
      rz_window_refresh (self);
      return;
    }
  rz_context_open_async (self->context, self->cancellable, open_database_cb,
                         g_object_ref (self));
}

/* The bottom switcher is for narrow windows, and only where the sections
 * are: the welcome, loading and error pages have no sections to switch. */
static void
update_switcher_bar (RzWindow *self)
{
  gboolean sections = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sections") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, sections);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    sections && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
on_data_changed (RzWindow *self)
{
  rz_window_refresh (self);
}

static void
on_sync_progress (RzWindow *self,
                  guint     n_done,
                  guint     n_total)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), RZ_TYPE_WINDOW, "sync_button"));
  g_autofree char *tooltip = NULL;

  if (n_done < n_total)
    /* Translators: %1$u accounts done of %2$u, while fetching */
    tooltip = g_strdup_printf (ngettext ("Fetching new comments: %1$u of %2$u account",
                                         "Fetching new comments: %1$u of %2$u accounts", n_total),
                               n_done, n_total);
  gtk_widget_set_tooltip_text (button, tooltip != NULL ? tooltip : _("Fetch New Comments (Ctrl+R)"));
}

static void
close_wizard (RzWindow *self)
{
  if (self->wizard == NULL)
    return;
  gtk_stack_remove (self->main_stack, self->wizard);
  self->wizard = NULL;
}

static void
on_wizard_finished (RzWindow *self)
{
  g_clear_pointer (&self->page_before_wizard, g_free);
  adw_view_stack_set_visible_child_name (self->view_stack, "plan");
  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  close_wizard (self);
  rz_window_update_actions (self);
}

static void
on_wizard_cancelled (RzWindow *self)
{
  g_autofree char *before = g_steal_pointer (&self->page_before_wizard);

  if (g_strcmp0 (before, "welcome") == 0 || g_strcmp0 (before, "sections") == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, before);
      close_wizard (self);
      rz_window_update_actions (self);
    }
  else
    {
      /* Resumed at start: there is no page to go back to yet. */
      close_wizard (self);
      rz_window_refresh (self);
    }
}

void
rz_window_show_wizard (RzWindow *self)
{
  g_return_if_fail (RZ_IS_WINDOW (self));

  if (rz_context_get_database (self->context) == NULL)
    return;

  if (self->wizard == NULL)
    {
      g_free (self->page_before_wizard);
      self->page_before_wizard = g_strdup (gtk_stack_get_visible_child_name (self->main_stack));
      self->wizard = rz_wizard_new (self->context);
      g_signal_connect_object (self->wizard, "finished",
                               G_CALLBACK (on_wizard_finished), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->wizard, "cancelled",
                               G_CALLBACK (on_wizard_cancelled), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->main_stack, self->wizard, "wizard");
    }
  gtk_stack_set_visible_child_name (self->main_stack, "wizard");
  rz_window_update_actions (self);
}

void
rz_window_set_demo_banner (RzWindow *self,
                           gboolean  visible)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  adw_banner_set_revealed (ADW_BANNER (self->banner), visible);
#else
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), visible);
#endif
}

static GtkWidget *
create_demo_banner (void)
{
  const char *title = _("You are exploring sample data. Nothing here is real or sent anywhere.");
  const char *button_label = _("_Remove Sample Data");
#if ADW_CHECK_VERSION (1, 3, 0)
  GtkWidget *banner = adw_banner_new (title);

  adw_banner_set_button_label (ADW_BANNER (banner), button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (banner), "win.remove-demo");
  return banner;
#else
  /* libadwaita 1.2 has no AdwBanner: the same look from plain widgets. */
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_center_box_new ();
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.remove-demo");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (box), label);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (box), button);
  gtk_widget_add_css_class (box, "rz-banner");
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  return revealer;
#endif
}

static gboolean
rz_window_close_request (GtkWindow *window)
{
  RzWindow *self = RZ_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "last-section",
                         adw_view_stack_get_visible_child_name (self->view_stack));

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rz_window_parent_class)->close_request (window);
}

static void
rz_window_constructed (GObject *object)
{
  RzWindow *self = RZ_WINDOW (object);
  g_autofree char *section = NULL;

  G_OBJECT_CLASS (rz_window_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed",
                           G_CALLBACK (on_data_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (update_switcher_bar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher_bar), self, G_CONNECT_SWAPPED);

  /* Accounts: a banner for their problems, a spinner while fetching. */
  gtk_box_prepend (self->banner_slot, rz_account_banner_new (self->context));
  g_signal_connect_object (self->context, "sync-progress",
                           G_CALLBACK (on_sync_progress), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->context, "syncing",
                          gtk_widget_get_template_child (GTK_WIDGET (self), RZ_TYPE_WINDOW, "sync_spinner"),
                          "spinning", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->context, "syncing",
                          gtk_widget_get_template_child (GTK_WIDGET (self), RZ_TYPE_WINDOW, "sync_spinner"),
                          "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->context, "syncing",
                          gtk_widget_get_template_child (GTK_WIDGET (self), RZ_TYPE_WINDOW, "sync_icon"),
                          "visible", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  section = g_settings_get_string (self->settings, "last-section");
  adw_view_stack_set_visible_child_name (self->view_stack, section);

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  g_signal_connect (self, "map", G_CALLBACK (window_mapped), NULL);
}

static void
rz_window_dispose (GObject *object)
{
  RzWindow *self = RZ_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_WINDOW);

  G_OBJECT_CLASS (rz_window_parent_class)->dispose (object);
}

static void
rz_window_finalize (GObject *object)
{
  RzWindow *self = RZ_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->backup_schedule, rz_backup_schedule_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_pointer (&self->page_before_wizard, g_free);

  G_OBJECT_CLASS (rz_window_parent_class)->finalize (object);
}

static void
rz_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RzWindow *self = RZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RzWindow *self = RZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_window_class_init (RzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rz_window_constructed;
  object_class->dispose = rz_window_dispose;
  object_class->finalize = rz_window_finalize;
  object_class->get_property = rz_window_get_property;
  object_class->set_property = rz_window_set_property;
  window_class->close_request = rz_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RZ_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RZ_TYPE_INBOX_PAGE);
  g_type_ensure (RZ_TYPE_DRAFTS_PAGE);
  g_type_ensure (RZ_TYPE_PLAN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, banner_slot);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, inbox_page);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, drafts_page);
  gtk_widget_class_bind_template_child (widget_class, RzWindow, plan_page);
  gtk_widget_class_bind_template_child_full (widget_class, "sync_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sync_icon", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sync_spinner", FALSE, 0);

  rz_window_class_install_actions (widget_class);
}

static void
rz_window_init (RzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::backup-days",
                            G_CALLBACK (backup_days_changed_cb), self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->banner = create_demo_banner ();
  gtk_box_append (self->banner_slot, self->banner);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

RzWindow *
rz_window_new (RzApplication *application,
               RzContext     *context)
{
  return g_object_new (RZ_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

RzContext *
rz_window_get_context (RzWindow *self)
{
  g_return_val_if_fail (RZ_IS_WINDOW (self), NULL);
  return self->context;
}

void
rz_window_show_toast (RzWindow   *self,
                      const char *message)
{
  g_return_if_fail (RZ_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, rz_toast_new_literal (message));
}
