/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-reply-check.h"

#define SHINGLE_WORDS          3
#define MAX_PLACEHOLDER_BYTES  64
#define MAX_GREETING_WORDS     5    /* "Hallo Frau Dr. Müller-Lüdenscheid," */
#define MAX_CLOSING_WORDS      10   /* "Viele Grüße, Anna vom Team der Bäckerei Kurz" */
#define MAX_GENERIC_WORDS      15   /* longer replies are never stock phrases */
#define MAX_OWN_WORDS          1    /* "Danke, Anna!" is still a stock phrase */

/* Formulas as people write them; folded once on first use. */
static const char * const greeting_formulas[] = {
  "hallo", "hallo zusammen", "hi", "hey", "moin", "moin moin", "servus",
  "grüß gott", "guten tag", "guten morgen", "guten abend", "liebe",
  "lieber", "liebes", "sehr geehrte", "sehr geehrter",
  "sehr geehrte damen und herren", "dear", "hello", "hiya", "greetings",
  "good morning", "good afternoon", "good evening",
};

static const char * const closing_formulas[] = {
  "viele grüße", "liebe grüße", "herzliche grüße", "beste grüße",
  "schöne grüße", "freundliche grüße", "mit freundlichen grüßen",
  "mit besten grüßen", "mit herzlichen grüßen", "grüße", "gruß", "lg", "vg",
  "mfg", "bis bald", "dein team", "euer team", "ihr team", "best regards",
  "kind regards", "warm regards", "regards", "best wishes", "best", "cheers",
  "yours", "sincerely", "yours sincerely", "all the best", "your team",
  "the team", "thanks", "many thanks", "thanks again",
};

static const char * const generic_formulas[] = {
  /* German */
  "danke", "danke schön", "dankeschön", "danke sehr", "vielen dank",
  "vielen lieben dank", "herzlichen dank", "besten dank", "tausend dank",
  /* What the thanks are for, after any of the thanks above. */
  "für ihr feedback", "für dein feedback", "für euer feedback",
  "für das feedback", "für die rückmeldung", "für ihre rückmeldung",
  "für deine rückmeldung", "für eure rückmeldung", "für den hinweis",
  "für ihre nachricht", "für deine nachricht", "für ihren kommentar",
  "für deinen kommentar", "für das lob", "für die blumen",
  "für ihre bewertung", "für deine bewertung",
  "gerne", "gern", "gern geschehen", "bitte", "bitte schön", "super", "toll",
  "prima", "ok", "okay", "freut uns", "das freut uns", "wir kümmern uns darum",
  "wir kümmern uns", "wir melden uns", "wir melden uns bei ihnen",
  "wir melden uns bei dir", "tut uns leid", "das tut uns leid",
  "entschuldigung", "entschuldigen sie die unannehmlichkeiten", "sorry",
  "bis bald", "schönen tag", "schönen tag noch", "und", "wir", "uns", "sehr",
  "ganz", "auch", "nochmal", "noch", "mal", "ihnen", "dir", "euch", "wieder",
  /* English */
  "thanks", "thank you", "thanks a lot", "thank you very much",
  "thanks so much", "thank you so much", "many thanks",
  "for your feedback", "for the feedback", "for your comment",
  "for your message", "for letting us know", "for your review",
  "for your kind words", "for the kind words",
  "you're welcome", "you are welcome", "no problem", "glad you liked it",
  "glad you enjoyed it", "we're looking into it", "we are looking into it",
  "we'll look into it", "we will look into it", "we'll get back to you",
  "we will get back to you", "sorry for the inconvenience",
  "we apologise for the inconvenience", "we apologize for the inconvenience",
  "great", "awesome", "cheers", "have a nice day", "have a great day", "and",
  "we", "us", "very", "so", "much", "too", "again", "you",
};

typedef struct {
  GPtrArray *greetings;   /* GStrv of folded words */
  GPtrArray *closings;
  GPtrArray *generic;
} Formulas;

typedef struct {
  char     *text;
  gboolean  is_template;
  GArray   *shingles;     /* guint64, sorted, unique */
} KnownText;

struct _RzReplyCheck {
  GObject    parent_instance;

  GPtrArray *known;       /* KnownText */
};

G_DEFINE_FINAL_TYPE (RzReplyCheck, rz_reply_check, G_TYPE_OBJECT)

