/* The two-piece linear unit shared by relu and leaky_relu: slope 1 for z > 0,
 * `left` for z < 0, gaz at z = +-0, NaN (z's, quieted) for NaN: the layer's
 * hinge (one instruction on AVX-512), plus a blend for z = +-0 only where gaz
 * differs from left in its bits (zl = 0; by default it does not).
 * backward = da * slope, the IEEE product, which quiets a NaN da; a NaN z then
 * wins over it.  Exact.  Written for doubles (vd) and floats (vf). */
#ifndef GP_ACT_HINGE_H
#define GP_ACT_HINGE_H

static inline vd gp_hinge_slope_vd(vd z, vd left, vd gaz, int zl)
{
    vd r = vd_hinge(z, left);
    return zl ? r : vd_select(vd_eq(z, vd_set1(0)), gaz, r);
}

static inline vd gp_hinge_backward_vd(vd z, vd da, vd left, vd gaz, int zl)
{
    return vd_nan_or(z, vd_mul(da, gp_hinge_slope_vd(z, left, gaz, zl)));
}

static inline vf gp_hinge_slope_vf(vf z, vf left, vf gaz, int zl)
{
    vf r = vf_hinge(z, left);
    return zl ? r : vf_select(vf_eq(z, vf_set1(0)), gaz, r);
}

static inline vf gp_hinge_backward_vf(vf z, vf da, vf left, vf gaz, int zl)
{
    return vf_nan_or(z, vf_mul(da, gp_hinge_slope_vf(z, left, gaz, zl)));
}

#endif
