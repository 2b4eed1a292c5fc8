/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rz-catalogue-private.h"
#include "rz-core.h"

typedef struct
{
  char  *kind_id;
  char  *note;
  char **industries;
} RzRisk;

struct _RzChannelInfo
{
  gatomicrefcount   ref_count;

  char             *id;
  char             *name;
  RzChannelKind     kind;
  RzReachFigure     reach[RZ_N_AGE_BANDS];
  double            b2b;
  double            b2c;
  double            goals[RZ_N_GOALS];
  double            regions[RZ_N_REGIONS];
  RzFormat          formats;
  double            hours_per_week;
  double            posts_per_week;
  guint             response_minutes;
  RzConnectSupport  connect;
  RzRiskLevel       risk_level;
  GArray           *risks;
  GHashTable       *industry_bonus;
};

struct _RzCatalogue
{
  GObject     parent_instance;

  GPtrArray  *channels;
  GHashTable *by_id;
};

G_DEFINE_QUARK (rz-catalogue-error-quark, rz_catalogue_error)
G_DEFINE_BOXED_TYPE (RzChannelInfo, rz_channel_info, rz_channel_info_ref, rz_channel_info_unref)
G_DEFINE_FINAL_TYPE (RzCatalogue, rz_catalogue, G_TYPE_OBJECT)

static const char * const goal_ids[RZ_N_GOALS] = {
  "awareness", "customer-service", "sales", "recruiting",
  "community", "expertise", "press",
};

static const char * const goal_labels[RZ_N_GOALS] = {
  /* Translators: a goal of the business on social media */
  N_("Awareness"),
  /* Translators: a goal of the business on social media */
  N_("Customer service"),
  /* Translators: a goal of the business on social media */
  N_("Sales"),
  /* Translators: a goal of the business on social media: finding staff */
  N_("Recruiting"),
  /* Translators: a goal of the business on social media: keeping in
   * touch with regular customers and fans */
  N_("Community"),
  /* Translators: a goal of the business on social media: showing what
   * the business knows */
  N_("Expertise"),
  /* Translators: a goal of the business on social media: being noticed
   * by journalists */
  N_("Press"),
};

static const char * const kind_ids[RZ_N_CHANNEL_KINDS] = {
  "social-network", "business-network", "video", "messenger",
  "local-listing", "owned-media", "offline",
};

static const char * const kind_labels[RZ_N_CHANNEL_KINDS] = {
  N_("Social network"),
  N_("Business network"),
  N_("Video platform"),
  N_("Messenger"),
  /* Translators: a channel like Google Business Profile, where people
   * find local businesses and their reviews */
  N_("Local listing"),
  /* Translators: channels the business runs itself, like a blog or a
   * newsletter */
  N_("Owned media"),
  /* Translators: phone, front desk, e-mail, press release */
  N_("Offline"),
};

static const char * const market_ids[RZ_N_MARKETS] = { "b2c", "b2b", "both" };
static const char * const region_ids[RZ_N_REGIONS] = { "local", "national", "international" };
static const char * const band_ids[RZ_N_AGE_BANDS] = { "14-29", "30-49", "50-69", "70+" };
static const int band_ranges[RZ_N_AGE_BANDS][2] = { { 14, 29 }, { 30, 49 }, { 50, 69 }, { 70, 100 } };

static const char * const band_labels[RZ_N_AGE_BANDS] = {
  /* Translators: used in "58% of 14–29 year olds use it weekly" */
  N_("14–29 year olds"),
  /* Translators: used in "58% of 30–49 year olds use it weekly" */
  N_("30–49 year olds"),
  /* Translators: used in "58% of 50–69 year olds use it weekly" */
  N_("50–69 year olds"),
  /* Translators: used in "30% of people aged 70 and over use it weekly" */
  N_("people aged 70 and over"),
};

static const char * const risk_kind_ids[] = {
  "data-protection", "brand-safety", "platform-rules", "law", NULL,
};

