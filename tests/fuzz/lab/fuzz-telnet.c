/* fuzz-telnet.c: libFuzzer target for the console telnet codec
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is the byte stream a router's console sends.  It goes through
 * wirelab_telnet_receive() twice: in one piece, and in chunks whose sizes
 * come from a generator seeded by the input (so a crash reproduces).
 * Checked:
 * - both runs give the same terminal text, the same replies and the same
 *   option states (commands split across reads are handled);
 * - the terminal text is what an independent RFC 854 decoder keeps of the
 *   stream (every IAC command and subnegotiation consumed, IAC IAC as one
 *   0xFF), up to the NVT rule that CR NUL is a bare CR;
 * - the replies are well-formed telnet: only DO/DONT/WILL/WONT, the NAWS
 *   subnegotiation with our window size (IAC doubled) and TTYPE IS with our
 *   terminal type; DO only for ECHO/SGA/BINARY, WILL only for
 *   BINARY/SGA/NAWS/TTYPE; per option the accepted answers alternate
 *   (DO, DONT, DO …), so two peers can never loop; NAWS only once enabled.
 */

#define G_LOG_DOMAIN "fuzz-telnet"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "wirelab/wirelab-telnet.h"

#include "fuzz-util.h"

#define IAC  WIRELAB_TELNET_IAC
#define DONT WIRELAB_TELNET_DONT
#define DO   WIRELAB_TELNET_DO
#define WONT WIRELAB_TELNET_WONT
#define WILL WIRELAB_TELNET_WILL
#define SB   WIRELAB_TELNET_SB
#define SE   WIRELAB_TELNET_SE

/* 255 x 511: both sizes hold a 0xFF byte that must be doubled. */
#define COLUMNS 255
#define ROWS    511


typedef enum { REF_DATA, REF_CMD, REF_OPT, REF_SB_OPT, REF_SB_DATA, REF_SB_CMD } RefState;

/* The byte after an IAC, outside a subnegotiation. */
static RefState
reference_command (guint8      b,
                   GByteArray *text)
{
  if (b == IAC)
    {
      g_byte_array_append (text, &b, 1);
      return REF_DATA;
    }
  if (b >= WILL && b <= DONT)
    return REF_OPT;
  if (b == SB)
    return REF_SB_OPT;
  return REF_DATA;
}

/* The data bytes of a telnet stream (RFC 854), written independently of
 * wl-telnet.c: an IAC other than IAC/SE inside a subnegotiation ends it and
 * is read as a command. */
