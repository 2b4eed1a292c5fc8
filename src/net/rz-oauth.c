/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "rz-oauth.h"

/* base64url without padding (RFC 4648 section 5), as PKCE wants it. */
static char *
base64url_encode (const guchar *data,
                  gsize         len)
{
  char *text = g_base64_encode (data, len);
  gsize out = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '=')
        break;
      text[out++] = text[i] == '+' ? '-' : text[i] == '/' ? '_' : text[i];
    }
  text[out] = '\0';

  return text;
}

static gboolean
read_urandom (guchar *buffer,
              gsize   len)
{
  gsize done = 0;
  int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;

  while (done < len)
    {
      gssize n = read (fd, buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  return done == len;
}

/* A random string from the kernel's CSPRNG, for OAuth state and PKCE
 * verifiers: GRand is predictable and must not be used for these. */
char *
rz_oauth_random_token (gsize n_bytes)
{
  g_autofree guchar *buffer = NULL;
  gsize done = 0;
  char *token;

  g_return_val_if_fail (n_bytes > 0 && n_bytes <= 256, NULL);

  buffer = g_malloc (n_bytes);
  while (done < n_bytes)
    {
      gssize n = getrandom (buffer + done, n_bytes - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }

  if (done < n_bytes && !read_urandom (buffer, n_bytes))
    g_error ("No source of secure random numbers: cannot sign in safely");

  token = base64url_encode (buffer, n_bytes);
  memset (buffer, 0, n_bytes);
  return token;
}

/* Overwrites and frees a token, code or password, so it does not stay
 * behind in freed memory (or a core dump), and sets it to NULL. */
void
rz_oauth_clear_secret (char **secret)
{
  g_return_if_fail (secret != NULL);

  if (*secret == NULL)
    return;

  explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

/* The S256 code challenge for @verifier (RFC 7636 section 4.2). */
char *
rz_oauth_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guchar digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);

  return base64url_encode (digest, digest_len);
}
