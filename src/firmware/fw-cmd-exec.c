/* fw-cmd-exec.c: EXEC commands: enable, configure, copy, write, erase,
 * reload, ping, traceroute, terminal, clear; and leaving modes
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
#include "fw-tools.h"

int  cli_ask_secret (const char *prompt, char *buf, size_t size);
void cli_logout     (void);

static void
cmd_enable (CliCmd *c)
{
  const char *secret = fw_config.enable_secret ? fw_config.enable_secret : fw_config.enable_password;

  if (secret)
    {
      int tries;

      for (tries = 0; tries < 3; tries++)
        {
          char pw[64];

          if (cli_ask_secret ("Password: ", pw, sizeof pw) >= 0 && strcmp (pw, secret) == 0)
            break;
        }
      if (tries == 3)
        {
          cli_puts ("% Bad secrets\n\n");
          return;
        }
    }
  cli_set_mode (CLI_MODE_PRIV);
}

static void
cmd_disable (CliCmd *c)
{
  cli_set_mode (CLI_MODE_USER);
}

static void
cmd_logout (CliCmd *c)
{
  cli_logout ();
}

static void
cmd_exit (CliCmd *c)
{
  switch (cli.mode)
    {
    case CLI_MODE_CONFIG:
      cli_set_mode (CLI_MODE_PRIV);
      break;
    case CLI_MODE_USER:
    case CLI_MODE_PRIV:
      cli_logout ();
      break;
    default:
      cli_set_mode (CLI_MODE_CONFIG);
      break;
    }
}

static void
cmd_end (CliCmd *c)
{
  cli_set_mode (CLI_MODE_PRIV);
}

static void
cmd_configure (CliCmd *c)
{
  if (c->argc == 1 && !cli.loading)
    {
      char ans[32];

      if (cli_ask ("Configuring from terminal, memory, or network [terminal]? ", ans, sizeof ans) < 0)
        return;
      if (ans[0] && fw_strncasecmp ("terminal", ans, strlen (ans)) != 0)
        {
          cli_puts ("?Must be \"terminal\", \"memory\" or \"network\"\n");
          return;
        }
    }
  cli_puts ("Enter configuration commands, one per line.  End with CNTL/Z.\n");
  cli_set_mode (CLI_MODE_CONFIG);
}

static void
cmd_terminal_length (CliCmd *c)
{
  const CliArg *n = cli_arg_type (c, CLI_NUM, 0);

  cli.term_length = n ? n->num : 24;
}

static void
cmd_terminal_nop (CliCmd *c)
{
}

static bool
save_config (void)
{
  char *text = fw_config_render ();
  bool ok;

  cli_puts ("Building configuration...\n");
  fw_con_flush ();
  if (text == NULL)
    {
      cli_puts ("% Not enough memory\n");
      return false;
    }
  ok = fw_config_write_startup (text, strlen (text));
  fw_free (text);
  if (!ok)
    {
      cli_puts ("%% Non-volatile configuration memory is too small\n");
      return false;
    }
  cli_puts ("[OK]\n");
  cli.config_changed = false;
  return true;
}

static void
cmd_write_memory (CliCmd *c)
{
  save_config ();
}

static void
cmd_write_terminal (CliCmd *c)
{
  char *text = fw_config_render ();

  if (text)
    {
      cli_printf ("Building configuration...\n\nCurrent configuration : %u bytes\n",
                  (unsigned) strlen (text));
      cli_puts (text);
      cli_puts ("\n");
      fw_free (text);
    }
}

static void
cmd_copy_run_start (CliCmd *c)
{
  char ans[64];

  if (cli_ask ("Destination filename [startup-config]? ", ans, sizeof ans) < 0)
    return;
  if (ans[0] && strcmp (ans, "startup-config") != 0)
    {
      cli_printf ("%%Error opening nvram:/%s (Permission denied)\n", ans);
      return;
    }
  save_config ();
}

static void
cmd_copy_start_run (CliCmd *c)
{
  char ans[64], *text;
  size_t len;
  CliMode mode = cli.mode;

  if (cli_ask ("Destination filename [running-config]? ", ans, sizeof ans) < 0)
    return;
  text = fw_config_read_startup (&len);
  if (text == NULL)
    {
      cli_puts ("%% Non-volatile configuration memory is not present\n");
      return;
    }
  cli.loading = true;
  fw_config_apply (text, len);
  cli.loading = false;
  cli.mode = mode;
  fw_free (text);
  cli_printf ("%u bytes copied in 0.010 secs\n", (unsigned) len);
  fw_config_touch ();
}

static void
cmd_erase_startup (CliCmd *c)
{
  if (!cli_confirm ("Erasing the nvram filesystem will remove all configuration files! "
                    "Continue? [confirm]"))
    return;
  fw_config_erase_startup ();
  cli_puts ("[OK]\nErase of nvram: complete\n");
  fw_log ("%%SYS-7-NV_BLOCK_INIT: Initialized the geometry of nvram");
}

static void
cmd_reload (CliCmd *c)
{
  if (cli.config_changed)
    {
      char ans[16];

      for (;;)
        {
          if (cli_ask ("System configuration has been modified. Save? [yes/no]: ", ans,
                       sizeof ans) < 0)
            return;
          if (ans[0] && fw_strncasecmp ("yes", ans, strlen (ans)) == 0)
            {
              if (!save_config ())
                return;
              break;
            }
          if (ans[0] && fw_strncasecmp ("no", ans, strlen (ans)) == 0)
            break;
          cli_puts ("% Please answer 'yes' or 'no'.\n");
        }
    }
  if (!cli_confirm ("Proceed with reload? [confirm]"))
    return;
  fw_con_puts ("\n");
  {
    FwDate d;

    fw_date_now (&d);
    fw_con_printf ("*%s %2d %02d:%02d:%02d.%03d: %%SYS-5-RELOAD: Reload requested by console. "
                   "Reload Reason: Reload Command.\n", fw_month_names[d.month - 1], d.day, d.hour,
                   d.min, d.sec, d.msec);
  }
  fw_power (HAL_POWER_RELOAD);
}

static uint32_t
ask_number (const char *prompt,
            uint32_t    def,
            uint32_t    lo,
            uint32_t    hi,
            bool       *ok)
{
  char buf[32];
  uint32_t v;

  *ok = false;
  if (cli_ask (prompt, buf, sizeof buf) < 0)
    return def;
  if (!buf[0])
    {
      *ok = true;
      return def;
    }
  if (!fw_parse_u32 (buf, strlen (buf), 10, &v) || v < lo || v > hi)
    {
      cli_printf ("%% A decimal number between %u and %u.\n", lo, hi);
      return def;
    }
  *ok = true;
  return v;
}

static void
cmd_ping (CliCmd *c)
{
  FwPingOptions o = { .count = 5, .size = 100, .timeout_s = 2 };
  FwPingResult r;
  const CliArg *w = cli_arg_type (c, CLI_WORD, 0);

  if (w == NULL)
    {
      /* extended ping, as IOS asks */
      char buf[64];
      bool ok;

      if (cli_ask ("Protocol [ip]: ", buf, sizeof buf) < 0)
        return;
      if (buf[0] && fw_strncasecmp ("ip", buf, strlen (buf)) != 0)
        {
          cli_printf ("%% Unknown protocol - \"%s\", type \"ping ?\" for help\n", buf);
          return;
        }
      if (cli_ask ("Target IP address: ", buf, sizeof buf) < 0)
        return;
      if (!fw_ip_aton (buf, strlen (buf), &o.dst))
        {
          cli_puts ("% Bad IP address\n");
          return;
        }
      o.count = ask_number ("Repeat count [5]: ", 5, 1, 2147483647u, &ok);
      if (!ok)
        return;
      o.size = ask_number ("Datagram size [100]: ", 100, 36, 1500, &ok);
      if (!ok)
        return;
      o.timeout_s = ask_number ("Timeout in seconds [2]: ", 2, 0, 3600, &ok);
      if (!ok)
        return;
      if (cli_ask ("Extended commands [n]: ", buf, sizeof buf) < 0)
        return;
      if (buf[0] == 'y' || buf[0] == 'Y')
        {
          if (cli_ask ("Source address or interface: ", buf, sizeof buf) < 0)
            return;
          if (buf[0] && !fw_ip_aton (buf, strlen (buf), &o.src))
            {
              int i = fw_if_find (buf);

              if (i < 0 || !fw_ifs[i].addr)
                {
                  cli_puts ("% Invalid source address- IP address not on any of our up interfaces\n");
                  return;
                }
              o.src = fw_ifs[i].addr;
            }
        }
      if (cli_ask ("Sweep range of sizes [n]: ", buf, sizeof buf) < 0)
        return;
    }
  else
    {
      if (!fw_ip_aton (w->text, strlen (w->text), &o.dst))
        {
          cli_puts ("% Unrecognized host or address, or protocol not running.\n\n");
          return;
        }
      for (int i = 0; i < c->argc; i++)
        {
          if (cli_arg_is (c, i, "repeat") && i + 1 < c->argc)
            o.count = c->argv[i + 1].num;
          else if (cli_arg_is (c, i, "size") && i + 1 < c->argc)
            o.size = c->argv[i + 1].num;
          else if (cli_arg_is (c, i, "timeout") && i + 1 < c->argc)
            o.timeout_s = c->argv[i + 1].num;
          else if (cli_arg_is (c, i, "source") && i + 1 < c->argc)
            {
              if (c->argv[i + 1].type == CLI_IP)
                o.src = c->argv[i + 1].num;
              else if (c->argv[i + 1].ifindex >= 0)
                o.src = fw_ifs[c->argv[i + 1].ifindex].addr;
              if (!o.src || !fw_ip_is_local (o.src))
                {
                  cli_puts ("% Invalid source address- IP address not on any of our up interfaces\n");
                  return;
                }
            }
        }
    }
  if (o.src && !fw_ip_is_local (o.src))
    {
      cli_puts ("% Invalid source address- IP address not on any of our up interfaces\n");
      return;
    }
  fw_ping (&o, &r);
}

