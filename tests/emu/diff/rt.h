/* rt.h: a tiny raw-syscall runtime for the differential test programs
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The programs run under qemu-mips64 and under Wirelab's mips-user harness;
 * both must print exactly the same bytes.  No libc: Linux n64 syscalls only.
 */

#pragma once

typedef unsigned char      u8;
typedef unsigned short     u16;
typedef unsigned int       u32;
typedef unsigned long long u64;
typedef signed char        s8;
typedef short              s16;
typedef int                s32;
typedef long long          s64;

void rt_puts (const char *s);
void rt_hex32 (u32 v);
void rt_hex64 (u64 v);
void rt_dec (s64 v);
void rt_nl (void);
/* "name=0x...\n" */
void rt_kv32 (const char *name, u32 v);
void rt_kv64 (const char *name, u64 v);
void rt_exit (int status) __attribute__ ((noreturn));

/* A running checksum the programs fold results into. */
u64  rt_mix (u64 acc, u64 v);

void *memset (void *d, int c, unsigned long n);
void *memcpy (void *d, const void *s, unsigned long n);

/* Provided by each program. */
int  test_main (void);

/* Keeps the compiler from constant-folding test inputs. */
#define OPAQUE(x) ({ __typeof__ ((x) + 0) _v = (x); __asm__ volatile ("" : "+r" (_v)); _v; })
