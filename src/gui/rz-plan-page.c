/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rz-context.h"
#include "rz-database.h"
#include "rz-guideline-pdf.h"
#include "rz-guidelines.h"
#include "rz-plan.h"
#include "rz-plan-page.h"
#include "rz-profile.h"
#include "rz-gui-util.h"

/* Edits are saved once typing pauses this long. */
#define SAVE_DELAY_MS 500
/* An answer later than this is too late. */
#define MAX_GOOD_RESPONSE_MINUTES (24 * 60)

struct _RzPlanPage
{
  AdwBin           parent_instance;

  RzContext       *context;
  GCancellable    *cancellable;
  RzPlan          *plan;
  RzProfile       *profile;
  guint            plan_save_id;
  guint            guideline_save_id;
  /* While the page fills widgets itself: no saving. */
  gboolean         updating;
  /* Channel ids whose rows were open, kept across rebuilds. */
  GHashTable      *expanded;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *channels_list;
  GtkWidget       *no_channels_label;
  GtkTextView     *guideline_view;
};

G_DEFINE_FINAL_TYPE (RzPlanPage, rz_plan_page, ADW_TYPE_BIN)

typedef enum {
  UNIT_MINUTES = 0,
  UNIT_HOURS,
} ResponseUnit;

/* The widgets of one plan entry, kept on its expander row. */
typedef struct
{
  RzPlanPage    *page;
  RzPlanEntry   *entry;
  AdwExpanderRow *expander;
  GtkSpinButton *posts_spin;
  GtkLabel      *rhythm_label;
  GtkSpinButton *response_spin;
  GtkDropDown   *unit_dropdown;
  GtkWidget     *response_warning;
  GtkEntry      *stand_in_entry;
  GtkWidget     *stand_in_warning;
  GPtrArray     *audience_checks;
  GPtrArray     *message_checks;
} EntryWidgets;

static void
entry_widgets_free (EntryWidgets *widgets)
{
  g_clear_object (&widgets->entry);
  g_clear_pointer (&widgets->audience_checks, g_ptr_array_unref);
  g_clear_pointer (&widgets->message_checks, g_ptr_array_unref);
  g_free (widgets);
}

static void rebuild_channels (RzPlanPage *self);

static void
show_toast (RzPlanPage *self,
            const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, rz_toast_new_literal (message));
}

typedef enum {
  FAILED_SAVING_PLAN,
  FAILED_SAVING_GUIDELINE,
  FAILED_EXPORTING,
  FAILED_READING,
} Failure;

static void
show_error_toast (RzPlanPage   *self,
                  Failure       failure,
                  const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  switch (failure)
    {
    case FAILED_SAVING_PLAN:
      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not save the plan: %s"), error->message);
      break;
    case FAILED_SAVING_GUIDELINE:
      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not save the guideline: %s"), error->message);
      break;
    case FAILED_EXPORTING:
      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not export the guideline: %s"), error->message);
      break;
    case FAILED_READING:
    default:
      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not read the plan: %s"), error->message);
      break;
    }
  show_toast (self, message);
}

