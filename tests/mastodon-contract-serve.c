/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

#include "mastodon-contract-server.h"

/* The Mastodon contract server as a program, for the UI tests: it is
 * seeded with a post of @laden and a customer's question under it, prints
 * "PORT <n>" and "MENTION <status id>" when it listens on 127.0.0.1, then
 * "POSTED <json>" for every status created through the API, and serves
 * until SIGTERM or SIGINT.
 *
 * --slow-post MS: the first status posted is made at once, but its answer
 * comes MS milliseconds later, longer than a client may wait. */

typedef struct {
  MastodonContractServer *server;
  guint                   n_printed;
} Serve;

static gboolean
print_posted (gpointer user_data)
{
  Serve *serve = user_data;

  while (serve->n_printed < mastodon_contract_server_count_posted (serve->server))
    {
      g_autofree char *json = mastodon_contract_server_dup_posted (serve->server, serve->n_printed++);

      printf ("POSTED %s\n", json);
      fflush (stdout);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *post = NULL;
  g_autofree char *mention = NULL;
  Serve serve = { 0 };
  gint slow_post_ms = 0;
  GOptionEntry entries[] = {
    { "slow-post", 0, 0, G_OPTION_ARG_INT, &slow_post_ms,
      "Answer the first posted status after MS milliseconds", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || slow_post_ms < 0)
    {
      g_printerr ("mastodon-contract-serve: %s\n", error != NULL ? error->message : "bad --slow-post");
      return 2;
    }

  serve.server = mastodon_contract_server_new ();
  if (slow_post_ms > 0)
    mastodon_contract_server_inject_fault (serve.server, "POST", "/api/v1/statuses",
                                           CONTRACT_FAULT_SLOW, 1, (guint) slow_post_ms);
  post = mastodon_contract_server_add_own_status (serve.server, "Ab Montag gibt es bei uns Frühstück!", "public");
  mention = mastodon_contract_server_add_status (serve.server, "anna@remote.example", "Anna K.",
                                                 "<p>Gibt es das Frühstück auch vegan?</p>",
                                                 post, "public");

  uri = g_uri_parse (mastodon_contract_server_get_url (serve.server), G_URI_FLAGS_NONE, NULL);
  g_assert (uri != NULL);
  printf ("PORT %d\nMENTION %s\n", g_uri_get_port (uri), mention);
  fflush (stdout);

  g_unix_signal_add (SIGTERM, quit, loop);
  g_unix_signal_add (SIGINT, quit, loop);
  g_timeout_add (50, print_posted, &serve);
  g_main_loop_run (loop);

  print_posted (&serve);
  mastodon_contract_server_free (serve.server);
  return 0;
}
