/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rz-context.h"
#include "rz-data-page.h"
#include "rz-gui-util.h"
#include "rz-database.h"
#include "rz-secret-store.h"

struct _RzDataPage
{
  AdwPreferencesPage  parent_instance;

  RzContext          *context;
  GCancellable       *cancellable;
  GSettings          *settings;

  GtkSpinButton      *backup_days_spin;
};

G_DEFINE_FINAL_TYPE (RzDataPage, rz_data_page, ADW_TYPE_PREFERENCES_PAGE)

static GtkWindow *
get_window (RzDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (RzDataPage *self,
            const char *message)
{
  GtkWindow *window = get_window (self);
  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                      rz_toast_new_literal (message));
  else
    g_message ("%s", message);
}

static void
set_busy (RzDataPage *self,
          gboolean    busy)
{
  gboolean ready = !busy && self->context != NULL && rz_context_get_database (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.export", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.import", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.delete-all", ready);
}

static AdwMessageDialog *
new_message (RzDataPage *self,
             const char *heading,
             const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return dialog;
}

static void
show_error (RzDataPage *self,
            const char *heading,
            GError     *error)
{
  AdwMessageDialog *dialog = new_message (self, heading, error->message);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* After an import or a deletion, what the running app holds in memory
 * (accounts, signed-in providers, open views) no longer matches the data:
 * a fresh start is the one state that surely does. */
static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_application_quit (application);
}

static void
show_done_and_quit (RzDataPage *self,
                    const char *heading,
                    const char *body)
{
  AdwMessageDialog *dialog = new_message (self, heading, body);

  adw_message_dialog_add_response (dialog, "quit", _("_Close Resonanz"));
  adw_message_dialog_set_close_response (dialog, "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (quit_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static gboolean
is_dismissed (GError *error)
{
  return g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
         g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
#endif

/* --- choosing a file ------------------------------------------------------ */

typedef void (*FileChosenFunc) (RzDataPage *self,
                                GFile      *file);

typedef struct {
  RzDataPage     *self;
  FileChosenFunc  func;
} FileRequest;

static void
file_request_free (FileRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static void
file_chosen (FileRequest *request,
             GFile       *file)
{
  if (file != NULL)
    request->func (request->self, file);
  file_request_free (request);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FileRequest *request = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (source, "rz-save") != NULL)
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);
  if (file == NULL && !is_dismissed (error))
    show_error (request->self, _("Could Not Choose the File"), error);
  file_chosen (request, file);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  FileRequest *request = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  file_chosen (request, file);
}
#endif

static void
choose_file (RzDataPage     *self,
             gboolean        save,
             FileChosenFunc  func)
{
  FileRequest *request = g_new0 (FileRequest, 1);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  /* Translators: the title of the file chooser */
  const char *title = save ? _("Export All Data") : _("Import an Export");

  request->self = g_object_ref (self);
  request->func = func;

  /* Translators: a file type in the file chooser */
  gtk_file_filter_set_name (filter, _("Resonanz Export (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    gtk_file_dialog_set_default_filter (dialog, filter);
    if (save)
      {
        g_autofree char *name = rz_database_dup_export_filename ();

        g_object_set_data (G_OBJECT (dialog), "rz-save", GINT_TO_POINTER (TRUE));
        gtk_file_dialog_set_initial_name (dialog, name);
        gtk_file_dialog_save (dialog, get_window (self), self->cancellable, dialog_done_cb, request);
      }
    else
      gtk_file_dialog_open (dialog, get_window (self), self->cancellable, dialog_done_cb, request);
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (title, get_window (self),
                                          save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                          save ? _("_Export") : _("_Import"),
                                          _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    if (save)
      {
        g_autofree char *name = rz_database_dup_export_filename ();

        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
      }
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), request);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* --- the jobs -------------------------------------------------------------- */

/* Runs @job on the database's worker, the page busy meanwhile; @done gets
 * a reference to the page as its user data. */
static void
start_job (RzDataPage          *self,
           RzDatabaseJob        job,
           gpointer             data,
           GDestroyNotify       data_destroy,
           GAsyncReadyCallback  done)
{
  set_busy (self, TRUE);
  rz_database_run_async (rz_context_get_database (self->context), job, data, data_destroy, NULL,
                         self->cancellable, done, g_object_ref (self));
}

/* Whether the job succeeded; if it failed, the page is no longer busy and
 * the user reads why under @title. A cancelled job (the page went away)
 * says nothing. */
static gboolean
job_succeeded (RzDataPage   *self,
               GObject      *source,
               GAsyncResult *result,
               const char   *title)
{
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) != NULL)
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      show_error (self, title, error);
    }
  return FALSE;
}

/* --- export ---------------------------------------------------------------- */

static gpointer
export_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return rz_database_export_to_file (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDataPage) self = user_data;
  g_autofree char *message = NULL;
  const char *name = g_object_get_data (G_OBJECT (self), "rz-export-name");

  if (!job_succeeded (self, source, result, _("Could Not Export")))
    return;

  set_busy (self, FALSE);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Exported to “%s”"), name != NULL ? name : "");
  show_toast (self, message);
}

static void
export_file_chosen (RzDataPage *self,
                    GFile      *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = g_file_get_basename (file);

  if (path == NULL)
    {
      show_toast (self, _("Choose a folder on this computer for the export"));
      return;
    }

  /* For the toast; one export runs at a time. */
  g_object_set_data_full (G_OBJECT (self), "rz-export-name", g_steal_pointer (&basename), g_free);
  start_job (self, export_job, g_steal_pointer (&path), g_free, export_done_cb);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (RZ_DATA_PAGE (widget), TRUE, export_file_chosen);
}

/* --- import ---------------------------------------------------------------- */

static gpointer
import_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return rz_database_import_from_file (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDataPage) self = user_data;

  if (!job_succeeded (self, source, result, _("Could Not Import")))
    return;

  rz_context_emit_data_changed (self->context);
  show_done_and_quit (self, _("Your Data Is Imported"),
                      _("Resonanz closes now, so that it starts afresh with the imported data. "
                        "Open it again, then sign in to your accounts under Preferences, Accounts: "
                        "passwords and access tokens are never part of an export."));
}

