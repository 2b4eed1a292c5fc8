/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account.h"
#include "rz-catalogue.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-draft-editor.h"
#include "rz-draft-post.h"
#include "rz-drafts-page.h"
#include "rz-gui-util.h"
#include "rz-net-error.h"
#include "rz-outbox.h"

#define SEARCH_LIMIT 50
#define HISTORY_LIMIT 200
/* Outbox changes come in bursts (one per account): list once after. */
#define RELOAD_DELAY_MS 300

struct _RzDraftsPage
{
  AdwBin          parent_instance;

  RzContext      *context;
  RzOutbox       *outbox;
  RzCatalogue    *catalogue;
  GListStore     *drafts;          /* RzDraft */
  GCancellable   *cancellable;
  guint           reload_id;
  /* Counts requests to open a draft: only the latest one opens, so a slow
   * load never replaces what the user asked for since. */
  guint           open_serial;
  gint64          open_after_reload;
  gboolean        loaded;

  AdwToastOverlay *toast_overlay;
  GtkStack       *stack;
  AdwLeaflet     *leaflet;
  GtkWidget      *sidebar;
  GtkToggleButton *history_button;
  GtkToggleButton *search_button;
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack       *sidebar_stack;
  GtkLabel       *sidebar_title;
  GtkListBox     *draft_list;
  GtkListBox     *search_list;
  GtkListBox     *history_list;
  GtkStack       *content_stack;
  RzDraftEditor  *editor;
};

G_DEFINE_FINAL_TYPE (RzDraftsPage, rz_drafts_page, ADW_TYPE_BIN)

static void open_draft (RzDraftsPage *self,
                        gint64        draft_id);
static void reload     (RzDraftsPage *self);

static RzDatabase *
get_database (RzDraftsPage *self)
{
  return self->context != NULL ? rz_context_get_database (self->context) : NULL;
}

