/* wl-host.h: which machine a configured host name means
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The key of this machine. */
#define WL_HOST_LOCAL "local"

typedef struct
{
  /* WL_HOST_LOCAL for this machine ("localhost", 127.0.0.1, ::1, this
   * machine's name or one of its interface addresses); otherwise the
   * smallest resolved address, so two names of one address are one host.
   * 127.0.0.2 is another host than 127.0.0.1. */
  char     *key;
  /* An IPv4 literal of the host when it has one (VPCS -t needs one). */
  char     *ipv4;
  /* Every resolved address is a loopback address (127/8, ::1). */
  gboolean  loopback;
} WlHostInfo;

void        wl_host_info_free      (WlHostInfo          *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlHostInfo, wl_host_info_free)

void        wl_host_resolve_async  (const char          *host,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
WlHostInfo *wl_host_resolve_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
