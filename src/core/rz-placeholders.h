/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Saved replies are starting points with placeholders in braces, filled
 * from the comment they answer:
 *
 *   {name}        the author's name as shown ("Sabine Krämer")
 *   {first_name}  its first word ("Sabine")
 *   {handle}      the author's handle ("@sabine.backt")
 *   {channel}     the network's name ("Instagram")
 *
 * A placeholder without a value (or one Resonanz does not know) stays as
 * it is, so the author sees what is still to be filled in. */
typedef struct {
  const char *name;
  const char *handle;
  const char *channel;
} RzPlaceholderValues;

char     *rz_placeholders_expand     (const char                *text,
                                      const RzPlaceholderValues *values);

/* The first placeholder left in @text, as character (not byte) offsets of
 * its braces: @start at "{", @end after "}". FALSE when there is none. */
gboolean  rz_placeholders_find_first (const char                *text,
                                      int                       *start,
                                      int                       *end);

G_END_DECLS
