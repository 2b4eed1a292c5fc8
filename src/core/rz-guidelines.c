/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-guidelines.h"
#include "rz-recommender.h"

/* User text goes into Markdown as text, never as markup. */
static char *
md_escape (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]#<>|", *p) != NULL)
        g_string_append_c (escaped, '\\');
      if (*p == '\n' || *p == '\r')
        g_string_append_c (escaped, ' ');
      else
        g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}

static char *
dup_duration (guint minutes)
{
  if (minutes >= 60 && minutes % 60 == 0)
    return g_strdup_printf (ngettext ("%u hour", "%u hours", minutes / 60), minutes / 60);
  return g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);
}

static void
append_heading (GString    *out,
                const char *heading)
{
  g_string_append_printf (out, "\n## %s\n\n", heading);
}

static void
append_bullet (GString    *out,
               const char *text)
{
  g_string_append_printf (out, "- %s\n", text);
}

static void
append_entry (GString     *out,
              RzPlanEntry *entry)
{
  g_autofree char *name = md_escape (rz_plan_entry_get_name (entry));
  g_autofree char *purpose = md_escape (rz_plan_entry_get_purpose (entry));
  g_autofree char *responsible = md_escape (rz_plan_entry_get_responsible (entry));
  g_autofree char *stand_in = md_escape (rz_plan_entry_get_stand_in (entry));
  g_autofree char *rhythm = rz_plan_entry_dup_rhythm (entry);
  g_autofree char *duration = dup_duration (rz_plan_entry_get_response_minutes (entry));
  const char * const *audiences = rz_plan_entry_get_audiences (entry);
  /* Translators: shown instead of a person's name */
  const char *nobody = _("not named yet");

  if (purpose[0] != '\0')
    g_string_append_printf (out, "- **%s**: %s\n", name, purpose);
  else
    g_string_append_printf (out, "- **%s**\n", name);

  if (audiences[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) audiences);
      g_autofree char *escaped = md_escape (joined);

      g_string_append_printf (out, "  - %s %s\n", _("Audiences:"), escaped);
    }
  if (rz_plan_entry_get_kind (entry) != RZ_CHANNEL_KIND_OFFLINE)
    {
      g_string_append_printf (out, "  - %s %s\n", _("Rhythm:"), rhythm);
      g_string_append_printf (out, "  - %s %s\n", _("Answer within:"), duration);
    }
  g_string_append_printf (out, "  - %s %s\n", _("Responsible:"),
                          responsible[0] ? responsible : nobody);
  g_string_append_printf (out, "  - %s %s\n", _("Stand-in:"),
                          stand_in[0] ? stand_in : nobody);
}

char *
rz_guidelines_generate (RzProfile *profile,
                        RzPlan    *plan)
{
  g_autofree char *business = NULL;
  const char *regulation;
  GString *out;
  gboolean has_offline = FALSE;
  gboolean everyone_named = TRUE;

  g_return_val_if_fail (RZ_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (RZ_IS_PLAN (plan), NULL);

  business = md_escape (rz_profile_get_name (profile)[0] != '\0'
                        ? rz_profile_get_name (profile)
                        /* Translators: used when the business has no name yet */
                        : _("our business"));
  out = g_string_new (NULL);

  g_string_append_printf (out, "# ");
  /* Translators: the title of the guideline; %s is the business */
  g_string_append_printf (out, _("Social media guideline of %s"), business);
  g_string_append (out, "\n\n");
  g_string_append_printf (out, _("This guideline says how we speak on social media and who does what. It applies to everyone who posts or answers in the name of %s."), business);
  g_string_append_c (out, '\n');

  append_heading (out, _("Our channels"));
  for (guint i = 0; i < rz_plan_get_n_entries (plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (plan, i);

      if (rz_plan_entry_get_responsible (entry)[0] == '\0'
          || rz_plan_entry_get_stand_in (entry)[0] == '\0')
        everyone_named = FALSE;
      if (rz_plan_entry_get_kind (entry) == RZ_CHANNEL_KIND_OFFLINE)
        has_offline = TRUE;
      else
        append_entry (out, entry);
    }

  if (has_offline)
    {
      append_heading (out, _("Offline and indirect channels"));
      g_string_append (out, _("Questions and criticism also come by phone, at the front desk, by e-mail or through the press. The same rules apply there."));
      g_string_append (out, "\n\n");
      for (guint i = 0; i < rz_plan_get_n_entries (plan); i++)
        {
          RzPlanEntry *entry = rz_plan_get_entry (plan, i);

          if (rz_plan_entry_get_kind (entry) == RZ_CHANNEL_KIND_OFFLINE)
            append_entry (out, entry);
        }
    }

  g_string_append (out, "\n## ");
  /* Translators: a heading; %s is the business */
  g_string_append_printf (out, _("Who speaks for %s"), business);
  g_string_append (out, "\n\n");
  g_string_append (out, _("Only the people named above post and answer in the name of the business. The stand-in takes over during holidays and sick leave, so that someone answers every day of the year. Everyone else is welcome to share our posts, but says that they speak for themselves when they write about the business privately."));
  g_string_append (out, "\n");
  if (!everyone_named)
    {
      g_string_append (out, "\n");
      g_string_append (out, _("Not every channel has a responsible person and a stand-in yet: name them before you start."));
      g_string_append (out, "\n");
    }

  append_heading (out, _("Tone"));
  append_bullet (out, _("Friendly, personal and short: write as you would talk to a customer in person."));
  append_bullet (out, _("Sign answers with your first name, so that customers know a person is writing."));
  append_bullet (out, _("Address people the way your customers expect, and keep to it."));
  append_bullet (out, _("Plain words instead of advertising phrases. If you do not know an answer yet, say so and say when you will answer."));

  append_heading (out, _("Answering"));
  append_bullet (out, _("Someone answers every day of the year, weekends and holidays included. A day is too late for an answer; each channel's target time is listed above."));
  append_bullet (out, _("Thank people for praise, and answer questions even if they were asked before."));

  append_heading (out, _("How we answer criticism"));
  append_bullet (out, _("Answer quickly and honestly: thank the person, say what went wrong and what happens next."));
  append_bullet (out, _("Never delete criticism and never hide it. Only insults, threats, spam and other people's personal data are removed, and a screenshot of what was removed is kept."));
  append_bullet (out, _("Answer in public first, so that others see that we care; then move details such as order numbers to a private message or a phone call."));
  append_bullet (out, _("Do not argue and do not answer in anger: if a comment upsets you, let the stand-in answer."));
  append_bullet (out, _("Escalate serious cases to the management at once, before answering: legal threats, accusations of a crime, accidents and health risks, questions from journalists, data protection complaints, and many angry comments within a short time."));

  append_heading (out, _("What must not be posted"));
  append_bullet (out, _("Personal data of customers or staff, and photos of people who have not agreed to them."));
  append_bullet (out, _("Internal figures, business secrets and anything that is confidential."));
  append_bullet (out, _("Pictures, music and texts we hold no rights to."));
  append_bullet (out, _("Promises we cannot keep, and remarks about competitors."));
  append_bullet (out, _("Opinions on politics or religion in the name of the business, unless the management has agreed to them."));

  regulation = rz_recommender_get_regulation_note (profile);
  if (regulation != NULL)
    {
      append_heading (out, _("Rules of our industry"));
      g_string_append (out, regulation);
      g_string_append (out, "\n\n");
      g_string_append (out, _("Have new kinds of posts checked by someone who knows these rules before they go out, and escalate questions about them to the management."));
      g_string_append (out, "\n");
    }

  return g_string_free (out, FALSE);
}
