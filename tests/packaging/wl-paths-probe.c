/* wl-paths-probe.c: prints where libwirelab finds an image or a data file
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * test-install.py copies this program into a temporary install prefix and
 * runs it there: it goes through the same wirelab_find_image() and
 * wirelab_find_data_file() as the installed wirelab, compiled for that
 * prefix, and from outside the build tree.
 *
 * Usage: wl-paths-probe image NAME | data RELATIVE_PATH
 */

#define G_LOG_DOMAIN "wl-paths-probe"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wirelab/wirelab-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *found = NULL;

  if (argc != 3 || (strcmp (argv[1], "image") != 0 && strcmp (argv[1], "data") != 0))
    {
      fprintf (stderr, "usage: %s image NAME | data RELATIVE_PATH\n", argv[0]);
      return 2;
    }

  if (strcmp (argv[1], "image") == 0)
    found = wirelab_find_image (argv[2]);
  else
    found = wirelab_find_data_file (argv[2]);

  if (found == NULL)
    {
      fprintf (stderr, "%s: %s not found\n", argv[0], argv[2]);
      return 1;
    }
  printf ("%s\n", found);
  return 0;
}
