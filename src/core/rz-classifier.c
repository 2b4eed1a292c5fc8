/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "rz-classifier.h"
#include "rz-core.h"

/* How the rules weigh words. They are constants in the code rather than in
 * the word lists so that every list is read the same way; the lists only
 * say which words matter and how much. */
#define NEGATION_SCOPE            3     /* words after "nicht"/"not" */
#define MODIFIER_SCOPE            2     /* words after "sehr"/"very" */
#define NEGATED_PRAISE            (-0.9) /* "nicht gut" is nearly "schlecht" */
#define NEGATED_CRITICISM         (-0.5) /* "nicht schlecht" is only mild praise */
#define CAPS_FACTOR               1.5   /* SHOUTING */
#define ELONGATION_FACTOR         1.3   /* "suuuper" */
#define QUESTION_PRAISE           0.3   /* "Ist der Kuchen gut?" asks, it does not praise */
#define QUESTION_CRITICISM        0.5   /* "Warum ist alles kaputt?" still complains */
#define EMPHATIC_QUESTION         1.2   /* "??" and "?!" sharpen a complaint */
#define EXCLAMATION_STEP          0.1   /* per "!", up to four */
#define BEFORE_CONTRAST           0.5   /* "schön, aber …": what follows "aber" counts */
#define AFTER_CONTRAST            1.5
#define SARCASM_FLIP              (-0.5) /* praise next to "na toll" is irony */
#define THANKS_IN_QUESTION        0.3   /* "Habt ihr offen? Danke!" is politeness */
#define LABEL_THRESHOLD           1.0
#define CLEAR_LANGUAGE_HITS       3     /* function words that settle the language */
#define MAX_STEM_BYTES            63
#define MAX_PHRASE_WORDS          8
#define MAX_EXPLAINED_TERMS       8

typedef enum {
  SECTION_TERMS,
  SECTION_THANKS,
  SECTION_NEGATORS,
  SECTION_INTENSIFIERS,
  SECTION_DIMINISHERS,
  SECTION_CONTRAST,
  SECTION_SARCASM,
  SECTION_FUNCTION,
  N_SECTIONS
} Section;

static const char * const section_names[N_SECTIONS] = {
  "terms", "thanks", "negators", "intensifiers", "diminishers",
  "contrast", "sarcasm", "function",
};

typedef enum {
  KIND_TERM,
  KIND_THANKS,
  KIND_NEGATOR,
  KIND_MODIFIER,
  KIND_CONTRAST,
  KIND_SARCASM,
} EntryKind;

typedef struct {
  EntryKind   kind;
  double      weight;
  guint       n_words;
  guint32     stem_mask;   /* bit i: words[i] matches as a prefix */
  char      **words;       /* normalised and casefolded, without '*' */
} Entry;

typedef struct {
  char       *name;
  GPtrArray  *entries;         /* Entry, owned */
  GHashTable *index;           /* first word ("stem*" for stems) -> GPtrArray of Entry */
  GHashTable *function_words;  /* set of casefolded words */
  guint64     stem_lengths;    /* bit n: some first word is a stem of n bytes */
} Lexicon;

typedef enum {
  TOKEN_WORD,
  TOKEN_EMOJI,
  TOKEN_BREAK,
} TokenKind;

#define NO_FORM G_MAXSIZE
#define N_FORMS 3

typedef struct {
  TokenKind  kind;
  guint      sentence;
  gsize      begin;
  gsize      end;
  gsize      forms[N_FORMS];  /* casefolded; elongation squeezed to two and one */
  guint      caps : 1;
  guint      elongated : 1;
} Token;

typedef struct {
  guint8 n_exclamations;
  guint8 n_questions;
} Sentence;

typedef struct {
  const char *text;       /* normalised (NFKC) input */
  GArray     *tokens;     /* Token */
  GArray     *sentences;  /* Sentence */
  GString    *pool;       /* the token forms, NUL-separated */
  guint       n_upper;
  guint       n_lower;
  guint       n_caps_words;
} Analysis;

typedef struct {
  char   *text;
  double  contribution;
  gsize   token;
  guint   thanks : 1;
} Term;

struct _RzClassification {
  gatomicrefcount  ref_count;
  RzSentiment      sentiment;
  double           score;
  const char      *language;
  GArray          *terms;   /* Term */
  gboolean         is_valid;
};

struct _RzClassifier {
  GObject     parent_instance;

  Lexicon    *german;
  Lexicon    *english;
  Lexicon    *emoji;
  GPtrArray  *emoticons;   /* ASCII emoticons like ":)", longest first */
};

G_DEFINE_FINAL_TYPE (RzClassifier, rz_classifier, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (RzClassification, rz_classification,
                     rz_classification_ref, rz_classification_unref)

/* Word lists ----------------------------------------------------------- */

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_strfreev (entry->words);
  g_free (entry);
}

