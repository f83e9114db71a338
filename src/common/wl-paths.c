/* wl-paths.c: where installed and in-tree data lives
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-paths"

#include "config.h"

#include "wirelab/wirelab-paths.h"

/* A binary started from the build tree uses the tree's outputs; an installed
 * one never looks there, even when the tree still exists. */
static gboolean
running_uninstalled (void)
{
  static gsize once = 0;
  static gboolean uninstalled;

  if (g_once_init_enter (&once))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      uninstalled = exe != NULL && g_str_has_prefix (exe, WIRELAB_BUILD_ROOT "/");
      g_once_init_leave (&once, 1);
    }

  return uninstalled;
}

static char *
find_in (const char *const *dirs,
         const char         *relative_path)
{
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], relative_path, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

char *
wirelab_find_data_file (const char *relative_path)
{
  const char *env = g_getenv ("WIRELAB_DATA_DIR");
  const char *tree[] = { WIRELAB_BUILD_ROOT "/data", WIRELAB_SOURCE_ROOT "/data", NULL };
  const char *installed[] = { PKGDATADIR, NULL };
  const char *from_env[] = { env, NULL };
  char *found;


  g_return_val_if_fail (relative_path != NULL, NULL);

  if (env != NULL && (found = find_in (from_env, relative_path)))
    return found;

  return find_in (running_uninstalled () ? tree : installed, relative_path);
}

/* Router images: $WIRELAB_IMAGES_DIR, then the build tree's firmware or the
 * installed images directory. */
char *
wirelab_find_image (const char *name)
{
  const char *env = g_getenv ("WIRELAB_IMAGES_DIR");
  const char *tree[] = { WIRELAB_BUILD_ROOT "/src/firmware", NULL };
  const char *installed[] = { PKGDATADIR "/images", NULL };
  const char *from_env[] = { env, NULL };
  char *found;

  g_return_val_if_fail (name != NULL, NULL);

  if (env != NULL && (found = find_in (from_env, name)))
    return found;

  return find_in (running_uninstalled () ? tree : installed, name);
}
