/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

/* rz-first-frame: starts a program and tells, from outside and the same
 * way for any X11 program, when its first window appeared and was painted.
 *
 *   map         the program's first top-level window (the first one whose
 *               _NET_WM_PID is the program's) was mapped;
 *   first frame the first DAMAGE event on that window after which the
 *               window holds a picture: the X server's own damage when it
 *               clears a newly mapped window leaves it one colour, so the
 *               window's pixels are read back (XGetImage) at each damage
 *               until they show at least two colours;
 *   settled     the last damage before the window stayed unchanged for
 *               --settle milliseconds: what the program shows once its
 *               data is in (0: do not wait, end at the first frame).
 *
 * Times count from just before the program is executed; damage times are
 * the X server's timestamps of the events, so reading the window back
 * delays nothing that is measured. Then it reads the program's peak and
 * current resident memory (VmHWM, VmRSS from /proc/PID/status), ends the
 * program and prints one JSON object.
 *
 *   rz-first-frame [--timeout S] [--settle MS] -- PROGRAM [ARGS...] */

static double opt_timeout = 60;
static int    opt_settle = 0;

static GOptionEntry entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &opt_timeout, "Give up after this many seconds (60)", "S" },
  { "settle", 's', 0, G_OPTION_ARG_INT, &opt_settle, "Quiet time that counts as settled, ms (0: end at the first frame)", "MS" },
  { NULL }
};

static long
window_pid (Display *display,
            Window   window)
{
  Atom type;
  int format;
  unsigned long n_items, bytes_after;
  unsigned char *data = NULL;
  long pid = -1;

  if (XGetWindowProperty (display, window, XInternAtom (display, "_NET_WM_PID", False),
                          0, 1, False, XA_CARDINAL, &type, &format, &n_items, &bytes_after,
                          &data) == Success && data != NULL)
    {
      if (type == XA_CARDINAL && format == 32 && n_items == 1)
        pid = *(long *) data;
      XFree (data);
    }
  return pid;
}

static void
read_memory (pid_t  pid,
             long  *hwm_kb,
             long  *rss_kb)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *hwm_kb = *rss_kb = -1;
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return;

  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm_kb = strtol (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss_kb = strtol (lines[i] + 6, NULL, 10);
    }
}

/* How many different colours a sample of the window's pixels has: one
 * for an empty window. */
static guint
count_colours (Display *display,
               Window   window)
{
  XWindowAttributes attributes;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  XImage *image;

  if (!XGetWindowAttributes (display, window, &attributes))
    return 0;
  image = XGetImage (display, window, 0, 0, attributes.width, attributes.height, AllPlanes, ZPixmap);
  if (image == NULL)
    return 0;
  for (int y = 0; y < attributes.height; y += 7)
    for (int x = 0; x < attributes.width; x += 7)
      g_hash_table_add (colours, GUINT_TO_POINTER (XGetPixel (image, x, y) + 1));
  XDestroyImage (image);
  return g_hash_table_size (colours);
}

static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  return 0;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Display *display;
  Window root;
  Window window = None;
  Damage damage = None;
  Atom stamp;
  Time server_started = 0;
  int damage_event, damage_error;
  int x11_fd;
  gint64 started;
  gint64 last_damage = 0;
  double map_ms = -1, first_frame_ms = -1, settled_ms = -1;
  long hwm_kb, rss_kb;
  guint n_damage = 0;
  pid_t pid;
  int status;
  gboolean exited = FALSE;

  context = g_option_context_new ("-- PROGRAM [ARGS…] — time a program's first frame");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-first-frame: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr ("rz-first-frame: name a program to start\n");
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_printerr ("rz-first-frame: cannot open the display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      g_printerr ("rz-first-frame: the X server has no DAMAGE extension\n");
      return 1;
    }
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask | PropertyChangeMask);
  x11_fd = ConnectionNumber (display);

  /* The X server's clock at the start: touching a property of the root
   * window brings back an event with its time. */
  stamp = XInternAtom (display, "_RZ_FIRST_FRAME_START", False);
  XChangeProperty (display, root, stamp, XA_CARDINAL, 32, PropModeReplace,
                   (unsigned char *) &(long) { 1 }, 1);
  for (;;)
    {
      XEvent event;

      XNextEvent (display, &event);
      if (event.type == PropertyNotify && event.xproperty.atom == stamp)
        {
          server_started = event.xproperty.time;
          break;
        }
    }
  XDeleteProperty (display, root, stamp);

  started = g_get_monotonic_time ();
  pid = fork ();
  if (pid == 0)
    {
      execvp (argv[1], argv + 1);
      fprintf (stderr, "rz-first-frame: cannot run %s: %s\n", argv[1], strerror (errno));
      _exit (127);
    }

  while (ms_since (started) < opt_timeout * 1000)
    {
      fd_set fds;
      struct timeval timeout = { 0, 20000 };

      /* The program may die before it shows anything. */
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          exited = TRUE;
          break;
        }

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && window == None && !event.xmap.override_redirect &&
              window_pid (display, event.xmap.window) == pid)
            {
              window = event.xmap.window;
              map_ms = ms_since (started);
              damage = XDamageCreate (display, window, XDamageReportNonEmpty);
            }
          else if (event.type == damage_event + XDamageNotify &&
                   ((XDamageNotifyEvent *) &event)->drawable == window)
            {
              /* Take the damage away, so the next drawing reports again. */
              XDamageSubtract (display, damage, None, None);
              last_damage = g_get_monotonic_time ();
              if (first_frame_ms < 0 && count_colours (display, window) > 1)
                {
                  first_frame_ms = ((XDamageNotifyEvent *) &event)->timestamp - server_started;
                  if (opt_settle == 0)
                    break;
                }
              if (g_getenv ("RZ_BENCH_DEBUG") != NULL)
                {
                  XDamageNotifyEvent *notify = (XDamageNotifyEvent *) &event;

                  g_printerr ("damage %u at %.1f ms: %dx%d+%d+%d of %dx%d, server time %lu ms, %u colours\n",
                              n_damage, ms_since (started), notify->area.width, notify->area.height,
                              notify->area.x, notify->area.y, notify->geometry.width,
                              notify->geometry.height, notify->timestamp - server_started,
                              count_colours (display, window));
                }
              n_damage++;
            }
        }

      if (first_frame_ms >= 0 && opt_settle == 0)
        break;
      if (first_frame_ms >= 0 && (g_get_monotonic_time () - last_damage) / 1000 >= opt_settle)
        {
          settled_ms = (last_damage - started) / 1000.0;
          break;
        }

      FD_ZERO (&fds);
      FD_SET (x11_fd, &fds);
      select (x11_fd + 1, &fds, NULL, NULL, &timeout);
    }

  read_memory (pid, &hwm_kb, &rss_kb);
  /* The window goes away with the program, and its damage with it. */
  XSetErrorHandler (ignore_x_error);
  if (damage != None)
    XDamageDestroy (display, damage);
  XCloseDisplay (display);
  if (!exited)
    {
      kill (pid, SIGTERM);
      waitpid (pid, &status, 0);
    }

  if (first_frame_ms < 0)
    {
      g_printerr ("rz-first-frame: %s showed no window%s\n", argv[1],
                  exited ? " and exited" : " in time");
      return 1;
    }

  g_print ("{\"map_ms\": %.1f, \"first_frame_ms\": %.1f, \"settled_ms\": %.1f, \"damage_events\": %u, "
           "\"vm_hwm_kb\": %ld, \"vm_rss_kb\": %ld}\n",
           map_ms, first_frame_ms, settled_ms, n_damage, hwm_kb, rss_kb);
  return 0;
}
