/* The vector loops every kernel is made of, over the vector layer (one ISA
 * per compilation of src/kernels.c).  A kernel in src/act/<name>.h is one
 * call of one of them with the activation's vector function:
 *
 *   gp_map1_f32/f64   out[i] = f(x[i], p)           forward, grad, grad_from_output
 *   gp_map2_f32/f64   out[i] = f(x[i], da[i], p)    backward, backward_from_output
 *
 * They are always inlined into the kernel, where f is a constant and is
 * inlined in turn: each kernel is one loop with no call in it.
 *
 * A loop streams full vectors; the last n % N elements go through the same
 * vector function on a zero-padded copy, so the tail gives the same bits as
 * the body.  order = GP_LOADS_FIRST loads four vectors (map2: two) before
 * storing any: it keeps the long exp-based chains overlapped (the
 * activation's facts say which are bound by arithmetic); GP_STORE_AS_MADE
 * stores each vector as soon as it is made, which suits the memory-bound
 * kernels.  Large calls (p->stream, set by src/api.c past the last-level
 * cache) store with non-temporal stores; those need an aligned out, so the
 * elements before out's first vector boundary go through the padded path. */
#ifndef GP_LOOPS_H
#define GP_LOOPS_H

#include <stdint.h>
#include <string.h>

#include "kernels.h"
#include "simd/vec.h"

#define GP_INLINE static inline __attribute__((always_inline))

/* order, and two flags.  GP_CAREFUL makes the careful twin of a kernel
 * (issue 19): src/api.c runs it on a part of a call, in place of the fast
 * kernel, only where the fast one raised FE_UNDERFLOW; in gp_map2 it adds
 * gp_bwd's tiny-da guard (below), in the vector functions that take a
 * `careful` argument their own rare-lane guards.  GP_ONE_PRODUCT marks a
 * backward whose da g' is a single product of da with g' (or a choice of da
 * or 0), which cannot underflow beside a normal result: its careful twin
 * skips the tiny-da guard. */
enum { GP_STORE_AS_MADE, GP_LOADS_FIRST, GP_ONE_PRODUCT = 4, GP_CAREFUL = 8 };

typedef vf (*gp_vf1)(vf x, const gp_params *p);
typedef vf (*gp_vf2)(vf x, vf da, const gp_params *p);
typedef vd (*gp_vd1)(vd x, const gp_params *p);
typedef vd (*gp_vd2)(vd x, vd da, const gp_params *p);

/* The parameter lists of every kernel (gp_kernel_f32/f64 in src/kernels.h). */
#define GP_KERNEL_ARGS_F32 const gp_params *p, size_t n, const float *x, const float *da, float *out
#define GP_KERNEL_ARGS_F64 const gp_params *p, size_t n, const double *x, const double *da, double *out

/* elements before out's first vector boundary, at most n */
static inline size_t gp_head(const void *out, size_t vec_bytes, size_t size, size_t n)
{
    size_t h = (size_t)((0 - (uintptr_t)out) % vec_bytes) / size;
    return h < n ? h : n;
}

GP_INLINE void gp_store_f32(float *o, vf v, int stream)
{
    if (stream)
        vf_stream(o, v);
    else
        vf_storeu(o, v);
}

GP_INLINE void gp_store_f64(double *o, vd v, int stream)
{
    if (stream)
        vd_stream(o, v);
    else
        vd_storeu(o, v);
}

/* ---- float32 ----------------------------------------------------------------- */

GP_INLINE size_t gp_map1_body_f32(const gp_params *p, size_t i, size_t n, const float *x, float *out, gp_vf1 f,
                                  int order, int stream)
{
    const size_t N = VF_N;
    if ((order & GP_LOADS_FIRST)) {
        for (; i + 4 * N <= n; i += 4 * N) {
            vf r0 = f(vf_loadu(x + i), p), r1 = f(vf_loadu(x + i + N), p);
            vf r2 = f(vf_loadu(x + i + 2 * N), p), r3 = f(vf_loadu(x + i + 3 * N), p);
            gp_store_f32(out + i, r0, stream), gp_store_f32(out + i + N, r1, stream);
            gp_store_f32(out + i + 2 * N, r2, stream), gp_store_f32(out + i + 3 * N, r3, stream);
        }
    } else {
        for (; i + 4 * N <= n; i += 4 * N) {
            gp_store_f32(out + i, f(vf_loadu(x + i), p), stream);
            gp_store_f32(out + i + N, f(vf_loadu(x + i + N), p), stream);
            gp_store_f32(out + i + 2 * N, f(vf_loadu(x + i + 2 * N), p), stream);
            gp_store_f32(out + i + 3 * N, f(vf_loadu(x + i + 3 * N), p), stream);
        }
    }
    for (; i + N <= n; i += N)
        gp_store_f32(out + i, f(vf_loadu(x + i), p), stream);
    return i;
}

