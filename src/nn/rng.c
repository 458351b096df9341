/* xoshiro256** seeded by splitmix64, Box-Muller normals, and the fixed
 * elementary functions they need (see rng.h for why they are not libm's). */
#include "rng.h"

#include <float.h>
#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void nn_rng_seed(nn_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1; /* the all-zero state is a fixed point */
    r->spare = 0.0;
    r->has_spare = 0;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t nn_rng_u64(nn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double nn_rng_uniform(nn_rng *r) { return (double)(nn_rng_u64(r) >> 11) * 0x1p-53; }

uint64_t nn_rng_below(nn_rng *r, uint64_t n)
{
    /* rejection: accept x < the largest multiple of n */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = nn_rng_u64(r);
    } while (x >= limit);
    return x % n;
}

double nn_rng_normal(nn_rng *r)
{
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    double u1 = 1.0 - nn_rng_uniform(r); /* (0, 1]: ln u1 is finite */
    double u2 = nn_rng_uniform(r);
    double rad = sqrt(-2.0 * nn_det_log(u1));
    double th = 6.283185307179586 * u2;
    r->spare = rad * nn_det_sin(th);
    r->has_spare = 1;
    return rad * nn_det_cos(th);
}

/* ln x = e ln 2 + ln m, m in [sqrt(1/2), sqrt 2); ln m = 2 atanh s with
 * s = (m-1)/(m+1), |s| < 0.172, summed as an odd series to s^23. */
double nn_det_log(double x)
{
    int e;
    double m = frexp(x, &e); /* exact: m in [0.5, 1) */
    if (m < 0.70710678118654752) {
        m *= 2.0;
        e -= 1;
    }
    double s = (m - 1.0) / (m + 1.0);
    double s2 = s * s;
    double p = 1.0 / 23;
    for (int k = 21; k >= 1; k -= 2)
        p = p * s2 + 1.0 / k;
    const double ln2_hi = 6.93147180369123816490e-01; /* 32 bits: e*ln2_hi exact */
    const double ln2_lo = 1.90821492927058770002e-10;
    return e * ln2_hi + (e * ln2_lo + 2.0 * s * p);
}

/* x = k pi/2 + r, |r| <= pi/4 (Cody-Waite with a 33-bit leading part of pi/2,
 * so k * PIO2_HI is exact for |k| < 2^20), then Taylor polynomials in r. */
static const double PIO2_HI = 1.57079632673412561417e+00;
static const double PIO2_LO = 6.07710050650619224932e-11;

static double sin_poly(double r)
{
    double r2 = r * r, p = 0.0;
    /* sum_{n=0}^{8} (-1)^n r^(2n+1) / (2n+1)! */
    static const double c[9] = {1.0, -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800,
                                1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    for (int n = 8; n >= 0; n--)
        p = p * r2 + c[n];
    return r * p;
}

static double cos_poly(double r)
{
    double r2 = r * r, p = 0.0;
    static const double c[9] = {1.0, -1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800,
                                1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0};
    for (int n = 8; n >= 0; n--)
        p = p * r2 + c[n];
    return p;
}

static double reduce(double x, long *q)
{
    double k = nearbyint(x * 0.63661977236758134308); /* 2/pi */
    *q = (long)k;
    return (x - k * PIO2_HI) - k * PIO2_LO;
}

double nn_det_sin(double x)
{
    long q;
    double r = reduce(x, &q);
    switch (q & 3) {
    case 0: return sin_poly(r);
    case 1: return cos_poly(r);
    case 2: return -sin_poly(r);
    default: return -cos_poly(r);
    }
}

double nn_det_cos(double x)
{
    long q;
    double r = reduce(x, &q);
    switch (q & 3) {
    case 0: return cos_poly(r);
    case 1: return -sin_poly(r);
    case 2: return -cos_poly(r);
    default: return sin_poly(r);
    }
}
