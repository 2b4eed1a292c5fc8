/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rz-reach-chart.h"
#include "rz-recommender.h"
#include "rz-wizard-private.h"
#include "rz-wizard-recommendation.h"

/* Rejected channels shown with their reason, besides the ones in use. */
#define MAX_CONSIDERED 4
/* The chart has colours for this many channels. */
#define MAX_CHARTED 7

struct _RzWizardRecommendation
{
  GtkBox            parent_instance;

  RzCatalogue      *catalogue;
  double            budget;
  /* GtkCheckButtons with their channel id as "channel-id" data. */
  GPtrArray        *checks;
  /* While the page fills its check buttons: no "changed". */
  gboolean          updating;

  /* Template widgets */
  GtkWidget        *budget_icon;
  GtkLabel         *budget_label;
  GtkWidget        *replace_label;
  GtkListBox       *recommended_list;
  GtkWidget        *considered_box;
  GtkListBox       *considered_list;
  GtkWidget        *warnings_box;
  GtkListBox       *warnings_list;
  RzReachChart     *reach_chart;
};

G_DEFINE_FINAL_TYPE (RzWizardRecommendation, rz_wizard_recommendation, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
check_channel_id (GtkWidget *check)
{
  return g_object_get_data (G_OBJECT (check), "channel-id");
}

static char *
format_hours (double hours)
{
  if (fabs (hours - round (hours)) < 0.05)
    return g_strdup_printf ("%.0f", round (hours));
  return g_strdup_printf ("%.1f", hours);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static double
get_chosen_hours (RzWizardRecommendation *self)
{
  double hours = 0;

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      RzChannelInfo *info;

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        continue;
      info = rz_catalogue_lookup (self->catalogue, check_channel_id (check));
      if (info != NULL)
        hours += rz_channel_info_get_hours_per_week (info);
    }
  return hours;
}

/* Says in words, not only in colour, whether the time is enough. */
static void
update_budget (RzWizardRecommendation *self)
{
  double needed = get_chosen_hours (self);
  g_autofree char *needed_text = format_hours (needed);
  g_autofree char *budget_text = format_hours (self->budget);
  g_autofree char *text = NULL;
  gboolean over = needed > self->budget + 0.05;

  if (over)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: both %s are hours, like "9" and "6". */
                                         "These channels need about %s hour a week; you have %s.",
                                         "These channels need about %s hours a week; you have %s.",
                                         (gulong) ceil (needed)),
                            needed_text, budget_text);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: both %s are hours, like "4" and "6". */
                                         "These channels need about %s hour a week; you have %s. That fits.",
                                         "These channels need about %s hours a week; you have %s. That fits.",
                                         (gulong) ceil (needed)),
                            needed_text, budget_text);

  gtk_label_set_text (self->budget_label, text);
  gtk_widget_set_visible (self->budget_icon, over);
  if (over)
    gtk_widget_add_css_class (GTK_WIDGET (self->budget_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->budget_label), "warning");
}

static void
on_check_toggled (RzWizardRecommendation *self)
{
  if (self->updating)
    return;
  update_budget (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
create_text_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

/* A bulleted list whose wrapped lines stay under their text. */
static GtkWidget *
create_bullet_list (const char * const *items)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; items[i] != NULL; i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *bullet = gtk_label_new ("•");

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_accessible_update_state (GTK_ACCESSIBLE (bullet), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (item), bullet);
      gtk_box_append (GTK_BOX (item), create_text_label (items[i]));
      gtk_box_append (GTK_BOX (list), item);
    }
  return list;
}

static void
append_row (GtkListBox *list,
            GtkWidget  *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (child, 10);
  gtk_widget_set_margin_bottom (child, 10);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_append (list, row);
}

/* One channel: a check button with the fit, and the reasons for it or
 * the reason against it, on screen and in the check button's
 * description for screen readers. */
