/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rz-plan.h"

/* An audience below this weekly reach on a channel is not planned there. */
#define MIN_AUDIENCE_REACH 15.0

struct _RzPlanEntry
{
  GObject        parent_instance;

  char          *channel_id;
  RzChannelKind  kind;
  char          *name;
  char          *purpose;
  char         **audiences;
  char         **messages[RZ_N_MESSAGE_TYPES];
  double         posts_per_week;
  guint          response_minutes;
  char          *responsible;
  char          *stand_in;
};

struct _RzPlan
{
  GObject    parent_instance;

  GPtrArray *entries;
};

static void rz_plan_list_model_init (GListModelInterface *iface);

G_DEFINE_QUARK (rz-plan-error-quark, rz_plan_error)
G_DEFINE_FINAL_TYPE (RzPlanEntry, rz_plan_entry, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (RzPlan, rz_plan, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rz_plan_list_model_init))

enum {
  PROP_0,
  PROP_PURPOSE,
  PROP_POSTS_PER_WEEK,
  PROP_RESPONSE_MINUTES,
  PROP_RESPONSIBLE,
  PROP_STAND_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const message_ids[RZ_N_MESSAGE_TYPES] = {
  "news-and-offers", "behind-the-scenes", "job-offers", "expert-tips",
  "events", "customer-questions",
};

static const char * const message_labels[RZ_N_MESSAGE_TYPES] = {
  /* Translators: a type of message a business posts */
  N_("News and offers"),
  /* Translators: a type of message a business posts: the people and the
   * work behind the business */
  N_("Behind the scenes"),
  /* Translators: a type of message a business posts */
  N_("Job offers"),
  /* Translators: a type of message a business posts: useful advice from
   * the business's field */
  N_("Expert tips"),
  /* Translators: a type of message a business posts */
  N_("Events"),
  /* Translators: a type of message a business posts: answers to what
   * customers ask */
  N_("Customer questions"),
};

static const char * const offline_ids[] = {
  "phone", "front-desk", "email", "press-release", NULL,
};

static const char * const offline_labels[] = {
  N_("Phone"),
  /* Translators: the counter or reception where customers are served */
  N_("Front desk"),
  N_("E-mail"),
  N_("Press release"),
};

const char *
rz_message_type_to_id (RzMessageType type)
{
  g_return_val_if_fail (type < RZ_N_MESSAGE_TYPES, NULL);
  return message_ids[type];
}

gboolean
rz_message_type_from_id (const char    *id,
                         RzMessageType *type)
{
  for (guint i = 0; i < RZ_N_MESSAGE_TYPES; i++)
    {
      if (g_strcmp0 (message_ids[i], id) == 0)
        {
          *type = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rz_message_type_get_label (RzMessageType type)
{
  g_return_val_if_fail (type < RZ_N_MESSAGE_TYPES, NULL);
  return _(message_labels[type]);
}

const char *
rz_offline_channel_get_label (const char *id)
{
  for (guint i = 0; offline_ids[i] != NULL; i++)
    {
      if (g_strcmp0 (offline_ids[i], id) == 0)
        return _(offline_labels[i]);
    }
  return NULL;
}

/* RzPlanEntry */

static char **
strv_copy_or_empty (const char * const *strv)
{
  const char * const empty[] = { NULL };

  return g_strdupv ((char **) (strv ? strv : empty));
}

static void
set_string (RzPlanEntry  *self,
            char        **field,
            const char   *value,
            guint         prop_id)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
rz_plan_entry_finalize (GObject *object)
{
  RzPlanEntry *self = RZ_PLAN_ENTRY (object);

  g_clear_pointer (&self->channel_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->audiences, g_strfreev);
  for (guint i = 0; i < RZ_N_MESSAGE_TYPES; i++)
    g_clear_pointer (&self->messages[i], g_strfreev);
  g_clear_pointer (&self->responsible, g_free);
  g_clear_pointer (&self->stand_in, g_free);

  G_OBJECT_CLASS (rz_plan_entry_parent_class)->finalize (object);
}

static void
rz_plan_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RzPlanEntry *self = RZ_PLAN_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_POSTS_PER_WEEK:
      g_value_set_double (value, self->posts_per_week);
      break;
    case PROP_RESPONSE_MINUTES:
      g_value_set_uint (value, self->response_minutes);
      break;
    case PROP_RESPONSIBLE:
      g_value_set_string (value, self->responsible);
      break;
    case PROP_STAND_IN:
      g_value_set_string (value, self->stand_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_plan_entry_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RzPlanEntry *self = RZ_PLAN_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PURPOSE:
      rz_plan_entry_set_purpose (self, g_value_get_string (value));
      break;
    case PROP_POSTS_PER_WEEK:
      rz_plan_entry_set_posts_per_week (self, g_value_get_double (value));
      break;
    case PROP_RESPONSE_MINUTES:
      rz_plan_entry_set_response_minutes (self, g_value_get_uint (value));
      break;
    case PROP_RESPONSIBLE:
      rz_plan_entry_set_responsible (self, g_value_get_string (value));
      break;
    case PROP_STAND_IN:
      rz_plan_entry_set_stand_in (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_plan_entry_class_init (RzPlanEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rz_plan_entry_finalize;
  object_class->get_property = rz_plan_entry_get_property;
  object_class->set_property = rz_plan_entry_set_property;

  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, "", flags);
  properties[PROP_POSTS_PER_WEEK] =
    g_param_spec_double ("posts-per-week", NULL, NULL, 0.0, 100.0, 0.0, flags);
  properties[PROP_RESPONSE_MINUTES] =
    g_param_spec_uint ("response-minutes", NULL, NULL, 1, 7 * 24 * 60,
                       RZ_PLAN_DEFAULT_RESPONSE_MINUTES, flags);
  properties[PROP_RESPONSIBLE] =
    g_param_spec_string ("responsible", NULL, NULL, "", flags);
  properties[PROP_STAND_IN] =
    g_param_spec_string ("stand-in", NULL, NULL, "", flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_plan_entry_init (RzPlanEntry *self)
{
  self->purpose = g_strdup ("");
  self->audiences = strv_copy_or_empty (NULL);
  self->response_minutes = RZ_PLAN_DEFAULT_RESPONSE_MINUTES;
  self->responsible = g_strdup ("");
  self->stand_in = g_strdup ("");
}

RzPlanEntry *
rz_plan_entry_new (const char    *channel_id,
                   RzChannelKind  kind,
                   const char    *name)
{
  RzPlanEntry *self;

  g_return_val_if_fail (channel_id != NULL && channel_id[0] != '\0', NULL);
  g_return_val_if_fail (kind < RZ_N_CHANNEL_KINDS, NULL);

  self = g_object_new (RZ_TYPE_PLAN_ENTRY, NULL);
  self->channel_id = g_strdup (channel_id);
  self->kind = kind;
  self->name = g_strdup (name ? name : channel_id);
  return self;
}

const char *
rz_plan_entry_get_channel_id (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return self->channel_id;
}

RzChannelKind
rz_plan_entry_get_kind (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), RZ_CHANNEL_KIND_OFFLINE);
  return self->kind;
}

const char *
rz_plan_entry_get_name (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return self->name;
}

const char *
rz_plan_entry_get_purpose (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return self->purpose;
}

void
rz_plan_entry_set_purpose (RzPlanEntry *self,
                           const char  *purpose)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  set_string (self, &self->purpose, purpose, PROP_PURPOSE);
}

const char * const *
rz_plan_entry_get_audiences (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return (const char * const *) self->audiences;
}

void
rz_plan_entry_set_audiences (RzPlanEntry        *self,
                             const char * const *audiences)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));

  g_strfreev (self->audiences);
  self->audiences = strv_copy_or_empty (audiences);
}

const char * const *
rz_plan_entry_get_message_audiences (RzPlanEntry   *self,
                                     RzMessageType  type)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  g_return_val_if_fail (type < RZ_N_MESSAGE_TYPES, NULL);
  return (const char * const *) self->messages[type];
}

