/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rz-bench-corpus.h"

/* A small business (bakery, café, shop with a web shop) as its customers
 * write to it. Sentences are combined freely, so 100,000 comments are not
 * 100,000 copies of a few lines, and the full-text index sees a realistic
 * vocabulary. */

static const char * const de_first[] = {
  "Anna", "Lena", "Jana", "Sabine", "Petra", "Monika", "Julia", "Laura", "Katrin",
  "Sandra", "Birgit", "Ursula", "Hannah", "Marie", "Sophie", "Emma", "Mia", "Lea",
  "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jürgen", "Klaus", "Peter",
  "Frank", "Uwe", "Jan", "Lukas", "Felix", "Jonas", "Tobias", "Florian", "Sebastian",
  "Özlem", "Ayşe", "Mehmet", "Dragan", "Agnieszka", "Björn", "Gülşen", "Ilse",
};

static const char * const de_last[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
  "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
  "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
  "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Yılmaz",
  "Kaya", "Nowak", "Kowalski", "Petrović", "Öztürk", "Groß", "Weiß", "Jäger",
};

static const char * const en_first[] = {
  "James", "John", "Robert", "Michael", "David", "Richard", "Joseph", "Thomas",
  "Charles", "Daniel", "Matthew", "Mark", "Paul", "Steven", "Andrew", "Kevin",
  "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah",
  "Karen", "Emily", "Olivia", "Chloe", "Grace", "Priya", "Aisha", "Wei", "Mateo",
  "Siobhan", "Niamh", "Connor", "Liam", "Noah", "Ava", "Zoe",
};

static const char * const en_last[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
  "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
  "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott",
  "Green", "Baker", "Adams", "Nelson", "Hill", "O'Brien", "Murphy", "Kelly", "Patel",
  "Chen", "Nguyen", "García", "Kowalczyk", "MacLeod",
};

static const char * const de_greetings[] = {
  "Hallo!", "Hallo zusammen,", "Hi,", "Guten Tag,", "Moin!", "Servus,", "Liebes Team,",
  "Hallo ihr Lieben,", "Sehr geehrte Damen und Herren,",
};

static const char * const en_greetings[] = {
  "Hi!", "Hello,", "Hey there,", "Dear team,", "Good morning,", "Hi all,",
};

static const char * const de_closings[] = {
  "Viele Grüße", "LG", "Danke!", "Danke im Voraus.", "Schönen Tag noch!", "Gruß",
  "Bis bald!", "😊", "👍", "🙏", "Mit freundlichen Grüßen",
};

static const char * const en_closings[] = {
  "Thanks!", "Cheers", "Best regards", "Thank you in advance.", "Have a great day!",
  "😊", "👍", "🙏", "Kind regards",
};

/* Questions and friendly remarks: the bulk of an inbox. */
static const char * const de_sentences[] = {
  "Habt ihr am Samstag auch geöffnet?",
  "Wie sind eure Öffnungszeiten an Feiertagen?",
  "Gibt es die Dinkelbrötchen auch glutenfrei?",
  "Kann man bei euch auch mit Karte zahlen?",
  "Wie lange dauert der Versand nach Österreich?",
  "Ist der Laden barrierefrei erreichbar?",
  "Kann ich eine Torte für 20 Personen vorbestellen?",
  "Wann kommt die neue Herbstkollektion?",
  "Habt ihr noch Gutscheine für Weihnachten?",
  "Super Beratung am Freitag, vielen Dank!",
  "Die Zimtschnecken sind einfach die besten in der Stadt.",
  "Wir kommen gerne wieder, das Frühstück war toll.",
  "Gibt es in der Nähe Parkplätze?",
  "Liefert ihr auch nach Potsdam?",
  "Kann ich meine Bestellung noch ändern?",
  "Ich suche ein Geschenk für meine Mutter, habt ihr eine Idee?",
  "Macht ihr auch Catering für Firmenfeiern?",
  "Gibt es den Käsekuchen auch ohne Rosinen?",
  "Wo finde ich die Allergene zu euren Produkten?",
  "Habt ihr vegane Alternativen im Angebot?",
  "Wann ist der nächste Workshop?",
  "Ist der Sauerteig selbst angesetzt?",
  "Danke für die schnelle Lieferung!",
  "Tolle Aktion mit dem Stempelheft.",
  "Der neue Laden in der Südstadt ist wirklich schön geworden.",
  "Könnt ihr mir die Rechnung noch einmal per Mail schicken?",
  "Habt ihr einen Newsletter?",
  "Ist die Aktion nur online oder auch im Laden?",
  "Gibt es bei euch auch Brot vom Vortag günstiger?",
  "Sucht ihr noch Aushilfen für den Sommer?",
  "Mein Sohn liebt eure Laugenbrezeln.",
  "Wie lange ist der Gutschein gültig?",
  "Könnt ihr die Torte auch mit einem Foto bedrucken?",
  "Ich habe gestern im Laden meinen Schirm vergessen.",
  "Das Rezept für die Apfeltaschen würde mich interessieren.",
};

