/* Deterministic random numbers for the network and its data.
 *
 * Generator: xoshiro256** (Blackman and Vigna, 2018), 256 bits of state,
 * filled from a 64-bit seed and a stream number by splitmix64.  Streams keep
 * the uses apart: the same seed drives the data (stream 1), the initial
 * weights (stream 2) and the train/test shuffle (stream 3) without one
 * consuming numbers of another.
 *
 *   uniform  u = (x >> 11) * 2^-53, in [0, 1), 53 random bits.
 *   normal   Box-Muller: u1 = 1 - uniform (in (0, 1]), u2 = uniform,
 *            r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2);
 *            z0 is returned first, z1 on the next call.
 *
 * Everything here uses only IEEE-754 operations that are correctly rounded
 * (+, -, *, /, sqrt): ln, sin and cos are the small fixed polynomials of
 * nn_det_log/nn_det_sin/nn_det_cos below, not the C library's, so a given seed
 * gives bit-identical numbers on every machine and compiler (the build uses
 * -ffp-contract=off, and x86-64/AArch64 evaluate double in double). */
#ifndef GP_NN_RNG_H
#define GP_NN_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
    double spare;     /* the second Box-Muller deviate */
    int has_spare;
} nn_rng;

void nn_rng_seed(nn_rng *r, uint64_t seed, uint64_t stream);
uint64_t nn_rng_u64(nn_rng *r);
double nn_rng_uniform(nn_rng *r);              /* [0, 1) */
double nn_rng_normal(nn_rng *r);               /* mean 0, standard deviation 1 */
uint64_t nn_rng_below(nn_rng *r, uint64_t n);  /* uniform integer in [0, n), n > 0, unbiased */

/* Deterministic elementary functions (basic operations only; relative error a
 * few units in the last place).  nn_det_log needs x > 0 finite; nn_det_sin and
 * nn_det_cos need |x| < 1e6. */
double nn_det_log(double x);
double nn_det_sin(double x);
double nn_det_cos(double x);

#endif
