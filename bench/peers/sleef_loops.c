/* Peer: loops over SLEEF's vector functions (1-ulp u10 variants).  Compiled
 * twice by bench/CMakeLists.txt: GP_SLEEF_512 with AVX-512 flags
 * (Sleef_expf16_u10, Sleef_expd8_u10 and the other f16/d8 functions) and
 * without it with AVX2 flags (the 8-float / 4-double variants).
 *
 * The textbook formulas of peers/libm.c, with SLEEF's exp, expm1, log1p,
 * tanh and erf (p: the activation's alpha, or beta for softplus):
 *   sigmoid    1/(1+e^-z);  e^-|z|/(1+e^-|z|)^2
 *   tanh       tanh(z);  1-tanh(z)^2
 *   elu        z > 0 ? z : p expm1(z);  z > 0 ? 1 : p e^z
 *   selu       L (z > 0 ? z : A0 expm1(z));  L (z > 0 ? 1 : A0 e^z)
 *   celu       z > 0 ? z : p expm1(z/p);  z > 0 ? 1 : e^(z/p)
 *   gelu       z/2 (1 + erf(z/sqrt2));  Phi(z) + z phi(z)
 *   gelu_tanh  z/2 (1 + tanh u), u = sqrt(2/pi)(z + 0.044715 z^3); its derivative
 *   silu       z/(1+e^-z);  s (1 + z (1-s))
 *   softplus   pz > 20 ? z : log1p(e^(pz))/p;  pz > 20 ? 1 : e/(e+1);  from a: -expm1(-pa)
 *   mish       z tanh(log1p(e^z));  t + z s (1-t^2)
 * both branches computed, then selected (a vector loop has no branch).  No
 * loop where SLEEF adds nothing: relu, leaky_relu, hardsigmoid, hardswish,
 * softsign, and the from-output forms without a transcendental.
 * Each formula is a static inline function of one vector; two loop
 * functions per type (out = f(x), out = da * f(x)) take it, forced inline.
 * The remainder (n % width) goes through a padded vector. */
#include <immintrin.h>
#include <stddef.h>
#include <string.h>

#include <sleef.h>

#include "../peer.h"

