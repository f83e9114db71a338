/* nio-udp.c: UDP NIOs, one Ethernet frame per datagram (spec sections 6, 8)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Connected sockets, as Dynamips: only the configured peer is heard.  No
 * SO_REUSEADDR, so a port held by anyone (another NIO, another program) is
 * an error instead of a silent share.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nio-private.h"
#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t  parent;
  gboolean  is_auto;
  gboolean  connected;
  gboolean  no_gso;          /* the kernel refused UDP_SEGMENT once */
  char     *local_addr;      /* auto only */
  guint16   local_port;
  char     *remote_host;
  guint16   remote_port;
} WlNioUdp;

/* Runs of equal-sized frames leave as one UDP GSO message each: the kernel
 * walks its send path once per run and still delivers one datagram per
 * frame (the receiver sees exactly what plain sends give).  On loopback
 * this is most of the cost of forwarding. */
#define GSO_MAX_SEGMENTS 64
#define GSO_MAX_BYTES    (63 * 1024)

static guint
send_gso (int                 fd,
          const struct iovec *frames,
          guint               n,
          gboolean           *refused)
{
  struct mmsghdr msgs[WL_NIO_BATCH];
  union
  {
    char           buf[CMSG_SPACE (sizeof (uint16_t))];
    struct cmsghdr align;
  } control[WL_NIO_BATCH];
  guint segs[WL_NIO_BATCH];
  guint m = 0, sent = 0, done = 0;
  guint retries = 4;

  for (guint i = 0; i < n;)
    {
      gsize len = frames[i].iov_len;
      gsize total = len;
      guint j = i + 1;

      while (j < n && frames[j].iov_len == len && j - i < GSO_MAX_SEGMENTS &&
             total + len <= GSO_MAX_BYTES)
        {
          total += len;
          j++;
        }
      memset (&msgs[m].msg_hdr, 0, sizeof msgs[m].msg_hdr);
      msgs[m].msg_hdr.msg_iov = (struct iovec *) &frames[i];
      msgs[m].msg_hdr.msg_iovlen = j - i;
      if (j - i > 1)
        {
          struct cmsghdr *cm;

          msgs[m].msg_hdr.msg_control = control[m].buf;
          msgs[m].msg_hdr.msg_controllen = sizeof control[m].buf;
          cm = CMSG_FIRSTHDR (&msgs[m].msg_hdr);
          cm->cmsg_level = SOL_UDP;
          cm->cmsg_type = UDP_SEGMENT;
          cm->cmsg_len = CMSG_LEN (sizeof (uint16_t));
          *(uint16_t *) CMSG_DATA (cm) = len;
        }
      segs[m++] = j - i;
      i = j;
    }

  while (done < m)
    {
      int r = sendmmsg (fd, msgs + done, m - done, MSG_DONTWAIT);

      if (r > 0)
        {
          for (int k = 0; k < r; k++)
            sent += segs[done + k];
          done += r;
          continue;
        }
      if (errno == EINTR || (errno == ECONNREFUSED && retries-- > 0))
        continue;
      if (errno == EAGAIN || errno == ENOBUFS)
        break;
      if (segs[done] > 1 && (errno == EINVAL || errno == EIO || errno == EOPNOTSUPP))
        {
          /* No GSO on this path: send the rest plainly, from now on too. */
          *refused = TRUE;
          for (guint k = done; k < m; k++)
            sent += wl_nio_send_datagrams (fd, msgs[k].msg_hdr.msg_iov, segs[k], NULL, 0);
          break;
        }
      done++;
    }
  return sent;
}

static guint
udp_send (wl_nio_t           *nio,
          const struct iovec *frames,
          guint               n)
{
  WlNioUdp *udp = (WlNioUdp *) nio;

  if (!udp->connected)
    return 0;
  if (n > 1 && !udp->no_gso)
    return send_gso (nio->fd, frames, n, &udp->no_gso);
  return wl_nio_fd_send (nio, frames, n);
}

static void
udp_finalize (wl_nio_t *nio)
{
  WlNioUdp *udp = (WlNioUdp *) nio;

  g_free (udp->local_addr);
  g_free (udp->remote_host);
}

