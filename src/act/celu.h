/* celu: g(z) = z (z > 0), A (e^(z/A) - 1) otherwise;  g'(z) = 1 (z > 0),
 * e^(z/A) (z <= 0; 1 at z = 0 from both sides: no kink).  A = alpha > 0,
 * finite (default 1).  From the output: 1 (a > 0), a/A + 1 (a <= 0).
 *
 * w = z/A as a double-double (celu_w below): wh = zc/A rounded, wl = (zc -
 * wh A)/A with the remainder exact by FMA, for zc = z clamped to [-2048 A,
 * -thr] (A > 2^1012: not clamped below, wh clamped at -2300 instead):
 * e^-2048 is below every slope and dz any finite da can make, and the clamp
 * keeps z/A from overflowing (no spurious FE_OVERFLOW, FE_INVALID at
 * z = -inf).  thr = A 2^-60 (0 for A < 2^-962, where it would not be exact):
 * for |z| <= thr, A (e^(z/A) - 1) = z to 2^-61 and e^(z/A) rounds to 1, so
 * that path returns z (forward; -0 stays -0) and the slope e^(-2^-60) = 1.
 * (For A < 2^-910 the remainder of a z near 2^-1000 may round in the
 * subnormals and raise FE_UNDERFLOW; nothing else is lost.)
 *
 * forward (f64), elu_core.h: z > 0 or |z| <= thr: z.  Otherwise A (e^w - 1),
 *   w clamped at -50 (e^-50 < 2^-72 is lost next to 1), e^w - 1 a
 *   double-double to 2^-57 with wl in its linear term, times A's split
 *   (ch 2^ce), one rounding: below 0.57 ulp (a subnormal result: below 1).
 * grad (f64): e^w as P 2^K, wl in the linear term: below 0.57 ulp
 *   (subnormal: below 1); celu'(-700) = 9.9e-305 at A = 1.
 * backward (f64): da e^w, below 1.64 ulp (elu_core.h); z > 0: da.
 * grad_from_output: a/A + 1 = (a + A)/A: a + A = s + e exactly (TwoSum),
 *   q0 = s/A, then q0 + (s - q0 A + e)/A (the remainder exact by FMA): one
 *   rounding of the correction, below 0.5 ulp + 2^-100 (f32: in double,
 *   then rounded to float: 0.5 + 2^-29 ulp).
 * backward_from_output: da q0 + da (correction) in one FMA: 0.5 ulp + 2^-100.
 *   A tiny a beside A (|e| < 2^-900), or a tiny da, can make the correction
 *   or da times it underflow and raise FE_UNDERFLOW beside a normal result:
 *   src/api.c then runs the careful twin, where the correction of a tiny a,
 *   of which only the sign counts, stands in as +-2^-950 (same results, no
 *   FE_UNDERFLOW), and a tiny da runs scaled (src/loops.h gp_bwd_vd).
 *   Where that pair is not finite (a = -inf, or (a + A)/A overflows for a
 *   tiny A) the plain a/A + 1, times da.
 * f32: the f64 functions on the float z (and da) with A = (float)alpha in
 *   double, rounded once to float: below 0.5 + 2^-27 ulp, subnormal float
 *   results included.
 * NaN -> the same NaN, quieted; backward: z's NaN, then da's.  +-inf: the
 * limits -A, inf (forward), 0, 1 (grad). */
#ifndef GP_ACT_CELU_H
#define GP_ACT_CELU_H

#include "act/elu_core.h"

#if defined(GP_ACT_FACTS)

static void gp_celu_limits(const gp_act *act, double lim[4])
{
    lim[0] = -act->alpha, lim[1] = INFINITY, lim[2] = 0.0, lim[3] = 1.0;
}

static const gp_act_desc gp_celu_desc = {
    .kind = GP_CELU,
    .name = "celu",
    .g = "z (z > 0), alpha (e^(z/alpha) - 1)",
    .dg = "1 (z > 0), e^(z/alpha)",
    .dg_from_a = "1 (a > 0), a/alpha + 1",
    .nparams = 1,
    .params = {{"alpha", GP_SLOT_ALPHA, 1.0, 0.0, INFINITY, 1, -INFINITY, 0}},
    .ops = GP_OPS_ALL,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 1.0, 2.5, 1.5}, {1.0, 2.0, 1.0, 2.5, 1.5}},
    .arith = 1,
    .limits = gp_celu_limits,
    .show_lo = -4.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

