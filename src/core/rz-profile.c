/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rz-profile.h"

struct _RzProfile
{
  GObject      parent_instance;

  char        *name;
  RzIndustry   industry;
  RzMarket     market;
  RzRegion     region;
  double       hours_per_week;
  gboolean     regulated;
  GArray      *audiences;
  GArray      *goals;
  char       **forbidden_channels;
  RzFormat     formats;
  char       **languages;
};

G_DEFINE_QUARK (rz-profile-error-quark, rz_profile_error)
G_DEFINE_FINAL_TYPE (RzProfile, rz_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_INDUSTRY,
  PROP_MARKET,
  PROP_REGION,
  PROP_HOURS_PER_WEEK,
  PROP_REGULATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const industry_ids[RZ_N_INDUSTRIES] = {
  "crafts", "retail", "food", "hospitality", "health", "care",
  "professional-services", "legal-tax", "manufacturing", "it", "tourism",
  "education", "real-estate", "finance", "nonprofit", "creative", "other",
};

static const char * const industry_labels[RZ_N_INDUSTRIES] = {
  /* Translators: an industry; electricians, carpenters, bakers' trade … */
  N_("Crafts and trades"),
  N_("Retail"),
  /* Translators: an industry; bakeries, butchers, cafés */
  N_("Food"),
  /* Translators: an industry; hotels and restaurants */
  N_("Hospitality"),
  /* Translators: an industry; doctors, physiotherapists, pharmacies */
  N_("Health"),
  /* Translators: an industry; nursing and care services */
  N_("Care"),
  N_("Professional services"),
  /* Translators: an industry; lawyers and tax advisers */
  N_("Legal and tax"),
  N_("Manufacturing"),
  N_("IT"),
  N_("Tourism"),
  N_("Education"),
  N_("Real estate"),
  N_("Finance"),
  /* Translators: an industry; associations, charities */
  N_("Non-profit"),
  /* Translators: an industry; designers, photographers, artists */
  N_("Creative"),
  /* Translators: an industry */
  N_("Other"),
};

static const char * const language_ids[] = { "de", "en", NULL };

static const char * const member_names[] = {
  "name", "industry", "market", "region", "audiences", "goals",
  "hours_per_week", "regulated", "forbidden_channels", "formats",
  "languages", NULL,
};

const char *
rz_industry_to_id (RzIndustry industry)
{
  g_return_val_if_fail (industry < RZ_N_INDUSTRIES, NULL);
  return industry_ids[industry];
}

gboolean
rz_industry_from_id (const char *id,
                     RzIndustry *industry)
{
  for (guint i = 0; i < RZ_N_INDUSTRIES; i++)
    {
      if (g_strcmp0 (industry_ids[i], id) == 0)
        {
          *industry = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rz_industry_get_label (RzIndustry industry)
{
  g_return_val_if_fail (industry < RZ_N_INDUSTRIES, NULL);
  return _(industry_labels[industry]);
}

static void
audience_clear (gpointer data)
{
  RzAudience *audience = data;

  g_clear_pointer (&audience->label, g_free);
}

static void
rz_profile_finalize (GObject *object)
{
  RzProfile *self = RZ_PROFILE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->audiences, g_array_unref);
  g_clear_pointer (&self->goals, g_array_unref);
  g_clear_pointer (&self->forbidden_channels, g_strfreev);
  g_clear_pointer (&self->languages, g_strfreev);

  G_OBJECT_CLASS (rz_profile_parent_class)->finalize (object);
}

static void
rz_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RzProfile *self = RZ_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INDUSTRY:
      g_value_set_uint (value, self->industry);
      break;
    case PROP_MARKET:
      g_value_set_uint (value, self->market);
      break;
    case PROP_REGION:
      g_value_set_uint (value, self->region);
      break;
    case PROP_HOURS_PER_WEEK:
      g_value_set_double (value, self->hours_per_week);
      break;
    case PROP_REGULATED:
      g_value_set_boolean (value, self->regulated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RzProfile *self = RZ_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      rz_profile_set_name (self, g_value_get_string (value));
      break;
    case PROP_INDUSTRY:
      rz_profile_set_industry (self, g_value_get_uint (value));
      break;
    case PROP_MARKET:
      rz_profile_set_market (self, g_value_get_uint (value));
      break;
    case PROP_REGION:
      rz_profile_set_region (self, g_value_get_uint (value));
      break;
    case PROP_HOURS_PER_WEEK:
      rz_profile_set_hours_per_week (self, g_value_get_double (value));
      break;
    case PROP_REGULATED:
      rz_profile_set_regulated (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_profile_class_init (RzProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rz_profile_finalize;
  object_class->get_property = rz_profile_get_property;
  object_class->set_property = rz_profile_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_INDUSTRY] =
    g_param_spec_uint ("industry", NULL, NULL, 0, RZ_N_INDUSTRIES - 1, RZ_INDUSTRY_OTHER, flags);
  properties[PROP_MARKET] =
    g_param_spec_uint ("market", NULL, NULL, 0, RZ_N_MARKETS - 1, RZ_MARKET_B2C, flags);
  properties[PROP_REGION] =
    g_param_spec_uint ("region", NULL, NULL, 0, RZ_N_REGIONS - 1, RZ_REGION_LOCAL, flags);
  properties[PROP_HOURS_PER_WEEK] =
    g_param_spec_double ("hours-per-week", NULL, NULL, 0.0, RZ_PROFILE_MAX_HOURS, 3.0, flags);
  properties[PROP_REGULATED] =
    g_param_spec_boolean ("regulated", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_profile_init (RzProfile *self)
{
  const char * const default_languages[] = { "de", NULL };

  self->name = g_strdup ("");
  self->industry = RZ_INDUSTRY_OTHER;
  self->market = RZ_MARKET_B2C;
  self->region = RZ_REGION_LOCAL;
  self->hours_per_week = 3.0;
  self->audiences = g_array_new (FALSE, TRUE, sizeof (RzAudience));
  g_array_set_clear_func (self->audiences, audience_clear);
  self->goals = g_array_new (FALSE, FALSE, sizeof (RzGoal));
  self->forbidden_channels = g_new0 (char *, 1);
  self->formats = RZ_FORMAT_TEXT | RZ_FORMAT_PHOTO;
  self->languages = g_strdupv ((char **) default_languages);
}

RzProfile *
rz_profile_new (void)
{
  return g_object_new (RZ_TYPE_PROFILE, NULL);
}

/* Parsing. Messages go to the user as they are: they say which member is
 * wrong and what would be right. */

static char *
join_ids (const char * const *ids,
          guint               n_ids)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < n_ids && ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, ids[i]);
    }
  return g_string_free (joined, FALSE);
}

static gboolean
unknown_id (GError     **error,
            const char  *value,
            const char  *path,
            const char  *valid_ids)
{
  g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_UNKNOWN_ID,
               /* Translators: the first %s is a value from the file, the
                * second the name of a member in the file, the third a
                * list of ids like “awareness, sales, press”. Keep the ids
                * untranslated. */
               _("Unknown value “%s” in “%s”. Valid values: %s."),
               value, path, valid_ids);
  return FALSE;
}

typedef enum {
  EXPECT_STRING,
  EXPECT_NUMBER,
  EXPECT_INTEGER,
  EXPECT_BOOLEAN,
  EXPECT_ARRAY,
  EXPECT_OBJECT,
} Expect;

static gboolean
wrong_type (GError     **error,
            const char  *path,
            Expect       expect)
{
  switch (expect)
    {
    case EXPECT_STRING:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   /* Translators: here and in the next messages %s is
                    * the name of a member of the profile file, like
                    * “hours_per_week”; keep it as it is */
                   _("“%s” must be text in quotes."), path);
      break;
    case EXPECT_NUMBER:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   _("“%s” must be a number."), path);
      break;
    case EXPECT_INTEGER:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   _("“%s” must be a whole number."), path);
      break;
    case EXPECT_BOOLEAN:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   _("“%s” must be true or false."), path);
      break;
    case EXPECT_ARRAY:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   _("“%s” must be a list in square brackets."), path);
      break;
    case EXPECT_OBJECT:
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   _("“%s” must be an object in curly braces."), path);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
check_type (JsonNode    *node,
            const char  *path,
            Expect       expect,
            GError     **error)
{
  GType value_type = G_TYPE_INVALID;
  gboolean ok = FALSE;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    value_type = json_node_get_value_type (node);

  switch (expect)
    {
    case EXPECT_STRING:
      /* json-glib turns a lone surrogate escape ("\ud800") into bytes
       * that are not UTF-8: no text. */
      ok = value_type == G_TYPE_STRING && g_utf8_validate (json_node_get_string (node), -1, NULL);
      break;
    case EXPECT_NUMBER:
      ok = value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
      break;
    case EXPECT_INTEGER:
      ok = value_type == G_TYPE_INT64;
      break;
    case EXPECT_BOOLEAN:
      ok = value_type == G_TYPE_BOOLEAN;
      break;
    case EXPECT_ARRAY:
      ok = node != NULL && JSON_NODE_HOLDS_ARRAY (node);
      break;
    case EXPECT_OBJECT:
      ok = node != NULL && JSON_NODE_HOLDS_OBJECT (node);
      break;
    default:
      g_assert_not_reached ();
    }

  return ok || wrong_type (error, path, expect);
}

