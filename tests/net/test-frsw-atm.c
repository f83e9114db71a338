/* test-frsw-atm.c: Frame Relay and ATM switching through real UDP sockets
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "net-test-util.h"

typedef struct
{
  HvProc   *proc;
  int       hv;
  Endpoint *ep[3];
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->proc = hv_proc_start (NULL);
  fx->hv = hv_connect (fx->proc->port);
  for (guint i = 0; i < G_N_ELEMENTS (fx->ep); i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);

      fx->ep[i] = endpoint_new (fx->hv, name);
    }
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fx->ep); i++)
    endpoint_free (fx->ep[i]);
  close (fx->hv);
  hv_proc_stop (fx->proc);
  hv_proc_free (fx->proc);
}

static void
send_bytes (Endpoint *ep,
            GBytes   *b)
{
  endpoint_send (ep, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

static void
expect (Endpoint *ep,
        GBytes   *want)
{
  g_autoptr(GBytes) got = endpoint_recv (ep, 10000);

  assert_bytes_eq (got, want);
}

static void
test_frsw (Fixture       *fx,
           gconstpointer  data)
{
  /* DLCI 100 with C/R set; FECN and DE set in the second byte. */
  g_autoptr(GBytes) in100 = hex_bytes ("1a 4b 03 cc 4500001400000000");
  g_autoptr(GBytes) out200 = hex_bytes ("32 8b 03 cc 4500001400000000");
  g_autoptr(GBytes) back = hex_bytes ("30 81 03 cc 45000014ffffffff");
  g_autoptr(GBytes) back100 = hex_bytes ("18 41 03 cc 45000014ffffffff");
  g_autoptr(GBytes) unknown = hex_bytes ("1c 41 03 cc 00");

  hv_assert_cmd (fx->hv, "frsw create FR1", "100-FRSW 'FR1' created\r\n");
  hv_assert_cmd (fx->hv, "frsw create FR1", "206-unable to create frame-relay switch 'FR1'\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR1 p0 100 p1 200", "100-VC created\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR1 p0 100 p2 300", "205-unable to create VC\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR1 p0 101 nope 300", "205-unable to create VC\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR1 p0 5000 p1 300", "205-unable to create VC\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR9 p0 101 p1 300", "208-unable to find object 'FR9'\r\n");

  /* Unknown DLCIs are dropped. */
  send_bytes (fx->ep[0], in100);
  expect (fx->ep[1], out200);
  send_bytes (fx->ep[0], unknown);
  send_bytes (fx->ep[0], in100);
  expect (fx->ep[1], out200);
  g_assert_true (endpoint_idle (fx->ep[0]));
  g_assert_true (endpoint_idle (fx->ep[2]));

  /* p1 only receives from a VC (not attached), yet the VC holds it. */
  hv_assert_cmd (fx->hv, "nio delete p1", "207-unable to delete NIO 'p1'\r\n");
  hv_assert_cmd (fx->hv, "frsw create_vc FR1 p1 200 p0 100", "100-VC created\r\n");
  send_bytes (fx->ep[1], back);
  expect (fx->ep[0], back100);

  /* A NIO used by a VC is in use. */
  hv_assert_cmd (fx->hv, "nio delete p0", "207-unable to delete NIO 'p0'\r\n");

  /* ANSI LMI full status: sequence 1 back, DLCI 100 active. */
  {
    g_autoptr(GBytes) enq = hex_bytes ("0001 03 08 00 75 95 010100 03020100");
    g_autoptr(GBytes) status = hex_bytes ("0001 03 08 00 7d 95 010100 03020101 070306a082");
    g_autoptr(GBytes) enq2 = hex_bytes ("0001 03 08 00 75 95 010101 03020201");
    g_autoptr(GBytes) status2 = hex_bytes ("0001 03 08 00 7d 95 010101 03020202");

    send_bytes (fx->ep[0], enq);
    expect (fx->ep[0], status);
    /* Link integrity only: no PVC list. */
    send_bytes (fx->ep[0], enq2);
    expect (fx->ep[0], status2);
  }
  /* Q.933 Annex A. */
  {
    g_autoptr(GBytes) enq = hex_bytes ("0001 03 08 00 75 510100 53020500");
    g_autoptr(GBytes) status = hex_bytes ("0001 03 08 00 7d 510100 53020105 57030cc082");

    send_bytes (fx->ep[1], enq);
    expect (fx->ep[1], status);
  }

  hv_assert_cmd (fx->hv, "frsw delete_vc FR1 p0 100 p1 201", "205-unable to delete VC\r\n");
  hv_assert_cmd (fx->hv, "frsw delete_vc FR1 p0 100 p1 200", "100-VC deleted\r\n");
  hv_assert_cmd (fx->hv, "frsw delete_vc FR1 p0 100 p1 200", "205-unable to delete VC\r\n");
  /* p0 has no VC as input any more: free. */
  send_bytes (fx->ep[0], in100);
  send_bytes (fx->ep[1], back);
  expect (fx->ep[0], back100);
  g_assert_true (endpoint_idle (fx->ep[1]));

  hv_assert_cmd (fx->hv, "frsw rename FR1 FR2", "100-FRSW 'FR1' renamed to 'FR2'\r\n");
  hv_assert_cmd (fx->hv, "frsw list", "101 FR2\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "frsw delete FR2", "100-FRSW 'FR2' deleted\r\n");
  hv_assert_cmd (fx->hv, "frsw delete FR2", "207-unable to delete FRSW 'FR2'\r\n");
  hv_assert_cmd (fx->hv, "nio delete p1", "100-NIO 'p1' deleted\r\n");
}

