/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-bluesky-tid.h"

#define TID_ALPHABET   "234567abcdefghijklmnopqrstuvwxyz"
#define TIMESTAMP_BITS 53
#define CLOCK_ID_BITS  10
/* How long a retry with the same idempotency key still finds the first
 * attempt: at least one window, at most two. A day covers an outbox that
 * retries after the computer slept or the app was restarted. */
#define KEY_WINDOW_US  ((gint64) 24 * 60 * 60 * G_USEC_PER_SEC)

char *
rz_bluesky_tid_new (gint64 timestamp_us,
                    guint  clock_id)
{
  guint64 value;
  char *tid = g_malloc (RZ_BLUESKY_TID_LENGTH + 1);

  g_return_val_if_fail (timestamp_us >= 0, NULL);

  value = (((guint64) timestamp_us & ((G_GUINT64_CONSTANT (1) << TIMESTAMP_BITS) - 1)) << CLOCK_ID_BITS) |
          (clock_id & ((1u << CLOCK_ID_BITS) - 1));

  /* 13 × 5 bits, the most significant first, so the text sorts like the
   * number. */
  for (int i = RZ_BLUESKY_TID_LENGTH - 1; i >= 0; i--)
    {
      tid[i] = TID_ALPHABET[value & 0x1f];
      value >>= 5;
    }
  tid[RZ_BLUESKY_TID_LENGTH] = '\0';

  return tid;
}

static int
char_value (char c)
{
  const char *p = c != '\0' ? strchr (TID_ALPHABET, c) : NULL;

  return p != NULL ? (int) (p - TID_ALPHABET) : -1;
}

gboolean
rz_bluesky_tid_is_valid (const char *tid)
{
  if (tid == NULL || strlen (tid) != RZ_BLUESKY_TID_LENGTH)
    return FALSE;

  /* The first character carries the top bit, which must be zero. */
  if (char_value (tid[0]) < 0 || char_value (tid[0]) >= 16)
    return FALSE;
  for (int i = 1; i < RZ_BLUESKY_TID_LENGTH; i++)
    if (char_value (tid[i]) < 0)
      return FALSE;

  return TRUE;
}

static guint64
decode (const char *tid)
{
  guint64 value = 0;

  for (int i = 0; i < RZ_BLUESKY_TID_LENGTH; i++)
    value = (value << 5) | (guint64) char_value (tid[i]);

  return value;
}

gint64
rz_bluesky_tid_get_timestamp (const char *tid)
{
  g_return_val_if_fail (rz_bluesky_tid_is_valid (tid), -1);

  return (gint64) (decode (tid) >> CLOCK_ID_BITS);
}

guint
rz_bluesky_tid_get_clock_id (const char *tid)
{
  g_return_val_if_fail (rz_bluesky_tid_is_valid (tid), 0);

  return (guint) (decode (tid) & ((1u << CLOCK_ID_BITS) - 1));
}

/**
 * rz_bluesky_tid_for_key:
 * @idempotency_key: the key the outbox gives every attempt of one post
 * @now_us: the current time, µs of Unix time
 * @windows_back: 0 for the key's TID now, 1 for the one a day earlier
 *
 * The record key for a post, the same for every attempt with the same
 * @idempotency_key within a day, different for different keys, and never
 * in the future. The key's hash picks an offset within a daily window;
 * the TID is the latest time with that offset not after @now_us. A retry
 * up to a day after the first attempt finds it under windows_back 0 or 1,
 * without anything stored between the attempts.
 */
char *
rz_bluesky_tid_for_key (const char *idempotency_key,
                        gint64      now_us,
                        guint       windows_back)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint64 hash = 0;
  gint64 offset_us;
  gint64 timestamp_us;
  guint clock_id;

  g_return_val_if_fail (idempotency_key != NULL && idempotency_key[0] != '\0', NULL);
  g_return_val_if_fail (now_us >= 2 * KEY_WINDOW_US, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) idempotency_key, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (guint i = 0; i < 8; i++)
    hash = (hash << 8) | digest[i];
  clock_id = ((guint) digest[8] << 8 | digest[9]) & ((1u << CLOCK_ID_BITS) - 1);

  offset_us = (gint64) (hash % (guint64) KEY_WINDOW_US);
  timestamp_us = ((now_us - offset_us) / KEY_WINDOW_US) * KEY_WINDOW_US + offset_us;
  timestamp_us -= (gint64) windows_back * KEY_WINDOW_US;

  return rz_bluesky_tid_new (timestamp_us, clock_id);
}
