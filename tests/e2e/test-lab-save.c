/* test-lab-save.c: saving a project on a disk that is (nearly) full keeps
 * the old file intact: a real tmpfs filled to the last byte
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lab-test-util.h"
#include "lab/wl-lab-private.h"

/* A tmpfs in a mount namespace of this process alone: it goes away with
 * the process, even when a failed assertion aborts it. */
static gboolean
mount_small_tmpfs (const char *dir)
{
  if (unshare (CLONE_NEWNS) != 0)
    return FALSE;
  if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", dir, "tmpfs", 0, "size=2m,nr_inodes=64") == 0;
}

/* Writes zeros until the file system refuses: the disk is full. */
static void
fill (const char *path)
{
  static const char zeros[4096];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  /* A short write fills the last block; the next one gets ENOSPC. */
  while (write (fd, zeros, sizeof zeros) >= 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
test_full_tmpfs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wirelab-full-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "lab.wirelab", NULL);
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  if (!mount_small_tmpfs (dir))
    {
      g_rmdir (dir);
      g_test_skip ("cannot mount a private tmpfs here (needs CAP_SYS_ADMIN); "
                   "tests/lab/test-project fails a real write with RLIMIT_FSIZE instead");
      return;
    }

  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_assert_true (wirelab_lab_save_as (lab, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* A bigger lab, a full disk. */
  for (guint i = 0; i < 60; i++)
    wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, i, i, NULL);
  fill (filler);

  /* Refused before writing: less than the 1 MiB reserve is free. */
  g_assert_false (wirelab_lab_save (lab, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* Blocks free again, but no inode left: even without the reserve the
   * file system refuses the temporary file (ENOSPC). */
  g_unlink (filler);
  {
    guint made = 0;

    for (;; made++)
      {
        g_autofree char *name = g_strdup_printf ("%s/inode-%u", dir, made);
        int fd = open (name, O_WRONLY | O_CREAT | O_EXCL, 0644);

        if (fd < 0)
          {
            g_assert_cmpint (errno, ==, ENOSPC);
            break;
          }
        close (fd);
      }
    g_test_message ("%u files took every inode", made);
  }
  _wirelab_lab_set_save_reserve (lab, 0);
  g_assert_false (wirelab_lab_save (lab, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "No space left"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  g_assert_true (wirelab_lab_get_dirty (lab));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, "inode-"))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);

          g_unlink (p);
        }
      else
        g_assert_cmpstr (name, ==, "lab.wirelab");
  }

  /* Space again: the save works and the old file becomes the .bak. */
  g_assert_true (wirelab_lab_save (lab, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (bak, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_false (wirelab_lab_get_dirty (lab));
  {
    g_autoptr(WirelabLab) back = wirelab_lab_load (file, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (back)), ==, 61);
  }

  g_assert_cmpint (umount (dir), ==, 0);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/lab/save-on-full-disk", test_full_tmpfs);

  return g_test_run ();
}
