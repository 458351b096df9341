/* Internal: the FP-flag guard of a call's part (issue 19), src/api.c.
 *
 * No kernel may raise FE_OVERFLOW, FE_UNDERFLOW, FE_INVALID or FE_DIVBYZERO
 * for an input whose exact result does not call for it.  Two rare classes of
 * input make the fast kernels raise a spurious FE_UNDERFLOW beside a normal
 * result: a tiny da in the backward forms (0 < |da| < 2^-60 in f32, 2^-800
 * in f64), and a tiny a (|a| < 2^-511) in the f64 from-output forms of
 * sigmoid, elu, selu and celu.  Guards inside the kernels cost the cheap ones
 * 20-120 % (commit e207bb8), so the guard is here, once per part of a call:
 *
 *   1. save the FP environment, mask every trap, clear the flags;
 *   2. run the fast kernel;
 *   3. only where it raised FE_UNDERFLOW, clear the flags and run the part
 *      again through its careful twin (src/loops.h GP_CAREFUL: the same
 *      source with the rare-lane guards, bit-identical wherever the fast
 *      kernel raises no spurious flag);
 *   4. restore the environment and raise the flags the final computation
 *      raised, by real operations where the caller unmasked their traps (a
 *      program with feenableexcept traps on the legitimate flags only).
 *
 * On x86-64 that is MXCSR itself (stmxcsr is cheap; ldmxcsr is left out in
 * the common case: every trap masked and FE_UNDERFLOW not yet raised, as
 * any flag but that one may stay set while the kernel runs); elsewhere
 * <fenv.h>'s feholdexcept / feupdateenv.  A part whose result legitimately
 * underflows (a tail of sigmoid's g' past |z| = 745) runs twice.
 *
 * The rerun needs the inputs: a call whose out is one of its inputs (in
 * place) runs in blocks, each block's aliased input saved on the stack
 * before the fast kernel overwrites it. */
#ifndef GP_FPENV_H
#define GP_FPENV_H

#include <float.h>
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <xmmintrin.h>
#define GP_FPENV_MXCSR 1
#else
#include <fenv.h>
#define GP_FPENV_MXCSR 0
#endif

#if GP_FPENV_MXCSR
enum {
    GP_MX_IE = 0x01, GP_MX_DE = 0x02, GP_MX_ZE = 0x04, GP_MX_OE = 0x08, GP_MX_UE = 0x10, GP_MX_PE = 0x20,
    GP_MX_FLAGS = 0x3f, GP_MX_MASKS = GP_MX_FLAGS << 7
};

/* Raises the MXCSR flags f by SSE operations (each traps where unmasked). */
static inline void gp_mx_raise(unsigned f)
{
    volatile double z = 0.0, one = 1.0, three = 3.0, big = DBL_MAX, small = DBL_MIN, den = 0x1p-1074, t;
    if (f & GP_MX_IE)
        t = z / z;
    if (f & GP_MX_ZE)
        t = one / z;
    if (f & GP_MX_OE)
        t = big * big;
    if (f & GP_MX_UE)
        t = small * small;
    if (f & GP_MX_DE)
        t = den + one;
    if (f & GP_MX_PE)
        t = one / three;
    (void)t;
}

/* Step 1: the MXCSR to run the kernel with, from the caller's c0 */
static inline unsigned gp_mx_run(unsigned c0)
{
    /* every trap masked: only FE_UNDERFLOW needs clearing (usually it is) */
    if ((c0 & GP_MX_MASKS) == GP_MX_MASKS)
        return c0 & ~(unsigned)GP_MX_UE;
    return (c0 | GP_MX_MASKS) & ~(unsigned)GP_MX_FLAGS;
}

/* Step 4: back to c0 with the flags of c1 (the MXCSR after the final run) */
static inline void gp_mx_restore(unsigned c0, unsigned c1)
{
    if ((c0 & GP_MX_MASKS) == GP_MX_MASKS) { /* c1 = c0 but FE_UNDERFLOW, with the new flags */
        _mm_setcsr(c1 | (c0 & GP_MX_FLAGS));
        return;
    }
    unsigned f = c1 & GP_MX_FLAGS, unmasked = (~c0 >> 7) & GP_MX_FLAGS;
    _mm_setcsr(c0 | (f & ~unmasked));
    if (f & unmasked)
        gp_mx_raise(f & unmasked);
}
#endif

/* The guard of one kernel run, for either type: RUN(k) runs kernel k on the
 * part, k = K (fast) or KC (careful, not NULL). */
#if GP_FPENV_MXCSR
#define GP_FPENV_GUARD(RUN, K, KC)                                                                                \
    do {                                                                                                          \
        unsigned c0_ = _mm_getcsr(), run_ = gp_mx_run(c0_);                                                       \
        if (run_ != c0_)                                                                                          \
            _mm_setcsr(run_);                                                                                     \
        RUN(K);                                                                                                   \
        unsigned c1_ = _mm_getcsr();                                                                              \
        if (__builtin_expect((c1_ & GP_MX_UE) != 0, 0) && (KC)) {                                                 \
            _mm_setcsr(run_);                                                                                     \
            RUN(KC);                                                                                              \
            c1_ = _mm_getcsr();                                                                                   \
        }                                                                                                         \
        if (run_ != c0_)                                                                                          \
            gp_mx_restore(c0_, c1_);                                                                              \
    } while (0)