static char *
dup_guideline_text (RzPlanPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->guideline_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Saving */

static gpointer
save_plan_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return rz_database_save_plan (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
save_guideline_job (RzDatabase    *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rz_database_save_guideline (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
save_plan_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RzPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_error_toast (self, FAILED_SAVING_PLAN, error);
}

static void
save_guideline_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RzPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_error_toast (self, FAILED_SAVING_GUIDELINE, error);
}

static void
save_plan_now (RzPlanPage *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;
  g_autofree char *json = NULL;
  RzPlan *copy;

  g_clear_handle_id (&self->plan_save_id, g_source_remove);
  if (db == NULL || self->plan == NULL)
    return;

  /* The worker gets a copy; the page goes on editing its own. */
  json = rz_plan_to_json (self->plan);
  copy = rz_plan_new_from_json (json, -1, NULL);
  g_assert (copy != NULL);
  /* No cancellable: an edit must be saved even when the window closes. */
  rz_database_run_async (db, save_plan_job, copy, g_object_unref, NULL,
                         NULL, save_plan_cb, g_object_ref (self));
}

static void
save_guideline_now (RzPlanPage *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  g_clear_handle_id (&self->guideline_save_id, g_source_remove);
  if (db == NULL)
    return;

  rz_database_run_async (db, save_guideline_job, dup_guideline_text (self), g_free, NULL,
                         NULL, save_guideline_cb, g_object_ref (self));
}

static gboolean
plan_save_timeout (gpointer user_data)
{
  RzPlanPage *self = user_data;

  self->plan_save_id = 0;
  save_plan_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
guideline_save_timeout (gpointer user_data)
{
  RzPlanPage *self = user_data;

  self->guideline_save_id = 0;
  save_guideline_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_plan_save (RzPlanPage *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->plan_save_id, g_source_remove);
  self->plan_save_id = g_timeout_add (SAVE_DELAY_MS, plan_save_timeout, self);
}

static void
on_guideline_changed (RzPlanPage *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->guideline_save_id, g_source_remove);
  self->guideline_save_id = g_timeout_add (SAVE_DELAY_MS, guideline_save_timeout, self);
}

static void
flush_saves (RzPlanPage *self)
{
  if (self->plan_save_id != 0)
    save_plan_now (self);
  if (self->guideline_save_id != 0)
    save_guideline_now (self);
}

/* One plan entry */

static char *
dup_response_text (guint minutes)
{
  if (minutes >= 60 && minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", minutes / 60), minutes / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
}

static void
update_subtitle (EntryWidgets *widgets)
{
  g_autofree char *rhythm = rz_plan_entry_dup_rhythm (widgets->entry);
  g_autofree char *response = dup_response_text (rz_plan_entry_get_response_minutes (widgets->entry));
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  /* Translators: a channel's summary, like "3 posts a week · answers within 4 hours". */
  subtitle = g_strdup_printf (_("%s · answers within %s"), rhythm, response);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_expander_row_set_subtitle (widgets->expander, escaped);
  gtk_label_set_text (widgets->rhythm_label, rhythm);
}

/* A label and its control; the labels of one channel share a width
 * through @labels so the controls line up. The label names @target, or
 * @control itself when that is NULL. */
static GtkWidget *
create_field_row (GtkSizeGroup *labels,
                  const char   *mnemonic_label,
                  GtkWidget    *control,
                  GtkWidget    *target,
                  GtkWidget    *below)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic_label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), target != NULL ? target : control);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_size_group_add_widget (labels, label);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), control);
  gtk_box_append (GTK_BOX (outer), box);
  if (below != NULL)
    gtk_box_append (GTK_BOX (outer), below);

  gtk_widget_set_margin_top (outer, 8);
  gtk_widget_set_margin_bottom (outer, 8);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  return row;
}

static GtkWidget *
create_notice (const char *text,
               const char *icon_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "warning");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
on_purpose_changed (GtkEditable  *editable,
                    EntryWidgets *widgets)
{
  rz_plan_entry_set_purpose (widgets->entry, gtk_editable_get_text (editable));
  schedule_plan_save (widgets->page);
}

static void
on_responsible_changed (GtkEditable  *editable,
                        EntryWidgets *widgets)
{
  rz_plan_entry_set_responsible (widgets->entry, gtk_editable_get_text (editable));
  schedule_plan_save (widgets->page);
}

static void
on_stand_in_changed (GtkEditable  *editable,
                     EntryWidgets *widgets)
{
  g_autofree char *stand_in = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  rz_plan_entry_set_stand_in (widgets->entry, gtk_editable_get_text (editable));
  gtk_widget_set_visible (widgets->stand_in_warning, *stand_in == '\0');
  schedule_plan_save (widgets->page);
}

static void
on_posts_changed (GtkSpinButton *spin,
                  EntryWidgets  *widgets)
{
  rz_plan_entry_set_posts_per_week (widgets->entry, gtk_spin_button_get_value (spin));
  update_subtitle (widgets);
  schedule_plan_save (widgets->page);
}

