/* selu: g(z) = L z (z > 0), L A0 (e^z - 1) otherwise;  g'(z) = L (z > 0),
 * L A0 e^z (z < 0), grad_at_zero (z = +-0; between L and L A0, default
 * L A0).  L = 1.0507009873554804934193349852946 and A0 =
 * 1.6732632423543772848170429916717 are the real numbers (Klambauer et al.);
 * the kernels carry L and C = L A0 as double-doubles (2^-106 relative), so
 * the results are those of the real constants, not of their roundings.
 * From the output: L (a > 0), a + L A0 (a <= 0).  No parameters.
 *
 * forward (f64), elu_core.h: z > 0: L z (one FMA over the double-double L):
 *   0.5 ulp + 2^-104.  |z| <= 2^-60: C z likewise (C(e^z - 1) - C z <
 *   2^-61 |C z|).  Otherwise C (e^max(z,-50) - 1), e^z - 1 a double-double
 *   to 2^-57: below 0.57 ulp.  selu(-inf) = -C rounded.
 * grad (f64): L rounded (z > 0), C e^z as P 2^K: below 0.57 ulp (subnormal:
 *   below 1); selu'(-700) = 1.7e-304.
 * backward (f64): z > 0: da L (one FMA over L's pair, 0.5 ulp + 2^-104);
 *   z < 0: da C e^z, below 1.64 ulp (elu_core.h); z = +-0: da grad_at_zero.
 * grad_from_output: L rounded (a > 0); a + C = s + e (TwoSum, exact) plus
 *   C's low part, one rounding: 0.5 ulp + 2^-104 (f32: in double, then
 *   rounded to float: 0.5 + 2^-29 ulp).
 * backward_from_output: da L (a > 0), da (a + C) from the exact pair, one
 *   FMA: 0.5 ulp + 2^-104 (f32: in double, rounded once).
 * f32: the f64 functions on the float z (and da) in double, rounded once to
 *   float: below 0.5 + 2^-27 ulp, subnormal float results included.
 * NaN -> the same NaN, quieted; backward: z's NaN, then da's.  +-inf: the
 * limits -C, inf (forward), 0, L (grad). */
#ifndef GP_ACT_SELU_H
#define GP_ACT_SELU_H

#include "act/elu_core.h"

/* L and C = L A0 as double-doubles (hi + lo), and the decimal constants */
#define GP_SELU_L_HI 0x1.0cfabd6a91132p+0
#define GP_SELU_L_LO 0x1.6fc7d272f2695p-55
#define GP_SELU_C_HI 0x1.c212cc640f031p+0
#define GP_SELU_C_LO 0x1.05161b045a1fep-56
#define GP_SELU_L_STR "1.0507009873554804934193349852946"
#define GP_SELU_A0_STR "1.6732632423543772848170429916717"

#if defined(GP_ACT_FACTS)

static void gp_selu_kink_slopes(const gp_act *act, double *left, double *right)
{
    (void)act;
    *left = GP_SELU_C_HI, *right = GP_SELU_L_HI;
}

static void gp_selu_limits(const gp_act *act, double lim[4])
{
    (void)act;
    lim[0] = -GP_SELU_C_HI, lim[1] = INFINITY, lim[2] = 0.0, lim[3] = GP_SELU_L_HI;
}

static const gp_act_desc gp_selu_desc = {
    .kind = GP_SELU,
    .name = "selu",
    .g = "L z (z > 0), L A0 (e^z - 1); L = 1.0507009873554804934, A0 = 1.6732632423543772848",
    .dg = "L (z > 0), L A0 e^z (z < 0), grad_at_zero at z = 0",
    .dg_from_a = "L (a > 0), a + L A0",
    .ops = GP_OPS_ALL,
    .nkinks = 1,
    .kinks = {0.0},
    .kink_slopes = gp_selu_kink_slopes,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 1.0, 2.5, 1.5}, {1.0, 2.0, 1.0, 2.5, 1.5}},
    .arith = 1,
    .limits = gp_selu_limits,
    .show_lo = -4.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

static inline gp_xc gp_selu_c(void) { return gp_xc_split(GP_SELU_C_HI, GP_SELU_C_LO); }

