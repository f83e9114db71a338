/* fw-cli-parse.c: the command grammar, the parse trees and the matcher
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each mode has a tree of nodes; a command's grammar string is merged into
 * the trees of its modes.  A line is matched token by token: an exact
 * keyword wins, then a complete typed value, then a unique keyword prefix,
 * then a free word.  '?' and Tab walk the same trees.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-cli-private.h"
#include "fw-if.h"
#include "fw-net.h"

#define NF_GLUE   0x01      /* interface type: the number may follow without a space */
#define NF_NO     0x02
#define NF_DO     0x04
#define NF_HIDDEN 0x08

typedef struct CliNode CliNode;

typedef struct
{
  CliNode **v;
  int       n, cap;
} CliKids;

struct CliNode
{
  uint8_t     type;
  uint8_t     flags;
  int8_t      iftype;
  uint8_t     ifcreate;
  const char *word;
  const char *help;
  uint32_t    lo, hi;
  CliKids    *kids;
  CliFn       fn;
};

static CliNode roots[CLI_MODE_COUNT];

enum
{
  LV_NONE,
  LV_TPART,       /* a typed value, incomplete: only for '?' */
  LV_WORD,
  LV_KWPART,
  LV_TYPED,
  LV_KWEXACT,
};

/* --- building -------------------------------------------------------- */

static void
kids_add (CliNode *parent,
          CliNode *child)
{
  CliKids *k;

  if (parent->kids == NULL)
    parent->kids = fw_calloc (1, sizeof (CliKids));
  k = parent->kids;
  if (k->n == k->cap)
    {
      k->cap = k->cap ? k->cap * 2 : 4;
      k->v = fw_realloc (k->v, (size_t) k->cap * sizeof (CliNode *));
    }
  k->v[k->n++] = child;
}

static CliNode *
find_or_add (CliNode    *parent,
             uint8_t     type,
             const char *word,
             size_t      wlen,
             const char *help,
             unsigned    flags,
             bool       *created)
{
  CliNode *n;

  if (parent->kids)
    for (int i = 0; i < parent->kids->n; i++)
      {
        n = parent->kids->v[i];
        if (n->type == type && strlen (n->word) == wlen
            && fw_strncasecmp (n->word, word, wlen) == 0)
          {
            if ((n->flags & NF_HIDDEN) && !(flags & NF_HIDDEN))
              n->flags &= ~NF_HIDDEN;
            if ((n->help == NULL || !*n->help) && help && *help)
              n->help = fw_strdup (help);
            *created = false;
            return n;
          }
      }
  n = fw_calloc (1, sizeof (CliNode));
  n->type = type;
  n->word = fw_strndup (word, wlen);
  n->help = fw_strdup (help ? help : "");
  n->flags = (uint8_t) flags;
  n->iftype = -1;
  kids_add (parent, n);
  *created = true;
  return n;
}

#define FRONT_MAX 48

typedef struct
{
  CliNode *v[FRONT_MAX];
  int      n;
} Front;

static void
front_add (Front   *f,
           CliNode *n)
{
  for (int i = 0; i < f->n; i++)
    if (f->v[i] == n)
      return;
  if (f->n < FRONT_MAX)
    f->v[f->n++] = n;
}

typedef struct
{
  const char *p;
  const char *help;
  unsigned    flags;
  char        piece[128];
} Dsl;

static const char *
next_help (Dsl *d)
{
  size_t n = 0;

  if (d->help == NULL)
    return "";
  while (d->help[n] && d->help[n] != '\n')
    n++;
  if (n >= sizeof d->piece)
    n = sizeof d->piece - 1;
  memcpy (d->piece, d->help, n);
  d->piece[n] = '\0';
  d->help += n;
  if (*d->help == '\n')
    d->help++;
  else
    d->help = NULL;
  return d->piece;
}

static void
skip_spaces (Dsl *d)
{
  while (*d->p == ' ')
    d->p++;
}

