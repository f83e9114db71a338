/* test-fw-libc.c: the firmware's own C library: formatting, string and
 * memory functions, number parsing, the allocator
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built from the firmware's sources directly: the string functions under a
 * prefix (they are the freestanding build's memcpy & co.), the allocator
 * over a region of this test, as on the board.
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "fw-libc.h"

void  *fwtest_memcpy  (void *dst, const void *src, size_t n);
void  *fwtest_memmove (void *dst, const void *src, size_t n);
void  *fwtest_memset  (void *dst, int c, size_t n);
int    fwtest_memcmp  (const void *a, const void *b, size_t n);
size_t fwtest_strlen  (const char *s);
int    fwtest_strcmp  (const char *a, const char *b);
int    fwtest_strncmp (const char *a, const char *b, size_t n);
char  *fwtest_strchr  (const char *s, int c);

/* Compares fw_snprintf with the host's snprintf for one format. */
#define SAME(fmt, ...) \
  G_STMT_START { \
    char a[128], b[128]; \
    int na = fw_snprintf (a, sizeof a, fmt, __VA_ARGS__); \
    int nb = snprintf (b, sizeof b, fmt, __VA_ARGS__); \
    g_assert_cmpstr (a, ==, b); \
    g_assert_cmpint (na, ==, nb); \
  } G_STMT_END