static void
lexicon_free (Lexicon *lex)
{
  if (lex == NULL)
    return;

  g_clear_pointer (&lex->index, g_hash_table_unref);
  g_clear_pointer (&lex->function_words, g_hash_table_unref);
  g_clear_pointer (&lex->entries, g_ptr_array_unref);
  g_free (lex->name);
  g_free (lex);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lexicon, lexicon_free)

static Lexicon *
lexicon_new (const char *name)
{
  Lexicon *lex = g_new0 (Lexicon, 1);

  lex->name = g_strdup (name);
  lex->entries = g_ptr_array_new_with_free_func (entry_free);
  lex->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  lex->function_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return lex;
}

static gboolean
is_ignorable (gunichar c)
{
  /* Variation selectors, the zero-width joiner, the keycap and skin tones
   * only change how an emoji looks. */
  return c == 0xFE0E || c == 0xFE0F || c == 0x200D || c == 0x20E3
         || (c >= 0x1F3FB && c <= 0x1F3FF);
}

/* The one normalisation that both word lists and comments go through, so
 * that "Straße", "STRASSE" and "strasse" are the same word. */
static char *
fold_text (const char *text,
           gssize      length)
{
  g_autofree char *normal = g_utf8_normalize (text, length, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;
  GString *out;

  if (normal == NULL)
    return NULL;

  folded = g_utf8_casefold (normal, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ignorable (c))
        continue;
      if (c == 0x2019)
        c = '\'';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "ärger" also stands for "aerger", as people type without umlauts. */
static char *
dup_without_umlauts (const char *word)
{
  GString *out = g_string_new (NULL);
  gboolean changed = FALSE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case 0x00E4:
          g_string_append (out, "ae");
          changed = TRUE;
          break;
        case 0x00F6:
          g_string_append (out, "oe");
          changed = TRUE;
          break;
        case 0x00FC:
          g_string_append (out, "ue");
          changed = TRUE;
          break;
        default:
          g_string_append_unichar (out, c);
          break;
        }
    }

  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
entry_dup_key (const Entry *entry,
               guint        word)
{
  if (entry->stem_mask & (1u << word))
    return g_strconcat (entry->words[word], "*", NULL);
  return g_strdup (entry->words[word]);
}

static gboolean
lexicon_add_entry (Lexicon     *lex,
                   GHashTable  *seen,
                   EntryKind    kind,
                   double       weight,
                   const char  *folded,
                   guint        line,
                   GError     **error)
{
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_autofree char *seen_key = NULL;
  g_autofree char *index_key = NULL;
  GPtrArray *list;
  Entry *entry;
  guint n = 0;

  seen_key = g_strdup_printf ("%d:%s", kind, folded);
  if (g_hash_table_contains (seen, seen_key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: line %u: “%s” is listed twice", lex->name, line, folded);
      return FALSE;
    }
  g_hash_table_add (seen, g_steal_pointer (&seen_key));

  entry = g_new0 (Entry, 1);
  entry->kind = kind;
  entry->weight = weight;
  entry->words = g_new0 (char *, g_strv_length (words) + 1);
  g_ptr_array_add (lex->entries, entry);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = words[i];
      gsize len = strlen (word);
      char *star = strchr (word, '*');

      if (len == 0)
        continue;
      if (n == MAX_PHRASE_WORDS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %u: a phrase has at most %d words",
                       lex->name, line, MAX_PHRASE_WORDS);
          return FALSE;
        }
      if (star != NULL)
        {
          if (star != word + len - 1 || len == 1)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %u: '*' only ends a stem", lex->name, line);
              return FALSE;
            }
          word[len - 1] = '\0';
          len--;
          if (len > MAX_STEM_BYTES)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %u: the stem is too long", lex->name, line);
              return FALSE;
            }
          entry->stem_mask |= 1u << n;
          if (n == 0)
            lex->stem_lengths |= G_GUINT64_CONSTANT (1) << len;
        }
      entry->words[n++] = g_strdup (word);
    }

  if (n == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: line %u: empty entry", lex->name, line);
      return FALSE;
    }
  entry->n_words = n;

  index_key = entry_dup_key (entry, 0);
  list = g_hash_table_lookup (lex->index, index_key);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (lex->index, g_steal_pointer (&index_key), list);
    }
  g_ptr_array_add (list, entry);
  return TRUE;
}

static gint
compare_entries_longest_first (gconstpointer a,
                               gconstpointer b)
{
  const Entry *ea = *(const Entry * const *) a;
  const Entry *eb = *(const Entry * const *) b;

  return (gint) eb->n_words - (gint) ea->n_words;
}

static gboolean
parse_section (const char  *line,
               Section     *section)
{
  gsize len = strlen (line);

  if (len < 3 || line[len - 1] != ']')
    return FALSE;
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (strlen (section_names[i]) == len - 2
          && strncmp (line + 1, section_names[i], len - 2) == 0)
        {
          *section = i;
          return TRUE;
        }
    }
  return FALSE;
}