static guint
get_response_minutes (EntryWidgets *widgets)
{
  guint value = (guint) gtk_spin_button_get_value_as_int (widgets->response_spin);

  return gtk_drop_down_get_selected (widgets->unit_dropdown) == UNIT_HOURS ? value * 60 : value;
}

static void
update_response_warning (EntryWidgets *widgets)
{
  gtk_widget_set_visible (widgets->response_warning,
                          rz_plan_entry_get_response_minutes (widgets->entry) > MAX_GOOD_RESPONSE_MINUTES);
}

static void
on_response_changed (EntryWidgets *widgets)
{
  if (widgets->page->updating)
    return;
  rz_plan_entry_set_response_minutes (widgets->entry, MAX (get_response_minutes (widgets), 1));
  update_response_warning (widgets);
  update_subtitle (widgets);
  schedule_plan_save (widgets->page);
}

static void
on_unit_changed (EntryWidgets *widgets)
{
  guint minutes = rz_plan_entry_get_response_minutes (widgets->entry);

  /* The same time in the other unit, rounded up to whole hours. */
  widgets->page->updating = TRUE;
  if (gtk_drop_down_get_selected (widgets->unit_dropdown) == UNIT_HOURS)
    gtk_spin_button_set_value (widgets->response_spin, (minutes + 59) / 60);
  else
    gtk_spin_button_set_value (widgets->response_spin, minutes);
  widgets->page->updating = FALSE;
  on_response_changed (widgets);
}

static void
on_audience_toggled (EntryWidgets *widgets)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) audiences = NULL;

  for (guint i = 0; i < widgets->audience_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (widgets->audience_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "audience"));
    }
  audiences = g_strv_builder_end (builder);
  rz_plan_entry_set_audiences (widgets->entry, (const char * const *) audiences);
  schedule_plan_save (widgets->page);
}

static void
on_message_toggled (GtkCheckButton *toggled,
                    EntryWidgets   *widgets)
{
  RzMessageType type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggled), "message-type"));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) audiences = NULL;

  for (guint i = 0; i < widgets->message_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (widgets->message_checks, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "message-type")) == type &&
          gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "audience"));
    }
  audiences = g_strv_builder_end (builder);
  rz_plan_entry_set_message_audiences (widgets->entry, type, (const char * const *) audiences);
  schedule_plan_save (widgets->page);
}

/* The profile's audiences, then any the entry names that the profile
 * no longer has, so nothing the plan says is hidden. */
static GStrv
dup_audience_labels (RzPlanPage  *self,
                     RzPlanEntry *entry)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  const char * const *entry_audiences = rz_plan_entry_get_audiences (entry);

  for (guint i = 0; self->profile != NULL && i < rz_profile_get_n_audiences (self->profile); i++)
    {
      const char *label = rz_profile_get_audience (self->profile, i)->label;

      if (!g_ptr_array_find_with_equal_func (seen, label, g_str_equal, NULL))
        {
          g_ptr_array_add (seen, (gpointer) label);
          g_strv_builder_add (builder, label);
        }
    }
  for (guint i = 0; entry_audiences != NULL && entry_audiences[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (seen, entry_audiences[i], g_str_equal, NULL))
      {
        g_ptr_array_add (seen, (gpointer) entry_audiences[i]);
        g_strv_builder_add (builder, entry_audiences[i]);
      }
  return g_strv_builder_end (builder);
}

static GtkWidget *
create_audiences_row (EntryWidgets       *widgets,
                      const char * const *labels)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Audiences"));
  GtkWidget *checks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char * const *current = rz_plan_entry_get_audiences (widgets->entry);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (checks),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (checks), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Audiences"), -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (labels[i]);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   current != NULL && g_strv_contains (current, labels[i]));
      g_object_set_data_full (G_OBJECT (check), "audience", g_strdup (labels[i]), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_audience_toggled), widgets);
      g_ptr_array_add (widgets->audience_checks, check);
      gtk_box_append (GTK_BOX (checks), check);
    }
  if (labels[0] == NULL)
    gtk_box_append (GTK_BOX (checks), gtk_label_new (_("The strategy names no audiences yet.")));
  gtk_box_append (GTK_BOX (box), checks);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Which message types each audience gets here: a grid of check buttons,
 * message types down, audiences across. */
