/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-reply"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-net-error.h"
#include "rz-reply-pane.h"
#include "rz-text-length.h"

struct _RzReplyPane
{
  AdwBin                  parent_instance;

  RzContext              *context;
  RzComment              *comment;
  char                   *channel_name;
  RzAccount              *account;       /* NULL: no connection, answers are logged */
  RzProviderCapabilities *capabilities;
  GCancellable           *cancellable;   /* loading this comment's details */
  GCancellable           *send_cancellable; /* sends; only closing stops them */
  gboolean                sending;
  gboolean                manual;

  GtkStack               *stack;
  GtkWidget              *back_button;
  GtkLabel               *author_label;
  GtkLabel               *meta_label;
  GtkDropDown            *sentiment_dropdown;
  gboolean                showing_sentiment;
  GtkLabel               *context_label;
  GtkLabel               *text_label;
  GtkLabel               *open_label;
  GtkLabel               *manual_label;
  GtkTextView            *text_view;
  GtkLabel               *counter_label;
  GtkSpinner             *send_spinner;
  GtkButton              *send_button;
  GtkWidget              *error_box;
  GtkLabel               *error_label;
  GtkWidget              *done_box;
  GtkLabel               *done_label;
  GtkLabel               *done_link;
};

G_DEFINE_FINAL_TYPE (RzReplyPane, rz_reply_pane, ADW_TYPE_BIN)

static char *
dup_answer (RzReplyPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

/* The limits of the network, the provider's once known. */
static void
get_limits (RzReplyPane    *self,
            guint          *max_length,
            RzTextCounting *counting,
            guint          *url_length)
{
  const char *channel = self->comment != NULL ? rz_comment_get_channel (self->comment) : NULL;

  if (self->capabilities != NULL)
    {
      *max_length = self->capabilities->max_length;
      *counting = self->capabilities->counting;
      *url_length = self->capabilities->url_length;
    }
  else if (g_strcmp0 (channel, "mastodon") == 0)
    {
      *max_length = RZ_TEXT_LENGTH_MASTODON_DEFAULT_MAX;
      *counting = RZ_TEXT_COUNTING_MASTODON;
      *url_length = RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL;
    }
  else if (g_strcmp0 (channel, "bluesky") == 0)
    {
      *max_length = RZ_TEXT_LENGTH_BLUESKY_MAX;
      *counting = RZ_TEXT_COUNTING_GRAPHEMES;
      *url_length = 0;
    }
  else
    {
      *max_length = 0;
      *counting = RZ_TEXT_COUNTING_GRAPHEMES;
      *url_length = 0;
    }
}

static void
update_counter (RzReplyPane *self)
{
  g_autofree char *text = dup_answer (self);
  g_autofree char *counter = NULL;
  guint max_length, url_length;
  RzTextCounting counting;
  gsize length;
  gboolean too_long;

  get_limits (self, &max_length, &counting, &url_length);
  length = rz_text_length_count (text, counting, url_length);
  too_long = max_length > 0 && length > max_length;

  if (max_length > 0)
    /* Translators: a length counter, e.g. “42 / 500”: characters used of those allowed */
    counter = g_strdup_printf (_("%u / %u"), (guint) length, max_length);
  else
    counter = g_strdup_printf (ngettext ("%u character", "%u characters", (gulong) length), (guint) length);
  gtk_label_set_text (self->counter_label, counter);

  if (too_long)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "dim-label");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reply.send",
                                 self->comment != NULL && !self->sending && !too_long && text[0] != '\0');
}

static void
set_sending (RzReplyPane *self,
             gboolean     sending)
{
  self->sending = sending;
  gtk_spinner_set_spinning (self->send_spinner, sending);
  gtk_text_view_set_editable (self->text_view, !sending);
  update_counter (self);
}

static void
show_error (RzReplyPane *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  if (message != NULL)
    gtk_widget_set_visible (self->done_box, FALSE);
}

