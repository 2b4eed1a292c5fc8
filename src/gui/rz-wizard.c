/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rz-context.h"
#include "rz-database.h"
#include "rz-guidelines.h"
#include "rz-plan.h"
#include "rz-recommender.h"
#include "rz-wizard.h"
#include "rz-wizard-audience-row.h"
#include "rz-wizard-private.h"
#include "rz-wizard-recommendation.h"

/* Typing pauses this long before the answers are saved. */
#define AUTOSAVE_DELAY_MS 400
#define STATE_VERSION 1

typedef enum {
  STEP_COMPANY = 0,
  STEP_AUDIENCES,
  STEP_GOALS,
  STEP_TIME,
  STEP_RESTRICTIONS,
  STEP_FORMATS,
  STEP_CHANNELS,
  STEP_RECOMMENDATION,
  N_STEPS
} Step;

static const char * const step_names[N_STEPS] = {
  "company", "audiences", "goals", "time", "restrictions", "formats", "channels", "recommendation",
};

static const RzFormat formats[] = { RZ_FORMAT_TEXT, RZ_FORMAT_PHOTO, RZ_FORMAT_VIDEO };

struct _RzWizard
{
  AdwBin             parent_instance;

  RzContext         *context;
  RzCatalogue       *catalogue;
  GCancellable      *cancellable;
  guint              autosave_id;
  Step               step;
  gboolean           loaded;
  gboolean           busy;
  /* While fields are filled from saved answers: no autosave. */
  gboolean           restoring;

  /* What was saved before this run, to put back on Cancel when the user
   * only wanted to look at a finished strategy again. */
  gboolean           was_finished;
  RzProfile         *original_profile;
  char              *original_state;

  /* Goals in the order the user ticked them. */
  GArray            *goals;
  GtkWidget         *goal_checks[RZ_N_GOALS];
  GtkWidget         *goal_ranks[RZ_N_GOALS];
  GtkWidget         *format_checks[G_N_ELEMENTS (formats)];
  /* GtkCheckButtons with their channel id as "channel-id" data. */
  GPtrArray         *forbidden_checks;
  GPtrArray         *existing_checks;
  gboolean           regulated_by_user;

  /* The answers the last step was built for. */
  char              *recommended_for;
  /* Channels chosen on the last step, from the saved state. */
  GStrv              saved_choice;
  /* Letters of Next and Back, kept free in generated mnemonics. */
  char               reserved_mnemonics[8];

  /* Template widgets */
  GtkStack          *load_stack;
  GtkLabel          *step_label;
  GtkProgressBar    *progress_bar;
  GtkStack          *pages;
  GtkLabel          *hint_label;
  GtkWidget         *cancel_button;
  GtkWidget         *back_button;
  GtkWidget         *next_button;
  GtkWidget         *finish_button;
  GtkSpinner        *busy_spinner;

  GtkEntry          *name_entry;
  GtkDropDown       *industry_dropdown;
  GtkWidget         *industry_label;
  GtkCheckButton    *market_b2c;
  GtkCheckButton    *market_b2b;
  GtkCheckButton    *market_both;
  GtkCheckButton    *region_local;
  GtkCheckButton    *region_national;
  GtkCheckButton    *region_international;
  GtkCheckButton    *language_de;
  GtkCheckButton    *language_en;

  GtkListBox        *audiences_list;
  GtkWidget         *add_audience_button;
  GtkListBox        *goals_list;

  GtkSpinButton     *hours_spin;
  GtkEntry          *responsible_entry;
  GtkEntry          *stand_in_entry;
  GtkWidget         *stand_in_warning;

  GtkSwitch         *regulated_switch;
  GtkLabel          *regulated_label;
  GtkWidget         *regulation_note_box;
  GtkLabel          *regulation_note_label;
  GtkListBox        *forbidden_list;
  GtkListBox        *formats_list;
  GtkListBox        *existing_list;

  RzWizardRecommendation *recommendation;
};

