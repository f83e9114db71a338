/* test-ethsw.c: the Ethernet switch through real UDP sockets (spec section 9)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A real wirelab-hypervisor process, its switch built over TCP, frames in and
 * out through UDP NIOs.  "Not delivered" is checked once a frame of the same
 * batch reached another port: the switch writes all copies of a frame
 * together, so anything else would be there already.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "net-test-util.h"

typedef struct
{
  HvProc   *proc;
  int       hv;
  Endpoint *ep[6];
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->proc = hv_proc_start (NULL);
  fx->hv = hv_connect (fx->proc->port);
  hv_ok (fx->hv, "ethsw create SW1");
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

/* Ports p0..p(n-1), each an access port in VLAN 1 on SW1. */
static void
add_ports (Fixture *fx,
           guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);

      fx->ep[i] = endpoint_new (fx->hv, name);
      hv_ok (fx->hv, "ethsw add_nio SW1 %s", name);
    }
}

static GBytes *
expect_frame (Endpoint *ep)
{
  GBytes *got = endpoint_recv (ep, 10000);

  if (got == NULL)
    g_error ("no frame reached %s", ep->name);
  return got;
}

static void
expect_same (Endpoint *ep,
             GBytes   *sent)
{
  g_autoptr(GBytes) got = expect_frame (ep);

  assert_bytes_eq (got, sent);
}

static void
send_bytes (Endpoint *ep,
            GBytes   *frame)
{
  endpoint_send (ep, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
}

static void
test_commands (Fixture       *fx,
               gconstpointer  data)
{
  add_ports (fx, 2);

  hv_assert_cmd (fx->hv, "ethsw create SW1", "206-unable to create Ethernet switch 'SW1'\r\n");
  hv_assert_cmd (fx->hv, "ethsw list", "101 SW1\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SW1 nonexistent",
                 "205-unable to bind NIO 'nonexistent' to switch 'SW1'\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SW1 p0", "205-unable to bind NIO 'p0' to switch 'SW1'\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SW9 p0", "208-unable to find object 'SW9'\r\n");
  hv_assert_cmd (fx->hv, "nio delete p0", "207-unable to delete NIO 'p0'\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW1 p0 10", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_dot1q_port SW1 p1 1", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_qinq_port SW1 p1 100 0x88a8", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_qinq_port SW1 p1 100", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW1 nope 10", "205-unable to apply port settings\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW1 p0 ten", "205-unable to apply port settings\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW1 p0 5000", "205-unable to apply port settings\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_qinq_port SW1 p1 100 zz", "205-unable to apply port settings\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW1 p0", "203-Bad number of parameters (2 with min/max=3/3)\r\n");
  hv_assert_cmd (fx->hv, "ethsw show_mac_addr_table SW1", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw clear_mac_addr_table SW1", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw show_mac_addr_table SW9", "208-unable to find object 'SW9'\r\n");

  hv_assert_cmd (fx->hv, "ethsw remove_nio SW1 p0", "100-NIO 'p0' unbound.\r\n");
  hv_assert_cmd (fx->hv, "ethsw remove_nio SW1 p0", "205-unable to bind NIO 'p0' to switch 'SW1'\r\n");
  hv_assert_cmd (fx->hv, "nio delete p0", "100-NIO 'p0' deleted\r\n");

  hv_assert_cmd (fx->hv, "ethsw create SW2", "100-ETHSW 'SW2' created\r\n");
  hv_assert_cmd (fx->hv, "ethsw rename SW2 SW1", "213-unable to rename ETHSW 'SW2', 'SW1' already exists\r\n");
  hv_assert_cmd (fx->hv, "ethsw rename SW9 SW3", "208-unable to find object 'SW9'\r\n");
  hv_assert_cmd (fx->hv, "ethsw rename SW2 SW3", "100-ETHSW 'SW2' renamed to 'SW3'\r\n");
  hv_assert_cmd (fx->hv, "ethsw list", "101 SW1\r\n101 SW3\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw delete SW3", "100-ETHSW 'SW3' deleted\r\n");
  hv_assert_cmd (fx->hv, "ethsw delete SW3", "207-unable to delete ETHSW 'SW3'\r\n");

  /* Deleting a switch unbinds its ports: the NIO can go then. */
  hv_assert_cmd (fx->hv, "ethsw delete SW1", "100-ETHSW 'SW1' deleted\r\n");
  hv_assert_cmd (fx->hv, "nio delete p1", "100-NIO 'p1' deleted\r\n");

  hv_assert_cmd (fx->hv, "hypervisor cmd_list ethsw",
                 "101 list (min/max args: 0/0)\r\n"
                 "101 show_mac_addr_table (min/max args: 1/1)\r\n"
                 "101 clear_mac_addr_table (min/max args: 1/1)\r\n"
                 "101 set_qinq_port (min/max args: 3/4)\r\n"
                 "101 set_dot1q_port (min/max args: 3/3)\r\n"
                 "101 set_access_port (min/max args: 3/3)\r\n"
                 "101 remove_nio (min/max args: 2/2)\r\n"
                 "101 add_nio (min/max args: 2/2)\r\n"
                 "101 delete (min/max args: 1/1)\r\n"
                 "101 rename (min/max args: 2/2)\r\n"
                 "101 create (min/max args: 1/1)\r\n"
                 "100-OK\r\n");
}

/* 64 ports at most; a new one takes the lowest free slot. */
static void
test_port_limit (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "sw.cfg", NULL);
  g_autofree char *text = NULL;

  hv_ok (fx->hv, "ethsw create SWL");
  for (guint i = 0; i < 65; i++)
    {
      hv_ok (fx->hv, "nio create_null n%u", i);
      if (i < 64)
        hv_ok (fx->hv, "ethsw add_nio SWL n%u", i);
    }
  hv_assert_cmd (fx->hv, "ethsw add_nio SWL n64", "205-unable to bind NIO 'n64' to switch 'SWL'\r\n");
  hv_assert_cmd (fx->hv, "ethsw remove_nio SWL n3", "100-NIO 'n3' unbound.\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SWL n64", "100-NIO 'n64' bound.\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SWL n64 7", "100-Port settings OK\r\n");
  hv_ok (fx->hv, "hypervisor save_config sw.cfg");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "ethsw set_access_port SWL n2 1\nethsw add_nio SWL n64\n"
                                  "ethsw set_access_port SWL n64 7\nethsw add_nio SWL n4\n"));
  hv_assert_cmd (fx->hv, "ethsw delete SWL", "100-ETHSW 'SWL' deleted\r\n");
  hv_assert_cmd (fx->hv, "nio delete n64", "100-NIO 'n64' deleted\r\n");
}