void
rz_plan_entry_set_message_audiences (RzPlanEntry        *self,
                                     RzMessageType       type,
                                     const char * const *audiences)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  g_return_if_fail (type < RZ_N_MESSAGE_TYPES);

  g_clear_pointer (&self->messages[type], g_strfreev);
  if (audiences != NULL && audiences[0] != NULL)
    self->messages[type] = g_strdupv ((char **) audiences);
}

gboolean
rz_plan_entry_has_message (RzPlanEntry   *self,
                           RzMessageType  type,
                           const char    *audience)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), FALSE);
  g_return_val_if_fail (type < RZ_N_MESSAGE_TYPES, FALSE);

  if (self->messages[type] == NULL)
    return FALSE;
  return audience == NULL || g_strv_contains ((const char * const *) self->messages[type], audience);
}

double
rz_plan_entry_get_posts_per_week (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), 0.0);
  return self->posts_per_week;
}

void
rz_plan_entry_set_posts_per_week (RzPlanEntry *self,
                                  double       posts_per_week)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  g_return_if_fail (posts_per_week >= 0.0 && posts_per_week <= 100.0);

  if (self->posts_per_week == posts_per_week)
    return;
  self->posts_per_week = posts_per_week;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSTS_PER_WEEK]);
}

char *
rz_plan_entry_dup_rhythm (RzPlanEntry *self)
{
  double posts;

  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);

  posts = self->posts_per_week;
  if (posts <= 0.0)
    /* Translators: the posting rhythm of a channel that only answers */
    return g_strdup (_("Replies only"));

  if (posts < 1.0)
    {
      gulong weeks = (gulong) round (1.0 / posts);

      return g_strdup_printf (ngettext ("One post every %lu week",
                                        "One post every %lu weeks", weeks),
                              weeks);
    }

  {
    gulong n = (gulong) round (posts);

    return g_strdup_printf (ngettext ("%lu post a week", "%lu posts a week", n), n);
  }
}

