/* wl-host.c: host identity from name resolution
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * UDP ports are shared per machine, so two hypervisors configured as
 * "localhost" and "127.0.0.1" must draw from one pool (the seed's warning:
 * same base UDP on one host collides).
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "wirelab/wirelab-lab-types.h"
#include "wl-host.h"

void
wl_host_info_free (WlHostInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->key);
  g_free (info->ipv4);
  g_free (info);
}

/* Addresses of this machine's interfaces, except loopback ones other than
 * 127.0.0.1 and ::1 (those name other "hosts" for testing). */
static gboolean
is_own_address (GInetAddress *addr)
{
  struct ifaddrs *list = NULL;
  gboolean found = FALSE;
  g_autofree char *text = g_inet_address_to_string (addr);

  if (g_str_equal (text, "127.0.0.1") || g_str_equal (text, "::1"))
    return TRUE;
  if (g_inet_address_get_is_loopback (addr))
    return FALSE;
  if (getifaddrs (&list) != 0)
    return FALSE;
  for (struct ifaddrs *i = list; i != NULL && !found; i = i->ifa_next)
    {
      g_autoptr(GSocketAddress) sa = NULL;

      if (i->ifa_addr == NULL ||
          (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
        continue;
      sa = g_socket_address_new_from_native (i->ifa_addr,
                                             i->ifa_addr->sa_family == AF_INET
                                               ? sizeof (struct sockaddr_in)
                                               : sizeof (struct sockaddr_in6));
      if (sa != NULL && G_IS_INET_SOCKET_ADDRESS (sa) &&
          g_inet_address_equal (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa)), addr))
        found = TRUE;
    }
  freeifaddrs (list);
  return found;
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *host = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  WlHostInfo *info;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean local = FALSE;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (addresses == NULL)
    {
      g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                               "Cannot resolve the host “%s”: %s", host, error->message);
      return;
    }

  info = g_new0 (WlHostInfo, 1);
  info->loopback = TRUE;
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *addr = l->data;

      g_ptr_array_add (texts, g_inet_address_to_string (addr));
      if (!g_inet_address_get_is_loopback (addr))
        info->loopback = FALSE;
      if (info->ipv4 == NULL && g_inet_address_get_family (addr) == G_SOCKET_FAMILY_IPV4)
        info->ipv4 = g_inet_address_to_string (addr);
      if (is_own_address (addr))
        local = TRUE;
    }
  g_resolver_free_addresses (addresses);

  /* This machine's own name maps to 127.0.1.1 on Debian: still this host. */
  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_ascii_strcasecmp (host, g_get_host_name ()) == 0)
    local = TRUE;

  if (local)
    info->key = g_strdup (WL_HOST_LOCAL);
  else
    {
      info->key = g_strdup (g_ptr_array_index (texts, 0));
      for (guint i = 1; i < texts->len; i++)
        if (strcmp (g_ptr_array_index (texts, i), info->key) < 0)
          {
            g_free (info->key);
            info->key = g_strdup (g_ptr_array_index (texts, i));
          }
    }

  g_task_return_pointer (task, info, (GDestroyNotify) wl_host_info_free);
}

void
wl_host_resolve_async (const char          *host,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  g_task_set_source_tag (task, wl_host_resolve_async);
  g_task_set_task_data (task, g_strdup (host), g_free);
  g_resolver_lookup_by_name_async (resolver, host, cancellable, on_resolved, task);
}

WlHostInfo *
wl_host_resolve_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
