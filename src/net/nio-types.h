/* nio-types.h: creating each kind of NIO (used by the nio module and tests)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every constructor returns a started NIO holding one reference, or NULL with
 * an error and nothing left behind.
 */

#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include "nio-private.h"

G_BEGIN_DECLS

typedef gboolean (*WlNioPortTakenFunc) (guint16  port,
                                        gpointer user_data);

/* nio-udp.c */
wl_nio_t *wl_nio_udp_new            (const char          *name,
                                     guint16              local_port,
                                     const char          *remote_host,
                                     guint16              remote_port,
                                     gboolean             numeric_only,
                                     GError             **error);
/* Binds the first port of the range that `taken` does not claim and the
 * kernel accepts. */
wl_nio_t *wl_nio_udp_auto_new       (const char          *name,
                                     const char          *local_addr,
                                     guint16              port_start,
                                     guint16              port_end,
                                     gboolean             numeric_only,
                                     WlNioPortTakenFunc   taken,
                                     gpointer             taken_data,
                                     GError             **error);
gboolean  wl_nio_udp_auto_connect   (wl_nio_t            *nio,
                                     const char          *remote_host,
                                     guint16              remote_port,
                                     gboolean             numeric_only,
                                     GError             **error);
gboolean  wl_nio_is_udp             (wl_nio_t            *nio);
guint16   wl_nio_udp_get_local_port (wl_nio_t            *nio);
/* A host's address (IPv4 preferred when a name has both), port set. */
gboolean  wl_nio_resolve            (const char          *host,
                                     guint16              port,
                                     gboolean             numeric_only,
                                     struct sockaddr_storage *addr,
                                     socklen_t           *addr_len,
                                     GError             **error);

/* Shared socket helpers (nio-socket.c). */
void      wl_nio_set_socket_buffers (int                  fd);
/* With `keep`, a datagram is dropped unless keep (its source address). */
typedef gboolean (*WlNioKeepFunc) (const struct sockaddr_storage *from);
guint     wl_nio_recv_datagrams     (int                  fd,
                                     WlRxBatch           *batch,
                                     guint                max,
                                     WlNioKeepFunc        keep);
guint     wl_nio_send_datagrams     (int                  fd,
                                     const struct iovec  *frames,
                                     guint                n,
                                     const void          *addr,
                                     socklen_t            addr_len);
/* WlNioClass methods of a NIO whose fd is a connected datagram socket. */
guint     wl_nio_fd_recv            (wl_nio_t            *nio,
                                     WlRxBatch           *batch,
                                     guint                max);
guint     wl_nio_fd_send            (wl_nio_t            *nio,
                                     const struct iovec  *frames,
                                     guint                n);
void      wl_nio_fd_close           (wl_nio_t            *nio);

/* nio-unix.c: paths already resolved. */
wl_nio_t *wl_nio_unix_new           (const char          *name,
                                     const char          *local_path,
                                     const char          *remote_path,
                                     GError             **error);

/* The datagram end that UNIX and VDE NIOs share (nio-unix.c). */
typedef struct
{
  wl_nio_t           parent;
  char              *local_path;     /* bound here, unlinked on close */
  char              *remote_path;    /* NULL for VDE */
  struct sockaddr_un remote;
} WlNioUnix;

gboolean  wl_nio_unix_address       (struct sockaddr_un  *sun,
                                     const char          *path,
                                     GError             **error);
/* A datagram socket bound to `path`.  A socket file nobody listens on any
 * more is replaced; one in use is an error. */
int       wl_nio_unix_bind          (const char          *path,
                                     GError             **error);
guint     wl_nio_unix_send          (wl_nio_t            *nio,
                                     const struct iovec  *frames,
                                     guint                n);
void      wl_nio_unix_close         (wl_nio_t            *nio);
void      wl_nio_unix_finalize      (wl_nio_t            *nio);

/* nio-vde.c: a port on a vde_switch (control socket path, our data socket). */
wl_nio_t *wl_nio_vde_new            (const char          *name,
                                     const char          *control_path,
                                     const char          *local_path,
                                     GError             **error);

/* nio-tap.c, nio-linux-eth.c, nio-gen-eth.c: need root (CAP_NET_ADMIN/RAW). */
wl_nio_t *wl_nio_tap_new            (const char          *name,
                                     const char          *ifname,
                                     GError             **error);
wl_nio_t *wl_nio_linux_eth_new      (const char          *name,
                                     const char          *ifname,
                                     GError             **error);
wl_nio_t *wl_nio_gen_eth_new        (const char          *name,
                                     const char          *ifname,
                                     GError             **error);

/* nio-null.c */
wl_nio_t *wl_nio_null_new           (const char          *name);

/* nio-fifo.c: in-process queues, paired by crossconnect. */
wl_nio_t *wl_nio_fifo_new           (const char          *name,
                                     GError             **error);
gboolean  wl_nio_is_fifo            (wl_nio_t            *nio);
gboolean  wl_nio_fifo_crossconnect  (wl_nio_t            *a,
                                     wl_nio_t            *b);
/* The peer's name, for save_config (NULL: none). */
char     *wl_nio_fifo_dup_peer_name (wl_nio_t            *nio);

G_END_DECLS