static void
import_file_chosen (RzDataPage *self,
                    GFile      *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      show_toast (self, _("Choose an export on this computer"));
      return;
    }

  start_job (self, import_job, g_steal_pointer (&path), g_free, import_done_cb);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (RZ_DATA_PAGE (widget), FALSE, import_file_chosen);
}

/* --- delete everything ----------------------------------------------------- */

static gpointer
delete_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return rz_database_delete_all_data (db, NULL, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
keyring_cleared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RzDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  secret_password_clear_finish (result, &error);
  if (error == NULL)
    {
      show_done_and_quit (self, _("All Data Deleted"),
                          _("Everything Resonanz stored on this computer is deleted, with its backups "
                            "and its passwords and access tokens. Resonanz closes now."));
      return;
    }

  body = g_strdup_printf (
    /* Translators: %s is the keyring's reason */
    _("Everything Resonanz stored in its own files is deleted, but the keyring could not be reached (%s). "
      "Remove the entries called “Resonanz sign-in” with the Passwords and Keys app. Resonanz closes now."),
    error->message);
  show_done_and_quit (self, _("All Data Deleted, Except the Keyring"), body);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDataPage) self = user_data;

  if (!job_succeeded (self, source, result, _("Could Not Delete Your Data")))
    return;

  /* Every sign-in of Resonanz: the schema's items, whatever account they
   * belong to, also those of accounts removed long ago. Not cancellable:
   * the rows are gone, the secrets must follow. */
  secret_password_clear (rz_secret_store_get_schema (), NULL,
                         keyring_cleared_cb, g_object_ref (self), NULL);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RzDataPage *self = user_data;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  start_job (self, delete_job, NULL, NULL, delete_done_cb);
}

static void
delete_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RzDataPage *self = RZ_DATA_PAGE (widget);
  AdwMessageDialog *dialog;

  dialog = new_message (self, _("Delete All Data?"),
                        _("This deletes from this computer: your company profile, plan and guideline, "
                          "your drafts and what was posted, the fetched comments and your replies, "
                          "your reply templates, your accounts with their passwords and access tokens "
                          "in the keyring, and Resonanz's automatic backups.\n\n"
                          "Nothing is deleted on the networks. Exports you saved stay where you saved them. "
                          "This cannot be undone: export your data first if you may need it again."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete All Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the page -------------------------------------------------------------- */

static void
rz_data_page_dispose (GObject *object)
{
  RzDataPage *self = RZ_DATA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_DATA_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_data_page_parent_class)->dispose (object);
}

static void
rz_data_page_finalize (GObject *object)
{
  RzDataPage *self = RZ_DATA_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rz_data_page_parent_class)->finalize (object);
}

static void
rz_data_page_class_init (RzDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_data_page_dispose;
  object_class->finalize = rz_data_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RzDataPage, backup_days_spin);

  gtk_widget_class_install_action (widget_class, "data.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "data.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "data.delete-all", NULL, delete_all_action);
}

static void
rz_data_page_init (RzDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "backup-days", self->backup_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  set_busy (self, FALSE);
}

GtkWidget *
rz_data_page_new (RzContext *context)
{
  RzDataPage *self;

  g_return_val_if_fail (RZ_IS_CONTEXT (context), NULL);

  self = g_object_new (RZ_TYPE_DATA_PAGE, NULL);
  g_set_object (&self->context, context);
  set_busy (self, FALSE);
  return GTK_WIDGET (self);
}
