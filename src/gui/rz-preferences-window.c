/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account-row.h"
#include "rz-add-account-dialog.h"
#include "rz-context.h"
#include "rz-preferences-window.h"

struct _RzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RzContext            *context;
  GSettings            *settings;
  GCancellable         *cancellable;

  GtkSpinButton        *sync_interval_spin;
  GtkSwitch            *reminder_switch;
  GtkListBox           *accounts_list;
};

G_DEFINE_FINAL_TYPE (RzPreferencesWindow, rz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
account_added_cb (RzPreferencesWindow *self,
                  RzAccount           *account)
{
  g_autofree char *message = NULL;

  /* Translators: %s is an account, e.g. @cafe@social.example */
  message = g_strdup_printf (_("%s is connected. Fetching its comments…"), rz_account_get_title (account));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
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
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
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
  gtk_widget_class_bind_template_child (widget_class, RzPreferencesWindow, accounts_list);

  gtk_widget_class_install_action (widget_class, "preferences.add-account", NULL, add_account_action);
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

  placeholder = gtk_label_new (_("No accounts connected yet"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);
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
  return self;
}

void
rz_preferences_window_show_accounts (RzPreferencesWindow *self)
{
  g_return_if_fail (RZ_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "accounts");
}
