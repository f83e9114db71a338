/* fuzz-fw-cli.c: libFuzzer target for the firmware's command line
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One router (c7200, three FastEthernets) runs free on the host HAL in this
 * thread.  An input is "STARTUP\0TYPED" or just "TYPED":
 *  - STARTUP is a startup-config, as `vm push_config` leaves it in NVRAM: it
 *    is written to NVRAM, must read back byte for byte, and is loaded the way
 *    the router loads it at boot;
 *  - TYPED are console bytes fed to the line editor (commands in every mode,
 *    '?', TAB, control keys, answers to questions and --More--), starting in
 *    privileged mode.  64 Ctrl-C follow, so a question or a long ping never
 *    waits for input that will not come.
 * Afterwards the running-config is rendered and loaded again: every line of
 * it must be accepted, and rendering once more must give the same text.
 * The router's state carries over from one input to the next.
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw.h"
#include "fw-cli.h"
#include "fw-config.h"
#include "hal-host.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
pump (void)
{
  /* Bounded: only the console and timers can keep it busy. */
  for (int i = 0; i < 100000 && fw_poll (true); i++)
    ;
}

static void
boot (void)
{
  const FwHostBoard board = {
    .platform = "c7200",
    .model = "7206VXR",
    .names = { "FastEthernet0/0", "FastEthernet0/1", "FastEthernet1/0", NULL },
  };

  fw_host_setup (&board);
  fw_host_boot_inline ();
  fw_host_type ("\r");
  pump ();
}

/* The running-config without the line that says when it changed. */
static char *
render (void)
{
  char *text = fw_config_render ();
  char *mark = strstr (text, "! Last configuration change at ");

  if (mark != NULL)
    {
      char *eol = strchr (mark, '\n');

      if (eol != NULL)
        memmove (mark, eol + 1, strlen (eol + 1) + 1);
    }
  return text;
}

static void
check_startup (const char *text,
               size_t      len)
{
  char *back;
  size_t back_len = 0;

  if (!fw_config_write_startup (text, len))
    abort ();
  back = fw_config_read_startup (&back_len);
  if (back == NULL || back_len != len || memcmp (back, text, len) != 0)
    abort ();
  fw_free (back);
  cli.loading = true;
  fw_config_apply (text, len);
  cli.loading = false;
}

static void
check_reload (void)
{
  char *first = render ();
  char *second;
  int errors;

  cli.loading = true;
  errors = fw_config_apply (first, strlen (first));
  cli.loading = false;
  second = render ();
  if (errors != 0 || strcmp (first, second) != 0)
    {
      fprintf (stderr, "running-config does not reload (%d errors):\n%s\n--- then:\n%s\n",
               errors, first, second);
      abort ();
    }
  fw_free (first);
  fw_free (second);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static int booted;
  static const char trailer[64] = {
    [0 ... 63] = 0x03,
  };
  const uint8_t *nul = memchr (data, '\0', size);

  if (!booted)
    {
      boot ();
      booted = 1;
    }

  if (nul != NULL)
    {
      size_t len = (size_t) (nul - data);

      if (len > 0)
        check_startup ((const char *) data, len);
      size -= len + 1;
      data = nul + 1;
    }

  cli.mode = CLI_MODE_PRIV;
  fw_host_type_bytes ((const char *) data, size);
  fw_host_type_bytes (trailer, sizeof trailer);
  pump ();

  check_reload ();
  return 0;
}
