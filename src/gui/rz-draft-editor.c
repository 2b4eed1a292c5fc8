/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account.h"
#include "rz-catalogue.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-draft-channel.h"
#include "rz-draft-editor.h"
#include "rz-draft-post.h"
#include "rz-gui-util.h"
#include "rz-plan.h"

/* Typing pauses this long, or has gone on this long, before a save: well
 * within the promise that a crash loses at most the last second. */
#define AUTOSAVE_DELAY_MS 400
/* Larger images are refused by most networks anyway (Mastodon: 16 MB). */
#define MAX_IMAGE_BYTES (16 * 1024 * 1024)

struct _RzDraftEditor
{
  AdwBin            parent_instance;

  RzContext        *context;
  RzOutbox         *outbox;
  RzCatalogue      *catalogue;
  RzPlan           *plan;
  GPtrArray        *accounts;        /* RzAccount */
  GHashTable       *real_limits;     /* channel → RzChannelRules */
  GCancellable     *cancellable;     /* reads; saves are never cancelled */

  RzDraft          *draft;
  gulong            changed_id;
  guint             change_serial;
  guint             saved_serial;
  guint             autosave_id;
  guint             saves_running;
  gboolean          syncing;

  GPtrArray        *channel_rows;    /* RzDraftChannel */
  GPtrArray        *image_rows;      /* AdwEntryRow */
  GPtrArray        *post_rows;       /* AdwActionRow */
  GPtrArray        *posts;           /* RzDraftPost */

  GtkWidget        *back_button;
  GtkLabel         *save_label;
  GtkScrolledWindow *scroller;
  GtkWidget        *demo_label;
  GtkTextView      *core_view;
  GtkLabel         *core_counter;
  AdwComboRow      *message_type_row;
  AdwActionRow     *suggestion_row;
  AdwPreferencesGroup *images_group;
  AdwPreferencesGroup *channels_group;
  GtkMenuButton    *add_channel_button;
  AdwPreferencesGroup *posts_group;
  GtkWidget        *retry_button;
  GtkLabel         *post_hint;
  GtkWidget        *later_button;
  GtkWidget        *post_button;
  GtkPopover       *later_popover;
  GtkCalendar      *later_calendar;
  GtkSpinButton    *later_hour;
  GtkSpinButton    *later_minute;
  GtkLabel         *later_error;
};

G_DEFINE_FINAL_TYPE (RzDraftEditor, rz_draft_editor, ADW_TYPE_BIN)

enum {
  SAVED,
  DRAFT_GONE,
  POSTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_post_state (RzDraftEditor *self);
static void load_posts        (RzDraftEditor *self);
static void rebuild_images    (RzDraftEditor *self);

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static RzDatabase *
get_database (RzDraftEditor *self)
{
  return self->context != NULL ? rz_context_get_database (self->context) : NULL;
}

static void
show_toast (RzDraftEditor *self,
            const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), rz_toast_new_literal (message));
  else
    g_message ("%s", message);
}

static const char *
channel_name (RzDraftEditor *self,
              const char    *channel)
{
  RzChannelInfo *info = self->catalogue != NULL ? rz_catalogue_lookup (self->catalogue, channel) : NULL;

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

/* --- Autosave ------------------------------------------------------------ */

typedef struct
{
  RzDraftEditor *self;
  RzDraft       *copy;
  guint          serial;
  GApplication  *held;
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->held != NULL)
    g_application_release (data->held);
  g_clear_object (&data->held);
  g_clear_object (&data->self);
  g_clear_object (&data->copy);
  g_free (data);
}

static gpointer
save_job (RzDatabase    *db,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  SaveData *save = data;

  return rz_database_save_draft (db, save->copy, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
set_save_label (RzDraftEditor *self,
                const char    *text)
{
  /* A save may finish after the editor is gone. */
  if (self->save_label != NULL)
    gtk_label_set_text (self->save_label, text);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveData *save = user_data;
  RzDraftEditor *self = save->self;
  g_autoptr(GError) error = NULL;

  self->saves_running--;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      if (g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND))
        {
          if (self->draft != NULL && rz_draft_get_id (self->draft) == rz_draft_get_id (save->copy))
            g_signal_emit (self, signals[DRAFT_GONE], 0);
        }
      else
        {
          g_autofree char *message = NULL;

          g_warning ("Could not save the draft: %s", error->message);
          /* Translators: %s says why */
          message = g_strdup_printf (_("Not saved: %s"), error->message);
          set_save_label (self, message);
        }
      save_data_free (save);
      return;
    }

  /* A save of a draft no longer shown says nothing about this one. */
  if (self->draft != NULL && rz_draft_get_id (self->draft) == rz_draft_get_id (save->copy))
    {
      self->saved_serial = MAX (self->saved_serial, save->serial);
      rz_draft_set_updated_at (self->draft, rz_draft_get_updated_at (save->copy));
      if (self->saved_serial == self->change_serial && self->saves_running == 0)
        set_save_label (self, _("Saved"));
      g_signal_emit (self, signals[SAVED], 0, self->draft);
    }
  save_data_free (save);
}