static void
udp_save (wl_nio_t *nio,
          GString  *out)
{
  WlNioUdp *udp = (WlNioUdp *) nio;
  char lport[8], rport[8];

  g_snprintf (lport, sizeof lport, "%u", udp->local_port);
  g_snprintf (rport, sizeof rport, "%u", udp->remote_port);
  if (!udp->is_auto)
    {
      wl_save_command (out, "nio", "create_udp", nio->name, lport, udp->remote_host, rport, NULL);
      return;
    }
  wl_save_command (out, "nio", "create_udp_auto", nio->name, udp->local_addr, lport, lport, NULL);
  if (udp->connected)
    wl_save_command (out, "nio", "connect_udp_auto", nio->name, udp->remote_host, rport, NULL);
}

static const WlNioClass udp_class = {
  .type = "udp",
  .recv = wl_nio_fd_recv,
  .send = udp_send,
  .close = wl_nio_fd_close,
  .finalize = udp_finalize,
  .save = udp_save,
};

static const WlNioClass udp_auto_class = {
  .type = "udp_auto",
  .recv = wl_nio_fd_recv,
  .send = udp_send,
  .close = wl_nio_fd_close,
  .finalize = udp_finalize,
  .save = udp_save,
};

static void
set_port (struct sockaddr_storage *addr,
          guint16                  port)
{
  if (addr->ss_family == AF_INET)
    ((struct sockaddr_in *) addr)->sin_port = htons (port);
  else
    ((struct sockaddr_in6 *) addr)->sin6_port = htons (port);
}

/* Resolves a host (IPv4 preferred when a name has both), port set. */
gboolean
wl_nio_resolve (const char               *host,
                guint16                   port,
                gboolean                  numeric_only,
                struct sockaddr_storage  *addr,
                socklen_t                *addr_len,
                GError                  **error)
{
  struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
  struct addrinfo *res = NULL, *pick = NULL;
  int rc;

  if (numeric_only)
    hints.ai_flags |= AI_NUMERICHOST;
  rc = getaddrinfo (host, NULL, &hints, &res);
  if (rc != 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "cannot resolve '%s': %s", host, gai_strerror (rc));
      return FALSE;
    }
  for (struct addrinfo *ai = res; ai != NULL && pick == NULL; ai = ai->ai_next)
    if (ai->ai_family == AF_INET)
      pick = ai;
  for (struct addrinfo *ai = res; ai != NULL && pick == NULL; ai = ai->ai_next)
    if (ai->ai_family == AF_INET6)
      pick = ai;
  if (pick == NULL)
    {
      freeaddrinfo (res);
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "no IPv4 or IPv6 address for '%s'", host);
      return FALSE;
    }
  memcpy (addr, pick->ai_addr, pick->ai_addrlen);
  *addr_len = pick->ai_addrlen;
  set_port (addr, port);
  freeaddrinfo (res);
  return TRUE;
}