static inline vd gp_selu_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    return gp_elu_value(z, gp_selu_c(), gp_dd_times(gp_vd_if(vd_gt(z, vd_set1(0.0)), z), GP_SELU_L_HI, GP_SELU_L_LO),
                        gp_dd_times(gp_elu_small_z(z), GP_SELU_C_HI, GP_SELU_C_LO));
}
static inline vd gp_selu_grad_gaz(vd z, double gaz)
{
    return gp_elu_slope(z, gp_selu_c(), vd_set1(GP_SELU_L_HI), vd_set1(gaz));
}
static inline vd gp_selu_backward_gaz(vd z, vd da, double gaz)
{
    return gp_elu_slope_da(z, da, gp_selu_c(), GP_SELU_L_HI, GP_SELU_L_LO, vd_set1(gaz));
}
static inline vd gp_selu_grad_vd(vd z, const gp_params *p) { return gp_selu_grad_gaz(z, p->grad_at_zero); }
static inline vd gp_selu_backward_vd(vd z, vd da, const gp_params *p)
{
    return gp_selu_backward_gaz(z, da, p->grad_at_zero);
}
/* a + C = s + e exactly (plus C's low part, in e), for a <= 0 (a > 0: 0 + C) */
static inline vd gp_selu_plus_c(vd a, vd *e)
{
    vd s = vd_two_sum(vd_select(vd_gt(a, vd_set1(0.0)), vd_set1(0.0), a), vd_set1(GP_SELU_C_HI), e);
    *e = vd_add(*e, vd_set1(GP_SELU_C_LO));
    return s;
}
static inline vd gp_selu_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    vd e, s = gp_selu_plus_c(a, &e);
    vd r = vd_add(s, e);
    /* a = -inf: TwoSum's e is NaN; a + C is -inf */
    r = vd_select(vd_eq(vd_abs(s), vd_set1(INFINITY)), s, r);
    return vd_select(vd_gt(a, vd_set1(0.0)), vd_set1(GP_SELU_L_HI), vd_nan_keep(a, r));
}
static inline vd gp_selu_bfo_vd(vd a, vd da, int careful)
{
    vdm pos = vd_gt(a, vd_set1(0.0));
    vd e, s = gp_selu_plus_c(a, &e);
    vd zero = vd_set1(0.0);
    vd r = vd_select(pos, gp_dd_times(vd_select(pos, da, zero), GP_SELU_L_HI, GP_SELU_L_LO),
                     gp_pair_times_da(s, vd_select(pos, zero, e), vd_select(pos, zero, da), careful));
    return vd_nan_first(a, da, r);
}
static inline vd gp_selu_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_selu_bfo_vd(a, da, 0);
}
static inline vd gp_selu_backward_from_output_careful_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_selu_bfo_vd(a, da, 1);
}

/* float32: the same in double (grad_at_zero as a float), rounded once */
static inline vd gp_selu_grad_f_vd(vd z, const gp_params *p) { return gp_selu_grad_gaz(z, p->grad_at_zero_f); }
static inline vd gp_selu_backward_f_vd(vd z, vd da, const gp_params *p)
{
    return gp_selu_backward_gaz(z, da, p->grad_at_zero_f);
}
static inline vf gp_selu_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_selu_forward_vd, z, p));
}
static inline vf gp_selu_grad_vf(vf z, const gp_params *p) { return vf_nan_keep(z, VF_VIA_VD(gp_selu_grad_f_vd, z, p)); }
static inline vf gp_selu_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_selu_backward_f_vd, z, da, p));
}
static inline vf gp_selu_grad_from_output_vf(vf a, const gp_params *p)
{
    return vf_nan_keep(a, VF_VIA_VD(gp_selu_grad_from_output_vd, a, p));
}
static inline vf gp_selu_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_selu_backward_from_output_vd, a, da, p));
}

