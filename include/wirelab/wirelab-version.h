/* wirelab-version.h
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Dynamips hypervisor protocol level Wirelab implements.  Clients keep the
 * part of `hypervisor version` before the first '-', so this comes first. */
#define WIRELAB_PROTOCOL_VERSION "0.2.24"

const char *wirelab_get_version (void);
const char *wirelab_get_hypervisor_version_string (void);

G_END_DECLS
