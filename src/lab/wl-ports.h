/* wl-ports.h: UDP and console port allocation per host
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WlPorts WlPorts;

WlPorts  *wl_ports_new           (void);
void      wl_ports_free          (WlPorts     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlPorts, wl_ports_free)

/* The first port p >= base (and <= 65535 - span) such that p and p + span
 * (span 0: just p) are not used on `host`.  When the host is physically
 * this machine (`this_machine`: this machine's names, or a loopback alias
 * such as 127.0.0.2 that counts as another host), the port must also be
 * unused by every other pool of this machine (hypervisors bind the wildcard
 * address, so they share one kernel port space) and bindable right now.
 * The port(s) are marked used.  0 when none is left. */
guint16   wl_ports_take_udp      (WlPorts     *self,
                                  const char  *host,
                                  guint16      base,
                                  guint        span,
                                  gboolean     this_machine);
void      wl_ports_release_udp   (WlPorts     *self,
                                  const char  *host,
                                  guint16      port,
                                  guint        span);
/* A hypervisor refused the port (206: another program holds it): it stays
 * marked used so it is never offered again. */
void      wl_ports_forget_udp    (WlPorts     *self,
                                  const char  *host,
                                  guint16      port);
gboolean  wl_ports_udp_in_use    (WlPorts     *self,
                                  const char  *host,
                                  guint16      port);

/* Console (TCP) ports: the owner's name per host and port. */
const char *wl_ports_console_owner (WlPorts    *self,
                                    const char *host,
                                    guint16     port);
void      wl_ports_claim_console (WlPorts     *self,
                                  const char  *host,
                                  guint16      port,
                                  const char  *owner);
void      wl_ports_release_console (WlPorts   *self,
                                    const char *host,
                                    guint16     port);

/* Reservations.  On this machine a port handed out long before its user
 * binds it (a PC's UDP ports, console ports) stays bound by a socket of
 * ours, without SO_REUSEADDR, so that other programs (another Wirelab
 * among them) find it taken meanwhile instead of racing for it.  The
 * user's bind must come after wl_ports_unhold_*().  hold: TRUE when held
 * now (or already); FALSE when the port cannot be bound exclusively (in
 * use, or a TCP port in TIME_WAIT).  Releasing a port ends its hold. */
gboolean  wl_ports_hold_udp      (WlPorts     *self,
                                  guint16      port);
gboolean  wl_ports_hold_tcp      (WlPorts     *self,
                                  guint16      port);
void      wl_ports_unhold_udp    (WlPorts     *self,
                                  guint16      port);
void      wl_ports_unhold_tcp    (WlPorts     *self,
                                  guint16      port);
gboolean  wl_ports_holds_udp     (WlPorts     *self,
                                  guint16      port);
gboolean  wl_ports_holds_tcp     (WlPorts     *self,
                                  guint16      port);

/* TRUE when nothing on this machine listens on / holds the port. */
gboolean  wl_port_udp_is_free    (guint16      port);
gboolean  wl_port_tcp_is_free    (guint16      port);

G_END_DECLS
