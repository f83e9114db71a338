/* fw-cmd-config.c: global configuration commands and line configuration
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
cmd_hostname (CliCmd *c)
{
  const char *name = c->no ? "Router" : cli_arg_type (c, CLI_WORD, 0)->text;
  size_t n = strlen (name);

  if (!fw_isalpha (name[0]) || !(fw_isalpha (name[n - 1]) || fw_isdigit (name[n - 1])))
    goto bad;
  for (size_t i = 0; i < n; i++)
    if (!(fw_isalpha (name[i]) || fw_isdigit (name[i]) || name[i] == '-'))
      goto bad;
  if (n >= sizeof fw_config.hostname)
    {
      cli_puts ("% Hostname is too long.\n");
      return;
    }
  fw_strlcpy (fw_config.hostname, name, sizeof fw_config.hostname);
  fw_config_touch ();
  return;

bad:
  cli_puts ("% Hostname contains one or more illegal characters.\n");
}

static void
cmd_interface (CliCmd *c)
{
  const CliArg *a = cli_arg_type (c, CLI_IFNUM, 0);
  int i;

  if (c->no)
    {
      i = fw_if_find (a->text);
      if (i < 0)
        return;
      if (fw_ifs[i].kind == FW_IF_PHYS)
        {
          cli_puts ("% Removal of physical interfaces is not permitted\n");
          return;
        }
      fw_if_delete (i);
      fw_config_touch ();
      return;
    }
  i = fw_if_get_or_create (a->text);
  if (i < 0)
    {
      cli_puts ("% Invalid interface\n");
      return;
    }
  /* In a configuration file an interface without "shutdown" is up; the
   * state is applied (and announced) once the whole file is read. */
  if (cli.loading)
    fw_ifs[i].shutdown = false;
  cli.ifindex = i;
  cli_set_mode (fw_ifs[i].kind == FW_IF_SUB ? CLI_MODE_SUBIF : CLI_MODE_IF);
}

static void
cmd_ip_route (CliCmd *c)
{
  FwStatic s;
  int n = 0;
  char a[16];

  memset (&s, 0, sizeof s);
  s.distance = 1;
  /* ip route PREFIX MASK [IFNAME] [GATEWAY] [DISTANCE] [permanent] */
  for (int i = 0; i < c->argc; i++)
    {
      const CliArg *arg = &c->argv[i];

      if (arg->type == CLI_IP)
        {
          if (n == 0)
            s.prefix = arg->num;
          else if (n == 1)
            s.mask = arg->num;
          else
            s.gateway = arg->num;
          n++;
        }
      else if (arg->type == CLI_IFNUM)
        fw_strlcpy (s.ifname, arg->text, sizeof s.ifname);
      else if (arg->type == CLI_NUM)
        s.distance = (uint8_t) arg->num;
      else if (cli_arg_is (c, i, "permanent"))
        s.permanent = true;
    }
  if (fw_mask_to_len (s.mask) < 0)
    {
      cli_printf ("%%Invalid destination prefix\n");
      return;
    }
  if (s.prefix & ~s.mask)
    {
      cli_puts ("%Inconsistent address and mask\n");
      return;
    }
  if (c->no)
    {
      if (!fw_static_del (&s, !s.gateway && !s.ifname[0]))
        cli_puts ("%No matching route to delete\n");
      else
        fw_config_touch ();
      return;
    }
  if (s.gateway && fw_ip_is_local (s.gateway))
    {
      cli_puts ("%Invalid next hop address (it's this router)\n");
      return;
    }
  if (!s.gateway && !s.ifname[0])
    return;
  if (!fw_static_add (&s))
    cli_printf ("%%No memory for route %s\n", fw_ip_ntoa (s.prefix, a));
  else
    fw_config_touch ();
}

