/* filter-capture.c: the capture filter, frames into a pcap file
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * `setup_filter <nio> <dir> <DLT name> <file>`: classic pcap (libpcap's own
 * writer), flushed after every frame so tshark can follow it live.  The DLT
 * name is pcap's, with or without the DLT_ prefix, any case.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <sys/time.h>

#include "protocol/hv-module.h"

#include "nio-filter.h"

typedef struct
{
  WlNioFilter    base;
  pcap_t        *dead;
  pcap_dumper_t *dumper;
} Capture;

static int
dlt_from_name (const char *name)
{
  int dlt = pcap_datalink_name_to_val (name);

  if (dlt < 0 && g_ascii_strncasecmp (name, "DLT_", 4) == 0)
    dlt = pcap_datalink_name_to_val (name + 4);
  return dlt;
}

static void
capture_close (Capture *c)
{
  g_clear_pointer (&c->dumper, pcap_dump_close);
  g_clear_pointer (&c->dead, pcap_close);
}

static gboolean
capture_setup (WlNioFilter        *filter,
               WirelabHypervisor  *hv,
               guint               argc,
               char              **argv)
{
  Capture *c = (Capture *) filter;
  g_autofree char *path = NULL;
  pcap_t *dead;
  pcap_dumper_t *dumper;
  FILE *fp;
  int dlt;

  if (argc != 2 || (dlt = dlt_from_name (argv[0])) < 0)
    return FALSE;
  path = hv != NULL ? wl_hv_resolve_path (hv, argv[1]) : g_strdup (argv[1]);
  if (path == NULL)
    return FALSE;

  fp = fopen (path, "wbe");
  if (fp == NULL)
    {
      g_warning ("capture on NIO %s: %s: %s", filter->nio->name, path, g_strerror (errno));
      return FALSE;
    }
  dead = pcap_open_dead (dlt, 65535);
  dumper = dead != NULL ? pcap_dump_fopen (dead, fp) : NULL;
  if (dumper == NULL)
    {
      fclose (fp);
      if (dead != NULL)
        pcap_close (dead);
      return FALSE;
    }
  pcap_dump_flush (dumper);   /* the header alone is a valid, empty capture */

  capture_close (c);
  c->dead = dead;
  c->dumper = dumper;
  return TRUE;
}

static WlFilterVerdict
capture_process (WlNioFilter *filter,
                 WlNioDir     dir,
                 guint8      *frame,
                 gsize       *len)
{
  Capture *c = (Capture *) filter;
  struct pcap_pkthdr hdr;

  if (c->dumper == NULL)
    return WL_FILTER_PASS;
  gettimeofday (&hdr.ts, NULL);
  hdr.caplen = *len;
  hdr.len = *len;
  pcap_dump ((u_char *) c->dumper, &hdr, frame);
  pcap_dump_flush (c->dumper);
  return WL_FILTER_PASS;
}

static void
capture_destroy (WlNioFilter *filter)
{
  capture_close ((Capture *) filter);
}

const WlNioFilterClass wl_filter_capture = {
  .name = "capture",
  .size = sizeof (Capture),
  .setup = capture_setup,
  .process = capture_process,
  .destroy = capture_destroy,
};
