/* wl-ports.c: UDP and console port allocation per host
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GNS3 users lost links to other programs on the UDP range and to two
 * hypervisors of one host sharing a base port (gns3-server #265, #1866):
 * here every port is counted per host, and on this machine tested by
 * binding it before it is handed out.  Ports bound much later than they
 * are handed out (a PC's, a console's) are held by a socket of ours until
 * then: two labs on one machine planned at the same moment once both
 * found such a port free.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wl-host.h"
#include "wl-ports.h"

struct _WlPorts
{
  GHashTable *udp;       /* host -> set of ports */
  GHashTable *machine;   /* hosts that are this machine */
  GHashTable *consoles;  /* "host/port" -> owner name */
  GHashTable *holds;     /* HOLD_KEY (type, port) -> fd + 1 */
};

#define HOLD_KEY(type, port) GUINT_TO_POINTER (((type) == SOCK_STREAM ? 0x10000u : 0) | (port))

WlPorts *
wl_ports_new (void)
{
  WlPorts *self = g_new0 (WlPorts, 1);

  self->udp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_hash_table_unref);
  self->machine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->consoles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->holds = g_hash_table_new (NULL, NULL);
  return self;
}

void
wl_ports_free (WlPorts *self)
{
  GHashTableIter iter;
  gpointer fd;

  if (self == NULL)
    return;
  g_hash_table_iter_init (&iter, self->holds);
  while (g_hash_table_iter_next (&iter, NULL, &fd))
    close (GPOINTER_TO_INT (fd) - 1);
  g_hash_table_unref (self->holds);
  g_hash_table_unref (self->udp);
  g_hash_table_unref (self->machine);
  g_hash_table_unref (self->consoles);
  g_free (self);
}

static GHashTable *
udp_set (WlPorts    *self,
         const char *host)
{
  GHashTable *set = g_hash_table_lookup (self->udp, host);

  if (set == NULL)
    {
      set = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (self->udp, g_strdup (host), set);
    }
  return set;
}

static gboolean
bind_free (int      type,
           guint16  port)
{
  struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons (port) };
  gboolean free_port = TRUE;
  int one = 1;
  int fd;

  /* IPv4 wildcard: what the hypervisors' NIOs and VPCS bind. */
  fd = socket (AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  /* A TCP port in TIME_WAIT is still usable by a listener. */
  if (type == SOCK_STREAM)
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &in4, sizeof in4) != 0)
    free_port = FALSE;
  close (fd);
  if (!free_port)
    return FALSE;

  /* An IPv6-only holder of the port counts too (when IPv6 exists). */
  fd = socket (AF_INET6, type | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;
  setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (type == SOCK_STREAM)
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &in6, sizeof in6) != 0 && errno == EADDRINUSE)
    free_port = FALSE;
  close (fd);
  return free_port;
}

gboolean
wl_port_udp_is_free (guint16 port)
{
  return bind_free (SOCK_DGRAM, port);
}

gboolean
wl_port_tcp_is_free (guint16 port)
{
  return bind_free (SOCK_STREAM, port);
}

static gboolean
hold (WlPorts *self,
      int      type,
      guint16  port)
{
  struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd;

  if (port == 0)
    return FALSE;
  if (g_hash_table_contains (self->holds, HOLD_KEY (type, port)))
    return TRUE;
  /* The IPv4 wildcard without SO_REUSEADDR: any other bind of the port,
   * with or without SO_REUSEADDR, on any address, fails. */
  fd = socket (AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  if (bind (fd, (struct sockaddr *) &in4, sizeof in4) != 0)
    {
      close (fd);
      return FALSE;
    }
  g_hash_table_insert (self->holds, HOLD_KEY (type, port), GINT_TO_POINTER (fd + 1));
  return TRUE;
}

static void
unhold (WlPorts *self,
        int      type,
        guint16  port)
{
  gpointer fd;

  if (!g_hash_table_steal_extended (self->holds, HOLD_KEY (type, port), NULL, &fd))
    return;
  close (GPOINTER_TO_INT (fd) - 1);
}

gboolean
wl_ports_hold_udp (WlPorts *self,
                   guint16  port)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return hold (self, SOCK_DGRAM, port);
}

gboolean
wl_ports_hold_tcp (WlPorts *self,
                   guint16  port)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return hold (self, SOCK_STREAM, port);
}

