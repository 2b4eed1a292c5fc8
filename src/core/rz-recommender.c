/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rz-recommender.h"

/* How many rejected channels the JSON explains, besides excluded ones. */
#define N_CONSIDERED 5
/* Below this many hours a week nobody can answer every day. */
#define MIN_HOURS_FOR_DAILY_REPLIES 2.0

struct _RzChannelRating
{
  gatomicrefcount  ref_count;

  RzChannelInfo   *channel;
  double           score;
  double           reach;
  double           reach_norm;
  double           goal_fit;
  double           market_fit;
  double           region_fit;
  double           bonus;
  RzAgeBand        main_band;
  gboolean         forbidden;
  RzFormat         missing;
  gboolean         recommended;
  char           **reasons;
  char            *why_not;
};

struct _RzRecommendation
{
  GObject     parent_instance;

  /* RzChannelRating, best first */
  GPtrArray  *ratings;
  GPtrArray  *recommended;
  char      **warnings;
  double      hours_needed;
};

G_DEFINE_BOXED_TYPE (RzChannelRating, rz_channel_rating, rz_channel_rating_ref, rz_channel_rating_unref)
G_DEFINE_FINAL_TYPE (RzRecommendation, rz_recommendation, G_TYPE_OBJECT)

/* Shares of the German population 14+ per band, for profiles that name
 * no audience (Destatis, rounded). */
static const double population_weights[RZ_N_AGE_BANDS] = { 0.18, 0.29, 0.33, 0.20 };

RzChannelRating *
rz_channel_rating_ref (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, NULL);

  g_atomic_ref_count_inc (&rating->ref_count);
  return rating;
}

void
rz_channel_rating_unref (RzChannelRating *rating)
{
  g_return_if_fail (rating != NULL);

  if (!g_atomic_ref_count_dec (&rating->ref_count))
    return;

  g_clear_pointer (&rating->channel, rz_channel_info_unref);
  g_clear_pointer (&rating->reasons, g_strfreev);
  g_clear_pointer (&rating->why_not, g_free);
  g_free (rating);
}

RzChannelInfo *
rz_channel_rating_get_channel (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, NULL);
  return rating->channel;
}

double
rz_channel_rating_get_score (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, 0.0);
  return rating->score;
}

gboolean
rz_channel_rating_get_recommended (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, FALSE);
  return rating->recommended;
}

double
rz_channel_rating_get_audience_reach (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, 0.0);
  return rating->reach;
}

const char * const *
rz_channel_rating_get_reasons (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, NULL);
  return (const char * const *) rating->reasons;
}

const char *
rz_channel_rating_get_why_not (RzChannelRating *rating)
{
  g_return_val_if_fail (rating != NULL, NULL);
  return rating->why_not;
}

/* GStrvBuilder can take strings only since GLib 2.80. */
static void
strv_take (GPtrArray *list,
           char      *string)
{
  g_ptr_array_add (list, string);
}

static void
strv_add (GPtrArray  *list,
          const char *string)
{
  g_ptr_array_add (list, g_strdup (string));
}

