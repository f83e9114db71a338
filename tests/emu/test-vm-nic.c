/* test-vm-nic.c: the paravirtual NICs through real UDP NIOs
 *
 * board-test.elf forwards frames between NIC 0 and NIC 1 (or echoes them on
 * a single NIC); the test stands at the far end of each UDP NIO.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

typedef struct
{
  HvProc  *hv;
  int      fd;
  guint16  con;
  int      peer[2];     /* our end of NIO n0 / n1 */
} Lab;

static void
make_nio (Lab        *lab,
          guint       i)
{
  guint16 local = udp_free_port ();
  guint16 remote = udp_free_port ();

  g_free (emu_cmd_expect (lab->fd, "100-NIO", "nio create_udp n%u %u 127.0.0.1 %u", i, local, remote));
  lab->peer[i] = udp_socket (remote, local);
}

static void
lab_start (Lab        *lab,
           const char *card,
           guint       n_nios)
{
  g_autofree char *image = emu_image ("board-test.elf");
  g_autoptr(GString) out = g_string_new (NULL);
  int c;

  lab->hv = hv_proc_start (NULL);
  lab->fd = hv_connect (lab->hv->port);
  lab->con = emu_tcp_free_port ();
  hv_assert_cmd (lab->fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  g_free (emu_cmd_expect (lab->fd, "100-", "vm set_ios R1 \"%s\"", image));
  hv_assert_cmd (lab->fd, "vm set_ram R1 32", "100-OK\r\n");
  g_free (emu_cmd_expect (lab->fd, "100-OK", "vm set_con_tcp_port R1 %u", lab->con));
  g_free (emu_cmd_expect (lab->fd, "100-OK", "vm slot_add_binding R1 0 0 %s", card));
  for (guint i = 0; i < n_nios; i++)
    {
      make_nio (lab, i);
      g_free (emu_cmd_expect (lab->fd, "100-OK", "vm slot_add_nio_binding R1 0 %u n%u", i, i));
    }
  hv_assert_cmd (lab->fd, "vm start R1", "100-VM 'R1' started\r\n");
  c = emu_console_connect (lab->con);
  emu_read_until (c, out, "ready\r\n");
  close (c);
}

static void
lab_stop (Lab   *lab,
          guint  n_nios)
{
  hv_assert_cmd (lab->fd, "vm stop R1", "100-VM 'R1' stopped\r\n");
  hv_assert_cmd (lab->fd, "vm delete R1", "100-VM 'R1' deleted\r\n");
  for (guint i = 0; i < n_nios; i++)
    {
      g_free (emu_cmd_expect (lab->fd, "100-NIO", "nio delete n%u", i));
      close (lab->peer[i]);
    }
  close (lab->fd);
  hv_proc_stop (lab->hv);
  hv_proc_free (lab->hv);
}

static void
make_frame (uint8_t *frame,
            gsize    len,
            guint    seq)
{
  static const uint8_t hdr[14] = {
    0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5
  };

  memcpy (frame, hdr, sizeof hdr);
  for (gsize i = 14; i < len; i++)
    frame[i] = (uint8_t) (seq + i);
}

/* Sends on `from`, expects the identical frame on `to`. */
static void
expect_forward (int   from,
                int   to,
                gsize len,
                guint seq)
{
  uint8_t frame[1514], got[2048];
  gssize n;

  make_frame (frame, len, seq);
  g_assert_cmpint (write (from, frame, len), ==, (gssize) len);
  n = udp_recv (to, got, sizeof got, 10000);
  g_assert_cmpint (n, ==, (gssize) len);
  g_assert_cmpmem (got, n, frame, len);
}

static void
test_forward (void)
{
  Lab lab = { 0 };
  uint8_t got[2048];

  lab_start (&lab, "C7200-IO-2FE", 2);
  expect_forward (lab.peer[0], lab.peer[1], 60, 1);
  expect_forward (lab.peer[1], lab.peer[0], 1514, 2);

  /* A burst: every frame arrives, in order. */
  for (guint i = 0; i < 8; i++)
    {
      uint8_t frame[200];

      make_frame (frame, 64 + i, i);
      g_assert_cmpint (write (lab.peer[0], frame, 64 + i), ==, (gssize) (64 + i));
    }
  for (guint i = 0; i < 8; i++)
    {
      uint8_t frame[200];
      gssize n = udp_recv (lab.peer[1], got, sizeof got, 10000);

      make_frame (frame, 64 + i, i);
      g_assert_cmpmem (got, n, frame, 64 + i);
    }

  /* A disabled NIO carries nothing; enabled again, it does. */
  hv_assert_cmd (lab.fd, "vm slot_disable_nio R1 0 1", "100-OK\r\n");
  {
    uint8_t frame[64];

    make_frame (frame, 64, 9);
    g_assert_cmpint (write (lab.peer[0], frame, 64), ==, 64);
    g_assert_cmpint (udp_recv (lab.peer[1], got, sizeof got, 300), <, 0);
  }
  hv_assert_cmd (lab.fd, "vm slot_enable_nio R1 0 1", "100-OK\r\n");
  expect_forward (lab.peer[0], lab.peer[1], 100, 3);
  hv_assert_cmd (lab.fd, "vm slot_nio_bindings R1 0", "101 0: n0\r\n101 1: n1\r\n100-OK\r\n");
  /* Bound NIOs cannot be deleted. */
  g_free (emu_cmd_expect (lab.fd, "207-", "nio delete n0"));

  lab_stop (&lab, 2);
}

static void
test_echo_one_nic (void)
{
  Lab lab = { 0 };

  lab_start (&lab, "C7200-IO-FE", 1);
  expect_forward (lab.peer[0], lab.peer[0], 64, 5);
  expect_forward (lab.peer[0], lab.peer[0], 1000, 6);
  lab_stop (&lab, 1);
}

/* A failed start leaves the NIO usable: unbound, deleted and re-bound. */
static void
test_failed_start_nio (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("board-test.elf");
  guint16 local = udp_free_port (), remote = udp_free_port ();
  int peer;
  char *r;

  hv_assert_cmd (fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 1 0 PA-FE-TX", "100-OK\r\n");
  g_free (emu_cmd_expect (fd, "100-NIO", "nio create_udp nio_r1_1_0 %u 127.0.0.1 %u", local, remote));
  hv_assert_cmd (fd, "vm slot_add_nio_binding R1 1 0 nio_r1_1_0", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_ios R1 /nonexistent.image", "100-IOS image set for 'R1'\r\n");
  for (int i = 0; i < 2; i++)
    {
      r = hv_cmd (fd, "vm start R1");
      g_assert_true (g_str_has_suffix (r, "209-unable to start VM instance 'R1'\r\n"));
      g_free (r);
    }
  hv_assert_cmd (fd, "vm delete R1", "100-VM 'R1' deleted\r\n");
  g_free (emu_cmd_expect (fd, "100-NIO", "nio delete nio_r1_1_0"));

  /* The port is free again and a new VM gets frames through it. */
  hv_assert_cmd (fd, "vm create R2 2 c7200", "100-VM 'R2' created\r\n");
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R2 \"%s\"", image));
  hv_assert_cmd (fd, "vm set_ram R2 32", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R2 0 0 C7200-IO-FE", "100-OK\r\n");
  g_free (emu_cmd_expect (fd, "100-NIO", "nio create_udp nio_r1_1_0 %u 127.0.0.1 %u", local, remote));
  hv_assert_cmd (fd, "vm slot_add_nio_binding R2 0 0 nio_r1_1_0", "100-OK\r\n");
  hv_assert_cmd (fd, "vm start R2", "101 Warning: no console port defined for VM 'R2'\r\n"
                 "100-VM 'R2' started\r\n");
  peer = udp_socket (remote, local);
  {
    /* The image answers once it is ready: retry until the echo comes. */
    uint8_t frame[64], got[128];
    gssize n = -1;

    make_frame (frame, 64, 7);
    for (int i = 0; i < 100 && n < 0; i++)
      {
        g_assert_cmpint (write (peer, frame, 64), ==, 64);
        n = udp_recv (peer, got, sizeof got, 200);
      }
    g_assert_cmpmem (got, n, frame, 64);
  }
  close (peer);
  hv_assert_cmd (fd, "hypervisor reset", "100-OK\r\n");
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nic/forward", test_forward);
  g_test_add_func ("/nic/echo", test_echo_one_nic);
  g_test_add_func ("/nic/failed-start", test_failed_start_nio);
  return g_test_run ();
}