static void
ifnum_range (int type, char *buf, size_t size)
{
  int lo = 255, hi = -1;

  if (!fw_if_types[type].physical)
    {
      fw_strlcpy (buf, "<0-2147483647>", size);
      return;
    }
  for (uint32_t i = 0; i < fw_board.n_ifaces; i++)
    {
      int t;
      const char *num;

      if (fw_if_split_name (fw_board.ifaces[i].name, &t, &num) && t == type)
        {
          lo = FW_MIN (lo, fw_board.ifaces[i].slot);
          hi = FW_MAX (hi, fw_board.ifaces[i].slot);
        }
    }
  if (hi < 0)
    lo = hi = 0;
  fw_snprintf (buf, size, "<%d-%d>", lo, hi);
}

static void
add_token (Dsl         *d,
           Front       *cur,
           Front       *out,
           const char  *w,
           size_t       wlen)
{
  const char *help = next_help (d);
  bool created;

  out->n = 0;
  if ((wlen == 6 && memcmp (w, "IFNAME", 6) == 0) || (wlen == 8 && memcmp (w, "IFCREATE", 8) == 0))
    {
      bool create = wlen == 8;

      for (int i = 0; i < cur->n; i++)
        for (int t = 0; t < fw_if_n_types; t++)
          {
            CliNode *kw, *num;
            char range[24], nhelp[64];

            kw = find_or_add (cur->v[i], CLI_KW, fw_if_types[t].name, strlen (fw_if_types[t].name),
                              fw_if_types[t].help, d->flags | NF_GLUE, &created);
            kw->flags |= NF_GLUE;
            kw->iftype = (int8_t) t;
            ifnum_range (t, range, sizeof range);
            fw_snprintf (nhelp, sizeof nhelp, "%s interface number", fw_if_types[t].name);
            num = find_or_add (kw, CLI_IFNUM, range, strlen (range), nhelp, d->flags, &created);
            num->iftype = (int8_t) t;
            if (create)
              num->ifcreate = 1;
            front_add (out, num);
          }
      return;
    }

  for (int i = 0; i < cur->n; i++)
    {
      CliNode *n;
      uint8_t type = CLI_KW;
      uint32_t lo = 0, hi = 0;

      if (wlen == 7 && memcmp (w, "A.B.C.D", 7) == 0)
        type = CLI_IP;
      else if (wlen == 5 && memcmp (w, "H.H.H", 5) == 0)
        type = CLI_MAC;
      else if (wlen == 4 && memcmp (w, "WORD", 4) == 0)
        type = CLI_WORD;
      else if (wlen == 4 && memcmp (w, "LINE", 4) == 0)
        type = CLI_LINE;
      else if (w[0] == '<')
        {
          const char *dash = w + 1;

          type = CLI_NUM;
          while (dash < w + wlen && *dash != '-')
            dash++;
          fw_parse_u32 (w + 1, (size_t) (dash - w - 1), 10, &lo);
          fw_parse_u32 (dash + 1, (size_t) (w + wlen - dash - 2), 10, &hi);
        }
      n = find_or_add (cur->v[i], type, w, wlen, help, d->flags, &created);
      n->lo = lo;
      n->hi = hi;
      if (cur->v[i]->type == CLI_ROOT && type == CLI_KW && wlen == 2 && memcmp (w, "no", 2) == 0)
        n->flags |= NF_NO;
      front_add (out, n);
    }
}

