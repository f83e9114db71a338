/* mips64-fpu.c: coprocessor 1 with host floating point
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Arithmetic runs on host doubles and floats with the host's exception flags
 * mapped to FCSR.  MIPS (pre-2008) NaNs differ from the host's: the quiet bit
 * is inverted, the default NaN is 0x7fbfffff / 0x7ff7ffffffffffff, and a
 * signalling input turns into the default NaN.  NaN results are rebuilt here
 * the way QEMU does for legacy MIPS cores, so both agree bit for bit.
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include <fenv.h>
#include <math.h>
#include <string.h>

#include "emu/mips64-internal.h"

#define FCSR_RM       0x00000003u
#define FCSR_FLAGS    0x0000007cu
#define FCSR_ENABLES  0x00000f80u
#define FCSR_CAUSE    0x0003f000u
#define FCSR_FCC0     0x00800000u
#define FCSR_WRITABLE 0xff83ffffu

/* Exception bits in FCSR order: I U O Z V (E only in Cause). */
#define FX_I 1u
#define FX_U 2u
#define FX_O 4u
#define FX_Z 8u
#define FX_V 16u

#define FIR_VALUE 0x00f70000u   /* F64, L, W, D, S, 3D and revision fields */

#define SNAN32_DEFAULT 0x7fbfffffu
#define SNAN64_DEFAULT 0x7ff7ffffffffffffull

static float
f32 (uint32_t bits)
{
  float f;

  memcpy (&f, &bits, 4);
  return f;
}

static uint32_t
b32 (float f)
{
  uint32_t u;

  memcpy (&u, &f, 4);
  return u;
}

static double
f64 (uint64_t bits)
{
  double d;

  memcpy (&d, &bits, 8);
  return d;
}

static uint64_t
b64 (double d)
{
  uint64_t u;

  memcpy (&u, &d, 8);
  return u;
}

static bool
nan32 (uint32_t x)
{
  return (x & 0x7f800000u) == 0x7f800000u && (x & 0x007fffffu) != 0;
}

static bool
snan32 (uint32_t x)
{
  return nan32 (x) && (x & 0x00400000u);
}

