/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-gui-util.h"
#include "rz-link.h"

/* Toasts often carry an error message or a name from the network. Before
 * libadwaita 1.4 a toast's title is always Pango markup, so "&" or "<b>"
 * would either vanish or be rendered; escape it there, and turn markup
 * off where the library lets us. */
AdwToast *
rz_toast_new_literal (const char *text)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_use_markup (toast, FALSE);
  return toast;
#else
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
#endif
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open a link: %s", error->message);
}
#endif

gboolean
rz_gui_open_link (GtkWidget  *widget,
                  const char *uri)
{
  GtkRoot *root;
  GtkWindow *parent;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  /* Links mostly come from the network: only web addresses are opened,
   * never a file or another program. */
  if (uri == NULL || !rz_link_is_openable (uri))
    {
      g_warning ("Not opening a link that is no web address");
      return FALSE;
    }

  root = gtk_widget_get_root (widget);
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, parent, NULL, launched_cb, NULL);
  }
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
  return TRUE;
}
