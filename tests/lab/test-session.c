/* test-session.c: a session driving real wirelab-hypervisor processes and
 * VPCS PCs: deploy, ports, pings, captures, rollback, liveness
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <string.h>

#include "lab-test-util.h"
#include "port-block.h"

typedef struct
{
  WirelabLab     *lab;
  WirelabSession *session;
  char           *dir;
  GPtrArray      *hvs;       /* TestHv* */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->lab = test_lab_new_in_tmpdir (&f->dir);
  f->hvs = g_ptr_array_new_with_free_func ((GDestroyNotify) test_hv_free);
  wirelab_lab_set_start_delay (f->lab, 50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->lab);
  g_ptr_array_unref (f->hvs);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

/* This process's own ports: tests run in parallel, and fixed ports (or
 * the defaults) collide between them. */
static guint16
udp_base (void)
{
  return test_ports_take (60);
}

static guint16
console_base (void)
{
  return test_ports_take (30);
}

/* A remote hypervisor process on `address`, added to the lab as `id`. */
static TestHv *
add_remote (Fixture    *f,
            const char *id,
            const char *address,
            guint16     base_udp)
{
  TestHv *hv = test_hv_start (address);
  g_autoptr(WirelabHypervisorConfig) config = wirelab_hypervisor_config_new (id, address, hv->port);

  wirelab_hypervisor_config_set_base_udp (config, base_udp);
  wirelab_hypervisor_config_set_base_console (config, console_base ());
  g_assert_true (wirelab_lab_add_hypervisor (f->lab, config, NULL));
  g_ptr_array_add (f->hvs, hv);
  return hv;
}

static void
session_connect (Fixture *f)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  f->session = wirelab_session_new (f->lab);
  wirelab_session_connect_async (f->session, NULL, test_store_result, &result);
  test_wait_result (&result);
  g_assert_true (wirelab_session_connect_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static gboolean
session_deploy (Fixture  *f,
                GError  **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  wirelab_session_deploy_async (f->session, NULL, test_store_result, &result);
  test_wait_result (&result);
  ok = wirelab_session_deploy_finish (f->session, result, error);
  g_object_unref (result);
  return ok;
}

static void
start_all (Fixture *f)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  wirelab_session_all_action_async (f->session, WIRELAB_NODE_ACTION_START, NULL, test_store_result,
                                    &result);
  test_wait_result (&result);
  if (!wirelab_session_all_action_finish (f->session, result, &error))
    g_error ("start all: %s", error->message);
  g_object_unref (result);
}

static void
session_shutdown (Fixture *f)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  wirelab_session_shutdown_async (f->session, NULL, test_store_result, &result);
  test_wait_result (&result);
  g_assert_true (wirelab_session_shutdown_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static WirelabNode *
add_pc (Fixture    *f,
        const char *ip)
{
  WirelabNode *pc = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);
  g_autofree char *script = g_strdup_printf ("ip %s/24", ip);

  wirelab_node_set_startup_script (pc, script);
  return pc;
}

static gboolean
skip_without_vpcs (void)
{
  g_autofree char *vpcs = test_find_vpcs ();

  if (vpcs == NULL)
    {
      g_test_skip ("vpcs is not installed (apt-get install vpcs)");
      return TRUE;
    }
  return FALSE;
}

static guint
strv_len (char **v)
{
  return v != NULL ? g_strv_length (v) : 0;
}

static void
assert_prompt (WirelabNode *pc,
               const char  *prompt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestConsole) console = test_console_open (wirelab_node_get_console_host (pc),
                                                      wirelab_node_get_console (pc), &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = test_console_run (console, "show ip", prompt, 20000);
  if (out == NULL)
    g_error ("no “%s” prompt after: %s", prompt, test_console_output (console));
}

/* PC1 - SW1 (on a remote hypervisor) - PC2: placement, consoles, ports,
 * NIOs across two hypervisors and VPCS, proved by a ping. */