/* Spec section 14: the ethsw transcript. */
static void
test_transcript (Fixture       *fx,
                 gconstpointer  data)
{
  guint16 p1 = udp_free_port (), p2;

  do
    p2 = udp_free_port ();
  while (p2 == p1);
  hv_assert_cmd (fx->hv, "ethsw create SW9", "100-ETHSW 'SW9' created\r\n");
  {
    g_autofree char *r1 = hv_cmdf (fx->hv, "nio create_udp nio_udp1 %u 127.0.0.1 30001", p1);
    g_autofree char *r2 = hv_cmdf (fx->hv, "nio create_udp nio_udp2 %u 127.0.0.1 30002", p2);

    g_assert_cmpstr (r1, ==, "100-NIO 'nio_udp1' created\r\n");
    g_assert_cmpstr (r2, ==, "100-NIO 'nio_udp2' created\r\n");
  }
  hv_assert_cmd (fx->hv, "ethsw add_nio SW9 nio_udp1", "100-NIO 'nio_udp1' bound.\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SW9 nio_udp2", "100-NIO 'nio_udp2' bound.\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW9 nio_udp1 1", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw set_access_port SW9 nio_udp2 1", "100-Port settings OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw list", "101 SW1\r\n101 SW9\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio get_stats nio_udp1", "100-0 0 0 0\r\n");
  hv_assert_cmd (fx->hv, "ethsw add_nio SW9 nonexistent",
                 "205-unable to bind NIO 'nonexistent' to switch 'SW9'\r\n");
  hv_assert_cmd (fx->hv, "nio delete nio_udp1", "207-unable to delete NIO 'nio_udp1'\r\n");
  hv_assert_cmd (fx->hv, "ethsw create SW9", "206-unable to create Ethernet switch 'SW9'\r\n");
}

static void
test_learning (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GBytes) bcast = make_frame (0xff, 1, 0x0800, 50, 1);
  g_autoptr(GBytes) to1 = make_frame (1, 2, 0x0800, 50, 2);
  g_autoptr(GBytes) unknown = make_frame (9, 3, 0x0800, 50, 3);
  g_autoptr(GBytes) mcast = hex_bytes ("01005e000001 020000000002 0800 00112233445566778899");

  add_ports (fx, 3);
  hv_ok (fx->hv, "ethsw set_access_port SW1 p0 10");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p1 10");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p2 10");

  /* Broadcast floods; the source is learned. */
  send_bytes (fx->ep[0], bcast);
  expect_same (fx->ep[1], bcast);
  expect_same (fx->ep[2], bcast);
  g_assert_true (endpoint_idle (fx->ep[0]));

  /* Unicast to a learned MAC goes to that port only. */
  send_bytes (fx->ep[1], to1);
  expect_same (fx->ep[0], to1);
  g_assert_true (endpoint_idle (fx->ep[2]));

  /* Unknown unicast and multicast flood. */
  send_bytes (fx->ep[2], unknown);
  expect_same (fx->ep[0], unknown);
  expect_same (fx->ep[1], unknown);
  send_bytes (fx->ep[1], mcast);
  expect_same (fx->ep[0], mcast);
  expect_same (fx->ep[2], mcast);

  hv_assert_cmd (fx->hv, "ethsw show_mac_addr_table SW1",
                 "101 0200.0000.0001  10  p0\r\n"
                 "101 0200.0000.0002  10  p1\r\n"
                 "101 0200.0000.0003  10  p2\r\n"
                 "100-OK\r\n");

  /* A station that moves is learned on its new port. */
  {
    g_autoptr(GBytes) moved = make_frame (0xff, 1, 0x0800, 50, 4);
    g_autoptr(GBytes) to1_again = make_frame (1, 2, 0x0800, 50, 5);

    send_bytes (fx->ep[2], moved);
    expect_same (fx->ep[0], moved);
    expect_same (fx->ep[1], moved);
    send_bytes (fx->ep[1], to1_again);
    expect_same (fx->ep[2], to1_again);
    g_assert_true (endpoint_idle (fx->ep[0]));
  }

  /* A frame for a station on its own port is dropped. */
  {
    g_autoptr(GBytes) self = make_frame (2, 7, 0x0800, 50, 6);
    g_autoptr(GBytes) marker = make_frame (0xff, 7, 0x0800, 50, 7);

    send_bytes (fx->ep[1], self);
    send_bytes (fx->ep[1], marker);
    expect_same (fx->ep[0], marker);
    expect_same (fx->ep[2], marker);
    g_assert_true (endpoint_idle (fx->ep[0]));
  }

  hv_assert_cmd (fx->hv, "ethsw clear_mac_addr_table SW1", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "ethsw show_mac_addr_table SW1", "100-OK\r\n");

  /* After clearing, unicast floods again. */
  {
    g_autoptr(GBytes) again = make_frame (1, 2, 0x0800, 50, 8);

    send_bytes (fx->ep[1], again);
    expect_same (fx->ep[0], again);
    expect_same (fx->ep[2], again);
  }
}

