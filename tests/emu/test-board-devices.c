/* test-board-devices.c: DUART, board-information block, platform tables
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "emu/wl-board-info.h"
#include "emu/wl-duart.h"
#include "emu/wl-platform.h"

typedef struct
{
  GString *tx[2];
  int      irq_changes;
  bool     level;
  int      room[2];
} DuartFixture;

static void
fx_tx (void *opaque, unsigned channel, uint8_t byte)
{
  DuartFixture *f = opaque;

  g_string_append_c (f->tx[channel], (char) byte);
}

static void
fx_irq (void *opaque, bool level)
{
  DuartFixture *f = opaque;

  f->irq_changes++;
  f->level = level;
}

static void
fx_room (void *opaque, unsigned channel)
{
  DuartFixture *f = opaque;

  f->room[channel]++;
}

static uint32_t
rd (wl_duart_t *d, unsigned off)
{
  return (uint32_t) wl_duart_mmio_ops.read (d, off, 4);
}

static void
wr (wl_duart_t *d, unsigned off, uint32_t v)
{
  wl_duart_mmio_ops.write (d, off, v, 4);
}

static void
test_duart (void)
{
  DuartFixture f = { { g_string_new (NULL), g_string_new (NULL) }, 0, false, { 0, 0 } };
  wl_duart_callbacks_t cb = { fx_tx, fx_irq, fx_room };
  wl_duart_t *d = wl_duart_new (&cb, &f);
  const char *hello = "hi";

  /* TxRDY always; RxRDY only with input. */
  g_assert_cmphex (rd (d, 0x40c) & 0x05, ==, 0x04);
  wr (d, 0x41c, 'A');
  wr (d, 0x45c, 'B');
  g_assert_cmpstr (f.tx[0]->str, ==, "A");
  g_assert_cmpstr (f.tx[1]->str, ==, "B");

  /* RxRDYA interrupt: level while the FIFO holds bytes and IMR allows it. */
  wr (d, 0x42c, 0x02);
  g_assert_false (f.level);
  g_assert_cmpuint (wl_duart_input (d, 0, (const uint8_t *) hello, 2), ==, 2);
  g_assert_true (f.level);
  g_assert_cmphex (rd (d, 0x42c) & 0x02, ==, 0x02);
  g_assert_cmphex (rd (d, 0x40c) & 0x01, ==, 0x01);
  g_assert_cmpuint (rd (d, 0x41c), ==, 'h');
  g_assert_true (f.level);
  g_assert_cmpuint (rd (d, 0x41c), ==, 'i');
  g_assert_false (f.level);
  g_assert_cmphex (rd (d, 0x40c) & 0x01, ==, 0);
  g_assert_cmpuint (rd (d, 0x41c), ==, 0);

  /* Channel B has its own FIFO and ISR bit. */
  wl_duart_input (d, 1, (const uint8_t *) "x", 1);
  g_assert_false (f.level);               /* RxRDYB masked */
  g_assert_cmphex (rd (d, 0x44c) & 0x01, ==, 0x01);
  g_assert_cmphex (rd (d, 0x42c) & 0x20, ==, 0x20);
  wr (d, 0x42c, 0x22);
  g_assert_true (f.level);
  g_assert_cmpuint (rd (d, 0x45c), ==, 'x');
  g_assert_false (f.level);

  /* The FIFO holds 4 KB and says FFULL. */
  {
    g_autofree uint8_t *lots = g_malloc0 (WL_DUART_RX_FIFO + 10);

    g_assert_cmpuint (wl_duart_input (d, 0, lots, WL_DUART_RX_FIFO + 10), ==, WL_DUART_RX_FIFO);
    g_assert_cmphex (rd (d, 0x40c) & 0x02, ==, 0x02);
    /* Refused bytes: once the guest has read it down to half, the owner
     * hears of the room, once. */
    for (unsigned i = 0; i < WL_DUART_RX_FIFO / 2 - 1; i++)
      rd (d, 0x41c);
    g_assert_cmpint (f.room[0], ==, 0);
    rd (d, 0x41c);
    g_assert_cmpint (f.room[0], ==, 1);
    rd (d, 0x41c);
    g_assert_cmpint (f.room[0], ==, 1);
    g_assert_cmpint (f.room[1], ==, 0);
    /* A FIFO that took everything asks for nothing. */
    g_assert_cmpuint (wl_duart_input (d, 0, lots, 10), ==, 10);
    for (unsigned i = 0; i < 20; i++)
      rd (d, 0x41c);
    g_assert_cmpint (f.room[0], ==, 1);
    /* A reset empties the FIFO and forgets the refusal. */
    g_assert_cmpuint (wl_duart_input (d, 0, lots, WL_DUART_RX_FIFO), <, WL_DUART_RX_FIFO);
    wl_duart_reset (d);
    g_assert_false (f.level);
    g_assert_cmphex (rd (d, 0x40c) & 0x01, ==, 0);
    g_assert_cmpuint (wl_duart_input (d, 0, lots, WL_DUART_RX_FIFO), ==, WL_DUART_RX_FIFO);
    for (unsigned i = 0; i < WL_DUART_RX_FIFO; i++)
      rd (d, 0x41c);
    g_assert_cmpint (f.room[0], ==, 1);
  }
  wl_duart_reset (d);

  wl_duart_free (d);
  g_string_free (f.tx[0], TRUE);
  g_string_free (f.tx[1], TRUE);
}

