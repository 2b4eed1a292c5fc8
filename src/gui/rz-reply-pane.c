/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-reply"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-gui-util.h"
#include "rz-link.h"
#include "rz-net-error.h"
#include "rz-placeholders.h"
#include "rz-reply-check.h"
#include "rz-reply-pane.h"
#include "rz-text-length.h"

/* How many sent replies a new one is compared with. */
#define RECENT_REPLIES 200
/* The check waits for a pause in typing. */
#define CHECK_DELAY_MS 250

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
  GCancellable           *checks_cancellable; /* saved replies and sent texts */
  GPtrArray              *templates;     /* RzReplyTemplate */
  RzReplyCheck           *check;
  guint                   check_source;
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
  GtkWidget              *thread_box;
  GtkBox                 *thread_list;
  GtkWidget              *answered_box;
  GtkBox                 *answered_list;
  GtkMenuButton          *templates_button;
  GtkPopover             *templates_popover;
  GtkWidget              *templates_empty_label;
  GtkBox                 *templates_list;
  GtkWidget              *check_box;
  GtkLabel               *check_label;
  GtkEntry               *url_entry;
  GtkWidget              *moderation_button;
  GtkLabel               *moderation_label;
  gboolean                marking_spam;
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reply.save-template", text[0] != '\0');
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

/* A link to a page on the network; only web addresses become links. The
 * host it leads to stands next to it and the whole address shows as its
 * tooltip, so the target is known before anything opens. */
static gboolean
set_link (GtkLabel   *label,
          const char *url,
          const char *text)
{
  g_autofree char *markup = NULL;
  g_autofree char *host = rz_link_dup_display_host (url);

  gtk_widget_set_visible (GTK_WIDGET (label), host != NULL);
  if (host == NULL)
    return FALSE;

  /* Escaped: the address comes from the network. */
  markup = g_markup_printf_escaped ("<a href=\"%s\" title=\"%s\">%s</a> <span alpha=\"60%%\">(%s)</span>",
                                    url, url, text, host);
  gtk_label_set_markup (label, markup);
  return TRUE;
}

/* Links come from the network: rz_gui_open_link() opens only web
 * addresses, in the browser, never a file or another program. */
static gboolean
activate_link_cb (GtkLabel    *label,
                  const char  *uri,
                  RzReplyPane *self)
{
  rz_gui_open_link (GTK_WIDGET (self), uri);
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
  /* Answered by hand: where the answer is, to find it again. */
  gtk_widget_set_visible (GTK_WIDGET (self->url_entry), manual);
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

  send->reply_id = rz_database_log_reply_with_url (db, send->comment_id, send->text, send->url, error);
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
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), "");
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

  if (self->manual)
    {
      g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));

      if (url[0] != '\0' && !rz_link_is_openable (url))
        {
          show_error (self, _("The link to your answer must be a web address starting with https://. Correct it or leave it empty."));
          send_free (send);
          return;
        }
      send->url = url[0] != '\0' ? g_steal_pointer (&url) : NULL;
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

/* A change of the comment stored: tell the other views, or say what
 * went wrong. */
static void
comment_changed_cb (GObject      *source,
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
  rz_database_run_async (db, correct_job, correction, g_free, NULL, NULL, comment_changed_cb, g_object_ref (self));
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
                         comment_changed_cb, g_object_ref (self));
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

/* --- moderation ---------------------------------------------------------- */

/* Only where the network has a spam folder of its own, and only for a
 * connected account: Resonanz never deletes anyone's comment. */
static void
update_moderation (RzReplyPane *self)
{
  gboolean supported = self->comment != NULL && self->account != NULL &&
                       !rz_comment_get_is_demo (self->comment) &&
                       self->capabilities != NULL &&
                       (self->capabilities->features & RZ_PROVIDER_FEATURE_SPAM) != 0;

  gtk_widget_set_visible (self->moderation_button, supported);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reply.mark-spam", supported && !self->marking_spam);
}

static gpointer
list_moderation_job (RzDatabase    *db,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return rz_database_list_moderation (db, *(gint64 *) data, error);
}

