/* wl-vpcs.h: a VPCS PC as a child process with a telnet console
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _WlVpcs WlVpcs;

typedef struct
{
  const char *program;        /* "vpcs" or a path */
  const char *directory;      /* cwd: startup.vpc lives here */
  const char *name;           /* for messages */
  const char *console_addr;   /* where the telnet console listens */
  guint16     console_port;
  guint16     local_port;     /* VPCS also binds local_port + 9 */
  const char *remote_host;    /* an IPv4 literal */
  guint16     remote_port;
  guint       mac_offset;     /* -m: last MAC byte */
  const char *script;         /* run at start instead of ./startup.vpc
                               * (relative to directory), or NULL */
} WlVpcsConfig;

/* Called once when the process ends on its own (not after wl_vpcs_stop). */
typedef void (*WlVpcsExitFunc) (WlVpcs   *vpcs,
                                gpointer  user_data);

/* Runs VPCS on a pseudo-terminal of its own (it refuses to run without a
 * tty and its daemon mode forks away from us), and serves that terminal as
 * a telnet console on console_addr:console_port.  The process dies with us
 * (PR_SET_PDEATHSIG). */
WlVpcs   *wl_vpcs_start          (const WlVpcsConfig  *config,
                                  WlVpcsExitFunc       on_exit,
                                  gpointer             user_data,
                                  GError             **error);
/* Completes once the process holds its UDP port (local_port), or fails:
 * the port is taken by another program (VPCS then runs on, deaf: the
 * caller stops it), the process ended or was stopped, or it did not bind
 * within timeout_ms.  One wait at a time. */
void      wl_vpcs_wait_ready_async  (WlVpcs              *self,
                                     guint                timeout_ms,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  wl_vpcs_wait_ready_finish (GAsyncResult        *result,
                                     GError             **error);
/* Kills the process (SIGTERM, then SIGKILL after 2 s), closes the console;
 * frees `self` once the process is gone, then calls on_gone (may be NULL). */
void      wl_vpcs_stop           (WlVpcs              *self,
                                  GDestroyNotify       on_gone,
                                  gpointer             gone_data);
/* SIGSTOP / SIGCONT. */
void      wl_vpcs_suspend        (WlVpcs              *self);
void      wl_vpcs_resume         (WlVpcs              *self);
GPid      wl_vpcs_get_pid        (WlVpcs              *self);

/* A name VPCS 0.5b2 takes for `set pcname` (at most 6 characters of
 * [A-Za-z0-9._-]), made from `name`; NULL when nothing is left. */
char     *wl_vpcs_pc_name        (const char          *name);
/* The script a PC starts with: `set pcname`, then `script` without its
 * own `set pcname` lines (the node's name wins over a saved one). */
char     *wl_vpcs_start_script   (const char          *name,
                                  const char          *script);
/* TRUE when process `pid` holds a UDP socket bound to `port` (Linux
 * /proc). */
gboolean  wl_vpcs_pid_holds_udp  (GPid                 pid,
                                  guint16              port);

/* The vpcs program, or NULL when it is not installed ($WIRELAB_VPCS or
 * vpcs in PATH). */
char     *wl_vpcs_find_program   (void);

G_END_DECLS
