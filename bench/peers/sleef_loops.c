/* Peer: loops over SLEEF's vector functions (1-ulp variants).  Compiled
 * twice by bench/CMakeLists.txt: GP_SLEEF_512 with AVX-512 flags
 * (Sleef_expf16_u10, Sleef_tanhf16_u10, Sleef_expd8_u10, Sleef_tanhd8_u10) and
 * without it with AVX2 flags (the 8-float / 4-double variants).
 * sigmoid = 1/(1+e^-z), sigmoid' = e^-|z|/(1+e^-|z|)^2, tanh' = 1-tanh(z)^2.
 * The remainder (n % width) goes through a padded vector. */
#include <immintrin.h>
#include <stddef.h>
#include <string.h>

#include <sleef.h>

#include "../peer.h"

#if GP_SLEEF_512
#define GP_SL(name) gp_sleef512_##name
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
#define vf_tanh Sleef_tanhf16_u10
#define vd_load _mm512_loadu_pd
#define vd_store _mm512_storeu_pd
#define vd_set1 _mm512_set1_pd
#define vd_add _mm512_add_pd
#define vd_sub _mm512_sub_pd
#define vd_mul _mm512_mul_pd
#define vd_div _mm512_div_pd
#define vd_abs _mm512_abs_pd
#define vd_exp Sleef_expd8_u10
#define vd_tanh Sleef_tanhd8_u10
#else
#define GP_SL(name) gp_sleef256_##name
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
#define vf_tanh Sleef_tanhf8_u10
#define vd_load _mm256_loadu_pd
#define vd_store _mm256_storeu_pd
#define vd_set1 _mm256_set1_pd
#define vd_add _mm256_add_pd
#define vd_sub _mm256_sub_pd
#define vd_mul _mm256_mul_pd
#define vd_div _mm256_div_pd
#define vd_abs(x) _mm256_andnot_pd(_mm256_set1_pd(-0.0), (x))
#define vd_exp Sleef_expd4_u10
#define vd_tanh Sleef_tanhd4_u10
#endif

/* BODY(z, d) computes one vector from z (and d = da for the backward ops). */
#define GP_SL_LOOP(name, P, T, W, BODY)                                                       \
    static void GP_SL(name)(float af, double ad, size_t n, const void *xv, const void *dv, void *ov) \
    {                                                                                         \
        (void)af, (void)ad;                                                                   \
        const T *x = xv, *da = dv;                                                            \
        T *o = ov;                                                                            \
        size_t i = 0;                                                                         \
        for (; i + W <= n; i += W) {                                                          \
            P##_t z = P##_load(x + i);                                                        \
            P##_t d = da ? P##_load(da + i) : P##_set1(1);                                    \
            (void)d;                                                                          \
            P##_store(o + i, BODY(z, d));                                                     \
        }                                                                                     \
        if (i < n) {                                                                          \
            T bz[W], bd[W];                                                                   \
            for (size_t j = 0; j < W; j++)                                                    \
                bz[j] = 0, bd[j] = 1;                                                         \
            memcpy(bz, x + i, (n - i) * sizeof(T));                                           \
            if (da)                                                                           \
                memcpy(bd, da + i, (n - i) * sizeof(T));                                      \
            P##_t z = P##_load(bz), d = P##_load(bd);                                         \
            (void)d;                                                                          \
            P##_store(bz, BODY(z, d));                                                        \
            memcpy(o + i, bz, (n - i) * sizeof(T));                                           \
        }                                                                                     \
    }

typedef vf vf_t;
typedef vd vd_t;

