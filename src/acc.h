/* The accumulating backward, activation-independent part: src/api.c forms
 * g' of a block with the activation's own grad (or grad_from_output) kernel,
 * then this loop adds the product to dz:
 *
 *   dz = fma(da, g', dz)     dz + da*g' of the rounded g', rounded once
 *
 * so the error is at most 0.5 ulp of the result plus da times g''s error
 * (exact for the activations whose g' is exact: then dz + da*g' is
 * correctly rounded).  NaN: g''s NaN (which is z's or a's, quieted with its
 * payload) wins, then da's, then dz's, on every ISA; otherwise the IEEE
 * result (inf*0 and inf-inf give the default NaN). */
#ifndef GP_ACC_H
#define GP_ACC_H

static inline vf gp_acc_vf(vf dg, vf da, vf dz)
{
    return vf_nan_first(dg, da, vf_nan_first(dz, dz, vf_fma(da, dg, dz)));
}
static inline vd gp_acc_vd(vd dg, vd da, vd dz)
{
    return vd_nan_first(dg, da, vd_nan_first(dz, dz, vd_fma(da, dg, dz)));
}

/* dz[i] = fma(da[i], dg[i], dz[i]); the tail through the same vector code on
 * a zero-padded copy */
static void gp_acc_combine_f32(size_t n, const float *dg, const float *da, float *dz)
{
    size_t i = 0;
    for (; i + VF_N <= n; i += VF_N)
        vf_storeu(dz + i, gp_acc_vf(vf_loadu(dg + i), vf_loadu(da + i), vf_loadu(dz + i)));
    if (i < n) {
        size_t m = (n - i) * sizeof(float);
        float bg[VF_N] = {0}, bd[VF_N] = {0}, bz[VF_N] = {0};
        memcpy(bg, dg + i, m), memcpy(bd, da + i, m), memcpy(bz, dz + i, m);
        vf_storeu(bz, gp_acc_vf(vf_loadu(bg), vf_loadu(bd), vf_loadu(bz)));
        memcpy(dz + i, bz, m);
    }
}

static void gp_acc_combine_f64(size_t n, const double *dg, const double *da, double *dz)
{
    size_t i = 0;
    for (; i + VD_N <= n; i += VD_N)
        vd_storeu(dz + i, gp_acc_vd(vd_loadu(dg + i), vd_loadu(da + i), vd_loadu(dz + i)));
    if (i < n) {
        size_t m = (n - i) * sizeof(double);
        double bg[VD_N] = {0}, bd[VD_N] = {0}, bz[VD_N] = {0};
        memcpy(bg, dg + i, m), memcpy(bd, da + i, m), memcpy(bz, dz + i, m);
        vd_storeu(bz, gp_acc_vd(vd_loadu(bg), vd_loadu(bd), vd_loadu(bz)));
        memcpy(dz + i, bz, m);
    }
}

/* ---- the gated forms' accumulating backward ------------------------------------
 *   dx += dout * y * g'(x)     dy += dout * g(x)
 * dy: fma(dout, g, dy), rounded once.  dx in f64: dout*y = ph + pl exactly
 * (FMA), ph*g' = p1 + p2 exactly, dx + p1 = s + e exactly (TwoSum), then
 * s + (e + p2 + pl*g'), one FMA and two adds: the rounding of s plus terms
 * below 2^-50 of the larger of dx and the product (0.5 ulp + 2^-50
 * relative, of the terms; where ph g' is below 2^-968 a scaled form, see
 * gp_glu_dx_acc_vd); where ph, p1 or the result is not finite the IEEE
 * fma(ph, g', dx).  dx in f32: dout*y*g' in double (the product of the
 * two floats exact, times g' rounded at 2^-53), + dx in double, then to
 * float: 0.5 ulp + below 2^-28 ulp.  NaN: x's (in g and g') wins, then y's,
 * then dout's, then dx's (dy's). */
/* dx + (ph + pl) g' by the form above, on values as given (scale 1) or
 * scaled by 2^64 each (the product by 2^128); *l: the sign of the rest */
static inline vd gp_glu_acc_sum_vd(vd ph, vd pl, vd dg, vd dx, vd *l)
{
    vd p1 = vd_mul(ph, dg);
    vd p2 = vd_fms(ph, dg, p1);
    vd e, s = vd_two_sum(dx, p1, &e);
    vd t = vd_fma(pl, dg, vd_add(e, p2)), r = vd_add(s, t);
    *l = vd_add(vd_sub(s, r), t);
    return r;
}

/* Where ph g' is below 2^-968 (gp_glu_tiny_lanes): with |dx| >= 2^-900,
 * fma(ph, g', dx) (pl g' lies below 2^-69 of dx's ulp); with a smaller dx
 * the form scaled by 2^128, rounded once (gp_unscale_once_vd), so no low
 * part underflows beside a normal result.  The plain form runs on zeros in
 * those lanes. */
