/* test-vm-boot.c: routers booted by a real wirelab-hypervisor, used through
 * their telnet consoles (console and board-test images)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

static const char nego[] = "\xff\xfd\x18\xff\xfb\x01\xff\xfb\x03\xff\xfe\x22";

static void
boot_console_image (const char *image_name)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image (image_name);
  guint16 con = emu_tcp_free_port ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *banner = NULL;
  int c;

  hv_assert_cmd (fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  g_free (emu_cmd_expect (fd, "100-IOS image set for 'R1'", "vm set_ios R1 \"%s\"", image));
  hv_assert_cmd (fd, "vm set_ram R1 64", "100-OK\r\n");
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port R1 %u", con));
  hv_assert_cmd (fd, "vm slot_add_binding R1 0 0 C7200-IO-FE", "100-OK\r\n");
  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  hv_assert_cmd (fd, "vm get_status R1", "100-2\r\n");

  c = emu_console_connect (con);
  emu_read_until (c, out, "echo> ");
  banner = g_strconcat (nego, "Connected to Dynamips VM \"R1\" (ID 1, type c7200) - Console port\r\n"
                        "Press ENTER to get the prompt.\r\n", NULL);
  g_assert_true (g_str_has_prefix (out->str, banner));
  g_assert_nonnull (strstr (out->str, "Wirelab console test image\r\n"));
  g_assert_nonnull (strstr (out->str, "tick 0\ntick 1\ntick 2\n"));

  /* Typed characters come back. */
  g_assert_cmpint (write (c, "hello\r", 6), ==, 6);
  emu_read_until (c, out, "hello\r\n");
  /* send_con_msg types too. */
  hv_assert_cmd (fd, "vm send_con_msg R1 abc", "100-3 byte(s) written\r\n");
  emu_read_until (c, out, "abc");
  hv_assert_cmd (fd, "vm send_con_msg R1 eHl6 base64", "100-3 byte(s) written\r\n");
  emu_read_until (c, out, "xyz");
  hv_assert_cmd (fd, "vm send_con_msg R1 abc bogus", "204-Invalid parameter\r\n");
  g_assert_cmpint (write (c, "q", 1), ==, 1);
  emu_read_until (c, out, "bye\r\n");

  /* The image parks in WAIT: still "running" (no power-off register). */
  hv_assert_cmd (fd, "vm get_status R1", "100-2\r\n");
  hv_assert_cmd (fd, "vm stop R1", "100-VM 'R1' stopped\r\n");
  hv_assert_cmd (fd, "vm get_status R1", "100-0\r\n");
  /* The console closed with the VM and its port is free again. */
  g_assert_true (hv_wait_eof (c, 5000));
  g_assert_true (emu_tcp_port_free (con));
  close (c);

  /* Start again: the console works the same. */
  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  c = emu_console_connect (con);
  g_string_truncate (out, 0);
  emu_read_until (c, out, "echo> ");
  close (c);
  hv_assert_cmd (fd, "vm delete R1", "100-VM 'R1' deleted\r\n");
  g_assert_true (emu_tcp_port_free (con));

  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

static void
test_boot_elf64 (void)
{
  boot_console_image ("console-c7200.elf");
}

static void
test_boot_elf32 (void)
{
  boot_console_image ("console-c7200-32.elf");
}

