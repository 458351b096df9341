/* Peer: plain C loops over libm, the code a user would write by hand.
 * Compiled twice (bench/CMakeLists.txt): -O3 -march=native, and the same with
 * -ffast-math (GP_LIBM_FAST=1) in its own object library, so that fast-math
 * never touches gprime's code nor the link (no crtfastmath, no FTZ/DAZ).
 *
 * The textbook formulas, as llm.c and PyTorch's scalar code write them
 * (p: the activation's alpha, or beta for softplus; L, A0: selu's constants):
 *   sigmoid     1/(1+e^-z);  e^-|z|/(1+e^-|z|)^2;  from a: a(1-a)
 *   tanh        tanh(z);  1-tanh(z)^2;  from a: 1-a^2
 *   relu        z > 0 ? z : 0;  z > 0 ? 1 : 0  (from a: the same test on a)
 *   leaky_relu  z > 0 ? z : p z;  z > 0 ? 1 : p  (likewise)
 *   hardsigmoid min(max(z+3, 0), 6)/6;  1/6 on (-3, 3), else 0;  from a: 1/6 on (0, 1)
 *   hardswish   z min(max(z+3, 0), 6)/6;  0 (z < -3), z/3 + 1/2 (z <= 3), 1
 *   softsign    z/(1+|z|);  1/(1+|z|)^2;  from a: (1-|a|)^2
 *   elu         z > 0 ? z : p expm1(z);  z > 0 ? 1 : p e^z;  from a: a > 0 ? 1 : a + p
 *   selu        L (z > 0 ? z : A0 expm1(z));  L (z > 0 ? 1 : A0 e^z);  from a: a > 0 ? L : a + L A0
 *   celu        z > 0 ? z : p expm1(z/p);  z > 0 ? 1 : e^(z/p);  from a: a > 0 ? 1 : a/p + 1
 *   gelu        z/2 (1 + erf(z/sqrt2));  Phi(z) + z phi(z)
 *   gelu_tanh   z/2 (1 + tanh u), u = sqrt(2/pi)(z + 0.044715 z^3);
 *               (1 + tanh u)/2 + z/2 (1 - tanh^2 u) sqrt(2/pi)(1 + 3 0.044715 z^2)
 *   silu        z/(1+e^-z);  s (1 + z (1-s)), s = 1/(1+e^-z)
 *   softplus    pz > 20 ? z : log1p(e^(pz))/p;  pz > 20 ? 1 : e/(e+1), e = e^(pz)
 *               (PyTorch's threshold 20);  from a: -expm1(-pa)
 *   mish        z tanh(log1p(e^z));  t + z s (1-t^2), t = tanh(log1p(e^z)), s = sigmoid(z)
 * backward is da times the slope; the from-output ops exist for the
 * monotonic activations only.  f32 calls the f-suffixed libm functions.
 *
 * Each formula is a static inline scalar function; the loops are two small
 * functions per type (gp_map: out = f(x), gp_mul: out = da * f(x)) that the
 * one-line wrappers below instantiate with a formula, all forced inline:
 * each wrapper is the plain loop over one formula and vectorises as such
 * (one loop per function, as a user writes it). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "../peer.h"

#if GP_LIBM_FAST
#define GP_PEER_VAR gp_peer_libm_fast
#define GP_PEER_NAME "libm-fast"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native -ffast-math (vectorised via libmvec)"
#else
#define GP_PEER_VAR gp_peer_libm
#define GP_PEER_NAME "libm"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native"
#endif

#define GP_INLINE static inline __attribute__((always_inline))

/* constants as decimals: strict C11 has no M_SQRT1_2 */
#define GP_SQRT1_2 0.70710678118654752440      /* 1/sqrt(2) */
#define GP_INV_SQRT_2PI 0.39894228040143267794 /* 1/sqrt(2 pi) */
#define GP_SQRT_2_PI 0.79788456080286535588    /* sqrt(2/pi) */
#define GP_SELU_L 1.0507009873554804934193349852946
#define GP_SELU_A0 1.6732632423543772848170429916717

/* ---- the loops: out = f(x), and out = f(x) or da * f(x) ------------------- */

typedef float (*gp_f32_formula)(float z, float p);
typedef double (*gp_f64_formula)(double z, double p);

GP_INLINE void gp_map_f32(gp_f32_formula f, float p, size_t n, const void *xv, void *ov)
{
    const float *restrict x = xv;
    float *restrict o = ov;
    for (size_t i = 0; i < n; i++)
        o[i] = f(x[i], p);
}