void
rz_draft_editor_save_now (RzDraftEditor *self)
{
  RzDatabase *db;
  SaveData *save;
  GApplication *app = g_application_get_default ();

  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  db = get_database (self);
  if (self->draft == NULL || db == NULL || self->saved_serial == self->change_serial)
    return;

  save = g_new0 (SaveData, 1);
  save->self = g_object_ref (self);
  /* The worker saves a snapshot; the user goes on typing meanwhile. */
  save->copy = rz_draft_copy (self->draft);
  save->serial = self->change_serial;

  /* The application stays alive until the save is done, also when the
   * window closes right now. */
  if (app != NULL)
    {
      save->held = g_object_ref (app);
      g_application_hold (app);
    }
  self->saves_running++;
  set_save_label (self, _("Saving…"));
  rz_database_run_async (db, save_job, save, NULL, NULL, NULL, saved_cb, save);
}

static gboolean
autosave_cb (gpointer user_data)
{
  RzDraftEditor *self = user_data;

  self->autosave_id = 0;
  rz_draft_editor_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
draft_changed_cb (RzDraftEditor *self)
{
  self->change_serial++;
  /* Not reset by further typing: a save at most this long after the
   * first unsaved change, even while the user keeps typing. */
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

static gboolean
close_request_cb (RzDraftEditor *self)
{
  rz_draft_editor_save_now (self);
  return FALSE;
}

/* --- Core text ----------------------------------------------------------- */

static void
update_core_counter (RzDraftEditor *self)
{
  gsize n = rz_text_length_graphemes (rz_draft_get_core_text (self->draft));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu character", "%zu characters", n), n);

  gtk_label_set_text (self->core_counter, text);
}

static void
sync_channels (RzDraftEditor *self)
{
  for (guint i = 0; i < self->channel_rows->len; i++)
    rz_draft_channel_sync (self->channel_rows->pdata[i]);
}

static void
core_changed_cb (RzDraftEditor *self,
                 GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->syncing || self->draft == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  rz_draft_set_core_text (self->draft, text);
  update_core_counter (self);
  sync_channels (self);
  update_post_state (self);
}

/* --- Message type and the plan's suggestions ------------------------------ */

static char **
missing_suggestions (RzDraftEditor *self)
{
  g_auto(GStrv) suggested = NULL;
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();

  suggested = rz_draft_suggest_channels (self->plan, rz_draft_get_message_type (self->draft));
  for (guint i = 0; suggested[i] != NULL; i++)
    if (rz_draft_lookup_variant (self->draft, suggested[i]) == NULL)
      g_strv_builder_add (missing, suggested[i]);
  return g_strv_builder_end (missing);
}

static void
update_suggestion (RzDraftEditor *self)
{
  g_auto(GStrv) missing = NULL;
  g_autoptr(GString) names = NULL;
  g_autofree char *title = NULL;

  if (self->draft == NULL)
    return;

  missing = missing_suggestions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_row), missing[0] != NULL);
  if (missing[0] == NULL)
    return;

  names = g_string_new (NULL);
  for (guint i = 0; missing[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, channel_name (self, missing[i]));
    }
  /* Translators: %s is a list of channels, "Instagram, Facebook" */
  title = g_strdup_printf (_("Your plan posts this type of message on %s"), names->str);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suggestion_row), title);
}

static void
message_type_selected_cb (RzDraftEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->message_type_row);

  if (self->syncing || self->draft == NULL)
    return;

  rz_draft_set_message_type (self->draft,
                             selected == 0 || selected == GTK_INVALID_LIST_POSITION
                             ? NULL : rz_message_type_to_id (selected - 1));
  update_suggestion (self);
}

static void
sync_message_type (RzDraftEditor *self)
{
  RzMessageType type;
  guint selected = 0;

  if (rz_message_type_from_id (rz_draft_get_message_type (self->draft), &type))
    selected = type + 1;
  self->syncing = TRUE;
  adw_combo_row_set_selected (self->message_type_row, selected);
  self->syncing = FALSE;
  update_suggestion (self);
}

/* --- Channels ------------------------------------------------------------ */

static GPtrArray *
accounts_for_channel (RzDraftEditor *self,
                      const char    *channel)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    if (g_strcmp0 (rz_account_get_channel (self->accounts->pdata[i]), channel) == 0)
      g_ptr_array_add (found, self->accounts->pdata[i]);
  return found;
}

static void
channel_remove_cb (RzDraftChannel *row,
                   RzDraftEditor  *self);
static void channel_mark_posted_cb (RzDraftChannel *row,
                                    const char     *url,
                                    RzDraftEditor  *self);

