/* gui-test-display.h: an X server of the test's own
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GUI tests run in parallel.  On one shared display (xvfb-run around the
 * whole suite) each new test window takes the keyboard from the others:
 * their popovers close, their in-place renames end, and they fail now and
 * then.  Each GUI test process therefore runs on an Xvfb of its own.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts Xvfb (when installed) on a free display and points DISPLAY at
 * it; the server ends with this process.  Without Xvfb, the display of
 * the environment (if any) stays. */
void  gui_test_own_display  (void);

G_END_DECLS