static void
cmd_router_rip (CliCmd *c)
{
  if (c->no)
    {
      fw_rip_reset ();
      fw_config_touch ();
      return;
    }
  if (!fw_rip.enabled)
    {
      fw_rip.enabled = true;
      fw_rip_config_changed ();
      fw_config_touch ();
    }
  cli_set_mode (CLI_MODE_ROUTER);
}

static void
cmd_domain_lookup (CliCmd *c)
{
  fw_config.domain_lookup = !c->no;
  fw_config_touch ();
}

static void
cmd_domain_name (CliCmd *c)
{
  fw_free (fw_config.domain_name);
  fw_config.domain_name = NULL;
  if (!c->no)
    fw_config.domain_name = fw_strdup (cli_arg_type (c, CLI_WORD, 0)->text);
  fw_config_touch ();
}

static void
cmd_enable_secret (CliCmd *c)
{
  const CliArg *w = cli_arg_type (c, CLI_WORD, 0);
  bool secret = cli_arg_find (c, "secret") >= 0;
  char **slot = secret ? &fw_config.enable_secret : &fw_config.enable_password;

  fw_free (*slot);
  *slot = NULL;
  if (!c->no && w)
    *slot = fw_strdup (w->text);
  fw_config_touch ();
}

static void
cmd_service_pwenc (CliCmd *c)
{
  fw_config.password_encryption = !c->no;
  fw_config_touch ();
}

static void
cmd_banner (CliCmd *c)
{
  const CliArg *l = cli_arg_type (c, CLI_LINE, 0);
  const char *s;
  size_t dl, n;
  const char *end;

  fw_free (fw_config.banner_motd);
  fw_config.banner_motd = NULL;
  fw_config_touch ();
  if (c->no || l == NULL)
    return;
  s = l->text;
  /* single-line form: the first character (or ^C) delimits */
  dl = (s[0] == '^' && s[1] == 'C') ? 2 : 1;
  n = strlen (s);
  if (n <= dl)
    return;
  end = s + dl;
  while (*end && strncmp (end, s, dl) != 0)
    end++;
  fw_config.banner_motd = fw_strndup (s + dl, (size_t) (end - s - (ptrdiff_t) dl));
}

static void
cmd_arp (CliCmd *c)
{
  const CliArg *ip = cli_arg_type (c, CLI_IP, 0);
  const CliArg *mac = cli_arg_type (c, CLI_MAC, 0);
  uint8_t m[6];

  if (c->no)
    {
      fw_arp_del_static (ip->num);
      fw_config_touch ();
      return;
    }
  if (!fw_mac_aton (mac->text, strlen (mac->text), m))
    return;
  fw_arp_add_static (ip->num, m);
  fw_config_touch ();
}

static void
cmd_line (CliCmd *c)
{
  if (cli_arg_find (c, "console") >= 0)
    cli.line_kind = 0;
  else if (cli_arg_find (c, "aux") >= 0)
    cli.line_kind = 1;
  else
    cli.line_kind = 2;
  cli_set_mode (CLI_MODE_LINE);
}

static void
cmd_line_logging_sync (CliCmd *c)
{
  fw_config.lines[cli.line_kind].logging_sync = !c->no;
  fw_config_touch ();
}

static void
cmd_line_login (CliCmd *c)
{
  fw_config.lines[cli.line_kind].login = !c->no;
  fw_config_touch ();
}

static void
cmd_line_password (CliCmd *c)
{
  FwLineConfig *l = &fw_config.lines[cli.line_kind];
  const CliArg *w = cli_arg_type (c, CLI_LINE, 0);

  fw_free (l->password);
  l->password = NULL;
  if (!c->no && w)
    l->password = fw_strdup (w->text);
  fw_config_touch ();
}

static void
cmd_line_exec_timeout (CliCmd *c)
{
  FwLineConfig *l = &fw_config.lines[cli.line_kind];
  const CliArg *m = cli_arg_type (c, CLI_NUM, 0), *s = cli_arg_type (c, CLI_NUM, 1);

  l->exec_timeout_set = !c->no && !(m && m->num == 10 && (!s || s->num == 0));
  l->exec_min = m ? m->num : 10;
  l->exec_sec = s ? s->num : 0;
  fw_config_touch ();
}

