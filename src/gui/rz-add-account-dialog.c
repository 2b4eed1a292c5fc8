/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-add-account"

#include <glib/gi18n.h>

#include "rz-add-account-forms.h"
#include "rz-add-account-private.h"
#include "rz-context.h"
#include "rz-mastodon-sign-in.h"
#include "rz-net-error.h"

struct _RzAddAccountDialog
{
  AdwWindow          parent_instance;

  RzContext         *context;
  RzAccount         *again;             /* signing in to this one again */
  GCancellable      *cancellable;       /* all work; cancelled on close */
  GCancellable      *wait_cancellable;  /* the running sign-in step */
  guint              generation;        /* tells stale callbacks from current ones */

  RzMastodonSignIn  *sign_in;
  char              *sign_in_address;   /* what the user typed for it */
  gboolean           began;
  gboolean           open_code_page;    /* after begin: the code page, not the browser wait */
  gboolean           busy;
  GtkLabel          *keep_error_label;  /* where keeping the account reports */
  char              *keep_page;         /* the form to go back to on error */

  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkStack          *stack;
  AdwPreferencesGroup *networks_group;
  AdwEntryRow       *server_row;
  GtkWidget         *sign_in_button;
  GtkWidget         *waiting_box;
  GtkSpinner        *waiting_spinner;
  GtkLabel          *waiting_label;
  GtkWidget         *reopen_button;
  GtkLabel          *error_label;
  GtkExpander       *manual_expander;
  GtkLabel          *manual_uri_label;
  AdwEntryRow       *code_row;
  GtkSpinner        *saving_spinner;
};

G_DEFINE_FINAL_TYPE (RzAddAccountDialog, rz_add_account_dialog, ADW_TYPE_WINDOW)

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What an async step needs to know when it comes back. */
typedef struct {
  RzAddAccountDialog *self;
  guint               generation;
} Step;

static Step *
step_new (RzAddAccountDialog *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->generation = self->generation;
  return step;
}

static void
step_free (Step *step)
{
  g_object_unref (step->self);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_current (Step *step)
{
  return step->generation == step->self->generation;
}

/* --- errors -------------------------------------------------------------- */

void
rz_add_account_dialog_show_error (GtkLabel     *label,
                                  const GError *error)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

/* The network layer's messages are about requests in general; while
 * signing in, a few mean something more specific. */
static void
show_sign_in_error (RzAddAccountDialog *self,
                    const GError       *error,
                    gboolean            checking_server)
{
  g_autoptr(GError) shown = NULL;

  if (checking_server &&
      (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNREACHABLE) ||
       g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT)))
    shown = g_error_new_literal (RZ_NET_ERROR, error->code,
                                 _("The server could not be found. Check the address, for example mastodon.social, and your internet connection."));
  else if (checking_server &&
           (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND) ||
            g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE) ||
            g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) ||
            g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN)))
    shown = g_error_new_literal (RZ_NET_ERROR, error->code,
                                 _("This is not a Mastodon server. Check the address: it is the part after the second @ of your handle, for example mastodon.social."));
  else if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_ACCESS_DENIED))
    shown = g_error_new_literal (RZ_NET_ERROR, error->code,
                                 _("The access was denied on the Mastodon page, so Resonanz was not connected. Sign in again and allow the access to connect the account."));
  else
    shown = g_error_copy (error);

  rz_add_account_dialog_show_error (self->error_label, shown);
}

/* --- state --------------------------------------------------------------- */

static const char *
get_server_text (RzAddAccountDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

static void
update_actions (RzAddAccountDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *server = g_strstrip (g_strdup (get_server_text (self)));
  gboolean has_server = server[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.browser-sign-in", has_server && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.open-code-page", has_server);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.code-sign-in",
                                 code != NULL && code[0] != '\0' && self->began);
}

/* @message: what is going on, or NULL when nothing is. */
static void
set_busy (RzAddAccountDialog *self,
          const char         *message,
          gboolean            browser_open)
{
  self->busy = message != NULL;
  gtk_widget_set_visible (self->waiting_box, self->busy);
  gtk_widget_set_visible (self->sign_in_button, !self->busy);
  gtk_widget_set_visible (self->reopen_button, self->busy && browser_open);
  gtk_spinner_set_spinning (self->waiting_spinner, self->busy);
  gtk_label_set_text (self->waiting_label, message != NULL ? message : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !self->busy);
  update_actions (self);
}

