/* Helpers shared by the robustness tests: bit access, ULP distance, a fixed
 * PRNG, input vectors rich in special values, and the list of ISA paths. */
#ifndef GP_ROBUST_UTIL_H
#define GP_ROBUST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gprime.h"
#include "kernels.h"
#include "fpenv.h"
#include "../test_isas.h"

static inline uint32_t rb_bits32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline uint64_t rb_bits64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline float rb_f32(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}
static inline double rb_f64(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Distance in units in the last place, on the ordered integer line (+0 and -0
 * are 0 apart; NaN against non-NaN is "infinitely" far). */
static inline uint64_t rb_ulps32(float a, float b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : UINT64_MAX;
    int64_t ia = (int32_t)rb_bits32(a), ib = (int32_t)rb_bits32(b);
    if (ia < 0)
        ia = (int64_t)INT32_MIN - ia;
    if (ib < 0)
        ib = (int64_t)INT32_MIN - ib;
    return ia > ib ? (uint64_t)(ia - ib) : (uint64_t)(ib - ia);
}
static inline uint64_t rb_ulps64(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : UINT64_MAX;
    uint64_t ua = rb_bits64(a), ub = rb_bits64(b);
    /* map to a monotone unsigned line */
    ua = ua >> 63 ? ~ua : ua | (UINT64_C(1) << 63);
    ub = ub >> 63 ? ~ub : ub | (UINT64_C(1) << 63);
    return ua > ub ? ua - ub : ub - ua;
}

/* The ISA tables a test walks: every one this CPU has, or only those named in
 * GPRIME_TEST_ISAS (comma-separated), e.g. "generic" under valgrind, whose
 * emulation of the AVX2 FMA instructions differs from the hardware (valgrind
 * 3.19 computes vfnmadd as -(a*b+c): fnmadd(0,0,0) = -0, not +0). */
static inline const gp_kernel_table *rb_table(int isa)
{
    const gp_kernel_table *t = gp_isa_table(isa);
    return t && gp_test_isa_listed(t->name) ? t : NULL;
}

/* xorshift64*: fixed seed, same sequence everywhere */
static inline uint64_t rb_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

/* A value for position i: mostly ordinary numbers over the interesting ranges
 * of the activations, with specials (signed zeros, subnormals, extremes,
 * infinities, quiet and signalling NaNs) sprinkled in. */
static inline double rb_value64(uint64_t *s)
{
    uint64_t r = rb_next(s);
    switch (r % 16) {
    case 0: {
        static const uint64_t sp[] = {
            0x0000000000000000u, 0x8000000000000000u, 0x0000000000000001u, 0x8000000000000001u,
            0x000fffffffffffffu, 0x0010000000000000u, 0x8010000000000000u, 0x3ff0000000000000u,
            0xbff0000000000000u, 0x7fefffffffffffffu, 0xffefffffffffffffu, 0x7ff0000000000000u,
            0xfff0000000000000u, 0x7ff8000000000000u, 0x7ff8000000000abcu, 0x7ff0000000000abcu,
            0xfff8000000000123u, 0x7ff4000000000001u};
        return rb_f64(sp[(r >> 8) % (sizeof sp / sizeof sp[0])]);
    }
    case 1: /* any bit pattern */
        return rb_f64(rb_next(s));
    case 2: case 3: /* tails: |z| up to 800 */
        return ((double)(r >> 11) * 0x1p-53 - 0.5) * 1600.0;
    default: /* the bulk: |z| < 40 */
        return ((double)(r >> 11) * 0x1p-53 - 0.5) * 80.0;
    }
}
static inline float rb_value32(uint64_t *s)
{
    uint64_t r = rb_next(s);
    switch (r % 16) {
    case 0: {
        static const uint32_t sp[] = {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu,
                                      0x00800000u, 0x80800000u, 0x3f800000u, 0xbf800000u, 0x7f7fffffu,
                                      0xff7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fc00abcu,
                                      0x7f800abcu, 0xffc00123u, 0x7fa00001u};
        return rb_f32(sp[(r >> 8) % (sizeof sp / sizeof sp[0])]);
    }
    case 1:
        return rb_f32((uint32_t)(rb_next(s) >> 32));
    case 2: case 3:
        return (float)(((double)(r >> 11) * 0x1p-53 - 0.5) * 240.0);
    default:
        return (float)(((double)(r >> 11) * 0x1p-53 - 0.5) * 40.0);
    }
}

/* The first (last != 0: the last) kind whose facts say its forward, grad and
 * backward are bound by arithmetic (arith = 1: sigmoid today) or by memory
 * (arith = 0: relu first, leaky_relu last); -1 if none. */
static inline int rb_kind_bound_by(int arith, int last)
{
    int found = -1;
    for (int k = 0; k < GP_KIND_COUNT && (last || found < 0); k++)
        if (gp_act_table[k]->arith == arith)
            found = k;
    return found;
}

/* Activation settings exercised by the tests, from the facts of every
 * activation (src/act/desc.h): its defaults; where it has a kink, grad_at_zero
 * at the other slope and halfway; each parameter at 0.25, 3 and -0.5 where its
 * range allows (grad_at_zero halfway between the slopes then).  Some are not
 * for the from-output forms (a negative leaky_relu slope): check with
 * gp_act_check(act, 1).  Today: sigmoid, tanh, relu (gaz 0, 1, 0.5),
 * leaky_relu (alpha 0.01 (not exact in f32), gaz 1, 0.505, alpha 0.25, 3, -0.5). */
#define RB_MAX_ACTS (12 * GP_KIND_COUNT) /* 1 + 2 + 3 params x 3 values per kind */
static inline int rb_acts(gp_act *out)
{
    static const double vals[] = {0.25, 3.0, -0.5};
    int n = 0;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act a = gp_act_default((gp_kind)k);
        out[n++] = a;
        double l, r;
        if (d->kink_slopes) {
            d->kink_slopes(&a, &l, &r);
            out[n] = a;
            out[n++].grad_at_zero = r;
            out[n] = a;
            out[n++].grad_at_zero = l + (r - l) / 2;
        }
        for (int i = 0; i < d->nparams; i++)
            for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
                if (!gp_param_ok(&d->params[i], vals[v], 0))
                    continue;
                gp_act b = gp_act_default((gp_kind)k);
                *gp_act_slot(&b, &d->params[i]) = vals[v];
                if (d->kink_slopes) {
                    d->kink_slopes(&b, &l, &r);
                    b.grad_at_zero = l + (r - l) / 2;
                }
                out[n++] = b;
            }
    }
    return n;
}

#endif
