/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-account.h"
#include "rz-draft-channel.h"
#include "rz-gui-util.h"

/* From this share of the limit on, the counter warns. */
#define WARN_RATIO 0.9

struct _RzDraftChannel
{
  AdwExpanderRow  parent_instance;

  RzDraft        *draft;
  char           *channel;
  char           *name;
  char           *blocking_problem;
  gboolean        connectable;
  GPtrArray      *account_checks;   /* GtkCheckButton, with "account-id" */
  gboolean        syncing;

  GtkTextView    *text_view;
  GtkImage       *counter_icon;
  GtkLabel       *counter_label;
  GtkBox         *problems_box;
  GtkLabel       *preview_name;
  GtkLabel       *preview_label;
  GtkLabel       *preview_note;
  GtkBox         *accounts_box;
  GtkBox         *accounts_list;
  GtkBox         *manual_box;
  GtkLabel       *manual_label;
  GtkWidget      *copy_button;
  GtkWidget      *remove_button;
};

G_DEFINE_FINAL_TYPE (RzDraftChannel, rz_draft_channel, ADW_TYPE_EXPANDER_ROW)

enum {
  REMOVE,
  MARK_POSTED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RzDraftVariant *
get_variant (RzDraftChannel *self)
{
  return rz_draft_lookup_variant (self->draft, self->channel);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static char *
describe_length (const RzChannelRules *rules,
                 const char           *text)
{
  gsize length = rz_channel_rules_count (rules, text);
  int remaining = rz_channel_rules_remaining (rules, text);

  if (rules->max_length == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu character", "%zu characters", length), length);
  if (remaining < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Over the limit by %d character",
                                         "Over the limit by %d characters", -remaining),
                            -remaining);
  /* Translators: "120 of 500 characters" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%zu of %u character",
                                       "%zu of %u characters", rules->max_length),
                          length, rules->max_length);
}

static void
add_problem_row (RzDraftChannel   *self,
                 RzChannelProblem *problem)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (problem->blocking ? "dialog-warning-symbolic"
                                                                    : "dialog-information-symbolic");
  GtkWidget *label = gtk_label_new (problem->message);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  problem->blocking ? _("Problem") : _("Note"), -1);
  if (problem->blocking)
    gtk_widget_add_css_class (box, "error");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->problems_box, box);
}

static void
update_checks (RzDraftChannel *self)
{
  RzDraftVariant *variant = get_variant (self);
  const RzChannelRules *rules = rz_draft_get_channel_rules (self->draft, self->channel);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *length = NULL;
  int remaining;
  gboolean over;
  gboolean near;

  if (variant == NULL)
    return;

  length = describe_length (rules, variant->text);
  remaining = rz_channel_rules_remaining (rules, variant->text);
  over = remaining < 0;
  near = !over && rules->max_length > 0 &&
         rz_channel_rules_count (rules, variant->text) >= WARN_RATIO * rules->max_length;

  /* The words say it; the colour and the icon only repeat it. */
  gtk_label_set_text (self->counter_label, length);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_icon), over || near);
  if (over)
    gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "error");
  if (near)
    gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->counter_icon), over ? "warning" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_icon), over ? "error" : "warning");

  clear_box (self->problems_box);
  g_clear_pointer (&self->blocking_problem, g_free);
  problems = rz_draft_check_channel (self->draft, self->channel, self->name);
  for (guint i = 0; i < problems->len; i++)
    {
      RzChannelProblem *problem = problems->pdata[i];

      /* The editor says it once for the whole draft, at the images. */
      if (problem->kind == RZ_CHANNEL_PROBLEM_MISSING_ALT_TEXT)
        continue;
      /* The counter already says it. */
      if (problem->kind == RZ_CHANNEL_PROBLEM_TOO_LONG)
        {
          if (self->blocking_problem == NULL)
            self->blocking_problem = g_strdup (problem->message);
          continue;
        }
      if (problem->blocking && self->blocking_problem == NULL)
        self->blocking_problem = g_strdup (problem->message);
      add_problem_row (self, problem);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->problems_box)) != NULL);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 self->blocking_problem != NULL ? self->blocking_problem : length);

  gtk_label_set_text (self->preview_label, variant->text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "channel.reset", variant->customized);
}