static Lexicon *
lexicon_parse (const char  *name,
               GBytes      *bytes,
               GError     **error)
{
  g_autoptr(Lexicon) lex = lexicon_new (name);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  Section section = SECTION_TERMS;
  const char *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not UTF-8 text", name);
      return NULL;
    }

  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *folded = NULL;
      g_autofree char *plain = NULL;
      char *line = g_strchomp (lines[i]);
      char *tab;
      gboolean needs_weight;
      double weight = 0.0;
      EntryKind kind;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (line[0] == '[')
        {
          if (!parse_section (line, &section))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %u: unknown section %s", name, i + 1, line);
              return NULL;
            }
          continue;
        }

      needs_weight = section == SECTION_TERMS || section == SECTION_THANKS
                     || section == SECTION_INTENSIFIERS
                     || section == SECTION_DIMINISHERS
                     || section == SECTION_SARCASM;
      tab = strchr (line, '\t');
      if (tab != NULL)
        {
          char *end = NULL;

          *tab = '\0';
          weight = g_ascii_strtod (tab + 1, &end);
          if (!needs_weight || end == tab + 1 || *end != '\0' || !isfinite (weight))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %u: bad weight “%s”", name, i + 1, tab + 1);
              return NULL;
            }
        }
      else if (needs_weight)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %u: “%s” needs a TAB and a weight", name, i + 1, line);
          return NULL;
        }

      if ((section == SECTION_INTENSIFIERS && weight <= 1.0)
          || (section == SECTION_DIMINISHERS && (weight <= 0.0 || weight >= 1.0)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %u: an intensifier's factor is above 1, a diminisher's between 0 and 1",
                       name, i + 1);
          return NULL;
        }

      folded = fold_text (g_strstrip (line), -1);
      if (folded == NULL || folded[0] == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %u: empty entry", name, i + 1);
          return NULL;
        }

      switch (section)
        {
        case SECTION_FUNCTION:
          g_hash_table_add (lex->function_words, g_steal_pointer (&folded));
          continue;
        case SECTION_TERMS:
          kind = KIND_TERM;
          break;
        case SECTION_THANKS:
          kind = KIND_THANKS;
          break;
        case SECTION_NEGATORS:
          kind = KIND_NEGATOR;
          break;
        case SECTION_INTENSIFIERS:
        case SECTION_DIMINISHERS:
          kind = KIND_MODIFIER;
          break;
        case SECTION_CONTRAST:
          kind = KIND_CONTRAST;
          break;
        case SECTION_SARCASM:
          kind = KIND_SARCASM;
          break;
        case N_SECTIONS:
        default:
          g_assert_not_reached ();
        }

      if (!lexicon_add_entry (lex, seen, kind, weight, folded, i + 1, error))
        return NULL;

      /* The variant without umlauts; skipped if the list has it anyway. */
      plain = dup_without_umlauts (folded);
      if (plain != NULL)
        {
          g_autofree char *plain_key = g_strdup_printf ("%d:%s", kind, plain);

          if (!g_hash_table_contains (seen, plain_key)
              && !lexicon_add_entry (lex, seen, kind, weight, plain, i + 1, error))
            return NULL;
        }
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, lex->index);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_sort (value, compare_entries_longest_first);
  }

  return g_steal_pointer (&lex);
}

static void
collect_emoticons (Lexicon   *lex,
                   GPtrArray *emoticons)
{
  if (lex == NULL)
    return;

  /* ASCII emoticons are made of punctuation, which the tokeniser would
   * otherwise read as the end of a clause. */
  for (guint i = 0; i < lex->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (lex->entries, i);
      const char *word = entry->words[0];

      if (entry->n_words == 1 && entry->stem_mask == 0
          && g_ascii_ispunct (word[0]) && strlen (word) <= 4)
        g_ptr_array_add (emoticons, g_strdup (word));
    }
}

static gint
compare_longest_string_first (gconstpointer a,
                              gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;

  return (gint) strlen (sb) - (gint) strlen (sa);
}

/* Classifier ----------------------------------------------------------- */

static void
rz_classifier_finalize (GObject *object)
{
  RzClassifier *self = RZ_CLASSIFIER (object);

  g_clear_pointer (&self->german, lexicon_free);
  g_clear_pointer (&self->english, lexicon_free);
  g_clear_pointer (&self->emoji, lexicon_free);
  g_clear_pointer (&self->emoticons, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_classifier_parent_class)->finalize (object);
}

static void
rz_classifier_class_init (RzClassifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_classifier_finalize;
}

static void
rz_classifier_init (RzClassifier *self)
{
  self->emoticons = g_ptr_array_new_with_free_func (g_free);
}

