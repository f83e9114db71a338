/* test-fw-cli.c: the IOS-style command line: modes, abbreviations, errors,
 * help, completion, line editing, paging, messages
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <string.h>

#include "fwt.h"

static void
assert_contains (const char *hay,
                 const char *needle)
{
  if (strstr (hay, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, hay);
}

static void
assert_not_contains (const char *hay,
                     const char *needle)
{
  if (strstr (hay, needle) != NULL)
    g_error ("did not expect \"%s\" in:\n%s", needle, hay);
}

static void
test_boot (void)
{
  g_autofree char *out = NULL;

  fw_host_setup (NULL);
  fw_host_start ();
  g_assert_true (fw_host_run_until ("Press RETURN to get started!", 5000));
  out = fwt_keys ("", 10);
  assert_contains (out, "Wirelab Router Software (c7200), Version");
  assert_contains (out, "7206VXR");
  assert_contains (out, "2 FastEthernet interfaces");
  assert_contains (out, "Press RETURN to get started!");
  /* nothing but RETURN starts the session */
  g_free (out);
  out = fwt_keys ("xyz", 100);
  assert_not_contains (out, "Router>");
  g_free (out);
  out = fwt_keys ("\r", 100);
  g_assert_true (g_str_has_suffix (out, "\nRouter>"));
}

