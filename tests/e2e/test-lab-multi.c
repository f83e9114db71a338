/* test-lab-multi.c: one lab over the embedded hypervisor and four
 * wirelab-hypervisor processes on three hosts (127.0.0.1, two on 127.0.0.2
 * with the same base UDP port, 127.0.0.3): six routers and two VPCS PCs
 * placed by the memory rule, ports never used twice, PC1 pinging PC2
 * through routers on all three hosts, a router added while running that
 * spills to a remote hypervisor, and kill -9 of a hypervisor mid-lab.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "lab-test-util.h"
#include "port-block.h"

typedef struct
{
  WirelabLab     *lab;
  WirelabSession *session;
  char           *dir;
  TestHv         *lh, *b, *c, *d;
} Lab;

static WirelabHypervisorConfig *
add_hv (Lab        *lab,
        const char *id,
        const char *host,
        TestHv     *proc,
        guint16     base_udp,
        guint16     base_console)
{
  g_autoptr(WirelabHypervisorConfig) config = wirelab_hypervisor_config_new (id, host, proc->port);

  wirelab_hypervisor_config_set_base_udp (config, base_udp);
  wirelab_hypervisor_config_set_base_console (config, base_console);
  g_assert_true (wirelab_lab_add_hypervisor (lab->lab, config, NULL));
  return config;
}

static WirelabNode *
node (Lab        *lab,
      const char *name)
{
  WirelabNode *n = wirelab_lab_find_node_by_name (lab->lab, name);

  g_assert_nonnull (n);
  return n;
}

static void
link_up (Lab        *lab,
         const char *a,
         const char *ia,
         const char *b,
         const char *ib)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (wirelab_lab_connect (lab->lab, node (lab, a), ia, node (lab, b), ib, &error));
  g_assert_no_error (error);
}

static void
wait_ok (GAsyncResult **slot,
         gboolean     (*finish) (WirelabSession *, GAsyncResult *, GError **),
         WirelabSession *session)
{
  g_autoptr(GError) error = NULL;

  test_wait_result (slot);
  g_assert_true (finish (session, *slot, &error));
  g_assert_no_error (error);
  g_clear_object (slot);
}

static gboolean
node_stopped (gpointer data)
{
  return !wirelab_node_get_deployed (data) &&
         wirelab_node_get_status (data) == WIRELAB_NODE_STATUS_STOPPED;
}

/* Every NIO's local port, on every hypervisor: none twice, none equal to a
 * PC's port (the remote port of the NIOs facing PCs). */
static void
assert_ports_unique (Lab *lab)
{
  struct { const char *address; guint16 port; } hvs[] = {
    { "127.0.0.1", wirelab_session_get_local_port (lab->session) },
    { lab->lh->address, lab->lh->port },
    { lab->b->address, lab->b->port },
    { lab->c->address, lab->c->port },
    { lab->d->address, lab->d->port },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) remotes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint total = 0, pc_ports = 0;

  for (guint h = 0; h < G_N_ELEMENTS (hvs); h++)
    {
      g_autoptr(GArray) pairs = test_nio_ports (hvs[h].address, hvs[h].port, lab->dir);

      for (guint i = 0; i < pairs->len; i++)
        {
          guint *pair = &g_array_index (pairs, guint, 2 * i);

          if (g_hash_table_contains (seen, GUINT_TO_POINTER (pair[0])))
            g_error ("UDP port %u is used twice", pair[0]);
          g_hash_table_add (seen, GUINT_TO_POINTER (pair[0]));
          g_array_append_val (remotes, pair[1]);
          total++;
        }
    }
  /* A remote port that is no NIO's is a PC's (VPCS binds it and +9). */
  for (guint i = 0; i < remotes->len; i++)
    {
      guint r = g_array_index (remotes, guint, i);

      if (g_hash_table_contains (seen, GUINT_TO_POINTER (r)))
        continue;
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (r + 9)));
      pc_ports++;
    }
  g_test_message ("%u NIO ports and %u PC ports, all different", total, pc_ports);
  /* Six links between hypervisor nodes take two NIOs, the two PC links one. */
  g_assert_cmpuint (total, ==, 6 * 2 + 2);
  g_assert_cmpuint (pc_ports, ==, 2);
}

static const char *r1_config =
  "hostname R1\n"
  "interface FastEthernet0/0\n ip address 10.1.0.1 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/0\n ip address 10.0.13.1 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/1\n ip address 10.0.12.1 255.255.255.0\n no shutdown\n"
  "ip route 10.0.35.0 255.255.255.0 10.0.13.3\n"
  "ip route 10.2.0.0 255.255.255.0 10.0.13.3\n"
  "end\n";
static const char *r3_config =
  "hostname R3\n"
  "interface Ethernet1/0\n ip address 10.0.13.3 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/1\n ip address 10.0.35.3 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/2\n ip address 10.0.34.3 255.255.255.0\n no shutdown\n"
  "ip route 10.1.0.0 255.255.255.0 10.0.13.1\n"
  "ip route 10.2.0.0 255.255.255.0 10.0.35.5\n"
  "end\n";