/* A link to a page on the network; only web addresses become links. */
static gboolean
set_link (GtkLabel   *label,
          const char *url,
          const char *text)
{
  g_autofree char *markup = NULL;
  gboolean is_web = url != NULL &&
                    (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));

  gtk_widget_set_visible (GTK_WIDGET (label), is_web);
  if (!is_web)
    return FALSE;

  /* Escaped: the address comes from the network. */
  markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", url, text);
  gtk_label_set_markup (label, markup);
  return TRUE;
}

static void
show_done (RzReplyPane *self,
           const char  *message,
           const char  *url)
{
  g_autofree char *view = NULL;

  gtk_label_set_text (self->done_label, message);
  gtk_widget_set_visible (self->done_box, message != NULL);
  if (self->channel_name != NULL)
    /* Translators: %s is a network such as Mastodon */
    view = g_strdup_printf (_("View on %s"), self->channel_name);
  set_link (self->done_link, message != NULL ? url : NULL, view);
}

static void
set_manual (RzReplyPane *self,
            gboolean     manual,
            const char   *reason)
{
  self->manual = manual;
  gtk_button_set_label (self->send_button, manual ? _("_Log Answer") : _("_Send"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_button),
                               manual ? _("Note that you answered there (Ctrl+Enter)")
                                      : _("Send the answer (Ctrl+Enter)"));
  gtk_label_set_text (self->manual_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->manual_label), manual && reason != NULL);
}

/* --- sending ------------------------------------------------------------- */

/* One attempt to send (or log) an answer. It runs to its end even when
 * the pane shows another comment meanwhile: what went out must be noted. */
typedef struct {
  RzReplyPane *self;
  RzDatabase  *db;
  gint64       comment_id;
  char        *parent_remote_id;
  char        *text;
  gint64       reply_id;
  char        *key;
  char        *remote_id;
  char        *url;
  char        *message;      /* why it failed */
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->self);
  g_clear_object (&send->db);
  g_free (send->parent_remote_id);
  g_free (send->text);
  g_free (send->key);
  g_free (send->remote_id);
  g_free (send->url);
  g_free (send->message);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

static gboolean
send_is_shown (Send *send)
{
  return send->self->comment != NULL && rz_comment_get_id (send->self->comment) == send->comment_id;
}