/* w = z/A = wh + wl for z <= 0 (see above); *small: |z| <= thr */
static inline vd gp_celu_w(vd z, double A, vd *wl, vdm *small)
{
    double thr = A >= 0x1p-962 ? A * 0x1p-60 : 0.0;
    double zlim = A <= 0x1p1012 ? -2048.0 * A : -INFINITY;
    vd a = vd_set1(A);
    vd zc = vd_max(vd_min(z, vd_set1(-thr)), vd_set1(zlim));
    vd w0 = vd_div(zc, a);
    vdm deep = vd_lt(w0, vd_set1(-2300.0));
    vd wh = vd_max(w0, vd_set1(-2300.0));
    *wl = vd_select(deep, vd_set1(0.0), vd_div(vd_fnma(wh, a, zc), a));
    *small = vd_le(vd_abs(z), vd_set1(thr));
    return wh;
}

static inline vd gp_celu_forward_a(vd z, double A)
{
    vd wl;
    vdm small;
    vd wh = gp_celu_w(z, A, &wl, &small);
    vd big = gp_expm1_times(vd_max(wh, vd_set1(-50.0)), wl, gp_xc_split(A, 0.0));
    vd r = vd_select(vd_gt(z, vd_set1(0.0)), z, vd_select(small, z, big));
    return vd_nan_keep(z, r);
}
static inline vd gp_celu_grad_a(vd z, double A)
{
    vd wl, K;
    vdm small;
    vd wh = gp_celu_w(z, A, &wl, &small);
    vd P = gp_exp_times(wh, wl, gp_xc_split(1.0, 0.0), &K);
    vd r = vd_select(vd_gt(z, vd_set1(0.0)), vd_set1(1.0), vd_ldexp(P, K));
    return vd_nan_keep(z, r);
}
static inline vd gp_celu_backward_a(vd z, vd da, double A)
{
    vd wl, K;
    vdm small;
    vd wh = gp_celu_w(z, A, &wl, &small);
    vd P = gp_exp_times(wh, wl, gp_xc_split(1.0, 0.0), &K);
    vdm pos = vd_gt(z, vd_set1(0.0));
    vd r = vd_select(pos, da, gp_exp_times_da(P, K, vd_select(pos, vd_set1(0.0), da)));
    return vd_nan_first(z, da, r);
}
/* (a + A)/A = q0 + *ql for a <= 0 (a > 0: 1 + 0); where not finite, the
 * plain a/A + 1 in q0 and ql = 0 */
static inline vd gp_celu_fo_pair(vd a0, double A, vd *ql, int careful)
{
    vd zero = vd_set1(0.0);
    vd a = vd_select(vd_gt(a0, zero), zero, a0);
    vd va = vd_set1(A), e, s = vd_two_sum(a, va, &e);
    vd q0 = vd_div(s, va);
    vd r0 = vd_fnma(q0, va, s), l;
    if (careful) {
        /* the careful twin (issue 19): an exact q0 >= 2^-790 (r0 = 0) beside
         * 0 < |e| < 2^-900 (a tiny a): e/A would underflow.  It lies far
         * below q0's last bit, where only its sign counts (A > 0): 2^-950
         * with that sign gives the same sum q0 + l and the same product with
         * da (gp_pair_times_da), with no FE_UNDERFLOW */
        vd ee = vd_select(vd_eq(e, zero), vd_set1(1.0), vd_abs(e));
        ee = vd_select(vd_eq(r0, zero), ee, vd_set1(1.0));
        vdm tiny = vd_lt(vd_select(vd_le(vd_set1(0x1p-790), vd_abs(q0)), ee, vd_set1(1.0)), vd_set1(0x1p-900));
        int any_tiny = vd_any(tiny);
        l = vd_div(vd_add(r0, any_tiny ? vd_select(tiny, zero, e) : e), va);
        if (any_tiny)
            l = vd_select(tiny, vd_copysign(vd_set1(0x1p-950), e), l);
    } else {
        l = vd_div(vd_add(r0, e), va);
    }
    vdm bad = vd_nle(vd_abs(l), vd_set1(DBL_MAX)); /* NaN or inf */
    if (vd_any(bad)) {
        q0 = vd_select(bad, vd_add(vd_div(a, va), vd_set1(1.0)), q0);
        l = vd_select(bad, vd_set1(0.0), l);
    }
    *ql = l;
    return q0;
}
static inline vd gp_celu_gfo_a(vd a, double A, int careful)
{
    vd ql, q0 = gp_celu_fo_pair(a, A, &ql, careful);
    vd r = vd_select(vd_gt(a, vd_set1(0.0)), vd_set1(1.0), vd_add(q0, ql));
    return vd_nan_keep(a, r);
}
static inline vd gp_celu_bfo_a(vd a, vd da, double A, int careful)
{
    vdm pos = vd_gt(a, vd_set1(0.0));
    vd ql, q0 = gp_celu_fo_pair(a, A, &ql, careful);
    vd zero = vd_set1(0.0);
    vd r = vd_select(pos, da, gp_pair_times_da(q0, vd_select(pos, zero, ql), vd_select(pos, zero, da), careful));
    return vd_nan_first(a, da, r);
}

