/* router-e2e.h: end-to-end labs of Wirelab routers: a real
 * wirelab-hypervisor, router consoles over telnet, VPCS end hosts
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every wait has a generous deadline and no test asserts a speed: these run
 * on a loaded two-core machine.
 */

#pragma once

#include <glib.h>

#include "hv-test-util.h"

/* The hypervisor and its control connection. */
typedef struct
{
  HvProc *proc;
  int     fd;
} E2eHv;

E2eHv    *e2e_hv_start       (void);
void      e2e_hv_stop        (E2eHv *hv);
/* Sends a command; asserts a 100 reply and returns its text (after "100-"). */
char     *e2e_hv             (E2eHv *hv, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The whole reply, whatever the code. */
char     *e2e_hv_raw         (E2eHv *hv, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* A router console over telnet (IAC stripped, CR removed). */
typedef struct
{
  int      fd;
  GString *text;        /* everything received, cleaned */
  gsize    mark;        /* start of what the next wait looks at */
  char    *prompt;
} E2eCon;

E2eCon   *e2e_con_open       (guint16 port);
void      e2e_con_close      (E2eCon *con);
/* Waits until needle appears after the mark; moves the mark past it. */
gboolean  e2e_con_wait       (E2eCon *con, const char *needle, guint timeout_ms);
void      e2e_con_send       (E2eCon *con, const char *bytes);
/* A line and RETURN; returns the output up to the next prompt (system
 * messages and the echo removed).  Asserts the prompt comes back. */
char     *e2e_con_cmd        (E2eCon *con, const char *line, guint timeout_ms);
/* Lines that must each print nothing but messages (configuration). */
void      e2e_con_config     (E2eCon *con, const char *const *lines);
/* Runs a command until its output contains needle; TRUE if it did. */
gboolean  e2e_con_poll       (E2eCon *con, const char *line, const char *needle, guint timeout_ms);
/* ... until its output no longer contains needle. */
gboolean  e2e_con_poll_not   (E2eCon *con, const char *line, const char *needle, guint timeout_ms);

/* A c7200 with C7200-IO-FE in slot 0 and PA-FE-TX in slots 1.. (n_pa), so
 * FastEthernet0/0, FastEthernet1/0 ... */
typedef struct
{
  E2eHv   *hv;
  char    *name;
  guint16  con_port;
  E2eCon  *con;
} E2eRouter;

E2eRouter *e2e_router_new    (E2eHv *hv, const char *name, guint id, guint n_pa);
/* Binds a UDP NIO (created here, named <router>-s<slot>) to a port. */
void      e2e_router_link    (E2eRouter *r, guint slot, guint16 local, guint16 remote);
/* vm start, console, RETURN, enable, terminal length 0. */
void      e2e_router_start   (E2eRouter *r);
/* Console only (after vm start by hand): up to the first prompt. */
void      e2e_router_attach  (E2eRouter *r);
void      e2e_router_free    (E2eRouter *r);

/* A VPCS on a pseudo-terminal, its UDP NIO on 127.0.0.1:lport. */
typedef struct
{
  GPid     pid;
  int      fd;
  GString *text;
  char    *dir;
} E2eVpcs;

gboolean  e2e_have_vpcs      (void);
E2eVpcs  *e2e_vpcs_start     (guint16 lport, guint16 rport, guint mac_offset);
/* A command; returns what it printed up to the next "VPCS> ". */
char     *e2e_vpcs_cmd       (E2eVpcs *v, const char *line, guint timeout_ms);
void      e2e_vpcs_stop      (E2eVpcs *v);

/* A base port with [base, base + n) free for UDP and TCP, used by no
 * other test process (port-block.h). */
guint16   e2e_udp_ports      (guint n);
guint16   e2e_tcp_port       (void);
/* The router image (the first argument of the test program). */
const char *e2e_image        (void);
void      e2e_init           (int *argc, char ***argv);

void      e2e_assert_in      (const char *hay, const char *needle);
