/* hardsigmoid: g(z) = min(max(z/6 + 1/2, 0), 1) = (z + 3)/6 clamped to [0, 1],
 * g'(z) = 1/6 on (-3, 3), 0 elsewhere (0 at the kinks z = +-3, as PyTorch).
 * Every operation is correctly rounded:
 * forward (f64): vd_plus3_div6 (src/simd/vec.h) on z clamped to [-3, 3]:
 *   (z + 3)/6 from an exact TwoSum and a remainder correction, proven
 *   correctly rounded there.  No result is subnormal: z + 3 is 0 or >= 2^-51.
 * forward (f32): (z + 3)/6 in double, then rounded to float.  z + 3 is exact
 *   in double for |z| >= 2^-28, so Q = (z + 3)/6 is at least 2^-51/6 = 2^-53.6
 *   from any float midpoint it is not equal to (Q - M = (z + 3 - 6M)/6), more
 *   than the double quotient's error (<= 2^-54, Q < 1): one correct rounding;
 *   for |z| < 2^-28 Q lies within 2^-30 of 1/2, far from every midpoint.
 * grad: 1/6 rounded once to the type, or 0.  backward: da/6 by one division
 *   (correctly rounded, subnormal results included) on (-3, 3), the IEEE
 *   product da * 0 elsewhere (da = +-inf there gives NaN, as for relu).
 * From the output: 1/6 for 0 < a < 1, else 0 (a = 0 or 1: z outside (-3, 3));
 *   backward_from_output da/6 or da * 0 likewise.
 * NaN -> the same NaN, quieted (backward: z's NaN before da's); g(-inf) = 0,
 * g(inf) = 1, g'(+-inf) = 0.  Inputs are clamped before any arithmetic: no
 * overflow, no inf - inf. */
#ifndef GP_ACT_HARDSIGMOID_H
#define GP_ACT_HARDSIGMOID_H

#if defined(GP_ACT_FACTS)

static void gp_hardsigmoid_limits(const gp_act *act, double lim[4])
{
    lim[0] = 0.0, lim[1] = 1.0, lim[2] = 0.0, lim[3] = 0.0;
    (void)act;
}

static const gp_act_desc gp_hardsigmoid_desc = {
    .kind = GP_HARDSIGMOID,
    .name = "hardsigmoid",
    .aliases = {"hard_sigmoid"},
    .g = "min(max(z/6 + 1/2, 0), 1)",
    .dg = "1/6 on (-3, 3), else 0",
    .dg_from_a = "1/6 (0 < a < 1), else 0",
    .ops = GP_OPS_ALL,
    /* kinks at +-3 with a fixed rule (g' = 0 there): no grad_at_zero */
    .nkinks = 2,
    .kinks = {-3.0, 3.0},
    /* forward, grad, grad_from_output, backward, backward_from_output: all
     * correctly rounded */
    .ulp = {{0.5, 0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5, 0.5}},
    .arith = 0,
    .limits = gp_hardsigmoid_limits,
    .show_lo = -5.0,
    .show_hi = 5.0,
};

#elif defined(GP_ACT_KERNELS)

/* |z| < 3 (false for NaN) */
static inline vdm gp_hardsigmoid_in_vd(vd z) { return vd_lt(vd_abs(z), vd_set1(3.0)); }
static inline vfm gp_hardsigmoid_in_vf(vf z) { return vf_lt(vf_abs(z), vf_set1(3.0f)); }
/* 0 < a < 1 as 1/6 or 0 */
static inline vd gp_hardsigmoid_slope_a_vd(vd a)
{
    vd c = vd_select(vd_lt(a, vd_set1(1.0)), vd_set1(1.0 / 6.0), vd_set1(0.0));
    return vd_select(vd_gt(a, vd_set1(0.0)), c, vd_set1(0.0));
}
static inline vf gp_hardsigmoid_slope_a_vf(vf a)
{
    vf c = vf_select(vf_lt(a, vf_set1(1.0f)), vf_set1(1.0f / 6.0f), vf_set1(0.0f));
    return vf_select(vf_gt(a, vf_set1(0.0f)), c, vf_set1(0.0f));
}

static inline vd gp_hardsigmoid_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    /* NaN -> 0 before min/max (which raise FE_INVALID on a NaN), restored below;
     * |w| < 2^-60: (3 + w)/6 rounds to 1/2, and a 0 keeps the low parts of
     * vd_plus3_div6 from underflowing */
    vd w = vd_min(vd_max(vd_select(vd_isnan(z), vd_set1(0.0), z), vd_set1(-3.0)), vd_set1(3.0));
    w = vd_select(vd_lt(vd_abs(w), vd_set1(0x1p-60)), vd_set1(0.0), w);
    return vd_nan_keep(z, vd_plus3_div6(w));
}
static inline vd gp_hardsigmoid_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_nan_keep(z, vd_select(gp_hardsigmoid_in_vd(z), vd_set1(1.0 / 6.0), vd_set1(0.0)));
}
/* careful (the careful twin, issue 19): da/6 only where it is used (no
 * FE_UNDERFLOW from a tiny da elsewhere); the same bits */
