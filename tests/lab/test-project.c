/* test-project.c: `.wirelab` files: round trip, strict reading, revisions,
 * atomic saves that survive a failing disk
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "wirelab/wirelab.h"
#include "lab/wl-lab-private.h"

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("wirelab-project-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Every kind of node, a remote hypervisor, filters, VCs, QinQ. */
static WirelabLab *
make_full_lab (void)
{
  WirelabLab *lab = wirelab_lab_new ();
  g_autoptr(WirelabHypervisorConfig) far = wirelab_hypervisor_config_new ("far", "192.0.2.10", 7201);
  g_autoptr(WirelabImage) img = wirelab_image_new ("c3725-adv", "/images/c3725.image", "c3725");
  const char *bound[] = { "far", NULL };
  const char *wics[] = { "WIC-2T", NULL };
  const char *slots[] = { "", "NM-4T", NULL };
  WirelabNode *r1, *r2, *sw, *hub, *fr, *pc;
  WirelabLink *link;

  wirelab_lab_set_name (lab, "Full «lab»");
  wirelab_hypervisor_config_set_base_udp (far, 20000);
  wirelab_hypervisor_config_set_memory_limit_mb (far, 2048);
  wirelab_hypervisor_config_set_working_dir (far, "/var/lib/wirelab");
  g_assert_true (wirelab_lab_add_hypervisor (lab, far, NULL));
  wirelab_image_set_hypervisors (img, bound);
  wirelab_image_set_use_manager (img, FALSE);
  wirelab_image_set_wics (img, wics);
  wirelab_image_set_slots (img, slots);
  wirelab_image_set_idle_pc (img, "0x60a4d6f8");
  g_assert_true (wirelab_lab_add_image (lab, img, NULL));

  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 10.5, -20, NULL);
  r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, "c3725-adv", 300, 0, NULL);
  sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 100, 100, NULL);
  hub = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, 200, 100, NULL);
  fr = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_FRSW, NULL, 300, 100, NULL);
  pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 400, 100, NULL);

  wirelab_node_set_ram (r1, 192);
  wirelab_node_set_console (r1, 2101);
  wirelab_node_set_hypervisor_id (r1, "local");
  wirelab_node_set_mac (r1, "ca01.0000.0001");
  wirelab_node_set_hypervisor_id (r2, "far");
  wirelab_node_set_switch_port (sw, 8, WIRELAB_PORT_MODE_QINQ, 100, 0x88a8);
  wirelab_node_set_switch_port (sw, 7, WIRELAB_PORT_MODE_DOT1Q, 10, 0);
  wirelab_node_set_port_count (hub, 4);
  wirelab_node_set_port_count (fr, 3);
  wirelab_node_add_vc (fr, 1, 102, 2, 201);
  wirelab_node_set_startup_script (pc, "ip 10.0.0.1/24 10.0.0.254\nsave\n");

  g_assert_nonnull (wirelab_lab_connect (lab, r1, "FastEthernet0/0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (lab, pc, "e0", sw, "7", NULL));
  g_assert_nonnull (wirelab_lab_connect (lab, r2, "FastEthernet0/0", hub, "4", NULL));
  g_assert_nonnull (wirelab_lab_connect (lab, r2, "Serial1/0", fr, "2", NULL));
  link = wirelab_lab_connect (lab, r1, "Ethernet1/0", r2, "Serial0/1", NULL);
  g_assert_nonnull (link);
  wirelab_link_set_freq_drop (link, 3);
  wirelab_link_set_delay (link, 40);
  wirelab_link_set_suspended (link, TRUE);
  wirelab_lab_set_grid_size (lab, 50);
  wirelab_lab_set_snap_to_grid (lab, TRUE);
  wirelab_lab_set_zoom (lab, 1.5);
  wirelab_lab_set_start_delay (lab, 250);

  g_assert_true (wirelab_lab_validate (lab, NULL));
  return lab;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "full.wirelab", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WirelabLab) lab = make_full_lab ();
  g_autoptr(WirelabLab) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *project_dir = NULL;
  WirelabNode *sw;
  WirelabLink *link;
  guint ethertype;

  g_assert_true (wirelab_lab_get_dirty (lab));
  g_assert_true (wirelab_lab_save_as (lab, file, &error));
  g_assert_no_error (error);
  g_assert_false (wirelab_lab_get_dirty (lab));

  back = wirelab_lab_load (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_false (wirelab_lab_get_dirty (back));
  g_assert_cmpuint (wirelab_history_get_undo_depth (wirelab_lab_get_history (back)), ==, 0);

  first = wirelab_lab_to_data (lab, NULL);
  second = wirelab_lab_to_data (back, NULL);
  g_assert_cmpstr (first, ==, second);

  project_dir = wirelab_lab_dup_project_dir (back);
  g_assert_cmpstr (project_dir, ==, dir);
  g_assert_cmpstr (wirelab_lab_get_name (back), ==, "Full «lab»");
  g_assert_cmpstr (wirelab_lab_get_project_id (back), ==, wirelab_lab_get_project_id (lab));
  sw = wirelab_lab_find_node_by_name (back, "SW1");
  g_assert_true (wirelab_node_get_switch_port (sw, 8, NULL, NULL, &ethertype));
  g_assert_cmphex (ethertype, ==, 0x88a8);
  link = wirelab_lab_find_link_at (back, wirelab_lab_find_node_by_name (back, "R2"), "Serial0/1");
  g_assert_nonnull (link);
  g_assert_cmpint (wirelab_link_get_freq_drop (link), ==, 3);
  g_assert_true (wirelab_link_get_suspended (link));
  g_assert_cmpfloat (wirelab_lab_get_zoom (back), ==, 1.5);

  rm_rf (dir);
}

static void
expect_load_error (const char *json,
                   int         code,
                   const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabLab) lab = wirelab_lab_load_from_data (json, -1, &error);

  if (lab != NULL)
    g_error ("loaded: %s", json);
  g_assert_error (error, WIRELAB_LAB_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, error->message);
}