static char **
strv_end (GPtrArray *list)
{
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

/* Numbers in sentences: "3" or "2.5", in the user's locale. */
static char *
format_hours (double hours)
{
  if (fabs (hours - round (hours)) < 0.05)
    return g_strdup_printf ("%.0f", hours);
  return g_strdup_printf ("%.1f", hours);
}

/* The n for ngettext () of an amount of hours. */
static gulong
hours_plural (double hours)
{
  if (fabs (hours - round (hours)) < 0.05)
    return (gulong) round (hours);
  return (gulong) ceil (hours) + 1;
}

/* "ARD/ZDF-Medienstudie 2024", or what an estimate rests on. */
static char *
dup_citation (const RzReachFigure *figure)
{
  if (!figure->estimate)
    return g_strdup_printf ("%s %u", figure->source, figure->year);
  if (figure->source != NULL)
    /* Translators: in brackets after a figure; %s %u is a study and its
     * year, like “ARD/ZDF-Medienstudie 2024” */
    return g_strdup_printf (_("estimate based on %s %u"), figure->source, figure->year);
  /* Translators: in brackets after a figure that no study gives */
  return g_strdup (_("estimate"));
}

static char *
dup_reach_sentence (RzChannelRating *rating,
                    gboolean         only)
{
  const RzReachFigure *figure = rz_channel_info_get_reach (rating->channel, rating->main_band);
  g_autofree char *citation = dup_citation (figure);
  int percent = (int) round (figure->percent);

  if (only)
    /* Translators: “Only 8% of 14–29 year olds use it weekly
     * (ARD/ZDF-Medienstudie 2024).” The second %s is an age group, the
     * third a source */
    return g_strdup_printf (ngettext ("Only %d%% of %s use it weekly (%s).",
                                      "Only %d%% of %s use it weekly (%s).", percent),
                            percent, rz_age_band_get_label (rating->main_band), citation);

  /* Translators: “58% of 30–49 year olds use it weekly
   * (ARD/ZDF-Medienstudie 2024).” The second %s is an age group, the
   * third a source */
  return g_strdup_printf (ngettext ("%d%% of %s use it weekly (%s).",
                                    "%d%% of %s use it weekly (%s).", percent),
                          percent, rz_age_band_get_label (rating->main_band), citation);
}

static void
profile_band_weights (RzProfile *profile,
                      double    *weights)
{
  guint n = rz_profile_get_n_audiences (profile);

  if (n == 0)
    {
      memcpy (weights, population_weights, sizeof population_weights);
      return;
    }

  /* Every audience counts the same, however wide its age range. */
  memset (weights, 0, sizeof (double) * RZ_N_AGE_BANDS);
  for (guint i = 0; i < n; i++)
    {
      const RzAudience *audience = rz_profile_get_audience (profile, i);

      rz_age_range_add_band_weights (audience->age_min, audience->age_max, weights);
    }
  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    weights[i] /= n;
}

/* The first goal is the main one: later goals weigh less, and a channel
 * that is very strong for one goal gets some credit for that. */
static double
goal_fit (RzChannelInfo *info,
          RzProfile     *profile)
{
  const RzGoal *goals;
  guint n_goals;
  double sum = 0.0;
  double weights = 0.0;
  double best = 0.0;

  goals = rz_profile_get_goals (profile, &n_goals);
  if (n_goals == 0)
    return 0.5;

  for (guint i = 0; i < n_goals; i++)
    {
      double fit = rz_channel_info_get_goal_fit (info, goals[i]);
      double weight = 2.0 / (i + 2.0);

      sum += weight * fit;
      weights += weight;
      best = MAX (best, fit);
    }
  return 0.7 * sum / weights + 0.3 * best;
}

static RzChannelRating *
rate_channel (RzChannelInfo *info,
              RzProfile     *profile,
              const double  *weights)
{
  RzChannelRating *rating = g_new0 (RzChannelRating, 1);
  RzMarket market = rz_profile_get_market (profile);
  RzFormat needed = rz_channel_info_get_formats (info);
  double w_reach, w_goal, w_market, w_region;
  double penalty;
  double base;
  double main_weight = -1.0;

  g_atomic_ref_count_init (&rating->ref_count);
  rating->channel = rz_channel_info_ref (info);

  for (guint i = 0; i < RZ_N_AGE_BANDS; i++)
    {
      rating->reach += weights[i] * rz_channel_info_get_reach (info, i)->percent;
      /* Strictly greater: a tie goes to the younger band. */
      if (weights[i] > main_weight + 1e-9)
        {
          main_weight = weights[i];
          rating->main_band = i;
        }
    }
  /* Reaching 60% of the audience is as good as it gets. Users of a
   * channel only matter as far as a business can be seen there: nobody
   * finds a business in a messenger or a newsletter they have not
   * subscribed to. The awareness fit says how visible a business is,
   * the region fit how many of the users are within the business's
   * reach: a local listing does little for a nationwide audience. */
  rating->region_fit = rz_channel_info_get_region_fit (info, rz_profile_get_region (profile));
  rating->reach_norm = MIN (1.0, rating->reach / 60.0)
                       * (0.5 + 0.5 * rz_channel_info_get_goal_fit (info, RZ_GOAL_AWARENESS))
                       * (0.5 + 0.5 * rating->region_fit);
  rating->goal_fit = goal_fit (info, profile);
  rating->market_fit = rz_channel_info_get_market_fit (info, market);
  rating->bonus = rz_channel_info_get_industry_bonus (info, rz_industry_to_id (rz_profile_get_industry (profile)));
  rating->forbidden = rz_profile_is_forbidden (profile, rz_channel_info_get_id (info));
  rating->missing = needed & ~rz_profile_get_formats (profile);

  /* Consumers are where the population is; business customers are
   * where business is done, so for B2B the market fit counts more than
   * the reach among all people of an age. */
  switch (market)
    {
    case RZ_MARKET_B2B:
      w_reach = 0.15, w_goal = 0.40, w_market = 0.30, w_region = 0.15;
      break;
    case RZ_MARKET_BOTH:
      w_reach = 0.30, w_goal = 0.35, w_market = 0.20, w_region = 0.15;
      break;
    case RZ_MARKET_B2C:
    case RZ_N_MARKETS:
    default:
      w_reach = 0.40, w_goal = 0.30, w_market = 0.15, w_region = 0.15;
      break;
    }

  base = w_reach * rating->reach_norm + w_goal * rating->goal_fit
         + w_market * rating->market_fit + w_region * rating->region_fit
         + rating->bonus;

  switch (rz_channel_info_get_risk_level (info))
    {
    case RZ_RISK_HIGH:
      penalty = 0.20;
      break;
    case RZ_RISK_MEDIUM:
      penalty = 0.05;
      break;
    case RZ_RISK_LOW:
    default:
      penalty = 0.0;
      break;
    }
  /* A regulated business has more to lose from a risky platform. */
  if (rz_profile_is_regulated (profile))
    penalty *= 2.0;

  rating->score = CLAMP (base * (1.0 - penalty), 0.0, 1.0);
  if (rating->missing != RZ_FORMAT_NONE)
    rating->score *= 0.5;
  if (rating->forbidden)
    rating->score = 0.0;

  return rating;
}

static void
add_reasons (RzChannelRating *rating,
             RzProfile       *profile)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  RzChannelInfo *info = rating->channel;
  RzMarket market = rz_profile_get_market (profile);
  RzRegion region = rz_profile_get_region (profile);
  double hours = rz_channel_info_get_hours_per_week (info);
  g_autofree char *hours_text = format_hours (hours);
  const RzGoal *goals;
  guint n_goals;
  guint n_goal_reasons = 0;

  /* The reach of owned media is the reach of the business's own list,
   * which no study measures; say what makes them worth it instead. */
  if (rz_channel_info_get_kind (info) == RZ_CHANNEL_KIND_OWNED_MEDIA)
    strv_add (reasons, _("You own the contacts: no platform decides who sees what you publish."));
  else if (rating->reach_norm >= 0.3)
    strv_take (reasons, dup_reach_sentence (rating, FALSE));

  goals = rz_profile_get_goals (profile, &n_goals);
  for (guint i = 0; i < n_goals && n_goal_reasons < 2; i++)
    {
      if (rz_channel_info_get_goal_fit (info, goals[i]) >= 0.7)
        {
          /* Translators: %s is a goal like “Recruiting” */
          strv_take (reasons, g_strdup_printf (_("Fits your goal “%s”."),
                                                         rz_goal_get_label (goals[i])));
          n_goal_reasons++;
        }
    }

  if (market == RZ_MARKET_B2B && rating->market_fit >= 0.7)
    strv_add (reasons, region == RZ_REGION_LOCAL
                                 ? _("Your customers are local businesses: B2B fit is high.")
                                 : _("Your customers are businesses: B2B fit is high."));
  else if (market == RZ_MARKET_B2C && rating->market_fit >= 0.8)
    strv_add (reasons, _("Your customers are consumers: B2C fit is high."));
  else if (market == RZ_MARKET_BOTH && rating->market_fit >= 0.7)
    strv_add (reasons, _("Reaches consumers and business customers alike."));

  if (region == RZ_REGION_LOCAL && rating->region_fit >= 0.9)
    strv_add (reasons, _("People look for local businesses here."));
  else if (region == RZ_REGION_INTERNATIONAL && rating->region_fit >= 0.9)
    strv_add (reasons, _("Works across borders."));

  if (rating->bonus > 0.0)
    /* Translators: %s is an industry like “Hospitality” */
    strv_take (reasons, g_strdup_printf (_("Suits businesses in the industry “%s”."),
                                                   rz_industry_get_label (rz_profile_get_industry (profile))));

  if (rz_channel_info_get_connect (info) == RZ_CONNECT_YES)
    strv_add (reasons, _("Resonanz can publish here and collect the replies for you."));

  strv_take (reasons,
                       g_strdup_printf (ngettext ("Needs about %s hour a week, replies included.",
                                                  "Needs about %s hours a week, replies included.",
                                                  hours_plural (hours)),
                                        hours_text));

  rating->reasons = strv_end (g_steal_pointer (&reasons));
}

