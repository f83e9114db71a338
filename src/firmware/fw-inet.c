/* fw-inet.c: address text forms, masks, checksums
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-net.h"

const uint8_t fw_eth_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

char *
fw_ip_ntoa (uint32_t  a,
            char     *buf)
{
  fw_snprintf (buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
  return buf;
}

bool
fw_ip_aton (const char *s,
            size_t      len,
            uint32_t   *out)
{
  uint32_t v = 0, g = 0;
  int groups = 0, digits = 0;

  for (size_t i = 0; i < len; i++)
    {
      if (fw_isdigit (s[i]))
        {
          g = g * 10 + (uint32_t) (s[i] - '0');
          if (++digits > 3 || g > 255)
            return false;
        }
      else if (s[i] == '.' && digits && groups < 3)
        {
          v = (v << 8) | g;
          g = 0;
          digits = 0;
          groups++;
        }
      else
        return false;
    }
  if (groups != 3 || !digits)
    return false;
  *out = (v << 8) | g;
  return true;
}

uint32_t
fw_mask_from_len (int len)
{
  if (len <= 0)
    return 0;
  if (len >= 32)
    return 0xffffffffu;
  return ~((1u << (32 - len)) - 1);
}

int
fw_mask_to_len (uint32_t mask)
{
  int len = 0;

  while (len < 32 && (mask & (0x80000000u >> len)))
    len++;
  return fw_mask_from_len (len) == mask ? len : -1;
}

uint32_t
fw_classful_mask (uint32_t addr)
{
  if ((addr & 0x80000000u) == 0)
    return 0xff000000u;
  if ((addr & 0xc0000000u) == 0x80000000u)
    return 0xffff0000u;
  if ((addr & 0xe0000000u) == 0xc0000000u)
    return 0xffffff00u;
  return 0;
}

char *
fw_mac_ntoa (const uint8_t  mac[ETH_ALEN],
             char          *buf)
{
  fw_snprintf (buf, 15, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
               mac[5]);
  return buf;
}

bool
fw_mac_aton (const char *s,
             size_t      len,
             uint8_t     mac[ETH_ALEN])
{
  uint32_t groups[3];
  size_t i = 0;

  for (int g = 0; g < 3; g++)
    {
      size_t start = i;

      while (i < len && fw_isxdigit (s[i]))
        i++;
      if (i == start || i - start > 4 || !fw_parse_u32 (s + start, i - start, 16, &groups[g]))
        return false;
      if (g < 2)
        {
          if (i >= len || s[i] != '.')
            return false;
          i++;
        }
    }
  if (i != len)
    return false;
  for (int g = 0; g < 3; g++)
    {
      mac[g * 2] = (uint8_t) (groups[g] >> 8);
      mac[g * 2 + 1] = (uint8_t) groups[g];
    }
  return true;
}

uint32_t
fw_cksum_add (uint32_t       sum,
              const uint8_t *p,
              size_t         len)
{
  while (len > 1)
    {
      sum += (uint32_t) ((p[0] << 8) | p[1]);
      p += 2;
      len -= 2;
    }
  if (len)
    sum += (uint32_t) (p[0] << 8);
  return sum;
}

uint16_t
fw_cksum_fold (uint32_t sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t) ~sum;
}

uint16_t
fw_inet_cksum (const uint8_t *p,
               size_t         len)
{
  /* The common case, a 4-byte aligned header: 32-bit words, whose byte
   * order does not matter to a ones' complement sum as long as it is
   * folded the same way back (RFC 1071). */
  if (((uintptr_t) p & 3) == 0 && (len & 3) == 0)
    {
      const uint32_t *w = (const uint32_t *) (const void *) p;
      uint64_t sum = 0;
      uint32_t s;
      uint16_t r;

      for (size_t i = 0; i < len / 4; i++)
        sum += w[i];
      while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
      s = (uint32_t) sum;
      r = (uint16_t) ~s;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      r = (uint16_t) ((r >> 8) | (r << 8));
#endif
      return r;
    }
  return fw_cksum_fold (fw_cksum_add (0, p, len));
}