static void
test_vlan_isolation (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GBytes) f10 = make_frame (0xff, 1, 0x0800, 50, 1);
  g_autoptr(GBytes) f20 = make_frame (0xff, 3, 0x0800, 50, 2);
  g_autoptr(GBytes) uni = make_frame (3, 1, 0x0800, 50, 3);

  add_ports (fx, 4);
  hv_ok (fx->hv, "ethsw set_access_port SW1 p0 10");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p1 10");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p2 20");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p3 20");

  send_bytes (fx->ep[0], f10);
  expect_same (fx->ep[1], f10);
  g_assert_true (endpoint_idle (fx->ep[2]));
  g_assert_true (endpoint_idle (fx->ep[3]));

  send_bytes (fx->ep[2], f20);
  expect_same (fx->ep[3], f20);
  g_assert_true (endpoint_idle (fx->ep[0]));
  g_assert_true (endpoint_idle (fx->ep[1]));

  /* MAC 3 is known in VLAN 20 only: from VLAN 10 it is unknown and floods
   * within VLAN 10. */
  send_bytes (fx->ep[0], uni);
  expect_same (fx->ep[1], uni);
  g_assert_true (endpoint_idle (fx->ep[2]));
  g_assert_true (endpoint_idle (fx->ep[3]));
}

