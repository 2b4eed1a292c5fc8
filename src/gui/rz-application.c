/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "rz-application.h"
#include "rz-background.h"
#include "rz-classify-cli.h"
#include "rz-recommend-cli.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-preferences-window.h"
#include "rz-reminder.h"
#include "rz-window.h"

struct _RzApplication
{
  AdwApplication  parent_instance;

  RzContext      *context;
  /* Sends scheduled posts while no window is open. */
  RzBackground   *background;
  gboolean        demo_requested;

  /* The daily reminder, while the app runs. */
  GSettings      *settings;
  GDateTime      *reminder_at;
  guint           reminder_source;
  GCancellable   *reminder_cancellable;
};

G_DEFINE_FINAL_TYPE (RzApplication, rz_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "recommend", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Print the channel recommendation for a company profile as JSON and exit"),
    /* Translators: a placeholder in `resonanz --help` */
    N_("PROFILE.json") },
  { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Load the sample bakery when there is no data yet"), NULL },
  { "sync", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Fetch new comments for all accounts, print a summary and exit"), NULL },
  { "classify", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Read one comment a line on standard input and print critical, neutral or positive for each"), NULL },
  { "explain", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --classify, also print which words decided"), NULL },
  { "export", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Export all your data (without passwords or tokens) to a JSON file and exit"),
    /* Translators: a placeholder in `resonanz --help` */
    N_("FILE") },
  { "import", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Import an export into an empty Resonanz and exit"),
    /* Translators: a placeholder in `resonanz --help` */
    N_("FILE") },
  { NULL }
};

/* The headless commands write their result and messages into strings, so
 * they can be tested without a process; here they reach the terminal. */
static int
print_cli_result (int      status,
                  GString *out,
                  GString *err)
{
  if (out->len > 0)
    g_print ("%s", out->str);
  if (err->len > 0)
    g_printerr ("%s", err->str);
  return status;
}

static int
rz_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  const char *profile_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "resonanz", PACKAGE_VERSION);
      return 0;
    }

  /* Headless: answers without a display and never registers on the bus. */
  if (g_variant_dict_lookup (options, "recommend", "^&ay", &profile_path))
    return print_cli_result (rz_recommend_cli (profile_path, out, err), out, err);

  if (g_variant_dict_contains (options, "classify"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      return print_cli_result (rz_classify_cli (in, out, err,
                                                g_variant_dict_contains (options, "explain")),
                               out, err);
    }

  /* Headless too: the sign-ins come from the keyring. Exits 1 when an
   * account failed. */
  if (g_variant_dict_contains (options, "sync"))
    return print_cli_result (rz_context_run_headless_sync (g_getenv ("RESONANZ_DATABASE"), out, err),
                             out, err);

  /* Headless: "Your data" on the command line. */
  {
    const char *data_file = NULL;

    if (g_variant_dict_lookup (options, "export", "^&ay", &data_file))
      return print_cli_result (rz_database_run_export_cli (g_getenv ("RESONANZ_DATABASE"), data_file,
                                                           FALSE, out, err),
                               out, err);
    if (g_variant_dict_lookup (options, "import", "^&ay", &data_file))
      return print_cli_result (rz_database_run_export_cli (g_getenv ("RESONANZ_DATABASE"), data_file,
                                                           TRUE, out, err),
                               out, err);
  }

  if (g_variant_dict_contains (options, "demo"))
    RZ_APPLICATION (application)->demo_requested = TRUE;

  /* -1: go on with the normal start-up of a graphical instance. */
  return -1;
}

static RzWindow *
get_or_create_window (RzApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rz_window_new (self, self->context));
  return RZ_WINDOW (window);
}

/* The last window closed: scheduled posts still go out, without one. */
static void
window_removed_cb (RzApplication *self,
                   GtkWindow     *window,
                   gpointer       user_data)
{
  RzDatabase *db = rz_context_get_database (self->context);

  if (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL || db == NULL)
    return;
  if (self->background == NULL)
    {
      self->background = rz_background_new (G_APPLICATION (self), db, g_network_monitor_get_default ());
      rz_background_set_provider_func (self->background, rz_context_lookup_outbox_provider,
                                       g_object_ref (self->context), g_object_unref);
    }
  rz_background_enter (self->background);
}

static void
rz_application_activate (GApplication *application)
{
  RzApplication *self = RZ_APPLICATION (application);

  /* The window's own outbox takes over again. */
  if (self->background != NULL)
    rz_background_leave (self->background);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RzApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save its state and cancel its work. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  /* Quitting means now: what is scheduled goes out at the next start. */
  g_clear_object (&self->background);
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RzApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "Resonanz developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Resonanz"),
                        "application-icon", APP_ID,
                        "developer-name", "Resonanz developers",
                        "version", PACKAGE_VERSION,
                        "website", "https://resonanz.example/",
                        "issue-url", "https://resonanz.example/issues",
                        "comments", _("Talk with your customers on social media well: "
                                      "a clear strategy, few channels, fast and personal answers."),
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your name/year */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 Resonanz developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about),
                                       _("Audience figures"),
                                       (const char *[]) {
                                         "ARD/ZDF-Medienstudie https://www.ard-zdf-medienstudie.de/",
                                         "Bitkom https://www.bitkom.org/",
                                         NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RzApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RzPreferencesWindow *preferences;

  preferences = rz_preferences_window_new (parent, self->context);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The reminder's way in: the window, on the inbox. */
static void
show_inbox_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RzApplication *self = user_data;
  RzWindow *window;

  if (self->background != NULL)
    rz_background_leave (self->background);
  window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "s", "inbox");
}

/* --- the daily reminder ---------------------------------------------------- */