/* out = da * f(x): backward from z, backward from the output */
GP_INLINE void gp_mul_f32(gp_f32_formula f, float p, size_t n, const void *xv, const void *dv, void *ov)
{
    const float *restrict x = xv, *restrict da = dv;
    float *restrict o = ov;
    for (size_t i = 0; i < n; i++)
        o[i] = da[i] * f(x[i], p);
}

GP_INLINE void gp_map_f64(gp_f64_formula f, double p, size_t n, const void *xv, void *ov)
{
    const double *restrict x = xv;
    double *restrict o = ov;
    for (size_t i = 0; i < n; i++)
        o[i] = f(x[i], p);
}

GP_INLINE void gp_mul_f64(gp_f64_formula f, double p, size_t n, const void *xv, const void *dv, void *ov)
{
    const double *restrict x = xv, *restrict da = dv;
    double *restrict o = ov;
    for (size_t i = 0; i < n; i++)
        o[i] = da[i] * f(x[i], p);
}

/* ---- the formulas, f32 ------------------------------------------------------ */

GP_INLINE float sigmoid_f32(float z, float p) { return (void)p, 1.0f / (1.0f + expf(-z)); }
GP_INLINE float sigmoid_d_f32(float z, float p)
{
    float e = expf(-fabsf(z)), d = 1.0f + e;
    return (void)p, e / (d * d);
}
GP_INLINE float sigmoid_da_f32(float a, float p) { return (void)p, a * (1.0f - a); }

GP_INLINE float tanh_f32(float z, float p) { return (void)p, tanhf(z); }
GP_INLINE float tanh_d_f32(float z, float p)
{
    float t = tanhf(z);
    return (void)p, 1.0f - t * t;
}
GP_INLINE float tanh_da_f32(float a, float p) { return (void)p, 1.0f - a * a; }

GP_INLINE float relu_f32(float z, float p) { return (void)p, z > 0 ? z : 0.0f; }
GP_INLINE float relu_d_f32(float z, float p) { return (void)p, z > 0 ? 1.0f : 0.0f; }
GP_INLINE float lrelu_f32(float z, float p) { return z > 0 ? z : p * z; }
GP_INLINE float lrelu_d_f32(float z, float p) { return z > 0 ? 1.0f : p; }

/* min(max(z + 3, 0), 6) by comparisons, as std::min/std::max do it (fminf
 * and fmaxf, bound to their NaN rules, are library calls without fast-math) */
GP_INLINE float relu6_f32(float t)
{
    t = t > 0.0f ? t : 0.0f;
    return t < 6.0f ? t : 6.0f;
}
GP_INLINE float hardsigmoid_f32(float z, float p) { return (void)p, relu6_f32(z + 3.0f) / 6.0f; }
GP_INLINE float hardsigmoid_d_f32(float z, float p) { return (void)p, z > -3.0f && z < 3.0f ? 1.0f / 6.0f : 0.0f; }
GP_INLINE float hardsigmoid_da_f32(float a, float p) { return (void)p, a > 0.0f && a < 1.0f ? 1.0f / 6.0f : 0.0f; }

GP_INLINE float hardswish_f32(float z, float p) { return (void)p, z * relu6_f32(z + 3.0f) / 6.0f; }
GP_INLINE float hardswish_d_f32(float z, float p)
{
    return (void)p, z < -3.0f ? 0.0f : z <= 3.0f ? z / 3.0f + 0.5f : 1.0f;
}

GP_INLINE float softsign_f32(float z, float p) { return (void)p, z / (1.0f + fabsf(z)); }
GP_INLINE float softsign_d_f32(float z, float p)
{
    float d = 1.0f + fabsf(z);
    return (void)p, 1.0f / (d * d);
}
GP_INLINE float softsign_da_f32(float a, float p)
{
    float d = 1.0f - fabsf(a);
    return (void)p, d * d;
}

GP_INLINE float elu_f32(float z, float p) { return z > 0 ? z : p * expm1f(z); }
GP_INLINE float elu_d_f32(float z, float p) { return z > 0 ? 1.0f : p * expf(z); }
GP_INLINE float elu_da_f32(float a, float p) { return a > 0 ? 1.0f : a + p; }

GP_INLINE float selu_f32(float z, float p)
{
    return (void)p, (float)GP_SELU_L * (z > 0 ? z : (float)GP_SELU_A0 * expm1f(z));
}
GP_INLINE float selu_d_f32(float z, float p)
{
    return (void)p, (float)GP_SELU_L * (z > 0 ? 1.0f : (float)GP_SELU_A0 * expf(z));
}
GP_INLINE float selu_da_f32(float a, float p)
{
    return (void)p, a > 0 ? (float)GP_SELU_L : a + (float)(GP_SELU_L * GP_SELU_A0);
}