#if GP_SLEEF_512
#define GP_SL_FIND gp_sleef512_find
#define WF 16
#define WD 8
typedef __m512 vf;
typedef __m512d vd;
#define vf_load _mm512_loadu_ps
#define vf_store _mm512_storeu_ps
#define vf_set1 _mm512_set1_ps
#define vf_add _mm512_add_ps
#define vf_sub _mm512_sub_ps
#define vf_mul _mm512_mul_ps
#define vf_div _mm512_div_ps
#define vf_abs _mm512_abs_ps
#define vf_exp Sleef_expf16_u10
#define vf_expm1 Sleef_expm1f16_u10
#define vf_log1p Sleef_log1pf16_u10
#define vf_tanh Sleef_tanhf16_u10
#define vf_erf Sleef_erff16_u10
#define vd_load _mm512_loadu_pd
#define vd_store _mm512_storeu_pd
#define vd_set1 _mm512_set1_pd
#define vd_add _mm512_add_pd
#define vd_sub _mm512_sub_pd
#define vd_mul _mm512_mul_pd
#define vd_div _mm512_div_pd
#define vd_abs _mm512_abs_pd
#define vd_exp Sleef_expd8_u10
#define vd_expm1 Sleef_expm1d8_u10
#define vd_log1p Sleef_log1pd8_u10
#define vd_tanh Sleef_tanhd8_u10
#define vd_erf Sleef_erfd8_u10
/* a > b ? x : y */
static inline vf vf_gt_sel(vf a, vf b, vf x, vf y)
{
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_GT_OQ), y, x);
}
static inline vd vd_gt_sel(vd a, vd b, vd x, vd y)
{
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_GT_OQ), y, x);
}
#else
#define GP_SL_FIND gp_sleef256_find
#define WF 8
#define WD 4
typedef __m256 vf;
typedef __m256d vd;
#define vf_load _mm256_loadu_ps
#define vf_store _mm256_storeu_ps
#define vf_set1 _mm256_set1_ps
#define vf_add _mm256_add_ps
#define vf_sub _mm256_sub_ps
#define vf_mul _mm256_mul_ps
#define vf_div _mm256_div_ps
#define vf_abs(x) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (x))
#define vf_exp Sleef_expf8_u10
#define vf_expm1 Sleef_expm1f8_u10
#define vf_log1p Sleef_log1pf8_u10
#define vf_tanh Sleef_tanhf8_u10
#define vf_erf Sleef_erff8_u10
#define vd_load _mm256_loadu_pd
#define vd_store _mm256_storeu_pd
#define vd_set1 _mm256_set1_pd
#define vd_add _mm256_add_pd
#define vd_sub _mm256_sub_pd
#define vd_mul _mm256_mul_pd
#define vd_div _mm256_div_pd
#define vd_abs(x) _mm256_andnot_pd(_mm256_set1_pd(-0.0), (x))
#define vd_exp Sleef_expd4_u10
#define vd_expm1 Sleef_expm1d4_u10
#define vd_log1p Sleef_log1pd4_u10
#define vd_tanh Sleef_tanhd4_u10
#define vd_erf Sleef_erfd4_u10
static inline vf vf_gt_sel(vf a, vf b, vf x, vf y) { return _mm256_blendv_ps(y, x, _mm256_cmp_ps(a, b, _CMP_GT_OQ)); }
static inline vd vd_gt_sel(vd a, vd b, vd x, vd y) { return _mm256_blendv_pd(y, x, _mm256_cmp_pd(a, b, _CMP_GT_OQ)); }
#endif

#define GP_INLINE static inline __attribute__((always_inline))

#define GP_SQRT1_2 0.70710678118654752440      /* 1/sqrt(2) */
#define GP_INV_SQRT_2PI 0.39894228040143267794 /* 1/sqrt(2 pi) */
#define GP_SQRT_2_PI 0.79788456080286535588    /* sqrt(2/pi) */
#define GP_SELU_L 1.0507009873554804934193349852946
#define GP_SELU_A0 1.6732632423543772848170429916717

/* ---- the loops ------------------------------------------------------------------ */

typedef vf (*gp_vf_formula)(vf z, vf p);
typedef vd (*gp_vd_formula)(vd z, vd p);

/* da == NULL: out = f(x); else out = da * f(x) (the branch is outside the loops) */
GP_INLINE void gp_loop_f32(gp_vf_formula f, float pf, size_t n, const void *xv, const void *dv, void *ov)
{
    const float *x = xv, *da = dv;
    float *o = ov;
    vf p = vf_set1(pf);
    size_t i = 0;
    if (da)
        for (; i + WF <= n; i += WF)
            vf_store(o + i, vf_mul(vf_load(da + i), f(vf_load(x + i), p)));
    else
        for (; i + WF <= n; i += WF)
            vf_store(o + i, f(vf_load(x + i), p));
    if (i < n) {
        float bz[WF], bd[WF];
        for (size_t j = 0; j < WF; j++)
            bz[j] = 0, bd[j] = 1;
        memcpy(bz, x + i, (n - i) * sizeof(float));
        if (da)
            memcpy(bd, da + i, (n - i) * sizeof(float));
        vf_store(bz, vf_mul(vf_load(bd), f(vf_load(bz), p)));
        memcpy(o + i, bz, (n - i) * sizeof(float));
    }
}