/* A status enquiry repeating its elements thousands of times (a 30 KB
 * frame from the wire) gets the one answer a plain enquiry gets. */
static void
test_frsw_lmi_repeats (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GByteArray) enq = g_byte_array_new ();
  g_autoptr(GBytes) status = hex_bytes ("0001 03 08 00 7d 95 010100 03020101 070306a082");
  static const guint8 head[] = { 0x00, 0x01, 0x03, 0x08, 0x00, 0x75, 0x95 };
  static const guint8 report[] = { 0x01, 0x01, 0x00 };
  static const guint8 integrity[] = { 0x03, 0x02, 0x01, 0x00 };

  g_byte_array_append (enq, head, sizeof head);
  for (guint i = 0; i < 10000; i++)
    g_byte_array_append (enq, report, sizeof report);
  for (guint i = 0; i < 1000; i++)
    g_byte_array_append (enq, integrity, sizeof integrity);

  hv_ok (fx->hv, "frsw create FR1");
  hv_ok (fx->hv, "frsw create_vc FR1 p0 100 p1 200");
  endpoint_send (fx->ep[0], enq->data, enq->len);
  expect (fx->ep[0], status);
  g_assert_true (endpoint_idle (fx->ep[0]));
  hv_assert_cmd (fx->hv, "frsw list", "101 FR1\r\n100-OK\r\n");
}

/* The HEC as ITU I.432 defines it, computed here independently. */
static guint8
hec (const guint8 *h)
{
  guint8 crc = 0;

  for (guint i = 0; i < 4; i++)
    for (gint b = 7; b >= 0; b--)
      {
        guint8 bit = ((h[i] >> b) & 1) ^ (crc >> 7);

        crc = (guint8) (crc << 1) ^ (bit ? 0x07 : 0);
      }
  return crc ^ 0x55;
}

static GBytes *
cell (guint vpi,
      guint vci,
      guint8 pti,
      guint8 fill)
{
  guint8 c[53];

  c[0] = vpi >> 4;
  c[1] = ((vpi & 0xf) << 4) | (vci >> 12);
  c[2] = vci >> 4;
  c[3] = ((vci & 0xf) << 4) | (pti << 1);
  c[4] = hec (c);
  memset (c + 5, fill, 48);
  return g_bytes_new (c, sizeof c);
}

