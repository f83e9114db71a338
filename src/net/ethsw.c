/* ethsw.c: the Ethernet switch (spec section 9)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-ethsw"

#include "config.h"

#include <string.h>
#include <time.h>

#include "ethsw.h"
#include "nio-private.h"
#include "port-set.h"

#define ETH_HLEN        14
#define TAG_LEN         4
#define ETHERTYPE_DOT1Q 0x8100

/* The MAC table: open addressing on (MAC, VLAN), linear probing.  Entries
 * only leave by a rebuild (port removed, config changed, table full), so
 * probing never meets a hole. */
#define MAC_SLOTS       8192
#define MAC_MAX_ENTRIES (MAC_SLOTS * 3 / 4)
#define MAC_AGEING_S    300
#define NO_PORT         0xff

typedef struct
{
  guint64 key;          /* MAC << 12 | VLAN */
  guint32 seen;         /* coarse seconds */
  guint8  port;         /* NO_PORT: free slot */
} MacEntry;

typedef struct
{
  WlPort           base;         /* the NIO and its slot */
  WlEthsw         *sw;
  WlEthswPortType  type;
  guint            vlan;
  guint16          ethertype;
} Port;

struct _WlEthsw
{
  GMutex    lock;
  WlPortSet ports;
  MacEntry *table;
  guint     n_entries;
  guint8    scratch[WL_NIO_MAX_FRAME + TAG_LEN];
};

G_STATIC_ASSERT (WL_ETHSW_MAX_PORTS == WL_PORT_SET_MAX);

static inline Port *
port_at (WlEthsw *sw,
         guint    index)
{
  return (Port *) sw->ports.slot[index];
}

static guint32
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC_COARSE, &ts);
  return ts.tv_sec;
}

static inline guint64
mac_key (const guint8 *mac,
         guint         vlan)
{
  guint64 m = ((guint64) mac[0] << 40) | ((guint64) mac[1] << 32) | ((guint64) mac[2] << 24) |
              ((guint64) mac[3] << 16) | ((guint64) mac[4] << 8) | mac[5];

  return (m << 12) | (vlan & 0xfff);
}

static inline guint
mac_slot (guint64 key)
{
  return (key * 0x9e3779b97f4a7c15ULL) >> (64 - 13);   /* 2^13 = MAC_SLOTS */
}

static inline gboolean
entry_live (const MacEntry *e,
            guint32         now)
{
  return e->port != NO_PORT && now - e->seen <= MAC_AGEING_S;
}

/* Keeps the live entries, except those of `drop_port`. */
static void
mac_rebuild (WlEthsw *sw,
             guint8   drop_port)
{
  g_autofree MacEntry *old = g_memdup2 (sw->table, MAC_SLOTS * sizeof (MacEntry));
  guint32 now = now_seconds ();

  for (guint i = 0; i < MAC_SLOTS; i++)
    sw->table[i].port = NO_PORT;
  sw->n_entries = 0;
  for (guint i = 0; i < MAC_SLOTS; i++)
    {
      guint s;

      if (!entry_live (&old[i], now) || old[i].port == drop_port)
        continue;
      for (s = mac_slot (old[i].key); sw->table[s].port != NO_PORT; s = (s + 1) % MAC_SLOTS)
        ;
      sw->table[s] = old[i];
      sw->n_entries++;
    }
}

static void
mac_learn (WlEthsw      *sw,
           const guint8 *mac,
           guint         vlan,
           guint8        port,
           guint32       now)
{
  guint64 key = mac_key (mac, vlan);
  guint s;

  for (s = mac_slot (key); sw->table[s].port != NO_PORT; s = (s + 1) % MAC_SLOTS)
    if (sw->table[s].key == key)
      {
        sw->table[s].port = port;     /* a station moved, or just refreshed */
        sw->table[s].seen = now;
        return;
      }

  if (sw->n_entries >= MAC_MAX_ENTRIES)
    {
      /* Make room from aged entries; if none, this station stays unknown
       * (flooded), as on a real switch with a full table. */
      mac_rebuild (sw, NO_PORT);
      if (sw->n_entries >= MAC_MAX_ENTRIES)
        return;
      for (s = mac_slot (key); sw->table[s].port != NO_PORT; s = (s + 1) % MAC_SLOTS)
        ;
    }
  sw->table[s].key = key;
  sw->table[s].port = port;
  sw->table[s].seen = now;
  sw->n_entries++;
}

