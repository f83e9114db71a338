/* fw-cmd-rip.c: router rip configuration commands
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-config.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

static void
cmd_version (CliCmd *c)
{
  const CliArg *v = cli_arg_type (c, CLI_NUM, 0);

  fw_rip.version = c->no ? 0 : (uint8_t) v->num;
  fw_rip_config_changed ();
  fw_config_touch ();
}

static void
cmd_network (CliCmd *c)
{
  const CliArg *ip = cli_arg_type (c, CLI_IP, 0);
  uint32_t cm = fw_classful_mask (ip->num);

  if (cm == 0 || (ip->num >> 24) == 0 || (ip->num >> 24) == 127)
    {
      cli_puts ("% Invalid network number\n");
      return;
    }
  if (c->no)
    fw_rip_network_del (ip->num & cm);
  else
    fw_rip_network_add (ip->num & cm);
  fw_config_touch ();
}

static void
cmd_auto_summary (CliCmd *c)
{
  fw_rip.auto_summary = !c->no;
  fw_rip_config_changed ();
  fw_config_touch ();
}

static void
cmd_passive (CliCmd *c)
{
  const CliArg *a = cli_arg_type (c, CLI_IFNUM, 0);

  fw_rip_passive_set (a->text, !c->no);
  fw_rip_config_changed ();
  fw_config_touch ();
}

static void
cmd_timers (CliCmd *c)
{
  if (c->no)
    {
      fw_rip.update_s = 30;
      fw_rip.invalid_s = 180;
      fw_rip.holddown_s = 180;
      fw_rip.flush_s = 240;
      fw_rip.timers_set = false;
    }
  else
    {
      const CliArg *u = cli_arg_type (c, CLI_NUM, 0), *i = cli_arg_type (c, CLI_NUM, 1);
      const CliArg *h = cli_arg_type (c, CLI_NUM, 2), *f = cli_arg_type (c, CLI_NUM, 3);

      fw_rip.update_s = u->num ? u->num : 1;
      fw_rip.invalid_s = i->num;
      fw_rip.holddown_s = h->num;
      fw_rip.flush_s = f->num;
      fw_rip.timers_set = true;
    }
  fw_rip_config_changed ();
  fw_config_touch ();
}

static void
cmd_default_info (CliCmd *c)
{
  fw_rip.default_originate = !c->no;
  fw_rip_config_changed ();
  fw_config_touch ();
}

static void
cmd_redistribute (CliCmd *c)
{
  if (cli_arg_find (c, "static") >= 0)
    fw_rip.redist_static = !c->no;
  else
    fw_rip.redist_connected = !c->no;
  fw_rip_config_changed ();
  fw_config_touch ();
}

void
fw_cmd_rip_init (void)
{
  cli_install (M_ROUTER, "version <1-2>", "Set routing protocol version\nversion", cmd_version);
  cli_install (M_ROUTER, "no version",
               "Negate a command or set its defaults\nSet routing protocol version", cmd_version);
  cli_install (M_ROUTER, "network A.B.C.D", "Enable routing on an IP network\nNetwork number",
               cmd_network);
  cli_install (M_ROUTER, "no network A.B.C.D",
               "Negate a command or set its defaults\nEnable routing on an IP network\nNetwork number",
               cmd_network);
  cli_install (M_ROUTER, "auto-summary", "Enable automatic network number summarization",
               cmd_auto_summary);
  cli_install (M_ROUTER, "no auto-summary",
               "Negate a command or set its defaults\nEnable automatic network number summarization",
               cmd_auto_summary);
  cli_install (M_ROUTER, "passive-interface IFNAME",
               "Suppress routing updates on an interface\n", cmd_passive);
  cli_install (M_ROUTER, "no passive-interface IFNAME",
               "Negate a command or set its defaults\nSuppress routing updates on an interface\n",
               cmd_passive);
  cli_install (M_ROUTER,
               "timers basic <0-4294967295> <1-4294967295> <0-4294967295> <1-4294967295>",
               "Adjust routing timers\nBasic routing protocol update timers\n"
               "Interval between updates for RIP\nInvalid \nHolddown\nFlush", cmd_timers);
  cli_install (M_ROUTER, "no timers basic",
               "Negate a command or set its defaults\nAdjust routing timers\n"
               "Basic routing protocol update timers", cmd_timers);
  cli_install (M_ROUTER, "default-information originate",
               "Control distribution of default information\nDistribute a default route",
               cmd_default_info);
  cli_install (M_ROUTER, "no default-information originate",
               "Negate a command or set its defaults\nControl distribution of default information\n"
               "Distribute a default route", cmd_default_info);
  cli_install (M_ROUTER, "redistribute {connected | static}",
               "Redistribute information from another routing protocol\nConnected\n"
               "Static routes", cmd_redistribute);
  cli_install (M_ROUTER, "no redistribute {connected | static}",
               "Negate a command or set its defaults\n"
               "Redistribute information from another routing protocol\nConnected\nStatic routes",
               cmd_redistribute);
}