static GtkWidget *
create_matrix_row (EntryWidgets       *widgets,
                   const char * const *labels)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Messages"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Which message types each audience gets on this channel"), -1);

  for (guint a = 0; labels[a] != NULL; a++)
    {
      GtkWidget *label = gtk_label_new (labels[a]);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_grid_attach (GTK_GRID (grid), label, (int) a + 1, 0, 1, 1);
    }

  for (guint type = 0; type < RZ_N_MESSAGE_TYPES; type++)
    {
      GtkWidget *label = gtk_label_new (rz_message_type_get_label (type));

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) type + 1, 1, 1);

      for (guint a = 0; labels[a] != NULL; a++)
        {
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *name = NULL;

          /* Translators: a cell of the message matrix, like "News and
           * offers for Families and regulars". */
          name = g_strdup_printf (_("%s for %s"), rz_message_type_get_label (type), labels[a]);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_widget_set_tooltip_text (check, name);
          gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       rz_plan_entry_has_message (widgets->entry, type, labels[a]));
          g_object_set_data (G_OBJECT (check), "message-type", GUINT_TO_POINTER (type));
          g_object_set_data_full (G_OBJECT (check), "audience", g_strdup (labels[a]), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (on_message_toggled), widgets);
          g_ptr_array_add (widgets->message_checks, check);
          gtk_grid_attach (GTK_GRID (grid), check, (int) a + 1, (int) type + 1, 1, 1);
        }
    }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_box_append (GTK_BOX (box), scroller);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_entry (const char *text,
              int         width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_widget_set_hexpand (entry, TRUE);
  return entry;
}

static void
remove_entry (RzPlanPage  *self,
              RzPlanEntry *entry);

static void
on_remove_clicked (EntryWidgets *widgets)
{
  remove_entry (widgets->page, widgets->entry);
}

static void
on_expanded_changed (AdwExpanderRow *expander,
                     GParamSpec     *pspec,
                     EntryWidgets   *widgets)
{
  const char *id = rz_plan_entry_get_channel_id (widgets->entry);

  if (adw_expander_row_get_expanded (expander))
    g_hash_table_add (widgets->page->expanded, g_strdup (id));
  else
    g_hash_table_remove (widgets->page->expanded, id);
}

