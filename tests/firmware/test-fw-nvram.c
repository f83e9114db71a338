/* test-fw-nvram.c: the NVRAM layout of docs/board.md and its CRC-32
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "fw-nvram.h"

static void
test_crc32 (void)
{
  const char *check = "123456789";

  /* the IEEE 802.3 / zlib check value */
  g_assert_cmphex (fw_crc32 (0, check, 9), ==, 0xcbf43926u);
  g_assert_cmphex (fw_crc32 (0, NULL, 0), ==, 0);
  g_assert_cmphex (fw_crc32 (0, "a", 1), ==, 0xe8b7be43u);
  /* incremental equals one go: startup then private, as the header's CRC */
  g_assert_cmphex (fw_crc32 (fw_crc32 (0, check, 4), check + 4, 5), ==, 0xcbf43926u);
}

static void
test_layout_round_trip (void)
{
  const char *startup = "hostname R1\nend\n";
  const char *priv = "private\n";
  guint8 img[4096];
  FwNvramHdr h, back;

  memset (img, 0, sizeof img);
  g_assert_true (fw_nvram_layout (&h, sizeof img, strlen (startup), strlen (priv), 7));
  g_assert_cmpuint (h.startup_off, ==, 0x40);
  g_assert_cmpuint (h.private_off, ==, 0x40 + strlen (startup));
  h.crc = fw_crc32 (fw_crc32 (0, startup, strlen (startup)), priv, strlen (priv));
  fw_nvram_hdr_build (img, &h);
  memcpy (img + h.startup_off, startup, h.startup_len);
  memcpy (img + h.private_off, priv, h.private_len);

  /* the bytes, big-endian as docs/board.md lays them out */
  g_assert_cmpmem (img, 8, "WLNV\0\0\0\1", 8);
  g_assert_cmpuint (img[0x0b], ==, 0x40);
  g_assert_cmpuint (img[0x0f], ==, strlen (startup));
  g_assert_cmpuint (img[0x1f], ==, 7);

  g_assert_true (fw_nvram_hdr_parse (img, sizeof img, &back));
  g_assert_cmpuint (back.startup_len, ==, strlen (startup));
  g_assert_cmpuint (back.private_len, ==, strlen (priv));
  g_assert_cmpuint (back.generation, ==, 7);
  g_assert_true (fw_nvram_check (&back, img + back.startup_off, img + back.private_off));
  /* one flipped byte fails the CRC */
  img[0x45] ^= 1;
  g_assert_false (fw_nvram_check (&back, img + back.startup_off, img + back.private_off));
}

static void
test_layout_rejects (void)
{
  guint8 hdr[0x40];
  FwNvramHdr h = { .startup_off = 0x40, .startup_len = 100, .crc = 0, .generation = 1 };

  /* the data must fit */
  g_assert_false (fw_nvram_layout (&h, 0x80, 0x100, 0, 1));
  g_assert_false (fw_nvram_layout (&h, 0x3f, 0, 0, 1));
  g_assert_true (fw_nvram_layout (&h, 0x80, 0x40, 0, 1));
  g_assert_false (fw_nvram_layout (&h, 0x80, 0x40, 1, 1));

  h = (FwNvramHdr) { .startup_off = 0x40, .startup_len = 100 };
  fw_nvram_hdr_build (hdr, &h);
  g_assert_true (fw_nvram_hdr_parse (hdr, 0x40 + 100, &h));
  g_assert_false (fw_nvram_hdr_parse (hdr, 0x40 + 99, &h));        /* past the end */
  g_assert_false (fw_nvram_hdr_parse (hdr, 0x20, &h));             /* smaller than a header */

  h = (FwNvramHdr) { .startup_off = 0x10, .startup_len = 4 };      /* inside the header */
  fw_nvram_hdr_build (hdr, &h);
  g_assert_false (fw_nvram_hdr_parse (hdr, 4096, &h));

  h = (FwNvramHdr) { .startup_off = 0xffffff00u, .startup_len = 0x200 };  /* wraps */
  fw_nvram_hdr_build (hdr, &h);
  g_assert_false (fw_nvram_hdr_parse (hdr, 4096, &h));

  h = (FwNvramHdr) { .startup_off = 0x40, .startup_len = 4 };
  fw_nvram_hdr_build (hdr, &h);
  hdr[0] = 'X';                                                    /* magic */
  g_assert_false (fw_nvram_hdr_parse (hdr, 4096, &h));
  fw_nvram_hdr_build (hdr, &(FwNvramHdr) { .startup_off = 0x40, .startup_len = 4 });
  hdr[7] = 2;                                                      /* version */
  g_assert_false (fw_nvram_hdr_parse (hdr, 4096, &h));
  /* all zeroes (a fresh NVRAM file): no configuration */
  memset (hdr, 0, sizeof hdr);
  g_assert_false (fw_nvram_hdr_parse (hdr, 4096, &h));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/firmware/nvram/crc32", test_crc32);
  g_test_add_func ("/firmware/nvram/layout-round-trip", test_layout_round_trip);
  g_test_add_func ("/firmware/nvram/layout-rejects", test_layout_rejects);
  return g_test_run ();
}
