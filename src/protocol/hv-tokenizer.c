/* hv-tokenizer.c: the hypervisor protocol's command-line tokenizer
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include "hv-tokenizer.h"

typedef enum
{
  STATE_BLANK,
  STATE_WORD,
  STATE_QUOTED,
} State;

static void
push_word (GPtrArray  *words,
           const char *start,
           const char *end)
{
  /* An empty quoted string yields no word (Dynamips drops it). */
  if (end > start)
    g_ptr_array_add (words, g_strndup (start, end - start));
}

WlHvTokError
wl_hv_tokenize (const char *line,
                gsize       len,
                GPtrArray  *words)
{
  State state = STATE_BLANK;
  const char *start = NULL;
  const char *p = line;
  const char *end = line + len;

  g_return_val_if_fail (line != NULL || len == 0, WL_HV_TOK_OK);
  g_return_val_if_fail (words != NULL, WL_HV_TOK_OK);

  for (;; p++)
    {
      /* The end of the buffer is the end of the line too. */
      char c = p < end ? *p : '\n';
      gboolean eol = c == '\n' || c == '\r' || c == '\0';

      switch (state)
        {
        case STATE_BLANK:
          if (eol || c == '#' || c == '!')
            return WL_HV_TOK_OK;
          if (c == '"')
            {
              state = STATE_QUOTED;
              start = p + 1;
            }
          else if (c != ' ' && c != '\t')
            {
              state = STATE_WORD;
              start = p;
            }
          break;

        case STATE_WORD:
          if (eol || c == ' ' || c == '\t' || c == '#' || c == '!')
            {
              push_word (words, start, p);
              if (eol || c == '#' || c == '!')
                return WL_HV_TOK_OK;
              state = STATE_BLANK;
            }
          else if (c == '"')
            return WL_HV_TOK_UNEXPECTED_QUOTE;
          break;

        case STATE_QUOTED:
          if (eol)
            return WL_HV_TOK_UNEXPECTED_EOL;
          if (c == '"')
            {
              push_word (words, start, p);
              state = STATE_BLANK;
            }
          break;
        }
    }
}

const char *
wl_hv_tok_error_to_string (WlHvTokError error)
{
  switch (error)
    {
    case WL_HV_TOK_OK:
      return "no error";
    case WL_HV_TOK_UNEXPECTED_QUOTE:
      return "unexpected quote";
    case WL_HV_TOK_UNEXPECTED_EOL:
      return "unexpected end of line";
    default:
      return "unknown error";
    }
}
