/* elu: g(z) = z (z > 0), A (e^z - 1) otherwise;  g'(z) = 1 (z > 0), A e^z
 * (z < 0), grad_at_zero (z = +-0; between A and 1, default A).  A = alpha,
 * finite (any sign; default 1).  From the output: 1 (a > 0), a + A (a <= 0),
 * which needs A > 0 (else the sign of a does not tell the branch: PyTorch
 * #47671), checked by the API.
 *
 * forward (f64), elu_core.h: z > 0: z (exact).  |z| <= 2^-60: A z rounded
 *   once (A(e^z - 1) - A z < 2^-61 |A z|): 0.5 ulp + 2^-61; -0 stays -0 for
 *   A > 0.  Otherwise A (e^max(z,-50) - 1) with e^z - 1 as a double-double
 *   to 2^-57 (no cancellation near 0; e^-50 < 2^-72 is lost next to 1, so
 *   the clamp changes nothing), one rounding: below 0.57 ulp; a subnormal
 *   result (tiny A) below 1 ulp of the spacing.  elu(-inf) = -A.
 * grad (f64): A e^z as P 2^K, below 0.57 ulp (a subnormal slope: below 1);
 *   tails whole: elu'(-700) = 9.9e-305, and e^z's tail reaches every finite A.
 * backward (f64): da A e^z, below 1.64 ulp (elu_core.h); z > 0: da; z = +-0:
 *   da * grad_at_zero.
 * grad_from_output: a + A, one rounding (correctly rounded; f32 in float).
 * backward_from_output: da (a + A) with a + A exact (TwoSum) and one FMA:
 *   0.5 ulp + 2^-104 (f32: in double, rounded once).
 * f32: the f64 functions on the float z (and da) with A = (float)alpha in
 *   double, rounded once to float: the double results are within 2^-51.5
 *   relative (a double subnormal never occurs: |A| <= FLT_MAX and z's
 *   float tail stays far above 2^-1022), so forward, grad and backward are
 *   below 0.5 + 2^-27 ulp, subnormal float results included (elu'(-100) =
 *   3.7e-44, not 0).
 * NaN -> the same NaN, quieted; backward: z's NaN, then da's.  +-inf: the
 * limits -A, inf (forward), +-0 (the sign of A), 1 (grad). */
#ifndef GP_ACT_ELU_H
#define GP_ACT_ELU_H

#include "act/elu_core.h"

#if defined(GP_ACT_FACTS)

static void gp_elu_kink_slopes(const gp_act *act, double *left, double *right)
{
    *left = act->alpha, *right = 1.0;
}

/* as the kernels form them: -A (+0 for A = +-0); A e^-inf = 0 with A's sign
 * (+0 for A = +-0) */
static void gp_elu_limits(const gp_act *act, double lim[4])
{
    lim[0] = 0.0 - act->alpha, lim[1] = INFINITY;
    lim[2] = act->alpha < 0 ? -0.0 : 0.0, lim[3] = 1.0;
}

static const gp_act_desc gp_elu_desc = {
    .kind = GP_ELU,
    .name = "elu",
    .g = "z (z > 0), alpha (e^z - 1)",
    .dg = "1 (z > 0), alpha e^z (z < 0), grad_at_zero at z = 0",
    .dg_from_a = "1 (a > 0), a + alpha",
    .nparams = 1,
    /* from the output: alpha > 0 (the sign of a must tell the branch) */
    .params = {{"alpha", GP_SLOT_ALPHA, 1.0, -INFINITY, INFINITY, 0, 0.0, 1}},
    .ops = GP_OPS_ALL,
    .nkinks = 1,
    .kinks = {0.0},
    .kink_slopes = gp_elu_kink_slopes,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 1.0, 2.5, 1.5}, {1.0, 2.0, 1.0, 2.5, 1.5}},
    .arith = 1,
    .limits = gp_elu_limits,
    .show_lo = -4.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

/* the kernels' functions of A (alpha or its float rounding, as a double) */
static inline vd gp_elu_forward_a(vd z, double A)
{
    return gp_elu_value(z, gp_xc_split(A, 0.0), z, vd_mul(gp_elu_small_z(z), vd_set1(A)));
}
static inline vd gp_elu_grad_a(vd z, double A, double gaz)
{
    return gp_elu_slope(z, gp_xc_split(A, 0.0), vd_set1(1.0), vd_set1(gaz));
}
static inline vd gp_elu_backward_a(vd z, vd da, double A, double gaz)
{
    return gp_elu_slope_da(z, da, gp_xc_split(A, 0.0), 1.0, 0.0, vd_set1(gaz));
}
static inline vd gp_elu_bfo_a(vd a, vd da, double A, int careful)
{
    vdm pos = vd_gt(a, vd_set1(0.0));
    vd e, s = vd_two_sum(vd_select(pos, vd_set1(0.0), a), vd_set1(A), &e);
    vd zero = vd_set1(0.0);
    vd r = vd_select(pos, da, gp_pair_times_da(s, vd_select(pos, zero, e), vd_select(pos, zero, da), careful));
    return vd_nan_first(a, da, r);
}

static inline vd gp_elu_forward_vd(vd z, const gp_params *p) { return gp_elu_forward_a(z, p->alpha); }
static inline vd gp_elu_grad_vd(vd z, const gp_params *p) { return gp_elu_grad_a(z, p->alpha, p->grad_at_zero); }
static inline vd gp_elu_backward_vd(vd z, vd da, const gp_params *p)
{
    return gp_elu_backward_a(z, da, p->alpha, p->grad_at_zero);
}
static inline vd gp_elu_grad_from_output_vd(vd a, const gp_params *p)
{
    vdm pos = vd_gt(a, vd_set1(0.0));
    return vd_select(pos, vd_set1(1.0), vd_add(vd_select(pos, vd_set1(0.0), a), vd_set1(p->alpha)));
}
static inline vd gp_elu_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    return gp_elu_bfo_a(a, da, p->alpha, 0);
}
static inline vd gp_elu_backward_from_output_careful_vd(vd a, vd da, const gp_params *p)
{
    return gp_elu_bfo_a(a, da, p->alpha, 1);
}