static void
moderation_listed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  RzModerationEntry *last = NULL;

  entries = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the moderation log: %s", error->message);
      return;
    }
  if (entries->len > 0)
    last = g_ptr_array_index (entries, entries->len - 1);
  if (last == NULL || self->comment == NULL || last->comment_id != rz_comment_get_id (self->comment))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->moderation_label), FALSE);
      return;
    }

  {
    g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (last->created_at);
    g_autofree char *when = NULL;
    g_autofree char *text = NULL;

    /* Translators: a day and time in strftime format, e.g. “25 Nov at 10:12” */
    when = time != NULL ? g_date_time_format (time, _("%-d %b at %H:%M")) : g_strdup ("");
    if (last->action == RZ_MODERATION_ACTION_HIDE)
      /* Translators: %s is a day and time, e.g. “25 Nov at 10:12” */
      text = g_strdup_printf (_("Hidden on %s"), when);
    else
      /* Translators: %s is a day and time, e.g. “25 Nov at 10:12” */
      text = g_strdup_printf (_("Marked as spam on %s"), when);
    gtk_label_set_text (self->moderation_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->moderation_label), TRUE);
  }
}

static void
load_moderation (RzReplyPane *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (db == NULL || self->comment == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->moderation_label), FALSE);
      return;
    }
  rz_database_run_async (db, list_moderation_job,
                         g_memdup2 (&(gint64) { rz_comment_get_id (self->comment) }, sizeof (gint64)), g_free,
                         (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                         moderation_listed_cb, g_object_ref (self));
}

static void
spam_marked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ignore *spam = user_data;
  RzReplyPane *self = spam->self;
  gint64 spam_comment_id = spam->comment_id;
  g_autoptr(GError) error = NULL;

  self->marking_spam = FALSE;
  update_moderation (self);
  if (rz_context_mark_spam_finish (RZ_CONTEXT (source), result, &error) == 0)
    {
      g_autofree char *message = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says what went wrong */
          message = g_strdup_printf (_("Could not mark the comment as spam: %s"), error->message);
          show_error (self, message);
        }
      ignore_free (spam);
      return;
    }

  /* Spam needs no answer: stored as ignored, as the inbox will show. */
  if (self->comment != NULL && rz_comment_get_id (self->comment) == spam_comment_id)
    rz_comment_set_state (self->comment, RZ_COMMENT_STATE_IGNORED);
  load_moderation (self);
  ignore_free (spam);
}

static void
spam_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  Ignore *spam = user_data;
  RzReplyPane *self = spam->self;

  if (g_strcmp0 (response, "spam") != 0 || self->context == NULL || self->comment == NULL ||
      rz_comment_get_id (self->comment) != spam->comment_id)
    return;

  g_message ("Comment %" G_GINT64_FORMAT " marked as spam by the user", spam->comment_id);
  self->marking_spam = TRUE;
  update_moderation (self);
  show_error (self, NULL);
  rz_context_mark_spam_async (self->context, self->comment, self->send_cancellable,
                              spam_marked_cb, g_memdup2 (&(Ignore) { g_object_ref (self), spam->comment_id },
                                                         sizeof (Ignore)));
}

/* Deleting criticism is noticed and makes things worse; the dialog says
 * so, and for a critical comment says it first and defaults to Cancel. */
static void
mark_spam_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RzReplyPane *self = RZ_REPLY_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;
  Ignore *spam;

  if (self->comment == NULL || self->marking_spam)
    return;

  if (rz_comment_get_sentiment (self->comment) == RZ_SENTIMENT_CRITICAL)
    {
      g_string_append (body, _("This comment is critical. Criticism is not spam: marking it as spam to make it go "
                               "away is censorship, and people notice."));
      g_string_append (body, "\n\n");
    }
  g_string_append (body, _("Spam means advertising, scams and bots — not criticism. Hiding or deleting criticism "
                           "gets noticed and makes things worse: answer it instead."));
  g_string_append (body, "\n\n");
  g_string_append (body, _("The comment is not deleted: it stays on the server in the spam folder, where it can be "
                           "restored, and this action is logged here."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark as Spam?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "spam", _("_Mark as Spam"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "spam", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  spam = g_new0 (Ignore, 1);
  spam->self = g_object_ref (self);
  spam->comment_id = rz_comment_get_id (self->comment);
  g_signal_connect_data (dialog, "response", G_CALLBACK (spam_response_cb), spam,
                         (GClosureNotify) (void (*) (void)) ignore_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the thread ---------------------------------------------------------- */

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  /* Translators: a day and time in strftime format, e.g. “3 May, 14:05” */
  return time != NULL ? g_date_time_format (time, _("%-d %B, %H:%M")) : g_strdup ("");
}

static GtkWidget *
thread_entry_widget (RzReplyPane   *self,
                     RzThreadEntry *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *meta = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (entry->text);
  GtkWidget *link = gtk_label_new (NULL);
  g_autofree char *when = format_time (entry->time);
  g_autofree char *meta_text = NULL;
  g_autofree char *link_text = NULL;

  if (entry->kind == RZ_THREAD_ENTRY_REPLY)
    /* Translators: over an answer of ours in a thread; %s is when it was sent */
    meta_text = g_strdup_printf (_("Your answer · %s"), when);
  else
    /* Translators: over a comment in a thread; %1$s is its author, %2$s when it came */
    meta_text = g_strdup_printf (_("%1$s · %2$s"), entry->author != NULL ? entry->author : _("Someone"), when);
  gtk_label_set_text (GTK_LABEL (meta), meta_text);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_wrap (GTK_LABEL (meta), TRUE);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, entry->kind == RZ_THREAD_ENTRY_REPLY ? "accent" : "dim-label");

  /* Network text goes through set_text, never markup. */
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);

  gtk_label_set_xalign (GTK_LABEL (link), 0);
  g_signal_connect_object (link, "activate-link", G_CALLBACK (activate_link_cb), self, 0);
  if (entry->kind == RZ_THREAD_ENTRY_REPLY)
    /* Translators: %s is a network such as Mastodon */
    link_text = g_strdup_printf (_("View on %s"), self->channel_name);
  else
    /* Translators: %s is a network such as Mastodon */
    link_text = g_strdup_printf (_("Open on %s"), self->channel_name);
  set_link (GTK_LABEL (link), entry->url, link_text);

  gtk_box_append (GTK_BOX (box), meta);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), link);
  return box;
}