static inline vd gp_celu_forward_vd(vd z, const gp_params *p) { return gp_celu_forward_a(z, p->alpha); }
static inline vd gp_celu_grad_vd(vd z, const gp_params *p) { return gp_celu_grad_a(z, p->alpha); }
static inline vd gp_celu_backward_vd(vd z, vd da, const gp_params *p) { return gp_celu_backward_a(z, da, p->alpha); }
static inline vd gp_celu_grad_from_output_vd(vd a, const gp_params *p) { return gp_celu_gfo_a(a, p->alpha, 0); }
static inline vd gp_celu_backward_from_output_vd(vd a, vd da, const gp_params *p) { return gp_celu_bfo_a(a, da, p->alpha, 0); }
static inline vd gp_celu_grad_from_output_careful_vd(vd a, const gp_params *p) { return gp_celu_gfo_a(a, p->alpha, 1); }
static inline vd gp_celu_backward_from_output_careful_vd(vd a, vd da, const gp_params *p) { return gp_celu_bfo_a(a, da, p->alpha, 1); }

/* float32: the same in double with A = (float)alpha, rounded once (an alpha
 * that rounds to 0 in float is refused by the call's checks) */
static inline double gp_celu_af(const gp_params *p) { return p->alpha_f; }
static inline vd gp_celu_forward_f_vd(vd z, const gp_params *p) { return gp_celu_forward_a(z, gp_celu_af(p)); }
static inline vd gp_celu_grad_f_vd(vd z, const gp_params *p) { return gp_celu_grad_a(z, gp_celu_af(p)); }
static inline vd gp_celu_backward_f_vd(vd z, vd da, const gp_params *p) { return gp_celu_backward_a(z, da, gp_celu_af(p)); }
static inline vd gp_celu_gfo_f_vd(vd a, const gp_params *p) { return gp_celu_gfo_a(a, gp_celu_af(p), 0); }
static inline vd gp_celu_bfo_f_vd(vd a, vd da, const gp_params *p) { return gp_celu_bfo_a(a, da, gp_celu_af(p), 0); }
static inline vf gp_celu_forward_vf(vf z, const gp_params *p) { return vf_nan_keep(z, VF_VIA_VD(gp_celu_forward_f_vd, z, p)); }
static inline vf gp_celu_grad_vf(vf z, const gp_params *p) { return vf_nan_keep(z, VF_VIA_VD(gp_celu_grad_f_vd, z, p)); }
static inline vf gp_celu_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_celu_backward_f_vd, z, da, p));
}
static inline vf gp_celu_grad_from_output_vf(vf a, const gp_params *p) { return vf_nan_keep(a, VF_VIA_VD(gp_celu_gfo_f_vd, a, p)); }
static inline vf gp_celu_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_celu_bfo_f_vd, a, da, p));
}

