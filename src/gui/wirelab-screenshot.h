/* wirelab-screenshot.h: a PNG of a window, for WIRELAB_SCREENSHOT
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Once the window is shown and drawn, saves it as a PNG (rendered by the
 * window's own renderer, no X server screenshot) and quits the
 * application.  With start_lab, first starts every node, opens the console
 * of the first router, waits for its prompt and runs `enable` and
 * `show ip interface brief` there, so the picture shows a running lab.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     wirelab_screenshot_take       (GtkWindow   *window,
                                        const char  *path,
                                        gboolean     start_lab);
/* Renders the window as it is now into a PNG. */
gboolean wirelab_screenshot_save_now   (GtkWindow   *window,
                                        const char  *path,
                                        GError     **error);
/* 0 after a complete screenshot run, 1 when a step failed (timeout). */
int      wirelab_screenshot_get_status (void);

G_END_DECLS
