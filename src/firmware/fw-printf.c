/* fw-printf.c: fw_vsnprintf, the firmware's formatter
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-libc.h"

typedef struct
{
  char  *buf;
  size_t size;
  size_t len;       /* what the whole output would take */
} FwOut;

static void
out_char (FwOut *o,
          char   c)
{
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  o->len++;
}

static void
out_pad (FwOut *o,
         char   c,
         int    n)
{
  while (n-- > 0)
    out_char (o, c);
}

enum
{
  F_LEFT  = 1 << 0,
  F_ZERO  = 1 << 1,
  F_PLUS  = 1 << 2,
  F_SPACE = 1 << 3,
  F_ALT   = 1 << 4,
};

static void
out_number (FwOut   *o,
            uint64_t v,
            bool     negative,
            unsigned base,
            bool     upper,
            int      flags,
            int      width,
            int      precision)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0, sign = 0, prefix = 0, zeros, pad;

  if (v == 0 && precision == 0)
    n = 0;
  else
    do
      {
        tmp[n++] = digits[v % base];
        v /= base;
      }
    while (v);

  if (negative)
    sign = '-';
  else if (flags & F_PLUS)
    sign = '+';
  else if (flags & F_SPACE)
    sign = ' ';
  if ((flags & F_ALT) && base == 16 && n > 0)
    prefix = 2;

  zeros = precision > n ? precision - n : 0;
  pad = width - n - zeros - (sign ? 1 : 0) - prefix;
  if ((flags & F_ZERO) && !(flags & F_LEFT) && precision < 0 && pad > 0)
    {
      zeros += pad;
      pad = 0;
    }
  if (!(flags & F_LEFT))
    out_pad (o, ' ', pad);
  if (sign)
    out_char (o, (char) sign);
  if (prefix)
    {
      out_char (o, '0');
      out_char (o, upper ? 'X' : 'x');
    }
  out_pad (o, '0', zeros);
  while (n > 0)
    out_char (o, tmp[--n]);
  if (flags & F_LEFT)
    out_pad (o, ' ', pad);
}

int
fw_vsnprintf (char       *buf,
              size_t      size,
              const char *fmt,
              va_list     ap)
{
  FwOut o = { buf, size, 0 };

  for (; *fmt; fmt++)
    {
      int flags = 0, width = -1, precision = -1, lmod = 0;

      if (*fmt != '%')
        {
          out_char (&o, *fmt);
          continue;
        }
      fmt++;
      for (;; fmt++)
        {
          if (*fmt == '-')
            flags |= F_LEFT;
          else if (*fmt == '0')
            flags |= F_ZERO;
          else if (*fmt == '+')
            flags |= F_PLUS;
          else if (*fmt == ' ')
            flags |= F_SPACE;
          else if (*fmt == '#')
            flags |= F_ALT;
          else
            break;
        }
      if (*fmt == '*')
        {
          width = va_arg (ap, int);
          if (width < 0)
            {
              flags |= F_LEFT;
              width = -width;
            }
          fmt++;
        }
      else
        for (width = 0; fw_isdigit (*fmt); fmt++)
          width = width * 10 + (*fmt - '0');
      if (*fmt == '.')
        {
          fmt++;
          if (*fmt == '*')
            {
              precision = va_arg (ap, int);
              fmt++;
            }
          else
            for (precision = 0; fw_isdigit (*fmt); fmt++)
              precision = precision * 10 + (*fmt - '0');
        }
      for (;; fmt++)
        {
          if (*fmt == 'l')
            lmod += 1;
          else if (*fmt == 'h')
            lmod -= 1;
          else if (*fmt == 'z')
            lmod = 1;
          else
            break;
        }

      switch (*fmt)
        {
        case 'd':
        case 'i':
          {
            int64_t v;

            if (lmod >= 2)
              v = va_arg (ap, long long);
            else if (lmod == 1)
              v = va_arg (ap, long);
            else
              v = va_arg (ap, int);
            if (lmod == -1)
              v = (short) v;
            else if (lmod <= -2)
              v = (signed char) v;
            out_number (&o, v < 0 ? (uint64_t) -(v + 1) + 1 : (uint64_t) v, v < 0,
                        10, false, flags, width, precision);
          }
          break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
          {
            uint64_t v;

            if (lmod >= 2)
              v = va_arg (ap, unsigned long long);
            else if (lmod == 1)
              v = va_arg (ap, unsigned long);
            else
              v = va_arg (ap, unsigned int);
            if (lmod == -1)
              v = (unsigned short) v;
            else if (lmod <= -2)
              v = (unsigned char) v;
            out_number (&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                        *fmt == 'X', flags & ~(F_PLUS | F_SPACE), width, precision);
          }
          break;
        case 'p':
          out_number (&o, (uintptr_t) va_arg (ap, void *), false, 16, false,
                      F_ALT, width, precision);
          break;
        case 'c':
          if (!(flags & F_LEFT))
            out_pad (&o, ' ', width - 1);
          out_char (&o, (char) va_arg (ap, int));
          if (flags & F_LEFT)
            out_pad (&o, ' ', width - 1);
          break;
        case 's':
          {
            const char *s = va_arg (ap, const char *);
            int n = 0;

            if (s == NULL)
              s = "(null)";
            while (s[n] && (precision < 0 || n < precision))
              n++;
            if (!(flags & F_LEFT))
              out_pad (&o, ' ', width - n);
            for (int i = 0; i < n; i++)
              out_char (&o, s[i]);
            if (flags & F_LEFT)
              out_pad (&o, ' ', width - n);
          }
          break;
        case '%':
          out_char (&o, '%');
          break;
        case '\0':
          fmt--;
          break;
        default:
          out_char (&o, '%');
          out_char (&o, *fmt);
          break;
        }
    }

  if (size > 0)
    buf[o.len < size ? o.len : size - 1] = '\0';
  return (int) o.len;
}

int
fw_snprintf (char       *buf,
             size_t      size,
             const char *fmt,
             ...)
{
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = fw_vsnprintf (buf, size, fmt, ap);
  va_end (ap);
  return n;
}