static void
install_seq (Dsl         *d,
             const Front *in,
             Front       *out)
{
  Front cur = *in;

  for (;;)
    {
      char c;

      skip_spaces (d);
      c = *d->p;
      if (c == '\0' || c == ']' || c == '}' || c == '|' || c == ')')
        break;
      if (c == '[')
        {
          Front f2;

          d->p++;
          install_seq (d, &cur, &f2);
          if (*d->p == ']')
            d->p++;
          for (int i = 0; i < f2.n; i++)
            front_add (&cur, f2.v[i]);
        }
      else if (c == '{')
        {
          Front acc = { .n = 0 };

          d->p++;
          for (;;)
            {
              Front f2;

              install_seq (d, &cur, &f2);
              for (int i = 0; i < f2.n; i++)
                front_add (&acc, f2.v[i]);
              if (*d->p == '|')
                {
                  d->p++;
                  continue;
                }
              if (*d->p == '}')
                d->p++;
              break;
            }
          cur = acc;
        }
      else if (c == '(')
        {
          /* Options in any order: every option's end continues with the
           * options again (they share the kids of the node before). */
          Front acc = cur;
          CliNode *f = cur.v[0];

          d->p++;
          if (f->kids == NULL)
            f->kids = fw_calloc (1, sizeof (CliKids));
          for (;;)
            {
              Front single = { .v = { f }, .n = 1 }, f2;

              install_seq (d, &single, &f2);
              for (int i = 0; i < f2.n; i++)
                if (f2.v[i] != f)
                  {
                    f2.v[i]->kids = f->kids;
                    front_add (&acc, f2.v[i]);
                  }
              if (*d->p == '|')
                {
                  d->p++;
                  continue;
                }
              if (*d->p == ')')
                d->p++;
              if (*d->p == '*')
                d->p++;
              break;
            }
          cur = acc;
        }
      else
        {
          const char *w = d->p;
          Front nf;

          while (*d->p && *d->p != ' ' && *d->p != ']' && *d->p != '}' && *d->p != '|'
                 && *d->p != ')')
            d->p++;
          add_token (d, &cur, &nf, w, (size_t) (d->p - w));
          cur = nf;
        }
    }
  *out = cur;
}

void
cli_install (unsigned    modes,
             const char *grammar,
             const char *help,
             CliFn       fn)
{
  for (int m = 0; m < CLI_MODE_COUNT; m++)
    if (modes & (1u << m))
      {
        Dsl d = { .p = grammar, .help = help, .flags = (modes & CLI_HIDDEN) ? NF_HIDDEN : 0 };
        Front in = { .v = { &roots[m] }, .n = 1 }, out;

        install_seq (&d, &in, &out);
        for (int i = 0; i < out.n; i++)
          if (out.v[i] != &roots[m])
            out.v[i]->fn = fn;
      }
}

/* "do" in every configuration mode reaches the privileged EXEC commands. */
void
cli_parse_init_do (void)
{
  for (int m = CLI_MODE_CONFIG; m < CLI_MODE_COUNT; m++)
    {
      bool created;
      CliNode *n = find_or_add (&roots[m], CLI_KW, "do", 2, "To run exec commands in config mode",
                                0, &created);

      n->flags |= NF_DO;
      if (roots[CLI_MODE_PRIV].kids == NULL)
        roots[CLI_MODE_PRIV].kids = fw_calloc (1, sizeof (CliKids));
      n->kids = roots[CLI_MODE_PRIV].kids;
    }
  for (int m = 0; m < CLI_MODE_COUNT; m++)
    roots[m].type = CLI_ROOT;
}

/* --- matching -------------------------------------------------------- */

typedef struct
{
  int start, len;
} Tok;

#define MAX_TOKS 64

static int
tokenize (const char *line,
          Tok        *t,
          int         max)
{
  int n = 0, i = 0;

  while (line[i])
    {
      while (line[i] == ' ' || line[i] == '\t')
        i++;
      if (!line[i])
        break;
      if (n == max)
        return -1;
      t[n].start = i;
      while (line[i] && line[i] != ' ' && line[i] != '\t')
        i++;
      t[n].len = i - t[n].start;
      n++;
    }
  return n;
}

static bool
parse_ip_partial (const char *s,
                  int         len,
                  uint32_t   *val,
                  bool       *complete)
{
  int groups = 0, digits = 0;
  uint32_t g = 0, v = 0;

  for (int i = 0; i < len; i++)
    {
      char c = s[i];

      if (fw_isdigit (c))
        {
          g = g * 10 + (uint32_t) (c - '0');
          if (++digits > 3 || g > 255)
            return false;
        }
      else if (c == '.')
        {
          if (digits == 0 || groups == 3)
            return false;
          v = (v << 8) | g;
          groups++;
          digits = 0;
          g = 0;
        }
      else
        return false;
    }
  *complete = groups == 3 && digits > 0;
  *val = *complete ? (v << 8) | g : 0;
  return len > 0;
}