static void
text_changed_cb (RzDraftChannel *self,
                 GtkTextBuffer  *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->syncing)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  rz_draft_set_variant_text (self->draft, self->channel, text);
  update_checks (self);
}

void
rz_draft_channel_sync (RzDraftChannel *self)
{
  RzDraftVariant *variant;
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  g_return_if_fail (RZ_IS_DRAFT_CHANNEL (self));

  variant = get_variant (self);
  if (variant == NULL)
    return;

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (shown, variant->text) != 0)
    {
      self->syncing = TRUE;
      /* Following the core text is not the user's edit here: keep it out
       * of this field's undo history. */
      gtk_text_buffer_begin_irreversible_action (buffer);
      gtk_text_buffer_set_text (buffer, variant->text, -1);
      gtk_text_buffer_end_irreversible_action (buffer);
      self->syncing = FALSE;
    }
  update_checks (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RzDraftChannel *self = RZ_DRAFT_CHANNEL (widget);

  rz_draft_reset_variant (self->draft, self->channel);
  rz_draft_channel_sync (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
copy_and_open_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RzDraftChannel *self = RZ_DRAFT_CHANNEL (widget);
  RzDraftVariant *variant = get_variant (self);
  const RzChannelRules *rules = rz_draft_get_channel_rules (self->draft, self->channel);

  if (variant == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), variant->text);
  if (rules->site_url == NULL)
    return;

  rz_gui_open_link (widget, rules->site_url);
}

static void
mark_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         RzDraftChannel   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *url = NULL;

  if (g_strcmp0 (response, "mark") != 0)
    return;

  url = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_signal_emit (self, signals[MARK_POSTED], 0, url[0] != '\0' ? url : NULL);
}

static void
mark_posted_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RzDraftChannel *self = RZ_DRAFT_CHANNEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  /* Translators: %s is a network, e.g. "Instagram" */
  body = g_strdup_printf (_("Resonanz keeps it in the history. If you like, paste the address of the post on %s."),
                          self->name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark as Posted?"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Address of the post (optional)"));
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Address of the post"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mark", _("_Mark as Posted"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mark");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (mark_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
account_toggled_cb (RzDraftChannel *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
update_manual (RzDraftChannel *self)
{
  const RzChannelRules *rules = rz_draft_get_channel_rules (self->draft, self->channel);
  gboolean has_accounts = self->account_checks->len > 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_box), has_accounts);
  gtk_widget_set_visible (GTK_WIDGET (self->manual_box), !has_accounts);
  if (has_accounts)
    return;

  if (self->connectable)
    /* Translators: %s is a network, e.g. "Bluesky" */
    text = g_strdup_printf (_("No %s account is connected. Connect one in Preferences to post from here, or copy the text, post it yourself, then mark it as posted."),
                            self->name);
  else if (rules->site_url != NULL)
    /* Translators: %s is a network, e.g. "Instagram" */
    text = g_strdup_printf (_("Resonanz cannot post to %s for you. Copy the text, post it there, then mark it as posted."),
                            self->name);
  else
    text = g_strdup_printf (_("Resonanz cannot post to %s for you. Copy the text, publish it, then mark it as posted."),
                            self->name);
  gtk_label_set_text (self->manual_label, text);
  gtk_button_set_label (GTK_BUTTON (self->copy_button),
                        rules->site_url != NULL ? _("_Copy and Open") : _("_Copy Text"));
}