static void
add_channel_row (RzDraftEditor *self,
                 const char    *channel)
{
  RzChannelInfo *info = self->catalogue != NULL ? rz_catalogue_lookup (self->catalogue, channel) : NULL;
  gboolean connectable = info != NULL && rz_channel_info_get_connect (info) == RZ_CONNECT_YES;
  RzDraftChannel *row = rz_draft_channel_new (self->draft, channel, channel_name (self, channel), connectable);
  g_autoptr(GPtrArray) accounts = accounts_for_channel (self, channel);

  rz_draft_channel_set_accounts (row, accounts);
  g_signal_connect_object (row, "remove", G_CALLBACK (channel_remove_cb), self, 0);
  g_signal_connect_object (row, "mark-posted", G_CALLBACK (channel_mark_posted_cb), self, 0);
  g_signal_connect_object (row, "selection-changed", G_CALLBACK (update_post_state), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->channels_group, GTK_WIDGET (row));
  g_ptr_array_add (self->channel_rows, row);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
rebuild_channel_menu (RzDraftEditor *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) planned = g_menu_new ();
  g_autoptr(GMenu) others = g_menu_new ();
  g_autoptr(GHashTable) in_plan = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->draft == NULL)
    return;

  for (guint i = 0; self->plan != NULL && i < rz_plan_get_n_entries (self->plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (self->plan, i);
      const char *id = rz_plan_entry_get_channel_id (entry);
      g_autoptr(GMenuItem) item = NULL;

      if (rz_plan_entry_get_kind (entry) == RZ_CHANNEL_KIND_OFFLINE)
        continue;
      g_hash_table_add (in_plan, (gpointer) id);
      if (rz_draft_lookup_variant (self->draft, id) != NULL)
        continue;
      item = g_menu_item_new (channel_name (self, id), NULL);
      g_menu_item_set_action_and_target (item, "editor.add-channel", "s", id);
      g_menu_append_item (planned, item);
    }

  for (guint i = 0; self->catalogue != NULL && i < rz_catalogue_get_n_channels (self->catalogue); i++)
    {
      RzChannelInfo *info = rz_catalogue_get_channel (self->catalogue, i);
      const char *id = rz_channel_info_get_id (info);
      g_autoptr(GMenuItem) item = NULL;

      if (rz_channel_info_get_kind (info) == RZ_CHANNEL_KIND_OFFLINE ||
          g_hash_table_contains (in_plan, id) ||
          rz_draft_lookup_variant (self->draft, id) != NULL)
        continue;
      item = g_menu_item_new (rz_channel_info_get_name (info), NULL);
      g_menu_item_set_action_and_target (item, "editor.add-channel", "s", id);
      g_menu_append_item (others, item);
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (planned)) > 0)
    g_menu_append_section (menu, _("In Your Plan"), G_MENU_MODEL (planned));
  if (g_menu_model_get_n_items (G_MENU_MODEL (others)) > 0)
    g_menu_append_section (menu, _("Other Channels"), G_MENU_MODEL (others));
  gtk_menu_button_set_menu_model (self->add_channel_button, G_MENU_MODEL (menu));
}

static void
rebuild_channels (RzDraftEditor *self)
{
  clear_rows (self->channels_group, self->channel_rows);
  for (guint i = 0; self->draft != NULL && i < rz_draft_get_n_variants (self->draft); i++)
    add_channel_row (self, rz_draft_get_variant (self->draft, i)->channel);

  adw_preferences_group_set_description (self->channels_group,
                                         self->channel_rows->len == 0
                                         ? _("Add the channels this message goes to. Each gets its own text, shortened to its limit until you change it.")
                                         : NULL);
  rebuild_channel_menu (self);
  update_suggestion (self);
  update_post_state (self);
}

static void
add_channel (RzDraftEditor *self,
             const char    *channel)
{
  if (rz_draft_lookup_variant (self->draft, channel) != NULL)
    return;
  rz_draft_add_channel (self->draft, channel);
  rebuild_channels (self);
}

static void
add_channel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);

  if (self->draft != NULL)
    add_channel (self, g_variant_get_string (parameter, NULL));
}

static void
add_suggested_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);
  g_auto(GStrv) missing = NULL;

  if (self->draft == NULL)
    return;

  missing = missing_suggestions (self);
  for (guint i = 0; missing[i] != NULL; i++)
    rz_draft_add_channel (self->draft, missing[i]);
  rebuild_channels (self);
}

static void
channel_remove_cb (RzDraftChannel *row,
                   RzDraftEditor  *self)
{
  rz_draft_remove_channel (self->draft, rz_draft_channel_get_channel (row));
  rebuild_channels (self);
}

/* --- Images -------------------------------------------------------------- */

static void
texture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
texture_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
image_alt_changed_cb (GtkEditable   *row,
                      RzDraftEditor *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "uuid");
  const char *text = gtk_editable_get_text (row);

  if (self->syncing || self->draft == NULL)
    return;

  for (guint i = 0; i < rz_draft_get_n_images (self->draft); i++)
    {
      if (g_strcmp0 (rz_draft_get_image (self->draft, i)->uuid, uuid) == 0)
        {
          rz_draft_set_image_alt_text (self->draft, i, text);
          break;
        }
    }

  if (is_blank (text))
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  sync_channels (self);
  update_post_state (self);
}

static void
remove_image_clicked_cb (GtkButton     *button,
                         RzDraftEditor *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "uuid");

  for (guint i = 0; self->draft != NULL && i < rz_draft_get_n_images (self->draft); i++)
    {
      if (g_strcmp0 (rz_draft_get_image (self->draft, i)->uuid, uuid) == 0)
        {
          rz_draft_remove_image (self->draft, i);
          break;
        }
    }
  rebuild_images (self);
}