static uint32_t
be32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void
test_board_info (void)
{
  uint8_t info[WL_BOARD_INFO_SIZE];
  WlBoardInterface ifs[2] = {
    { "FastEthernet0/0", { 0xca, 1, 2, 3, 0, 0 }, 0, 0, 0, 100, "C7200-IO-FE" },
    { "Ethernet1/3", { 0xca, 1, 2, 3, 1, 3 }, 1, 3, 1, 10, "PA-4E" },
  };
  WlBoardInfoDesc desc = {
    .ram_mb = 256, .nvram_kb = 128, .instance_id = 7, .conf_reg = 0x2102,
    .platform = "c7200", .model = "7206VXR", .vm_name = "R1", .npe = "NPE-400",
    .base_mac = { 0xca, 7, 0x12, 0x34, 0, 0 }, .ifs = ifs, .n_ifs = 2,
  };

  wl_board_info_build (info, &desc);
  g_assert_cmphex (be32 (info), ==, 0x574c4249u);
  g_assert_cmpuint (be32 (info + 4), ==, 1);
  g_assert_cmpuint (be32 (info + 8), ==, 256);
  g_assert_cmpuint (be32 (info + 0xc), ==, 128);
  g_assert_cmpuint (be32 (info + 0x10), ==, 100000000);
  g_assert_cmpuint (be32 (info + 0x14), ==, 2);
  g_assert_cmpuint (be32 (info + 0x18), ==, 7);
  g_assert_cmphex (be32 (info + 0x1c), ==, 0x2102);
  g_assert_cmpstr ((char *) info + 0x20, ==, "c7200");
  g_assert_cmpstr ((char *) info + 0x30, ==, "7206VXR");
  g_assert_cmpstr ((char *) info + 0x40, ==, "R1");
  g_assert_cmpstr ((char *) info + 0x60, ==, "NPE-400");
  g_assert_cmpmem (info + 0x70, 6, desc.base_mac, 6);
  g_assert_cmpstr ((char *) info + 0x140, ==, "Ethernet1/3");
  g_assert_cmpuint (info[0x140 + 0x26], ==, 1);
  g_assert_cmpuint (info[0x140 + 0x27], ==, 3);
  g_assert_cmpuint (be32 (info + 0x140 + 0x28), ==, 1);
  g_assert_cmpuint (be32 (info + 0x140 + 0x2c), ==, 10);
  g_assert_cmpstr ((char *) info + 0x140 + 0x30, ==, "PA-4E");
}

