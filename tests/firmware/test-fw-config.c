/* test-fw-config.c: the running-config in IOS order, its round trip through
 * NVRAM, the startup-config at boot, write/copy/erase/reload
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fwt.h"
#include "fw-nvram.h"

static const char *const rich_config[] = {
  "enable",
  "configure terminal",
  "hostname Edge-1",
  "no ip domain-lookup",
  "enable secret class",
  "interface Loopback0",
  "ip address 1.1.1.1 255.255.255.255",
  "interface FastEthernet0/0",
  "description to the LAN",
  "ip address 192.168.1.1 255.255.255.0",
  "no shutdown",
  "interface FastEthernet0/1",
  "ip address 10.0.12.1 255.255.255.252",
  "duplex full",
  "no shutdown",
  "interface FastEthernet0/1.20",
  "encapsulation dot1Q 20",
  "ip address 10.20.0.1 255.255.255.0",
  "router rip",
  "version 2",
  "timers basic 5 15 15 20",
  "passive-interface FastEthernet0/0",
  "network 192.168.1.0",
  "network 10.0.0.0",
  "no auto-summary",
  "exit",
  "ip route 0.0.0.0 0.0.0.0 10.0.12.2",
  "ip route 172.16.0.0 255.255.0.0 10.0.12.2 200",
  "ip route 172.17.0.0 255.255.0.0 FastEthernet0/1",
  "arp 192.168.1.50 0050.7966.6801 arpa",
  "line con 0",
  "logging synchronous",
  "exec-timeout 0 0",
  "end",
  NULL,
};

/* The running-config without the line that changes with time. */
static char *
running_config (void)
{
  g_autofree char *out = fwt_cmd ("show running-config");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *g = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "! Last configuration change"))
        {
          if (lines[i + 1])
            i++;                /* and its "!" */
          continue;
        }
      if (!g_str_has_prefix (lines[i], "Current configuration :"))
        g_string_append_printf (g, "%s\n", lines[i]);
    }
  return g_string_free (g, FALSE);
}

static char *
state_path (void)
{
  return g_strdup_printf ("%s/wirelab-fw-config-%d.nvram", g_get_tmp_dir (), (int) getppid ());
}

static void
test_default_render (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("terminal length 0"));
  out = fwt_cmd ("show running-config");
  g_assert_true (g_str_has_prefix (out, "Building configuration...\n\nCurrent configuration : "));
  /* the IOS order and layout of the sections */
  g_assert_true (g_regex_match_simple (
    "!\\nversion [0-9.]+\\nservice timestamps debug datetime msec\\n"
    "service timestamps log datetime msec\\nno service password-encryption\\n!\\n"
    "hostname Router\\n!\\nboot-start-marker\\nboot-end-marker\\n!\\n!\\nno aaa new-model\\n"
    "ip cef\\n!\\n!\\ninterface FastEthernet0/0\\n no ip address\\n shutdown\\n duplex auto\\n"
    " speed auto\\n!\\ninterface FastEthernet0/1\\n no ip address\\n shutdown\\n duplex auto\\n"
    " speed auto\\n!\\nip forward-protocol nd\\n!\\n!\\nno ip http server\\n"
    "no ip http secure-server\\n!\\n!\\ncontrol-plane\\n!\\nline con 0\\n stopbits 1\\n"
    "line aux 0\\n stopbits 1\\nline vty 0 4\\n login\\n!\\n!\\nend\\n\\n$", out, 0, 0));
  /* the byte count is the text's */
  {
    const char *bang = strstr (out, "\n!\n");
    guint count = 0;

    sscanf (strstr (out, ": ") + 2, "%u", &count);
    g_assert_cmpuint (count, ==, strlen (bang + 1) - 1);
  }
  g_free (out);
  out = fwt_cmd ("show startup-config");
  g_assert_cmpstr (out, ==, "startup-config is not present\n");
}

