/* wirelab-application.h
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WIRELAB_TYPE_APPLICATION (wirelab_application_get_type ())

G_DECLARE_FINAL_TYPE (WirelabApplication, wirelab_application, WIRELAB, APPLICATION, AdwApplication)

WirelabApplication *wirelab_application_new (void);

G_END_DECLS
