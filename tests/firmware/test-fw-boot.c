/* test-fw-boot.c: the firmware booted by a real wirelab-hypervisor on
 * several platforms: the banner, the board-information block (model,
 * memory, interfaces per adapter) and the console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "hv-test-util.h"

static const char *image;

typedef struct
{
  const char *platform;
  const char *cards[4];      /* "slot port card" */
  const char *model;
  const char *interfaces[8]; /* in show ip interface brief */
  const char *counts;
} Board;

static const Board boards[] = {
  { "c7200", { "0 0 C7200-IO-FE", "1 0 PA-4E", "2 0 PA-FE-TX", NULL }, "7206VXR",
    { "FastEthernet0/0 ", "Ethernet1/0 ", "Ethernet1/3 ", "FastEthernet2/0 ", NULL },
    "2 FastEthernet interfaces\n4 Ethernet interfaces\n" },
  { "c3725", { "1 0 NM-1FE-TX", NULL }, "3725",
    { "FastEthernet0/0 ", "FastEthernet0/1 ", "FastEthernet1/0 ", NULL },
    "3 FastEthernet interfaces\n" },
  { "c2600", { "1 0 NM-4E", NULL }, "2610",
    { "Ethernet0/0 ", "Ethernet1/3 ", NULL },
    "5 Ethernet interfaces\n" },
};

static char *
clean (GString *raw)
{
  GString *g = g_string_new (NULL);

  for (gsize i = 0; i < raw->len; i++)
    {
      guint8 c = (guint8) raw->str[i];

      if (c == 0xff && i + 2 < raw->len)
        {
          i += 2;
          continue;
        }
      if (c != '\r')
        g_string_append_c (g, (char) c);
    }
  return g_string_free (g, FALSE);
}

/* Waits for needle, after `after` if given. */
static gboolean
read_until_after (int         fd,
                  GString    *raw,
                  const char *after,
                  const char *needle,
                  guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      g_autofree char *text = clean (raw);
      const char *from = after ? strstr (text, after) : text;
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char buf[4096];
      ssize_t n;

      if (from && strstr (from, needle))
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = recv (fd, buf, sizeof buf, 0);
      if (n <= 0)
        return FALSE;
      g_string_append_len (raw, buf, n);
    }
}

static gboolean
read_until (int         fd,
            GString    *raw,
            const char *needle,
            guint       timeout_ms)
{
  return read_until_after (fd, raw, NULL, needle, timeout_ms);
}

static int
console (guint16 port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port),
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };

  for (int i = 0; i < 200; i++)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

      if (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0)
        return fd;
      close (fd);
      g_usleep (50000);
    }
  g_error ("no console on port %u", port);
}

static guint16
free_port (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint16 port;

  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  getsockname (fd, (struct sockaddr *) &sa, &len);
  port = ntohs (sa.sin_port);
  close (fd);
  return port;
}

static void
assert_reply (int         hv,
              const char *cmd)
{
  g_autofree char *r = hv_cmd (hv, cmd);

  if (!g_str_has_prefix (r, "100-") && !strstr (r, "\n100-"))
    g_error ("%s: %s", cmd, r);
}

static void
test_boot (gconstpointer data)
{
  const Board *b = data;
  HvProc *proc = hv_proc_start (NULL);
  int hv = hv_connect (proc->port);
  guint16 con = free_port ();
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *text = NULL;
  int fd;

  {
    g_autofree char *c1 = g_strdup_printf ("vm create R9 9 %s", b->platform);
    g_autofree char *c2 = g_strdup_printf ("vm set_ios R9 \"%s\"", image);
    g_autofree char *c3 = g_strdup_printf ("vm set_con_tcp_port R9 %u", con);

    assert_reply (hv, c1);
    assert_reply (hv, c2);
    assert_reply (hv, c3);
  }
  if (g_str_equal (b->platform, "c7200"))
    assert_reply (hv, "vm set_ram R9 128");
  for (guint i = 0; b->cards[i]; i++)
    {
      g_autofree char *c = g_strdup_printf ("vm slot_add_binding R9 %s", b->cards[i]);

      assert_reply (hv, c);
    }
  assert_reply (hv, "vm start R9");
  fd = console (con);
  g_assert_true (read_until (fd, raw, "Press RETURN to get started!", 30000));
  text = clean (raw);
  /* the banner: platform, model, memory and interfaces from the board block */
  g_assert_nonnull (strstr (text, "Wirelab Router Software ("));
  g_assert_nonnull (strstr (text, b->model));
  g_assert_nonnull (strstr (text, "K bytes of memory."));
  g_assert_nonnull (strstr (text, b->counts));
  g_assert_nonnull (strstr (text, "K bytes of NVRAM."));

  g_assert_cmpint (send (fd, "\renable\rterminal length 0\rshow version\rshow ip interface brief\r", 63, 0),
                   ==, 63);
  g_assert_true (read_until (fd, raw, "Configuration register is 0x2102", 20000));
  g_assert_true (read_until (fd, raw, "Interface                  IP-Address", 20000));
  g_assert_true (read_until_after (fd, raw, "Interface                  IP-Address", "\nRouter#", 20000));
  g_free (text);
  text = clean (raw);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Processor board ID 9\n"));
  for (guint i = 0; b->interfaces[i]; i++)
    {
      g_autofree char *want = g_strdup_printf ("\n%s", b->interfaces[i]);

      g_assert_nonnull (strstr (text, want));
    }

  close (fd);
  assert_reply (hv, "vm stop R9");
  assert_reply (hv, "vm delete R9");
  close (hv);
  hv_proc_stop (proc);
  hv_proc_free (proc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: %s wirelab-router.elf", argv[0]);
  image = g_canonicalize_filename (argv[1], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    {
      g_autofree char *path = g_strdup_printf ("/firmware/boot/%s", boards[i].platform);

      g_test_add_data_func (path, &boards[i], test_boot);
    }
  return g_test_run ();
}