static GtkWidget *
add_channel_row (RzWizardRecommendation *self,
                 GtkListBox             *list,
                 RzChannelRating        *rating,
                 gboolean                existing,
                 const char             *reserved,
                 GString                *used)
{
  RzChannelInfo *info = rz_channel_rating_get_channel (rating);
  const char *name = rz_channel_info_get_name (info);
  const char *why_not = rz_channel_rating_get_why_not (rating);
  g_autofree char *label = rz_wizard_dup_with_mnemonic (name, reserved, used);
  g_autofree char *hours = format_hours (rz_channel_info_get_hours_per_week (info));
  g_autofree char *fit = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *fit_label, *level;

  /* GTK 4.8 would read the underscore out. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (check), "channel-id", g_strdup (rz_channel_info_get_id (info)), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_check_toggled), self);
  g_ptr_array_add (self->checks, check);

  /* Translators: how well a channel fits, then its time, like
   * "Fit 89% · about 3 h a week". */
  fit = g_strdup_printf (_("Fit %d%% · about %s h a week"),
                         (int) round (rz_channel_rating_get_score (rating) * 100.0), hours);
  level = gtk_level_bar_new_for_interval (0.0, 1.0);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (level), rz_channel_rating_get_score (rating));
  gtk_widget_set_size_request (level, 64, -1);
  gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (level), GTK_ACCESSIBLE_PROPERTY_LABEL, fit, -1);

  gtk_widget_set_hexpand (check, TRUE);
  gtk_box_append (GTK_BOX (header), check);
  gtk_box_append (GTK_BOX (header), level);
  gtk_box_append (GTK_BOX (box), header);

  /* Under the name, so narrow windows keep the name whole. */
  fit_label = create_text_label (fit);
  gtk_widget_add_css_class (fit_label, "dim-label");
  gtk_widget_add_css_class (fit_label, "caption");
  gtk_widget_set_margin_start (fit_label, 28);
  gtk_box_append (GTK_BOX (box), fit_label);

  gtk_widget_set_margin_start (details, 28);
  if (existing)
    {
      g_string_append (description, _("You already use it."));
      gtk_box_append (GTK_BOX (details), create_text_label (_("You already use it.")));
    }

  if (why_not == NULL)
    {
      const char * const *reasons = rz_channel_rating_get_reasons (rating);

      for (guint i = 0; reasons[i] != NULL; i++)
        {
          if (description->len > 0)
            g_string_append_c (description, ' ');
          g_string_append (description, reasons[i]);
        }
      if (reasons[0] != NULL)
        gtk_box_append (GTK_BOX (details), create_bullet_list (reasons));
    }
  else
    {
      g_autofree char *text = NULL;
      GtkWidget *why_not_label;

      /* Translators: %s is the strongest reason against a channel. */
      text = g_strdup_printf (_("Why not: %s"), why_not);
      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append (description, text);
      why_not_label = create_text_label (text);
      gtk_widget_add_css_class (why_not_label, "dim-label");
      gtk_box_append (GTK_BOX (details), why_not_label);
    }

  gtk_box_append (GTK_BOX (box), details);
  if (description->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                    -1);

  append_row (list, box);
  return check;
}

static void
add_warning_row (RzWizardRecommendation *self,
                 const char             *warning)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), create_text_label (warning));
  append_row (self->warnings_list, box);
}