/* fewer than N elements: the same vector code on a zero-padded copy */
GP_INLINE void gp_map1_part_f32(const gp_params *p, size_t cnt, const float *x, float *out, gp_vf1 f)
{
    float bx[VF_N] = {0}, bo[VF_N];
    memcpy(bx, x, cnt * sizeof(float));
    vf_storeu(bo, f(vf_loadu(bx), p));
    memcpy(out, bo, cnt * sizeof(float));
}

GP_INLINE void gp_map1_f32(const gp_params *pp, size_t n, const float *x, const float *da, float *out, gp_vf1 f,
                           int order)
{
    const gp_params pl = *pp, *p = &pl; /* a copy no store to out can alias */
    size_t i;
    (void)da;
    if (p->stream && (uintptr_t)out % sizeof(float) == 0) {
        size_t h = gp_head(out, sizeof(vf), sizeof(float), n);
        if (h)
            gp_map1_part_f32(p, h, x, out, f);
        i = gp_map1_body_f32(p, h, n, x, out, f, order, 1);
        gp_stream_fence();
    } else {
        i = gp_map1_body_f32(p, 0, n, x, out, f, order, 0);
    }
    if (i < n)
        gp_map1_part_f32(p, n - i, x + i, out + i, f);
}

/* Backward at a tiny da (issue 19; careful kernels only, GP_CAREFUL).
 * da g' is linear in da, and every kernel forms it by roundings relative to
 * its size and exact scalings, so at da 2^S a kernel gives 2^S times its
 * result, bit for bit, wherever no step of it underflows.  Where 0 < |da| < 2^-60 (f32) or 2^-800 (f64) a
 * step can underflow beside a normal result (da times a factor of g' formed
 * before its scaling): FE_UNDERFLOW that the exact result does not call for,
 * and a rounding in the subnormals it does not need.  Such lanes run at
 * da 2^64 (f32) or 2^600 (f64), far below every threshold a kernel has for
 * da, and are scaled back, exactly where the result is normal (or z's NaN).
 * A lane whose result is subnormal, another NaN, or not far below overflow
 * at the scaled da (a from-output form at an a outside the outputs: g' up
 * to a^2) is run again at its own da: its flag is due, and its bits are the
 * unscaled ones.  One compare and a branch per vector otherwise: the fast
 * kernels (no GP_CAREFUL) have none of it. */
static inline vf gp_bwd_tiny_vf(gp_vf2 f, vf x, vf da, const gp_params *p, vfm tiny)
{
    vf zero = vf_set1(0.0f);
    vf rs = f(x, vf_select(tiny, vf_mul(da, vf_set1(0x1p64f)), da), p);
    /* ok: rs = 0 or 2^-62 <= |rs| <= 2^40 (a normal result; far from overflow) */
    vf t = vf_select(vf_eq(rs, zero), vf_set1(1.0f), vf_abs(rs));
    vfm ok = vf_le(vf_set1(0x1p-62f), vf_select(vf_le(t, vf_set1(0x1p40f)), vf_select(tiny, t, zero), zero));
    ok = vf_mask_or(ok, vf_isnan(vf_select(tiny, x, zero))); /* z's NaN, whatever da */
    vfm redo = vf_nle(vf_select(tiny, vf_select(ok, zero, vf_set1(1.0f)), zero), zero);
    vf r = vf_select(ok, vf_mul(vf_select(ok, rs, zero), vf_set1(0x1p-64f)), rs);
    if (vf_any(redo))
        r = vf_select(redo, f(x, vf_select(redo, da, zero), p), r);
    return r;
}
GP_INLINE vf gp_bwd_vf(gp_vf2 f, vf x, vf da, const gp_params *p, int order)
{
    if (!(order & GP_CAREFUL) || (order & GP_ONE_PRODUCT))
        return f(x, da, p);
    vf zero = vf_set1(0.0f);
    vfm tiny = vf_lt(vf_select(vf_eq(da, zero), vf_set1(1.0f), vf_abs(da)), vf_set1(0x1p-60f));
    if (__builtin_expect(!vf_any(tiny), 1))
        return f(x, da, p);
    return gp_bwd_tiny_vf(f, x, da, p, tiny);
}
static inline vd gp_bwd_tiny_vd(gp_vd2 f, vd x, vd da, const gp_params *p, vdm tiny)
{
    vd zero = vd_set1(0.0);
    vd rs = f(x, vd_select(tiny, vd_mul(da, vd_set1(0x1p600)), da), p);
    /* ok: rs = 0 or 2^-422 <= |rs| <= 2^300 (a normal result; far from overflow) */
    vd t = vd_select(vd_eq(rs, zero), vd_set1(1.0), vd_abs(rs));
    vdm ok = vd_le(vd_set1(0x1p-422), vd_select(vd_le(t, vd_set1(0x1p300)), vd_select(tiny, t, zero), zero));
    ok = vd_mask_or(ok, vd_isnan(vd_select(tiny, x, zero))); /* z's NaN, whatever da */
    vdm redo = vd_nle(vd_select(tiny, vd_select(ok, zero, vd_set1(1.0)), zero), zero);
    vd r = vd_select(ok, vd_mul(vd_select(ok, rs, zero), vd_set1(0x1p-600)), rs);
    if (vd_any(redo))
        r = vd_select(redo, f(x, vd_select(redo, da, zero), p), r);
    return r;
}
GP_INLINE vd gp_bwd_vd(gp_vd2 f, vd x, vd da, const gp_params *p, int order)
{
    if (!(order & GP_CAREFUL) || (order & GP_ONE_PRODUCT))
        return f(x, da, p);
    vd zero = vd_set1(0.0);
    vdm tiny = vd_lt(vd_select(vd_eq(da, zero), vd_set1(1.0), vd_abs(da)), vd_set1(0x1p-800));
    if (__builtin_expect(!vd_any(tiny), 1))
        return f(x, da, p);
    return gp_bwd_tiny_vd(f, x, da, p, tiny);
}