void
rz_draft_channel_set_accounts (RzDraftChannel *self,
                               GPtrArray      *accounts)
{
  g_autoptr(GHashTable) was_selected = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean had_accounts;

  g_return_if_fail (RZ_IS_DRAFT_CHANNEL (self));

  had_accounts = self->account_checks->len > 0;
  rz_draft_channel_add_selected_accounts (self, selected);
  for (guint i = 0; i < selected->len; i++)
    g_hash_table_add (was_selected, &g_array_index (selected, gint64, i));

  clear_box (self->accounts_list);
  g_ptr_array_set_size (self->account_checks, 0);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      RzAccount *account = accounts->pdata[i];
      gint64 id = rz_account_get_id (account);
      GtkWidget *check = gtk_check_button_new_with_label (rz_account_get_title (account));

      /* New accounts start selected; a choice the user made stays. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   !had_accounts || g_hash_table_contains (was_selected, &id));
      g_object_set_data_full (G_OBJECT (check), "account-id", g_memdup2 (&id, sizeof id), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (account_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->accounts_list, check);
      g_ptr_array_add (self->account_checks, check);
    }

  update_manual (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
rz_draft_channel_add_selected_accounts (RzDraftChannel *self,
                                        GArray         *account_ids)
{
  g_return_if_fail (RZ_IS_DRAFT_CHANNEL (self));

  for (guint i = 0; i < self->account_checks->len; i++)
    {
      GtkCheckButton *check = self->account_checks->pdata[i];

      if (gtk_check_button_get_active (check))
        g_array_append_val (account_ids, *(gint64 *) g_object_get_data (G_OBJECT (check), "account-id"));
    }
}

const char *
rz_draft_channel_get_blocking_problem (RzDraftChannel *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT_CHANNEL (self), NULL);
  return self->blocking_problem;
}

const char *
rz_draft_channel_get_channel (RzDraftChannel *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT_CHANNEL (self), NULL);
  return self->channel;
}

const char *
rz_draft_channel_get_name (RzDraftChannel *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT_CHANNEL (self), NULL);
  return self->name;
}

static void
rz_draft_channel_dispose (GObject *object)
{
  RzDraftChannel *self = RZ_DRAFT_CHANNEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_DRAFT_CHANNEL);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (rz_draft_channel_parent_class)->dispose (object);
}

static void
rz_draft_channel_finalize (GObject *object)
{
  RzDraftChannel *self = RZ_DRAFT_CHANNEL (object);

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->blocking_problem, g_free);
  g_clear_pointer (&self->account_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_draft_channel_parent_class)->finalize (object);
}

static void
rz_draft_channel_class_init (RzDraftChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_draft_channel_dispose;
  object_class->finalize = rz_draft_channel_finalize;

  /* The user asked to drop this channel from the draft. */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Posted by hand; the address of the post, or NULL. */
  signals[MARK_POSTED] =
    g_signal_new ("mark-posted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-draft-channel.ui");
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, text_view);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, counter_icon);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, counter_label);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, problems_box);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, preview_name);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, preview_note);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, accounts_box);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, manual_box);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, manual_label);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, copy_button);
  gtk_widget_class_bind_template_child (widget_class, RzDraftChannel, remove_button);

  gtk_widget_class_install_action (widget_class, "channel.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "channel.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "channel.copy-and-open", NULL, copy_and_open_action);
  gtk_widget_class_install_action (widget_class, "channel.mark-posted", NULL, mark_posted_action);
}

static void
rz_draft_channel_init (RzDraftChannel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->account_checks = g_ptr_array_new ();
}

RzDraftChannel *
rz_draft_channel_new (RzDraft    *draft,
                      const char *channel,
                      const char *name,
                      gboolean    connectable)
{
  RzDraftChannel *self;
  const RzChannelRules *rules;
  g_autofree char *text_label = NULL;
  g_autofree char *remove_label = NULL;
  GtkTextBuffer *buffer;

  g_return_val_if_fail (RZ_IS_DRAFT (draft), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  self = g_object_new (RZ_TYPE_DRAFT_CHANNEL, NULL);
  self->draft = g_object_ref (draft);
  self->channel = g_strdup (channel);
  self->name = g_strdup (name != NULL ? name : channel);
  self->connectable = connectable;
  rules = rz_draft_get_channel_rules (draft, channel);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->name);
  gtk_label_set_text (self->preview_name, self->name);

  /* Translators: %s is a network; the label of its text field */
  text_label = g_strdup_printf (_("Text for %s"), self->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text_label, -1);
  /* Translators: %s is a network */
  remove_label = g_strdup_printf (_("Remove %s"), self->name);
  gtk_widget_set_tooltip_text (self->remove_button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);

  if (rules->link_facets)
    {
      gtk_label_set_text (self->preview_note, _("Links and mentions become clickable on Bluesky; the text stays as it is."));
      gtk_widget_set_visible (GTK_WIDGET (self->preview_note), TRUE);
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_enable_undo (buffer, TRUE);
  rz_draft_channel_sync (self);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
  update_manual (self);

  return self;
}
