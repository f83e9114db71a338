/* wirelab.h: the public API of libwirelab (GLib/GIO only, no GTK).
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab-version.h"
#include "wirelab-paths.h"
#include "wirelab-client.h"
#include "wirelab-hypervisor.h"
#include "wirelab-lab-types.h"
#include "wirelab-platform.h"
#include "wirelab-hypervisor-config.h"
#include "wirelab-image.h"
#include "wirelab-node.h"
#include "wirelab-link.h"
#include "wirelab-history.h"
#include "wirelab-lab.h"
#include "wirelab-session.h"
#include "wirelab-dynagen.h"
