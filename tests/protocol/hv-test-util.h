/* hv-test-util.h: a real wirelab-hypervisor process and raw protocol I/O for tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct
{
  GPid     pid;
  guint16  port;
  char    *workdir;      /* a fresh temporary directory, the process's cwd */
  gboolean exited;
  int      status;
} HvProc;

/* Starts build/src/tools/wirelab-hypervisor -H 127.0.0.1:0 in a temporary
 * directory and learns its port; `extra` are more arguments (or NULL). */
HvProc   *hv_proc_start        (const char *const *extra);
/* Waits (up to timeout_ms) for the process to exit by itself. */
gboolean  hv_proc_wait         (HvProc     *proc,
                                guint       timeout_ms);
/* SIGTERM, wait, and assert a clean exit (status 0: no leak under ASan). */
void      hv_proc_stop         (HvProc     *proc);
void      hv_proc_free         (HvProc     *proc);

/* Blocking TCP connection with generous timeouts. */
int       hv_connect           (guint16     port);
void      hv_send              (int         fd,
                                const char *data,
                                gsize       len);
/* Reads one whole reply (up to and including its final line). */
char     *hv_read_reply        (int         fd);
/* Sends `cmd` + "\n" and returns the reply. */
char     *hv_cmd               (int         fd,
                                const char *cmd);
/* hv_cmd, printf style. */
char     *hv_cmdf              (int         fd,
                                const char *format,
                                ...) G_GNUC_PRINTF (2, 3);
/* Asserts the reply of `cmd` is exactly `expected`. */
#define hv_assert_cmd(fd, cmd, expected) \
  G_STMT_START { \
    g_autofree char *_r = hv_cmd ((fd), (cmd)); \
    g_assert_cmpstr (_r, ==, (expected)); \
  } G_STMT_END
/* Repeats `cmd` until it answers `expected` (counters written by the I/O
 * thread right after a frame left), failing after 10 s. */
#define hv_assert_cmd_eventually(fd, cmd, expected) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; \
    for (;;) { \
      g_autofree char *_r = hv_cmd ((fd), (cmd)); \
      if (g_strcmp0 (_r, (expected)) == 0) break; \
      if (g_get_monotonic_time () > _deadline) g_assert_cmpstr (_r, ==, (expected)); \
      g_usleep (1000); \
    } \
  } G_STMT_END
/* TRUE when the peer closed (reads EOF within timeout_ms). */
gboolean  hv_wait_eof          (int         fd,
                                guint       timeout_ms);

/* UDP helpers: a socket bound to 127.0.0.1:port (0: any), connected to
 * 127.0.0.1:peer when peer != 0. */
int       udp_socket           (guint16     port,
                                guint16     peer);
guint16   udp_local_port       (int         fd);
/* A free UDP port on 127.0.0.1 (nothing bound there right now). */
guint16   udp_free_port        (void);
/* Receives one datagram within timeout_ms; -1 on timeout. */
gssize    udp_recv             (int         fd,
                                uint8_t    *buf,
                                gsize       size,
                                guint       timeout_ms);

G_END_DECLS