static void
show_thread (RzReplyPane *self,
             GPtrArray   *entries)
{
  gboolean any_before = FALSE, any_answered = FALSE;

  remove_children (self->thread_list);
  remove_children (self->answered_list);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      RzThreadEntry *entry = g_ptr_array_index (entries, i);

      /* The comment itself is shown in full below its thread. */
      if (entry->kind == RZ_THREAD_ENTRY_COMMENT && entry->is_current)
        continue;

      if (entry->kind == RZ_THREAD_ENTRY_REPLY && entry->is_current)
        {
          gtk_box_append (self->answered_list, thread_entry_widget (self, entry));
          any_answered = TRUE;
        }
      else
        {
          gtk_box_append (self->thread_list, thread_entry_widget (self, entry));
          any_before = TRUE;
        }
    }

  gtk_widget_set_visible (self->thread_box, any_before);
  gtk_widget_set_visible (self->answered_box, any_answered);
}

typedef struct {
  gint64     comment_id;
  GPtrArray *entries;
} Thread;

static void
thread_free (gpointer data)
{
  Thread *thread = data;

  g_clear_pointer (&thread->entries, g_ptr_array_unref);
  g_free (thread);
}

static gpointer
thread_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  gint64 comment_id = *(gint64 *) data;
  g_autoptr(GPtrArray) entries = rz_database_list_thread (db, comment_id, 0, error);
  Thread *thread;

  if (entries == NULL)
    return NULL;
  thread = g_new0 (Thread, 1);
  thread->comment_id = comment_id;
  thread->entries = g_steal_pointer (&entries);
  return thread;
}

static void
thread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;
  Thread *thread;

  thread = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (thread == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND))
        g_warning ("Could not read the thread: %s", error->message);
      return;
    }

  if (self->comment != NULL && rz_comment_get_id (self->comment) == thread->comment_id)
    show_thread (self, thread->entries);
  thread_free (thread);
}

static void
load_thread (RzReplyPane *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (db == NULL || self->comment == NULL)
    return;
  rz_database_run_async (db, thread_job, g_memdup2 (&(gint64) { rz_comment_get_id (self->comment) }, sizeof (gint64)),
                         g_free, thread_free, self->cancellable, thread_cb, g_object_ref (self));
}

/* --- saved replies and the canned-reply check ----------------------------- */