static inline vd gp_hardsigmoid_bwd_vd(vd z, vd da, int careful)
{
    vdm in = gp_hardsigmoid_in_vd(z);
    vd d = careful ? vd_select(in, da, vd_set1(0.0)) : da;
    vd r = vd_select(in, vd_div(d, vd_set1(6.0)), vd_mul(da, vd_set1(0.0)));
    return vd_nan_first(z, da, r);
}
static inline vd gp_hardsigmoid_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bwd_vd(z, da, 0);
}
static inline vd gp_hardsigmoid_backward_careful_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bwd_vd(z, da, 1);
}
static inline vd gp_hardsigmoid_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    return vd_nan_keep(a, gp_hardsigmoid_slope_a_vd(a));
}
static inline vd gp_hardsigmoid_bfo_vd(vd a, vd da, int careful)
{
    vdm out = vd_eq(gp_hardsigmoid_slope_a_vd(a), vd_set1(0.0));
    vd d = careful ? vd_select(out, vd_set1(0.0), da) : da;
    vd r = vd_select(out, vd_mul(da, vd_set1(0.0)), vd_div(d, vd_set1(6.0)));
    return vd_nan_first(a, da, r);
}
static inline vd gp_hardsigmoid_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bfo_vd(a, da, 0);
}
static inline vd gp_hardsigmoid_backward_from_output_careful_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bfo_vd(a, da, 1);
}

/* float32: forward in double (see the top), the rest in float: 1/6 rounded
 * once, da/6 one float division */
static inline vd gp_hardsigmoid_forward_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    vd w = vd_min(vd_max(vd_select(vd_isnan(z), vd_set1(0.0), z), vd_set1(-3.0)), vd_set1(3.0));
    return vd_div(vd_add(w, vd_set1(3.0)), vd_set1(6.0));
}
static inline vf gp_hardsigmoid_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_hardsigmoid_forward_lite_vd, z, p));
}
static inline vf gp_hardsigmoid_grad_vf(vf z, const gp_params *p)
{
    (void)p;
    return vf_nan_keep(z, vf_select(gp_hardsigmoid_in_vf(z), vf_set1(1.0f / 6.0f), vf_set1(0.0f)));
}
/* careful (the careful twin, issue 19): da/6 only where it is used (no
 * FE_UNDERFLOW from a tiny da elsewhere); the same bits */
static inline vf gp_hardsigmoid_bwd_vf(vf z, vf da, int careful)
{
    vfm in = gp_hardsigmoid_in_vf(z);
    vf d = careful ? vf_select(in, da, vf_set1(0.0f)) : da;
    vf r = vf_select(in, vf_div(d, vf_set1(6.0f)), vf_mul(da, vf_set1(0.0f)));
    return vf_nan_first(z, da, r);
}
static inline vf gp_hardsigmoid_backward_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bwd_vf(z, da, 0);
}
static inline vf gp_hardsigmoid_backward_careful_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bwd_vf(z, da, 1);
}
static inline vf gp_hardsigmoid_grad_from_output_vf(vf a, const gp_params *p)
{
    (void)p;
    return vf_nan_keep(a, gp_hardsigmoid_slope_a_vf(a));
}
static inline vf gp_hardsigmoid_bfo_vf(vf a, vf da, int careful)
{
    vfm out = vf_eq(gp_hardsigmoid_slope_a_vf(a), vf_set1(0.0f));
    vf d = careful ? vf_select(out, vf_set1(0.0f), da) : da;
    vf r = vf_select(out, vf_mul(da, vf_set1(0.0f)), vf_div(d, vf_set1(6.0f)));
    return vf_nan_first(a, da, r);
}
static inline vf gp_hardsigmoid_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bfo_vf(a, da, 0);
}
static inline vf gp_hardsigmoid_backward_from_output_careful_vf(vf a, vf da, const gp_params *p)
{
    (void)p;
    return gp_hardsigmoid_bfo_vf(a, da, 1);
}