static inline vd gp_glu_dx_acc_vd(vd dg, vd y, vd dout, vd dx)
{
    vd ph = vd_mul(dout, y);
    vd pl = vd_fms(dout, y, ph);
    vdm tiny = gp_glu_tiny_lanes(ph, dg);
    vd l, r;
    if (vd_any(tiny)) {
        vd zero = vd_set1(0.0), k = vd_set1(0x1p64);
        vdm small = vd_lt(vd_abs(dx), vd_set1(0x1p-900));
        vd hs = gp_glu_acc_sum_vd(vd_select(small, vd_mul(ph, k), zero), vd_select(small, vd_mul(pl, k), zero),
                                  vd_mul(vd_select(small, dg, zero), k), vd_select(small, vd_mul(dx, vd_set1(0x1p128)), zero), &l);
        vd t = vd_select(small, gp_unscale_once_vd(hs, l), vd_fma(ph, dg, dx));
        r = gp_glu_acc_sum_vd(vd_select(tiny, zero, ph), vd_select(tiny, zero, pl), dg, vd_select(tiny, zero, dx), &l);
        r = vd_select(tiny, t, r);
    } else
        r = gp_glu_acc_sum_vd(ph, pl, dg, dx, &l);
    vd p1 = vd_mul(ph, dg);
    vdm wide = vd_nle(vd_abs(vd_add(vd_abs(p1), vd_abs(r))), vd_set1(DBL_MAX)); /* inf or NaN somewhere */
    if (vd_any(wide))
        r = vd_select(wide, vd_fma(ph, dg, dx), r);
    return vd_nan_first(dg, y, vd_nan_first(dout, dx, r));
}

static inline vd gp_glu_dx_acc_in_double(vd dg, vd y, vd dout, vd dx, const void *unused)
{
    (void)unused;
    return vd_add(vd_mul(vd_mul(dout, y), dg), dx);
}
static inline vf gp_glu_dx_acc_vf(vf dg, vf y, vf dout, vf dx)
{
    vf r = VF_VIA_VD4(gp_glu_dx_acc_in_double, dg, y, dout, dx, NULL);
    return vf_nan_first(dg, y, vf_nan_first(dout, dx, r));
}

/* dx[i] += dout[i] * y[i] * dg[i], dy[i] += dout[i] * g[i]; every input of a
 * vector is loaded before its outputs are stored */
static void gp_glu_combine_backward_acc_f32(size_t n, const float *g, const float *dg, const float *y,
                                            const float *dout, float *dx, float *dy)
{
    size_t i = 0;
    for (; i + VF_N <= n; i += VF_N) {
        vf vg = vf_loadu(g + i), vdg = vf_loadu(dg + i), vy = vf_loadu(y + i), vo = vf_loadu(dout + i);
        vf vx = vf_loadu(dx + i), vyy = vf_loadu(dy + i);
        vf rx = gp_glu_dx_acc_vf(vdg, vy, vo, vx);
        vf ry = vf_nan_first(vg, vo, vf_nan_first(vyy, vyy, vf_fma(vo, vg, vyy)));
        vf_storeu(dx + i, rx);
        vf_storeu(dy + i, ry);
    }
    if (i < n) {
        size_t m = (n - i) * sizeof(float);
        float bg[VF_N] = {0}, bdg[VF_N] = {0}, by[VF_N] = {0}, bo[VF_N] = {0}, bx[VF_N] = {0}, byy[VF_N] = {0};
        memcpy(bg, g + i, m), memcpy(bdg, dg + i, m), memcpy(by, y + i, m), memcpy(bo, dout + i, m);
        memcpy(bx, dx + i, m), memcpy(byy, dy + i, m);
        vf vg = vf_loadu(bg), vo = vf_loadu(bo), vyy = vf_loadu(byy);
        vf_storeu(bx, gp_glu_dx_acc_vf(vf_loadu(bdg), vf_loadu(by), vo, vf_loadu(bx)));
        vf_storeu(byy, vf_nan_first(vg, vo, vf_nan_first(vyy, vyy, vf_fma(vo, vg, vyy))));
        memcpy(dx + i, bx, m), memcpy(dy + i, byy, m);
    }
}

static void gp_glu_combine_backward_acc_f64(size_t n, const double *g, const double *dg, const double *y,
                                            const double *dout, double *dx, double *dy)
{
    size_t i = 0;
    for (; i + VD_N <= n; i += VD_N) {
        vd vg = vd_loadu(g + i), vdg = vd_loadu(dg + i), vy = vd_loadu(y + i), vo = vd_loadu(dout + i);
        vd vx = vd_loadu(dx + i), vyy = vd_loadu(dy + i);
        vd rx = gp_glu_dx_acc_vd(vdg, vy, vo, vx);
        vd ry = vd_nan_first(vg, vo, vd_nan_first(vyy, vyy, vd_fma(vo, vg, vyy)));
        vd_storeu(dx + i, rx);
        vd_storeu(dy + i, ry);
    }
    if (i < n) {
        size_t m = (n - i) * sizeof(double);
        double bg[VD_N] = {0}, bdg[VD_N] = {0}, by[VD_N] = {0}, bo[VD_N] = {0}, bx[VD_N] = {0}, byy[VD_N] = {0};
        memcpy(bg, g + i, m), memcpy(bdg, dg + i, m), memcpy(by, y + i, m), memcpy(bo, dout + i, m);
        memcpy(bx, dx + i, m), memcpy(byy, dy + i, m);
        vd vg = vd_loadu(bg), vo = vd_loadu(bo), vyy = vd_loadu(byy);
        vd_storeu(bx, gp_glu_dx_acc_vd(vd_loadu(bdg), vd_loadu(by), vo, vd_loadu(bx)));
        vd_storeu(byy, vd_nan_first(vg, vo, vd_nan_first(vyy, vyy, vd_fma(vo, vg, vyy))));
        memcpy(dx + i, bx, m), memcpy(dy + i, byy, m);
    }
}

#endif