static JsonNode *
require_member (JsonObject  *object,
                const char  *name,
                Expect       expect,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                   /* Translators: %s is a member of the profile file */
                   _("The profile has no “%s”."), name);
      return NULL;
    }
  if (!check_type (node, name, expect, error))
    return NULL;
  return node;
}

/* Reads a list of ids such as goals or formats, calling @parse on each. */
typedef gboolean (*ParseIdFunc) (const char *id,
                                 gpointer    user_data);

static gboolean
read_id_list (JsonNode     *node,
              const char   *name,
              const char   *valid_ids,
              ParseIdFunc   parse,
              gpointer      user_data,
              GError      **error)
{
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", name, i);

      if (!check_type (element, path, EXPECT_STRING, error))
        return FALSE;
      if (!parse (json_node_get_string (element), user_data))
        return unknown_id (error, json_node_get_string (element), name, valid_ids);
    }
  return TRUE;
}

static gboolean
parse_goal (const char *id,
            gpointer    user_data)
{
  GArray *goals = user_data;
  RzGoal goal;

  if (!rz_goal_from_id (id, &goal))
    return FALSE;
  for (guint i = 0; i < goals->len; i++)
    {
      if (g_array_index (goals, RzGoal, i) == goal)
        return TRUE;
    }
  g_array_append_val (goals, goal);
  return TRUE;
}

