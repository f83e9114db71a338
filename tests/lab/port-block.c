/* port-block.c: ports no other test process uses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "port-block.h"

/* Below Linux's default ephemeral range (32768-60999) and above the
 * defaults of Dynamips and Wirelab (consoles 2000/2100 + id, UDP 10000…). */
#define REGION_FIRST 12000u
#define REGION_END   32000u
#define BLOCK_SIZE   200u

static guint16 next_port;
static guint16 block_end;
static guint   blocks_taken;

static gboolean
bindable (int     type,
          guint16 port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port) };
  int one = 1;
  int fd = socket (AF_INET, type | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  /* A console port in TIME_WAIT is still usable by a listener. */
  if (type == SOCK_STREAM)
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ok = bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0;
  close (fd);
  return ok;
}

/* The first port of the kernel's ephemeral range. */
static guint
ephemeral_first (void)
{
  g_autofree char *text = NULL;
  guint first = 32768, last = 60999;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_local_port_range", &text, NULL, NULL))
    sscanf (text, "%u %u", &first, &last);
  return first;
}

static gboolean
take_block (void)
{
  guint end = MIN (REGION_END, ephemeral_first ());
  guint n = end > REGION_FIRST + BLOCK_SIZE ? (end - REGION_FIRST) / BLOCK_SIZE
                                            : (REGION_END - REGION_FIRST) / BLOCK_SIZE;
  guint start = (guint) getpid () + blocks_taken;

  for (guint i = 0; i < n; i++)
    {
      guint base = REGION_FIRST + ((start + i) % n) * BLOCK_SIZE;
      struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((guint16) base) };
      int lock = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      gboolean free_block = TRUE;

      /* The lock: the block's first port, bound without SO_REUSEADDR by
       * this process until it ends (however it ends). */
      if (lock < 0)
        return FALSE;
      if (bind (lock, (struct sockaddr *) &sa, sizeof sa) != 0)
        {
          close (lock);
          continue;
        }
      for (guint p = base + 1; p < base + BLOCK_SIZE && free_block; p++)
        free_block = bindable (SOCK_STREAM, p) && bindable (SOCK_DGRAM, p);
      if (!free_block)
        {
          close (lock);
          continue;
        }
      blocks_taken += i + 1;
      next_port = base + 1;
      block_end = base + BLOCK_SIZE;
      return TRUE;
    }
  return FALSE;
}

guint16
test_ports_take (guint count)
{
  guint16 port;

  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (count, <, BLOCK_SIZE);
  if ((guint) next_port + count > block_end && !take_block ())
    g_error ("no free block of %u ports between %u and %u", BLOCK_SIZE, REGION_FIRST, REGION_END);
  port = next_port;
  next_port += count;
  return port;
}
