/* hal-host.c: the HAL on the host, for the unit tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../fw.h"
#include "hal-host.h"

#define NICS      8
#define RXQ       4096
#define TXRING    256

typedef struct
{
  uint8_t  *data;
  uint16_t  len;
} Frame;

typedef struct
{
  Frame    q[RXQ];
  unsigned head, tail;
  bool     link;
  bool     link_event;
  bool     open;
  FwPkt   *tx[TXRING];
  unsigned tx_n;
  uint32_t tx_count;
  HalNicStats stats;
} Nic;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fw_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t test_cond = PTHREAD_COND_INITIALIZER;
static pthread_t fw_thread;

static uint64_t now_ms, target_ms;
static bool fw_idle, fw_blocked_forever;
static bool free_run;
static int power_state;

static char *con_in;
static size_t con_in_len, con_in_pos, con_in_cap;
static char *con_out;
static size_t con_out_len, con_out_cap;

static Nic nics[NICS];
static uint8_t nvram[512 * 1024];
static size_t nvram_size = 128 * 1024;
static FwHostBoard board_cfg;
static bool board_set;
static FwHostTxHook tx_hook;
static void *tx_hook_data;
static uint32_t rnd = 0x12345678u;

static uint8_t heap[64u << 20];

/* --- HAL ----------------------------------------------------------- */

void
hal_init (HalBoard *b)
{
  static const char *const default_names[] = { "FastEthernet0/0", "FastEthernet0/1", NULL };
  const char *const *names = board_set ? board_cfg.names : default_names;

  memset (b, 0, sizeof *b);
  b->ram_mb = 256;
  b->nvram_kb = (uint32_t) (nvram_size / 1024);
  b->count_hz = 100000000;
  b->instance_id = 1;
  b->confreg = 0x2102;
  fw_strlcpy (b->platform, board_set && board_cfg.platform ? board_cfg.platform : "c7200",
              sizeof b->platform);
  fw_strlcpy (b->model, board_set && board_cfg.model ? board_cfg.model : "7206VXR",
              sizeof b->model);
  fw_strlcpy (b->vm_name, "R1", sizeof b->vm_name);
  fw_strlcpy (b->npe, "NPE-400", sizeof b->npe);
  b->mac[0] = 0xca;
  b->mac[1] = 0x01;
  for (uint32_t i = 0; names[i] && i < NICS; i++)
    {
      HalIface *f = &b->ifaces[i];
      const char *slash = strchr (names[i], '/');

      fw_strlcpy (f->name, names[i], sizeof f->name);
      memcpy (f->mac, b->mac, 6);
      f->mac[5] = (uint8_t) i;
      f->nic = i;
      f->slot = slash ? (uint8_t) (slash[-1] - '0') : 0;
      f->port = slash ? (uint8_t) atoi (slash + 1) : 0;
      f->speed = strncmp (names[i], "Gigabit", 7) == 0 ? 1000 : strncmp (names[i], "Fast", 4) == 0 ? 100 : 10;
      fw_strlcpy (f->adapter, "C7200-IO-FE", sizeof f->adapter);
      b->n_ifaces++;
    }
}

void
hal_heap_region (void  **base,
                 size_t *size)
{
  *base = heap;
  *size = sizeof heap;
}

int
hal_con_getc (void)
{
  int c = -1;

  pthread_mutex_lock (&lock);
  if (con_in_pos < con_in_len)
    c = (unsigned char) con_in[con_in_pos++];
  if (con_in_pos == con_in_len)
    con_in_pos = con_in_len = 0;   /* all read: reuse the buffer */
  pthread_mutex_unlock (&lock);
  return c;
}

