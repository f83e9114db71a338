/* test-telnet.c: the console telnet codec, byte vector by byte vector
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-telnet"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab-telnet.h"

#define IAC  "\xff"
#define DONT "\xfe"
#define DO   "\xfd"
#define WONT "\xfc"
#define WILL "\xfb"
#define SB   "\xfa"
#define SE   "\xf0"

#define O_BINARY "\x00"
#define O_ECHO   "\x01"
#define O_SGA    "\x03"
#define O_TTYPE  "\x18"
#define O_NAWS   "\x1f"
#define O_LINEMODE "\x22"

/* Byte vectors hold NULs: sizeof - 1 is their length. */
#define VEC(s) ((const guint8 *) (s)), (sizeof (s) - 1)

typedef struct
{
  GByteArray *text;
  GByteArray *reply;
} Out;

static void
out_clear (Out *out)
{
  g_byte_array_set_size (out->text, 0);
  g_byte_array_set_size (out->reply, 0);
}

static void
out_init (Out *out)
{
  out->text = g_byte_array_new ();
  out->reply = g_byte_array_new ();
}

static void
out_free (Out *out)
{
  g_byte_array_unref (out->text);
  g_byte_array_unref (out->reply);
}

static void
assert_bytes (GByteArray   *array,
              const guint8 *expected,
              gsize         length)
{
  if (array->len != length || memcmp (array->data, expected, length) != 0)
    {
      g_test_message ("got %u bytes, expected %" G_GSIZE_FORMAT, array->len, length);
      for (guint i = 0; i < array->len; i++)
        g_test_message ("  got[%u] = 0x%02x", i, array->data[i]);
    }
  g_assert_cmpmem (array->data, array->len, expected, length);
}

/* Feeds `data` in pieces of `step` bytes (0: all at once). */
static void
feed (WirelabTelnet *telnet,
      const guint8  *data,
      gsize          length,
      gsize          step,
      Out           *out)
{
  if (step == 0)
    step = length;
  for (gsize i = 0; i < length; i += step)
    wirelab_telnet_receive (telnet, data + i, MIN (step, length - i), out->text, out->reply);
}

/* What a Dynamips console (and Wirelab's) sends on accept, then its banner. */
static const char dynamips_hello[] =
  IAC DO O_TTYPE IAC WILL O_ECHO IAC WILL O_SGA IAC DONT O_LINEMODE
  "Connected to Dynamips VM \"R1\" (ID 1, type c7200) - Console port\r\n";
static const char dynamips_banner[] =
  "Connected to Dynamips VM \"R1\" (ID 1, type c7200) - Console port\r\n";
static const char dynamips_answer[] =
  IAC WILL O_TTYPE IAC DO O_ECHO IAC DO O_SGA;

static void
test_plain_text (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC ("Router>show version\r\n\x1b[0m"), 0, &out);
  assert_bytes (out.text, VEC ("Router>show version\r\n\x1b[0m"));
  g_assert_cmpuint (out.reply->len, ==, 0);
  g_assert_false (wirelab_telnet_get_remote_echo (telnet));
  out_free (&out);
}

static void
test_dynamips_connect (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC (dynamips_hello), 0, &out);
  assert_bytes (out.text, VEC (dynamips_banner));
  assert_bytes (out.reply, VEC (dynamips_answer));
  g_assert_true (wirelab_telnet_get_remote_echo (telnet));
  g_assert_true (wirelab_telnet_get_remote_option (telnet, WIRELAB_TELNET_OPT_SGA));
  g_assert_true (wirelab_telnet_get_local_option (telnet, WIRELAB_TELNET_OPT_TTYPE));
  g_assert_false (wirelab_telnet_get_local_option (telnet, WIRELAB_TELNET_OPT_LINEMODE));
  out_free (&out);
}