void
rz_wizard_recommendation_show (RzWizardRecommendation *self,
                               RzCatalogue            *catalogue,
                               RzProfile              *profile,
                               const char * const     *existing,
                               const char * const     *chosen,
                               const char             *reserved_mnemonics)
{
  g_autoptr(RzRecommendation) recommendation = NULL;
  g_autoptr(GString) used = g_string_new (NULL);
  g_autoptr(GPtrArray) charted = g_ptr_array_new ();
  const char *reserved = reserved_mnemonics != NULL ? reserved_mnemonics : "";
  const char * const *warnings;
  guint n_considered = 0;

  g_return_if_fail (RZ_IS_WIZARD_RECOMMENDATION (self));
  g_return_if_fail (RZ_IS_CATALOGUE (catalogue));
  g_return_if_fail (RZ_IS_PROFILE (profile));

  g_set_object (&self->catalogue, catalogue);
  self->budget = rz_profile_get_hours_per_week (profile);
  recommendation = rz_recommend (catalogue, profile);

  self->updating = TRUE;
  g_ptr_array_set_size (self->checks, 0);
  clear_list (self->recommended_list);
  clear_list (self->considered_list);
  clear_list (self->warnings_list);

  for (guint i = 0; i < rz_recommendation_get_n_recommended (recommendation); i++)
    {
      RzChannelRating *rating = rz_recommendation_get_recommended (recommendation, i);
      RzChannelInfo *info = rz_channel_rating_get_channel (rating);
      gboolean in_use = existing != NULL && g_strv_contains (existing, rz_channel_info_get_id (info));

      add_channel_row (self, self->recommended_list, rating, in_use, reserved, used);
      g_ptr_array_add (charted, info);
    }

  /* The strongest rejected channels and the ones already in use, each
   * with the reason against it; forbidden ones are not worth a word. */
  for (guint i = 0; i < rz_recommendation_get_n_ratings (recommendation); i++)
    {
      RzChannelRating *rating = rz_recommendation_get_rating (recommendation, i);
      RzChannelInfo *info = rz_channel_rating_get_channel (rating);
      const char *id = rz_channel_info_get_id (info);
      gboolean in_use = existing != NULL && g_strv_contains (existing, id);

      if (rz_channel_rating_get_recommended (rating) ||
          rz_profile_is_forbidden (profile, id) ||
          rz_channel_info_get_kind (info) == RZ_CHANNEL_KIND_OFFLINE)
        continue;
      if (!in_use && (n_considered >= MAX_CONSIDERED || rz_channel_rating_get_score (rating) <= 0.0))
        continue;

      add_channel_row (self, self->considered_list, rating, in_use, reserved, used);
      if (!in_use)
        n_considered++;
      if (charted->len < MAX_CHARTED)
        g_ptr_array_add (charted, info);
    }
  gtk_widget_set_visible (self->considered_box,
                          gtk_widget_get_first_child (GTK_WIDGET (self->considered_list)) != NULL);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      const char *id = check_channel_id (check);
      gboolean active = chosen != NULL ? g_strv_contains (chosen, id)
                                       : rz_recommendation_is_recommended (recommendation, id);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
    }

  warnings = rz_recommendation_get_warnings (recommendation);
  for (guint i = 0; warnings[i] != NULL; i++)
    add_warning_row (self, warnings[i]);
  gtk_widget_set_visible (self->warnings_box, warnings[0] != NULL);

  rz_reach_chart_set_channels (self->reach_chart, charted);
  rz_reach_chart_set_profile (self->reach_chart, profile);
  self->updating = FALSE;

  update_budget (self);
}

GStrv
rz_wizard_recommendation_dup_chosen (RzWizardRecommendation *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RZ_IS_WIZARD_RECOMMENDATION (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (builder, check_channel_id (check));
    }
  return g_strv_builder_end (builder);
}

void
rz_wizard_recommendation_set_replaces_plan (RzWizardRecommendation *self,
                                            gboolean                replaces_plan)
{
  g_return_if_fail (RZ_IS_WIZARD_RECOMMENDATION (self));

  gtk_widget_set_visible (self->replace_label, replaces_plan);
}

gboolean
rz_wizard_recommendation_focus (RzWizardRecommendation *self)
{
  g_return_val_if_fail (RZ_IS_WIZARD_RECOMMENDATION (self), FALSE);

  if (self->checks->len == 0)
    return FALSE;
  return gtk_widget_grab_focus (g_ptr_array_index (self->checks, 0));
}

static void
rz_wizard_recommendation_dispose (GObject *object)
{
  RzWizardRecommendation *self = RZ_WIZARD_RECOMMENDATION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_WIZARD_RECOMMENDATION);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (rz_wizard_recommendation_parent_class)->dispose (object);
}

static void
rz_wizard_recommendation_finalize (GObject *object)
{
  RzWizardRecommendation *self = RZ_WIZARD_RECOMMENDATION (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_wizard_recommendation_parent_class)->finalize (object);
}

static void
rz_wizard_recommendation_class_init (RzWizardRecommendationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_wizard_recommendation_dispose;
  object_class->finalize = rz_wizard_recommendation_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RZ_TYPE_REACH_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-wizard-recommendation.ui");
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, budget_icon);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, budget_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, replace_label);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, recommended_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, considered_box);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, considered_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, RzWizardRecommendation, reach_chart);
}

static void
rz_wizard_recommendation_init (RzWizardRecommendation *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_ptr_array_new ();
}
