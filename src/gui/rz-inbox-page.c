/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-catalogue.h"
#include "rz-comment.h"
#include "rz-comment-list-model.h"
#include "rz-comment-row.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-inbox-page.h"
#include "rz-plan.h"
#include "rz-reply-pane.h"
#include "rz-response-summary.h"
#include "rz-response-time.h"
#include "rz-storm.h"
#include "rz-gui-util.h"

struct _RzInboxPage
{
  AdwBin        parent_instance;

  RzContext          *context;
  RzCatalogue        *catalogue;
  RzCommentListModel *model;          /* NULL until there is a database */
  GHashTable         *target_minutes; /* the plan's, see RzInboxFilter */
  GCancellable       *cancellable;
  GCancellable       *summary_cancellable;
  GCancellable       *find_cancellable;
  gint64              reselect_id;    /* to select again once loaded */
  GStrv               channel_ids;    /* of the channel drop-down after "All" */
  gboolean            updating_channels;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  GtkGridView        *list_view;     /* one column: see the .ui file */
  RzReplyPane        *reply_pane;
  GtkSingleSelection *selection;

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *channel_dropdown;
  GtkStringList      *channel_names;
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
              const char  *channel_id)
{
  RzChannelInfo *channel = NULL;

  if (self->catalogue != NULL && channel_id != NULL)
    channel = rz_catalogue_lookup (self->catalogue, channel_id);
  return channel != NULL ? rz_channel_info_get_name (channel) : channel_id;
}

/* The plan's target for the comment's channel, in seconds. */
static gint64
target_seconds (RzInboxPage *self,
                RzComment   *comment)
{
  guint minutes = 0;

  if (self->target_minutes != NULL)
    minutes = GPOINTER_TO_UINT (g_hash_table_lookup (self->target_minutes,
                                                     rz_comment_get_channel (comment)));
  return (gint64) (minutes > 0 ? minutes : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES) * 60;
}

/* --- what the filters hide -------------------------------------------------- */

typedef struct {
  char     *channel;
  int       state;
  gboolean  critical_only;
  char     *search;
} Summary;

static void
summary_free (gpointer data)
{
  Summary *summary = data;

  g_free (summary->channel);
  g_free (summary->search);
  g_free (summary);
}

typedef struct {
  guint    hidden_critical;
  gboolean has_comments;
} SummaryResult;

static gpointer
summary_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Summary *summary = data;
  RzInboxFilter filter = { summary->channel, summary->state, summary->critical_only, summary->search, 0, NULL };
  g_autoptr(GPtrArray) first = NULL;
  g_autofree SummaryResult *result = g_new0 (SummaryResult, 1);

  if (!rz_database_count_inbox_hidden_critical (db, &filter, &result->hidden_critical, error))
    return NULL;
  first = rz_database_list_inbox (db, NULL, 0, 1, error);
  if (first == NULL)
    return NULL;
  result->has_comments = first->len > 0;
  return g_steal_pointer (&result);
}

/* Criticism is never hidden without a word: say how many critical
 * comments the channel, the state or the search leave out. */
static void
summary_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree SummaryResult *summary = NULL;
  g_autofree char *text = NULL;

  summary = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the hidden critical comments: %s", error->message);
      return;
    }
  if (self->hidden_label == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, summary->has_comments ? "list" : "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->hidden_label), summary->hidden_critical > 0);
  if (summary->hidden_critical == 0)
    return;
  text = g_strdup_printf (ngettext ("%u critical comment is hidden by the filter",
                                    "%u critical comments are hidden by the filter",
                                    summary->hidden_critical),
                          summary->hidden_critical);
  gtk_label_set_text (self->hidden_label, text);
}

static void
update_summary (RzInboxPage *self)
{
  Summary *summary;

  if (self->model == NULL)
    return;

  g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  self->summary_cancellable = g_cancellable_new ();

  summary = g_new0 (Summary, 1);
  summary->channel = g_strdup (rz_comment_list_model_get_channel (self->model));
  summary->state = rz_comment_list_model_get_state (self->model);
  summary->critical_only = rz_comment_list_model_get_critical_only (self->model);
  summary->search = g_strdup (rz_comment_list_model_get_search (self->model));
  rz_database_run_async (rz_comment_list_model_get_database (self->model),
                         summary_job, summary, summary_free, g_free,
                         self->summary_cancellable, summary_cb, g_object_ref (self));
}

/* --- keeping the selection ------------------------------------------------ */

static void
find_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RzInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint position;

  position = rz_comment_list_model_find_finish (RZ_COMMENT_LIST_MODEL (source), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not find the comment in the inbox: %s", error->message);
      return;
    }
  /* Loading again: the position is of the old items. */
  if (self->model == NULL || rz_comment_list_model_get_loading (self->model))
    return;
  self->reselect_id = 0;
  if (position != G_MAXUINT && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
}

