/* bench-idle.c: wirelab-bench idle N [IMAGE.elf] [--ram MB] [--seconds S]
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Boots N VMs of an idling image in one in-process hypervisor, driven over
 * its TCP protocol like any client would; waits until every VM has gone to
 * sleep once (it is booted and idle), then measures this process's CPU time
 * over a few seconds and prints it as % of one core.  Nothing is asserted.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wirelab/wirelab.h"

#include "bench.h"

typedef struct
{
  GSocketConnection *conn;
  GDataInputStream  *in;
  GOutputStream     *out;
} Client;

static double
clock_s (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *command (Client     *c,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

/* Sends one command; returns the whole reply (lines joined with \n). */
static char *
command (Client     *c,
         const char *format,
         ...)
{
  g_autofree char *cmd = NULL;
  g_autofree char *line = NULL;
  GString *reply = g_string_new (NULL);
  va_list ap;

  va_start (ap, format);
  cmd = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* One write per command: a split one waits for a delayed ACK. */
  line = g_strconcat (cmd, "\n", NULL);
  if (!g_output_stream_write_all (c->out, line, strlen (line), NULL, NULL, NULL))
    g_error ("hypervisor connection lost");
  for (;;)
    {
      g_autofree char *l = g_data_input_stream_read_line (c->in, NULL, NULL, NULL);

      if (l == NULL)
        g_error ("hypervisor connection lost");
      g_strchomp (l);
      g_string_append_printf (reply, "%s\n", l);
      if (strlen (l) >= 4 && l[3] == '-')
        break;
    }
  return g_string_free (reply, FALSE);
}

static char *
command_ok (Client     *c,
            const char *cmd)
{
  char *r = command (c, "%s", cmd);

  if (strstr (r, "100-") == NULL)
    {
      fprintf (stderr, "wirelab-bench: '%s' failed: %s", cmd, r);
      exit (1);
    }
  return r;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, "VmRSS:");
  return p != NULL ? atol (p + 6) : 0;
}

int
bench_idle (int    argc,
            char **argv)
{
  g_autoptr(WirelabHypervisor) hv = NULL;
  g_autoptr(GSocketClient) sc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image = NULL;
  g_autofree char *dir = NULL;
  Client c = { 0 };
  guint n = 0, ram = 16, seconds = 5;
  guint16 port = 0;
  double t_boot, cpu0, wall0, cpu, wall;
  long rss0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--ram") == 0 && i + 1 < argc)
        ram = (guint) atoi (argv[++i]);
      else if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        seconds = (guint) atoi (argv[++i]);
      else if (n == 0 && atoi (argv[i]) > 0)
        n = (guint) atoi (argv[i]);
      else if (image == NULL)
        image = g_canonicalize_filename (argv[i], NULL);
      else
        n = 0, i = argc;
    }
  if (n == 0 || ram == 0 || seconds == 0)
    {
      fprintf (stderr, "Usage: wirelab-bench idle N [IMAGE.elf] [--ram MB] [--seconds S]\n");
      return 2;
    }
  if (image == NULL)
    image = g_build_filename (WIRELAB_BUILD_ROOT, "tests", "images", "console-c7200.elf", NULL);
  if (!g_file_test (image, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "wirelab-bench: no image %s\n", image);
      return 1;
    }

  dir = g_dir_make_tmp ("wl-bench-idle-XXXXXX", NULL);
  hv = wirelab_hypervisor_new ();
  wirelab_hypervisor_set_working_dir (hv, dir);
  if (!wirelab_hypervisor_listen (hv, "127.0.0.1", 0, &port, &error))
    {
      fprintf (stderr, "wirelab-bench: %s\n", error->message);
      return 1;
    }
  sc = g_socket_client_new ();
  {
    g_autofree char *addr = g_strdup_printf ("127.0.0.1:%u", port);

    c.conn = g_socket_client_connect_to_host (sc, addr, 0, NULL, &error);
  }
  if (c.conn == NULL)
    {
      fprintf (stderr, "wirelab-bench: %s\n", error->message);
      return 1;
    }
  c.in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (c.conn)));
  c.out = g_io_stream_get_output_stream (G_IO_STREAM (c.conn));

  printf ("idle: booting %u VMs of %s (%u MB RAM each)\n", n, image, ram);
  fflush (stdout);
  rss0 = rss_kb ();
  t_boot = clock_s (CLOCK_MONOTONIC);
  for (guint i = 0; i < n; i++)
    {
      char *cmds[] = {
        g_strdup_printf ("vm create B%u %u c7200", i, i + 1),
        g_strdup_printf ("vm set_ios B%u \"%s\"", i, image),
        g_strdup_printf ("vm set_ram B%u %u", i, ram),
        g_strdup_printf ("vm slot_add_binding B%u 0 0 C7200-IO-FE", i),
        g_strdup_printf ("vm start B%u", i),
      };

      for (guint k = 0; k < G_N_ELEMENTS (cmds); k++)
        {
          g_free (command_ok (&c, cmds[k]));
          g_free (cmds[k]);
        }
    }

  /* Booted = went to sleep at least once (it has an idle PC to propose). */
  for (guint i = 0; i < n; i++)
    {
      for (;;)
        {
          g_autofree char *r = command (&c, "vm get_idle_pc_prop B%u 0", i);

          if (g_str_has_prefix (r, "101 "))
            break;
          if (clock_s (CLOCK_MONOTONIC) - t_boot > 300)
            {
              fprintf (stderr, "wirelab-bench: VM B%u did not go idle\n", i);
              return 1;
            }
          g_usleep (10000);
        }
    }
  printf ("idle: %u VMs booted and idle after %.2f s\n", n, clock_s (CLOCK_MONOTONIC) - t_boot);
  fflush (stdout);

  g_usleep (G_USEC_PER_SEC / 2);
  cpu0 = clock_s (CLOCK_PROCESS_CPUTIME_ID);
  wall0 = clock_s (CLOCK_MONOTONIC);
  g_usleep ((gulong) seconds * G_USEC_PER_SEC);
  cpu = clock_s (CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  wall = clock_s (CLOCK_MONOTONIC) - wall0;

  printf ("idle: %u VMs: %.3f s of CPU in %.2f s = %.2f%% of one core "
          "(RSS grew by %ld MB for the VMs)\n",
          n, cpu, wall, 100.0 * cpu / wall, (rss_kb () - rss0) / 1024);
  printf ("target: 200 VMs under 5%% of one core\n");

  g_free (command_ok (&c, "hypervisor reset"));
  g_io_stream_close (G_IO_STREAM (c.conn), NULL, NULL);
  g_object_unref (c.in);
  g_object_unref (c.conn);
  wirelab_hypervisor_shutdown (hv);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
  return 0;
}