static GtkWidget *
create_image_row (RzDraftEditor *self,
                  RzDraftImage  *image,
                  guint          position)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = NULL;
  GTask *task;

  if (image->filename != NULL)
    /* Translators: %s is a file name */
    title = g_strdup_printf (_("Description of %s"), image->filename);
  else
    /* Translators: %u counts the images of a draft */
    title = g_strdup_printf (_("Description of image %u"), position + 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), image->alt_text != NULL ? image->alt_text : "");
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (image->uuid), g_free);

  gtk_widget_set_size_request (picture, 48, 48);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  image->alt_text != NULL && *image->alt_text != '\0' ? image->alt_text : title, -1);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), picture);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Image"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Image"), -1);
  g_object_set_data_full (G_OBJECT (remove), "uuid", g_strdup (image->uuid), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_image_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  if (is_blank (image->alt_text))
    gtk_widget_add_css_class (row, "error");
  g_signal_connect_object (row, "changed", G_CALLBACK (image_alt_changed_cb), self, 0);

  /* Decoding a photo takes a moment: not on the main loop. */
  if (image->data != NULL)
    {
      task = g_task_new (NULL, self->cancellable, texture_cb, g_object_ref (picture));
      g_task_set_task_data (task, g_bytes_ref (image->data), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, texture_thread);
      g_object_unref (task);
    }

  return row;
}

static void
rebuild_images (RzDraftEditor *self)
{
  self->syncing = TRUE;
  clear_rows (self->images_group, self->image_rows);
  for (guint i = 0; self->draft != NULL && i < rz_draft_get_n_images (self->draft); i++)
    {
      GtkWidget *row = create_image_row (self, rz_draft_get_image (self->draft, i), i);

      adw_preferences_group_add (self->images_group, row);
      g_ptr_array_add (self->image_rows, row);
    }
  self->syncing = FALSE;
  sync_channels (self);
  update_post_state (self);
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime_type = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the image: %s"), error->message);

          show_toast (self, message);
        }
      return;
    }
  if (self->draft == NULL)
    return;

  basename = g_file_get_basename (G_FILE (source));
  content_type = g_content_type_guess (basename, (const guchar *) contents, length, NULL);
  mime_type = g_content_type_get_mime_type (content_type);
  if (mime_type == NULL || !g_str_has_prefix (mime_type, "image/"))
    {
      show_toast (self, _("This file is not an image. Choose a photo or a graphic."));
      return;
    }
  if (length > MAX_IMAGE_BYTES)
    {
      show_toast (self, _("This image is larger than 16 MB, more than networks accept. Choose a smaller one."));
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  rz_draft_add_image (self->draft, bytes, mime_type, basename);
  rebuild_images (self);
  /* The new description field is where the user goes next. */
  if (self->image_rows->len > 0)
    gtk_widget_grab_focus (self->image_rows->pdata[self->image_rows->len - 1]);
}

static void
load_image_file (RzDraftEditor *self,
                 GFile         *file)
{
  g_file_load_contents_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL)
    load_image_file (self, file);
}
#else
static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        load_image_file (self, file);
    }
  g_object_unref (dialog);
}
#endif

static void
add_image_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, _("Add Image"));
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_set_default_filter (dialog, filter);
    gtk_file_dialog_open (dialog, parent, self->cancellable, file_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (_("Add Image"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                           _("_Add"), _("_Cancel"));
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}

/* --- Posting ------------------------------------------------------------- */

static GArray *
selected_accounts (RzDraftEditor *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->channel_rows->len; i++)
    rz_draft_channel_add_selected_accounts (self->channel_rows->pdata[i], ids);
  return ids;
}

/* Why posting is not possible now, or NULL when it is. */
static char *
dup_post_blocker (RzDraftEditor *self,
                  GArray        *accounts)
{
  guint missing_alt;

  if (self->draft == NULL)
    return g_strdup ("");
  if (rz_draft_get_is_demo (self->draft))
    return g_strdup (_("Sample drafts are never posted."));
  if (self->channel_rows->len == 0)
    return g_strdup (_("Add a channel to post to."));

  missing_alt = rz_draft_count_images_without_alt_text (self->draft);
  if (missing_alt > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Describe the image before posting: %u description is missing.",
                                         "Describe the images before posting: %u descriptions are missing.",
                                         missing_alt),
                            missing_alt);

  for (guint i = 0; i < self->channel_rows->len; i++)
    {
      RzDraftChannel *row = self->channel_rows->pdata[i];
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      const char *problem;

      rz_draft_channel_add_selected_accounts (row, ids);
      problem = rz_draft_channel_get_blocking_problem (row);
      if (ids->len > 0 && problem != NULL)
        /* Translators: "Instagram: Over the limit by 12 characters" */
        return g_strdup_printf (_("%s: %s"), rz_draft_channel_get_name (row), problem);
    }

  if (accounts->len == 0)
    return g_strdup (_("No account to post to directly. Connect one in Preferences, or use “Copy and Open” for each channel."));
  return NULL;
}