GP_INLINE float celu_f32(float z, float p) { return z > 0 ? z : p * expm1f(z / p); }
GP_INLINE float celu_d_f32(float z, float p) { return z > 0 ? 1.0f : expf(z / p); }
GP_INLINE float celu_da_f32(float a, float p) { return a > 0 ? 1.0f : a / p + 1.0f; }

GP_INLINE float gelu_f32(float z, float p) { return (void)p, 0.5f * z * (1.0f + erff(z * (float)GP_SQRT1_2)); }
GP_INLINE float gelu_d_f32(float z, float p)
{
    float cdf = 0.5f * (1.0f + erff(z * (float)GP_SQRT1_2)), pdf = (float)GP_INV_SQRT_2PI * expf(-0.5f * z * z);
    return (void)p, cdf + z * pdf;
}

GP_INLINE float gelu_tanh_f32(float z, float p)
{
    float u = (float)GP_SQRT_2_PI * (z + 0.044715f * z * z * z);
    return (void)p, 0.5f * z * (1.0f + tanhf(u));
}
GP_INLINE float gelu_tanh_d_f32(float z, float p)
{
    float z2 = z * z, t = tanhf((float)GP_SQRT_2_PI * (z + 0.044715f * z2 * z));
    float du = (float)GP_SQRT_2_PI * (1.0f + 3.0f * 0.044715f * z2);
    return (void)p, 0.5f * (1.0f + t) + 0.5f * z * (1.0f - t * t) * du;
}

GP_INLINE float silu_f32(float z, float p) { return (void)p, z / (1.0f + expf(-z)); }
GP_INLINE float silu_d_f32(float z, float p)
{
    float s = 1.0f / (1.0f + expf(-z));
    return (void)p, s * (1.0f + z * (1.0f - s));
}

GP_INLINE float softplus_f32(float z, float b) { return b * z > 20.0f ? z : log1pf(expf(b * z)) / b; }
GP_INLINE float softplus_d_f32(float z, float b)
{
    float e = expf(b * z);
    return b * z > 20.0f ? 1.0f : e / (e + 1.0f);
}
GP_INLINE float softplus_da_f32(float a, float b) { return -expm1f(-b * a); }

GP_INLINE float mish_f32(float z, float p) { return (void)p, z * tanhf(log1pf(expf(z))); }
GP_INLINE float mish_d_f32(float z, float p)
{
    float t = tanhf(log1pf(expf(z))), s = 1.0f / (1.0f + expf(-z));
    return (void)p, t + z * s * (1.0f - t * t);
}

/* ---- the formulas, f64 ------------------------------------------------------ */

GP_INLINE double sigmoid_f64(double z, double p) { return (void)p, 1.0 / (1.0 + exp(-z)); }
GP_INLINE double sigmoid_d_f64(double z, double p)
{
    double e = exp(-fabs(z)), d = 1.0 + e;
    return (void)p, e / (d * d);
}
GP_INLINE double sigmoid_da_f64(double a, double p) { return (void)p, a * (1.0 - a); }

GP_INLINE double tanh_f64(double z, double p) { return (void)p, tanh(z); }
GP_INLINE double tanh_d_f64(double z, double p)
{
    double t = tanh(z);
    return (void)p, 1.0 - t * t;
}
GP_INLINE double tanh_da_f64(double a, double p) { return (void)p, 1.0 - a * a; }

GP_INLINE double relu_f64(double z, double p) { return (void)p, z > 0 ? z : 0.0; }
GP_INLINE double relu_d_f64(double z, double p) { return (void)p, z > 0 ? 1.0 : 0.0; }
GP_INLINE double lrelu_f64(double z, double p) { return z > 0 ? z : p * z; }
GP_INLINE double lrelu_d_f64(double z, double p) { return z > 0 ? 1.0 : p; }

GP_INLINE double relu6_f64(double t)
{
    t = t > 0.0 ? t : 0.0;
    return t < 6.0 ? t : 6.0;
}
GP_INLINE double hardsigmoid_f64(double z, double p) { return (void)p, relu6_f64(z + 3.0) / 6.0; }
GP_INLINE double hardsigmoid_d_f64(double z, double p) { return (void)p, z > -3.0 && z < 3.0 ? 1.0 / 6.0 : 0.0; }
GP_INLINE double hardsigmoid_da_f64(double a, double p) { return (void)p, a > 0.0 && a < 1.0 ? 1.0 / 6.0 : 0.0; }