/* Spec section 9, "Tested translations". */
static void
test_dot1q (Fixture       *fx,
            gconstpointer  data)
{
  /* 64-byte untagged frame from access VLAN 10. */
  g_autoptr(GBytes) untagged = make_frame (0xff, 1, 0x0800, 50, 1);
  g_autoptr(GBytes) tagged10 = NULL;
  g_autoptr(GBytes) got = NULL;
  const guint8 *b;

  add_ports (fx, 5);
  hv_ok (fx->hv, "ethsw set_access_port SW1 p0 10");
  hv_ok (fx->hv, "ethsw set_dot1q_port SW1 p1 1");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p2 1");
  hv_ok (fx->hv, "ethsw set_dot1q_port SW1 p3 10");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p4 20");

  /* Access 10 -> trunk native 1: tagged 8100 000a, 4 bytes longer;
   * -> trunk native 10: untagged. */
  send_bytes (fx->ep[0], untagged);
  got = expect_frame (fx->ep[1]);
  b = g_bytes_get_data (got, NULL);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 68);
  g_assert_cmpmem (b, 12, g_bytes_get_data (untagged, NULL), 12);
  g_assert_cmpmem (b + 12, 4, "\x81\x00\x00\x0a", 4);
  g_assert_cmpmem (b + 16, 52, (const guint8 *) g_bytes_get_data (untagged, NULL) + 12, 52);
  tagged10 = g_steal_pointer (&got);
  expect_same (fx->ep[3], untagged);
  g_assert_true (endpoint_idle (fx->ep[2]));
  g_assert_true (endpoint_idle (fx->ep[4]));

  /* Trunk frame tagged 10 -> access 10: the tag is removed (64 bytes);
   * -> trunk native 10: popped too. */
  {
    g_autoptr(GBytes) from_trunk = hex_bytes ("ffffffffffff 020000000005 8100 000a 0800 "
                                              "000102030405060708090a0b0c0d0e0f"
                                              "101112131415161718191a1b1c1d1e1f"
                                              "202122232425262728292a2b2c2d2e2f00");
    g_autoptr(GBytes) expected = hex_bytes ("ffffffffffff 020000000005 0800 "
                                            "000102030405060708090a0b0c0d0e0f"
                                            "101112131415161718191a1b1c1d1e1f"
                                            "202122232425262728292a2b2c2d2e2f00");

    send_bytes (fx->ep[1], from_trunk);
    expect_same (fx->ep[0], expected);
    expect_same (fx->ep[3], expected);
    g_assert_true (endpoint_idle (fx->ep[2]));
    g_assert_true (endpoint_idle (fx->ep[4]));
  }

  /* An untagged frame on a trunk belongs to its native VLAN (1). */
  {
    g_autoptr(GBytes) native = make_frame (0xff, 6, 0x0800, 50, 2);
    g_autoptr(GBytes) on_t3 = NULL;

    send_bytes (fx->ep[1], native);
    expect_same (fx->ep[2], native);
    /* p3 is a trunk with native VLAN 10: VLAN 1 leaves it tagged. */
    on_t3 = expect_frame (fx->ep[3]);
    g_assert_cmpuint (g_bytes_get_size (on_t3), ==, g_bytes_get_size (native) + 4);
    g_assert_cmpmem ((const guint8 *) g_bytes_get_data (on_t3, NULL) + 12, 4, "\x81\x00\x00\x01", 4);
    g_assert_true (endpoint_idle (fx->ep[0]));
  }

  /* The other tag types count as tags: 88a8 VLAN 20 into the trunk. */
  {
    g_autoptr(GBytes) ad = hex_bytes ("ffffffffffff 020000000007 88a8 0014 0800 00112233445566778899aabbccddeeff"
                                      "00112233445566778899aabbccddeeff00112233445566778899aabbccdd");
    g_autoptr(GBytes) popped = hex_bytes ("ffffffffffff 020000000007 0800 00112233445566778899aabbccddeeff"
                                          "00112233445566778899aabbccddeeff00112233445566778899aabbccdd");

    send_bytes (fx->ep[1], ad);
    expect_same (fx->ep[4], popped);
    /* p3 (native 10) passes the VLAN 20 frame unchanged. */
    expect_same (fx->ep[3], ad);
    g_assert_true (endpoint_idle (fx->ep[0]));
    g_assert_true (endpoint_idle (fx->ep[2]));
  }
}