static gboolean
parse_format (const char *id,
              gpointer    user_data)
{
  RzFormat *formats = user_data;
  RzFormat format;

  if (!rz_format_from_id (id, &format))
    return FALSE;
  *formats |= format;
  return TRUE;
}

static gboolean
add_unique (GPtrArray  *list,
            const char *id)
{
  if (!g_ptr_array_find_with_equal_func (list, id, g_str_equal, NULL))
    g_ptr_array_add (list, g_strdup (id));
  return TRUE;
}

typedef struct
{
  RzCatalogue *catalogue;
  GPtrArray   *ids;
} ChannelList;

static gboolean
parse_channel (const char *id,
               gpointer    user_data)
{
  ChannelList *list = user_data;

  if (rz_catalogue_lookup (list->catalogue, id) == NULL)
    return FALSE;
  return add_unique (list->ids, id);
}

static gboolean
parse_language (const char *id,
                gpointer    user_data)
{
  if (!g_strv_contains (language_ids, id))
    return FALSE;
  return add_unique (user_data, id);
}

/* Reads a member that holds one of @ids; *value is its index. */
static gboolean
read_enum (JsonObject          *object,
           const char          *name,
           const char * const  *ids,
           guint                n_ids,
           guint               *value,
           GError             **error)
{
  JsonNode *node = require_member (object, name, EXPECT_STRING, error);
  const char *id;

  if (node == NULL)
    return FALSE;

  id = json_node_get_string (node);
  for (guint i = 0; i < n_ids; i++)
    {
      if (g_strcmp0 (ids[i], id) == 0)
        {
          *value = i;
          return TRUE;
        }
    }

  {
    g_autofree char *valid = join_ids (ids, n_ids);

    return unknown_id (error, id, name, valid);
  }
}