static gint
mac_lookup (WlEthsw      *sw,
            const guint8 *mac,
            guint         vlan,
            guint32       now)
{
  guint64 key = mac_key (mac, vlan);

  for (guint s = mac_slot (key); sw->table[s].port != NO_PORT; s = (s + 1) % MAC_SLOTS)
    if (sw->table[s].key == key)
      return entry_live (&sw->table[s], now) ? sw->table[s].port : -1;
  return -1;
}

/* Forwarding */

static inline guint16
get16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static inline gboolean
is_tag_type (guint16 type)
{
  /* 802.1Q, the old QinQ types, 802.1ad: all accepted as a tag. */
  return type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8;
}

static void
send_push (WlEthsw      *sw,
           Port         *op,
           const guint8 *frame,
           gsize         len,
           guint16       ethertype,
           guint         vlan)
{
  guint8 *out = sw->scratch;

  memcpy (out, frame, 12);
  out[12] = ethertype >> 8;
  out[13] = ethertype & 0xff;
  out[14] = (vlan >> 8) & 0x0f;
  out[15] = vlan & 0xff;
  memcpy (out + 16, frame + 12, len - 12);
  wl_nio_send (op->base.nio, out, len + TAG_LEN);
}

static void
send_pop (WlEthsw      *sw,
          Port         *op,
          const guint8 *frame,
          gsize         len)
{
  guint8 *out = sw->scratch;

  memcpy (out, frame, 12);
  memcpy (out + 12, frame + 16, len - 16);
  wl_nio_send (op->base.nio, out, len - TAG_LEN);
}

/* One output port, per the input port's kind (Dynamips' input vectors). */
static void
output (WlEthsw      *sw,
        Port         *in,
        gboolean      tagged,
        guint         vlan,
        Port         *op,
        const guint8 *frame,
        gsize         len)
{
  if (in->type == WL_ETHSW_PORT_QINQ)
    {
      if (op->type == WL_ETHSW_PORT_DOT1Q)
        send_push (sw, op, frame, len, in->ethertype, in->vlan);      /* into the provider trunk */
      else if (op->type == WL_ETHSW_PORT_QINQ && op->vlan == in->vlan)
        wl_nio_send (op->base.nio, frame, len);                       /* same customer */
      return;
    }

  if (!tagged)
    {
      /* Access input, or untagged input on a trunk (native VLAN). */
      if (op->type == WL_ETHSW_PORT_ACCESS)
        {
          if (op->vlan == vlan)
            wl_nio_send (op->base.nio, frame, len);
        }
      else if (op->type == WL_ETHSW_PORT_DOT1Q)
        {
          if (op->vlan == vlan)
            wl_nio_send (op->base.nio, frame, len);
          else
            send_push (sw, op, frame, len, ETHERTYPE_DOT1Q, vlan);
        }
      /* Towards a QinQ port untagged frames go nowhere (Dynamips). */
      return;
    }

  /* Tagged input on a trunk. */
  switch (op->type)
    {
    case WL_ETHSW_PORT_ACCESS:
      if (op->vlan == vlan)
        send_pop (sw, op, frame, len);
      break;
    case WL_ETHSW_PORT_DOT1Q:
      if (op->vlan == vlan)
        send_pop (sw, op, frame, len);
      else
        wl_nio_send (op->base.nio, frame, len);
      break;
    case WL_ETHSW_PORT_QINQ:
      if (op->vlan == vlan)
        send_pop (sw, op, frame, len);
      break;
    default:
      break;
    }
}

