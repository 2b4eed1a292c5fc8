/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rz-catalogue.h"
#include "rz-comment.h"
#include "rz-comment-row.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-inbox-page.h"
#include "rz-reply-pane.h"
#include "rz-response-time.h"
#include "rz-storm.h"

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
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search;       /* case-folded, or NULL */

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *state_dropdown;
  GtkToggleButton    *critical_button;
  GtkToggleButton    *search_button;
  GtkLabel           *hidden_label;
  GtkRevealer        *storm_revealer;
  GtkLabel           *storm_label;
};

/* The entries of the state drop-down in the .ui file, in order; the last
 * one is "All". */
static const RzCommentState dropdown_states[] = {
  RZ_COMMENT_STATE_OPEN,
  RZ_COMMENT_STATE_ANSWERED,
  RZ_COMMENT_STATE_DONE,
  RZ_COMMENT_STATE_IGNORED,
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

static gboolean
contains_search (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* Everything but "critical only": what hides a critical comment. */
static gboolean
matches_filter_but_critical (RzInboxPage *self,
                             RzComment   *comment)
{
  guint state = gtk_drop_down_get_selected (self->state_dropdown);

  if (state < G_N_ELEMENTS (dropdown_states) && rz_comment_get_state (comment) != dropdown_states[state])
    return FALSE;

  if (self->search != NULL &&
      !contains_search (rz_comment_get_text (comment), self->search) &&
      !contains_search (rz_comment_get_author (comment), self->search) &&
      !contains_search (rz_comment_get_author_handle (comment), self->search))
    return FALSE;

  return TRUE;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RzInboxPage *self = user_data;
  RzComment *comment = item;

  /* The template's widgets are gone while the page is disposed. */
  if (self->critical_button == NULL)
    return TRUE;
  if (gtk_toggle_button_get_active (self->critical_button) &&
      rz_comment_get_sentiment (comment) != RZ_SENTIMENT_CRITICAL)
    return FALSE;
  return matches_filter_but_critical (self, comment);
}

/* Criticism is never hidden without a word: say how many critical
 * comments the state or the search leave out. */
static void
update_hidden_label (RzInboxPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->comments));
  guint hidden = 0;
  g_autofree char *text = NULL;

  if (self->hidden_label == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RzComment) comment = g_list_model_get_item (G_LIST_MODEL (self->comments), i);

      if (rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL &&
          !matches_filter_but_critical (self, comment))
        hidden++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->hidden_label), hidden > 0);
  if (hidden == 0)
    return;
  text = g_strdup_printf (ngettext ("%u critical comment is hidden by the filter",
                                    "%u critical comments are hidden by the filter", hidden),
                          hidden);
  gtk_label_set_text (self->hidden_label, text);
}

static void reselect_shown_comment (RzInboxPage *self);

static void
filter_changed_cb (RzInboxPage *self)
{
  const char *search;
  g_autofree char *stripped = NULL;

  if (self->search_entry == NULL)
    return;
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  stripped = g_strstrip (g_strdup (search != NULL ? search : ""));

  g_clear_pointer (&self->search, g_free);
  if (stripped[0] != '\0' && gtk_search_bar_get_search_mode (self->search_bar))
    self->search = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_hidden_label (self);
  reselect_shown_comment (self);
}

static void
stop_search_cb (RzInboxPage *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
search_mode_cb (RzInboxPage *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  filter_changed_cb (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzInboxPage *self = RZ_INBOX_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzInboxPage *self = RZ_INBOX_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  gboolean next = g_str_equal (action_name, "inbox.next");
  guint target;

  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    target = next ? 0 : n - 1;
  else if (next)
    target = MIN (selected + 1, n - 1);
  else
    target = selected > 0 ? selected - 1 : 0;

  gtk_single_selection_set_selected (self->selection, target);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", target);
}

static void
focus_reply_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RzInboxPage *self = RZ_INBOX_PAGE (widget);

  if (rz_reply_pane_get_comment (self->reply_pane) == NULL)
    return;
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->reply_pane));
  rz_reply_pane_focus_answer (self->reply_pane);
}

typedef struct {
  RzContext      *context;
  gint64          comment_id;
  RzCommentState  state;
} StateChange;

static void
state_change_free (gpointer data)
{
  StateChange *change = data;

  g_clear_object (&change->context);
  g_free (change);
}

static gpointer
set_state_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  StateChange *change = data;

  return rz_database_set_comment_state (db, change->comment_id, change->state, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
set_state_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RzContext) context = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    g_warning ("Could not change the state of a comment: %s", error->message);
  rz_context_emit_data_changed (context);
}

static void
set_state (RzContext      *context,
           gint64          comment_id,
           RzCommentState  state)
{
  RzDatabase *db = rz_context_get_database (context);
  StateChange *change;

  if (db == NULL)
    return;
  change = g_new0 (StateChange, 1);
  change->context = g_object_ref (context);
  change->comment_id = comment_id;
  change->state = state;
  rz_database_run_async (db, set_state_job, change, state_change_free, NULL, NULL,
                         set_state_cb, g_object_ref (context));
}

