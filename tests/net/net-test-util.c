/* net-test-util.c: frames and UDP endpoints for the net tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net-test-util.h"

Endpoint *
endpoint_new (int         hv,
              const char *name)
{
  Endpoint *ep = g_new0 (Endpoint, 1);

  ep->name = g_strdup (name);
  ep->nio_port = udp_free_port ();
  ep->fd = udp_socket (0, ep->nio_port);
  hv_ok (hv, "nio create_udp %s %u 127.0.0.1 %u", name, ep->nio_port, udp_local_port (ep->fd));
  return ep;
}

void
endpoint_free (Endpoint *ep)
{
  if (ep == NULL)
    return;
  close (ep->fd);
  g_free (ep->name);
  g_free (ep);
}

void
endpoint_send (Endpoint     *ep,
               const guint8 *frame,
               gsize         len)
{
  g_assert_cmpint (send (ep->fd, frame, len, 0), ==, (gssize) len);
}

GBytes *
endpoint_recv (Endpoint *ep,
               guint     timeout_ms)
{
  guint8 buf[65536];
  gssize n = udp_recv (ep->fd, buf, sizeof buf, timeout_ms);

  return n < 0 ? NULL : g_bytes_new (buf, n);
}

gboolean
endpoint_idle (Endpoint *ep)
{
  struct pollfd pfd = { .fd = ep->fd, .events = POLLIN };

  return poll (&pfd, 1, 0) == 0;
}

void
endpoint_drain (Endpoint *ep)
{
  guint8 buf[65536];

  while (recv (ep->fd, buf, sizeof buf, MSG_DONTWAIT) >= 0)
    ;
}

GBytes *
make_frame (guint8  dst,
            guint8  src,
            guint16 type,
            gsize   payload,
            guint32 seq)
{
  guint8 *f = g_malloc0 (14 + payload);

  if (dst == 0xff)
    memset (f, 0xff, 6);
  else
    {
      f[0] = 0x02;
      f[5] = dst;
    }
  f[6] = 0x02;
  f[11] = src;
  f[12] = type >> 8;
  f[13] = type & 0xff;
  for (gsize i = 0; i < payload; i++)
    f[14 + i] = (guint8) (seq >> (8 * (i % 4))) ^ (guint8) i;
  return g_bytes_new_take (f, 14 + payload);
}

GBytes *
hex_bytes (const char *hex)
{
  GByteArray *out = g_byte_array_new ();

  while (*hex != '\0')
    {
      guint8 b;

      if (*hex == ' ')
        {
          hex++;
          continue;
        }
      g_assert_true (g_ascii_isxdigit (hex[0]) && g_ascii_isxdigit (hex[1]));
      b = (g_ascii_xdigit_value (hex[0]) << 4) | g_ascii_xdigit_value (hex[1]);
      g_byte_array_append (out, &b, 1);
      hex += 2;
    }
  return g_byte_array_free_to_bytes (out);
}

void
assert_bytes_eq (GBytes *a,
                 GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                   g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

void
hv_ok (int         hv,
       const char *format,
       ...)
{
  g_autofree char *cmd = NULL;
  g_autofree char *reply = NULL;
  va_list args;

  va_start (args, format);
  cmd = g_strdup_vprintf (format, args);
  va_end (args);
  reply = hv_cmd (hv, cmd);
  if (!g_str_has_prefix (reply, "100-") && strstr (reply, "\r\n100-") == NULL)
    g_error ("'%s' answered '%s'", cmd, reply);
}
