/* hv-mod-hypervisor.c: the `hypervisor` module (spec section 4)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wirelab/wirelab-version.h"

#include "hv-private.h"

static void
cmd_version (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  wl_hv_reply_ok (reply, "%s", wirelab_get_hypervisor_version_string ());
}

static void
cmd_parser_test (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  for (guint i = 0; i < argc; i++)
    wl_hv_reply_info (reply, "arg %u (len %zu): \"%s\"", i, strlen (argv[i]), argv[i]);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_module_list (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  g_autoptr(GPtrArray) modules = wl_hv_get_modules_listed (hv);

  for (guint i = 0; i < modules->len; i++)
    wl_hv_reply_info (reply, "%s", ((const WlHvModule *) g_ptr_array_index (modules, i))->name);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_cmd_list (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  const WlHvModule *module = wl_hv_find_module (hv, argv[0]);
  guint n = 0;

  if (module == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_MODULE, "unknown module '%s'", argv[0]);
      return;
    }

  /* Dynamips prepends each registered command: the list comes out reversed. */
  while (module->commands[n].name != NULL)
    n++;
  for (guint i = n; i > 0; i--)
    {
      const WlHvCommand *cmd = &module->commands[i - 1];

      wl_hv_reply_info (reply, "%s (min/max args: %u/%u)",
                        cmd->name, cmd->min_args, cmd->max_args);
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_working_dir (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  if (!wl_hv_change_working_dir (hv, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_INV_PARAM, "chdir: %s", g_strerror (errno));
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

/* Writes through a temporary file and a rename, so a failed save never
 * leaves a truncated file behind.  FALSE with errno set. */
static gboolean
write_file_atomically (const char *path,
                       const char *text,
                       gsize       len)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd;
  gsize done = 0;
  int saved;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return FALSE;

  while (done < len)
    {
      ssize_t n = write (fd, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (rename (tmp, path) != 0)
    goto fail;
  return TRUE;

fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  unlink (tmp);
  errno = saved;
  return FALSE;
}

static void
cmd_save_config (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  g_autofree char *path = wl_hv_resolve_path (hv, argv[0]);
  g_autofree char *text = NULL;

  if (path == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_FILE, "fopen: %s", g_strerror (EACCES));
      return;
    }

  text = wl_hv_save_config_text (hv);
  if (!write_file_atomically (path, text, strlen (text)))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_FILE, "fopen: %s", g_strerror (errno));
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_reset (WirelabHypervisor *hv,
           WlHvReply         *reply,
           guint              argc,
           char             **argv)
{
  wl_hv_reset_objects (hv);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_close (WirelabHypervisor *hv,
           WlHvReply         *reply,
           guint              argc,
           char             **argv)
{
  reply->after = WL_HV_AFTER_CLOSE;
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_stop (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  reply->after = WL_HV_AFTER_STOP;
  wl_hv_reply_ok (reply, "OK");
}

static const WlHvCommand hypervisor_commands[] = {
  { "version", 0, 0, cmd_version },
  { "parser_test", 0, 10, cmd_parser_test },
  { "module_list", 0, 0, cmd_module_list },
  { "cmd_list", 1, 1, cmd_cmd_list },
  { "working_dir", 1, 1, cmd_working_dir },
  { "save_config", 1, 1, cmd_save_config },
  { "reset", 0, 0, cmd_reset },
  { "close", 0, 0, cmd_close },
  { "stop", 0, 0, cmd_stop },
  { NULL }
};

static const WlHvModule hypervisor_module = {
  .name = "hypervisor",
  .commands = hypervisor_commands,
};

void
wl_hv_register_hypervisor_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &hypervisor_module);
}
