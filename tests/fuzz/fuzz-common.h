/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

/* What every fuzz target shares. A target defines LLVMFuzzerTestOneInput();
 * libFuzzer (clang, -Dfuzzing=true) or fuzz-replay-main.c (any compiler,
 * the unit suite) calls it. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Writes the message, then aborts on a warning or worse. GLib's own fatal
 * path raises SIGTRAP, which libFuzzer does not catch: it would lose the
 * input. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return result;
}

/* Criticals and warnings are bugs here: a parser handed a library bad
 * arguments. Make them crash so that the fuzzer keeps the input. Debug
 * messages stay off: they are the parsers' normal "unexpected JSON" notes. */
static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* The input as a NUL-terminated string, cut at the first NUL as a header
 * or a string from a server would be. */
static inline char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* The input as valid UTF-8: what json-glib hands on is always valid. */
static inline char *
fuzz_dup_utf8 (const uint8_t *data,
               size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  return g_utf8_make_valid (text, -1);
}

/* Parses the input like rz_http_response_parse_json() does a response
 * body; NULL when it is not JSON. */
static inline JsonNode *
fuzz_parse_json (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (size == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/* Splits the input into lines, at most @max of them: one field each. */
static inline char **
fuzz_split_fields (const uint8_t *data,
                   size_t         size,
                   int            max)
{
  g_autofree char *text = fuzz_dup_string (data, size);

  return g_strsplit (text, "\n", max);
}

/* What labels and the database get must be text. */
static inline void
fuzz_assert_text (const char *text)
{
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
}

#ifdef RZ_FUZZ_COMMENTS
#include "rz-comment.h"

/* A comment from a parser: every string readable and UTF-8, the ids and
 * the text present. */
static inline void
fuzz_assert_comment (RzComment *comment)
{
  g_assert (rz_comment_get_remote_id (comment) != NULL);
  g_assert (rz_comment_get_text (comment) != NULL);
  fuzz_assert_text (rz_comment_get_channel (comment));
  fuzz_assert_text (rz_comment_get_remote_id (comment));
  fuzz_assert_text (rz_comment_get_parent_remote_id (comment));
  fuzz_assert_text (rz_comment_get_author (comment));
  fuzz_assert_text (rz_comment_get_author_handle (comment));
  fuzz_assert_text (rz_comment_get_text (comment));
  fuzz_assert_text (rz_comment_get_url (comment));
  fuzz_assert_text (rz_comment_get_context (comment));
}
#endif