static void
test_qinq (Fixture       *fx,
           gconstpointer  data)
{
  /* Customer frame tagged 5 into the tunnel port (outer VLAN 100, 88a8). */
  g_autoptr(GBytes) customer = hex_bytes ("ffffffffffff 020000000001 8100 0005 0800 "
                                          "00112233445566778899aabbccddeeff0011223344556677");
  g_autoptr(GBytes) provider = hex_bytes ("ffffffffffff 020000000001 88a8 0064 8100 0005 0800 "
                                          "00112233445566778899aabbccddeeff0011223344556677");

  add_ports (fx, 4);
  hv_ok (fx->hv, "ethsw set_qinq_port SW1 p0 100 0x88a8");
  hv_ok (fx->hv, "ethsw set_dot1q_port SW1 p1 1");
  hv_ok (fx->hv, "ethsw set_qinq_port SW1 p2 100");
  hv_ok (fx->hv, "ethsw set_access_port SW1 p3 100");

  /* Outer tag pushed towards the trunk (spec: 88a8 0064 8100 0005); the
   * same customer's other tunnel port gets the frame as it was. */
  send_bytes (fx->ep[0], customer);
  expect_same (fx->ep[1], provider);
  expect_same (fx->ep[2], customer);
  /* An access port in the outer VLAN is not part of the tunnel. */
  g_assert_true (endpoint_idle (fx->ep[3]));

  /* From the trunk, the outer tag equal to the port's VLAN is stripped. */
  {
    g_autoptr(GBytes) back = hex_bytes ("ffffffffffff 020000000009 88a8 0064 8100 0005 0800 "
                                        "00112233445566778899aabbccddeeff0011223344556677");
    g_autoptr(GBytes) stripped = hex_bytes ("ffffffffffff 020000000009 8100 0005 0800 "
                                            "00112233445566778899aabbccddeeff0011223344556677");

    send_bytes (fx->ep[1], back);
    expect_same (fx->ep[0], stripped);
    expect_same (fx->ep[2], stripped);
    /* The access port in VLAN 100 gets it untagged once (outer popped). */
    expect_same (fx->ep[3], stripped);
  }

  /* Untagged frames into a tunnel port are dropped. */
  {
    g_autoptr(GBytes) plain = make_frame (0xff, 4, 0x0800, 50, 1);
    g_autoptr(GBytes) marker = hex_bytes ("ffffffffffff 020000000004 8100 0005 0800 0011223344556677"
                                          "8899aabbccddeeff0011223344556677");

    send_bytes (fx->ep[0], plain);
    send_bytes (fx->ep[0], marker);
    {
      g_autoptr(GBytes) first = expect_frame (fx->ep[2]);

      assert_bytes_eq (first, marker);
    }
    endpoint_drain (fx->ep[1]);
  }
}