static char *
fold (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  char *folded = g_utf8_casefold (normal, -1);

  return folded;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static const char *
skip_placeholder (const char *p)
{
  char close;
  const char *end;

  switch (*p)
    {
    case '{':
      close = '}';
      break;
    case '[':
      close = ']';
      break;
    case '<':
      close = '>';
      break;
    case '%':
      /* printf style: %s, %1$s, %d */
      end = p + 1;
      while (g_ascii_isdigit (*end) || *end == '$')
        end++;
      return g_ascii_isalpha (*end) && end - p <= 4 ? end + 1 : NULL;
    default:
      return NULL;
    }

  end = p + 1;
  while (*end != '\0' && *end != close && *end != '\n' && end - p < MAX_PLACEHOLDER_BYTES)
    end++;
  if (*end != close)
    return NULL;
  /* {{name}} */
  while (end[1] == close)
    end++;
  return end + 1;
}

/* Splits folded @text into segments (clauses and lines) of words. */
static GPtrArray *
split_segments (const char *text)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *current = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      const char *after;

      if ((after = skip_placeholder (p)) != NULL)
        {
          p = after;
          continue;
        }

      if (is_word_char (c))
        {
          GString *word = g_string_new (NULL);

          while (*p != '\0')
            {
              c = g_utf8_get_char (p);
              next = g_utf8_next_char (p);
              if (is_word_char (c))
                g_string_append_len (word, p, next - p);
              else if ((c == '\'' || c == 0x2019) && word->len > 0
                       && is_word_char (g_utf8_get_char (next)))
                g_string_append_c (word, '\'');
              else
                break;
              p = next;
            }
          /* Order numbers, dates and times are filled in like a name. */
          if (strspn (word->str, "0123456789") == word->len)
            g_string_assign (word, "#");
          g_ptr_array_add (current, g_string_free (word, FALSE));
          continue;
        }

      switch (c)
        {
        case '.':
        case ',':
        case '!':
        case '?':
        case ';':
        case ':':
        case '\n':
        case 0x2026:  /* … */
        case 0x2013:  /* – */
        case 0x2014:  /* — */
          if (current->len > 0)
            {
              g_ptr_array_add (segments, current);
              current = g_ptr_array_new_with_free_func (g_free);
            }
          break;
        default:
          break;
        }
      p = next;
    }

  if (current->len > 0)
    g_ptr_array_add (segments, current);
  else
    g_ptr_array_unref (current);
  return segments;
}

static GPtrArray *
fold_formulas (const char * const *formulas,
               gsize               n_formulas)
{
  GPtrArray *folded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (gsize i = 0; i < n_formulas; i++)
    {
      g_autofree char *text = fold (formulas[i]);

      g_ptr_array_add (folded, g_strsplit (text, " ", -1));
    }
  return folded;
}

static const Formulas *
get_formulas (void)
{
  static Formulas formulas;
  static gsize initialized = 0;

  /* Kept for the life of the process, like a static table. */
  if (g_once_init_enter (&initialized))
    {
      formulas.greetings = fold_formulas (greeting_formulas, G_N_ELEMENTS (greeting_formulas));
      formulas.closings = fold_formulas (closing_formulas, G_N_ELEMENTS (closing_formulas));
      formulas.generic = fold_formulas (generic_formulas, G_N_ELEMENTS (generic_formulas));
      g_once_init_leave (&initialized, 1);
    }
  return &formulas;
}

/* The number of words of the longest formula matching @words at @at. */
static guint
match_formula (GPtrArray *formulas,
               GPtrArray *words,
               guint      at)
{
  guint best = 0;

  for (guint f = 0; f < formulas->len; f++)
    {
      char **formula = g_ptr_array_index (formulas, f);
      guint n = g_strv_length (formula);
      gboolean matched = n > best && at + n <= words->len;

      for (guint w = 0; matched && w < n; w++)
        matched = g_str_equal (formula[w], g_ptr_array_index (words, at + w));
      if (matched)
        best = n;
    }
  return best;
}