static gpointer
prepare_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Send *send = data;

  return rz_database_prepare_reply (db, send->comment_id, send->text, &send->reply_id, &send->key, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
set_sent_job (RzDatabase    *db,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Send *send = data;

  return rz_database_set_reply_sent (db, send->reply_id, send->remote_id, send->url, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
set_failed_job (RzDatabase    *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Send *send = data;

  return rz_database_set_reply_failed (db, send->reply_id, send->message, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
log_job (RzDatabase    *db,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Send *send = data;

  send->reply_id = rz_database_log_reply (db, send->comment_id, send->text, error);
  return send->reply_id != 0 ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
set_failed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    g_warning ("Could not note the failed reply: %s", error->message);
}

/* The attempt failed: the text stays, and the reply waits in the
 * database with its key for Retry. */
static void
send_failed (Send         *send,
             const GError *error)
{
  RzReplyPane *self = send->self;

  if (send_is_shown (send))
    {
      set_sending (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
    }

  if (send->reply_id == 0)
    {
      send_free (send);
      return;
    }

  g_debug ("Reply %" G_GINT64_FORMAT " failed: %s", send->reply_id, error->message);
  send->message = g_strdup (error->message);
  rz_database_run_async (send->db, set_failed_job, send, NULL, NULL, NULL, set_failed_cb, send);
}

static void
answered (Send       *send,
          const char *message)
{
  RzReplyPane *self = send->self;

  rz_context_emit_data_changed (self->context);
  if (!send_is_shown (send))
    return;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  set_sending (self, FALSE);
  show_error (self, NULL);
  show_done (self, message, send->url);
  rz_comment_set_state (self->comment, RZ_COMMENT_STATE_ANSWERED);
}

static void
set_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      g_autofree char *message = NULL;

      /* Sent, but not noted. Sending again finds the same post through
       * the key, so Retry is safe. */
      g_warning ("Could not note a sent reply: %s", error->message);
      if (send_is_shown (send))
        {
          set_sending (send->self, FALSE);
          /* Translators: %s says what went wrong */
          message = g_strdup_printf (_("The answer was sent, but Resonanz could not note it: %s"), error->message);
          show_error (send->self, message);
        }
      return;
    }

  answered (send, _("Answer sent."));
}

static void
replied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(RzPostResult) post = NULL;
  g_autoptr(GError) error = NULL;

  post = rz_provider_reply_finish (RZ_PROVIDER (object), result, &error);
  if (post == NULL)
    {
      send_failed (send, error);
      return;
    }

  g_debug ("Reply %" G_GINT64_FORMAT " sent", send->reply_id);
  send->remote_id = g_strdup (post->remote_id);
  send->url = g_strdup (post->url);
  rz_database_run_async (send->db, set_sent_job, send, NULL, NULL, NULL, set_sent_cb, send);
}

static void
provider_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (object), result, &error);
  if (provider == NULL)
    {
      send_failed (send, error);
      return;
    }

  rz_provider_reply_async (provider, send->parent_remote_id, send->text, NULL, send->key,
                           send->self->send_cancellable, replied_cb, send);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Send *send = user_data;
  RzAccount *account;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      send_failed (send, error);
      return;
    }

  /* Stored with its key before anything goes out. */
  account = rz_context_lookup_account (send->self->context, rz_comment_get_account_id (send->self->comment));
  if (account == NULL || !send_is_shown (send))
    {
      g_autoptr(GError) gone = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                                                    _("The account of this comment is no longer connected."));
      send_failed (send, gone);
      return;
    }

  rz_context_get_provider_for_account_async (send->self->context, account, send->self->send_cancellable,
                                             provider_cb, send);
}

static void
logged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      if (send_is_shown (send))
        {
          set_sending (send->self, FALSE);
          show_error (send->self, error->message);
        }
      return;
    }

  answered (send, _("Answer logged."));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RzReplyPane *self = RZ_REPLY_PANE (widget);
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;
  Send *send;

  if (self->comment == NULL || self->sending || db == NULL)
    return;

  send = g_new0 (Send, 1);
  send->self = g_object_ref (self);
  send->db = g_object_ref (db);
  send->comment_id = rz_comment_get_id (self->comment);
  send->parent_remote_id = g_strdup (rz_comment_get_remote_id (self->comment));
  send->text = dup_answer (self);
  if (send->text[0] == '\0')
    {
      send_free (send);
      return;
    }

  set_sending (self, TRUE);
  show_error (self, NULL);
  show_done (self, NULL, NULL);

  if (self->manual)
    rz_database_run_async (db, log_job, send, NULL, NULL, NULL, logged_cb, send);
  else
    rz_database_run_async (db, prepare_job, send, NULL, NULL, NULL, prepared_cb, send);
}

/* --- the tone --------------------------------------------------------- */

/* The order of the entries in the drop-down of the .ui file. */
static const RzSentiment dropdown_sentiments[] = {
  RZ_SENTIMENT_CRITICAL,
  RZ_SENTIMENT_NEUTRAL,
  RZ_SENTIMENT_POSITIVE,
};

static void
show_sentiment (RzReplyPane *self)
{
  RzSentiment sentiment = self->comment != NULL ? rz_comment_get_sentiment (self->comment)
                                                : RZ_SENTIMENT_NEUTRAL;

  self->showing_sentiment = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (dropdown_sentiments); i++)
    if (dropdown_sentiments[i] == sentiment)
      gtk_drop_down_set_selected (self->sentiment_dropdown, i);
  self->showing_sentiment = FALSE;
}