#define HEAD "{\"type\": \"wirelab-project\", \"revision\": 1, \"hypervisors\": [], \"images\": [], "

static void
test_strict_reading (void)
{
  g_autoptr(WirelabLab) ok = NULL;
  g_autoptr(GError) error = NULL;

  ok = wirelab_lab_load_from_data (HEAD "\"nodes\": [], \"links\": []}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wirelab_lab_find_hypervisor (ok, "local"));

  expect_load_error ("{nope", WIRELAB_LAB_ERROR_INVALID, "Not a valid project file");
  expect_load_error ("[1, 2]", WIRELAB_LAB_ERROR_INVALID, "Not a Wirelab project");
  expect_load_error ("{\"type\": \"topology\", \"revision\": 9}", WIRELAB_LAB_ERROR_INVALID,
                     "Not a Wirelab project");
  expect_load_error ("{\"type\": \"wirelab-project\"}", WIRELAB_LAB_ERROR_INVALID, "“revision” is missing");
  expect_load_error ("{\"type\": \"wirelab-project\", \"revision\": 0}", WIRELAB_LAB_ERROR_INVALID,
                     "revision");
  expect_load_error ("{\"type\": \"wirelab-project\", \"revision\": 7, \"generator\": \"Wirelab 9.0\"}",
                     WIRELAB_LAB_ERROR_NEWER_REVISION, "Wirelab 9.0 in file revision 7");
  expect_load_error (HEAD "\"nodes\": [], \"links\": [], \"extra\": 1}", WIRELAB_LAB_ERROR_INVALID,
                     "unknown key “extra”");
  expect_load_error (HEAD "\"links\": []}", WIRELAB_LAB_ERROR_INVALID, "“nodes” is missing");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"router\", \"name\": \"R1\", "
                     "\"image\": \"none\", \"instance_id\": 1}], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "R1 uses an unknown image “none”");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"toaster\", \"name\": \"T1\"}], "
                     "\"links\": []}", WIRELAB_LAB_ERROR_INVALID, "nodes[0]: unknown kind “toaster”");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"vpcs\", \"name\": \"PC1\", "
                     "\"instance_id\": \"1\"}], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "nodes[0]: “instance_id” must be a whole number");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"vpcs\", \"name\": \"PC1\", "
                     "\"instance_id\": 1, \"ports\": []}], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "nodes[0]: unknown key “ports”");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"ethsw\", \"name\": \"SW1\", "
                     "\"ports\": [{\"port\": 1, \"vlan\": 5000}]}], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "nodes[0].ports[0]: “vlan” is 5000");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"vpcs\", \"name\": \"PC1\", "
                     "\"instance_id\": 1}, {\"id\": \"b\", \"kind\": \"vpcs\", \"name\": \"PC2\", "
                     "\"instance_id\": 1}], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "PC1 and PC2 have the same instance id 1");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"vpcs\", \"name\": \"PC1\", "
                     "\"instance_id\": 1}], \"links\": [{\"id\": \"l\", \"ends\": "
                     "[{\"node\": \"a\", \"interface\": \"e0\"}, {\"node\": \"zz\", \"interface\": \"1\"}]}]}",
                     WIRELAB_LAB_ERROR_INVALID, "a link ends on an unknown node “zz”");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"hub\", \"name\": \"H\"}], "
                     "\"links\": [{\"id\": \"l\", \"ends\": [{\"node\": \"a\", \"interface\": \"1\"}, "
                     "{\"node\": \"a\", \"interface\": \"9\"}]}]}",
                     WIRELAB_LAB_ERROR_INVALID, "H 9, which does not exist");
  expect_load_error (HEAD "\"nodes\": [{\"id\": \"a\", \"kind\": \"hub\", \"name\": \"H\"}], "
                     "\"links\": [{\"id\": \"l\", \"ends\": [{\"node\": \"a\", \"interface\": \"1\"}, "
                     "{\"node\": \"a\", \"interface\": \"2\"}]}, {\"id\": \"m\", \"ends\": "
                     "[{\"node\": \"a\", \"interface\": \"2\"}, {\"node\": \"a\", \"interface\": \"3\"}]}]}",
                     WIRELAB_LAB_ERROR_INVALID, "H 2 has more than one link");
  expect_load_error ("{\"type\": \"wirelab-project\", \"revision\": 1, \"hypervisors\": "
                     "[{\"id\": \"x\", \"host\": \"h\"}], \"images\": [], \"nodes\": [], \"links\": []}",
                     WIRELAB_LAB_ERROR_INVALID, "hypervisors[0]: “port” is missing");
}

