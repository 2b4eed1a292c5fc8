/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rz-channel-rules.h"

/* The limits as each network documents them for a normal post (caption,
 * status, update), checked 2025. Networks we cannot post to ourselves are
 * still listed: their limits matter for "Copy and Open". */
static const RzChannelRules known_rules[] = {
  /* channel, max length, counting, url length, min/max images, video,
   * facets, links clickable, where to post by hand */
  { "mastodon", RZ_TEXT_LENGTH_MASTODON_DEFAULT_MAX, RZ_TEXT_COUNTING_MASTODON,
    RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL, 0, 4, FALSE, FALSE, TRUE, NULL },
  { "bluesky", RZ_TEXT_LENGTH_BLUESKY_MAX, RZ_TEXT_COUNTING_GRAPHEMES,
    0, 0, 4, FALSE, TRUE, TRUE, "https://bsky.app/" },
  /* X shortens every link to 23 characters (t.co), like Mastodon. */
  { "x", 280, RZ_TEXT_COUNTING_MASTODON, 23, 0, 4, FALSE, FALSE, TRUE,
    "https://x.com/compose/post" },
  { "instagram", 2200, RZ_TEXT_COUNTING_GRAPHEMES, 0, 1, 10, FALSE, FALSE, FALSE,
    "https://www.instagram.com/" },
  { "facebook", 63206, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 10, FALSE, FALSE, TRUE,
    "https://www.facebook.com/" },
  { "linkedin", 3000, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 20, FALSE, FALSE, TRUE,
    "https://www.linkedin.com/feed/" },
  { "google-business-profile", 1500, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 1, FALSE, FALSE, TRUE,
    "https://business.google.com/" },
  { "threads", 500, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 10, FALSE, FALSE, TRUE,
    "https://www.threads.net/" },
  { "pinterest", 500, RZ_TEXT_COUNTING_GRAPHEMES, 0, 1, 1, FALSE, FALSE, TRUE,
    "https://www.pinterest.com/pin-builder/" },
  { "tiktok", 4000, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 0, TRUE, FALSE, FALSE,
    "https://www.tiktok.com/upload" },
  { "youtube", 5000, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 0, TRUE, FALSE, TRUE,
    "https://studio.youtube.com/" },
  { "xing", 0, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 10, FALSE, FALSE, TRUE,
    "https://www.xing.com/" },
  { "whatsapp", 65536, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 10, FALSE, FALSE, TRUE,
    "https://web.whatsapp.com/" },
  { "blog", 0, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 20, FALSE, FALSE, TRUE, NULL },
  { "newsletter", 0, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0, 20, FALSE, FALSE, TRUE, NULL },
};

#define ELLIPSIS "…"

void
rz_channel_problem_free (RzChannelProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

void
rz_channel_rules_init (RzChannelRules *rules,
                       const char     *channel_id)
{
  g_return_if_fail (rules != NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (known_rules); i++)
    {
      if (g_strcmp0 (known_rules[i].channel_id, channel_id) == 0)
        {
          *rules = known_rules[i];
          return;
        }
    }

  /* An id of the user's own: nothing we know of is refused. */
  *rules = (RzChannelRules) {
    .channel_id = channel_id,
    .max_length = 0,
    .counting = RZ_TEXT_COUNTING_GRAPHEMES,
    .max_images = 10,
    .links_clickable = TRUE,
  };
}

void
rz_channel_rules_set_limits (RzChannelRules *rules,
                             guint           max_length,
                             RzTextCounting  counting,
                             guint           url_length,
                             guint           max_images)
{
  g_return_if_fail (rules != NULL);

  if (max_length > 0)
    {
      rules->max_length = max_length;
      rules->counting = counting;
    }
  if (url_length > 0)
    rules->url_length = url_length;
  if (max_images > 0)
    rules->max_images = max_images;
}

gsize
rz_channel_rules_count (const RzChannelRules *rules,
                        const char           *text)
{
  g_return_val_if_fail (rules != NULL, 0);

  if (text == NULL)
    return 0;
  return rz_text_length_count (text, rules->counting, rules->url_length);
}

int
rz_channel_rules_remaining (const RzChannelRules *rules,
                            const char           *text)
{
  g_return_val_if_fail (rules != NULL, 0);

  if (rules->max_length == 0)
    return G_MAXINT;
  return (int) rules->max_length - (int) MIN (rz_channel_rules_count (rules, text), (gsize) G_MAXINT / 2);
}

static gboolean
fits (const RzChannelRules *rules,
      const char           *text)
{
  return rules->max_length == 0 || rz_channel_rules_count (rules, text) <= rules->max_length;
}

typedef struct
{
  const char *start;
  const char *end;
  gboolean    keep;     /* a link or a hashtag */
} Word;

static gboolean
is_link (const char *word)
{
  return g_ascii_strncasecmp (word, "https://", 8) == 0 ||
         g_ascii_strncasecmp (word, "http://", 7) == 0;
}

static gboolean
is_hashtag (const char *word,
            const char *end)
{
  const char *next;

  if (*word != '#' || word + 1 >= end)
    return FALSE;
  next = word + 1;
  return g_unichar_isalnum (g_utf8_get_char (next));
}

static GArray *
split_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;

  while (*p != '\0')
    {
      Word word;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      word.start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      word.end = p;
      word.keep = is_link (word.start) || is_hashtag (word.start, word.end);
      g_array_append_val (words, word);
    }

  return words;
}

