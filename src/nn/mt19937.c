/* MT19937 and numpy's legacy uniform and normal draws (see mt19937.h). */
#include "mt19937.h"

#include <math.h>

enum { MT_N = 624, MT_M = 397 };

void nn_mt_seed(nn_mt *r, uint32_t seed)
{
    r->s[0] = seed;
    for (uint32_t i = 1; i < MT_N; i++)
        r->s[i] = 1812433253u * (r->s[i - 1] ^ (r->s[i - 1] >> 30)) + i;
    r->pos = MT_N;
    r->has_gauss = 0;
    r->gauss = 0.0;
}

// regenerate: the twist of all 624 words
static void regenerate(nn_mt *r)
{
    const uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix_a = 0x9908b0dfu;
    for (int i = 0; i < MT_N; i++) {
        uint32_t y = (r->s[i] & upper) | (r->s[(i + 1) % MT_N] & lower);
        r->s[i] = r->s[(i + MT_M) % MT_N] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
    }
    r->pos = 0;
}

uint32_t nn_mt_u32(nn_mt *r)
{
    if (r->pos >= MT_N)
        regenerate(r);
    uint32_t y = r->s[r->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double nn_mt_uniform(nn_mt *r)
{
    uint32_t a = nn_mt_u32(r) >> 5; /* 27 bits */
    uint32_t b = nn_mt_u32(r) >> 6; /* 26 bits */
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

double nn_mt_normal(nn_mt *r)
{
    if (r->has_gauss) {
        r->has_gauss = 0;
        return r->gauss;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * nn_mt_uniform(r) - 1.0;
        x2 = 2.0 * nn_mt_uniform(r) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * log(r2) / r2);
    r->gauss = f * x1;
    r->has_gauss = 1;
    return f * x2;
}