GP_INLINE void gp_loop_f64(gp_vd_formula f, double pd, size_t n, const void *xv, const void *dv, void *ov)
{
    const double *x = xv, *da = dv;
    double *o = ov;
    vd p = vd_set1(pd);
    size_t i = 0;
    if (da)
        for (; i + WD <= n; i += WD)
            vd_store(o + i, vd_mul(vd_load(da + i), f(vd_load(x + i), p)));
    else
        for (; i + WD <= n; i += WD)
            vd_store(o + i, f(vd_load(x + i), p));
    if (i < n) {
        double bz[WD], bd[WD];
        for (size_t j = 0; j < WD; j++)
            bz[j] = 0, bd[j] = 1;
        memcpy(bz, x + i, (n - i) * sizeof(double));
        if (da)
            memcpy(bd, da + i, (n - i) * sizeof(double));
        vd_store(bz, vd_mul(vd_load(bd), f(vd_load(bz), p)));
        memcpy(o + i, bz, (n - i) * sizeof(double));
    }
}

/* ---- the formulas, f32 ---------------------------------------------------------- */

GP_INLINE vf sigmoid_f32(vf z, vf p)
{
    (void)p;
    return vf_div(vf_set1(1), vf_add(vf_set1(1), vf_exp(vf_sub(vf_set1(0), z))));
}
GP_INLINE vf sigmoid_d_f32(vf z, vf p)
{
    (void)p;
    vf e = vf_exp(vf_sub(vf_set1(0), vf_abs(z))), q = vf_add(vf_set1(1), e);
    return vf_div(e, vf_mul(q, q));
}
GP_INLINE vf tanh_f32(vf z, vf p) { return (void)p, vf_tanh(z); }
GP_INLINE vf tanh_d_f32(vf z, vf p)
{
    (void)p;
    vf t = vf_tanh(z);
    return vf_sub(vf_set1(1), vf_mul(t, t));
}
GP_INLINE vf elu_f32(vf z, vf p) { return vf_gt_sel(z, vf_set1(0), z, vf_mul(p, vf_expm1(z))); }
GP_INLINE vf elu_d_f32(vf z, vf p) { return vf_gt_sel(z, vf_set1(0), vf_set1(1), vf_mul(p, vf_exp(z))); }
GP_INLINE vf selu_f32(vf z, vf p)
{
    (void)p;
    vf neg = vf_mul(vf_set1((float)GP_SELU_A0), vf_expm1(z));
    return vf_mul(vf_set1((float)GP_SELU_L), vf_gt_sel(z, vf_set1(0), z, neg));
}
GP_INLINE vf selu_d_f32(vf z, vf p)
{
    (void)p;
    vf neg = vf_mul(vf_set1((float)GP_SELU_A0), vf_exp(z));
    return vf_mul(vf_set1((float)GP_SELU_L), vf_gt_sel(z, vf_set1(0), vf_set1(1), neg));
}
GP_INLINE vf celu_f32(vf z, vf p) { return vf_gt_sel(z, vf_set1(0), z, vf_mul(p, vf_expm1(vf_div(z, p)))); }
GP_INLINE vf celu_d_f32(vf z, vf p) { return vf_gt_sel(z, vf_set1(0), vf_set1(1), vf_exp(vf_div(z, p))); }
GP_INLINE vf gelu_f32(vf z, vf p)
{
    (void)p;
    vf h = vf_mul(vf_set1(0.5f), z);
    return vf_mul(h, vf_add(vf_set1(1), vf_erf(vf_mul(z, vf_set1((float)GP_SQRT1_2)))));
}
GP_INLINE vf gelu_d_f32(vf z, vf p)
{
    (void)p;
    vf cdf = vf_mul(vf_set1(0.5f), vf_add(vf_set1(1), vf_erf(vf_mul(z, vf_set1((float)GP_SQRT1_2)))));
    vf pdf = vf_mul(vf_set1((float)GP_INV_SQRT_2PI), vf_exp(vf_mul(vf_set1(-0.5f), vf_mul(z, z))));
    return vf_add(cdf, vf_mul(z, pdf));
}
GP_INLINE vf gelu_tanh_f32(vf z, vf p)
{
    (void)p;
    vf z3 = vf_mul(vf_mul(z, z), z);
    vf t = vf_tanh(vf_mul(vf_set1((float)GP_SQRT_2_PI), vf_add(z, vf_mul(vf_set1(0.044715f), z3))));
    return vf_mul(vf_mul(vf_set1(0.5f), z), vf_add(vf_set1(1), t));
}
GP_INLINE vf gelu_tanh_d_f32(vf z, vf p)
{
    (void)p;
    vf z2 = vf_mul(z, z);
    vf t = vf_tanh(vf_mul(vf_set1((float)GP_SQRT_2_PI), vf_add(z, vf_mul(vf_set1(0.044715f), vf_mul(z2, z)))));
    vf du = vf_mul(vf_set1((float)GP_SQRT_2_PI), vf_add(vf_set1(1), vf_mul(vf_set1(3.0f * 0.044715f), z2)));
    vf left = vf_mul(vf_set1(0.5f), vf_add(vf_set1(1), t));
    vf right = vf_mul(vf_mul(vf_mul(vf_set1(0.5f), z), vf_sub(vf_set1(1), vf_mul(t, t))), du);
    return vf_add(left, right);
}
GP_INLINE vf silu_f32(vf z, vf p) { return (void)p, vf_div(z, vf_add(vf_set1(1), vf_exp(vf_sub(vf_set1(0), z)))); }
GP_INLINE vf silu_d_f32(vf z, vf p)
{
    (void)p;
    vf s = vf_div(vf_set1(1), vf_add(vf_set1(1), vf_exp(vf_sub(vf_set1(0), z))));
    return vf_mul(s, vf_add(vf_set1(1), vf_mul(z, vf_sub(vf_set1(1), s))));
}
GP_INLINE vf softplus_f32(vf z, vf b)
{
    vf bz = vf_mul(b, z);
    return vf_gt_sel(bz, vf_set1(20), z, vf_div(vf_log1p(vf_exp(bz)), b));
}
GP_INLINE vf softplus_d_f32(vf z, vf b)
{
    vf bz = vf_mul(b, z), e = vf_exp(bz);
    return vf_gt_sel(bz, vf_set1(20), vf_set1(1), vf_div(e, vf_add(e, vf_set1(1))));
}
GP_INLINE vf softplus_da_f32(vf a, vf b) { return vf_sub(vf_set1(0), vf_expm1(vf_sub(vf_set1(0), vf_mul(b, a)))); }
GP_INLINE vf mish_f32(vf z, vf p) { return (void)p, vf_mul(z, vf_tanh(vf_log1p(vf_exp(z)))); }
GP_INLINE vf mish_d_f32(vf z, vf p)
{
    (void)p;
    vf t = vf_tanh(vf_log1p(vf_exp(z)));
    vf s = vf_div(vf_set1(1), vf_add(vf_set1(1), vf_exp(vf_sub(vf_set1(0), z))));
    return vf_add(t, vf_mul(vf_mul(z, s), vf_sub(vf_set1(1), vf_mul(t, t))));
}

