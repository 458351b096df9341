/* gprime-ulp: the inputs.  float32: every bit pattern (--mode full) or every
 * S-th one plus dense tails and special values (--mode strided); float64: N
 * inputs (log-uniform over the whole range, body, tails, |z| < 1e-8) plus
 * special values and dense neighbourhoods of the switch points of the
 * algorithms; a random da per input for the backward operations. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "ulp.h"

uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* random upstream gradient for input key k: sign random, significand random,
 * binary exponent uniform in [-8, 8]; the same for every path. */
double rand_da(uint64_t k, int prec)
{
    uint64_t h = splitmix(k ^ opt.seed);
    /* m * 2^e, m = 1 + (52 random bits) * 2^-52, built from its bits */
    uint64_t e = (h >> 1) % 17; /* exponent - (-8) */
    double d = bits_d((h & 1) << 63 | (1023 - 8 + e) << 52 | (h >> 11 & ((1ULL << 52) - 1)));
    return prec == 24 ? (double)(float)d : d;
}

/* ---- input plans ------------------------------------------------------------------ */

typedef struct {
    uint64_t start, step, count;
} seg;
#define MAX_SEGS 128
static seg segs32[MAX_SEGS];
static int nsegs32;
uint64_t total32;
static uint64_t *specials64;
uint64_t nspecials64, total64;

static void add_seg32(uint64_t start, uint64_t step, uint64_t count)
{
    segs32[nsegs32++] = (seg){start, step, count};
    total32 += count;
}

/* all floats with |z| in [lo, hi], both signs */
static void add_range32(float lo, float hi)
{
    uint32_t a = f_bits(lo), b = f_bits(hi);
    add_seg32(a, 1, (uint64_t)b - a + 1);
    add_seg32(a | 0x80000000u, 1, (uint64_t)b - a + 1);
}

/* +-(2*w+1) patterns around z, both signs */
static void add_around32(float z, uint32_t w)
{
    uint32_t b = f_bits(z);
    add_seg32(b - w, 1, 2 * w + 1);
    add_seg32((b - w) | 0x80000000u, 1, 2 * w + 1);
}

void plan32(void)
{
    nsegs32 = 0;
    total32 = 0;
    if (opt.range_count) {
        add_seg32(opt.range_start, 1, opt.range_count);
        return;
    }
    if (opt.full) {
        add_seg32(0, 1, 1ULL << 32);
        return;
    }
    add_seg32(0, opt.stride, ((1ULL << 32) + opt.stride - 1) / opt.stride);
    add_range32(80.0f, 105.0f);  /* sigmoid subnormal results, sigmoid' deep tail */
    add_range32(14.0f, 20.0f);   /* sigmoid -> 1 */
    add_range32(7.0f, 10.0f);    /* tanh -> 1 */
    add_range32(42.0f, 53.0f);   /* tanh' subnormal results */
    add_seg32(0, 1, 65536);      /* smallest subnormals */
    add_seg32(0x80000000u, 1, 65536);
    add_seg32(0x7f800000u - 65536, 1, 65536 * 2 + 1); /* largest, inf, NaNs */
    add_seg32(0xff800000u - 65536, 1, 65536 * 2 + 1);
    add_seg32(0x7fc00000u, 1, 4096);
    add_seg32(0xffc00000u, 1, 4096);
    /* switch points of the algorithms (src/act/) at float resolution */
    static const float pts[] = {0.35f, 0x1p-28f, 40.0f, 800.0f, 0.5f, 1.0f, 2.0f, 36.7368f, 19.0615f};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
        add_around32(pts[i], 4096);
}

uint32_t input32(uint64_t g)
{
    for (int s = 0; s < nsegs32; s++) {
        if (g < segs32[s].count)
            return (uint32_t)(segs32[s].start + g * segs32[s].step);
        g -= segs32[s].count;
    }
    return 0;
}

static void push64(uint64_t *list, uint64_t *n, double v)
{
    list[(*n)++] = d_bits(v);
    list[(*n)++] = d_bits(-v);
}

void plan64(void)
{
    static const double pts[] = {0.35, 0x1p-28, 40.0, 800.0, 745.1332191019411, 709.782712893384, 708.3964185322641,
                                 693.1471805599453, 347.2699, 373.0, 372.5, 36.7368005696771, 19.0615474653,
                                 0.5, 1.0, 2.0, 1e-8, 20.0, 30.0};
    const int W = 512;
    size_t cap = 64 + sizeof pts / sizeof pts[0] * (2 * W + 1) * 2;
    specials64 = malloc(cap * sizeof(uint64_t));
    if (!specials64)
        abort();
    uint64_t n = 0;
    push64(specials64, &n, 0.0);
    push64(specials64, &n, INFINITY);
    push64(specials64, &n, DBL_MIN);
    push64(specials64, &n, DBL_MAX);
    push64(specials64, &n, 0x1p-1074);
    push64(specials64, &n, 0x1p-1022 - 0x1p-1074);
    specials64[n++] = 0x7ff8000000000000ULL;
    specials64[n++] = 0xfff8000000000000ULL;
    specials64[n++] = 0x7ff0000000000001ULL; /* signalling */
    specials64[n++] = 0x7ff8dead0000beefULL; /* payload */
    for (size_t p = 0; p < sizeof pts / sizeof pts[0]; p++) {
        uint64_t b = d_bits(pts[p]);
        for (int k = -W; k <= W; k++)
            push64(specials64, &n, bits_d(b + (uint64_t)(int64_t)k));
    }
    nspecials64 = n;
    total64 = nspecials64 + opt.f64_n;
}

/* the i-th random f64 input: a mixture of the distributions in the issue */
double random64(uint64_t i)
{
    uint64_t h = splitmix(i * 0x2545f4914f6cdd1dULL ^ opt.seed), h2 = splitmix(h);
    double u = (double)(h2 >> 11) * 0x1p-53, sgn = (h & 1) ? -1.0 : 1.0;
    unsigned c = (unsigned)((h >> 1) % 100);
    if (c < 25) { /* log-uniform over the whole finite range: exponent field 0..2046 */
        uint64_t e = (h >> 8) % 2047, m = h2 & ((1ULL << 52) - 1);
        return bits_d((h & 1) << 63 | e << 52 | m);
    }
    if (c < 55) /* the body */
        return sgn * 40.0 * u;
    if (c < 65) /* log-uniform in [2^-30, 2^10] */
        return sgn * exp2(-30.0 + 40.0 * u);
    if (c < 70) /* sigmoid's subnormal tail */
        return -(700.0 + 45.0 * u);
    if (c < 75) /* sigmoid -> 1 */
        return 30.0 + 10.0 * u;
    if (c < 80) /* tanh -> 1 */
        return sgn * (17.0 + 3.0 * u);
    if (c < 90) /* g' tails down to underflow */
        return sgn * (20.0 + 730.0 * u);
    if (c < 95) /* |z| < 1e-8, log-uniform down to the smallest subnormal */
        return sgn * exp2(-1074.0 + (1074.0 - 26.575) * u);
    return sgn * 800.0 * u;
}

/* the g-th f64 input: the specials first, then the random ones */
double input64(uint64_t g) { return g < nspecials64 ? bits_d(specials64[g]) : random64(g - nspecials64); }
