/* net-test-util.h: frames and UDP endpoints for the net tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv-test-util.h"

G_BEGIN_DECLS

/* A UDP NIO of the hypervisor and the test's socket at its other end. */
typedef struct
{
  char    *name;
  guint16  nio_port;
  int      fd;
} Endpoint;

/* Creates `nio create_udp <name> ...` on the hypervisor, asserting 100. */
Endpoint *endpoint_new     (int         hv,
                            const char *name);
void      endpoint_free    (Endpoint   *ep);
void      endpoint_send    (Endpoint   *ep,
                            const guint8 *frame,
                            gsize       len);
/* Receives one frame within timeout_ms; NULL on timeout. */
GBytes   *endpoint_recv    (Endpoint   *ep,
                            guint       timeout_ms);
/* TRUE when nothing is waiting right now. */
gboolean  endpoint_idle    (Endpoint   *ep);
/* Drops anything waiting. */
void      endpoint_drain   (Endpoint   *ep);

/* Ethernet frame: dst, src (6 bytes each) given as the last byte of
 * 02:00:00:00:00:xx (0xff: broadcast), then `type`, then a payload of
 * `payload` bytes carrying `seq`. */
GBytes   *make_frame       (guint8      dst,
                            guint8      src,
                            guint16     type,
                            gsize       payload,
                            guint32     seq);
/* Hex helper: "ffffffffffff 020000000001 8100 000a" (blanks ignored). */
GBytes   *hex_bytes        (const char *hex);
void      assert_bytes_eq  (GBytes     *a,
                            GBytes     *b);

/* "100-..." expected: asserts the reply starts with 100-. */
void      hv_ok            (int         hv,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