/* Every split point of every sequence gives the same result. */
static void
test_split_sequences (void)
{
  static const char stream[] =
    "a" IAC WILL O_ECHO "b" IAC IAC "c" IAC SB O_TTYPE "\x01" IAC SE "d"
    IAC SB "\x63" "xy" IAC IAC "z" IAC SE "e" IAC "\xf1" "f" "\r" "\0" "g";
  static const char text[] = "ab\xff" "cde" "f\rg";

  for (gsize step = 1; step <= sizeof stream; step++)
    {
      g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
      Out out;

      out_init (&out);
      feed (telnet, VEC (stream), step, &out);
      assert_bytes (out.text, VEC (text));
      /* DO ECHO only: TTYPE SEND is not answered before DO TTYPE. */
      assert_bytes (out.reply, VEC (IAC DO O_ECHO));
      out_free (&out);
    }

  /* The Dynamips greeting byte by byte. */
  {
    g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
    Out out;

    out_init (&out);
    feed (telnet, VEC (dynamips_hello), 1, &out);
    assert_bytes (out.text, VEC (dynamips_banner));
    assert_bytes (out.reply, VEC (dynamips_answer));
    out_free (&out);
  }
}

static void
test_iac_iac (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC ("a" IAC IAC IAC IAC "b"), 0, &out);
  assert_bytes (out.text, VEC ("a\xff\xff" "b"));
  g_assert_cmpuint (out.reply->len, ==, 0);

  /* Split right between the two IACs. */
  out_clear (&out);
  feed (telnet, VEC ("x" IAC), 0, &out);
  feed (telnet, VEC (IAC "y"), 0, &out);
  assert_bytes (out.text, VEC ("x\xffy"));
  out_free (&out);
}

static void
test_subnegotiation_stripped (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  g_autoptr(GByteArray) big = g_byte_array_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC ("x" IAC SB O_NAWS "\x00\x50\x00\x18" IAC SE "y"), 0, &out);
  assert_bytes (out.text, VEC ("xy"));
  g_assert_cmpuint (out.reply->len, ==, 0);

  /* A subnegotiation far longer than anything kept: read to its end. */
  out_clear (&out);
  g_byte_array_append (big, VEC ("<" IAC SB "\x63"));
  for (guint i = 0; i < 5000; i++)
    g_byte_array_append (big, (const guint8 *) "Q", 1);
  g_byte_array_append (big, VEC (IAC IAC "q" IAC SE ">"));
  wirelab_telnet_receive (telnet, big->data, big->len, out.text, out.reply);
  assert_bytes (out.text, VEC ("<>"));
  g_assert_cmpuint (out.reply->len, ==, 0);

  /* A subnegotiation cut short by a command: the command still counts. */
  out_clear (&out);
  feed (telnet, VEC (IAC SB O_TTYPE "\x01" IAC WILL O_ECHO "z"), 0, &out);
  assert_bytes (out.text, VEC ("z"));
  assert_bytes (out.reply, VEC (IAC DO O_ECHO));
  out_free (&out);
}

static void
test_other_commands (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  /* NOP, GA, AYT, DM, a stray SE. */
  feed (telnet, VEC ("1" IAC "\xf1" "2" IAC "\xf9" "3" IAC "\xf6" "4" IAC "\xf2" "5" IAC SE "6"),
        0, &out);
  assert_bytes (out.text, VEC ("123456"));
  g_assert_cmpuint (out.reply->len, ==, 0);
  out_free (&out);
}

static void
test_unknown_options (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC (IAC DO "\x63"), 0, &out);
  assert_bytes (out.reply, VEC (IAC WONT "\x63"));

  out_clear (&out);
  feed (telnet, VEC (IAC WILL "\x63"), 0, &out);
  assert_bytes (out.reply, VEC (IAC DONT "\x63"));

  /* We never echo for the peer, and never do linemode. */
  out_clear (&out);
  feed (telnet, VEC (IAC DO O_ECHO IAC DO O_LINEMODE IAC WILL O_NAWS), 0, &out);
  assert_bytes (out.reply, VEC (IAC WONT O_ECHO IAC WONT O_LINEMODE IAC DONT O_NAWS));
  g_assert_false (wirelab_telnet_get_local_option (telnet, WIRELAB_TELNET_OPT_ECHO));
  g_assert_cmpuint (out.text->len, ==, 0);
  out_free (&out);
}

