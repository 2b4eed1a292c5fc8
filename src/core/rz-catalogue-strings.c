/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The user-visible strings of data/channels.json, so that xgettext
 * finds them; the catalogue translates them at run time with _().
 * Keep each string exactly as in the JSON file: tests/test-catalogue.c
 * checks both directions. */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-catalogue-private.h"

const char * const rz_catalogue_strings[] = {
  /* Channel names. */
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Facebook"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Instagram"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("LinkedIn"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Xing"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("YouTube"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("TikTok"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("X (Twitter)"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Mastodon"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Bluesky"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Threads"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("Pinterest"),
  /* Translators: product name; keep it unless the service has its
   * own name in your language */
  N_("WhatsApp"),
  /* Translators: a channel name; use the name the service or the
   * thing has in your language */
  N_("Google Business Profile"),
  /* Translators: a channel name; use the name the service or the
   * thing has in your language */
  N_("Blog"),
  /* Translators: a channel name; use the name the service or the
   * thing has in your language */
  N_("Newsletter"),

  /* Risk notes, shown with a channel. */
  N_("Meta processes your visitors' data. German data protection authorities hold businesses jointly responsible for their pages: add a privacy notice."),
  N_("Unpaid posts reach few people; ads for jobs, credit and housing may only be targeted in limited ways."),
  N_("Health businesses: promises of cure, before-and-after pictures and testimonials fall under the health advertising law (Heilmittelwerbegesetz)."),
  N_("Mark paid partnerships and free products as advertising: hidden advertising is unfair competition."),
  N_("Staff who post about their work speak for the company too: agree who posts what."),
  N_("Activity has been falling for years: check that your audience is still active there before you invest time."),
  N_("Music, images and footage need usage rights, and everyone shown must agree."),
  N_("Comments need daily moderation."),
  N_("Brand safety: you control little of what appears next to your videos, and trends change within days."),
  N_("Data protection: user data may be accessed from China; EU institutions have banned the app on staff phones."),
  N_("Many users are minors: youth protection rules apply to content and advertising."),
  N_("Brand safety: moderation has been cut back since 2022, and many companies, media and public bodies have left."),
  N_("Reach and rules change often and at short notice."),
  N_("Decentralised: choose a server whose rules and operator you trust. Posts are copied to other servers and cannot be fully deleted."),
  N_("Young network: its audience in Germany is small and still changing."),
  N_("Needs an Instagram account; a young network with a small German audience."),
  N_("Pins show and link your images: use only images you hold the rights to."),
  N_("Data protection: WhatsApp reads the phone's address book and shares metadata with Meta. Use only WhatsApp Business on a separate work phone with customers' consent, never the private app."),
  N_("Write to customers only after they have written to you or agreed; advertising messages need explicit consent."),
  N_("Never buy or reward reviews: that is unfair competition. Answer good and bad reviews alike."),
  N_("Anyone can suggest changes to your listing: check opening hours and address regularly."),
  N_("A legal notice (Impressum) and a privacy notice are required, and comments need moderation."),
  N_("Send only with double opt-in consent (GDPR, unfair competition law); every mailing needs an unsubscribe link."),
  NULL
};