/* every kernel is bound by memory: each vector stored as it is made */
static void gp_f32_hardsigmoid_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_hardsigmoid_forward_vf, GP_STORE_AS_MADE); }
static void gp_f32_hardsigmoid_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_hardsigmoid_grad_vf, GP_STORE_AS_MADE); }
static void gp_f32_hardsigmoid_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_hardsigmoid_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_hardsigmoid_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardsigmoid_backward_vf, GP_STORE_AS_MADE); }
static void gp_f32_hardsigmoid_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardsigmoid_backward_careful_vf, GP_STORE_AS_MADE | GP_ONE_PRODUCT | GP_CAREFUL); }
static void gp_f32_hardsigmoid_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardsigmoid_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_hardsigmoid_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardsigmoid_backward_from_output_careful_vf, GP_STORE_AS_MADE | GP_ONE_PRODUCT | GP_CAREFUL); }
static void gp_f64_hardsigmoid_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_hardsigmoid_forward_vd, GP_STORE_AS_MADE); }
static void gp_f64_hardsigmoid_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_hardsigmoid_grad_vd, GP_STORE_AS_MADE); }
static void gp_f64_hardsigmoid_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_hardsigmoid_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_hardsigmoid_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardsigmoid_backward_vd, GP_STORE_AS_MADE); }
static void gp_f64_hardsigmoid_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardsigmoid_backward_careful_vd, GP_STORE_AS_MADE | GP_ONE_PRODUCT | GP_CAREFUL); }
static void gp_f64_hardsigmoid_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardsigmoid_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_hardsigmoid_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardsigmoid_backward_from_output_careful_vd, GP_STORE_AS_MADE | GP_ONE_PRODUCT | GP_CAREFUL); }

static const gp_act_kernels gp_hardsigmoid_kernels = {
    .f32 = {gp_f32_hardsigmoid_forward, gp_f32_hardsigmoid_grad, gp_f32_hardsigmoid_grad_from_output,
            gp_f32_hardsigmoid_backward, gp_f32_hardsigmoid_backward_from_output},
    .f64 = {gp_f64_hardsigmoid_forward, gp_f64_hardsigmoid_grad, gp_f64_hardsigmoid_grad_from_output,
            gp_f64_hardsigmoid_backward, gp_f64_hardsigmoid_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_hardsigmoid_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_hardsigmoid_backward_from_output_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_hardsigmoid_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_hardsigmoid_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z exact:
 *   g = 0 (z <= -3), 1 (z >= 3), else (z + 3)/6 (two roundings at >= 200
 *   bits); g' = 1/6 on (-3, 3), else 0; from a: 1/6 for 0 < a < 1, else 0. */
static void gp_hardsigmoid_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    if (z <= -3.0 || z >= 3.0) {
        mpfr_set_d(out, z <= -3.0 ? 0.0 : 1.0, MPFR_RNDN);
        return;
    }
    mpfr_set_d(out, z, MPFR_RNDN); /* 53 bits into >= 200: exact */
    mpfr_add_ui(out, out, 3, MPFR_RNDN);
    mpfr_div_ui(out, out, 6, MPFR_RNDN);
}
static void gp_hardsigmoid_sixth(mpfr_ptr out, int on)
{
    mpfr_set_ui(out, on ? 1 : 0, MPFR_RNDN);
    mpfr_div_ui(out, out, 6, MPFR_RNDN);
}
static void gp_hardsigmoid_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    gp_hardsigmoid_sixth(out, fabs(z) < 3.0);
}
static void gp_hardsigmoid_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    (void)act;
    gp_hardsigmoid_sixth(out, a > 0.0 && a < 1.0);
}

/* Screens: the same in double / long double.  For a float z, z + 3 is exact
 * in double down to |z| = 2^-28 and at worst rounded once (relative 2^-53,
 * the result near 1/2) below; the quotient rounds once: relative error
 * <= 2^-52.  In long double the same with 2^-63. */
static void gp_hardsigmoid_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf;
    (void)act;
    out[GP_REF_G] = z <= -3.0 ? 0.0 : z >= 3.0 ? 1.0 : (z + 3.0) / 6.0;
    out[GP_REF_DG] = fabs(z) < 3.0 ? 1.0 / 6.0 : 0.0;
    out[GP_REF_DG_FROM_A] = z > 0.0 && z < 1.0 ? 1.0 / 6.0 : 0.0;
}
static long double gp_hardsigmoid_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x;
    (void)act;
    if (fn == GP_REF_G)
        return z <= -3.0L ? 0.0L : z >= 3.0L ? 1.0L : (z + 3.0L) / 6.0L;
    if (fn == GP_REF_DG)
        return fabsl(z) < 3.0L ? 1.0L / 6.0L : 0.0L;
    return z > 0.0L && z < 1.0L ? 1.0L / 6.0L : 0.0L;
}

static const gp_act_ref gp_hardsigmoid_ref = {
    {gp_hardsigmoid_ref_g, gp_hardsigmoid_ref_dg, gp_hardsigmoid_ref_dg_from_a},
    gp_hardsigmoid_screen_d,
    gp_hardsigmoid_screen_ld,
};
#endif
#endif