static void
test_aux (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("console-c7200.elf");
  guint16 con = emu_tcp_free_port ();
  guint16 aux = emu_tcp_free_port ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) out2 = g_string_new (NULL);
  int a, c1, c2;

  hv_assert_cmd (fd, "vm create R2 7 c7200", "100-VM 'R2' created\r\n");
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R2 \"%s\"", image));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port R2 %u", con));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_aux_tcp_port R2 %u", aux));
  /* Not running: no console to type into. */
  hv_assert_cmd (fd, "vm send_aux_msg R2 x", "204-Invalid parameter\r\n");
  hv_assert_cmd (fd, "vm start R2", "100-VM 'R2' started\r\n");

  a = emu_console_connect (aux);
  emu_read_until (a, out, "Connected to Dynamips VM \"R2\" (ID 7, type c7200) - AUX port\r\n"
                  "Press ENTER to get the prompt.\r\n");
  hv_assert_cmd (fd, "vm send_aux_msg R2 x", "100-1 byte(s) written\r\n");

  /* Two console clients at once: output to both, input from either. */
  c1 = emu_console_connect (con);
  c2 = emu_console_connect (con);
  g_string_truncate (out, 0);
  emu_read_until (c1, out, "echo> ");
  emu_read_until (c2, out2, "echo> ");
  g_assert_cmpint (write (c2, "Z", 1), ==, 1);
  emu_read_until (c1, out, "echo> Z");
  emu_read_until (c2, out2, "echo> Z");

  /* Suspend/resume, validated. */
  hv_assert_cmd (fd, "vm rename R2 R3", "213-unable to rename VM instance 'R2'\r\n");
  hv_assert_cmd (fd, "vm suspend R2", "100-VM 'R2' suspended\r\n");
  hv_assert_cmd (fd, "vm get_status R2", "100-3\r\n");
  hv_assert_cmd (fd, "vm suspend R2",
                 "210-unable to suspend VM 'R2': it is not running\r\n");
  hv_assert_cmd (fd, "vm resume R2", "100-VM 'R2' resumed\r\n");
  hv_assert_cmd (fd, "vm resume R2", "209-unable to resume VM 'R2': it is not suspended\r\n");
  g_assert_cmpint (write (c1, "Y", 1), ==, 1);
  emu_read_until (c2, out2, "echo> ZY");

  /* vm_debug on the running VM: physical memory and registers. */
  hv_assert_cmd (fd, "vm_debug pmem_r32 R2 0 0x1f001000", "100-0x574c4249\r\n");   /* WLBI */
  hv_assert_cmd (fd, "vm_debug pmem_r32 R2 0 0x1f000000", "100-0x574c4142\r\n");   /* WLAB */
  hv_assert_cmd (fd, "vm_debug pmem_w32 R2 0 0x3f0000 0xcafef00d", "100-OK\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_r32 R2 0 0x3f0000", "100-0xcafef00d\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_r16 R2 0 0x3f0002", "100-0xf00d\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_w16 R2 0 0x3f0000 0x1234", "100-OK\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_cfind R2 0 1234f00d", "100-0x3f0000\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_cfind R2 0 1234f00d 0x3f0001", "214-not found\r\n");
  hv_assert_cmd (fd, "vm_debug set_cpu_reg R2 0 0 1", "212-Bad CPU or register\r\n");
  hv_assert_cmd (fd, "vm_debug set_cpu_reg R2 1 8 1", "212-Bad CPU or register\r\n");
  hv_assert_cmd (fd, "vm_debug add_cpu_breakpoint R2 1 0x80010000", "212-Bad CPU\r\n");
  {
    g_autofree char *regs = hv_cmd (fd, "vm_debug show_cpu_regs R2 0");

    g_assert_true (g_str_has_prefix (regs, "101 "));
    g_assert_true (g_str_has_suffix (regs, "100-OK\r\n"));
  }
  /* The image idles in WAIT: the idle-PC proposal is that loop. */
  {
    g_autofree char *prop = hv_cmd (fd, "vm get_idle_pc_prop R2 0");

    g_assert_true (g_str_has_prefix (prop, "101 0xffffffff8001"));
  }

  hv_assert_cmd (fd, "hypervisor reset", "100-OK\r\n");
  g_assert_true (hv_wait_eof (a, 5000));
  g_assert_true (hv_wait_eof (c1, 5000));
  close (a);
  close (c1);
  close (c2);
  g_assert_true (emu_tcp_port_free (con));
  g_assert_true (emu_tcp_port_free (aux));
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

