/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account-row.h"
#include "rz-net-error.h"

struct _RzAccountRow
{
  AdwActionRow  parent_instance;

  RzAccount    *account;

  AdwAvatar    *avatar;
  GtkWidget    *sign_in_button;
  GtkWidget    *remove_button;
};

G_DEFINE_FINAL_TYPE (RzAccountRow, rz_account_row, ADW_TYPE_ACTION_ROW)

enum {
  SIGN_IN_REQUESTED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "14:05" today, a date otherwise. */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (time == NULL || now == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day in strftime format, as in “last fetched at 14:05” */
    return g_date_time_format (time, _("%H:%M"));

  /* Translators: a day and time in strftime format, as in “last fetched on 3 May, 14:05” */
  return g_date_time_format (time, _("%-d %B, %H:%M"));
}

char *
rz_account_row_describe_status (RzAccount *account)
{
  const char *message = rz_account_get_status_message (account);
  gint64 synced_at = rz_account_get_synced_at (account);

  g_return_val_if_fail (RZ_IS_ACCOUNT (account), NULL);

  switch (rz_account_get_status (account))
    {
    case RZ_ACCOUNT_STATUS_CONNECTED:
      if (synced_at > 0)
        {
          g_autofree char *time = format_time (synced_at);

          /* Translators: %s is a time, e.g. 14:05 */
          return g_strdup_printf (_("Connected · last fetched %s"), time);
        }
      return g_strdup (_("Connected"));

    case RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN:
      return g_strdup_printf (
        /* Translators: %s is a network such as Mastodon */
        _("Needs to be signed in again: %s no longer accepts the sign-in."),
        rz_account_get_network_name (account));

    case RZ_ACCOUNT_STATUS_RATE_LIMITED:
      if (rz_account_get_wait_until (account) > 0)
        return rz_net_format_wait_until (rz_account_get_network_name (account),
                                         rz_account_get_wait_until (account));
      return g_strdup_printf (
        /* Translators: %s is a network such as Mastodon */
        _("%s asked Resonanz to wait a few minutes."),
        rz_account_get_network_name (account));

    case RZ_ACCOUNT_STATUS_UNREACHABLE:
      return g_strdup_printf (
        /* Translators: %s is a network such as Mastodon */
        _("%s cannot be reached right now. Resonanz tries again at the next fetch."),
        rz_account_get_network_name (account));

    case RZ_ACCOUNT_STATUS_FAILED:
      if (message != NULL)
        return g_strdup (message);
      return g_strdup (_("The last fetch did not work."));

    case RZ_ACCOUNT_STATUS_UNKNOWN:
    default:
      if (synced_at > 0)
        {
          g_autofree char *time = format_time (synced_at);

          /* Translators: %s is a time, e.g. 14:05 */
          return g_strdup_printf (_("Last fetched %s"), time);
        }
      return g_strdup (_("Not fetched yet"));
    }
}

static void
update (RzAccountRow *self)
{
  RzAccount *account = self->account;
  const char *display_name = rz_account_get_display_name (account);
  const char *handle = rz_account_get_handle (account);
  g_autofree char *status = rz_account_row_describe_status (account);
  g_autofree char *who = NULL;
  g_autofree char *subtitle = NULL;
  gboolean needs_sign_in = rz_account_get_status (account) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN;

  /* Network text goes in as plain text, never as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 display_name != NULL && display_name[0] != '\0'
                                 ? display_name : rz_account_get_title (account));
  adw_avatar_set_text (self->avatar, display_name != NULL && display_name[0] != '\0'
                                     ? display_name : rz_account_get_title (account));

  if (handle != NULL)
    /* Translators: %1$s is a network such as Mastodon, %2$s the account on it */
    who = g_strdup_printf (_("%1$s · %2$s"), rz_account_get_network_name (account), handle);
  else
    who = g_strdup (rz_account_get_network_name (account));
  subtitle = g_strdup_printf ("%s\n%s", who, status);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  gtk_widget_set_visible (self->sign_in_button, needs_sign_in);
}

static void
sign_in_clicked_cb (RzAccountRow *self)
{
  g_signal_emit (self, signals[SIGN_IN_REQUESTED], 0);
}

static void
remove_clicked_cb (RzAccountRow *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
rz_account_row_dispose (GObject *object)
{
  RzAccountRow *self = RZ_ACCOUNT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (rz_account_row_parent_class)->dispose (object);
}

static void
rz_account_row_class_init (RzAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_account_row_dispose;

  signals[SIGN_IN_REQUESTED] =
    g_signal_new ("sign-in-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RzAccountRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RzAccountRow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RzAccountRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
rz_account_row_init (RzAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rz_account_row_new (RzAccount *account)
{
  RzAccountRow *self;

  g_return_val_if_fail (RZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (RZ_TYPE_ACCOUNT_ROW, NULL);
  self->account = g_object_ref (account);
  g_signal_connect_object (account, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

RzAccount *
rz_account_row_get_account (RzAccountRow *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT_ROW (self), NULL);
  return self->account;
}