static const char *r5_config =
  "hostname R5\n"
  "interface FastEthernet0/0\n ip address 10.2.0.1 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/0\n ip address 10.0.35.5 255.255.255.0\n no shutdown\n"
  "interface Ethernet1/1\n ip address 10.0.56.5 255.255.255.0\n no shutdown\n"
  "ip route 10.1.0.0 255.255.255.0 10.0.35.3\n"
  "ip route 10.0.13.0 255.255.255.0 10.0.35.3\n"
  "end\n";

static void
test_multi_hypervisor_lab (void)
{
  g_autofree char *vpcs = test_find_vpcs ();
  Lab lab = { 0 };
  WirelabHypervisorConfig *local;
  WirelabImage *image;
  const char *bound[] = { "b", "c", "d", NULL };
  const char *expect[] = { "local", "local", "b", "c", "d", "b" };
  GAsyncResult *result = NULL;
  WirelabNode *r7, *r4;
  gint64 t0, t1;
  /* Ports no parallel test uses; two pairs of hypervisors share a base. */
  guint16 udp_here = test_ports_take (40);
  guint16 udp_b = test_ports_take (40);
  guint16 consoles_b = test_ports_take (20);

  if (vpcs == NULL)
    {
      g_test_skip ("vpcs is not installed (apt-get install vpcs)");
      return;
    }

  lab.lab = test_lab_new_in_tmpdir (&lab.dir);
  wirelab_lab_set_start_delay (lab.lab, 100);
  lab.lh = test_hv_start ("127.0.0.1");
  lab.b = test_hv_start ("127.0.0.2");
  lab.c = test_hv_start ("127.0.0.2");
  lab.d = test_hv_start ("127.0.0.3");

  /* The embedded hypervisor holds two 128 MB routers; "lh" is a second
   * hypervisor of this host known as localhost, with the same base UDP. */
  local = wirelab_lab_find_hypervisor (lab.lab, "local");
  wirelab_hypervisor_config_set_memory_limit_mb (local, 256);
  wirelab_hypervisor_config_set_base_udp (local, udp_here);
  wirelab_hypervisor_config_set_base_console (local, test_ports_take (20));
  add_hv (&lab, "lh", "localhost", lab.lh, udp_here, test_ports_take (20));
  add_hv (&lab, "b", "127.0.0.2", lab.b, udp_b, consoles_b);
  add_hv (&lab, "c", "127.0.0.2", lab.c, udp_b, test_ports_take (20));
  add_hv (&lab, "d", "127.0.0.3", lab.d, test_ports_take (40), test_ports_take (20));

  /* Wirelab's router, placed by Wirelab: local first, then b, c, d. */
  image = wirelab_lab_find_image (lab.lab, WIRELAB_DEFAULT_IMAGE_ID);
  wirelab_image_set_hypervisors (image, bound);
  wirelab_image_set_use_manager (image, TRUE);
  g_assert_cmpuint (wirelab_image_get_ram (image), ==, 128);
  for (guint i = 0; i < 6; i++)
    wirelab_lab_create_node (lab.lab, WIRELAB_NODE_KIND_ROUTER, NULL, i * 100, 0, NULL);
  wirelab_lab_create_node (lab.lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 200, NULL);
  wirelab_lab_create_node (lab.lab, WIRELAB_NODE_KIND_VPCS, NULL, 500, 200, NULL);
  wirelab_lab_create_node (lab.lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 100, NULL);
  wirelab_node_set_hypervisor_id (node (&lab, "SW1"), "lh");
  wirelab_node_set_startup_script (node (&lab, "PC1"), "ip 10.1.0.10/24 10.1.0.1");
  wirelab_node_set_startup_script (node (&lab, "PC2"), "ip 10.2.0.10/24 10.2.0.1");

  /* PC1 - SW1 (lh) - R1 (local) - R3 (b, 127.0.0.2) - R5 (d, 127.0.0.3) -
   * PC2, with R2, R4, R6 hanging off that path. */
  link_up (&lab, "PC1", "e0", "SW1", "1");
  link_up (&lab, "SW1", "2", "R1", "FastEthernet0/0");
  link_up (&lab, "R1", "Ethernet1/0", "R3", "Ethernet1/0");
  link_up (&lab, "R3", "Ethernet1/1", "R5", "Ethernet1/0");
  link_up (&lab, "R5", "FastEthernet0/0", "PC2", "e0");
  link_up (&lab, "R1", "Ethernet1/1", "R2", "Ethernet1/0");
  link_up (&lab, "R3", "Ethernet1/2", "R4", "Ethernet1/0");
  link_up (&lab, "R5", "Ethernet1/1", "R6", "Ethernet1/0");
  test_router_config (lab.lab, node (&lab, "R1"), r1_config);
  test_router_config (lab.lab, node (&lab, "R3"), r3_config);
  test_router_config (lab.lab, node (&lab, "R5"), r5_config);

  lab.session = wirelab_session_new (lab.lab);
  wirelab_session_connect_async (lab.session, NULL, test_store_result, &result);
  wait_ok (&result, wirelab_session_connect_finish, lab.session);
  wirelab_session_all_action_async (lab.session, WIRELAB_NODE_ACTION_START, NULL, test_store_result,
                                    &result);
  wait_ok (&result, wirelab_session_all_action_finish, lab.session);

  /* The memory rule, written into the lab. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("R%u", i + 1);

      g_assert_cmpstr (wirelab_node_get_hypervisor_id (node (&lab, name)), ==, expect[i]);
      g_assert_cmpint (wirelab_node_get_status (node (&lab, name)), ==, WIRELAB_NODE_STATUS_RUNNING);
    }
  g_assert_cmpuint (wirelab_hypervisor_config_get_placed_ram_mb (local), ==, 256);
  g_assert_cmpuint (wirelab_hypervisor_config_get_effective_memory_limit_mb (local), ==, 256);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (node (&lab, "PC1")), ==, "local");
  g_assert_cmpuint (wirelab_node_get_console (node (&lab, "R3")), ==,
                    consoles_b + wirelab_node_get_instance_id (node (&lab, "R3")));
  g_assert_cmpstr (wirelab_node_get_console_host (node (&lab, "R3")), ==, "127.0.0.2");
  assert_ports_unique (&lab);

  /* Across all three hosts. */
  g_assert_true (test_router_ready (node (&lab, "R5"), 60000));
  g_assert_true (test_vpcs_ping (node (&lab, "PC1"), "10.2.0.10", 60000));
  g_assert_true (test_vpcs_ping (node (&lab, "PC2"), "10.1.0.10", 30000));

  /* The local hypervisor is full: a router added now lands remotely, on
   * the bound hypervisor with the least RAM placed (c, before d). */
  r7 = wirelab_lab_create_node (lab.lab, WIRELAB_NODE_KIND_ROUTER, NULL, 600, 100, NULL);
  wirelab_session_node_action_async (lab.session, r7, WIRELAB_NODE_ACTION_START, NULL,
                                     test_store_result, &result);
  wait_ok (&result, wirelab_session_node_action_finish, lab.session);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r7), ==, "c");
  g_assert_cmpint (wirelab_node_get_status (r7), ==, WIRELAB_NODE_STATUS_RUNNING);

  /* kill -9 of c mid-lab: R4 and R7 read stopped within 2 s; the path
   * PC1 - PC2 does not use c and keeps working. */
  r4 = node (&lab, "R4");
  t0 = g_get_monotonic_time ();
  test_hv_signal (lab.c, SIGKILL);
  g_assert_true (test_wait_for (node_stopped, r4, 10000));
  g_assert_true (test_wait_for (node_stopped, r7, 10000));
  t1 = g_get_monotonic_time ();
  g_test_message ("R4 and R7 read stopped %.3f s after kill -9", (t1 - t0) / 1e6);
  g_assert_cmpint (t1 - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_false (wirelab_hypervisor_config_get_connected (wirelab_lab_find_hypervisor (lab.lab, "c")));
  g_assert_cmpint (wirelab_node_get_status (node (&lab, "R3")), ==, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_true (test_vpcs_ping (node (&lab, "PC1"), "10.2.0.10", 30000));
  g_assert_true (test_router_ping (node (&lab, "R1"), "10.0.35.5", 30000));

  wirelab_session_shutdown_async (lab.session, NULL, test_store_result, &result);
  wait_ok (&result, wirelab_session_shutdown_finish, lab.session);
  {
    g_auto(GStrv) vms = test_hv_list (lab.b, "vm");
    g_auto(GStrv) nios = test_hv_list (lab.d, "nio");

    g_assert_cmpuint (g_strv_length (vms), ==, 0);
    g_assert_cmpuint (g_strv_length (nios), ==, 0);
  }

  /* The placement and the console ports are saved with the lab. */
  g_assert_true (wirelab_lab_save (lab.lab, NULL));
  {
    g_autoptr(WirelabLab) back = wirelab_lab_load (wirelab_lab_get_file (lab.lab), NULL);

    g_assert_nonnull (back);
    g_assert_cmpstr (wirelab_node_get_hypervisor_id (wirelab_lab_find_node_by_name (back, "R7")), ==, "c");
    g_assert_cmpuint (wirelab_node_get_console (wirelab_lab_find_node_by_name (back, "R3")), ==,
                      wirelab_node_get_console (node (&lab, "R3")));
  }

  g_clear_object (&lab.session);
  g_clear_object (&lab.lab);
  test_hv_free (lab.lh);
  test_hv_free (lab.b);
  test_hv_free (lab.c);
  test_hv_free (lab.d);
  test_rm_rf (lab.dir);
  g_free (lab.dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/lab/multi-hypervisor", test_multi_hypervisor_lab);

  return g_test_run ();
}