/* ---- the formulas, f64 ---------------------------------------------------------- */

GP_INLINE vd sigmoid_f64(vd z, vd p)
{
    (void)p;
    return vd_div(vd_set1(1), vd_add(vd_set1(1), vd_exp(vd_sub(vd_set1(0), z))));
}
GP_INLINE vd sigmoid_d_f64(vd z, vd p)
{
    (void)p;
    vd e = vd_exp(vd_sub(vd_set1(0), vd_abs(z))), q = vd_add(vd_set1(1), e);
    return vd_div(e, vd_mul(q, q));
}
GP_INLINE vd tanh_f64(vd z, vd p) { return (void)p, vd_tanh(z); }
GP_INLINE vd tanh_d_f64(vd z, vd p)
{
    (void)p;
    vd t = vd_tanh(z);
    return vd_sub(vd_set1(1), vd_mul(t, t));
}
GP_INLINE vd elu_f64(vd z, vd p) { return vd_gt_sel(z, vd_set1(0), z, vd_mul(p, vd_expm1(z))); }
GP_INLINE vd elu_d_f64(vd z, vd p) { return vd_gt_sel(z, vd_set1(0), vd_set1(1), vd_mul(p, vd_exp(z))); }
GP_INLINE vd selu_f64(vd z, vd p)
{
    (void)p;
    vd neg = vd_mul(vd_set1(GP_SELU_A0), vd_expm1(z));
    return vd_mul(vd_set1(GP_SELU_L), vd_gt_sel(z, vd_set1(0), z, neg));
}
GP_INLINE vd selu_d_f64(vd z, vd p)
{
    (void)p;
    vd neg = vd_mul(vd_set1(GP_SELU_A0), vd_exp(z));
    return vd_mul(vd_set1(GP_SELU_L), vd_gt_sel(z, vd_set1(0), vd_set1(1), neg));
}
GP_INLINE vd celu_f64(vd z, vd p) { return vd_gt_sel(z, vd_set1(0), z, vd_mul(p, vd_expm1(vd_div(z, p)))); }
GP_INLINE vd celu_d_f64(vd z, vd p) { return vd_gt_sel(z, vd_set1(0), vd_set1(1), vd_exp(vd_div(z, p))); }
GP_INLINE vd gelu_f64(vd z, vd p)
{
    (void)p;
    vd h = vd_mul(vd_set1(0.5), z);
    return vd_mul(h, vd_add(vd_set1(1), vd_erf(vd_mul(z, vd_set1(GP_SQRT1_2)))));
}
GP_INLINE vd gelu_d_f64(vd z, vd p)
{
    (void)p;
    vd cdf = vd_mul(vd_set1(0.5), vd_add(vd_set1(1), vd_erf(vd_mul(z, vd_set1(GP_SQRT1_2)))));
    vd pdf = vd_mul(vd_set1(GP_INV_SQRT_2PI), vd_exp(vd_mul(vd_set1(-0.5), vd_mul(z, z))));
    return vd_add(cdf, vd_mul(z, pdf));
}
GP_INLINE vd gelu_tanh_f64(vd z, vd p)
{
    (void)p;
    vd z3 = vd_mul(vd_mul(z, z), z);
    vd t = vd_tanh(vd_mul(vd_set1(GP_SQRT_2_PI), vd_add(z, vd_mul(vd_set1(0.044715), z3))));
    return vd_mul(vd_mul(vd_set1(0.5), z), vd_add(vd_set1(1), t));
}
GP_INLINE vd gelu_tanh_d_f64(vd z, vd p)
{
    (void)p;
    vd z2 = vd_mul(z, z);
    vd t = vd_tanh(vd_mul(vd_set1(GP_SQRT_2_PI), vd_add(z, vd_mul(vd_set1(0.044715), vd_mul(z2, z)))));
    vd du = vd_mul(vd_set1(GP_SQRT_2_PI), vd_add(vd_set1(1), vd_mul(vd_set1(3.0 * 0.044715), z2)));
    vd left = vd_mul(vd_set1(0.5), vd_add(vd_set1(1), t));
    vd right = vd_mul(vd_mul(vd_mul(vd_set1(0.5), z), vd_sub(vd_set1(1), vd_mul(t, t))), du);
    return vd_add(left, right);
}
GP_INLINE vd silu_f64(vd z, vd p) { return (void)p, vd_div(z, vd_add(vd_set1(1), vd_exp(vd_sub(vd_set1(0), z)))); }
GP_INLINE vd silu_d_f64(vd z, vd p)
{
    (void)p;
    vd s = vd_div(vd_set1(1), vd_add(vd_set1(1), vd_exp(vd_sub(vd_set1(0), z))));
    return vd_mul(s, vd_add(vd_set1(1), vd_mul(z, vd_sub(vd_set1(1), s))));
}
GP_INLINE vd softplus_f64(vd z, vd b)
{
    vd bz = vd_mul(b, z);
    return vd_gt_sel(bz, vd_set1(20), z, vd_div(vd_log1p(vd_exp(bz)), b));
}
GP_INLINE vd softplus_d_f64(vd z, vd b)
{
    vd bz = vd_mul(b, z), e = vd_exp(bz);
    return vd_gt_sel(bz, vd_set1(20), vd_set1(1), vd_div(e, vd_add(e, vd_set1(1))));
}
GP_INLINE vd softplus_da_f64(vd a, vd b) { return vd_sub(vd_set1(0), vd_expm1(vd_sub(vd_set1(0), vd_mul(b, a)))); }
GP_INLINE vd mish_f64(vd z, vd p) { return (void)p, vd_mul(z, vd_tanh(vd_log1p(vd_exp(z)))); }
GP_INLINE vd mish_d_f64(vd z, vd p)
{
    (void)p;
    vd t = vd_tanh(vd_log1p(vd_exp(z)));
    vd s = vd_div(vd_set1(1), vd_add(vd_set1(1), vd_exp(vd_sub(vd_set1(0), z))));
    return vd_add(t, vd_mul(vd_mul(z, s), vd_sub(vd_set1(1), vd_mul(t, t))));
}