static int
bound_socket (const struct sockaddr_storage  *addr,
              socklen_t                       addr_len,
              GError                        **error)
{
  int fd = socket (addr->ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  if (fd < 0)
    {
      wl_nio_set_errno_error (error, "socket");
      return -1;
    }
  if (bind (fd, (const struct sockaddr *) addr, addr_len) != 0)
    {
      wl_nio_set_errno_error (error, "bind");
      close (fd);
      return -1;
    }
  return fd;
}

/* A UDP NIO on a bound socket (which it owns from here on). */
static WlNioUdp *
udp_nio_new (const WlNioClass *klass,
             const char       *name,
             int               fd)
{
  WlNioUdp *udp = g_new0 (WlNioUdp, 1);
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;

  wl_nio_set_socket_buffers (fd);
  wl_nio_init (&udp->parent, klass, name, fd);
  if (getsockname (fd, (struct sockaddr *) &ss, &len) == 0)
    udp->local_port = ntohs (ss.ss_family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                                     : ((struct sockaddr_in6 *) &ss)->sin6_port);
  return udp;
}

wl_nio_t *
wl_nio_udp_new (const char  *name,
                guint16      local_port,
                const char  *remote_host,
                guint16      remote_port,
                gboolean     numeric_only,
                GError     **error)
{
  struct sockaddr_storage remote, local = { 0 };
  socklen_t remote_len;
  WlNioUdp *udp;
  int fd;

  g_return_val_if_fail (name != NULL && remote_host != NULL, NULL);

  if (!wl_nio_resolve (remote_host, remote_port, numeric_only, &remote, &remote_len, error))
    return NULL;

  /* The wildcard address of the peer's family, as Dynamips binds. */
  local.ss_family = remote.ss_family;
  set_port (&local, local_port);
  fd = bound_socket (&local, local.ss_family == AF_INET ? sizeof (struct sockaddr_in)
                                                        : sizeof (struct sockaddr_in6), error);
  if (fd < 0)
    return NULL;
  if (connect (fd, (struct sockaddr *) &remote, remote_len) != 0)
    {
      wl_nio_set_errno_error (error, "connect");
      close (fd);
      return NULL;
    }

  udp = udp_nio_new (&udp_class, name, fd);
  udp->connected = TRUE;
  udp->remote_host = g_strdup (remote_host);
  udp->remote_port = remote_port;
  return wl_nio_start (&udp->parent, error);
}

wl_nio_t *
wl_nio_udp_auto_new (const char          *name,
                     const char          *local_addr,
                     guint16              port_start,
                     guint16              port_end,
                     gboolean             numeric_only,
                     WlNioPortTakenFunc   taken,
                     gpointer             taken_data,
                     GError             **error)
{
  struct sockaddr_storage local;
  socklen_t local_len;
  WlNioUdp *udp;
  int fd = -1;

  g_return_val_if_fail (name != NULL && local_addr != NULL, NULL);

  if (!wl_nio_resolve (local_addr, 0, numeric_only, &local, &local_len, error))
    return NULL;
  if (port_start > port_end)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "empty port range %u-%u", port_start, port_end);
      return NULL;
    }

  for (guint port = port_start; port <= port_end && fd < 0; port++)
    {
      if (taken != NULL && taken ((guint16) port, taken_data))
        continue;
      set_port (&local, port);
      fd = bound_socket (&local, local_len, NULL);
    }
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                   "no free UDP port in %u-%u on %s", port_start, port_end, local_addr);
      return NULL;
    }

  udp = udp_nio_new (&udp_auto_class, name, fd);
  udp->is_auto = TRUE;
  udp->local_addr = g_strdup (local_addr);
  return wl_nio_start (&udp->parent, error);
}

gboolean
wl_nio_udp_auto_connect (wl_nio_t    *nio,
                         const char  *remote_host,
                         guint16      remote_port,
                         gboolean     numeric_only,
                         GError     **error)
{
  WlNioUdp *udp = (WlNioUdp *) nio;
  struct sockaddr_storage remote;
  socklen_t remote_len;
  gboolean ok = FALSE;

  g_return_val_if_fail (nio != NULL, FALSE);

  if (nio->klass != &udp_auto_class || udp->connected)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "NIO '%s' is not an unconnected udp_auto NIO", nio->name);
      return FALSE;
    }
  if (!wl_nio_resolve (remote_host, remote_port, numeric_only, &remote, &remote_len, error))
    return FALSE;

  wl_nio_lock_all (nio);
  if (nio->fd >= 0 && connect (nio->fd, (struct sockaddr *) &remote, remote_len) == 0)
    {
      udp->connected = TRUE;
      udp->remote_host = g_strdup (remote_host);
      udp->remote_port = remote_port;
      ok = TRUE;
    }
  else
    wl_nio_set_errno_error (error, "connect");
  wl_nio_unlock_all (nio);
  return ok;
}

gboolean
wl_nio_is_udp (wl_nio_t *nio)
{
  return nio->klass == &udp_class || nio->klass == &udp_auto_class;
}

guint16
wl_nio_udp_get_local_port (wl_nio_t *nio)
{
  g_return_val_if_fail (wl_nio_is_udp (nio), 0);

  return ((WlNioUdp *) nio)->local_port;
}
