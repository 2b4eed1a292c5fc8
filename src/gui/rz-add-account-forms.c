/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-add-account"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-add-account-forms.h"
#include "rz-add-account-private.h"
#include "rz-bluesky-provider.h"
#include "rz-context.h"
#include "rz-net-error.h"
#include "rz-wordpress-provider.h"

/* Bluesky and WordPress sign in with an app password typed into a form:
 * no browser. Once signed in, the account is kept the way the Mastodon
 * sign-in keeps it (rz_add_account_dialog_keep_account()). */

#define CHANNEL_BLUESKY    "bluesky"
#define CHANNEL_WORDPRESS  "blog"

typedef struct {
  RzAddAccountDialog  *dialog;        /* owns the page this form is on */
  const char          *channel;
  AdwEntryRow         *server_row;    /* Bluesky: own server (optional); WordPress: the site */
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkWidget           *button;
  GtkSpinner          *spinner;
  GtkLabel            *error_label;
  GCancellable        *cancellable;
  RzProvider          *provider;
  char                *base_url;
  char                *user;
} Form;

static void
form_free (gpointer data)
{
  Form *form = data;

  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  g_clear_object (&form->provider);
  g_free (form->base_url);
  g_free (form->user);
  g_free (form);
}

static char *
dup_stripped (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
set_busy (Form     *form,
          gboolean  busy)
{
  gtk_spinner_set_spinning (form->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (form->spinner), busy);
  gtk_widget_set_sensitive (form->button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (form->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (form->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (form->password_row), !busy);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Form *form = user_data;
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = rz_provider_sign_in_finish (RZ_PROVIDER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (form, FALSE);
  if (remote == NULL)
    {
      rz_add_account_dialog_show_error (form->error_label, error);
      return;
    }

  /* WordPress keeps the account under the user name typed here: the
   * application password belongs to it, and the next start signs in with
   * it. */
  if (g_strcmp0 (form->channel, CHANNEL_WORDPRESS) == 0)
    {
      g_free (remote->handle);
      remote->handle = g_strdup (form->user);
    }

  /* The password is in the provider now; it leaves the form. */
  gtk_editable_set_text (GTK_EDITABLE (form->password_row), "");
  rz_add_account_dialog_keep_account (form->dialog, form->provider, form->base_url, remote, form->error_label);
}

static void
sign_in_clicked_cb (GtkButton *button,
                    Form      *form)
{
  RzHttpClient *client = rz_context_get_http_client (rz_add_account_dialog_get_context (form->dialog));
  g_autofree char *server = dup_stripped (form->server_row);
  g_autofree char *user = dup_stripped (form->user_row);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->password_row)));
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  rz_add_account_dialog_show_error (form->error_label, NULL);
  if (user[0] == '\0' || password[0] == '\0')
    {
      error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                                   _("Please enter the user name and the app password."));
      rz_add_account_dialog_show_error (form->error_label, error);
      return;
    }

  g_clear_object (&form->provider);
  g_clear_pointer (&form->base_url, g_free);
  g_clear_pointer (&form->user, g_free);

  if (g_strcmp0 (form->channel, CHANNEL_BLUESKY) == 0)
    {
      if (server[0] != '\0' && (normalized = rz_bluesky_normalize_service (server, &error)) == NULL)
        {
          rz_add_account_dialog_show_error (form->error_label, error);
          return;
        }
      if (!rz_bluesky_looks_like_app_password (password))
        {
          error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                                       _("This is not an app password. Create one in Bluesky under Settings, Privacy and Security, App Passwords, and enter it here; never your main password."));
          rz_add_account_dialog_show_error (form->error_label, error);
          return;
        }
      form->provider = rz_bluesky_provider_new (client, normalized, user);
      form->base_url = g_strdup (normalized != NULL ? normalized : RZ_BLUESKY_DEFAULT_SERVICE);
    }
  else
    {
      if ((normalized = rz_wordpress_normalize_site (server, &error)) == NULL)
        {
          rz_add_account_dialog_show_error (form->error_label, error);
          return;
        }
      form->provider = rz_wordpress_provider_new (client, normalized, user);
      form->base_url = g_steal_pointer (&normalized);
    }

  form->user = g_steal_pointer (&user);
  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  form->cancellable = g_cancellable_new ();

  set_busy (form, TRUE);
  rz_provider_sign_in_async (form->provider, password, form->cancellable, signed_in_cb, form);
  memset (password, 0, strlen (password));
}

