/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RZ_CATALOGUE_ERROR (rz_catalogue_error_quark ())

typedef enum {
  RZ_CATALOGUE_ERROR_INVALID,
} RzCatalogueError;

/* The age bands of the German media studies the catalogue cites. */
typedef enum {
  RZ_AGE_BAND_14_29 = 0,
  RZ_AGE_BAND_30_49,
  RZ_AGE_BAND_50_69,
  RZ_AGE_BAND_70_PLUS,
  RZ_N_AGE_BANDS
} RzAgeBand;

/* What a business wants from social media. The order is the order of
 * the ids in files and error messages. */
typedef enum {
  RZ_GOAL_AWARENESS = 0,
  RZ_GOAL_CUSTOMER_SERVICE,
  RZ_GOAL_SALES,
  RZ_GOAL_RECRUITING,
  RZ_GOAL_COMMUNITY,
  RZ_GOAL_EXPERTISE,
  RZ_GOAL_PRESS,
  RZ_N_GOALS
} RzGoal;

/* What a business can produce; a channel needs some of them. */
typedef enum {
  RZ_FORMAT_NONE  = 0,
  RZ_FORMAT_TEXT  = 1 << 0,
  RZ_FORMAT_PHOTO = 1 << 1,
  RZ_FORMAT_VIDEO = 1 << 2,
} RzFormat;

#define RZ_FORMAT_ALL (RZ_FORMAT_TEXT | RZ_FORMAT_PHOTO | RZ_FORMAT_VIDEO)

typedef enum {
  RZ_CHANNEL_KIND_SOCIAL_NETWORK = 0,
  RZ_CHANNEL_KIND_BUSINESS_NETWORK,
  RZ_CHANNEL_KIND_VIDEO,
  RZ_CHANNEL_KIND_MESSENGER,
  RZ_CHANNEL_KIND_LOCAL_LISTING,
  RZ_CHANNEL_KIND_OWNED_MEDIA,
  /* Phone, front desk, e-mail, press release: only in plans. */
  RZ_CHANNEL_KIND_OFFLINE,
  RZ_N_CHANNEL_KINDS
} RzChannelKind;

typedef enum {
  RZ_MARKET_B2C = 0,
  RZ_MARKET_B2B,
  RZ_MARKET_BOTH,
  RZ_N_MARKETS
} RzMarket;

typedef enum {
  RZ_REGION_LOCAL = 0,
  RZ_REGION_NATIONAL,
  RZ_REGION_INTERNATIONAL,
  RZ_N_REGIONS
} RzRegion;

/* Whether Resonanz itself can publish to and read from a channel. */
typedef enum {
  RZ_CONNECT_YES = 0,
  RZ_CONNECT_PLANNED,
  RZ_CONNECT_MANUAL,
} RzConnectSupport;

typedef enum {
  RZ_RISK_LOW = 0,
  RZ_RISK_MEDIUM,
  RZ_RISK_HIGH,
} RzRiskLevel;

/* One cell of the reach table. @source and @year name the study; for an
 * estimate they name the figure the estimate rests on and may be NULL/0.
 * @basis explains an estimate to maintainers; it is not shown to users. */
typedef struct
{
  double      percent;
  gboolean    estimate;
  const char *source;
  guint       year;
  const char *basis;
} RzReachFigure;

typedef struct _RzChannelInfo RzChannelInfo;

#define RZ_TYPE_CHANNEL_INFO (rz_channel_info_get_type ())
#define RZ_TYPE_CATALOGUE (rz_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (RzCatalogue, rz_catalogue, RZ, CATALOGUE, GObject)

GQuark               rz_catalogue_error_quark        (void);
GType                rz_channel_info_get_type        (void) G_GNUC_CONST;

/* Loads data/channels.json from the resources linked into the binary. */
RzCatalogue         *rz_catalogue_new_default        (GError        **error);
RzCatalogue         *rz_catalogue_new_from_data      (const char     *data,
                                                      gssize          length,
                                                      GError        **error);
guint                rz_catalogue_get_n_channels     (RzCatalogue    *self);
RzChannelInfo       *rz_catalogue_get_channel        (RzCatalogue    *self,
                                                      guint           position);
/* Returns NULL for an unknown id. */
RzChannelInfo       *rz_catalogue_lookup             (RzCatalogue    *self,
                                                      const char     *id);