static bool
parse_mac_partial (const char *s,
                   int         len,
                   bool       *complete)
{
  int groups = 0, digits = 0;

  for (int i = 0; i < len; i++)
    {
      if (fw_isxdigit (s[i]))
        {
          if (++digits > 4)
            return false;
        }
      else if (s[i] == '.')
        {
          if (digits == 0 || groups == 2)
            return false;
          groups++;
          digits = 0;
        }
      else
        return false;
    }
  *complete = groups == 2 && digits > 0;
  return len > 0;
}

/* Interface number syntax: 0/0, 1/0.10, 3; complete when it ends in a digit. */
static int
match_ifnum (const CliNode *n,
             const char    *s,
             int            len,
             int           *ifindex)
{
  char name[FW_IF_NAME_MAX], num[24];
  bool dot = false;
  int i;

  *ifindex = -1;
  if (len <= 0 || len >= (int) sizeof num || !fw_isdigit (s[0]))
    return LV_NONE;
  for (i = 0; i < len; i++)
    {
      if (fw_isdigit (s[i]))
        continue;
      if (!fw_if_types[n->iftype].physical)
        return LV_NONE;
      if (s[i] == '/' && !dot && fw_isdigit (s[i - 1]))
        continue;
      if (s[i] == '.' && !dot && fw_isdigit (s[i - 1]))
        {
          dot = true;
          continue;
        }
      return LV_NONE;
    }
  memcpy (num, s, (size_t) len);
  num[len] = '\0';
  if (!fw_isdigit (s[len - 1]))
    return LV_TPART;
  fw_if_make_name (name, sizeof name, n->iftype, num);
  *ifindex = fw_if_find (name);
  if (*ifindex >= 0)
    return LV_TYPED;
  if (n->ifcreate)
    {
      uint32_t v;

      if (!fw_if_types[n->iftype].physical)
        return fw_parse_u32 (num, (size_t) len, 10, &v) && v <= 2147483647u ? LV_TYPED : LV_NONE;
      if (dot)
        {
          char *p = strchr (num, '.');
          int base;

          *p = '\0';
          fw_if_make_name (name, sizeof name, n->iftype, num);
          base = fw_if_find (name);
          if (base >= 0 && fw_ifs[base].kind == FW_IF_PHYS
              && fw_parse_u32 (p + 1, strlen (p + 1), 10, &v) && v > 0)
            return LV_TYPED;
          return LV_NONE;
        }
    }
  return LV_TPART;
}

static int
match_node (const CliNode *n,
            const char    *s,
            int            len,
            int           *consumed,
            uint32_t      *value,
            int           *ifindex)
{
  *consumed = len;
  *value = 0;
  *ifindex = -1;
  switch (n->type)
    {
    case CLI_KW:
      {
        int wl = (int) strlen (n->word);
        int alpha = len;

        if (n->flags & NF_GLUE)
          {
            /* "f0/0": the type's prefix with the number glued on */
            alpha = 0;
            while (alpha < len && !fw_isdigit (s[alpha]))
              alpha++;
            if (alpha == 0)
              return LV_NONE;
            *consumed = alpha;
          }
        if (alpha > wl || fw_strncasecmp (n->word, s, (size_t) alpha) != 0)
          return LV_NONE;
        return alpha == wl ? LV_KWEXACT : LV_KWPART;
      }
    case CLI_IP:
      {
        bool complete;

        if (!parse_ip_partial (s, len, value, &complete))
          return LV_NONE;
        return complete ? LV_TYPED : LV_TPART;
      }
    case CLI_MAC:
      {
        bool complete;

        if (!parse_mac_partial (s, len, &complete))
          return LV_NONE;
        return complete ? LV_TYPED : LV_TPART;
      }
    case CLI_NUM:
      {
        uint32_t v;

        for (int i = 0; i < len; i++)
          if (!fw_isdigit (s[i]))
            return LV_NONE;
        if (!fw_parse_u32 (s, (size_t) len, 10, &v) || v > n->hi)
          return LV_NONE;
        *value = v;
        return v >= n->lo ? LV_TYPED : LV_TPART;
      }
    case CLI_WORD:
    case CLI_LINE:
      return LV_WORD;
    case CLI_IFNUM:
      return match_ifnum (n, s, len, ifindex);
    default:
      return LV_NONE;
    }
}