static GtkWidget *
build_form (RzAddAccountDialog *dialog,
            const char         *channel,
            const char         *title,
            const char         *description,
            const char         *server_title,
            const char         *user_title,
            const char         *password_title)
{
  Form *form = g_new0 (Form, 1);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *fields = adw_preferences_group_new ();
  GtkWidget *actions = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  form->dialog = dialog;
  form->channel = channel;
  form->cancellable = g_cancellable_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (fields), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (fields), description);

  form->server_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->server_row), server_title);
  adw_entry_row_set_input_purpose (form->server_row, GTK_INPUT_PURPOSE_URL);
  /* The site comes first for WordPress; an own Bluesky server is rare. */
  if (g_strcmp0 (channel, CHANNEL_WORDPRESS) == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (fields), GTK_WIDGET (form->server_row));

  form->user_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->user_row), user_title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (fields), GTK_WIDGET (form->user_row));

  form->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->password_row), password_title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (fields), GTK_WIDGET (form->password_row));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (fields));
  if (g_strcmp0 (channel, CHANNEL_BLUESKY) == 0)
    {
      GtkWidget *server_group = adw_preferences_group_new ();

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (server_group),
                                             _("Leave this empty for accounts on bsky.social, as most are."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), GTK_WIDGET (form->server_row));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (server_group));
    }

  form->button = gtk_button_new_with_mnemonic (_("_Sign In"));
  gtk_widget_add_css_class (form->button, "pill");
  gtk_widget_add_css_class (form->button, "suggested-action");
  g_signal_connect (form->button, "clicked", G_CALLBACK (sign_in_clicked_cb), form);
  form->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (form->spinner), FALSE);
  gtk_widget_set_halign (button_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (button_box), form->button);
  gtk_box_append (GTK_BOX (button_box), GTK_WIDGET (form->spinner));

  form->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->error_label, TRUE);
  gtk_label_set_justify (form->error_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (form->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);

  gtk_box_append (GTK_BOX (box), button_box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->error_label));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (actions), box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (actions));

  g_object_set_data_full (G_OBJECT (page), "rz-form", form, form_free);
  return page;
}

void
rz_add_account_forms_install (RzAddAccountDialog *dialog)
{
  g_return_if_fail (RZ_IS_ADD_ACCOUNT_DIALOG (dialog));

  rz_add_account_dialog_add_network (dialog, CHANNEL_BLUESKY, "Bluesky",
                                     _("Sign in with an app password"),
                                     build_form (dialog, CHANNEL_BLUESKY, "Bluesky",
                                                 _("Sign in with an app password, never with your main password. "
                                                   "Create one in Bluesky under Settings, Privacy and Security, App Passwords."),
                                                 _("Own Server (Optional)"),
                                                 _("Handle or E-Mail Address"),
                                                 _("App Password")));
  rz_add_account_dialog_add_network (dialog, CHANNEL_WORDPRESS, "WordPress",
                                     _("Comments on your blog, with an application password"),
                                     build_form (dialog, CHANNEL_WORDPRESS, "WordPress",
                                                 _("Create an application password in WordPress (version 5.6 or newer) "
                                                   "under Users, Profile, Application Passwords. The user must be allowed to moderate comments."),
                                                 _("Site Address"),
                                                 _("User Name"),
                                                 _("Application Password")));
}

