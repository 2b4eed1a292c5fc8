/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-wizard-audience-row.h"

struct _RzWizardAudienceRow
{
  GtkListBoxRow  parent_instance;

  GtkEntry      *name_entry;
  GtkSpinButton *min_spin;
  GtkSpinButton *max_spin;
  GtkWidget     *remove_button;
};

G_DEFINE_FINAL_TYPE (RzWizardAudienceRow, rz_wizard_audience_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_remove_label (RzWizardAudienceRow *self)
{
  g_autofree char *label = rz_wizard_audience_row_dup_label (self);
  g_autofree char *name = NULL;

  if (*label == '\0')
    name = g_strdup (_("Remove This Group"));
  else
    /* Translators: the accessible name of the remove button, %s is the
     * name the user gave the group of customers. */
    name = g_strdup_printf (_("Remove “%s”"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
on_changed (RzWizardAudienceRow *self)
{
  update_remove_label (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Enter goes on to the next step, as everywhere in the wizard. */
static void
on_activate (RzWizardAudienceRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static gboolean
on_spin_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     RzWizardAudienceRow   *self)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  on_activate (self);
  return GDK_EVENT_STOP;
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
rz_wizard_audience_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RZ_TYPE_WIZARD_AUDIENCE_ROW);

  G_OBJECT_CLASS (rz_wizard_audience_row_parent_class)->dispose (object);
}

static void
rz_wizard_audience_row_class_init (RzWizardAudienceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_wizard_audience_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-wizard-audience-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RzWizardAudienceRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, RzWizardAudienceRow, min_spin);
  gtk_widget_class_bind_template_child (widget_class, RzWizardAudienceRow, max_spin);
  gtk_widget_class_bind_template_child (widget_class, RzWizardAudienceRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_install_action (widget_class, "audience.remove", NULL, remove_action);
}

static void
rz_wizard_audience_row_init (RzWizardAudienceRow *self)
{
  GtkWidget *spins[] = { NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  spins[0] = GTK_WIDGET (self->min_spin);
  spins[1] = GTK_WIDGET (self->max_spin);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      /* The spin button's text eats Enter in the bubble phase. */
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_spin_key_pressed), self);
      gtk_widget_add_controller (spins[i], keys);
    }
}

GtkWidget *
rz_wizard_audience_row_new (const char *label,
                            int         age_min,
                            int         age_max)
{
  RzWizardAudienceRow *self = g_object_new (RZ_TYPE_WIZARD_AUDIENCE_ROW, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), label != NULL ? label : "");
  gtk_spin_button_set_value (self->min_spin, age_min);
  gtk_spin_button_set_value (self->max_spin, age_max);
  update_remove_label (self);
  return GTK_WIDGET (self);
}

char *
rz_wizard_audience_row_dup_label (RzWizardAudienceRow *self)
{
  g_return_val_if_fail (RZ_IS_WIZARD_AUDIENCE_ROW (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
}

int
rz_wizard_audience_row_get_age_min (RzWizardAudienceRow *self)
{
  g_return_val_if_fail (RZ_IS_WIZARD_AUDIENCE_ROW (self), 0);

  return gtk_spin_button_get_value_as_int (self->min_spin);
}

int
rz_wizard_audience_row_get_age_max (RzWizardAudienceRow *self)
{
  g_return_val_if_fail (RZ_IS_WIZARD_AUDIENCE_ROW (self), 0);

  return gtk_spin_button_get_value_as_int (self->max_spin);
}

void
rz_wizard_audience_row_focus (RzWizardAudienceRow *self)
{
  g_return_if_fail (RZ_IS_WIZARD_AUDIENCE_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}
