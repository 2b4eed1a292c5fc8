/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rz-catalogue.h"
#include "rz-profile.h"

G_BEGIN_DECLS

#define RZ_PLAN_ERROR (rz_plan_error_quark ())

typedef enum {
  RZ_PLAN_ERROR_INVALID,
} RzPlanError;

/* What a business posts about; with channels and audiences it spans the
 * message matrix of a plan. */
typedef enum {
  RZ_MESSAGE_NEWS_AND_OFFERS = 0,
  RZ_MESSAGE_BEHIND_THE_SCENES,
  RZ_MESSAGE_JOB_OFFERS,
  RZ_MESSAGE_EXPERT_TIPS,
  RZ_MESSAGE_EVENTS,
  RZ_MESSAGE_CUSTOMER_QUESTIONS,
  RZ_N_MESSAGE_TYPES
} RzMessageType;

/* A few business hours: a day is too late for an answer. */
#define RZ_PLAN_DEFAULT_RESPONSE_MINUTES 240

#define RZ_TYPE_PLAN_ENTRY (rz_plan_entry_get_type ())
G_DECLARE_FINAL_TYPE (RzPlanEntry, rz_plan_entry, RZ, PLAN_ENTRY, GObject)

#define RZ_TYPE_PLAN (rz_plan_get_type ())
G_DECLARE_FINAL_TYPE (RzPlan, rz_plan, RZ, PLAN, GObject)

GQuark              rz_plan_error_quark               (void);

const char         *rz_message_type_to_id             (RzMessageType   type);
gboolean            rz_message_type_from_id           (const char     *id,
                                                       RzMessageType  *type);
const char         *rz_message_type_get_label         (RzMessageType   type);

/* "phone", "front-desk", "email", "press-release": translated name, or
 * NULL for other ids. */
const char         *rz_offline_channel_get_label      (const char     *id);

/* One channel of the plan: what it is for, whom it speaks to, how often
 * it posts, how fast it answers and who looks after it. */
RzPlanEntry        *rz_plan_entry_new                 (const char     *channel_id,
                                                       RzChannelKind   kind,
                                                       const char     *name);
const char         *rz_plan_entry_get_channel_id      (RzPlanEntry    *self);
RzChannelKind       rz_plan_entry_get_kind            (RzPlanEntry    *self);
const char         *rz_plan_entry_get_name            (RzPlanEntry    *self);
const char         *rz_plan_entry_get_purpose         (RzPlanEntry    *self);
void                rz_plan_entry_set_purpose         (RzPlanEntry    *self,
                                                       const char     *purpose);
/* Labels of the profile's audiences this channel speaks to. */
const char * const *rz_plan_entry_get_audiences       (RzPlanEntry    *self);
void                rz_plan_entry_set_audiences       (RzPlanEntry    *self,
                                                       const char * const *audiences);
/* The message matrix: which audiences get a message type here. NULL or
 * an empty list removes the message type from the channel. */
const char * const *rz_plan_entry_get_message_audiences (RzPlanEntry  *self,
                                                       RzMessageType   type);
void                rz_plan_entry_set_message_audiences (RzPlanEntry  *self,
                                                       RzMessageType   type,
                                                       const char * const *audiences);
/* @audience NULL: for any audience. */
gboolean            rz_plan_entry_has_message         (RzPlanEntry    *self,
                                                       RzMessageType   type,
                                                       const char     *audience);
double              rz_plan_entry_get_posts_per_week  (RzPlanEntry    *self);
void                rz_plan_entry_set_posts_per_week  (RzPlanEntry    *self,
                                                       double          posts_per_week);
/* "3 posts a week", "One post every 4 weeks", "Replies only". */
char               *rz_plan_entry_dup_rhythm          (RzPlanEntry    *self);
guint               rz_plan_entry_get_response_minutes (RzPlanEntry   *self);
void                rz_plan_entry_set_response_minutes (RzPlanEntry   *self,
                                                       guint           minutes);
const char         *rz_plan_entry_get_responsible     (RzPlanEntry    *self);
void                rz_plan_entry_set_responsible     (RzPlanEntry    *self,
                                                       const char     *responsible);
const char         *rz_plan_entry_get_stand_in        (RzPlanEntry    *self);
void                rz_plan_entry_set_stand_in        (RzPlanEntry    *self,
                                                       const char     *stand_in);

/* The plan is a GListModel of RzPlanEntry. */
RzPlan             *rz_plan_new                       (void);
/* Derives purposes, audiences, messages and rhythm from the profile for
 * each of @channel_ids (catalogue ids; unknown ids are skipped). */
RzPlan             *rz_plan_new_for_profile           (RzProfile      *profile,
                                                       RzCatalogue    *catalogue,
                                                       const char * const *channel_ids);
RzPlan             *rz_plan_new_from_json             (const char     *data,
                                                       gssize          length,
                                                       GError        **error);
RzPlan             *rz_plan_new_from_node             (JsonNode       *node,
                                                       GError        **error);
JsonNode           *rz_plan_to_node                   (RzPlan         *self);
char               *rz_plan_to_json                   (RzPlan         *self);

guint               rz_plan_get_n_entries             (RzPlan         *self);
/* Borrowed. */
RzPlanEntry        *rz_plan_get_entry                 (RzPlan         *self,
                                                       guint           position);
RzPlanEntry        *rz_plan_lookup                    (RzPlan         *self,
                                                       const char     *channel_id);
void                rz_plan_append                    (RzPlan         *self,
                                                       RzPlanEntry    *entry);
/* Adds an offline channel like "phone" with its translated name, or with
 * @name for an id of the user's own; returns the new entry, borrowed. */
RzPlanEntry        *rz_plan_add_offline               (RzPlan         *self,
                                                       const char     *id,
                                                       const char     *name);
void                rz_plan_remove                    (RzPlan         *self,
                                                       guint           position);

G_END_DECLS