static void
test_vpcs_through_remote_switch (Fixture       *f,
                                 gconstpointer  data)
{
  TestHv *far;
  WirelabNode *pc1, *pc2, *sw;
  WirelabHypervisorConfig *local;
  guint16 udp, consoles;
  g_auto(GStrv) switches = NULL;
  g_auto(GStrv) nios = NULL;

  if (skip_without_vpcs ())
    return;

  udp = udp_base ();
  consoles = console_base ();
  far = add_remote (f, "far", "127.0.0.2", udp);
  local = wirelab_lab_find_hypervisor (f->lab, "local");
  wirelab_hypervisor_config_set_base_udp (local, udp);
  wirelab_hypervisor_config_set_base_console (local, consoles);
  pc1 = add_pc (f, "10.0.0.1");
  pc2 = add_pc (f, "10.0.0.2");
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (sw, "far");
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc1, "e0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc2, "e0", sw, "2", NULL));

  session_connect (f);
  g_assert_true (wirelab_hypervisor_config_get_connected (local));
  g_assert_cmpuint (wirelab_session_get_local_port (f->session), >, 0);
  start_all (f);

  /* Placement and stable consoles are written back into the lab. */
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (pc1), ==, "local");
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (sw), ==, "far");
  g_assert_cmpuint (wirelab_node_get_console (pc1), ==, consoles + wirelab_node_get_instance_id (pc1));
  g_assert_cmpuint (wirelab_node_get_console (pc2), ==, consoles + wirelab_node_get_instance_id (pc2));
  g_assert_cmpint (wirelab_node_get_status (pc1), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_cmpint (wirelab_node_get_status (sw), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_true (wirelab_node_get_deployed (sw));
  g_assert_true (wirelab_lab_get_dirty (f->lab));

  switches = test_hv_list (far, "ethsw");
  g_assert_cmpuint (strv_len (switches), ==, 1);
  g_assert_cmpstr (switches[0], ==, "SW1");
  nios = test_hv_list (far, "nio");
  g_assert_cmpuint (strv_len (nios), ==, 2);

  g_assert_true (test_vpcs_ping (pc1, "10.0.0.2", 30000));
  g_assert_true (test_vpcs_ping (pc2, "10.0.0.1", 30000));
  /* Each PC's prompt is its name, as in GNS3. */
  assert_prompt (pc1, "PC1>");
  assert_prompt (pc2, "PC2>");

  /* Edits of the running switch reach its hypervisor: a new name, and
   * PC2's port moved to another VLAN and back. */
  g_assert_true (wirelab_lab_rename_node (f->lab, sw, "Core", NULL));
  wirelab_node_set_switch_port (sw, 2, WIRELAB_PORT_MODE_ACCESS, 10, 0);
  g_assert_false (test_vpcs_ping (pc1, "10.0.0.2", 1500));
  g_clear_pointer (&switches, g_strfreev);
  switches = test_hv_list (far, "ethsw");
  g_assert_cmpstr (switches[0], ==, "Core");
  wirelab_node_set_switch_port (sw, 2, WIRELAB_PORT_MODE_ACCESS, 1, 0);
  g_assert_true (test_vpcs_ping (pc1, "10.0.0.2", 30000));

  session_shutdown (f);
  g_clear_pointer (&switches, g_strfreev);
  g_clear_pointer (&nios, g_strfreev);
  switches = test_hv_list (far, "ethsw");
  nios = test_hv_list (far, "nio");
  g_assert_cmpuint (strv_len (switches), ==, 0);
  g_assert_cmpuint (strv_len (nios), ==, 0);
  g_assert_cmpint (wirelab_node_get_status (pc1), ==, WIRELAB_NODE_STATUS_STOPPED);
}


static guint
count_in (char      **names,
          const char *name)
{
  guint n = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (name == NULL || g_str_equal (names[i], name))
      n++;
  return n;
}

/* Six routers on three bound hypervisors (two of them on one host): the
 * least-RAM rule spreads them; a failing step later undoes its whole
 * deploy and leaves the earlier nodes alone. */
static void
test_routers_placement_and_rollback (Fixture       *f,
                                     gconstpointer  data)
{
  guint16 udp = udp_base ();
  TestHv *a = add_remote (f, "a", "127.0.0.2", udp);
  TestHv *b = add_remote (f, "b", "127.0.0.2", udp);
  TestHv *c = add_remote (f, "c", "127.0.0.3", udp);
  WirelabImage *image = wirelab_lab_find_image (f->lab, WIRELAB_DEFAULT_IMAGE_ID);
  const char *bound[] = { "a", "b", "c", NULL };
  const char *expect[] = { "a", "b", "c", "a", "b", "c" };
  WirelabNode *routers[6];
  WirelabNode *r7, *r8, *sw;
  g_autoptr(GError) error = NULL;
  TestHv *all[] = { a, b, c };

  wirelab_image_set_hypervisors (image, bound);
  wirelab_image_set_use_manager (image, FALSE);
  for (guint i = 0; i < 6; i++)
    routers[i] = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_assert_nonnull (wirelab_lab_connect (f->lab, routers[0], "FastEthernet0/0", routers[1],
                                         "FastEthernet0/0", NULL));

  session_connect (f);
  g_assert_true (session_deploy (f, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpstr (wirelab_node_get_hypervisor_id (routers[i]), ==, expect[i]);
      g_assert_true (wirelab_node_get_deployed (routers[i]));
      g_assert_cmpstr (wirelab_node_get_mac (routers[i]), !=, "");
    }
  for (guint h = 0; h < 3; h++)
    {
      g_auto(GStrv) vms = test_hv_list (all[h], "vm");

      g_assert_cmpuint (count_in (vms, NULL), ==, 2);
    }
  g_assert_cmpuint (wirelab_hypervisor_config_get_placed_ram_mb (wirelab_lab_find_hypervisor (f->lab, "a")),
                    ==, 2 * wirelab_image_get_ram (image));
  g_assert_cmpuint (wirelab_hypervisor_config_get_node_count (wirelab_lab_find_hypervisor (f->lab, "c")),
                    ==, 2);

  /* SW1 already exists on hypervisor a (another client made it): creating
   * it fails after R7, R8 and their NIOs were made, and all of that goes. */
  {
    g_auto(GStrv) reply = test_hv_command (a->address, a->port, "ethsw create SW1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (reply);
  }
  r7 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  r8 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (sw, "a");
  g_assert_nonnull (wirelab_lab_connect (f->lab, r7, "FastEthernet0/0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, r8, "FastEthernet0/0", sw, "2", NULL));
  g_assert_false (session_deploy (f, &error));
  g_assert_error (error, WIRELAB_HV_ERROR, 206);
  g_test_message ("deploy failed as expected: %s", error->message);
  g_assert_false (wirelab_node_get_deployed (r7));
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r7), ==, "");
  g_assert_cmpuint (wirelab_node_get_console (r7), ==, 0);
  for (guint h = 0; h < 3; h++)
    {
      g_auto(GStrv) vms = test_hv_list (all[h], "vm");
      g_auto(GStrv) nios = test_hv_list (all[h], "nio");
      g_auto(GStrv) sws = test_hv_list (all[h], "ethsw");

      g_assert_cmpuint (count_in (vms, NULL), ==, 2);
      g_assert_cmpuint (count_in (vms, "R7") + count_in (vms, "R8"), ==, 0);
      /* Only the R1-R2 link's NIO stays (on a and b). */
      g_assert_cmpuint (count_in (nios, NULL), ==, h < 2 ? 1 : 0);
      g_assert_cmpuint (count_in (sws, NULL), ==, h == 0 ? 1 : 0);
    }
  g_assert_true (wirelab_node_get_deployed (routers[0]));
  g_assert_true (wirelab_lab_find_link_at (f->lab, routers[0], "FastEthernet0/0") != NULL);
  g_assert_true (wirelab_link_get_deployed (wirelab_lab_find_link_at (f->lab, routers[0], "FastEthernet0/0")));

  /* Without the squatter the same deploy works. */
  g_clear_error (&error);
  {
    g_auto(GStrv) reply = test_hv_command (a->address, a->port, "ethsw delete SW1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (reply);
  }
  g_assert_true (session_deploy (f, &error));
  g_assert_no_error (error);
  g_assert_true (wirelab_node_get_deployed (sw));
  session_shutdown (f);
  for (guint h = 0; h < 3; h++)
    {
      g_auto(GStrv) vms = test_hv_list (all[h], "vm");
      g_auto(GStrv) nios = test_hv_list (all[h], "nio");

      g_assert_cmpuint (count_in (vms, NULL) + count_in (nios, NULL), ==, 0);
    }
}

/* Two hypervisors of one host with the same base UDP port, a third on
 * another: no port is used twice, and a port another program takes
 * between planning and creation is refused by the hypervisor (206) and
 * replaced. */
static void
test_ports_never_twice (Fixture       *f,
                        gconstpointer  data)
{
  guint16 udp = udp_base ();
  TestHv *a = add_remote (f, "a", "127.0.0.2", udp);
  TestHv *b = add_remote (f, "b", "127.0.0.2", udp);
  TestHv *c = add_remote (f, "c", "127.0.0.3", udp);
  TestHv *all[] = { a, b, c };
  const char *where[] = { "a", "b", "c", "a", "b", "c" };
  WirelabNode *sws[6];
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GSocket *squatter;
  guint total = 0;

  for (guint i = 0; i < 6; i++)
    {
      sws[i] = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
      wirelab_node_set_hypervisor_id (sws[i], where[i]);
    }
  /* A ring plus chords: every hypervisor pair has links. */
  for (guint i = 0; i < 6; i++)
    g_assert_nonnull (wirelab_lab_connect (f->lab, sws[i], "1", sws[(i + 1) % 6], "2", NULL));
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (wirelab_lab_connect (f->lab, sws[i], "3", sws[i + 3], "3", NULL));

  session_connect (f);

  /* The first NIO goes to port `udp` on a; take it as soon as the deploy
   * is planned, before any NIO command reached a hypervisor. */
  wirelab_session_deploy_async (f->session, NULL, test_store_result, &result);
  squatter = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (any, udp);

    g_assert_true (g_socket_bind (squatter, sa, FALSE, &error));
    g_assert_no_error (error);
  }
  test_wait_result (&result);
  g_assert_true (wirelab_session_deploy_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  for (guint h = 0; h < 3; h++)
    {
      g_autoptr(GArray) ports = test_hv_udp_ports (all[h]);

      for (guint i = 0; i < ports->len; i++)
        {
          guint port = g_array_index (ports, guint, i);

          g_assert_cmpuint (port, !=, udp);
          g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (port)));
          g_hash_table_add (seen, GUINT_TO_POINTER (port));
          total++;
        }
    }
  g_assert_cmpuint (total, ==, 18);
  g_object_unref (squatter);
  session_shutdown (f);
}

static gboolean
can_bind (GSocketType type,
          guint16     port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (any, port);

  g_assert_nonnull (socket);
  /* With SO_REUSEADDR, as GLib's listeners and Wirelab's checks bind. */
  return g_socket_bind (socket, sa, TRUE, NULL);
}

static void
node_action (Fixture           *f,
             WirelabNode       *node,
             WirelabNodeAction  action)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  wirelab_session_node_action_async (f->session, node, action, NULL, test_store_result, &result);
  test_wait_result (&result);
  if (!wirelab_session_node_action_finish (f->session, result, &error))
    g_error ("%s: %s", wirelab_node_get_name (node), error->message);
  g_object_unref (result);
}

/* PC1 - SW1 - PC2 on this machine, with another program on PC2's console
 * port: Start All fails at once, naming PC2 and the port.  Once it is
 * free, the ports planned for the PCs are held until each PC binds them
 * (another lab planning at the same moment finds them taken), and again
 * while a PC is stopped. */
static void
test_port_conflicts (Fixture       *f,
                     gconstpointer  data)
{
  WirelabHypervisorConfig *local = wirelab_lab_find_hypervisor (f->lab, "local");
  guint16 consoles = console_base ();
  g_autoptr(GSocketListener) squatter = g_socket_listener_new ();
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  GAsyncResult *result = NULL;
  WirelabNode *pc1, *pc2, *sw;
  guint16 pc_ports[2];
  guint16 con2;

  if (skip_without_vpcs ())
    return;

  wirelab_hypervisor_config_set_base_udp (local, udp_base ());
  wirelab_hypervisor_config_set_base_console (local, consoles);
  pc1 = add_pc (f, "10.0.4.1");
  pc2 = add_pc (f, "10.0.4.2");
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc1, "e0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc2, "e0", sw, "2", NULL));
  con2 = consoles + wirelab_node_get_instance_id (pc2);
  g_assert_true (g_socket_listener_add_inet_port (squatter, con2, NULL, &error));
  g_assert_no_error (error);

  session_connect (f);
  wirelab_session_all_action_async (f->session, WIRELAB_NODE_ACTION_START, NULL, test_store_result,
                                    &result);
  test_wait_result (&result);
  g_assert_false (wirelab_session_all_action_finish (f->session, result, &error));
  g_clear_object (&result);
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT);
  g_test_message ("%s", error->message);
  port_text = g_strdup_printf ("%u", con2);
  g_assert_nonnull (strstr (error->message, "PC2"));
  g_assert_nonnull (strstr (error->message, port_text));
  g_assert_cmpstr (wirelab_node_get_status_message (pc2), ==, error->message);
  g_assert_false (wirelab_node_get_deployed (pc1));
  g_clear_error (&error);
  g_socket_listener_close (squatter);

  /* Deployed, not started: the PCs' UDP ports (and + 9) and consoles are
   * held. */
  g_assert_true (session_deploy (f, &error));
  g_assert_no_error (error);
  pairs = test_nio_ports ("127.0.0.1", wirelab_session_get_local_port (f->session), f->dir);
  g_assert_cmpuint (pairs->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      pc_ports[i] = g_array_index (pairs, guint, 2 * i + 1);
      g_assert_false (can_bind (G_SOCKET_TYPE_DATAGRAM, pc_ports[i]));
      g_assert_false (can_bind (G_SOCKET_TYPE_DATAGRAM, pc_ports[i] + 9));
    }
  g_assert_false (can_bind (G_SOCKET_TYPE_STREAM, con2));
  g_assert_false (can_bind (G_SOCKET_TYPE_STREAM, wirelab_node_get_console (pc1)));

  /* Started: VPCS has them, and the PCs talk. */
  start_all (f);
  g_assert_true (test_vpcs_ping (pc1, "10.0.4.2", 30000));

  /* Stopped: held again; started again: working again. */
  node_action (f, pc1, WIRELAB_NODE_ACTION_STOP);
  g_assert_cmpint (wirelab_node_get_status (pc1), ==, WIRELAB_NODE_STATUS_STOPPED);
  for (guint i = 0; i < 2; i++)
    g_assert_false (can_bind (G_SOCKET_TYPE_DATAGRAM, pc_ports[i]));
  node_action (f, pc1, WIRELAB_NODE_ACTION_START);
  g_assert_cmpint (wirelab_node_get_status (pc1), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_true (test_vpcs_ping (pc1, "10.0.4.2", 30000));

  /* Shut down: all of them free. */
  session_shutdown (f);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (can_bind (G_SOCKET_TYPE_DATAGRAM, pc_ports[i]));
      g_assert_true (can_bind (G_SOCKET_TYPE_DATAGRAM, pc_ports[i] + 9));
    }
}