RzClassifier *
rz_classifier_new_from_lists (GBytes  *german,
                              GBytes  *english,
                              GBytes  *emoji,
                              GError **error)
{
  g_autoptr(RzClassifier) self = NULL;

  g_return_val_if_fail (german != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (RZ_TYPE_CLASSIFIER, NULL);

  self->german = lexicon_parse ("de.txt", german, error);
  if (self->german == NULL)
    return NULL;
  if (english != NULL)
    {
      self->english = lexicon_parse ("en.txt", english, error);
      if (self->english == NULL)
        return NULL;
    }
  if (emoji != NULL)
    {
      self->emoji = lexicon_parse ("emoji.txt", emoji, error);
      if (self->emoji == NULL)
        return NULL;
    }

  collect_emoticons (self->german, self->emoticons);
  collect_emoticons (self->english, self->emoticons);
  collect_emoticons (self->emoji, self->emoticons);
  g_ptr_array_sort (self->emoticons, compare_longest_string_first);

  return g_steal_pointer (&self);
}

RzClassifier *
rz_classifier_new_default (GError **error)
{
  g_autoptr(GBytes) german = NULL;
  g_autoptr(GBytes) english = NULL;
  g_autoptr(GBytes) emoji = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((german = rz_core_lookup_data ("/wordlists/de.txt", error)) == NULL
      || (english = rz_core_lookup_data ("/wordlists/en.txt", error)) == NULL
      || (emoji = rz_core_lookup_data ("/wordlists/emoji.txt", error)) == NULL)
    return NULL;

  return rz_classifier_new_from_lists (german, english, emoji, error);
}

/* Tokeniser ------------------------------------------------------------ */

static inline const char *
token_form (const Analysis *a,
            const Token    *token,
            guint           form)
{
  return token->forms[form] == NO_FORM ? NULL : a->pool->str + token->forms[form];
}

static gsize
pool_add (Analysis   *a,
          const char *text,
          gsize       len)
{
  gsize offset = a->pool->len;

  g_string_append_len (a->pool, text, len);
  g_string_append_c (a->pool, '\0');
  return offset;
}

/* "suuuuper" -> "suuper" (@keep 2) or "super" (@keep 1). */
static char *
dup_squeezed (const char *word,
              guint       keep)
{
  GString *out = g_string_new (NULL);
  gunichar previous = 0;
  guint run = 0;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      run = c == previous ? run + 1 : 1;
      previous = c;
      if (run <= keep)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_long_run (const char *word)
{
  gunichar previous = 0;
  guint run = 0;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      run = c == previous ? run + 1 : 1;
      previous = c;
      if (run >= 3 && g_unichar_isalpha (c))
        return TRUE;
    }
  return FALSE;
}

static Sentence *
current_sentence (Analysis *a)
{
  return &g_array_index (a->sentences, Sentence, a->sentences->len - 1);
}

static void
add_token (Analysis  *a,
           Token     *token,
           gboolean  *sentence_closed)
{
  if (token->kind != TOKEN_BREAK && *sentence_closed)
    {
      Sentence fresh = { 0, 0 };

      g_array_append_val (a->sentences, fresh);
      *sentence_closed = FALSE;
    }
  token->sentence = a->sentences->len - 1;
  g_array_append_val (a->tokens, *token);
}

static const char *
scan_word (Analysis   *a,
           const char *start,
           gboolean   *sentence_closed)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  Token token = { TOKEN_WORD, 0, 0, 0, { NO_FORM, NO_FORM, NO_FORM }, 0, 0 };
  const char *p = start;
  gboolean ascii = TRUE;
  guint upper = 0;
  guint lower = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (g_unichar_isupper (c))
            upper++;
          else if (g_unichar_islower (c))
            lower++;
          if (c >= 0x80)
            ascii = FALSE;
          g_string_append_len (raw, p, next - p);
          p = next;
          continue;
        }

      /* An apostrophe inside a word: "don't", "geht's". */
      if ((c == '\'' || c == 0x2019) && *next != '\0'
          && g_unichar_isalnum (g_utf8_get_char (next)))
        {
          g_string_append_c (raw, '\'');
          p = next;
          continue;
        }
      break;
    }

  token.begin = start - a->text;
  token.end = p - a->text;
  token.caps = upper >= 3 && lower == 0;
  a->n_upper += upper;
  a->n_lower += lower;
  if (token.caps)
    a->n_caps_words++;

  if (ascii)
    {
      for (gsize i = 0; i < raw->len; i++)
        raw->str[i] = g_ascii_tolower (raw->str[i]);
      token.forms[0] = pool_add (a, raw->str, raw->len);
    }
  else
    {
      g_autofree char *folded = g_utf8_casefold (raw->str, raw->len);

      token.forms[0] = pool_add (a, folded, strlen (folded));
    }

  if (has_long_run (a->pool->str + token.forms[0]))
    {
      g_autofree char *two = dup_squeezed (a->pool->str + token.forms[0], 2);
      g_autofree char *one = dup_squeezed (a->pool->str + token.forms[0], 1);

      token.elongated = TRUE;
      token.forms[1] = pool_add (a, two, strlen (two));
      token.forms[2] = pool_add (a, one, strlen (one));
    }

  add_token (a, &token, sentence_closed);
  return p;
}

