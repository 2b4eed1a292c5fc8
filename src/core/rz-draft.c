/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-draft.h"

/* A title longer than this is cut with "…". */
#define TITLE_MAX_CHARS 80

typedef struct
{
  RzChannelRules  rules;
  char           *channel;
} RulesEntry;

struct _RzDraft
{
  GObject        parent_instance;

  gint64         id;
  char          *core_text;
  char          *message_type;
  gint64         created_at;
  gint64         updated_at;
  gboolean       is_demo;
  RzDraftStatus  status;
  gint64         next_scheduled_at;

  GPtrArray     *variants;    /* RzDraftVariant */
  GPtrArray     *images;      /* RzDraftImage */
  GHashTable    *rules;       /* channel → RulesEntry */
};

G_DEFINE_FINAL_TYPE (RzDraft, rz_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CORE_TEXT,
  PROP_MESSAGE_TYPE,
  PROP_UPDATED_AT,
  PROP_STATUS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
variant_free (RzDraftVariant *variant)
{
  g_free (variant->channel);
  g_free (variant->text);
  g_free (variant);
}

static RzDraftVariant *
variant_copy (const RzDraftVariant *variant)
{
  RzDraftVariant *copy = g_memdup2 (variant, sizeof *variant);

  copy->channel = g_strdup (variant->channel);
  copy->text = g_strdup (variant->text);
  return copy;
}

void
rz_draft_image_free (RzDraftImage *image)
{
  if (image == NULL)
    return;

  g_free (image->uuid);
  g_clear_pointer (&image->data, g_bytes_unref);
  g_free (image->content_type);
  g_free (image->filename);
  g_free (image->alt_text);
  g_free (image);
}

RzDraftImage *
rz_draft_image_copy (const RzDraftImage *image)
{
  RzDraftImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = g_memdup2 (image, sizeof *image);
  copy->uuid = g_strdup (image->uuid);
  copy->data = image->data != NULL ? g_bytes_ref (image->data) : NULL;
  copy->content_type = g_strdup (image->content_type);
  copy->filename = g_strdup (image->filename);
  copy->alt_text = g_strdup (image->alt_text);
  return copy;
}

static void
rules_entry_free (RulesEntry *entry)
{
  g_free (entry->channel);
  g_free (entry);
}

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static gboolean
rules_equal (const RzChannelRules *a,
             const RzChannelRules *b)
{
  return a->max_length == b->max_length && a->counting == b->counting &&
         a->url_length == b->url_length && a->min_images == b->min_images &&
         a->max_images == b->max_images && a->needs_video == b->needs_video &&
         a->link_facets == b->link_facets && a->links_clickable == b->links_clickable &&
         g_strcmp0 (a->site_url, b->site_url) == 0;
}

static void
emit_changed (RzDraft *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
rz_draft_finalize (GObject *object)
{
  RzDraft *self = RZ_DRAFT (object);

  g_clear_pointer (&self->core_text, g_free);
  g_clear_pointer (&self->message_type, g_free);
  g_clear_pointer (&self->variants, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);

  G_OBJECT_CLASS (rz_draft_parent_class)->finalize (object);
}

static void
rz_draft_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RzDraft *self = RZ_DRAFT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CORE_TEXT:
      g_value_set_string (value, self->core_text);
      break;
    case PROP_MESSAGE_TYPE:
      g_value_set_string (value, self->message_type);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_draft_class_init (RzDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_draft_finalize;
  object_class->get_property = rz_draft_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CORE_TEXT] =
    g_param_spec_string ("core-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE_TYPE] =
    g_param_spec_string ("message-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, RZ_DRAFT_STATUS_DRAFT, RZ_DRAFT_STATUS_FAILED,
                      RZ_DRAFT_STATUS_DRAFT,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything the user changed: text, variants, images, message type. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rz_draft_init (RzDraft *self)
{
  self->core_text = g_strdup ("");
  self->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) variant_free);
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_draft_image_free);
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) rules_entry_free);
}

RzDraft *
rz_draft_new (void)
{
  return g_object_new (RZ_TYPE_DRAFT, NULL);
}

