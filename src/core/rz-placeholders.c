/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-placeholders.h"

/* A placeholder is "{" letters, digits or "_" "}"; anything else in braces
 * (a JSON snippet, a smiley "{:") is plain text. */
static gsize
placeholder_length (const char *p)
{
  gsize i = 1;

  if (p[0] != '{')
    return 0;
  while (g_ascii_isalnum (p[i]) || p[i] == '_')
    i++;
  return i > 1 && p[i] == '}' ? i + 1 : 0;
}

static char *
dup_first_word (const char *name)
{
  const char *end;

  while (*name != '\0' && g_unichar_isspace (g_utf8_get_char (name)))
    name = g_utf8_next_char (name);
  end = name;
  while (*end != '\0' && !g_unichar_isspace (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);
  return g_strndup (name, end - name);
}

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

char *
rz_placeholders_expand (const char                *text,
                        const RzPlaceholderValues *values)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 32);
  for (p = text; *p != '\0';)
    {
      gsize length = placeholder_length (p);
      g_autofree char *key = NULL;
      g_autofree char *first = NULL;
      const char *value = NULL;

      if (length == 0)
        {
          g_string_append_c (out, *p);
          p++;
          continue;
        }

      key = g_ascii_strdown (p + 1, length - 2);
      if (values != NULL)
        {
          if (g_str_equal (key, "name"))
            value = values->name;
          else if (g_str_equal (key, "first_name") && is_set (values->name))
            value = first = dup_first_word (values->name);
          else if (g_str_equal (key, "handle"))
            value = values->handle;
          else if (g_str_equal (key, "channel"))
            value = values->channel;
        }

      if (is_set (value))
        g_string_append (out, value);
      else
        g_string_append_len (out, p, length);
      p += length;
    }

  return g_string_free (out, FALSE);
}

gboolean
rz_placeholders_find_first (const char *text,
                            int        *start,
                            int        *end)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize length = placeholder_length (p);

      if (length > 0)
        {
          if (start != NULL)
            *start = (int) g_utf8_pointer_to_offset (text, p);
          if (end != NULL)
            *end = (int) g_utf8_pointer_to_offset (text, p + length);
          return TRUE;
        }
    }
  return FALSE;
}