void
hal_con_write (const char *buf,
               size_t      len)
{
  pthread_mutex_lock (&lock);
  if (free_run)
    {
      /* nobody reads it */
      pthread_mutex_unlock (&lock);
      return;
    }
  if (con_out_len + len + 1 > con_out_cap)
    {
      con_out_cap = (con_out_len + len + 1) * 2;
      con_out = realloc (con_out, con_out_cap);
    }
  memcpy (con_out + con_out_len, buf, len);
  con_out_len += len;
  con_out[con_out_len] = '\0';
  pthread_mutex_unlock (&lock);
}

uint64_t
hal_now_ms (void)
{
  uint64_t t;

  pthread_mutex_lock (&lock);
  t = now_ms;
  pthread_mutex_unlock (&lock);
  return t;
}

uint32_t
hal_wall_seconds (void)
{
  return board_set && board_cfg.wall_seconds ? board_cfg.wall_seconds : 1709251200u;
}

uint32_t
hal_random (void)
{
  rnd ^= rnd << 13;
  rnd ^= rnd >> 17;
  rnd ^= rnd << 5;
  return rnd;
}

static bool
input_pending_locked (void)
{
  if (con_in_pos < con_in_len)
    return true;
  for (int i = 0; i < NICS; i++)
    if (nics[i].head != nics[i].tail || nics[i].link_event)
      return true;
  return false;
}

void
hal_idle (uint64_t deadline)
{
  pthread_mutex_lock (&lock);
  if (free_run)
    {
      if (deadline != (uint64_t) -1 && deadline > now_ms)
        now_ms = deadline;
      pthread_mutex_unlock (&lock);
      return;
    }
  for (;;)
    {
      if (input_pending_locked ())
        break;
      if (deadline <= target_ms)
        {
          if (deadline > now_ms)
            now_ms = deadline;
          break;
        }
      if (target_ms > now_ms)
        now_ms = target_ms;
      fw_idle = true;
      pthread_cond_broadcast (&test_cond);
      pthread_cond_wait (&fw_cond, &lock);
      fw_idle = false;
    }
  pthread_mutex_unlock (&lock);
}

size_t
hal_nvram_size (void)
{
  return nvram_size;
}

void
hal_nvram_read (size_t  offset,
                void   *buf,
                size_t  len)
{
  if (offset > nvram_size || len > nvram_size - offset)
    {
      memset (buf, 0, len);
      return;
    }
  pthread_mutex_lock (&lock);
  memcpy (buf, nvram + offset, len);
  pthread_mutex_unlock (&lock);
}

void
hal_nvram_write (size_t      offset,
                 const void *buf,
                 size_t      len)
{
  if (offset > nvram_size || len > nvram_size - offset)
    return;
  pthread_mutex_lock (&lock);
  memcpy (nvram + offset, buf, len);
  pthread_mutex_unlock (&lock);
}

void
hal_nvram_flush (void)
{
}

void
hal_power (int what)
{
  pthread_mutex_lock (&lock);
  power_state = what;
  if (free_run)
    {
      pthread_mutex_unlock (&lock);
      return;
    }
  fw_blocked_forever = true;
  fw_idle = true;
  pthread_cond_broadcast (&test_cond);
  for (;;)
    pthread_cond_wait (&fw_cond, &lock);
}

bool
hal_nic_open (uint32_t nic)
{
  if (nic >= NICS)
    return false;
  nics[nic].open = true;
  return true;
}

bool
hal_nic_link (uint32_t nic)
{
  bool up;

  pthread_mutex_lock (&lock);
  up = nic < NICS && nics[nic].link;
  pthread_mutex_unlock (&lock);
  return up;
}

uint64_t
hal_nic_pending (void)
{
  uint64_t m = 0;

  pthread_mutex_lock (&lock);
  for (int i = 0; i < NICS; i++)
    if (nics[i].head != nics[i].tail || nics[i].link_event)
      m |= 1ull << i;
  pthread_mutex_unlock (&lock);
  return m;
}

