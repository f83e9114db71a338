/* fuzz-hv-dispatch.c: libFuzzer target for the tokenizer and dispatcher
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each input is a session: its lines run in order through an in-process
 * hypervisor with every module of the protocol and net areas (the emulator
 * is left out), replies written to a buffer.  The hypervisor is sandboxed:
 * no path outside its temporary working directory, no host interfaces, no
 * name lookups.  Every reply must be well formed: 101 lines, then exactly
 * one final line.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib/gstdio.h>

#include "net/nio.h"
#include "protocol/hv-private.h"

#include "fuzz-util.h"

static char *workdir;

/* One reply: any number of "101 " lines, then one "NNN-" line, CRLF each. */
static void
check_reply (const char *reply,
             gsize       len,
             guint       code)
{
  const char *p = reply;
  const char *end = reply + len;
  gboolean final = FALSE;

  g_assert (len >= 6);
  while (p < end)
    {
      const char *crlf = g_strstr_len (p, end - p, "\r\n");

      g_assert (crlf != NULL);
      g_assert (!final);
      g_assert (crlf - p >= 4);
      g_assert (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]));
      g_assert (memchr (p, '\n', crlf - p) == NULL && memchr (p, '\r', crlf - p) == NULL);
      if (p[3] == '-')
        {
          final = TRUE;
          g_assert ((guint) g_ascii_digit_value (p[0]) * 100 + g_ascii_digit_value (p[1]) * 10 +
                    g_ascii_digit_value (p[2]) == code);
        }
      else
        g_assert (p[3] == ' ' && strncmp (p, "101", 3) == 0);
      p = crlf + 2;
    }
  g_assert (final);
  g_assert (code == 100 || (code >= 200 && code <= 215));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(WirelabHypervisor) hv = NULL;
  const char *p = (const char *) data;
  const char *end = p + size;

  if (workdir == NULL)
    {
      workdir = g_dir_make_tmp ("wl-fuzz-XXXXXX", NULL);
      g_assert (workdir != NULL);
    }

  hv = wl_hv_new_without_emulator ();
  wirelab_hypervisor_set_working_dir (hv, workdir);
  wl_hv_set_sandboxed (hv, TRUE);

  while (p < end)
    {
      const char *lf = memchr (p, '\n', end - p);
      gsize len = lf != NULL ? (gsize) (lf - p) : (gsize) (end - p);
      g_autoptr(GString) out = g_string_new (NULL);
      guint code = wl_hv_run_line (hv, p, len, out);

      check_reply (out->str, out->len, code);
      p += len + 1;
    }

  /* Disposing stops it (every object goes) without a ::stopped to emit:
   * nothing iterates a main loop here.  The I/O thread frees what it holds. */
  g_clear_object (&hv);
  wl_net_sync ();
  fuzz_empty_dir (workdir);
  return 0;
}