GP_INLINE double hardswish_f64(double z, double p) { return (void)p, z * relu6_f64(z + 3.0) / 6.0; }
GP_INLINE double hardswish_d_f64(double z, double p)
{
    return (void)p, z < -3.0 ? 0.0 : z <= 3.0 ? z / 3.0 + 0.5 : 1.0;
}

GP_INLINE double softsign_f64(double z, double p) { return (void)p, z / (1.0 + fabs(z)); }
GP_INLINE double softsign_d_f64(double z, double p)
{
    double d = 1.0 + fabs(z);
    return (void)p, 1.0 / (d * d);
}
GP_INLINE double softsign_da_f64(double a, double p)
{
    double d = 1.0 - fabs(a);
    return (void)p, d * d;
}

GP_INLINE double elu_f64(double z, double p) { return z > 0 ? z : p * expm1(z); }
GP_INLINE double elu_d_f64(double z, double p) { return z > 0 ? 1.0 : p * exp(z); }
GP_INLINE double elu_da_f64(double a, double p) { return a > 0 ? 1.0 : a + p; }

GP_INLINE double selu_f64(double z, double p) { return (void)p, GP_SELU_L * (z > 0 ? z : GP_SELU_A0 * expm1(z)); }
GP_INLINE double selu_d_f64(double z, double p) { return (void)p, GP_SELU_L * (z > 0 ? 1.0 : GP_SELU_A0 * exp(z)); }
GP_INLINE double selu_da_f64(double a, double p) { return (void)p, a > 0 ? GP_SELU_L : a + GP_SELU_L * GP_SELU_A0; }

GP_INLINE double celu_f64(double z, double p) { return z > 0 ? z : p * expm1(z / p); }
GP_INLINE double celu_d_f64(double z, double p) { return z > 0 ? 1.0 : exp(z / p); }
GP_INLINE double celu_da_f64(double a, double p) { return a > 0 ? 1.0 : a / p + 1.0; }

GP_INLINE double gelu_f64(double z, double p) { return (void)p, 0.5 * z * (1.0 + erf(z * GP_SQRT1_2)); }
GP_INLINE double gelu_d_f64(double z, double p)
{
    double cdf = 0.5 * (1.0 + erf(z * GP_SQRT1_2)), pdf = GP_INV_SQRT_2PI * exp(-0.5 * z * z);
    return (void)p, cdf + z * pdf;
}

GP_INLINE double gelu_tanh_f64(double z, double p)
{
    double u = GP_SQRT_2_PI * (z + 0.044715 * z * z * z);
    return (void)p, 0.5 * z * (1.0 + tanh(u));
}
GP_INLINE double gelu_tanh_d_f64(double z, double p)
{
    double z2 = z * z, t = tanh(GP_SQRT_2_PI * (z + 0.044715 * z2 * z));
    double du = GP_SQRT_2_PI * (1.0 + 3.0 * 0.044715 * z2);
    return (void)p, 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du;
}

GP_INLINE double silu_f64(double z, double p) { return (void)p, z / (1.0 + exp(-z)); }
GP_INLINE double silu_d_f64(double z, double p)
{
    double s = 1.0 / (1.0 + exp(-z));
    return (void)p, s * (1.0 + z * (1.0 - s));
}

GP_INLINE double softplus_f64(double z, double b) { return b * z > 20.0 ? z : log1p(exp(b * z)) / b; }
GP_INLINE double softplus_d_f64(double z, double b)
{
    double e = exp(b * z);
    return b * z > 20.0 ? 1.0 : e / (e + 1.0);
}
GP_INLINE double softplus_da_f64(double a, double b) { return -expm1(-b * a); }

GP_INLINE double mish_f64(double z, double p) { return (void)p, z * tanh(log1p(exp(z))); }
GP_INLINE double mish_d_f64(double z, double p)
{
    double t = tanh(log1p(exp(z))), s = 1.0 / (1.0 + exp(-z));
    return (void)p, t + z * s * (1.0 - t * t);
}

/* ---- one loop per formula, operation and type ----------------------------- */
/* the gp_bench_loop arguments: af/ad the parameter as float/double */
#define GP_ARGS float af, double ad, size_t n, const void *x, const void *da, void *o
#define GP_MAP32(f) ((void)ad, (void)da, gp_map_f32(f, af, n, x, o))
#define GP_MUL32(f) ((void)ad, gp_mul_f32(f, af, n, x, da, o))
#define GP_MAP64(f) ((void)af, (void)da, gp_map_f64(f, ad, n, x, o))
#define GP_MUL64(f) ((void)af, gp_mul_f64(f, ad, n, x, da, o))


