/* bf16 and f16 storage: conversions to and from f32, in plain integer C (one
 * exact float multiply for f16 subnormals), so every ISA's compilation gives
 * the same bits; the compiler vectorises the loops for the ISA it builds.
 *
 *   bf16   the top 16 bits of an IEEE binary32 (8-bit significand)
 *   f16    IEEE binary16 (11-bit significand, subnormals from 2^-24)
 *
 * Widening is exact, every encoding included (a signalling NaN stays one;
 * the f32 kernels quiet it and keep its payload).  Narrowing rounds to
 * nearest, ties to even, once: subnormal results are kept (no flush to zero),
 * values that round beyond the largest finite value give +-inf, and a NaN
 * gives a quiet NaN with the sign and the top payload bits of the f32 NaN
 * (the bits that fit; the quiet bit set).  vcvtneps2bf16 differs: it flushes
 * subnormals to zero. */
#ifndef GP_HALF_H
#define GP_HALF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t gp_f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}
static inline float gp_bits_f32(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static inline float gp_bf16_to_f32(uint16_t h) { return gp_bits_f32((uint32_t)h << 16); }

/* RNE on the low 16 bits: adding 0x7fff plus the kept lowest bit carries
 * into bit 16 exactly when the dropped part is above one half, or is one
 * half and the kept part odd; a carry out of the significand moves to the
 * next binade, or to inf from the largest finite value, as it should. */
static inline uint16_t gp_f32_to_bf16(float f)
{
    uint32_t b = gp_f32_bits(f);
    if ((b & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)(b >> 16 | 0x0040u);
    return (uint16_t)((b + 0x7fffu + (b >> 16 & 1u)) >> 16);
}

static inline float gp_f16_to_f32(uint16_t h)
{
    uint32_t s = (uint32_t)(h & 0x8000u) << 16, e = h >> 10 & 0x1fu, m = h & 0x3ffu;
    if (e == 0x1f) /* inf, NaN: the payload moves up unchanged */
        return gp_bits_f32(s | 0x7f800000u | m << 13);
    if (e == 0) { /* zero and subnormals: m * 2^-24, exact in f32 */
        float v = (float)m * 0x1p-24f;
        return gp_bits_f32(s | gp_f32_bits(v));
    }
    return gp_bits_f32(s | (e + 112u) << 23 | m << 13);
}

static inline uint16_t gp_f32_to_f16(float f)
{
    uint32_t b = gp_f32_bits(f), a = b & 0x7fffffffu;
    uint16_t s = (uint16_t)(b >> 16 & 0x8000u);
    if (a > 0x7f800000u) /* NaN: quiet bit 0x200 and the top 9 payload bits */
        return (uint16_t)(s | 0x7e00u | (a >> 13 & 0x3ffu));
    if (a >= 0x477ff000u) /* >= 65520 = 65504 + half an ulp: rounds to inf */
        return (uint16_t)(s | 0x7c00u);
    if (a >= 0x38800000u) { /* >= 2^-14, a normal f16: rebias, RNE on 13 bits */
        uint32_t r = a - 0x38000000u;
        return (uint16_t)(s | (r + 0xfffu + (r >> 13 & 1u)) >> 13);
    }
    if (a <= 0x33000000u) /* <= 2^-25, half the smallest subnormal: +-0 (a tie goes to even 0) */
        return s;
    /* a subnormal f16: the significand with its hidden bit, in units of 2^-24 */
    uint32_t e = a >> 23, m = (a & 0x7fffffu) | 0x800000u;
    unsigned sh = 126u - e; /* 14 .. 24 */
    uint32_t q = m >> sh, rem = m & ((1u << sh) - 1u), half = 1u << (sh - 1u);
    q += rem > half || (rem == half && (q & 1u)); /* 0x400: the smallest normal, correctly encoded */
    return (uint16_t)(s | q);
}

static inline void gp_widen_bf16(size_t n, const uint16_t *x, float *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gp_bf16_to_f32(x[i]);
}
static inline void gp_narrow_bf16(size_t n, const float *x, uint16_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gp_f32_to_bf16(x[i]);
}
static inline void gp_widen_f16(size_t n, const uint16_t *x, float *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gp_f16_to_f32(x[i]);
}
static inline void gp_narrow_f16(size_t n, const float *x, uint16_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gp_f32_to_f16(x[i]);
}

#endif