/* Punctuation that reads wrong right before "…". */
static const char *
trim_body_end (const char *start,
               const char *end)
{
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);
      gunichar c = g_utf8_get_char (prev);

      if (g_unichar_isspace (c) || (c < 0x80 && strchr (",;:-", (int) c) != NULL) ||
          c == 0x2013 || c == 0x2014)
        end = prev;
      else
        break;
    }
  return end;
}

/* The first @n_body words of @text, "…", then the kept words among the
 * others. Kept words inside the body stay where they are. */
static char *
build_candidate (const char *text,
                 GArray     *words,
                 guint       n_body,
                 guint       n_tail_skip)
{
  GString *out = g_string_new (NULL);
  const char *body_end = text;
  guint skipped = 0;
  gboolean first_tail = TRUE;

  if (n_body > 0)
    body_end = trim_body_end (text, g_array_index (words, Word, n_body - 1).end);
  g_string_append_len (out, text, body_end - text);
  g_string_append (out, ELLIPSIS);

  for (guint i = n_body; i < words->len; i++)
    {
      const Word *word = &g_array_index (words, Word, i);

      if (!word->keep)
        continue;
      /* When even the kept words do not fit, hashtags go first, from the
       * front; links stay. */
      if (skipped < n_tail_skip && !is_link (word->start))
        {
          skipped++;
          continue;
        }

      if (first_tail)
        {
          /* A block of hashtags on its own line stays on its own line. */
          const char *between = n_body > 0 ? g_array_index (words, Word, n_body - 1).end : text;

          if (memchr (between, '\n', word->start - between) != NULL)
            g_string_append (out, "\n\n");
          else
            g_string_append_c (out, ' ');
          first_tail = FALSE;
        }
      else
        {
          g_string_append_c (out, ' ');
        }
      g_string_append_len (out, word->start, word->end - word->start);
    }

  return g_string_free (out, FALSE);
}

/* The longest prefix of @text, cut between characters, that fits with
 * "…"; the last resort for text without spaces. */
static char *
hard_cut (const RzChannelRules *rules,
          const char           *text)
{
  glong n_chars = g_utf8_strlen (text, -1);
  glong lo = 0;
  glong hi = n_chars;

  while (lo < hi)
    {
      glong mid = lo + (hi - lo + 1) / 2;
      const char *end = g_utf8_offset_to_pointer (text, mid);
      g_autofree char *candidate = g_strdup_printf ("%.*s" ELLIPSIS, (int) (end - text), text);
      if (fits (rules, candidate))
        lo = mid;
      else
        hi = mid - 1;
    }

  return g_strdup_printf ("%.*s" ELLIPSIS, (int) (g_utf8_offset_to_pointer (text, lo) - text), text);
}