/* The words that carry the message: without greeting and closing. */
static GPtrArray *
dup_content_words (const char *text)
{
  const Formulas *formulas = get_formulas ();
  g_autofree char *folded = fold (text != NULL ? text : "");
  g_autoptr(GPtrArray) segments = split_segments (folded);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  guint first = 0;
  guint last = segments->len;

  if (segments->len > 0)
    {
      GPtrArray *opening = g_ptr_array_index (segments, 0);
      guint greeting = match_formula (formulas->greetings, opening, 0);

      /* "Hallo Frau Müller," goes as a whole; a greeting that runs into
       * the message ("Hi Anna thanks for …") only loses its formula. */
      if (greeting > 0 && opening->len <= MAX_GREETING_WORDS)
        first = 1;
      else if (greeting > 0)
        g_ptr_array_remove_range (opening, 0, greeting);
    }

  /* The earliest of the last three segments that opens a closing, with
   * the signature after it: "Viele Grüße, Anna". Never the whole reply. */
  for (guint s = MAX (first + 1, segments->len >= 3 ? segments->len - 3 : 0); s < segments->len; s++)
    {
      guint tail_words = 0;

      for (guint t = s; t < segments->len; t++)
        tail_words += ((GPtrArray *) g_ptr_array_index (segments, t))->len;
      if (tail_words <= MAX_CLOSING_WORDS
          && match_formula (formulas->closings, g_ptr_array_index (segments, s), 0) > 0)
        {
          last = s;
          break;
        }
    }

  for (guint s = first; s < last; s++)
    {
      GPtrArray *segment = g_ptr_array_index (segments, s);

      for (guint w = 0; w < segment->len; w++)
        g_ptr_array_add (words, g_strdup (g_ptr_array_index (segment, w)));
    }
  return words;
}

static gboolean
is_generic (GPtrArray *words)
{
  const Formulas *formulas = get_formulas ();
  guint own = 0;

  if (words->len > MAX_GENERIC_WORDS)
    return FALSE;

  for (guint at = 0; at < words->len;)
    {
      guint n = match_formula (formulas->generic, words, at);

      if (n == 0)
        {
          own++;
          n = 1;
        }
      at += n;
    }
  return own <= MAX_OWN_WORDS;
}

static guint64
hash_words (GPtrArray *words,
            guint      from,
            guint      n)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  /* FNV-1a over the words and a separator. */
  for (guint w = from; w < from + n; w++)
    {
      for (const char *p = g_ptr_array_index (words, w); *p != '\0'; p++)
        {
          hash ^= (guchar) *p;
          hash *= G_GUINT64_CONSTANT (1099511628211);
        }
      hash ^= 0x1f;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return hash;
}

static gint
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 ha = *(const guint64 *) a;
  guint64 hb = *(const guint64 *) b;

  return ha < hb ? -1 : ha > hb;
}

static GArray *
dup_shingles (GPtrArray *words)
{
  GArray *shingles = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint unique = 0;

  if (words->len == 0)
    return shingles;

  /* A text shorter than a shingle is one shingle. */
  if (words->len < SHINGLE_WORDS)
    {
      guint64 hash = hash_words (words, 0, words->len);

      g_array_append_val (shingles, hash);
      return shingles;
    }

  for (guint w = 0; w + SHINGLE_WORDS <= words->len; w++)
    {
      guint64 hash = hash_words (words, w, SHINGLE_WORDS);

      g_array_append_val (shingles, hash);
    }
  g_array_sort (shingles, compare_hashes);
  for (guint i = 0; i < shingles->len; i++)
    if (unique == 0 || g_array_index (shingles, guint64, i) != g_array_index (shingles, guint64, unique - 1))
      g_array_index (shingles, guint64, unique++) = g_array_index (shingles, guint64, i);
  g_array_set_size (shingles, unique);
  return shingles;
}

static double
jaccard (GArray *a,
         GArray *b)
{
  guint i = 0;
  guint j = 0;
  guint common = 0;

  if (a->len == 0 || b->len == 0)
    return 0.0;

  while (i < a->len && j < b->len)
    {
      guint64 x = g_array_index (a, guint64, i);
      guint64 y = g_array_index (b, guint64, j);

      if (x == y)
        {
          common++;
          i++;
          j++;
        }
      else if (x < y)
        i++;
      else
        j++;
    }
  return (double) common / (a->len + b->len - common);
}

static void
known_text_free (gpointer data)
{
  KnownText *known = data;

  g_array_unref (known->shingles);
  g_free (known->text);
  g_free (known);
}