static void
test_vlan0_and_runts (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GBytes) vlan0 = hex_bytes ("ffffffffffff 020000000001 8100 0000 0800 00112233445566778899");
  g_autoptr(GBytes) runt = hex_bytes ("ffffffffffff 020000000001 08");
  g_autoptr(GBytes) minimal = hex_bytes ("ffffffffffff 020000000001 0800");
  g_autoptr(GBytes) jumbo = make_frame (0xff, 1, 0x0800, 9000, 1);

  add_ports (fx, 3);
  hv_ok (fx->hv, "ethsw set_dot1q_port SW1 p0 1");

  /* Tagged VLAN 0 is dropped; a 13-byte runt too; 14 bytes pass unpadded. */
  send_bytes (fx->ep[0], vlan0);
  send_bytes (fx->ep[0], runt);
  send_bytes (fx->ep[0], minimal);
  expect_same (fx->ep[1], minimal);
  expect_same (fx->ep[2], minimal);
  g_assert_true (endpoint_idle (fx->ep[1]));

  /* No MTU check: a 9 KB frame goes through whole. */
  send_bytes (fx->ep[1], jumbo);
  expect_same (fx->ep[2], jumbo);
  expect_same (fx->ep[0], jumbo);

  /* An access port in VLAN 0 drops everything. */
  hv_ok (fx->hv, "ethsw set_access_port SW1 p1 0");
  {
    g_autoptr(GBytes) f = make_frame (0xff, 2, 0x0800, 50, 2);
    g_autoptr(GBytes) marker = make_frame (0xff, 3, 0x0800, 50, 3);

    send_bytes (fx->ep[1], f);
    send_bytes (fx->ep[2], marker);
    {
      g_autoptr(GBytes) first = expect_frame (fx->ep[0]);

      assert_bytes_eq (first, marker);
    }
  }
}

typedef struct
{
  guint16  port;
  gint     stop;
  guint    commands;
} Hammer;

static gpointer
hammer_thread (gpointer data)
{
  Hammer *h = data;
  int fd = hv_connect (h->port);

  while (!g_atomic_int_get (&h->stop))
    {
      g_autofree char *a = hv_cmd (fd, "ethsw show_mac_addr_table SW1");
      g_autofree char *b = hv_cmd (fd, "ethsw set_access_port SW1 p1 1");
      g_autofree char *c = hv_cmd (fd, "ethsw clear_mac_addr_table SW1");
      g_autofree char *d = hv_cmd (fd, "nio get_stats p0");

      g_assert_true (g_str_has_suffix (a, "100-OK\r\n"));
      g_assert_cmpstr (b, ==, "100-Port settings OK\r\n");
      g_assert_cmpstr (c, ==, "100-OK\r\n");
      g_assert_true (g_str_has_prefix (d, "100-"));
      h->commands += 4;
    }
  close (fd);
  return NULL;
}

/* Dynamips drops frames while a command holds the switch (trylock); here
 * every frame arrives, whatever the commands do. */
