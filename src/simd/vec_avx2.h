/* x86-64 AVX2 + FMA back end: 4 doubles, 8 floats; masks are all-ones lanes. */
#include <immintrin.h>
#include <string.h>

#define GP_ISA_STR "avx2"
#define VD_N 4
#define VF_N 8

typedef __m256d vd;
typedef __m256d vdm;
typedef __m256 vf;
typedef __m256 vfm;

static inline vd vd_set1(double x) { return _mm256_set1_pd(x); }
static inline vd vd_loadu(const double *p) { return _mm256_loadu_pd(p); }
static inline void vd_storeu(double *p, vd v) { _mm256_storeu_pd(p, v); }
/* non-temporal store (past the caches) to a vector-aligned p; gp_stream_fence()
 * orders the streamed stores before any later store */
static inline void vd_stream(double *p, vd v) { _mm256_stream_pd(p, v); }
static inline void gp_stream_fence(void) { _mm_sfence(); }
static inline vd vd_add(vd a, vd b) { return _mm256_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm256_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm256_fmadd_pd(a, b, c); }
static inline vd vd_fnma(vd a, vd b, vd c) { return _mm256_fnmadd_pd(a, b, c); }
static inline vd vd_fms(vd a, vd b, vd c) { return _mm256_fmsub_pd(a, b, c); }
static inline vd vd_abs(vd a) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a); }
static inline vd vd_neg(vd a) { return _mm256_xor_pd(a, _mm256_set1_pd(-0.0)); }
/* min/max as minpd/maxpd (b where a or b is NaN, b for +-0 against +-0) but by
 * a quiet compare and a blend: minpd raises FE_INVALID on a quiet NaN, and the
 * kernels clamp NaN inputs (no spurious flag for a NaN z: issue 19) */
static inline vd vd_min(vd a, vd b) { return _mm256_blendv_pd(b, a, _mm256_cmp_pd(a, b, _CMP_LT_OQ)); }
static inline vd vd_max(vd a, vd b) { return _mm256_blendv_pd(b, a, _mm256_cmp_pd(a, b, _CMP_GT_OQ)); }
static inline vd vd_floor(vd a) { return _mm256_round_pd(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
static inline vd vd_copysign(vd mag, vd sgn)
{
    vd s = _mm256_set1_pd(-0.0);
    return _mm256_or_pd(_mm256_andnot_pd(s, mag), _mm256_and_pd(s, sgn));
}
static inline vdm vd_lt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
static inline vdm vd_le(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LE_OQ); }
static inline vdm vd_gt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_EQ_OQ); }
static inline vdm vd_isnan(vd a) { return _mm256_cmp_pd(a, a, _CMP_UNORD_Q); }
static inline vd vd_select(vdm m, vd a, vd b) { return _mm256_blendv_pd(b, a, m); }
static inline vdm vd_nle(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_NLE_UQ); }
/* max(z, 0) with +0 for z <= 0 and z quieted for NaN: (z + 0) where !(z <= 0) */
static inline vd vd_relu(vd z)
{
    vd zero = _mm256_setzero_pd();
    return _mm256_and_pd(_mm256_cmp_pd(z, zero, _CMP_NLE_UQ), _mm256_add_pd(z, zero));
}
/* r, with z quieted where z is NaN.  The quieting add runs on every lane, so
 * it is z + 0, which raises no flag for any finite z (z + z overflows for
 * |z| > DBL_MAX / 2 and would raise FE_OVERFLOW); on a NaN lane both give
 * the same bits (the NaN, quieted). */
static inline vd vd_nan_or(vd z, vd r)
{
    return _mm256_blendv_pd(r, _mm256_add_pd(z, _mm256_setzero_pd()), _mm256_cmp_pd(z, z, _CMP_UNORD_Q));
}
static inline vdm vd_mask_or(vdm a, vdm b) { return _mm256_or_pd(a, b); }
static inline int vd_any(vdm m) { return _mm256_movemask_pd(m) != 0; }
/* 1 where z > 0 (+inf too), left where z <= 0 (+-0, -inf), z quieted where NaN */
static inline vd vd_hinge(vd z, vd left)
{
    vd r = _mm256_blendv_pd(left, _mm256_set1_pd(1.0), _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_GT_OQ));
    return _mm256_blendv_pd(r, _mm256_add_pd(z, _mm256_setzero_pd()), _mm256_cmp_pd(z, z, _CMP_UNORD_Q)); /* as vd_nan_or */
}
/* tab[i] where i is the low 4 bits of t's encoding */
static inline vd vd_lookup16(const double *tab, vd t)
{
    return _mm256_i64gather_pd(tab, _mm256_and_si256(_mm256_castpd_si256(t), _mm256_set1_epi64x(15)), 8);
}
/* 2^k for integral k in [-1022, 1023]: build the exponent field. */
static inline vd vd_pow2_(vd k)
{
    __m256i b = _mm256_castpd_si256(_mm256_add_pd(k, _mm256_set1_pd(0x1p52 + 1023.0)));
    return _mm256_castsi256_pd(_mm256_slli_epi64(b, 52));
}
/* v * 2^k for integral k in [-3000, 2000], rounded once (subnormal results
 * included), in three steps by normal powers of 2.  The last step takes
 * k clamped to [-1022, 1023]; the first two take the rest, which has the same
 * sign, so before the last step nothing rounds: scaling up is exact short of
 * an overflow the result has too, and a scaling down that leaves the normal
 * range there ends below 2^-2044 after the last step, where the result is 0
 * anyway. */