G_DEFINE_FINAL_TYPE (RzWizard, rz_wizard, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_field_changed       (RzWizard *self);
static void update_navigation      (RzWizard *self);

/* Small helpers */

static char *
dup_entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static char
mnemonic_of (const char *label)
{
  const char *underscore = strchr (label, '_');

  return underscore != NULL ? g_ascii_tolower (underscore[1]) : '\0';
}

char *
rz_wizard_dup_with_mnemonic (const char *text,
                             const char *reserved,
                             GString    *used)
{
  GString *out = g_string_new (NULL);
  gboolean placed = FALSE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (used != NULL, NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!placed && g_unichar_isalnum (c))
        {
          char letter[8] = { 0 };

          g_unichar_to_utf8 (g_unichar_tolower (c), letter);
          if (strstr (used->str, letter) == NULL &&
              (reserved == NULL || strstr (reserved, letter) == NULL))
            {
              g_string_append (used, letter);
              g_string_append_c (out, '_');
              placed = TRUE;
            }
        }
      if (c == '_')
        g_string_append_c (out, '_');
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A row holding one check button (and an optional suffix). */
static GtkWidget *
add_check_row (RzWizard   *self,
               GtkListBox *list,
               const char *label,
               GString    *used,
               GtkWidget  *suffix,
               gboolean    notify)
{
  g_autofree char *mnemonic_label = rz_wizard_dup_with_mnemonic (label, self->reserved_mnemonics, used);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (mnemonic_label);

  /* GTK 4.8 would read the underscore out. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_box_append (GTK_BOX (box), check);
  if (suffix != NULL)
    gtk_box_append (GTK_BOX (box), suffix);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (list, row);

  if (notify)
    g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_field_changed), self);
  return check;
}

static GtkWidget *
add_channel_check (RzWizard      *self,
                   GtkListBox    *list,
                   GPtrArray     *checks,
                   RzChannelInfo *info,
                   GString       *used)
{
  GtkWidget *check = add_check_row (self, list, rz_channel_info_get_name (info), used, NULL, TRUE);

  g_object_set_data_full (G_OBJECT (check), "channel-id",
                          g_strdup (rz_channel_info_get_id (info)), g_free);
  g_ptr_array_add (checks, check);
  return check;
}

static const char *
check_channel_id (GtkWidget *check)
{
  return g_object_get_data (G_OBJECT (check), "channel-id");
}

static GStrv
dup_checked_ids (GPtrArray *checks)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_strv_builder_add (builder, check_channel_id (g_ptr_array_index (checks, i)));
  return g_strv_builder_end (builder);
}

static void
set_checked_ids (GPtrArray          *checks,
                 const char * const *ids)
{
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      gtk_check_button_set_active (check, ids != NULL && g_strv_contains (ids, check_channel_id (GTK_WIDGET (check))));
    }
}

/* Enter in a spin button goes on, like in an entry. */
static gboolean
on_spin_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     RzWizard              *self)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
  return GDK_EVENT_STOP;
}

static void
on_entry_activate (RzWizard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

/* Reading the answers */

static GPtrArray *
get_audience_rows (RzWizard *self)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->audiences_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (RZ_IS_WIZARD_AUDIENCE_ROW (child))
      g_ptr_array_add (rows, child);
  return rows;
}

static RzMarket
get_market (RzWizard *self)
{
  if (gtk_check_button_get_active (self->market_b2b))
    return RZ_MARKET_B2B;
  if (gtk_check_button_get_active (self->market_both))
    return RZ_MARKET_BOTH;
  return RZ_MARKET_B2C;
}

static RzRegion
get_region (RzWizard *self)
{
  if (gtk_check_button_get_active (self->region_national))
    return RZ_REGION_NATIONAL;
  if (gtk_check_button_get_active (self->region_international))
    return RZ_REGION_INTERNATIONAL;
  return RZ_REGION_LOCAL;
}

static gboolean
get_industry (RzWizard   *self,
              RzIndustry *industry)
{
  guint selected = gtk_drop_down_get_selected (self->industry_dropdown);

  /* Position 0 asks the user to choose. */
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > RZ_N_INDUSTRIES)
    return FALSE;
  *industry = (RzIndustry) (selected - 1);
  return TRUE;
}

static RzFormat
get_formats (RzWizard *self)
{
  RzFormat result = RZ_FORMAT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->format_checks[i])))
      result |= formats[i];
  return result;
}

/* The profile as far as it is answered; rows that are not valid yet are
 * left out (the state document keeps them). */
static RzProfile *
build_profile (RzWizard *self)
{
  RzProfile *profile = rz_profile_new ();
  g_autofree char *name = dup_entry_text (self->name_entry);
  g_autoptr(GPtrArray) rows = get_audience_rows (self);
  g_auto(GStrv) forbidden = dup_checked_ids (self->forbidden_checks);
  g_autoptr(GStrvBuilder) languages = g_strv_builder_new ();
  g_auto(GStrv) language_ids = NULL;
  RzIndustry industry;

  rz_profile_set_name (profile, name);
  if (get_industry (self, &industry))
    rz_profile_set_industry (profile, industry);
  rz_profile_set_market (profile, get_market (self));
  rz_profile_set_region (profile, get_region (self));

  for (guint i = 0; i < rows->len; i++)
    {
      RzWizardAudienceRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = rz_wizard_audience_row_dup_label (row);
      int age_min = rz_wizard_audience_row_get_age_min (row);
      int age_max = rz_wizard_audience_row_get_age_max (row);

      if (*label != '\0' && age_min <= age_max)
        rz_profile_add_audience (profile, label, age_min, age_max);
    }

  rz_profile_set_goals (profile, (const RzGoal *) self->goals->data, self->goals->len);
  rz_profile_set_hours_per_week (profile, gtk_spin_button_get_value (self->hours_spin));
  rz_profile_set_regulated (profile, self->regulated_by_user);
  rz_profile_set_forbidden_channels (profile, (const char * const *) forbidden);
  rz_profile_set_formats (profile, get_formats (self));

  if (gtk_check_button_get_active (self->language_de))
    g_strv_builder_add (languages, "de");
  if (gtk_check_button_get_active (self->language_en))
    g_strv_builder_add (languages, "en");
  language_ids = g_strv_builder_end (languages);
  rz_profile_set_languages (profile, (const char * const *) language_ids);

  return profile;
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *member,
                  const char * const *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

/* Every answer exactly as entered, half-typed rows included: the profile
 * alone cannot hold what is not valid yet. */
static char *
build_state_json (RzWizard *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = get_audience_rows (self);
  g_autofree char *name = dup_entry_text (self->name_entry);
  g_autofree char *responsible = dup_entry_text (self->responsible_entry);
  g_autofree char *stand_in = dup_entry_text (self->stand_in_entry);
  g_auto(GStrv) forbidden = dup_checked_ids (self->forbidden_checks);
  g_auto(GStrv) existing = dup_checked_ids (self->existing_checks);
  RzIndustry industry;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STATE_VERSION);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  if (get_industry (self, &industry))
    {
      json_builder_set_member_name (builder, "industry");
      json_builder_add_string_value (builder, rz_industry_to_id (industry));
    }
  json_builder_set_member_name (builder, "market");
  json_builder_add_string_value (builder, rz_market_to_id (get_market (self)));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, rz_region_to_id (get_region (self)));

  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  if (gtk_check_button_get_active (self->language_de))
    json_builder_add_string_value (builder, "de");
  if (gtk_check_button_get_active (self->language_en))
    json_builder_add_string_value (builder, "en");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      RzWizardAudienceRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = rz_wizard_audience_row_dup_label (row);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
      json_builder_set_member_name (builder, "age_min");
      json_builder_add_int_value (builder, rz_wizard_audience_row_get_age_min (row));
      json_builder_set_member_name (builder, "age_max");
      json_builder_add_int_value (builder, rz_wizard_audience_row_get_age_max (row));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "goals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->goals->len; i++)
    json_builder_add_string_value (builder, rz_goal_to_id (g_array_index (self->goals, RzGoal, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hours_per_week");
  json_builder_add_double_value (builder, gtk_spin_button_get_value (self->hours_spin));
  json_builder_set_member_name (builder, "responsible");
  json_builder_add_string_value (builder, responsible);
  json_builder_set_member_name (builder, "stand_in");
  json_builder_add_string_value (builder, stand_in);
  json_builder_set_member_name (builder, "regulated");
  json_builder_add_boolean_value (builder, self->regulated_by_user);
  add_string_array (builder, "forbidden_channels", (const char * const *) forbidden);

  json_builder_set_member_name (builder, "formats");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->format_checks[i])))
      json_builder_add_string_value (builder, rz_format_to_id (formats[i]));
  json_builder_end_array (builder);

  add_string_array (builder, "existing_channels", (const char * const *) existing);

  if (self->step == STEP_RECOMMENDATION && self->recommended_for != NULL)
    {
      g_auto(GStrv) chosen = rz_wizard_recommendation_dup_chosen (self->recommendation);

      add_string_array (builder, "chosen_channels", (const char * const *) chosen);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Saving */

typedef struct
{
  RzProfile *profile;
  int        step;
  char      *state;
  RzPlan    *plan;
  char      *guideline;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->profile);
  g_clear_object (&data->plan);
  g_free (data->state);
  g_free (data->guideline);
  g_free (data);
}

