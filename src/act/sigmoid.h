/* sigmoid: g(z) = 1/(1+e^-z),  g'(z) = g(1-g) = e^-|z| / (1+e^-|z|)^2.
 *
 * forward (f64): with E = e^-|z| = 2^k (mh + ml) from exp_dd.h,
 *   z >= 0:  1/(1+E)          z < 0:  (mh+ml)/(1+E) * 2^k
 *   one double-double division; error <= 0.5 ulp + 2^-48 ulp + 2^-57 relative
 *   (E, 1+E) -> below 0.52 ulp.  A subnormal result is that quotient scaled by
 *   2^k, a second rounding: below 1 ulp of the subnormal spacing (tools/ulp
 *   measures 0.74 at z = -708.93).
 * grad (f64): E/(1+E)^2 via gp_bell_scaled: below 0.52 ulp (subnormal: below
 *   1), never a(1-a), so the tails are exact: sigmoid'(80) = 1.8e-35,
 *   sigmoid'(700) = 9.9e-305.
 * backward: da * g' with g' rounded first: g''s 0.52 ulp can weigh up to 1.04
 *   ulp of dz (ulp ratios differ by 2), plus the product's 0.5: below 1.6 ulp
 *   (measured 1.42), within the 2 + 0.5 the API promises.
 * grad_from_output: a(1-a) = a - a*a with one FMA: correctly rounded.
 * backward_from_output: da*(a - a*a) from an exact double-double a - a*a,
 *   rounded once: 0.5 ulp + 2^-50 (f32: in double, rounded once).
 * f32: the double-precision core of exp_f32.h (relative error < 2^-38), rounded
 *   once to float: below 0.5 + 2^-14 ulp, subnormal results included; backward
 *   is da*g' formed in double and rounded once.  grad_from_output f32 is one
 *   f32 FMA: correctly rounded.
 * NaN -> the same NaN, quieted; +-inf -> 1, 0 (forward), 0 (grad). */
#ifndef GP_ACT_SIGMOID_H
#define GP_ACT_SIGMOID_H

static inline vd gp_sigmoid_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    gp_exp_parts e = gp_exp_reduce(vd_sub(vd_set1(0.0), vd_min(vd_abs(z), vd_set1(800.0))));
    vd ml, mh = gp_exp_mantissa(&e, &ml);
    vd dl, dh = gp_one_plus(gp_exp_scale(e.k), mh, ml, &dl);
    vdm neg = vd_lt(z, vd_set1(0.0));
    vd nh = vd_select(neg, mh, vd_set1(1.0));
    vd nl = vd_select(neg, ml, vd_set1(0.0));
    vd k = vd_select(neg, e.k, vd_set1(0.0));
    vd s = vd_ldexp(vd_div_dd(nh, nl, dh, dl), k);
    return vd_select(vd_isnan(z), vd_add(z, z), s);
}

static inline vd gp_sigmoid_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd g = gp_bell_times(vd_abs(z), vd_set1(0.0), da);
    return vd_select(vd_isnan(z), vd_add(z, z), g);
}

static inline vd gp_sigmoid_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_select(vd_isnan(z), vd_add(z, z), gp_bell(vd_abs(z), vd_set1(0.0)));
}

static inline vd gp_sigmoid_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    return vd_fnma(a, a, a);
}

static inline vd gp_sigmoid_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return vd_times_c_minus_sq(da, a, a);
}

/* float32: the double-precision core of exp_f32.h, rounded once to float */
static inline vd gp_sigmoid_forward_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_select(vd_isnan(z), vd_add(z, z), gp_sigmoid_lite_vd(z));
}
static inline vd gp_sigmoid_backward_lite_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd g = gp_times_f32_slope(da, gp_bell_lite_vd(gp_clamp(z, 200.0), 1.0));
    return vd_select(vd_isnan(z), vd_add(z, z), g);
}
static inline vd gp_sigmoid_grad_lite_vd(vd z, const gp_params *p)
{
    return gp_sigmoid_backward_lite_vd(z, vd_set1(1.0), p);
}
static inline vf gp_sigmoid_forward_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_sigmoid_forward_lite_vd, z, p); }
static inline vf gp_sigmoid_grad_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_sigmoid_grad_lite_vd, z, p); }
static inline vf gp_sigmoid_backward_vf(vf z, vf da, const gp_params *p)
{
    return VF_VIA_VD2(gp_sigmoid_backward_lite_vd, z, da, p);
}
static inline vf gp_sigmoid_grad_from_output_vf(vf a, const gp_params *p)
{
    (void)p;
    return vf_fnma(a, a, a);
}

/* float: da*(a - a*a) in double (a - a*a by one FMA, relative error 2^-53), rounded once */
static inline vd gp_sigmoid_bfo_lite_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return vd_nan_first(a, da, vd_mul(da, vd_fnma(a, a, a)));
}
static inline vf gp_sigmoid_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return VF_VIA_VD2(gp_sigmoid_bfo_lite_vd, a, da, p);
}

#endif