static void
test_no_loops (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  /* Asking again for what is already on gets no answer. */
  feed (telnet, VEC (IAC WILL O_ECHO IAC WILL O_ECHO IAC DO O_SGA IAC DO O_SGA), 0, &out);
  assert_bytes (out.reply, VEC (IAC DO O_ECHO IAC WILL O_SGA));

  /* Turning off what is on is acknowledged once; off again, nothing. */
  out_clear (&out);
  feed (telnet, VEC (IAC WONT O_ECHO IAC WONT O_ECHO IAC DONT O_SGA IAC DONT O_SGA), 0, &out);
  assert_bytes (out.reply, VEC (IAC DONT O_ECHO IAC WONT O_SGA));
  g_assert_false (wirelab_telnet_get_remote_echo (telnet));

  /* Refusals of what was never on are not answered. */
  out_clear (&out);
  feed (telnet, VEC (IAC WONT O_BINARY IAC DONT O_NAWS IAC DONT "\x63"), 0, &out);
  g_assert_cmpuint (out.reply->len, ==, 0);
  out_free (&out);
}

/* Two clients wired to each other, started by an offer: they go quiet. */
static void
test_peers_settle (void)
{
  g_autoptr(WirelabTelnet) a = wirelab_telnet_new ();
  g_autoptr(WirelabTelnet) b = wirelab_telnet_new ();
  g_autoptr(GByteArray) to_a = g_byte_array_new ();
  g_autoptr(GByteArray) to_b = g_byte_array_new ();
  guint rounds = 0;

  g_byte_array_append (to_a, VEC (IAC WILL O_ECHO IAC DO O_NAWS IAC WILL "\x63" IAC DO O_ECHO));
  wirelab_telnet_set_window_size (a, 80, 24, NULL);
  wirelab_telnet_set_window_size (b, 80, 24, NULL);

  while (to_a->len > 0 || to_b->len > 0)
    {
      g_autoptr(GByteArray) text = g_byte_array_new ();
      g_autoptr(GByteArray) next_a = g_byte_array_new ();
      g_autoptr(GByteArray) next_b = g_byte_array_new ();

      g_assert_cmpuint (++rounds, <, 10);
      wirelab_telnet_receive (a, to_a->data, to_a->len, text, next_b);
      wirelab_telnet_receive (b, to_b->data, to_b->len, text, next_a);
      g_assert_cmpuint (text->len, ==, 0);
      g_byte_array_set_size (to_a, 0);
      g_byte_array_set_size (to_b, 0);
      g_byte_array_append (to_a, next_a->data, next_a->len);
      g_byte_array_append (to_b, next_b->data, next_b->len);
    }
  g_assert_cmpuint (rounds, >=, 2);
}