static const char *
channel_name (RzDraftsPage *self,
              const char   *channel)
{
  RzChannelInfo *info = rz_catalogue_lookup (self->catalogue, channel);

  return info != NULL ? rz_channel_info_get_name (info) : channel;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a date and time, see the GDateTime format codes */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static void
show_toast (RzDraftsPage *self,
            const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, rz_toast_new_literal (message));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static guint
find_draft (RzDraftsPage *self,
            gint64        draft_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->drafts)); i++)
    {
      g_autoptr(RzDraft) draft = g_list_model_get_item (G_LIST_MODEL (self->drafts), i);

      if (rz_draft_get_id (draft) == draft_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* --- Rows ---------------------------------------------------------------- */

static char *
dup_draft_title (RzDraft *draft)
{
  g_autofree char *title = rz_draft_dup_title (draft);

  if (title[0] == '\0')
    return g_strdup (_("Empty draft"));
  return g_steal_pointer (&title);
}

static char *
dup_draft_subtitle (RzDraftsPage *self,
                    RzDraft      *draft)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *when = NULL;

  if (rz_draft_get_is_demo (draft))
    {
      /* Translators: marks the drafts of the sample bakery */
      g_string_append (out, _("Sample"));
    }

  for (guint i = 0; i < rz_draft_get_n_variants (draft); i++)
    {
      if (out->len > 0)
        g_string_append (out, i == 0 ? " · " : ", ");
      g_string_append (out, channel_name (self, rz_draft_get_variant (draft, i)->channel));
    }

  if (out->len > 0)
    g_string_append (out, " · ");
  switch (rz_draft_get_status (draft))
    {
    case RZ_DRAFT_STATUS_SCHEDULED:
      if (rz_draft_get_next_scheduled_at (draft) > 0)
        {
          when = format_time (rz_draft_get_next_scheduled_at (draft));
          /* Translators: %s is a date and time */
          g_string_append_printf (out, _("Scheduled for %s"), g_strstrip (when));
        }
      else
        {
          g_string_append (out, _("Being posted"));
        }
      break;
    case RZ_DRAFT_STATUS_POSTED:
      g_string_append (out, _("Posted"));
      break;
    case RZ_DRAFT_STATUS_FAILED:
      g_string_append (out, _("Posting failed"));
      break;
    case RZ_DRAFT_STATUS_DRAFT:
    default:
      when = format_time (rz_draft_get_updated_at (draft));
      /* Translators: %s is a date and time */
      g_string_append_printf (out, _("Edited %s"), g_strstrip (when));
      break;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
update_draft_row (AdwActionRow *row)
{
  RzDraftsPage *self = g_object_get_data (G_OBJECT (row), "page");
  RzDraft *draft = g_object_get_data (G_OBJECT (row), "draft");
  g_autofree char *title = dup_draft_title (draft);
  g_autofree char *subtitle = dup_draft_subtitle (self, draft);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_draft_row (gpointer item,
                  gpointer user_data)
{
  RzDraftsPage *self = user_data;
  RzDraft *draft = item;
  GtkWidget *row = adw_action_row_new ();

  /* Titles are what the user typed: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "page", self);
  g_object_set_data_full (G_OBJECT (row), "draft", g_object_ref (draft), g_object_unref);
  update_draft_row (ADW_ACTION_ROW (row));

  /* The open draft changes as the user types. */
  g_signal_connect_object (draft, "notify", G_CALLBACK (update_draft_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (draft, "changed", G_CALLBACK (update_draft_row), row, G_CONNECT_SWAPPED);
  return row;
}

static void
select_open_draft (RzDraftsPage *self)
{
  RzDraft *open = rz_draft_editor_get_draft (self->editor);
  guint position = open != NULL ? find_draft (self, rz_draft_get_id (open)) : GTK_INVALID_LIST_POSITION;

  if (position == GTK_INVALID_LIST_POSITION)
    gtk_list_box_unselect_all (self->draft_list);
  else
    gtk_list_box_select_row (self->draft_list, gtk_list_box_get_row_at_index (self->draft_list, position));
}

static void
draft_row_activated_cb (RzDraftsPage  *self,
                        GtkListBoxRow *row)
{
  RzDraft *draft = g_object_get_data (G_OBJECT (row), "draft");

  if (draft != NULL)
    open_draft (self, rz_draft_get_id (draft));
}

/* --- Opening a draft ----------------------------------------------------- */

static void
show_editor (RzDraftsPage *self,
             RzDraft      *draft)
{
  guint position = find_draft (self, rz_draft_get_id (draft));

  /* The list shows the very object the editor changes, so the row follows
   * the typing. */
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(RzDraft) listed = g_list_model_get_item (G_LIST_MODEL (self->drafts), position);

      if (listed != draft)
        {
          rz_draft_set_status (draft, rz_draft_get_status (listed), rz_draft_get_next_scheduled_at (listed));
          g_list_store_splice (self->drafts, position, 1, (gpointer *) &draft, 1);
        }
    }
  else
    {
      g_list_store_insert (self->drafts, 0, draft);
    }

  rz_draft_editor_set_draft (self->editor, draft);
  gtk_stack_set_visible_child_name (self->stack, "drafts");
  gtk_stack_set_visible_child_name (self->content_stack, "editor");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  select_open_draft (self);
}

typedef struct
{
  RzDraftsPage *self;
  gint64        draft_id;
  guint         serial;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_clear_object (&request->self);
  g_free (request);
}

static gpointer
load_draft_job (RzDatabase    *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return rz_database_load_draft (db, ((OpenRequest *) data)->draft_id, error);
}

static void
load_draft_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  OpenRequest *request = user_data;
  g_autoptr(RzDraftsPage) self = g_object_ref (request->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = NULL;
  gboolean latest = request->serial == self->open_serial;

  open_request_free (request);
  draft = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (!latest)
    return;
  if (draft == NULL)
    {
      if (g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND))
        reload (self);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  show_editor (self, draft);
}

static void
open_draft (RzDraftsPage *self,
            gint64        draft_id)
{
  RzDatabase *db = get_database (self);
  RzDraft *open = rz_draft_editor_get_draft (self->editor);
  OpenRequest *request;

  self->open_serial++;
  if (open != NULL && rz_draft_get_id (open) == draft_id)
    {
      show_editor (self, open);
      return;
    }
  if (db == NULL)
    return;

  /* What the open draft has unsaved goes to the database first. */
  rz_draft_editor_save_now (self->editor);
  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->draft_id = draft_id;
  request->serial = self->open_serial;
  rz_database_run_async (db, load_draft_job, request, NULL,
                         g_object_unref, self->cancellable, load_draft_cb, request);
}

/* --- The list ------------------------------------------------------------ */

static gpointer
list_drafts_job (RzDatabase    *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return rz_database_list_drafts (db, error);
}

static void
list_drafts_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDraftsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  RzDraft *open = rz_draft_editor_get_draft (self->editor);
  gboolean open_found = FALSE;
  gint64 open_after = self->open_after_reload;

  drafts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (drafts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the drafts: %s", error->message);
          show_toast (self, error->message);
        }
      return;
    }

  /* The open draft stays the editor's object, with the fresh status. */
  for (guint i = 0; open != NULL && i < drafts->len; i++)
    {
      RzDraft *listed = drafts->pdata[i];

      if (rz_draft_get_id (listed) == rz_draft_get_id (open))
        {
          rz_draft_set_status (open, rz_draft_get_status (listed), rz_draft_get_next_scheduled_at (listed));
          g_ptr_array_index (drafts, i) = g_object_ref (open);
          g_object_unref (listed);
          open_found = TRUE;
        }
    }
  if (open != NULL && !open_found)
    {
      /* Deleted elsewhere, e.g. with the sample data. */
      rz_draft_editor_set_draft (self->editor, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }

  g_list_store_splice (self->drafts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->drafts)),
                       drafts->pdata, drafts->len);
  self->loaded = TRUE;
  self->open_after_reload = 0;
  gtk_stack_set_visible_child_name (self->stack, drafts->len > 0 ? "drafts" : "empty");
  select_open_draft (self);

  if (open_after != 0)
    open_draft (self, open_after);
  else if (self->open_serial == 0 && drafts->len > 0 && !adw_leaflet_get_folded (self->leaflet))
    /* Side by side, the most recent draft is where the user goes on;
     * unless the user already asked for something else. */
    open_draft (self, rz_draft_get_id (drafts->pdata[0]));
}

static void
reload (RzDraftsPage *self)
{
  RzDatabase *db = get_database (self);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (db == NULL)
    return;

  rz_database_run_async (db, list_drafts_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, list_drafts_cb, g_object_ref (self));
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  RzDraftsPage *self = user_data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload (RzDraftsPage *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/* --- New, delete, undo --------------------------------------------------- */

static gpointer
new_draft_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();

  if (!rz_database_save_draft (db, draft, error))
    return NULL;
  return g_steal_pointer (&draft);
}

static void
new_draft_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenRequest *request = user_data;
  g_autoptr(RzDraftsPage) self = g_object_ref (request->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = NULL;
  gboolean latest = request->serial == self->open_serial;

  open_request_free (request);
  draft = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (draft != NULL && !latest)
    {
      /* Created, but the user went elsewhere meanwhile: it is in the list. */
      queue_reload (self);
      return;
    }
  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not create the draft: %s"), error->message);

          show_toast (self, message);
        }
      return;
    }

  gtk_toggle_button_set_active (self->history_button, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  show_editor (self, draft);
  rz_draft_editor_focus_text (self->editor);
}

void
rz_drafts_page_new_draft (RzDraftsPage *self)
{
  RzDatabase *db;
  OpenRequest *request;

  g_return_if_fail (RZ_IS_DRAFTS_PAGE (self));

  db = get_database (self);
  if (db == NULL)
    return;

  rz_draft_editor_save_now (self->editor);
  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->serial = ++self->open_serial;
  rz_database_run_async (db, new_draft_job, NULL, NULL, g_object_unref,
                         self->cancellable, new_draft_cb, request);
}

static gpointer
restore_draft_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return rz_database_restore_draft (db, data, error) ? g_object_ref (data) : NULL;
}

static void
restore_draft_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RzDraftsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = NULL;

  draft = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  self->open_after_reload = rz_draft_get_id (draft);
  reload (self);
}