typedef struct
{
  Tok       toks[MAX_TOKS];
  int       ntoks;
  const char *line;
  const CliNode *node;       /* reached */
  int       status;          /* WALK_* */
  int       err_tok;
  int       err_pos;
  bool      via_global;
  CliCmd    cmd;
  char      store[1024];
  size_t    used;
} Walk;

enum
{
  WALK_OK,
  WALK_INVALID,
  WALK_AMBIGUOUS,
  WALK_TOO_LONG,
};

static const char *
store_text (Walk       *w,
            const char *s,
            size_t      len)
{
  char *p;

  if (w->used + len + 1 > sizeof w->store)
    len = w->used + 1 < sizeof w->store ? sizeof w->store - w->used - 1 : 0;
  p = w->store + w->used;
  memcpy (p, s, len);
  p[len] = '\0';
  w->used += len + 1;
  if (w->used > sizeof w->store)
    w->used = sizeof w->store;
  return p;
}

static void
push_arg (Walk          *w,
          const CliNode *n,
          const char    *text,
          uint32_t       value,
          int            ifindex)
{
  CliArg *a;

  if ((n->flags & NF_NO) && w->cmd.argc == 0 && !w->cmd.no)
    {
      w->cmd.no = true;
      return;
    }
  if (n->flags & NF_DO)
    return;
  if (w->cmd.argc == CLI_MAX_ARGS)
    return;
  a = &w->cmd.argv[w->cmd.argc++];
  a->text = text;
  a->type = n->type;
  a->num = value;
  a->ifindex = ifindex;
}

/* Picks the child for one token: 1 found, 0 none, -1 ambiguous. */
static int
choose (const CliNode  *cur,
        const char     *s,
        int             len,
        const CliNode **out,
        int            *consumed,
        uint32_t       *value,
        int            *ifindex)
{
  int best = LV_NONE, count = 0;

  *out = NULL;
  if (cur->kids == NULL)
    return 0;
  for (int i = 0; i < cur->kids->n; i++)
    {
      const CliNode *n = cur->kids->v[i];
      int c, ifi;
      uint32_t v;
      int lv = match_node (n, s, len, &c, &v, &ifi);

      if (lv == LV_TPART)
        lv = LV_NONE;
      if (lv > best)
        {
          best = lv;
          count = 1;
          *out = n;
          *consumed = c;
          *value = v;
          *ifindex = ifi;
        }
      else if (lv == best && lv != LV_NONE)
        count++;
    }
  if (best == LV_NONE)
    return 0;
  if (best == LV_KWPART && count > 1)
    return -1;
  return 1;
}