static gpointer
save_job (RzDatabase    *db,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  SaveData *data = user_data;

  if (!rz_database_save_profile (db, data->profile, data->step, data->state, error))
    return NULL;
  if (data->plan != NULL && !rz_database_save_plan (db, data->plan, error))
    return NULL;
  if (data->guideline != NULL && !rz_database_save_guideline (db, data->guideline, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
autosave_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The next step saves again; the user has nothing to do here. */
  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    g_warning ("Could not save the wizard's answers: %s", error->message);
}

static void
save_progress (RzWizard *self)
{
  RzDatabase *db = rz_context_get_database (self->context);
  SaveData *data;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (db == NULL || !self->loaded || self->busy)
    return;

  data = g_new0 (SaveData, 1);
  data->profile = build_profile (self);
  data->step = (int) self->step;
  data->state = build_state_json (self);
  /* No cancellable: answers must reach the disk even when the window
   * closes right after. */
  rz_database_run_async (db, save_job, data, (GDestroyNotify) save_data_free, NULL,
                         NULL, autosave_cb, NULL);
}

static gboolean
autosave_timeout (gpointer user_data)
{
  RzWizard *self = user_data;

  self->autosave_id = 0;
  save_progress (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (RzWizard *self)
{
  if (self->restoring || !self->loaded)
    return;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_timeout, self);
}

/* Validation: what stops the user from going on, said in a sentence. */

static char *
dup_company_problem (RzWizard *self)
{
  g_autofree char *name = dup_entry_text (self->name_entry);
  RzIndustry industry;

  if (*name == '\0')
    return g_strdup (_("Enter the name of your business to go on."));
  if (!get_industry (self, &industry))
    return g_strdup (_("Choose your industry to go on."));
  if (!gtk_check_button_get_active (self->language_de) &&
      !gtk_check_button_get_active (self->language_en))
    return g_strdup (_("Choose at least one language to go on."));
  return NULL;
}

static char *
dup_audiences_problem (RzWizard *self)
{
  g_autoptr(GPtrArray) rows = get_audience_rows (self);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (rows->len == 0)
    return g_strdup (_("Add at least one group of customers to go on."));

  for (guint i = 0; i < rows->len; i++)
    {
      RzWizardAudienceRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = rz_wizard_audience_row_dup_label (row);
      g_autofree char *key = NULL;

      if (*label == '\0')
        return g_strdup (_("Give every group a name to go on."));
      if (rz_wizard_audience_row_get_age_min (row) > rz_wizard_audience_row_get_age_max (row))
        /* Translators: %s is the name of a group of customers. */
        return g_strdup_printf (_("In “%s”, the first age is higher than the second."), label);
      key = g_utf8_casefold (label, -1);
      if (g_hash_table_contains (seen, key))
        /* Translators: %s is the name of a group of customers. */
        return g_strdup_printf (_("Two groups are called “%s”. Give each group its own name."), label);
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  return NULL;
}

static char *
dup_step_problem (RzWizard *self,
                  Step      step)
{
  switch (step)
    {
    case STEP_COMPANY:
      return dup_company_problem (self);
    case STEP_AUDIENCES:
      return dup_audiences_problem (self);
    case STEP_GOALS:
      if (self->goals->len == 0)
        return g_strdup (_("Choose at least one goal to go on."));
      return NULL;
    case STEP_TIME:
      {
        g_autofree char *responsible = dup_entry_text (self->responsible_entry);

        if (*responsible == '\0')
          return g_strdup (_("Name the person responsible to go on."));
        return NULL;
      }
    case STEP_RESTRICTIONS:
      {
        g_auto(GStrv) forbidden = dup_checked_ids (self->forbidden_checks);

        if (g_strv_length (forbidden) >= self->forbidden_checks->len)
          return g_strdup (_("At least one channel must stay allowed."));
        return NULL;
      }
    case STEP_FORMATS:
      if (get_formats (self) == RZ_FORMAT_NONE)
        return g_strdup (_("Choose at least one thing you can produce to go on."));
      return NULL;
    case STEP_CHANNELS:
      return NULL;
    case STEP_RECOMMENDATION:
      {
        g_auto(GStrv) chosen = rz_wizard_recommendation_dup_chosen (self->recommendation);

        if (chosen[0] == NULL)
          return g_strdup (_("Choose at least one channel for your plan."));
        return NULL;
      }
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

/* Pages that change with the answers */

static void
update_goal_ranks (RzWizard *self)
{
  for (guint goal = 0; goal < RZ_N_GOALS; goal++)
    {
      guint rank = 0;

      for (guint i = 0; i < self->goals->len; i++)
        if (g_array_index (self->goals, RzGoal, i) == goal)
          rank = i + 1;

      if (rank == 0)
        {
          gtk_label_set_text (GTK_LABEL (self->goal_ranks[goal]), "");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (self->goal_checks[goal]),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
      else
        {
          g_autofree char *text = NULL;

          if (rank == 1)
            text = g_strdup (_("Main goal"));
          else
            /* Translators: the rank of a goal, "Goal 2" is the second most important. */
            text = g_strdup_printf (_("Goal %u"), rank);
          gtk_label_set_text (GTK_LABEL (self->goal_ranks[goal]), text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->goal_checks[goal]),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                          -1);
        }
    }
}

static void
on_goal_toggled (GtkCheckButton *check,
                 RzWizard       *self)
{
  RzGoal goal = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "goal"));
  gboolean active = gtk_check_button_get_active (check);

  for (guint i = 0; i < self->goals->len; i++)
    if (g_array_index (self->goals, RzGoal, i) == goal)
      {
        g_array_remove_index (self->goals, i);
        break;
      }
  if (active)
    g_array_append_val (self->goals, goal);
  update_goal_ranks (self);
  on_field_changed (self);
}

static void on_regulated_changed (RzWizard *self);

static void
update_regulation (RzWizard *self)
{
  g_autoptr(RzProfile) probe = rz_profile_new ();
  gboolean by_industry;
  const char *note;
  RzIndustry industry;

  if (get_industry (self, &industry))
    rz_profile_set_industry (probe, industry);
  by_industry = rz_profile_is_regulated (probe);
  rz_profile_set_regulated (probe, self->regulated_by_user);

  /* The industry's own rules cannot be switched off. */
  g_signal_handlers_block_by_func (self->regulated_switch, on_field_changed, self);
  g_signal_handlers_block_by_func (self->regulated_switch, on_regulated_changed, self);
  gtk_switch_set_active (self->regulated_switch, by_industry || self->regulated_by_user);
  gtk_widget_set_sensitive (GTK_WIDGET (self->regulated_switch), !by_industry);
  g_signal_handlers_unblock_by_func (self->regulated_switch, on_regulated_changed, self);
  g_signal_handlers_unblock_by_func (self->regulated_switch, on_field_changed, self);

  note = rz_recommender_get_regulation_note (probe);
  gtk_widget_set_visible (self->regulation_note_box, note != NULL);
  if (by_industry && note != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _("Your industry is regulated."), note);

      gtk_label_set_text (self->regulation_note_label, text);
    }
  else
    {
      gtk_label_set_text (self->regulation_note_label, note != NULL ? note : "");
    }
}

static void
on_regulated_changed (RzWizard *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->regulated_switch)))
    self->regulated_by_user = gtk_switch_get_active (self->regulated_switch);
}