/* Stops the running step; its callback will find itself stale. */
static void
stop_step (RzAddAccountDialog *self)
{
  self->generation++;
  g_cancellable_cancel (self->wait_cancellable);
  g_clear_object (&self->wait_cancellable);
  self->wait_cancellable = g_cancellable_new ();
}

static void
reset_sign_in (RzAddAccountDialog *self)
{
  stop_step (self);
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->sign_in_address, g_free);
  self->began = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->manual_uri_label), FALSE);
}

static void
show_page (RzAddAccountDialog *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->back_button,
                          self->again == NULL &&
                          g_strcmp0 (name, "networks") != 0 && g_strcmp0 (name, "saving") != 0);
  gtk_spinner_set_spinning (self->saving_spinner, g_strcmp0 (name, "saving") == 0);
}

/* --- keeping the account ------------------------------------------------- */

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* Problems show in the window's banner and on the Accounts page. */
  report = rz_context_sync_finish (RZ_CONTEXT (object), result, &error);
  if (report == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not fetch the new account's comments: %s", error->message);
}

static void
show_keyring_dialog (RzAddAccountDialog *self,
                     const GError       *error)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s\n\n%s", error->message,
                          _("Nothing was stored, and the account was not added."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_KEYRING_LOCKED)
                                                       ? _("Keyring Locked")
                                                       : _("No Keyring Available"),
                                                       body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
account_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  RzAddAccountDialog *self = step->self;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = rz_context_add_account_finish (RZ_CONTEXT (object), result, &error);
  if (account == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_page (self, self->keep_page);
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NO_KEYRING) ||
          g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_KEYRING_LOCKED))
        show_keyring_dialog (self, error);
      else
        rz_add_account_dialog_show_error (self->keep_error_label, error);
      return;
    }

  g_debug ("Added account %" G_GINT64_FORMAT, rz_account_get_id (account));
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);

  /* The first fetch belongs to the app, not to this dialog. */
  rz_context_sync_async (self->context, NULL, sync_done_cb, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

void
rz_add_account_dialog_keep_account (RzAddAccountDialog    *self,
                                    RzProvider            *provider,
                                    const char            *base_url,
                                    const RzRemoteAccount *remote_account,
                                    GtkLabel              *error_label)
{
  g_return_if_fail (RZ_IS_ADD_ACCOUNT_DIALOG (self));
  g_return_if_fail (RZ_IS_PROVIDER (provider));
  g_return_if_fail (GTK_IS_LABEL (error_label));

  g_free (self->keep_page);
  self->keep_page = g_strdup (gtk_stack_get_visible_child_name (self->stack));
  self->keep_error_label = error_label;
  rz_add_account_dialog_show_error (error_label, NULL);
  show_page (self, "saving");

  rz_context_add_account_async (self->context, provider, base_url, remote_account,
                                self->cancellable, account_added_cb, step_new (self));
}

/* --- Mastodon ------------------------------------------------------------ */

static void
complete_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  RzAddAccountDialog *self = step->self;
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = rz_mastodon_sign_in_complete_finish (RZ_MASTODON_SIGN_IN (object), result, &error);
  if (!step_is_current (step) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, NULL, FALSE);
  if (provider == NULL)
    {
      show_sign_in_error (self, error, FALSE);
      return;
    }

  rz_add_account_dialog_keep_account (self, RZ_PROVIDER (provider),
                                      rz_mastodon_sign_in_get_server (self->sign_in),
                                      rz_mastodon_provider_get_account (provider),
                                      self->error_label);
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  RzAddAccountDialog *self = step->self;
  g_autoptr(GError) error = NULL;
  gboolean launched;

#if GTK_CHECK_VERSION (4, 10, 0)
  launched = gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error);
  /* The user closed the portal's choice of app. */
  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    return;
#else
  launched = gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error);
#endif
  if (launched || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Could not open the browser: %s", error->message);
  if (!step_is_current (step))
    return;

  /* Without a browser here, the code can still come from another device. */
  stop_step (self);
  set_busy (self, NULL, FALSE);
  g_clear_error (&error);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("No web browser could be opened. Open the page with the code on any device instead, as described below."));
  rz_add_account_dialog_show_error (self->error_label, error);
  gtk_expander_set_expanded (self->manual_expander, TRUE);
}

