/* fw-cmd-if.c: interface and subinterface configuration commands
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

static void
cmd_ip_address (CliCmd *c)
{
  int i = cli.ifindex;
  FwIf *f = &fw_ifs[i];
  const CliArg *ip = cli_arg_type (c, CLI_IP, 0), *mask = cli_arg_type (c, CLI_IP, 1);
  int len;
  char a[16];

  if (c->no)
    {
      if (ip && (ip->num != f->addr || (mask && mask->num != f->mask)))
        {
          cli_puts ("Invalid address\n");
          return;
        }
      fw_if_set_address (i, 0, 0, FW_ADDR_UNSET);
      fw_config_touch ();
      return;
    }
  if (f->kind == FW_IF_SUB && f->vlan == 0)
    {
      cli_puts ("\n% Configuring IP routing on a LAN subinterface is only allowed if that\n"
                "subinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q,\n"
                "or ISL vLAN.\n\n");
      return;
    }
  len = fw_mask_to_len (mask->num);
  if (len < 0)
    {
      cli_printf ("Bad mask 0x%X for address %s\n", mask->num, fw_ip_ntoa (ip->num, a));
      return;
    }
  if ((ip->num >> 24) == 0 || (ip->num >> 24) == 127 || (ip->num & 0xf0000000u) >= 0xe0000000u
      || (len < 31 && ((ip->num & ~mask->num) == 0 || (ip->num | mask->num) == 0xffffffffu)))
    {
      cli_printf ("Bad mask /%d for address %s\n", len, fw_ip_ntoa (ip->num, a));
      return;
    }
  for (int k = 0; k < FW_IF_MAX; k++)
    {
      const FwIf *o = &fw_ifs[k];
      uint32_t m;

      if (k == i || !o->used || !o->addr)
        continue;
      m = o->mask < mask->num ? o->mask : mask->num;
      if (((o->addr ^ ip->num) & m) == 0)
        {
          cli_printf ("%% %s overlaps with %s\n", fw_ip_ntoa (ip->num & mask->num, a), o->name);
          return;
        }
    }
  fw_if_set_address (i, ip->num, mask->num, cli.loading ? FW_ADDR_NVRAM : FW_ADDR_MANUAL);
  fw_config_touch ();
}

static void
cmd_shutdown (CliCmd *c)
{
  if (cli.loading)
    fw_ifs[cli.ifindex].shutdown = !c->no;
  else
    fw_if_set_shutdown (cli.ifindex, !c->no);
  fw_config_touch ();
}

static void
cmd_description (CliCmd *c)
{
  FwIf *f = &fw_ifs[cli.ifindex];
  const CliArg *l = cli_arg_type (c, CLI_LINE, 0);

  fw_free (f->description);
  f->description = NULL;
  if (!c->no && l)
    f->description = fw_strndup (l->text, FW_MIN (strlen (l->text), 240u));
  fw_config_touch ();
}

static void
cmd_duplex (CliCmd *c)
{
  FwIf *f = &fw_ifs[cli.ifindex];

  if (c->no || cli_arg_find (c, "auto") >= 0)
    f->duplex = 0;
  else if (cli_arg_find (c, "full") >= 0)
    f->duplex = 1;
  else
    f->duplex = 2;
  fw_config_touch ();
}

static void
cmd_speed (CliCmd *c)
{
  FwIf *f = &fw_ifs[cli.ifindex];

  if (c->no || cli_arg_find (c, "auto") >= 0)
    f->speed_cfg = 0;
  else if (cli_arg_find (c, "10") >= 0)
    f->speed_cfg = 10;
  else
    f->speed_cfg = 100;
  fw_config_touch ();
}

static void
cmd_encapsulation (CliCmd *c)
{
  int i = cli.ifindex;
  const CliArg *v = cli_arg_type (c, CLI_NUM, 0);
  int other;

  if (c->no)
    {
      fw_if_set_address (i, 0, 0, FW_ADDR_UNSET);
      fw_if_set_vlan (i, 0, false);
      fw_config_touch ();
      return;
    }
  other = fw_if_find_vlan (fw_ifs[i].nic, (uint16_t) v->num);
  if (other >= 0 && other != i)
    {
      cli_printf ("Configuration of multiple subinterfaces of the same main\n"
                  "interface with the same VID (%u) is not permitted.\n"
                  "This VID is already configured on %s.\n", v->num, fw_ifs[other].name);
      return;
    }
  fw_if_set_vlan (i, (uint16_t) v->num, cli_arg_find (c, "native") >= 0);
  fw_config_touch ();
}

static void
cmd_nop (CliCmd *c)
{
}

void
fw_cmd_if_init (void)
{
  cli_install (M_IFS, "ip address A.B.C.D A.B.C.D",
               "Interface Internet Protocol config commands\nSet the IP address of an interface\n"
               "IP address\nIP subnet mask", cmd_ip_address);
  cli_install (M_IFS, "no ip address [A.B.C.D A.B.C.D]",
               "Negate a command or set its defaults\nInterface Internet Protocol config commands\n"
               "Set the IP address of an interface\nIP address\nIP subnet mask", cmd_ip_address);
  cli_install (M_IFS, "shutdown", "Shutdown the selected interface", cmd_shutdown);
  cli_install (M_IFS, "no shutdown",
               "Negate a command or set its defaults\nShutdown the selected interface", cmd_shutdown);
  cli_install (M_IFS, "description LINE",
               "Interface specific description\nUp to 240 characters describing this interface",
               cmd_description);
  cli_install (M_IFS, "no description",
               "Negate a command or set its defaults\nInterface specific description",
               cmd_description);
  cli_install (M_IF, "duplex {auto | full | half}",
               "Configure duplex operation.\nEnable AUTO duplex configuration\n"
               "Force full duplex operation\nForce half-duplex operation", cmd_duplex);
  cli_install (M_IF, "no duplex", "Negate a command or set its defaults\nConfigure duplex operation.",
               cmd_duplex);
  cli_install (M_IF, "speed {10 | 100 | auto}",
               "Configure speed operation.\nForce 10 Mbps operation\nForce 100 Mbps operation\n"
               "Enable AUTO speed configuration", cmd_speed);
  cli_install (M_IF, "no speed", "Negate a command or set its defaults\nConfigure speed operation.",
               cmd_speed);
  cli_install (M_SUBIF, "encapsulation dot1Q <1-4094> [native]",
               "Set encapsulation type for an interface\nIEEE 802.1Q Virtual LAN\nIEEE 802.1Q VLAN ID\n"
               "Make this as native vlan", cmd_encapsulation);
  cli_install (M_SUBIF, "no encapsulation dot1Q [<1-4094>]",
               "Negate a command or set its defaults\nSet encapsulation type for an interface\n"
               "IEEE 802.1Q Virtual LAN\nIEEE 802.1Q VLAN ID", cmd_encapsulation);
  cli_install (M_IF | CLI_HIDDEN, "negotiation auto", "\n", cmd_nop);
  cli_install (M_IF | CLI_HIDDEN, "{half-duplex | full-duplex}", "\n", cmd_duplex);
  cli_install (M_IFS | CLI_HIDDEN, "no ip route-cache", "\n\n\n", cmd_nop);
  cli_install (M_IFS | CLI_HIDDEN, "no cdp enable", "\n\n\n", cmd_nop);
  cli_install (M_IFS | CLI_HIDDEN, "media-type WORD", "\n", cmd_nop);
}
