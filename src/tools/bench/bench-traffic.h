/* bench-traffic.h: what the traffic benchmarks share (switch, route)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A sendmmsg sender and a recvmmsg receiver timed against each other, UDP
 * sockets, HOST:PORT, and synchronous protocol calls over WirelabClient.
 */

#pragma once

#include <sys/socket.h>

#include "wirelab/wirelab.h"

G_BEGIN_DECLS

/* TRUE: the frame counts as arrived (a routed frame, say). */
typedef gboolean (*BenchAcceptFunc) (const guint8 *frame,
                                     gsize         len);

typedef struct
{
  guint64 sent;
  guint64 received;        /* accepted ones */
  double  offered_fps;     /* while the sender ran */
  double  received_fps;    /* from the first frame sent to the last in */
  double  loss;            /* 0..1 */
} BenchResult;

/* Sends `count` copies of `frame` into `tx`, paced at `rate` frames/s (0: as
 * fast as possible), while a thread counts what arrives on `rx` (what
 * `accept` takes; NULL: all), until all came or nothing did for `quiet_ms`
 * after the sender finished. */
BenchResult   bench_measure         (int                            tx,
                                     int                            rx,
                                     const guint8                  *frame,
                                     guint                          size,
                                     guint64                        count,
                                     double                         rate,
                                     guint                          quiet_ms,
                                     BenchAcceptFunc                accept);

/* A UDP socket bound to `local` (port 0: any) with big buffers; -1 if not. */
int           bench_udp_socket      (const struct sockaddr_storage *local,
                                     socklen_t                      len);
/* The local port of a bound socket (UDP or TCP, IPv4 or IPv6). */
guint16       bench_socket_port     (int                            fd);
void          bench_set_port        (struct sockaddr_storage       *addr,
                                     guint16                        port);
/* Sorts `values` and returns the middle one. */
double        bench_median          (double                        *values,
                                     guint                          n);
/* "host", "host:port", "[v6]:port" into a host (free it) and a port. */
char         *bench_parse_host_port (const char                    *text,
                                     guint16                        default_port,
                                     guint16                       *port);

/* Synchronous calls: the thread-default main context runs until done. */
gboolean      bench_connect         (WirelabClient                 *client,
                                     GError                       **error);
WirelabReply *bench_call            (WirelabClient                 *client,
                                     GError                       **error,
                                     const char *const             *words);

G_END_DECLS
