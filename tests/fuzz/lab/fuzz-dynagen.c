/* fuzz-dynagen.c: libFuzzer target for the Dynagen `.net` importer
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is the text of a Dynagen/GNS3 0.x `.net` file, given to
 * wirelab_dynagen_import().  Checked:
 * - a failed import returns NULL with a WIRELAB_LAB_ERROR that has a message;
 * - an imported lab validates, every warning is non-empty UTF-8, and the lab
 *   survives the project format: its file data loads back
 *   (wirelab_lab_load_from_data()) into a lab with the same file data, so an
 *   import never yields a project Wirelab cannot reopen.
 */

#define G_LOG_DOMAIN "fuzz-dynagen"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "wirelab/wirelab-dynagen.h"

#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(WirelabLab) back = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *again = NULL;
  gsize saved_len = 0;

  /* Not NUL-terminated: the importer must honour the length. */
  lab = wirelab_dynagen_import ((const char *) data, size, &warnings, &error);
  if (lab == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == WIRELAB_LAB_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
      g_assert_null (warnings);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_nonnull (warnings);
  for (guint i = 0; warnings[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (warnings[i]), >, 0);
      g_assert_true (g_utf8_validate (warnings[i], -1, NULL));
    }
  g_assert_true (wirelab_lab_validate (lab, &error));
  g_assert_no_error (error);

  saved = wirelab_lab_to_data (lab, &saved_len);
  g_assert_nonnull (saved);
  g_assert_cmpuint (strlen (saved), ==, saved_len);
  back = wirelab_lab_load_from_data (saved, saved_len, &error);
  if (back == NULL)
    g_printerr ("An imported lab does not load back:\n%s\n", saved);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (lab)), ==,
                    g_list_model_get_n_items (wirelab_lab_get_nodes (back)));
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (lab)), ==,
                    g_list_model_get_n_items (wirelab_lab_get_links (back)));
  again = wirelab_lab_to_data (back, NULL);
  g_assert_cmpstr (saved, ==, again);
  return 0;
}