static void sigmoid_fwd32(GP_ARGS) { GP_MAP32(sigmoid_f32); }
static void sigmoid_grad32(GP_ARGS) { GP_MAP32(sigmoid_d_f32); }
static void sigmoid_bwd32(GP_ARGS) { GP_MUL32(sigmoid_d_f32); }
static void sigmoid_gfo32(GP_ARGS) { GP_MAP32(sigmoid_da_f32); }
static void sigmoid_bfo32(GP_ARGS) { GP_MUL32(sigmoid_da_f32); }
static void tanh_fwd32(GP_ARGS) { GP_MAP32(tanh_f32); }
static void tanh_grad32(GP_ARGS) { GP_MAP32(tanh_d_f32); }
static void tanh_bwd32(GP_ARGS) { GP_MUL32(tanh_d_f32); }
static void tanh_gfo32(GP_ARGS) { GP_MAP32(tanh_da_f32); }
static void tanh_bfo32(GP_ARGS) { GP_MUL32(tanh_da_f32); }
static void relu_fwd32(GP_ARGS) { GP_MAP32(relu_f32); }
static void relu_grad32(GP_ARGS) { GP_MAP32(relu_d_f32); }
static void relu_bwd32(GP_ARGS) { GP_MUL32(relu_d_f32); }
static void lrelu_fwd32(GP_ARGS) { GP_MAP32(lrelu_f32); }
static void lrelu_grad32(GP_ARGS) { GP_MAP32(lrelu_d_f32); }
static void lrelu_bwd32(GP_ARGS) { GP_MUL32(lrelu_d_f32); }
static void hardsigmoid_fwd32(GP_ARGS) { GP_MAP32(hardsigmoid_f32); }
static void hardsigmoid_grad32(GP_ARGS) { GP_MAP32(hardsigmoid_d_f32); }
static void hardsigmoid_bwd32(GP_ARGS) { GP_MUL32(hardsigmoid_d_f32); }
static void hardsigmoid_gfo32(GP_ARGS) { GP_MAP32(hardsigmoid_da_f32); }
static void hardsigmoid_bfo32(GP_ARGS) { GP_MUL32(hardsigmoid_da_f32); }
static void hardswish_fwd32(GP_ARGS) { GP_MAP32(hardswish_f32); }
static void hardswish_grad32(GP_ARGS) { GP_MAP32(hardswish_d_f32); }
static void hardswish_bwd32(GP_ARGS) { GP_MUL32(hardswish_d_f32); }
static void softsign_fwd32(GP_ARGS) { GP_MAP32(softsign_f32); }
static void softsign_grad32(GP_ARGS) { GP_MAP32(softsign_d_f32); }
static void softsign_bwd32(GP_ARGS) { GP_MUL32(softsign_d_f32); }
static void softsign_gfo32(GP_ARGS) { GP_MAP32(softsign_da_f32); }
static void softsign_bfo32(GP_ARGS) { GP_MUL32(softsign_da_f32); }
static void elu_fwd32(GP_ARGS) { GP_MAP32(elu_f32); }
static void elu_grad32(GP_ARGS) { GP_MAP32(elu_d_f32); }
static void elu_bwd32(GP_ARGS) { GP_MUL32(elu_d_f32); }
static void elu_gfo32(GP_ARGS) { GP_MAP32(elu_da_f32); }
static void elu_bfo32(GP_ARGS) { GP_MUL32(elu_da_f32); }
static void selu_fwd32(GP_ARGS) { GP_MAP32(selu_f32); }
static void selu_grad32(GP_ARGS) { GP_MAP32(selu_d_f32); }
static void selu_bwd32(GP_ARGS) { GP_MUL32(selu_d_f32); }
static void selu_gfo32(GP_ARGS) { GP_MAP32(selu_da_f32); }
static void selu_bfo32(GP_ARGS) { GP_MUL32(selu_da_f32); }
static void celu_fwd32(GP_ARGS) { GP_MAP32(celu_f32); }
static void celu_grad32(GP_ARGS) { GP_MAP32(celu_d_f32); }
static void celu_bwd32(GP_ARGS) { GP_MUL32(celu_d_f32); }
static void celu_gfo32(GP_ARGS) { GP_MAP32(celu_da_f32); }
static void celu_bfo32(GP_ARGS) { GP_MUL32(celu_da_f32); }
static void gelu_fwd32(GP_ARGS) { GP_MAP32(gelu_f32); }
static void gelu_grad32(GP_ARGS) { GP_MAP32(gelu_d_f32); }
static void gelu_bwd32(GP_ARGS) { GP_MUL32(gelu_d_f32); }
static void gelu_tanh_fwd32(GP_ARGS) { GP_MAP32(gelu_tanh_f32); }
static void gelu_tanh_grad32(GP_ARGS) { GP_MAP32(gelu_tanh_d_f32); }
static void gelu_tanh_bwd32(GP_ARGS) { GP_MUL32(gelu_tanh_d_f32); }
static void silu_fwd32(GP_ARGS) { GP_MAP32(silu_f32); }
static void silu_grad32(GP_ARGS) { GP_MAP32(silu_d_f32); }
static void silu_bwd32(GP_ARGS) { GP_MUL32(silu_d_f32); }
static void softplus_fwd32(GP_ARGS) { GP_MAP32(softplus_f32); }
static void softplus_grad32(GP_ARGS) { GP_MAP32(softplus_d_f32); }
static void softplus_bwd32(GP_ARGS) { GP_MUL32(softplus_d_f32); }
static void softplus_gfo32(GP_ARGS) { GP_MAP32(softplus_da_f32); }
static void softplus_bfo32(GP_ARGS) { GP_MUL32(softplus_da_f32); }
static void mish_fwd32(GP_ARGS) { GP_MAP32(mish_f32); }
static void mish_grad32(GP_ARGS) { GP_MAP32(mish_d_f32); }
static void mish_bwd32(GP_ARGS) { GP_MUL32(mish_d_f32); }

