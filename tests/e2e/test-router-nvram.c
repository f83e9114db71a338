/* test-router-nvram.c: the startup-config in NVRAM: write memory survives
 * vm stop / vm start, vm extract_config returns it, vm push_config and
 * vm set_config load one
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "router-e2e.h"

/* The startup-config text from "100-conf 'R1' '<b64>' '<b64>'". */
static char *
extracted_startup (const char *reply)
{
  g_auto(GStrv) parts = g_strsplit (reply, "'", -1);
  gsize len;
  g_autofree guchar *raw = NULL;

  g_assert_cmpuint (g_strv_length (parts), >=, 4);
  g_assert_cmpstr (parts[1], ==, "R1");
  raw = g_base64_decode (parts[3], &len);
  return g_strndup ((char *) raw, len);
}

static void
restart (E2eHv     *hv,
         E2eRouter *r)
{
  g_free (e2e_hv (hv, "vm stop R1"));
  e2e_con_close (r->con);
  r->con = NULL;
  g_free (e2e_hv (hv, "vm start R1"));
  e2e_router_attach (r);
}

static void
test_nvram (void)
{
  E2eHv *hv;
  E2eRouter *r1;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  hv = e2e_hv_start ();
  r1 = e2e_router_new (hv, "R1", 1, 1);
  e2e_router_start (r1);

  /* a fresh router has nothing to extract */
  out = e2e_hv_raw (hv, "vm extract_config R1");
  g_assert_true (g_str_has_prefix (out, "206-"));

  e2e_con_config (r1->con, (const char *const[]) {
    "configure terminal", "hostname Saved1",
    "interface FastEthernet0/0", "ip address 10.1.1.1 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "description kept in NVRAM",
    "ip route 10.9.0.0 255.255.0.0 10.1.1.2", "end", NULL });
  g_free (out);
  out = e2e_con_cmd (r1->con, "write memory", 20000);
  g_assert_cmpstr (out, ==, "Building configuration...\n[OK]\n");

  /* stop and start: the router comes back configured */
  restart (hv, r1);
  g_assert_cmpstr (r1->con->prompt, ==, "Saved1>");
  g_free (e2e_con_cmd (r1->con, "enable", 10000));
  g_free (e2e_con_cmd (r1->con, "terminal length 0", 10000));
  g_free (out);
  out = e2e_con_cmd (r1->con, "show running-config", 10000);
  e2e_assert_in (out, "interface FastEthernet0/0\n ip address 10.1.1.1 255.255.255.0\n");
  e2e_assert_in (out, "interface FastEthernet1/0\n description kept in NVRAM\n");
  e2e_assert_in (out, "ip route 10.9.0.0 255.255.0.0 10.1.1.2\n");
  g_free (out);
  out = e2e_con_cmd (r1->con, "show ip interface brief", 10000);
  /* no link is bound to it: enabled, but down */
  e2e_assert_in (out, "FastEthernet0/0            10.1.1.1        YES NVRAM  down                  down");

  /* vm extract_config: running or stopped, the saved text */
  g_free (out);
  out = e2e_hv (hv, "vm extract_config R1");
  text = extracted_startup (out);
  e2e_assert_in (text, "\nhostname Saved1\n");
  e2e_assert_in (text, "\nip route 10.9.0.0 255.255.0.0 10.1.1.2\n");
  g_assert_true (g_str_has_suffix (text, "\nend\n"));

  /* vm push_config replaces it while the router is stopped */
  g_free (e2e_hv (hv, "vm stop R1"));
  e2e_con_close (r1->con);
  r1->con = NULL;
  {
    const char *cfg = "hostname Pushed\n!\ninterface FastEthernet1/0\n"
                      " ip address 10.2.2.1 255.255.255.0\nend\n";
    g_autofree char *b64 = g_base64_encode ((const guchar *) cfg, strlen (cfg));

    g_free (e2e_hv (hv, "vm push_config R1 %s", b64));
  }
  g_free (e2e_hv (hv, "vm start R1"));
  e2e_router_attach (r1);
  g_assert_cmpstr (r1->con->prompt, ==, "Pushed>");
  g_free (out);
  out = e2e_con_cmd (r1->con, "show ip interface brief", 10000);
  /* in a configuration file an interface without "shutdown" is enabled */
  e2e_assert_in (out, "FastEthernet1/0            10.2.2.1        YES NVRAM  down                  down");
  e2e_assert_in (out, "FastEthernet0/0            unassigned      YES unset  administratively down down");

  /* erase: the next start comes up unconfigured */
  g_free (e2e_con_cmd (r1->con, "enable", 10000));
  g_free (out);
  e2e_con_send (r1->con, "write erase\r");
  g_assert_true (e2e_con_wait (r1->con, "Continue? [confirm]", 10000));
  out = e2e_con_cmd (r1->con, "", 10000);
  e2e_assert_in (out, "Erase of nvram: complete");
  restart (hv, r1);
  g_assert_cmpstr (r1->con->prompt, ==, "Router>");

  /* vm set_config: the file is written into NVRAM at start */
  g_free (e2e_hv (hv, "vm stop R1"));
  e2e_con_close (r1->con);
  r1->con = NULL;
  {
    g_autofree char *path = g_build_filename (hv->proc->workdir, "r1-startup.cfg", NULL);

    g_assert_true (g_file_set_contents (path, "!\nhostname FromFile\nip route 0.0.0.0 0.0.0.0 10.2.2.9\nend\n",
                                        -1, NULL));
    g_free (e2e_hv (hv, "vm set_config R1 \"%s\"", path));
  }
  g_free (e2e_hv (hv, "vm start R1"));
  e2e_router_attach (r1);
  g_assert_cmpstr (r1->con->prompt, ==, "FromFile>");
  g_free (e2e_con_cmd (r1->con, "enable", 10000));
  g_free (out);
  out = e2e_con_cmd (r1->con, "show startup-config", 10000);
  e2e_assert_in (out, "hostname FromFile\n");

  /* reload: the board reloads the image and keeps NVRAM; the console stays */
  e2e_con_send (r1->con, "reload\r");
  g_assert_true (e2e_con_wait (r1->con, "Proceed with reload? [confirm]", 10000));
  e2e_con_send (r1->con, "\r");
  g_assert_true (e2e_con_wait (r1->con, "%SYS-5-RELOAD: Reload requested by console.", 10000));
  if (!e2e_con_wait (r1->con, "Press RETURN to get started!", 30000))
    {
      g_autofree char *st = e2e_hv_raw (hv, "vm get_status R1");
      g_autofree char *cpu = e2e_hv_raw (hv, "vm cpu_info R1 0");

      g_error ("no boot after reload (status %s):\n%s\nCPU:\n%s", st,
               r1->con->text->str + r1->con->mark, cpu);
    }
  g_free (out);
  out = e2e_con_cmd (r1->con, "", 10000);
  g_assert_cmpstr (r1->con->prompt, ==, "FromFile>");

  e2e_router_free (r1);
  e2e_hv_stop (hv);
}

int
main (int   argc,
      char *argv[])
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/router/nvram", test_nvram);
  return g_test_run ();
}
