/* nio-null.c: the null NIO, where sent frames vanish and none arrive
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include "nio-save.h"
#include "nio-types.h"

static guint
null_recv (wl_nio_t  *nio,
           WlRxBatch *batch,
           guint      max)
{
  return 0;
}

/* Dynamips counts them as sent. */
static guint
null_send (wl_nio_t           *nio,
           const struct iovec *frames,
           guint               n)
{
  return n;
}

static void
null_save (wl_nio_t *nio,
           GString  *out)
{
  wl_save_command (out, "nio", "create_null", nio->name, NULL);
}

static const WlNioClass null_class = {
  .type = "null",
  .recv = null_recv,
  .send = null_send,
  .save = null_save,
};

wl_nio_t *
wl_nio_null_new (const char *name)
{
  wl_nio_t *nio = g_new0 (wl_nio_t, 1);

  wl_nio_init (nio, &null_class, name, -1);
  return nio;
}
