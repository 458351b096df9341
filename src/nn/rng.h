/* The shuffle's random numbers (the train/test split).
 *
 * Generator: xoshiro256** (Blackman and Vigna, 2018), 256 bits of state,
 * filled from a 64-bit seed and a stream number by splitmix64.  Integers
 * only, so a seed gives the same split on every machine.  The data and the
 * initial weights use numpy's generator instead (mt19937.h), to be the
 * notebook's. */
#ifndef GP_NN_RNG_H
#define GP_NN_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} nn_rng;

void nn_rng_seed(nn_rng *r, uint64_t seed, uint64_t stream);
uint64_t nn_rng_u64(nn_rng *r);
double nn_rng_uniform(nn_rng *r);              /* [0, 1) */
uint64_t nn_rng_below(nn_rng *r, uint64_t n);  /* uniform integer in [0, n), n > 0, unbiased */

#endif