uint32_t
hal_nic_ack (uint32_t nic)
{
  uint32_t ev = 0;

  pthread_mutex_lock (&lock);
  if (nics[nic].head != nics[nic].tail)
    ev |= HAL_NIC_EV_RX;
  if (nics[nic].link_event)
    ev |= HAL_NIC_EV_LINK;
  nics[nic].link_event = false;
  pthread_mutex_unlock (&lock);
  return ev;
}

int
hal_nic_rx_burst (uint32_t  nic,
                  FwPkt   **pkts,
                  int       max)
{
  int n = 0;

  while (n < max)
    {
      Frame fr;
      FwPkt *p;

      pthread_mutex_lock (&lock);
      if (nics[nic].head == nics[nic].tail)
        {
          pthread_mutex_unlock (&lock);
          break;
        }
      fr = nics[nic].q[nics[nic].head++ % RXQ];
      pthread_mutex_unlock (&lock);
      p = fw_pkt_alloc ();
      if (p == NULL || fr.len > FW_PKT_DATA_MAX)
        {
          nics[nic].stats.rx_drops++;
          fw_pkt_free (p);
          free (fr.data);
          continue;
        }
      memcpy (p->data, fr.data, fr.len);
      p->len = fr.len;
      free (fr.data);
      nics[nic].stats.rx_frames++;
      nics[nic].stats.rx_bytes += p->len;
      pkts[n++] = p;
    }
  return n;
}

bool
hal_nic_tx (uint32_t  nic,
            FwPkt    *p)
{
  Nic *n = &nics[nic];

  if (n->tx_n == TXRING)
    {
      n->stats.tx_drops++;
      fw_pkt_free (p);
      return false;
    }
  n->tx[n->tx_n++] = p;
  return true;
}

void
hal_nic_tx_flush (uint32_t nic)
{
  Nic *n = &nics[nic];

  for (unsigned i = 0; i < n->tx_n; i++)
    {
      FwPkt *p = n->tx[i];
      bool link;

      pthread_mutex_lock (&lock);
      link = n->link;
      pthread_mutex_unlock (&lock);
      if (link)
        {
          n->tx_count++;
          n->stats.tx_frames++;
          n->stats.tx_bytes += p->len;
          if (tx_hook)
            tx_hook (nic, p->data, p->len, tx_hook_data);
        }
      else
        n->stats.tx_drops++;
      fw_pkt_free (p);
    }
  n->tx_n = 0;
}

void
hal_nic_stats (uint32_t     nic,
               HalNicStats *stats)
{
  *stats = nics[nic].stats;
}

/* --- the test side ------------------------------------------------- */

void
fw_host_setup (const FwHostBoard *b)
{
  if (b)
    {
      board_cfg = *b;
      board_set = true;
      if (b->nvram_kb)
        nvram_size = FW_MIN ((size_t) b->nvram_kb * 1024, sizeof nvram);
    }
  for (int i = 0; i < NICS; i++)
    nics[i].link = true;
}

void
fw_host_nvram_load (const uint8_t *data,
                    size_t         len)
{
  pthread_mutex_lock (&lock);
  memset (nvram, 0, sizeof nvram);
  memcpy (nvram, data, FW_MIN (len, nvram_size));
  pthread_mutex_unlock (&lock);
}

size_t
fw_host_nvram_copy (uint8_t *buf,
                    size_t   size)
{
  size_t n = FW_MIN (size, nvram_size);

  pthread_mutex_lock (&lock);
  memcpy (buf, nvram, n);
  pthread_mutex_unlock (&lock);
  return n;
}

void
fw_host_set_tx_hook (FwHostTxHook hook,
                     void        *data)
{
  tx_hook = hook;
  tx_hook_data = data;
}

static void *
fw_main_thread (void *data)
{
  fw_boot ();
  fw_run ();
  return NULL;
}

static void
wait_idle_locked (void)
{
  while (!(fw_idle && (fw_blocked_forever || (now_ms >= target_ms && !input_pending_locked ()))))
    pthread_cond_wait (&test_cond, &lock);
}

