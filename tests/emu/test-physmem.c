/* test-physmem.c: the physical address space: RAM and MMIO regions, DMA
 * copies, big-endian accessors, code-page tracking and its write hook
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "emu/physmem.h"

typedef struct
{
  uint64_t last_off, last_val;
  unsigned last_size, n_reads, n_writes;
} dev_t_;

static uint64_t
dev_read (void *opaque, uint64_t offset, unsigned size)
{
  dev_t_ *d = opaque;

  d->n_reads++;
  d->last_off = offset;
  d->last_size = size;
  return 0x1122334455667788ull >> (64 - 8 * size);
}

static void
dev_write (void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
  dev_t_ *d = opaque;

  d->n_writes++;
  d->last_off = offset;
  d->last_val = value;
  d->last_size = size;
}

static const wl_mmio_ops_t dev_ops = { dev_read, dev_write };

static void
test_ram_and_dma (void)
{
  wl_physmem_t *mem = wl_physmem_new ();
  g_autofree uint8_t *low = g_malloc0 (0x10000);
  g_autofree uint8_t *high = g_malloc0 (0x1000);
  uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8] = { 0 };
  uint64_t v = 0;

  wl_physmem_map_ram (mem, 0, 0x10000, low);
  wl_physmem_map_ram (mem, 0x20000000, 0x1000, high);

  g_assert_true (wl_physmem_ram_ptr (mem, 0x100, 16) == low + 0x100);
  g_assert_true (wl_physmem_ram_ptr (mem, 0x20000010, 4) == high + 0x10);
  /* A range running off the region, or outside any region, is not RAM. */
  g_assert_null (wl_physmem_ram_ptr (mem, 0xfffc, 8));
  g_assert_null (wl_physmem_ram_ptr (mem, 0x10000, 1));
  g_assert_null (wl_physmem_lookup (mem, 0x30000000));

  g_assert_true (wl_physmem_write (mem, 0x20000ff8, buf, 8));
  g_assert_true (wl_physmem_read (mem, 0x20000ff8, back, 8));
  g_assert_cmpmem (buf, 8, back, 8);
  g_assert_false (wl_physmem_write (mem, 0x20000ffc, buf, 8));
  g_assert_false (wl_physmem_read (mem, 0x40000000, back, 1));
  g_assert_true (wl_physmem_write (mem, 0, buf, 0));

  /* Values are stored big-endian. */
  g_assert_true (wl_physmem_store (mem, 0x40, 4, 0xdeadbeef));
  g_assert_cmphex (low[0x40], ==, 0xde);
  g_assert_cmphex (low[0x43], ==, 0xef);
  g_assert_true (wl_physmem_load (mem, 0x40, 2, &v));
  g_assert_cmphex (v, ==, 0xdead);
  g_assert_true (wl_physmem_store (mem, 0x48, 8, 0x0102030405060708ull));
  g_assert_true (wl_physmem_load (mem, 0x48, 8, &v));
  g_assert_cmphex (v, ==, 0x0102030405060708ull);
  g_assert_false (wl_physmem_load (mem, 0x50000000, 4, &v));
  wl_physmem_free (mem);
}