/* Details that make a comment longer without changing its tone. */
static const char * const de_details[] = {
  "Ich hatte am Dienstag online bestellt.",
  "Die Bestellnummer habe ich leider nicht mehr.",
  "Wir sind seit Jahren Stammkunden.",
  "Meine Tochter hat nächste Woche Geburtstag.",
  "Wir wohnen gleich um die Ecke.",
  "Das Paket sollte eigentlich am Montag ankommen.",
  "Ich war heute Morgen gegen acht Uhr da.",
  "Wir waren zu viert und hatten reserviert.",
  "Eine Freundin hat euch empfohlen.",
  "Ich frage für unseren Verein.",
  "Es geht um die Filiale am Marktplatz.",
  "Auf der Webseite steht dazu leider nichts.",
};

static const char * const de_complaints[] = {
  "Ich bin wirklich enttäuscht von der Bestellung.",
  "Die Lieferung kam schon wieder zu spät.",
  "Nie wieder, der Service war eine Frechheit.",
  "Die Ware war beschädigt und niemand antwortet auf meine Mails.",
  "Das Brot war trocken und viel zu teuer.",
  "Die Verkäuferin war unfreundlich und genervt.",
  "Seit drei Wochen warte ich auf mein Geld.",
  "Das ist schon das dritte Mal, dass etwas fehlt.",
  "Der Kuchen war leider verdorben.",
  "Katastrophaler Kundenservice, ich bin sauer.",
  "Ich fühle mich echt verarscht.",
  "Die Qualität ist deutlich schlechter geworden.",
  "So eine schlechte Beratung habe ich selten erlebt.",
  "Ich will mein Geld zurück.",
  "Die Torte sah überhaupt nicht aus wie bestellt, sehr ärgerlich.",
  "Warum antwortet hier eigentlich niemand?",
  "Total enttäuschend, dafür zahle ich nicht so viel.",
  "Die Wartezeit war eine Zumutung.",
};

static const char * const en_sentences[] = {
  "Are you open on Sundays?",
  "What are your opening hours during the holidays?",
  "Do you ship to the UK?",
  "Can I still change my order?",
  "Do you have gluten-free options?",
  "Is there parking nearby?",
  "Can I order a birthday cake for 15 people?",
  "Do you accept credit cards?",
  "When will the new collection be available?",
  "Great service on Friday, thank you!",
  "Best cinnamon rolls in town.",
  "We loved the breakfast and will definitely come back.",
  "Do you offer catering for office parties?",
  "Is the shop wheelchair accessible?",
  "Where can I find the allergen information?",
  "Do you have vegan alternatives?",
  "Thanks for the quick delivery!",
  "Could you send me the invoice again by email?",
  "Is the discount valid in the store as well?",
  "Do you sell gift cards?",
  "How long is the voucher valid?",
  "Are you hiring for the summer?",
  "My kids love your pretzels.",
  "I think I left my umbrella in your shop yesterday.",
  "Would you share the recipe for the apple turnovers?",
};

static const char * const en_details[] = {
  "I ordered online on Tuesday.",
  "We have been regulars for years.",
  "It is for my daughter's birthday next week.",
  "We live just around the corner.",
  "The parcel was supposed to arrive on Monday.",
  "I came in this morning around eight.",
  "A friend recommended you.",
  "I am asking for our sports club.",
  "It is about the store on Market Street.",
  "I could not find anything about it on your website.",
};

static const char * const en_complaints[] = {
  "I am really disappointed with my order.",
  "The delivery was late again.",
  "Never again, your customer service is a joke.",
  "The parcel arrived damaged and nobody answers my emails.",
  "The bread was stale and way too expensive.",
  "The staff was rude and unhelpful.",
  "I have been waiting three weeks for my refund.",
  "This is the third time something was missing.",
  "The cake had gone bad, absolutely terrible.",
  "Awful service, I am furious.",
  "The quality has gotten so much worse.",
  "Worst experience I have had in a long time.",
  "I want my money back.",
  "Why does nobody ever reply here?",
  "Completely unacceptable for the price.",
};

