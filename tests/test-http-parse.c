/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rz-http-client.h"
#include "rz-http-parse.h"
#include "rz-net-error.h"
#include "rz-oauth.h"

#define NOW_US (G_GINT64_CONSTANT (1714557600) * G_USEC_PER_SEC)   /* 2024-05-01T10:00:00Z */

static void
check_link (const char *header,
            const char *rel,
            const char *expected)
{
  g_autofree char *link = rz_http_parse_link (header, rel);

  g_test_message ("Link: %s (rel %s)", header, rel);
  g_assert_cmpstr (link, ==, expected);
}

static void
test_parse_link (void)
{
  /* As docs.joinmastodon.org/api/guidelines/#pagination shows it. */
  static const char *mastodon =
    "<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel=\"next\", "
    "<https://mastodon.example/api/v1/notifications?min_id=34975861>; rel=\"prev\"";

  check_link (mastodon, "next", "https://mastodon.example/api/v1/notifications?max_id=34975535");
  check_link (mastodon, "prev", "https://mastodon.example/api/v1/notifications?min_id=34975861");
  check_link (mastodon, "last", NULL);
  /* The notifications page of the docs has a prev link without rel. */
  check_link ("<https://m.example/a?max_id=1>; rel=\"next\", <https://m.example/a?min_id=2>;", "prev", NULL);
  check_link ("<https://m.example/a?max_id=1>; rel=\"next\", <https://m.example/a?min_id=2>;", "next",
              "https://m.example/a?max_id=1");

  check_link ("<https://x.example/p>; rel=\"prev first\"", "first", "https://x.example/p");
  check_link ("<https://x.example/p>; rel=next", "next", "https://x.example/p");
  check_link ("<https://x.example/p>; REL=\"NEXT\"", "next", "https://x.example/p");
  check_link ("<https://x.example/a,b>; rel=\"next\"", "next", "https://x.example/a,b");
  check_link ("<https://x.example/t>; title=\"a, b; c\"; rel=\"next\"", "next", "https://x.example/t");
  check_link ("<https://x.example/e>; title=\"say \\\"hi\\\"\"; rel=\"next\"", "next", "https://x.example/e");
  check_link ("  <  /relative?page=2  > ;rel=\"next\"", "next", "/relative?page=2");
  check_link ("garbage, <https://x.example/ok>; rel=\"next\"", "next", "https://x.example/ok");
  check_link ("<https://x.example/one>; rel=\"next\", <https://x.example/two>; rel=\"next\"", "next",
              "https://x.example/one");

  check_link (NULL, "next", NULL);
  check_link ("", "next", NULL);
  check_link ("garbage", "next", NULL);
  check_link ("<unterminated", "next", NULL);
  check_link ("<https://x.example>; rel=\"next", "next", NULL);
  check_link ("; rel=next", "next", NULL);
  check_link ("<>; rel=\"next\"", "next", NULL);
  check_link ("<https://x.example>; rel", "next", NULL);
  check_link ("<https://x.example>; rel=\"nextish\"", "next", NULL);
}

/* Random headers from header-like pieces must never crash. */
static void
test_parse_link_random (void)
{
  static const char * const pieces[] = {
    "<", ">", ";", ",", "=", "\"", "\\", " ", "rel", "next", "https://x.example/", "title", "\t",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) header = g_string_new (NULL);
      g_autofree char *link = NULL;
      guint n = g_rand_int_range (rand, 0, 24);

      for (guint i = 0; i < n; i++)
        g_string_append (header, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      link = rz_http_parse_link (header->str, "next");
      if (link != NULL)
        g_assert_true (link[0] != '\0');
    }
}