static gboolean
read_audiences (RzProfile   *self,
                JsonNode    *node,
                GError     **error)
{
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("audiences[%u]", i);
      const char * const keys[] = { "label", "age_min", "age_max", NULL };
      const char *label;
      JsonObject *object;
      gint64 ages[2];

      if (!check_type (element, path, EXPECT_OBJECT, error))
        return FALSE;
      object = json_node_get_object (element);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *member_path = g_strdup_printf ("%s.%s", path, keys[k]);
          JsonNode *member = json_object_get_member (object, keys[k]);

          if (member == NULL)
            {
              g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                           _("The profile has no “%s”."), member_path);
              return FALSE;
            }
          if (!check_type (member, member_path, k == 0 ? EXPECT_STRING : EXPECT_INTEGER, error))
            return FALSE;
        }

      label = json_object_get_string_member (object, "label");
      ages[0] = json_object_get_int_member (object, "age_min");
      ages[1] = json_object_get_int_member (object, "age_max");

      for (guint k = 0; k < 2; k++)
        {
          if (ages[k] < RZ_PROFILE_MIN_AGE || ages[k] > RZ_PROFILE_MAX_AGE)
            {
              g_autofree char *member_path = g_strdup_printf ("%s.%s", path, keys[k + 1]);

              g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_VALUE,
                           /* Translators: %s is a member of the profile
                            * file, the numbers are ages */
                           _("“%s” must be between %d and %d."),
                           member_path, RZ_PROFILE_MIN_AGE, RZ_PROFILE_MAX_AGE);
              return FALSE;
            }
        }

      if (ages[0] > ages[1])
        {
          g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_VALUE,
                       /* Translators: the first %s is the place in the
                        * file (“audiences[0]”), the second the name the
                        * user gave the audience */
                       _("In “%s” (“%s”), age_min (%d) is greater than age_max (%d)."),
                       path, label, (int) ages[0], (int) ages[1]);
          return FALSE;
        }

      rz_profile_add_audience (self, label, (int) ages[0], (int) ages[1]);
    }
  return TRUE;
}

static gboolean
check_members (JsonObject  *object,
               GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (member_names, l->data))
        {
          g_autofree char *valid = join_ids (member_names, G_MAXUINT);
          /* json-glib lets a lone surrogate escape through as bytes that
           * are not UTF-8; the message must be text. */
          g_autofree char *name = g_utf8_make_valid (l->data, -1);

          g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                       /* Translators: the first %s is a member name from
                        * the file, the second a list of the valid ones */
                       _("Unknown member “%s” in the profile. Valid members: %s."),
                       name, valid);
          return FALSE;
        }
    }
  return TRUE;
}