static guint
count_icmp (const char *path)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *pcap = pcap_open_offline (path, errbuf);
  struct pcap_pkthdr *hdr;
  const guchar *data;
  guint n = 0;

  g_assert_nonnull (pcap);
  g_assert_cmpint (pcap_datalink (pcap), ==, DLT_EN10MB);
  while (pcap_next_ex (pcap, &hdr, &data) == 1)
    if (hdr->caplen >= 34 && data[12] == 0x08 && data[13] == 0x00 && data[23] == 1)
      n++;
  pcap_close (pcap);
  return n;
}

static gboolean
node_stopped (gpointer data)
{
  return !wirelab_node_get_deployed (data) &&
         wirelab_node_get_status (data) == WIRELAB_NODE_STATUS_STOPPED;
}

/* PC1 - SW1 - PC2 (and PC3) on this machine: a capture file read back with
 * libpcap, a suspended link that passes nothing, a link removed and
 * re-added while running, a running PC deleted. */
static void
test_capture_filters_and_edits (Fixture       *f,
                                gconstpointer  data)
{
  WirelabNode *pc1, *pc2, *pc3, *sw;
  WirelabLink *link;
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *captures = NULL;

  if (skip_without_vpcs ())
    return;

  wirelab_hypervisor_config_set_base_udp (wirelab_lab_find_hypervisor (f->lab, "local"), udp_base ());
  wirelab_hypervisor_config_set_base_console (wirelab_lab_find_hypervisor (f->lab, "local"),
                                              console_base ());
  pc1 = add_pc (f, "10.0.1.1");
  pc2 = add_pc (f, "10.0.1.2");
  pc3 = add_pc (f, "10.0.1.3");
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  link = wirelab_lab_connect (f->lab, pc1, "e0", sw, "1", NULL);
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc2, "e0", sw, "2", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc3, "e0", sw, "3", NULL));

  session_connect (f);
  start_all (f);
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));

  wirelab_session_capture_async (f->session, link, TRUE, NULL, test_store_result, &result);
  test_wait_result (&result);
  g_assert_true (wirelab_session_capture_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (wirelab_link_get_capturing (link));
  path = g_strdup (wirelab_link_get_capture_path (link));
  captures = g_build_filename (f->dir, "captures", NULL);
  g_assert_true (g_str_has_prefix (path, captures));
  g_assert_true (g_str_has_suffix (path, ".pcap"));

  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));
  wirelab_session_capture_async (f->session, link, FALSE, NULL, test_store_result, &result);
  test_wait_result (&result);
  g_assert_true (wirelab_session_capture_finish (f->session, result, &error));
  g_clear_object (&result);
  g_assert_false (wirelab_link_get_capturing (link));
  /* Two pings, request and reply each. */
  g_assert_cmpuint (count_icmp (path), >=, 4);

  /* Suspended: nothing passes; resumed: traffic again. */
  wirelab_link_set_suspended (link, TRUE);
  g_assert_false (test_vpcs_ping (pc1, "10.0.1.2", 1500));
  wirelab_link_set_suspended (link, FALSE);
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));

  /* Removing the link deletes its NIOs; undo makes it again, live. */
  wirelab_lab_remove_link (f->lab, link);
  g_assert_false (test_vpcs_ping (pc1, "10.0.1.2", 1500));
  g_assert_true (wirelab_history_undo (wirelab_lab_get_history (f->lab)));
  link = wirelab_lab_find_link_at (f->lab, pc1, "e0");
  g_assert_nonnull (link);
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));
  g_assert_true (wirelab_link_get_deployed (link));

  /* Deleting a running PC stops it alone: the rest keeps running. */
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.3", 30000));
  wirelab_lab_remove_node (f->lab, pc3);
  g_assert_true (test_wait_for (node_stopped, pc3, 20000));
  g_assert_true (wirelab_node_get_deployed (pc1));
  g_assert_true (wirelab_node_get_deployed (pc2));
  g_assert_true (wirelab_node_get_deployed (sw));
  g_assert_true (wirelab_link_get_deployed (link));
  g_assert_cmpint (wirelab_node_get_status (pc2), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_true (test_vpcs_ping (pc1, "10.0.1.2", 30000));
  g_assert_false (test_vpcs_ping (pc1, "10.0.1.3", 1500));

  session_shutdown (f);
}