guint
rz_plan_entry_get_response_minutes (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), 0);
  return self->response_minutes;
}

void
rz_plan_entry_set_response_minutes (RzPlanEntry *self,
                                    guint        minutes)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  g_return_if_fail (minutes > 0);

  if (self->response_minutes == minutes)
    return;
  self->response_minutes = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONSE_MINUTES]);
}

const char *
rz_plan_entry_get_responsible (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return self->responsible;
}

void
rz_plan_entry_set_responsible (RzPlanEntry *self,
                               const char  *responsible)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  set_string (self, &self->responsible, responsible, PROP_RESPONSIBLE);
}

const char *
rz_plan_entry_get_stand_in (RzPlanEntry *self)
{
  g_return_val_if_fail (RZ_IS_PLAN_ENTRY (self), NULL);
  return self->stand_in;
}

void
rz_plan_entry_set_stand_in (RzPlanEntry *self,
                            const char  *stand_in)
{
  g_return_if_fail (RZ_IS_PLAN_ENTRY (self));
  set_string (self, &self->stand_in, stand_in, PROP_STAND_IN);
}

/* RzPlan */

static GType
rz_plan_get_item_type (GListModel *model)
{
  return RZ_TYPE_PLAN_ENTRY;
}

static guint
rz_plan_get_n_items (GListModel *model)
{
  return RZ_PLAN (model)->entries->len;
}