static void
undo_delete_cb (AdwToast *toast,
                gpointer  user_data)
{
  RzDraftsPage *self = user_data;
  RzDraft *draft = g_object_get_data (G_OBJECT (toast), "draft");
  RzDatabase *db = get_database (self);

  if (db == NULL || draft == NULL)
    return;

  /* Not cancellable: the user asked for it back. */
  rz_database_run_async (db, restore_draft_job, g_object_ref (draft), g_object_unref, g_object_unref,
                         NULL, restore_draft_cb, g_object_ref (self));
}

static gpointer
delete_draft_job (RzDatabase    *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(RzDraft) whole = NULL;

  /* The whole draft, images included, is kept for "Undo". */
  whole = rz_database_load_draft (db, id, error);
  if (whole == NULL || !rz_database_delete_draft (db, id, error))
    return NULL;
  return g_steal_pointer (&whole);
}

static void
delete_draft_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RzDraftsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) deleted = NULL;
  AdwToast *toast;

  deleted = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (deleted == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      reload (self);
      return;
    }

  toast = adw_toast_new (_("Draft deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "draft", g_steal_pointer (&deleted), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  reload (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzDraftsPage *self = RZ_DRAFTS_PAGE (widget);
  RzDraft *draft = rz_draft_editor_get_draft (self->editor);
  RzDatabase *db = get_database (self);
  guint position;
  gint64 id;

  if (draft == NULL || db == NULL)
    return;

  id = rz_draft_get_id (draft);
  /* Saves what was typed last, before the delete, so "Undo" has it. */
  rz_draft_editor_set_draft (self->editor, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  position = find_draft (self, id);
  if (position != GTK_INVALID_LIST_POSITION)
    g_list_store_remove (self->drafts, position);

  rz_database_run_async (db, delete_draft_job, g_memdup2 (&id, sizeof id), g_free, g_object_unref,
                         NULL, delete_draft_cb, g_object_ref (self));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  rz_drafts_page_new_draft (RZ_DRAFTS_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzDraftsPage *self = RZ_DRAFTS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzDraftsPage *self = RZ_DRAFTS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- Search and history -------------------------------------------------- */

static void
post_row_activated_cb (AdwActionRow *row,
                       RzDraftsPage *self)
{
  RzDraftPost *post = g_object_get_data (G_OBJECT (row), "post");

  if (post->draft_id != 0 && find_draft (self, post->draft_id) != GTK_INVALID_LIST_POSITION)
    open_draft (self, post->draft_id);
  else if (post->remote_url != NULL)
    rz_gui_open_link (GTK_WIDGET (row), post->remote_url);
}

static void
open_link_clicked_cb (GtkButton *button,
                      gpointer   user_data)
{
  rz_gui_open_link (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "url"));
}

static GtkWidget *
create_post_row (RzDraftsPage *self,
                 RzDraftPost  *post)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(RzDraft) text_holder = rz_draft_new ();
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  /* The first line of what went out, as a title. */
  rz_draft_set_core_text (text_holder, post->text);
  title = dup_draft_title (text_holder);

  if (post->state == RZ_DRAFT_POST_POSTED)
    {
      when = format_time (post->posted_at);
      /* Translators: "Mastodon · Posted 12 Mar 2025, 10:00" */
      subtitle = g_strdup_printf (_("%s · Posted %s"), channel_name (self, post->channel), g_strstrip (when));
    }
  else
    {
      /* Translators: "Mastodon · Failed" */
      subtitle = g_strdup_printf (_("%s · %s"), channel_name (self, post->channel),
                                  rz_draft_post_state_get_label (post->state));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "post", rz_draft_post_copy (post), (GDestroyNotify) rz_draft_post_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (post_row_activated_cb), self, 0);

  if (post->remote_url != NULL)
    {
      GtkWidget *open = gtk_button_new_from_icon_name ("web-browser-symbolic");

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open the Post"));
      /* Where it leads, read with it. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (open),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open the Post"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, post->remote_url,
                                      -1);
      g_object_set_data_full (G_OBJECT (open), "url", g_strdup (post->remote_url), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_link_clicked_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  return row;
}

static void
draft_result_activated_cb (AdwActionRow *row,
                           RzDraftsPage *self)
{
  open_draft (self, rz_draft_get_id (g_object_get_data (G_OBJECT (row), "draft")));
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

typedef struct
{
  char      *query;
  GPtrArray *drafts;
  GPtrArray *posts;
} Search;

static void
search_free (Search *search)
{
  g_free (search->query);
  g_clear_pointer (&search->drafts, g_ptr_array_unref);
  g_clear_pointer (&search->posts, g_ptr_array_unref);
  g_free (search);
}

static gpointer
search_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Search *search = g_new0 (Search, 1);

  search->query = g_strdup (data);
  search->drafts = rz_database_search_drafts (db, data, SEARCH_LIMIT, error);
  if (search->drafts != NULL)
    search->posts = rz_database_search_posts (db, data, SEARCH_LIMIT, error);
  if (search->posts == NULL)
    {
      search_free (search);
      return NULL;
    }
  return search;
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RzDraftsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Search *search;

  search = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (search == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  /* An answer to an older query. */
  if (g_strcmp0 (search->query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0)
    {
      search_free (search);
      return;
    }

  clear_list (self->search_list);
  for (guint i = 0; i < search->drafts->len; i++)
    {
      RzDraft *draft = search->drafts->pdata[i];
      GtkWidget *row = create_draft_row (draft, self);

      g_signal_connect_object (row, "activated", G_CALLBACK (draft_result_activated_cb), self, 0);
      gtk_list_box_append (self->search_list, row);
    }
  for (guint i = 0; i < search->posts->len; i++)
    gtk_list_box_append (self->search_list, create_post_row (self, search->posts->pdata[i]));
  search_free (search);
}

static void
search_changed_cb (RzDraftsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  RzDatabase *db = get_database (self);

  if (text[0] == '\0' || db == NULL)
    {
      clear_list (self->search_list);
      gtk_stack_set_visible_child_name (self->sidebar_stack,
                                        gtk_toggle_button_get_active (self->history_button) ? "history" : "list");
      return;
    }

  gtk_stack_set_visible_child_name (self->sidebar_stack, "search");
  rz_database_run_async (db, search_job, g_strdup (text), g_free, (GDestroyNotify) search_free,
                         self->cancellable, search_cb, g_object_ref (self));
}

static void
search_mode_cb (RzDraftsPage *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self);
    }
}

static gpointer
history_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return rz_database_list_post_history (db, NULL, HISTORY_LIMIT, error);
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzDraftsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  posts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (posts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  clear_list (self->history_list);
  for (guint i = 0; i < posts->len; i++)
    gtk_list_box_append (self->history_list, create_post_row (self, posts->pdata[i]));
}

static void
load_history (RzDraftsPage *self)
{
  RzDatabase *db = get_database (self);

  if (db != NULL)
    rz_database_run_async (db, history_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                           self->cancellable, history_cb, g_object_ref (self));
}

static void
history_toggled_cb (RzDraftsPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->history_button);

  if (active)
    load_history (self);
  if (!gtk_search_bar_get_search_mode (self->search_bar) ||
      gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] == '\0')
    gtk_stack_set_visible_child_name (self->sidebar_stack, active ? "history" : "list");
}