/* Matches the first n tokens of the line from a root. */
static void
walk (Walk          *w,
      const CliNode *root,
      int            n)
{
  const CliNode *cur = root;

  w->status = WALK_OK;
  w->cmd.argc = 0;
  w->cmd.no = false;
  w->cmd.line = w->line;
  w->used = 0;
  for (int i = 0; i < n && i < w->ntoks; i++)
    {
      const char *s = w->line + w->toks[i].start;
      int len = w->toks[i].len, consumed = len, ifindex = -1;
      uint32_t value = 0;
      const CliNode *next;
      int r = choose (cur, s, len, &next, &consumed, &value, &ifindex);

      if (r <= 0)
        {
          w->status = r < 0 ? WALK_AMBIGUOUS : WALK_INVALID;
          w->err_tok = i;
          w->err_pos = w->toks[i].start;
          w->node = cur;
          return;
        }
      if (consumed < len)
        {
          /* split "f0/0" into "f" "0/0" */
          if (w->ntoks == MAX_TOKS)
            {
              w->status = WALK_TOO_LONG;
              return;
            }
          memmove (&w->toks[i + 2], &w->toks[i + 1], sizeof (Tok) * (size_t) (w->ntoks - i - 1));
          w->toks[i + 1].start = w->toks[i].start + consumed;
          w->toks[i + 1].len = len - consumed;
          w->toks[i].len = consumed;
          w->ntoks++;
          n++;
        }
      if (next->type == CLI_LINE)
        {
          int end = (int) strlen (w->line);

          while (end > w->toks[i].start && fw_isspace (w->line[end - 1]))
            end--;
          push_arg (w, next, store_text (w, s, (size_t) (end - w->toks[i].start)), 0, -1);
          w->node = next;
          w->ntoks = i + 1;
          return;
        }
      if (next->type == CLI_KW)
        push_arg (w, next, next->word, 0, -1);
      else if (next->type == CLI_IFNUM)
        {
          char name[FW_IF_NAME_MAX], num[24];

          fw_strlcpy (num, s, FW_MIN ((size_t) len + 1, sizeof num));
          fw_if_make_name (name, sizeof name, next->iftype, num);
          if (w->cmd.argc > 0 && w->cmd.argv[w->cmd.argc - 1].type == CLI_KW)
            w->cmd.argc--;          /* the type keyword: folded into the name */
          push_arg (w, next, store_text (w, name, strlen (name)), 0, ifindex);
        }
      else
        push_arg (w, next, store_text (w, s, (size_t) len), value, -1);
      cur = next;
    }
  w->node = cur;
}

static bool
walk_init (Walk       *w,
           const char *line)
{
  memset (w, 0, sizeof *w);
  w->line = line;
  w->ntoks = tokenize (line, w->toks, MAX_TOKS);
  return w->ntoks >= 0;
}

/* Copies a walk; argument texts that live in its store move along. */
static void
walk_copy (Walk       *dst,
           const Walk *src)
{
  memcpy (dst, src, sizeof *dst);
  for (int i = 0; i < dst->cmd.argc; i++)
    {
      const char *t = src->cmd.argv[i].text;

      if (t >= src->store && t < src->store + sizeof src->store)
        dst->cmd.argv[i].text = dst->store + (t - src->store);
    }
}

/* In a submode, a line the submode does not know is tried in global
 * configuration, as IOS does (which then leaves the submode). */
static void
walk_mode (Walk       *w,
           int         n)
{
  walk (w, &roots[cli.mode], n);
  if (w->status != WALK_OK && ((1u << cli.mode) & M_SUBMODES))
    {
      Walk *g = fw_malloc (sizeof (Walk));

      walk_copy (g, w);
      walk (g, &roots[CLI_MODE_CONFIG], n);
      if (g->status == WALK_OK || g->err_tok > w->err_tok)
        {
          walk_copy (w, g);
          w->via_global = true;
        }
      fw_free (g);
    }
}

/* --- errors, execution --------------------------------------------- */

static void
report (Walk *w)
{
  if (cli.loading)
    {
      cli.errors++;
      return;
    }
  switch (w->status)
    {
    case WALK_AMBIGUOUS:
      cli_printf ("%% Ambiguous command:  \"%s\"\n", w->line);
      break;
    case WALK_INVALID:
    case WALK_TOO_LONG:
      cli_printf ("%*s^\n", (int) strlen (cli_prompt ()) + w->err_pos, "");
      cli_puts ("% Invalid input detected at '^' marker.\n\n");
      break;
    default:
      break;
    }
}

static bool
exec_unknown_host (Walk *w)
{
  char word[64];
  uint32_t ip;

  if (w->status != WALK_INVALID || w->ntoks != 1 || w->err_tok != 0 || cli.mode > CLI_MODE_PRIV)
    return false;
  fw_strlcpy (word, w->line + w->toks[0].start,
              FW_MIN ((size_t) w->toks[0].len + 1, sizeof word));
  if (fw_ip_aton (word, strlen (word), &ip))
    {
      cli_printf ("Trying %s ... \n%% Connection refused by remote host\n\n", word);
      return true;
    }
  if (fw_cli_domain_lookup)
    cli_printf ("Translating \"%s\"...domain server (255.255.255.255)\n", word);
  else
    cli_printf ("Translating \"%s\"\n", word);
  cli_puts ("% Unknown command or computer name, or unable to find computer address\n");
  return true;
}