/* The last step is built for the answers as they are when the user gets
 * there; coming back with the same answers keeps what they ticked. */
static void
show_recommendation (RzWizard *self)
{
  g_autoptr(RzProfile) profile = build_profile (self);
  g_auto(GStrv) existing = dup_checked_ids (self->existing_checks);
  g_auto(GStrv) chosen = NULL;
  g_autofree char *existing_ids = g_strjoinv (",", existing);
  g_autofree char *profile_json = rz_profile_to_json (profile);
  g_autofree char *key = g_strconcat (profile_json, "\n", existing_ids, NULL);

  if (g_strcmp0 (key, self->recommended_for) == 0)
    return;

  /* What was ticked before a restart counts for the first showing only. */
  if (self->recommended_for == NULL)
    chosen = g_steal_pointer (&self->saved_choice);
  else
    g_clear_pointer (&self->saved_choice, g_strfreev);

  g_free (self->recommended_for);
  self->recommended_for = g_steal_pointer (&key);
  rz_wizard_recommendation_show (self->recommendation, self->catalogue, profile,
                                 (const char * const *) existing, (const char * const *) chosen,
                                 self->reserved_mnemonics);
  rz_wizard_recommendation_set_replaces_plan (self->recommendation, self->was_finished);
}

/* Navigation */

