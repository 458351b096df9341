/* hardswish: g(z) = z min(max(z + 3, 0), 6)/6:  -0 (z <= -3, as PyTorch's
 * z * relu6(z + 3)/6 gives it; -inf too), z (z >= 3), z(z + 3)/6 between;
 * g'(z) = 0 (z < -3), (2z + 3)/6 on [-3, 3] (-0.5 at -3, 1.5 at 3: PyTorch's
 * closed interval), 1 (z > 3).  Not monotonic: no from-output forms.
 * forward (f64), x = z in [-3, 3]: s + e = 3 + x exactly (FastTwoSum), x*s =
 *   p + pe exactly (FMA), N = x(x + 3) = p + [pe + x e] with the bracket
 *   rounded once (relative 2^-53 of a term <= 1.5 ulp(p)).  N/6: q0 = p/6,
 *   the remainder p - 6 q0 (exact by FMA) plus the bracket, times 1/6, added
 *   to q0 by one FMA: the terms beside the last rounding stay below 2^-50
 *   ulp -> below 0.5 + 2^-50 ulp.  |z| < 2^-480: z/2 (z(z+3)/6 = z/2 +
 *   z^2/6, and z^2/6 < 2^-480 |z/2|), one rounding, and at a tie of the
 *   subnormal grid (z an odd multiple of 2^-1074) the neighbour above, as
 *   z^2/6 > 0 decides: correctly rounded; this is the path of every
 *   subnormal result.  The main path never sees those z: none of its terms
 *   underflows.
 * forward (f32), in double: z(z + 3) = fma(z, z, 3z) (3z and z^2 exact; the
 *   sum exact for |z| >= 2^-4, else rounded once), /6 rounded once: relative
 *   error <= 2^-52, then one rounding to float: below 0.5 + 2^-28 ulp (the
 *   exhaustive sweep finds every float result correctly rounded); the
 *   sign of z (g(-0) = -0).  |z| < 2^-60: z/2 in float with the tie rule of
 *   f64, correctly rounded (the double path would round z/2 + z^2/6 to z/2,
 *   a float tie for a subnormal result).
 * grad: (2z + 3)/6 = vd_plus3_div6(2z) (src/simd/vec.h): correctly rounded
 *   (f64); f32: 2z + 3 in double is exact for |z| >= 2^-29, the quotient then
 *   lies at least 2^-51/6 from every float midpoint, more than the double
 *   division's error (<= 2^-54 where the quotient is below 1, 2^-53 above,
 *   where 2z + 3 >= 6 has no bit below 2^-22); for smaller |z| it lies within
 *   2^-30 of 1/2: correctly rounded too.
 * backward: da * g' with g' correctly rounded first: 2^-53 relative from g',
 *   at most 1 ulp of the product, plus its rounding: below 1.5 ulp (f64);
 *   f32: da * g' in double (2^-52), rounded once to float.  IEEE product:
 *   da = +-inf where g' = 0 gives NaN.
 * NaN -> the same NaN, quieted (backward: z's NaN before da's); g(-inf) = -0,
 * g(inf) = inf, g'(-inf) = 0, g'(inf) = 1.  Inputs are clamped to [-3, 3]
 * before any arithmetic. */
#ifndef GP_ACT_HARDSWISH_H
#define GP_ACT_HARDSWISH_H

#if defined(GP_ACT_FACTS)