static gboolean
lookup_id (const char * const *ids,
           guint               n_ids,
           const char         *id,
           guint              *index)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      if (g_strcmp0 (ids[i], id) == 0)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rz_goal_to_id (RzGoal goal)
{
  g_return_val_if_fail (goal < RZ_N_GOALS, NULL);
  return goal_ids[goal];
}

gboolean
rz_goal_from_id (const char *id,
                 RzGoal     *goal)
{
  guint index;

  if (!lookup_id (goal_ids, RZ_N_GOALS, id, &index))
    return FALSE;
  *goal = index;
  return TRUE;
}

const char *
rz_goal_get_label (RzGoal goal)
{
  g_return_val_if_fail (goal < RZ_N_GOALS, NULL);
  return _(goal_labels[goal]);
}

const char *
rz_format_to_id (RzFormat format)
{
  switch (format)
    {
    case RZ_FORMAT_TEXT:
      return "text";
    case RZ_FORMAT_PHOTO:
      return "photo";
    case RZ_FORMAT_VIDEO:
      return "video";
    case RZ_FORMAT_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
rz_format_from_id (const char *id,
                   RzFormat   *format)
{
  if (g_strcmp0 (id, "text") == 0)
    *format = RZ_FORMAT_TEXT;
  else if (g_strcmp0 (id, "photo") == 0)
    *format = RZ_FORMAT_PHOTO;
  else if (g_strcmp0 (id, "video") == 0)
    *format = RZ_FORMAT_VIDEO;
  else
    return FALSE;
  return TRUE;
}

const char *
rz_format_get_label (RzFormat format)
{
  switch (format)
    {
    case RZ_FORMAT_TEXT:
      /* Translators: a kind of content the business can produce */
      return _("Text");
    case RZ_FORMAT_PHOTO:
      /* Translators: a kind of content the business can produce */
      return _("Photos");
    case RZ_FORMAT_VIDEO:
      /* Translators: a kind of content the business can produce */
      return _("Videos");
    case RZ_FORMAT_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
rz_channel_kind_to_id (RzChannelKind kind)
{
  g_return_val_if_fail (kind < RZ_N_CHANNEL_KINDS, NULL);
  return kind_ids[kind];
}

gboolean
rz_channel_kind_from_id (const char    *id,
                         RzChannelKind *kind)
{
  guint index;

  if (!lookup_id (kind_ids, RZ_N_CHANNEL_KINDS, id, &index))
    return FALSE;
  *kind = index;
  return TRUE;
}

const char *
rz_channel_kind_get_label (RzChannelKind kind)
{
  g_return_val_if_fail (kind < RZ_N_CHANNEL_KINDS, NULL);
  return _(kind_labels[kind]);
}

const char *
rz_market_to_id (RzMarket market)
{
  g_return_val_if_fail (market < RZ_N_MARKETS, NULL);
  return market_ids[market];
}

gboolean
rz_market_from_id (const char *id,
                   RzMarket   *market)
{
  guint index;

  if (!lookup_id (market_ids, RZ_N_MARKETS, id, &index))
    return FALSE;
  *market = index;
  return TRUE;
}

const char *
rz_region_to_id (RzRegion region)
{
  g_return_val_if_fail (region < RZ_N_REGIONS, NULL);
  return region_ids[region];
}

gboolean
rz_region_from_id (const char *id,
                   RzRegion   *region)
{
  guint index;

  if (!lookup_id (region_ids, RZ_N_REGIONS, id, &index))
    return FALSE;
  *region = index;
  return TRUE;
}

const char *
rz_age_band_to_id (RzAgeBand band)
{
  g_return_val_if_fail (band < RZ_N_AGE_BANDS, NULL);
  return band_ids[band];
}

void
rz_age_band_get_range (RzAgeBand  band,
                       int       *age_min,
                       int       *age_max)
{
  g_return_if_fail (band < RZ_N_AGE_BANDS);

  if (age_min != NULL)
    *age_min = band_ranges[band][0];
  if (age_max != NULL)
    *age_max = band_ranges[band][1];
}

const char *
rz_age_band_get_label (RzAgeBand band)
{
  g_return_val_if_fail (band < RZ_N_AGE_BANDS, NULL);
  return _(band_labels[band]);
}

static void
risk_clear (gpointer data)
{
  RzRisk *risk = data;

  g_free (risk->kind_id);
  g_free (risk->note);
  g_strfreev (risk->industries);
}

RzChannelInfo *
rz_channel_info_ref (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  g_atomic_ref_count_inc (&info->ref_count);
  return info;
}

void
rz_channel_info_unref (RzChannelInfo *info)
{
  g_return_if_fail (info != NULL);

  if (!g_atomic_ref_count_dec (&info->ref_count))
    return;

  g_free (info->id);
  g_free (info->name);
  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    {
      g_free ((char *) info->reach[i].source);
      g_free ((char *) info->reach[i].basis);
    }
  g_clear_pointer (&info->risks, g_array_unref);
  g_clear_pointer (&info->industry_bonus, g_hash_table_unref);
  g_free (info);
}

/* Reading the file. The file ships with the app, so a broken catalogue
 * is a bug: messages are for developers and not translated. */

static gboolean
fail (GError     **error,
      const char  *channel,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *channel,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RZ_CATALOGUE_ERROR, RZ_CATALOGUE_ERROR_INVALID,
               "channels.json: %s: %s", channel ? channel : "(top level)", message);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *name,
            JsonNodeType type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != type)
    return NULL;
  return node;
}

static gboolean
read_number (JsonObject  *object,
             const char  *name,
             double       min,
             double       max,
             double      *value,
             const char  *channel,
             GError     **error)
{
  JsonNode *node = get_member (object, name, JSON_NODE_VALUE);
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (error, channel, "“%s” must be a number", name);

  *value = json_node_get_double (node);
  if (*value < min || *value > max)
    return fail (error, channel, "“%s” is %g, outside %g…%g", name, *value, min, max);
  return TRUE;
}

static const char *
read_string (JsonObject  *object,
             const char  *name,
             const char  *channel,
             GError     **error)
{
  JsonNode *node = get_member (object, name, JSON_NODE_VALUE);
  const char *value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (error, channel, "“%s” must be a string", name);
      return NULL;
    }

  value = json_node_get_string (node);
  if (value == NULL || value[0] == '\0')
    {
      fail (error, channel, "“%s” must not be empty", name);
      return NULL;
    }
  return value;
}

static gboolean
read_fit_table (JsonObject          *object,
                const char          *name,
                const char * const  *ids,
                guint                n_ids,
                double              *values,
                const char          *channel,
                GError             **error)
{
  JsonNode *node = get_member (object, name, JSON_NODE_OBJECT);
  JsonObject *table;

  if (node == NULL)
    return fail (error, channel, "“%s” must be an object", name);

  table = json_node_get_object (node);
  if (json_object_get_size (table) != n_ids)
    return fail (error, channel, "“%s” must have exactly %u members", name, n_ids);

  for (guint i = 0; i < n_ids; i++)
    {
      g_autofree char *member = g_strdup_printf ("%s.%s", name, ids[i]);

      if (!json_object_has_member (table, ids[i]))
        return fail (error, channel, "“%s” is missing", member);
      if (!read_number (table, ids[i], 0.0, 1.0, &values[i], channel, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_reach (JsonObject     *object,
            RzChannelInfo  *info,
            GError        **error)
{
  JsonNode *node = get_member (object, "reach", JSON_NODE_OBJECT);
  JsonObject *table;

  if (node == NULL)
    return fail (error, info->id, "“reach” must be an object");

  table = json_node_get_object (node);
  if (json_object_get_size (table) != RZ_N_AGE_BANDS)
    return fail (error, info->id, "“reach” must have exactly the bands 14-29, 30-49, 50-69, 70+");

  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    {
      RzReachFigure *figure = &info->reach[i];
      JsonNode *cell_node = get_member (table, band_ids[i], JSON_NODE_OBJECT);
      JsonObject *cell;
      double year = 0;

      if (cell_node == NULL)
        return fail (error, info->id, "reach band “%s” is missing", band_ids[i]);
      cell = json_node_get_object (cell_node);

      if (!read_number (cell, "percent", 0.0, 100.0, &figure->percent, info->id, error))
        return FALSE;

      if (json_object_has_member (cell, "estimate"))
        {
          JsonNode *estimate = get_member (cell, "estimate", JSON_NODE_VALUE);

          if (estimate == NULL || json_node_get_value_type (estimate) != G_TYPE_BOOLEAN
              || !json_node_get_boolean (estimate))
            return fail (error, info->id, "reach %s: “estimate” must be true or left out",
                         band_ids[i]);
          figure->estimate = TRUE;
        }

      /* A figure is either sourced (source and year) or an estimate that
       * says what it rests on; an estimate may name the figure behind it. */
      if (figure->estimate)
        {
          const char *basis = read_string (cell, "basis", info->id, error);

          if (basis == NULL)
            return FALSE;
          figure->basis = g_strdup (basis);
        }

      if (!figure->estimate || json_object_has_member (cell, "source")
          || json_object_has_member (cell, "year"))
        {
          const char *source = read_string (cell, "source", info->id, error);

          if (source == NULL)
            return FALSE;
          if (!read_number (cell, "year", 2000, 2100, &year, info->id, error))
            return FALSE;
          figure->source = g_strdup (source);
          figure->year = (guint) year;
        }
    }
  return TRUE;
}

static gboolean
read_risks (JsonObject     *object,
            RzChannelInfo  *info,
            GError        **error)
{
  JsonNode *node = get_member (object, "risks", JSON_NODE_ARRAY);
  JsonArray *array;

  if (node == NULL)
    return fail (error, info->id, "“risks” must be a list");

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return fail (error, info->id, "“risks” must name at least one risk");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *risk_node = json_array_get_element (array, i);
      JsonObject *risk_object;
      RzRisk risk = { NULL, };
      const char *kind_id;
      const char *note;
      guint index;

      if (!JSON_NODE_HOLDS_OBJECT (risk_node))
        return fail (error, info->id, "risks[%u] must be an object", i);
      risk_object = json_node_get_object (risk_node);

      kind_id = read_string (risk_object, "kind", info->id, error);
      if (kind_id == NULL)
        return FALSE;
      if (!lookup_id (risk_kind_ids, G_N_ELEMENTS (risk_kind_ids) - 1, kind_id, &index))
        return fail (error, info->id, "risks[%u]: unknown kind “%s”", i, kind_id);
      note = read_string (risk_object, "note", info->id, error);
      if (note == NULL)
        return FALSE;

      if (json_object_has_member (risk_object, "industries"))
        {
          JsonNode *industries = get_member (risk_object, "industries", JSON_NODE_ARRAY);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          JsonArray *list;

          if (industries == NULL)
            return fail (error, info->id, "risks[%u]: “industries” must be a list", i);
          list = json_node_get_array (industries);
          for (guint j = 0; j < json_array_get_length (list); j++)
            {
              const char *industry = json_array_get_string_element (list, j);

              if (industry == NULL)
                return fail (error, info->id, "risks[%u]: “industries” must hold strings", i);
              g_strv_builder_add (builder, industry);
            }
          risk.industries = g_strv_builder_end (builder);
        }

      risk.kind_id = g_strdup (kind_id);
      risk.note = g_strdup (note);
      g_array_append_val (info->risks, risk);
    }
  return TRUE;
}

static RzChannelInfo *
channel_info_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(RzChannelInfo) info = g_new0 (RzChannelInfo, 1);
  static const char * const connect_ids[] = { "yes", "planned", "manual" };
  static const char * const risk_level_ids[] = { "low", "medium", "high" };
  const char *id;
  const char *name;
  const char *value;
  JsonNode *formats;
  double number;
  double markets[2];
  guint index;

  g_atomic_ref_count_init (&info->ref_count);
  info->risks = g_array_new (FALSE, TRUE, sizeof (RzRisk));
  g_array_set_clear_func (info->risks, risk_clear);

  if ((id = read_string (object, "id", NULL, error)) == NULL)
    return NULL;
  info->id = g_strdup (id);

  if ((name = read_string (object, "name", id, error)) == NULL)
    return NULL;
  info->name = g_strdup (name);

  if ((value = read_string (object, "kind", id, error)) == NULL)
    return NULL;
  if (!rz_channel_kind_from_id (value, &info->kind) || info->kind == RZ_CHANNEL_KIND_OFFLINE)
    {
      fail (error, id, "unknown kind “%s”", value);
      return NULL;
    }

  if (!read_reach (object, info, error))
    return NULL;

  if (!read_number (object, "b2b", 0.0, 1.0, &markets[0], id, error)
      || !read_number (object, "b2c", 0.0, 1.0, &markets[1], id, error))
    return NULL;
  info->b2b = markets[0];
  info->b2c = markets[1];

  if (!read_fit_table (object, "goals", goal_ids, RZ_N_GOALS, info->goals, id, error)
      || !read_fit_table (object, "region", region_ids, RZ_N_REGIONS, info->regions, id, error))
    return NULL;

  formats = get_member (object, "formats", JSON_NODE_ARRAY);
  if (formats == NULL || json_array_get_length (json_node_get_array (formats)) == 0)
    {
      fail (error, id, "“formats” must be a non-empty list");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (formats)); i++)
    {
      const char *format_id = json_array_get_string_element (json_node_get_array (formats), i);
      RzFormat format;

      if (!rz_format_from_id (format_id, &format))
        {
          fail (error, id, "unknown format “%s”", format_id ? format_id : "(not a string)");
          return NULL;
        }
      info->formats |= format;
    }

  if (!read_number (object, "hours_per_week", 0.25, 40.0, &info->hours_per_week, id, error))
    return NULL;
  if (!read_number (object, "posts_per_week", 0.0, 21.0, &info->posts_per_week, id, error))
    return NULL;
  if (!read_number (object, "response_minutes", 5, 7 * 24 * 60, &number, id, error))
    return NULL;
  info->response_minutes = (guint) number;

  if ((value = read_string (object, "connect", id, error)) == NULL)
    return NULL;
  if (!lookup_id (connect_ids, G_N_ELEMENTS (connect_ids), value, &index))
    {
      fail (error, id, "“connect” must be yes, planned or manual, not “%s”", value);
      return NULL;
    }
  info->connect = index;

  if ((value = read_string (object, "risk_level", id, error)) == NULL)
    return NULL;
  if (!lookup_id (risk_level_ids, G_N_ELEMENTS (risk_level_ids), value, &index))
    {
      fail (error, id, "“risk_level” must be low, medium or high, not “%s”", value);
      return NULL;
    }
  info->risk_level = index;

  if (!read_risks (object, info, error))
    return NULL;

  /* Optional: a small bonus for industries the channel suits especially,
   * such as a local listing for hotels. */
  info->industry_bonus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (json_object_has_member (object, "industries"))
    {
      JsonNode *industries = get_member (object, "industries", JSON_NODE_OBJECT);
      g_autoptr(GList) members = NULL;

      if (industries == NULL)
        {
          fail (error, id, "“industries” must be an object");
          return NULL;
        }
      members = json_object_get_members (json_node_get_object (industries));
      for (const GList *l = members; l != NULL; l = l->next)
        {
          if (!read_number (json_node_get_object (industries), l->data, 0.0, 0.25,
                            &number, id, error))
            return NULL;
          g_hash_table_insert (info->industry_bonus, g_strdup (l->data),
                               g_memdup2 (&number, sizeof number));
        }
    }

  return g_steal_pointer (&info);
}

static void
rz_catalogue_finalize (GObject *object)
{
  RzCatalogue *self = RZ_CATALOGUE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->channels, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_catalogue_parent_class)->finalize (object);
}

static void
rz_catalogue_class_init (RzCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_catalogue_finalize;
}

static void
rz_catalogue_init (RzCatalogue *self)
{
  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_channel_info_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

RzCatalogue *
rz_catalogue_new_from_data (const char  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(RzCatalogue) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *channels;
  JsonArray *array;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (channels = get_member (json_node_get_object (root), "channels", JSON_NODE_ARRAY)) == NULL)
    {
      fail (error, NULL, "expected an object with a “channels” list");
      return NULL;
    }

  self = g_object_new (RZ_TYPE_CATALOGUE, NULL);
  array = json_node_get_array (channels);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      RzChannelInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, NULL, "channels[%u] is not an object", i);
          return NULL;
        }
      info = channel_info_new_from_json (json_node_get_object (node), error);
      if (info == NULL)
        return NULL;
      if (g_hash_table_contains (self->by_id, info->id))
        {
          fail (error, info->id, "the id is used twice");
          rz_channel_info_unref (info);
          return NULL;
        }
      g_ptr_array_add (self->channels, info);
      g_hash_table_insert (self->by_id, info->id, info);
    }

  return g_steal_pointer (&self);
}