RzProfile *
rz_profile_new_from_node (JsonNode     *node,
                          RzCatalogue  *catalogue,
                          GError      **error)
{
  g_autoptr(RzProfile) self = NULL;
  g_autoptr(RzCatalogue) default_catalogue = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) languages = NULL;
  g_autofree char *valid = NULL;
  const char *ids[RZ_N_GOALS + 1] = { NULL, };
  JsonObject *object;
  JsonNode *member;
  guint value;
  double hours;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (catalogue == NULL || RZ_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (catalogue == NULL)
    {
      default_catalogue = rz_catalogue_new_default (error);
      if (default_catalogue == NULL)
        return NULL;
      catalogue = default_catalogue;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_TYPE,
                           _("The profile must be a JSON object in curly braces."));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!check_members (object, error))
    return NULL;

  self = rz_profile_new ();

  if ((member = require_member (object, "name", EXPECT_STRING, error)) == NULL)
    return NULL;
  rz_profile_set_name (self, json_node_get_string (member));

  if (!read_enum (object, "industry", industry_ids, RZ_N_INDUSTRIES, &value, error))
    return NULL;
  rz_profile_set_industry (self, value);

  for (guint i = 0; i < RZ_N_MARKETS; i++)
    ids[i] = rz_market_to_id (i);
  if (!read_enum (object, "market", ids, RZ_N_MARKETS, &value, error))
    return NULL;
  rz_profile_set_market (self, value);

  for (guint i = 0; i < RZ_N_REGIONS; i++)
    ids[i] = rz_region_to_id (i);
  if (!read_enum (object, "region", ids, RZ_N_REGIONS, &value, error))
    return NULL;
  rz_profile_set_region (self, value);

  if ((member = json_object_get_member (object, "audiences")) != NULL)
    {
      if (!check_type (member, "audiences", EXPECT_ARRAY, error)
          || !read_audiences (self, member, error))
        return NULL;
    }

  if ((member = require_member (object, "goals", EXPECT_ARRAY, error)) == NULL)
    return NULL;
  for (guint i = 0; i < RZ_N_GOALS; i++)
    ids[i] = rz_goal_to_id (i);
  valid = join_ids (ids, RZ_N_GOALS);
  if (!read_id_list (member, "goals", valid, parse_goal, self->goals, error))
    return NULL;
  g_clear_pointer (&valid, g_free);

  if ((member = require_member (object, "hours_per_week", EXPECT_NUMBER, error)) == NULL)
    return NULL;
  hours = json_node_get_double (member);
  if (hours < 0.0)
    {
      g_set_error_literal (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_VALUE,
                           _("“hours_per_week” is negative. Give the hours a week you can spend on social media, for example 3."));
      return NULL;
    }
  if (hours > RZ_PROFILE_MAX_HOURS)
    {
      g_set_error_literal (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_INVALID_VALUE,
                           _("“hours_per_week” is more than a week has (168 hours)."));
      return NULL;
    }
  rz_profile_set_hours_per_week (self, hours);

  if ((member = json_object_get_member (object, "regulated")) != NULL)
    {
      if (!check_type (member, "regulated", EXPECT_BOOLEAN, error))
        return NULL;
      rz_profile_set_regulated (self, json_node_get_boolean (member));
    }

  if ((member = json_object_get_member (object, "forbidden_channels")) != NULL)
    {
      if (!check_type (member, "forbidden_channels", EXPECT_ARRAY, error))
        return NULL;

      channels = g_ptr_array_new_with_free_func (g_free);
      valid = rz_catalogue_dup_ids_string (catalogue);
      if (!read_id_list (member, "forbidden_channels", valid, parse_channel,
                         &(ChannelList) { catalogue, channels }, error))
        return NULL;
      g_clear_pointer (&valid, g_free);
      g_ptr_array_add (channels, NULL);
      rz_profile_set_forbidden_channels (self, (const char * const *) channels->pdata);
    }

  if ((member = json_object_get_member (object, "formats")) != NULL)
    {
      RzFormat formats = RZ_FORMAT_NONE;

      if (!check_type (member, "formats", EXPECT_ARRAY, error))
        return NULL;
      valid = join_ids ((const char *[]) { "text", "photo", "video" }, 3);
      if (!read_id_list (member, "formats", valid, parse_format, &formats, error))
        return NULL;
      g_clear_pointer (&valid, g_free);
      rz_profile_set_formats (self, formats);
    }

  if ((member = json_object_get_member (object, "languages")) != NULL)
    {
      if (!check_type (member, "languages", EXPECT_ARRAY, error))
        return NULL;
      languages = g_ptr_array_new_with_free_func (g_free);
      valid = join_ids (language_ids, G_MAXUINT);
      if (!read_id_list (member, "languages", valid, parse_language, languages, error))
        return NULL;
      g_ptr_array_add (languages, NULL);
      rz_profile_set_languages (self, (const char * const *) languages->pdata);
    }

  return g_steal_pointer (&self);
}

/* json-glib reports "<data>:LINE:COLUMN: Parse error: WHAT"; the user
 * gets line and column in a sentence of their language. */
static void
set_malformed_error (GError **error,
                     GError  *parse_error)
{
  /* json-glib quotes the input, which may hold a lone surrogate escape
   * it turned into bytes that are not UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (parse_error->message, -1);
  const char *message = valid;
  const char *what = strstr (message, "Parse error: ");
  unsigned int line = 0;
  unsigned int column = 0;

  if (sscanf (message, "<data>:%u:%u:", &line, &column) == 2 && what != NULL)
    g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_MALFORMED,
                 /* Translators: the last %s is the parser's own message,
                  * which is in English */
                 _("The profile is not valid JSON: line %u, column %u: %s"),
                 line, column, what + strlen ("Parse error: "));
  else
    g_set_error (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_MALFORMED,
                 _("The profile is not valid JSON: %s"), message);
}