static void
test_atmsw (Fixture       *fx,
            gconstpointer  data)
{
  /* Known HECs: an all-zero header gives 0x55, the idle cell's 0x52. */
  g_assert_cmphex (hec ((const guint8 *) "\0\0\0\0"), ==, 0x55);
  g_assert_cmphex (hec ((const guint8 *) "\0\0\0\1"), ==, 0x52);

  hv_assert_cmd (fx->hv, "atmsw create A1", "100-ATMSW 'A1' created\r\n");
  hv_assert_cmd (fx->hv, "atmsw create A1", "206-unable to create ATM switch 'A1'\r\n");
  hv_assert_cmd (fx->hv, "atmsw create_vpc A1 p0 1 p1 2", "100-VPC created\r\n");
  hv_assert_cmd (fx->hv, "atmsw create_vpc A1 p0 1 p2 3", "205-unable to create VPC\r\n");
  hv_assert_cmd (fx->hv, "atmsw create_vcc A1 p0 1 40 p2 3 50", "205-unable to create VCC\r\n");
  hv_assert_cmd (fx->hv, "atmsw create_vcc A1 p0 3 33 p2 4 44", "100-VCC created\r\n");

  {
    g_autoptr(GBytes) in = cell (1, 100, 0, 0xaa);
    g_autoptr(GBytes) out = cell (2, 100, 0, 0xaa);
    g_autoptr(GBytes) in2 = cell (3, 33, 1, 0xbb);
    g_autoptr(GBytes) out2 = cell (4, 44, 1, 0xbb);
    g_autoptr(GBytes) stray = cell (3, 34, 0, 0xcc);
    g_autoptr(GBytes) short_cell = hex_bytes ("0010064000");

    send_bytes (fx->ep[0], in);
    expect (fx->ep[1], out);
    send_bytes (fx->ep[0], stray);
    send_bytes (fx->ep[0], short_cell);
    send_bytes (fx->ep[0], in2);
    expect (fx->ep[2], out2);
    g_assert_true (endpoint_idle (fx->ep[1]));
  }

  hv_assert_cmd (fx->hv, "atmsw delete_vcc A1 p0 3 33 p2 4 45", "205-unable to delete VCC\r\n");
  hv_assert_cmd (fx->hv, "atmsw delete_vcc A1 p0 3 33 p2 4 44", "100-VCC deleted\r\n");
  hv_assert_cmd (fx->hv, "atmsw delete_vpc A1 p0 1 p1 2", "100-VPC deleted\r\n");
  hv_assert_cmd (fx->hv, "nio delete p0", "100-NIO 'p0' deleted\r\n");
  hv_assert_cmd (fx->hv, "atmsw rename A1 A2", "100-ATMSW 'A1' renamed to 'A2'\r\n");
  hv_assert_cmd (fx->hv, "atmsw list", "101 A2\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "atmsw delete A2", "100-ATMSW 'A2' deleted\r\n");
}

static guint32
aal5_crc (const guint8 *p,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= (guint32) p[i] << 24;
      for (guint b = 0; b < 8; b++)
        crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
    }
  return ~crc;
}

