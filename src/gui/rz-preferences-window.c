/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account-row.h"
#include "rz-add-account-dialog.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-data-page.h"
#include "rz-preferences-window.h"
#include "rz-reminder.h"
#include "rz-gui-util.h"

struct _RzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RzContext            *context;
  GSettings            *settings;
  GCancellable         *cancellable;

  GtkSpinButton        *sync_interval_spin;
  GtkSwitch            *reminder_switch;
  GtkWidget            *reminder_time_row;
  GtkSpinButton        *reminder_hour_spin;
  GtkSpinButton        *reminder_minute_spin;
  gboolean              showing_time;
  GtkListBox           *accounts_list;
  GtkListBox           *templates_list;
};

G_DEFINE_FINAL_TYPE (RzPreferencesWindow, rz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
account_added_cb (RzPreferencesWindow *self,
                  RzAccount           *account)
{
  g_autofree char *message = NULL;

  /* Translators: %s is an account, e.g. @cafe@social.example */
  message = g_strdup_printf (_("%s is connected. Fetching its comments…"), rz_account_get_title (account));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), rz_toast_new_literal (message));
}

static RzAddAccountDialog *
open_add_account_dialog (RzPreferencesWindow *self)
{
  RzAddAccountDialog *dialog = rz_add_account_dialog_new (GTK_WINDOW (self), self->context);

  g_signal_connect_object (dialog, "account-added", G_CALLBACK (account_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_add_account_dialog (RZ_PREFERENCES_WINDOW (widget));
}

static void
sign_in_requested_cb (RzAccountRow        *row,
                      RzPreferencesWindow *self)
{
  RzAddAccountDialog *dialog = open_add_account_dialog (self);

  rz_add_account_dialog_sign_in_again (dialog, rz_account_row_get_account (row));
}

static void
account_removed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RzPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rz_context_remove_account_finish (RZ_CONTEXT (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why, and what to do */
      message = g_strdup_printf (_("Could not sign out: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), rz_toast_new_literal (message));
      return;
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Signed out, and the account removed")));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RzPreferencesWindow *self = user_data;
  RzAccount *account = g_object_get_data (G_OBJECT (dialog), "rz-account");

  if (g_strcmp0 (response, "remove") != 0)
    return;

  rz_context_remove_account_async (self->context, account, self->cancellable,
                                   account_removed_cb, g_object_ref (self));
}

static void
remove_requested_cb (RzAccountRow        *row,
                     RzPreferencesWindow *self)
{
  RzAccount *account = rz_account_row_get_account (row);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  /* Translators: %s is an account, e.g. @cafe@social.example */
  heading = g_strdup_printf (_("Sign Out of %s?"), rz_account_get_title (account));
  body = g_strdup_printf (
    /* Translators: %s is a network such as Mastodon */
    _("Signing out deletes the password or access token from your keyring. "
      "The comments fetched for this account are removed from Resonanz; nothing is deleted on %s."),
    rz_account_get_network_name (account));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rz-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  RzPreferencesWindow *self = user_data;
  GtkWidget *row = rz_account_row_new (item);

  g_signal_connect_object (row, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), self, 0);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (remove_requested_cb), self, 0);
  return row;
}

/* --- saved replies --------------------------------------------------------- */

static void load_templates (RzPreferencesWindow *self);

static gpointer
list_templates_job (RzDatabase    *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rz_database_list_reply_templates (db, error);
}

static void
template_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RzPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rz_database_change_reply_template_finish (RZ_DATABASE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says what went wrong */
      message = g_strdup_printf (_("Could not change the saved replies: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), rz_toast_new_literal (message));
      return;
    }

  load_templates (self);
  /* The reply pane offers the new list and checks against it. */
  rz_context_emit_data_changed (self->context);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
template_fields_changed_cb (AdwMessageDialog *dialog)
{
  GtkEditable *title = g_object_get_data (G_OBJECT (dialog), "rz-title");
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "rz-buffer");
  g_autofree char *title_text = g_strstrip (g_strdup (gtk_editable_get_text (title)));
  g_autofree char *text = dup_buffer_text (buffer);

  adw_message_dialog_set_response_enabled (dialog, "save", title_text[0] != '\0' && text[0] != '\0');
}

static void
template_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      RzPreferencesWindow *self)
{
  RzReplyTemplate *template = g_object_get_data (G_OBJECT (dialog), "rz-template");
  GtkEditable *title = g_object_get_data (G_OBJECT (dialog), "rz-title");
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "rz-buffer");
  RzDatabase *db = rz_context_get_database (self->context);
  g_autoptr(RzReplyTemplate) changed = NULL;

  if (g_strcmp0 (response, "save") != 0 || db == NULL)
    return;

  changed = rz_reply_template_copy (template);
  g_free (changed->title);
  changed->title = g_strstrip (g_strdup (gtk_editable_get_text (title)));
  g_free (changed->text);
  changed->text = dup_buffer_text (buffer);
  rz_database_save_reply_template_async (db, changed, self->cancellable, template_written_cb, g_object_ref (self));
}

static void
edit_template (RzPreferencesWindow   *self,
               const RzReplyTemplate *template)
{
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_entry_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       template->id == 0 ? _("New Saved Reply") : _("Edit Saved Reply"),
                                                       _("Write it as a starting point: a friendly, complete answer with "
                                                         "{name} where the customer’s name goes.")));
  gtk_editable_set_text (GTK_EDITABLE (title), template->title);
  gtk_entry_set_placeholder_text (GTK_ENTRY (title), _("Name, e.g. Opening hours"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the saved reply"), -1);
  gtk_text_buffer_set_text (buffer, template->text, -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text of the saved reply"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 140);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), frame);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rz-template", rz_reply_template_copy (template),
                          (GDestroyNotify) rz_reply_template_free);
  g_object_set_data (G_OBJECT (dialog), "rz-title", title);
  g_object_set_data (G_OBJECT (dialog), "rz-buffer", buffer);
  g_signal_connect_object (title, "changed", G_CALLBACK (template_fields_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (template_fields_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (template_response_cb), self, 0);
  template_fields_changed_cb (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_template_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_autoptr(RzReplyTemplate) template = rz_reply_template_new ("", "");

  edit_template (RZ_PREFERENCES_WINDOW (widget), template);
}

static void
edit_clicked_cb (GtkButton           *button,
                 RzPreferencesWindow *self)
{
  edit_template (self, g_object_get_data (G_OBJECT (button), "rz-template"));
}

static void
delete_template_response_cb (AdwMessageDialog    *dialog,
                             const char          *response,
                             RzPreferencesWindow *self)
{
  RzReplyTemplate *template = g_object_get_data (G_OBJECT (dialog), "rz-template");
  RzDatabase *db = rz_context_get_database (self->context);

  if (g_strcmp0 (response, "delete") != 0 || db == NULL)
    return;
  rz_database_delete_reply_template_async (db, template->id, self->cancellable, template_written_cb,
                                           g_object_ref (self));
}

static void
delete_clicked_cb (GtkButton           *button,
                   RzPreferencesWindow *self)
{
  RzReplyTemplate *template = g_object_get_data (G_OBJECT (button), "rz-template");
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is the name of a saved reply */
  heading = g_strdup_printf (_("Delete “%s”?"), template->title);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The saved reply is deleted. Answers that started from it stay as they are.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rz-template", rz_reply_template_copy (template),
                          (GDestroyNotify) rz_reply_template_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_template_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
template_row (RzPreferencesWindow   *self,
              const RzReplyTemplate *template)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;

  /* Titles and texts are the user's: plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), template->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), template->text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  /* Translators: %s is the name of a saved reply */
  edit_label = g_strdup_printf (_("Edit “%s”"), template->title);
  /* Translators: %s is the name of a saved reply */
  delete_label = g_strdup_printf (_("Delete “%s”"), template->title);
  gtk_widget_set_tooltip_text (edit, edit_label);
  gtk_widget_set_tooltip_text (delete, delete_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  for (GtkWidget *button = edit; button != NULL; button = button == edit ? delete : NULL)
    {
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "rz-template", rz_reply_template_copy (template),
                              (GDestroyNotify) rz_reply_template_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  return row;
}

static void
templates_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RzPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  GtkWidget *child;

  templates = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (templates == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the saved replies: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->templates_list))) != NULL)
    gtk_list_box_remove (self->templates_list, child);
  for (guint i = 0; i < templates->len; i++)
    gtk_list_box_append (self->templates_list, template_row (self, g_ptr_array_index (templates, i)));
}

static void
load_templates (RzPreferencesWindow *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.add-template", db != NULL);
  if (db == NULL)
    return;
  rz_database_run_async (db, list_templates_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, templates_loaded_cb, g_object_ref (self));
}

/* --- the daily reminder ------------------------------------------------ */

static void
show_reminder_time (RzPreferencesWindow *self)
{
  g_autofree char *time = g_settings_get_string (self->settings, "reminder-time");
  int hour = 9, minute = 0;

  /* A time the schema would let through but that is no time: the default. */
  if (!rz_reminder_parse_time (time, &hour, &minute))
    hour = 9, minute = 0;

  self->showing_time = TRUE;
  gtk_spin_button_set_value (self->reminder_hour_spin, hour);
  gtk_spin_button_set_value (self->reminder_minute_spin, minute);
  self->showing_time = FALSE;
}

static void
reminder_time_changed_cb (RzPreferencesWindow *self)
{
  g_autofree char *time = NULL;

  if (self->showing_time)
    return;
  time = g_strdup_printf ("%02d:%02d",
                          gtk_spin_button_get_value_as_int (self->reminder_hour_spin),
                          gtk_spin_button_get_value_as_int (self->reminder_minute_spin));
  g_settings_set_string (self->settings, "reminder-time", time);
}

/* "09", not "9": it reads as a time. */
static gboolean
two_digits_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
rz_preferences_window_dispose (GObject *object)
{
  RzPreferencesWindow *self = RZ_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_preferences_window_parent_class)->dispose (object);
}

static void
rz_preferences_window_finalize (GObject *object)
{
  RzPreferencesWindow *self = RZ_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rz_preferences_window_parent_class)->finalize (object);
}

static void
rz_preferences_window_class_init (RzPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_preferences_window_dispose;
  object_class->finalize = rz_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, reminder_switch);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, reminder_time_row);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, reminder_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, reminder_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, templates_list);

  gtk_widget_class_install_action (widget_class, "preferences.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "preferences.add-template", NULL, add_template_action);
}