/* ---- one loop function per formula and type ------------------------------------- */
/* z: forward (da is NULL); d: grad (da NULL) and backward (da given) */
#define GP_ARGS float af, double ad, size_t n, const void *x, const void *da, void *o
#define GP_L32(f) ((void)ad, gp_loop_f32(f, af, n, x, da, o))
#define GP_L64(f) ((void)af, gp_loop_f64(f, ad, n, x, da, o))

static void sigmoid_z32(GP_ARGS) { GP_L32(sigmoid_f32); }
static void sigmoid_d32(GP_ARGS) { GP_L32(sigmoid_d_f32); }
static void tanh_z32(GP_ARGS) { GP_L32(tanh_f32); }
static void tanh_d32(GP_ARGS) { GP_L32(tanh_d_f32); }
static void elu_z32(GP_ARGS) { GP_L32(elu_f32); }
static void elu_d32(GP_ARGS) { GP_L32(elu_d_f32); }
static void selu_z32(GP_ARGS) { GP_L32(selu_f32); }
static void selu_d32(GP_ARGS) { GP_L32(selu_d_f32); }
static void celu_z32(GP_ARGS) { GP_L32(celu_f32); }
static void celu_d32(GP_ARGS) { GP_L32(celu_d_f32); }
static void gelu_z32(GP_ARGS) { GP_L32(gelu_f32); }
static void gelu_d32(GP_ARGS) { GP_L32(gelu_d_f32); }
static void gelu_tanh_z32(GP_ARGS) { GP_L32(gelu_tanh_f32); }
static void gelu_tanh_d32(GP_ARGS) { GP_L32(gelu_tanh_d_f32); }
static void silu_z32(GP_ARGS) { GP_L32(silu_f32); }
static void silu_d32(GP_ARGS) { GP_L32(silu_d_f32); }
static void softplus_z32(GP_ARGS) { GP_L32(softplus_f32); }
static void softplus_d32(GP_ARGS) { GP_L32(softplus_d_f32); }
static void softplus_a32(GP_ARGS) { GP_L32(softplus_da_f32); }
static void mish_z32(GP_ARGS) { GP_L32(mish_f32); }
static void mish_d32(GP_ARGS) { GP_L32(mish_d_f32); }

