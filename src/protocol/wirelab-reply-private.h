/* wirelab-reply-private.h: building WirelabReply (client internals)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-client.h"

G_BEGIN_DECLS

/* `lines`: the 101 texts (may be NULL). */
WirelabReply *wl_reply_new (const char *text,
                            GPtrArray  *lines);

G_END_DECLS