static void gp_hardswish_limits(const gp_act *act, double lim[4])
{
    lim[0] = -0.0, lim[1] = INFINITY, lim[2] = 0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_hardswish_desc = {
    .kind = GP_HARDSWISH,
    .name = "hardswish",
    .aliases = {"hard_swish"},
    .g = "z min(max(z + 3, 0), 6) / 6",
    .dg = "0 (z < -3), (2z+3)/6 (-3 <= z <= 3), 1 (z > 3)",
    .dg_from_a = "",
    .ops = GP_OPS_FROM_Z,
    /* kinks at +-3 with a fixed rule (the middle formula there): no grad_at_zero */
    .nkinks = 2,
    .kinks = {-3.0, 3.0},
    /* forward (f32: correctly rounded, as the exhaustive sweep shows for
     * every float; f64: the proven 0.5 + 2^-50 within 1), grad (correctly
     * rounded), -, backward (0.5 of g' doubled by the ulp ratio + 0.5), - */
    .ulp = {{0.5, 0.5, 0, 1.5, 0}, {1.0, 0.5, 0, 1.5, 0}},
    .arith = 1,
    .limits = gp_hardswish_limits,
    .show_lo = -5.0,
    .show_hi = 5.0,
};

#elif defined(GP_ACT_KERNELS)

/* z/2 rounded up at a tie (an odd multiple of the least subnormal), as
 * z/2 + z^2/6 is: ((z + 2^-1074)/2 there, exact), with the sign of z
 * (-2^-1074 gives -0) */
/* The up branch is formed from 2^-1074 where z/2 is exact (z = 0 too), not
 * from z: (z + 2^-1074)/2 would round there and raise FE_UNDERFLOW for a
 * result it does not return (issue 19). */
static inline vd gp_hardswish_half_vd(vd z)
{
    vd h = vd_mul(z, vd_set1(0.5));
    vdm ex = vd_eq(vd_add(h, h), z);
    vd zu = vd_select(ex, vd_set1(0x1p-1074), z);
    vd up = vd_copysign(vd_mul(vd_add(zu, vd_set1(0x1p-1074)), vd_set1(0.5)), z);
    return vd_select(ex, h, up);
}
static inline vf gp_hardswish_half_vf(vf z)
{
    vf h = vf_mul(z, vf_set1(0.5f));
    vfm ex = vf_eq(vf_add(h, h), z);
    vf zu = vf_select(ex, vf_set1(0x1p-149f), z);
    vf up = vf_copysign(vf_mul(vf_add(zu, vf_set1(0x1p-149f)), vf_set1(0.5f)), z);
    return vf_select(ex, h, up);
}

static inline vd gp_hardswish_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vdm tiny = vd_lt(vd_abs(z), vd_set1(0x1p-480));
    vd x = vd_min(vd_max(z, vd_set1(-3.0)), vd_set1(3.0));
    x = vd_select(tiny, vd_set1(1.0), x);
    vd e, s = vd_fast_two_sum(vd_set1(3.0), x, &e);
    vd pr = vd_mul(x, s);
    vd nl = vd_fma(x, e, vd_fms(x, s, pr));
    vd q0 = vd_div(pr, vd_set1(6.0));
    vd r = vd_add(vd_fnma(q0, vd_set1(6.0), pr), nl);
    vd q = vd_fma(r, vd_set1(1.0 / 6.0), q0);
    q = vd_select(tiny, gp_hardswish_half_vd(z), q);
    /* z = -3 gives +0 above; -0 for every z <= -3 */
    q = vd_select(vd_le(z, vd_set1(-3.0)), vd_set1(-0.0), vd_select(vd_lt(z, vd_set1(3.0)), q, z));
    return vd_nan_keep(z, q);
}

/* g' without the NaN choice: 0 (z < -3), 1 (z > 3), (2z + 3)/6 */
static inline vd gp_hardswish_slope_vd(vd z)
{
    vd x = vd_min(vd_max(z, vd_set1(-3.0)), vd_set1(3.0));
    /* |z| < 2^-60 is taken as 0, whose 1/2 it gave anyway: (2z)/6 would
     * underflow (issue 19) */
    x = vd_select(vd_lt(vd_abs(x), vd_set1(0x1p-60)), vd_set1(0.0), x);
    vd g = vd_plus3_div6(vd_add(x, x));
    g = vd_select(vd_gt(z, vd_set1(3.0)), vd_set1(1.0), g);
    return vd_select(vd_lt(z, vd_set1(-3.0)), vd_set1(0.0), g);
}
static inline vd gp_hardswish_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_nan_keep(z, gp_hardswish_slope_vd(z));
}
static inline vd gp_hardswish_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    return vd_nan_first(z, da, vd_mul(da, gp_hardswish_slope_vd(z)));
}

/* float32, in double (see the top), rounded once to float */
static inline vd gp_hardswish_forward_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    vd x = vd_min(vd_max(z, vd_set1(-3.0)), vd_set1(3.0));
    vd q = vd_copysign(vd_div(vd_fma(x, x, vd_mul(x, vd_set1(3.0))), vd_set1(6.0)), x); /* g(-0) = -0 */
    return vd_select(vd_le(z, vd_set1(-3.0)), vd_set1(-0.0), vd_select(vd_lt(z, vd_set1(3.0)), q, z));
}
static inline vd gp_hardswish_slope_lite_vd(vd z)
{
    vd x = vd_min(vd_max(z, vd_set1(-3.0)), vd_set1(3.0));
    vd g = vd_div(vd_add(vd_add(x, x), vd_set1(3.0)), vd_set1(6.0));
    g = vd_select(vd_gt(z, vd_set1(3.0)), vd_set1(1.0), g);
    return vd_select(vd_lt(z, vd_set1(-3.0)), vd_set1(0.0), g);
}
static inline vd gp_hardswish_grad_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    return gp_hardswish_slope_lite_vd(z);
}
static inline vd gp_hardswish_backward_lite_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    return vd_mul(da, gp_hardswish_slope_lite_vd(z));
}
static inline vf gp_hardswish_forward_vf(vf z, const gp_params *p)
{
    vf q = VF_VIA_VD(gp_hardswish_forward_lite_vd, z, p);
    q = vf_select(vf_lt(vf_abs(z), vf_set1(0x1p-60f)), gp_hardswish_half_vf(z), q);
    return vf_nan_keep(z, q);
}
static inline vf gp_hardswish_grad_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_hardswish_grad_lite_vd, z, p));
}
static inline vf gp_hardswish_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_hardswish_backward_lite_vd, z, da, p));
}