int
cli_parse_execute (const char *line)
{
  Walk *w = fw_malloc (sizeof (Walk));
  int ret = -1;

  if (w == NULL)
    return -1;
  if (!walk_init (w, line))
    {
      w->status = WALK_TOO_LONG;
      w->err_pos = 0;
      report (w);
      fw_free (w);
      return -1;
    }
  if (w->ntoks == 0)
    {
      fw_free (w);
      return 0;
    }
  walk_mode (w, w->ntoks);
  if (w->status == WALK_OK)
    {
      if (w->node->fn)
        {
          if (w->via_global)
            cli_set_mode (CLI_MODE_CONFIG);
          w->node->fn (&w->cmd);
          ret = 0;
        }
      else if (cli.loading)
        cli.errors++;
      else
        cli_puts ("% Incomplete command.\n\n");
    }
  else if (cli.loading || !exec_unknown_host (w))
    report (w);
  fw_free (w);
  return ret;
}

/* --- help and completion ------------------------------------------- */

static int
node_cmp (const CliNode *a,
          const CliNode *b)
{
  return strcmp (a->word, b->word);
}

static void
sort_nodes (const CliNode **v,
            int             n)
{
  for (int i = 1; i < n; i++)
    {
      const CliNode *x = v[i];
      int j = i - 1;

      while (j >= 0 && node_cmp (v[j], x) > 0)
        {
          v[j + 1] = v[j];
          j--;
        }
      v[j + 1] = x;
    }
}

static const char *const mode_headers[CLI_MODE_COUNT] = {
  "Exec commands:",
  "Exec commands:",
  "Configure commands:",
  "Interface configuration commands:",
  "Interface configuration commands:",
  "Router configuration commands:",
  "Line configuration commands:",
};

void
cli_help (const char *line)
{
  Walk *w = fw_malloc (sizeof (Walk));
  bool partial;
  int ncomplete;
  const CliNode *cur;
  const CliNode **list;
  int n = 0;

  if (w == NULL)
    return;
  if (!walk_init (w, line))
    {
      fw_free (w);
      return;
    }
  partial = w->ntoks > 0 && !fw_isspace (line[strlen (line) - 1]);
  ncomplete = partial ? w->ntoks - 1 : w->ntoks;
  walk_mode (w, ncomplete);
  if (w->status != WALK_OK)
    {
      if (w->status == WALK_AMBIGUOUS)
        cli_printf ("%% Ambiguous command:  \"%s\"\n", line);
      else if (w->err_tok == 0)
        cli_puts ("% Unrecognized command\n");
      else
        {
          cli_printf ("%*s^\n", (int) strlen (cli_prompt ()) + w->err_pos, "");
          cli_puts ("% Invalid input detected at '^' marker.\n\n");
        }
      fw_free (w);
      return;
    }
  cur = w->node;
  ncomplete = partial ? w->ntoks - 1 : w->ntoks;

  if (cur->type == CLI_LINE && ncomplete > 0)
    {
      cli_puts ("  <cr>\n\n");
      fw_free (w);
      return;
    }

  list = fw_calloc ((size_t) (cur->kids ? cur->kids->n : 0) + 1, sizeof (CliNode *));
  if (partial)
    {
      const char *s = line + w->toks[ncomplete].start;
      int len = w->toks[ncomplete].len;

      /* "int f0?" : help on the number after the glued type */
      if (cur->kids)
        for (int i = 0; i < cur->kids->n; i++)
          {
            const CliNode *k = cur->kids->v[i];
            int c, ifi;
            uint32_t v;
            int lv = match_node (k, s, len, &c, &v, &ifi);

            if (lv != LV_NONE && c < len && k->kids)
              {
                cur = k;
                s += c;
                len -= c;
                break;
              }
          }
      if (cur->kids)
        for (int i = 0; i < cur->kids->n; i++)
          {
            const CliNode *k = cur->kids->v[i];
            int c, ifi;
            uint32_t v;

            if (k->flags & NF_HIDDEN)
              continue;
            if (match_node (k, s, len, &c, &v, &ifi) != LV_NONE)
              list[n++] = k;
          }
      if (n == 0)
        cli_puts ("% Unrecognized command\n");
      else
        {
          size_t col = 0;

          sort_nodes (list, n);
          for (int i = 0; i < n; i++)
            {
              size_t wl = strlen (list[i]->word);

              if (col > 0 && col + wl + 2 > 79)
                {
                  cli_puts ("\n");
                  col = 0;
                }
              cli_printf ("%s  ", list[i]->word);
              col += wl + 2;
            }
          cli_puts ("\n\n");
        }
    }
  else
    {
      int width = 0;

      if (cur->kids)
        for (int i = 0; i < cur->kids->n; i++)
          if (!(cur->kids->v[i]->flags & NF_HIDDEN))
            list[n++] = cur->kids->v[i];
      sort_nodes (list, n);
      for (int i = 0; i < n; i++)
        width = FW_MAX (width, (int) strlen (list[i]->word));
      if (cur == &roots[cli.mode] || (ncomplete == 0 && cur->type == CLI_ROOT))
        cli_printf ("%s\n", mode_headers[cli.mode]);
      for (int i = 0; i < n; i++)
        cli_printf ("  %-*s  %s\n", width, list[i]->word, list[i]->help);
      if (cur->fn)
        cli_puts ("  <cr>\n");
      cli_puts ("\n");
    }
  fw_free (list);
  fw_free (w);
}

