/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-account.h"
#include "rz-context.h"
#include "rz-outbox.h"
#include "rz-test-async.h"

G_BEGIN_DECLS

/* The shared part of the reliability tests (test-faults*.c, kill/):
 * servers/fault-proxy.py between Resonanz and a server, and the app's
 * steps (sync, answer, post) with
 * every failure checked for what the user reads. */

/* An RzOutboxProviderFunc that hands out the RzProvider in @user_data. */
void          fault_lookup_provider        (gint64                 account_id,
                                            GCancellable          *cancellable,
                                            RzOutboxProviderReady  ready,
                                            gpointer               ready_data,
                                            gpointer               user_data);

typedef struct {
  GPid        proxy_pid;
  char       *proxy_url;
  char       *dir;               /* the database and the proxy's log */
  char       *log_path;
  RzContext  *context;
  RzDatabase *db;
  RzAccount  *account;
  RzProvider *provider;
  RzOutbox   *outbox;            /* NULL unless fault_harness_add_outbox() */
  guint       n_told;            /* failures the user was told of */
  guint       n_sync_failures;
  guint       n_reply_failures;
  guint       n_post_failures;
  guint       n_posts;           /* queued by fault_harness_queue_post() */
  GHashTable *messages;          /* what the user read, each once */
} FaultHarness;

void     fault_harness_init          (FaultHarness       *self,
                                      const char         *dir_template);
/* Starts the proxy in front of @upstream; @options are more of its
 * arguments (--rate, --stall, …), NULL-terminated. */
void     fault_harness_start_proxy   (FaultHarness       *self,
                                      const char         *upstream,
                                      const char * const *options);
/* SIGUSR1: faults off, SIGUSR2: on again. */
void     fault_harness_signal_proxy  (FaultHarness       *self,
                                      int                 signum);
/* Stores one account of @channel behind the proxy, opens the app's
 * context on the database with faster retries and @timeout_s. */
void     fault_harness_open          (FaultHarness       *self,
                                      const char         *channel,
                                      const char         *handle,
                                      guint               retry_delay_ms,
                                      guint               timeout_s);
/* Takes @provider; the context uses it for the account. */
void     fault_harness_set_provider  (FaultHarness       *self,
                                      RzProvider         *provider);
void     fault_harness_add_outbox    (FaultHarness       *self);
void     fault_harness_tear_down     (FaultHarness       *self);

/* A failure the user sees: RZ_NET_ERROR, a message that says something. */
void     fault_harness_assert_told   (FaultHarness       *self,
                                      const GError       *error);
void     fault_harness_sync          (FaultHarness       *self);
/* Answers every stored comment (those whose text is LIKE @text_like, or
 * all if NULL) without a sent reply, with a key, as the reply pane does;
 * returns how many are still unanswered. */
guint    fault_harness_answer_all    (FaultHarness       *self,
                                      const char         *text_like,
                                      const char         *reply_text);
/* Queues the next post, FAULT_POST_TEXT with its number (from 1). */
#define FAULT_POST_TEXT "Angebot der Woche Nr. %u"
void     fault_harness_queue_post    (FaultHarness       *self,
                                      const char         *channel);
/* Retries what failed before, sends what is queued; returns what failed. */
guint    fault_harness_send_outbox   (FaultHarness       *self);
gint64   fault_harness_query_int     (FaultHarness       *self,
                                      const char         *sql);
/* Logs the figures of the run (@n_posts < 0: no posts) and each message
 * the user read; asserts that the run really was faulty, in many ways. */
void     fault_harness_report        (FaultHarness       *self,
                                      const char         *label,
                                      guint               n_comments,
                                      guint               n_replies,
                                      gint                n_posts,
                                      guint               min_faults,
                                      guint               min_kinds);

G_END_DECLS
