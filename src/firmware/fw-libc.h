/* fw-libc.h: the small C library the firmware core is written against
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The core builds twice: freestanding for MIPS64 (fw-string.c supplies the
 * string functions clang may also call on its own) and hosted for the unit
 * tests (the host's libc supplies them).  Formatting (fw_vsnprintf) and the
 * allocator are the firmware's own in both builds, so the tests exercise them.
 */

#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef FW_HOSTED
# include <string.h>
#else
void  *memcpy  (void *dst, const void *src, size_t n);
void  *memmove (void *dst, const void *src, size_t n);
void  *memset  (void *dst, int c, size_t n);
int    memcmp  (const void *a, const void *b, size_t n);
size_t strlen  (const char *s);
int    strcmp  (const char *a, const char *b);
int    strncmp (const char *a, const char *b, size_t n);
char  *strchr  (const char *s, int c);
#endif

#define FW_N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))
#define FW_MIN(a, b) ((a) < (b) ? (a) : (b))
#define FW_MAX(a, b) ((a) > (b) ? (a) : (b))
#define FW_PRINTF(f, a) __attribute__ ((format (printf, f, a)))
#define FW_UNUSED __attribute__ ((unused))
#define FW_LIKELY(x) __builtin_expect (!!(x), 1)
#define FW_UNLIKELY(x) __builtin_expect (!!(x), 0)

/* ctype, ASCII only */
static inline bool fw_isdigit (int c) { return c >= '0' && c <= '9'; }
static inline bool fw_isalpha (int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline bool fw_isspace (int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static inline bool fw_isprint (int c) { return c >= 0x20 && c < 0x7f; }
static inline bool fw_isxdigit (int c)
{
  return fw_isdigit (c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
static inline int fw_tolower (int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Case-insensitive compares (IOS keywords are). */
int    fw_strcasecmp   (const char *a, const char *b);
int    fw_strncasecmp  (const char *a, const char *b, size_t n);
/* Copies at most size - 1 bytes and always terminates; returns strlen (src). */
size_t fw_strlcpy      (char *dst, const char *src, size_t size);
size_t fw_strlcat      (char *dst, const char *src, size_t size);

/* Formatting: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space, width and
 * precision (also *), length modifiers hh h l ll z.  Returns the length the
 * full output would have, like C99. */
int    fw_vsnprintf    (char *buf, size_t size, const char *fmt, va_list ap) FW_PRINTF (3, 0);
int    fw_snprintf     (char *buf, size_t size, const char *fmt, ...) FW_PRINTF (3, 4);

/* Number parsing: decimal (or 0x hex with base 0); false on junk or overflow. */
bool   fw_parse_u32    (const char *s, size_t len, int base, uint32_t *out);

/* The allocator: first fit over the region the HAL hands over. */
void   fw_heap_init    (void *base, size_t size);
void  *fw_malloc       (size_t size);
void  *fw_calloc       (size_t n, size_t size);
void  *fw_realloc      (void *p, size_t size);
void   fw_free         (void *p);
char  *fw_strdup       (const char *s);
char  *fw_strndup      (const char *s, size_t n);
size_t fw_heap_used    (void);
size_t fw_heap_free    (void);