/* --- Outbox -------------------------------------------------------------- */

static void
post_changed_cb (RzDraftsPage *self,
                 RzDraftPost  *post)
{
  queue_reload (self);
  if (post->state == RZ_DRAFT_POST_FAILED)
    {
      g_autofree char *message = NULL;

      /* Translators: "Posting to Mastodon failed: <reason>" */
      message = g_strdup_printf (_("Posting to %s failed: %s"), channel_name (self, post->channel),
                                 post->error != NULL ? post->error : "");
      show_toast (self, message);
    }
  if (post->state == RZ_DRAFT_POST_POSTED && gtk_toggle_button_get_active (self->history_button))
    load_history (self);
}

static void
missed_posts_cb (RzDraftsPage *self,
                 guint         n_posts)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (app == NULL)
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u scheduled post could not go out on time, because Resonanz was closed or offline. It goes out now.",
                                       "%u scheduled posts could not go out on time, because Resonanz was closed or offline. They go out now.",
                                       n_posts),
                          n_posts);
  notification = g_notification_new (_("Posting What Was Scheduled"));
  g_notification_set_body (notification, body);
  g_application_send_notification (app, "missed-posts", notification);
}

static void
setup_outbox (RzDraftsPage *self)
{
  RzDatabase *db = get_database (self);

  if (self->outbox != NULL || db == NULL)
    return;

  self->outbox = rz_outbox_new (db, g_network_monitor_get_default ());
  rz_outbox_set_provider_func (self->outbox, rz_context_lookup_outbox_provider, self->context, NULL);
  g_signal_connect_object (self->outbox, "post-changed", G_CALLBACK (post_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outbox, "missed-posts", G_CALLBACK (missed_posts_cb), self, G_CONNECT_SWAPPED);
  rz_outbox_start (self->outbox);
}

/* --- Public -------------------------------------------------------------- */

static void
data_changed_cb (RzDraftsPage *self)
{
  reload (self);
  rz_draft_editor_reload (self->editor);
  if (gtk_toggle_button_get_active (self->history_button))
    load_history (self);
  if (self->outbox != NULL)
    rz_outbox_run (self->outbox);
}

void
rz_drafts_page_set_context (RzDraftsPage *self,
                            RzContext    *context)
{
  g_return_if_fail (RZ_IS_DRAFTS_PAGE (self));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->outbox != NULL)
    {
      rz_outbox_stop (self->outbox);
      g_clear_object (&self->outbox);
    }
  g_set_object (&self->context, context);
  if (context == NULL)
    return;

  g_signal_connect_object (context, "data-changed", G_CALLBACK (data_changed_cb), self, G_CONNECT_SWAPPED);
  setup_outbox (self);
  rz_draft_editor_set_context (self->editor, context, self->outbox);
  reload (self);
}

