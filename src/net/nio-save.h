/* nio-save.h: writing replayable commands (save_config)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends the words as one command line, quoted as the protocol needs. */
void wl_save_command (GString           *out,
                      const char        *first,
                      ...) G_GNUC_NULL_TERMINATED;
/* The same from a NULL-terminated array. */
void wl_save_words   (GString           *out,
                      const char *const *words);

G_END_DECLS