static RulesEntry *
ensure_rules (RzDraft    *self,
              const char *channel)
{
  RulesEntry *entry = g_hash_table_lookup (self->rules, channel);

  if (entry == NULL)
    {
      entry = g_new0 (RulesEntry, 1);
      entry->channel = g_strdup (channel);
      rz_channel_rules_init (&entry->rules, entry->channel);
      entry->rules.channel_id = entry->channel;
      g_hash_table_insert (self->rules, entry->channel, entry);
    }
  return entry;
}

RzDraft *
rz_draft_copy (RzDraft *self)
{
  RzDraft *copy;
  GHashTableIter iter;
  RulesEntry *entry;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);

  copy = rz_draft_new ();
  copy->id = self->id;
  g_free (copy->core_text);
  copy->core_text = g_strdup (self->core_text);
  copy->message_type = g_strdup (self->message_type);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->is_demo = self->is_demo;
  copy->status = self->status;
  copy->next_scheduled_at = self->next_scheduled_at;

  for (guint i = 0; i < self->variants->len; i++)
    g_ptr_array_add (copy->variants, variant_copy (self->variants->pdata[i]));
  for (guint i = 0; i < self->images->len; i++)
    g_ptr_array_add (copy->images, rz_draft_image_copy (self->images->pdata[i]));

  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      RulesEntry *copied = ensure_rules (copy, entry->channel);

      copied->rules = entry->rules;
      copied->rules.channel_id = copied->channel;
    }

  return copy;
}

gint64
rz_draft_get_id (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->id;
}

void
rz_draft_set_id (RzDraft *self,
                 gint64   id)
{
  g_return_if_fail (RZ_IS_DRAFT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
rz_draft_get_core_text (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  return self->core_text;
}

static void
derive_variant (RzDraft        *self,
                RzDraftVariant *variant)
{
  RulesEntry *entry = ensure_rules (self, variant->channel);

  g_free (variant->text);
  variant->text = rz_channel_rules_shorten (&entry->rules, self->core_text);
}

void
rz_draft_set_core_text (RzDraft    *self,
                        const char *text)
{
  g_return_if_fail (RZ_IS_DRAFT (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->core_text, text) == 0)
    return;

  g_free (self->core_text);
  self->core_text = g_strdup (text);

  for (guint i = 0; i < self->variants->len; i++)
    {
      RzDraftVariant *variant = self->variants->pdata[i];

      if (!variant->customized)
        derive_variant (self, variant);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORE_TEXT]);
  emit_changed (self);
}

const char *
rz_draft_get_message_type (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  return self->message_type;
}

void
rz_draft_set_message_type (RzDraft    *self,
                           const char *message_type)
{
  g_return_if_fail (RZ_IS_DRAFT (self));

  if (set_str (&self->message_type, message_type))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_TYPE]);
      emit_changed (self);
    }
}

gint64
rz_draft_get_created_at (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->created_at;
}

void
rz_draft_set_created_at (RzDraft *self,
                         gint64   unix_time)
{
  g_return_if_fail (RZ_IS_DRAFT (self));
  self->created_at = unix_time;
}

gint64
rz_draft_get_updated_at (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->updated_at;
}

void
rz_draft_set_updated_at (RzDraft *self,
                         gint64   unix_time)
{
  g_return_if_fail (RZ_IS_DRAFT (self));

  if (self->updated_at == unix_time)
    return;
  self->updated_at = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

gboolean
rz_draft_get_is_demo (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), FALSE);
  return self->is_demo;
}

void
rz_draft_set_is_demo (RzDraft  *self,
                      gboolean  is_demo)
{
  g_return_if_fail (RZ_IS_DRAFT (self));
  self->is_demo = !!is_demo;
}

RzDraftStatus
rz_draft_get_status (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), RZ_DRAFT_STATUS_DRAFT);
  return self->status;
}

gint64
rz_draft_get_next_scheduled_at (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->next_scheduled_at;
}