static const char *
match_emoticon (RzClassifier *self,
                const char   *text,
                const char   *p)
{
  if (p != text && !g_ascii_isspace (p[-1]))
    return NULL;

  for (guint i = 0; i < self->emoticons->len; i++)
    {
      const char *emoticon = g_ptr_array_index (self->emoticons, i);
      gsize len = strlen (emoticon);

      if (g_ascii_strncasecmp (p, emoticon, len) == 0
          && (p[len] == '\0' || !g_ascii_isalnum (p[len])))
        return emoticon;
    }
  return NULL;
}

static gboolean
is_spaced_dash (const char *text,
                const char *p)
{
  return (p == text || g_ascii_isspace (p[-1]))
         && (p[1] == '\0' || g_ascii_isspace (p[1]));
}

static void
tokenize (RzClassifier *self,
          Analysis     *a)
{
  const char *text = a->text;
  const char *p = text;
  gboolean sentence_closed = TRUE;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      Token token = { TOKEN_BREAK, 0, p - text, next - text, { NO_FORM, NO_FORM, NO_FORM }, 0, 0 };
      const char *emoticon;
      gboolean terminator = FALSE;
      gboolean is_break = FALSE;

      if (g_unichar_isalnum (c))
        {
          p = scan_word (a, p, &sentence_closed);
          continue;
        }

      if (c < 0x80 && g_ascii_ispunct (c)
          && (emoticon = match_emoticon (self, text, p)) != NULL)
        {
          gsize len = strlen (emoticon);

          token.kind = TOKEN_EMOJI;
          token.end = token.begin + len;
          token.forms[0] = pool_add (a, emoticon, len);
          add_token (a, &token, &sentence_closed);
          p += len;
          continue;
        }

      switch (c)
        {
        case '.':
        case ',':
          /* "12.50" and "1,5" are numbers, not clauses. */
          if (p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (*next))
            break;
          terminator = c == '.';
          is_break = TRUE;
          break;
        case '!':
          /* Terminators count towards the sentence they close. */
          if (current_sentence (a)->n_exclamations < G_MAXUINT8)
            current_sentence (a)->n_exclamations++;
          terminator = is_break = TRUE;
          break;
        case '?':
          if (current_sentence (a)->n_questions < G_MAXUINT8)
            current_sentence (a)->n_questions++;
          terminator = is_break = TRUE;
          break;
        case 0x203C:  /* ‼ */
          if (current_sentence (a)->n_exclamations < G_MAXUINT8 - 1)
            current_sentence (a)->n_exclamations += 2;
          terminator = is_break = TRUE;
          break;
        case 0x2047:  /* ⁇ */
        case 0x2048:  /* ⁈ */
        case 0x2049:  /* ⁉ */
          if (current_sentence (a)->n_questions < G_MAXUINT8 - 1)
            current_sentence (a)->n_questions += c == 0x2047 ? 2 : 1;
          if (c != 0x2047 && current_sentence (a)->n_exclamations < G_MAXUINT8)
            current_sentence (a)->n_exclamations++;
          terminator = is_break = TRUE;
          break;
        case 0x2026:  /* … */
        case 0x3002:  /* 。 */
        case '\n':
        case '\r':
          terminator = is_break = TRUE;
          break;
        case ';':
        case ':':
        case '(':
        case ')':
        case '[':
        case ']':
        case '{':
        case '}':
        case 0x00A1:  /* ¡ */
        case 0x00BF:  /* ¿ */
        case 0x2013:  /* – */
        case 0x2014:  /* — */
          is_break = TRUE;
          break;
        case '-':
          /* A dash between words, not a hyphen inside "E-Mail". */
          is_break = is_spaced_dash (text, p);
          break;
        default:
          if (!is_ignorable (c) && g_unichar_type (c) == G_UNICODE_OTHER_SYMBOL)
            {
              token.kind = TOKEN_EMOJI;
              token.forms[0] = pool_add (a, p, next - p);
              add_token (a, &token, &sentence_closed);
            }
          break;
        }

      if (is_break)
        {
          add_token (a, &token, &sentence_closed);
          if (terminator)
            sentence_closed = TRUE;
        }
      p = next;
    }
}

/* Matching ------------------------------------------------------------- */

static gboolean
word_matches (const char *form,
              const char *word,
              gboolean    stem)
{
  if (form == NULL)
    return FALSE;
  if (stem)
    return g_str_has_prefix (form, word);
  return strcmp (form, word) == 0;
}

static gboolean
token_matches (const Analysis *a,
               const Token    *token,
               const char     *word,
               gboolean        stem)
{
  if (token->kind == TOKEN_BREAK)
    return FALSE;
  for (guint f = 0; f < N_FORMS; f++)
    if (word_matches (token_form (a, token, f), word, stem))
      return TRUE;
  return FALSE;
}

