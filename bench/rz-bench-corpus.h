/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Made-up but realistic customer comments for the benchmarks: German and
 * English, mostly short with a long tail of long ones, about a tenth of
 * them written as complaints. Everything comes from one GRand, so a seed
 * always gives the same comments in the same order. */

typedef struct _RzBenchCorpus RzBenchCorpus;

typedef struct {
  char     *author;         /* "Jana Becker" */
  char     *author_handle;  /* "@jana.becker" */
  char     *text;           /* plain text, one or more sentences */
  gboolean  german;
  gboolean  complaint;      /* written to read as criticism */
} RzBenchComment;

RzBenchCorpus *rz_bench_corpus_new          (guint32          seed);
void           rz_bench_corpus_free         (RzBenchCorpus   *self);
GRand         *rz_bench_corpus_get_rand     (RzBenchCorpus   *self);

/* Fills @comment with a new comment; release it with
 * rz_bench_comment_clear(). */
void           rz_bench_corpus_next         (RzBenchCorpus   *self,
                                             RzBenchComment  *comment);
void           rz_bench_comment_clear       (RzBenchComment  *comment);

/* Words a user would search the inbox for, in both languages. */
const char * const *rz_bench_corpus_get_search_terms (guint *n_terms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzBenchCorpus, rz_bench_corpus_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RzBenchComment, rz_bench_comment_clear)

G_END_DECLS
