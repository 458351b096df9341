/* x86-64 AVX-512 (F, DQ, BW, VL) back end: 8 doubles, 16 floats, k-masks. */
#include <immintrin.h>
#include <string.h>

#define GP_ISA_STR "avx512"
#define VD_N 8
#define VF_N 16

typedef __m512d vd;
typedef __mmask8 vdm;
typedef __m512 vf;
typedef __mmask16 vfm;

static inline vd vd_set1(double x) { return _mm512_set1_pd(x); }
static inline vd vd_loadu(const double *p) { return _mm512_loadu_pd(p); }
static inline void vd_storeu(double *p, vd v) { _mm512_storeu_pd(p, v); }
/* non-temporal store (past the caches) to a vector-aligned p; gp_stream_fence()
 * orders the streamed stores before any later store */
static inline void vd_stream(double *p, vd v) { _mm512_stream_pd(p, v); }
static inline void gp_stream_fence(void) { _mm_sfence(); }
static inline vd vd_add(vd a, vd b) { return _mm512_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm512_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm512_fmadd_pd(a, b, c); }
static inline vd vd_fnma(vd a, vd b, vd c) { return _mm512_fnmadd_pd(a, b, c); }
static inline vd vd_fms(vd a, vd b, vd c) { return _mm512_fmsub_pd(a, b, c); }
static inline vd vd_abs(vd a) { return _mm512_abs_pd(a); }
static inline vd vd_neg(vd a) { return _mm512_xor_pd(a, _mm512_set1_pd(-0.0)); }
/* min/max as minpd/maxpd (b where a or b is NaN, b for +-0 against +-0) but by
 * a quiet compare and a blend: minpd raises FE_INVALID on a quiet NaN, and the
 * kernels clamp NaN inputs (no spurious flag for a NaN z: issue 19) */
static inline vd vd_min(vd a, vd b) { return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_LT_OQ), b, a); }
static inline vd vd_max(vd a, vd b) { return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_GT_OQ), b, a); }
static inline vd vd_floor(vd a) { return _mm512_roundscale_pd(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
static inline vd vd_copysign(vd mag, vd sgn)
{
    /* imm 0xD8 = (A & ~C) | (B & C) with C the sign mask: bits of mag, sign of sgn */
    return _mm512_castsi512_pd(_mm512_ternarylogic_epi64(_mm512_castpd_si512(mag), _mm512_castpd_si512(sgn),
                                                         _mm512_set1_epi64((long long)0x8000000000000000ULL), 0xD8));
}
static inline vdm vd_lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
static inline vdm vd_le(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LE_OQ); }
static inline vdm vd_gt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
static inline vdm vd_isnan(vd a) { return _mm512_cmp_pd_mask(a, a, _CMP_UNORD_Q); }
static inline vd vd_select(vdm m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }
static inline vdm vd_nle(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_NLE_UQ); }
/* max(z, 0): z for z > 0 (+inf too), +0 for z <= 0 (-0, -inf), z quieted for NaN:
 * one vfixupimm (token 1 = z, 8 = +0, 2 = QNaN(z) for the classes QNaN, SNaN,
 * zero, +1, -inf, +inf, negative, positive) */
static inline vd vd_relu(vd z) { return _mm512_fixupimm_pd(z, z, _mm512_set1_epi64(0x18181822), 0); }
/* r, with z quieted where z is NaN: one vfixupimm (token 2 for the NaN classes,
 * 0 = r elsewhere) */
static inline vd vd_nan_or(vd z, vd r) { return _mm512_fixupimm_pd(r, z, _mm512_set1_epi64(0x22), 0); }
static inline vdm vd_mask_or(vdm a, vdm b) { return (vdm)(a | b); }
static inline int vd_any(vdm m) { return m != 0; }
/* 1 where z > 0 (+inf too), left where z <= 0 (+-0, -inf), z quieted where NaN:
 * one vfixupimm, whose table maps each class of z (QNaN, SNaN, zero, +1, -inf,
 * +inf, negative, positive) to QNaN(z), left (the destination) or +1 */