static char *
dup_missing_format_sentence (RzFormat missing)
{
  if (missing & RZ_FORMAT_VIDEO)
    return g_strdup (_("Needs video, which you said you cannot produce."));
  if (missing & RZ_FORMAT_PHOTO)
    return g_strdup (_("Needs photos, which you said you cannot produce."));
  return g_strdup (_("Needs written text, which you said you cannot produce."));
}

static char *
dup_why_not (RzChannelRating *rating,
             RzProfile       *profile,
             double           hours_needed)
{
  RzChannelInfo *info = rating->channel;
  double hours = rz_channel_info_get_hours_per_week (info);
  double budget = rz_profile_get_hours_per_week (profile);
  const RzReachFigure *main_figure = rz_channel_info_get_reach (info, rating->main_band);
  const RzGoal *goals;
  guint n_goals;

  goals = rz_profile_get_goals (profile, &n_goals);

  if (rating->forbidden)
    return g_strdup (_("Your profile excludes this channel."));

  if (rating->missing != RZ_FORMAT_NONE)
    return dup_missing_format_sentence (rating->missing);

  if (rating->market_fit < 0.3)
    return g_strdup (rz_profile_get_market (profile) == RZ_MARKET_B2B
                     ? _("Few business customers can be reached here.")
                     : _("Made for business contacts rather than for consumers."));

  if (main_figure->percent < 15.0 && rating->reach_norm < 0.3)
    return dup_reach_sentence (rating, TRUE);

  if (hours > budget + 1e-9)
    {
      g_autofree char *hours_text = format_hours (hours);

      return g_strdup_printf (ngettext ("Over your time budget: needs about %s hour a week.",
                                        "Over your time budget: needs about %s hours a week.",
                                        hours_plural (hours)),
                              hours_text);
    }

  if (n_goals > 0 && rating->goal_fit < 0.45)
    /* Translators: %s is a goal like “Recruiting” */
    return g_strdup_printf (_("Weak fit for your main goal “%s”."), rz_goal_get_label (goals[0]));

  if (rating->region_fit < 0.35)
    return g_strdup (rz_profile_get_region (profile) == RZ_REGION_LOCAL
                     ? _("Does little for local customers.")
                     : _("Does not suit the region you work in."));

  if (rz_channel_info_get_risk_level (info) == RZ_RISK_HIGH)
    {
      for (guint i = 0; i < rz_channel_info_get_n_risks (info); i++)
        {
          const char *kind_id;
          const char * const *industries;
          const char *note = rz_channel_info_get_risk (info, i, &kind_id, &industries);

          if (industries == NULL && !g_str_equal (kind_id, "law"))
            return g_strdup (note);
        }
    }

  if (hours + hours_needed > budget + 1e-9)
    return g_strdup (_("Together with the recommended channels it would go over your time budget."));

  return g_strdup (_("A good fit, but a few channels done well beat many done badly: consider it once the recommended ones run smoothly."));
}

