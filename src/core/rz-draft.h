/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-channel-rules.h"
#include "rz-plan.h"

G_BEGIN_DECLS

/* The text for one channel. While @customized is FALSE it follows the core
 * text (shortened to the channel's rules); once the user edits it, it is
 * theirs until "Reset to Core Text". */
typedef struct _RzDraftVariant
{
  gint64    id;
  char     *channel;
  char     *text;
  gboolean  customized;
} RzDraftVariant;

/* An image of the draft. @uuid identifies it across saves; @data may be
 * NULL in lists that leave the bytes out. */
typedef struct _RzDraftImage
{
  gint64    id;
  char     *uuid;
  GBytes   *data;
  char     *content_type;
  char     *filename;
  char     *alt_text;
} RzDraftImage;

void          rz_draft_image_free          (RzDraftImage *image);
RzDraftImage *rz_draft_image_copy          (const RzDraftImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzDraftImage, rz_draft_image_free)

/* Where a draft stands in the outbox, for the list of drafts. */
typedef enum {
  RZ_DRAFT_STATUS_DRAFT = 0,     /* nothing queued or posted */
  RZ_DRAFT_STATUS_SCHEDULED,     /* waiting for its time or its turn */
  RZ_DRAFT_STATUS_POSTED,        /* everything queued went out */
  RZ_DRAFT_STATUS_FAILED,        /* at least one channel failed */
} RzDraftStatus;

#define RZ_TYPE_DRAFT (rz_draft_get_type ())
G_DECLARE_FINAL_TYPE (RzDraft, rz_draft, RZ, DRAFT, GObject)

/* A message written once and adapted per channel. Lives on the main
 * thread; hand rz_draft_copy() to other threads. Emits ::changed after
 * every change the user makes, which is what autosave listens to. */
RzDraft            *rz_draft_new                   (void);
/* A deep copy (image bytes are shared, they are immutable). */
RzDraft            *rz_draft_copy                  (RzDraft        *self);

gint64              rz_draft_get_id                (RzDraft        *self);
void                rz_draft_set_id                (RzDraft        *self,
                                                    gint64          id);
const char         *rz_draft_get_core_text         (RzDraft        *self);
/* Also updates every variant that follows the core text. */
void                rz_draft_set_core_text         (RzDraft        *self,
                                                    const char     *text);
/* A message type id of the plan ("news-and-offers"), or NULL. */
const char         *rz_draft_get_message_type      (RzDraft        *self);
void                rz_draft_set_message_type      (RzDraft        *self,
                                                    const char     *message_type);
gint64              rz_draft_get_created_at        (RzDraft        *self);
void                rz_draft_set_created_at        (RzDraft        *self,
                                                    gint64          unix_time);
gint64              rz_draft_get_updated_at        (RzDraft        *self);
void                rz_draft_set_updated_at        (RzDraft        *self,
                                                    gint64          unix_time);
gboolean            rz_draft_get_is_demo           (RzDraft        *self);
void                rz_draft_set_is_demo           (RzDraft        *self,
                                                    gboolean        is_demo);
/* Filled in by the storage for lists. */
RzDraftStatus       rz_draft_get_status            (RzDraft        *self);
gint64              rz_draft_get_next_scheduled_at (RzDraft        *self);
void                rz_draft_set_status            (RzDraft        *self,
                                                    RzDraftStatus   status,
                                                    gint64          next_scheduled_at);

/* The first line, shortened, for lists and notifications. */
char               *rz_draft_dup_title             (RzDraft        *self);

/* Variants, in the order they were added. Borrowed. */
guint               rz_draft_get_n_variants        (RzDraft        *self);
RzDraftVariant     *rz_draft_get_variant           (RzDraft        *self,
                                                    guint           position);
RzDraftVariant     *rz_draft_lookup_variant        (RzDraft        *self,
                                                    const char     *channel);
/* Adds a variant for @channel that follows the core text; returns the
 * existing one when there is one. */
RzDraftVariant     *rz_draft_add_channel           (RzDraft        *self,
                                                    const char     *channel);
gboolean            rz_draft_remove_channel        (RzDraft        *self,
                                                    const char     *channel);
/* The user's own text for @channel: it no longer follows the core. */
void                rz_draft_set_variant_text      (RzDraft        *self,
                                                    const char     *channel,
                                                    const char     *text);
/* Back to the core text, shortened to the channel's rules. */
void                rz_draft_reset_variant         (RzDraft        *self,
                                                    const char     *channel);
/* For storage: a variant as it was saved, without deriving anything. */
RzDraftVariant     *rz_draft_add_stored_variant    (RzDraft        *self,
                                                    gint64          id,
                                                    const char     *channel,
                                                    const char     *text,
                                                    gboolean        customized);

/* The rules a channel's text is derived and checked with: the defaults of
 * rz_channel_rules_init(), or what was set here (e.g. a Mastodon
 * instance's own limit). Setting them re-derives a variant that follows
 * the core text. */
const RzChannelRules *rz_draft_get_channel_rules   (RzDraft        *self,
                                                    const char     *channel);
void                rz_draft_set_channel_rules     (RzDraft        *self,
                                                    const RzChannelRules *rules);

/* Images, in their order. Borrowed. */
guint               rz_draft_get_n_images          (RzDraft        *self);
RzDraftImage       *rz_draft_get_image             (RzDraft        *self,
                                                    guint           position);
RzDraftImage       *rz_draft_add_image             (RzDraft        *self,
                                                    GBytes         *data,
                                                    const char     *content_type,
                                                    const char     *filename);
/* For storage: an image as it was saved. Takes nothing; copies all. */
RzDraftImage       *rz_draft_add_stored_image      (RzDraft        *self,
                                                    const RzDraftImage *image);
void                rz_draft_set_image_alt_text    (RzDraft        *self,
                                                    guint           position,
                                                    const char     *alt_text);
void                rz_draft_remove_image          (RzDraft        *self,
                                                    guint           position);
guint               rz_draft_count_images_without_alt_text (RzDraft *self);

/* What @channel's network would say to this draft as it is (see
 * rz_channel_rules_check()). */
GPtrArray          *rz_draft_check_channel         (RzDraft        *self,
                                                    const char     *channel,
                                                    const char     *network_name);

/* The channels of @plan that carry @message_type ("news-and-offers"), in
 * plan order, leaving out offline ones. NULL-terminated; never NULL. */
char              **rz_draft_suggest_channels      (RzPlan         *plan,
                                                    const char     *message_type);

G_END_DECLS