static GtkWidget *
get_first_field (RzWizard *self)
{
  switch (self->step)
    {
    case STEP_COMPANY:
      return GTK_WIDGET (self->name_entry);
    case STEP_AUDIENCES:
      {
        g_autoptr(GPtrArray) rows = get_audience_rows (self);

        if (rows->len > 0)
          {
            rz_wizard_audience_row_focus (g_ptr_array_index (rows, 0));
            return NULL;
          }
        return self->add_audience_button;
      }
    case STEP_GOALS:
      return self->goal_checks[0];
    case STEP_TIME:
      return GTK_WIDGET (self->hours_spin);
    case STEP_RESTRICTIONS:
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->regulated_switch)))
        return GTK_WIDGET (self->regulated_switch);
      return self->forbidden_checks->len > 0 ? g_ptr_array_index (self->forbidden_checks, 0) : NULL;
    case STEP_FORMATS:
      return self->format_checks[0];
    case STEP_CHANNELS:
      return self->existing_checks->len > 0 ? g_ptr_array_index (self->existing_checks, 0) : NULL;
    case STEP_RECOMMENDATION:
      rz_wizard_recommendation_focus (self->recommendation);
      return NULL;
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static void
update_navigation (RzWizard *self)
{
  g_autofree char *problem = NULL;
  gboolean valid;

  if (!self->loaded)
    return;

  problem = dup_step_problem (self, self->step);
  valid = problem == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", valid && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->step > 0 && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", !self->busy);

  gtk_label_set_text (self->hint_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), problem != NULL);
  /* A screen reader says why Next does nothing, not only sighted users. */
  for (guint i = 0; i < 2; i++)
    {
      GtkAccessible *button = GTK_ACCESSIBLE (i == 0 ? self->next_button : self->finish_button);

      if (problem != NULL)
        gtk_accessible_update_property (button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
      else
        gtk_accessible_reset_property (button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
show_step (RzWizard *self,
           Step      step)
{
  g_autofree char *step_text = NULL;
  GtkWidget *first;

  self->step = step;
  if (step == STEP_RECOMMENDATION)
    show_recommendation (self);
  if (step == STEP_RESTRICTIONS)
    update_regulation (self);

  gtk_stack_set_visible_child_name (self->pages, step_names[step]);
  /* Translators: the wizard's progress, like "Step 2 of 8". */
  step_text = g_strdup_printf (_("Step %u of %u"), (guint) step + 1, (guint) N_STEPS);
  gtk_label_set_text (self->step_label, step_text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) (step + 1) / N_STEPS);
  gtk_widget_set_visible (self->next_button, step != STEP_RECOMMENDATION);
  gtk_widget_set_visible (self->finish_button, step == STEP_RECOMMENDATION);
  gtk_widget_set_visible (self->back_button, step > 0);

  update_navigation (self);

  first = get_first_field (self);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
finish_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RzWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  gtk_spinner_stop (self->busy_spinner);

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      update_navigation (self);
      /* Translators: %s says what went wrong when saving. */
      message = g_strdup_printf (_("Could not save your plan: %s"), error->message);
      gtk_label_set_text (self->hint_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), TRUE);
      return;
    }

  self->was_finished = TRUE;
  g_clear_object (&self->original_profile);
  g_clear_pointer (&self->original_state, g_free);
  rz_context_emit_data_changed (self->context);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
finish (RzWizard *self)
{
  RzDatabase *db = rz_context_get_database (self->context);
  g_autofree char *responsible = dup_entry_text (self->responsible_entry);
  g_autofree char *stand_in = dup_entry_text (self->stand_in_entry);
  g_auto(GStrv) chosen = NULL;
  SaveData *data;

  if (db == NULL)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  /* The plan keeps the order of the page: recommended channels first. */
  chosen = rz_wizard_recommendation_dup_chosen (self->recommendation);

  data = g_new0 (SaveData, 1);
  data->profile = build_profile (self);
  data->step = RZ_DATABASE_WIZARD_FINISHED;
  data->state = build_state_json (self);
  data->plan = rz_plan_new_for_profile (data->profile, self->catalogue, (const char * const *) chosen);
  for (guint i = 0; i < rz_plan_get_n_entries (data->plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (data->plan, i);

      rz_plan_entry_set_responsible (entry, responsible);
      rz_plan_entry_set_stand_in (entry, stand_in);
    }
  data->guideline = rz_guidelines_generate (data->profile, data->plan);

  self->busy = TRUE;
  gtk_spinner_start (self->busy_spinner);
  update_navigation (self);
  /* Not cancelled with the window: a half-saved strategy helps nobody. */
  rz_database_run_async (db, save_job, data, (GDestroyNotify) save_data_free, NULL,
                         NULL, finish_cb, g_object_ref (self));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzWizard *self = RZ_WIZARD (widget);
  g_autofree char *problem = NULL;

  if (!self->loaded || self->busy)
    return;
  problem = dup_step_problem (self, self->step);
  if (problem != NULL)
    return;

  if (self->step == STEP_RECOMMENDATION)
    {
      finish (self);
      return;
    }

  show_step (self, self->step + 1);
  save_progress (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzWizard *self = RZ_WIZARD (widget);

  if (!self->loaded || self->busy || self->step == 0)
    return;

  show_step (self, self->step - 1);
  save_progress (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzWizard *self = RZ_WIZARD (widget);
  RzDatabase *db = rz_context_get_database (self->context);

  if (self->busy)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (db != NULL && self->was_finished && self->original_profile != NULL)
    {
      /* Looking at a finished strategy again changes nothing until the
       * plan is created: put the saved answers back. */
      SaveData *data = g_new0 (SaveData, 1);

      data->profile = g_object_ref (self->original_profile);
      data->step = RZ_DATABASE_WIZARD_FINISHED;
      data->state = g_strdup (self->original_state);
      rz_database_run_async (db, save_job, data, (GDestroyNotify) save_data_free, NULL,
                             NULL, autosave_cb, NULL);
    }
  else
    {
      /* A new strategy keeps its answers for the next start. */
      save_progress (self);
    }

  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
add_audience (RzWizard   *self,
              const char *label,
              int         age_min,
              int         age_max);

static void
add_audience_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RzWizard *self = RZ_WIZARD (widget);
  g_autoptr(GPtrArray) rows = NULL;

  add_audience (self, "", 30, 49);
  rows = get_audience_rows (self);
  rz_wizard_audience_row_focus (g_ptr_array_index (rows, rows->len - 1));
  on_field_changed (self);
}

static void
on_audience_remove (RzWizardAudienceRow *row,
                    RzWizard            *self)
{
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (row));
  GtkWidget *prev = gtk_widget_get_prev_sibling (GTK_WIDGET (row));

  gtk_list_box_remove (self->audiences_list, GTK_WIDGET (row));
  /* Keep the keyboard near where it was. */
  if (RZ_IS_WIZARD_AUDIENCE_ROW (next))
    rz_wizard_audience_row_focus (RZ_WIZARD_AUDIENCE_ROW (next));
  else if (RZ_IS_WIZARD_AUDIENCE_ROW (prev))
    rz_wizard_audience_row_focus (RZ_WIZARD_AUDIENCE_ROW (prev));
  else
    gtk_widget_grab_focus (get_first_field (self));
  on_field_changed (self);
}

static void
add_audience (RzWizard   *self,
              const char *label,
              int         age_min,
              int         age_max)
{
  GtkWidget *row = rz_wizard_audience_row_new (label, age_min, age_max);

  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect (row, "remove", G_CALLBACK (on_audience_remove), self);
  gtk_list_box_append (self->audiences_list, row);
}

static void
on_field_changed (RzWizard *self)
{
  /* Template signals fire while the widgets are built, too. */
  if (self->restoring || !self->loaded)
    return;

  if (self->step == STEP_RESTRICTIONS || self->step == STEP_COMPANY)
    update_regulation (self);

  gtk_widget_set_visible (self->stand_in_warning,
                          gtk_entry_get_text_length (self->stand_in_entry) == 0);
  update_navigation (self);
  schedule_autosave (self);
}

/* Restoring saved answers */

static const char *
get_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GStrv
dup_string_array (JsonObject *object,
                  const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static void
set_goals (RzWizard     *self,
           const RzGoal *goals,
           guint         n_goals)
{
  g_array_set_size (self->goals, 0);
  for (guint goal = 0; goal < RZ_N_GOALS; goal++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->goal_checks[goal]), FALSE);
  /* Ticking in order rebuilds the order of choice. */
  for (guint i = 0; i < n_goals; i++)
    if (goals[i] < RZ_N_GOALS)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->goal_checks[goals[i]]), TRUE);
}

static void
fill_from_profile (RzWizard  *self,
                   RzProfile *profile,
                   gboolean   with_industry)
{
  const char * const *languages = rz_profile_get_languages (profile);
  const RzGoal *goals;
  guint n_goals;

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), rz_profile_get_name (profile));
  /* A new profile's industry is only a default: the user picks one. */
  if (with_industry)
    gtk_drop_down_set_selected (self->industry_dropdown, rz_profile_get_industry (profile) + 1);
  gtk_check_button_set_active (rz_profile_get_market (profile) == RZ_MARKET_B2B ? self->market_b2b :
                               rz_profile_get_market (profile) == RZ_MARKET_BOTH ? self->market_both :
                               self->market_b2c, TRUE);
  gtk_check_button_set_active (rz_profile_get_region (profile) == RZ_REGION_NATIONAL ? self->region_national :
                               rz_profile_get_region (profile) == RZ_REGION_INTERNATIONAL ? self->region_international :
                               self->region_local, TRUE);
  gtk_check_button_set_active (self->language_de, g_strv_contains (languages, "de"));
  gtk_check_button_set_active (self->language_en, g_strv_contains (languages, "en"));

  for (guint i = 0; i < rz_profile_get_n_audiences (profile); i++)
    {
      const RzAudience *audience = rz_profile_get_audience (profile, i);

      add_audience (self, audience->label, audience->age_min, audience->age_max);
    }

  goals = rz_profile_get_goals (profile, &n_goals);
  set_goals (self, goals, n_goals);
  gtk_spin_button_set_value (self->hours_spin, rz_profile_get_hours_per_week (profile));
  self->regulated_by_user = rz_profile_get_regulated (profile);
  set_checked_ids (self->forbidden_checks, rz_profile_get_forbidden_channels (profile));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->format_checks[i]),
                                 (rz_profile_get_formats (profile) & formats[i]) != 0);
}