static void
launch_uri (RzAddAccountDialog *self,
            const char         *uri)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, GTK_WINDOW (self), self->cancellable, launch_cb, step_new (self));
#else
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, self->cancellable, launch_cb, step_new (self));
#endif
}

static void
wait_for_browser (RzAddAccountDialog *self)
{
  set_busy (self, _("Waiting for the browser… Allow the access on the page that opened."), TRUE);
  launch_uri (self, rz_mastodon_sign_in_get_authorize_uri (self->sign_in));
  rz_mastodon_sign_in_complete_async (self->sign_in, NULL, self->wait_cancellable,
                                      complete_cb, step_new (self));
}

static void
begin_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  RzAddAccountDialog *self = step->self;
  g_autoptr(GError) error = NULL;

  if (!rz_mastodon_sign_in_begin_finish (RZ_MASTODON_SIGN_IN (object), result, &error))
    {
      if (!step_is_current (step) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, NULL, FALSE);
      show_sign_in_error (self, error, TRUE);
      /* The next try starts over. */
      reset_sign_in (self);
      return;
    }

  if (!step_is_current (step))
    return;

  self->began = TRUE;
  gtk_label_set_text (self->manual_uri_label, rz_mastodon_sign_in_get_manual_authorize_uri (self->sign_in));
  gtk_widget_set_visible (GTK_WIDGET (self->manual_uri_label), TRUE);

  if (self->open_code_page)
    {
      set_busy (self, NULL, FALSE);
      launch_uri (self, rz_mastodon_sign_in_get_manual_authorize_uri (self->sign_in));
      return;
    }

  wait_for_browser (self);
}

/* Begins the sign-in at the typed server, unless that already happened. */
static gboolean
ensure_begun (RzAddAccountDialog *self,
              gboolean            for_code_page)
{
  g_autofree char *address = g_strstrip (g_strdup (get_server_text (self)));

  if (self->began && g_strcmp0 (address, self->sign_in_address) == 0)
    return TRUE;

  reset_sign_in (self);
  rz_add_account_dialog_show_error (self->error_label, NULL);
  self->sign_in = rz_mastodon_sign_in_new (rz_context_get_http_client (self->context), address);
  self->sign_in_address = g_steal_pointer (&address);
  self->open_code_page = for_code_page;

  set_busy (self, _("Checking the server…"), FALSE);
  rz_mastodon_sign_in_begin_async (self->sign_in, self->wait_cancellable, begin_cb, step_new (self));
  return FALSE;
}

static void
browser_sign_in_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);

  if (self->busy)
    return;

  rz_add_account_dialog_show_error (self->error_label, NULL);
  if (ensure_begun (self, FALSE))
    {
      stop_step (self);
      wait_for_browser (self);
    }
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);

  if (self->began)
    launch_uri (self, rz_mastodon_sign_in_get_authorize_uri (self->sign_in));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);

  stop_step (self);
  /* A begin cut short cannot go on; a finished one can wait again. */
  if (!self->began)
    reset_sign_in (self);
  set_busy (self, NULL, FALSE);
}

static void
open_code_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);

  if (ensure_begun (self, TRUE))
    launch_uri (self, rz_mastodon_sign_in_get_manual_authorize_uri (self->sign_in));
}

static void
code_sign_in_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));

  if (!self->began || code == NULL || code[0] == '\0')
    return;

  /* The browser wait gives way to the pasted code. */
  stop_step (self);
  rz_add_account_dialog_show_error (self->error_label, NULL);
  set_busy (self, _("Signing in…"), FALSE);
  rz_mastodon_sign_in_complete_async (self->sign_in, code, self->wait_cancellable,
                                      complete_cb, step_new (self));
}

static void
server_changed_cb (RzAddAccountDialog *self)
{
  update_actions (self);
}

static void
server_activated_cb (RzAddAccountDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "add-account.browser-sign-in", NULL);
}

static void
code_changed_cb (RzAddAccountDialog *self)
{
  update_actions (self);
}

static void
code_activated_cb (RzAddAccountDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "add-account.code-sign-in", NULL);
}

static void
mastodon_row_activated_cb (RzAddAccountDialog *self)
{
  show_page (self, "mastodon");
  gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

/* --- networks ------------------------------------------------------------ */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "saving") == 0)
    return;

  stop_step (self);
  set_busy (self, NULL, FALSE);
  show_page (self, "networks");
}