static gpointer
rz_plan_get_item (GListModel *model,
                  guint       position)
{
  RzPlan *self = RZ_PLAN (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
rz_plan_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rz_plan_get_item_type;
  iface->get_n_items = rz_plan_get_n_items;
  iface->get_item = rz_plan_get_item;
}

static void
rz_plan_finalize (GObject *object)
{
  RzPlan *self = RZ_PLAN (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_plan_parent_class)->finalize (object);
}

static void
rz_plan_class_init (RzPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_plan_finalize;
}

static void
rz_plan_init (RzPlan *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
}

RzPlan *
rz_plan_new (void)
{
  return g_object_new (RZ_TYPE_PLAN, NULL);
}

guint
rz_plan_get_n_entries (RzPlan *self)
{
  g_return_val_if_fail (RZ_IS_PLAN (self), 0);
  return self->entries->len;
}

RzPlanEntry *
rz_plan_get_entry (RzPlan *self,
                   guint   position)
{
  g_return_val_if_fail (RZ_IS_PLAN (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, position);
}

RzPlanEntry *
rz_plan_lookup (RzPlan     *self,
                const char *channel_id)
{
  g_return_val_if_fail (RZ_IS_PLAN (self), NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      RzPlanEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_str_equal (entry->channel_id, channel_id))
        return entry;
    }
  return NULL;
}

void
rz_plan_append (RzPlan      *self,
                RzPlanEntry *entry)
{
  g_return_if_fail (RZ_IS_PLAN (self));
  g_return_if_fail (RZ_IS_PLAN_ENTRY (entry));

  g_ptr_array_add (self->entries, g_object_ref (entry));
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
}

RzPlanEntry *
rz_plan_add_offline (RzPlan     *self,
                     const char *id,
                     const char *name)
{
  g_autoptr(RzPlanEntry) entry = NULL;

  g_return_val_if_fail (RZ_IS_PLAN (self), NULL);
  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);

  if (name == NULL)
    name = rz_offline_channel_get_label (id);
  entry = rz_plan_entry_new (id, RZ_CHANNEL_KIND_OFFLINE, name);
  rz_plan_append (self, entry);
  return entry;
}