/* Fills in the answers of the state document; what it lacks keeps the
 * default. */
static void
fill_from_state (RzWizard   *self,
                 JsonObject *state)
{
  g_auto(GStrv) languages = dup_string_array (state, "languages");
  g_auto(GStrv) goal_ids = dup_string_array (state, "goals");
  g_auto(GStrv) forbidden = dup_string_array (state, "forbidden_channels");
  g_auto(GStrv) format_ids = dup_string_array (state, "formats");
  g_auto(GStrv) existing = dup_string_array (state, "existing_channels");
  const char *text;
  RzIndustry industry;
  RzMarket market;
  RzRegion region;
  JsonNode *node;

  if ((text = get_string_member (state, "name")) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), text);
  if ((text = get_string_member (state, "industry")) != NULL && rz_industry_from_id (text, &industry))
    gtk_drop_down_set_selected (self->industry_dropdown, industry + 1);
  if ((text = get_string_member (state, "market")) != NULL && rz_market_from_id (text, &market))
    gtk_check_button_set_active (market == RZ_MARKET_B2B ? self->market_b2b :
                                 market == RZ_MARKET_BOTH ? self->market_both : self->market_b2c, TRUE);
  if ((text = get_string_member (state, "region")) != NULL && rz_region_from_id (text, &region))
    gtk_check_button_set_active (region == RZ_REGION_NATIONAL ? self->region_national :
                                 region == RZ_REGION_INTERNATIONAL ? self->region_international :
                                 self->region_local, TRUE);
  if (languages != NULL)
    {
      gtk_check_button_set_active (self->language_de, g_strv_contains ((const char * const *) languages, "de"));
      gtk_check_button_set_active (self->language_en, g_strv_contains ((const char * const *) languages, "en"));
    }

  node = json_object_get_member (state, "audiences");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audiences_list))) != NULL)
        gtk_list_box_remove (self->audiences_list, child);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *audience;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          audience = json_node_get_object (element);
          add_audience (self, get_string_member (audience, "label"),
                        (int) json_object_get_int_member_with_default (audience, "age_min", 30),
                        (int) json_object_get_int_member_with_default (audience, "age_max", 49));
        }
    }

  if (goal_ids != NULL)
    {
      g_autoptr(GArray) goals = g_array_new (FALSE, FALSE, sizeof (RzGoal));

      for (guint i = 0; goal_ids[i] != NULL; i++)
        {
          RzGoal goal;

          if (rz_goal_from_id (goal_ids[i], &goal))
            g_array_append_val (goals, goal);
        }
      set_goals (self, (const RzGoal *) goals->data, goals->len);
    }

  if (json_object_has_member (state, "hours_per_week"))
    gtk_spin_button_set_value (self->hours_spin,
                               json_object_get_double_member_with_default (state, "hours_per_week", 3.0));
  if ((text = get_string_member (state, "responsible")) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->responsible_entry), text);
  if ((text = get_string_member (state, "stand_in")) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->stand_in_entry), text);
  if (json_object_has_member (state, "regulated"))
    self->regulated_by_user = json_object_get_boolean_member_with_default (state, "regulated", FALSE);
  if (forbidden != NULL)
    set_checked_ids (self->forbidden_checks, (const char * const *) forbidden);
  if (format_ids != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->format_checks[i]),
                                   g_strv_contains ((const char * const *) format_ids,
                                                    rz_format_to_id (formats[i])));
  if (existing != NULL)
    set_checked_ids (self->existing_checks, (const char * const *) existing);

  g_clear_pointer (&self->saved_choice, g_strfreev);
  self->saved_choice = dup_string_array (state, "chosen_channels");
}

