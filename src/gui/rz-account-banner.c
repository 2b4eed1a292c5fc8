/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account-banner.h"
#include "rz-add-account-dialog.h"
#include "rz-context.h"
#include "rz-net-error.h"

typedef enum {
  FIX_NONE,
  FIX_SIGN_IN,
  FIX_TRY_AGAIN,
} Fix;

struct _RzAccountBanner
{
  AdwBin      parent_instance;

  RzContext  *context;
  GPtrArray  *watched;       /* accounts whose status is followed */
  RzAccount  *account;       /* the one the banner is about */
  Fix         fix;
  guint       wait_id;

  GtkWidget  *banner;
#if !ADW_CHECK_VERSION (1, 3, 0)
  GtkLabel   *label;
  GtkButton  *button;
#endif
};

G_DEFINE_FINAL_TYPE (RzAccountBanner, rz_account_banner, ADW_TYPE_BIN)

static void update (RzAccountBanner *self);

static void
show (RzAccountBanner *self,
      const char      *title,
      const char      *button_label)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  if (title != NULL)
    adw_banner_set_title (ADW_BANNER (self->banner), title);
  adw_banner_set_button_label (ADW_BANNER (self->banner), button_label);
  adw_banner_set_revealed (ADW_BANNER (self->banner), title != NULL);
#else
  if (title != NULL)
    gtk_label_set_text (self->label, title);
  if (button_label != NULL)
    gtk_button_set_label (self->button, button_label);
  gtk_widget_set_visible (GTK_WIDGET (self->button), button_label != NULL);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), title != NULL);
#endif
}

static gboolean
wait_over_cb (gpointer user_data)
{
  RzAccountBanner *self = user_data;

  self->wait_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* The most pressing problem first: a refused sign-in needs the user, a
 * wait or an outage only patience. */
static RzAccount *
find_problem (RzAccountBanner *self)
{
  static const RzAccountStatus order[] = {
    RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN,
    RZ_ACCOUNT_STATUS_RATE_LIMITED,
    RZ_ACCOUNT_STATUS_UNREACHABLE,
    RZ_ACCOUNT_STATUS_FAILED,
  };
  gint64 now = g_get_real_time ();

  for (guint o = 0; o < G_N_ELEMENTS (order); o++)
    for (guint i = 0; i < self->watched->len; i++)
      {
        RzAccount *account = g_ptr_array_index (self->watched, i);

        if (rz_account_get_status (account) != order[o])
          continue;
        if (order[o] == RZ_ACCOUNT_STATUS_RATE_LIMITED && rz_account_get_wait_until (account) <= now)
          continue;
        return account;
      }
  return NULL;
}

static void
update (RzAccountBanner *self)
{
  RzAccount *account = find_problem (self);
  const char *network;
  g_autofree char *title = NULL;

  g_clear_handle_id (&self->wait_id, g_source_remove);
  g_set_object (&self->account, account);
  self->fix = FIX_NONE;

  if (account == NULL)
    {
      show (self, NULL, NULL);
      return;
    }

  network = rz_account_get_network_name (account);
  switch (rz_account_get_status (account))
    {
    case RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN:
      self->fix = FIX_SIGN_IN;
      /* Translators: %1$s is a network such as Mastodon, %2$s an account on it */
      title = g_strdup_printf (_("%1$s no longer accepts the sign-in of %2$s. Sign in to %1$s again to fetch its comments."),
                               network, rz_account_get_title (account));
      show (self, title, _("_Sign In Again"));
      break;

    case RZ_ACCOUNT_STATUS_RATE_LIMITED:
      {
        gint64 wait_until = rz_account_get_wait_until (account);
        gint64 seconds = (wait_until - g_get_real_time ()) / G_USEC_PER_SEC + 1;

        title = rz_net_format_wait_until (network, wait_until);
        show (self, title, NULL);
        self->wait_id = g_timeout_add_seconds ((guint) CLAMP (seconds, 1, G_MAXUINT / 2), wait_over_cb, self);
      }
      break;

    case RZ_ACCOUNT_STATUS_UNREACHABLE:
      self->fix = FIX_TRY_AGAIN;
      /* Translators: %s is a network such as Mastodon */
      title = g_strdup_printf (_("%s cannot be reached right now. Resonanz tries again at the next fetch."), network);
      show (self, title, _("_Try Again"));
      break;

    case RZ_ACCOUNT_STATUS_FAILED:
      self->fix = FIX_TRY_AGAIN;
      show (self, rz_account_get_status_message (account), _("_Try Again"));
      break;

    case RZ_ACCOUNT_STATUS_UNKNOWN:
    case RZ_ACCOUNT_STATUS_CONNECTED:
    default:
      show (self, NULL, NULL);
      break;
    }
}

static void
button_clicked_cb (RzAccountBanner *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RzAddAccountDialog *dialog;

  switch (self->fix)
    {
    case FIX_SIGN_IN:
      dialog = rz_add_account_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
      rz_add_account_dialog_sign_in_again (dialog, self->account);
      gtk_window_present (GTK_WINDOW (dialog));
      break;

    case FIX_TRY_AGAIN:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.sync", NULL);
      break;

    case FIX_NONE:
    default:
      break;
    }
}

static void
watch_accounts (RzAccountBanner *self)
{
  GListModel *accounts = rz_context_get_accounts (self->context);

  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      RzAccount *account = g_list_model_get_item (accounts, i);

      g_signal_connect_object (account, "notify::status", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (account, "notify::wait-until", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched, account);
    }

  update (self);
}

static GtkWidget *
create_banner (RzAccountBanner *self)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  GtkWidget *banner = adw_banner_new ("");

  g_signal_connect_object (banner, "button-clicked", G_CALLBACK (button_clicked_cb), self, G_CONNECT_SWAPPED);
  return banner;
#else
  /* libadwaita 1.2 has no AdwBanner: the same look from plain widgets. */
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_center_box_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (button, FALSE);
  g_signal_connect_object (button, "clicked", G_CALLBACK (button_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (box), label);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (box), button);
  gtk_widget_add_css_class (box, "rz-banner");
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);

  self->label = GTK_LABEL (label);
  self->button = GTK_BUTTON (button);
  return revealer;
#endif
}

static void
rz_account_banner_dispose (GObject *object)
{
  RzAccountBanner *self = RZ_ACCOUNT_BANNER (object);

  g_clear_handle_id (&self->wait_id, g_source_remove);
  if (self->watched != NULL)
    g_ptr_array_set_size (self->watched, 0);
  g_clear_object (&self->account);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_account_banner_parent_class)->dispose (object);
}

static void
rz_account_banner_finalize (GObject *object)
{
  RzAccountBanner *self = RZ_ACCOUNT_BANNER (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_account_banner_parent_class)->finalize (object);
}

static void
rz_account_banner_class_init (RzAccountBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rz_account_banner_dispose;
  object_class->finalize = rz_account_banner_finalize;
}

static void
rz_account_banner_init (RzAccountBanner *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->banner = create_banner (self);
  adw_bin_set_child (ADW_BIN (self), self->banner);
}

GtkWidget *
rz_account_banner_new (RzContext *context)
{
  RzAccountBanner *self;

  g_return_val_if_fail (RZ_IS_CONTEXT (context), NULL);

  self = g_object_new (RZ_TYPE_ACCOUNT_BANNER, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (rz_context_get_accounts (context), "items-changed",
                           G_CALLBACK (watch_accounts), self, G_CONNECT_SWAPPED);
  watch_accounts (self);
  return GTK_WIDGET (self);
}