static void sigmoid_fwd64(GP_ARGS) { GP_MAP64(sigmoid_f64); }
static void sigmoid_grad64(GP_ARGS) { GP_MAP64(sigmoid_d_f64); }
static void sigmoid_bwd64(GP_ARGS) { GP_MUL64(sigmoid_d_f64); }
static void sigmoid_gfo64(GP_ARGS) { GP_MAP64(sigmoid_da_f64); }
static void sigmoid_bfo64(GP_ARGS) { GP_MUL64(sigmoid_da_f64); }
static void tanh_fwd64(GP_ARGS) { GP_MAP64(tanh_f64); }
static void tanh_grad64(GP_ARGS) { GP_MAP64(tanh_d_f64); }
static void tanh_bwd64(GP_ARGS) { GP_MUL64(tanh_d_f64); }
static void tanh_gfo64(GP_ARGS) { GP_MAP64(tanh_da_f64); }
static void tanh_bfo64(GP_ARGS) { GP_MUL64(tanh_da_f64); }
static void relu_fwd64(GP_ARGS) { GP_MAP64(relu_f64); }
static void relu_grad64(GP_ARGS) { GP_MAP64(relu_d_f64); }
static void relu_bwd64(GP_ARGS) { GP_MUL64(relu_d_f64); }
static void lrelu_fwd64(GP_ARGS) { GP_MAP64(lrelu_f64); }
static void lrelu_grad64(GP_ARGS) { GP_MAP64(lrelu_d_f64); }
static void lrelu_bwd64(GP_ARGS) { GP_MUL64(lrelu_d_f64); }
static void hardsigmoid_fwd64(GP_ARGS) { GP_MAP64(hardsigmoid_f64); }
static void hardsigmoid_grad64(GP_ARGS) { GP_MAP64(hardsigmoid_d_f64); }
static void hardsigmoid_bwd64(GP_ARGS) { GP_MUL64(hardsigmoid_d_f64); }
static void hardsigmoid_gfo64(GP_ARGS) { GP_MAP64(hardsigmoid_da_f64); }
static void hardsigmoid_bfo64(GP_ARGS) { GP_MUL64(hardsigmoid_da_f64); }
static void hardswish_fwd64(GP_ARGS) { GP_MAP64(hardswish_f64); }
static void hardswish_grad64(GP_ARGS) { GP_MAP64(hardswish_d_f64); }
static void hardswish_bwd64(GP_ARGS) { GP_MUL64(hardswish_d_f64); }
static void softsign_fwd64(GP_ARGS) { GP_MAP64(softsign_f64); }
static void softsign_grad64(GP_ARGS) { GP_MAP64(softsign_d_f64); }
static void softsign_bwd64(GP_ARGS) { GP_MUL64(softsign_d_f64); }
static void softsign_gfo64(GP_ARGS) { GP_MAP64(softsign_da_f64); }
static void softsign_bfo64(GP_ARGS) { GP_MUL64(softsign_da_f64); }
static void elu_fwd64(GP_ARGS) { GP_MAP64(elu_f64); }
static void elu_grad64(GP_ARGS) { GP_MAP64(elu_d_f64); }
static void elu_bwd64(GP_ARGS) { GP_MUL64(elu_d_f64); }
static void elu_gfo64(GP_ARGS) { GP_MAP64(elu_da_f64); }
static void elu_bfo64(GP_ARGS) { GP_MUL64(elu_da_f64); }
static void selu_fwd64(GP_ARGS) { GP_MAP64(selu_f64); }
static void selu_grad64(GP_ARGS) { GP_MAP64(selu_d_f64); }
static void selu_bwd64(GP_ARGS) { GP_MUL64(selu_d_f64); }
static void selu_gfo64(GP_ARGS) { GP_MAP64(selu_da_f64); }
static void selu_bfo64(GP_ARGS) { GP_MUL64(selu_da_f64); }
static void celu_fwd64(GP_ARGS) { GP_MAP64(celu_f64); }
static void celu_grad64(GP_ARGS) { GP_MAP64(celu_d_f64); }
static void celu_bwd64(GP_ARGS) { GP_MUL64(celu_d_f64); }
static void celu_gfo64(GP_ARGS) { GP_MAP64(celu_da_f64); }
static void celu_bfo64(GP_ARGS) { GP_MUL64(celu_da_f64); }
static void gelu_fwd64(GP_ARGS) { GP_MAP64(gelu_f64); }
static void gelu_grad64(GP_ARGS) { GP_MAP64(gelu_d_f64); }
static void gelu_bwd64(GP_ARGS) { GP_MUL64(gelu_d_f64); }
static void gelu_tanh_fwd64(GP_ARGS) { GP_MAP64(gelu_tanh_f64); }
static void gelu_tanh_grad64(GP_ARGS) { GP_MAP64(gelu_tanh_d_f64); }
static void gelu_tanh_bwd64(GP_ARGS) { GP_MUL64(gelu_tanh_d_f64); }
static void silu_fwd64(GP_ARGS) { GP_MAP64(silu_f64); }
static void silu_grad64(GP_ARGS) { GP_MAP64(silu_d_f64); }
static void silu_bwd64(GP_ARGS) { GP_MUL64(silu_d_f64); }
static void softplus_fwd64(GP_ARGS) { GP_MAP64(softplus_f64); }
static void softplus_grad64(GP_ARGS) { GP_MAP64(softplus_d_f64); }
static void softplus_bwd64(GP_ARGS) { GP_MUL64(softplus_d_f64); }
static void softplus_gfo64(GP_ARGS) { GP_MAP64(softplus_da_f64); }
static void softplus_bfo64(GP_ARGS) { GP_MUL64(softplus_da_f64); }
static void mish_fwd64(GP_ARGS) { GP_MAP64(mish_f64); }
static void mish_grad64(GP_ARGS) { GP_MAP64(mish_d_f64); }
static void mish_bwd64(GP_ARGS) { GP_MUL64(mish_d_f64); }