typedef struct {
  gint64      comment_id;
  RzSentiment sentiment;
} Correction;

static gpointer
correct_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Correction *correction = data;

  return rz_database_set_comment_sentiment (db, correction->comment_id, correction->sentiment, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
correct_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (self->context != NULL)
    rz_context_emit_data_changed (self->context);
}

/* The user's word counts more than the word lists: stored as the user's,
 * a later sync no longer changes it. */
static void
sentiment_selected_cb (RzReplyPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->sentiment_dropdown);
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;
  Correction *correction;

  if (self->showing_sentiment || self->comment == NULL || db == NULL ||
      selected >= G_N_ELEMENTS (dropdown_sentiments) ||
      dropdown_sentiments[selected] == rz_comment_get_sentiment (self->comment))
    return;

  rz_comment_set_sentiment (self->comment, dropdown_sentiments[selected]);
  correction = g_new0 (Correction, 1);
  correction->comment_id = rz_comment_get_id (self->comment);
  correction->sentiment = dropdown_sentiments[selected];
  rz_database_run_async (db, correct_job, correction, g_free, NULL, NULL, correct_cb, g_object_ref (self));
}

typedef struct {
  RzReplyPane *self;
  gint64       comment_id;
} Ignore;

static void
ignore_free (gpointer data)
{
  Ignore *ignore = data;

  g_clear_object (&ignore->self);
  g_free (ignore);
}

static gpointer
ignore_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Ignore *ignore = data;

  return rz_database_set_comment_state (db, ignore->comment_id, RZ_COMMENT_STATE_IGNORED, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
ignored_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (self->context != NULL)
    rz_context_emit_data_changed (self->context);
}

static void
ignore_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  Ignore *ignore = user_data;
  RzReplyPane *self = ignore->self;
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (g_strcmp0 (response, "ignore") != 0 || db == NULL)
    return;

  /* Noted, not deleted: the comment stays in the inbox under "Ignored". */
  g_message ("Comment %" G_GINT64_FORMAT " ignored by the user", ignore->comment_id);
  if (self->comment != NULL && rz_comment_get_id (self->comment) == ignore->comment_id)
    rz_comment_set_state (self->comment, RZ_COMMENT_STATE_IGNORED);
  rz_database_run_async (db, ignore_job, g_memdup2 (ignore, sizeof *ignore), g_free, NULL, NULL,
                         ignored_cb, g_object_ref (self));
}

/* Criticism left unanswered stays visible to everyone else and reads as
 * indifference: ask before, and say so. */
static void
ignore_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RzReplyPane *self = RZ_REPLY_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  Ignore *ignore;

  if (self->comment == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Ignore This Comment?"),
                                   _("The comment stays public. Others see criticism that got no answer, and that "
                                     "looks like indifference — a short, honest reply usually calms things down "
                                     "and wins people back. The comment is kept in the inbox under “Ignored”."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ignore", _("_Ignore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ignore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  ignore = g_new0 (Ignore, 1);
  ignore->self = g_object_ref (self);
  ignore->comment_id = rz_comment_get_id (self->comment);
  g_signal_connect_data (dialog, "response", G_CALLBACK (ignore_response_cb), ignore,
                         (GClosureNotify) (void (*) (void)) ignore_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- showing a comment --------------------------------------------------- */

typedef struct {
  gint64  comment_id;
  gint64  reply_id;
  char   *text;
  char   *last_error;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->text);
  g_free (pending->last_error);
  g_free (pending);
}

static gpointer
pending_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree Pending *pending = g_new0 (Pending, 1);

  pending->comment_id = *(gint64 *) data;
  if (!rz_database_dup_pending_reply (db, pending->comment_id, &pending->reply_id,
                                      &pending->text, &pending->last_error, error))
    return NULL;
  return g_steal_pointer (&pending);
}

static void
pending_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;
  Pending *pending;
  GtkTextBuffer *buffer;

  pending = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (pending == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the unsent answer: %s", error->message);
      return;
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (pending->reply_id != 0 && self->comment != NULL &&
      rz_comment_get_id (self->comment) == pending->comment_id &&
      gtk_text_buffer_get_char_count (buffer) == 0)
    {
      gtk_text_buffer_set_text (buffer, pending->text != NULL ? pending->text : "", -1);
      if (pending->last_error != NULL)
        show_error (self, pending->last_error);
      else
        show_error (self, _("An earlier attempt to send this answer was interrupted. Sending it again does not post it twice."));
    }
  pending_free (pending);
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;
  RzProviderCapabilities *capabilities;

  capabilities = rz_provider_get_capabilities_finish (RZ_PROVIDER (object), result, &error);
  if (capabilities == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No limits from the network: %s", error->message);
      return;
    }

  g_clear_pointer (&self->capabilities, rz_provider_capabilities_free);
  self->capabilities = capabilities;
  update_counter (self);
}

static void
comment_provider_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (object), result, &error);
  if (provider == NULL)
    {
      /* A network Resonanz cannot post to: the answer is given there. */
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED))
        set_manual (self, TRUE, error->message);
      /* Other problems show when sending, with the way out. */
      return;
    }

  rz_provider_get_capabilities_async (provider, self->cancellable, capabilities_cb, g_object_ref (self));
}