RzProfile *
rz_profile_new_from_json (const char   *data,
                          gssize        length,
                          RzCatalogue  *catalogue,
                          GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      set_malformed_error (error, parse_error);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, RZ_PROFILE_ERROR, RZ_PROFILE_ERROR_MALFORMED,
                           _("The profile is empty."));
      return NULL;
    }

  return rz_profile_new_from_node (json_parser_get_root (parser), catalogue, error);
}

JsonNode *
rz_profile_to_node (RzProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "industry");
  json_builder_add_string_value (builder, rz_industry_to_id (self->industry));
  json_builder_set_member_name (builder, "market");
  json_builder_add_string_value (builder, rz_market_to_id (self->market));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, rz_region_to_id (self->region));

  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->audiences->len; i++)
    {
      const RzAudience *audience = &g_array_index (self->audiences, RzAudience, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, audience->label);
      json_builder_set_member_name (builder, "age_min");
      json_builder_add_int_value (builder, audience->age_min);
      json_builder_set_member_name (builder, "age_max");
      json_builder_add_int_value (builder, audience->age_max);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "goals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->goals->len; i++)
    json_builder_add_string_value (builder, rz_goal_to_id (g_array_index (self->goals, RzGoal, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hours_per_week");
  json_builder_add_double_value (builder, self->hours_per_week);
  json_builder_set_member_name (builder, "regulated");
  json_builder_add_boolean_value (builder, self->regulated);

  json_builder_set_member_name (builder, "forbidden_channels");
  json_builder_begin_array (builder);
  for (guint i = 0; self->forbidden_channels[i] != NULL; i++)
    json_builder_add_string_value (builder, self->forbidden_channels[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "formats");
  json_builder_begin_array (builder);
  for (RzFormat format = RZ_FORMAT_TEXT; format <= RZ_FORMAT_VIDEO; format <<= 1)
    {
      if (self->formats & format)
        json_builder_add_string_value (builder, rz_format_to_id (format));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  for (guint i = 0; self->languages[i] != NULL; i++)
    json_builder_add_string_value (builder, self->languages[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
rz_profile_to_json (RzProfile *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);

  node = rz_profile_to_node (self);
  return json_to_string (node, TRUE);
}

const char *
rz_profile_get_name (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);
  return self->name;
}

void
rz_profile_set_name (RzProfile  *self,
                     const char *name)
{
  g_return_if_fail (RZ_IS_PROFILE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

RzIndustry
rz_profile_get_industry (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), RZ_INDUSTRY_OTHER);
  return self->industry;
}

void
rz_profile_set_industry (RzProfile  *self,
                         RzIndustry  industry)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (industry < RZ_N_INDUSTRIES);

  if (self->industry == industry)
    return;
  self->industry = industry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDUSTRY]);
}

RzMarket
rz_profile_get_market (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), RZ_MARKET_B2C);
  return self->market;
}

void
rz_profile_set_market (RzProfile *self,
                       RzMarket   market)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (market < RZ_N_MARKETS);

  if (self->market == market)
    return;
  self->market = market;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKET]);
}

RzRegion
rz_profile_get_region (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), RZ_REGION_LOCAL);
  return self->region;
}

void
rz_profile_set_region (RzProfile *self,
                       RzRegion   region)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (region < RZ_N_REGIONS);

  if (self->region == region)
    return;
  self->region = region;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

double
rz_profile_get_hours_per_week (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), 0.0);
  return self->hours_per_week;
}

void
rz_profile_set_hours_per_week (RzProfile *self,
                               double     hours)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (hours >= 0.0 && hours <= RZ_PROFILE_MAX_HOURS);

  if (self->hours_per_week == hours)
    return;
  self->hours_per_week = hours;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOURS_PER_WEEK]);
}

gboolean
rz_profile_get_regulated (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), FALSE);
  return self->regulated;
}

