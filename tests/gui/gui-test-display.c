/* gui-test-display.c: an X server of the test's own
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "gui-test-display.h"

#define START_TIMEOUT_MS 30000

/* Lives as long as the test: never freed. */
static GSubprocess *server;

static void
child_setup (gpointer data)
{
  /* The server ends with the test, however the test ends. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
gui_test_own_display (void)
{
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  char text[32] = "";
  gsize got = 0;
  gint64 deadline;
  int fds[2];

  if (xvfb == NULL || server != NULL)
    return;
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &error))
    g_error ("pipe: %s", error->message);

  /* -displayfd: Xvfb takes the first free display and writes its number
   * once clients can connect. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, xvfb, "-displayfd", "3",
                                        "-screen", "0", "1280x800x24", "-nolisten", "tcp", NULL);
  g_clear_object (&launcher);
  if (server == NULL)
    g_error ("Xvfb: %s", error->message);

  deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;
  while (memchr (text, '\n', got) == NULL && got < sizeof text - 1)
    {
      struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, left) <= 0)
        g_error ("Xvfb did not say its display within %d s", START_TIMEOUT_MS / 1000);
      n = read (fds[0], text + got, sizeof text - 1 - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("Xvfb ended before it said its display");
      got += n;
    }
  close (fds[0]);
  text[got] = '\0';
  g_strstrip (text);

  {
    g_autofree char *display = g_strdup_printf (":%s", text);

    g_setenv ("DISPLAY", display, TRUE);
  }
  g_unsetenv ("WAYLAND_DISPLAY");
}