static void
test_rich_render (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  fwt_config (rich_config);
  g_free (fwt_cmd ("terminal length 0"));
  out = running_config ();
  fwt_assert_in (out, "hostname Edge-1\n");
  fwt_assert_in (out, "enable secret class\n");
  fwt_assert_in (out, "no ip domain lookup\n");
  /* loopbacks first, subinterfaces after their parent */
  fwt_assert_in (out, "!\ninterface Loopback0\n ip address 1.1.1.1 255.255.255.255\n!\n"
                      "interface FastEthernet0/0\n description to the LAN\n"
                      " ip address 192.168.1.1 255.255.255.0\n duplex auto\n speed auto\n!\n"
                      "interface FastEthernet0/1\n ip address 10.0.12.1 255.255.255.252\n"
                      " duplex full\n speed auto\n!\n"
                      "interface FastEthernet0/1.20\n encapsulation dot1Q 20\n"
                      " ip address 10.20.0.1 255.255.255.0\n!\n");
  fwt_assert_in (out, "router rip\n version 2\n timers basic 5 15 15 20\n"
                      " passive-interface FastEthernet0/0\n network 10.0.0.0\n"
                      " network 192.168.1.0\n no auto-summary\n!\n");
  fwt_assert_in (out, "no ip http secure-server\nip route 0.0.0.0 0.0.0.0 10.0.12.2\n"
                      "ip route 172.16.0.0 255.255.0.0 10.0.12.2 200\n"
                      "ip route 172.17.0.0 255.255.0.0 FastEthernet0/1\n!\n");
  fwt_assert_in (out, "arp 192.168.1.50 0050.7966.6801 ARPA\n");
  fwt_assert_in (out, "line con 0\n exec-timeout 0 0\n logging synchronous\n stopbits 1\n");
  /* show running-config interface */
  g_free (out);
  out = fwt_cmd ("show running-config interface f0/1.20");
  fwt_assert_in (out, "!\ninterface FastEthernet0/1.20\n encapsulation dot1Q 20\n"
                      " ip address 10.20.0.1 255.255.255.0\nend\n");
  /* no forms undo */
  fwt_config ((const char *const[]) { "configure terminal", "interface FastEthernet0/0",
                                       "no description", "no ip address", "shutdown", "exit",
                                       "no ip route 172.16.0.0 255.255.0.0",
                                       "no interface FastEthernet0/1.20", "router rip",
                                       "no network 10.0.0.0", "no passive-interface f0/0", "end",
                                       NULL });
  g_free (out);
  out = running_config ();
  fwt_assert_in (out, "interface FastEthernet0/0\n no ip address\n shutdown\n");
  fwt_assert_not_in (out, "description");
  fwt_assert_not_in (out, "172.16.0.0");
  fwt_assert_not_in (out, "FastEthernet0/1.20");
  fwt_assert_not_in (out, "network 10.0.0.0");
  fwt_assert_not_in (out, "passive-interface");
}

/* Write memory, then a second router boots from that NVRAM (next case). */
static void
test_persist_write (void)
{
  g_autofree char *out = NULL;
  g_autofree char *path = state_path ();
  g_autofree char *config = NULL;
  guint8 nv[128 * 1024];
  gsize n;
  FwNvramHdr h;

  fwt_boot (NULL);
  fwt_config (rich_config);
  g_free (fwt_cmd ("terminal length 0"));
  out = fwt_cmd ("write memory");
  g_assert_cmpstr (out, ==, "Building configuration...\n[OK]\n");
  config = running_config ();
  /* the NVRAM holds the layout of docs/board.md */
  n = fw_host_nvram_copy (nv, sizeof nv);
  g_assert_true (fw_nvram_hdr_parse (nv, n, &h));
  g_assert_cmpuint (h.startup_off, ==, 0x40);
  g_assert_true (fw_nvram_check (&h, nv + h.startup_off, nv + h.private_off));
  g_assert_cmpuint (h.generation, ==, 1);
  {
    g_autofree char *text = g_strndup ((char *) nv + h.startup_off, h.startup_len);

    g_assert_true (g_str_has_prefix (text, "!\n"));
    g_assert_true (g_str_has_suffix (text, "\nend\n"));
    fwt_assert_in (text, "\nhostname Edge-1\n");
  }
  /* show startup-config shows the same text */
  g_free (out);
  out = fwt_cmd ("show startup-config");
  g_assert_true (g_str_has_prefix (out, "Using "));
  fwt_assert_in (out, "hostname Edge-1\n");
  /* a second write bumps the generation */
  g_free (out);
  out = fwt_cmd ("write");
  fw_host_nvram_copy (nv, sizeof nv);
  g_assert_true (fw_nvram_hdr_parse (nv, n, &h));
  g_assert_cmpuint (h.generation, ==, 2);
  g_assert_true (g_file_set_contents (path, (char *) nv, (gssize) n, NULL));
  {
    g_autofree char *txt = g_strconcat (path, ".txt", NULL);

    g_assert_true (g_file_set_contents (txt, config, -1, NULL));
  }
}

