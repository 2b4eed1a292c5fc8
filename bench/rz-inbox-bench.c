/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>

#include "rz-catalogue.h"
#include "rz-comment-list-model.h"
#include "rz-comment-row.h"
#include "rz-database.h"
#include "rz-plan.h"
#include "rz-response-time.h"

/* rz-inbox-bench: the inbox's list as the app builds it (RzCommentListModel,
 * a one-column GtkGridView, the app's RzCommentRow) in a window of the
 * app's size.
 *
 *   1. Opens the database (timed on its own), then times from creating
 *      the model and the window to the first frame that shows rows with
 *      comments in them.
 *   2. Scroll: moves the scrolled window's vertical adjustment from the
 *      top to the bottom of the whole list, one window height a frame
 *      from a tick callback, so every comment passes through the window
 *      once.
 *   3. Drag: back to the top in a few hundred frames, as a user dragging
 *      the scrollbar does: every frame lands on rows never seen before.
 *
 * For every frame of 2 and 3 it records the interval between frame clock
 * frame times (what the user sees as smooth or not), the work of the
 * frame (before-paint to after-paint), and whether a row still waited for
 * its page (a blank frame). --list shows the rows in a GtkListView
 * instead, for comparison.
 *
 * Prints one JSON object on standard output. */

static char    *opt_database;
static double   opt_scroll_step = 1.0;
static int      opt_drag_frames = 300;
static int      opt_width = 1100;
static int      opt_height = 740;
static gboolean opt_list;

static GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, "The database to show", "PATH" },
  { "scroll-step", 's', 0, G_OPTION_ARG_DOUBLE, &opt_scroll_step, "Scroll this many window heights a frame (1: every comment passes through the window)", "N" },
  { "drag-frames", 'f', 0, G_OPTION_ARG_INT, &opt_drag_frames, "Drag the scrollbar back to the top in this many frames (300; 0: no drag)", "N" },
  { "width", 0, 0, G_OPTION_ARG_INT, &opt_width, "Window width (1100, as the app)", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &opt_height, "Window height (740, as the app)", "PX" },
  { "list", 0, 0, G_OPTION_ARG_NONE, &opt_list, "A GtkListView instead of the app's one-column GtkGridView", NULL },
  { NULL }
};

typedef enum {
  PHASE_WINDOW,
  PHASE_STARTING,
  PHASE_SETTLING,
  PHASE_SCROLL,
  PHASE_DRAG,
  PHASE_DONE,
} Phase;

typedef struct {
  GArray *intervals;   /* gint64 µs between frame times */
  GArray *work;        /* gint64 µs from before-paint to after-paint */
  guint   blank_frames;
  guint   late_rows;   /* rows the model filled in after the view had them */
} Frames;

typedef struct {
  GMainLoop          *loop;
  RzCatalogue        *catalogue;
  RzDatabase         *db;
  RzCommentListModel *model;
  GtkSingleSelection *selection;
  GtkWidget          *window;
  GtkWidget          *scrolled;
  GdkFrameClock      *clock;
  gint64              now;
  GHashTable         *target_minutes;

  Phase               phase;
  gint64              db_open_us;
  gint64              shown_started;
  gint64              counted_us;
  gint64              first_rows_us;
  guint               settle_frames;

  guint               n_bound_comments;
  guint               n_bound_placeholders;

  gint64              last_frame_time;
  gint64              paint_started;
  Frames              frames[PHASE_DONE];
  double              step;
  double              target;
} Bench;

static Bench bench;

/* --- rows, as the inbox page binds them ----------------------------------- */

typedef enum {
  BOUND_NOTHING,
  BOUND_COMMENT,
  BOUND_PLACEHOLDER,
} Bound;

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, rz_comment_row_new ());
}

/* The plan's response time for each channel, as the inbox page reads it;
 * none without a plan: every channel has the default. */
static GHashTable *
load_target_minutes (RzDatabase *db)
{
  GHashTable *targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RzPlan) plan = rz_database_dup_plan (db, NULL);

  for (guint i = 0; plan != NULL && i < rz_plan_get_n_entries (plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (plan, i);

      if (rz_plan_entry_get_response_minutes (entry) > 0)
        g_hash_table_insert (targets, g_strdup (rz_plan_entry_get_channel_id (entry)),
                             GUINT_TO_POINTER (rz_plan_entry_get_response_minutes (entry)));
    }
  return targets;
}