RzCatalogue *
rz_catalogue_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  bytes = rz_core_lookup_data ("/channels.json", error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return rz_catalogue_new_from_data (data, size, error);
}

guint
rz_catalogue_get_n_channels (RzCatalogue *self)
{
  g_return_val_if_fail (RZ_IS_CATALOGUE (self), 0);

  return self->channels->len;
}

RzChannelInfo *
rz_catalogue_get_channel (RzCatalogue *self,
                          guint        position)
{
  g_return_val_if_fail (RZ_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (position < self->channels->len, NULL);

  return g_ptr_array_index (self->channels, position);
}

RzChannelInfo *
rz_catalogue_lookup (RzCatalogue *self,
                     const char  *id)
{
  g_return_val_if_fail (RZ_IS_CATALOGUE (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

char *
rz_catalogue_dup_ids_string (RzCatalogue *self)
{
  GString *ids;

  g_return_val_if_fail (RZ_IS_CATALOGUE (self), NULL);

  ids = g_string_new (NULL);
  for (guint i = 0; i < self->channels->len; i++)
    {
      RzChannelInfo *info = g_ptr_array_index (self->channels, i);

      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, info->id);
    }
  return g_string_free (ids, FALSE);
}

const char *
rz_channel_info_get_id (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->id;
}

const char *
rz_channel_info_get_name (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return _(info->name);
}

const char *
rz_channel_info_get_name_msgid (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->name;
}

RzChannelKind
rz_channel_info_get_kind (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, RZ_CHANNEL_KIND_SOCIAL_NETWORK);
  return info->kind;
}

const RzReachFigure *
rz_channel_info_get_reach (RzChannelInfo *info,
                           RzAgeBand      band)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (band < RZ_N_AGE_BANDS, NULL);
  return &info->reach[band];
}

void
rz_age_range_add_band_weights (int     age_min,
                               int     age_max,
                               double *weights)
{
  double span;

  g_return_if_fail (weights != NULL);
  g_return_if_fail (age_min <= age_max);

  /* Children are not in the studies; the youngest band is the nearest. */
  age_min = MAX (age_min, band_ranges[0][0]);
  age_max = MAX (age_max, age_min);
  age_max = MIN (age_max, band_ranges[RZ_N_AGE_BANDS - 1][1]);
  age_min = MIN (age_min, age_max);
  span = age_max - age_min + 1;

  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    {
      int low = MAX (age_min, band_ranges[i][0]);
      int high = MIN (age_max, band_ranges[i][1]);

      if (high >= low)
        weights[i] += (high - low + 1) / span;
    }
}

double
rz_channel_info_get_reach_for_ages (RzChannelInfo *info,
                                    int            age_min,
                                    int            age_max)
{
  double weights[RZ_N_AGE_BANDS] = { 0, };
  double reach = 0.0;

  g_return_val_if_fail (info != NULL, 0.0);
  g_return_val_if_fail (age_min <= age_max, 0.0);

  rz_age_range_add_band_weights (age_min, age_max, weights);
  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    reach += weights[i] * info->reach[i].percent;
  return reach;
}

double
rz_channel_info_get_industry_bonus (RzChannelInfo *info,
                                    const char    *industry_id)
{
  double *bonus;

  g_return_val_if_fail (info != NULL, 0.0);

  if (industry_id == NULL)
    return 0.0;
  bonus = g_hash_table_lookup (info->industry_bonus, industry_id);
  return bonus ? *bonus : 0.0;
}

double
rz_channel_info_get_market_fit (RzChannelInfo *info,
                                RzMarket       market)
{
  g_return_val_if_fail (info != NULL, 0.0);

  switch (market)
    {
    case RZ_MARKET_B2B:
      return info->b2b;
    case RZ_MARKET_B2C:
      return info->b2c;
    case RZ_MARKET_BOTH:
      /* Serving both, a channel strong for either side is useful; the
       * weaker side still counts a little. */
      return 0.75 * MAX (info->b2b, info->b2c) + 0.25 * MIN (info->b2b, info->b2c);
    case RZ_N_MARKETS:
    default:
      g_return_val_if_reached (0.0);
    }
}

double
rz_channel_info_get_goal_fit (RzChannelInfo *info,
                              RzGoal         goal)
{
  g_return_val_if_fail (info != NULL, 0.0);
  g_return_val_if_fail (goal < RZ_N_GOALS, 0.0);
  return info->goals[goal];
}

double
rz_channel_info_get_region_fit (RzChannelInfo *info,
                                RzRegion       region)
{
  g_return_val_if_fail (info != NULL, 0.0);
  g_return_val_if_fail (region < RZ_N_REGIONS, 0.0);
  return info->regions[region];
}

RzFormat
rz_channel_info_get_formats (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, RZ_FORMAT_NONE);
  return info->formats;
}