static void
test_parse_retry_after (void)
{
  gint64 until = 0;

  g_assert_true (rz_http_parse_retry_after ("1", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + G_USEC_PER_SEC);
  g_assert_true (rz_http_parse_retry_after (" 120 ", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 120 * G_USEC_PER_SEC);
  g_assert_true (rz_http_parse_retry_after ("0", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US);

  /* An HTTP-date (RFC 9110); one in the past means now. */
  g_assert_true (rz_http_parse_retry_after ("Wed, 01 May 2024 10:05:00 GMT", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 300 * G_USEC_PER_SEC);
  g_assert_true (rz_http_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US);

  until = 42;
  g_assert_false (rz_http_parse_retry_after (NULL, NOW_US, &until));
  g_assert_false (rz_http_parse_retry_after ("", NOW_US, &until));
  g_assert_false (rz_http_parse_retry_after ("-5", NOW_US, &until));
  g_assert_false (rz_http_parse_retry_after ("soon", NOW_US, &until));
  g_assert_false (rz_http_parse_retry_after ("99999999999999999999999", NOW_US, &until));
  g_assert_false (rz_http_parse_retry_after ("99999999", NOW_US, &until));    /* years */
  g_assert_cmpint (until, ==, 42);
}

static void
test_parse_reset_time (void)
{
  gint64 until = 0;

  /* Mastodon: X-RateLimit-Reset is an ISO 8601 time with milliseconds. */
  g_assert_true (rz_http_parse_reset_time ("2024-05-01T10:05:00.500Z", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 300 * G_USEC_PER_SEC + 500000);
  g_assert_true (rz_http_parse_reset_time ("2024-05-01T12:05:00+02:00", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 300 * G_USEC_PER_SEC);
  g_assert_true (rz_http_parse_reset_time ("2024-05-01T09:00:00Z", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US);

  /* Others send a Unix time, the IETF draft (RateLimit-Reset) seconds. */
  g_assert_true (rz_http_parse_reset_time ("1714557900", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 300 * G_USEC_PER_SEC);
  g_assert_true (rz_http_parse_reset_time ("30", NOW_US, &until));
  g_assert_cmpint (until, ==, NOW_US + 30 * G_USEC_PER_SEC);

  g_assert_false (rz_http_parse_reset_time (NULL, NOW_US, &until));
  g_assert_false (rz_http_parse_reset_time ("morgen", NOW_US, &until));
  g_assert_false (rz_http_parse_reset_time ("2024-13-45T99:00:00Z", NOW_US, &until));
  g_assert_false (rz_http_parse_reset_time ("9999-01-01T00:00:00Z", NOW_US, &until));
}

static void
test_parse_rate_limit (void)
{
  RzRateLimit limit;

  g_assert_true (rz_http_parse_rate_limit ("300", "0", "2024-05-01T10:05:00.000Z", NOW_US, &limit));
  g_assert_cmpint (limit.limit, ==, 300);
  g_assert_cmpint (limit.remaining, ==, 0);
  g_assert_cmpint (limit.reset_us, ==, NOW_US + 300 * G_USEC_PER_SEC);

  g_assert_true (rz_http_parse_rate_limit ("10, 10;w=1", " 5 ", "30", NOW_US, &limit));
  g_assert_cmpint (limit.limit, ==, 10);
  g_assert_cmpint (limit.remaining, ==, 5);
  g_assert_cmpint (limit.reset_us, ==, NOW_US + 30 * G_USEC_PER_SEC);

  g_assert_true (rz_http_parse_rate_limit (NULL, "7", NULL, NOW_US, &limit));
  g_assert_cmpint (limit.limit, ==, -1);
  g_assert_cmpint (limit.remaining, ==, 7);
  g_assert_cmpint (limit.reset_us, ==, 0);

  g_assert_false (rz_http_parse_rate_limit (NULL, NULL, NULL, NOW_US, &limit));
  g_assert_false (rz_http_parse_rate_limit ("many", "-1", "later", NOW_US, &limit));
  g_assert_cmpint (limit.remaining, ==, -1);
}

static void
test_parse_loopback (void)
{
  static const char * const loopback[] = {
    "127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "localhost.",
  };
  static const char * const remote[] = {
    "example.com", "10.0.0.1", "0.0.0.0", "localhost.example.com", "127.0.0.1.nip.io",
    "::", "192.168.1.1", "", "[::1", "::ffff:127.0.0.1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (loopback); i++)
    g_assert_true (rz_http_host_is_loopback (loopback[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (remote); i++)
    g_assert_false (rz_http_host_is_loopback (remote[i]));
  g_assert_false (rz_http_host_is_loopback (NULL));
}

static void
test_check_uri (void)
{
  static const struct {
    const char *uri;
    int         code;   /* -1: allowed */
  } cases[] = {
    { "https://social.example/api/v1/apps", -1 },
    { "HTTPS://Social.Example", -1 },
    { "http://127.0.0.1:8080/x", -1 },
    { "http://[::1]:8080/x", -1 },
    { "http://localhost/", -1 },
    { "http://social.example/api", RZ_NET_ERROR_INSECURE_URL },
    { "http://192.0.2.1/", RZ_NET_ERROR_INSECURE_URL },
    { "http://127.0.0.1.evil.example/", RZ_NET_ERROR_INSECURE_URL },
    { "ftp://social.example/", RZ_NET_ERROR_INVALID_URL },
    { "file:///etc/passwd", RZ_NET_ERROR_INVALID_URL },
    { "not an address", RZ_NET_ERROR_INVALID_URL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = rz_http_check_uri (cases[i].uri, &error);

      g_test_message ("uri: %s", cases[i].uri);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, RZ_NET_ERROR, cases[i].code);
          g_assert_false (ok);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_redact_uri (void)
{
  static const struct {
    const char *uri;
    const char *redacted;
  } cases[] = {
    { "https://x.example/oauth/token?code=abc&client_secret=s3cret&max_id=5",
      "https://x.example/oauth/token?code=[redacted]&client_secret=[redacted]&max_id=5" },
    { "http://127.0.0.1:1234/callback?code=c0de&state=st4te",
      "http://127.0.0.1:1234/callback?code=[redacted]&state=[redacted]" },
    { "https://user:password@x.example/a#access_token=t0ken", "https://x.example/a" },
    { "https://x.example/api/v1/notifications?types%5B%5D=mention&min_id=7",
      "https://x.example/api/v1/notifications?types%5B%5D=mention&min_id=7" },
    { "https://x.example/?ACCESS_TOKEN=x", "https://x.example/?ACCESS_TOKEN=[redacted]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = rz_http_redact_uri (cases[i].uri);

      g_assert_cmpstr (redacted, ==, cases[i].redacted);
    }
}

static void
test_pkce (void)
{
  g_autofree char *challenge = NULL;
  g_autofree char *a = rz_oauth_random_token (32);
  g_autofree char *b = rz_oauth_random_token (32);

  /* RFC 7636, appendix B. */
  challenge = rz_oauth_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  /* 32 random bytes: 43 characters of base64url, as a verifier needs. */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

static void
test_wait_until (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 14, 5, 0);
  g_autoptr(GDateTime) other_day = g_date_time_add_days (today, 3);
  g_autofree char *text = rz_net_format_wait_until ("Mastodon", g_date_time_to_unix (today) * G_USEC_PER_SEC);
  g_autofree char *later = rz_net_format_wait_until ("Mastodon", g_date_time_to_unix (other_day) * G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (other_day, "%d.%m.");
  g_autoptr(GError) error = rz_net_error_new_rate_limited ("Mastodon", g_date_time_to_unix (today) * G_USEC_PER_SEC);

  g_assert_cmpstr (text, ==, "Waiting for Mastodon until 14:05.");
  g_assert_nonnull (strstr (later, "14:05"));
  g_assert_nonnull (strstr (later, date));
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "Waiting for Mastodon until 14:05."));
}

static void
test_error_for_status (void)
{
  static const struct {
    guint status;
    int   code;
  } cases[] = {
    { 400, RZ_NET_ERROR_REJECTED },
    { 401, RZ_NET_ERROR_UNAUTHORIZED },
    { 403, RZ_NET_ERROR_FORBIDDEN },
    { 404, RZ_NET_ERROR_NOT_FOUND },
    { 410, RZ_NET_ERROR_NOT_FOUND },
    { 418, RZ_NET_ERROR_REJECTED },
    { 422, RZ_NET_ERROR_REJECTED },
    { 429, RZ_NET_ERROR_RATE_LIMITED },
    { 500, RZ_NET_ERROR_SERVER_ERROR },
    { 502, RZ_NET_ERROR_SERVER_ERROR },
    { 503, RZ_NET_ERROR_SERVER_ERROR },
    { 302, RZ_NET_ERROR_INVALID_RESPONSE },
  };
  g_autoptr(GError) detailed = NULL;
  g_autoptr(GError) long_message = NULL;
  g_autofree char *many = g_strnfill (1000, 'x');

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = rz_net_error_new_for_status (cases[i].status, "Mastodon", NULL);

      g_assert_error (error, RZ_NET_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "Mastodon"));
    }

  detailed = rz_net_error_new_for_status (422, "Mastodon", "Validation failed: Text can't be blank\n");
  g_assert_cmpstr (detailed->message, ==, "Mastodon did not accept the request: Validation failed: Text can't be blank");
  long_message = rz_net_error_new_for_status (422, "Mastodon", many);
  g_assert_cmpuint (g_utf8_strlen (long_message->message, -1), <, 300);
}

static void
test_error_for_transport (void)
{
  static const struct {
    GQuark domain;
    int    code;
    int    expected;
  } cases[] = {
    { 0, G_IO_ERROR_TIMED_OUT, RZ_NET_ERROR_TIMEOUT },
    { 0, G_IO_ERROR_CONNECTION_REFUSED, RZ_NET_ERROR_UNREACHABLE },
    { 0, G_IO_ERROR_CONNECTION_CLOSED, RZ_NET_ERROR_UNREACHABLE },
    { 0, G_IO_ERROR_HOST_UNREACHABLE, RZ_NET_ERROR_UNREACHABLE },
    { 1, G_TLS_ERROR_BAD_CERTIFICATE, RZ_NET_ERROR_TLS },
    { 2, SOUP_SESSION_ERROR_PARSING, RZ_NET_ERROR_INVALID_RESPONSE },
    { 3, G_RESOLVER_ERROR_NOT_FOUND, RZ_NET_ERROR_UNREACHABLE },
  };
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) still_cancelled = rz_net_error_new_for_transport (cancelled, "Mastodon");
  g_autoptr(GError) server_error = rz_net_error_new_for_status (500, "Mastodon", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GQuark domains[] = { G_IO_ERROR, G_TLS_ERROR, SOUP_SESSION_ERROR, G_RESOLVER_ERROR };
      g_autoptr(GError) source = g_error_new_literal (domains[cases[i].domain], cases[i].code, "low level");
      g_autoptr(GError) error = rz_net_error_new_for_transport (source, "Mastodon");

      g_assert_error (error, RZ_NET_ERROR, cases[i].expected);
      g_assert_null (strstr (error->message, "low level"));
      g_assert_nonnull (strstr (error->message, "Mastodon"));
    }

  /* Cancellation stays what it is, so the UI can stay silent. */
  g_assert_error (still_cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (rz_net_error_is_transient (server_error));
  g_assert_false (rz_net_error_is_transient (cancelled));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/net/http-parse/link", test_parse_link);
  g_test_add_func ("/rz/net/http-parse/link-random", test_parse_link_random);
  g_test_add_func ("/rz/net/http-parse/retry-after", test_parse_retry_after);
  g_test_add_func ("/rz/net/http-parse/reset-time", test_parse_reset_time);
  g_test_add_func ("/rz/net/http-parse/rate-limit", test_parse_rate_limit);
  g_test_add_func ("/rz/net/http-parse/loopback", test_parse_loopback);
  g_test_add_func ("/rz/net/http-parse/check-uri", test_check_uri);
  g_test_add_func ("/rz/net/http-parse/redact-uri", test_redact_uri);
  g_test_add_func ("/rz/net/oauth/pkce", test_pkce);
  g_test_add_func ("/rz/net/error/wait-until", test_wait_until);
  g_test_add_func ("/rz/net/error/for-status", test_error_for_status);
  g_test_add_func ("/rz/net/error/for-transport", test_error_for_transport);

  return g_test_run ();
}