/* float32: the same in double with the float parameters, rounded once */
static inline vd gp_elu_forward_f_vd(vd z, const gp_params *p) { return gp_elu_forward_a(z, p->alpha_f); }
static inline vd gp_elu_grad_f_vd(vd z, const gp_params *p) { return gp_elu_grad_a(z, p->alpha_f, p->grad_at_zero_f); }
static inline vd gp_elu_backward_f_vd(vd z, vd da, const gp_params *p)
{
    return gp_elu_backward_a(z, da, p->alpha_f, p->grad_at_zero_f);
}
static inline vd gp_elu_bfo_f_vd(vd a, vd da, const gp_params *p) { return gp_elu_bfo_a(a, da, p->alpha_f, 0); }

static inline vf gp_elu_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_elu_forward_f_vd, z, p));
}
static inline vf gp_elu_grad_vf(vf z, const gp_params *p) { return vf_nan_keep(z, VF_VIA_VD(gp_elu_grad_f_vd, z, p)); }
static inline vf gp_elu_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_elu_backward_f_vd, z, da, p));
}
/* a + A in float: correctly rounded */
static inline vf gp_elu_grad_from_output_vf(vf a, const gp_params *p)
{
    vfm pos = vf_gt(a, vf_set1(0.0f));
    return vf_select(pos, vf_set1(1.0f), vf_add(vf_select(pos, vf_set1(0.0f), a), vf_set1(p->alpha_f)));
}
static inline vf gp_elu_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_elu_bfo_f_vd, a, da, p));
}

/* forward, grad and backward are bound by arithmetic; the from-output forms by memory */
static void gp_f32_elu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_elu_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_elu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_elu_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_elu_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_elu_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_elu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_elu_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_elu_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_elu_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_elu_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_elu_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_elu_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_elu_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_elu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_elu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_elu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_elu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_elu_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_elu_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_elu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_elu_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_elu_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_elu_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_elu_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_elu_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_elu_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_elu_backward_from_output_careful_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_elu_kernels = {
    .f32 = {gp_f32_elu_forward, gp_f32_elu_grad, gp_f32_elu_grad_from_output, gp_f32_elu_backward, gp_f32_elu_backward_from_output},
    .f64 = {gp_f64_elu_forward, gp_f64_elu_grad, gp_f64_elu_grad_from_output, gp_f64_elu_backward, gp_f64_elu_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_elu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_elu_backward_from_output_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_elu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_elu_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z and A exact:
 *   g = z (z > 0), A expm1(z);  g' = 1 (z > 0), A e^z (z < 0), grad_at_zero
 *   (z = +-0);  from a: 1 (a > 0), a + A (a <= 0). */
static void gp_elu_ref_fn(mpfr_ptr out, int fn, const gp_act *act, double z)
{
    if (z > 0 || (fn == GP_REF_DG && z == 0)) {
        mpfr_set_d(out, z > 0 ? 1.0 : act->grad_at_zero, MPFR_RNDN);
        if (fn == GP_REF_G)
            mpfr_set_d(out, z, MPFR_RNDN);
        return;
    }
    mpfr_t c, w;
    mpfr_inits2(64, c, w, (mpfr_ptr)0);
    mpfr_set_d(c, act->alpha, MPFR_RNDN);
    mpfr_set_d(w, z, MPFR_RNDN);
    gp_ref_c_exp(out, fn, c, w);
    mpfr_clears(c, w, (mpfr_ptr)0);
}
static void gp_elu_ref_g(mpfr_ptr out, const gp_act *act, double z) { gp_elu_ref_fn(out, GP_REF_G, act, z); }
static void gp_elu_ref_dg(mpfr_ptr out, const gp_act *act, double z) { gp_elu_ref_fn(out, GP_REF_DG, act, z); }
static void gp_elu_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    mpfr_set_d(out, a > 0 ? 1.0 : a, MPFR_RNDN);
    if (!(a > 0))
        gp_ref_odd(out, mpfr_add_d(out, out, act->alpha, MPFR_RNDZ)); /* to odd: a tiny a decides midpoints */
}

/* Screens (tools/ulp): the same with glibc's expm1/exp (expm1l/expl), within
 * 1 (2) ulp, times A: relative error below 2^-51 (2^-61); from a: a + A, one
 * rounding (for a float a and A and for doubles in long double). */
static void gp_elu_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, A = act->alpha;
    out[GP_REF_G] = z > 0 ? z : A * expm1(z);
    out[GP_REF_DG] = z > 0 ? 1.0 : z < 0 ? A * exp(z) : act->grad_at_zero;
    out[GP_REF_DG_FROM_A] = z > 0 ? 1.0 : z + A;
}
static long double gp_elu_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x, A = act->alpha;
    if (fn == GP_REF_G)
        return z > 0 ? z : A * expm1l(z);
    if (fn == GP_REF_DG)
        return z > 0 ? 1.0L : z < 0 ? A * expl(z) : (long double)act->grad_at_zero;
    return z > 0 ? 1.0L : z + A;
}

static const gp_act_ref gp_elu_ref = {
    {gp_elu_ref_g, gp_elu_ref_dg, gp_elu_ref_dg_from_a},
    gp_elu_screen_d,
    gp_elu_screen_ld,
};
#endif
#endif