static gint64
target_seconds (RzComment *comment)
{
  guint minutes = GPOINTER_TO_UINT (g_hash_table_lookup (bench.target_minutes,
                                                         rz_comment_get_channel (comment)));

  return (gint64) (minutes > 0 ? minutes : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES) * 60;
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  RzComment *comment = gtk_list_item_get_item (item);
  RzCommentRow *row = RZ_COMMENT_ROW (gtk_list_item_get_child (item));

  if (rz_comment_list_model_is_placeholder (comment))
    {
      rz_comment_row_set_comment (row, NULL, NULL, 0, 0);
      bench.n_bound_placeholders++;
      g_object_set_data (G_OBJECT (item), "rz-bound", GINT_TO_POINTER (BOUND_PLACEHOLDER));
    }
  else
    {
      RzChannelInfo *channel = rz_catalogue_lookup (bench.catalogue, rz_comment_get_channel (comment));

      rz_comment_row_set_comment (row, comment,
                                  channel != NULL ? rz_channel_info_get_name (channel) : NULL,
                                  bench.now, target_seconds (comment));
      bench.n_bound_comments++;
      g_object_set_data (G_OBJECT (item), "rz-bound", GINT_TO_POINTER (BOUND_COMMENT));
    }
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  switch (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "rz-bound")))
    {
    case BOUND_COMMENT:
      bench.n_bound_comments--;
      break;
    case BOUND_PLACEHOLDER:
      bench.n_bound_placeholders--;
      break;
    case BOUND_NOTHING:
    default:
      break;
    }
  g_object_set_data (G_OBJECT (item), "rz-bound", GINT_TO_POINTER (BOUND_NOTHING));
  rz_comment_row_set_comment (RZ_COMMENT_ROW (gtk_list_item_get_child (item)), NULL, NULL, 0, 0);
}

/* --- measuring ------------------------------------------------------------ */

static Frames *
current_frames (void)
{
  return bench.phase == PHASE_SCROLL || bench.phase == PHASE_DRAG ? &bench.frames[bench.phase] : NULL;
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (bench.scrolled));
  double page = gtk_adjustment_get_page_size (adjustment);
  double end = gtk_adjustment_get_upper (adjustment) - page;
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);
  Frames *frames = current_frames ();

  /* A few frames for what comes after the first one (the scrollbar, the
   * rest of the first page) before scrolling starts. */
  if (bench.phase == PHASE_SETTLING)
    {
      if (++bench.settle_frames == 10)
        {
          bench.phase = PHASE_SCROLL;
          bench.target = 0;
          bench.last_frame_time = 0;
        }
      return G_SOURCE_CONTINUE;
    }

  if (frames != NULL && bench.last_frame_time > 0)
    {
      gint64 interval = frame_time - bench.last_frame_time;

      g_array_append_val (frames->intervals, interval);
    }
  bench.last_frame_time = frame_time;

  if (g_getenv ("RZ_BENCH_DEBUG"))
    g_printerr ("phase %d: upper %.0f target %.0f value %.0f, interval %.1f ms, bound %u+%u\n",
                bench.phase, gtk_adjustment_get_upper (adjustment), bench.target,
                gtk_adjustment_get_value (adjustment),
                frames != NULL && frames->intervals->len > 0
                  ? g_array_index (frames->intervals, gint64, frames->intervals->len - 1) / 1000.0 : 0.0,
                bench.n_bound_comments, bench.n_bound_placeholders);

  /* Like a steady scroll or drag: the target moves on by a fixed step.
   * The list view corrects the value as it measures rows, so the value
   * read back is not where the user is. */
  if (bench.phase == PHASE_SCROLL)
    {
      if (bench.target >= end - 0.5)
        {
          bench.phase = opt_drag_frames > 0 ? PHASE_DRAG : PHASE_DONE;
          bench.step = end / MAX (opt_drag_frames, 1);
          bench.last_frame_time = 0;
        }
      else
        bench.target = MIN (bench.target + page * opt_scroll_step, end);
    }
  if (bench.phase == PHASE_DRAG)
    {
      if (bench.target <= 0.5)
        bench.phase = PHASE_DONE;
      else
        bench.target = MAX (bench.target - bench.step, 0);
    }
  if (bench.phase == PHASE_DONE)
    {
      g_main_loop_quit (bench.loop);
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (adjustment, bench.target);
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  bench.paint_started = g_get_monotonic_time ();
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Frames *frames = current_frames ();

  if (frames != NULL)
    frames->late_rows += added;
}

