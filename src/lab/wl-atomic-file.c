/* wl-atomic-file.c: replace a file so that a crash or a full disk never
 * leaves it truncated
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GNS3 users lost projects to a full disk that left zero-length files behind
 * (gns3-server #1792).  Here the new contents go to a temporary file in the
 * same directory, are fsync'ed, and only then renamed over the old file; the
 * directory is fsync'ed so the rename itself survives a power cut.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wl-lab-private.h"

static gboolean
is_space_error (int err)
{
  return err == ENOSPC || err == EDQUOT || err == EFBIG;
}

static void
set_errno_error (GError     **error,
                 int          err,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, WIRELAB_LAB_ERROR,
               is_space_error (err) ? WIRELAB_LAB_ERROR_NO_SPACE : WIRELAB_LAB_ERROR_IO,
               "Could not save %s (%s: %s); the previous file is unchanged",
               path, what, g_strerror (err));
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           int         *out_errno)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *out_errno = errno;
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

/* path.bak becomes the file that is about to be replaced: a hard link when
 * the file system has them (no copy, no space), a copy otherwise. */
static void
keep_backup_of (const char *path)
{
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  g_autofree char *tmp = g_strconcat (path, ".bak.new", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_unlink (tmp);
  if (link (path, tmp) == 0)
    {
      if (g_rename (tmp, bak) != 0)
        {
          g_warning ("Could not update %s: %s", bak, g_strerror (errno));
          g_unlink (tmp);
        }
      return;
    }

  if (g_file_get_contents (path, &contents, &len, NULL) &&
      !g_file_set_contents_full (bak, contents, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, NULL))
    g_warning ("Could not update %s", bak);
}

static void
sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  /* Some file systems refuse fsync on a directory (EINVAL): nothing to do. */
  if (fsync (fd) != 0 && errno != EINVAL)
    g_debug ("fsync %s: %s", dir, g_strerror (errno));
  close (fd);
}

gboolean
wl_atomic_write (const char  *path,
                 const char  *data,
                 gsize        length,
                 guint64      reserve,
                 gboolean     keep_backup,
                 GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  struct statvfs vfs;
  struct stat old;
  gboolean had_old;
  int fd;
  int err = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  if (statvfs (dir, &vfs) == 0)
    {
      guint64 avail = (guint64) vfs.f_bavail * vfs.f_frsize;

      if (avail < length + reserve)
        {
          g_autofree char *free_str = g_format_size (avail);

          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_SPACE,
                       "Not saving %s: the disk is nearly full (%s free); the previous file "
                       "is unchanged", path, free_str);
          return FALSE;
        }
    }

  had_old = g_stat (path, &old) == 0;

  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_errno_error (error, errno, "creating a temporary file", path);
      return FALSE;
    }

  if (had_old)
    (void) fchmod (fd, old.st_mode & 07777);

  if (!write_all (fd, data, length, &err) ||
      (fsync (fd) != 0 && (err = errno) != 0))
    {
      close (fd);
      g_unlink (tmp);
      set_errno_error (error, err, "writing", path);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      err = errno;
      g_unlink (tmp);
      set_errno_error (error, err, "closing", path);
      return FALSE;
    }

  if (had_old && keep_backup)
    keep_backup_of (path);

  if (g_rename (tmp, path) != 0)
    {
      err = errno;
      g_unlink (tmp);
      set_errno_error (error, err, "renaming", path);
      return FALSE;
    }

  sync_dir (dir);
  return TRUE;
}
