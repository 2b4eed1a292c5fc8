/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define RZ_FUZZ_COMMENTS
#include "fuzz-common.h"
#include "rz-mastodon-json.h"

/* A Mastodon answer (status, notifications, context, account, instance)
 * through every parser, as rz-mastodon-provider.c hands them bodies. */

static void
touch_comment (RzComment *comment)
{
  fuzz_assert_comment (comment);
  g_assert (rz_comment_get_author (comment) != NULL);
  g_assert (rz_comment_get_author_handle (comment)[0] == '@');
}

static void
touch_comments (GPtrArray *comments)
{
  if (comments == NULL)
    return;
  for (guint i = 0; i < comments->len; i++)
    touch_comment (g_ptr_array_index (comments, i));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzComment) status = NULL;
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GPtrArray) context = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *visibility = NULL;
  g_autofree char *acct = NULL;
  RzRemoteAccount *account;
  RzProviderCapabilities capabilities = { 0 };

  fuzz_init ();

  node = fuzz_parse_json (data, size);
  if (node == NULL)
    return 0;

  status = rz_mastodon_json_parse_status (node, "social.example", NULL);
  if (status != NULL)
    touch_comment (status);

  notifications = rz_mastodon_json_parse_notifications (node, "social.example", &newest, NULL);
  touch_comments (notifications);
  if (newest != NULL)
    g_assert (rz_mastodon_compare_ids (newest, newest) == 0);

  context = rz_mastodon_json_parse_context (node, NULL, NULL);
  touch_comments (context);

  account = rz_mastodon_json_parse_account (node, "social.example", NULL);
  if (account != NULL)
    {
      g_assert (account->handle != NULL && account->handle[0] == '@');
      fuzz_assert_text (account->id);
      fuzz_assert_text (account->handle);
      fuzz_assert_text (account->display_name);
      fuzz_assert_text (account->url);
      rz_remote_account_free (account);
    }

  if (rz_mastodon_json_parse_instance (node, &capabilities, NULL))
    {
      g_assert (capabilities.max_length >= 1);
      g_assert (capabilities.max_length <= 1000000);
    }

  if (rz_mastodon_json_parse_reply_target (node, &visibility, &acct, NULL))
    {
      g_assert (visibility != NULL && acct != NULL);
      fuzz_assert_text (acct);
    }

  /* Ids from the network, compared both ways. */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *a = rz_mastodon_json_get_string (object, "id");
      const char *b = rz_mastodon_json_get_string (object, "in_reply_to_id");
      int ab = rz_mastodon_compare_ids (a, b);
      int ba = rz_mastodon_compare_ids (b, a);

      g_assert ((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
    }

  return 0;
}