/* The ids in catalogue order, joined with ", " for error messages. */
char                *rz_catalogue_dup_ids_string     (RzCatalogue    *self);

RzChannelInfo       *rz_channel_info_ref             (RzChannelInfo  *info);
void                 rz_channel_info_unref           (RzChannelInfo  *info);
const char          *rz_channel_info_get_id          (RzChannelInfo  *info);
/* Translated. */
const char          *rz_channel_info_get_name        (RzChannelInfo  *info);
RzChannelKind        rz_channel_info_get_kind        (RzChannelInfo  *info);
const RzReachFigure *rz_channel_info_get_reach       (RzChannelInfo  *info,
                                                      RzAgeBand       band);
/* Weekly reach among people aged @age_min to @age_max, in percent: the
 * bands weighted by how many of those ages they cover. Ages below 14 count
 * as the youngest band. */
double               rz_channel_info_get_reach_for_ages (RzChannelInfo *info,
                                                      int             age_min,
                                                      int             age_max);
/* Adds how much of @age_min to @age_max falls in each band to @weights
 * (RZ_N_AGE_BANDS entries); the shares of one range add up to 1. */
void                 rz_age_range_add_band_weights   (int             age_min,
                                                      int             age_max,
                                                      double         *weights);
double               rz_channel_info_get_market_fit  (RzChannelInfo  *info,
                                                      RzMarket        market);
double               rz_channel_info_get_goal_fit    (RzChannelInfo  *info,
                                                      RzGoal          goal);
double               rz_channel_info_get_region_fit  (RzChannelInfo  *info,
                                                      RzRegion        region);
/* Extra fit for businesses of one industry (an id like "hospitality"),
 * 0 for most; the catalogue's "industries" table. */
double               rz_channel_info_get_industry_bonus (RzChannelInfo *info,
                                                      const char     *industry_id);
RzFormat             rz_channel_info_get_formats     (RzChannelInfo  *info);
double               rz_channel_info_get_hours_per_week (RzChannelInfo *info);
/* The posting rhythm that the hours above pay for; 0 for replies only. */
double               rz_channel_info_get_posts_per_week (RzChannelInfo *info);
/* The answer time people expect on the channel. */
guint                rz_channel_info_get_response_minutes (RzChannelInfo *info);
RzConnectSupport     rz_channel_info_get_connect     (RzChannelInfo  *info);
RzRiskLevel          rz_channel_info_get_risk_level  (RzChannelInfo  *info);
guint                rz_channel_info_get_n_risks     (RzChannelInfo  *info);
/* Translated note; @kind_id is "data-protection", "brand-safety",
 * "platform-rules" or "law". @industries is NULL when the note applies
 * to every business, otherwise a NULL-terminated list of industry ids. */
const char          *rz_channel_info_get_risk        (RzChannelInfo  *info,
                                                      guint           position,
                                                      const char    **kind_id,
                                                      const char * const **industries);

/* Ids as used in files, and translated labels for the user. */
const char          *rz_goal_to_id                   (RzGoal          goal);
gboolean             rz_goal_from_id                 (const char     *id,
                                                      RzGoal         *goal);
const char          *rz_goal_get_label               (RzGoal          goal);
const char          *rz_format_to_id                 (RzFormat        format);
gboolean             rz_format_from_id               (const char     *id,
                                                      RzFormat       *format);
const char          *rz_format_get_label             (RzFormat        format);
const char          *rz_channel_kind_to_id           (RzChannelKind   kind);
gboolean             rz_channel_kind_from_id         (const char     *id,
                                                      RzChannelKind  *kind);
const char          *rz_channel_kind_get_label       (RzChannelKind   kind);
const char          *rz_market_to_id                 (RzMarket        market);
gboolean             rz_market_from_id               (const char     *id,
                                                      RzMarket       *market);
const char          *rz_region_to_id                 (RzRegion        region);
gboolean             rz_region_from_id               (const char     *id,
                                                      RzRegion       *region);
const char          *rz_age_band_to_id               (RzAgeBand       band);
/* First and last age of a band; the open band ends at 100. */
void                 rz_age_band_get_range           (RzAgeBand       band,
                                                      int            *age_min,
                                                      int            *age_max);
/* The people in a band, for sentences like "58% of 30–49 year olds". */
const char          *rz_age_band_get_label           (RzAgeBand       band);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzChannelInfo, rz_channel_info_unref)

G_END_DECLS