double
rz_channel_info_get_hours_per_week (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, 0.0);
  return info->hours_per_week;
}

double
rz_channel_info_get_posts_per_week (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, 0.0);
  return info->posts_per_week;
}

guint
rz_channel_info_get_response_minutes (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);
  return info->response_minutes;
}

RzConnectSupport
rz_channel_info_get_connect (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, RZ_CONNECT_MANUAL);
  return info->connect;
}

RzRiskLevel
rz_channel_info_get_risk_level (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, RZ_RISK_LOW);
  return info->risk_level;
}

guint
rz_channel_info_get_n_risks (RzChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);
  return info->risks->len;
}

const char *
rz_channel_info_get_risk (RzChannelInfo       *info,
                          guint                position,
                          const char         **kind_id,
                          const char * const **industries)
{
  RzRisk *risk;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (position < info->risks->len, NULL);

  risk = &g_array_index (info->risks, RzRisk, position);
  if (kind_id != NULL)
    *kind_id = risk->kind_id;
  if (industries != NULL)
    *industries = (const char * const *) risk->industries;
  return _(risk->note);
}

const char *
rz_channel_info_get_risk_msgid (RzChannelInfo *info,
                                guint          position)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (position < info->risks->len, NULL);

  return g_array_index (info->risks, RzRisk, position).note;
}
