/* hv-tokenizer.h: the hypervisor protocol's command-line tokenizer
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The exact rules of Dynamips' parser (spec section 2): blanks (space, TAB)
 * separate words; "..." is one word with everything literal (no escapes);
 * "" is no word at all; a quote inside a bare word is an error; # and !
 * outside quotes start a comment; CR, NUL (and LF) end the line.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WL_HV_TOK_OK,
  WL_HV_TOK_UNEXPECTED_QUOTE,
  WL_HV_TOK_UNEXPECTED_EOL,
} WlHvTokError;

/* Splits `line` (len bytes, the LF already removed) into words appended to
 * `words` (a GPtrArray of g_malloc'd strings; set its free func to g_free).
 * On an error the words found so far are left in `words`. */
WlHvTokError  wl_hv_tokenize              (const char *line,
                                           gsize       len,
                                           GPtrArray  *words);

/* "unexpected quote", "unexpected end of line" (Dynamips' texts). */
const char   *wl_hv_tok_error_to_string   (WlHvTokError error);

G_END_DECLS