GP_INLINE size_t gp_map2_body_f32(const gp_params *p, size_t i, size_t n, const float *x, const float *da,
                                  float *out, gp_vf2 f, int order, int stream)
{
    const size_t N = VF_N;
    if ((order & GP_LOADS_FIRST)) {
        for (; i + 2 * N <= n; i += 2 * N) {
            vf r0 = gp_bwd_vf(f, vf_loadu(x + i), vf_loadu(da + i), p, order);
            vf r1 = gp_bwd_vf(f, vf_loadu(x + i + N), vf_loadu(da + i + N), p, order);
            gp_store_f32(out + i, r0, stream), gp_store_f32(out + i + N, r1, stream);
        }
    } else {
        for (; i + 2 * N <= n; i += 2 * N) {
            gp_store_f32(out + i, gp_bwd_vf(f, vf_loadu(x + i), vf_loadu(da + i), p, order), stream);
            gp_store_f32(out + i + N, gp_bwd_vf(f, vf_loadu(x + i + N), vf_loadu(da + i + N), p, order), stream);
        }
    }
    for (; i + N <= n; i += N)
        gp_store_f32(out + i, gp_bwd_vf(f, vf_loadu(x + i), vf_loadu(da + i), p, order), stream);
    return i;
}

GP_INLINE void gp_map2_part_f32(const gp_params *p, size_t cnt, const float *x, const float *da, float *out, int order,
                                gp_vf2 f)
{
    float bx[VF_N] = {0}, bd[VF_N] = {0}, bo[VF_N];
    memcpy(bx, x, cnt * sizeof(float));
    memcpy(bd, da, cnt * sizeof(float));
    vf_storeu(bo, gp_bwd_vf(f, vf_loadu(bx), vf_loadu(bd), p, order));
    memcpy(out, bo, cnt * sizeof(float));
}

GP_INLINE void gp_map2_f32(const gp_params *pp, size_t n, const float *x, const float *da, float *out, gp_vf2 f,
                           int order)
{
    const gp_params pl = *pp, *p = &pl;
    size_t i;
    if (p->stream && (uintptr_t)out % sizeof(float) == 0) {
        size_t h = gp_head(out, sizeof(vf), sizeof(float), n);
        if (h)
            gp_map2_part_f32(p, h, x, da, out, order, f);
        i = gp_map2_body_f32(p, h, n, x, da, out, f, order, 1);
        gp_stream_fence();
    } else {
        i = gp_map2_body_f32(p, 0, n, x, da, out, f, order, 0);
    }
    if (i < n)
        gp_map2_part_f32(p, n - i, x + i, da + i, out + i, order, f);
}

/* ---- float64: the same four loops over vd ---------------------------------------- */

