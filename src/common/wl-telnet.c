/* wl-telnet.c: the client side of a telnet console, without I/O
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-telnet"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab-telnet.h"

#define IAC  WIRELAB_TELNET_IAC
#define DONT WIRELAB_TELNET_DONT
#define DO   WIRELAB_TELNET_DO
#define WONT WIRELAB_TELNET_WONT
#define WILL WIRELAB_TELNET_WILL
#define SB   WIRELAB_TELNET_SB
#define SE   WIRELAB_TELNET_SE

#define TTYPE_IS   0
#define TTYPE_SEND 1

/* Longest subnegotiation kept; longer ones are read to their end and
 * ignored (nothing we answer needs more). */
#define SB_MAX 64

typedef enum
{
  STATE_DATA,
  STATE_IAC,
  STATE_OPTION,     /* after IAC WILL/WONT/DO/DONT */
  STATE_SB_OPTION,  /* after IAC SB */
  STATE_SB_DATA,
  STATE_SB_IAC,
} ParserState;

struct _WirelabTelnet
{
  GObject      parent_instance;

  ParserState  state;
  guint8       command;           /* the WILL/WONT/DO/DONT being read */
  guint8       sb_option;
  guint8       sb_data[SB_MAX];
  gsize        sb_length;
  gboolean     sb_overflow;
  gboolean     after_cr;          /* the last data byte received was CR */

  /* RFC 1143 option state: we only ever answer, never ask, so the
   * WANTNO/WANTYES states of the Q method never arise and each side of an
   * option is simply on or off. */
  guint8       us[256];           /* options we perform (our WILL) */
  guint8       him[256];          /* options the peer performs (its WILL) */

  char        *terminal_type;
  guint16      columns;
  guint16      rows;
  guint16      sent_columns;      /* NAWS last sent, 0 = never */
  guint16      sent_rows;
};

G_DEFINE_FINAL_TYPE (WirelabTelnet, wirelab_telnet, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ECHO,
  PROP_TERMINAL_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
put3 (GByteArray *out,
      guint8      a,
      guint8      b,
      guint8      c)
{
  const guint8 bytes[] = { a, b, c };

  g_byte_array_append (out, bytes, sizeof bytes);
}

/* A byte of a subnegotiation: IAC doubled. */
static void
put_sb_byte (GByteArray *out,
             guint8      byte)
{
  g_byte_array_append (out, &byte, 1);
  if (byte == IAC)
    g_byte_array_append (out, &byte, 1);
}

static void
send_naws (WirelabTelnet *self,
           GByteArray    *out)
{
  const guint8 start[] = { IAC, SB, WIRELAB_TELNET_OPT_NAWS };
  const guint8 end[] = { IAC, SE };

  if (out == NULL || self->columns == 0 || self->rows == 0)
    return;
  if (self->columns == self->sent_columns && self->rows == self->sent_rows)
    return;

  g_byte_array_append (out, start, sizeof start);
  put_sb_byte (out, self->columns >> 8);
  put_sb_byte (out, self->columns & 0xff);
  put_sb_byte (out, self->rows >> 8);
  put_sb_byte (out, self->rows & 0xff);
  g_byte_array_append (out, end, sizeof end);
  self->sent_columns = self->columns;
  self->sent_rows = self->rows;
}

static gboolean
peer_may_enable (guint8 option)
{
  return option == WIRELAB_TELNET_OPT_ECHO ||
         option == WIRELAB_TELNET_OPT_SGA ||
         option == WIRELAB_TELNET_OPT_BINARY;
}

static gboolean
we_may_enable (guint8 option)
{
  return option == WIRELAB_TELNET_OPT_BINARY ||
         option == WIRELAB_TELNET_OPT_SGA ||
         option == WIRELAB_TELNET_OPT_NAWS ||
         option == WIRELAB_TELNET_OPT_TTYPE;
}

static void
set_him (WirelabTelnet *self,
         guint8         option,
         gboolean       enabled)
{
  self->him[option] = enabled;
  if (option == WIRELAB_TELNET_OPT_ECHO)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ECHO]);
}

