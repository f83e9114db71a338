/* app-test-util.h: what the application tests share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wirelab-application.h"
#include "wirelab-window.h"

G_BEGIN_DECLS

/* TRUE when the test must skip (no display; the TAP line is printed).
 * Otherwise GTK is up, HOME's data/config/cache dirs point into a fresh
 * temporary directory (removed by app_test_finish()). */
gboolean            app_test_init          (int       *argc,
                                            char    ***argv);
int                 app_test_finish        (int        status);
const char         *app_test_tmpdir        (void);

/* One application for the whole binary, registered (startup ran). */
WirelabApplication *app_test_get_app       (void);
/* A new lab window (shown) and its teardown: closing it stops its lab. */
WirelabWindow      *app_test_new_window    (void);
void                app_test_close_window  (WirelabWindow *window);
/* The first window of that type among the application's, or NULL. */
gpointer            app_test_find_window   (GType      type);

/* Iterates the main context until cond() or the deadline (then FALSE). */
gboolean            app_test_wait          (gboolean (*cond) (gpointer data),
                                            gpointer   data,
                                            guint      timeout_ms);
/* Iterates for a while (lets idles and redraws run). */
void                app_test_spin          (guint      ms);
/* Gives the lab's embedded hypervisor console and UDP ports no other test
 * uses (tests run in parallel; 2100 + instance, 10000… would collide). */
void                app_test_use_free_ports (WirelabLab *lab);
/* Removes a directory tree (a test's files). */
void                app_test_rm_rf         (const char *path);

G_END_DECLS