static void
test_naws (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  Out out;

  out_init (&out);
  /* Not negotiated yet: the size is kept, nothing sent. */
  wirelab_telnet_set_window_size (telnet, 80, 24, wire);
  g_assert_cmpuint (wire->len, ==, 0);

  feed (telnet, VEC (IAC DO O_NAWS), 0, &out);
  assert_bytes (out.reply, VEC (IAC WILL O_NAWS IAC SB O_NAWS "\x00\x50\x00\x18" IAC SE));

  /* The same size again: nothing.  A new size: sent. */
  wirelab_telnet_set_window_size (telnet, 80, 24, wire);
  g_assert_cmpuint (wire->len, ==, 0);
  wirelab_telnet_set_window_size (telnet, 132, 43, wire);
  assert_bytes (wire, VEC (IAC SB O_NAWS "\x00\x84\x00\x2b" IAC SE));

  /* 255 in any byte is doubled. */
  g_byte_array_set_size (wire, 0);
  wirelab_telnet_set_window_size (telnet, 255, 0x1ff, wire);
  assert_bytes (wire, VEC (IAC SB O_NAWS "\x00\xff\xff\x01\xff\xff" IAC SE));

  /* Switched off: resizes are not sent. */
  out_clear (&out);
  feed (telnet, VEC (IAC DONT O_NAWS), 0, &out);
  assert_bytes (out.reply, VEC (IAC WONT O_NAWS));
  g_byte_array_set_size (wire, 0);
  wirelab_telnet_set_window_size (telnet, 100, 30, wire);
  g_assert_cmpuint (wire->len, ==, 0);

  /* Enabled again: the current size goes out at once. */
  out_clear (&out);
  feed (telnet, VEC (IAC DO O_NAWS), 0, &out);
  assert_bytes (out.reply, VEC (IAC WILL O_NAWS IAC SB O_NAWS "\x00\x64\x00\x1e" IAC SE));
  out_free (&out);
}

static void
test_naws_unknown_size (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  Out out;

  out_init (&out);
  /* No size known yet (widget not allocated): only the WILL. */
  feed (telnet, VEC (IAC DO O_NAWS), 0, &out);
  assert_bytes (out.reply, VEC (IAC WILL O_NAWS));
  wirelab_telnet_set_window_size (telnet, 80, 25, wire);
  assert_bytes (wire, VEC (IAC SB O_NAWS "\x00\x50\x00\x19" IAC SE));
  out_free (&out);
}

static void
test_ttype (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  /* Asked before DO TTYPE: not answered. */
  feed (telnet, VEC (IAC SB O_TTYPE "\x01" IAC SE), 0, &out);
  g_assert_cmpuint (out.reply->len, ==, 0);

  feed (telnet, VEC (IAC DO O_TTYPE), 0, &out);
  assert_bytes (out.reply, VEC (IAC WILL O_TTYPE));

  out_clear (&out);
  feed (telnet, VEC (IAC SB O_TTYPE "\x01" IAC SE), 3, &out);
  assert_bytes (out.reply, VEC (IAC SB O_TTYPE "\x00" "XTERM-256COLOR" IAC SE));

  out_clear (&out);
  wirelab_telnet_set_terminal_type (telnet, "VT100");
  feed (telnet, VEC (IAC SB O_TTYPE "\x01" IAC SE), 0, &out);
  assert_bytes (out.reply, VEC (IAC SB O_TTYPE "\x00" "VT100" IAC SE));

  /* A TTYPE IS from the peer is not a question. */
  out_clear (&out);
  feed (telnet, VEC (IAC SB O_TTYPE "\x00" "ANSI" IAC SE), 0, &out);
  g_assert_cmpuint (out.reply->len, ==, 0);
  g_assert_cmpuint (out.text->len, ==, 0);
  out_free (&out);
}

static void
test_binary (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC (IAC WILL O_BINARY IAC DO O_BINARY), 0, &out);
  assert_bytes (out.reply, VEC (IAC DO O_BINARY IAC WILL O_BINARY));

  /* In BINARY a CR goes out alone, and a received NUL is data. */
  wirelab_telnet_send (telnet, VEC ("ab\r"), wire, NULL);
  assert_bytes (wire, VEC ("ab\r"));
  out_clear (&out);
  feed (telnet, VEC ("x\r\0y"), 0, &out);
  assert_bytes (out.text, VEC ("x\r\0y"));
  out_free (&out);
}

static void
test_cr_nul_received (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  Out out;

  out_init (&out);
  feed (telnet, VEC ("a\r\0b\r\nc\0d"), 0, &out);
  assert_bytes (out.text, VEC ("a\rb\r\nc\0d"));

  /* Split between CR and NUL. */
  out_clear (&out);
  feed (telnet, VEC ("e\r"), 0, &out);
  feed (telnet, VEC ("\0f"), 0, &out);
  assert_bytes (out.text, VEC ("e\rf"));
  out_free (&out);
}

