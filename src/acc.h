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

#endif