static inline vd vd_ldexp(vd v, vd k)
{
    vd lo = _mm256_set1_pd(-1022.0), hi = _mm256_set1_pd(1023.0);
    vd k3 = _mm256_min_pd(_mm256_max_pd(k, lo), hi);
    vd r = _mm256_sub_pd(k, k3);
    vd k1 = _mm256_min_pd(_mm256_max_pd(r, lo), hi);
    vd k2 = _mm256_sub_pd(r, k1);
    return _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(v, vd_pow2_(k1)), vd_pow2_(k2)), vd_pow2_(k3));
}

static inline vf vf_set1(float x) { return _mm256_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm256_storeu_ps(p, v); }
static inline void vf_stream(float *p, vf v) { _mm256_stream_ps(p, v); }
static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm256_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
static inline vf vf_fnma(vf a, vf b, vf c) { return _mm256_fnmadd_ps(a, b, c); }
static inline vf vf_fms(vf a, vf b, vf c) { return _mm256_fmsub_ps(a, b, c); }
static inline vf vf_abs(vf a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
static inline vf vf_min(vf a, vf b) { return _mm256_blendv_ps(b, a, _mm256_cmp_ps(a, b, _CMP_LT_OQ)); } /* as vd_min */
static inline vf vf_max(vf a, vf b) { return _mm256_blendv_ps(b, a, _mm256_cmp_ps(a, b, _CMP_GT_OQ)); }
static inline vf vf_max_nn(vf a, vf b) { return _mm256_max_ps(a, b); } /* a, b never NaN */
static inline vf vf_copysign(vf mag, vf sgn)
{
    vf s = _mm256_set1_ps(-0.0f);
    return _mm256_or_ps(_mm256_andnot_ps(s, mag), _mm256_and_ps(s, sgn));
}
/* tab[i] where i is the low 4 bits of t's encoding: two 8-entry permutes, bit 3 picks */
static inline vf vf_lookup16(const float *tab, vf t)
{
    __m256i i = _mm256_castps_si256(t);
    vf lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(tab), i);
    vf hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(tab + 8), i);
    return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}
/* 2^k for integral k in [-126, 127]: build the exponent field */
static inline vf vf_pow2_(vf k)
{
    __m256i b = _mm256_castps_si256(_mm256_add_ps(k, _mm256_set1_ps(0x1p23f + 127.0f)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(b, 23));
}
/* v * 2^floor(k) for k in [-300, 300], rounded once, as vd_ldexp: the last
 * step takes floor(k) clamped to [-126, 127], the first two the rest. */
static inline vf vf_scalef(vf v, vf k)
{
    vf lo = _mm256_set1_ps(-126.0f), hi = _mm256_set1_ps(127.0f);
    k = _mm256_round_ps(k, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    vf k3 = _mm256_min_ps(_mm256_max_ps(k, lo), hi);
    vf r = _mm256_sub_ps(k, k3);
    vf k1 = _mm256_min_ps(_mm256_max_ps(r, lo), hi);
    vf k2 = _mm256_sub_ps(r, k1);
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v, vf_pow2_(k1)), vf_pow2_(k2)), vf_pow2_(k3));
}
static inline vfm vf_lt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline vfm vf_le(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
static inline vfm vf_gt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
static inline vfm vf_isnan(vf a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
static inline vf vf_select(vfm m, vf a, vf b) { return _mm256_blendv_ps(b, a, m); }
static inline vfm vf_nle(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_NLE_UQ); }
static inline vf vf_relu(vf z)
{
    vf zero = _mm256_setzero_ps();
    return _mm256_and_ps(_mm256_cmp_ps(z, zero, _CMP_NLE_UQ), _mm256_add_ps(z, zero));
}
static inline vf vf_nan_or(vf z, vf r)
{
    return _mm256_blendv_ps(r, _mm256_add_ps(z, _mm256_setzero_ps()), _mm256_cmp_ps(z, z, _CMP_UNORD_Q)); /* as vd_nan_or */
}
static inline vfm vf_mask_or(vfm a, vfm b) { return _mm256_or_ps(a, b); }
static inline int vf_any(vfm m) { return _mm256_movemask_ps(m) != 0; }
static inline vf vf_hinge(vf z, vf left)
{
    vf r = _mm256_blendv_ps(left, _mm256_set1_ps(1.0f), _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_GT_OQ));
    return _mm256_blendv_ps(r, _mm256_add_ps(z, _mm256_setzero_ps()), _mm256_cmp_ps(z, z, _CMP_UNORD_Q)); /* as vd_nan_or */
}

static inline vd vd_lo_(vf x) { return _mm256_cvtps_pd(_mm256_castps256_ps128(x)); }
static inline vd vd_hi_(vf x) { return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)); }
static inline vf vf_join_(vd lo, vd hi) { return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo)); }
#define VF_VIA_VD(fn, x, p) vf_join_(fn(vd_lo_(x), p), fn(vd_hi_(x), p))
#define VF_VIA_VD2(fn, x, y, p) vf_join_(fn(vd_lo_(x), vd_lo_(y), p), fn(vd_hi_(x), vd_hi_(y), p))
#define VF_VIA_VD3(fn, x, y, w, p) vf_join_(fn(vd_lo_(x), vd_lo_(y), vd_lo_(w), p), fn(vd_hi_(x), vd_hi_(y), vd_hi_(w), p))
#define VF_VIA_VD4(fn, x, y, w, v, p)                                                                 \
    vf_join_(fn(vd_lo_(x), vd_lo_(y), vd_lo_(w), vd_lo_(v), p), fn(vd_hi_(x), vd_hi_(y), vd_hi_(w), vd_hi_(v), p))