/* The heading names what the list shows. */
static void
sidebar_shows_cb (RzDraftsPage *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->sidebar_stack);

  if (g_strcmp0 (shown, "search") == 0)
    gtk_label_set_text (self->sidebar_title, _("Search"));
  else if (g_strcmp0 (shown, "history") == 0)
    gtk_label_set_text (self->sidebar_title, _("What Went Out"));
  else
    gtk_label_set_text (self->sidebar_title, _("Drafts"));
}

static void
folded_cb (RzDraftsPage *self)
{
  rz_draft_editor_set_show_back (self->editor, adw_leaflet_get_folded (self->leaflet));
}

static void
editor_gone_cb (RzDraftsPage *self)
{
  rz_draft_editor_set_draft (self->editor, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  reload (self);
}

static void
rz_drafts_page_dispose (GObject *object)
{
  RzDraftsPage *self = RZ_DRAFTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->outbox != NULL)
    rz_outbox_stop (self->outbox);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_DRAFTS_PAGE);
  g_clear_object (&self->outbox);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_drafts_page_parent_class)->dispose (object);
}

static void
rz_drafts_page_finalize (GObject *object)
{
  RzDraftsPage *self = RZ_DRAFTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->drafts);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (rz_drafts_page_parent_class)->finalize (object);
}

