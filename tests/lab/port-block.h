/* port-block.h: ports no other test process uses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Tests run in parallel (meson runs several at once, other build trees
 * run theirs) and several start labs, routers and PCs: fixed ports, or the
 * same defaults (consoles 2100 + id, UDP 10000…), collide.  Each test
 * process instead takes a block of ports below the kernel's ephemeral
 * range (so no connect() or bind(0) lands in it), found free and locked
 * for the process's life by holding the block's first port.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `count` consecutive ports of this process's block, each free for TCP and
 * UDP when the block was taken, never handed out twice in this process.
 * Aborts the test when the block is used up. */
guint16  test_ports_take  (guint count);

G_END_DECLS