static void
network_button_clicked_cb (GtkButton          *button,
                           RzAddAccountDialog *self)
{
  show_page (self, g_object_get_data (G_OBJECT (button), "rz-page"));
}

void
rz_add_account_dialog_add_network (RzAddAccountDialog *self,
                                   const char         *channel,
                                   const char         *title,
                                   const char         *subtitle,
                                   GtkWidget          *page)
{
  g_autofree char *label = NULL;
  GtkWidget *button;
  GtkWidget *row;

  g_return_if_fail (RZ_IS_ADD_ACCOUNT_DIALOG (self));
  g_return_if_fail (channel != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_stack_add_named (self->stack, page, channel);

  /* A button in the row, as for Mastodon: activating the row clicks it,
   * and screen readers meet a button. */
  button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a network such as Bluesky */
  label = g_strdup_printf (_("Connect a %s account"), title);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "rz-page", g_strdup (channel), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (network_button_clicked_cb), self, 0);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (self->networks_group, row);
}

RzContext *
rz_add_account_dialog_get_context (RzAddAccountDialog *self)
{
  g_return_val_if_fail (RZ_IS_ADD_ACCOUNT_DIALOG (self), NULL);
  return self->context;
}

void
rz_add_account_dialog_sign_in_again (RzAddAccountDialog *self,
                                     RzAccount          *account)
{
  g_return_if_fail (RZ_IS_ADD_ACCOUNT_DIALOG (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));

  g_set_object (&self->again, account);
  adw_window_title_set_title (self->window_title, _("Sign In Again"));
  adw_window_title_set_subtitle (self->window_title, rz_account_get_title (account));
  gtk_window_set_title (GTK_WINDOW (self), _("Sign In Again"));

  if (g_strcmp0 (rz_account_get_channel (account), "mastodon") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                             rz_account_get_base_url (account) != NULL ? rz_account_get_base_url (account) : "");
      show_page (self, "mastodon");
      return;
    }

  if (gtk_stack_get_child_by_name (self->stack, rz_account_get_channel (account)) != NULL)
    show_page (self, rz_account_get_channel (account));
}

/* --- lifetime ------------------------------------------------------------ */

static gboolean
rz_add_account_dialog_close_request (GtkWindow *window)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (window);

  /* Closing gives up; the loopback receiver stops with the sign-in. */
  g_cancellable_cancel (self->cancellable);
  stop_step (self);

  return GTK_WINDOW_CLASS (rz_add_account_dialog_parent_class)->close_request (window);
}

static void
rz_add_account_dialog_dispose (GObject *object)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->wait_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_ADD_ACCOUNT_DIALOG);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->again);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_add_account_dialog_parent_class)->dispose (object);
}

static void
rz_add_account_dialog_finalize (GObject *object)
{
  RzAddAccountDialog *self = RZ_ADD_ACCOUNT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->wait_cancellable);
  g_free (self->sign_in_address);
  g_free (self->keep_page);

  G_OBJECT_CLASS (rz_add_account_dialog_parent_class)->finalize (object);
}

static void
rz_add_account_dialog_class_init (RzAddAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rz_add_account_dialog_dispose;
  object_class->finalize = rz_add_account_dialog_finalize;
  window_class->close_request = rz_add_account_dialog_close_request;

  /**
   * RzAddAccountDialog::account-added:
   * @account: the account, connected
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RZ_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-add-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, networks_group);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, manual_expander);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, manual_uri_label);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, RzAddAccountDialog, saving_spinner);
  gtk_widget_class_bind_template_callback (widget_class, mastodon_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);

  gtk_widget_class_install_action (widget_class, "add-account.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "add-account.browser-sign-in", NULL, browser_sign_in_action);
  gtk_widget_class_install_action (widget_class, "add-account.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "add-account.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "add-account.open-code-page", NULL, open_code_page_action);
  gtk_widget_class_install_action (widget_class, "add-account.code-sign-in", NULL, code_sign_in_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rz_add_account_dialog_init (RzAddAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->wait_cancellable = g_cancellable_new ();
  show_page (self, "networks");
  update_actions (self);
}

RzAddAccountDialog *
rz_add_account_dialog_new (GtkWindow *parent,
                           RzContext *context)
{
  RzAddAccountDialog *self;

  g_return_val_if_fail (RZ_IS_CONTEXT (context), NULL);

  self = g_object_new (RZ_TYPE_ADD_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  rz_add_account_forms_install (self);
  return self;
}