static void sigmoid_z64(GP_ARGS) { GP_L64(sigmoid_f64); }
static void sigmoid_d64(GP_ARGS) { GP_L64(sigmoid_d_f64); }
static void tanh_z64(GP_ARGS) { GP_L64(tanh_f64); }
static void tanh_d64(GP_ARGS) { GP_L64(tanh_d_f64); }
static void elu_z64(GP_ARGS) { GP_L64(elu_f64); }
static void elu_d64(GP_ARGS) { GP_L64(elu_d_f64); }
static void selu_z64(GP_ARGS) { GP_L64(selu_f64); }
static void selu_d64(GP_ARGS) { GP_L64(selu_d_f64); }
static void celu_z64(GP_ARGS) { GP_L64(celu_f64); }
static void celu_d64(GP_ARGS) { GP_L64(celu_d_f64); }
static void gelu_z64(GP_ARGS) { GP_L64(gelu_f64); }
static void gelu_d64(GP_ARGS) { GP_L64(gelu_d_f64); }
static void gelu_tanh_z64(GP_ARGS) { GP_L64(gelu_tanh_f64); }
static void gelu_tanh_d64(GP_ARGS) { GP_L64(gelu_tanh_d_f64); }
static void silu_z64(GP_ARGS) { GP_L64(silu_f64); }
static void silu_d64(GP_ARGS) { GP_L64(silu_d_f64); }
static void softplus_z64(GP_ARGS) { GP_L64(softplus_f64); }
static void softplus_d64(GP_ARGS) { GP_L64(softplus_d_f64); }
static void softplus_a64(GP_ARGS) { GP_L64(softplus_da_f64); }
static void mish_z64(GP_ARGS) { GP_L64(mish_f64); }
static void mish_d64(GP_ARGS) { GP_L64(mish_d_f64); }

