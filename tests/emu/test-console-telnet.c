/* test-console-telnet.c: the telnet console server over real TCP
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "emu/wl-console.h"

typedef struct
{
  GMutex   lock;
  GString *input;
  int      status;
} Vm;

static gboolean
vm_input (void *opaque, const uint8_t *data, size_t len)
{
  Vm *vm = opaque;

  g_mutex_lock (&vm->lock);
  g_string_append_len (vm->input, (const char *) data, len);
  g_mutex_unlock (&vm->lock);
  return TRUE;
}

static int
vm_status (void *opaque)
{
  return ((Vm *) opaque)->status;
}

static GSocket *
connect_to (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, port);
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (s, addr, NULL, &error));
  g_assert_no_error (error);
  g_socket_set_timeout (s, 10);
  return s;
}

/* Reads until `needle` has arrived; returns everything read. */
static GString *
read_until (GSocket    *s,
            const char *needle,
            gsize       needle_len)
{
  GString *buf = g_string_new (NULL);

  while (buf->len < needle_len || memmem (buf->str, buf->len, needle, needle_len) == NULL)
    {
      char tmp[1024];
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (s, tmp, sizeof tmp, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (buf, tmp, n);
    }
  return buf;
}

static void
send_bytes (GSocket    *s,
            const char *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send (s, data, len, NULL, &error), ==, (gssize) len);
  g_assert_no_error (error);
}

static void
wait_input (Vm         *vm,
            const char *expect,
            gsize       len)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      gboolean ok;

      g_mutex_lock (&vm->lock);
      ok = vm->input->len >= len;
      if (ok)
        g_assert_cmpmem (vm->input->str, len, expect, len);
      g_mutex_unlock (&vm->lock);
      if (ok)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (2000);
    }
}

static const char nego[] = "\xff\xfd\x18\xff\xfb\x01\xff\xfb\x03\xff\xfe\x22";

static void
test_session (void)
{
  Vm vm = { .input = g_string_new (NULL), .status = 2 };
  wl_console_t *c = wl_console_new ("R1", 1, "c7200", FALSE, vm_input, vm_status, &vm);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) a = NULL;
  g_autoptr(GSocket) b = NULL;
  GString *got;
  const char *banner = "Connected to Dynamips VM \"R1\" (ID 1, type c7200) - Console port\r\n"
                       "Press ENTER to get the prompt.\r\n";
  g_autofree char *expect = NULL;
  guint16 port;

  g_mutex_init (&vm.lock);
  g_assert_true (wl_console_listen (c, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = wl_console_get_port (c);
  g_assert_cmpuint (port, >, 0);

  /* Output before anyone connects is replayed after the banner. */
  wl_console_output (c, (const uint8_t *) "boot\r\n", 6);
  a = connect_to (port);
  expect = g_strconcat (nego, banner, "boot\r\n", NULL);
  got = read_until (a, "boot\r\n", 6);
  g_assert_cmpmem (got->str, got->len, expect, strlen (expect));
  g_string_free (got, TRUE);

  /* A second client: both get live output; IAC in data is doubled. */
  b = connect_to (port);
  g_string_free (read_until (b, "boot\r\n", 6), TRUE);
  wl_console_output (c, (const uint8_t *) "live\xff!", 6);
  got = read_until (a, "live\xff\xff!", 7);
  g_string_free (got, TRUE);
  got = read_until (b, "live\xff\xff!", 7);
  g_string_free (got, TRUE);

  /* Input: IAC negotiation dropped, NUL and LF dropped, arrows mapped. */
  send_bytes (a, "\xff\xfb\x18" "ab\r\n" "\x00" "\x1b[A\x1b[B\x1b[C\x1b[D", 20);
  wait_input (&vm, "ab\r\x10\x0e\x06\x02", 7);
  /* WILL TTYPE got a SEND request; an xterm answer gets the title. */
  send_bytes (a, "\xff\xfa\x18\x00xterm\xff\xf0", 11);
  got = read_until (a, "\033]0;R1\007", 7);
  g_assert_nonnull (memmem (got->str, got->len, "\xff\xfa\x18\x01\xff\xf0", 6));
  g_string_free (got, TRUE);
  /* Input from the other client is merged. */
  send_bytes (b, "z", 1);
  wait_input (&vm, "ab\r\x10\x0e\x06\x02z", 8);

  /* The port is in use: a second listener fails. */
  {
    wl_console_t *other = wl_console_new ("R2", 2, "c7200", FALSE, NULL, NULL, NULL);

    g_assert_false (wl_console_listen (other, "127.0.0.1", port, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "console port"));
    g_clear_error (&error);
    wl_console_free (other);
  }

  wl_console_free (c);
  /* Closed: the clients see EOF. */
  {
    char tmp[16];
    gssize n = g_socket_receive (a, tmp, sizeof tmp, NULL, NULL);

    g_assert_cmpint (n, <=, 0);
  }
  g_string_free (vm.input, TRUE);
  g_mutex_clear (&vm.lock);
}

static void
test_not_running (void)
{
  Vm vm = { .input = g_string_new (NULL), .status = 0 };
  wl_console_t *c = wl_console_new ("R1", 1, "c7200", TRUE, vm_input, vm_status, &vm);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) a = NULL;
  GString *got;
  /* Exact bytes of spec section 14, AUX variant. */
  const char *expect = "\xff\xfd\x18\xff\xfb\x01\xff\xfb\x03\xff\xfe\""
                       "Connected to Dynamips VM \"R1\" (ID 1, type c7200) - AUX port\r\n"
                       "Press ENTER to get the prompt.\r\n"
                       "\r\n!!! WARNING - VM is not running, will be unresponsive (status=0) !!!\r\n";

  g_mutex_init (&vm.lock);
  g_assert_true (wl_console_listen (c, "127.0.0.1", 0, &error));
  a = connect_to (wl_console_get_port (c));
  got = read_until (a, "(status=0) !!!\r\n", 16);
  g_assert_cmpmem (got->str, got->len, expect, strlen (expect));
  g_string_free (got, TRUE);
  wl_console_free (c);
  g_string_free (vm.input, TRUE);
  g_mutex_clear (&vm.lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console/session", test_session);
  g_test_add_func ("/console/not-running", test_not_running);
  return g_test_run ();
}