static gboolean
hv_connected (gpointer data)
{
  return wirelab_hypervisor_config_get_connected (data);
}

/* kill -9 of a hypervisor: its nodes read stopped at once, the rest keeps
 * running; once it is back, the session reconnects and its nodes start
 * again.  A hypervisor that stops answering (SIGSTOP) is noticed too. */
static void
test_liveness (Fixture       *f,
               gconstpointer  data)
{
  TestHv *far;
  WirelabHypervisorConfig *far_config;
  WirelabNode *pc1, *pc2, *pc3, *pc4, *sw1, *sw2;
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0, t1;

  if (skip_without_vpcs ())
    return;

  far = add_remote (f, "far", "127.0.0.2", udp_base ());
  far_config = wirelab_lab_find_hypervisor (f->lab, "far");
  wirelab_hypervisor_config_set_base_udp (wirelab_lab_find_hypervisor (f->lab, "local"), udp_base ());
  wirelab_hypervisor_config_set_base_console (wirelab_lab_find_hypervisor (f->lab, "local"),
                                              console_base ());
  pc1 = add_pc (f, "10.0.2.1");
  pc2 = add_pc (f, "10.0.2.2");
  pc3 = add_pc (f, "10.0.3.3");
  pc4 = add_pc (f, "10.0.3.4");
  sw1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  sw2 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (sw1, "far");
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc1, "e0", sw1, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc2, "e0", sw1, "2", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc3, "e0", sw2, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc4, "e0", sw2, "2", NULL));

  session_connect (f);
  start_all (f);
  g_assert_true (test_vpcs_ping (pc1, "10.0.2.2", 30000));
  g_assert_true (test_vpcs_ping (pc3, "10.0.3.4", 30000));

  t0 = g_get_monotonic_time ();
  test_hv_signal (far, SIGKILL);
  g_assert_true (test_wait_for (node_stopped, sw1, 10000));
  t1 = g_get_monotonic_time ();
  g_test_message ("SW1 read stopped %.3f s after kill -9", (t1 - t0) / 1e6);
  g_assert_cmpint (t1 - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_false (wirelab_hypervisor_config_get_connected (far_config));
  g_assert_cmpint (wirelab_node_get_status (pc3), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_true (test_vpcs_ping (pc3, "10.0.3.4", 30000));
  g_assert_false (test_vpcs_ping (pc1, "10.0.2.2", 1500));

  /* Back on the same port: reconnected, SW1 and its links made again. */
  test_hv_restart (far);
  g_assert_true (test_wait_for (hv_connected, far_config, 20000));
  wirelab_session_node_action_async (f->session, sw1, WIRELAB_NODE_ACTION_START, NULL,
                                     test_store_result, &result);
  test_wait_result (&result);
  g_assert_true (wirelab_session_node_action_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (wirelab_node_get_deployed (sw1));
  g_assert_true (test_vpcs_ping (pc1, "10.0.2.2", 30000));

  /* Frozen: no answer to the heartbeat. */
  t0 = g_get_monotonic_time ();
  test_hv_signal (far, SIGSTOP);
  g_assert_true (test_wait_for (node_stopped, sw1, 20000));
  t1 = g_get_monotonic_time ();
  g_test_message ("SW1 read stopped %.3f s after SIGSTOP", (t1 - t0) / 1e6);
  test_hv_signal (far, SIGCONT);
  g_assert_true (test_vpcs_ping (pc4, "10.0.3.3", 30000));

  session_shutdown (f);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_expire (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Hypervisors added, removed and unreachable while the session runs. */
static void
test_hypervisor_edits (Fixture       *f,
                       gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  g_autoptr(WirelabHypervisorConfig) dead = wirelab_hypervisor_config_new ("dead", "127.0.0.2", 1);
  WirelabHypervisorConfig *far_config;
  WirelabNode *sw;
  g_autoptr(GError) error = NULL;
  gboolean waited = FALSE;

  add_remote (f, "far", "127.0.0.2", udp_base ());
  far_config = wirelab_lab_find_hypervisor (f->lab, "far");
  g_assert_true (wirelab_lab_add_hypervisor (f->lab, dead, NULL));
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (sw, "far");

  session_connect (f);
  g_assert_true (wirelab_hypervisor_config_get_connected (far_config));
  g_assert_false (wirelab_hypervisor_config_get_connected (dead));
  g_assert_nonnull (strstr (wirelab_hypervisor_config_get_status_message (dead), "Cannot connect"));
  g_assert_true (session_deploy (f, &error));
  g_assert_no_error (error);
  g_assert_true (wirelab_node_get_deployed (sw));

  /* Removed while connected: its nodes stop; removed while retrying:
   * nothing to do.  Let a retry period pass. */
  g_assert_true (wirelab_lab_remove_hypervisor (f->lab, far_config, NULL));
  g_assert_false (wirelab_node_get_deployed (sw));
  g_assert_true (wirelab_lab_remove_hypervisor (f->lab, dead, NULL));
  g_timeout_add_once (2500, on_expire, &waited);
  test_wait_for (is_true, &waited, 10000);

  /* Undone: it comes back and is connected again. */
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (test_wait_for ((gboolean (*) (gpointer)) wirelab_hypervisor_config_get_connected,
                                far_config, 20000));
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (sw), ==, "far");
  if (!session_deploy (f, &error))
    g_error ("%s", error->message);
  g_assert_true (wirelab_node_get_deployed (sw));
  session_shutdown (f);
}

/* A non-loopback IPv4 address of this machine, or NULL. */
static char *
own_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i != NULL && found == NULL; i = i->ifa_next)
    {
      char text[INET_ADDRSTRLEN];

      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK))
        continue;
      if (inet_ntop (AF_INET, &((struct sockaddr_in *) i->ifa_addr)->sin_addr, text, sizeof text))
        found = g_strdup (text);
    }
  freeifaddrs (list);
  return found;
}

