/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rz-catalogue.h"
#include "rz-profile.h"

G_BEGIN_DECLS

/* How one channel fares for one profile. */
typedef struct _RzChannelRating RzChannelRating;

#define RZ_TYPE_CHANNEL_RATING (rz_channel_rating_get_type ())
#define RZ_TYPE_RECOMMENDATION (rz_recommendation_get_type ())
G_DECLARE_FINAL_TYPE (RzRecommendation, rz_recommendation, RZ, RECOMMENDATION, GObject)

GType               rz_channel_rating_get_type          (void) G_GNUC_CONST;
RzChannelRating    *rz_channel_rating_ref               (RzChannelRating  *rating);
void                rz_channel_rating_unref             (RzChannelRating  *rating);
RzChannelInfo      *rz_channel_rating_get_channel       (RzChannelRating  *rating);
/* 0 (forbidden or useless) to 1 (ideal). */
double              rz_channel_rating_get_score         (RzChannelRating  *rating);
gboolean            rz_channel_rating_get_recommended   (RzChannelRating  *rating);
/* Weekly reach among the profile's audiences, in percent. */
double              rz_channel_rating_get_audience_reach (RzChannelRating *rating);
/* Translated sentences for the channel; never NULL. */
const char * const *rz_channel_rating_get_reasons       (RzChannelRating  *rating);
/* The strongest translated reason against the channel; NULL when it is
 * recommended. */
const char         *rz_channel_rating_get_why_not       (RzChannelRating  *rating);

/* Ranks every channel of @catalogue for @profile and picks a few that fit
 * the weekly hours. Deterministic: the same input gives the same result. */
RzRecommendation   *rz_recommend                        (RzCatalogue      *catalogue,
                                                         RzProfile        *profile);

/* Every channel, best first; ties by id. */
guint               rz_recommendation_get_n_ratings     (RzRecommendation *self);
RzChannelRating    *rz_recommendation_get_rating        (RzRecommendation *self,
                                                         guint             position);
RzChannelRating    *rz_recommendation_lookup            (RzRecommendation *self,
                                                         const char       *channel_id);
/* The chosen channels, best first: at least one unless every channel is
 * excluded, at most three. */
guint               rz_recommendation_get_n_recommended (RzRecommendation *self);
RzChannelRating    *rz_recommendation_get_recommended   (RzRecommendation *self,
                                                         guint             position);
gboolean            rz_recommendation_is_recommended    (RzRecommendation *self,
                                                         const char       *channel_id);
/* Translated, NULL-terminated. */
const char * const *rz_recommendation_get_warnings      (RzRecommendation *self);
/* Sum of the recommended channels' hours a week. */
double              rz_recommendation_get_hours_needed  (RzRecommendation *self);
/* The JSON that `resonanz --recommend` prints: recommended, considered
 * (the strongest rejected channels and every excluded one), warnings,
 * hours_needed; pretty printed, numbers rounded to two decimals. */
char               *rz_recommendation_to_json           (RzRecommendation *self);

/* What the rules of a regulated industry mean for posts and replies
 * (health advertising law, professional rules of lawyers and tax
 * advisers, financial promotion rules), translated; NULL if none apply. */
const char         *rz_recommender_get_regulation_note  (RzProfile        *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzChannelRating, rz_channel_rating_unref)

G_END_DECLS