static void
consider_candidates (const Analysis  *a,
                     guint            at,
                     GPtrArray       *candidates,
                     const Entry    **best)
{
  if (candidates == NULL)
    return;

  for (guint c = 0; c < candidates->len; c++)
    {
      const Entry *entry = g_ptr_array_index (candidates, c);
      gboolean matched = TRUE;

      /* Sorted longest first: nothing later can beat the best so far. */
      if (*best != NULL && entry->n_words <= (*best)->n_words)
        return;
      if (at + entry->n_words > a->tokens->len)
        continue;

      for (guint w = 1; w < entry->n_words && matched; w++)
        matched = token_matches (a, &g_array_index (a->tokens, Token, at + w),
                                 entry->words[w], entry->stem_mask & (1u << w));
      if (matched)
        {
          *best = entry;
          return;
        }
    }
}

static void
lexicon_match (const Lexicon   *lex,
               const Analysis  *a,
               guint            at,
               const Entry    **best)
{
  const Token *token = &g_array_index (a->tokens, Token, at);

  for (guint f = 0; f < N_FORMS; f++)
    {
      const char *form = token_form (a, token, f);
      char key[MAX_STEM_BYTES + 2];
      gsize len;

      if (form == NULL)
        continue;

      consider_candidates (a, at, g_hash_table_lookup (lex->index, form), best);

      /* Stems, longest first; only lengths some stem has are tried, so the
       * cost per word stays a handful of lookups. */
      len = strlen (form);
      for (gsize n = MIN (len, MAX_STEM_BYTES); n > 0; n--)
        {
          if ((lex->stem_lengths & (G_GUINT64_CONSTANT (1) << n)) == 0)
            continue;
          if ((form[n] & 0xC0) == 0x80)
            continue;
          memcpy (key, form, n);
          key[n] = '*';
          key[n + 1] = '\0';
          consider_candidates (a, at, g_hash_table_lookup (lex->index, key), best);
        }
    }
}

static guint
count_function_words (const Lexicon  *lex,
                      const Analysis *a)
{
  guint hits = 0;

  if (lex == NULL)
    return 0;

  for (guint i = 0; i < a->tokens->len; i++)
    {
      const Token *token = &g_array_index (a->tokens, Token, i);

      if (token->kind == TOKEN_WORD
          && g_hash_table_contains (lex->function_words, token_form (a, token, 0)))
        hits++;
    }
  return hits;
}

/* Scoring -------------------------------------------------------------- */

static void
term_clear (gpointer data)
{
  Term *term = data;

  g_free (term->text);
}