static int
compare_ratings (gconstpointer a,
                 gconstpointer b)
{
  const RzChannelRating *ra = *(RzChannelRating * const *) a;
  const RzChannelRating *rb = *(RzChannelRating * const *) b;

  if (ra->score > rb->score + 1e-9)
    return -1;
  if (rb->score > ra->score + 1e-9)
    return 1;
  return strcmp (rz_channel_info_get_id (ra->channel), rz_channel_info_get_id (rb->channel));
}

static gboolean
fits (RzChannelRating *rating,
      double           budget)
{
  return !rating->forbidden && rating->missing == RZ_FORMAT_NONE
         && rz_channel_info_get_hours_per_week (rating->channel) <= budget + 1e-9;
}

/* Picks the set of at most @max_count channels with the highest total
 * score that fits the budget. The best fitting channel may be left out
 * for two that together do more; weak channels never fill up a set. */
static void
choose_within_budget (GPtrArray *ratings,
                      double     budget,
                      guint      max_count,
                      GPtrArray *chosen)
{
  g_autoptr(GPtrArray) pool = g_ptr_array_new ();
  RzChannelRating *set[3];
  double best_sum = -1.0;
  double best_hours = G_MAXDOUBLE;
  guint best_n = 0;
  guint best[3] = { 0, };
  double floor_score = 0.0;
  guint n;

  g_assert (max_count >= 1 && max_count <= G_N_ELEMENTS (set));

  for (guint i = 0; i < ratings->len && pool->len < 10; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (ratings, i);

      if (!fits (rating, budget))
        continue;
      if (pool->len == 0)
        floor_score = MAX (0.4, 0.7 * rating->score);
      else if (rating->score < floor_score)
        break;
      g_ptr_array_add (pool, rating);
    }

  n = pool->len;
  /* At most ten channels in three nested loops: 175 sets. Sets are
   * visited in rank order and only a strictly better one replaces the
   * best so far, so ties go to the better-ranked channels. */
  for (guint i = 0; i < n; i++)
    for (guint j = i; j < n; j++)
      for (guint k = j; k < n; k++)
        {
          guint count = 1 + (j > i ? 1 : 0) + (k > j ? 1 : 0);
          double sum = 0.0;
          double hours = 0.0;
          guint members[3];
          guint m = 0;

          /* j == i means "no second channel", k == j "no third". */
          if ((j == i && k != j) || count > max_count)
            continue;

          members[m++] = i;
          if (j > i)
            members[m++] = j;
          if (k > j)
            members[m++] = k;

          for (guint x = 0; x < m; x++)
            {
              set[x] = g_ptr_array_index (pool, members[x]);
              sum += set[x]->score;
              hours += rz_channel_info_get_hours_per_week (set[x]->channel);
            }
          if (hours > budget + 1e-9)
            continue;

          if (sum > best_sum + 1e-9 || (fabs (sum - best_sum) <= 1e-9 && hours < best_hours - 1e-9))
            {
              best_sum = sum;
              best_hours = hours;
              best_n = m;
              memcpy (best, members, sizeof members);
            }
        }

  for (guint x = 0; x < best_n; x++)
    g_ptr_array_add (chosen, g_ptr_array_index (pool, best[x]));
}