static void
test_no_drops_under_commands (Fixture       *fx,
                              gconstpointer  data)
{
  enum { N = 20000, WINDOW = 256 };
  Hammer h = { .port = fx->proc->port };
  GThread *thread;
  guint sent = 0, received = 0;
  guint8 buf[2048];

  add_ports (fx, 2);
  thread = g_thread_new ("hammer", hammer_thread, &h);

  /* Closed loop: never more than WINDOW frames in flight, so no socket
   * buffer can overflow, however slow the machine. */
  while (received < N)
    {
      while (sent < N && sent - received < WINDOW)
        {
          g_autoptr(GBytes) f = make_frame (sent % 2 ? 0xff : 2, 1, 0x0800, 50, sent);

          send_bytes (fx->ep[0], f);
          sent++;
        }
      g_assert_cmpint (udp_recv (fx->ep[1]->fd, buf, sizeof buf, 10000), ==, 64);
      received++;
    }
  g_atomic_int_set (&h.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (h.commands, >, 0);
  g_test_message ("%u frames, %u commands meanwhile", N, h.commands);
  g_assert_true (endpoint_idle (fx->ep[1]));
  {
    g_autofree char *expected = g_strdup_printf ("100-0 %u 0 %u\r\n", N, N * 64);

    hv_assert_cmd_eventually (fx->hv, "nio get_stats p1", expected);
  }
}

static void
test_remove_while_flowing (Fixture       *fx,
                           gconstpointer  data)
{
  guint8 buf[2048];

  add_ports (fx, 3);
  /* Frames keep coming in on p0 while p1 is removed, re-added and deleted. */
  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 50, round);

      for (guint i = 0; i < 20; i++)
        send_bytes (fx->ep[0], f);
      hv_ok (fx->hv, "ethsw remove_nio SW1 p1");
      hv_ok (fx->hv, "ethsw add_nio SW1 p1");
    }
  hv_ok (fx->hv, "ethsw remove_nio SW1 p1");
  hv_ok (fx->hv, "nio delete p1");
  /* The port is released at once: a new NIO can take it. */
  hv_ok (fx->hv, "nio create_udp again %u 127.0.0.1 %u", fx->ep[1]->nio_port,
         udp_local_port (fx->ep[1]->fd));
  hv_ok (fx->hv, "ethsw add_nio SW1 again");
  {
    g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 50, 999);
    gboolean seen = FALSE;

    /* Frames of the rounds above may still be on their way: skip them. */
    send_bytes (fx->ep[0], f);
    while (!seen)
      {
        g_autoptr(GBytes) got = expect_frame (fx->ep[2]);

        seen = g_bytes_equal (got, f);
      }
    seen = FALSE;
    while (!seen)
      {
        gssize n = udp_recv (fx->ep[1]->fd, buf, sizeof buf, 10000);

        g_assert_cmpint (n, ==, 64);
        seen = memcmp (buf, g_bytes_get_data (f, NULL), 64) == 0;
      }
  }
}

static void
test_save_config (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "lab.cfg", NULL);
  g_autofree char *text = NULL;

  add_ports (fx, 3);
  hv_ok (fx->hv, "ethsw set_access_port SW1 p0 10");
  hv_ok (fx->hv, "ethsw set_dot1q_port SW1 p1 1");
  hv_ok (fx->hv, "ethsw set_qinq_port SW1 p2 100 0x88a8");
  hv_ok (fx->hv, "hypervisor save_config lab.cfg");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "ethsw create SW1\n"));
  g_assert_nonnull (strstr (text, "ethsw add_nio SW1 p0\nethsw set_access_port SW1 p0 10\n"));
  g_assert_nonnull (strstr (text, "ethsw set_dot1q_port SW1 p1 1\n"));
  g_assert_nonnull (strstr (text, "ethsw set_qinq_port SW1 p2 100 0x88a8\n"));
  /* NIOs come before the switch that binds them. */
  g_assert_true (strstr (text, "nio create_udp p0 ") < strstr (text, "ethsw create SW1"));

  /* Replayed into a reset hypervisor, the file rebuilds the same lab. */
  hv_ok (fx->hv, "hypervisor reset");
  hv_assert_cmd (fx->hv, "ethsw list", "100-OK\r\n");
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        hv_ok (fx->hv, "%s", lines[i]);
  }
  {
    g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 50, 1);
    g_autoptr(GBytes) got = NULL;

    send_bytes (fx->ep[0], f);
    got = expect_frame (fx->ep[1]);
    g_assert_cmpuint (g_bytes_get_size (got), ==, 68);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/net/ethsw/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("commands", test_commands);
  ADD ("port-limit", test_port_limit);
  ADD ("transcript", test_transcript);
  ADD ("learning", test_learning);
  ADD ("vlan-isolation", test_vlan_isolation);
  ADD ("dot1q", test_dot1q);
  ADD ("qinq", test_qinq);
  ADD ("vlan0-and-runts", test_vlan0_and_runts);
  ADD ("no-drops-under-commands", test_no_drops_under_commands);
  ADD ("remove-while-flowing", test_remove_while_flowing);
  ADD ("save-config", test_save_config);
#undef ADD

  return g_test_run ();
}