/* board-test image: info block, NVRAM across stop/start, timer, power-off. */
static void
test_nvram (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("board-test.elf");
  g_autofree char *startup_b64 = g_base64_encode ((const guchar *) "hostname R1\nend\n", 16);
  g_autofree char *cfg = g_build_filename (hv->workdir, "R1.cfg", NULL);
  g_autofree char *nvram = g_build_filename (hv->workdir, "c7200_R1_nvram", NULL);
  guint16 con = emu_tcp_free_port ();
  g_autoptr(GString) out = g_string_new (NULL);
  char *r;
  int c;

  hv_assert_cmd (fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R1 \"%s\"", image));
  hv_assert_cmd (fd, "vm set_ram R1 32", "100-OK\r\n");
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port R1 %u", con));
  hv_assert_cmd (fd, "vm slot_add_binding R1 0 0 C7200-IO-FE", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 1 0 PA-4E", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 set_mac_addr R1 ca01.1234.0000", "100-OK\r\n");

  /* Empty NVRAM: 206, as Dynamips. */
  hv_assert_cmd (fd, "vm extract_config R1", "206-unable to extract config of VM 'R1'\r\n");
  hv_assert_cmd (fd, "vm push_config R1 not-base64!", "206-unable to push IOS config for VM 'R1'\r\n");
  g_free (emu_cmd_expect (fd, "100-IOS config file pushed tm VM 'R1'", "vm push_config R1 %s", startup_b64));
  r = hv_cmd (fd, "vm extract_config R1");
  g_assert_cmpstr (r, ==, "100-conf 'R1' 'aG9zdG5hbWUgUjEKZW5kCg==' ''\r\n");
  g_free (r);

  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  c = emu_console_connect (con);
  emu_read_until (c, out, "ready\r\n");
  g_assert_nonnull (strstr (out->str, "board-test: c7200 7206VXR ram=32 ifs=5\r\n"));
  g_assert_nonnull (strstr (out->str, "if FastEthernet0/0 ca0112340000 nic=0\r\n"));
  g_assert_nonnull (strstr (out->str, "if Ethernet1/3 ca0112340103 nic=4\r\n"));
  g_assert_nonnull (strstr (out->str, "nvram: startup 16 bytes: hostname R1\r\n"));
  g_assert_nonnull (strstr (out->str, "nvram: boots 1\r\n"));
  g_assert_nonnull (strstr (out->str, "timer 1\r\ntimer 2\r\ntimer 3\r\ntimer ok\r\n"));
  /* While running, extract_config reads the live NVRAM. */
  hv_assert_cmd (fd, "vm extract_config R1", "100-conf 'R1' 'aG9zdG5hbWUgUjEKZW5kCg==' 'Ym9vdHMgMQo='\r\n");

  /* 'q': the guest powers off through the system controller. */
  g_assert_cmpint (write (c, "q", 1), ==, 1);
  emu_read_until (c, out, "power off\r\n");
  emu_wait_status (fd, "R1", 0);
  /* As vm stop: the console closed and its port is free. */
  g_assert_true (hv_wait_eof (c, 5000));
  g_assert_true (emu_tcp_port_free (con));
  close (c);
  hv_assert_cmd (fd, "vm stop R1", "100-VM 'R1' stopped\r\n");

  /* NVRAM survives stop/start: the guest counts its boots. */
  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  c = emu_console_connect (con);
  g_string_truncate (out, 0);
  emu_read_until (c, out, "ready\r\n");
  g_assert_nonnull (strstr (out->str, "nvram: boots 2\r\n"));
  /* 'r': reload keeps NVRAM and boots the image again. */
  g_assert_cmpint (write (c, "r", 1), ==, 1);
  emu_read_until (c, out, "nvram: boots 3\r\n");
  emu_read_until (c, out, "ready\r\n");
  close (c);
  hv_assert_cmd (fd, "vm stop R1", "100-VM 'R1' stopped\r\n");
  g_assert_true (g_file_test (nvram, G_FILE_TEST_IS_REGULAR));
  hv_assert_cmd (fd, "vm extract_config R1", "100-conf 'R1' 'aG9zdG5hbWUgUjEKZW5kCg==' 'Ym9vdHMgMwo='\r\n");

  /* push_config (keep) for startup, a new private part; then set_config. */
  hv_assert_cmd (fd, "vm push_config R1 (keep) Ym9vdHMgMTAK",
                 "100-IOS config file pushed tm VM 'R1'\r\n");
  hv_assert_cmd (fd, "vm extract_config R1", "100-conf 'R1' 'aG9zdG5hbWUgUjEKZW5kCg==' 'Ym9vdHMgMTAK'\r\n");
  g_assert_true (g_file_set_contents (cfg, "hostname FromFile\n", -1, NULL));
  hv_assert_cmd (fd, "vm set_config R1 R1.cfg", "100-IOS config file set for 'R1'\r\n");
  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  c = emu_console_connect (con);
  g_string_truncate (out, 0);
  emu_read_until (c, out, "ready\r\n");
  g_assert_nonnull (strstr (out->str, "nvram: startup 18 bytes: hostname FromFile\r\n"));
  g_assert_nonnull (strstr (out->str, "nvram: boots 11\r\n"));
  close (c);

  /* A set_config file that is missing fails the start cleanly. */
  hv_assert_cmd (fd, "vm stop R1", "100-VM 'R1' stopped\r\n");
  hv_assert_cmd (fd, "vm set_config R1 missing.cfg", "100-IOS config file set for 'R1'\r\n");
  r = hv_cmd (fd, "vm start R1");
  g_assert_nonnull (strstr (r, "missing.cfg"));
  g_assert_true (g_str_has_suffix (r, "209-unable to start VM instance 'R1'\r\n"));
  g_free (r);
  g_assert_true (emu_tcp_port_free (con));

  hv_assert_cmd (fd, "vm clean_delete R1", "100-VM 'R1' and related files deleted\r\n");
  g_assert_false (g_file_test (nvram, G_FILE_TEST_EXISTS));
  g_unlink (cfg);
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