static void
rz_reply_check_finalize (GObject *object)
{
  RzReplyCheck *self = RZ_REPLY_CHECK (object);

  g_clear_pointer (&self->known, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_reply_check_parent_class)->finalize (object);
}

static void
rz_reply_check_class_init (RzReplyCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_reply_check_finalize;
}

static void
rz_reply_check_init (RzReplyCheck *self)
{
  self->known = g_ptr_array_new_with_free_func (known_text_free);
}

RzReplyCheck *
rz_reply_check_new (void)
{
  return g_object_new (RZ_TYPE_REPLY_CHECK, NULL);
}

static void
add_known (RzReplyCheck *self,
           const char   *text,
           gboolean      is_template)
{
  g_autoptr(GPtrArray) words = NULL;
  KnownText *known;

  g_return_if_fail (RZ_IS_REPLY_CHECK (self));
  g_return_if_fail (text != NULL);

  words = dup_content_words (text);
  if (words->len == 0)
    return;

  known = g_new0 (KnownText, 1);
  known->text = g_strdup (text);
  known->is_template = is_template;
  known->shingles = dup_shingles (words);
  g_ptr_array_add (self->known, known);
}

void
rz_reply_check_add_template (RzReplyCheck *self,
                             const char   *text)
{
  add_known (self, text, TRUE);
}

void
rz_reply_check_add_sent (RzReplyCheck *self,
                         const char   *text)
{
  add_known (self, text, FALSE);
}

guint
rz_reply_check_get_n_texts (RzReplyCheck *self)
{
  g_return_val_if_fail (RZ_IS_REPLY_CHECK (self), 0);

  return self->known->len;
}

RzReplyIssue
rz_reply_check_run (RzReplyCheck  *self,
                    const char    *reply,
                    double        *similarity,
                    char         **similar_text)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GArray) shingles = NULL;
  const KnownText *best = NULL;
  double best_similarity = 0.0;
  RzReplyIssue issue = RZ_REPLY_ISSUE_NONE;

  g_return_val_if_fail (RZ_IS_REPLY_CHECK (self), RZ_REPLY_ISSUE_NONE);
  g_return_val_if_fail (reply != NULL, RZ_REPLY_ISSUE_NONE);

  words = dup_content_words (reply);
  shingles = dup_shingles (words);

  for (guint i = 0; i < self->known->len; i++)
    {
      const KnownText *known = g_ptr_array_index (self->known, i);
      double value = jaccard (shingles, known->shingles);

      /* Ties go to the template: it is the likelier source. */
      if (value > best_similarity
          || (best != NULL && value == best_similarity && known->is_template && !best->is_template))
        {
          best_similarity = value;
          best = known;
        }
    }

  if (is_generic (words))
    issue = RZ_REPLY_ISSUE_GENERIC;
  else if (best != NULL && best_similarity >= RZ_REPLY_CHECK_THRESHOLD)
    issue = best->is_template ? RZ_REPLY_ISSUE_LIKE_TEMPLATE : RZ_REPLY_ISSUE_LIKE_SENT;

  if (similarity != NULL)
    *similarity = best_similarity;
  if (similar_text != NULL)
    *similar_text = issue == RZ_REPLY_ISSUE_LIKE_TEMPLATE || issue == RZ_REPLY_ISSUE_LIKE_SENT
                    ? g_strdup (best->text) : NULL;
  return issue;
}

char *
rz_reply_check_normalize (const char *text)
{
  g_autoptr(GPtrArray) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  words = dup_content_words (text);
  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **) words->pdata);
}

const char *
rz_reply_issue_get_message (RzReplyIssue issue)
{
  switch (issue)
    {
    case RZ_REPLY_ISSUE_GENERIC:
      /* Translators: shown under a reply draft that is only a stock phrase */
      return _("This reply is very short and general. Say something about what the customer wrote.");
    case RZ_REPLY_ISSUE_LIKE_TEMPLATE:
      /* Translators: shown under a reply draft that is a saved template
       * almost word for word */
      return _("Sounds automated: this is almost exactly a saved template. Make it personal.");
    case RZ_REPLY_ISSUE_LIKE_SENT:
      /* Translators: shown under a reply draft that repeats an earlier
       * reply almost word for word */
      return _("Sounds automated: you sent almost the same reply before. Make it personal.");
    case RZ_REPLY_ISSUE_NONE:
    default:
      return NULL;
    }
}