static void
test_persist_boot (void)
{
  g_autofree char *path = state_path ();
  g_autofree char *txt_path = g_strconcat (path, ".txt", NULL);
  g_autofree char *nv = NULL, *expected = NULL, *config = NULL, *out = NULL;
  gsize n;

  g_assert_true (g_file_get_contents (path, &nv, &n, NULL));
  g_assert_true (g_file_get_contents (txt_path, &expected, NULL, NULL));
  g_unlink (path);
  g_unlink (txt_path);
  fw_host_nvram_load ((guint8 *) nv, n);
  fw_host_setup (NULL);
  fw_host_start ();
  g_assert_true (fw_host_run_until ("Press RETURN to get started!", 5000));
  fw_host_run (1000);
  out = fwt_keys ("\r", 100);
  /* interfaces brought up by the startup-config announce themselves */
  fwt_assert_in (out, "%LINK-3-UPDOWN: Interface FastEthernet0/0, changed state to up");
  g_assert_true (g_str_has_suffix (out, "Edge-1>"));
  fwt_set_prompt ("Edge-1>");
  /* enable secret from NVRAM */
  fw_host_type ("enable\r");
  fw_host_run (50);
  g_free (out);
  out = fwt_cmd ("class");
  g_assert_cmpstr (fwt_prompt (), ==, "Edge-1#");
  g_free (fwt_cmd ("terminal length 0"));
  config = running_config ();
  /* identical running-config after the round trip */
  g_assert_cmpstr (config, ==, expected);
  g_free (out);
  out = fwt_cmd ("show ip interface brief");
  fwt_assert_in (out, "FastEthernet0/0            192.168.1.1     YES NVRAM  up                    up");
}

static void
test_corrupt_nvram (void)
{
  guint8 nv[4096];
  const char *text = "hostname Broken\nend\n";
  FwNvramHdr h;
  g_autofree char *out = NULL;

  memset (nv, 0, sizeof nv);
  g_assert_true (fw_nvram_layout (&h, sizeof nv, strlen (text), 0, 1));
  h.crc = fw_crc32 (0, text, strlen (text)) ^ 1;     /* wrong */
  fw_nvram_hdr_build (nv, &h);
  memcpy (nv + 0x40, text, strlen (text));
  fw_host_nvram_load (nv, sizeof nv);
  fwt_boot (NULL);                                   /* asserts "Router>" */
  g_free (fwt_cmd ("enable"));
  out = fwt_cmd ("show startup-config");
  g_assert_cmpstr (out, ==, "startup-config is not present\n");
}