static void
cmd_traceroute (CliCmd *c)
{
  const CliArg *w = cli_arg_type (c, CLI_WORD, 0);
  uint32_t dst, ttl = 30, timeout = 3;

  if (w == NULL || !fw_ip_aton (w->text, strlen (w->text), &dst))
    {
      cli_puts ("% Unrecognized host or address, or protocol not running.\n\n");
      return;
    }
  for (int i = 0; i < c->argc; i++)
    {
      if (cli_arg_is (c, i, "ttl") && i + 2 < c->argc)
        ttl = c->argv[i + 2].num;
      else if (cli_arg_is (c, i, "timeout") && i + 1 < c->argc)
        timeout = c->argv[i + 1].num;
    }
  fw_traceroute (dst, ttl, timeout);
}

static void
cmd_clear_arp (CliCmd *c)
{
  fw_arp_clear ();
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].up)
      fw_arp_gratuitous (i);
}

static void
cmd_clear_route (CliCmd *c)
{
  fw_rip_clear ();
  fw_route_rebuild ();
}

static void
cmd_clear_counters (CliCmd *c)
{
  const CliArg *ifa = cli_arg_type (c, CLI_IFNUM, 0);

  if (ifa)
    {
      if (!cli_confirm ("Clear \"show interface\" counters on this interface [confirm]"))
        return;
      fw_if_clear_counters (&fw_ifs[ifa->ifindex]);
    }
  else
    {
      if (!cli_confirm ("Clear \"show interface\" counters on all interfaces [confirm]"))
        return;
      for (int i = 0; i < FW_IF_MAX; i++)
        fw_if_clear_counters (&fw_ifs[i]);
    }
  fw_log ("%%CLEAR-5-COUNTERS: Clear counter on %s by console",
          ifa ? ifa->text : "all interfaces");
}