static void
negotiate (WirelabTelnet *self,
           guint8         command,
           guint8         option,
           GByteArray    *reply)
{
  switch (command)
    {
    case WILL:
      if (self->him[option])
        break;
      if (peer_may_enable (option))
        {
          set_him (self, option, TRUE);
          put3 (reply, IAC, DO, option);
        }
      else
        put3 (reply, IAC, DONT, option);
      break;

    case WONT:
      if (!self->him[option])
        break;
      set_him (self, option, FALSE);
      put3 (reply, IAC, DONT, option);
      break;

    case DO:
      if (self->us[option])
        break;
      if (we_may_enable (option))
        {
          self->us[option] = TRUE;
          put3 (reply, IAC, WILL, option);
          if (option == WIRELAB_TELNET_OPT_NAWS)
            {
              self->sent_columns = self->sent_rows = 0;
              send_naws (self, reply);
            }
        }
      else
        put3 (reply, IAC, WONT, option);
      break;

    case DONT:
      if (!self->us[option])
        break;
      self->us[option] = FALSE;
      put3 (reply, IAC, WONT, option);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
subnegotiation (WirelabTelnet *self,
                GByteArray    *reply)
{
  if (self->sb_overflow || self->sb_length == 0)
    return;

  if (self->sb_option == WIRELAB_TELNET_OPT_TTYPE &&
      self->sb_data[0] == TTYPE_SEND &&
      self->us[WIRELAB_TELNET_OPT_TTYPE])
    {
      const guint8 start[] = { IAC, SB, WIRELAB_TELNET_OPT_TTYPE, TTYPE_IS };
      const guint8 end[] = { IAC, SE };

      g_byte_array_append (reply, start, sizeof start);
      g_byte_array_append (reply, (const guint8 *) self->terminal_type,
                           strlen (self->terminal_type));
      g_byte_array_append (reply, end, sizeof end);
    }
}

/* A command byte after IAC (outside a subnegotiation). */
static void
iac_command (WirelabTelnet *self,
             guint8         byte,
             GByteArray    *text)
{
  switch (byte)
    {
    case IAC:
      g_byte_array_append (text, &byte, 1);
      self->after_cr = FALSE;
      self->state = STATE_DATA;
      break;

    case WILL:
    case WONT:
    case DO:
    case DONT:
      self->command = byte;
      self->state = STATE_OPTION;
      break;

    case SB:
      self->state = STATE_SB_OPTION;
      break;

    default:
      /* NOP, GA, DM, AYT, a stray SE …: nothing to show or answer. */
      self->state = STATE_DATA;
      break;
    }
}

void
wirelab_telnet_receive (WirelabTelnet *self,
                        const guint8  *data,
                        gsize          length,
                        GByteArray    *text,
                        GByteArray    *reply)
{
  g_return_if_fail (WIRELAB_IS_TELNET (self));
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (text != NULL);
  g_return_if_fail (reply != NULL);

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = data[i];

      switch (self->state)
        {
        case STATE_DATA:
          if (byte == IAC)
            {
              self->state = STATE_IAC;
              break;
            }
          /* NVT: CR NUL is a bare CR (not in BINARY, where NUL is data). */
          if (byte == 0 && self->after_cr && !self->him[WIRELAB_TELNET_OPT_BINARY])
            {
              self->after_cr = FALSE;
              break;
            }
          self->after_cr = byte == '\r';
          g_byte_array_append (text, &byte, 1);
          break;

        case STATE_IAC:
          iac_command (self, byte, text);
          break;

        case STATE_OPTION:
          negotiate (self, self->command, byte, reply);
          self->state = STATE_DATA;
          break;

        case STATE_SB_OPTION:
          self->sb_option = byte;
          self->sb_length = 0;
          self->sb_overflow = FALSE;
          self->state = STATE_SB_DATA;
          break;

        case STATE_SB_DATA:
          if (byte == IAC)
            self->state = STATE_SB_IAC;
          else if (self->sb_length < SB_MAX)
            self->sb_data[self->sb_length++] = byte;
          else
            self->sb_overflow = TRUE;
          break;

        case STATE_SB_IAC:
          if (byte == SE)
            {
              subnegotiation (self, reply);
              self->state = STATE_DATA;
            }
          else if (byte == IAC)
            {
              if (self->sb_length < SB_MAX)
                self->sb_data[self->sb_length++] = IAC;
              else
                self->sb_overflow = TRUE;
              self->state = STATE_SB_DATA;
            }
          else
            {
              /* A subnegotiation cut short by another command: drop it and
               * read the command. */
              iac_command (self, byte, text);
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
echo_bytes (GByteArray *echo,
            const char *bytes)
{
  g_byte_array_append (echo, (const guint8 *) bytes, strlen (bytes));
}

void
wirelab_telnet_send (WirelabTelnet *self,
                     const guint8  *data,
                     gsize          length,
                     GByteArray    *wire,
                     GByteArray    *echo)
{
  gboolean binary;

  g_return_if_fail (WIRELAB_IS_TELNET (self));
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (wire != NULL);

  binary = self->us[WIRELAB_TELNET_OPT_BINARY];
  if (self->him[WIRELAB_TELNET_OPT_ECHO])
    echo = NULL;

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = data[i];

      if (byte == IAC)
        {
          const guint8 iac_iac[] = { IAC, IAC };

          g_byte_array_append (wire, iac_iac, sizeof iac_iac);
          continue;
        }

      g_byte_array_append (wire, &byte, 1);

      if (byte == '\r')
        {
          gboolean lf_next = i + 1 < length && data[i + 1] == '\n';

          if (!binary && !lf_next)
            {
              const guint8 nul = 0;

              g_byte_array_append (wire, &nul, 1);
            }
          if (echo != NULL)
            echo_bytes (echo, "\r\n");
        }
      else if (byte == '\n')
        {
          if (echo != NULL && (i == 0 || data[i - 1] != '\r'))
            echo_bytes (echo, "\r\n");
        }
      else if (byte == 0x08 || byte == 0x7f)
        {
          if (echo != NULL)
            echo_bytes (echo, "\b \b");
        }
      else if (byte >= 0x20 && echo != NULL)
        g_byte_array_append (echo, &byte, 1);
    }
}

void
wirelab_telnet_set_window_size (WirelabTelnet *self,
                                guint16        columns,
                                guint16        rows,
                                GByteArray    *wire)
{
  g_return_if_fail (WIRELAB_IS_TELNET (self));

  self->columns = columns;
  self->rows = rows;
  if (self->us[WIRELAB_TELNET_OPT_NAWS])
    send_naws (self, wire);
}

void
wirelab_telnet_reset (WirelabTelnet *self)
{
  gboolean echoed;

  g_return_if_fail (WIRELAB_IS_TELNET (self));

  echoed = self->him[WIRELAB_TELNET_OPT_ECHO];
  self->state = STATE_DATA;
  self->sb_length = 0;
  self->sb_overflow = FALSE;
  self->after_cr = FALSE;
  memset (self->us, 0, sizeof self->us);
  memset (self->him, 0, sizeof self->him);
  self->sent_columns = self->sent_rows = 0;
  if (echoed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ECHO]);
}

void
wirelab_telnet_set_terminal_type (WirelabTelnet *self,
                                  const char    *terminal_type)
{
  gsize length;

  g_return_if_fail (WIRELAB_IS_TELNET (self));
  g_return_if_fail (terminal_type != NULL);

  length = strlen (terminal_type);
  g_return_if_fail (length > 0 && length <= 40);
  for (gsize i = 0; i < length; i++)
    g_return_if_fail (g_ascii_isgraph (terminal_type[i]));

  if (g_strcmp0 (self->terminal_type, terminal_type) == 0)
    return;
  g_free (self->terminal_type);
  self->terminal_type = g_strdup (terminal_type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMINAL_TYPE]);
}

gboolean
wirelab_telnet_get_remote_echo (WirelabTelnet *self)
{
  g_return_val_if_fail (WIRELAB_IS_TELNET (self), FALSE);

  return self->him[WIRELAB_TELNET_OPT_ECHO];
}

gboolean
wirelab_telnet_get_local_option (WirelabTelnet *self,
                                 guint8         option)
{
  g_return_val_if_fail (WIRELAB_IS_TELNET (self), FALSE);

  return self->us[option];
}

gboolean
wirelab_telnet_get_remote_option (WirelabTelnet *self,
                                  guint8         option)
{
  g_return_val_if_fail (WIRELAB_IS_TELNET (self), FALSE);

  return self->him[option];
}

WirelabTelnet *
wirelab_telnet_new (void)
{
  return g_object_new (WIRELAB_TYPE_TELNET, NULL);
}

static void
wirelab_telnet_finalize (GObject *object)
{
  WirelabTelnet *self = WIRELAB_TELNET (object);

  g_free (self->terminal_type);

  G_OBJECT_CLASS (wirelab_telnet_parent_class)->finalize (object);
}

static void
wirelab_telnet_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WirelabTelnet *self = WIRELAB_TELNET (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ECHO:
      g_value_set_boolean (value, wirelab_telnet_get_remote_echo (self));
      break;

    case PROP_TERMINAL_TYPE:
      g_value_set_string (value, self->terminal_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_telnet_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WirelabTelnet *self = WIRELAB_TELNET (object);

  switch (prop_id)
    {
    case PROP_TERMINAL_TYPE:
      wirelab_telnet_set_terminal_type (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_telnet_class_init (WirelabTelnetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wirelab_telnet_finalize;
  object_class->get_property = wirelab_telnet_get_property;
  object_class->set_property = wirelab_telnet_set_property;

  properties[PROP_REMOTE_ECHO] =
    g_param_spec_boolean ("remote-echo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TERMINAL_TYPE] =
    g_param_spec_string ("terminal-type", NULL, NULL, "XTERM-256COLOR",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_telnet_init (WirelabTelnet *self)
{
  self->terminal_type = g_strdup ("XTERM-256COLOR");
}