GP_INLINE size_t gp_map1_body_f64(const gp_params *p, size_t i, size_t n, const double *x, double *out, gp_vd1 f,
                                  int order, int stream)
{
    const size_t N = VD_N;
    if ((order & GP_LOADS_FIRST)) {
        for (; i + 4 * N <= n; i += 4 * N) {
            vd r0 = f(vd_loadu(x + i), p), r1 = f(vd_loadu(x + i + N), p);
            vd r2 = f(vd_loadu(x + i + 2 * N), p), r3 = f(vd_loadu(x + i + 3 * N), p);
            gp_store_f64(out + i, r0, stream), gp_store_f64(out + i + N, r1, stream);
            gp_store_f64(out + i + 2 * N, r2, stream), gp_store_f64(out + i + 3 * N, r3, stream);
        }
    } else {
        for (; i + 4 * N <= n; i += 4 * N) {
            gp_store_f64(out + i, f(vd_loadu(x + i), p), stream);
            gp_store_f64(out + i + N, f(vd_loadu(x + i + N), p), stream);
            gp_store_f64(out + i + 2 * N, f(vd_loadu(x + i + 2 * N), p), stream);
            gp_store_f64(out + i + 3 * N, f(vd_loadu(x + i + 3 * N), p), stream);
        }
    }
    for (; i + N <= n; i += N)
        gp_store_f64(out + i, f(vd_loadu(x + i), p), stream);
    return i;
}

GP_INLINE void gp_map1_part_f64(const gp_params *p, size_t cnt, const double *x, double *out, gp_vd1 f)
{
    double bx[VD_N] = {0}, bo[VD_N];
    memcpy(bx, x, cnt * sizeof(double));
    vd_storeu(bo, f(vd_loadu(bx), p));
    memcpy(out, bo, cnt * sizeof(double));
}

GP_INLINE void gp_map1_f64(const gp_params *pp, size_t n, const double *x, const double *da, double *out,
                           gp_vd1 f, int order)
{
    const gp_params pl = *pp, *p = &pl;
    size_t i;
    (void)da;
    if (p->stream && (uintptr_t)out % sizeof(double) == 0) {
        size_t h = gp_head(out, sizeof(vd), sizeof(double), n);
        if (h)
            gp_map1_part_f64(p, h, x, out, f);
        i = gp_map1_body_f64(p, h, n, x, out, f, order, 1);
        gp_stream_fence();
    } else {
        i = gp_map1_body_f64(p, 0, n, x, out, f, order, 0);
    }
    if (i < n)
        gp_map1_part_f64(p, n - i, x + i, out + i, f);
}

GP_INLINE size_t gp_map2_body_f64(const gp_params *p, size_t i, size_t n, const double *x, const double *da,
                                  double *out, gp_vd2 f, int order, int stream)
{
    const size_t N = VD_N;
    if ((order & GP_LOADS_FIRST)) {
        for (; i + 2 * N <= n; i += 2 * N) {
            vd r0 = gp_bwd_vd(f, vd_loadu(x + i), vd_loadu(da + i), p, order);
            vd r1 = gp_bwd_vd(f, vd_loadu(x + i + N), vd_loadu(da + i + N), p, order);
            gp_store_f64(out + i, r0, stream), gp_store_f64(out + i + N, r1, stream);
        }
    } else {
        for (; i + 2 * N <= n; i += 2 * N) {
            gp_store_f64(out + i, gp_bwd_vd(f, vd_loadu(x + i), vd_loadu(da + i), p, order), stream);
            gp_store_f64(out + i + N, gp_bwd_vd(f, vd_loadu(x + i + N), vd_loadu(da + i + N), p, order), stream);
        }
    }
    for (; i + N <= n; i += N)
        gp_store_f64(out + i, gp_bwd_vd(f, vd_loadu(x + i), vd_loadu(da + i), p, order), stream);
    return i;
}

GP_INLINE void gp_map2_part_f64(const gp_params *p, size_t cnt, const double *x, const double *da, double *out, int order,
                                gp_vd2 f)
{
    double bx[VD_N] = {0}, bd[VD_N] = {0}, bo[VD_N];
    memcpy(bx, x, cnt * sizeof(double));
    memcpy(bd, da, cnt * sizeof(double));
    vd_storeu(bo, gp_bwd_vd(f, vd_loadu(bx), vd_loadu(bd), p, order));
    memcpy(out, bo, cnt * sizeof(double));
}

GP_INLINE void gp_map2_f64(const gp_params *pp, size_t n, const double *x, const double *da, double *out,
                           gp_vd2 f, int order)
{
    const gp_params pl = *pp, *p = &pl;
    size_t i;
    if (p->stream && (uintptr_t)out % sizeof(double) == 0) {
        size_t h = gp_head(out, sizeof(vd), sizeof(double), n);
        if (h)
            gp_map2_part_f64(p, h, x, da, out, order, f);
        i = gp_map2_body_f64(p, h, n, x, da, out, f, order, 1);
        gp_stream_fence();
    } else {
        i = gp_map2_body_f64(p, 0, n, x, da, out, f, order, 0);
    }
    if (i < n)
        gp_map2_part_f64(p, n - i, x + i, da + i, out + i, order, f);
}

#endif