static void
test_platforms (void)
{
  const WlPlatformInfo *c7200 = wl_platform_lookup ("c7200");
  const WlPlatformInfo *c2600 = wl_platform_lookup ("c2600");
  const WlPlatformInfo *c3745 = wl_platform_lookup ("c3745");
  const WlCardInfo *card;
  g_autofree char *name = NULL;
  g_autofree char *mac_text = NULL;
  uint8_t mac[6];
  guint n = 0;

  for (const WlPlatformInfo *const *p = wl_platform_all (); *p; p++)
    n++;
  g_assert_cmpuint (n, ==, 7);
  g_assert_null (wl_platform_lookup ("c9999"));
  g_assert_cmpuint (c7200->default_ram_mb, ==, 256);
  g_assert_cmphex (c7200->mac_prefix, ==, 0xca);
  g_assert_cmphex (wl_platform_lookup ("c1700")->mac_prefix, ==, 0xd0);

  /* Every card name of spec 5.1 is accepted on its platform. */
  g_assert_nonnull (wl_card_lookup (c7200, "PA-MC-8TE1"));
  g_assert_nonnull (wl_card_lookup (c7200, "PA-4T+"));
  g_assert_null (wl_card_lookup (c7200, "NM-1FE-TX"));
  g_assert_null (wl_card_lookup (c7200, "PA-BOGUS"));
  g_assert_nonnull (wl_card_lookup (c2600, "WIC-1ENET"));

  card = wl_card_lookup (c7200, "PA-4E");
  g_assert_cmpuint (card->n_ports, ==, 4);
  name = wl_card_interface_name (card, 1, 3);
  g_assert_cmpstr (name, ==, "Ethernet1/3");
  g_clear_pointer (&name, g_free);
  name = wl_card_interface_name (wl_card_lookup (c7200, "PA-GE"), 2, 0);
  g_assert_cmpstr (name, ==, "GigabitEthernet2/0");
  g_clear_pointer (&name, g_free);
  name = wl_card_interface_name (wl_card_lookup (c3745, "NM-16ESW"), 1, 15);
  g_assert_cmpstr (name, ==, "FastEthernet1/15");

  g_assert_cmpstr (wl_platform_mainboard (c3745, NULL), ==, "GT96100-FE");
  g_assert_cmpstr (wl_platform_mainboard (c2600, "2611"), ==, "CISCO2600-MB-2E");
  g_assert_cmpstr (wl_platform_mainboard (c2600, "2651XM"), ==, "CISCO2600-MB-2FE");
  g_assert_null (wl_platform_mainboard (c7200, NULL));
  g_assert_true (wl_platform_chassis_valid (c2600, "2621XM"));
  g_assert_false (wl_platform_chassis_valid (c2600, "2699"));
  g_assert_true (wl_platform_npe_valid ("npe-g2"));
  g_assert_false (wl_platform_npe_valid ("npe-bogus"));

  g_assert_true (wl_mac_parse ("ca01.1f2d.0000", mac));
  mac_text = wl_mac_format_cisco (mac);
  g_assert_cmpstr (mac_text, ==, "ca01.1f2d.0000");
  g_assert_true (wl_mac_parse ("ca:01:12:34:00:0f", mac));
  g_assert_cmphex (mac[5], ==, 0x0f);
  g_assert_false (wl_mac_parse ("ca01.1f2d.00", mac));
  g_assert_false (wl_mac_parse ("ca01.1f2d.00zz", mac));
  g_assert_false (wl_mac_parse ("ca:01:12:34:00:0f:", mac));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/board/duart", test_duart);
  g_test_add_func ("/board/info", test_board_info);
  g_test_add_func ("/board/platforms", test_platforms);
  return g_test_run ();
}