/* Nothing fits the budget: the best of the cheapest channels, so the
 * user has one place to start, and a warning about the time. */
static RzChannelRating *
choose_fallback (GPtrArray *ratings)
{
  double cheapest = G_MAXDOUBLE;
  gboolean ignore_formats = TRUE;

  for (guint i = 0; i < ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (ratings, i);

      if (!rating->forbidden && rating->missing == RZ_FORMAT_NONE)
        ignore_formats = FALSE;
    }

  for (guint i = 0; i < ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (ratings, i);

      if (rating->forbidden || (!ignore_formats && rating->missing != RZ_FORMAT_NONE))
        continue;
      cheapest = MIN (cheapest, rz_channel_info_get_hours_per_week (rating->channel));
    }

  /* Ratings are sorted, so the first cheap one is the best cheap one. */
  for (guint i = 0; i < ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (ratings, i);

      if (rating->forbidden || (!ignore_formats && rating->missing != RZ_FORMAT_NONE))
        continue;
      if (rz_channel_info_get_hours_per_week (rating->channel) <= cheapest + 1.0 + 1e-9)
        return rating;
    }
  return NULL;
}

const char *
rz_recommender_get_regulation_note (RzProfile *profile)
{
  g_return_val_if_fail (RZ_IS_PROFILE (profile), NULL);

  switch (rz_profile_get_industry (profile))
    {
    case RZ_INDUSTRY_HEALTH:
      return _("Health advertising law (Heilmittelwerbegesetz) applies to every post: no promises of cure or success, no misleading before-and-after pictures, and care with testimonials. Show patients only with their written consent, and answer questions about treatments in general terms, never with a diagnosis.");
    case RZ_INDUSTRY_LEGAL_TAX:
      return _("Professional rules for lawyers and tax advisers apply: advertising must be factual and must not solicit individual cases, and confidentiality covers even the fact that someone is a client. Never confirm a client relationship or discuss a case in a public reply.");
    case RZ_INDUSTRY_FINANCE:
      return _("Financial promotion rules apply (BaFin supervision): information must be fair, clear and not misleading, risks must be named next to returns, and comments are no place for individual investment advice.");
    case RZ_INDUSTRY_CRAFTS:
    case RZ_INDUSTRY_RETAIL:
    case RZ_INDUSTRY_FOOD:
    case RZ_INDUSTRY_HOSPITALITY:
    case RZ_INDUSTRY_CARE:
    case RZ_INDUSTRY_PROFESSIONAL_SERVICES:
    case RZ_INDUSTRY_MANUFACTURING:
    case RZ_INDUSTRY_IT:
    case RZ_INDUSTRY_TOURISM:
    case RZ_INDUSTRY_EDUCATION:
    case RZ_INDUSTRY_REAL_ESTATE:
    case RZ_INDUSTRY_NONPROFIT:
    case RZ_INDUSTRY_CREATIVE:
    case RZ_INDUSTRY_OTHER:
    case RZ_N_INDUSTRIES:
    default:
      if (rz_profile_get_regulated (profile))
        return _("You marked your business as regulated: check the advertising rules of your profession before you post, and agree who approves posts.");
      return NULL;
    }
}