typedef struct
{
  RzProfile *profile;
  int        step;
  char      *state;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->profile);
  g_free (data->state);
  g_free (data);
}

static gpointer
load_job (RzDatabase    *db,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  LoadData *data = g_new0 (LoadData, 1);
  gboolean is_demo = FALSE;

  data->profile = rz_database_dup_profile (db, &data->step, &data->state, &local_error);
  if (local_error == NULL && data->profile != NULL)
    json = rz_database_dup_profile_json (db, &is_demo, &local_error);
  if (local_error != NULL)
    {
      load_data_free (data);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The sample bakery is not the user's strategy: start afresh. */
  if (is_demo)
    {
      g_clear_object (&data->profile);
      g_clear_pointer (&data->state, g_free);
      data->step = 0;
    }
  return data;
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RzWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  LoadData *data;
  Step step = STEP_COMPANY;

  data = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (data == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Start afresh; the first save tells again if the database fails. */
      g_warning ("Could not read the saved strategy: %s", error->message);
    }

  self->restoring = TRUE;
  /* The state document has every answer as typed, the profile only the
   * valid ones (with defaults for the rest); it is read when there is no
   * state, as for a profile saved before the wizard had one. */
  if (data != NULL && data->state != NULL)
    state = json_from_string (data->state, NULL);
  if (state != NULL && JSON_NODE_HOLDS_OBJECT (state))
    fill_from_state (self, json_node_get_object (state));
  else if (data != NULL && data->profile != NULL)
    fill_from_profile (self, data->profile, TRUE);

  if (data != NULL)
    {
      self->was_finished = data->step == RZ_DATABASE_WIZARD_FINISHED && data->profile != NULL;
      if (self->was_finished)
        {
          self->original_profile = g_object_ref (data->profile);
          self->original_state = g_strdup (data->state);
          /* A finished strategy is looked at again from the start. */
          g_clear_pointer (&self->saved_choice, g_strfreev);
        }
      else if (data->step > 0 && data->step < N_STEPS)
        {
          step = (Step) data->step;
        }
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->audiences_list)) == NULL)
    add_audience (self, "", 30, 49);
  update_goal_ranks (self);
  gtk_widget_set_visible (self->stand_in_warning,
                          gtk_entry_get_text_length (self->stand_in_entry) == 0);
  self->restoring = FALSE;
  self->loaded = TRUE;

  gtk_stack_set_visible_child_name (self->load_stack, "wizard");
  show_step (self, step);

  g_clear_pointer (&data, load_data_free);
}

static void
load (RzWizard *self)
{
  RzDatabase *db = rz_context_get_database (self->context);

  if (db == NULL)
    {
      g_warning ("The wizard needs an open database");
      return;
    }
  rz_database_run_async (db, load_job, NULL, NULL, (GDestroyNotify) load_data_free,
                         self->cancellable, load_cb, g_object_ref (self));
}

/* Setting up */

