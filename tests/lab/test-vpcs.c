/* test-vpcs.c: VPCS PCs as the lab layer runs them: named prompts, a PC
 * proved to hold its UDP port, and one whose port another program holds
 * reported instead of left running deaf
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/wl-vpcs.h"
#include "lab-test-util.h"
#include "port-block.h"

static void
test_pc_names (void)
{
  const struct { const char *name, *want; } cases[] = {
    { "PC1", "PC1" },
    { "Router", "Router" },
    /* VPCS 0.5b2 takes 6 characters at most, no blanks. */
    { "Server-12", "Server" },
    { "my pc", "mypc" },
    { "été", "t" },
    { "é ü", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = wl_vpcs_pc_name (cases[i].name);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static void
test_start_script (void)
{
  g_autofree char *none = wl_vpcs_start_script ("PC1", NULL);
  g_autofree char *saved = wl_vpcs_start_script ("PC2", "set pcname OLD\nip 10.0.0.2 24\n\n"
                                                        "  SET PCNAME other\nsave\n");
  g_autofree char *nameless = wl_vpcs_start_script ("", "ip 10.0.0.3/24");

  g_assert_cmpstr (none, ==, "set pcname PC1\n");
  /* The node's name wins over one VPCS saved before a rename. */
  g_assert_cmpstr (saved, ==, "set pcname PC2\nip 10.0.0.2 24\nsave\n");
  g_assert_cmpstr (nameless, ==, "ip 10.0.0.3/24\n");
}

typedef struct
{
  char         *dir;
  WlVpcs       *vpcs;
  GAsyncResult *result;
  gboolean      exited;
} Pc;

static void
on_exit_cb (WlVpcs   *vpcs,
            gpointer  data)
{
  ((Pc *) data)->exited = TRUE;
}

static void
on_gone (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs VPCS as PC `name` on `lport` (console on `console`) and waits for
 * its readiness; the outcome is in pc->result. */
static void
pc_start (Pc         *pc,
          const char *name,
          guint16     lport,
          guint16     console)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = wl_vpcs_start_script (name, "ip 10.9.0.1/24");
  g_autofree char *path = NULL;
  WlVpcsConfig config = { 0 };

  pc->dir = g_dir_make_tmp ("wirelab-vpcs-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (pc->dir, "start.vpc", NULL);
  g_assert_true (g_file_set_contents (path, script, -1, NULL));

  config.directory = pc->dir;
  config.name = name;
  config.console_addr = "127.0.0.1";
  config.console_port = console;
  config.local_port = lport;
  config.remote_host = "127.0.0.1";
  config.remote_port = 9;
  config.mac_offset = 1;
  config.script = "start.vpc";
  pc->vpcs = wl_vpcs_start (&config, on_exit_cb, pc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pc->vpcs);
  wl_vpcs_wait_ready_async (pc->vpcs, 30000, test_store_result, &pc->result);
  test_wait_result (&pc->result);
}

static void
pc_stop (Pc *pc)
{
  gboolean gone = FALSE;

  wl_vpcs_stop (pc->vpcs, on_gone, &gone);
  g_assert_true (test_wait_for (is_true, &gone, 20000));
  g_clear_object (&pc->result);
  test_rm_rf (pc->dir);
  g_free (pc->dir);
}

/* The PC's console shows its name as the prompt (as GNS3's do), and the
 * process holds the UDP port it was given. */
static void
test_named_and_ready (void)
{
  g_autofree char *vpcs = test_find_vpcs ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TestConsole) console = NULL;
  g_autofree char *out = NULL;
  guint16 udp = test_ports_take (10);
  guint16 con = test_ports_take (1);
  Pc pc = { 0 };

  if (vpcs == NULL)
    {
      g_test_skip ("vpcs is not installed (apt-get install vpcs)");
      return;
    }
  pc_start (&pc, "PC7", udp, con);
  g_assert_true (wl_vpcs_wait_ready_finish (pc.result, &error));
  g_assert_no_error (error);
  g_assert_true (wl_vpcs_pid_holds_udp (wl_vpcs_get_pid (pc.vpcs), udp));
  g_assert_false (wl_vpcs_pid_holds_udp (wl_vpcs_get_pid (pc.vpcs), udp + 1));

  console = test_console_open ("127.0.0.1", con, &error);
  g_assert_no_error (error);
  out = test_console_run (console, "show ip", "PC7>", 20000);
  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "10.9.0.1"));
  g_assert_false (pc.exited);
  pc_stop (&pc);
}

/* Another program holds the port: VPCS would run on without a network
 * ("Open port N error"); the wait says so, naming the PC and the port. */
static void
test_port_taken (void)
{
  g_autofree char *vpcs = test_find_vpcs ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) squatter = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) sa = NULL;
  g_autofree char *port_text = NULL;
  guint16 udp = test_ports_take (10);
  guint16 con = test_ports_take (1);
  Pc pc = { 0 };

  if (vpcs == NULL)
    {
      g_test_skip ("vpcs is not installed (apt-get install vpcs)");
      return;
    }
  squatter = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                           &error);
  g_assert_no_error (error);
  sa = g_inet_socket_address_new (any, udp);
  g_assert_true (g_socket_bind (squatter, sa, FALSE, &error));
  g_assert_no_error (error);

  pc_start (&pc, "PC8", udp, con);
  g_assert_false (wl_vpcs_wait_ready_finish (pc.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_test_message ("%s", error->message);
  port_text = g_strdup_printf ("UDP port %u", udp);
  g_assert_nonnull (strstr (error->message, "PC8"));
  g_assert_nonnull (strstr (error->message, port_text));
  pc_stop (&pc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/vpcs/pc-names", test_pc_names);
  g_test_add_func ("/lab/vpcs/start-script", test_start_script);
  g_test_add_func ("/lab/vpcs/named-and-ready", test_named_and_ready);
  g_test_add_func ("/lab/vpcs/port-taken", test_port_taken);

  return g_test_run ();
}