char *
cli_complete (const char *line)
{
  Walk *w;
  const CliNode *found = NULL;
  const char *s;
  int len, count = 0;
  char *out = NULL;

  if (!*line || fw_isspace (line[strlen (line) - 1]))
    return NULL;
  w = fw_malloc (sizeof (Walk));
  if (w == NULL || !walk_init (w, line) || w->ntoks == 0)
    {
      fw_free (w);
      return NULL;
    }
  walk_mode (w, w->ntoks - 1);
  if (w->status != WALK_OK || w->node->kids == NULL)
    {
      fw_free (w);
      return NULL;
    }
  s = line + w->toks[w->ntoks - 1].start;
  len = w->toks[w->ntoks - 1].len;
  for (int i = 0; i < w->node->kids->n; i++)
    {
      const CliNode *k = w->node->kids->v[i];
      int wl;

      if (k->type != CLI_KW || (k->flags & NF_HIDDEN))
        continue;
      wl = (int) strlen (k->word);
      if (len <= wl && fw_strncasecmp (k->word, s, (size_t) len) == 0)
        {
          if (len == wl)
            {
              found = k;
              count = 1;
              break;
            }
          found = k;
          count++;
        }
    }
  if (count == 1)
    {
      size_t pre = (size_t) (s - line), wl = strlen (found->word);

      out = fw_malloc (pre + wl + 2);
      memcpy (out, line, pre);
      memcpy (out + pre, found->word, wl);
      out[pre + wl] = (found->flags & NF_GLUE) ? '\0' : ' ';
      out[pre + wl + 1] = '\0';
    }
  fw_free (w);
  return out;
}

/* --- handler helpers ------------------------------------------------ */

const CliArg *
cli_arg_type (CliCmd *cmd,
              int     type,
              int     nth)
{
  for (int i = 0; i < cmd->argc; i++)
    if (cmd->argv[i].type == type && nth-- == 0)
      return &cmd->argv[i];
  return NULL;
}

bool
cli_arg_is (CliCmd     *cmd,
            int         i,
            const char *keyword)
{
  return i >= 0 && i < cmd->argc && cmd->argv[i].type == CLI_KW
         && strcmp (cmd->argv[i].text, keyword) == 0;
}

int
cli_arg_find (CliCmd     *cmd,
              const char *keyword)
{
  for (int i = 0; i < cmd->argc; i++)
    if (cli_arg_is (cmd, i, keyword))
      return i;
  return -1;
}
