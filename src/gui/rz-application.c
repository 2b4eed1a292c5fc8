/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "rz-application.h"
#include "rz-classify-cli.h"
#include "rz-recommend-cli.h"
#include "rz-context.h"
#include "rz-preferences-window.h"
#include "rz-window.h"

struct _RzApplication
{
  AdwApplication  parent_instance;

  RzContext      *context;
  gboolean        demo_requested;
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

static void
rz_application_activate (GApplication *application)
{
  RzApplication *self = RZ_APPLICATION (application);

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

static const GActionEntry app_actions[] = {
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
}

static void
rz_application_shutdown (GApplication *application)
{
  RzApplication *self = RZ_APPLICATION (application);

  G_APPLICATION_CLASS (rz_application_parent_class)->shutdown (application);
  g_clear_object (&self->context);
}

static void
rz_application_finalize (GObject *object)
{
  RzApplication *self = RZ_APPLICATION (object);

  g_clear_object (&self->context);
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