static void
expect_bad_start (int         fd,
                  guint16     con,
                  const char *path,
                  const char *why)
{
  char *r;

  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R1 \"%s\"", path));
  r = hv_cmd (fd, "vm start R1");
  if (strstr (r, why) == NULL || !g_str_has_suffix (r, "209-unable to start VM instance 'R1'\r\n"))
    g_error ("start with %s: '%s' (wanted '%s')", path, r, why);
  g_free (r);
  hv_assert_cmd (fd, "vm get_status R1", "100-0\r\n");
  /* Nothing left behind: the console port is free. */
  g_assert_true (emu_tcp_port_free (con));
}

static void
test_bad_images (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *good = emu_image ("console-c7200.elf");
  g_autofree char *contents = NULL;
  g_autofree char *not_elf = g_build_filename (hv->workdir, "not-elf.bin", NULL);
  g_autofree char *wrong = g_build_filename (hv->workdir, "x86.elf", NULL);
  g_autofree char *trunc = g_build_filename (hv->workdir, "trunc.elf", NULL);
  g_autofree char *nvram = g_build_filename (hv->workdir, "c7200_R1_nvram", NULL);
  guint16 con = emu_tcp_free_port ();
  gsize len;
  char *r;

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (not_elf, "this is not an image\n", -1, NULL));
  g_assert_true (g_file_set_contents (trunc, contents, 200, NULL));
  contents[19] = 62;                  /* e_machine: x86-64 */
  g_assert_true (g_file_set_contents (wrong, contents, len, NULL));

  hv_assert_cmd (fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port R1 %u", con));

  r = hv_cmd (fd, "vm start R1");
  g_assert_cmpstr (r, ==, "101 VM 'R1': no image set (vm set_ios)\r\n"
                   "209-unable to start VM instance 'R1'\r\n");
  g_free (r);
  expect_bad_start (fd, con, "/nonexistent/c7200.image", "/nonexistent/c7200.image");
  expect_bad_start (fd, con, not_elf, "not an ELF file");
  expect_bad_start (fd, con, wrong, "not a MIPS image");
  expect_bad_start (fd, con, trunc, "trunc.elf");
  /* Nothing was created either: no NVRAM file from a failed start. */
  g_assert_false (g_file_test (nvram, G_FILE_TEST_EXISTS));

  /* A console port in use fails the start, and says so. */
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R1 \"%s\"", good));
  {
    g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                         G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (lo, con);

    g_assert_true (g_socket_bind (s, sa, TRUE, NULL));
    g_assert_true (g_socket_listen (s, NULL));
    r = hv_cmd (fd, "vm start R1");
    if (strstr (r, "console port") == NULL ||
        !g_str_has_suffix (r, "209-unable to start VM instance 'R1'\r\n"))
      g_error ("port in use: '%s'", r);
    g_free (r);
    hv_assert_cmd (fd, "vm get_status R1", "100-0\r\n");
    g_socket_close (s, NULL);
  }
  /* Freed: now it starts. */
  hv_assert_cmd (fd, "vm start R1", "100-VM 'R1' started\r\n");
  hv_assert_cmd (fd, "vm start R1", "101 VM 'R1': VM 'R1' is already running\r\n"
                 "209-unable to start VM instance 'R1'\r\n");
  hv_assert_cmd (fd, "vm get_status R1", "100-2\r\n");
  hv_assert_cmd (fd, "vm stop R1", "100-VM 'R1' stopped\r\n");

  g_unlink (not_elf);
  g_unlink (wrong);
  g_unlink (trunc);
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