#define SIG_F(z, d) vf_div(vf_set1(1), vf_add(vf_set1(1), vf_exp(vf_sub(vf_set1(0), (z)))))
#define SIG_D(z, d) vd_div(vd_set1(1), vd_add(vd_set1(1), vd_exp(vd_sub(vd_set1(0), (z)))))
static inline vf GP_SL(sig_grad_f)(vf z)
{
    vf e = vf_exp(vf_sub(vf_set1(0), vf_abs(z))), q = vf_add(vf_set1(1), e);
    return vf_div(e, vf_mul(q, q));
}
static inline vd GP_SL(sig_grad_d)(vd z)
{
    vd e = vd_exp(vd_sub(vd_set1(0), vd_abs(z))), q = vd_add(vd_set1(1), e);
    return vd_div(e, vd_mul(q, q));
}
static inline vf GP_SL(tanh_grad_f)(vf z)
{
    vf t = vf_tanh(z);
    return vf_sub(vf_set1(1), vf_mul(t, t));
}
static inline vd GP_SL(tanh_grad_d)(vd z)
{
    vd t = vd_tanh(z);
    return vd_sub(vd_set1(1), vd_mul(t, t));
}
#define SIGG_F(z, d) GP_SL(sig_grad_f)(z)
#define SIGG_D(z, d) GP_SL(sig_grad_d)(z)
#define SIGB_F(z, d) vf_mul((d), GP_SL(sig_grad_f)(z))
#define SIGB_D(z, d) vd_mul((d), GP_SL(sig_grad_d)(z))
#define TANH_F(z, d) vf_tanh(z)
#define TANH_D(z, d) vd_tanh(z)
#define TANHG_F(z, d) GP_SL(tanh_grad_f)(z)
#define TANHG_D(z, d) GP_SL(tanh_grad_d)(z)
#define TANHB_F(z, d) vf_mul((d), GP_SL(tanh_grad_f)(z))
#define TANHB_D(z, d) vd_mul((d), GP_SL(tanh_grad_d)(z))

GP_SL_LOOP(sig_fwd_f32, vf, float, WF, SIG_F)
GP_SL_LOOP(sig_fwd_f64, vd, double, WD, SIG_D)
GP_SL_LOOP(sig_grad_f32, vf, float, WF, SIGG_F)
GP_SL_LOOP(sig_grad_f64, vd, double, WD, SIGG_D)
GP_SL_LOOP(sig_bwd_f32, vf, float, WF, SIGB_F)
GP_SL_LOOP(sig_bwd_f64, vd, double, WD, SIGB_D)
GP_SL_LOOP(tanh_fwd_f32, vf, float, WF, TANH_F)
GP_SL_LOOP(tanh_fwd_f64, vd, double, WD, TANH_D)
GP_SL_LOOP(tanh_grad_f32, vf, float, WF, TANHG_F)
GP_SL_LOOP(tanh_grad_f64, vd, double, WD, TANHG_D)
GP_SL_LOOP(tanh_bwd_f32, vf, float, WF, TANHB_F)
GP_SL_LOOP(tanh_bwd_f64, vd, double, WD, TANHB_D)

/* The loops by activation name and op; none where SLEEF adds nothing (relu,
 * leaky_relu and the from-output forms have no transcendental). */
static const struct {
    const char *act;
    gp_bench_loop f32[GP_OP_COUNT], f64[GP_OP_COUNT];
} GP_SL(table)[] = {
    {"sigmoid",
     {[GP_OP_FORWARD] = GP_SL(sig_fwd_f32), [GP_OP_GRAD] = GP_SL(sig_grad_f32), [GP_OP_BACKWARD] = GP_SL(sig_bwd_f32)},
     {[GP_OP_FORWARD] = GP_SL(sig_fwd_f64), [GP_OP_GRAD] = GP_SL(sig_grad_f64), [GP_OP_BACKWARD] = GP_SL(sig_bwd_f64)}},
    {"tanh",
     {[GP_OP_FORWARD] = GP_SL(tanh_fwd_f32), [GP_OP_GRAD] = GP_SL(tanh_grad_f32),
      [GP_OP_BACKWARD] = GP_SL(tanh_bwd_f32)},
     {[GP_OP_FORWARD] = GP_SL(tanh_fwd_f64), [GP_OP_GRAD] = GP_SL(tanh_grad_f64),
      [GP_OP_BACKWARD] = GP_SL(tanh_bwd_f64)}},
};

gp_bench_loop GP_SL(find)(const char *act, gp_op op, int f64);
gp_bench_loop GP_SL(find)(const char *act, gp_op op, int f64)
{
    if ((unsigned)op >= GP_OP_COUNT)
        return NULL;
    for (size_t i = 0; i < sizeof GP_SL(table) / sizeof GP_SL(table)[0]; i++)
        if (strcmp(GP_SL(table)[i].act, act) == 0)
            return f64 ? GP_SL(table)[i].f64[op] : GP_SL(table)[i].f32[op];
    return NULL;
}