static void
update_post_state (RzDraftEditor *self)
{
  g_autoptr(GArray) accounts = selected_accounts (self);
  g_autofree char *blocker = dup_post_blocker (self, accounts);
  g_autofree char *hint = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.post-now", blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.post-later", blocker == NULL);
  gtk_widget_set_sensitive (self->later_button, blocker == NULL);

  if (blocker == NULL)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Goes to %u account.",
                                         "Goes to %u accounts.", accounts->len),
                            accounts->len);
  gtk_label_set_text (self->post_hint, blocker != NULL ? blocker : hint);
  /* The reason the buttons are off is read with them. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->post_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  blocker != NULL ? blocker : hint, -1);
}

typedef struct
{
  gint64  draft_id;
  GArray *account_ids;
  gint64  scheduled_at;
} EnqueueData;

static void
enqueue_data_free (EnqueueData *data)
{
  g_clear_pointer (&data->account_ids, g_array_unref);
  g_free (data);
}

static gpointer
enqueue_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  EnqueueData *enqueue = data;

  return rz_database_enqueue_posts (db, enqueue->draft_id,
                                    (const gint64 *) enqueue->account_ids->data,
                                    enqueue->account_ids->len,
                                    enqueue->scheduled_at, error);
}

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  posts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (posts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not queue the post: %s"), error->message);

          show_toast (self, message);
        }
      return;
    }

  if (self->outbox != NULL)
    rz_outbox_run (self->outbox);
  load_posts (self);
  g_signal_emit (self, signals[POSTS_CHANGED], 0);
}

static void
enqueue (RzDraftEditor *self,
         gint64         scheduled_at)
{
  RzDatabase *db = get_database (self);
  EnqueueData *data;

  if (db == NULL || self->draft == NULL)
    return;

  /* The outbox sends what the database holds: the text as typed until
   * now goes first (the worker runs jobs in order). */
  rz_draft_editor_save_now (self);

  data = g_new0 (EnqueueData, 1);
  data->draft_id = rz_draft_get_id (self->draft);
  data->account_ids = selected_accounts (self);
  data->scheduled_at = scheduled_at;
  rz_database_run_async (db, enqueue_job, data, (GDestroyNotify) enqueue_data_free,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, enqueue_cb, g_object_ref (self));
}

static void
post_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  enqueue (RZ_DRAFT_EDITOR (widget), 0);
}

/* "09:05", not "9:5". */
static gboolean
two_digits_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
later_popover_show_cb (RzDraftEditor *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, 1);

  /* A sensible start: the next full hour. */
  gtk_calendar_select_day (self->later_calendar, soon);
  gtk_spin_button_set_value (self->later_hour, g_date_time_get_hour (soon));
  gtk_spin_button_set_value (self->later_minute, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->later_error), FALSE);
}

static void
post_later_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->later_calendar);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *message = NULL;
  gint64 at;

  when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->later_hour),
                                gtk_spin_button_get_value_as_int (self->later_minute), 0);
  at = when != NULL ? g_date_time_to_unix (when) : 0;
  if (at <= g_get_real_time () / G_USEC_PER_SEC)
    {
      gtk_label_set_text (self->later_error, _("Pick a time in the future."));
      gtk_widget_set_visible (GTK_WIDGET (self->later_error), TRUE);
      return;
    }

  gtk_popover_popdown (self->later_popover);
  enqueue (self, at);
  formatted = format_time (at);
  /* Translators: %s is a date and time */
  message = g_strdup_printf (_("Scheduled for %s. Resonanz posts it then if it is running; otherwise as soon as it runs again."),
                             formatted);
  show_toast (self, message);
}

typedef struct
{
  gint64  draft_id;
  char   *channel;
  char   *url;
} ManualData;

static void
manual_data_free (ManualData *data)
{
  g_free (data->channel);
  g_free (data->url);
  g_free (data);
}

static gpointer
manual_post_job (RzDatabase    *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ManualData *manual = data;

  return rz_database_add_manual_post (db, manual->draft_id, manual->channel, manual->url, error);
}

static void
channel_mark_posted_cb (RzDraftChannel *row,
                        const char     *url,
                        RzDraftEditor  *self)
{
  RzDatabase *db = get_database (self);
  ManualData *data;

  if (db == NULL || self->draft == NULL)
    return;

  rz_draft_editor_save_now (self);
  data = g_new0 (ManualData, 1);
  data->draft_id = rz_draft_get_id (self->draft);
  data->channel = g_strdup (rz_draft_channel_get_channel (row));
  data->url = g_strdup (url);
  rz_database_run_async (db, manual_post_job, data, (GDestroyNotify) manual_data_free,
                         (GDestroyNotify) rz_draft_post_free,
                         self->cancellable, enqueue_cb, g_object_ref (self));
}

static void
retry_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rz_outbox_retry_finish (RZ_OUTBOX (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  load_posts (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);

  if (self->outbox == NULL || self->draft == NULL)
    return;
  rz_draft_editor_save_now (self);
  rz_outbox_retry_async (self->outbox, rz_draft_get_id (self->draft), self->cancellable,
                         retry_cb, g_object_ref (self));
}

/* --- The draft's outbox entries ------------------------------------------ */

static const char *
account_title (RzDraftEditor *self,
               gint64         account_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    if (rz_account_get_id (self->accounts->pdata[i]) == account_id)
      return rz_account_get_title (self->accounts->pdata[i]);
  return NULL;
}

static void
open_url_clicked_cb (GtkButton *button,
                     gpointer   user_data)
{
  rz_gui_open_link (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "url"));
}

static gpointer
cancel_post_job (RzDatabase    *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return rz_database_cancel_post (db, *(gint64 *) data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
cancel_post_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
  load_posts (self);
  g_signal_emit (self, signals[POSTS_CHANGED], 0);
}

static void
cancel_post_clicked_cb (GtkButton     *button,
                        RzDraftEditor *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "post-id");
  RzDatabase *db = get_database (self);

  if (db != NULL)
    rz_database_run_async (db, cancel_post_job, g_memdup2 (id, sizeof *id), g_free, NULL,
                           self->cancellable, cancel_post_cb, g_object_ref (self));
}

