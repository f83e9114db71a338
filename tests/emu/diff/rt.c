/* rt.c: the differential programs' runtime (raw n64 Linux syscalls)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

#if _MIPS_SIM == _ABI64
# define NR_write      5001
# define NR_exit_group 5205
# define PTR_ADDIU     "daddiu"
#else
# define NR_write      4004
# define NR_exit_group 4246
# define PTR_ADDIU     "addiu"
#endif

static long
sys3 (long nr, long a, long b, long c)
{
  register long v0 __asm__ ("$2") = nr;
  register long a0 __asm__ ("$4") = a;
  register long a1 __asm__ ("$5") = b;
  register long a2 __asm__ ("$6") = c;
  register long a3 __asm__ ("$7");

  __asm__ volatile ("syscall"
                    : "+r" (v0), "=r" (a3)
                    : "r" (a0), "r" (a1), "r" (a2)
                    : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13",
                      "$14", "$15", "$24", "$25", "hi", "lo", "memory");
  return a3 ? -v0 : v0;
}

static char buf[4096];
static unsigned fill;

static void
flush (void)
{
  if (fill > 0)
    sys3 (NR_write, 1, (long) buf, fill);
  fill = 0;
}

static void
putc_ (char c)
{
  if (fill == sizeof buf)
    flush ();
  buf[fill++] = c;
  if (c == '\n')
    flush ();
}

void
rt_puts (const char *s)
{
  while (*s)
    putc_ (*s++);
}

void
rt_hex64 (u64 v)
{
  rt_puts ("0x");
  for (int i = 60; i >= 0; i -= 4)
    putc_ ("0123456789abcdef"[(v >> i) & 15]);
}

void
rt_hex32 (u32 v)
{
  rt_puts ("0x");
  for (int i = 28; i >= 0; i -= 4)
    putc_ ("0123456789abcdef"[(v >> i) & 15]);
}

static u64
next_pow (u64 p)
{
  static const u64 pows[] = {
    10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull,
    10000000000000000ull, 1000000000000000ull, 100000000000000ull,
    10000000000000ull, 1000000000000ull, 100000000000ull, 10000000000ull,
    1000000000ull, 100000000ull, 10000000ull, 1000000ull, 100000ull,
    10000ull, 1000ull, 100ull, 10ull, 1ull,
  };

  for (unsigned i = 0; i + 1 < sizeof pows / sizeof pows[0]; i++)
    if (pows[i] == p)
      return pows[i + 1];
  return 1;
}

void
rt_dec (s64 v)
{
  /* No 64-bit division: o32 builds have no libgcc to call. */
  u64 u = v < 0 ? -(u64) v : (u64) v, p = 10000000000000000000ull;
  int started = 0;

  if (v < 0)
    putc_ ('-');
  for (;;)
    {
      char d = '0';

      while (u >= p)
        {
          u -= p;
          d++;
        }
      if (d != '0' || started || p == 1)
        {
          putc_ (d);
          started = 1;
        }
      if (p == 1)
        break;
      p = next_pow (p);
    }
}

void
rt_nl (void)
{
  putc_ ('\n');
}

void
rt_kv32 (const char *name, u32 v)
{
  rt_puts (name);
  putc_ ('=');
  rt_hex32 (v);
  rt_nl ();
}

void
rt_kv64 (const char *name, u64 v)
{
  rt_puts (name);
  putc_ ('=');
  rt_hex64 (v);
  rt_nl ();
}

u64
rt_mix (u64 acc, u64 v)
{
  acc ^= v;
  acc *= 0x100000001b3ull;
  return acc ^ (acc >> 29);
}

void
rt_exit (int status)
{
  flush ();
  sys3 (NR_exit_group, status, 0, 0);
  for (;;)
    ;
}

void *memset (void *d, int c, unsigned long n);
void *memcpy (void *d, const void *s, unsigned long n);

void *
memset (void *d, int c, unsigned long n)
{
  volatile unsigned char *p = d;

  while (n--)
    *p++ = (unsigned char) c;
  return d;
}

void *
memcpy (void *d, const void *s, unsigned long n)
{
  volatile unsigned char *p = d;
  const unsigned char *q = s;

  while (n--)
    *p++ = *q++;
  return d;
}

void _start_c (void);

void
_start_c (void)
{
  rt_exit (test_main ());
}

__asm__ (".text\n"
         ".globl __start\n"
         ".globl _start\n"
         ".set noreorder\n"
         "__start:\n"
         "_start:\n"
         "  " PTR_ADDIU " $sp, $sp, -32\n"
         "  jal _start_c\n"
         "  nop\n"
         ".set reorder\n");
