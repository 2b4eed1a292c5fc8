/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Mastodon server for tests, written from the API documentation at
 * docs.joinmastodon.org and strict about it: it refuses what the real API
 * refuses (bad or missing token, unknown client, wrong redirect URI, wrong
 * content type, missing or bad parameters, PKCE mismatch). It listens on
 * 127.0.0.1 at a random port, in its own thread with its own main context,
 * so tests can block or iterate their own loop as they like.
 *
 * It knows one local user, @laden ("Café Laden"), whom the mentions added
 * by the test are addressed to. Every status posted through the API is
 * recorded, so a test can assert it was posted exactly once. */

typedef struct _MastodonContractServer MastodonContractServer;

typedef enum {
  CONTRACT_FAULT_NONE,
  CONTRACT_FAULT_SERVER_ERROR,       /* 500 before doing anything */
  CONTRACT_FAULT_RESET,              /* close the connection without an answer */
  CONTRACT_FAULT_SLOW,               /* do the work, answer after param ms */
  CONTRACT_FAULT_TRUNCATED_JSON,     /* do the work, send half the body */
  CONTRACT_FAULT_MALFORMED_JSON,     /* do the work, send broken JSON */
  CONTRACT_FAULT_TOO_MANY_REQUESTS,  /* 429 with Retry-After: param seconds */
  CONTRACT_FAULT_ECHO_TOKEN,         /* 422 whose message quotes the token, as a careless server might */
} ContractFault;

MastodonContractServer *mastodon_contract_server_new            (void);
void                    mastodon_contract_server_free           (MastodonContractServer *self);
const char             *mastodon_contract_server_get_url        (MastodonContractServer *self);

/* Behaviour */
void   mastodon_contract_server_inject_fault     (MastodonContractServer *self,
                                                  const char             *method,
                                                  const char             *path_prefix,
                                                  ContractFault           fault,
                                                  guint                   count,
                                                  guint                   param);
void   mastodon_contract_server_inject_fault_after (MastodonContractServer *self,
                                                  const char             *method,
                                                  const char             *path_prefix,
                                                  ContractFault           fault,
                                                  guint                   skip,
                                                  guint                   count,
                                                  guint                   param);
void   mastodon_contract_server_set_rate_limit   (MastodonContractServer *self,
                                                  guint                   limit,
                                                  guint                   window_seconds);
void   mastodon_contract_server_set_pkce         (MastodonContractServer *self,
                                                  gboolean                supported);
void   mastodon_contract_server_set_deny_authorization (MastodonContractServer *self,
                                                  gboolean                deny);
void   mastodon_contract_server_set_max_characters (MastodonContractServer *self,
                                                  guint                   max_characters);
/* For benchmarks: a GET asked again (same address, same token) gets the
 * answer made the first time, so the server's own work drops out of the
 * measurement. Any request that is not a GET, any added status or
 * notification, and turning it off forget the kept answers. Faults are
 * never kept; rate limits are not counted for replayed answers. */
void   mastodon_contract_server_set_cache_answers (MastodonContractServer *self,
                                                  gboolean                cache);

/* Data */
char  *mastodon_contract_server_create_token     (MastodonContractServer *self,
                                                  const char             *scopes);
char  *mastodon_contract_server_add_status       (MastodonContractServer *self,
                                                  const char             *author_acct,
                                                  const char             *display_name,
                                                  const char             *html,
                                                  const char             *in_reply_to_id,
                                                  const char             *visibility);
char  *mastodon_contract_server_add_own_status   (MastodonContractServer *self,
                                                  const char             *text,
                                                  const char             *visibility);
char  *mastodon_contract_server_add_notification (MastodonContractServer *self,
                                                  const char             *type,
                                                  const char             *author_acct,
                                                  const char             *status_id);

/* What happened */
guint  mastodon_contract_server_count_requests   (MastodonContractServer *self,
                                                  const char             *method,
                                                  const char             *path);
guint  mastodon_contract_server_count_status     (MastodonContractServer *self,
                                                  guint                   status);
guint  mastodon_contract_server_count_posted     (MastodonContractServer *self);
char  *mastodon_contract_server_dup_posted       (MastodonContractServer *self,
                                                  guint                   index);
char  *mastodon_contract_server_dup_user_agent   (MastodonContractServer *self);
/* Answers replayed from the cache; @made: answers put into it. */
guint  mastodon_contract_server_count_replayed   (MastodonContractServer *self,
                                                  guint                  *made);

G_END_DECLS