static bool
nan64 (uint64_t x)
{
  return (x & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (x & 0x000fffffffffffffull) != 0;
}

static bool
snan64 (uint64_t x)
{
  return nan64 (x) && (x & 0x0008000000000000ull);
}

/* ---- registers ---- */

uint32_t
mips64_fpr_get_s (const mips64_cpu_t *cpu,
                  unsigned            r)
{
  return (uint32_t) cpu->fpr[r & 31];
}

void
mips64_fpr_set_s (mips64_cpu_t *cpu,
                  unsigned      r,
                  uint32_t      v)
{
  r &= 31;
  cpu->fpr[r] = (cpu->fpr[r] & 0xffffffff00000000ull) | v;
}

uint64_t
mips64_fpr_get_d (const mips64_cpu_t *cpu,
                  unsigned            r)
{
  r &= 31;
  if (cpu->status & ST_FR)
    return cpu->fpr[r];
  return (uint32_t) cpu->fpr[r & ~1u] | (cpu->fpr[r | 1u] << 32);
}

void
mips64_fpr_set_d (mips64_cpu_t *cpu,
                  unsigned      r,
                  uint64_t      v)
{
  r &= 31;
  if (cpu->status & ST_FR)
    cpu->fpr[r] = v;
  else
    {
      mips64_fpr_set_s (cpu, r & ~1u, (uint32_t) v);
      mips64_fpr_set_s (cpu, r | 1u, (uint32_t) (v >> 32));
    }
}

bool
mips64_fpu_cc (const mips64_cpu_t *cpu,
               unsigned            cc)
{
  return cc == 0 ? (cpu->fcsr & FCSR_FCC0) != 0 : (cpu->fcsr & (1u << (24 + cc))) != 0;
}

static void
set_cc (mips64_cpu_t *cpu,
        unsigned      cc,
        bool          v)
{
  uint32_t bit = cc == 0 ? FCSR_FCC0 : 1u << (24 + cc);

  cpu->fcsr = v ? cpu->fcsr | bit : cpu->fcsr & ~bit;
}

/* ---- exception flags ---- */

typedef struct
{
  mips64_cpu_t *cpu;
  unsigned      fx;        /* FX_* raised by this operation */
  fenv_t        saved;
} fpctx_t;

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

static void
fp_begin (fpctx_t      *c,
          mips64_cpu_t *cpu)
{
  c->cpu = cpu;
  c->fx = 0;
  fegetenv (&c->saved);
  fesetround (host_rm[cpu->fcsr & FCSR_RM]);
  feclearexcept (FE_ALL_EXCEPT);
}

static void
fp_collect (fpctx_t *c)
{
  int e = fetestexcept (FE_ALL_EXCEPT);

  if (e & FE_INEXACT) c->fx |= FX_I;
  if (e & FE_UNDERFLOW) c->fx |= FX_U;
  if (e & FE_OVERFLOW) c->fx |= FX_O;
  if (e & FE_DIVBYZERO) c->fx |= FX_Z;
  if (e & FE_INVALID) c->fx |= FX_V;
  feclearexcept (FE_ALL_EXCEPT);
}

/* Ends the operation: Cause gets the new bits, Flags accumulate unless the
 * exception is enabled, in which case FPE is taken and false returned. */
static bool
fp_end (fpctx_t *c,
        uint64_t pc,
        bool     ds)
{
  mips64_cpu_t *cpu = c->cpu;
  uint32_t enables = (cpu->fcsr >> 7) & 31;

  fesetenv (&c->saved);
  cpu->fcsr = (cpu->fcsr & ~FCSR_CAUSE) | (c->fx << 12);
  if (c->fx & enables)
    {
      mips64_exception (cpu, EXC_FPE, pc, ds);
      return false;
    }
  cpu->fcsr |= c->fx << 2;
  return true;
}

/* NaN result of a two- or three-input operation, QEMU's legacy-MIPS rules. */
static uint32_t
nan_result32 (fpctx_t        *c,
              const uint32_t *in,
              unsigned        n)
{
  for (unsigned i = 0; i < n; i++)
    if (snan32 (in[i]))
      {
        c->fx = FX_V;
        return SNAN32_DEFAULT;
      }
  for (unsigned i = 0; i < n; i++)
    if (nan32 (in[i]))
      {
        c->fx = 0;
        return in[i];
      }
  c->fx |= FX_V;
  c->fx &= ~FX_I;
  return SNAN32_DEFAULT;
}

static uint64_t
nan_result64 (fpctx_t        *c,
              const uint64_t *in,
              unsigned        n)
{
  for (unsigned i = 0; i < n; i++)
    if (snan64 (in[i]))
      {
        c->fx = FX_V;
        return SNAN64_DEFAULT;
      }
  for (unsigned i = 0; i < n; i++)
    if (nan64 (in[i]))
      {
        c->fx = 0;
        return in[i];
      }
  c->fx |= FX_V;
  c->fx &= ~FX_I;
  return SNAN64_DEFAULT;
}

/* ---- operations ---- */

static uint32_t
arith32 (fpctx_t *c,
         unsigned fn,
         uint32_t a,
         uint32_t b)
{
  uint32_t in[2] = { a, b };
  float x = f32 (a), y = f32 (b);
  volatile float r;   /* keep the operation before fetestexcept */
  unsigned n = 2;

  if (fn == 4 || fn == 21 || fn == 22)
    n = 1;
  for (unsigned i = 0; i < n; i++)
    if (nan32 (in[i]))
      return nan_result32 (c, in, n);
  switch (fn)
    {
    case 0: r = x + y; break;
    case 1: r = x - y; break;
    case 2: r = x * y; break;
    case 3: r = x / y; break;
    case 4: r = sqrtf (x); break;
    case 21: r = 1.0f / x; break;
    default: r = 1.0f / sqrtf (x); break;
    }
  fp_collect (c);
  if (isnan (r))
    return nan_result32 (c, in, n);
  return b32 (r);
}

static uint64_t
arith64 (fpctx_t *c,
         unsigned fn,
         uint64_t a,
         uint64_t b)
{
  uint64_t in[2] = { a, b };
  double x = f64 (a), y = f64 (b);
  volatile double r;
  unsigned n = 2;

  if (fn == 4 || fn == 21 || fn == 22)
    n = 1;
  for (unsigned i = 0; i < n; i++)
    if (nan64 (in[i]))
      return nan_result64 (c, in, n);
  switch (fn)
    {
    case 0: r = x + y; break;
    case 1: r = x - y; break;
    case 2: r = x * y; break;
    case 3: r = x / y; break;
    case 4: r = sqrt (x); break;
    case 21: r = 1.0 / x; break;
    default: r = 1.0 / sqrt (x); break;
    }
  fp_collect (c);
  if (isnan (r))
    return nan_result64 (c, in, n);
  return b64 (r);
}

/* Float to integer; NaN and out-of-range give the largest positive value
 * and Invalid, as legacy MIPS does. */
static uint64_t
to_int (fpctx_t *c,
        double   x,
        bool     is_nan,
        int      mode,        /* 0 round, 1 trunc, 2 ceil, 3 floor, 4 FCSR.RM */
        bool     wide)
{
  double r;
  double lim = wide ? 9223372036854775808.0 : 2147483648.0;
  uint64_t ovf = wide ? 0x7fffffffffffffffull : 0x7fffffffull;

  if (mode == 4)
    mode = (int) (c->cpu->fcsr & FCSR_RM);   /* RM uses the same order */
  switch (mode)
    {
    case 0:
      {
        fenv_t env;

        fegetenv (&env);
        fesetround (FE_TONEAREST);
        r = nearbyint (x);
        fesetenv (&env);
        break;
      }
    case 1: r = trunc (x); break;
    case 2: r = ceil (x); break;
    default: r = floor (x); break;
    }
  if (is_nan || !(r >= -lim && r < lim))
    {
      c->fx = FX_V;
      return ovf;
    }
  if (r != x)
    c->fx |= FX_I;
  return wide ? (uint64_t) (int64_t) r : (uint64_t) (uint32_t) (int32_t) r;
}

static bool
compare (fpctx_t *c,
         unsigned cond,
         double   a,
         double   b,
         bool     a_nan,
         bool     b_nan,
         bool     a_snan,
         bool     b_snan)
{
  bool un = a_nan || b_nan;

  if (a_snan || b_snan || (un && (cond & 8)))
    c->fx |= FX_V;
  return ((cond & 1) && un) || ((cond & 2) && !un && a == b) || ((cond & 4) && !un && a < b);
}

static bool
ri (mips64_cpu_t *cpu,
    uint64_t      pc,
    bool          ds)
{
  mips64_exception (cpu, EXC_RI, pc, ds);
  return false;
}

static bool
unusable (mips64_cpu_t *cpu,
          uint64_t      pc,
          bool          ds)
{
  cpu->cause = (cpu->cause & ~CAUSE_CE) | (1u << 28);
  mips64_exception (cpu, EXC_CPU, pc, ds);
  return false;
}

static bool
cop1x_arith (mips64_cpu_t *cpu,
             uint32_t      insn,
             uint64_t      pc,
             bool          ds)
{
  unsigned fr = (insn >> 21) & 31, ft = (insn >> 16) & 31;
  unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;
  unsigned fn = insn & 63, kind = fn >> 3;     /* 4 madd, 5 msub, 6 nmadd, 7 nmsub */
  fpctx_t c;

  if ((fn & 7) > 1 || kind < 4)
    return ri (cpu, pc, ds);
  fp_begin (&c, cpu);
  if ((fn & 7) == 0)
    {
      uint32_t p = arith32 (&c, 2, mips64_fpr_get_s (cpu, fs), mips64_fpr_get_s (cpu, ft));
      unsigned fx = c.fx;
      uint32_t res = arith32 (&c, (kind & 1) ? 1 : 0, p, mips64_fpr_get_s (cpu, fr));

      c.fx |= fx;
      if (kind >= 6 && !nan32 (res))
        res ^= 0x80000000u;
      if (!fp_end (&c, pc, ds))
        return false;
      mips64_fpr_set_s (cpu, fd, res);
    }
  else
    {
      uint64_t p = arith64 (&c, 2, mips64_fpr_get_d (cpu, fs), mips64_fpr_get_d (cpu, ft));
      unsigned fx = c.fx;
      uint64_t res = arith64 (&c, (kind & 1) ? 1 : 0, p, mips64_fpr_get_d (cpu, fr));

      c.fx |= fx;
      if (kind >= 6 && !nan64 (res))
        res ^= 0x8000000000000000ull;
      if (!fp_end (&c, pc, ds))
        return false;
      mips64_fpr_set_d (cpu, fd, res);
    }
  return true;
}

bool
mips64_fpu_op (mips64_cpu_t *cpu,
               uint32_t      insn,
               uint64_t      pc,
               bool          ds)
{
  unsigned fmt = (insn >> 21) & 31, ft = (insn >> 16) & 31;
  unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31, fn = insn & 63;
  fpctx_t c;
  bool is_s = fmt == 16, is_d = fmt == 17;

  if (!(cpu->status & ST_CU1))
    return unusable (cpu, pc, ds);
  if ((insn >> 26) == 19)
    return cop1x_arith (cpu, insn, pc, ds);

  /* Moves that need no arithmetic. */
  if ((is_s || is_d) && (fn == 5 || fn == 6 || fn == 7 || fn == 17 || fn == 18 || fn == 19))
    {
      bool move = true;

      if (fn == 17)
        move = mips64_fpu_cc (cpu, ft >> 2) == (ft & 1);
      else if (fn == 18)
        move = cpu->gpr[ft] == 0;
      else if (fn == 19)
        move = cpu->gpr[ft] != 0;
      if (!move)
        return true;
      if (is_s)
        {
          uint32_t v = mips64_fpr_get_s (cpu, fs);

          if (fn == 5)
            v &= 0x7fffffffu;
          else if (fn == 7)
            v ^= 0x80000000u;
          mips64_fpr_set_s (cpu, fd, v);
        }
      else
        {
          uint64_t v = mips64_fpr_get_d (cpu, fs);

          if (fn == 5)
            v &= 0x7fffffffffffffffull;
          else if (fn == 7)
            v ^= 0x8000000000000000ull;
          mips64_fpr_set_d (cpu, fd, v);
        }
      return true;
    }

  fp_begin (&c, cpu);
  if ((is_s || is_d) && (fn <= 4 || fn == 21 || fn == 22))
    {
      if (is_s)
        {
          uint32_t res = arith32 (&c, fn, mips64_fpr_get_s (cpu, fs), mips64_fpr_get_s (cpu, ft));

          if (!fp_end (&c, pc, ds))
            return false;
          mips64_fpr_set_s (cpu, fd, res);
        }
      else
        {
          uint64_t res = arith64 (&c, fn, mips64_fpr_get_d (cpu, fs), mips64_fpr_get_d (cpu, ft));

          if (!fp_end (&c, pc, ds))
            return false;
          mips64_fpr_set_d (cpu, fd, res);
        }
      return true;
    }

  if ((is_s || is_d) && ((fn >= 8 && fn <= 15) || fn == 36 || fn == 37))
    {
      /* round/trunc/ceil/floor .l (8-11) and .w (12-15), cvt.w (36), cvt.l (37) */
      bool wide = (fn >= 8 && fn <= 11) || fn == 37;
      int mode = fn >= 36 ? 4 : (int) (fn & 3);
      uint64_t res;

      if (is_s)
        {
          uint32_t v = mips64_fpr_get_s (cpu, fs);

          res = to_int (&c, (double) f32 (v), nan32 (v), mode, wide);
        }
      else
        {
          uint64_t v = mips64_fpr_get_d (cpu, fs);

          res = to_int (&c, f64 (v), nan64 (v), mode, wide);
        }
      if (!fp_end (&c, pc, ds))
        return false;
      if (wide)
        mips64_fpr_set_d (cpu, fd, res);
      else
        mips64_fpr_set_s (cpu, fd, (uint32_t) res);
      return true;
    }

  if (fn == 32 && fmt != 16)
    {
      /* cvt.s from d, w, l */
      uint32_t res;

      if (is_d)
        {
          uint64_t v = mips64_fpr_get_d (cpu, fs);

          if (nan64 (v))
            {
              /* Legacy MIPS: any NaN converts to the default NaN. */
              if (snan64 (v))
                c.fx = FX_V;
              res = SNAN32_DEFAULT;
            }
          else
            {
              res = b32 ((float) f64 (v));
              fp_collect (&c);
            }
        }
      else if (fmt == 20)
        {
          res = b32 ((float) (int32_t) mips64_fpr_get_s (cpu, fs));
          fp_collect (&c);
        }
      else if (fmt == 21)
        {
          res = b32 ((float) (int64_t) mips64_fpr_get_d (cpu, fs));
          fp_collect (&c);
        }
      else
        {
          fesetenv (&c.saved);
          return ri (cpu, pc, ds);
        }
      if (!fp_end (&c, pc, ds))
        return false;
      mips64_fpr_set_s (cpu, fd, res);
      return true;
    }

  if (fn == 33 && fmt != 17)
    {
      /* cvt.d from s, w, l */
      uint64_t res;

      if (is_s)
        {
          uint32_t v = mips64_fpr_get_s (cpu, fs);

          if (nan32 (v))
            {
              if (snan32 (v))
                c.fx = FX_V;
              res = SNAN64_DEFAULT;
            }
          else
            res = b64 ((double) f32 (v));
        }
      else if (fmt == 20)
        res = b64 ((double) (int32_t) mips64_fpr_get_s (cpu, fs));
      else if (fmt == 21)
        {
          res = b64 ((double) (int64_t) mips64_fpr_get_d (cpu, fs));
          fp_collect (&c);
        }
      else
        {
          fesetenv (&c.saved);
          return ri (cpu, pc, ds);
        }
      if (!fp_end (&c, pc, ds))
        return false;
      mips64_fpr_set_d (cpu, fd, res);
      return true;
    }

  if ((is_s || is_d) && fn >= 48)
    {
      unsigned cc = fd >> 2;
      bool v;

      if (is_s)
        {
          uint32_t a = mips64_fpr_get_s (cpu, fs), b = mips64_fpr_get_s (cpu, ft);

          v = compare (&c, fn & 15, f32 (a), f32 (b), nan32 (a), nan32 (b), snan32 (a), snan32 (b));
        }
      else
        {
          uint64_t a = mips64_fpr_get_d (cpu, fs), b = mips64_fpr_get_d (cpu, ft);

          v = compare (&c, fn & 15, f64 (a), f64 (b), nan64 (a), nan64 (b), snan64 (a), snan64 (b));
        }
      if (!fp_end (&c, pc, ds))
        return false;
      set_cc (cpu, cc, v);
      return true;
    }

  fesetenv (&c.saved);
  return ri (cpu, pc, ds);
}

bool
mips64_fpu_move (mips64_cpu_t      *cpu,
                 const mips64_op_t *op,
                 uint64_t           pc,
                 bool               ds)
{
  unsigned fs = op->rd;
  uint64_t *r = cpu->gpr;

  if (!(cpu->status & ST_CU1))
    return unusable (cpu, pc, ds);
  switch (op->opc)
    {
    case MIPS64_OP_MFC1:
      r[op->rt] = (uint64_t) (int64_t) (int32_t) mips64_fpr_get_s (cpu, fs);
      return true;
    case MIPS64_OP_MTC1:
      mips64_fpr_set_s (cpu, fs, (uint32_t) r[op->rt]);
      return true;
    case MIPS64_OP_DMFC1:
      r[op->rt] = mips64_fpr_get_d (cpu, fs);
      return true;
    case MIPS64_OP_DMTC1:
      mips64_fpr_set_d (cpu, fs, r[op->rt]);
      return true;
    case MIPS64_OP_MFHC1:
      r[op->rt] = (uint64_t) (int64_t) (int32_t) (mips64_fpr_get_d (cpu, fs) >> 32);
      return true;
    case MIPS64_OP_MTHC1:
      {
        uint64_t v = mips64_fpr_get_d (cpu, fs);

        mips64_fpr_set_d (cpu, fs, (v & 0xffffffffull) | (r[op->rt] << 32));
        return true;
      }
    case MIPS64_OP_CFC1:
      {
        uint32_t v;

        switch (fs)
          {
          case 0: v = FIR_VALUE; break;
          case 25: v = ((cpu->fcsr >> 24) & 0xfe) | ((cpu->fcsr >> 23) & 1); break;
          case 26: v = cpu->fcsr & (FCSR_CAUSE | FCSR_FLAGS); break;
          case 28: v = (cpu->fcsr & (FCSR_ENABLES | FCSR_RM)) | ((cpu->fcsr >> 22) & 4); break;
          case 31: v = cpu->fcsr; break;
          default: return ri (cpu, pc, ds);
          }
        r[op->rt] = (uint64_t) (int64_t) (int32_t) v;
        return true;
      }
    case MIPS64_OP_CTC1:
      {
        uint32_t v = (uint32_t) r[op->rt];

        switch (fs)
          {
          case 25:
            cpu->fcsr = (cpu->fcsr & ~0xfe800000u) | ((v & 0xfe) << 24) | ((v & 1) << 23);
            break;
          case 26:
            cpu->fcsr = (cpu->fcsr & ~(FCSR_CAUSE | FCSR_FLAGS)) | (v & (FCSR_CAUSE | FCSR_FLAGS));
            break;
          case 28:
            cpu->fcsr = (cpu->fcsr & ~(FCSR_ENABLES | FCSR_RM | 0x01000000u))
                        | (v & (FCSR_ENABLES | FCSR_RM)) | ((v & 4) << 22);
            break;
          case 31:
            cpu->fcsr = v & FCSR_WRITABLE;
            break;
          default:
            return ri (cpu, pc, ds);
          }
        /* A cause bit with its enable set traps at once (E always traps). */
        if ((((cpu->fcsr >> 7) & 31) | 32) & ((cpu->fcsr >> 12) & 63))
          {
            mips64_exception (cpu, EXC_FPE, pc, ds);
            return false;
          }
        return true;
      }
    default:
      return ri (cpu, pc, ds);
    }
}