static void
test_sparse (void)
{
  wl_physmem_t *mem = wl_physmem_new ();
  const size_t size = 1ull << 30;
  uint8_t *ram = mmap (NULL, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  uint64_t v = 0;

  /* 1 GB mapped, two words touched: physmem itself allocates only the
   * per-page code map, not the RAM. */
  g_assert_true (ram != MAP_FAILED);
  wl_physmem_map_ram (mem, 0, size, ram);
  g_assert_true (wl_physmem_store (mem, 0, 4, 1));
  g_assert_true (wl_physmem_store (mem, size - 4, 4, 2));
  g_assert_true (wl_physmem_load (mem, size - 4, 4, &v));
  g_assert_cmpuint (v, ==, 2);
  wl_physmem_free (mem);
  munmap (ram, size);
}

static void
test_mmio (void)
{
  wl_physmem_t *mem = wl_physmem_new ();
  dev_t_ dev = { 0 };
  const wl_physmem_region_t *r;
  uint64_t v = 0;
  uint8_t byte;

  wl_physmem_map_mmio (mem, 0x1e840000, 0x1000, &dev_ops, &dev);
  r = wl_physmem_lookup (mem, 0x1e840400);
  g_assert_nonnull (r);
  g_assert_null (r->host);
  g_assert_true (r->opaque == &dev);

  g_assert_true (wl_physmem_load (mem, 0x1e84040c, 4, &v));
  g_assert_cmphex (v, ==, 0x11223344);
  g_assert_cmphex (dev.last_off, ==, 0x40c);
  g_assert_cmpuint (dev.last_size, ==, 4);
  g_assert_true (wl_physmem_store (mem, 0x1e84041c, 1, 'A'));
  g_assert_cmphex (dev.last_off, ==, 0x41c);
  g_assert_cmphex (dev.last_val, ==, 'A');
  g_assert_cmpuint (dev.n_writes, ==, 1);
  /* DMA never goes to devices. */
  g_assert_false (wl_physmem_read (mem, 0x1e840000, &byte, 1));
  g_assert_null (wl_physmem_ram_ptr (mem, 0x1e840000, 1));
  g_assert_cmpuint (dev.n_reads, ==, 1);
  wl_physmem_free (mem);
}

static void
test_overlap_rejected (void)
{
  wl_physmem_t *mem = wl_physmem_new ();
  g_autofree uint8_t *a = g_malloc0 (0x2000);
  g_autofree uint8_t *b = g_malloc0 (0x2000);
  dev_t_ dev = { 0 };

  wl_physmem_map_ram (mem, 0x1000, 0x2000, a);
  g_test_expect_message ("wl-physmem", G_LOG_LEVEL_CRITICAL, "*overlaps*");
  wl_physmem_map_ram (mem, 0x2000, 0x2000, b);
  g_test_assert_expected_messages ();
  g_test_expect_message ("wl-physmem", G_LOG_LEVEL_CRITICAL, "*overlaps*");
  wl_physmem_map_mmio (mem, 0x0, 0x1001, &dev_ops, &dev);
  g_test_assert_expected_messages ();
  /* The first mapping is intact. */
  g_assert_true (wl_physmem_ram_ptr (mem, 0x2000, 4) == a + 0x1000);
  wl_physmem_free (mem);
}

typedef struct
{
  unsigned calls;
  uint64_t paddr, len;
} hook_log_t;

static void
hook (void *opaque, uint64_t paddr, uint64_t len)
{
  hook_log_t *log = opaque;

  log->calls++;
  log->paddr = paddr;
  log->len = len;
}

static void
test_code_hook (void)
{
  wl_physmem_t *mem = wl_physmem_new ();
  g_autofree uint8_t *ram = g_malloc0 (0x10000);
  hook_log_t log = { 0 };
  uint8_t buf[16] = { 0 };

  wl_physmem_map_ram (mem, 0, 0x10000, ram);
  wl_physmem_set_code_hook (mem, hook, &log);
  g_assert_false (wl_physmem_code_test (mem, 0x3000));
  wl_physmem_code_mark (mem, 0x3000, true);
  g_assert_true (wl_physmem_code_test (mem, 0x3ffc));
  g_assert_false (wl_physmem_code_test (mem, 0x4000));

  /* Writes to other pages are silent; one touching the code page reports. */
  g_assert_true (wl_physmem_write (mem, 0x1000, buf, 16));
  g_assert_cmpuint (log.calls, ==, 0);
  g_assert_true (wl_physmem_write (mem, 0x2ff8, buf, 16));
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmphex (log.paddr, ==, 0x2ff8);
  g_assert_cmpuint (log.len, ==, 16);
  g_assert_true (wl_physmem_store (mem, 0x3010, 4, 0));
  g_assert_cmpuint (log.calls, ==, 2);
  wl_physmem_code_mark (mem, 0x3000, false);
  g_assert_true (wl_physmem_write (mem, 0x3000, buf, 4));
  g_assert_cmpuint (log.calls, ==, 2);
  wl_physmem_free (mem);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/physmem/ram-and-dma", test_ram_and_dma);
  g_test_add_func ("/physmem/sparse", test_sparse);
  g_test_add_func ("/physmem/mmio", test_mmio);
  g_test_add_func ("/physmem/overlap-rejected", test_overlap_rejected);
  g_test_add_func ("/physmem/code-hook", test_code_hook);
  return g_test_run ();
}
