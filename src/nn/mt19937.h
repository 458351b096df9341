/* numpy's legacy random numbers (numpy.random.RandomState, the generator
 * behind np.random.seed / np.random.randn that the course's notebooks use),
 * written from the published algorithms, so gprime can draw the very numbers
 * the notebook draws.
 *
 *   generator  MT19937 (Matsumoto and Nishimura, 1998), 624 words of state,
 *              seeded by init_genrand: s[0] = seed, s[i] = 1812433253 *
 *              (s[i-1] ^ (s[i-1] >> 30)) + i (mod 2^32); np.random.seed(S)
 *              with an integer 0 <= S < 2^32 does exactly this.
 *   uniform    random_sample: a = u32 >> 5, b = u32 >> 6 (two outputs, in
 *              this order), (a * 2^26 + b) / 2^53, in [0, 1).
 *   normal     randn / legacy gauss, the polar method: x1 = 2u - 1,
 *              x2 = 2u - 1 (u drawn in this order) until 0 < r2 = x1^2 + x2^2
 *              < 1; f = sqrt(-2 ln(r2) / r2); returns f * x2 and keeps
 *              f * x1 for the next call.
 *
 * ln is the C library's log(), as in numpy: on one machine the numbers are
 * numpy's bit for bit (tests/nn/numpy_oracle.py checks this where numpy is
 * installed). */
#ifndef GP_NN_MT19937_H
#define GP_NN_MT19937_H

#include <stdint.h>

typedef struct {
    uint32_t s[624];
    int pos;          /* next word of s to temper; 624: regenerate first */
    int has_gauss;
    double gauss;     /* the polar method's second deviate */
} nn_mt;

void nn_mt_seed(nn_mt *r, uint32_t seed);  /* np.random.seed(seed) */
uint32_t nn_mt_u32(nn_mt *r);              /* genrand_int32 */
double nn_mt_uniform(nn_mt *r);            /* np.random.random_sample() */
double nn_mt_normal(nn_mt *r);             /* np.random.randn() */

#endif
