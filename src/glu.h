/* The gated forms (GLU family), activation-independent part: src/api.c forms
 * g = g(x) and g' = g'(x) of a block with the activation's own forward and
 * grad kernels, then these loops combine them with y and dout:
 *
 *   forward   out = g * y                rounded once from the rounded g
 *   backward  dx  = dout * y * g'        rounded once from the exact dout*y
 *             dy  = dout * g             rounded once
 *
 * so each output is within 0.5 ulp plus the bound of its activation factor
 * (scaled by the ratio of ulps, as for backward).  dout*y is exact: in f64 as
 * a TwoProduct ph + pl (FMA), then ph*g' + pl*g' in one FMA (pl*g' adds below
 * 2^-52 of the result; below 2^-968 a scaled form, which rounds once into
 * the subnormals and raises no spurious FE_UNDERFLOW, gp_glu_dx_tiny_vd);
 * where ph is not finite (overflow, inf, NaN)
 * the IEEE product ph*g'.  In f32 the product is formed in double (exact), times g',
 * rounded to double and then to float (below 0.5 + 2^-29 ulp); it cannot
 * overflow there.  NaN: x's NaN (carried by g and g') wins, then y's, then
 * dout's, on every ISA. */
#ifndef GP_GLU_H
#define GP_GLU_H

static inline vd gp_glu_mul_vd(vd g, vd y) { return vd_nan_first(g, y, vd_mul(g, y)); }
static inline vf gp_glu_mul_vf(vf g, vf y) { return vf_nan_first(g, y, vf_mul(g, y)); }

/* h 2^-128 rounded once, h + l (|l| <= ulp(h)/2) being a value scaled by
 * 2^128 so that it is normal: exact for a normal result; for a subnormal
 * one h 2^-128 rounds h once, and as the grid's midpoints are 53-bit values
 * there, h lies on the side of one the exact value does, or on it: only a
 * tie (|h - r 2^128| = 2^-947) can round the wrong way, and l's sign
 * settles it. */
static inline vd gp_unscale_once_vd(vd h, vd l)
{
    vd r = vd_mul(h, vd_set1(0x1p-128));
    vd diff = vd_sub(h, vd_mul(r, vd_set1(0x1p128))); /* exact: what the rounding dropped */
    vd away = vd_add(r, vd_copysign(vd_set1(0x1p-1074), diff));
    vdm beyond = vd_gt(vd_mul(l, vd_copysign(vd_set1(1.0), diff)), vd_set1(0.0)); /* l has diff's sign */
    return vd_select(vd_eq(vd_abs(diff), vd_set1(0x1p-947)), vd_select(beyond, away, r), r);
}

/* The lanes where the product ph g' is below 2^-968 (its low parts fall
 * under the normal range: rounding them there puts a subnormal result up to
 * 0.5 ulp further off and raises a spurious FE_UNDERFLOW beside a normal
 * one) and |ph|, |g'| < 2^60, so that the forms scaled by 2^64 each stay
 * finite (every nonzero subnormal product has both below 2^52). */
static inline vdm gp_glu_tiny_lanes(vd ph, vd dg)
{
    vd inf = vd_set1(INFINITY), lim = vd_set1(0x1p60), p = vd_abs(vd_mul(ph, dg));
    vd t = vd_select(vd_lt(vd_abs(ph), lim), vd_select(vd_lt(vd_abs(dg), lim), p, inf), inf);
    return vd_lt(t, vd_set1(0x1p-968));
}

/* (ph + pl) g' in those lanes, scaled: H = fma(ph', g', pl' g') is the
 * nearest 53-bit value, L = (ph' g' - H) + pl' g' the sign of the rest. */
static inline vd gp_glu_dx_tiny_vd(vd ph, vd pl, vd dg)
{
    vd a = vd_mul(ph, vd_set1(0x1p64)), b = vd_mul(dg, vd_set1(0x1p64));
    vd c = vd_mul(vd_mul(pl, vd_set1(0x1p64)), b);
    vd h = vd_fma(a, b, c), l = vd_add(vd_fms(a, b, h), c);
    return gp_unscale_once_vd(h, l);
}

static inline vd gp_glu_dx_vd(vd dg, vd y, vd dout)
{
    vd ph = vd_mul(dout, y);
    vd pl = vd_fms(dout, y, ph);
    vdm tiny = gp_glu_tiny_lanes(ph, dg);
    vd r;
    if (vd_any(tiny)) /* pl left out of the plain form there: it raises no flag */
        r = vd_select(tiny, gp_glu_dx_tiny_vd(ph, pl, dg),
                      vd_fma(ph, dg, vd_mul(vd_select(tiny, vd_set1(0.0), pl), dg)));
    else
        r = vd_fma(ph, dg, vd_mul(pl, dg));
    vdm wide = vd_nle(vd_abs(ph), vd_set1(DBL_MAX)); /* inf or NaN */
    if (vd_any(wide))
        r = vd_select(wide, vd_mul(ph, dg), r);
    return vd_nan_first(dg, y, vd_nan_first(dout, dout, r));
}