void
wl_ports_unhold_udp (WlPorts *self,
                     guint16  port)
{
  g_return_if_fail (self != NULL);
  unhold (self, SOCK_DGRAM, port);
}

void
wl_ports_unhold_tcp (WlPorts *self,
                     guint16  port)
{
  g_return_if_fail (self != NULL);
  unhold (self, SOCK_STREAM, port);
}

gboolean
wl_ports_holds_udp (WlPorts *self,
                    guint16  port)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->holds, HOLD_KEY (SOCK_DGRAM, port));
}

gboolean
wl_ports_holds_tcp (WlPorts *self,
                    guint16  port)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->holds, HOLD_KEY (SOCK_STREAM, port));
}

/* Used by any pool of this machine. */
static gboolean
used_on_machine (WlPorts *self,
                 guint    port)
{
  GHashTableIter iter;
  gpointer host;

  g_hash_table_iter_init (&iter, self->machine);
  while (g_hash_table_iter_next (&iter, &host, NULL))
    {
      GHashTable *set = g_hash_table_lookup (self->udp, host);

      if (set != NULL && g_hash_table_contains (set, GUINT_TO_POINTER (port)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
port_ok (WlPorts    *self,
         GHashTable *set,
         guint       port,
         gboolean    this_machine)
{
  if (g_hash_table_contains (set, GUINT_TO_POINTER (port)))
    return FALSE;
  if (this_machine && (used_on_machine (self, port) || !wl_port_udp_is_free (port)))
    return FALSE;
  return TRUE;
}

guint16
wl_ports_take_udp (WlPorts    *self,
                   const char *host,
                   guint16     base,
                   guint       span,
                   gboolean    this_machine)
{
  GHashTable *set;

  g_return_val_if_fail (host != NULL, 0);

  set = udp_set (self, host);
  if (this_machine && !g_hash_table_contains (self->machine, host))
    g_hash_table_add (self->machine, g_strdup (host));

  for (guint p = MAX (base, 1); p + span <= 65535; p++)
    {
      if (!port_ok (self, set, p, this_machine) ||
          (span > 0 && !port_ok (self, set, p + span, this_machine)))
        continue;

      g_hash_table_add (set, GUINT_TO_POINTER (p));
      if (span > 0)
        g_hash_table_add (set, GUINT_TO_POINTER (p + span));
      return p;
    }
  return 0;
}

void
wl_ports_release_udp (WlPorts    *self,
                      const char *host,
                      guint16     port,
                      guint       span)
{
  GHashTable *set = g_hash_table_lookup (self->udp, host);

  if (set == NULL || port == 0)
    return;
  g_hash_table_remove (set, GUINT_TO_POINTER ((guint) port));
  if (span > 0)
    g_hash_table_remove (set, GUINT_TO_POINTER ((guint) port + span));
  /* Holds are of this machine's ports only. */
  if (g_hash_table_contains (self->machine, host))
    {
      unhold (self, SOCK_DGRAM, port);
      if (span > 0)
        unhold (self, SOCK_DGRAM, port + span);
    }
}

void
wl_ports_forget_udp (WlPorts    *self,
                     const char *host,
                     guint16     port)
{
  g_hash_table_add (udp_set (self, host), GUINT_TO_POINTER ((guint) port));
}

gboolean
wl_ports_udp_in_use (WlPorts    *self,
                     const char *host,
                     guint16     port)
{
  GHashTable *set = g_hash_table_lookup (self->udp, host);

  return set != NULL && g_hash_table_contains (set, GUINT_TO_POINTER ((guint) port));
}

static char *
console_key (const char *host,
             guint16     port)
{
  return g_strdup_printf ("%s/%u", host, port);
}

const char *
wl_ports_console_owner (WlPorts    *self,
                        const char *host,
                        guint16     port)
{
  g_autofree char *key = console_key (host, port);

  return g_hash_table_lookup (self->consoles, key);
}

void
wl_ports_claim_console (WlPorts    *self,
                        const char *host,
                        guint16     port,
                        const char *owner)
{
  g_hash_table_replace (self->consoles, console_key (host, port), g_strdup (owner));
}

void
wl_ports_release_console (WlPorts    *self,
                          const char *host,
                          guint16     port)
{
  g_autofree char *key = console_key (host, port);

  if (g_hash_table_remove (self->consoles, key) && g_str_equal (host, WL_HOST_LOCAL))
    unhold (self, SOCK_STREAM, port);
}