static GtkWidget *
create_entry_row (RzPlanPage  *self,
                  RzPlanEntry *entry)
{
  EntryWidgets *widgets = g_new0 (EntryWidgets, 1);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *title = g_markup_escape_text (rz_plan_entry_get_name (entry), -1);
  g_autofree char *remove_label = NULL;
  g_auto(GStrv) labels = dup_audience_labels (self, entry);
  g_autoptr(GtkStringList) units = gtk_string_list_new (NULL);
  g_autoptr(GtkSizeGroup) label_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  GtkWidget *posts_box, *unit_button;
  GtkWidget *remove_button, *purpose, *posts, *rhythm, *response_box, *responsible, *stand_in;
  guint minutes = rz_plan_entry_get_response_minutes (entry);

  widgets->page = self;
  widgets->entry = g_object_ref (entry);
  widgets->expander = ADW_EXPANDER_ROW (expander);
  widgets->audience_checks = g_ptr_array_new ();
  widgets->message_checks = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (expander), "entry-widgets", widgets,
                          (GDestroyNotify) entry_widgets_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);

  remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* Translators: %s is a channel, like "Instagram". */
  remove_label = g_strdup_printf (_("Remove %s From the Plan"), rz_plan_entry_get_name (entry));
  gtk_widget_set_tooltip_text (remove_button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "flat");
  g_signal_connect_swapped (remove_button, "clicked", G_CALLBACK (on_remove_clicked), widgets);
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (ADW_EXPANDER_ROW (expander), remove_button);
#else
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), remove_button);
#endif

  purpose = create_entry (rz_plan_entry_get_purpose (entry), 10);
  g_signal_connect (purpose, "changed", G_CALLBACK (on_purpose_changed), widgets);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), create_field_row (label_group, _("_Purpose"), purpose, NULL, NULL));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            create_audiences_row (widgets, (const char * const *) labels));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            create_matrix_row (widgets, (const char * const *) labels));

  posts = gtk_spin_button_new_with_range (0.0, 28.0, 0.25);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (posts), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (posts), rz_plan_entry_get_posts_per_week (entry));
  widgets->posts_spin = GTK_SPIN_BUTTON (posts);
  rhythm = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (rhythm), 0.0f);
  gtk_widget_add_css_class (rhythm, "dim-label");
  widgets->rhythm_label = GTK_LABEL (rhythm);
  g_signal_connect (posts, "value-changed", G_CALLBACK (on_posts_changed), widgets);
  posts_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (posts_box), posts);
  gtk_box_append (GTK_BOX (posts_box), rhythm);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            create_field_row (label_group, _("Posts a _week"), posts_box, posts, NULL));

  /* Translators: units of the answer time, after a number. */
  gtk_string_list_append (units, _("minutes"));
  gtk_string_list_append (units, _("hours"));
  widgets->response_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1.0, 10080.0, 1.0));
  widgets->unit_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (units)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->unit_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Unit of the answer time"), -1);
  /* GTK 4.8 focuses the drop-down's inner button, which has no name. */
  unit_button = gtk_widget_get_first_child (GTK_WIDGET (widgets->unit_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (unit_button))
    gtk_accessible_update_property (GTK_ACCESSIBLE (unit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Unit of the answer time"), -1);
  if (minutes >= 60 && minutes % 60 == 0)
    {
      gtk_drop_down_set_selected (widgets->unit_dropdown, UNIT_HOURS);
      gtk_spin_button_set_value (widgets->response_spin, minutes / 60);
    }
  else
    {
      gtk_drop_down_set_selected (widgets->unit_dropdown, UNIT_MINUTES);
      gtk_spin_button_set_value (widgets->response_spin, minutes);
    }
  g_signal_connect_swapped (widgets->response_spin, "value-changed", G_CALLBACK (on_response_changed), widgets);
  g_signal_connect_swapped (widgets->unit_dropdown, "notify::selected", G_CALLBACK (on_unit_changed), widgets);
  response_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (response_box), GTK_WIDGET (widgets->response_spin));
  gtk_box_append (GTK_BOX (response_box), GTK_WIDGET (widgets->unit_dropdown));
  widgets->response_warning = create_notice (_("A day is too late for an answer. People expect one within a few hours."),
                                             "dialog-warning-symbolic");
  update_response_warning (widgets);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            create_field_row (label_group, _("Answer w_ithin"), response_box,
                                              GTK_WIDGET (widgets->response_spin),
                                              widgets->response_warning));

  responsible = create_entry (rz_plan_entry_get_responsible (entry), 10);
  g_signal_connect (responsible, "changed", G_CALLBACK (on_responsible_changed), widgets);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), create_field_row (label_group, _("Respo_nsible"), responsible, NULL, NULL));

  stand_in = create_entry (rz_plan_entry_get_stand_in (entry), 10);
  widgets->stand_in_entry = GTK_ENTRY (stand_in);
  widgets->stand_in_warning = create_notice (_("Someone must answer every day of the year. Name a stand-in for holidays and sick leave."),
                                             "dialog-warning-symbolic");
  g_signal_connect (stand_in, "changed", G_CALLBACK (on_stand_in_changed), widgets);
  on_stand_in_changed (GTK_EDITABLE (stand_in), widgets);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            create_field_row (label_group, _("_Stand-in"), stand_in, NULL, widgets->stand_in_warning));

  update_subtitle (widgets);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander),
                                 g_hash_table_contains (self->expanded, rz_plan_entry_get_channel_id (entry)));
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_expanded_changed), widgets);
  return expander;
}