/* forward, grad and backward are bound by arithmetic; the from-output forms by memory */
static void gp_f32_selu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_selu_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_selu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_selu_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_selu_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_selu_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_selu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_selu_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_selu_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_selu_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_selu_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_selu_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_selu_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_selu_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_selu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_selu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_selu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_selu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_selu_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_selu_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_selu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_selu_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_selu_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_selu_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_selu_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_selu_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_selu_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_selu_backward_from_output_careful_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_selu_kernels = {
    .f32 = {gp_f32_selu_forward, gp_f32_selu_grad, gp_f32_selu_grad_from_output, gp_f32_selu_backward, gp_f32_selu_backward_from_output},
    .f64 = {gp_f64_selu_forward, gp_f64_selu_grad, gp_f64_selu_grad_from_output, gp_f64_selu_backward, gp_f64_selu_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_selu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_selu_backward_from_output_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_selu_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_selu_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), L and A0 from their
 * decimal strings at out's precision + 32:
 *   g = L z (z > 0), L A0 expm1(z);  g' = L (z > 0), L A0 e^z (z < 0),
 *   grad_at_zero (z = +-0);  from a: L (a > 0), a + L A0 (a <= 0). */
static void gp_selu_ref_consts(mpfr_ptr L, mpfr_ptr C)
{
    mpfr_t a0;
    mpfr_init2(a0, mpfr_get_prec(C));
    mpfr_set_str(L, GP_SELU_L_STR, 10, MPFR_RNDN);
    mpfr_set_str(a0, GP_SELU_A0_STR, 10, MPFR_RNDN);
    mpfr_mul(C, L, a0, MPFR_RNDN);
    mpfr_clear(a0);
}
static void gp_selu_ref_fn(mpfr_ptr out, int fn, const gp_act *act, double x)
{
    mpfr_t L, C, w;
    mpfr_inits2(mpfr_get_prec(out) + 32, L, C, w, (mpfr_ptr)0);
    gp_selu_ref_consts(L, C);
    mpfr_set_d(w, x, MPFR_RNDN);
    if (fn == GP_REF_DG_FROM_A) {
        if (x > 0)
            mpfr_set(out, L, MPFR_RNDN);
        else
            mpfr_add(out, w, C, MPFR_RNDN);
    } else if (x > 0) {
        if (fn == GP_REF_G)
            mpfr_mul(out, L, w, MPFR_RNDN);
        else
            mpfr_set(out, L, MPFR_RNDN);
    } else if (fn == GP_REF_DG && x == 0) {
        mpfr_set_d(out, act->grad_at_zero, MPFR_RNDN);
    } else {
        gp_ref_c_exp(out, fn, C, w);
    }
    mpfr_clears(L, C, w, (mpfr_ptr)0);
}
static void gp_selu_ref_g(mpfr_ptr out, const gp_act *act, double z) { gp_selu_ref_fn(out, GP_REF_G, act, z); }
static void gp_selu_ref_dg(mpfr_ptr out, const gp_act *act, double z) { gp_selu_ref_fn(out, GP_REF_DG, act, z); }
static void gp_selu_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    gp_selu_ref_fn(out, GP_REF_DG_FROM_A, act, a);
}

/* Screens (tools/ulp): with L and C = L A0 as double-doubles, glibc's
 * expm1/exp (expm1l/expl) within 1 (2) ulp: relative error below 2^-50
 * (2^-61); from a: a + C formed exactly (TwoSum), rounded once (the long
 * double keeps C's low part). */
#define GP_SELU_L_LD 1.0507009873554804934193349852946L
#define GP_SELU_C_LD 1.7580993408473768599402175208123L
static void gp_selu_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, e, s;
    out[GP_REF_G] = z > 0 ? GP_SELU_L_HI * z : GP_SELU_C_HI * expm1(z);
    out[GP_REF_DG] = z > 0 ? GP_SELU_L_HI : z < 0 ? GP_SELU_C_HI * exp(z) : act->grad_at_zero;
    s = gp_ref_two_sum(z, GP_SELU_C_HI, &e);
    out[GP_REF_DG_FROM_A] = z > 0 ? GP_SELU_L_HI : isinf(z) ? z : s + (e + GP_SELU_C_LO);
}
static long double gp_selu_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x;
    if (fn == GP_REF_G)
        return z > 0 ? GP_SELU_L_LD * z : GP_SELU_C_LD * expm1l(z);
    if (fn == GP_REF_DG)
        return z > 0 ? GP_SELU_L_LD : z < 0 ? GP_SELU_C_LD * expl(z) : (long double)act->grad_at_zero;
    return x > 0 ? GP_SELU_L_LD : gp_ref_plus_dd_ld(x, GP_SELU_C_HI, GP_SELU_C_LO);
}

static const gp_act_ref gp_selu_ref = {
    {gp_selu_ref_g, gp_selu_ref_dg, gp_selu_ref_dg_from_a},
    gp_selu_screen_d,
    gp_selu_screen_ld,
};
#endif
#endif