void
rz_draft_set_status (RzDraft       *self,
                     RzDraftStatus  status,
                     gint64         next_scheduled_at)
{
  g_return_if_fail (RZ_IS_DRAFT (self));

  self->next_scheduled_at = next_scheduled_at;
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

char *
rz_draft_dup_title (RzDraft *self)
{
  g_autofree char *line = NULL;
  const char *start;
  const char *end;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);

  start = self->core_text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = strchr (start, '\n');
  if (end == NULL)
    end = start + strlen (start);

  line = g_strndup (start, end - start);
  g_strchomp (line);
  if (g_utf8_strlen (line, -1) > TITLE_MAX_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (line, TITLE_MAX_CHARS - 1);

      return g_strdup_printf ("%.*s…", (int) (cut - line), line);
    }
  return g_steal_pointer (&line);
}

guint
rz_draft_get_n_variants (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->variants->len;
}

RzDraftVariant *
rz_draft_get_variant (RzDraft *self,
                      guint    position)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (position < self->variants->len, NULL);
  return self->variants->pdata[position];
}

RzDraftVariant *
rz_draft_lookup_variant (RzDraft    *self,
                         const char *channel)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);

  for (guint i = 0; i < self->variants->len; i++)
    {
      RzDraftVariant *variant = self->variants->pdata[i];

      if (g_strcmp0 (variant->channel, channel) == 0)
        return variant;
    }
  return NULL;
}

RzDraftVariant *
rz_draft_add_channel (RzDraft    *self,
                      const char *channel)
{
  RzDraftVariant *variant;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (channel != NULL && *channel != '\0', NULL);

  variant = rz_draft_lookup_variant (self, channel);
  if (variant != NULL)
    return variant;

  variant = g_new0 (RzDraftVariant, 1);
  variant->channel = g_strdup (channel);
  derive_variant (self, variant);
  g_ptr_array_add (self->variants, variant);

  emit_changed (self);
  return variant;
}

gboolean
rz_draft_remove_channel (RzDraft    *self,
                         const char *channel)
{
  RzDraftVariant *variant;

  g_return_val_if_fail (RZ_IS_DRAFT (self), FALSE);

  variant = rz_draft_lookup_variant (self, channel);
  if (variant == NULL)
    return FALSE;

  g_ptr_array_remove (self->variants, variant);
  emit_changed (self);
  return TRUE;
}

void
rz_draft_set_variant_text (RzDraft    *self,
                           const char *channel,
                           const char *text)
{
  RzDraftVariant *variant;

  g_return_if_fail (RZ_IS_DRAFT (self));

  variant = rz_draft_lookup_variant (self, channel);
  g_return_if_fail (variant != NULL);

  if (text == NULL)
    text = "";
  if (variant->customized && g_strcmp0 (variant->text, text) == 0)
    return;
  /* Typing what the core text would give anyway changes nothing. */
  if (!variant->customized && g_strcmp0 (variant->text, text) == 0)
    return;

  g_free (variant->text);
  variant->text = g_strdup (text);
  variant->customized = TRUE;
  emit_changed (self);
}

void
rz_draft_reset_variant (RzDraft    *self,
                        const char *channel)
{
  RzDraftVariant *variant;
  g_autofree char *before = NULL;

  g_return_if_fail (RZ_IS_DRAFT (self));

  variant = rz_draft_lookup_variant (self, channel);
  g_return_if_fail (variant != NULL);

  before = g_strdup (variant->text);
  derive_variant (self, variant);
  if (!variant->customized && g_strcmp0 (before, variant->text) == 0)
    return;
  variant->customized = FALSE;
  emit_changed (self);
}

RzDraftVariant *
rz_draft_add_stored_variant (RzDraft    *self,
                             gint64      id,
                             const char *channel,
                             const char *text,
                             gboolean    customized)
{
  RzDraftVariant *variant;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  variant = rz_draft_lookup_variant (self, channel);
  if (variant == NULL)
    {
      variant = g_new0 (RzDraftVariant, 1);
      variant->channel = g_strdup (channel);
      g_ptr_array_add (self->variants, variant);
    }
  variant->id = id;
  g_free (variant->text);
  variant->text = g_strdup (text != NULL ? text : "");
  variant->customized = !!customized;
  return variant;
}

const RzChannelRules *
rz_draft_get_channel_rules (RzDraft    *self,
                            const char *channel)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  return &ensure_rules (self, channel)->rules;
}