static void
counted_cb (RzCommentListModel *model,
            GParamSpec         *pspec,
            gpointer            user_data)
{
  if (!rz_comment_list_model_get_loading (model) && bench.counted_us == 0)
    bench.counted_us = g_get_monotonic_time () - bench.shown_started;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();
  Frames *frames = current_frames ();

  /* The window is up with an empty list, as the app's is while it reads
   * its data: now the inbox comes. */
  if (bench.phase == PHASE_WINDOW)
    {
      bench.phase = PHASE_STARTING;
      bench.shown_started = g_get_monotonic_time ();
      bench.model = rz_comment_list_model_new (bench.db);
      /* As the app: the plan's response times order the open comments. */
      rz_comment_list_model_set_target_minutes (bench.model, bench.target_minutes);
      g_signal_connect (bench.model, "notify::loading", G_CALLBACK (counted_cb), NULL);
      g_signal_connect (bench.model, "items-changed", G_CALLBACK (items_changed_cb), NULL);
      gtk_single_selection_set_model (bench.selection, G_LIST_MODEL (bench.model));
    }
  else if (bench.phase == PHASE_STARTING && bench.n_bound_comments > 0)
    {
      bench.first_rows_us = now - bench.shown_started;
      bench.phase = PHASE_SETTLING;
      gtk_widget_add_tick_callback (bench.scrolled, scroll_tick, NULL, NULL);
    }
  else if (frames != NULL)
    {
      gint64 work = now - bench.paint_started;

      g_array_append_val (frames->work, work);
      if (bench.n_bound_placeholders > 0)
        frames->blank_frames++;
    }
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  bench.clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (bench.clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  /* Nearest rank. */
  index = (guint) MIN (values->len - 1, MAX (0.0, ceil (p / 100.0 * values->len) - 1));
  return g_array_index (values, gint64, index) / 1000.0;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_printerr ("rz-inbox-bench: gave up after 300 s\n");
  exit (1);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *list_view;

  context = g_option_context_new ("— scroll the inbox and time its frames");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-inbox-bench: %s\n", error->message);
      return 2;
    }
  if (opt_database == NULL || opt_scroll_step <= 0 || opt_drag_frames < 0)
    {
      g_printerr ("rz-inbox-bench: --database is needed\n");
      return 2;
    }

  adw_init ();

  bench.db_open_us = g_get_monotonic_time ();
  db = rz_database_open (opt_database, &error);
  if (db == NULL)
    {
      g_printerr ("rz-inbox-bench: %s\n", error->message);
      return 1;
    }
  bench.db_open_us = g_get_monotonic_time () - bench.db_open_us;

  bench.db = db;
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.catalogue = rz_catalogue_new_default (NULL);
  bench.now = g_get_real_time () / G_USEC_PER_SEC;
  bench.target_minutes = load_target_minutes (db);
  for (guint i = 0; i < G_N_ELEMENTS (bench.frames); i++)
    {
      bench.frames[i].intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
      bench.frames[i].work = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);

  /* As in the inbox page: a single selection that selects nothing by
   * itself. */
  bench.selection = gtk_single_selection_new (G_LIST_MODEL (g_list_store_new (RZ_TYPE_COMMENT)));
  gtk_single_selection_set_autoselect (bench.selection, FALSE);
  gtk_single_selection_set_can_unselect (bench.selection, TRUE);
  if (!opt_list)
    {
      /* GTK 4.8's list view keeps 200 rows alive whatever its height; a
       * grid view only about the visible ones. */
      list_view = gtk_grid_view_new (GTK_SELECTION_MODEL (bench.selection), g_object_ref (factory));
      gtk_grid_view_set_max_columns (GTK_GRID_VIEW (list_view), 1);
    }
  else
    list_view = gtk_list_view_new (GTK_SELECTION_MODEL (bench.selection), g_object_ref (factory));

  bench.scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (bench.scrolled), list_view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (bench.scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  bench.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (bench.window), "Resonanz inbox benchmark");
  gtk_window_set_default_size (GTK_WINDOW (bench.window), opt_width, opt_height);
  gtk_window_set_child (GTK_WINDOW (bench.window), bench.scrolled);
  g_signal_connect (bench.window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (bench.window));

  g_timeout_add_seconds (300, timeout_cb, NULL);
  g_main_loop_run (bench.loop);

  g_print ("{\"n_items\": %u, \"db_open_ms\": %.2f, \"counted_ms\": %.2f, \"first_rows_ms\": %.2f",
           g_list_model_get_n_items (G_LIST_MODEL (bench.model)),
           bench.db_open_us / 1000.0, bench.counted_us / 1000.0, bench.first_rows_us / 1000.0);
  for (Phase phase = PHASE_SCROLL; phase <= PHASE_DRAG; phase++)
    {
      Frames *frames = &bench.frames[phase];
      const char *name = phase == PHASE_SCROLL ? "scroll" : "drag";

      g_print (", \"%s\": {\"frames\": %u, \"blank_frames\": %u, \"late_rows\": %u, "
               "\"interval_p50_ms\": %.2f, \"interval_p95_ms\": %.2f, \"interval_max_ms\": %.2f, "
               "\"work_p50_ms\": %.2f, \"work_p95_ms\": %.2f, \"work_max_ms\": %.2f}",
               name, frames->work->len, frames->blank_frames, frames->late_rows,
               percentile_ms (frames->intervals, 50), percentile_ms (frames->intervals, 95),
               percentile_ms (frames->intervals, 100),
               percentile_ms (frames->work, 50), percentile_ms (frames->work, 95),
               percentile_ms (frames->work, 100));
    }
  g_print ("}\n");

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_clear_object (&bench.model);
  g_clear_object (&bench.catalogue);
  g_clear_pointer (&bench.target_minutes, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (bench.frames); i++)
    {
      g_array_unref (bench.frames[i].intervals);
      g_array_unref (bench.frames[i].work);
    }
  g_main_loop_unref (bench.loop);
  return 0;
}