static void
rebuild_channels (RzPlanPage *self)
{
  GtkWidget *child;
  guint n_entries = self->plan != NULL ? rz_plan_get_n_entries (self->plan) : 0;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->channels_list))) != NULL)
    gtk_list_box_remove (self->channels_list, child);
  for (guint i = 0; i < n_entries; i++)
    gtk_list_box_append (self->channels_list, create_entry_row (self, rz_plan_get_entry (self->plan, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->channels_list), n_entries > 0);
  gtk_widget_set_visible (self->no_channels_label, n_entries == 0);
  self->updating = FALSE;
}

/* Removing and adding channels */

typedef struct
{
  RzPlanPage  *page;
  RzPlanEntry *entry;
  guint        position;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *undo = data;

  g_clear_object (&undo->page);
  g_clear_object (&undo->entry);
  g_free (undo);
}

static void
undo_remove (AdwToast *toast,
             UndoData *undo)
{
  RzPlanPage *self = undo->page;
  g_autoptr(RzPlan) plan = rz_plan_new ();
  guint n = self->plan != NULL ? rz_plan_get_n_entries (self->plan) : 0;
  gboolean placed = FALSE;

  /* The plan has no insert: build it again with the entry in its place. */
  for (guint i = 0; i < n; i++)
    {
      if (i == undo->position)
        {
          rz_plan_append (plan, undo->entry);
          placed = TRUE;
        }
      rz_plan_append (plan, rz_plan_get_entry (self->plan, i));
    }
  if (!placed)
    rz_plan_append (plan, undo->entry);

  g_set_object (&self->plan, plan);
  rebuild_channels (self);
  save_plan_now (self);
}

static gboolean
rebuild_channels_idle (gpointer user_data)
{
  rebuild_channels (user_data);
  return G_SOURCE_REMOVE;
}

static void
remove_entry (RzPlanPage  *self,
              RzPlanEntry *entry)
{
  g_autofree char *message = NULL;
  AdwToast *toast;
  UndoData *undo;
  guint position = 0;

  for (; position < rz_plan_get_n_entries (self->plan); position++)
    if (rz_plan_get_entry (self->plan, position) == entry)
      break;
  if (position >= rz_plan_get_n_entries (self->plan))
    return;

  undo = g_new0 (UndoData, 1);
  undo->page = g_object_ref (self);
  undo->entry = g_object_ref (entry);
  undo->position = position;

  rz_plan_remove (self->plan, position);
  /* The row goes in an idle: its own button is still handling the click. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_channels_idle, g_object_ref (self), g_object_unref);
  save_plan_now (self);

  /* Translators: %s is a channel, like "Instagram". */
  message = g_strdup_printf (_("%s removed from the plan"), rz_plan_entry_get_name (entry));
  toast = rz_toast_new_literal (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove), undo,
                         (GClosureNotify) (void (*) (void)) undo_data_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
add_offline_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RzPlanPage *self = RZ_PLAN_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *label = rz_offline_channel_get_label (id);

  if (self->plan == NULL || label == NULL)
    return;

  if (rz_plan_lookup (self->plan, id) != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a channel, like "Phone". */
      message = g_strdup_printf (_("%s is already in the plan"), label);
      show_toast (self, message);
      return;
    }

  rz_plan_add_offline (self->plan, id, NULL);
  g_hash_table_add (self->expanded, g_strdup (id));
  rebuild_channels (self);
  save_plan_now (self);
}

/* The guideline */