static GtkWidget *
create_post_row (RzDraftEditor *self,
                 RzDraftPost   *post)
{
  GtkWidget *row = adw_action_row_new ();
  const char *account = post->account_id != 0 ? account_title (self, post->account_id) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;

  if (account != NULL)
    /* Translators: "Mastodon · @laden@social.example" */
    title = g_strdup_printf (_("%s · %s"), channel_name (self, post->channel), account);
  else
    title = g_strdup (channel_name (self, post->channel));

  switch (post->state)
    {
    case RZ_DRAFT_POST_QUEUED:
      if (post->scheduled_at > 0)
        {
          when = format_time (post->scheduled_at);
          /* Translators: %s is a date and time */
          subtitle = g_strdup_printf (_("Scheduled for %s"), when);
        }
      else
        {
          subtitle = g_strdup (_("Waiting to be sent"));
        }
      break;
    case RZ_DRAFT_POST_SENDING:
      subtitle = g_strdup (_("Sending…"));
      break;
    case RZ_DRAFT_POST_POSTED:
      when = format_time (post->posted_at);
      /* Translators: %s is a date and time */
      subtitle = g_strdup_printf (post->account_id == 0 ? _("Posted by hand on %s") : _("Posted on %s"), when);
      break;
    case RZ_DRAFT_POST_FAILED:
      /* Translators: %s says why */
      subtitle = g_strdup_printf (_("Failed: %s"),
                                  post->error != NULL ? post->error
                                                      : _("The account was removed. Post it from another account."));
      break;
    default:
      g_assert_not_reached ();
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (post->state == RZ_DRAFT_POST_FAILED)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

  if (post->state == RZ_DRAFT_POST_POSTED && post->remote_url != NULL)
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
      g_signal_connect (open, "clicked", G_CALLBACK (open_url_clicked_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  else if (post->state == RZ_DRAFT_POST_QUEUED || post->state == RZ_DRAFT_POST_FAILED)
    {
      GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

      gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (cancel), "post-id", g_memdup2 (&post->id, sizeof post->id), g_free);
      g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_post_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
    }

  return row;
}

static void
show_posts (RzDraftEditor *self)
{
  gboolean any_failed = FALSE;

  clear_rows (self->posts_group, self->post_rows);
  for (guint i = 0; self->posts != NULL && i < self->posts->len; i++)
    {
      RzDraftPost *post = self->posts->pdata[i];
      GtkWidget *row = create_post_row (self, post);

      if (post->state == RZ_DRAFT_POST_FAILED && post->account_id != 0)
        any_failed = TRUE;
      adw_preferences_group_add (self->posts_group, row);
      g_ptr_array_add (self->post_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->posts_group), self->post_rows->len > 0);
  gtk_widget_set_visible (self->retry_button, any_failed);
}

static gpointer
list_posts_job (RzDatabase    *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return rz_database_list_draft_posts (db, *(gint64 *) data, error);
}

static void
list_posts_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *posts;

  posts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (posts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the outbox of the draft: %s", error->message);
      return;
    }

  g_clear_pointer (&self->posts, g_ptr_array_unref);
  self->posts = posts;
  show_posts (self);
}

static void
load_posts (RzDraftEditor *self)
{
  RzDatabase *db = get_database (self);
  gint64 id;

  if (db == NULL || self->draft == NULL)
    return;

  id = rz_draft_get_id (self->draft);
  rz_database_run_async (db, list_posts_job, g_memdup2 (&id, sizeof id), g_free,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, list_posts_cb, g_object_ref (self));
}

static void
post_changed_cb (RzDraftEditor *self,
                 RzDraftPost   *post)
{
  if (self->draft != NULL && post->draft_id == rz_draft_get_id (self->draft))
    load_posts (self);
}

/* --- Context: accounts and plan ------------------------------------------ */

/* What the servers of the user's accounts really allow (a Mastodon
 * instance may take 5000 characters). With several accounts on one
 * network the smallest limit counts. Without an answer the defaults stay. */
typedef struct
{
  RzDraftEditor *self;
  RzProvider    *provider;
  char          *channel;
} LimitLookup;

static void
limit_lookup_free (LimitLookup *lookup)
{
  g_clear_object (&lookup->self);
  g_clear_object (&lookup->provider);
  g_free (lookup->channel);
  g_free (lookup);
}

static void
apply_real_limits (RzDraftEditor *self)
{
  GHashTableIter iter;
  RzChannelRules *rules;

  if (self->draft == NULL)
    return;

  g_hash_table_iter_init (&iter, self->real_limits);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &rules))
    rz_draft_set_channel_rules (self->draft, rules);
  sync_channels (self);
  update_post_state (self);
}

static void
apply_capabilities (RzDraftEditor                *self,
                    const char                   *channel,
                    const RzProviderCapabilities *capabilities)
{
  const RzChannelRules *known = g_hash_table_lookup (self->real_limits, channel);
  RzChannelRules *rules;
  char *key;

  if (capabilities->max_length == 0)
    return;
  /* Another account on the same network may allow less. */
  if (known != NULL && known->max_length <= capabilities->max_length)
    return;

  key = g_strdup (channel);
  rules = g_new0 (RzChannelRules, 1);
  rz_channel_rules_init (rules, key);
  rz_channel_rules_set_limits (rules, capabilities->max_length, capabilities->counting,
                               capabilities->url_length, capabilities->max_media);
  g_hash_table_replace (self->real_limits, key, rules);
  apply_real_limits (self);
}