static void
undo_done_cb (AdwToast    *toast,
              StateChange *before)
{
  set_state (before->context, before->comment_id, before->state);
}

static void
mark_done_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RzInboxPage *self = RZ_INBOX_PAGE (widget);
  RzComment *comment = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *overlay;
  StateChange *before;
  AdwToast *toast;

  if (comment == NULL || self->context == NULL ||
      rz_comment_get_state (comment) == RZ_COMMENT_STATE_DONE)
    return;

  before = g_new0 (StateChange, 1);
  before->context = g_object_ref (self->context);
  before->comment_id = rz_comment_get_id (comment);
  before->state = rz_comment_get_state (comment);
  set_state (self->context, before->comment_id, RZ_COMMENT_STATE_DONE);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      state_change_free (before);
      return;
    }
  toast = adw_toast_new (_("Marked as done"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_done_cb), before,
                         (GClosureNotify) (void (*) (void)) state_change_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* After a reload the list holds new objects: keep the comment that the
 * reply pane shows selected, with its fresh state. */
static void
reselect_shown_comment (RzInboxPage *self)
{
  RzComment *shown = rz_reply_pane_get_comment (self->reply_pane);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (shown == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RzComment) comment = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

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
  update_hidden_label (self);
  reselect_shown_comment (self);
}

/* --- the storm warning ---------------------------------------------------- */

typedef struct {
  char  *channel;
  guint  count;
} Storm;

static void
storm_free (gpointer data)
{
  Storm *storm = data;

  g_free (storm->channel);
  g_free (storm);
}

/* The channel with the worst storm right now, or NULL. */
static gpointer
storm_job (RzDatabase    *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  RzStormParams params = RZ_STORM_PARAMS_DEFAULT;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 since = now - (gint64) params.baseline_days * 24 * 3600;
  g_auto(GStrv) channels = NULL;
  Storm *worst = g_new0 (Storm, 1);

  channels = rz_database_dup_comment_channels (db, since, error);
  if (channels == NULL)
    {
      storm_free (worst);
      return NULL;
    }

  for (guint i = 0; channels[i] != NULL; i++)
    {
      g_autoptr(GArray) critical = NULL;
      g_autoptr(GArray) all = NULL;
      RzStormResult result = { 0 };

      if (!rz_database_list_comment_times (db, channels[i], since, &critical, &all, error))
        {
          storm_free (worst);
          return NULL;
        }
      if (rz_storm_check ((const gint64 *) critical->data, critical->len,
                          (const gint64 *) all->data, all->len, now, &params, &result) &&
          result.count_in_window > worst->count)
        {
          g_free (worst->channel);
          worst->channel = g_strdup (channels[i]);
          worst->count = result.count_in_window;
        }
    }

  /* Never NULL without an error: an empty result means no storm. */
  return worst;
}

static void
storm_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RzInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Storm *storm;
  g_autofree char *text = NULL;
  RzChannelInfo *channel = NULL;

  storm = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (storm == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not check for a storm: %s", error->message);
      return;
    }
  if (self->storm_revealer == NULL)
    {
      storm_free (storm);
      return;
    }

  gtk_revealer_set_reveal_child (self->storm_revealer, storm->channel != NULL);
  if (storm->channel != NULL)
    {
      if (self->catalogue != NULL)
        channel = rz_catalogue_lookup (self->catalogue, storm->channel);
      /* Translators: %1$u is a number of comments, %2$s a network such as Instagram */
      text = g_strdup_printf (ngettext ("%1$u critical comment on %2$s in the last 2 hours — far more than usual",
                                        "%1$u critical comments on %2$s in the last 2 hours — far more than usual",
                                        storm->count),
                              storm->count,
                              channel != NULL ? rz_channel_info_get_name (channel) : storm->channel);
      gtk_label_set_text (self->storm_label, text);
    }
  storm_free (storm);
}

static void
storm_playbook_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autofree char *playbook = rz_storm_dup_playbook ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("What to Do in a Storm"), playbook);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
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
  rz_database_run_async (db, storm_job, NULL, NULL, storm_free,
                         self->cancellable, storm_cb, g_object_ref (self));
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
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->search, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, critical_button);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, storm_revealer);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, storm_label);
  gtk_widget_class_install_action (widget_class, "inbox.storm-playbook", NULL, storm_playbook_action);
  gtk_widget_class_bind_template_callback (widget_class, comment_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "inbox.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "inbox.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.focus-reply", NULL, focus_reply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "inbox.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "inbox.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "inbox.focus-reply", NULL);
  gtk_widget_class_install_action (widget_class, "inbox.mark-done", NULL, mark_done_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "inbox.mark-done", NULL);

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

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->comments)),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
  folded_cb (self);

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
}
