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

/* Branch-free (the loops vectorise): em << 13 read as an f32 has the f16's
 * exponent and significand in place, with the bias 112 short; times 2^112 it
 * is the value, exactly, subnormals included (em << 13 is then an f32
 * subnormal, m * 2^-136).  inf and NaN keep their payload bits as they are. */
static inline float gp_f16_to_f32(uint16_t h)
{
    uint32_t s = (uint32_t)(h & 0x8000u) << 16, em = h & 0x7fffu;
    uint32_t fin = gp_f32_bits(gp_bits_f32(em << 13) * 0x1p112f);
    uint32_t spec = 0x7f800000u | (em & 0x3ffu) << 13;
    return gp_bits_f32(s | (em >= 0x7c00u ? spec : fin));
}

/* Branch-free: every path is computed and one is selected.
 *   normal (a >= 2^-14): rebias, RNE on the 13 dropped bits
 *   below: |f| + 0.5 in f32 rounds (RNE) at 2^-24, the f16 subnormal spacing,
 *          so its low bits are the rounded count of 2^-24 (0x400 = 2^-14,
 *          the smallest normal, correctly encoded)
 *   >= 65520 (65504 + half an ulp): inf; NaN: quiet bit and top 9 payload bits */
static inline uint16_t gp_f32_to_f16(float f)
{
    uint32_t b = gp_f32_bits(f), a = b & 0x7fffffffu, s = b >> 16 & 0x8000u;
    uint32_t r = a - 0x38000000u;
    uint32_t normal = (r + 0xfffu + (r >> 13 & 1u)) >> 13;
    uint32_t sub = gp_f32_bits(gp_bits_f32(a) + 0.5f) - 0x3f000000u;
    uint32_t v = a >= 0x38800000u ? normal : sub;
    v = a >= 0x477ff000u ? 0x7c00u : v;
    v = a > 0x7f800000u ? 0x7e00u | (a >> 13 & 0x3ffu) : v;
    return (uint16_t)(s | v);
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