static void
capabilities_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LimitLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProviderCapabilities) capabilities = NULL;

  capabilities = rz_provider_get_capabilities_finish (RZ_PROVIDER (source), result, &error);
  if (capabilities == NULL)
    g_debug ("No limits from %s: %s", lookup->channel, error->message);
  else
    apply_capabilities (lookup->self, lookup->channel, capabilities);
  limit_lookup_free (lookup);
}

static void
limit_provider_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LimitLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;

  lookup->provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (source), result, &error);
  if (lookup->provider == NULL)
    {
      /* Not signed in: the outbox says so when it matters. */
      g_debug ("No provider for limits on %s: %s", lookup->channel, error->message);
      limit_lookup_free (lookup);
      return;
    }
  rz_provider_get_capabilities_async (lookup->provider, lookup->self->cancellable,
                                      capabilities_cb, lookup);
}

static void
lookup_real_limits (RzDraftEditor *self)
{
  for (guint i = 0; self->context != NULL && self->accounts != NULL && i < self->accounts->len; i++)
    {
      RzAccount *account = self->accounts->pdata[i];
      LimitLookup *lookup = g_new0 (LimitLookup, 1);

      lookup->self = g_object_ref (self);
      lookup->channel = g_strdup (rz_account_get_channel (account));
      rz_context_get_provider_for_account_async (self->context, account, self->cancellable,
                                                 limit_provider_cb, lookup);
    }
}

/* The accounts as the context keeps them, with their live status. */
static void
accounts_changed_cb (RzDraftEditor *self)
{
  GListModel *model = self->context != NULL ? rz_context_get_accounts (self->context) : NULL;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (self->accounts, g_list_model_get_item (model, i));

  for (guint i = 0; i < self->channel_rows->len; i++)
    {
      RzDraftChannel *row = self->channel_rows->pdata[i];
      g_autoptr(GPtrArray) accounts = accounts_for_channel (self, rz_draft_channel_get_channel (row));

      rz_draft_channel_set_accounts (row, accounts);
    }
  update_post_state (self);
  show_posts (self);
  lookup_real_limits (self);
}

static gpointer
plan_job (RzDatabase    *db,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GError) plan_error = NULL;
  RzPlan *plan;

  /* No plan yet is fine: then there are no suggestions. */
  plan = rz_database_dup_plan (db, &plan_error);
  if (plan == NULL)
    {
      if (plan_error != NULL)
        g_debug ("No plan for suggestions: %s", plan_error->message);
      return rz_plan_new ();
    }
  return plan;
}

static void
plan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RzDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  RzPlan *plan;

  plan = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the plan: %s", error->message);
      return;
    }

  g_clear_object (&self->plan);
  self->plan = plan;
  rebuild_channel_menu (self);
  update_suggestion (self);
}

void
rz_draft_editor_reload (RzDraftEditor *self)
{
  RzDatabase *db;

  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));

  db = get_database (self);
  if (db == NULL)
    return;

  rz_database_run_async (db, plan_job, NULL, NULL, g_object_unref,
                         self->cancellable, plan_cb, g_object_ref (self));
  accounts_changed_cb (self);
  load_posts (self);
}

void
rz_draft_editor_set_context (RzDraftEditor *self,
                             RzContext     *context,
                             RzOutbox      *outbox)
{
  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));

  if (self->context != context)
    {
      if (self->context != NULL)
        g_signal_handlers_disconnect_by_data (rz_context_get_accounts (self->context), self);
      g_set_object (&self->context, context);
      if (context != NULL)
        g_signal_connect_object (rz_context_get_accounts (context), "items-changed",
                                 G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (self->outbox != outbox)
    {
      if (self->outbox != NULL)
        g_signal_handlers_disconnect_by_data (self->outbox, self);
      g_set_object (&self->outbox, outbox);
      if (outbox != NULL)
        g_signal_connect_object (outbox, "post-changed", G_CALLBACK (post_changed_cb), self, G_CONNECT_SWAPPED);
    }
  rz_draft_editor_reload (self);
}

/* --- The draft ----------------------------------------------------------- */

void
rz_draft_editor_set_draft (RzDraftEditor *self,
                           RzDraft       *draft)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));
  g_return_if_fail (draft == NULL || RZ_IS_DRAFT (draft));

  if (self->draft == draft)
    return;

  /* What was typed into the previous draft is saved before it goes. */
  rz_draft_editor_save_now (self);
  if (self->draft != NULL)
    g_clear_signal_handler (&self->changed_id, self->draft);
  g_set_object (&self->draft, draft);
  self->change_serial = 0;
  self->saved_serial = 0;
  g_clear_pointer (&self->posts, g_ptr_array_unref);

  self->syncing = TRUE;
  buffer = gtk_text_view_get_buffer (self->core_view);
  /* Loading a draft is not an edit to undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, draft != NULL ? rz_draft_get_core_text (draft) : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->syncing = FALSE;

  if (draft == NULL)
    {
      clear_rows (self->channels_group, self->channel_rows);
      clear_rows (self->images_group, self->image_rows);
      clear_rows (self->posts_group, self->post_rows);
      return;
    }

  self->changed_id = g_signal_connect_object (draft, "changed", G_CALLBACK (draft_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->demo_label, rz_draft_get_is_demo (draft));
  set_save_label (self, rz_draft_get_updated_at (draft) > 0 ? _("Saved") : "");
  update_core_counter (self);
  sync_message_type (self);
  apply_real_limits (self);
  rebuild_images (self);
  rebuild_channels (self);
  show_posts (self);
  load_posts (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

RzDraft *
rz_draft_editor_get_draft (RzDraftEditor *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT_EDITOR (self), NULL);
  return self->draft;
}

void
rz_draft_editor_set_show_back (RzDraftEditor *self,
                               gboolean       show_back)
{
  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));
  gtk_widget_set_visible (self->back_button, show_back);
}

void
rz_draft_editor_focus_text (RzDraftEditor *self)
{
  g_return_if_fail (RZ_IS_DRAFT_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->core_view));
}

/* --- GObject ------------------------------------------------------------- */