static char *
dup_surface (const Analysis *a,
             guint           first,
             guint           last)
{
  const Token *from = &g_array_index (a->tokens, Token, first);
  const Token *to = &g_array_index (a->tokens, Token, last);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  /* As the customer wrote it, with line breaks and runs of spaces as one. */
  for (const char *p = a->text + from->begin; p < a->text + to->end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static double
sentence_factor (const Analysis *a,
                 guint           sentence,
                 double          contribution)
{
  const Sentence *s = &g_array_index (a->sentences, Sentence, sentence);

  if (s->n_questions > 0)
    {
      if (contribution > 0)
        return QUESTION_PRAISE;
      if (s->n_questions >= 2 || s->n_exclamations > 0)
        return EMPHATIC_QUESTION;
      return QUESTION_CRITICISM;
    }
  if (s->n_exclamations > 0)
    return 1.0 + EXCLAMATION_STEP * MIN (s->n_exclamations, 4);
  return 1.0;
}

static void
add_term (RzClassification *result,
          const Analysis   *a,
          guint             first,
          guint             last,
          double            contribution,
          gboolean          thanks)
{
  Term term;

  term.text = dup_surface (a, first, last);
  term.contribution = contribution;
  term.token = last;
  term.thanks = thanks;
  g_array_append_val (result->terms, term);
}

static void
score (RzClassifier     *self,
       Analysis         *a,
       RzClassification *result)
{
  const Lexicon *lexicons[3];
  guint n_lexicons = 0;
  guint german_hits = count_function_words (self->german, a);
  guint english_hits = count_function_words (self->english, a);
  gboolean shouting = a->n_lower == 0 && a->n_upper >= 6 && a->n_caps_words >= 2;
  gboolean has_question = FALSE;
  gboolean sarcasm = FALSE;
  gssize contrast_at = -1;
  guint negation_left = 0;
  guint negation_begin = 0;
  guint modifier_left = 0;
  guint modifier_begin = 0;
  double modifier_factor = 1.0;
  guint more = MAX (german_hits, english_hits);
  guint fewer = MIN (german_hits, english_hits);

  /* The language with more function words decides. A comment that mixes
   * both, or has too few of them to tell ("Top! 👍", "Was will man
   * mehr"), is read with both lists, its likelier language first. With
   * clear evidence the other list stays out, so that German "Bad" and
   * "Gift" are not read as English. */
  if (more == 0 || self->english == NULL)
    {
      lexicons[n_lexicons++] = self->german;
      if (self->english != NULL)
        lexicons[n_lexicons++] = self->english;
      result->language = more == 0 ? "" : "de";
    }
  else
    {
      gboolean german_first = german_hits >= english_hits;
      gboolean mixed = fewer > 0 && fewer * 3 >= more;

      lexicons[n_lexicons++] = german_first ? self->german : self->english;
      if (mixed || more < CLEAR_LANGUAGE_HITS)
        lexicons[n_lexicons++] = german_first ? self->english : self->german;
      if (mixed)
        result->language = german_first ? "de+en" : "en+de";
      else
        result->language = german_first ? "de" : "en";
    }
  if (self->emoji != NULL)
    lexicons[n_lexicons++] = self->emoji;

  for (guint s = 0; s < a->sentences->len; s++)
    if (g_array_index (a->sentences, Sentence, s).n_questions > 0)
      has_question = TRUE;

  for (guint i = 0; i < a->tokens->len;)
    {
      const Token *token = &g_array_index (a->tokens, Token, i);
      const Entry *entry = NULL;
      gboolean caps = shouting;
      gboolean elongated = FALSE;
      double contribution;
      guint first = i;
      guint last;

      if (token->kind == TOKEN_BREAK)
        {
          negation_left = modifier_left = 0;
          i++;
          continue;
        }

      for (guint l = 0; l < n_lexicons; l++)
        {
          const Entry *found = NULL;

          lexicon_match (lexicons[l], a, i, &found);
          /* An earlier list wins a tie: the comment's own language first. */
          if (found != NULL && (entry == NULL || found->n_words > entry->n_words))
            entry = found;
        }

      if (entry == NULL
          || ((entry->kind == KIND_TERM || entry->kind == KIND_THANKS) && entry->weight == 0.0))
        {
          guint len = entry == NULL ? 1 : entry->n_words;

          negation_left = negation_left > len ? negation_left - len : 0;
          modifier_left = modifier_left > len ? modifier_left - len : 0;
          i += len;
          continue;
        }

      last = i + entry->n_words - 1;
      switch (entry->kind)
        {
        case KIND_NEGATOR:
          negation_left = NEGATION_SCOPE;
          negation_begin = i;
          i = last + 1;
          continue;

        case KIND_MODIFIER:
          if (modifier_left == 0)
            {
              modifier_factor = 1.0;
              modifier_begin = i;
            }
          modifier_factor *= entry->weight;
          modifier_left = MODIFIER_SCOPE;
          i = last + 1;
          continue;

        case KIND_CONTRAST:
          contrast_at = i;
          negation_left = modifier_left = 0;
          i = last + 1;
          continue;

        case KIND_SARCASM:
          sarcasm = TRUE;
          add_term (result, a, i, last, entry->weight, FALSE);
          negation_left = modifier_left = 0;
          i = last + 1;
          continue;

        case KIND_TERM:
        case KIND_THANKS:
        default:
          break;
        }

      contribution = entry->weight;
      if (modifier_left > 0)
        {
          contribution *= modifier_factor;
          first = modifier_begin;
        }
      if (negation_left > 0)
        {
          contribution *= contribution > 0 ? NEGATED_PRAISE : NEGATED_CRITICISM;
          first = MIN (first, negation_begin);
        }
      for (guint t = i; t <= last; t++)
        {
          const Token *part = &g_array_index (a->tokens, Token, t);

          caps = caps || part->caps;
          elongated = elongated || part->elongated;
        }
      if (caps)
        contribution *= CAPS_FACTOR;
      if (elongated)
        contribution *= ELONGATION_FACTOR;
      contribution *= sentence_factor (a, token->sentence, contribution);

      add_term (result, a, first, last, contribution, entry->kind == KIND_THANKS);
      negation_left = modifier_left = 0;
      i = last + 1;
    }

  result->score = 0.0;
  for (guint t = 0; t < result->terms->len; t++)
    {
      Term *term = &g_array_index (result->terms, Term, t);

      if (contrast_at >= 0)
        term->contribution *= (gssize) term->token < contrast_at ? BEFORE_CONTRAST : AFTER_CONTRAST;
      if (term->thanks && has_question)
        term->contribution *= THANKS_IN_QUESTION;
      if (sarcasm && term->contribution > 0)
        term->contribution *= SARCASM_FLIP;
      result->score += term->contribution;
    }

  if (result->score <= -LABEL_THRESHOLD)
    result->sentiment = RZ_SENTIMENT_CRITICAL;
  else if (result->score >= LABEL_THRESHOLD)
    result->sentiment = RZ_SENTIMENT_POSITIVE;
  else
    result->sentiment = RZ_SENTIMENT_NEUTRAL;
}

static RzClassification *
rz_classification_new (void)
{
  RzClassification *self = g_new0 (RzClassification, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->sentiment = RZ_SENTIMENT_NEUTRAL;
  self->language = "";
  self->is_valid = TRUE;
  self->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  g_array_set_clear_func (self->terms, term_clear);
  return self;
}

RzClassification *
rz_classifier_classify (RzClassifier *self,
                        const char   *text,
                        gssize        length)
{
  g_autoptr(RzClassification) result = NULL;
  g_autofree char *normal = NULL;
  Analysis analysis = { NULL, NULL, NULL, NULL, 0, 0, 0 };
  Sentence first = { 0, 0 };

  g_return_val_if_fail (RZ_IS_CLASSIFIER (self), NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  result = rz_classification_new ();
  if (text == NULL || length == 0)
    return g_steal_pointer (&result);

  if (length < 0)
    length = strlen (text);
  if (!g_utf8_validate_len (text, length, NULL))
    {
      result->is_valid = FALSE;
      return g_steal_pointer (&result);
    }

  normal = g_utf8_normalize (text, length, G_NORMALIZE_NFKC);
  if (normal == NULL)
    {
      result->is_valid = FALSE;
      return g_steal_pointer (&result);
    }

  analysis.text = normal;
  analysis.tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 32);
  analysis.sentences = g_array_sized_new (FALSE, FALSE, sizeof (Sentence), 4);
  analysis.pool = g_string_sized_new (strlen (normal) * 2 + 16);
  /* Breaks before the first word belong to an empty first sentence. */
  g_array_append_val (analysis.sentences, first);

  tokenize (self, &analysis);
  score (self, &analysis, result);

  g_array_unref (analysis.tokens);
  g_array_unref (analysis.sentences);
  g_string_free (analysis.pool, TRUE);

  return g_steal_pointer (&result);
}

/* Classification ------------------------------------------------------- */

RzClassification *
rz_classification_ref (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rz_classification_unref (RzClassification *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->terms);
      g_free (self);
    }
}

RzSentiment
rz_classification_get_sentiment (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, RZ_SENTIMENT_NEUTRAL);

  return self->sentiment;
}

double
rz_classification_get_score (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->score;
}

const char *
rz_classification_get_language (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, "");

  return self->language;
}

