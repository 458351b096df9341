/* Shared helpers for the unit tests: ISA loop, ULP distances, bits, random
 * numbers, sentinels.  Reference values come from tests/ref/gp_ref.h. */
#ifndef GP_TEST_TH_H
#define GP_TEST_TH_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gprime.h"

/* The ISAs the library can be told to use; th_isa_count()/th_isa(i) list the
 * available ones. */
int th_isa_count(void);
const char *th_isa(int i);

/* Run one array operation on every available ISA (via gp_set_isa), each time
 * from the same initial contents of out (so in-place calls work), assert that
 * every path returns the same status and bit-identical output, leave that output
 * in out and the ISA at "auto".  Returns the status. */
gp_status th_apply_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da, double *out);
gp_status th_apply_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *out);

/* Ordered-integer distance between two values (number of representable values
 * between them, subnormals included, +0 and -0 at distance 0).  Two NaNs are at
 * distance 0, one NaN is at distance INT64_MAX. */
int64_t th_dist_f64(double a, double b);
int64_t th_dist_f32(float a, float b);

/* Bit patterns, for exact comparisons that see -0 and NaN payloads. */
uint64_t th_bits_f64(double x);
uint32_t th_bits_f32(float x);

/* Small deterministic PRNG (xorshift64*). */
uint64_t th_rand(uint64_t *state);
double th_uniform(uint64_t *state, double lo, double hi);

/* Fill with a recognisable sentinel and check it is still there. */
void th_fill_sentinel_f64(double *p, size_t n);
void th_fill_sentinel_f32(float *p, size_t n);
int th_is_sentinel_f64(const double *p, size_t n);
int th_is_sentinel_f32(const float *p, size_t n);

/* Kind with op "from output" requires alpha >= 0 etc.: is op a from-output op? */
int th_from_output(gp_op op);
int th_backward(gp_op op);

#endif
