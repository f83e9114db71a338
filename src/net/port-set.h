/* port-set.h: the NIOs bound to an Ethernet switch or a hub
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Up to 64 ports in fixed slots, a new one in the lowest free slot (as
 * Dynamips).  A port struct starts with a WlPort; the owner's fields follow.
 * The slots change under the owner's lock, which its receive callback takes
 * too; a port leaves in two steps, out of its slot under the lock, then
 * unbound without it (detaching waits for a callback in progress).
 */

#pragma once

#include "nio.h"

G_BEGIN_DECLS

#define WL_PORT_SET_MAX 64

typedef struct
{
  wl_nio_t *nio;
  guint8    index;        /* its slot */
} WlPort;

typedef struct
{
  WlPort   *slot[WL_PORT_SET_MAX];
} WlPortSet;

WlPort   *wl_port_set_find (const WlPortSet *set,
                            wl_nio_t        *nio);
/* Puts `port` (its owner's fields set) in a free slot under `lock` and binds
 * `nio` to `rx` with the port as opaque.  FALSE, with nothing changed, when
 * the set is full, the NIO is a port already or has another consumer. */
gboolean  wl_port_set_add  (WlPortSet       *set,
                            GMutex          *lock,
                            WlPort          *port,
                            wl_nio_t        *nio,
                            wl_nio_rx_func   rx);

/* Empties the port's slot (the owner's lock held). */
static inline void
wl_port_set_take (WlPortSet *set,
                  WlPort    *port)
{
  set->slot[port->index] = NULL;
}

/* Unbinds a port taken out of its set and frees it (the lock not held). */
void      wl_port_free     (WlPort          *port);

G_END_DECLS