static void
collect_warning (WirelabSession *session,
                 const char     *message,
                 GString        *all)
{
  g_string_append_printf (all, "%s\n", message);
}

/* A hypervisor known by a loopback address linked to one another host can
 * reach: said, since that host would send to its own loopback. */
static void
test_loopback_warning (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *address = own_address ();
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WirelabNode *sw1, *sw2;

  if (address == NULL)
    {
      g_test_skip ("this machine has no non-loopback IPv4 address");
      return;
    }
  add_remote (f, "lo", "127.0.0.2", udp_base ());
  add_remote (f, "lan", address, udp_base ());
  sw1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  sw2 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (sw1, "lo");
  wirelab_node_set_hypervisor_id (sw2, "lan");
  g_assert_nonnull (wirelab_lab_connect (f->lab, sw1, "1", sw2, "1", NULL));

  session_connect (f);
  g_signal_connect (f->session, "warning", G_CALLBACK (collect_warning), warnings);
  g_assert_true (session_deploy (f, &error));
  g_assert_no_error (error);
  g_test_message ("%s", warnings->str);
  g_assert_nonnull (strstr (warnings->str, "is configured as 127.0.0.2"));
  session_shutdown (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lab/session/vpcs-through-remote-switch", test_vpcs_through_remote_switch);
  ADD ("/lab/session/port-conflicts", test_port_conflicts);
  ADD ("/lab/session/routers-placement-and-rollback", test_routers_placement_and_rollback);
  ADD ("/lab/session/ports-never-twice", test_ports_never_twice);
  ADD ("/lab/session/capture-filters-edits", test_capture_filters_and_edits);
  ADD ("/lab/session/liveness", test_liveness);
  ADD ("/lab/session/hypervisor-edits", test_hypervisor_edits);
  ADD ("/lab/session/loopback-warning", test_loopback_warning);
#undef ADD

  return g_test_run ();
}