/* The list holds new items after a change: select the comment that the
 * reply pane shows again, wherever it is now. */
static void
loading_cb (RzInboxPage *self)
{
  if (rz_comment_list_model_get_loading (self->model) || self->reselect_id == 0)
    return;

  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  self->find_cancellable = g_cancellable_new ();
  rz_comment_list_model_find_async (self->model, self->reselect_id, self->find_cancellable,
                                    find_cb, g_object_ref (self));
}

static void
remember_selection (RzInboxPage *self)
{
  RzComment *shown = rz_reply_pane_get_comment (self->reply_pane);

  self->reselect_id = shown != NULL ? rz_comment_get_id (shown) : 0;
}

static void
model_error_cb (RzInboxPage *self)
{
  const GError *error = rz_comment_list_model_get_error (self->model);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GtkWidget *overlay;

  if (error == NULL || (overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY)) == NULL)
    return;
  g_warning ("Could not read the inbox: %s", error->message);
  /* A toast's title is markup. */
  message = g_markup_escape_text (error->message, -1);
  /* Translators: %s is the database's error message */
  text = g_strdup_printf (_("Could not read the inbox (%s). Refresh to try again; if it keeps failing, "
                            "restart Resonanz."),
                          message);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), rz_toast_new_literal (text));
}

/* --- the filters -------------------------------------------------------------- */

static void
filter_changed_cb (RzInboxPage *self)
{
  const char *search;
  g_autofree char *stripped = NULL;
  guint state;
  guint channel;

  if (self->search_entry == NULL || self->model == NULL || self->updating_channels)
    return;
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  stripped = g_strstrip (g_strdup (search != NULL ? search : ""));
  state = gtk_drop_down_get_selected (self->state_dropdown);
  channel = gtk_drop_down_get_selected (self->channel_dropdown);

  /* A change of the filters drops the selection with all items. */
  remember_selection (self);

  g_object_freeze_notify (G_OBJECT (self->model));
  rz_comment_list_model_set_channel (self->model,
                                     channel > 0 && self->channel_ids != NULL &&
                                     channel <= g_strv_length (self->channel_ids)
                                     ? self->channel_ids[channel - 1] : NULL);
  rz_comment_list_model_set_state (self->model,
                                   state < G_N_ELEMENTS (dropdown_states)
                                   ? (int) dropdown_states[state] : RZ_COMMENT_LIST_MODEL_ALL_STATES);
  rz_comment_list_model_set_critical_only (self->model, gtk_toggle_button_get_active (self->critical_button));
  /* Searched in the database's full-text index, not in what is loaded. */
  rz_comment_list_model_set_search (self->model,
                                    gtk_search_bar_get_search_mode (self->search_bar) ? stripped : NULL);
  g_object_thaw_notify (G_OBJECT (self->model));

  update_summary (self);
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

  if (comment == NULL || self->context == NULL || rz_comment_list_model_is_placeholder (comment) ||
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

static void
selection_changed_cb (RzInboxPage *self)
{
  RzComment *comment = gtk_single_selection_get_selected_item (self->selection);

  /* A reload unselects for a moment; the pane keeps its comment. A row
   * whose page is on its way is shown once it arrived (items_changed_cb). */
  if (comment != NULL && !rz_comment_list_model_is_placeholder (comment))
    rz_reply_pane_set_comment (self->reply_pane, comment,
                               channel_name (self, rz_comment_get_channel (comment)));
}

static void
items_changed_cb (RzInboxPage *self,
                  guint        position,
                  guint        removed,
                  guint        added)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* The page of the selected row came: it is the same object, filled in. */
  if (selected != GTK_INVALID_LIST_POSITION && selected >= position && selected < position + added)
    selection_changed_cb (self);
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

/* --- the plan's targets and the channels -------------------------------- */

typedef struct {
  GHashTable *target_minutes;
  GStrv       channels;
} Extras;

static void
extras_free (gpointer data)
{
  Extras *extras = data;

  g_clear_pointer (&extras->target_minutes, g_hash_table_unref);
  g_strfreev (extras->channels);
  g_free (extras);
}

static gpointer
extras_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) plan_error = NULL;
  g_autoptr(RzPlan) plan = NULL;
  Extras *extras = g_new0 (Extras, 1);

  extras->target_minutes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Without a plan every channel has the default target. */
  plan = rz_database_dup_plan (db, &plan_error);
  if (plan == NULL && plan_error != NULL)
    g_warning ("Could not read the plan's response times: %s", plan_error->message);
  for (guint i = 0; plan != NULL && i < rz_plan_get_n_entries (plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (plan, i);
      guint minutes = rz_plan_entry_get_response_minutes (entry);

      if (minutes > 0)
        g_hash_table_insert (extras->target_minutes, g_strdup (rz_plan_entry_get_channel_id (entry)),
                             GUINT_TO_POINTER (minutes));
    }

  extras->channels = rz_database_dup_inbox_channels (db, error);
  if (extras->channels == NULL)
    {
      extras_free (extras);
      return NULL;
    }
  return extras;
}

static gboolean
same_targets (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == NULL || b == NULL || g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_lookup (b, key) != value)
      return FALSE;
  return TRUE;
}

