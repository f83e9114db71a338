/* wl-version.c
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-version"

#include "config.h"

#include "wirelab/wirelab-version.h"

const char *
wirelab_get_version (void)
{
  return PACKAGE_VERSION;
}

/* "0.2.24-amd64-wirelab-0.1.0": protocol level, '-', host arch, then our own
 * version, so Dynamips clients that keep the text before the first '-' accept it. */
const char *
wirelab_get_hypervisor_version_string (void)
{
  static gsize once = 0;
  static char *version;

  if (g_once_init_enter (&once))
    {
      const char *arch = WIRELAB_HOST_ARCH;

      if (g_str_equal (arch, "x86_64"))
        arch = "amd64";
      version = g_strdup_printf ("%s-%s-wirelab-%s", WIRELAB_PROTOCOL_VERSION,
                                 arch, PACKAGE_VERSION);
      g_once_init_leave (&once, 1);
    }

  return version;
}
