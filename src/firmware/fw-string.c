/* fw-string.c: string and memory functions of the firmware's libc
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The standard names are compiled only for the freestanding build (clang
 * emits calls to memcpy/memset for struct copies even there).  The unit tests
 * compile them again under a prefix (FW_STRING_TEST_PREFIX) to check them.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-libc.h"

#ifdef FW_STRING_TEST_PREFIX
# define FW_STD(name) fwtest_##name
void  *fwtest_memcpy  (void *dst, const void *src, size_t n);
void  *fwtest_memmove (void *dst, const void *src, size_t n);
void  *fwtest_memset  (void *dst, int c, size_t n);
int    fwtest_memcmp  (const void *a, const void *b, size_t n);
size_t fwtest_strlen  (const char *s);
int    fwtest_strcmp  (const char *a, const char *b);
int    fwtest_strncmp (const char *a, const char *b, size_t n);
char  *fwtest_strchr  (const char *s, int c);
#else
# define FW_STD(name) name
#endif

#if !defined (FW_HOSTED) || defined (FW_STRING_TEST_PREFIX)

typedef uint64_t __attribute__ ((may_alias)) fw_word;

void *
FW_STD (memcpy) (void       *dst,
                 const void *src,
                 size_t      n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;

  /* Word copies when both sides are 8-byte aligned: frames and configs. */
  if ((((uintptr_t) d | (uintptr_t) s) & 7) == 0)
    {
      for (; n >= 8; n -= 8, d += 8, s += 8)
        *(fw_word *) d = *(const fw_word *) s;
    }
  while (n--)
    *d++ = *s++;
  return dst;
}

void *
FW_STD (memmove) (void       *dst,
                  const void *src,
                  size_t      n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;

  if (d == s || n == 0)
    return dst;
  if (d < s || d >= s + n)
    {
      while (n--)
        *d++ = *s++;
    }
  else
    {
      d += n;
      s += n;
      while (n--)
        *--d = *--s;
    }
  return dst;
}

void *
FW_STD (memset) (void   *dst,
                 int     c,
                 size_t  n)
{
  uint8_t *d = dst;

  if (((uintptr_t) d & 7) == 0 && n >= 8)
    {
      fw_word w = (uint8_t) c;

      w |= w << 8;
      w |= w << 16;
      w |= w << 32;
      for (; n >= 8; n -= 8, d += 8)
        *(fw_word *) d = w;
    }
  while (n--)
    *d++ = (uint8_t) c;
  return dst;
}

int
FW_STD (memcmp) (const void *a,
                 const void *b,
                 size_t      n)
{
  const uint8_t *x = a, *y = b;

  for (; n; n--, x++, y++)
    if (*x != *y)
      return *x < *y ? -1 : 1;
  return 0;
}

size_t
FW_STD (strlen) (const char *s)
{
  const char *p = s;

  while (*p)
    p++;
  return (size_t) (p - s);
}

int
FW_STD (strcmp) (const char *a,
                 const char *b)
{
  for (; *a && *a == *b; a++, b++)
    ;
  return (unsigned char) *a - (unsigned char) *b;
}

int
FW_STD (strncmp) (const char *a,
                  const char *b,
                  size_t      n)
{
  for (; n && *a && *a == *b; n--, a++, b++)
    ;
  if (n == 0)
    return 0;
  return (unsigned char) *a - (unsigned char) *b;
}

char *
FW_STD (strchr) (const char *s,
                 int         c)
{
  for (;; s++)
    {
      if (*s == (char) c)
        return (char *) s;
      if (!*s)
        return NULL;
    }
}

#endif

int
fw_strcasecmp (const char *a,
               const char *b)
{
  for (; *a && fw_tolower (*a) == fw_tolower (*b); a++, b++)
    ;
  return fw_tolower ((unsigned char) *a) - fw_tolower ((unsigned char) *b);
}

int
fw_strncasecmp (const char *a,
                const char *b,
                size_t      n)
{
  for (; n && *a && fw_tolower (*a) == fw_tolower (*b); n--, a++, b++)
    ;
  if (n == 0)
    return 0;
  return fw_tolower ((unsigned char) *a) - fw_tolower ((unsigned char) *b);
}

size_t
fw_strlcpy (char       *dst,
            const char *src,
            size_t      size)
{
  size_t len = strlen (src);

  if (size)
    {
      size_t n = len < size - 1 ? len : size - 1;

      memcpy (dst, src, n);
      dst[n] = '\0';
    }
  return len;
}

size_t
fw_strlcat (char       *dst,
            const char *src,
            size_t      size)
{
  size_t used = 0;

  while (used < size && dst[used])
    used++;
  if (used == size)
    return size + strlen (src);
  return used + fw_strlcpy (dst + used, src, size - used);
}

bool
fw_parse_u32 (const char *s,
              size_t      len,
              int         base,
              uint32_t   *out)
{
  uint64_t v = 0;
  size_t i = 0;

  if (len == 0)
    return false;
  if (base == 0)
    {
      base = 10;
      if (len > 2 && s[0] == '0' && (s[1] | 0x20) == 'x')
        {
          base = 16;
          i = 2;
        }
    }
  for (; i < len; i++)
    {
      int c = s[i], d;

      if (fw_isdigit (c))
        d = c - '0';
      else if (base == 16 && fw_isxdigit (c))
        d = (c | 0x20) - 'a' + 10;
      else
        return false;
      if (d >= base)
        return false;
      v = v * (uint64_t) base + (uint64_t) d;
      if (v > 0xffffffffu)
        return false;
    }
  *out = (uint32_t) v;
  return true;
}