void
rz_profile_set_regulated (RzProfile *self,
                          gboolean   regulated)
{
  g_return_if_fail (RZ_IS_PROFILE (self));

  regulated = !!regulated;
  if (self->regulated == regulated)
    return;
  self->regulated = regulated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGULATED]);
}

gboolean
rz_profile_is_regulated (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), FALSE);

  return self->regulated
         || self->industry == RZ_INDUSTRY_HEALTH
         || self->industry == RZ_INDUSTRY_LEGAL_TAX
         || self->industry == RZ_INDUSTRY_FINANCE;
}

guint
rz_profile_get_n_audiences (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), 0);
  return self->audiences->len;
}

const RzAudience *
rz_profile_get_audience (RzProfile *self,
                         guint      position)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);
  g_return_val_if_fail (position < self->audiences->len, NULL);

  return &g_array_index (self->audiences, RzAudience, position);
}

void
rz_profile_add_audience (RzProfile  *self,
                         const char *label,
                         int         age_min,
                         int         age_max)
{
  RzAudience audience;

  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (age_min >= RZ_PROFILE_MIN_AGE && age_min <= age_max);
  g_return_if_fail (age_max <= RZ_PROFILE_MAX_AGE);

  audience.label = g_strdup (label ? label : "");
  audience.age_min = age_min;
  audience.age_max = age_max;
  g_array_append_val (self->audiences, audience);
}

void
rz_profile_clear_audiences (RzProfile *self)
{
  g_return_if_fail (RZ_IS_PROFILE (self));

  g_array_set_size (self->audiences, 0);
}

const RzGoal *
rz_profile_get_goals (RzProfile *self,
                      guint     *n_goals)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);

  if (n_goals != NULL)
    *n_goals = self->goals->len;
  return (const RzGoal *) (gpointer) self->goals->data;
}

gboolean
rz_profile_has_goal (RzProfile *self,
                     RzGoal     goal)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), FALSE);

  for (guint i = 0; i < self->goals->len; i++)
    {
      if (g_array_index (self->goals, RzGoal, i) == goal)
        return TRUE;
    }
  return FALSE;
}

void
rz_profile_set_goals (RzProfile    *self,
                      const RzGoal *goals,
                      guint         n_goals)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail (goals != NULL || n_goals == 0);

  g_array_set_size (self->goals, 0);
  for (guint i = 0; i < n_goals; i++)
    {
      g_return_if_fail (goals[i] < RZ_N_GOALS);
      if (!rz_profile_has_goal (self, goals[i]))
        g_array_append_val (self->goals, goals[i]);
    }
}

const char * const *
rz_profile_get_forbidden_channels (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);
  return (const char * const *) self->forbidden_channels;
}

gboolean
rz_profile_is_forbidden (RzProfile  *self,
                         const char *channel_id)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (channel_id != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->forbidden_channels, channel_id);
}

void
rz_profile_set_forbidden_channels (RzProfile          *self,
                                   const char * const *channel_ids)
{
  const char * const empty[] = { NULL };

  g_return_if_fail (RZ_IS_PROFILE (self));

  g_strfreev (self->forbidden_channels);
  self->forbidden_channels = g_strdupv ((char **) (channel_ids ? channel_ids : empty));
}

RzFormat
rz_profile_get_formats (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), RZ_FORMAT_NONE);
  return self->formats;
}

void
rz_profile_set_formats (RzProfile *self,
                        RzFormat   formats)
{
  g_return_if_fail (RZ_IS_PROFILE (self));
  g_return_if_fail ((formats & ~RZ_FORMAT_ALL) == 0);

  self->formats = formats;
}

const char * const *
rz_profile_get_languages (RzProfile *self)
{
  g_return_val_if_fail (RZ_IS_PROFILE (self), NULL);
  return (const char * const *) self->languages;
}

void
rz_profile_set_languages (RzProfile          *self,
                          const char * const *languages)
{
  const char * const empty[] = { NULL };

  g_return_if_fail (RZ_IS_PROFILE (self));

  g_strfreev (self->languages);
  self->languages = g_strdupv ((char **) (languages ? languages : empty));
}