static void
flood (WlEthsw      *sw,
       Port         *in,
       gboolean      tagged,
       guint         vlan,
       const guint8 *frame,
       gsize         len)
{
  for (guint i = 0; i < WL_ETHSW_MAX_PORTS; i++)
    {
      Port *op = port_at (sw, i);

      if (op == NULL || op == in)
        continue;
      if (op->type == WL_ETHSW_PORT_ACCESS && op->vlan != vlan)
        continue;
      output (sw, in, tagged, vlan, op, frame, len);
    }
}

static void
ethsw_rx (wl_nio_t      *nio,
          const uint8_t *frame,
          size_t         len,
          void          *opaque)
{
  Port *in = opaque;
  WlEthsw *sw = in->sw;
  gboolean tagged = FALSE;
  guint vlan;
  guint32 now;
  gint dest;

  if (len < ETH_HLEN)
    return;   /* runt */

  g_mutex_lock (&sw->lock);
  switch (in->type)
    {
    case WL_ETHSW_PORT_ACCESS:
      /* Tags are not looked at: the frame stays in the access VLAN. */
      vlan = in->vlan;
      break;

    case WL_ETHSW_PORT_DOT1Q:
      tagged = is_tag_type (get16 (frame + 12));
      if (tagged && len < ETH_HLEN + TAG_LEN)
        goto out;
      vlan = tagged ? get16 (frame + 14) & 0xfff : in->vlan;
      break;

    case WL_ETHSW_PORT_QINQ:
      /* A customer port takes tagged frames only; lookups use the outer VLAN. */
      if (!is_tag_type (get16 (frame + 12)))
        goto out;
      vlan = in->vlan;
      break;

    default:
      goto out;
    }
  if (vlan == 0)
    goto out;

  now = now_seconds ();
  mac_learn (sw, frame + 6, vlan, in->base.index, now);

  if (frame[0] & 1)
    {
      flood (sw, in, tagged, vlan, frame, len);   /* broadcast, multicast */
      goto out;
    }
  dest = mac_lookup (sw, frame, vlan, now);
  if (dest < 0 || port_at (sw, dest) == NULL)
    flood (sw, in, tagged, vlan, frame, len);
  else if (port_at (sw, dest) != in)
    output (sw, in, tagged, vlan, port_at (sw, dest), frame, len);
  /* else: back where it came from: dropped */

out:
  g_mutex_unlock (&sw->lock);
}

/* Configuration */

WlEthsw *
wl_ethsw_new (void)
{
  WlEthsw *sw = g_new0 (WlEthsw, 1);

  g_mutex_init (&sw->lock);
  sw->table = g_new (MacEntry, MAC_SLOTS);
  for (guint i = 0; i < MAC_SLOTS; i++)
    sw->table[i].port = NO_PORT;
  return sw;
}

static Port *
find_port (WlEthsw  *sw,
           wl_nio_t *nio)
{
  return (Port *) wl_port_set_find (&sw->ports, nio);
}

gboolean
wl_ethsw_add_port (WlEthsw  *sw,
                   wl_nio_t *nio)
{
  Port *port;

  g_return_val_if_fail (sw != NULL && nio != NULL, FALSE);

  port = g_new0 (Port, 1);
  port->sw = sw;
  port->type = WL_ETHSW_PORT_ACCESS;   /* add_nio: access port in VLAN 1 */
  port->vlan = 1;
  port->ethertype = ETHERTYPE_DOT1Q;
  if (!wl_port_set_add (&sw->ports, &sw->lock, &port->base, nio, ethsw_rx))
    {
      g_free (port);
      return FALSE;
    }
  return TRUE;
}

static void
drop_port (WlEthsw *sw,
           Port    *port)
{
  g_mutex_lock (&sw->lock);
  wl_port_set_take (&sw->ports, &port->base);
  mac_rebuild (sw, port->base.index);
  g_mutex_unlock (&sw->lock);
  wl_port_free (&port->base);
}

