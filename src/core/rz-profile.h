/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rz-catalogue.h"

G_BEGIN_DECLS

#define RZ_PROFILE_ERROR (rz_profile_error_quark ())

typedef enum {
  /* Not JSON at all; the message names line and column. */
  RZ_PROFILE_ERROR_MALFORMED,
  /* A member is missing, unknown or of the wrong type. */
  RZ_PROFILE_ERROR_INVALID_TYPE,
  /* An id that is not in the list; the message lists the valid ids. */
  RZ_PROFILE_ERROR_UNKNOWN_ID,
  /* A value out of range, like age_min > age_max or negative hours. */
  RZ_PROFILE_ERROR_INVALID_VALUE,
} RzProfileError;

typedef enum {
  RZ_INDUSTRY_CRAFTS = 0,
  RZ_INDUSTRY_RETAIL,
  RZ_INDUSTRY_FOOD,
  RZ_INDUSTRY_HOSPITALITY,
  RZ_INDUSTRY_HEALTH,
  RZ_INDUSTRY_CARE,
  RZ_INDUSTRY_PROFESSIONAL_SERVICES,
  RZ_INDUSTRY_LEGAL_TAX,
  RZ_INDUSTRY_MANUFACTURING,
  RZ_INDUSTRY_IT,
  RZ_INDUSTRY_TOURISM,
  RZ_INDUSTRY_EDUCATION,
  RZ_INDUSTRY_REAL_ESTATE,
  RZ_INDUSTRY_FINANCE,
  RZ_INDUSTRY_NONPROFIT,
  RZ_INDUSTRY_CREATIVE,
  RZ_INDUSTRY_OTHER,
  RZ_N_INDUSTRIES
} RzIndustry;

/* A group of people the business wants to reach, by age. */
typedef struct
{
  char *label;
  int   age_min;
  int   age_max;
} RzAudience;

#define RZ_PROFILE_MIN_AGE 0
#define RZ_PROFILE_MAX_AGE 120
#define RZ_PROFILE_MAX_HOURS 168.0

#define RZ_TYPE_PROFILE (rz_profile_get_type ())
G_DECLARE_FINAL_TYPE (RzProfile, rz_profile, RZ, PROFILE, GObject)

GQuark              rz_profile_error_quark          (void);

/* The strategy of a business: who it wants to reach, what for, and with
 * how much time. Everything the recommender and the plan start from. */
RzProfile          *rz_profile_new                  (void);
/* @catalogue checks forbidden_channels; NULL uses the built-in one. */
RzProfile          *rz_profile_new_from_json        (const char     *data,
                                                     gssize          length,
                                                     RzCatalogue    *catalogue,
                                                     GError        **error);
RzProfile          *rz_profile_new_from_node        (JsonNode       *node,
                                                     RzCatalogue    *catalogue,
                                                     GError        **error);
JsonNode           *rz_profile_to_node              (RzProfile      *self);
char               *rz_profile_to_json              (RzProfile      *self);

const char         *rz_profile_get_name             (RzProfile      *self);
void                rz_profile_set_name             (RzProfile      *self,
                                                     const char     *name);
RzIndustry          rz_profile_get_industry         (RzProfile      *self);
void                rz_profile_set_industry         (RzProfile      *self,
                                                     RzIndustry      industry);
RzMarket            rz_profile_get_market           (RzProfile      *self);
void                rz_profile_set_market           (RzProfile      *self,
                                                     RzMarket        market);
RzRegion            rz_profile_get_region           (RzProfile      *self);
void                rz_profile_set_region           (RzProfile      *self,
                                                     RzRegion        region);
double              rz_profile_get_hours_per_week   (RzProfile      *self);
void                rz_profile_set_hours_per_week   (RzProfile      *self,
                                                     double          hours);
gboolean            rz_profile_get_regulated        (RzProfile      *self);
void                rz_profile_set_regulated        (RzProfile      *self,
                                                     gboolean        regulated);
/* Regulated by the flag or by the industry (health, legal-tax, finance). */
gboolean            rz_profile_is_regulated         (RzProfile      *self);

guint               rz_profile_get_n_audiences      (RzProfile      *self);
const RzAudience   *rz_profile_get_audience         (RzProfile      *self,
                                                     guint           position);
void                rz_profile_add_audience         (RzProfile      *self,
                                                     const char     *label,
                                                     int             age_min,
                                                     int             age_max);
void                rz_profile_clear_audiences      (RzProfile      *self);

/* Goals in the order the user gave them, the first is the main one. */
const RzGoal       *rz_profile_get_goals            (RzProfile      *self,
                                                     guint          *n_goals);
gboolean            rz_profile_has_goal             (RzProfile      *self,
                                                     RzGoal          goal);
void                rz_profile_set_goals            (RzProfile      *self,
                                                     const RzGoal   *goals,
                                                     guint           n_goals);

const char * const *rz_profile_get_forbidden_channels (RzProfile    *self);
gboolean            rz_profile_is_forbidden         (RzProfile      *self,
                                                     const char     *channel_id);
void                rz_profile_set_forbidden_channels (RzProfile    *self,
                                                     const char * const *channel_ids);

RzFormat            rz_profile_get_formats          (RzProfile      *self);
void                rz_profile_set_formats          (RzProfile      *self,
                                                     RzFormat        formats);

/* Language codes, "de" or "en". */
const char * const *rz_profile_get_languages        (RzProfile      *self);
void                rz_profile_set_languages        (RzProfile      *self,
                                                     const char * const *languages);

const char         *rz_industry_to_id               (RzIndustry      industry);
gboolean            rz_industry_from_id             (const char     *id,
                                                     RzIndustry     *industry);
const char         *rz_industry_get_label           (RzIndustry      industry);

G_END_DECLS