static void
add_warnings (RzRecommendation *self,
              RzProfile        *profile,
              RzCatalogue      *catalogue,
              gboolean          over_budget)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const char * const *forbidden = rz_profile_get_forbidden_channels (profile);
  double budget = rz_profile_get_hours_per_week (profile);
  const char *industry_id = rz_industry_to_id (rz_profile_get_industry (profile));
  const char *regulation;
  guint n_goals;

  rz_profile_get_goals (profile, &n_goals);
  if (n_goals == 0)
    strv_add (warnings, _("Your profile names no goals. Strategy first: decide what social media should do for your business, then choose channels."));

  if (rz_profile_get_n_audiences (profile) == 0)
    strv_add (warnings, _("Your profile names no audiences, so figures for all ages were used. Describe who your customers are for a better match."));

  if (budget < MIN_HOURS_FOR_DAILY_REPLIES)
    {
      g_autofree char *hours_text = format_hours (budget);

      strv_take (warnings,
                           g_strdup_printf (ngettext ("%s hour a week is too little to answer customers every day, and a day is too late for an answer. Plan at least 15 minutes a day, about 2 hours a week.",
                                                      "%s hours a week are too little to answer customers every day, and a day is too late for an answer. Plan at least 15 minutes a day, about 2 hours a week.",
                                                      hours_plural (budget)),
                                            hours_text));
    }

  if (over_budget && self->recommended->len > 0)
    {
      RzChannelRating *rating = g_ptr_array_index (self->recommended, 0);
      g_autofree char *hours_text = format_hours (self->hours_needed);

      strv_take (warnings,
                           /* Translators: the first %s is a channel name */
                           g_strdup_printf (ngettext ("No channel fits into your weekly time. %s needs the least for what you want; plan about %s hour a week for it, or nobody answers your customers.",
                                                      "No channel fits into your weekly time. %s needs the least for what you want; plan about %s hours a week for it, or nobody answers your customers.",
                                                      hours_plural (self->hours_needed)),
                                            rz_channel_info_get_name (rating->channel), hours_text));
    }

  if (self->recommended->len == 0)
    strv_add (warnings, _("Your profile excludes every channel, so nothing can be recommended."));

  regulation = rz_recommender_get_regulation_note (profile);
  if (regulation != NULL)
    strv_add (warnings, regulation);

  if (forbidden[0] != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      guint n = g_strv_length ((char **) forbidden);

      for (guint i = 0; i < n; i++)
        {
          RzChannelInfo *info = rz_catalogue_lookup (catalogue, forbidden[i]);

          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, info ? rz_channel_info_get_name (info) : forbidden[i]);
        }
      strv_take (warnings,
                           /* Translators: %s is a list of channel names */
                           g_strdup_printf (ngettext ("Excluded in your profile and never recommended: %s.",
                                                      "Excluded in your profile and never recommended: %s.",
                                                      n),
                                            names->str));
    }

  /* What to take care of on the recommended channels. Platform rules
   * are in the channel details; law and data protection are not
   * optional, so they are warnings. */
  for (guint i = 0; i < self->recommended->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->recommended, i);
      RzChannelInfo *info = rating->channel;

      for (guint r = 0; r < rz_channel_info_get_n_risks (info); r++)
        {
          const char *kind_id;
          const char * const *industries;
          const char *note = rz_channel_info_get_risk (info, r, &kind_id, &industries);

          if (g_str_equal (kind_id, "platform-rules"))
            continue;
          if (industries != NULL && !g_strv_contains (industries, industry_id))
            continue;
          strv_take (warnings,
                               /* Translators: a channel name and a note about it */
                               g_strdup_printf (_("%s: %s"), rz_channel_info_get_name (info), note));
        }
    }

  self->warnings = strv_end (g_steal_pointer (&warnings));
}