#else
#define GP_FPENV_GUARD(RUN, K, KC)                                                                                \
    do {                                                                                                          \
        fenv_t env_;                                                                                              \
        feholdexcept(&env_);                                                                                      \
        RUN(K);                                                                                                   \
        if (fetestexcept(FE_UNDERFLOW) && (KC)) {                                                                 \
            feclearexcept(FE_ALL_EXCEPT);                                                                         \
            RUN(KC);                                                                                              \
        }                                                                                                         \
        feupdateenv(&env_);                                                                                       \
    } while (0)
#endif

/* In-place blocks: elements per block, 4 KiB of the aliased input */
#define GP_FPENV_BLOCK 4096

/* k on n elements (x, da as the kernel takes them), through the guard with
 * its careful twin kc (NULL: none, the traps masked only, no rerun).  out
 * may be x or da (in place). */
#define GP_FPENV_DEFINE(T, KT)                                                                                    \
    static inline void gp_guarded_##T(KT k, KT kc, const gp_params *p, size_t n, const T *x, const T *da, T *out)        \
    {                                                                                                             \
        if ((out != x && out != da) || !kc) {                                                                     \
            GP_FPENV_GUARD(GP_FPENV_RUN_WHOLE, k, kc);                                                            \
            return;                                                                                               \
        }                                                                                                         \
        T saved[GP_FPENV_BLOCK / sizeof(T)];                                                                      \
        const size_t B = GP_FPENV_BLOCK / sizeof(T);                                                              \
        for (size_t i = 0; i < n; i += B) {                                                                       \
            size_t m = n - i < B ? n - i : B;                                                                     \
            memcpy(saved, out + i, m * sizeof(T));                                                                \
            const T *xb = out == x ? saved : x + i, *db = out == da ? saved : (da ? da + i : NULL);               \
            GP_FPENV_GUARD(GP_FPENV_RUN_BLOCK, k, kc);                                                            \
        }                                                                                                         \
    }
#define GP_FPENV_RUN_WHOLE(K) (K)(p, n, x, da, out)
#define GP_FPENV_RUN_BLOCK(K) (K)(p, m, xb, db, out + i)

GP_FPENV_DEFINE(float, gp_kernel_f32)
GP_FPENV_DEFINE(double, gp_kernel_f64)

/* Whether op's calls of type size run under the guard: the backward ops
 * with a careful twin (all but the relu family's), and every f64
 * from-output op (with a twin or not: selu's and softsign's exact subnormal
 * intermediates at a subnormal a raise nothing masked but trap where the
 * caller unmasked FE_UNDERFLOW, IEEE 754 signalling underflow on tininess
 * alone then).  Forward and grad, never: the guard's cost (two stmxcsr,
 * some 10 ns a call on an EPYC) is not spent where no spurious flag arises
 * with the traps masked (a trapping program may still trap on an exact tiny
 * intermediate there: tanh's and softsign's grad at a subnormal z,
 * hardswish's forward at 2^-600). */
static inline int gp_fpenv_guarded(gp_op op, size_t size, int has_careful)
{
    return has_careful || (size == sizeof(double) && gp_is_from_output(op));
}

/* What a call runs on one part of n elements: op's kernel of ak in the tier,
 * under the guard where gp_fpenv_guarded says.  The scalar forms use it,
 * and the tests and fuzzers that compare the API with the kernels. */
static inline void gp_kernel_call_f32(const gp_act_kernels *ak, gp_op op, gp_accuracy tier, const gp_params *p,
                                      size_t n, const float *x, const float *da, float *out)
{
    gp_kernel_f32 k = gp_kernel_of_f32(ak, op, tier);
    gp_kernel_f32 kc = gp_is_backward(op) ? gp_careful_of_f32(ak, op, tier) : NULL;
    if (gp_fpenv_guarded(op, sizeof(float), kc != NULL))
        gp_guarded_float(k, kc, p, n, x, da, out);
    else
        k(p, n, x, da, out);
}
static inline void gp_kernel_call_f64(const gp_act_kernels *ak, gp_op op, gp_accuracy tier, const gp_params *p,
                                      size_t n, const double *x, const double *da, double *out)
{
    gp_kernel_f64 k = gp_kernel_of_f64(ak, op, tier);
    gp_kernel_f64 kc = gp_is_backward(op) || gp_is_from_output(op) ? gp_careful_of_f64(ak, op, tier) : NULL;
    if (gp_fpenv_guarded(op, sizeof(double), kc != NULL))
        gp_guarded_double(k, kc, p, n, x, da, out);
    else
        k(p, n, x, da, out);
}

#endif