char *
rz_channel_rules_shorten (const RzChannelRules *rules,
                          const char           *text)
{
  g_autoptr(GArray) words = NULL;
  guint n_keep = 0;

  g_return_val_if_fail (rules != NULL, NULL);

  if (text == NULL)
    return g_strdup ("");
  if (fits (rules, text))
    return g_strdup (text);

  words = split_words (text);
  for (guint i = 0; i < words->len; i++)
    if (g_array_index (words, Word, i).keep)
      n_keep++;

  for (guint skip = 0; skip <= n_keep; skip++)
    {
      guint lo = 0;
      guint hi = words->len;
      g_autofree char *best = NULL;

      /* More words in the body never make the text shorter, so the longest
       * body that fits can be found by bisection. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo + 1) / 2;
          g_autofree char *candidate = build_candidate (text, words, mid, skip);

          if (fits (rules, candidate))
            lo = mid;
          else
            hi = mid - 1;
        }

      /* Without a single word of the body the kept words do not fit:
       * try again with fewer hashtags. */
      if (lo == 0)
        continue;
      best = build_candidate (text, words, lo, skip);
      if (fits (rules, best))
        return g_steal_pointer (&best);
    }

  return hard_cut (rules, text);
}

static void
add_problem (GPtrArray            *problems,
             RzChannelProblemKind  kind,
             gboolean              blocking,
             char                 *message)
{
  RzChannelProblem *problem = g_new0 (RzChannelProblem, 1);

  problem->kind = kind;
  problem->blocking = blocking;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
has_link (const char *text)
{
  g_autoptr(GArray) words = split_words (text);

  for (guint i = 0; i < words->len; i++)
    if (is_link (g_array_index (words, Word, i).start))
      return TRUE;
  return FALSE;
}

GPtrArray *
rz_channel_rules_check (const RzChannelRules *rules,
                        const char           *network_name,
                        const char           *text,
                        guint                 n_images,
                        guint                 n_missing_alt_text)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_channel_problem_free);
  int remaining;

  g_return_val_if_fail (rules != NULL, problems);

  if (network_name == NULL)
    network_name = rules->channel_id;
  if (text == NULL)
    text = "";

  if (rules->needs_video)
    add_problem (problems, RZ_CHANNEL_PROBLEM_NEEDS_VIDEO, TRUE,
                 /* Translators: %s is a network, e.g. "YouTube" */
                 g_strdup_printf (_("%s needs a video. Upload it there directly and use this text as its description."),
                                  network_name));

  if (is_blank (text) && n_images == 0)
    add_problem (problems, RZ_CHANNEL_PROBLEM_EMPTY, TRUE,
                 g_strdup (_("The text is empty. Write something or reset it to the core text.")));

  remaining = rz_channel_rules_remaining (rules, text);
  if (remaining < 0)
    add_problem (problems, RZ_CHANNEL_PROBLEM_TOO_LONG, TRUE,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Over the limit by %d character",
                                               "Over the limit by %d characters",
                                               -remaining),
                                  -remaining));

  if (n_images < rules->min_images)
    add_problem (problems, RZ_CHANNEL_PROBLEM_NEEDS_IMAGE, TRUE,
                 /* Translators: %s is a network, e.g. "Instagram" */
                 g_strdup_printf (_("%s needs at least one image"), network_name));

  if (n_images > 0 && rules->max_images == 0 && !rules->needs_video)
    add_problem (problems, RZ_CHANNEL_PROBLEM_TOO_MANY_IMAGES, TRUE,
                 /* Translators: %s is a network */
                 g_strdup_printf (_("%s: images cannot be posted here"), network_name));
  else if (rules->max_images > 0 && n_images > rules->max_images)
    add_problem (problems, RZ_CHANNEL_PROBLEM_TOO_MANY_IMAGES, TRUE,
                 /* Translators: %s is a network, %u a number: "Bluesky: 4 images at most" */
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s: %u image at most",
                                               "%s: %u images at most",
                                               rules->max_images),
                                  network_name, rules->max_images));

  if (n_missing_alt_text > 0)
    add_problem (problems, RZ_CHANNEL_PROBLEM_MISSING_ALT_TEXT, TRUE,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u image has no description. Describe it for people who cannot see it.",
                                               "%u images have no description. Describe them for people who cannot see them.",
                                               n_missing_alt_text),
                                  n_missing_alt_text));

  if (!rules->links_clickable && has_link (text))
    add_problem (problems, RZ_CHANNEL_PROBLEM_LINK_NOT_CLICKABLE, FALSE,
                 /* Translators: %s is a network, e.g. "Instagram" */
                 g_strdup_printf (_("Links in %s posts cannot be clicked. Mention where to find the link instead, e.g. “link in bio”."),
                                  network_name));

  return problems;
}

gboolean
rz_channel_problems_block (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (((RzChannelProblem *) problems->pdata[i])->blocking)
      return TRUE;
  return FALSE;
}