void
rz_reply_pane_set_comment (RzReplyPane *self,
                           RzComment   *comment,
                           const char  *channel_name)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *open_label = NULL;
  const char *context_text;
  const char *url;
  RzDatabase *db;
  gboolean same;

  g_return_if_fail (RZ_IS_REPLY_PANE (self));
  g_return_if_fail (comment == NULL || RZ_IS_COMMENT (comment));

  same = comment != NULL && self->comment != NULL &&
         rz_comment_get_id (comment) == rz_comment_get_id (self->comment);
  g_set_object (&self->comment, comment);
  if (same)
    {
      /* A reload may bring a tone corrected meanwhile. */
      show_sentiment (self);
      return;
    }

  g_free (self->channel_name);
  self->channel_name = NULL;
  if (comment != NULL)
    self->channel_name = g_strdup (channel_name != NULL ? channel_name : rz_comment_get_channel (comment));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->capabilities, rz_provider_capabilities_free);
  self->sending = FALSE;
  gtk_spinner_set_spinning (self->send_spinner, FALSE);
  gtk_text_view_set_editable (self->text_view, TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  show_error (self, NULL);
  show_done (self, NULL, NULL);

  if (comment == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_counter (self);
      return;
    }

  /* Network text goes through set_text, never markup. */
  gtk_label_set_text (self->author_label, rz_comment_get_author (comment) != NULL
                                          ? rz_comment_get_author (comment)
                                          : rz_comment_get_author_handle (comment));
  created = g_date_time_new_from_unix_local (rz_comment_get_created_at (comment));
  /* Translators: a day and time in strftime format, e.g. “3 May, 14:05” */
  when = created != NULL ? g_date_time_format (created, _("%-d %B, %H:%M")) : g_strdup ("");
  /* Translators: %1$s is a channel such as Mastodon, %2$s when the comment came */
  meta = g_strdup_printf (_("%1$s · %2$s"), self->channel_name, when);
  gtk_label_set_text (self->meta_label, meta);
  show_sentiment (self);
  gtk_label_set_text (self->text_label, rz_comment_get_text (comment) != NULL ? rz_comment_get_text (comment) : "");

  context_text = rz_comment_get_context (comment);
  gtk_widget_set_visible (GTK_WIDGET (self->context_label), context_text != NULL && context_text[0] != '\0');
  if (context_text != NULL)
    {
      g_autofree char *context_line = NULL;

      /* Translators: %s is the post a comment answers */
      context_line = g_strdup_printf (_("On: %s"), context_text);
      gtk_label_set_text (self->context_label, context_line);
    }

  url = rz_comment_get_url (comment);
  /* Translators: %s is a channel such as Mastodon */
  open_label = g_strdup_printf (_("Open on %s"), self->channel_name);
  set_link (self->open_label, url, open_label);

  /* Without a connected account (the demo, a channel without a
   * connection) the answer is given there and only logged here. */
  g_clear_object (&self->account);
  if (self->context != NULL && !rz_comment_get_is_demo (comment))
    self->account = rz_context_lookup_account (self->context, rz_comment_get_account_id (comment));
  if (self->account != NULL)
    {
      g_object_ref (self->account);
      set_manual (self, FALSE, NULL);
      rz_context_get_provider_for_account_async (self->context, self->account, self->cancellable,
                                                 comment_provider_cb, g_object_ref (self));
    }
  else
    {
      g_autofree char *reason = NULL;

      /* Translators: %s is a channel such as Instagram */
      reason = g_strdup_printf (_("Resonanz does not send to %s. Answer there, then log your answer here so the inbox knows."),
                                self->channel_name);
      set_manual (self, TRUE, reason);
    }

  db = self->context != NULL ? rz_context_get_database (self->context) : NULL;
  if (db != NULL)
    rz_database_run_async (db, pending_job, g_memdup2 (&(gint64) { rz_comment_get_id (comment) }, sizeof (gint64)),
                           g_free, NULL, self->cancellable, pending_cb, g_object_ref (self));

  gtk_stack_set_visible_child_name (self->stack, "comment");
  update_counter (self);
}

