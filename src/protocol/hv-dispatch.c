/* hv-dispatch.c: finding the module and command of a line and running it
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <string.h>

#include "hv-private.h"
#include "hv-tokenizer.h"

/* Dynamips 0.2.24's `hypervisor module_list`, which is its registration order
 * reversed (spec section 14). */
static const char *const dynamips_module_order[] = {
  "object_store", "vm_debug", "vm", "ethsw", "atm_bridge", "atmsw", "frsw",
  "nio_bridge", "nio", "hypervisor", "c1700", "c2600", "c2691", "c3745",
  "c3725", "c3600", "c7200",
};

const WlHvModule *
wl_hv_find_module (WirelabHypervisor *hv,
                   const char        *name)
{
  GPtrArray *modules = wl_hv_get_modules (hv);

  for (guint i = 0; i < modules->len; i++)
    {
      const WlHvModule *module = g_ptr_array_index (modules, i);

      if (strcmp (module->name, name) == 0)
        return module;
    }
  return NULL;
}

GPtrArray *
wl_hv_get_modules_listed (WirelabHypervisor *hv)
{
  GPtrArray *modules = wl_hv_get_modules (hv);
  GPtrArray *listed = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (dynamips_module_order); i++)
    {
      const WlHvModule *module = wl_hv_find_module (hv, dynamips_module_order[i]);

      if (module != NULL)
        g_ptr_array_add (listed, (gpointer) module);
    }
  /* Modules Dynamips does not have: newest first, as Dynamips lists. */
  for (guint i = modules->len; i > 0; i--)
    {
      const WlHvModule *module = g_ptr_array_index (modules, i - 1);
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (dynamips_module_order) && !known; j++)
        known = strcmp (module->name, dynamips_module_order[j]) == 0;
      if (!known)
        g_ptr_array_add (listed, (gpointer) module);
    }
  return listed;
}

static const WlHvCommand *
find_command (const WlHvModule *module,
              const char       *name)
{
  for (const WlHvCommand *cmd = module->commands; cmd->name != NULL; cmd++)
    if (strcmp (cmd->name, name) == 0)
      return cmd;
  return NULL;
}

void
wl_hv_dispatch (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  const WlHvModule *module;
  const WlHvCommand *cmd;
  guint nargs;

  if (argc < 2)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_PARSING,
                         "At least a module and a command must be specified");
      return;
    }

  module = wl_hv_find_module (hv, argv[0]);
  if (module == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_MODULE, "Unknown module '%s'", argv[0]);
      return;
    }

  cmd = find_command (module, argv[1]);
  if (cmd == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_CMD, "Unknown command '%s'", argv[1]);
      return;
    }

  nargs = argc - 2;
  if (nargs < cmd->min_args || nargs > cmd->max_args)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_PARAM,
                         "Bad number of parameters (%u with min/max=%u/%u)",
                         nargs, cmd->min_args, cmd->max_args);
      return;
    }

  g_debug ("exec %s %s (%u args)", argv[0], argv[1], nargs);
  cmd->func (hv, reply, nargs, argv + 2);

  /* Every command answers exactly once; a handler that forgot to is a bug,
   * but the client must still get its final line. */
  if (!reply->done && !reply->deferred)
    {
      g_critical ("command '%s %s' returned without a reply", argv[0], argv[1]);
      wl_hv_reply_error (reply, WL_HV_ERR_UNSPECIFIED, "internal error: no reply");
    }
}

void
wl_hv_dispatch_line (WirelabHypervisor *hv,
                     WlHvReply         *reply,
                     const char        *line,
                     gsize              len)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  WlHvTokError error;

  error = wl_hv_tokenize (line, len, words);
  if (error != WL_HV_TOK_OK)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_PARSING, "Parse error: %s",
                         wl_hv_tok_error_to_string (error));
      return;
    }

  g_ptr_array_add (words, NULL);
  wl_hv_dispatch (hv, reply, words->len - 1, (char **) words->pdata);
}