static inline vd vd_hinge(vd z, vd left) { return _mm512_fixupimm_pd(left, z, _mm512_set1_epi64(0xA0A0A022), 0); }
/* tab[i] where i is the low 4 bits of t's encoding (permutex2var reads exactly those) */
static inline vd vd_lookup16(const double *tab, vd t)
{
    return _mm512_permutex2var_pd(_mm512_loadu_pd(tab), _mm512_castpd_si512(t), _mm512_loadu_pd(tab + 8));
}
/* scalef: v * 2^floor(k), one rounding, subnormal results included */
static inline vd vd_ldexp(vd v, vd k) { return _mm512_scalef_pd(v, k); }

static inline vf vf_set1(float x) { return _mm512_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm512_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm512_storeu_ps(p, v); }
static inline void vf_stream(float *p, vf v) { _mm512_stream_ps(p, v); }
static inline vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
static inline vf vf_fnma(vf a, vf b, vf c) { return _mm512_fnmadd_ps(a, b, c); }
static inline vf vf_fms(vf a, vf b, vf c) { return _mm512_fmsub_ps(a, b, c); }
static inline vf vf_abs(vf a) { return _mm512_abs_ps(a); }
static inline vf vf_min(vf a, vf b) { return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_LT_OQ), b, a); } /* as vd_min */
static inline vf vf_max(vf a, vf b) { return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_GT_OQ), b, a); }
static inline vf vf_max_nn(vf a, vf b) { return _mm512_max_ps(a, b); } /* a, b never NaN */
static inline vf vf_copysign(vf mag, vf sgn)
{
    return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(_mm512_castps_si512(mag), _mm512_castps_si512(sgn),
                                                         _mm512_set1_epi32((int)0x80000000u), 0xD8));
}
/* tab[i] where i is the low 4 bits of t's encoding */
static inline vf vf_lookup16(const float *tab, vf t)
{
    return _mm512_permutexvar_ps(_mm512_castps_si512(t), _mm512_loadu_ps(tab));
}
/* v * 2^floor(k), one rounding (subnormal results included) */
static inline vf vf_scalef(vf v, vf k) { return _mm512_scalef_ps(v, k); }
static inline vfm vf_lt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline vfm vf_le(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
static inline vfm vf_gt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
static inline vfm vf_isnan(vf a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
static inline vf vf_select(vfm m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); }
static inline vfm vf_nle(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_NLE_UQ); }
static inline vf vf_relu(vf z) { return _mm512_fixupimm_ps(z, z, _mm512_set1_epi32(0x18181822), 0); }
static inline vf vf_nan_or(vf z, vf r) { return _mm512_fixupimm_ps(r, z, _mm512_set1_epi32(0x22), 0); }
static inline vfm vf_mask_or(vfm a, vfm b) { return (vfm)(a | b); }
static inline int vf_any(vfm m) { return m != 0; }
static inline vf vf_hinge(vf z, vf left) { return _mm512_fixupimm_ps(left, z, _mm512_set1_epi32((int)0xA0A0A022), 0); }

static inline vd vd_lo_(vf x) { return _mm512_cvtps_pd(_mm512_castps512_ps256(x)); }
static inline vd vd_hi_(vf x) { return _mm512_cvtps_pd(_mm512_extractf32x8_ps(x, 1)); }
static inline vf vf_join_(vd lo, vd hi)
{
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}
#define VF_VIA_VD(fn, x, p) vf_join_(fn(vd_lo_(x), p), fn(vd_hi_(x), p))
#define VF_VIA_VD2(fn, x, y, p) vf_join_(fn(vd_lo_(x), vd_lo_(y), p), fn(vd_hi_(x), vd_hi_(y), p))
#define VF_VIA_VD3(fn, x, y, w, p) vf_join_(fn(vd_lo_(x), vd_lo_(y), vd_lo_(w), p), fn(vd_hi_(x), vd_hi_(y), vd_hi_(w), p))
#define VF_VIA_VD4(fn, x, y, w, v, p)                                                                 \
    vf_join_(fn(vd_lo_(x), vd_lo_(y), vd_lo_(w), vd_lo_(v), p), fn(vd_hi_(x), vd_hi_(y), vd_hi_(w), vd_hi_(v), p))