RzRecommendation *
rz_recommend (RzCatalogue *catalogue,
              RzProfile   *profile)
{
  g_autoptr(RzRecommendation) self = NULL;
  double weights[RZ_N_AGE_BANDS];
  double budget;
  guint max_count;
  gboolean over_budget = FALSE;

  g_return_val_if_fail (RZ_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (RZ_IS_PROFILE (profile), NULL);

  self = g_object_new (RZ_TYPE_RECOMMENDATION, NULL);
  profile_band_weights (profile, weights);

  for (guint i = 0; i < rz_catalogue_get_n_channels (catalogue); i++)
    {
      RzChannelRating *rating = rate_channel (rz_catalogue_get_channel (catalogue, i), profile, weights);

      add_reasons (rating, profile);
      g_ptr_array_add (self->ratings, rating);
    }
  g_ptr_array_sort (self->ratings, compare_ratings);

  /* Rather a few channels done well than all of them badly. */
  budget = rz_profile_get_hours_per_week (profile);
  if (budget < 3.0)
    max_count = 1;
  else if (budget < 8.0)
    max_count = 2;
  else
    max_count = 3;

  choose_within_budget (self->ratings, budget, max_count, self->recommended);
  if (self->recommended->len == 0)
    {
      RzChannelRating *fallback = choose_fallback (self->ratings);

      if (fallback != NULL)
        {
          g_ptr_array_add (self->recommended, fallback);
          over_budget = TRUE;
        }
    }

  for (guint i = 0; i < self->recommended->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->recommended, i);

      rating->recommended = TRUE;
      self->hours_needed += rz_channel_info_get_hours_per_week (rating->channel);
    }
  g_ptr_array_sort (self->recommended, compare_ratings);

  for (guint i = 0; i < self->ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->ratings, i);

      if (!rating->recommended)
        rating->why_not = dup_why_not (rating, profile, self->hours_needed);
    }

  add_warnings (self, profile, catalogue, over_budget);

  return g_steal_pointer (&self);
}

static void
rz_recommendation_finalize (GObject *object)
{
  RzRecommendation *self = RZ_RECOMMENDATION (object);

  g_clear_pointer (&self->recommended, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_strfreev);

  G_OBJECT_CLASS (rz_recommendation_parent_class)->finalize (object);
}

static void
rz_recommendation_class_init (RzRecommendationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_recommendation_finalize;
}

static void
rz_recommendation_init (RzRecommendation *self)
{
  self->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_channel_rating_unref);
  /* Borrowed from ratings. */
  self->recommended = g_ptr_array_new ();
}

guint
rz_recommendation_get_n_ratings (RzRecommendation *self)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), 0);
  return self->ratings->len;
}

RzChannelRating *
rz_recommendation_get_rating (RzRecommendation *self,
                              guint             position)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), NULL);
  g_return_val_if_fail (position < self->ratings->len, NULL);
  return g_ptr_array_index (self->ratings, position);
}

