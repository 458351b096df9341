/* Portable C back end: one lane.  Any CPU; also the scalar reference the
 * vector paths are compared against.  fma() is IEEE fused multiply-add
 * (hardware where the C library can use it, exact in software otherwise).
 * Comparisons are the quiet ones (isless, ...), as the vector paths' _OQ
 * predicates: a quiet NaN raises no FE_INVALID (`<` would). */
#include <math.h>
#include <string.h>

#define GP_ISA_STR "generic"
#define VD_N 1
#define VF_N 1

typedef double vd;
typedef int vdm;
typedef float vf;
typedef int vfm;

static inline vd vd_set1(double x) { return x; }
static inline vd vd_loadu(const double *p) { return *p; }
static inline void vd_storeu(double *p, vd v) { *p = v; }
/* portable C has no non-temporal store: a plain one */
static inline void vd_stream(double *p, vd v) { *p = v; }
static inline void gp_stream_fence(void) {}
static inline vd vd_add(vd a, vd b) { return a + b; }
static inline vd vd_sub(vd a, vd b) { return a - b; }
static inline vd vd_mul(vd a, vd b) { return a * b; }
static inline vd vd_div(vd a, vd b) { return a / b; }
static inline vd vd_fma(vd a, vd b, vd c) { return fma(a, b, c); }
/* -(a*b) + c and a*b - c; a NaN operand comes out as the hardware FMA returns
 * it (quieted, sign and payload kept), not with the sign the negation gives it */
static inline vd vd_fnma(vd a, vd b, vd c) { return isnan(a) ? a + c : fma(-a, b, c); }
static inline vd vd_fms(vd a, vd b, vd c) { return isnan(c) ? c + a : fma(a, b, -c); }
static inline vd vd_abs(vd a) { return fabs(a); }
static inline vd vd_neg(vd a) { return -a; }
static inline vd vd_min(vd a, vd b) { return isless(a, b) ? a : b; }
static inline vd vd_max(vd a, vd b) { return isgreater(a, b) ? a : b; }
static inline vd vd_floor(vd a) { return floor(a); }
static inline vd vd_copysign(vd mag, vd sgn) { return copysign(mag, sgn); }
static inline vdm vd_lt(vd a, vd b) { return isless(a, b); }
static inline vdm vd_le(vd a, vd b) { return islessequal(a, b); }
static inline vdm vd_gt(vd a, vd b) { return isgreater(a, b); }
static inline vdm vd_eq(vd a, vd b) { return a == b; }
static inline vdm vd_isnan(vd a) { return a != a; }
static inline vd vd_select(vdm m, vd a, vd b) { return m ? a : b; }
static inline vdm vd_nle(vd a, vd b) { return !islessequal(a, b); }
/* max(z, 0) with +0 for z <= 0 and z quieted (z + 0) for NaN */
static inline vd vd_relu(vd z) { return !islessequal(z, 0.0) ? z + 0.0 : 0.0; }
/* r, with z quieted where z is NaN (z + 0: a compiler that evaluates both
 * arms, as clang may, raises no FE_OVERFLOW for a large finite z) */
static inline vd vd_nan_or(vd z, vd r) { return z != z ? z + 0.0 : r; }
static inline vdm vd_mask_or(vdm a, vdm b) { return a | b; }
static inline int vd_any(vdm m) { return m; }
/* 1 where z > 0 (+inf too), left where z <= 0 (+-0, -inf), z quieted where NaN.
 * The 1 is made at run time from left (finite) so that the compiler cannot turn
 * da * hinge into a move, which would keep a signalling NaN da signalling. */
static inline vd vd_hinge(vd z, vd left) { return z != z ? z + 0.0 : isgreater(z, 0.0) ? fma(left, 0.0, 1.0) : left; }
/* tab[i] where i is the low 4 bits of t's encoding */
static inline vd vd_lookup16(const double *tab, vd t)
{
    unsigned long long b;
    memcpy(&b, &t, sizeof b);
    return tab[b & 15];
}
/* v * 2^k for integral k in [-1200, 1200], one rounding (also to subnormals) */
static inline vd vd_ldexp(vd v, vd k) { return ldexp(v, (int)k); }

static inline vf vf_set1(float x) { return x; }
static inline vf vf_loadu(const float *p) { return *p; }
static inline void vf_storeu(float *p, vf v) { *p = v; }
static inline void vf_stream(float *p, vf v) { *p = v; }
static inline vf vf_add(vf a, vf b) { return a + b; }
static inline vf vf_mul(vf a, vf b) { return a * b; }
static inline vf vf_sub(vf a, vf b) { return a - b; }
static inline vf vf_div(vf a, vf b) { return a / b; }
static inline vf vf_fma(vf a, vf b, vf c) { return fmaf(a, b, c); }
static inline vf vf_fnma(vf a, vf b, vf c) { return isnan(a) ? a + c : fmaf(-a, b, c); }
static inline vf vf_fms(vf a, vf b, vf c) { return isnan(c) ? c + a : fmaf(a, b, -c); }
static inline vf vf_abs(vf a) { return fabsf(a); }
static inline vf vf_min(vf a, vf b) { return isless(a, b) ? a : b; }
static inline vf vf_max(vf a, vf b) { return isgreater(a, b) ? a : b; }
static inline vf vf_max_nn(vf a, vf b) { return a > b ? a : b; } /* a, b never NaN */
static inline vf vf_copysign(vf mag, vf sgn) { return copysignf(mag, sgn); }
/* tab[i] where i is the low 4 bits of t's encoding */
static inline vf vf_lookup16(const float *tab, vf t)
{
    unsigned b;
    memcpy(&b, &t, sizeof b);
    return tab[b & 15];
}
/* v * 2^floor(k) for k in [-300, 300], one rounding (also to subnormals) */
static inline vf vf_scalef(vf v, vf k) { return ldexpf(v, (int)floorf(k)); }
static inline vfm vf_lt(vf a, vf b) { return isless(a, b); }
static inline vfm vf_le(vf a, vf b) { return islessequal(a, b); }
static inline vfm vf_gt(vf a, vf b) { return isgreater(a, b); }
static inline vfm vf_eq(vf a, vf b) { return a == b; }
static inline vfm vf_isnan(vf a) { return a != a; }
static inline vf vf_select(vfm m, vf a, vf b) { return m ? a : b; }
static inline vfm vf_nle(vf a, vf b) { return !islessequal(a, b); }
static inline vf vf_relu(vf z) { return !islessequal(z, 0.0f) ? z + 0.0f : 0.0f; }
static inline vf vf_nan_or(vf z, vf r) { return z != z ? z + 0.0f : r; }
static inline vfm vf_mask_or(vfm a, vfm b) { return a | b; }
static inline int vf_any(vfm m) { return m; }
static inline vf vf_hinge(vf z, vf left) { return z != z ? z + 0.0f : isgreater(z, 0.0f) ? fmaf(left, 0.0f, 1.0f) : left; }

/* float -> double -> fn -> float, lane by lane */
#define VF_VIA_VD(fn, x, p) ((vf)fn((vd)(x), p))
#define VF_VIA_VD2(fn, x, y, p) ((vf)fn((vd)(x), (vd)(y), p))
#define VF_VIA_VD3(fn, x, y, w, p) ((vf)fn((vd)(x), (vd)(y), (vd)(w), p))
#define VF_VIA_VD4(fn, x, y, w, v, p) ((vf)fn((vd)(x), (vd)(y), (vd)(w), (vd)(v), p))
