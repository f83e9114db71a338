/* fuzz-project-load.c: libFuzzer target for the `.wirelab` project loader
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is the contents of a `.wirelab` file.  It is written to a file in
 * a private temporary directory and opened with wirelab_lab_load(), as the
 * application opens projects.  Checked:
 * - loading from memory (wirelab_lab_load_from_data()) gives the same
 *   verdict (and the same error code, or the same lab) as loading the file;
 * - a failed load returns NULL with a WIRELAB_LAB_ERROR that has a message;
 * - a loaded lab validates, is not dirty, saves (save_as) to another file,
 *   and that file loads again into the same lab: same hypervisors, images,
 *   nodes and links (counts, ids and names) and byte-identical file data.
 */

#define G_LOG_DOMAIN "fuzz-project-load"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "wirelab/wirelab-lab.h"

#include "fuzz-util.h"

static char *workdir;

static void
remove_workdir (void)
{
  fuzz_empty_dir (workdir);
  g_rmdir (workdir);
}

static void
check_error (WirelabLab   *lab,
             const GError *error)
{
  g_assert_null (lab);
  g_assert_nonnull (error);
  g_assert_true (error->domain == WIRELAB_LAB_ERROR);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

/* The id (or name) of every item of a container, in order. */
static char *
describe (GListModel *model,
          const char *property)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *value = NULL;

      g_object_get (item, property, &value, NULL);
      g_string_append_printf (s, "%s\n", value != NULL ? value : "(null)");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
check_same_model (GListModel *a,
                  GListModel *b,
                  const char *property)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  da = describe (a, property);
  db = describe (b, property);
  g_assert_cmpstr (da, ==, db);
}

/* `same_file`: also the same project id and file data (two loads of a
 * file without a project id each make up a new one). */
static void
check_same_lab (WirelabLab *a,
                WirelabLab *b,
                gboolean    same_file)
{
  g_autofree char *data_a = NULL;
  g_autofree char *data_b = NULL;

  g_assert_cmpstr (wirelab_lab_get_name (a), ==, wirelab_lab_get_name (b));
  check_same_model (wirelab_lab_get_hypervisors (a), wirelab_lab_get_hypervisors (b), "id");
  check_same_model (wirelab_lab_get_hypervisors (a), wirelab_lab_get_hypervisors (b), "name");
  check_same_model (wirelab_lab_get_images (a), wirelab_lab_get_images (b), "id");
  check_same_model (wirelab_lab_get_images (a), wirelab_lab_get_images (b), "name");
  check_same_model (wirelab_lab_get_nodes (a), wirelab_lab_get_nodes (b), "id");
  check_same_model (wirelab_lab_get_nodes (a), wirelab_lab_get_nodes (b), "name");
  check_same_model (wirelab_lab_get_links (a), wirelab_lab_get_links (b), "id");

  if (!same_file)
    return;
  g_assert_cmpstr (wirelab_lab_get_project_id (a), ==, wirelab_lab_get_project_id (b));
  data_a = wirelab_lab_to_data (a, NULL);
  data_b = wirelab_lab_to_data (b, NULL);
  g_assert_cmpstr (data_a, ==, data_b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mem_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(WirelabLab) mem_lab = NULL;
  g_autoptr(WirelabLab) back = NULL;
  g_autofree char *path = NULL;
  g_autofree char *copy_path = NULL;

  if (workdir == NULL)
    {
      workdir = g_dir_make_tmp ("wl-fuzz-project-XXXXXX", NULL);
      g_assert_nonnull (workdir);
      atexit (remove_workdir);
    }

  path = g_build_filename (workdir, "in.wirelab", NULL);
  copy_path = g_build_filename (workdir, "copy.wirelab", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  file = g_file_new_for_path (path);
  copy = g_file_new_for_path (copy_path);

  lab = wirelab_lab_load (file, &error);
  mem_lab = wirelab_lab_load_from_data ((const char *) data, size, &mem_error);
  g_assert_true ((lab == NULL) == (mem_lab == NULL));

  if (lab == NULL)
    {
      check_error (lab, error);
      check_error (mem_lab, mem_error);
      g_assert_cmpint (error->code, ==, mem_error->code);
      fuzz_empty_dir (workdir);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_no_error (mem_error);
  g_assert_false (wirelab_lab_get_dirty (lab));
  g_assert_true (wirelab_lab_validate (lab, &error));
  g_assert_no_error (error);
  check_same_lab (lab, mem_lab, FALSE);

  g_assert_true (wirelab_lab_save_as (lab, copy, &error));
  g_assert_no_error (error);
  g_assert_false (wirelab_lab_get_dirty (lab));

  back = wirelab_lab_load (copy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  check_same_lab (lab, back, TRUE);

  fuzz_empty_dir (workdir);
  return 0;
}