static void
cmd_nop (CliCmd *c)
{
}

void
fw_cmd_config_init (void)
{
  cli_install (M_CONFIG, "hostname WORD", "Set system's network name\nThis system's network name",
               cmd_hostname);
  cli_install (M_CONFIG, "no hostname", "Negate a command or set its defaults\nSet system's network name",
               cmd_hostname);
  cli_install (M_CONFIG, "interface IFCREATE", "Select an interface to configure\n", cmd_interface);
  cli_install (M_CONFIG, "no interface IFCREATE",
               "Negate a command or set its defaults\nSelect an interface to configure\n",
               cmd_interface);
  cli_install (M_CONFIG,
               "ip route A.B.C.D A.B.C.D {A.B.C.D | IFNAME [A.B.C.D]} [<1-255>] [permanent]",
               "Global IP configuration subcommands\nEstablish static routes\nDestination prefix\n"
               "Destination prefix mask\nForwarding router's address\n\nForwarding router's address\n"
               "Distance metric for this route\npermanent route", cmd_ip_route);
  cli_install (M_CONFIG,
               "no ip route A.B.C.D A.B.C.D [{A.B.C.D | IFNAME [A.B.C.D]}] [<1-255>] [permanent]",
               "Negate a command or set its defaults\nGlobal IP configuration subcommands\n"
               "Establish static routes\nDestination prefix\nDestination prefix mask\n"
               "Forwarding router's address\n\nForwarding router's address\n"
               "Distance metric for this route\npermanent route", cmd_ip_route);
  cli_install (M_CONFIG, "router rip", "Enable a routing process\nRouting Information Protocol (RIP)",
               cmd_router_rip);
  cli_install (M_CONFIG, "no router rip",
               "Negate a command or set its defaults\nEnable a routing process\n"
               "Routing Information Protocol (RIP)", cmd_router_rip);
  cli_install (M_CONFIG, "ip domain-lookup",
               "Global IP configuration subcommands\nEnable IP Domain Name System hostname translation",
               cmd_domain_lookup);
  cli_install (M_CONFIG, "no ip domain-lookup",
               "Negate a command or set its defaults\nGlobal IP configuration subcommands\n"
               "Enable IP Domain Name System hostname translation", cmd_domain_lookup);
  cli_install (M_CONFIG, "ip domain lookup",
               "Global IP configuration subcommands\nIP DNS Resolver\nEnable IP Domain Name System hostname translation",
               cmd_domain_lookup);
  cli_install (M_CONFIG, "no ip domain lookup",
               "Negate a command or set its defaults\nGlobal IP configuration subcommands\n"
               "IP DNS Resolver\nEnable IP Domain Name System hostname translation",
               cmd_domain_lookup);
  cli_install (M_CONFIG, "ip {domain-name | domain name} WORD",
               "Global IP configuration subcommands\nDefine the default domain name\nIP DNS Resolver\n"
               "Define the default domain name\nDefault domain name", cmd_domain_name);
  cli_install (M_CONFIG, "no ip {domain-name | domain name}",
               "Negate a command or set its defaults\nGlobal IP configuration subcommands\n"
               "Define the default domain name\nIP DNS Resolver\nDefine the default domain name",
               cmd_domain_name);
  cli_install (M_CONFIG, "enable {secret | password} [0] WORD",
               "Modify enable password parameters\nAssign the privileged level secret\n"
               "Assign the privileged level password\nSpecifies an UNENCRYPTED password will follow\n"
               "The UNENCRYPTED (cleartext) 'enable' secret", cmd_enable_secret);
  cli_install (M_CONFIG, "no enable {secret | password}",
               "Negate a command or set its defaults\nModify enable password parameters\n"
               "Assign the privileged level secret\nAssign the privileged level password",
               cmd_enable_secret);
  cli_install (M_CONFIG, "service password-encryption",
               "Modify use of network based services\nEncrypt system passwords", cmd_service_pwenc);
  cli_install (M_CONFIG, "no service password-encryption",
               "Negate a command or set its defaults\nModify use of network based services\n"
               "Encrypt system passwords", cmd_service_pwenc);
  cli_install (M_CONFIG, "banner motd LINE",
               "Define a login banner\nSet Message of the Day banner\nc banner-text c, where 'c' is a delimiting character",
               cmd_banner);
  cli_install (M_CONFIG, "no banner motd",
               "Negate a command or set its defaults\nDefine a login banner\nSet Message of the Day banner",
               cmd_banner);
  cli_install (M_CONFIG, "arp A.B.C.D H.H.H arpa",
               "Set a static ARP entry\nIP address of ARP entry\n48-bit hardware address of ARP entry\n"
               "ARP type ARPA", cmd_arp);
  cli_install (M_CONFIG, "no arp A.B.C.D [H.H.H arpa]",
               "Negate a command or set its defaults\nSet a static ARP entry\nIP address of ARP entry\n"
               "48-bit hardware address of ARP entry\nARP type ARPA", cmd_arp);
  cli_install (M_CONFIG, "line {console 0 | aux 0 | vty <0-15> [<1-15>]}",
               "Configure a terminal line\nPrimary terminal line\nFirst Line number\n"
               "Auxiliary line\nFirst Line number\nVirtual terminal\nFirst Line number\nLast Line number",
               cmd_line);

  cli_install (M_LINE, "logging synchronous",
               "Modify message logging facilities\nSynchronized message output", cmd_line_logging_sync);
  cli_install (M_LINE, "no logging synchronous",
               "Negate a command or set its defaults\nModify message logging facilities\n"
               "Synchronized message output", cmd_line_logging_sync);
  cli_install (M_LINE, "login", "Enable password checking", cmd_line_login);
  cli_install (M_LINE, "no login", "Negate a command or set its defaults\nEnable password checking",
               cmd_line_login);
  cli_install (M_LINE, "password LINE", "Set a password\nThe UNENCRYPTED (cleartext) line password",
               cmd_line_password);
  cli_install (M_LINE, "no password", "Negate a command or set its defaults\nSet a password",
               cmd_line_password);
  cli_install (M_LINE, "exec-timeout <0-35791> [<0-2147483>]",
               "Set the EXEC timeout\nTimeout in minutes\nTimeout in seconds", cmd_line_exec_timeout);
  cli_install (M_LINE, "no exec-timeout", "Negate a command or set its defaults\nSet the EXEC timeout",
               cmd_line_exec_timeout);
  cli_install (M_LINE, "transport input {all | none | telnet | ssh}",
               "Define transport protocols for line\nDefine which protocols to use when connecting to the terminal server\n"
               "All protocols\nNo protocols\nTCP/IP Telnet protocol\nTCP/IP SSH protocol", cmd_nop);
  cli_install (M_LINE | CLI_HIDDEN, "stopbits 1", "Set async line stop bits\nOne stop bit", cmd_nop);

  /* What IOS writes into every configuration: accepted, meaning nothing here. */
  cli_install (M_CONFIG | CLI_HIDDEN, "version WORD", "Version\nVersion number", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "service timestamps LINE", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no service timestamps LINE", "\n\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "boot-start-marker", "", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "boot-end-marker", "", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no aaa new-model", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "ip cef", "\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no ip cef", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "ip forward-protocol nd", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no ip http server", "\n\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no ip http secure-server", "\n\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "ip http server", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "control-plane", "", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "ip subnet-zero", "\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "multilink bundle-name authenticated", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "ip routing", "\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "memory-size iomem <0-100>", "\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "no ipv6 cef", "\n\n\n", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "archive", "", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "redundancy", "", cmd_nop);
  cli_install (M_CONFIG | CLI_HIDDEN, "gatekeeper", "", cmd_nop);
}
