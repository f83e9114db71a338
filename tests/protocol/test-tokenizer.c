/* test-tokenizer.c: the protocol tokenizer against spec section 2
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <string.h>

#include "protocol/hv-tokenizer.h"

typedef struct
{
  const char   *input;
  gsize         len;           /* 0: strlen */
  WlHvTokError  error;
  const char   *words[8];
} Case;

static const Case cases[] = {
  { "hypervisor version", 0, WL_HV_TOK_OK, { "hypervisor", "version" } },
  { "  \t a \t\t b   ", 0, WL_HV_TOK_OK, { "a", "b" } },
  { "a \"b c\" d", 0, WL_HV_TOK_OK, { "a", "b c", "d" } },
  { "\"C:\\Program Files\\x\"", 0, WL_HV_TOK_OK, { "C:\\Program Files\\x" } },
  { "\"a#b!c\" \"tab\there\"", 0, WL_HV_TOK_OK, { "a#b!c", "tab\there" } },
  { "a d\"e", 0, WL_HV_TOK_UNEXPECTED_QUOTE, { "a" } },
  { "a \"abc", 0, WL_HV_TOK_UNEXPECTED_EOL, { "a" } },
  { "\"abc\"def", 0, WL_HV_TOK_OK, { "abc", "def" } },
  { "a \"\" b", 0, WL_HV_TOK_OK, { "a", "b" } },
  { "\"\"", 0, WL_HV_TOK_OK, { NULL } },
  { "''", 0, WL_HV_TOK_OK, { "''" } },
  { "'x y'", 0, WL_HV_TOK_OK, { "'x", "y'" } },
  { "a # x y", 0, WL_HV_TOK_OK, { "a" } },
  { "a#x y", 0, WL_HV_TOK_OK, { "a" } },
  { "a ! x", 0, WL_HV_TOK_OK, { "a" } },
  { "# only a comment", 0, WL_HV_TOK_OK, { NULL } },
  { "", 0, WL_HV_TOK_OK, { NULL } },
  { "   \t", 0, WL_HV_TOK_OK, { NULL } },
  { "a b\r", 0, WL_HV_TOK_OK, { "a", "b" } },
  { "a b\rc d", 0, WL_HV_TOK_OK, { "a", "b" } },
  { "a\0b c", 5, WL_HV_TOK_OK, { "a" } },
  { "\"a\rb\"", 0, WL_HV_TOK_UNEXPECTED_EOL, { NULL } },
  { "\"x\"\"y\"", 0, WL_HV_TOK_OK, { "x", "y" } },
  { "caf\xc3\xa9 \"\xe2\x82\xac 1\"", 0, WL_HV_TOK_OK, { "caf\xc3\xa9", "\xe2\x82\xac 1" } },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
      gsize len = c->len != 0 ? c->len : strlen (c->input);
      WlHvTokError error;
      guint n = 0;

      g_test_message ("case %u: %s", i, c->input);
      error = wl_hv_tokenize (c->input, len, words);
      g_assert_cmpint (error, ==, c->error);
      while (n < G_N_ELEMENTS (c->words) && c->words[n] != NULL)
        n++;
      g_assert_cmpuint (words->len, ==, n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpstr (g_ptr_array_index (words, j), ==, c->words[j]);
    }
}

static void
test_error_strings (void)
{
  g_assert_cmpstr (wl_hv_tok_error_to_string (WL_HV_TOK_UNEXPECTED_QUOTE), ==, "unexpected quote");
  g_assert_cmpstr (wl_hv_tok_error_to_string (WL_HV_TOK_UNEXPECTED_EOL), ==, "unexpected end of line");
}

static void
test_long_word (void)
{
  gsize len = 3 * 1024 * 1024;
  g_autofree char *line = g_malloc (len + 3);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  line[0] = '"';
  memset (line + 1, 'x', len);
  line[len + 1] = '"';
  line[len + 2] = '\0';
  g_assert_cmpint (wl_hv_tokenize (line, len + 2, words), ==, WL_HV_TOK_OK);
  g_assert_cmpuint (words->len, ==, 1);
  g_assert_cmpuint (strlen (g_ptr_array_index (words, 0)), ==, len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/tokenizer/cases", test_cases);
  g_test_add_func ("/protocol/tokenizer/error-strings", test_error_strings);
  g_test_add_func ("/protocol/tokenizer/long-word", test_long_word);

  return g_test_run ();
}