/* ---- the table, by activation name ------------------------------------------ */
/* NULL: the activation has no such operation (the from-output ones of the
 * non-monotonic activations); relu and leaky_relu from the output test a > 0
 * just as the from-z loops test z > 0.  softplus reads beta (prepare passes it
 * as the loops' parameter). */
_Static_assert(GP_OP_FORWARD == 0 && GP_OP_GRAD == 1 && GP_OP_GRAD_FROM_OUTPUT == 2 && GP_OP_BACKWARD == 3 &&
                   GP_OP_BACKWARD_FROM_OUTPUT == 4 && GP_OP_COUNT == 5,
               "gp_libm_table lists the operations in gp_op's order");
typedef struct {
    const char *act;
    /* by gp_op: forward, grad, grad_from_output, backward, backward_from_output */
    gp_bench_loop f32[GP_OP_COUNT], f64[GP_OP_COUNT];
} gp_libm_loops;

static const gp_libm_loops gp_libm_table[] = {
    {"sigmoid", {sigmoid_fwd32, sigmoid_grad32, sigmoid_gfo32, sigmoid_bwd32, sigmoid_bfo32},
     {sigmoid_fwd64, sigmoid_grad64, sigmoid_gfo64, sigmoid_bwd64, sigmoid_bfo64}},
    {"tanh", {tanh_fwd32, tanh_grad32, tanh_gfo32, tanh_bwd32, tanh_bfo32},
     {tanh_fwd64, tanh_grad64, tanh_gfo64, tanh_bwd64, tanh_bfo64}},
    {"relu", {relu_fwd32, relu_grad32, relu_grad32, relu_bwd32, relu_bwd32},
     {relu_fwd64, relu_grad64, relu_grad64, relu_bwd64, relu_bwd64}},
    {"leaky_relu", {lrelu_fwd32, lrelu_grad32, lrelu_grad32, lrelu_bwd32, lrelu_bwd32},
     {lrelu_fwd64, lrelu_grad64, lrelu_grad64, lrelu_bwd64, lrelu_bwd64}},
    {"hardsigmoid", {hardsigmoid_fwd32, hardsigmoid_grad32, hardsigmoid_gfo32, hardsigmoid_bwd32, hardsigmoid_bfo32},
     {hardsigmoid_fwd64, hardsigmoid_grad64, hardsigmoid_gfo64, hardsigmoid_bwd64, hardsigmoid_bfo64}},
    {"hardswish", {hardswish_fwd32, hardswish_grad32, NULL, hardswish_bwd32, NULL},
     {hardswish_fwd64, hardswish_grad64, NULL, hardswish_bwd64, NULL}},
    {"softsign", {softsign_fwd32, softsign_grad32, softsign_gfo32, softsign_bwd32, softsign_bfo32},
     {softsign_fwd64, softsign_grad64, softsign_gfo64, softsign_bwd64, softsign_bfo64}},
    {"elu", {elu_fwd32, elu_grad32, elu_gfo32, elu_bwd32, elu_bfo32},
     {elu_fwd64, elu_grad64, elu_gfo64, elu_bwd64, elu_bfo64}},
    {"selu", {selu_fwd32, selu_grad32, selu_gfo32, selu_bwd32, selu_bfo32},
     {selu_fwd64, selu_grad64, selu_gfo64, selu_bwd64, selu_bfo64}},
    {"celu", {celu_fwd32, celu_grad32, celu_gfo32, celu_bwd32, celu_bfo32},
     {celu_fwd64, celu_grad64, celu_gfo64, celu_bwd64, celu_bfo64}},
    {"gelu", {gelu_fwd32, gelu_grad32, NULL, gelu_bwd32, NULL},
     {gelu_fwd64, gelu_grad64, NULL, gelu_bwd64, NULL}},
    {"gelu_tanh", {gelu_tanh_fwd32, gelu_tanh_grad32, NULL, gelu_tanh_bwd32, NULL},
     {gelu_tanh_fwd64, gelu_tanh_grad64, NULL, gelu_tanh_bwd64, NULL}},
    {"silu", {silu_fwd32, silu_grad32, NULL, silu_bwd32, NULL},
     {silu_fwd64, silu_grad64, NULL, silu_bwd64, NULL}},
    {"softplus", {softplus_fwd32, softplus_grad32, softplus_gfo32, softplus_bwd32, softplus_bfo32},
     {softplus_fwd64, softplus_grad64, softplus_gfo64, softplus_bwd64, softplus_bfo64}},
    {"mish", {mish_fwd32, mish_grad32, NULL, mish_bwd32, NULL},
     {mish_fwd64, mish_grad64, NULL, mish_bwd64, NULL}},
};

static int gp_libm_prepare(const gp_bench_case *c, gp_bench_runner *r)
{
    const char *name = gp_kind_name(c->kind);
    for (size_t i = 0; i < sizeof gp_libm_table / sizeof gp_libm_table[0]; i++) {
        const gp_libm_loops *e = &gp_libm_table[i];
        if (strcmp(e->act, name) != 0)
            continue;
        if ((unsigned)c->op >= GP_OP_COUNT)
            return GP_PEER_UNSUPPORTED;
        gp_bench_loop loop = c->f64 ? e->f64[c->op] : e->f32[c->op];
        if (!loop)
            return GP_PEER_UNSUPPORTED;
        if (strcmp(name, "softplus") == 0 && c->act) {
            /* the loop runner hands the loops act->alpha: give them beta */
            gp_act a = *c->act;
            gp_bench_case cb = *c;
            a.alpha = a.beta;
            cb.act = &a;
            return gp_bench_loop_runner(&cb, loop, r);
        }
        return gp_bench_loop_runner(c, loop, r);
    }
    return GP_PEER_UNSUPPORTED;
}

const gp_bench_peer GP_PEER_VAR = {GP_PEER_NAME, GP_PEER_WHAT, NULL, 1, NULL, gp_libm_prepare};
