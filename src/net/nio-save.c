/* nio-save.c: writing replayable commands (save_config)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <stdarg.h>

#include "wirelab/wirelab-client.h"

#include "nio-save.h"

void
wl_save_words (GString           *out,
               const char *const *words)
{
  g_autofree char *line = wirelab_client_build_command (words, NULL);

  if (line != NULL)
    g_string_append (out, line);
}

void
wl_save_command (GString    *out,
                 const char *first,
                 ...)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *word = first; word != NULL; word = va_arg (args, const char *))
    g_ptr_array_add (words, (gpointer) word);
  va_end (args);
  g_ptr_array_add (words, NULL);
  wl_save_words (out, (const char *const *) words->pdata);
}