void
rz_draft_set_channel_rules (RzDraft              *self,
                            const RzChannelRules *rules)
{
  RulesEntry *entry;
  RzDraftVariant *variant;

  g_return_if_fail (RZ_IS_DRAFT (self));
  g_return_if_fail (rules != NULL && rules->channel_id != NULL);

  entry = ensure_rules (self, rules->channel_id);
  if (rules_equal (&entry->rules, rules))
    return;
  entry->rules = *rules;
  entry->rules.channel_id = entry->channel;

  /* A real limit differs from the default: re-derive text that follows
   * the core, so that what is saved and posted is what the editor shows. */
  variant = rz_draft_lookup_variant (self, entry->channel);
  if (variant != NULL && !variant->customized)
    {
      g_autofree char *before = g_strdup (variant->text);

      derive_variant (self, variant);
      if (g_strcmp0 (before, variant->text) != 0)
        emit_changed (self);
    }
}

guint
rz_draft_get_n_images (RzDraft *self)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);
  return self->images->len;
}

RzDraftImage *
rz_draft_get_image (RzDraft *self,
                    guint    position)
{
  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (position < self->images->len, NULL);
  return self->images->pdata[position];
}

RzDraftImage *
rz_draft_add_image (RzDraft    *self,
                    GBytes     *data,
                    const char *content_type,
                    const char *filename)
{
  RzDraftImage *image;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  image = g_new0 (RzDraftImage, 1);
  image->uuid = g_uuid_string_random ();
  image->data = g_bytes_ref (data);
  image->content_type = g_strdup (content_type != NULL ? content_type : "application/octet-stream");
  image->filename = g_strdup (filename);
  g_ptr_array_add (self->images, image);

  emit_changed (self);
  return image;
}

RzDraftImage *
rz_draft_add_stored_image (RzDraft            *self,
                           const RzDraftImage *image)
{
  RzDraftImage *copy;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (image != NULL && image->uuid != NULL, NULL);

  copy = rz_draft_image_copy (image);
  g_ptr_array_add (self->images, copy);
  return copy;
}

void
rz_draft_set_image_alt_text (RzDraft    *self,
                             guint       position,
                             const char *alt_text)
{
  RzDraftImage *image;

  g_return_if_fail (RZ_IS_DRAFT (self));
  g_return_if_fail (position < self->images->len);

  image = self->images->pdata[position];
  if (set_str (&image->alt_text, alt_text))
    emit_changed (self);
}

void
rz_draft_remove_image (RzDraft *self,
                       guint    position)
{
  g_return_if_fail (RZ_IS_DRAFT (self));
  g_return_if_fail (position < self->images->len);

  g_ptr_array_remove_index (self->images, position);
  emit_changed (self);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

guint
rz_draft_count_images_without_alt_text (RzDraft *self)
{
  guint n = 0;

  g_return_val_if_fail (RZ_IS_DRAFT (self), 0);

  for (guint i = 0; i < self->images->len; i++)
    if (is_blank (((RzDraftImage *) self->images->pdata[i])->alt_text))
      n++;
  return n;
}

GPtrArray *
rz_draft_check_channel (RzDraft    *self,
                        const char *channel,
                        const char *network_name)
{
  RzDraftVariant *variant;

  g_return_val_if_fail (RZ_IS_DRAFT (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  variant = rz_draft_lookup_variant (self, channel);
  return rz_channel_rules_check (rz_draft_get_channel_rules (self, channel), network_name,
                                 variant != NULL ? variant->text : self->core_text,
                                 self->images->len,
                                 rz_draft_count_images_without_alt_text (self));
}

char **
rz_draft_suggest_channels (RzPlan     *plan,
                           const char *message_type)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  RzMessageType type;

  if (plan != NULL && message_type != NULL && rz_message_type_from_id (message_type, &type))
    {
      for (guint i = 0; i < rz_plan_get_n_entries (plan); i++)
        {
          RzPlanEntry *entry = rz_plan_get_entry (plan, i);

          if (rz_plan_entry_get_kind (entry) == RZ_CHANNEL_KIND_OFFLINE)
            continue;
          if (rz_plan_entry_has_message (entry, type, NULL))
            g_strv_builder_add (builder, rz_plan_entry_get_channel_id (entry));
        }
    }

  return g_strv_builder_end (builder);
}
