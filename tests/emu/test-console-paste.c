/* test-console-paste.c: text pasted into a telnet console far faster than
 * the guest reads it (more than the DUART's 4 KB FIFO, more than the
 * board's 64 KB backlog) arrives complete and in order
 *
 * The console image echoes every byte it reads.  The VM is suspended while
 * the paste is written, so nothing drains the FIFO until it resumes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

/* Lines "paste NNNNNN <filler>\r" of 64 bytes, without 'q' (which ends the
 * echo image); `echo` gets what the image prints back for them. */
static GString *
make_paste (gsize    size,
            GString *echo)
{
  GString *paste = g_string_new (NULL);

  for (guint n = 0; paste->len < size; n++)
    {
      g_autofree char *line = g_strdup_printf ("paste %06u abcdefghijklmnoprstuvwxyz0123456789ABCDEFGHIJKLMNO", n);

      g_assert_cmpuint (strlen (line), ==, 63);
      g_string_append (paste, line);
      g_string_append_c (paste, '\r');
      g_string_append (echo, line);
      g_string_append (echo, "\r\n");
    }
  return paste;
}

/* Writes the paste while reading the echo, until the echo is complete or
 * nothing moves for 10 s. */
static void
paste_and_read (int      c,
                GString *paste,
                GString *out,
                gsize    want)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gsize sent = 0;

  g_assert_cmpint (fcntl (c, F_SETFL, fcntl (c, F_GETFL) | O_NONBLOCK), ==, 0);
  while (out->len < want)
    {
      struct pollfd pfd = { .fd = c, .events = POLLIN | (sent < paste->len ? POLLOUT : 0) };
      char buf[16384];
      gssize n;

      if (g_get_monotonic_time () > deadline)
        g_error ("paste: sent %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT ", echo %" G_GSIZE_FORMAT
                 " of %" G_GSIZE_FORMAT " bytes", sent, paste->len, out->len, want);
      if (poll (&pfd, 1, 200) <= 0)
        continue;
      if (pfd.revents & POLLOUT)
        {
          n = write (c, paste->str + sent, paste->len - sent);
          if (n < 0)
            g_assert_cmpint (errno, ==, EAGAIN);
          else
            sent += n;
          deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
        }
      if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
        {
          n = read (c, buf, sizeof buf);
          if (n < 0 && errno == EAGAIN)
            continue;
          g_assert_cmpint (n, >, 0);
          g_string_append_len (out, buf, n);
          deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
        }
    }
  g_assert_cmpuint (sent, ==, paste->len);
}

static void
paste_test (gsize size)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("console-c7200.elf");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) echo = g_string_new (NULL);
  g_autoptr(GString) paste = make_paste (size, echo);
  guint16 con = emu_tcp_free_port ();
  const char *prompt;
  int c;

  g_free (emu_cmd_expect (fd, "100-VM", "vm create P 1 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios P \"%s\"", image));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram P 16"));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port P %u", con));
  g_free (emu_cmd_expect (fd, "100-VM", "vm start P"));
  c = emu_console_connect (con);
  emu_read_until (c, out, "echo> ");
  g_string_truncate (out, 0);

  /* Nobody reads the FIFO while the paste comes in. */
  hv_assert_cmd (fd, "vm suspend P", "100-VM 'P' suspended\r\n");
  {
    gsize head = MIN (paste->len, 8192);

    /* The first part goes in while suspended, the rest once it runs. */
    g_assert_cmpint (write (c, paste->str, head), ==, (gssize) head);
    g_usleep (200000);
    hv_assert_cmd (fd, "vm resume P", "100-VM 'P' resumed\r\n");
    g_string_erase (paste, 0, head);
    paste_and_read (c, paste, out, echo->len);
  }
  prompt = out->str;
  if (out->len != echo->len || memcmp (prompt, echo->str, echo->len) != 0)
    {
      gsize i = 0;

      while (i < MIN (out->len, echo->len) && out->str[i] == echo->str[i])
        i++;
      g_error ("echo differs at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
               " (got %" G_GSIZE_FORMAT "): '%.40s' instead of '%.40s'",
               i, echo->len, out->len, out->str + i, echo->str + i);
    }

  /* Still typing normally afterwards. */
  g_assert_cmpint (write (c, "q", 1), ==, 1);
  g_string_truncate (out, 0);
  emu_read_until (c, out, "bye\r\n");
  close (c);

  hv_assert_cmd (fd, "vm delete P", "100-VM 'P' deleted\r\n");
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

/* 20 KB: five FIFOs' worth. */
static void
test_paste_20k (void)
{
  paste_test (20 * 1024);
}

/* 1 MB: the board keeps 64 KB, then the telnet reader stops and TCP holds
 * the rest back in the client. */
static void
test_paste_1m (void)
{
  paste_test (1024 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console/paste/20k", test_paste_20k);
  g_test_add_func ("/console/paste/1m", test_paste_1m);
  return g_test_run ();
}