static void
test_backup_and_file_modes (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "lab.wirelab", NULL);
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *in_bak = NULL;
  g_autoptr(GDir) d = NULL;
  guint entries = 0;

  g_assert_false (wirelab_lab_save (lab, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (wirelab_lab_save_as (lab, file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &v1, NULL, NULL));

  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_assert_true (wirelab_lab_save (lab, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (bak, &in_bak, NULL, NULL));
  g_assert_cmpstr (in_bak, ==, v1);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_nonnull (strstr (on_disk, "\"R1\""));

  /* Only the file and its backup: no temporary left behind. */
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 2);

  rm_rf (dir);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A save the disk cannot take: the kernel refuses the write (RLIMIT_FSIZE
 * gives a real EFBIG, like ENOSPC on a full disk, without root). */
static void
test_failing_write_keeps_old_file (void)
{
  if (g_test_subprocess ())
    {
      const char *path = g_getenv ("WL_TEST_PROJECT");
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(WirelabLab) lab = make_full_lab ();
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 512, 512 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      _wirelab_lab_set_save_reserve (lab, 0);
      g_assert_false (wirelab_lab_save_as (lab, file, &error));
      g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_SPACE);
      g_assert_nonnull (strstr (error->message, "the previous file is unchanged"));
      g_assert_true (wirelab_lab_get_dirty (lab));
      return;
    }
  else
    {
      g_autofree char *dir = make_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "precious.wirelab", NULL);
      g_autoptr(WirelabLab) old = wirelab_lab_new ();
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(WirelabLab) back = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (wirelab_lab_save_as (old, file, NULL));
      g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

      g_setenv ("WL_TEST_PROJECT", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();

      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (count_entries (dir), ==, 1);
      back = wirelab_lab_load (file, &error);
      g_assert_no_error (error);
      rm_rf (dir);
    }
}

static void
test_nearly_full_refused (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "lab.wirelab", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (wirelab_lab_save_as (lab, file, NULL));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, NULL);

  /* More reserve than any disk has: the save is refused before writing. */
  _wirelab_lab_set_save_reserve (lab, G_MAXUINT64 / 4);
  g_assert_false (wirelab_lab_save (lab, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "nearly full"));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (wirelab_lab_get_dirty (lab));

  rm_rf (dir);
}

static void
test_newer_revision_file (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.wirelab", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  const char *text = "{\"type\": \"wirelab-project\", \"revision\": 2, \"generator\": \"Wirelab 2.0\"}";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  lab = wirelab_lab_load (file, &error);
  g_assert_null (lab);
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NEWER_REVISION);
  g_assert_nonnull (strstr (error->message, "new.wirelab"));
  g_assert_nonnull (strstr (error->message, "newer Wirelab"));
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/project/round-trip", test_round_trip);
  g_test_add_func ("/lab/project/strict-reading", test_strict_reading);
  g_test_add_func ("/lab/project/newer-revision", test_newer_revision_file);
  g_test_add_func ("/lab/project/backup", test_backup_and_file_modes);
  g_test_add_func ("/lab/project/failing-write", test_failing_write_keeps_old_file);
  g_test_add_func ("/lab/project/nearly-full", test_nearly_full_refused);

  return g_test_run ();
}