static void
populate (RzWizard *self)
{
  g_autoptr(GtkStringList) industries = gtk_string_list_new (NULL);
  g_autoptr(GString) goal_letters = g_string_new (NULL);
  g_autoptr(GString) forbidden_letters = g_string_new (NULL);
  g_autoptr(GString) format_letters = g_string_new (NULL);
  g_autoptr(GString) existing_letters = g_string_new (NULL);
  g_autoptr(RzProfile) defaults = rz_profile_new ();
  char letter;

  /* GTK 4.8's drop-down has no placeholder: the first item is one. */
  /* Translators: shown in the industry drop-down until one is chosen. */
  gtk_string_list_append (industries, _("Choose…"));
  for (guint i = 0; i < RZ_N_INDUSTRIES; i++)
    gtk_string_list_append (industries, rz_industry_get_label (i));
  gtk_drop_down_set_model (self->industry_dropdown, G_LIST_MODEL (industries));
  gtk_drop_down_set_selected (self->industry_dropdown, 0);

  for (guint goal = 0; goal < RZ_N_GOALS; goal++)
    {
      GtkWidget *rank = gtk_label_new (NULL);

      gtk_widget_add_css_class (rank, "dim-label");
      gtk_widget_add_css_class (rank, "caption");
      self->goal_ranks[goal] = rank;
      self->goal_checks[goal] = add_check_row (self, self->goals_list, rz_goal_get_label (goal),
                                               goal_letters, rank, FALSE);
      g_object_set_data (G_OBJECT (self->goal_checks[goal]), "goal", GUINT_TO_POINTER (goal));
      g_signal_connect (self->goal_checks[goal], "toggled", G_CALLBACK (on_goal_toggled), self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    self->format_checks[i] = add_check_row (self, self->formats_list, rz_format_get_label (formats[i]),
                                            format_letters, NULL, TRUE);

  /* The switch above the list has its own letter. */
  if ((letter = mnemonic_of (gtk_label_get_label (self->regulated_label))) != '\0')
    g_string_append_c (forbidden_letters, letter);
  for (guint i = 0; i < rz_catalogue_get_n_channels (self->catalogue); i++)
    {
      RzChannelInfo *info = rz_catalogue_get_channel (self->catalogue, i);

      if (rz_channel_info_get_kind (info) == RZ_CHANNEL_KIND_OFFLINE)
        continue;
      add_channel_check (self, self->forbidden_list, self->forbidden_checks, info, forbidden_letters);
      add_channel_check (self, self->existing_list, self->existing_checks, info, existing_letters);
    }

  /* The profile's defaults until saved answers arrive. */
  self->restoring = TRUE;
  fill_from_profile (self, defaults, FALSE);
  self->restoring = FALSE;
}

static void
rz_wizard_constructed (GObject *object)
{
  RzWizard *self = RZ_WIZARD (object);

  G_OBJECT_CLASS (rz_wizard_parent_class)->constructed (object);

  load (self);
}

static void
rz_wizard_dispose (GObject *object)
{
  RzWizard *self = RZ_WIZARD (object);

  /* Whatever was typed last is saved, even on quit. */
  if (self->autosave_id != 0)
    save_progress (self);
  g_cancellable_cancel (self->cancellable);
  /* AdwBin 1.2 unparents its child in its own dispose, after the template
   * has already done so: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_WIZARD);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_wizard_parent_class)->dispose (object);
}

static void
rz_wizard_finalize (GObject *object)
{
  RzWizard *self = RZ_WIZARD (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->original_profile);
  g_clear_pointer (&self->original_state, g_free);
  g_clear_pointer (&self->recommended_for, g_free);
  g_clear_pointer (&self->saved_choice, g_strfreev);
  g_clear_pointer (&self->goals, g_array_unref);
  g_clear_pointer (&self->forbidden_checks, g_ptr_array_unref);
  g_clear_pointer (&self->existing_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_wizard_parent_class)->finalize (object);
}

static void
rz_wizard_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RzWizard *self = RZ_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_wizard_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RzWizard *self = RZ_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_wizard_class_init (RzWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rz_wizard_constructed;
  object_class->dispose = rz_wizard_dispose;
  object_class->finalize = rz_wizard_finalize;
  object_class->get_property = rz_wizard_get_property;
  object_class->set_property = rz_wizard_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RZ_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RZ_TYPE_WIZARD_RECOMMENDATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, RzWizard, load_stack);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, step_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, pages);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, hint_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, finish_button);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, name_entry);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, industry_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, industry_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, market_b2c);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, market_b2b);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, market_both);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, region_local);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, region_national);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, region_international);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, language_de);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, language_en);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, audiences_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, add_audience_button);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, goals_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, responsible_entry);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, stand_in_entry);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, stand_in_warning);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, regulated_switch);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, regulated_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, regulation_note_box);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, regulation_note_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, forbidden_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, formats_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, existing_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizard, recommendation);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_regulated_changed);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-audience", NULL, add_audience_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.back", NULL);
}

static void
rz_wizard_init (RzWizard *self)
{
  g_autoptr(GError) error = NULL;
  GtkEventController *keys;
  GtkWidget *button;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->goals = g_array_new (FALSE, FALSE, sizeof (RzGoal));
  self->forbidden_checks = g_ptr_array_new ();
  self->existing_checks = g_ptr_array_new ();
  self->reserved_mnemonics[0] = mnemonic_of (_("_Next"));
  self->reserved_mnemonics[1] = mnemonic_of (_("_Back"));
  self->reserved_mnemonics[2] = mnemonic_of (_("_Create Plan"));

  /* Compiled into the binary: failing to read it is a broken build. */
  self->catalogue = rz_catalogue_new_default (&error);
  if (self->catalogue == NULL)
    g_error ("The built-in channel catalogue is broken: %s", error->message);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_spin_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hours_spin), keys);

  /* GTK 4.8 focuses the drop-down's inner button, which has no name. */
  button = gtk_widget_get_first_child (GTK_WIDGET (self->industry_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->industry_label, NULL,
                                    -1);

  populate (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", FALSE);
}

GtkWidget *
rz_wizard_new (RzContext *context)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (context), NULL);

  return g_object_new (RZ_TYPE_WIZARD, "context", context, NULL);
}