/* Spec section 14, "hypervisor cmd_list vm". */
static const char cmd_list_vm[] =
  "101 list_con_ports (min/max args: 0/0)\r\n"
  "101 list (min/max args: 0/0)\r\n"
  "101 slot_oir_stop (min/max args: 3/3)\r\n"
  "101 slot_oir_start (min/max args: 3/3)\r\n"
  "101 slot_disable_nio (min/max args: 3/3)\r\n"
  "101 slot_enable_nio (min/max args: 3/3)\r\n"
  "101 slot_remove_nio_binding (min/max args: 3/3)\r\n"
  "101 slot_add_nio_binding (min/max args: 4/4)\r\n"
  "101 slot_remove_binding (min/max args: 3/3)\r\n"
  "101 slot_add_binding (min/max args: 4/4)\r\n"
  "101 slot_nio_bindings (min/max args: 2/2)\r\n"
  "101 slot_bindings (min/max args: 1/1)\r\n"
  "101 send_aux_msg (min/max args: 2/3)\r\n"
  "101 send_con_msg (min/max args: 2/3)\r\n"
  "101 resume (min/max args: 1/1)\r\n"
  "101 suspend (min/max args: 1/1)\r\n"
  "101 cpu_usage (min/max args: 2/2)\r\n"
  "101 cpu_info (min/max args: 2/2)\r\n"
  "101 push_config (min/max args: 2/3)\r\n"
  "101 extract_config (min/max args: 1/1)\r\n"
  "101 set_aux_tcp_port (min/max args: 2/2)\r\n"
  "101 set_con_tcp_port (min/max args: 2/2)\r\n"
  "101 set_ghost_status (min/max args: 2/2)\r\n"
  "101 set_ghost_file (min/max args: 2/2)\r\n"
  "101 show_timer_drift (min/max args: 2/2)\r\n"
  "101 set_idle_sleep_time (min/max args: 3/3)\r\n"
  "101 set_idle_max (min/max args: 3/3)\r\n"
  "101 show_idle_pc_prop (min/max args: 2/2)\r\n"
  "101 get_idle_pc_prop (min/max args: 2/2)\r\n"
  "101 set_idle_pc_online (min/max args: 3/3)\r\n"
  "101 set_idle_pc (min/max args: 2/2)\r\n"
  "101 set_conf_reg (min/max args: 2/2)\r\n"
  "101 set_disk1 (min/max args: 2/2)\r\n"
  "101 set_disk0 (min/max args: 2/2)\r\n"
  "101 set_exec_area (min/max args: 2/2)\r\n"
  "101 set_blk_direct_jump (min/max args: 2/2)\r\n"
  "101 set_clock_divisor (min/max args: 2/2)\r\n"
  "101 set_sparse_mem (min/max args: 2/2)\r\n"
  "101 set_ram_mmap (min/max args: 2/2)\r\n"
  "101 set_nvram (min/max args: 2/2)\r\n"
  "101 set_ram (min/max args: 2/2)\r\n"
  "101 set_config (min/max args: 2/3)\r\n"
  "101 set_ios (min/max args: 2/2)\r\n"
  "101 set_debug_level (min/max args: 2/2)\r\n"
  "101 get_status (min/max args: 1/1)\r\n"
  "101 stop (min/max args: 1/1)\r\n"
  "101 start (min/max args: 1/1)\r\n"
  "101 clean_delete (min/max args: 1/1)\r\n"
  "101 delete (min/max args: 1/1)\r\n"
  "101 rename (min/max args: 2/2)\r\n"
  "101 create (min/max args: 3/3)\r\n"
  "100-OK\r\n";