static void
test_printf (void)
{
  char small[8];
  int n;

  SAME ("%d|%i|%u", 0, -1, 4000000000u);
  SAME ("%d", -2147483647 - 1);
  SAME ("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
  SAME ("%x|%X|%#x|%08x|%o", 0xdeadbeefu, 0xabcu, 255u, 0x1fu, 8u);
  SAME ("%ld|%lu|%lld|%llu", -5L, 5UL, -9000000000LL, 18446744073709551615ULL);
  SAME ("%zu|%hu|%hhu", (size_t) 123, (unsigned short) 65535, (unsigned char) 255);
  SAME ("%s|%10s|%-10s|%.3s|%.0s", "abc", "abc", "abc", "abcdef", "abc");
  SAME ("%c%c|%3c|%-3c|", 'a', 'b', 'x', 'y');
  SAME ("%*d|%-*s|%.*s", 6, 7, 4, "ab", 2, "xyz");
  SAME ("%.5d|%.0d|%3.2d", 42, 0, 7);
  SAME ("100%%%s", "");
  SAME ("%-6s%s", "S*", "0.0.0.0/0");
  SAME ("%02u:%02u:%02u", 1u, 2u, 3u);

  /* truncation: always terminated, returns the full length */
  n = fw_snprintf (small, sizeof small, "%s", "0123456789");
  g_assert_cmpint (n, ==, 10);
  g_assert_cmpstr (small, ==, "0123456");
  n = fw_snprintf (NULL, 0, "%d", 12345);
  g_assert_cmpint (n, ==, 5);
  {
    const char *volatile nothing = NULL;

    n = fw_snprintf (small, sizeof small, "%s", nothing);
  }
  g_assert_cmpstr (small, ==, "(null)");
}

static void
test_memory (void)
{
  guint8 src[64], dst[80], ref[80];

  for (int i = 0; i < 64; i++)
    src[i] = (guint8) (i * 7 + 1);
  /* every alignment and length combination against the host's */
  for (int so = 0; so < 8; so++)
    for (int d = 0; d < 8; d++)
      for (int len = 0; len < 40; len++)
        {
          memset (dst, 0xee, sizeof dst);
          memset (ref, 0xee, sizeof ref);
          g_assert_true (fwtest_memcpy (dst + d, src + so, (size_t) len) == dst + d);
          memcpy (ref + d, src + so, (size_t) len);
          g_assert_cmpmem (dst, sizeof dst, ref, sizeof ref);

          memset (dst, 0, sizeof dst);
          memset (ref, 0, sizeof ref);
          fwtest_memset (dst + d, 0x5a + so, (size_t) len);
          memset (ref + d, 0x5a + so, (size_t) len);
          g_assert_cmpmem (dst, sizeof dst, ref, sizeof ref);
        }
  /* overlapping moves, both ways */
  for (int shift = -9; shift <= 9; shift++)
    {
      for (int i = 0; i < 80; i++)
        dst[i] = ref[i] = (guint8) i;
      fwtest_memmove (dst + 20 + shift, dst + 20, 30);
      memmove (ref + 20 + shift, ref + 20, 30);
      g_assert_cmpmem (dst, sizeof dst, ref, sizeof ref);
    }
  g_assert_cmpint (fwtest_memcmp ("abc", "abd", 3), <, 0);
  g_assert_cmpint (fwtest_memcmp ("abd", "abc", 3), >, 0);
  g_assert_cmpint (fwtest_memcmp ("\xff", "\x01", 1), >, 0);
  g_assert_cmpint (fwtest_memcmp ("abc", "abd", 2), ==, 0);
}

static void
test_strings (void)
{
  char buf[8];

  g_assert_cmpuint (fwtest_strlen (""), ==, 0);
  g_assert_cmpuint (fwtest_strlen ("FastEthernet0/0"), ==, 15);
  g_assert_cmpint (fwtest_strcmp ("a", "b"), <, 0);
  g_assert_cmpint (fwtest_strcmp ("abc", "abc"), ==, 0);
  g_assert_cmpint (fwtest_strcmp ("ab", "abc"), <, 0);
  g_assert_cmpint (fwtest_strcmp ("\xe9", "a"), >, 0);
  g_assert_cmpint (fwtest_strncmp ("show", "shutdown", 2), ==, 0);
  g_assert_cmpint (fwtest_strncmp ("show", "shutdown", 3), <, 0);
  g_assert_null (fwtest_strchr ("abc", 'z'));
  g_assert_cmpstr (fwtest_strchr ("0/0.10", '.'), ==, ".10");
  g_assert_true (*fwtest_strchr ("abc", '\0') == '\0');

  g_assert_cmpint (fw_strcasecmp ("FastEthernet", "fastethernet"), ==, 0);
  g_assert_cmpint (fw_strncasecmp ("FastEthernet", "FAST", 4), ==, 0);
  g_assert_cmpint (fw_strcasecmp ("a", "B"), <, 0);
  g_assert_cmpuint (fw_strlcpy (buf, "truncated!", sizeof buf), ==, 10);
  g_assert_cmpstr (buf, ==, "truncat");
  g_assert_cmpuint (fw_strlcat (buf, "x", sizeof buf), ==, 8);
  g_assert_cmpstr (buf, ==, "truncat");
  fw_strlcpy (buf, "ab", sizeof buf);
  g_assert_cmpuint (fw_strlcat (buf, "cd", sizeof buf), ==, 4);
  g_assert_cmpstr (buf, ==, "abcd");
}

static void
test_parse (void)
{
  uint32_t v = 0;

  g_assert_true (fw_parse_u32 ("0", 1, 10, &v));
  g_assert_cmpuint (v, ==, 0);
  g_assert_true (fw_parse_u32 ("4294967295", 10, 10, &v));
  g_assert_cmpuint (v, ==, 4294967295u);
  g_assert_false (fw_parse_u32 ("4294967296", 10, 10, &v));
  g_assert_false (fw_parse_u32 ("12a", 3, 10, &v));
  g_assert_false (fw_parse_u32 ("", 0, 10, &v));
  g_assert_true (fw_parse_u32 ("0x2102", 6, 0, &v));
  g_assert_cmpuint (v, ==, 0x2102);
  g_assert_true (fw_parse_u32 ("ffff", 4, 16, &v));
  g_assert_cmpuint (v, ==, 0xffff);
  g_assert_false (fw_parse_u32 ("fg", 2, 16, &v));
  /* only the given length counts */
  g_assert_true (fw_parse_u32 ("12/0", 2, 10, &v));
  g_assert_cmpuint (v, ==, 12);
}

static void
test_heap (void)
{
  static guint8 region[1 << 20];
  void *p[64];
  size_t used;

  fw_heap_init (region, sizeof region);
  g_assert_cmpuint (fw_heap_used (), ==, 0);
  for (int i = 0; i < 64; i++)
    {
      p[i] = fw_malloc ((size_t) (i * 37 + 1));
      g_assert_nonnull (p[i]);
      g_assert_cmpuint ((uintptr_t) p[i] % 16, ==, 0);
      g_assert_true ((guint8 *) p[i] >= region && (guint8 *) p[i] < region + sizeof region);
      memset (p[i], i, (size_t) (i * 37 + 1));
    }
  /* no overlaps: every block still holds its own pattern */
  for (int i = 0; i < 64; i++)
    for (int k = 0; k < i * 37 + 1; k++)
      g_assert_cmpuint (((guint8 *) p[i])[k], ==, (guint) i);
  used = fw_heap_used ();
  g_assert_cmpuint (used, >, 64 * 16);
  /* free every other block, then all: everything coalesces back */
  for (int i = 0; i < 64; i += 2)
    fw_free (p[i]);
  for (int i = 0; i < 64; i += 2)
    {
      p[i] = fw_malloc ((size_t) (i * 37 + 1));
      g_assert_nonnull (p[i]);
    }
  for (int i = 0; i < 64; i++)
    fw_free (p[i]);
  g_assert_cmpuint (fw_heap_used (), ==, 0);
  /* a block as large as the whole region fits again after coalescing */
  p[0] = fw_malloc (sizeof region - 64);
  g_assert_nonnull (p[0]);
  g_assert_null (fw_malloc (4096));
  fw_free (p[0]);
  /* double free and junk are ignored, not corrupting */
  p[0] = fw_malloc (100);
  fw_free (p[0]);
  fw_free (p[0]);
  g_assert_cmpuint (fw_heap_used (), ==, 0);
  /* calloc zeroes, realloc keeps the contents */
  p[1] = fw_malloc (64);
  memset (p[1], 0xaa, 64);
  fw_free (p[1]);
  p[1] = fw_calloc (8, 8);
  for (int k = 0; k < 64; k++)
    g_assert_cmpuint (((guint8 *) p[1])[k], ==, 0);
  memcpy (p[1], "wirelab", 8);
  p[1] = fw_realloc (p[1], 10000);
  g_assert_cmpstr (p[1], ==, "wirelab");
  fw_free (p[1]);
  g_assert_null (fw_malloc (sizeof region * 2));
  g_assert_null (fw_calloc ((size_t) -1 / 2, 4));
  p[2] = fw_strndup ("FastEthernet0/0", 12);
  g_assert_cmpstr (p[2], ==, "FastEthernet");
  fw_free (p[2]);
  g_assert_cmpuint (fw_heap_used (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/firmware/libc/printf", test_printf);
  g_test_add_func ("/firmware/libc/memory", test_memory);
  g_test_add_func ("/firmware/libc/strings", test_strings);
  g_test_add_func ("/firmware/libc/parse", test_parse);
  g_test_add_func ("/firmware/libc/heap", test_heap);
  return g_test_run ();
}