static inline vd gp_glu_dx_in_double(vd dg, vd y, vd dout, const void *unused)
{
    (void)unused;
    return vd_mul(vd_mul(dout, y), dg);
}
static inline vf gp_glu_dx_vf(vf dg, vf y, vf dout)
{
    vf r = VF_VIA_VD3(gp_glu_dx_in_double, dg, y, dout, NULL);
    return vf_nan_first(dg, y, vf_nan_first(dout, dout, r));
}

/* out[i] = g[i] * y[i] */
static void gp_glu_combine_forward_f32(size_t n, const float *g, const float *y, float *out)
{
    size_t i = 0;
    for (; i + VF_N <= n; i += VF_N)
        vf_storeu(out + i, gp_glu_mul_vf(vf_loadu(g + i), vf_loadu(y + i)));
    if (i < n) { /* the same vector code on a zero-padded copy */
        float bg[VF_N] = {0}, by[VF_N] = {0}, bo[VF_N];
        memcpy(bg, g + i, (n - i) * sizeof(float));
        memcpy(by, y + i, (n - i) * sizeof(float));
        vf_storeu(bo, gp_glu_mul_vf(vf_loadu(bg), vf_loadu(by)));
        memcpy(out + i, bo, (n - i) * sizeof(float));
    }
}

static void gp_glu_combine_forward_f64(size_t n, const double *g, const double *y, double *out)
{
    size_t i = 0;
    for (; i + VD_N <= n; i += VD_N)
        vd_storeu(out + i, gp_glu_mul_vd(vd_loadu(g + i), vd_loadu(y + i)));
    if (i < n) {
        double bg[VD_N] = {0}, by[VD_N] = {0}, bo[VD_N];
        memcpy(bg, g + i, (n - i) * sizeof(double));
        memcpy(by, y + i, (n - i) * sizeof(double));
        vd_storeu(bo, gp_glu_mul_vd(vd_loadu(bg), vd_loadu(by)));
        memcpy(out + i, bo, (n - i) * sizeof(double));
    }
}

/* dx[i] = dout[i] * y[i] * dg[i], dy[i] = dout[i] * g[i]; every input of a
 * vector is loaded before its outputs are stored (dx may be y or dout, dy may
 * be y or dout) */
static void gp_glu_combine_backward_f32(size_t n, const float *g, const float *dg, const float *y, const float *dout,
                                float *dx, float *dy)
{
    size_t i = 0;
    for (; i + VF_N <= n; i += VF_N) {
        vf vg = vf_loadu(g + i), vdg = vf_loadu(dg + i), vy = vf_loadu(y + i), vo = vf_loadu(dout + i);
        vf rx = gp_glu_dx_vf(vdg, vy, vo), ry = gp_glu_mul_vf(vg, vo);
        vf_storeu(dx + i, rx);
        vf_storeu(dy + i, ry);
    }
    if (i < n) {
        size_t m = (n - i) * sizeof(float);
        float bg[VF_N] = {0}, bdg[VF_N] = {0}, by[VF_N] = {0}, bo[VF_N] = {0}, rx[VF_N], ry[VF_N];
        memcpy(bg, g + i, m), memcpy(bdg, dg + i, m), memcpy(by, y + i, m), memcpy(bo, dout + i, m);
        vf_storeu(rx, gp_glu_dx_vf(vf_loadu(bdg), vf_loadu(by), vf_loadu(bo)));
        vf_storeu(ry, gp_glu_mul_vf(vf_loadu(bg), vf_loadu(bo)));
        memcpy(dx + i, rx, m), memcpy(dy + i, ry, m);
    }
}

static void gp_glu_combine_backward_f64(size_t n, const double *g, const double *dg, const double *y, const double *dout,
                                double *dx, double *dy)
{
    size_t i = 0;
    for (; i + VD_N <= n; i += VD_N) {
        vd vg = vd_loadu(g + i), vdg = vd_loadu(dg + i), vy = vd_loadu(y + i), vo = vd_loadu(dout + i);
        vd rx = gp_glu_dx_vd(vdg, vy, vo), ry = gp_glu_mul_vd(vg, vo);
        vd_storeu(dx + i, rx);
        vd_storeu(dy + i, ry);
    }
    if (i < n) {
        size_t m = (n - i) * sizeof(double);
        double bg[VD_N] = {0}, bdg[VD_N] = {0}, by[VD_N] = {0}, bo[VD_N] = {0}, rx[VD_N], ry[VD_N];
        memcpy(bg, g + i, m), memcpy(bdg, dg + i, m), memcpy(by, y + i, m), memcpy(bo, dout + i, m);
        vd_storeu(rx, gp_glu_dx_vd(vd_loadu(bdg), vd_loadu(by), vd_loadu(bo)));
        vd_storeu(ry, gp_glu_mul_vd(vd_loadu(bg), vd_loadu(bo)));
        memcpy(dx + i, rx, m), memcpy(dy + i, ry, m);
    }
}

#endif