static void
set_guideline_text (RzPlanPage *self,
                    const char *markdown)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->guideline_view);
  GtkTextIter start;

  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer, markdown != NULL ? markdown : "", -1);
  /* Reading starts at the top. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->updating = FALSE;
}

static void
regenerate_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        RzPlanPage       *self)
{
  g_autofree char *markdown = NULL;

  if (g_strcmp0 (response, "regenerate") != 0 || self->plan == NULL || self->profile == NULL)
    return;

  markdown = rz_guidelines_generate (self->profile, self->plan);
  set_guideline_text (self, markdown);
  save_guideline_now (self);
  show_toast (self, _("Guideline regenerated from the plan"));
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RzPlanPage *self = RZ_PLAN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (self->plan == NULL || self->profile == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Regenerate the Guideline?"),
                                                       _("A new guideline is made from the plan as it is now. "
                                                         "It replaces the current text, with all your edits.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "regenerate", _("_Regenerate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "regenerate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (regenerate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef enum {
  EXPORT_MARKDOWN,
  EXPORT_PDF,
} ExportFormat;

static void
export_done (RzPlanPage   *self,
             GFile        *file,
             const GError *error)
{
  if (error != NULL)
    {
      show_error_toast (self, FAILED_EXPORTING, error);
      return;
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = NULL;

      /* Translators: %s is a file name. */
      message = g_strdup_printf (_("Guideline saved as %s"), name);
      show_toast (self, message);
    }
}

typedef struct
{
  RzPlanPage *page;
  GFile      *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->page);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
markdown_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
  export_done (data->page, data->file, error);
}

static void
pdf_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  rz_guideline_pdf_export_finish (result, &error);
  export_done (data->page, data->file, error);
}

static void
export_to_file (RzPlanPage   *self,
                GFile        *file,
                ExportFormat  format)
{
  g_autofree char *markdown = dup_guideline_text (self);
  ExportData *data = g_new0 (ExportData, 1);

  data->page = g_object_ref (self);
  data->file = g_object_ref (file);

  if (format == EXPORT_MARKDOWN)
    {
      gsize length = strlen (markdown);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&markdown), length);

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, markdown_written_cb, data);
    }
  else
    {
      rz_guideline_pdf_export_async (markdown, file, self->cancellable, pdf_written_cb, data);
    }
}

static const char *
export_file_name (ExportFormat format)
{
  /* Translators: the suggested file names of the exported guideline. */
  return format == EXPORT_MARKDOWN ? _("Social Media Guideline.md") : _("Social Media Guideline.pdf");
}

static GtkFileFilter *
create_export_filter (ExportFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (format == EXPORT_MARKDOWN)
    {
      gtk_file_filter_set_name (filter, _("Markdown"));
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_suffix (filter, "md");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("PDF"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_suffix (filter, "pdf");
    }
  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RzPlanPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  ExportFormat format = GPOINTER_TO_INT (g_object_get_data (source, "export-format"));

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_error_toast (self, FAILED_EXPORTING, error);
      return;
    }
  export_to_file (self, file, format);
}