void
rz_plan_remove (RzPlan *self,
                guint   position)
{
  g_return_if_fail (RZ_IS_PLAN (self));
  g_return_if_fail (position < self->entries->len);

  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Deriving a plan from a profile. */

static const char *
goal_purpose (RzGoal goal)
{
  switch (goal)
    {
    case RZ_GOAL_AWARENESS:
      return _("Make the business known to new customers");
    case RZ_GOAL_CUSTOMER_SERVICE:
      return _("Answer customers' questions quickly");
    case RZ_GOAL_SALES:
      return _("Bring customers to offers and products");
    case RZ_GOAL_RECRUITING:
      return _("Find new staff and apprentices");
    case RZ_GOAL_COMMUNITY:
      return _("Keep in touch with regular customers and fans");
    case RZ_GOAL_EXPERTISE:
      return _("Show what the business knows");
    case RZ_GOAL_PRESS:
      return _("Be noticed by journalists");
    case RZ_N_GOALS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
kind_purpose (RzChannelKind kind)
{
  switch (kind)
    {
    case RZ_CHANNEL_KIND_BUSINESS_NETWORK:
      return _("Stay visible to business contacts");
    case RZ_CHANNEL_KIND_VIDEO:
      return _("Show the business and its people in videos");
    case RZ_CHANNEL_KIND_MESSENGER:
      return _("Answer customers' direct questions");
    case RZ_CHANNEL_KIND_LOCAL_LISTING:
      return _("Be found by people nearby and answer reviews");
    case RZ_CHANNEL_KIND_OWNED_MEDIA:
      return _("Reach people directly, without a platform in between");
    case RZ_CHANNEL_KIND_SOCIAL_NETWORK:
    case RZ_CHANNEL_KIND_OFFLINE:
    case RZ_N_CHANNEL_KINDS:
    default:
      return _("Stay visible to customers");
    }
}

/* The message types a goal calls for. */
static guint
goal_messages (RzGoal goal)
{
  switch (goal)
    {
    case RZ_GOAL_AWARENESS:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_BEHIND_THE_SCENES;
    case RZ_GOAL_CUSTOMER_SERVICE:
      return 1 << RZ_MESSAGE_CUSTOMER_QUESTIONS;
    case RZ_GOAL_SALES:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_EVENTS;
    case RZ_GOAL_RECRUITING:
      return 1 << RZ_MESSAGE_JOB_OFFERS | 1 << RZ_MESSAGE_BEHIND_THE_SCENES;
    case RZ_GOAL_COMMUNITY:
      return 1 << RZ_MESSAGE_BEHIND_THE_SCENES | 1 << RZ_MESSAGE_EVENTS;
    case RZ_GOAL_EXPERTISE:
      return 1 << RZ_MESSAGE_EXPERT_TIPS;
    case RZ_GOAL_PRESS:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_EVENTS;
    case RZ_N_GOALS:
    default:
      return 0;
    }
}

/* The message types a kind of channel carries well. */
static guint
kind_messages (RzChannelKind kind)
{
  switch (kind)
    {
    case RZ_CHANNEL_KIND_BUSINESS_NETWORK:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_BEHIND_THE_SCENES
             | 1 << RZ_MESSAGE_JOB_OFFERS | 1 << RZ_MESSAGE_EXPERT_TIPS | 1 << RZ_MESSAGE_EVENTS;
    case RZ_CHANNEL_KIND_VIDEO:
      return 1 << RZ_MESSAGE_BEHIND_THE_SCENES | 1 << RZ_MESSAGE_JOB_OFFERS
             | 1 << RZ_MESSAGE_EXPERT_TIPS | 1 << RZ_MESSAGE_CUSTOMER_QUESTIONS;
    case RZ_CHANNEL_KIND_MESSENGER:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_CUSTOMER_QUESTIONS;
    case RZ_CHANNEL_KIND_LOCAL_LISTING:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_EVENTS
             | 1 << RZ_MESSAGE_CUSTOMER_QUESTIONS;
    case RZ_CHANNEL_KIND_OWNED_MEDIA:
      return 1 << RZ_MESSAGE_NEWS_AND_OFFERS | 1 << RZ_MESSAGE_BEHIND_THE_SCENES
             | 1 << RZ_MESSAGE_JOB_OFFERS | 1 << RZ_MESSAGE_EXPERT_TIPS | 1 << RZ_MESSAGE_EVENTS;
    case RZ_CHANNEL_KIND_SOCIAL_NETWORK:
    case RZ_CHANNEL_KIND_OFFLINE:
    case RZ_N_CHANNEL_KINDS:
    default:
      return (1 << RZ_N_MESSAGE_TYPES) - 1;
    }
}

static RzPlanEntry *
entry_for_channel (RzChannelInfo *info,
                   RzProfile     *profile)
{
  g_autoptr(RzPlanEntry) entry = NULL;
  g_autoptr(GPtrArray) audiences = g_ptr_array_new ();
  g_autoptr(GString) purpose = g_string_new (NULL);
  RzChannelKind kind = rz_channel_info_get_kind (info);
  const RzGoal *goals;
  guint n_goals;
  guint n_purposes = 0;
  guint wanted = 0;
  guint carried;

  entry = rz_plan_entry_new (rz_channel_info_get_id (info), kind, rz_channel_info_get_name (info));

  /* Purpose: the goals this channel serves well, main goal first. */
  goals = rz_profile_get_goals (profile, &n_goals);
  for (guint i = 0; i < n_goals; i++)
    {
      wanted |= goal_messages (goals[i]);
      if (n_purposes < 2 && rz_channel_info_get_goal_fit (info, goals[i]) >= 0.6)
        {
          if (n_purposes > 0)
            /* Translators: separates two purposes of a channel */
            g_string_append (purpose, _("; "));
          g_string_append (purpose, goal_purpose (goals[i]));
          n_purposes++;
        }
    }
  if (n_purposes == 0)
    g_string_append (purpose, kind_purpose (kind));
  rz_plan_entry_set_purpose (entry, purpose->str);

  /* Audiences that use the channel at all; all of them if none does. */
  for (guint i = 0; i < rz_profile_get_n_audiences (profile); i++)
    {
      const RzAudience *audience = rz_profile_get_audience (profile, i);

      if (rz_channel_info_get_reach_for_ages (info, audience->age_min, audience->age_max) >= MIN_AUDIENCE_REACH
          || kind == RZ_CHANNEL_KIND_OWNED_MEDIA)
        g_ptr_array_add (audiences, audience->label);
    }
  if (audiences->len == 0)
    {
      for (guint i = 0; i < rz_profile_get_n_audiences (profile); i++)
        g_ptr_array_add (audiences, rz_profile_get_audience (profile, i)->label);
    }
  g_ptr_array_add (audiences, NULL);
  rz_plan_entry_set_audiences (entry, (const char * const *) audiences->pdata);

  /* Someone answers every day of the year, wherever people can ask. */
  if (n_goals == 0)
    wanted = 1 << RZ_MESSAGE_NEWS_AND_OFFERS;
  wanted |= 1 << RZ_MESSAGE_CUSTOMER_QUESTIONS;
  carried = wanted & kind_messages (kind);
  if (carried == 0)
    carried = kind_messages (kind) & (1 << RZ_MESSAGE_NEWS_AND_OFFERS);
  for (guint t = 0; t < RZ_N_MESSAGE_TYPES; t++)
    {
      if (carried & (1u << t))
        rz_plan_entry_set_message_audiences (entry, t, (const char * const *) audiences->pdata);
    }

  rz_plan_entry_set_posts_per_week (entry, rz_channel_info_get_posts_per_week (info));
  rz_plan_entry_set_response_minutes (entry, MIN (RZ_PLAN_DEFAULT_RESPONSE_MINUTES,
                                                  rz_channel_info_get_response_minutes (info)));
  return g_steal_pointer (&entry);
}

RzPlan *
rz_plan_new_for_profile (RzProfile          *profile,
                         RzCatalogue        *catalogue,
                         const char * const *channel_ids)
{
  RzPlan *self;

  g_return_val_if_fail (RZ_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (RZ_IS_CATALOGUE (catalogue), NULL);

  self = rz_plan_new ();
  for (guint i = 0; channel_ids != NULL && channel_ids[i] != NULL; i++)
    {
      RzChannelInfo *info = rz_catalogue_lookup (catalogue, channel_ids[i]);
      g_autoptr(RzPlanEntry) entry = NULL;

      if (info == NULL || rz_plan_lookup (self, channel_ids[i]) != NULL)
        continue;
      entry = entry_for_channel (info, profile);
      g_ptr_array_add (self->entries, g_steal_pointer (&entry));
    }
  return self;
}

/* Storage. */

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

JsonNode *
rz_plan_to_node (RzPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (RZ_IS_PLAN (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      RzPlanEntry *entry = g_ptr_array_index (self->entries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, entry->channel_id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, rz_channel_kind_to_id (entry->kind));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entry->name);
      json_builder_set_member_name (builder, "purpose");
      json_builder_add_string_value (builder, entry->purpose);
      add_strv (builder, "audiences", (const char * const *) entry->audiences);

      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      for (guint t = 0; t < RZ_N_MESSAGE_TYPES; t++)
        {
          if (entry->messages[t] == NULL)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, message_ids[t]);
          add_strv (builder, "audiences", (const char * const *) entry->messages[t]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "posts_per_week");
      json_builder_add_double_value (builder, entry->posts_per_week);
      json_builder_set_member_name (builder, "response_minutes");
      json_builder_add_int_value (builder, entry->response_minutes);
      json_builder_set_member_name (builder, "responsible");
      json_builder_add_string_value (builder, entry->responsible);
      json_builder_set_member_name (builder, "stand_in");
      json_builder_add_string_value (builder, entry->stand_in);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
rz_plan_to_json (RzPlan *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RZ_IS_PLAN (self), NULL);

  node = rz_plan_to_node (self);
  return json_to_string (node, TRUE);
}

static gboolean
damaged (GError     **error,
         const char  *detail)
{
  g_set_error (error, RZ_PLAN_ERROR, RZ_PLAN_ERROR_INVALID,
               /* Translators: %s says what is wrong, in English */
               _("The saved plan is damaged: %s"), detail);
  return FALSE;
}

static gboolean
read_strv (JsonObject   *object,
           const char   *name,
           char       ***out,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return damaged (error, name);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return damaged (error, name);
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static const char *
read_string (JsonObject  *object,
             const char  *name,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      damaged (error, name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_number (JsonObject  *object,
             const char  *name,
             double       min,
             double       max,
             double      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type = node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return damaged (error, name);
  *value = json_node_get_double (node);
  if (*value < min || *value > max)
    return damaged (error, name);
  return TRUE;
}

static RzPlanEntry *
entry_from_object (JsonObject  *object,
                   GError     **error)
{
  g_autoptr(RzPlanEntry) entry = NULL;
  g_auto(GStrv) audiences = NULL;
  const char *channel_id;
  const char *kind_id;
  const char *name;
  const char *value;
  RzChannelKind kind;
  JsonNode *messages;
  double number;

  if ((channel_id = read_string (object, "channel", error)) == NULL
      || (kind_id = read_string (object, "kind", error)) == NULL
      || (name = read_string (object, "name", error)) == NULL)
    return NULL;
  if (channel_id[0] == '\0' || !rz_channel_kind_from_id (kind_id, &kind))
    {
      damaged (error, "kind");
      return NULL;
    }
  entry = rz_plan_entry_new (channel_id, kind, name);

  if ((value = read_string (object, "purpose", error)) == NULL)
    return NULL;
  rz_plan_entry_set_purpose (entry, value);

  if (!read_strv (object, "audiences", &audiences, error))
    return NULL;
  rz_plan_entry_set_audiences (entry, (const char * const *) audiences);

  messages = json_object_get_member (object, "messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      damaged (error, "messages");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *message = json_array_get_element (json_node_get_array (messages), i);
      g_auto(GStrv) message_audiences = NULL;
      RzMessageType type;

      if (!JSON_NODE_HOLDS_OBJECT (message))
        {
          damaged (error, "messages");
          return NULL;
        }
      value = read_string (json_node_get_object (message), "type", error);
      if (value == NULL)
        return NULL;
      if (!rz_message_type_from_id (value, &type))
        {
          damaged (error, "messages[].type");
          return NULL;
        }
      if (!read_strv (json_node_get_object (message), "audiences", &message_audiences, error))
        return NULL;
      rz_plan_entry_set_message_audiences (entry, type, (const char * const *) message_audiences);
    }

  if (!read_number (object, "posts_per_week", 0.0, 100.0, &number, error))
    return NULL;
  rz_plan_entry_set_posts_per_week (entry, number);
  if (!read_number (object, "response_minutes", 1, 7 * 24 * 60, &number, error))
    return NULL;
  rz_plan_entry_set_response_minutes (entry, (guint) number);

  if ((value = read_string (object, "responsible", error)) == NULL)
    return NULL;
  rz_plan_entry_set_responsible (entry, value);
  if ((value = read_string (object, "stand_in", error)) == NULL)
    return NULL;
  rz_plan_entry_set_stand_in (entry, value);

  return g_steal_pointer (&entry);
}

RzPlan *
rz_plan_new_from_node (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(RzPlan) self = NULL;
  JsonObject *object;
  JsonNode *entries;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      damaged (error, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (json_object_get_int_member_with_default (object, "version", 0) != 1)
    {
      damaged (error, "version");
      return NULL;
    }
  entries = json_object_get_member (object, "entries");
  if (entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries))
    {
      damaged (error, "entries");
      return NULL;
    }

  self = rz_plan_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (entries)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (entries), i);
      RzPlanEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          damaged (error, "entries");
          return NULL;
        }
      entry = entry_from_object (json_node_get_object (element), error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (self->entries, entry);
    }
  return g_steal_pointer (&self);
}

RzPlan *
rz_plan_new_from_json (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      damaged (error, parse_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      damaged (error, "empty");
      return NULL;
    }
  return rz_plan_new_from_node (json_parser_get_root (parser), error);
}
