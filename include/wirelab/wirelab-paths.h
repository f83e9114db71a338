/* wirelab-paths.h
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *wirelab_find_image     (const char *name);
char *wirelab_find_data_file (const char *relative_path);

G_END_DECLS