RzChannelRating *
rz_recommendation_lookup (RzRecommendation *self,
                          const char       *channel_id)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  for (guint i = 0; i < self->ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->ratings, i);

      if (g_str_equal (rz_channel_info_get_id (rating->channel), channel_id))
        return rating;
    }
  return NULL;
}

guint
rz_recommendation_get_n_recommended (RzRecommendation *self)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), 0);
  return self->recommended->len;
}

RzChannelRating *
rz_recommendation_get_recommended (RzRecommendation *self,
                                   guint             position)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), NULL);
  g_return_val_if_fail (position < self->recommended->len, NULL);
  return g_ptr_array_index (self->recommended, position);
}

gboolean
rz_recommendation_is_recommended (RzRecommendation *self,
                                  const char       *channel_id)
{
  RzChannelRating *rating;

  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), FALSE);

  rating = rz_recommendation_lookup (self, channel_id);
  return rating != NULL && rating->recommended;
}

const char * const *
rz_recommendation_get_warnings (RzRecommendation *self)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), NULL);
  return (const char * const *) self->warnings;
}

double
rz_recommendation_get_hours_needed (RzRecommendation *self)
{
  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), 0.0);
  return self->hours_needed;
}

/* JSON output. json-glib prints doubles with 17 digits (0.73 becomes
 * 0.72999999999999998), so this small writer prints the tree itself with
 * at most two decimals. */

static void
write_indent (GString *out,
              guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_string (GString    *out,
              const char *string)
{
  g_string_append_c (out, '"');
  for (const char *p = string; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_number (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", round (value * 100.0) / 100.0);
  len = strlen (buffer);
  while (len > 0 && buffer[len - 1] == '0')
    buffer[--len] = '\0';
  if (len > 0 && buffer[len - 1] == '.')
    buffer[--len] = '\0';
  if (g_str_equal (buffer, "-0"))
    g_strlcpy (buffer, "0", sizeof buffer);
  g_string_append (out, buffer);
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (const GList *l = members; l != NULL; l = l->next)
          {
            write_indent (out, depth + 1);
            write_string (out, l->data);
            g_string_append (out, ": ");
            write_node (out, json_object_get_member (object, l->data), depth + 1);
            g_string_append (out, l->next ? ",\n" : "\n");
          }
        write_indent (out, depth);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        if (length == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < length; i++)
          {
            write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
            g_string_append (out, i + 1 < length ? ",\n" : "\n");
          }
        write_indent (out, depth);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        write_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        write_number (out, json_node_get_double (node));
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *name,
                  const char * const *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_considered (JsonBuilder     *builder,
                RzChannelRating *rating)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, rz_channel_info_get_id (rating->channel));
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, rating->score);
  json_builder_set_member_name (builder, "why_not");
  json_builder_add_string_value (builder, rating->why_not);
  json_builder_end_object (builder);
}

char *
rz_recommendation_to_json (RzRecommendation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *out;
  guint n_considered = 0;

  g_return_val_if_fail (RZ_IS_RECOMMENDATION (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "recommended");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->recommended->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->recommended, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, rz_channel_info_get_id (rating->channel));
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, rating->score);
      json_builder_set_member_name (builder, "hours_per_week");
      json_builder_add_double_value (builder, rz_channel_info_get_hours_per_week (rating->channel));
      add_string_array (builder, "reasons", (const char * const *) rating->reasons);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "considered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->ratings, i);

      if (rating->recommended || rating->forbidden || n_considered == N_CONSIDERED)
        continue;
      add_considered (builder, rating);
      n_considered++;
    }
  /* Excluded channels last, so the user sees their own choice honoured. */
  for (guint i = 0; i < self->ratings->len; i++)
    {
      RzChannelRating *rating = g_ptr_array_index (self->ratings, i);

      if (rating->forbidden)
        add_considered (builder, rating);
    }
  json_builder_end_array (builder);

  add_string_array (builder, "warnings", (const char * const *) self->warnings);

  json_builder_set_member_name (builder, "hours_needed");
  json_builder_add_double_value (builder, self->hours_needed);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  out = g_string_new (NULL);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