static void
rz_drafts_page_class_init (RzDraftsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_drafts_page_dispose;
  object_class->finalize = rz_drafts_page_finalize;

  g_type_ensure (RZ_TYPE_DRAFT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-drafts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, history_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, draft_list);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, search_list);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RzDraftsPage, editor);

  gtk_widget_class_install_action (widget_class, "drafts.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "drafts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "drafts.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "drafts.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "drafts.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "drafts.new", NULL);
}

static void
rz_drafts_page_init (RzDraftsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->drafts = g_list_store_new (RZ_TYPE_DRAFT);
  /* Built into the binary and small: channel names for the rows. */
  self->catalogue = rz_catalogue_new_default (NULL);

  gtk_list_box_bind_model (self->draft_list, G_LIST_MODEL (self->drafts), create_draft_row, self, NULL);
  add_placeholder (self->search_list, _("Nothing found. Try another word, or fewer."));
  add_placeholder (self->history_list, _("Nothing has gone out yet. Posted drafts and their links show up here."));

  g_signal_connect_object (self->draft_list, "row-activated", G_CALLBACK (draft_row_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history_button, "toggled", G_CALLBACK (history_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_stack, "notify::visible-child-name", G_CALLBACK (sidebar_shows_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "draft-gone", G_CALLBACK (editor_gone_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "posts-changed", G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  folded_cb (self);
  sidebar_shows_cb (self);
}