/* The loops by activation name: fwd (forward), d (grad and backward), a (the
 * from-output ops; NULL: no transcendental there, or no such op). */
static const struct {
    const char *act;
    gp_bench_loop fwd32, d32, a32, fwd64, d64, a64;
} gp_sl_table[] = {
    {"sigmoid", sigmoid_z32, sigmoid_d32, NULL, sigmoid_z64, sigmoid_d64, NULL},
    {"tanh", tanh_z32, tanh_d32, NULL, tanh_z64, tanh_d64, NULL},
    {"elu", elu_z32, elu_d32, NULL, elu_z64, elu_d64, NULL},
    {"selu", selu_z32, selu_d32, NULL, selu_z64, selu_d64, NULL},
    {"celu", celu_z32, celu_d32, NULL, celu_z64, celu_d64, NULL},
    {"gelu", gelu_z32, gelu_d32, NULL, gelu_z64, gelu_d64, NULL},
    {"gelu_tanh", gelu_tanh_z32, gelu_tanh_d32, NULL, gelu_tanh_z64, gelu_tanh_d64, NULL},
    {"silu", silu_z32, silu_d32, NULL, silu_z64, silu_d64, NULL},
    {"softplus", softplus_z32, softplus_d32, softplus_a32, softplus_z64, softplus_d64, softplus_a64},
    {"mish", mish_z32, mish_d32, NULL, mish_z64, mish_d64, NULL},
};

gp_bench_loop GP_SL_FIND(const char *act, gp_op op, int f64);
gp_bench_loop GP_SL_FIND(const char *act, gp_op op, int f64)
{
    for (size_t i = 0; i < sizeof gp_sl_table / sizeof gp_sl_table[0]; i++) {
        if (strcmp(gp_sl_table[i].act, act) != 0)
            continue;
        switch (op) {
        case GP_OP_FORWARD: return f64 ? gp_sl_table[i].fwd64 : gp_sl_table[i].fwd32;
        case GP_OP_GRAD:
        case GP_OP_BACKWARD: return f64 ? gp_sl_table[i].d64 : gp_sl_table[i].d32;
        case GP_OP_GRAD_FROM_OUTPUT:
        case GP_OP_BACKWARD_FROM_OUTPUT: return f64 ? gp_sl_table[i].a64 : gp_sl_table[i].a32;
        }
        return NULL;
    }
    return NULL;
}
