/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-catalogue.h"
#include "rz-comment.h"
#include "rz-comment-row.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-inbox-page.h"
#include "rz-reply-pane.h"
#include "rz-response-time.h"

/* The first page of the inbox; paging through all of it comes with the
 * inbox issue's list model. */
#define INBOX_PAGE_SIZE 500

struct _RzInboxPage
{
  AdwBin        parent_instance;

  RzContext    *context;
  RzCatalogue  *catalogue;
  GListStore   *comments;
  GCancellable *cancellable;
  gint64        now;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  GtkListView        *list_view;
  RzReplyPane        *reply_pane;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (RzInboxPage, rz_inbox_page, ADW_TYPE_BIN)

static const char *
channel_name (RzInboxPage *self,
              RzComment   *comment)
{
  RzChannelInfo *channel = NULL;

  if (self->catalogue != NULL)
    channel = rz_catalogue_lookup (self->catalogue, rz_comment_get_channel (comment));
  return channel != NULL ? rz_channel_info_get_name (channel) : NULL;
}

/* After a reload the list holds new objects: keep the comment that the
 * reply pane shows selected, with its fresh state. */
static void
reselect_shown_comment (RzInboxPage *self)
{
  RzComment *shown = rz_reply_pane_get_comment (self->reply_pane);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->comments));

  if (shown == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RzComment) comment = g_list_model_get_item (G_LIST_MODEL (self->comments), i);

      if (rz_comment_get_id (comment) == rz_comment_get_id (shown))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
selection_changed_cb (RzInboxPage *self)
{
  RzComment *comment = gtk_single_selection_get_selected_item (self->selection);

  /* A reload unselects for a moment; the pane keeps its comment. */
  if (comment != NULL)
    rz_reply_pane_set_comment (self->reply_pane, comment, channel_name (self, comment));
}

static void
comment_activated_cb (RzInboxPage *self,
                      guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  selection_changed_cb (self);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->reply_pane));
  rz_reply_pane_focus_answer (self->reply_pane);
}

static void
folded_cb (RzInboxPage *self)
{
  rz_reply_pane_set_show_back (self->reply_pane, adw_leaflet_get_folded (self->leaflet));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzInboxPage *self = RZ_INBOX_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gpointer
list_comments_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return rz_database_list_comments (db, 0, INBOX_PAGE_SIZE, error);
}

static void
list_comments_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RzInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;

  comments = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (comments == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the inbox: %s", error->message);
      return;
    }

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  g_list_store_splice (self->comments, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->comments)),
                       comments->pdata, comments->len);
  gtk_stack_set_visible_child_name (self->stack, comments->len > 0 ? "list" : "empty");
  reselect_shown_comment (self);
}

static void
rz_inbox_page_reload (RzInboxPage *self)
{
  RzDatabase *db;

  if (self->context == NULL || (db = rz_context_get_database (self->context)) == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  rz_database_run_async (db, list_comments_job, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, list_comments_cb, g_object_ref (self));
}

void
rz_inbox_page_set_context (RzInboxPage *self,
                           RzContext   *context)
{
  g_return_if_fail (RZ_IS_INBOX_PAGE (self));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  rz_reply_pane_set_context (self->reply_pane, context);
  if (context != NULL)
    g_signal_connect_object (context, "data-changed",
                             G_CALLBACK (rz_inbox_page_reload), self, G_CONNECT_SWAPPED);
  rz_inbox_page_reload (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, rz_comment_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  RzInboxPage *self = user_data;
  RzComment *comment = gtk_list_item_get_item (item);

  rz_comment_row_set_comment (RZ_COMMENT_ROW (gtk_list_item_get_child (item)), comment,
                              channel_name (self, comment),
                              self->now, RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES * 60);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  rz_comment_row_set_comment (RZ_COMMENT_ROW (gtk_list_item_get_child (item)), NULL, NULL, 0, 0);
}

static void
rz_inbox_page_dispose (GObject *object)
{
  RzInboxPage *self = RZ_INBOX_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* libadwaita 1.2's AdwBin unparents its child itself; release it first so
   * the template does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_INBOX_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_inbox_page_parent_class)->dispose (object);
}

static void
rz_inbox_page_finalize (GObject *object)
{
  RzInboxPage *self = RZ_INBOX_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->comments);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (rz_inbox_page_parent_class)->finalize (object);
}

static void
rz_inbox_page_class_init (RzInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_inbox_page_dispose;
  object_class->finalize = rz_inbox_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-inbox-page.ui");
  g_type_ensure (RZ_TYPE_REPLY_PANE);

  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, reply_pane);
  gtk_widget_class_bind_template_callback (widget_class, comment_activated_cb);

  gtk_widget_class_install_action (widget_class, "inbox.back", NULL, back_action);
}

static void
rz_inbox_page_init (RzInboxPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->comments = g_list_store_new (RZ_TYPE_COMMENT);
  /* Built into the binary and small: channel names for the rows. */
  self->catalogue = rz_catalogue_new_default (NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->comments)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
  folded_cb (self);
}