static void
cmd_debug (CliCmd *c)
{
  bool rip = cli_arg_find (c, "rip") >= 0;
  unsigned bit = rip ? FW_DEBUG_RIP : FW_DEBUG_ICMP;
  const char *what = rip ? "RIP protocol debugging" : "ICMP packet debugging";

  if (c->no)
    fw_debug &= ~bit;
  else
    fw_debug |= bit;
  cli_printf ("%s is %s\n", what, c->no ? "off" : "on");
}

static void
cmd_undebug_all (CliCmd *c)
{
  fw_debug = 0;
  cli_puts ("All possible debugging has been turned off\n");
}

static void
cmd_show_debugging (CliCmd *c)
{
  if (fw_debug == 0)
    return;
  cli_puts ("IP routing:\n");
  if (fw_debug & FW_DEBUG_RIP)
    cli_puts ("  RIP protocol debugging is on\n");
  if (fw_debug & FW_DEBUG_ICMP)
    cli_puts ("  ICMP packet debugging is on\n");
  cli_puts ("\n");
}

void
fw_cmd_exec_init (void)
{
  cli_install (M_USER, "enable", "Turn on privileged commands", cmd_enable);
  cli_install (M_PRIV, "disable", "Turn off privileged commands", cmd_disable);
  cli_install (M_EXEC, "exit", "Exit from the EXEC", cmd_logout);
  cli_install (M_EXEC, "logout", "Exit from the EXEC", cmd_logout);
  cli_install (M_EXEC | CLI_HIDDEN, "quit", "Exit from the EXEC", cmd_logout);
  cli_install (M_EXEC, "terminal length <0-512>",
               "Set terminal line parameters\nSet number of lines on a screen\n"
               "Number of lines on screen (0 for no pausing)", cmd_terminal_length);
  cli_install (M_EXEC, "terminal no length",
               "Set terminal line parameters\nNegate a command or set its defaults\n"
               "Set number of lines on a screen", cmd_terminal_length);
  cli_install (M_EXEC, "terminal monitor",
               "Set terminal line parameters\nCopy debug output to the current terminal line",
               cmd_terminal_nop);
  cli_install (M_EXEC, "ping WORD (repeat <1-2147483647> | size <36-1500> | timeout <0-3600> | source {A.B.C.D | IFNAME})*",
               "Send echo messages\nPing destination address or hostname\n"
               "specify repeat count\nRepeat count\n"
               "specify datagram size\nDatagram size\n"
               "specify timeout interval\nTimeout in seconds\n"
               "specify source address or name\nSource address\nSource interface",
               cmd_ping);
  cli_install (M_PRIV, "ping", "Send echo messages", cmd_ping);
  cli_install (M_EXEC, "traceroute WORD (timeout <0-3600> | ttl <1-255> <1-255>)*",
               "Trace route to destination\nTrace route to destination address or hostname\n"
               "specify time out\nNo. of seconds\n"
               "specify minimum and maximum ttl\nMinimum ttl value\nMaximum ttl value",
               cmd_traceroute);

  cli_install (M_PRIV, "configure [terminal]",
               "Enter configuration mode\nConfigure from the terminal", cmd_configure);
  cli_install (M_PRIV, "copy running-config startup-config",
               "Copy from one file to another\nCopy from current system configuration\n"
               "Copy to startup configuration", cmd_copy_run_start);
  cli_install (M_PRIV, "copy startup-config running-config",
               "Copy from one file to another\nCopy from startup configuration\n"
               "Update (merge with) current system configuration", cmd_copy_start_run);
  cli_install (M_PRIV, "write [memory]",
               "Write running configuration to memory, network, or terminal\n"
               "Write to NV memory", cmd_write_memory);
  cli_install (M_PRIV, "write terminal",
               "Write running configuration to memory, network, or terminal\n"
               "Write to terminal", cmd_write_terminal);
  cli_install (M_PRIV, "write erase",
               "Write running configuration to memory, network, or terminal\n"
               "Erase NV memory", cmd_erase_startup);
  cli_install (M_PRIV, "erase {startup-config | nvram:}",
               "Erase a filesystem\nErase contents of configuration memory\n"
               "Erase the NVRAM filesystem", cmd_erase_startup);
  cli_install (M_PRIV, "reload", "Halt and perform a cold restart", cmd_reload);
  cli_install (M_PRIV, "clear arp-cache", "Reset functions\nClear the entire ARP cache",
               cmd_clear_arp);
  cli_install (M_PRIV, "clear ip route *",
               "Reset functions\nIP\nDelete route table entries\nDelete all routes",
               cmd_clear_route);
  cli_install (M_PRIV, "clear counters [IFNAME]",
               "Reset functions\nClear counters on one or all interfaces\n", cmd_clear_counters);

  cli_install (M_PRIV, "debug ip {rip | icmp}",
               "Debugging functions (see also 'undebug')\nIP information\nRIP protocol transactions\n"
               "ICMP transactions", cmd_debug);
  cli_install (M_PRIV, "no debug ip {rip | icmp}",
               "Disable debugging functions\nDebugging functions (see also 'undebug')\nIP information\n"
               "RIP protocol transactions\nICMP transactions", cmd_debug);
  cli_install (M_PRIV, "undebug all", "Disable debugging functions (see also 'debug')\n"
               "Disable all debugging", cmd_undebug_all);
  cli_install (M_PRIV, "no debug all", "Disable debugging functions\nDebugging functions (see also 'undebug')\n"
               "Enable all debugging", cmd_undebug_all);
  cli_install (M_PRIV, "show debugging", "Show running system information\n"
               "State of each debugging option", cmd_show_debugging);
  cli_install (M_CONFIGS, "end", "Exit from configure mode", cmd_end);
  cli_install (M_CONFIG, "exit", "Exit from configure mode", cmd_exit);
  cli_install (M_IFS, "exit", "Exit from interface configuration mode", cmd_exit);
  cli_install (M_ROUTER, "exit", "Exit from routing protocol configuration mode", cmd_exit);
  cli_install (M_LINE, "exit", "Exit from line configuration mode", cmd_exit);
}