gboolean
wl_ethsw_remove_port (WlEthsw  *sw,
                      wl_nio_t *nio)
{
  Port *port;

  g_return_val_if_fail (sw != NULL && nio != NULL, FALSE);

  g_mutex_lock (&sw->lock);
  port = find_port (sw, nio);
  g_mutex_unlock (&sw->lock);
  if (port == NULL)
    return FALSE;
  drop_port (sw, port);
  return TRUE;
}

gboolean
wl_ethsw_set_port (WlEthsw         *sw,
                   wl_nio_t        *nio,
                   WlEthswPortType  type,
                   guint            vlan,
                   guint16          ethertype)
{
  Port *port;

  g_return_val_if_fail (sw != NULL && nio != NULL, FALSE);

  g_mutex_lock (&sw->lock);
  port = find_port (sw, nio);
  if (port != NULL)
    {
      port->type = type;
      port->vlan = vlan & 0xfff;
      port->ethertype = ethertype;
      /* What was learned there belongs to the old VLANs. */
      mac_rebuild (sw, port->base.index);
    }
  g_mutex_unlock (&sw->lock);
  return port != NULL;
}

void
wl_ethsw_clear_mac_table (WlEthsw *sw)
{
  g_return_if_fail (sw != NULL);

  g_mutex_lock (&sw->lock);
  for (guint i = 0; i < MAC_SLOTS; i++)
    sw->table[i].port = NO_PORT;
  sw->n_entries = 0;
  g_mutex_unlock (&sw->lock);
}

/* The key is MAC << 12 | VLAN: its order is MAC, then VLAN. */
static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  guint64 ka = ((const MacEntry *) a)->key;
  guint64 kb = ((const MacEntry *) b)->key;

  return (ka > kb) - (ka < kb);
}

static void
nio_unref0 (gpointer nio)
{
  if (nio != NULL)
    wl_nio_unref (nio);
}

void
wl_ethsw_foreach_mac (WlEthsw        *sw,
                      WlEthswMacFunc  func,
                      gpointer        user_data)
{
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (MacEntry));
  g_autoptr(GPtrArray) nios = g_ptr_array_new_with_free_func (nio_unref0);
  guint32 now = now_seconds ();

  g_return_if_fail (sw != NULL);

  /* Copy under the lock, report without it. */
  g_mutex_lock (&sw->lock);
  for (guint i = 0; i < MAC_SLOTS; i++)
    if (entry_live (&sw->table[i], now) && port_at (sw, sw->table[i].port) != NULL)
      g_array_append_val (live, sw->table[i]);
  for (guint i = 0; i < WL_ETHSW_MAX_PORTS; i++)
    g_ptr_array_add (nios, port_at (sw, i) != NULL ? wl_nio_ref (port_at (sw, i)->base.nio) : NULL);
  g_mutex_unlock (&sw->lock);

  g_array_sort (live, compare_entries);
  for (guint i = 0; i < live->len; i++)
    {
      const MacEntry *e = &g_array_index (live, MacEntry, i);
      guint64 m = e->key >> 12;
      guint8 mac[6] = { m >> 40, m >> 32, m >> 24, m >> 16, m >> 8, m };

      func (mac, e->key & 0xfff, g_ptr_array_index (nios, e->port), user_data);
    }
}

void
wl_ethsw_foreach_port (WlEthsw         *sw,
                       WlEthswPortFunc  func,
                       gpointer         user_data)
{
  g_return_if_fail (sw != NULL);

  /* Only the control thread changes ports, and it is the caller. */
  for (guint i = 0; i < WL_ETHSW_MAX_PORTS; i++)
    {
      Port *port = port_at (sw, i);

      if (port != NULL)
        func (port->base.nio, port->type, port->vlan, port->ethertype, user_data);
    }
}

void
wl_ethsw_free (WlEthsw *sw)
{
  if (sw == NULL)
    return;
  for (guint i = 0; i < WL_ETHSW_MAX_PORTS; i++)
    if (port_at (sw, i) != NULL)
      drop_port (sw, port_at (sw, i));
  g_free (sw->table);
  g_mutex_clear (&sw->lock);
  g_free (sw);
}