static void
test_commands (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *log = g_build_filename (hv->workdir, "c7200_R1_log.txt", NULL);
  g_autofree char *log_after = NULL;
  g_autofree char *log_before = NULL;
  g_autofree char *renamed = g_build_filename (hv->workdir, "c7200_R9_log.txt", NULL);
  g_autoptr(GRegex) mac_re = g_regex_new ("^100-ca01\\.[0-9a-f]{4}\\.0000\\r\\n$", 0, 0, NULL);
  char *r;

  hv_assert_cmd (fd, "hypervisor cmd_list vm", cmd_list_vm);
  hv_assert_cmd (fd, "vm create R1 1 c7200", "100-VM 'R1' created\r\n");
  g_assert_true (g_file_get_contents (log, &log_before, NULL, NULL));
  /* Duplicate and unknown platform: 206, and the first VM's files untouched. */
  hv_assert_cmd (fd, "vm create R1 2 c7200", "206-unable to create VM instance 'R1'\r\n");
  hv_assert_cmd (fd, "vm create R9 9 c9999", "206-unable to create VM instance 'R9'\r\n");
  g_assert_true (g_file_get_contents (log, &log_after, NULL, NULL));
  g_assert_cmpstr (log_before, ==, log_after);

  hv_assert_cmd (fd, "vm list", "101 R1 (c7200)\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm get_status R1", "100-0\r\n");
  r = hv_cmd (fd, "c7200 get_mac_addr R1");
  g_assert_true (g_regex_match (mac_re, r, 0, NULL));
  g_free (r);
  hv_assert_cmd (fd, "c7200 set_mac_addr R1 ca:01:ab:cd:00:00", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 get_mac_addr R1", "100-ca01.abcd.0000\r\n");
  hv_assert_cmd (fd, "c7200 set_mac_addr R1 zz", "206-unable to set MAC address for router 'R1'\r\n");
  hv_assert_cmd (fd, "c7200 set_npe R1 npe-bogus", "206-unable to set NPE type for router 'R1'\r\n");
  hv_assert_cmd (fd, "c7200 set_npe R1 npe-g2", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 set_midplane R1 std", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 set_temp_sensor R1 0 30", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 set_power_supply R1 1 0", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 set_system_id R1 FTX0945W0MY", "100-OK\r\n");
  hv_assert_cmd (fd, "c7200 list", "101 R1\r\n100-OK\r\n");
  hv_assert_cmd (fd, "c3600 get_mac_addr R1", "212-VM 'R1' is not a VM type c3600\r\n");
  hv_assert_cmd (fd, "c7200 get_mac_addr R7", "208-unable to find VM 'R7'\r\n");
  hv_assert_cmd (fd, "vm get_status R7", "208-unable to find object 'R7'\r\n");
  hv_assert_cmd (fd, "vm delete R7", "207-unable to delete VM 'R7'\r\n");

  /* Cards of the transcript. */
  hv_assert_cmd (fd, "vm slot_add_binding R1 0 0 C7200-IO-FE", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 1 0 PA-FE-TX", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 2 0 PA-BOGUS", "205-VM R1: unable to add binding for slot 2/0\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 1 0 PA-4E", "205-VM R1: unable to add binding for slot 1/0\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R1 3 0 PA-4T+", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R1", "101 0/0: C7200-IO-FE\r\n101 1/0: PA-FE-TX\r\n"
                 "101 3/0: PA-4T+\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_remove_binding R1 3 0", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_remove_binding R1 3 0", "205-VM R1: unable to remove binding for slot 3/0\r\n");
  hv_assert_cmd (fd, "vm slot_add_nio_binding R1 1 0 nio_missing",
                 "205-VM R1: unable to add binding for slot 1/0\r\n");
  hv_assert_cmd (fd, "vm slot_nio_bindings R1 1", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_con_tcp_port R1 2101", "100-OK\r\n");
  hv_assert_cmd (fd, "vm list_con_ports", "101 R1 (2101)\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_oir_start R1 1 0", "209-VM R1: unable to engage OIR for slot 1/0\r\n");

  /* Settings accepted as Dynamips does. */
  hv_assert_cmd (fd, "vm set_idle_pc R1 0x60606060", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_conf_reg R1 0x2142", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_disk0 R1 0", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_ghost_status R1 2", "100-OK\r\n");
  hv_assert_cmd (fd, "vm set_idle_max R1 0 500", "212-Bad CPU specified\r\n");
  hv_assert_cmd (fd, "vm get_idle_pc_prop R1 0", "212-Bad CPU specified\r\n");
  hv_assert_cmd (fd, "vm cpu_usage R1 0", "101 0\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm_debug pmem_r32 R1 0 0x10000", "212-VM 'R1' is not running\r\n");

  /* Other platforms: mainboards in slot 0, chassis checks, WICs. */
  hv_assert_cmd (fd, "vm create R3 3 c3745", "100-VM 'R3' created\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R3 0 0 GT96100-FE", "205-VM R3: unable to add binding for slot 0/0\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R3 0 16 WIC-1T", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_add_binding R3 1 0 NM-16ESW", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R3", "101 0/0: GT96100-FE\r\n101 0/16: WIC-1T\r\n"
                 "101 1/0: NM-16ESW\r\n100-OK\r\n");
  hv_assert_cmd (fd, "c3745 set_iomem R3 10", "100-OK\r\n");
  r = hv_cmd (fd, "c3745 get_mac_addr R3");
  g_assert_true (g_str_has_prefix (r, "100-c403."));
  g_free (r);
  hv_assert_cmd (fd, "vm create R4 4 c2600", "100-VM 'R4' created\r\n");
  hv_assert_cmd (fd, "c2600 set_chassis R4 2699", "206-unable to set Chassis type for router 'R4'\r\n");
  hv_assert_cmd (fd, "c2600 set_chassis R4 2621", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R4", "101 0/0: CISCO2600-MB-2FE\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm create R5 5 c1700", "100-VM 'R5' created\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R5", "101 0/0: C1700-MB-1ETH\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm create R6 6 c3600", "100-VM 'R6' created\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R6", "100-OK\r\n");
  hv_assert_cmd (fd, "c3600 set_chassis R6 3660", "100-OK\r\n");
  hv_assert_cmd (fd, "vm slot_bindings R6", "101 0/0: Leopard-2FE\r\n100-OK\r\n");
  hv_assert_cmd (fd, "vm create R7 7 c2691", "100-VM 'R7' created\r\n");
  hv_assert_cmd (fd, "vm create R8 8 c3725", "100-VM 'R8' created\r\n");
  hv_assert_cmd (fd, "vm list", "101 R1 (c7200)\r\n101 R3 (c3745)\r\n101 R4 (c2600)\r\n"
                 "101 R5 (c1700)\r\n101 R6 (c3600)\r\n101 R7 (c2691)\r\n101 R8 (c3725)\r\n100-OK\r\n");

  /* rename renames the files too. */
  hv_assert_cmd (fd, "vm rename R1 R3", "213-unable to rename VM instance 'R1', 'R3' already exists\r\n");
  hv_assert_cmd (fd, "vm rename R1 R9", "100-VM 'R1' renamed to 'R9'\r\n");
  g_assert_false (g_file_test (log, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (renamed, G_FILE_TEST_EXISTS));
  hv_assert_cmd (fd, "c7200 get_mac_addr R9", "100-ca01.abcd.0000\r\n");
  hv_assert_cmd (fd, "vm clean_delete R9", "100-VM 'R9' and related files deleted\r\n");
  g_assert_false (g_file_test (renamed, G_FILE_TEST_EXISTS));

  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vm/boot/elf64", test_boot_elf64);
  g_test_add_func ("/vm/boot/elf32", test_boot_elf32);
  g_test_add_func ("/vm/boot/aux-clients-suspend", test_aux);
  g_test_add_func ("/vm/nvram", test_nvram);
  g_test_add_func ("/vm/bad-images", test_bad_images);
  g_test_add_func ("/vm/commands", test_commands);
  return g_test_run ();
}