/* The timer wakes at least this often (seconds) and compares with the
 * wall clock: a suspended computer or a changed clock does not make the
 * reminder late or early by hours. */
#define REMINDER_MAX_SLEEP 600

typedef struct {
  guint n_waiting;
  guint n_critical;
} Waiting;

static gpointer
count_waiting_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree Waiting *waiting = g_new0 (Waiting, 1);

  if (!rz_database_count_waiting (db, &waiting->n_waiting, &waiting->n_critical, error))
    return NULL;
  return g_steal_pointer (&waiting);
}

static void
count_waiting_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RzApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree Waiting *waiting = NULL;
  g_autofree char *body = NULL;

  waiting = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (waiting == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the waiting comments: %s", error->message);
      return;
    }

  /* Nothing waits: no news is good news. */
  body = rz_reminder_dup_message (waiting->n_waiting, waiting->n_critical);
  if (body == NULL)
    return;

  notification = g_notification_new (_("Comments Are Waiting for an Answer"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-inbox");
  g_notification_add_button (notification, _("Open Inbox"), "app.show-inbox");
  g_application_send_notification (G_APPLICATION (self), "daily-reminder", notification);
}

static void
remind_now (RzApplication *self)
{
  RzDatabase *db = rz_context_get_database (self->context);

  /* No data open (yet): nothing to count. */
  if (db == NULL)
    return;
  rz_database_run_async (db, count_waiting_job, NULL, NULL, g_free, self->reminder_cancellable,
                         count_waiting_cb, g_object_ref (self));
}

static void arm_reminder (RzApplication *self);

static gboolean
reminder_tick_cb (gpointer user_data)
{
  RzApplication *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->reminder_source = 0;
  if (self->reminder_at != NULL && g_date_time_compare (now, self->reminder_at) >= 0)
    {
      int hour, minute;
      g_autofree char *time = g_settings_get_string (self->settings, "reminder-time");

      remind_now (self);
      g_clear_pointer (&self->reminder_at, g_date_time_unref);
      if (rz_reminder_parse_time (time, &hour, &minute))
        self->reminder_at = rz_reminder_next (now, hour, minute);
    }
  arm_reminder (self);
  return G_SOURCE_REMOVE;
}

static void
arm_reminder (RzApplication *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan wait;

  g_clear_handle_id (&self->reminder_source, g_source_remove);
  if (self->reminder_at == NULL)
    return;

  wait = g_date_time_difference (self->reminder_at, now) / G_TIME_SPAN_SECOND;
  self->reminder_source = g_timeout_add_seconds ((guint) CLAMP (wait, 1, REMINDER_MAX_SLEEP),
                                                 reminder_tick_cb, self);
}

static void
schedule_reminder (RzApplication *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_settings_get_string (self->settings, "reminder-time");
  int hour, minute;

  g_clear_pointer (&self->reminder_at, g_date_time_unref);
  if (g_settings_get_boolean (self->settings, "reminder-enabled") &&
      rz_reminder_parse_time (time, &hour, &minute))
    self->reminder_at = rz_reminder_next (now, hour, minute);
  else if (g_settings_get_boolean (self->settings, "reminder-enabled"))
    g_warning ("The reminder time “%s” is not a time of day (HH:MM)", time);
  arm_reminder (self);
}

static const GActionEntry app_actions[] = {
  { "show-inbox", show_inbox_activated },
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static void
rz_application_startup (GApplication *application)
{
  RzApplication *self = RZ_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.sync", { "<Control>r", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.section('plan')", { "<Alt>1", NULL } },
    { "win.section('drafts')", { "<Alt>2", NULL } },
    { "win.section('inbox')", { "<Alt>3", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (rz_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->context = rz_context_new (g_getenv ("RESONANZ_DATABASE"));

  self->reminder_cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::reminder-enabled",
                           G_CALLBACK (schedule_reminder), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::reminder-time",
                           G_CALLBACK (schedule_reminder), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);
  schedule_reminder (self);
}

static void
rz_application_shutdown (GApplication *application)
{
  RzApplication *self = RZ_APPLICATION (application);

  g_cancellable_cancel (self->reminder_cancellable);
  g_clear_object (&self->background);
  g_clear_handle_id (&self->reminder_source, g_source_remove);
  G_APPLICATION_CLASS (rz_application_parent_class)->shutdown (application);
  g_clear_object (&self->context);
}

static void
rz_application_finalize (GObject *object)
{
  RzApplication *self = RZ_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->background);
  g_clear_object (&self->reminder_cancellable);
  g_clear_pointer (&self->reminder_at, g_date_time_unref);
  g_clear_handle_id (&self->reminder_source, g_source_remove);
  G_OBJECT_CLASS (rz_application_parent_class)->finalize (object);
}

static void
rz_application_class_init (RzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rz_application_finalize;
  app_class->handle_local_options = rz_application_handle_local_options;
  app_class->startup = rz_application_startup;
  app_class->activate = rz_application_activate;
  app_class->shutdown = rz_application_shutdown;
}

static void
rz_application_init (RzApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Plan your social media and answer your customers."));
}

RzApplication *
rz_application_new (void)
{
  return g_object_new (RZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/de/resonanz/Resonanz",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

RzContext *
rz_application_get_context (RzApplication *self)
{
  g_return_val_if_fail (RZ_IS_APPLICATION (self), NULL);
  return self->context;
}

gboolean
rz_application_take_demo_request (RzApplication *self)
{
  gboolean requested;

  g_return_val_if_fail (RZ_IS_APPLICATION (self), FALSE);

  requested = self->demo_requested;
  self->demo_requested = FALSE;
  return requested;
}
