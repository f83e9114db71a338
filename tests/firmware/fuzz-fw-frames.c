/* fuzz-fw-frames.c: libFuzzer target for the firmware's wire-facing code
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One router (three interfaces, 802.1Q subinterfaces, a loopback, static
 * routes, RIP) runs free on the host HAL in this thread.  An input is a run
 * of frames, each [ctrl][length:2][bytes]: ctrl & 3 is the NIC, ctrl & 0x80
 * lets five seconds pass first (RIP and ARP timers).  Every frame goes
 * through Ethernet, 802.1Q, ARP, IPv4, ICMP, UDP and RIP parsing, and
 * whatever the router answers goes out through the NICs.
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fw.h"
#include "fw-cli.h"
#include "fw-net.h"
#include "hal-host.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
boot (void)
{
  static const char *const lines[] = {
    "interface FastEthernet0/0", "ip address 10.0.0.1 255.255.255.0", "no shutdown",
    "interface FastEthernet0/1", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "no shutdown",
    "interface FastEthernet1/0.10", "encapsulation dot1Q 10", "ip address 10.10.0.1 255.255.255.0",
    "interface FastEthernet1/0.20", "encapsulation dot1Q 20 native", "ip address 10.20.0.1 255.255.255.0",
    "interface Loopback0", "ip address 1.1.1.1 255.255.255.255",
    "router rip", "version 2", "network 10.0.0.0", "network 1.0.0.0", "no auto-summary",
    "timers basic 2 6 6 8", "exit",
    "ip route 0.0.0.0 0.0.0.0 10.0.0.2",
    "ip route 172.16.0.0 255.255.0.0 10.0.1.2 5",
    "arp 10.0.1.9 0000.1111.2222 arpa",
    NULL,
  };
  const FwHostBoard board = {
    .platform = "c7200",
    .model = "7206VXR",
    .names = { "FastEthernet0/0", "FastEthernet0/1", "FastEthernet1/0", NULL },
  };

  fw_host_setup (&board);
  fw_host_boot_inline ();
  cli.mode = CLI_MODE_CONFIG;
  for (int i = 0; lines[i]; i++)
    cli_execute (lines[i], true);
  cli.mode = CLI_MODE_PRIV;
  fw_poll (false);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static int booted;
  size_t off = 0;

  if (!booted)
    {
      boot ();
      booted = 1;
    }
  while (off + 3 <= size)
    {
      uint8_t ctrl = data[off];
      size_t len = ((size_t) data[off + 1] << 8) | data[off + 2];
      FwPkt *p;

      off += 3;
      if (len > size - off)
        len = size - off;
      if (ctrl & 0x80)
        fw_host_advance (5000);
      p = fw_pkt_alloc ();
      if (p == NULL)
        break;
      if (len > FW_PKT_DATA_MAX)
        len = FW_PKT_DATA_MAX;
      memcpy (p->data, data + off, len);
      p->len = (uint16_t) len;
      off += len;
      fw_eth_input (ctrl % 3, p);
      fw_poll (false);
    }
  fw_poll (false);
  return 0;
}