/* forward, grad and backward are bound by arithmetic (divisions) */
static void gp_f32_hardswish_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_hardswish_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_hardswish_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_hardswish_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_hardswish_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardswish_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_hardswish_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_hardswish_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_hardswish_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_hardswish_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_hardswish_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_hardswish_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_hardswish_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardswish_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_hardswish_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_hardswish_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }

static const gp_act_kernels gp_hardswish_kernels = {
    .f32 = {gp_f32_hardswish_forward, gp_f32_hardswish_grad, NULL, gp_f32_hardswish_backward, NULL},
    .f64 = {gp_f64_hardswish_forward, gp_f64_hardswish_grad, NULL, gp_f64_hardswish_backward, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_hardswish_backward_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_hardswish_backward_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z exact:
 *   g = -0 (z <= -3), z (z >= 3), else z(z + 3)/6 (z + 3 and the product
 *   exact at 2200 bits, one rounding to out); g' = 0 (z < -3), 1 (z > 3),
 *   else (2z + 3)/6 (2z + 3 exact, one rounding).  No from-output form. */
static void gp_hardswish_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    if (z <= -3.0 || z >= 3.0) {
        mpfr_set_d(out, z <= -3.0 ? -0.0 : z, MPFR_RNDN);
        return;
    }
    mpfr_t t;
    mpfr_init2(t, 2200);
    mpfr_set_d(t, z, MPFR_RNDN);
    mpfr_add_ui(t, t, 3, MPFR_RNDN);  /* exact: 1076 bits at most */
    mpfr_mul_d(t, t, z, MPFR_RNDN);   /* exact: 1076 + 53 bits */
    mpfr_div_ui(out, t, 6, MPFR_RNDN);
    mpfr_clear(t);
}
static void gp_hardswish_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    if (z < -3.0 || z > 3.0) {
        mpfr_set_d(out, z < -3.0 ? 0.0 : 1.0, MPFR_RNDN);
        return;
    }
    mpfr_t t;
    mpfr_init2(t, 1200);
    mpfr_set_d(t, z, MPFR_RNDN);
    mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
    mpfr_add_ui(t, t, 3, MPFR_RNDN); /* exact: 1076 bits at most */
    mpfr_div_ui(out, t, 6, MPFR_RNDN);
    mpfr_clear(t);
}

/* Screens: the same formulas in double / long double.  z + 3 and 2z + 3 are
 * exact where they are small (Sterbenz: near the zeros of g at -3 and of g' at
 * -1.5) and round with relative error 2^-53 (2^-64) where they are not; a
 * product and a quotient add two roundings: relative error <= 3 * 2^-53 for
 * a float z (<= 2^-49), <= 3 * 2^-64 in long double (<= 2^-60).  Near g's
 * zero at z = 0 every term is relative: g = z (z + 3)/6. */
static void gp_hardswish_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf;
    (void)act;
    out[GP_REF_G] = z <= -3.0 ? -0.0 : z >= 3.0 ? z : z * (z + 3.0) / 6.0;
    out[GP_REF_DG] = z < -3.0 ? 0.0 : z > 3.0 ? 1.0 : (2.0 * z + 3.0) / 6.0;
}
static long double gp_hardswish_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x;
    (void)act;
    if (fn == GP_REF_G)
        return z <= -3.0L ? -0.0L : z >= 3.0L ? z : z * (z + 3.0L) / 6.0L;
    return z < -3.0L ? 0.0L : z > 3.0L ? 1.0L : (2.0L * z + 3.0L) / 6.0L;
}

static const gp_act_ref gp_hardswish_ref = {
    {gp_hardswish_ref_g, gp_hardswish_ref_dg, NULL},
    gp_hardswish_screen_d,
    gp_hardswish_screen_ld,
};
#endif
#endif