static GByteArray *
reference_text (const guint8 *data,
                gsize         size)
{
  RefState state = REF_DATA;
  GByteArray *text = g_byte_array_new ();

  for (gsize i = 0; i < size; i++)
    {
      guint8 b = data[i];

      switch (state)
        {
        case REF_DATA:
          if (b == IAC)
            state = REF_CMD;
          else
            g_byte_array_append (text, &b, 1);
          break;
        case REF_CMD:
          state = reference_command (b, text);
          break;
        case REF_OPT:
          state = REF_DATA;
          break;
        case REF_SB_OPT:
          state = REF_SB_DATA;
          break;
        case REF_SB_DATA:
          if (b == IAC)
            state = REF_SB_CMD;
          break;
        case REF_SB_CMD:
          if (b == SE)
            state = REF_DATA;
          else if (b == IAC)
            state = REF_SB_DATA;
          else
            state = reference_command (b, text);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return text;
}

/* Drops the NULs that follow a CR (in place): with BINARY toggled by the
 * peer, a CR NUL may or may not be a bare CR. */
static void
strip_cr_nul (GByteArray *bytes)
{
  gboolean after_cr = FALSE;
  guint out = 0;

  for (guint i = 0; i < bytes->len; i++)
    {
      guint8 b = bytes->data[i];

      if (b == 0 && after_cr)
        continue;
      after_cr = b == '\r';
      bytes->data[out++] = b;
    }
  g_byte_array_set_size (bytes, out);
}

/* One subnegotiation value byte: IAC comes doubled. */
static guint8
sb_byte (const guint8 *r,
         gsize         len,
         gsize        *i)
{
  guint8 b;

  g_assert_cmpuint (*i, <, len);
  b = r[(*i)++];
  if (b == IAC)
    {
      g_assert_cmpuint (*i, <, len);
      g_assert_cmpuint (r[(*i)++], ==, IAC);
    }
  return b;
}

static void
check_replies (const GByteArray *reply)
{
  const guint8 *r = reply->data;
  gsize len = reply->len;
  gboolean him[256] = { 0 };
  gboolean us[256] = { 0 };
  gsize i = 0;

  while (i < len)
    {
      guint8 cmd, opt;

      g_assert_cmpuint (len - i, >=, 3);
      g_assert_cmpuint (r[i], ==, IAC);
      cmd = r[i + 1];
      opt = r[i + 2];
      i += 3;
      switch (cmd)
        {
        case DO:
          g_assert_true (opt == WIRELAB_TELNET_OPT_ECHO || opt == WIRELAB_TELNET_OPT_SGA ||
                         opt == WIRELAB_TELNET_OPT_BINARY);
          g_assert_false (him[opt]);
          him[opt] = TRUE;
          break;
        case DONT:
          him[opt] = FALSE;
          break;
        case WILL:
          g_assert_true (opt == WIRELAB_TELNET_OPT_BINARY || opt == WIRELAB_TELNET_OPT_SGA ||
                         opt == WIRELAB_TELNET_OPT_NAWS || opt == WIRELAB_TELNET_OPT_TTYPE);
          g_assert_false (us[opt]);
          us[opt] = TRUE;
          break;
        case WONT:
          us[opt] = FALSE;
          break;
        case SB:
          if (opt == WIRELAB_TELNET_OPT_NAWS)
            {
              guint columns, rows;

              g_assert_true (us[opt]);
              columns = sb_byte (r, len, &i) << 8;
              columns |= sb_byte (r, len, &i);
              rows = sb_byte (r, len, &i) << 8;
              rows |= sb_byte (r, len, &i);
              g_assert_cmpuint (columns, ==, COLUMNS);
              g_assert_cmpuint (rows, ==, ROWS);
            }
          else
            {
              static const char is[] = "\0XTERM-256COLOR";

              g_assert_cmpuint (opt, ==, WIRELAB_TELNET_OPT_TTYPE);
              g_assert_true (us[opt]);
              g_assert_cmpuint (len - i, >=, sizeof is - 1);
              g_assert_true (memcmp (r + i, is, sizeof is - 1) == 0);
              i += sizeof is - 1;
            }
          g_assert_cmpuint (len - i, >=, 2);
          g_assert_cmpuint (r[i], ==, IAC);
          g_assert_cmpuint (r[i + 1], ==, SE);
          i += 2;
          break;
        default:
          g_error ("reply command %u", cmd);
        }
    }
}

static WirelabTelnet *
new_codec (void)
{
  WirelabTelnet *t = wirelab_telnet_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  wirelab_telnet_set_window_size (t, COLUMNS, ROWS, wire);
  g_assert_cmpuint (wire->len, ==, 0);   /* NAWS is not enabled yet */
  return t;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(WirelabTelnet) whole = new_codec ();
  g_autoptr(WirelabTelnet) pieces = new_codec ();
  g_autoptr(GByteArray) text1 = g_byte_array_new ();
  g_autoptr(GByteArray) reply1 = g_byte_array_new ();
  g_autoptr(GByteArray) text2 = g_byte_array_new ();
  g_autoptr(GByteArray) reply2 = g_byte_array_new ();
  g_autoptr(GByteArray) expected = NULL;
  g_autoptr(GRand) rand = NULL;
  guint32 seed = 2166136261u;
  gsize at = 0;

  wirelab_telnet_receive (whole, data, size, text1, reply1);

  for (gsize i = 0; i < size; i++)
    seed = (seed ^ data[i]) * 16777619u;
  rand = g_rand_new_with_seed (seed);
  while (at < size)
    {
      gsize n = g_rand_int_range (rand, 1, 8);

      /* Copies, so reading past a chunk is caught by ASan. */
      g_autofree guint8 *chunk = NULL;

      n = MIN (n, size - at);
      chunk = g_memdup2 (data + at, n);

      wirelab_telnet_receive (pieces, chunk, n, text2, reply2);
      at += n;
    }
  /* An empty read changes nothing. */
  wirelab_telnet_receive (pieces, NULL, 0, text2, reply2);

  g_assert_cmpmem (text1->data, text1->len, text2->data, text2->len);
  g_assert_cmpmem (reply1->data, reply1->len, reply2->data, reply2->len);
  g_assert_cmpint (wirelab_telnet_get_remote_echo (whole), ==,
                   wirelab_telnet_get_remote_echo (pieces));
  for (guint opt = 0; opt < 256; opt++)
    {
      g_assert_cmpint (wirelab_telnet_get_local_option (whole, opt), ==,
                       wirelab_telnet_get_local_option (pieces, opt));
      g_assert_cmpint (wirelab_telnet_get_remote_option (whole, opt), ==,
                       wirelab_telnet_get_remote_option (pieces, opt));
    }

  expected = reference_text (data, size);
  strip_cr_nul (expected);
  strip_cr_nul (text1);
  g_assert_cmpmem (expected->data, expected->len, text1->data, text1->len);

  check_replies (reply1);
  return 0;
}