static const char * const search_terms[] = {
  "Lieferung", "Brötchen", "Öffnungszeiten", "Gutschein", "Torte", "enttäuscht",
  "glutenfrei", "Parkplätze", "delivery", "refund", "order", "gift",
  "Bestellung", "Käsekuchen", "Zimtschnecken", "Geld zurück", "cake", "open",
};

struct _RzBenchCorpus
{
  GRand   *rand;
  /* Repeat customers: most comments come from a small set of people. */
  guint    n_people;
};

RzBenchCorpus *
rz_bench_corpus_new (guint32 seed)
{
  RzBenchCorpus *self = g_new0 (RzBenchCorpus, 1);

  self->rand = g_rand_new_with_seed (seed);
  self->n_people = 20000;
  return self;
}

void
rz_bench_corpus_free (RzBenchCorpus *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_free (self);
}

GRand *
rz_bench_corpus_get_rand (RzBenchCorpus *self)
{
  return self->rand;
}

#define PICK(self, array) ((array)[g_rand_int_range ((self)->rand, 0, G_N_ELEMENTS (array))])

static guint32
mix (guint32 x)
{
  /* A fixed integer hash, so person n always has the same name. */
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

static void
make_person (RzBenchCorpus  *self,
             RzBenchComment *comment)
{
  /* Skewed towards low numbers: a few regulars write a lot. */
  double u = g_rand_double (self->rand);
  guint person = (guint) (self->n_people * pow (u, 2.5));
  guint32 h = mix (person + 1);
  gboolean german = (h & 0xff) < 160;
  const char *first;
  const char *last;
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;

  if (german)
    {
      first = de_first[(h >> 8) % G_N_ELEMENTS (de_first)];
      last = de_last[(h >> 16) % G_N_ELEMENTS (de_last)];
    }
  else
    {
      first = en_first[(h >> 8) % G_N_ELEMENTS (en_first)];
      last = en_last[(h >> 16) % G_N_ELEMENTS (en_last)];
    }

  comment->german = german;
  comment->author = g_strdup_printf ("%s %s", first, last);
  ascii = g_str_to_ascii (first, "C");
  lower = g_ascii_strdown (ascii, -1);
  comment->author_handle = g_strdup_printf ("@%s%u", lower, person % 1000);
}

static guint
n_sentences (RzBenchCorpus *self)
{
  guint n = 1;

  /* Most comments are one or two sentences; a few are long letters. */
  while (n < 6 && g_rand_double (self->rand) < 0.42)
    n++;
  if (g_rand_double (self->rand) < 0.02)
    n += g_rand_int_range (self->rand, 8, 30);
  return n;
}

void
rz_bench_corpus_next (RzBenchCorpus  *self,
                      RzBenchComment *comment)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  memset (comment, 0, sizeof *comment);
  make_person (self, comment);
  /* A few customers switch language. */
  if (g_rand_double (self->rand) < 0.05)
    comment->german = !comment->german;
  comment->complaint = g_rand_double (self->rand) < 0.10;

  if (g_rand_double (self->rand) < 0.25)
    g_string_append_printf (text, "%s ", comment->german ? PICK (self, de_greetings) : PICK (self, en_greetings));

  n = n_sentences (self);
  for (guint i = 0; i < n; i++)
    {
      const char *sentence;
      double u = g_rand_double (self->rand);

      if (comment->complaint && (i == 0 || u < 0.5))
        sentence = comment->german ? PICK (self, de_complaints) : PICK (self, en_complaints);
      else if (i > 0 && u < 0.4)
        sentence = comment->german ? PICK (self, de_details) : PICK (self, en_details);
      else if (!comment->complaint)
        sentence = comment->german ? PICK (self, de_sentences) : PICK (self, en_sentences);
      else
        sentence = comment->german ? PICK (self, de_details) : PICK (self, en_details);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, sentence);
    }

  if (g_rand_double (self->rand) < 0.3)
    g_string_append_printf (text, " %s", comment->german ? PICK (self, de_closings) : PICK (self, en_closings));

  comment->text = g_string_free (g_steal_pointer (&text), FALSE);
}

void
rz_bench_comment_clear (RzBenchComment *comment)
{
  g_clear_pointer (&comment->author, g_free);
  g_clear_pointer (&comment->author_handle, g_free);
  g_clear_pointer (&comment->text, g_free);
}

const char * const *
rz_bench_corpus_get_search_terms (guint *n_terms)
{
  *n_terms = G_N_ELEMENTS (search_terms);
  return search_terms;
}
