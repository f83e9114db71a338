/* wirelab-window.h
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wirelab-application.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_WINDOW (wirelab_window_get_type ())

G_DECLARE_FINAL_TYPE (WirelabWindow, wirelab_window, WIRELAB, WINDOW, AdwApplicationWindow)

WirelabWindow *wirelab_window_new (WirelabApplication *application);

G_END_DECLS