static void
rz_preferences_window_init (RzPreferencesWindow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (self->sync_interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reminder-enabled",
                   self->reminder_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reminder-enabled",
                   self->reminder_time_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (self->reminder_hour_spin, "output", G_CALLBACK (two_digits_cb), NULL);
  g_signal_connect (self->reminder_minute_spin, "output", G_CALLBACK (two_digits_cb), NULL);
  show_reminder_time (self);
  g_signal_connect_object (self->reminder_hour_spin, "value-changed",
                           G_CALLBACK (reminder_time_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reminder_minute_spin, "value-changed",
                           G_CALLBACK (reminder_time_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::reminder-time",
                           G_CALLBACK (show_reminder_time), self, G_CONNECT_SWAPPED);

  placeholder = gtk_label_new (_("No accounts connected yet"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);

  placeholder = gtk_label_new (_("No saved replies yet"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->templates_list, placeholder);
}

RzPreferencesWindow *
rz_preferences_window_new (GtkWindow *parent,
                           RzContext *context)
{
  RzPreferencesWindow *self;

  g_return_val_if_fail (RZ_IS_CONTEXT (context), NULL);

  self = g_object_new (RZ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  g_set_object (&self->context, context);
  gtk_list_box_bind_model (self->accounts_list, rz_context_get_accounts (context),
                           create_account_row, self, NULL);
  load_templates (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rz_data_page_new (context)));
  return self;
}

void
rz_preferences_window_show_accounts (RzPreferencesWindow *self)
{
  g_return_if_fail (RZ_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "accounts");
}