static void
test_modes (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router#");
  out = fwt_cmd ("configure terminal");
  g_assert_cmpstr (out, ==, "Enter configuration commands, one per line.  End with CNTL/Z.\n");
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config)#");
  g_free (fwt_cmd ("interface FastEthernet0/0"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-if)#");
  g_free (fwt_cmd ("exit"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config)#");
  g_free (fwt_cmd ("interface FastEthernet0/0.10"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-subif)#");
  g_free (fwt_cmd ("router rip"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-router)#");
  g_free (fwt_cmd ("line con 0"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-line)#");
  g_free (fwt_cmd ("end"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router#");
  g_free (fwt_cmd ("disable"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router>");
  /* privileged commands are not there in user EXEC */
  g_free (out);
  out = fwt_cmd ("configure terminal");
  assert_contains (out, "% Invalid input detected at '^' marker.");
}

static void
test_abbreviations (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("en"));
  g_free (fwt_cmd ("conf t"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config)#");
  g_free (fwt_cmd ("int f0/1"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-if)#");
  g_free (fwt_cmd ("ip add 192.168.1.1 255.255.255.0"));
  g_free (fwt_cmd ("desc uplink to R2"));
  g_free (fwt_cmd ("exi"));
  g_free (fwt_cmd ("int fa 0/0"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-if)#");
  g_free (fwt_cmd ("INTERFACE fastethernet0/0"));
  g_assert_cmpstr (fwt_prompt (), ==, "Router(config-if)#");
  g_free (fwt_cmd ("end"));
  out = fwt_cmd ("sh ip int br");
  assert_contains (out, "FastEthernet0/1            192.168.1.1     YES manual administratively down down");
  g_free (out);
  out = fwt_cmd ("sh run | i desc");
  g_assert_cmpstr (out, ==, " description uplink to R2\n");
}

static void
test_errors (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  out = fwt_cmd ("show ip rouet");
  /* the caret sits under the first bad character, counting the prompt */
  g_assert_cmpstr (out, ==,
                   "               ^\n% Invalid input detected at '^' marker.\n\n");
  g_free (out);
  out = fwt_cmd ("show ip");
  g_assert_cmpstr (out, ==, "% Incomplete command.\n\n");
  g_free (out);
  out = fwt_cmd ("c");
  g_assert_cmpstr (out, ==, "% Ambiguous command:  \"c\"\n");
  g_free (out);
  out = fwt_cmd ("co");
  g_assert_cmpstr (out, ==, "% Ambiguous command:  \"co\"\n");
  g_free (out);
  out = fwt_cmd ("foo");
  assert_contains (out, "Translating \"foo\"...domain server (255.255.255.255)");
  assert_contains (out, "% Unknown command or computer name, or unable to find computer address");
  g_free (out);
  out = fwt_cmd ("conf t");
  g_free (out);
  out = fwt_cmd ("no ip domain-lookup");
  g_assert_cmpstr (out, ==, "");
  g_free (out);
  out = fwt_cmd ("do foo");
  g_assert_cmpstr (out, ==, "                  ^\n% Invalid input detected at '^' marker.\n\n");
  g_free (out);
  out = fwt_cmd ("interface FastEthernet9/9");
  assert_contains (out, "% Invalid input detected at '^' marker.");
  g_free (out);
  out = fwt_cmd ("ip route 10.0.0.0 255.0.0.0");
  g_assert_cmpstr (out, ==, "% Incomplete command.\n\n");
  g_free (out);
  out = fwt_cmd ("ip route 10.1.0.0 255.0.0.0 1.1.1.1");
  g_assert_cmpstr (out, ==, "%Inconsistent address and mask\n");
  g_free (out);
  out = fwt_cmd ("hostname 1abc");
  g_assert_cmpstr (out, ==, "% Hostname contains one or more illegal characters.\n");
  g_free (out);
  out = fwt_cmd ("end");
  g_free (out);
  out = fwt_cmd ("bar");
  g_assert_cmpstr (out, ==, "Translating \"bar\"\n"
                   "% Unknown command or computer name, or unable to find computer address\n");
}

static void
test_help (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  out = fwt_keys ("?", 100);
  assert_contains (out, "?\nExec commands:\n");
  assert_contains (out, "  enable      Turn on privileged commands\n");
  g_assert_true (g_str_has_suffix (out, "\n\nRouter>"));
  g_free (out);
  out = fwt_keys ("en\r", 50);
  g_free (out);
  out = fwt_keys ("sh?", 100);
  g_assert_cmpstr (out, ==, "sh?\nshow  \n\nRouter#sh");
  g_free (out);
  out = fwt_keys ("ow ip route ?", 100);
  assert_contains (out, "  connected  Connected networks\n");
  assert_contains (out, "  rip        Routing Information Protocol (RIP)\n");
  assert_contains (out, "  <cr>\n\nRouter#show ip route ");
  g_free (out);
  out = fwt_keys ("\x15" "conf t\r", 50);
  g_free (out);
  out = fwt_keys ("?", 100);
  assert_contains (out, "Configure commands:\n");
  assert_contains (out, "  interface ");
  assert_contains (out, "  do ");
  assert_not_contains (out, "boot-start-marker");
  g_free (out);
  out = fwt_keys ("int ?", 100);
  assert_contains (out, "  FastEthernet  FastEthernet IEEE 802.3\n");
  assert_contains (out, "  Loopback      Loopback interface\n");
  g_free (out);
  out = fwt_keys ("\x15" "ip route 1.0.0.0 255.0.0.0 ?", 100);
  assert_contains (out, "  A.B.C.D       Forwarding router's address\n");
  assert_contains (out, "  FastEthernet  FastEthernet IEEE 802.3\n");
  g_free (out);
  out = fwt_keys ("\x15" "int f0/0\r", 50);
  g_free (out);
  out = fwt_keys ("ip address ?", 100);
  g_assert_cmpstr (out, ==, "ip address ?\n  A.B.C.D  IP address\n\nRouter(config-if)#ip address ");
  g_free (out);
  out = fwt_keys ("\x15" "xyz ?", 100);
  assert_contains (out, "% Unrecognized command\n");
}

static void
test_completion (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  out = fwt_keys ("en\r", 50);
  g_free (out);
  out = fwt_keys ("conf\t", 50);
  g_assert_cmpstr (out, ==, "configure ");
  g_free (out);
  out = fwt_keys ("t\r", 50);
  g_free (out);
  out = fwt_keys ("int f\t", 50);
  assert_contains (out, "FastEthernet");
  g_free (out);
  out = fwt_keys ("0/1\r", 50);
  assert_contains (out, "Router(config-if)#");
  g_free (out);
  out = fwt_keys ("sh\t", 50);
  assert_contains (out, "shutdown ");
  g_free (out);
  /* nothing to complete: the line stays as it is */
  out = fwt_keys ("\x15" "zz\t", 50);
  assert_not_contains (out, "\n");
}

static void
test_line_editing (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("configure terminal"));
  /* backspace (DEL and BS) */
  g_free (fwt_keys ("hostname R1xy\x7f\b\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R1(config)#");
  /* Ctrl-A and insert at the start */
  g_free (fwt_keys ("ostname R2\x01h\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R2(config)#");
  /* Ctrl-A then Ctrl-E and append */
  g_free (fwt_keys ("hostname R\x01\x05" "3\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R3(config)#");
  /* Ctrl-U kills the line */
  g_free (fwt_keys ("garbage here\x15hostname R4\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R4(config)#");
  /* Ctrl-W kills a word */
  g_free (fwt_keys ("hostname junk\x17R5\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R5(config)#");
  /* left arrow and insert in the middle */
  g_free (fwt_keys ("hostname R7\x1b[D" "6\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R67(config)#");
  /* up arrow recalls the line, then edit it */
  g_free (fwt_keys ("\x1b[A\x7f\x7f" "8\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R8(config)#");
  /* Ctrl-P twice goes further back; Ctrl-N comes forward again */
  g_free (fwt_keys ("\x10\x10\x0e\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R8(config)#");
  /* Ctrl-B, Ctrl-D deletes under the cursor */
  g_free (fwt_keys ("hostname R9X\x02\x04\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R9(config)#");
  /* Ctrl-K kills to the end; right arrow moves back over text */
  g_free (fwt_keys ("hostname R10garbage\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C"
                    "\x1b[C\x1b[C\x1b[C\x0b\r", 50));
  g_free (fwt_cmd (""));
  g_assert_cmpstr (fwt_prompt (), ==, "R10(config)#");
  /* what the terminal sees for an insert: the tail redrawn, cursor back */
  out = fwt_keys ("\x15" "abd\x02" "c", 50);
  g_assert_cmpstr (out, ==, "abd\bcd\b");
  g_free (out);
  out = fwt_keys ("\x05\x15", 50);
  g_free (out);
  out = fwt_cmd ("do show history");
  assert_contains (out, "  hostname R8\n");
}

static void
test_paging (void)
{
  g_autofree char *out = NULL;
  g_autofree char *rest = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  fw_host_output_clear ();
  out = fwt_keys ("show running-config\r", 100);
  assert_contains (out, " --More-- ");
  assert_not_contains (out, "\nend\n");
  /* 23 lines, then the prompt */
  {
    guint lines = 0;
    const char *more = strstr (out, " --More-- ");

    for (const char *p = strchr (out, '\n') + 1; p < more; p++)
      lines += *p == '\n';
    g_assert_cmpuint (lines, ==, 23);
  }
  /* RETURN: one more line; space: a page; the rest to the end */
  rest = fwt_keys ("\r", 100);
  assert_contains (rest, " --More-- ");
  g_free (rest);
  rest = fwt_keys (" ", 100);
  g_free (rest);
  rest = fwt_keys (" ", 100);
  assert_contains (rest, "\nend\n");
  g_assert_true (g_str_has_suffix (rest, "Router#"));
  g_clear_pointer (&rest, g_free);
  /* q stops the output */
  g_free (out);
  out = fwt_keys ("show running-config\r", 100);
  rest = fwt_keys ("q", 100);
  assert_not_contains (rest, "end\n");
  g_assert_true (g_str_has_suffix (rest, "Router#"));
  /* terminal length 0: no paging */
  g_free (fwt_cmd ("terminal length 0"));
  g_free (out);
  out = fwt_cmd ("show running-config");
  assert_not_contains (out, "--More--");
  assert_contains (out, "\nend\n");
}

static void
test_link_messages (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("configure terminal"));
  g_free (fwt_cmd ("interface FastEthernet0/0"));
  out = fwt_keys ("no shutdown\r", 200);
  assert_contains (out, "%LINK-3-UPDOWN: Interface FastEthernet0/0, changed state to up\n");
  assert_contains (out, "%LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/0, "
                   "changed state to up\n");
  g_assert_true (g_regex_match_simple ("\\n\\*[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}: %LINK",
                                       out, 0, 0));
  g_free (out);
  /* no shutdown again: no message */
  out = fwt_keys ("no shutdown\r", 200);
  assert_not_contains (out, "%LINK");
  g_free (out);
  /* the cable: carrier lost and back */
  fw_host_set_link (0, FALSE);
  out = fwt_keys ("", 200);
  assert_contains (out, "%LINK-3-UPDOWN: Interface FastEthernet0/0, changed state to down");
  assert_contains (out, "%LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/0, "
                   "changed state to down");
  g_free (out);
  fw_host_set_link (0, TRUE);
  out = fwt_keys ("", 200);
  assert_contains (out, "changed state to up");
  g_free (out);
  out = fwt_keys ("shutdown\r", 200);
  assert_contains (out, "%LINK-5-CHANGED: Interface FastEthernet0/0, changed state to "
                   "administratively down");
  assert_contains (out, "%LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/0, "
                   "changed state to down");
  g_free (out);
  out = fwt_keys ("\x1a", 200);
  assert_contains (out, "Router#");
  assert_contains (out, "%SYS-5-CONFIG_I: Configured from console by console");
}

static void
test_submode_fallback (void)
{
  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("configure terminal"));
  g_free (fwt_cmd ("interface FastEthernet0/0"));
  /* a global command from an interface leaves the interface */
  g_free (fwt_cmd ("hostname R9"));
  g_assert_cmpstr (fwt_prompt (), ==, "R9(config)#");
  g_free (fwt_cmd ("interface FastEthernet0/0"));
  g_free (fwt_cmd ("router rip"));
  g_assert_cmpstr (fwt_prompt (), ==, "R9(config-router)#");
  g_free (fwt_cmd ("interface FastEthernet0/1"));
  g_assert_cmpstr (fwt_prompt (), ==, "R9(config-if)#");
  /* do runs EXEC commands */
  {
    g_autofree char *out = fwt_cmd ("do show ip interface brief");

    g_assert_true (g_str_has_prefix (out, "Interface                  IP-Address      OK? Method "
                                          "Status                Protocol\n"));
  }
}

static void
test_session_end (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  fw_host_output_clear ();
  out = fwt_keys ("exit\r", 100);
  assert_contains (out, "Router con0 is now available");
  assert_contains (out, "Press RETURN to get started.");
  assert_not_contains (out, "Router>");
  g_free (out);
  out = fwt_keys ("\r", 100);
  g_assert_true (g_str_has_suffix (out, "Router>"));
}

static void
test_enable_secret (void)
{
  g_autofree char *out = NULL;

  fwt_boot (NULL);
  g_free (fwt_cmd ("enable"));
  g_free (fwt_cmd ("configure terminal"));
  g_free (fwt_cmd ("enable secret cisco"));
  g_free (fwt_cmd ("end"));
  g_free (fwt_cmd ("disable"));
  out = fwt_keys ("enable\r", 100);
  g_assert_true (g_str_has_suffix (out, "Password: "));
  g_free (out);
  /* typed passwords are not echoed */
  out = fwt_keys ("wrong\r", 100);
  assert_not_contains (out, "wrong");
  g_free (out);
  out = fwt_keys ("bad\rworse\r", 100);
  assert_contains (out, "% Bad secrets");
  g_assert_true (g_str_has_suffix (out, "Router>"));
  g_free (out);
  out = fwt_keys ("enable\rcisco\r", 100);
  g_assert_true (g_str_has_suffix (out, "Router#"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/cli/boot", test_boot);
  fwt_add ("/firmware/cli/modes", test_modes);
  fwt_add ("/firmware/cli/abbreviations", test_abbreviations);
  fwt_add ("/firmware/cli/errors", test_errors);
  fwt_add ("/firmware/cli/help", test_help);
  fwt_add ("/firmware/cli/completion", test_completion);
  fwt_add ("/firmware/cli/line-editing", test_line_editing);
  fwt_add ("/firmware/cli/paging", test_paging);
  fwt_add ("/firmware/cli/link-messages", test_link_messages);
  fwt_add ("/firmware/cli/submode-fallback", test_submode_fallback);
  fwt_add ("/firmware/cli/session-end", test_session_end);
  fwt_add ("/firmware/cli/enable-secret", test_enable_secret);
  return g_test_run ();
}