static void
run_check (RzReplyPane *self)
{
  g_autofree char *text = dup_answer (self);
  const char *message = NULL;

  if (self->check != NULL && text[0] != '\0')
    message = rz_reply_issue_get_message (rz_reply_check_run (self->check, text, NULL, NULL));

  gtk_label_set_text (self->check_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->check_box, message != NULL);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  RzReplyPane *self = user_data;

  self->check_source = 0;
  run_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (RzReplyPane *self)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->check_source = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
insert_template (RzReplyPane     *self,
                 RzReplyTemplate *template)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *answer = dup_answer (self);
  g_autofree char *text = NULL;
  RzPlaceholderValues values = { 0, };
  GtkTextIter start, end;
  gboolean answer_was_empty;
  int from, to;

  if (self->comment == NULL)
    return;

  values.name = rz_comment_get_author (self->comment);
  values.handle = rz_comment_get_author_handle (self->comment);
  values.channel = self->channel_name;
  text = rz_placeholders_expand (template->text, &values);

  /* A starting point: into an empty answer, or where the cursor is. */
  answer_was_empty = answer[0] == '\0';
  if (answer_was_empty)
    gtk_text_buffer_set_text (buffer, text, -1);
  else
    gtk_text_buffer_insert_at_cursor (buffer, text, -1);

  /* What is left to fill in comes selected, to be typed over. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (answer);
  answer = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (rz_placeholders_find_first (answer, &from, &to))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_select_range (buffer, &start, &end);
    }
  else if (answer_was_empty)
    gtk_text_buffer_place_cursor (buffer, &end);

  gtk_popover_popdown (self->templates_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  run_check (self);
}

static void
template_clicked_cb (GtkButton   *button,
                     RzReplyPane *self)
{
  guint index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "rz-template-index"));

  if (self->templates != NULL && index < self->templates->len)
    insert_template (self, g_ptr_array_index (self->templates, index));
}

static void reload_checks (RzReplyPane *self);

static void
template_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rz_database_change_reply_template_finish (RZ_DATABASE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says what went wrong */
      message = g_strdup_printf (_("Could not change the saved replies: %s"), error->message);
      show_error (self, message);
      return;
    }
  reload_checks (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RzReplyPane      *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "rz-template-id");
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (g_strcmp0 (response, "delete") != 0 || db == NULL)
    return;
  rz_database_delete_reply_template_async (db, *id, self->checks_cancellable, template_written_cb,
                                           g_object_ref (self));
}

static void
delete_clicked_cb (GtkButton   *button,
                   RzReplyPane *self)
{
  guint index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "rz-template-index"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RzReplyTemplate *template;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->templates == NULL || index >= self->templates->len)
    return;
  template = g_ptr_array_index (self->templates, index);

  gtk_popover_popdown (self->templates_popover);
  /* Translators: %s is the name of a saved reply */
  heading = g_strdup_printf (_("Delete “%s”?"), template->title);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The saved reply is deleted. Answers that started from it stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rz-template-id",
                          g_memdup2 (&template->id, sizeof template->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
template_row (RzReplyPane     *self,
              RzReplyTemplate *template,
              guint            index)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (template->title);
  GtkWidget *preview = gtk_label_new (template->text);
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *delete_label = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (preview), 0);
  gtk_label_set_ellipsize (GTK_LABEL (preview), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (preview), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (preview), 36);
  gtk_widget_add_css_class (preview, "dim-label");
  gtk_widget_add_css_class (preview, "caption");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), preview);

  gtk_button_set_child (GTK_BUTTON (button), labels);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_tooltip_text (button, template->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, template->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, template->text,
                                  -1);
  g_object_set_data (G_OBJECT (button), "rz-template-index", GSIZE_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (template_clicked_cb), self, 0);

  /* Translators: %s is the name of a saved reply */
  delete_label = g_strdup_printf (_("Delete “%s”"), template->title);
  gtk_widget_set_tooltip_text (delete, delete_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  g_object_set_data (G_OBJECT (delete), "rz-template-index", GSIZE_TO_POINTER (index));
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (row), delete);
  return row;
}

static void
show_templates (RzReplyPane *self)
{
  guint n = self->templates != NULL ? self->templates->len : 0;

  remove_children (self->templates_list);
  for (guint i = 0; i < n; i++)
    gtk_box_append (self->templates_list, template_row (self, g_ptr_array_index (self->templates, i), i));
  gtk_widget_set_visible (self->templates_empty_label, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->templates_list), n > 0);
}

typedef struct {
  GPtrArray    *templates;
  RzReplyCheck *check;
} Checks;

static void
checks_free (gpointer data)
{
  Checks *checks = data;

  g_clear_pointer (&checks->templates, g_ptr_array_unref);
  g_clear_object (&checks->check);
  g_free (checks);
}

static gpointer
checks_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) templates = rz_database_list_reply_templates (db, error);
  g_auto(GStrv) sent = NULL;
  Checks *checks;

  if (templates == NULL)
    return NULL;
  sent = rz_database_dup_recent_reply_texts (db, RECENT_REPLIES, error);
  if (sent == NULL)
    return NULL;

  checks = g_new0 (Checks, 1);
  checks->check = rz_reply_check_new ();
  for (guint i = 0; i < templates->len; i++)
    rz_reply_check_add_template (checks->check, ((RzReplyTemplate *) g_ptr_array_index (templates, i))->text);
  for (guint i = 0; sent[i] != NULL; i++)
    rz_reply_check_add_sent (checks->check, sent[i]);
  checks->templates = g_steal_pointer (&templates);
  return checks;
}