static void
test_atm_bridge (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GBytes) frame = make_frame (0xff, 1, 0x0800, 100, 7);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) pdu = g_byte_array_new ();
  const guint8 *f = g_bytes_get_data (frame, NULL);
  gsize body;
  guint32 crc;

  hv_assert_cmd (fx->hv, "atm_bridge create B1", "100-ATM bridge 'B1' created\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge unconfigure B1", "205-unable to unconfigure bridge\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge configure B1 p0 nope 1 32", "205-unable to configure bridge\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge configure B1 p0 p1 1 32", "100-ATM bridge configured\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge configure B1 p0 p1 1 32", "205-unable to configure bridge\r\n");

  /* Ethernet in: AAL5 cells of VPI 1 / VCI 32 out, the last one marked. */
  send_bytes (fx->ep[0], frame);
  for (;;)
    {
      GBytes *c = endpoint_recv (fx->ep[1], 10000);
      const guint8 *b;

      g_assert_nonnull (c);
      g_assert_cmpuint (g_bytes_get_size (c), ==, 53);
      b = g_bytes_get_data (c, NULL);
      g_assert_cmphex (b[4], ==, hec (b));
      g_assert_cmpuint ((b[0] << 4) | (b[1] >> 4), ==, 1);
      g_assert_cmpuint (((b[1] & 0xf) << 12) | (b[2] << 4) | (b[3] >> 4), ==, 32);
      g_byte_array_append (pdu, b + 5, 48);
      g_ptr_array_add (cells, c);
      if (b[3] & 0x02)
        break;
    }
  /* RFC 1483 bridged header, the frame, padding, trailer with length and CRC. */
  body = (pdu->data[pdu->len - 6] << 8) | pdu->data[pdu->len - 5];
  g_assert_cmpuint (body, ==, 10 + g_bytes_get_size (frame));
  g_assert_cmpuint (pdu->len, ==, (body + 8 + 47) / 48 * 48);
  g_assert_cmpmem (pdu->data, 10, "\xaa\xaa\x03\x00\x80\xc2\x00\x07\x00\x00", 10);
  g_assert_cmpmem (pdu->data + 10, body - 10, f, g_bytes_get_size (frame));
  crc = aal5_crc (pdu->data, pdu->len - 4);
  g_assert_cmphex (crc, ==, ((guint32) pdu->data[pdu->len - 4] << 24) | (pdu->data[pdu->len - 3] << 16) |
                            (pdu->data[pdu->len - 2] << 8) | pdu->data[pdu->len - 1]);

  /* The same cells back in: the frame comes out on the Ethernet side. */
  for (guint i = 0; i < cells->len; i++)
    send_bytes (fx->ep[1], g_ptr_array_index (cells, i));
  expect (fx->ep[0], frame);

  /* A corrupted PDU is dropped. */
  {
    guint8 bad[53];

    memcpy (bad, g_bytes_get_data (g_ptr_array_index (cells, 0), NULL), 53);
    bad[20] ^= 1;
    endpoint_send (fx->ep[1], bad, 53);
    for (guint i = 1; i < cells->len; i++)
      send_bytes (fx->ep[1], g_ptr_array_index (cells, i));
    for (guint i = 0; i < cells->len; i++)
      send_bytes (fx->ep[1], g_ptr_array_index (cells, i));
    expect (fx->ep[0], frame);
    g_assert_true (endpoint_idle (fx->ep[0]));
  }

  hv_assert_cmd (fx->hv, "atm_bridge unconfigure B1", "100-ATM bridge unconfigured\r\n");
  hv_assert_cmd (fx->hv, "nio delete p0", "100-NIO 'p0' deleted\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge list", "101 B1\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge delete B1", "100-ATM bridge 'B1' deleted\r\n");
  hv_assert_cmd (fx->hv, "atm_bridge delete B1", "207-unable to delete ATM bridge 'B1'\r\n");
}

/* Reads cells of VPI 1 / VCI 33 up to the end of an AAL5 PDU. */
static GByteArray *
recv_pdu (Endpoint *ep)
{
  GByteArray *pdu = g_byte_array_new ();

  for (;;)
    {
      g_autoptr(GBytes) c = endpoint_recv (ep, 10000);
      const guint8 *b;

      g_assert_nonnull (c);
      g_assert_cmpuint (g_bytes_get_size (c), ==, 53);
      b = g_bytes_get_data (c, NULL);
      g_byte_array_append (pdu, b + 5, 48);
      if (b[3] & 0x02)
        return pdu;
    }
}

/* A frame longer than the AAL5 length field can describe (65,535 bytes with
 * the RFC 1483 header) is not sent as a PDU with a wrapped length; the next
 * frame still goes out whole.  A UNIX NIO carries such a frame. */
static void
test_atm_bridge_big_frame (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *mine = g_build_filename (fx->proc->workdir, "t.sock", NULL);
  g_autofree char *theirs = g_build_filename (fx->proc->workdir, "u.sock", NULL);
  g_autofree guint8 *big = g_malloc0 (65530);
  g_autoptr(GBytes) small = make_frame (0xff, 1, 0x0800, 100, 9);
  g_autoptr(GByteArray) pdu = NULL;
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int size = 1024 * 1024;

  g_strlcpy (sun.sun_path, mine, sizeof sun.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sun, sizeof sun), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size), ==, 0);
  hv_ok (fx->hv, "nio create_unix u u.sock t.sock");
  hv_ok (fx->hv, "atm_bridge create B1");
  hv_ok (fx->hv, "atm_bridge configure B1 u p1 1 33");

  g_strlcpy (sun.sun_path, theirs, sizeof sun.sun_path);
  memset (big, 0xee, 65530);
  g_assert_cmpint (sendto (fd, big, 65530, 0, (struct sockaddr *) &sun, sizeof sun), ==, 65530);
  g_assert_cmpint (sendto (fd, g_bytes_get_data (small, NULL), g_bytes_get_size (small), 0,
                           (struct sockaddr *) &sun, sizeof sun), >, 0);
  pdu = recv_pdu (fx->ep[1]);
  g_assert_cmpuint ((pdu->data[pdu->len - 6] << 8) | pdu->data[pdu->len - 5], ==,
                    10 + g_bytes_get_size (small));
  g_assert_cmpmem (pdu->data + 10, g_bytes_get_size (small), g_bytes_get_data (small, NULL),
                   g_bytes_get_size (small));
  g_assert_true (endpoint_idle (fx->ep[1]));
  hv_ok (fx->hv, "atm_bridge delete B1");
  close (fd);
}