void
fw_host_start (void)
{
  static bool default_links;

  if (!board_set && !default_links)
    for (int i = 0; i < NICS; i++)
      nics[i].link = true;
  default_links = true;
  pthread_mutex_lock (&lock);
  target_ms = now_ms;
  pthread_mutex_unlock (&lock);
  pthread_create (&fw_thread, NULL, fw_main_thread, NULL);
  pthread_detach (fw_thread);
  pthread_mutex_lock (&lock);
  wait_idle_locked ();
  pthread_mutex_unlock (&lock);
}

void
fw_host_boot_inline (void)
{
  free_run = true;
  for (int i = 0; i < NICS; i++)
    nics[i].link = true;
  fw_boot ();
}

void
fw_host_advance (uint64_t ms)
{
  pthread_mutex_lock (&lock);
  now_ms += ms;
  pthread_mutex_unlock (&lock);
}

void
fw_host_run (uint64_t ms)
{
  pthread_mutex_lock (&lock);
  target_ms = now_ms + ms;
  pthread_cond_broadcast (&fw_cond);
  wait_idle_locked ();
  pthread_mutex_unlock (&lock);
}

uint64_t
fw_host_now (void)
{
  return hal_now_ms ();
}

bool
fw_host_run_until (const char *needle,
                   uint64_t    max_ms)
{
  for (uint64_t t = 0;; t += 100)
    {
      bool found;

      pthread_mutex_lock (&lock);
      found = con_out && strstr (con_out, needle) != NULL;
      pthread_mutex_unlock (&lock);
      if (found)
        return true;
      if (t >= max_ms || fw_blocked_forever)
        return false;
      fw_host_run (100);
    }
}

void
fw_host_type_bytes (const char *bytes,
                    size_t      len)
{
  pthread_mutex_lock (&lock);
  if (con_in_len + len > con_in_cap)
    {
      con_in_cap = (con_in_len + len) * 2 + 64;
      con_in = realloc (con_in, con_in_cap);
    }
  memcpy (con_in + con_in_len, bytes, len);
  con_in_len += len;
  pthread_cond_broadcast (&fw_cond);
  pthread_mutex_unlock (&lock);
}

void
fw_host_type (const char *text)
{
  fw_host_type_bytes (text, strlen (text));
}

char *
fw_host_output_take (void)
{
  char *s;

  pthread_mutex_lock (&lock);
  s = strdup (con_out ? con_out : "");
  con_out_len = 0;
  if (con_out)
    con_out[0] = '\0';
  pthread_mutex_unlock (&lock);
  return s;
}

void
fw_host_output_clear (void)
{
  free (fw_host_output_take ());
}

const char *
fw_host_output_peek (void)
{
  return con_out ? con_out : "";
}

void
fw_host_inject (uint32_t    nic,
                const void *frame,
                size_t      len)
{
  Frame fr;

  if (nic >= NICS || len > 65535)
    return;
  fr.data = malloc (len ? len : 1);
  memcpy (fr.data, frame, len);
  fr.len = (uint16_t) len;
  pthread_mutex_lock (&lock);
  if (nics[nic].tail - nics[nic].head < RXQ && nics[nic].link)
    nics[nic].q[nics[nic].tail++ % RXQ] = fr;
  else
    free (fr.data);
  pthread_cond_broadcast (&fw_cond);
  pthread_mutex_unlock (&lock);
}

void
fw_host_set_link (uint32_t nic,
                  bool     up)
{
  pthread_mutex_lock (&lock);
  if (nics[nic].link != up)
    {
      nics[nic].link = up;
      nics[nic].link_event = true;
    }
  pthread_cond_broadcast (&fw_cond);
  pthread_mutex_unlock (&lock);
}

uint32_t
fw_host_tx_count (uint32_t nic)
{
  return nics[nic].tx_count;
}

int
fw_host_power_state (void)
{
  return power_state;
}