/* forward, grad and backward are bound by arithmetic; the from-output forms by memory */
static void gp_f32_celu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_celu_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_celu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_celu_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_celu_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_celu_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_celu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_celu_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_celu_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_celu_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_celu_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_celu_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_celu_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_celu_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_celu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_celu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_celu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_celu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_celu_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_celu_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_celu_grad_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_celu_grad_from_output_careful_vd, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_celu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_celu_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_celu_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_celu_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_celu_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_celu_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_celu_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_celu_backward_from_output_careful_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_celu_kernels = {
    .f32 = {gp_f32_celu_forward, gp_f32_celu_grad, gp_f32_celu_grad_from_output, gp_f32_celu_backward, gp_f32_celu_backward_from_output},
    .f64 = {gp_f64_celu_forward, gp_f64_celu_grad, gp_f64_celu_grad_from_output, gp_f64_celu_backward, gp_f64_celu_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_celu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_celu_backward_from_output_careful},
    .careful_f64 = {[GP_OP_GRAD_FROM_OUTPUT] = gp_f64_celu_grad_from_output_careful, [GP_OP_BACKWARD] = gp_f64_celu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_celu_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z and A exact, z/A at
 * out's precision + 32 (its relative error 2^-232 moves e^w by |w| 2^-232,
 * nothing where e^w is not 0 in double):
 *   g = z (z > 0), A expm1(z/A);  g' = 1 (z > 0), e^(z/A);
 *   from a: 1 (a > 0), (a + A)/A (a <= 0). */
static void gp_celu_ref_fn(mpfr_ptr out, int fn, const gp_act *act, double z)
{
    if (z > 0) {
        mpfr_set_d(out, fn == GP_REF_G ? z : 1.0, MPFR_RNDN);
        return;
    }
    mpfr_t c, w;
    mpfr_inits2(mpfr_get_prec(out) + 32, c, w, (mpfr_ptr)0);
    mpfr_set_d(c, fn == GP_REF_G ? act->alpha : 1.0, MPFR_RNDN);
    mpfr_set_d(w, z, MPFR_RNDN);
    mpfr_div_d(w, w, act->alpha, MPFR_RNDN);
    gp_ref_c_exp(out, fn, c, w);
    mpfr_clears(c, w, (mpfr_ptr)0);
}
static void gp_celu_ref_g(mpfr_ptr out, const gp_act *act, double z) { gp_celu_ref_fn(out, GP_REF_G, act, z); }
static void gp_celu_ref_dg(mpfr_ptr out, const gp_act *act, double z) { gp_celu_ref_fn(out, GP_REF_DG, act, z); }
static void gp_celu_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    if (a > 0) {
        mpfr_set_d(out, 1.0, MPFR_RNDN);
        return;
    }
    mpfr_t s;
    mpfr_init2(s, 2200); /* a + A exact for any two doubles */
    mpfr_set_d(s, a, MPFR_RNDN);
    mpfr_add_d(s, s, act->alpha, MPFR_RNDN);
    gp_ref_odd(out, mpfr_div_d(out, s, act->alpha, MPFR_RNDZ)); /* to odd: a tiny a decides midpoints */
    mpfr_clear(s);
}

/* Screens (tools/ulp): w = z/A as wh + wl (remainder by FMA, fmal), e^w =
 * e^wh (1 + wl), e^w - 1 = expm1(wh) + e^wh wl, with glibc's exp/expm1
 * (expl/expm1l) within 1 (2) ulp: relative error below 2^-50 (2^-61), down
 * to the deepest slope that still counts (|wl| <= 2^-53 |w|, so e^wl - 1 -
 * wl < 2^-90 for |w| < 2^16).  From a: (a + A)/A from the TwoSum pair.
 * For A where z/A overflows, w is -inf and the values are the limits. */
static void gp_celu_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, A = act->alpha, wh = z / A, wl = isinf(wh) ? 0.0 : fma(-wh, A, z) / A, e, s;
    double E = exp(wh);
    out[GP_REF_G] = z > 0 ? z : A * (expm1(wh) + E * wl);
    out[GP_REF_DG] = z > 0 ? 1.0 : E + E * wl;
    s = gp_ref_two_sum(z, A, &e);
    out[GP_REF_DG_FROM_A] = z > 0 ? 1.0 : isinf(z) ? z / A : (s + e) / A;
}
static long double gp_celu_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x, A = act->alpha, wh = z / A, wl = isinf(wh) ? 0.0L : fmal(-wh, A, z) / A;
    if (fn == GP_REF_G)
        return z > 0 ? z : A * (expm1l(wh) + expl(wh) * wl);
    if (fn == GP_REF_DG)
        return z > 0 ? 1.0L : expl(wh) * (1.0L + wl);
    return x > 0 ? 1.0L : gp_ref_plus_dd_ld(x, act->alpha, 0.0) / A;
}

static const gp_act_ref gp_celu_ref = {
    {gp_celu_ref_g, gp_celu_ref_dg, gp_celu_ref_dg_from_a},
    gp_celu_screen_d,
    gp_celu_screen_ld,
};
#endif
#endif