/* save_config writes every VC, path, channel and bridge in the order they
 * were made; replayed into a reset hypervisor it rebuilds the same objects
 * (the same file again) and the same forwarding. */
static void
test_save_config (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "fr.cfg", NULL);
  g_autofree char *again_path = g_build_filename (fx->proc->workdir, "again.cfg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GBytes) in100 = hex_bytes ("1a 4b 03 cc 4500001400000000");
  g_autoptr(GBytes) out200 = hex_bytes ("32 8b 03 cc 4500001400000000");

  for (guint i = 1; i <= 6; i++)
    hv_ok (fx->hv, "nio create_null n%u", i);
  hv_ok (fx->hv, "frsw create FR1");
  hv_ok (fx->hv, "frsw create_vc FR1 p1 200 p0 100");
  hv_ok (fx->hv, "frsw create_vc FR1 p0 100 p1 200");
  hv_ok (fx->hv, "atmsw create A1");
  hv_ok (fx->hv, "atmsw create_vpc A1 n1 1 n2 2");
  hv_ok (fx->hv, "atmsw create_vcc A1 n2 3 33 p2 4 44");
  hv_ok (fx->hv, "atm_bridge create B1");
  hv_ok (fx->hv, "atm_bridge create B2");
  hv_ok (fx->hv, "atm_bridge configure B1 n3 n4 5 55");
  hv_ok (fx->hv, "nio_bridge create H1");
  hv_ok (fx->hv, "nio_bridge add_nio H1 n6");
  hv_ok (fx->hv, "nio_bridge add_nio H1 n5");
  hv_ok (fx->hv, "hypervisor save_config fr.cfg");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "frsw create FR1\nfrsw create_vc FR1 p1 200 p0 100\n"
                                  "frsw create_vc FR1 p0 100 p1 200\n"));
  g_assert_nonnull (strstr (text, "atmsw create A1\natmsw create_vpc A1 n1 1 n2 2\n"
                                  "atmsw create_vcc A1 n2 3 33 p2 4 44\n"));
  g_assert_nonnull (strstr (text, "atm_bridge create B1\natm_bridge configure B1 n3 n4 5 55\n"
                                  "atm_bridge create B2\n"));
  g_assert_nonnull (strstr (text, "nio_bridge create H1\nnio_bridge add_nio H1 n6\n"
                                  "nio_bridge add_nio H1 n5\n"));
  g_assert_true (strstr (text, "nio create_null n1") < strstr (text, "atmsw create A1"));

  hv_ok (fx->hv, "hypervisor reset");
  hv_assert_cmd (fx->hv, "frsw list", "100-OK\r\n");
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        hv_ok (fx->hv, "%s", lines[i]);
  }
  hv_ok (fx->hv, "hypervisor save_config again.cfg");
  g_assert_true (g_file_get_contents (again_path, &again, NULL, NULL));
  g_assert_cmpstr (again, ==, text);
  send_bytes (fx->ep[0], in100);
  expect (fx->ep[1], out200);
  /* The replayed VCs hold their NIOs as the first ones did. */
  hv_assert_cmd (fx->hv, "nio delete n2", "207-unable to delete NIO 'n2'\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/net/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("frsw", test_frsw);
  ADD ("frsw-lmi-repeats", test_frsw_lmi_repeats);
  ADD ("atmsw", test_atmsw);
  ADD ("atm-bridge", test_atm_bridge);
  ADD ("atm-bridge-big-frame", test_atm_bridge_big_frame);
  ADD ("save-config", test_save_config);
#undef ADD

  return g_test_run ();
}