static void
set_channels (RzInboxPage  *self,
              GStrv         channels)
{
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);
  const char *current = NULL;
  guint keep = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->channel_ids != NULL && g_strv_equal ((const char * const *) self->channel_ids,
                                                 (const char * const *) channels))
    return;

  if (selected > 0 && self->channel_ids != NULL && selected <= g_strv_length (self->channel_ids))
    current = self->channel_ids[selected - 1];
  for (guint i = 0; channels[i] != NULL; i++)
    {
      g_ptr_array_add (names, (gpointer) channel_name (self, channels[i]));
      if (g_strcmp0 (channels[i], current) == 0)
        keep = i + 1;
    }
  g_ptr_array_add (names, NULL);

  /* The list changes under the drop-down: that is not the user's choice. */
  self->updating_channels = TRUE;
  gtk_string_list_splice (self->channel_names, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->channel_names)) - 1,
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->channel_dropdown, keep);
  self->updating_channels = FALSE;

  g_strfreev (self->channel_ids);
  self->channel_ids = g_strdupv (channels);
  /* The chosen channel went away with its account. */
  if (current != NULL && keep == 0)
    filter_changed_cb (self);
}

static void
extras_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RzInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Extras *extras;

  extras = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (extras == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the inbox's channels: %s", error->message);
      return;
    }
  if (self->model == NULL || self->channel_dropdown == NULL)
    {
      extras_free (extras);
      return;
    }

  set_channels (self, extras->channels);
  if (!same_targets (self->target_minutes, extras->target_minutes))
    {
      g_clear_pointer (&self->target_minutes, g_hash_table_unref);
      self->target_minutes = g_hash_table_ref (extras->target_minutes);
      /* A new order of the same comments; see rz_inbox_page_reload(). */
      remember_selection (self);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      rz_comment_list_model_set_target_minutes (self->model, self->target_minutes);
    }
  extras_free (extras);
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

  if (self->model == NULL || rz_comment_list_model_get_database (self->model) != db)
    {
      g_clear_object (&self->model);
      self->model = rz_comment_list_model_new (db);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (loading_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::error", G_CALLBACK (model_error_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      if (self->target_minutes != NULL)
        rz_comment_list_model_set_target_minutes (self->model, self->target_minutes);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
      filter_changed_cb (self);
    }
  else
    {
      /* The model keeps the list where it is and the comments that are
       * shown the same objects; GtkSingleSelection would look for its
       * selected item among all new items, so it lets go first. */
      remember_selection (self);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      rz_comment_list_model_reload (self->model);
      update_summary (self);
    }

  rz_database_run_async (db, extras_job, NULL, NULL, extras_free,
                         self->cancellable, extras_cb, g_object_ref (self));
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
  rz_response_summary_set_context (RZ_RESPONSE_SUMMARY (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                     RZ_TYPE_INBOX_PAGE,
                                                                                     "response_summary")),
                                   context);
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
  RzCommentRow *row = RZ_COMMENT_ROW (gtk_list_item_get_child (item));

  /* An empty row until its page arrives and the row is bound again. */
  if (rz_comment_list_model_is_placeholder (comment))
    rz_comment_row_set_comment (row, NULL, NULL, 0, 0);
  else
    rz_comment_row_set_comment (row, comment, channel_name (self, rz_comment_get_channel (comment)),
                                rz_comment_list_model_get_now (self->model),
                                target_seconds (self, comment));
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
  g_cancellable_cancel (self->summary_cancellable);
  g_cancellable_cancel (self->find_cancellable);
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
  g_clear_object (&self->summary_cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->target_minutes, g_hash_table_unref);
  g_clear_pointer (&self->channel_ids, g_strfreev);
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
  g_type_ensure (RZ_TYPE_RESPONSE_SUMMARY);
  /* No field: only looked up by name (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "response_summary", FALSE, 0);

  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, reply_pane);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RzInboxPage, channel_names);
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
  /* Built into the binary and small: channel names for the rows. */
  self->catalogue = rz_catalogue_new_default (NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_grid_view_set_factory (self->list_view, factory);

  /* The model comes with the database (rz_inbox_page_reload()). */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
  folded_cb (self);

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
}