static void
test_send (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GByteArray) echo = g_byte_array_new ();
  Out out;

  out_init (&out);
  /* No WILL ECHO yet: the codec echoes locally. */
  wirelab_telnet_send (telnet, VEC ("en\xff" "a\r"), wire, echo);
  assert_bytes (wire, VEC ("en" IAC IAC "a\r\0"));
  assert_bytes (echo, VEC ("en" "a\r\n"));

  g_byte_array_set_size (wire, 0);
  g_byte_array_set_size (echo, 0);
  wirelab_telnet_send (telnet, VEC ("x\r\ny\x7f\x03"), wire, echo);
  assert_bytes (wire, VEC ("x\r\ny\x7f\x03"));
  assert_bytes (echo, VEC ("x\r\ny\b \b"));

  /* The router echoes: nothing local any more. */
  feed (telnet, VEC (IAC WILL O_ECHO), 0, &out);
  g_byte_array_set_size (wire, 0);
  g_byte_array_set_size (echo, 0);
  wirelab_telnet_send (telnet, VEC ("show version\r"), wire, echo);
  assert_bytes (wire, VEC ("show version\r\0"));
  g_assert_cmpuint (echo->len, ==, 0);
  out_free (&out);
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_reset (void)
{
  g_autoptr(WirelabTelnet) telnet = wirelab_telnet_new ();
  guint notified = 0;
  Out out;

  out_init (&out);
  g_signal_connect (telnet, "notify::remote-echo", G_CALLBACK (notify_count), &notified);
  wirelab_telnet_set_window_size (telnet, 80, 24, NULL);
  feed (telnet, VEC (dynamips_hello), 0, &out);
  g_assert_cmpuint (notified, ==, 1);
  /* The connection drops in the middle of a subnegotiation. */
  feed (telnet, VEC (IAC SB O_TTYPE "\x01"), 0, &out);

  wirelab_telnet_reset (telnet);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (wirelab_telnet_get_remote_echo (telnet));
  g_assert_false (wirelab_telnet_get_local_option (telnet, WIRELAB_TELNET_OPT_TTYPE));

  /* The next connection starts clean and negotiates again, size included. */
  out_clear (&out);
  feed (telnet, VEC ("hello" IAC WILL O_ECHO IAC DO O_NAWS), 0, &out);
  assert_bytes (out.text, VEC ("hello"));
  assert_bytes (out.reply, VEC (IAC DO O_ECHO IAC WILL O_NAWS IAC SB O_NAWS "\x00\x50\x00\x18" IAC SE));
  out_free (&out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/telnet/plain-text", test_plain_text);
  g_test_add_func ("/telnet/dynamips-connect", test_dynamips_connect);
  g_test_add_func ("/telnet/split-sequences", test_split_sequences);
  g_test_add_func ("/telnet/iac-iac", test_iac_iac);
  g_test_add_func ("/telnet/subnegotiation-stripped", test_subnegotiation_stripped);
  g_test_add_func ("/telnet/other-commands", test_other_commands);
  g_test_add_func ("/telnet/unknown-options", test_unknown_options);
  g_test_add_func ("/telnet/no-loops", test_no_loops);
  g_test_add_func ("/telnet/peers-settle", test_peers_settle);
  g_test_add_func ("/telnet/naws", test_naws);
  g_test_add_func ("/telnet/naws-unknown-size", test_naws_unknown_size);
  g_test_add_func ("/telnet/ttype", test_ttype);
  g_test_add_func ("/telnet/binary", test_binary);
  g_test_add_func ("/telnet/cr-nul-received", test_cr_nul_received);
  g_test_add_func ("/telnet/send", test_send);
  g_test_add_func ("/telnet/reset", test_reset);

  return g_test_run ();
}