static void
choose_export_file (RzPlanPage   *self,
                    ExportFormat  format)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = create_export_filter (format);
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Export Guideline"));
  gtk_file_dialog_set_initial_name (dialog, export_file_name (format));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  g_object_set_data (G_OBJECT (dialog), "export-format", GINT_TO_POINTER (format));
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                        self->cancellable, save_dialog_cb, g_object_ref (self));
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    RzPlanPage      *self)
{
  ExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "export-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        export_to_file (self, file, format);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_export_file (RzPlanPage   *self,
                    ExportFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Guideline"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), export_file_name (format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), create_export_filter (format));
  g_object_set_data (G_OBJECT (native), "export-format", GINT_TO_POINTER (format));
  /* The dialog owns itself until it answers. */
  g_signal_connect_object (native, "response", G_CALLBACK (native_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_export_file (RZ_PLAN_PAGE (widget),
                      g_str_equal (action_name, "plan.export-pdf") ? EXPORT_PDF : EXPORT_MARKDOWN);
}

/* Loading */

typedef struct
{
  RzPlan    *plan;
  RzProfile *profile;
  char      *guideline;
} PlanData;

static void
plan_data_free (PlanData *data)
{
  g_clear_object (&data->plan);
  g_clear_object (&data->profile);
  g_free (data->guideline);
  g_free (data);
}

static gpointer
load_job (RzDatabase    *db,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  PlanData *data = g_new0 (PlanData, 1);
  GError *local_error = NULL;

  data->plan = rz_database_dup_plan (db, &local_error);
  if (local_error == NULL)
    data->profile = rz_database_dup_profile (db, NULL, NULL, &local_error);
  if (local_error == NULL)
    data->guideline = rz_database_dup_guideline (db, &local_error);
  if (local_error != NULL)
    {
      plan_data_free (data);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return data;
}

static gboolean
same_json (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Whether the page shows exactly what was read, so a reload can leave the
 * widgets (and the keyboard focus) alone. */
static gboolean
shows (RzPlanPage *self,
       PlanData   *data)
{
  g_autofree char *shown_plan = self->plan != NULL ? rz_plan_to_json (self->plan) : NULL;
  g_autofree char *read_plan = data->plan != NULL ? rz_plan_to_json (data->plan) : NULL;
  g_autofree char *shown_profile = self->profile != NULL ? rz_profile_to_json (self->profile) : NULL;
  g_autofree char *read_profile = data->profile != NULL ? rz_profile_to_json (data->profile) : NULL;
  g_autofree char *shown_guideline = dup_guideline_text (self);

  return same_json (shown_plan, read_plan) &&
         same_json (shown_profile, read_profile) &&
         g_strcmp0 (shown_guideline, data->guideline != NULL ? data->guideline : "") == 0;
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RzPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PlanData *data;

  data = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the plan: %s", error->message);
          show_error_toast (self, FAILED_READING, error);
        }
      return;
    }

  /* Edits made while reading are newer than what was read. */
  if (self->plan_save_id != 0 || self->guideline_save_id != 0)
    {
      plan_data_free (data);
      return;
    }

  if (data->plan == NULL)
    {
      g_clear_object (&self->plan);
      g_set_object (&self->profile, data->profile);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (!shows (self, data))
    {
      g_set_object (&self->plan, data->plan);
      g_set_object (&self->profile, data->profile);
      rebuild_channels (self);
      set_guideline_text (self, data->guideline);
      gtk_stack_set_visible_child_name (self->stack, "plan");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "plan");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.regenerate-guideline",
                                 self->plan != NULL && self->profile != NULL);
  plan_data_free (data);
}

static void
reload (RzPlanPage *self)
{
  RzDatabase *db;

  if (self->context == NULL || (db = rz_context_get_database (self->context)) == NULL)
    return;

  /* Pending edits go first; the worker runs jobs in order. */
  flush_saves (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  rz_database_run_async (db, load_job, NULL, NULL, (GDestroyNotify) plan_data_free,
                         self->cancellable, load_cb, g_object_ref (self));
}

void
rz_plan_page_set_context (RzPlanPage *self,
                          RzContext  *context)
{
  g_return_if_fail (RZ_IS_PLAN_PAGE (self));
  g_return_if_fail (context == NULL || RZ_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "data-changed",
                             G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
rz_plan_page_dispose (GObject *object)
{
  RzPlanPage *self = RZ_PLAN_PAGE (object);

  /* The last edit is saved, even on quit. */
  flush_saves (self);
  g_cancellable_cancel (self->cancellable);
  /* AdwBin 1.2 unparents its child in its own dispose, after the template
   * has already done so: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_PLAN_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_plan_page_parent_class)->dispose (object);
}

static void
rz_plan_page_finalize (GObject *object)
{
  RzPlanPage *self = RZ_PLAN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (rz_plan_page_parent_class)->finalize (object);
}

static void
rz_plan_page_class_init (RzPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_plan_page_dispose;
  object_class->finalize = rz_plan_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RzPlanPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RzPlanPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RzPlanPage, channels_list);
  gtk_widget_class_bind_template_child (widget_class, RzPlanPage, no_channels_label);
  gtk_widget_class_bind_template_child (widget_class, RzPlanPage, guideline_view);

  gtk_widget_class_install_action (widget_class, "plan.add-offline", "s", add_offline_action);
  gtk_widget_class_install_action (widget_class, "plan.regenerate-guideline", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "plan.export-markdown", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plan.export-pdf", NULL, export_action);
}

static void
rz_plan_page_init (RzPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->guideline_view), "changed",
                            G_CALLBACK (on_guideline_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.regenerate-guideline", FALSE);
}