static void
checks_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RzReplyPane) self = user_data;
  g_autoptr(GError) error = NULL;
  Checks *checks;

  checks = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (checks == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the saved replies: %s", error->message);
      return;
    }

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->check);
  self->templates = g_steal_pointer (&checks->templates);
  self->check = g_steal_pointer (&checks->check);
  checks_free (checks);

  show_templates (self);
  run_check (self);
}

static void
reload_checks (RzReplyPane *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (db == NULL)
    return;
  rz_database_run_async (db, checks_job, NULL, NULL, checks_free, self->checks_cancellable,
                         checks_cb, g_object_ref (self));
}

static void
data_changed_cb (RzReplyPane *self)
{
  reload_checks (self);
  load_thread (self);
  load_moderation (self);
}

/* A saved reply says {name} where this answer has the author's name, so
 * it fits the next customer too. */
static char *
generalize_answer (RzReplyPane *self,
                   const char  *text)
{
  g_autoptr(GString) out = g_string_new (text);
  const char *name = self->comment != NULL ? rz_comment_get_author (self->comment) : NULL;

  if (name != NULL && name[0] != '\0')
    {
      g_autofree char *first = NULL;
      const char *space = strchr (name, ' ');

      g_string_replace (out, name, "{name}", 0);
      first = space != NULL ? g_strndup (name, space - name) : NULL;
      if (first != NULL && g_utf8_strlen (first, -1) > 1)
        g_string_replace (out, first, "{first_name}", 0);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  RzReplyPane      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *text = g_object_get_data (G_OBJECT (dialog), "rz-template-text");
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;
  g_autoptr(RzReplyTemplate) template = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "save") != 0 || db == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  template = rz_reply_template_new (title, text);
  rz_database_save_reply_template_async (db, template, self->checks_cancellable, template_written_cb,
                                         g_object_ref (self));
  show_done (self, _("Saved as a reply template."), NULL);
}

static void
title_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", title[0] != '\0');
}

static void
save_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RzReplyPane *self = RZ_REPLY_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *answer = dup_answer (self);
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (answer[0] == '\0')
    return;

  gtk_popover_popdown (self->templates_popover);
  text = generalize_answer (self, answer);
  /* Translators: %s is the text of the new saved reply */
  body = g_strdup_printf (_("“%s”\n\nGive it a short name to find it again."), text);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save as Reply Template"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, e.g. Opening hours"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the saved reply"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rz-template-text", g_steal_pointer (&text), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (title_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
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
  update_moderation (self);
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
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), "");
  show_error (self, NULL);
  show_done (self, NULL, NULL);
  show_thread (self, NULL);
  run_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->moderation_label), FALSE);
  update_moderation (self);

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
  load_thread (self);
  load_moderation (self);
  update_moderation (self);

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

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  /* Sent answers and changed saved replies show at once. */
  if (context != NULL)
    {
      g_signal_connect_object (context, "data-changed", G_CALLBACK (data_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::database", G_CALLBACK (reload_checks), self, G_CONNECT_SWAPPED);
    }
  reload_checks (self);
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
  g_cancellable_cancel (self->checks_cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  /* The stack is both the bin's child and a template child: let the bin
   * drop it first, or AdwBin's dispose would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_REPLY_PANE);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->check);
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
  g_clear_object (&self->checks_cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, thread_box);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, thread_list);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, answered_box);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, answered_list);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, templates_button);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, templates_popover);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, templates_empty_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, templates_list);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, check_box);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, check_label);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, url_entry);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, moderation_button);
  gtk_widget_class_bind_template_child (widget_class, RzReplyPane, moderation_label);

  gtk_widget_class_install_action (widget_class, "reply.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "reply.ignore", NULL, ignore_action);
  gtk_widget_class_install_action (widget_class, "reply.save-template", NULL, save_template_action);
  gtk_widget_class_install_action (widget_class, "reply.mark-spam", NULL, mark_spam_action);
}

static void
rz_reply_pane_init (RzReplyPane *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->send_cancellable = g_cancellable_new ();
  self->checks_cancellable = g_cancellable_new ();

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
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->open_label, "activate-link", G_CALLBACK (activate_link_cb), self, 0);
  g_signal_connect_object (self->done_link, "activate-link", G_CALLBACK (activate_link_cb), self, 0);
  show_templates (self);
  update_counter (self);
  update_moderation (self);
}