static void
rz_draft_editor_root (GtkWidget *widget)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (rz_draft_editor_parent_class)->root (widget);

  /* Closing the window saves what is not saved yet. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "close-request", G_CALLBACK (close_request_cb), self, G_CONNECT_SWAPPED);
}

static void
rz_draft_editor_unroot (GtkWidget *widget)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  rz_draft_editor_save_now (self);
  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, close_request_cb, self);

  GTK_WIDGET_CLASS (rz_draft_editor_parent_class)->unroot (widget);
}

static void
rz_draft_editor_dispose (GObject *object)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (object);

  rz_draft_editor_save_now (self);
  g_cancellable_cancel (self->cancellable);
  if (self->draft != NULL)
    g_clear_signal_handler (&self->changed_id, self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_DRAFT_EDITOR);
  g_clear_object (&self->draft);
  g_clear_object (&self->outbox);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_draft_editor_parent_class)->dispose (object);
}

static void
rz_draft_editor_finalize (GObject *object)
{
  RzDraftEditor *self = RZ_DRAFT_EDITOR (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->real_limits, g_hash_table_unref);
  g_clear_pointer (&self->posts, g_ptr_array_unref);
  g_clear_pointer (&self->channel_rows, g_ptr_array_unref);
  g_clear_pointer (&self->image_rows, g_ptr_array_unref);
  g_clear_pointer (&self->post_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_draft_editor_parent_class)->finalize (object);
}

static void
rz_draft_editor_class_init (RzDraftEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_draft_editor_dispose;
  object_class->finalize = rz_draft_editor_finalize;
  widget_class->root = rz_draft_editor_root;
  widget_class->unroot = rz_draft_editor_unroot;

  /* The draft reached the database. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RZ_TYPE_DRAFT);
  /* The draft was deleted elsewhere (e.g. with the sample data). */
  signals[DRAFT_GONE] =
    g_signal_new ("draft-gone", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something was queued, posted by hand or cancelled. */
  signals[POSTS_CHANGED] =
    g_signal_new ("posts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RZ_TYPE_DRAFT_CHANNEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-draft-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, save_label);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, demo_label);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, core_view);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, core_counter);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, message_type_row);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, suggestion_row);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, images_group);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, channels_group);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, add_channel_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, posts_group);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, post_hint);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, post_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_popover);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_calendar);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_hour);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_minute);
  gtk_widget_class_bind_template_child (widget_class, RzDraftEditor, later_error);

  gtk_widget_class_install_action (widget_class, "editor.add-channel", "s", add_channel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-suggested", NULL, add_suggested_action);
  gtk_widget_class_install_action (widget_class, "editor.add-image", NULL, add_image_action);
  gtk_widget_class_install_action (widget_class, "editor.post-now", NULL, post_now_action);
  gtk_widget_class_install_action (widget_class, "editor.post-later", NULL, post_later_action);
  gtk_widget_class_install_action (widget_class, "editor.retry", NULL, retry_action);
}

static void
rz_draft_editor_init (RzDraftEditor *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->catalogue = rz_catalogue_new_default (NULL);
  self->channel_rows = g_ptr_array_new ();
  self->image_rows = g_ptr_array_new ();
  self->post_rows = g_ptr_array_new ();
  self->real_limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Translators: no message type chosen for a draft */
  gtk_string_list_append (types, C_("message type", "None"));
  for (RzMessageType type = 0; type < RZ_N_MESSAGE_TYPES; type++)
    gtk_string_list_append (types, rz_message_type_get_label (type));
  adw_combo_row_set_model (self->message_type_row, G_LIST_MODEL (types));
  g_signal_connect_object (self->message_type_row, "notify::selected",
                           G_CALLBACK (message_type_selected_cb), self, G_CONNECT_SWAPPED);

  buffer = gtk_text_view_get_buffer (self->core_view);
  gtk_text_buffer_set_enable_undo (buffer, TRUE);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (core_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->later_popover, "show", G_CALLBACK (later_popover_show_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->later_hour, "output", G_CALLBACK (two_digits_output_cb), NULL);
  g_signal_connect (self->later_minute, "output", G_CALLBACK (two_digits_output_cb), NULL);
}
