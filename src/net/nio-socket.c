/* nio-socket.c: what the descriptor-based NIO types share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Datagram batches in and out (recvmmsg/sendmmsg), socket buffers, closing,
 * and errors carrying errno.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nio-types.h"

void
wl_nio_set_errno_error (GError     **error,
                        const char  *format,
                        ...)
{
  int saved = errno;
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what, g_strerror (saved));
  errno = saved;
}

/* Big buffers absorb bursts while the I/O thread is busy elsewhere; root
 * may exceed net.core.[rw]mem_max. */
void
wl_nio_set_socket_buffers (int fd)
{
  int size = 4 * 1024 * 1024;

  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt (fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

guint
wl_nio_recv_datagrams (int            fd,
                       WlRxBatch     *batch,
                       guint          max,
                       WlNioKeepFunc  keep)
{
  struct mmsghdr msgs[WL_NIO_BATCH];
  struct iovec iov[WL_NIO_BATCH];
  struct sockaddr_storage from[WL_NIO_BATCH];
  guint kept = 0;
  int n;

  for (guint i = 0; i < max; i++)
    {
      iov[i].iov_base = batch->buf[i];
      iov[i].iov_len = WL_NIO_MAX_FRAME;
      memset (&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      if (keep != NULL)
        {
          msgs[i].msg_hdr.msg_name = &from[i];
          msgs[i].msg_hdr.msg_namelen = sizeof from[i];
        }
    }

  do
    n = recvmmsg (fd, msgs, max, MSG_DONTWAIT, NULL);
  while (n < 0 && errno == EINTR);
  /* EAGAIN, or a pending ICMP error (ECONNREFUSED) now consumed. */
  if (n <= 0)
    return 0;

  for (int i = 0; i < n; i++)
    {
      /* A datagram bigger than any frame is dropped, not cut. */
      if ((msgs[i].msg_hdr.msg_flags & MSG_TRUNC) || (keep != NULL && !keep (&from[i])))
        continue;
      if ((guint) i != kept)
        {
          guint8 *tmp = batch->buf[kept];

          batch->buf[kept] = batch->buf[i];
          batch->buf[i] = tmp;
        }
      batch->len[kept++] = msgs[i].msg_len;
    }
  return kept;
}

guint
wl_nio_send_datagrams (int                 fd,
                       const struct iovec *frames,
                       guint               n,
                       const void         *addr,
                       socklen_t           addr_len)
{
  struct mmsghdr msgs[WL_NIO_BATCH];
  guint done = 0;
  guint sent = 0;
  guint retries = 4;

  g_assert (n <= WL_NIO_BATCH);
  for (guint i = 0; i < n; i++)
    {
      memset (&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = (struct iovec *) &frames[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = (void *) addr;
      msgs[i].msg_hdr.msg_namelen = addr_len;
    }

  while (done < n)
    {
      int r = sendmmsg (fd, msgs + done, n - done, MSG_DONTWAIT);

      if (r > 0)
        {
          done += r;
          sent += r;
          continue;
        }
      if (errno == EINTR || (errno == ECONNREFUSED && retries-- > 0))
        continue;   /* an earlier ICMP error reported now: this one was not sent */
      if (errno == EAGAIN || errno == ENOBUFS)
        break;      /* the socket is full: UDP drops, so do we */
      done++;       /* this datagram cannot go (too big, no route): skip it */
    }
  return sent;
}

guint
wl_nio_fd_recv (wl_nio_t  *nio,
                WlRxBatch *batch,
                guint      max)
{
  return wl_nio_recv_datagrams (nio->fd, batch, max, NULL);
}

guint
wl_nio_fd_send (wl_nio_t           *nio,
                const struct iovec *frames,
                guint               n)
{
  return wl_nio_send_datagrams (nio->fd, frames, n, NULL, 0);
}

void
wl_nio_fd_close (wl_nio_t *nio)
{
  if (nio->fd >= 0)
    close (nio->fd);
  nio->fd = -1;
}