gboolean
rz_classification_get_is_valid (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_valid;
}

guint
rz_classification_get_n_terms (RzClassification *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->terms->len;
}

const char *
rz_classification_get_term (RzClassification *self,
                            guint             index,
                            double           *contribution)
{
  const Term *term;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->terms->len, NULL);

  term = &g_array_index (self->terms, Term, index);
  if (contribution != NULL)
    *contribution = term->contribution;
  return term->text;
}

/* "−2", "+1.5": one decimal at most, and a real minus sign. */
static char *
format_contribution (double value)
{
  double rounded = round (fabs (value) * 10.0) / 10.0;

  return g_strdup_printf (rounded == floor (rounded) ? "%s%.0f" : "%s%.1f",
                          value < 0 ? "\xe2\x88\x92" : "+", rounded);
}

char *
rz_classification_dup_explanation (RzClassification *self)
{
  g_autoptr(GString) terms = NULL;
  guint shown = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->is_valid)
    /* Translators: the explanation for a comment that could not be read */
    return g_strdup (_("neutral: not readable as text"));

  terms = g_string_new (NULL);
  for (guint i = 0; i < self->terms->len; i++)
    {
      const Term *term = &g_array_index (self->terms, Term, i);
      g_autofree char *number = NULL;

      if (fabs (term->contribution) < 0.05)
        continue;
      if (shown == MAX_EXPLAINED_TERMS)
        {
          g_string_append (terms, ", …");
          break;
        }
      if (shown > 0)
        g_string_append (terms, ", ");
      number = format_contribution (term->contribution);
      /* Translators: a word from a comment and how much it counted,
       * like “enttäuscht (−2)” */
      g_string_append_printf (terms, _("%s (%s)"), term->text, number);
      shown++;
    }

  if (shown == 0)
    /* Translators: the explanation for a comment without any word that
     * counts; “neutral” is the label */
    return g_strdup (_("neutral: no words of praise or criticism"));

  /* Translators: the label (critical, neutral, positive), then the words
   * that led to it, like “critical: enttäuscht (−2), nie wieder (−3)” */
  return g_strdup_printf (_("%s: %s"), rz_sentiment_get_label (self->sentiment), terms->str);
}

const char *
rz_sentiment_to_string (RzSentiment sentiment)
{
  switch (sentiment)
    {
    case RZ_SENTIMENT_CRITICAL:
      return "critical";
    case RZ_SENTIMENT_POSITIVE:
      return "positive";
    case RZ_SENTIMENT_NEUTRAL:
    default:
      return "neutral";
    }
}

const char *
rz_sentiment_get_label (RzSentiment sentiment)
{
  switch (sentiment)
    {
    case RZ_SENTIMENT_CRITICAL:
      /* Translators: how a comment reads: it criticises the business */
      return C_("sentiment", "critical");
    case RZ_SENTIMENT_POSITIVE:
      /* Translators: how a comment reads: it praises the business */
      return C_("sentiment", "positive");
    case RZ_SENTIMENT_NEUTRAL:
    default:
      /* Translators: how a comment reads: a question or information */
      return C_("sentiment", "neutral");
    }
}