static void
test_foreign_config (void)
{
  /* a configuration written by real IOS: unknown lines are skipped */
  const char *text =
    "!\nversion 12.4\nservice timestamps debug datetime msec\n!\nhostname Lab\n!\n"
    "ip ssh version 2\ncrypto pki trustpoint TP-self-signed-1\n enrollment selfsigned\n!\n"
    "interface FastEthernet0/0\n ip address 10.9.9.1 255.255.255.0\n ip nat inside\n"
    " duplex auto\n speed auto\n!\nrouter ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n!\n"
    "ip route 10.8.0.0 255.255.0.0 10.9.9.2\n!\nline con 0\n logging synchronous\nend\n";
  guint8 nv[8192];
  FwNvramHdr h;
  g_autofree char *out = NULL;

  memset (nv, 0, sizeof nv);
  g_assert_true (fw_nvram_layout (&h, sizeof nv, strlen (text), 0, 3));
  h.crc = fw_crc32 (0, text, strlen (text));
  fw_nvram_hdr_build (nv, &h);
  memcpy (nv + 0x40, text, strlen (text));
  fw_host_nvram_load (nv, sizeof nv);
  fw_host_setup (NULL);
  fw_host_start ();
  g_assert_true (fw_host_run_until ("Press RETURN to get started!", 5000));
  g_free (fwt_keys ("\r", 100));
  fwt_set_prompt ("Lab>");
  out = fwt_cmd ("show ip interface brief");
  fwt_assert_in (out, "FastEthernet0/0            10.9.9.1        YES NVRAM  up                    up");
  /* FastEthernet0/1 is not in the file: it keeps its default, shut down */
  fwt_assert_in (out, "FastEthernet0/1            unassigned      YES unset  administratively down down");
  g_free (fwt_cmd ("enable"));
  g_free (out);
  out = fwt_cmd ("show running-config | include ip route");
  g_assert_cmpstr (out, ==, "ip route 10.8.0.0 255.255.0.0 10.9.9.2\n");
}

static void
test_copy_erase_reload (void)
{
  g_autofree char *out = NULL;
  guint8 nv[128 * 1024];
  FwNvramHdr h;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("configure terminal"));
  g_free (fwt_cmd ("hostname Saved"));
  g_free (fwt_cmd ("end"));
  out = fwt_keys ("copy running-config startup-config\r", 100);
  g_assert_true (g_str_has_suffix (out, "Destination filename [startup-config]? "));
  g_free (out);
  out = fwt_keys ("\r", 100);
  fwt_assert_in (out, "Building configuration...\n[OK]\nSaved#");
  g_free (out);
  out = fwt_cmd ("show startup-config | include hostname");
  g_assert_cmpstr (out, ==, "hostname Saved\n");
  /* erase asks to confirm */
  g_free (out);
  out = fwt_keys ("erase startup-config\r", 100);
  g_assert_true (g_str_has_suffix (out, "Erasing the nvram filesystem will remove all "
                                        "configuration files! Continue? [confirm]"));
  g_free (out);
  out = fwt_keys ("\r", 100);
  fwt_assert_in (out, "[OK]\nErase of nvram: complete\n");
  fw_host_nvram_copy (nv, sizeof nv);
  g_assert_true (fw_nvram_hdr_parse (nv, sizeof nv, &h));
  g_assert_cmpuint (h.startup_len, ==, 0);
  g_free (out);
  out = fwt_cmd ("show startup-config");
  g_assert_cmpstr (out, ==, "startup-config is not present\n");
  /* reload: the modified configuration is offered for saving first */
  g_free (fwt_cmd ("configure terminal"));
  g_free (fwt_cmd ("hostname Changed"));
  g_free (fwt_cmd ("end"));
  g_free (out);
  out = fwt_keys ("reload\r", 100);
  g_assert_true (g_str_has_suffix (out, "System configuration has been modified. Save? [yes/no]: "));
  g_free (out);
  out = fwt_keys ("maybe\r", 100);
  fwt_assert_in (out, "% Please answer 'yes' or 'no'.");
  g_free (out);
  out = fwt_keys ("no\r", 100);
  g_assert_true (g_str_has_suffix (out, "Proceed with reload? [confirm]"));
  g_assert_cmpint (fw_host_power_state (), ==, 0);
  g_free (out);
  out = fwt_keys ("\r", 100);
  fwt_assert_in (out, "%SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.");
  g_assert_cmpint (fw_host_power_state (), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/config/default-render", test_default_render);
  fwt_add ("/firmware/config/rich-render", test_rich_render);
  /* these two run in this order: the second boots from the first's NVRAM */
  fwt_add ("/firmware/config/persist-write", test_persist_write);
  fwt_add ("/firmware/config/persist-boot", test_persist_boot);
  fwt_add ("/firmware/config/corrupt-nvram", test_corrupt_nvram);
  fwt_add ("/firmware/config/foreign-config", test_foreign_config);
  fwt_add ("/firmware/config/copy-erase-reload", test_copy_erase_reload);
  return g_test_run ();
}