RzComment *
rz_reply_pane_get_comment (RzReplyPane *self)
{
  g_return_val_if_fail (RZ_IS_REPLY_PANE (self), NULL);
  return self->comment;
}

void
rz_reply_pane_set_context (RzReplyPane *self,
                           RzContext   *context)
{
  g_return_if_fail (RZ_IS_REPLY_PANE (self));
  g_set_object (&self->context, context);
}

void
rz_reply_pane_set_show_back (RzReplyPane *self,
                             gboolean     show_back)
{
  g_return_if_fail (RZ_IS_REPLY_PANE (self));
  gtk_widget_set_visible (self->back_button, show_back);
}

void
rz_reply_pane_focus_answer (RzReplyPane *self)
{
  g_return_if_fail (RZ_IS_REPLY_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* --- lifetime ------------------------------------------------------------ */

static void
rz_reply_pane_dispose (GObject *object)
{
  RzReplyPane *self = RZ_REPLY_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->send_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_REPLY_PANE);
  g_clear_object (&self->comment);
  g_clear_object (&self->account);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rz_reply_pane_parent_class)->dispose (object);
}

static void
rz_reply_pane_finalize (GObject *object)
{
  RzReplyPane *self = RZ_REPLY_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->send_cancellable);
  g_clear_pointer (&self->capabilities, rz_provider_capabilities_free);
  g_clear_pointer (&self->channel_name, g_free);

  G_OBJECT_CLASS (rz_reply_pane_parent_class)->finalize (object);
}

static void
rz_reply_pane_class_init (RzReplyPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_reply_pane_dispose;
  object_class->finalize = rz_reply_pane_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-reply-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, stack);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, back_button);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, author_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, sentiment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, context_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, text_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, open_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, manual_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, text_view);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, counter_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, send_spinner);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, send_button);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, error_box);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, done_box);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, done_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, done_link);

  gtk_widget_class_install_action (widget_class, "reply.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "reply.ignore", NULL, ignore_action);
}

static void
rz_reply_pane_init (RzReplyPane *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->send_cancellable = g_cancellable_new ();

  /* Ctrl+Enter sends, before the text view takes Enter as a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("reply.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (self->sentiment_dropdown, "notify::selected",
                           G_CALLBACK (sentiment_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_counter), self, G_CONNECT_SWAPPED);
  update_counter (self);
}
