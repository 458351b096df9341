/* Values: slides' sanity values, tails, forward accuracy against MPFR, f32 vs
 * f64, from z vs from a, central differences, backward, scalar forms, tails of
 * the vector loops.  Every array call goes through th_apply_*, which runs it on
 * every available ISA and asserts bit-identical results; every reference value
 * comes from tests/ref (gp_ref_*, MPFR). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gp_ref.h"
#include "../test_isas.h"
#include "th.h"

/* one element through the array API (all ISAs) */
static double one_f64(gp_kind kind, gp_op op, double x, double da)
{
    gp_act act = gp_act_default(kind);
    double out = 0;
    assert_int_equal(th_apply_f64(&act, op, 1, &x, &da, &out), GP_OK);
    return out;
}

static float one_f32(gp_kind kind, gp_op op, float x, float da)
{
    gp_act act = gp_act_default(kind);
    float out = 0;
    assert_int_equal(th_apply_f32(&act, op, 1, &x, &da, &out), GP_OK);
    return out;
}

/* assert that computed (op of the default act of kind at x) is within tol ulps
 * of the reference */
static void check_ulps_f64(gp_kind kind, gp_op op, double x, double computed, double tol)
{
    gp_act act = gp_act_default(kind);
    double u = gp_ref_ulps_f64(&act, op, x, 1.0, computed);
    if (!(u <= tol))
        fail_msg("%s %s f64 at x=%.17g: got %.17g, MPFR %.17g, error %.3g ulp > %g", gp_kind_name(kind),
                 gp_op_name(op), x, computed, gp_ref_f64(&act, op, x, 1.0), u, tol);
}

static void check_ulps_f32(gp_kind kind, gp_op op, float x, float computed, double tol)
{
    gp_act act = gp_act_default(kind);
    double u = gp_ref_ulps_f32(&act, op, x, 1.0f, computed);
    if (!(u <= tol))
        fail_msg("%s %s f32 at x=%.9g: got %.9g, MPFR %.9g, error %.3g ulp > %g", gp_kind_name(kind),
                 gp_op_name(op), (double)x, (double)computed, (double)gp_ref_f32(&act, op, x, 1.0f), u, tol);
}

/* ---- the helpers themselves can fail ------------------------------------------------------ */

static void test_helpers_measure_ulps(void **state)
{
    (void)state;
    assert_true(th_dist_f64(1.0, nextafter(1.0, 2.0)) == 1);
    assert_true(th_dist_f64(-0x1p-1074, 0x1p-1074) == 2);
    assert_true(th_dist_f64(0.0, -0.0) == 0);
    assert_true(th_dist_f32(1.0f, nextafterf(1.0f, 0.0f)) == 1);
    assert_true(th_dist_f64(NAN, 1.0) == INT64_MAX);
    gp_act sig = gp_act_default(GP_SIGMOID), th = gp_act_default(GP_TANH);
    /* 0.25 is exact; its neighbour is 1 ulp off (in the ulp of 0.25) */
    assert_true(gp_ref_ulps_f64(&sig, GP_OP_GRAD, 0.0, 1, 0.25) == 0.0);
    double u = gp_ref_ulps_f64(&sig, GP_OP_GRAD, 0.0, 1, nextafter(0.25, 1.0));
    assert_true(u == 1.0);
    assert_true(gp_ref_ulps_f32(&th, GP_OP_GRAD, 0.0f, 1, nextafterf(1.0f, 0.0f)) == 0.5); /* below 1: half the ulp */
    /* subnormal spacing: sigmoid(-720) off by one subnormal step is ~1 unit */
    double r = gp_ref_f64(&sig, GP_OP_FORWARD, -720.0, 1);
    double e = gp_ref_ulps_f64(&sig, GP_OP_FORWARD, -720.0, 1, r + 0x1p-1074);
    assert_true(e > 0.5 && e < 1.5);
    assert_true(gp_ref_ulps_f64(&sig, GP_OP_FORWARD, -720.0, 1, r) <= 0.5);
    assert_true(isinf(gp_ref_ulps_f64(&sig, GP_OP_FORWARD, 1.0, 1, NAN)));
}

/* NaN against NaN and the right infinity are no error; NaN against a number,
 * a number against NaN and a wrong infinity are infinitely wrong */
static void test_ref_ulps_nan_and_infinities(void **state)
{
    (void)state;
    gp_act sig = gp_act_default(GP_SIGMOID), relu = gp_act_default(GP_RELU);
    assert_true(isnan(gp_ref_f64(&sig, GP_OP_FORWARD, NAN, 1)));
    assert_true(isnan(gp_ref_f32(&relu, GP_OP_GRAD, NAN, 1)));
    assert_true(gp_ref_ulps_f64(&sig, GP_OP_FORWARD, NAN, 1, NAN) == 0.0);
    assert_true(isinf(gp_ref_ulps_f64(&sig, GP_OP_FORWARD, NAN, 1, 0.5)));
    assert_true(isinf(gp_ref_ulps_f32(&sig, GP_OP_GRAD, 1.0f, 1, NAN)));
    assert_true(gp_ref_ulps_f64(&relu, GP_OP_FORWARD, INFINITY, 1, INFINITY) == 0.0);
    assert_true(isinf(gp_ref_ulps_f64(&relu, GP_OP_FORWARD, INFINITY, 1, -INFINITY)));
    assert_true(isinf(gp_ref_ulps_f64(&relu, GP_OP_FORWARD, 1e300, 1, INFINITY)));
    /* beyond the type's range: the correctly rounded infinity is right */
    gp_act leaky = gp_act_default(GP_LEAKY_RELU);
    leaky.alpha = leaky.grad_at_zero = 2.0;
    assert_true(gp_ref_f32(&leaky, GP_OP_FORWARD, -3e38f, 1) == -INFINITY);
    assert_true(gp_ref_ulps_f32(&leaky, GP_OP_FORWARD, -3e38f, 1, -INFINITY) == 0.0);
    assert_true(gp_ref_ulps_f32(&leaky, GP_OP_FORWARD, -3e38f, 1, -FLT_MAX) > 1e6); /* finite, far off */
    assert_true(gp_ref_ulps_f64(&leaky, GP_OP_FORWARD, -3e38, 1, -6e38) == 0.0);
}

/* the references keep signs of zero, use grad_at_zero at the kink, round
 * the parameters to float for f32, and form backward as da * g' */
static void test_ref_definitions_at_zero_and_parameters(void **state)
{
    (void)state;
    gp_act relu = gp_act_default(GP_RELU), leaky = gp_act_default(GP_LEAKY_RELU);
    assert_true(th_bits_f64(gp_ref_f64(&relu, GP_OP_FORWARD, -0.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f64(gp_ref_f64(&leaky, GP_OP_FORWARD, -0.0, 1)) == th_bits_f64(-0.0));
    assert_true(gp_ref_f64(&relu, GP_OP_GRAD, 0.0, 1) == 0.0);
    relu.grad_at_zero = 1;
    assert_true(gp_ref_f64(&relu, GP_OP_GRAD, -0.0, 1) == 1.0);
    assert_true(gp_ref_f64(&relu, GP_OP_GRAD_FROM_OUTPUT, 0.0, 1) == 0.0); /* a = 0: the left slope */
    assert_true(th_bits_f64(gp_ref_f64(&relu, GP_OP_BACKWARD, -2.0, -3.0)) == th_bits_f64(-0.0));
    leaky.alpha = leaky.grad_at_zero = 0.1;
    assert_true(gp_ref_f64(&leaky, GP_OP_FORWARD, -3.0, 1) == 0.1 * -3.0);
    assert_true(gp_ref_f32(&leaky, GP_OP_FORWARD, -3.0f, 1) == 0.1f * -3.0f);
    assert_true(gp_ref_f32(&leaky, GP_OP_BACKWARD, -1.0f, 3.0f) == 0.1f * 3.0f);
    assert_true(gp_ref_f64(&leaky, GP_OP_BACKWARD_FROM_OUTPUT, 0.0, 5.0) == 0.5);
}

/* ---- slides' sanity values ----------------------------------------------------------- */

static void test_sigmoid_grad_at_0_is_quarter(void **state)
{
    (void)state;
    assert_true(one_f64(GP_SIGMOID, GP_OP_GRAD, 0.0, 1) == 0.25);
    assert_true(one_f64(GP_SIGMOID, GP_OP_GRAD, -0.0, 1) == 0.25);
    assert_true(one_f32(GP_SIGMOID, GP_OP_GRAD, 0.0f, 1) == 0.25f);
    assert_true(one_f32(GP_SIGMOID, GP_OP_GRAD, -0.0f, 1) == 0.25f);
    /* and a(1-a) at a = sigmoid(0) = 0.5 */
    assert_true(one_f64(GP_SIGMOID, GP_OP_FORWARD, 0.0, 1) == 0.5);
    assert_true(one_f64(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 0.5, 1) == 0.25);
    assert_true(one_f32(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 0.5f, 1) == 0.25f);
}

static void test_tanh_grad_at_0_is_one(void **state)
{
    (void)state;
    assert_true(one_f64(GP_TANH, GP_OP_GRAD, 0.0, 1) == 1.0);
    assert_true(one_f64(GP_TANH, GP_OP_GRAD, -0.0, 1) == 1.0);
    assert_true(one_f32(GP_TANH, GP_OP_GRAD, 0.0f, 1) == 1.0f);
    assert_true(one_f32(GP_TANH, GP_OP_GRAD, -0.0f, 1) == 1.0f);
    assert_true(one_f64(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, 0.0, 1) == 1.0);
    assert_true(one_f32(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, 0.0f, 1) == 1.0f);
}

static void check_grad_points(gp_kind kind, const double *zs, size_t nz, double max_f32_z)
{
    for (size_t i = 0; i < nz; i++) {
        for (int sign = -1; sign <= 1; sign += 2) {
            double z = sign * zs[i];
            double g = one_f64(kind, GP_OP_GRAD, z, 1);
            assert_true(g > 0.0);
            check_ulps_f64(kind, GP_OP_GRAD, z, g, 2.0);
            if (zs[i] <= max_f32_z) {
                float gf = one_f32(kind, GP_OP_GRAD, (float)z, 1);
                assert_true(gf > 0.0f);
                check_ulps_f32(kind, GP_OP_GRAD, (float)z, gf, 2.0);
            }
        }
    }
}

static void test_sigmoid_grad_at_pm10_matches_mpfr(void **state)
{
    (void)state;
    const double zs[] = {10.0};
    check_grad_points(GP_SIGMOID, zs, 1, 1e9);
    double g = one_f64(GP_SIGMOID, GP_OP_GRAD, 10.0, 1);
    assert_true(g > 4.5e-5 && g < 4.6e-5); /* close to 0: 4.5396e-5 */
}

static void test_tanh_grad_at_pm10_matches_mpfr(void **state)
{
    (void)state;
    const double zs[] = {10.0};
    check_grad_points(GP_TANH, zs, 1, 1e9);
    double g = one_f64(GP_TANH, GP_OP_GRAD, -10.0, 1);
    assert_true(g > 8.2e-9 && g < 8.3e-9); /* 8.2446e-9 */
}

/* ---- tails ---------------------------------------------------------------------------------- */

static void test_sigmoid_grad_tail_20_50_80(void **state)
{
    (void)state;
    const double zs[] = {20.0, 50.0, 80.0};
    check_grad_points(GP_SIGMOID, zs, 3, 80.0); /* e^-80 = 1.8e-35 is a normal float */
    double g = one_f64(GP_SIGMOID, GP_OP_GRAD, 80.0, 1);
    assert_true(g > 1.8e-35 && g < 1.81e-35);
}

static void test_tanh_grad_tail_10_30_40(void **state)
{
    (void)state;
    const double zs[] = {10.0, 30.0, 40.0};
    check_grad_points(GP_TANH, zs, 3, 40.0); /* 4e^-80 = 7.2e-35 is a normal float */
    float g = one_f32(GP_TANH, GP_OP_GRAD, 40.0f, 1);
    assert_true(g > 7.2e-35f && g < 7.25e-35f);
}

/* deep tails in f64: still 2 ulp, down to the subnormal range */
static void test_grad_deep_tail_f64(void **state)
{
    (void)state;
    const double zs[] = {100.0, 300.0, 700.0, 740.0};
    check_grad_points(GP_SIGMOID, zs, 4, 0);
    const double zt[] = {100.0, 300.0, 370.0};
    check_grad_points(GP_TANH, zt, 3, 0);
}

/* grad_from_output is the formula on the given a, correctly rounded */
static void check_from_output(gp_kind kind, const double *as, size_t n)
{
    gp_act act = gp_act_default(kind);
    for (size_t i = 0; i < n; i++) {
        double g = one_f64(kind, GP_OP_GRAD_FROM_OUTPUT, as[i], 1);
        double ref = gp_ref_f64(&act, GP_OP_GRAD_FROM_OUTPUT, as[i], 1);
        if (th_bits_f64(g) != th_bits_f64(ref))
            fail_msg("%s from a=%.17g f64: got %.17g, correctly rounded %.17g", gp_kind_name(kind), as[i], g, ref);
        float af = (float)as[i];
        float gf = one_f32(kind, GP_OP_GRAD_FROM_OUTPUT, af, 1);
        float reff = gp_ref_f32(&act, GP_OP_GRAD_FROM_OUTPUT, af, 1);
        if (th_bits_f32(gf) != th_bits_f32(reff))
            fail_msg("%s from a=%.9g f32: got %.9g, correctly rounded %.9g", gp_kind_name(kind), (double)af,
                     (double)gf, (double)reff);
    }
}

static void test_sigmoid_grad_from_output_is_correctly_rounded(void **state)
{
    (void)state;
    enum { N = 600 };
    double as[N];
    uint64_t rng = 0x1234567u;
    size_t k = 0;
    /* the outputs of the tail points and some random ones */
    const double zs[] = {-80, -50, -20, -10, -1, 0, 1, 10, 20, 30, 36, 37, 50};
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++)
        as[k++] = one_f64(GP_SIGMOID, GP_OP_FORWARD, zs[i], 1);
    as[k++] = 0.0;
    as[k++] = 1.0;
    as[k++] = 0.5;
    as[k++] = 0x1p-1074;
    as[k++] = 1.0 - 0x1p-53;
    while (k < N)
        as[k++] = th_uniform(&rng, 0.0, 1.0);
    check_from_output(GP_SIGMOID, as, N);
}

static void test_tanh_grad_from_output_is_correctly_rounded(void **state)
{
    (void)state;
    enum { N = 600 };
    double as[N];
    uint64_t rng = 0x7654321u;
    size_t k = 0;
    const double zs[] = {-40, -30, -10, -1, 0, 1, 10, 18, 19, 30, 40};
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++)
        as[k++] = one_f64(GP_TANH, GP_OP_FORWARD, zs[i], 1);
    as[k++] = -1.0;
    as[k++] = 1.0;
    as[k++] = 1.0 - 0x1p-53;
    as[k++] = -0x1p-1074;
    while (k < N)
        as[k++] = th_uniform(&rng, -1.0, 1.0);
    check_from_output(GP_TANH, as, N);
}

/* in the saturated tail the formula gives 0 although the slope is not 0 (documented) */
static void test_grad_from_output_saturated_a_gives_zero(void **state)
{
    (void)state;
    double a = one_f64(GP_SIGMOID, GP_OP_FORWARD, 40.0, 1);
    assert_true(a == 1.0);
    assert_true(one_f64(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a, 1) == 0.0);
    assert_true(one_f64(GP_SIGMOID, GP_OP_GRAD, 40.0, 1) > 0.0);
    float af = one_f32(GP_TANH, GP_OP_FORWARD, 10.0f, 1);
    assert_true(af == 1.0f);
    assert_true(one_f32(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, af, 1) == 0.0f);
    assert_true(one_f32(GP_TANH, GP_OP_GRAD, 10.0f, 1) > 0.0f);
}

/* ---- forward accuracy ----------------------------------------------------------------------- */

enum { NFWD = 3000 };

static void check_forward_f64(gp_kind kind, double lo, double hi, uint64_t seed)
{
    double *z = malloc(NFWD * sizeof *z), *a = malloc(NFWD * sizeof *a);
    assert_non_null(z);
    assert_non_null(a);
    uint64_t rng = seed;
    for (size_t i = 0; i < NFWD; i++)
        z[i] = th_uniform(&rng, lo, hi);
    gp_act act = gp_act_default(kind);
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, NFWD, z, NULL, a), GP_OK);
    for (size_t i = 0; i < NFWD; i++)
        check_ulps_f64(kind, GP_OP_FORWARD, z[i], a[i], 1.0);
    free(z);
    free(a);
}

static void check_forward_f32(gp_kind kind, double lo, double hi, uint64_t seed)
{
    float *z = malloc(NFWD * sizeof *z), *a = malloc(NFWD * sizeof *a);
    assert_non_null(z);
    assert_non_null(a);
    uint64_t rng = seed;
    for (size_t i = 0; i < NFWD; i++)
        z[i] = (float)th_uniform(&rng, lo, hi);
    gp_act act = gp_act_default(kind);
    assert_int_equal(th_apply_f32(&act, GP_OP_FORWARD, NFWD, z, NULL, a), GP_OK);
    for (size_t i = 0; i < NFWD; i++)
        check_ulps_f32(kind, GP_OP_FORWARD, z[i], a[i], 1.0);
    free(z);
    free(a);
}

static void test_sigmoid_forward_within_1ulp_f64(void **state)
{
    (void)state;
    check_forward_f64(GP_SIGMOID, -750, 750, 11);
    check_forward_f64(GP_SIGMOID, -40, 40, 12);
    check_forward_f64(GP_SIGMOID, -1, 1, 13);
}

static void test_sigmoid_forward_within_1ulp_f32(void **state)
{
    (void)state;
    check_forward_f32(GP_SIGMOID, -750, 750, 21);
    check_forward_f32(GP_SIGMOID, -20, 20, 22);
    check_forward_f32(GP_SIGMOID, -1, 1, 23);
}

static void test_tanh_forward_within_1ulp_f64(void **state)
{
    (void)state;
    check_forward_f64(GP_TANH, -750, 750, 31);
    check_forward_f64(GP_TANH, -20, 20, 32);
    check_forward_f64(GP_TANH, -0.5, 0.5, 33); /* the small-|z| branch */
    check_forward_f64(GP_TANH, -1e-8, 1e-8, 34);
}

static void test_tanh_forward_within_1ulp_f32(void **state)
{
    (void)state;
    check_forward_f32(GP_TANH, -750, 750, 41);
    check_forward_f32(GP_TANH, -10, 10, 42);
    check_forward_f32(GP_TANH, -0.5, 0.5, 43);
}

/* sigmoid(z) for z in [-745, -708] is subnormal in f64; gp_ref_ulps counts in units
 * of the subnormal spacing 2^-1074 there */
static void test_sigmoid_forward_subnormal_region_f64(void **state)
{
    (void)state;
    double a = one_f64(GP_SIGMOID, GP_OP_FORWARD, -720.0, 1);
    assert_true(a > 0.0 && a < DBL_MIN); /* subnormal, 2.1e-313 */
    check_ulps_f64(GP_SIGMOID, GP_OP_FORWARD, -720.0, a, 1.0);
    check_forward_f64(GP_SIGMOID, -746, -708, 51);
    /* beyond the subnormals: rounds to 0 */
    assert_true(one_f64(GP_SIGMOID, GP_OP_FORWARD, -746.0, 1) == 0.0);
    gp_act sig = gp_act_default(GP_SIGMOID);
    assert_true(gp_ref_f64(&sig, GP_OP_FORWARD, -746.0, 1) == 0.0);
}

static void test_sigmoid_forward_subnormal_region_f32(void **state)
{
    (void)state;
    float a = one_f32(GP_SIGMOID, GP_OP_FORWARD, -95.0f, 1);
    assert_true(a > 0.0f && a < FLT_MIN); /* subnormal, 5.5e-42 */
    check_ulps_f32(GP_SIGMOID, GP_OP_FORWARD, -95.0f, a, 1.0);
    check_forward_f32(GP_SIGMOID, -104, -87, 52);
}

/* ---- f32 vs f64 --------------------------------------------------------------------------------- */

static void check_f32_vs_f64(gp_kind kind, gp_op op, double lo, double hi, int64_t tol)
{
    enum { N = 2000 };
    static float zf[N], af[N], daf[N];
    static double zd[N], ad[N], dad[N];
    uint64_t rng = 99 + (uint64_t)kind * 7 + (uint64_t)op;
    for (size_t i = 0; i < N; i++) {
        zf[i] = (float)th_uniform(&rng, lo, hi);
        zd[i] = zf[i];
        daf[i] = (float)th_uniform(&rng, -2, 2);
        dad[i] = daf[i];
    }
    gp_act act = gp_act_default(kind);
    if (kind == GP_LEAKY_RELU)
        act.alpha = act.grad_at_zero = 0.25; /* exact in f32 */
    assert_int_equal(th_apply_f32(&act, op, N, zf, daf, af), GP_OK);
    assert_int_equal(th_apply_f64(&act, op, N, zd, dad, ad), GP_OK);
    for (size_t i = 0; i < N; i++) {
        int64_t d = th_dist_f32(af[i], (float)ad[i]);
        if (d > tol)
            fail_msg("%s %s z=%.9g: f32 %.9g vs (float)f64 %.9g: %lld ulp", gp_kind_name(kind), gp_op_name(op),
                     (double)zf[i], (double)af[i], (double)(float)ad[i], (long long)d);
    }
}

static void test_sigmoid_tanh_f32_within_1ulp_of_rounded_f64(void **state)
{
    (void)state;
    check_f32_vs_f64(GP_SIGMOID, GP_OP_FORWARD, -110, 110, 1);
    check_f32_vs_f64(GP_SIGMOID, GP_OP_GRAD, -110, 110, 1);
    check_f32_vs_f64(GP_TANH, GP_OP_FORWARD, -12, 12, 1);
    check_f32_vs_f64(GP_TANH, GP_OP_GRAD, -50, 50, 1);
    check_f32_vs_f64(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 0, 1, 1);
    check_f32_vs_f64(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, -1, 1, 1);
}

static void test_relu_leaky_f32_equals_rounded_f64_exactly(void **state)
{
    (void)state;
    for (int k = GP_RELU; k <= GP_LEAKY_RELU; k++)
        for (int op = 0; op < GP_OP_COUNT; op++)
            check_f32_vs_f64((gp_kind)k, (gp_op)op, -100, 100, 0);
}

/* ---- from z vs from a ------------------------------------------------------------------------------- */

/* a = g(z) carries 0.5 ulp; 1-a (sigmoid) and 1-a^2 (tanh) amplify it by about
 * 1/(1-|a|).  The ranges below keep that amplification under the tolerance:
 * f64: sigmoid |z| < 5 (x150 -> 2e-14), tanh |z| < 4 (x750 -> 2e-13), tol 1e-12;
 * f32: sigmoid |z| < 3 (x21 -> 1.3e-6), tanh |z| < 2 (x15 -> 1.8e-6), tol 1e-5. */
static void check_from_z_vs_from_a(gp_kind kind, double zmax, int f32, double tol)
{
    enum { N = 2000 };
    static double zd[N], ad[N], gd[N], god[N];
    static float zf[N], af[N], gf[N], gof[N];
    uint64_t rng = 4242 + (uint64_t)kind;
    gp_act act = gp_act_default(kind);
    for (size_t i = 0; i < N; i++) {
        zd[i] = th_uniform(&rng, -zmax, zmax);
        zf[i] = (float)zd[i];
    }
    double worst = 0;
    size_t wi = 0;
    if (!f32) {
        assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, N, zd, NULL, ad), GP_OK);
        assert_int_equal(th_apply_f64(&act, GP_OP_GRAD, N, zd, NULL, gd), GP_OK);
        assert_int_equal(th_apply_f64(&act, GP_OP_GRAD_FROM_OUTPUT, N, ad, NULL, god), GP_OK);
        for (size_t i = 0; i < N; i++) {
            double r = fabs(god[i] - gd[i]) / gd[i];
            if (r > worst) {
                worst = r;
                wi = i;
            }
        }
        if (!(worst < tol))
            fail_msg("%s f64 z=%.17g: from z %.17g, from a %.17g, rel %.3g", gp_kind_name(kind), zd[wi], gd[wi],
                     god[wi], worst);
    } else {
        assert_int_equal(th_apply_f32(&act, GP_OP_FORWARD, N, zf, NULL, af), GP_OK);
        assert_int_equal(th_apply_f32(&act, GP_OP_GRAD, N, zf, NULL, gf), GP_OK);
        assert_int_equal(th_apply_f32(&act, GP_OP_GRAD_FROM_OUTPUT, N, af, NULL, gof), GP_OK);
        for (size_t i = 0; i < N; i++) {
            double r = fabs((double)gof[i] - (double)gf[i]) / (double)gf[i];
            if (r > worst) {
                worst = r;
                wi = i;
            }
        }
        if (!(worst < tol))
            fail_msg("%s f32 z=%.9g: from z %.9g, from a %.9g, rel %.3g", gp_kind_name(kind), (double)zf[wi],
                     (double)gf[wi], (double)gof[wi], worst);
    }
}

static void test_sigmoid_grad_from_z_agrees_with_from_output(void **state)
{
    (void)state;
    check_from_z_vs_from_a(GP_SIGMOID, 5.0, 0, 1e-12);
    check_from_z_vs_from_a(GP_SIGMOID, 3.0, 1, 1e-5);
}

static void test_tanh_grad_from_z_agrees_with_from_output(void **state)
{
    (void)state;
    check_from_z_vs_from_a(GP_TANH, 4.0, 0, 1e-12);
    check_from_z_vs_from_a(GP_TANH, 2.0, 1, 1e-5);
}

/* ---- central difference ------------------------------------------------------------------------------ */

/* (g(z+h) - g(z-h)) / (2h) with h = 2^-17: truncation h^2/6 |g'''| <= 2e-11
 * (|tanh'''| <= 2), rounding 2 ulp(1) / (2h) <= 3e-11; so the difference from
 * g'(z) stays below 1e-10 absolute.  Asserted: |fd - g'| <= 1e-8 max(|g'|, 1e-2),
 * i.e. 1e-8 relative where the slope is not tiny. */
static void check_central_difference(gp_kind kind)
{
    enum { N = 1201 };
    static double z[N], zp[N], zm[N], g[N], ap[N], am[N];
    const double h = 0x1p-17;
    for (size_t i = 0; i < N; i++) {
        z[i] = -30.0 + 60.0 * (double)i / (N - 1) + 0x1p-9; /* off the grid of exact points */
        zp[i] = z[i] + h;
        zm[i] = z[i] - h;
    }
    gp_act act = gp_act_default(kind);
    assert_int_equal(th_apply_f64(&act, GP_OP_GRAD, N, z, NULL, g), GP_OK);
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, N, zp, NULL, ap), GP_OK);
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, N, zm, NULL, am), GP_OK);
    for (size_t i = 0; i < N; i++) {
        double fd = (ap[i] - am[i]) / (zp[i] - zm[i]);
        double tol = 1e-8 * fmax(fabs(g[i]), 1e-2);
        if (!(fabs(fd - g[i]) <= tol))
            fail_msg("%s z=%.17g: g'=%.17g, central difference %.17g, diff %.3g > %.3g", gp_kind_name(kind), z[i],
                     g[i], fd, fabs(fd - g[i]), tol);
    }
}

static void test_sigmoid_grad_matches_central_difference(void **state)
{
    (void)state;
    check_central_difference(GP_SIGMOID);
}

static void test_tanh_grad_matches_central_difference(void **state)
{
    (void)state;
    check_central_difference(GP_TANH);
}

/* ---- backward -------------------------------------------------------------------------------------------- */

static void check_backward(gp_kind kind, double alpha, int from_output, int64_t tol)
{
    enum { N = 3000 };
    static double z[N], da[N], g[N], dz[N];
    static float zf[N], daf[N], gf[N], dzf[N];
    uint64_t rng = 777 + (uint64_t)kind;
    gp_act act = gp_act_default(kind);
    if (kind == GP_LEAKY_RELU)
        act.alpha = act.grad_at_zero = alpha;
    double lo = -40, hi = 40;
    if (from_output)
        lo = kind == GP_SIGMOID ? 0 : -1, hi = 1;
    for (size_t i = 0; i < N; i++) {
        z[i] = th_uniform(&rng, lo, hi);
        da[i] = th_uniform(&rng, -3, 3);
        if (i % 50 == 0)
            z[i] = 0.0;
        zf[i] = (float)z[i];
        daf[i] = (float)da[i];
    }
    gp_op og = from_output ? GP_OP_GRAD_FROM_OUTPUT : GP_OP_GRAD;
    gp_op ob = from_output ? GP_OP_BACKWARD_FROM_OUTPUT : GP_OP_BACKWARD;
    assert_int_equal(th_apply_f64(&act, og, N, z, NULL, g), GP_OK);
    assert_int_equal(th_apply_f64(&act, ob, N, z, da, dz), GP_OK);
    assert_int_equal(th_apply_f32(&act, og, N, zf, NULL, gf), GP_OK);
    assert_int_equal(th_apply_f32(&act, ob, N, zf, daf, dzf), GP_OK);
    for (size_t i = 0; i < N; i++) {
        double p = da[i] * g[i];
        if (th_dist_f64(dz[i], p) > tol)
            fail_msg("%s %s f64 x=%.17g da=%.17g: %.17g vs da*g %.17g", gp_kind_name(kind), gp_op_name(ob), z[i],
                     da[i], dz[i], p);
        float pf = daf[i] * gf[i];
        if (th_dist_f32(dzf[i], pf) > tol)
            fail_msg("%s %s f32 x=%.9g da=%.9g: %.9g vs da*g %.9g", gp_kind_name(kind), gp_op_name(ob),
                     (double)zf[i], (double)daf[i], (double)dzf[i], (double)pf);
        if (tol == 0 && (th_bits_f64(dz[i]) != th_bits_f64(p) || th_bits_f32(dzf[i]) != th_bits_f32(pf)))
            fail_msg("%s %s x=%.17g: not bitwise da*g (sign of zero?)", gp_kind_name(kind), gp_op_name(ob), z[i]);
    }
}

static void test_sigmoid_tanh_backward_within_1ulp_of_da_times_grad(void **state)
{
    (void)state;
    check_backward(GP_SIGMOID, 0, 0, 1);
    check_backward(GP_TANH, 0, 0, 1);
}

/* dz in or near the subnormal range because da is tiny (2^-48) or huge (2^74):
 * the final scaling must round once on every ISA (AVX2 once scaled in an order
 * that rounded twice here).  th_apply asserts the paths agree bit for bit; the
 * value must be within 1 ulp (f32) or 2 ulp (f64) of da * g' correctly rounded. */
static void test_backward_subnormal_dz_from_extreme_da(void **state)
{
    (void)state;
    static const float zf[] = {-0x1.1c81a2p+6f, 0x1.1bc1bep+7f, 0x1.2e5556p+6f, 0x1.1d3ab2p+6f,
                               0x1.2242eap+5f,  -0x1.26091ap+5f, -0x1.1c5bf4p+6f, -0x1.2141f8p+5f};
    static const float daf[] = {-0x1.c93302p-40f, -0x1.95c25ep+60f, 0x1.d8a676p-27f, 0x1.31b712p-45f,
                                0x1.96ddcap-38f,  0x1.2f94fap-38f,  -0x1.7de7b4p+74f, 0x1.74d478p-48f};
    static const double zd[] = {0x1.5b60a4085b60ap+9, 0x1.5b5e64085b5e6p+9};
    static const double dad[] = {0x1.66275a408c6d2p-65, -0x1.9445fbd8f53dep+962};
    enum { NF = sizeof zf / sizeof zf[0], ND = sizeof zd / sizeof zd[0] };
    float dzf[NF];
    double dzd[ND];
    for (int k = 0; k < 2; k++) {
        gp_act act = gp_act_default(k ? GP_TANH : GP_SIGMOID);
        assert_int_equal(th_apply_f32(&act, GP_OP_BACKWARD, NF, zf, daf, dzf), GP_OK);
        for (int i = 0; i < NF; i++) {
            float want = gp_ref_f32(&act, GP_OP_BACKWARD, zf[i], daf[i]);
            if (th_dist_f32(dzf[i], want) > 1)
                fail_msg("%s backward f32 z=%a da=%a: %a vs %a", gp_kind_name(act.kind), (double)zf[i],
                         (double)daf[i], (double)dzf[i], (double)want);
        }
        assert_int_equal(th_apply_f64(&act, GP_OP_BACKWARD, ND, zd, dad, dzd), GP_OK);
        for (int i = 0; i < ND; i++) {
            double want = gp_ref_f64(&act, GP_OP_BACKWARD, zd[i], dad[i]);
            if (th_dist_f64(dzd[i], want) > 2)
                fail_msg("%s backward f64 z=%a da=%a: %a vs %a", gp_kind_name(act.kind), zd[i], dad[i], dzd[i], want);
        }
    }
}

static void test_relu_leaky_backward_is_exactly_da_times_grad(void **state)
{
    (void)state;
    check_backward(GP_RELU, 0, 0, 0);
    check_backward(GP_LEAKY_RELU, 0.01, 0, 0);
    check_backward(GP_LEAKY_RELU, 0.3, 0, 0);
    check_backward(GP_LEAKY_RELU, -0.5, 0, 0);
}

static void test_relu_leaky_backward_from_output_is_exactly_da_times_grad_from_output(void **state)
{
    (void)state;
    check_backward(GP_RELU, 0, 1, 0);
    check_backward(GP_LEAKY_RELU, 0.01, 1, 0);
    check_backward(GP_LEAKY_RELU, 2.0, 1, 0);
}

/* sigmoid and tanh backward_from_output round da*(a - a^2), da*(1 - a^2) once:
 * correctly rounded (0.5 ulp + 2^-50 in f64, double then float in f32), i.e.
 * within the (0.5 ulp of g') + 0.5 ulp with room to spare. */
static void test_sigmoid_tanh_backward_from_output_is_correctly_rounded(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double a[N], da[N], dz[N];
    static float af[N], daf[N], dzf[N];
    for (int kind = GP_SIGMOID; kind <= GP_TANH; kind++) {
        uint64_t rng = 4242 + (uint64_t)kind;
        gp_act act = gp_act_default((gp_kind)kind);
        for (size_t i = 0; i < N; i++) {
            a[i] = th_uniform(&rng, kind == GP_SIGMOID ? 0.0 : -1.0, 1.0);
            if (i % 7 == 0)
                a[i] = 1.0 - ldexp(th_uniform(&rng, 0, 1), -(int)(i % 60)); /* near saturation */
            da[i] = th_uniform(&rng, -3, 3);
            af[i] = (float)a[i];
            daf[i] = (float)da[i];
        }
        assert_int_equal(th_apply_f64(&act, GP_OP_BACKWARD_FROM_OUTPUT, N, a, da, dz), GP_OK);
        assert_int_equal(th_apply_f32(&act, GP_OP_BACKWARD_FROM_OUTPUT, N, af, daf, dzf), GP_OK);
        for (size_t i = 0; i < N; i++) {
            double w = gp_ref_f64(&act, GP_OP_BACKWARD_FROM_OUTPUT, a[i], da[i]);
            if (th_bits_f64(dz[i]) != th_bits_f64(w))
                fail_msg("%s f64 a=%a da=%a: got %a, correctly rounded %a", gp_kind_name((gp_kind)kind), a[i],
                         da[i], dz[i], w);
            float wf = gp_ref_f32(&act, GP_OP_BACKWARD_FROM_OUTPUT, af[i], daf[i]);
            if (th_bits_f32(dzf[i]) != th_bits_f32(wf))
                fail_msg("%s f32 a=%a da=%a: got %a, correctly rounded %a", gp_kind_name((gp_kind)kind),
                         (double)af[i], (double)daf[i], (double)dzf[i], (double)wf);
        }
    }
}

/* softsign's f64 backward for |z| >= 2^256: g' = 1/(1+|z|)^2 is subnormal or
 * 0 from |z| ~ 2^511 on, while da g' need not be (issue 16: "subnormal
 * results included"); it must not round g' first.  Within 2.5 ulp of MPFR,
 * also where da g' is subnormal and g' alone rounds to 0. */
static void test_softsign_backward_huge_z_f64(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_SOFTSIGN);
    const double zs[] = {0x1p256, -0x1.3p300, 0x1.8p511, -0x1.1p520, 6.4266208497743495e+161, 0x1p537, -0x1p540,
                         0x1.fp600, 0x1p1000, -0x1p1023};
    const double das[] = {1.0, -200.0, 0x1p100, -0x1p1000, 0x1.8p-3};
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++)
        for (size_t j = 0; j < sizeof das / sizeof das[0]; j++) {
            double dz = 0;
            assert_int_equal(th_apply_f64(&act, GP_OP_BACKWARD, 1, &zs[i], &das[j], &dz), GP_OK);
            double u = gp_ref_ulps_f64(&act, GP_OP_BACKWARD, zs[i], das[j], dz);
            if (!(u <= 2.5))
                fail_msg("softsign backward f64 z=%a da=%a: got %a, MPFR %a, %.3g ulp", zs[i], das[j], dz,
                         gp_ref_f64(&act, GP_OP_BACKWARD, zs[i], das[j]), u);
        }
    const double inf = INFINITY, da = 3.0;
    double dz = 1;
    assert_int_equal(th_apply_f64(&act, GP_OP_BACKWARD, 1, &inf, &da, &dz), GP_OK);
    assert_true(dz == 0 && !signbit(dz)); /* the limit: da * 0 */
}

/* At a tiny a (|a| < 2^-511) the from-output products are da times a pair
 * whose low part lies far below the result's last bit: a - a^2 for sigmoid,
 * a + alpha for elu and selu, (a + alpha)/alpha for celu.  Only its sign
 * counts, where da * (high part) is a midpoint; the low part's own product
 * with da underflows, and must raise no FE_UNDERFLOW beside a normal result
 * (issue 19).  Midpoints built on purpose (da = (1 + j 2^-52) 2^k with j odd
 * makes da * 3 2^m need 54 bits), every result correctly rounded on every ISA. */
static void test_from_output_tiny_a_is_correctly_rounded(void **state)
{
    (void)state;
    if (!gp_test_fp_flags_work()) /* the careful rerun needs FE_UNDERFLOW (not under valgrind) */
        skip();
    static const char *const specs[] = {"sigmoid", "elu", "elu(alpha=3)", "selu", "celu", "celu(alpha=3)"};
    for (size_t si = 0; si < sizeof specs / sizeof specs[0]; si++) {
        gp_act act;
        assert_int_equal(gp_act_parse(specs[si], &act), GP_OK);
        int sig = act.kind == GP_SIGMOID;
        /* sigmoid: a = +-3 2^-600 and da*a normal; elu/selu/celu: a <= 0 tiny, da*alpha normal */
        const double as[] = {sig ? 0x3p-600 : -0x1p-1074, sig ? -0x3p-600 : -0x3p-1074, sig ? 0x1p-520 : -DBL_MIN,
                             sig ? 0x1.8p-1000 : -0x1p-600};
        for (size_t ai = 0; ai < sizeof as / sizeof as[0]; ai++)
            for (int j = 1; j < 40; j += 2)
                for (int k = -3; k <= 1; k++) {
                    double a = as[ai];
                    double da = ldexp(1.0 + j * 0x1p-52, sig ? 500 + 400 * (ai == 3) + k : k);
                    if (k == 1)
                        da = -da;
                    double dz = 0, w = gp_ref_f64(&act, GP_OP_BACKWARD_FROM_OUTPUT, a, da);
                    feclearexcept(FE_ALL_EXCEPT);
                    assert_int_equal(th_apply_f64(&act, GP_OP_BACKWARD_FROM_OUTPUT, 1, &a, &da, &dz), GP_OK);
                    int uf = fetestexcept(FE_UNDERFLOW);
                    if (th_bits_f64(dz) != th_bits_f64(w))
                        fail_msg("%s backward_from_output a=%a da=%a: got %a, correctly rounded %a", specs[si], a, da,
                                 dz, w);
                    if (uf && fabs(w) >= DBL_MIN)
                        fail_msg("%s backward_from_output a=%a da=%a = %a raised FE_UNDERFLOW", specs[si], a, da, w);
                    double g = 0, gw = gp_ref_f64(&act, GP_OP_GRAD_FROM_OUTPUT, a, 1.0);
                    feclearexcept(FE_ALL_EXCEPT);
                    assert_int_equal(th_apply_f64(&act, GP_OP_GRAD_FROM_OUTPUT, 1, &a, NULL, &g), GP_OK);
                    uf = fetestexcept(FE_UNDERFLOW);
                    if (fabs(g - gw) > 0 || (uf && fabs(gw) >= DBL_MIN))
                        fail_msg("%s grad_from_output a=%a: got %a (flag %d), correctly rounded %a", specs[si], a, g,
                                 uf != 0, gw);
                }
    }
}

/* ---- scalar forms ------------------------------------------------------------------------------------------ */

static void test_scalar_forms_equal_array_functions(void **state)
{
    (void)state;
    const double zs[] = {-800, -745, -720, -100, -80, -20, -10, -3.5, -1, -0.3, -1e-9, -0.0, 0.0, 1e-300, 1e-9,
                         0.3, 1, 2.5, 10, 17, 20, 40, 80, 100, 720, 800, INFINITY, -INFINITY, NAN, 1e308};
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) {
        double z = zs[i];
        float zf = (float)z;
        double a = z > 0 ? 1.0 / (1.0 + fabs(z)) : z; /* some a values, in and out of range */
        float af = (float)a;
#define SAME64(s, k, op, x) assert_true(th_dist_f64(s, one_f64(k, op, x, 1)) == 0 && \
                                        th_bits_f64(s) == th_bits_f64(one_f64(k, op, x, 1)))
#define SAME32(s, k, op, x) assert_true(th_dist_f32(s, one_f32(k, op, x, 1)) == 0 && \
                                        th_bits_f32(s) == th_bits_f32(one_f32(k, op, x, 1)))
        SAME64(gp_sigmoid_f64(z), GP_SIGMOID, GP_OP_FORWARD, z);
        SAME64(gp_sigmoid_grad_f64(z), GP_SIGMOID, GP_OP_GRAD, z);
        SAME64(gp_sigmoid_grad_from_output_f64(a), GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a);
        SAME64(gp_tanh_f64(z), GP_TANH, GP_OP_FORWARD, z);
        SAME64(gp_tanh_grad_f64(z), GP_TANH, GP_OP_GRAD, z);
        SAME64(gp_tanh_grad_from_output_f64(a), GP_TANH, GP_OP_GRAD_FROM_OUTPUT, a);
        SAME64(gp_relu_f64(z), GP_RELU, GP_OP_FORWARD, z);
        SAME64(gp_relu_grad_f64(z), GP_RELU, GP_OP_GRAD, z);
        SAME32(gp_sigmoid_f32(zf), GP_SIGMOID, GP_OP_FORWARD, zf);
        SAME32(gp_sigmoid_grad_f32(zf), GP_SIGMOID, GP_OP_GRAD, zf);
        SAME32(gp_sigmoid_grad_from_output_f32(af), GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, af);
        SAME32(gp_tanh_f32(zf), GP_TANH, GP_OP_FORWARD, zf);
        SAME32(gp_tanh_grad_f32(zf), GP_TANH, GP_OP_GRAD, zf);
        SAME32(gp_tanh_grad_from_output_f32(af), GP_TANH, GP_OP_GRAD_FROM_OUTPUT, af);
        SAME32(gp_relu_f32(zf), GP_RELU, GP_OP_FORWARD, zf);
        SAME32(gp_relu_grad_f32(zf), GP_RELU, GP_OP_GRAD, zf);
        /* leaky: the default act with alpha = 0.01 */
        SAME64(gp_leaky_relu_f64(z, 0.01), GP_LEAKY_RELU, GP_OP_FORWARD, z);
        SAME64(gp_leaky_relu_grad_f64(z, 0.01), GP_LEAKY_RELU, GP_OP_GRAD, z);
        SAME32(gp_leaky_relu_f32(zf, 0.01f), GP_LEAKY_RELU, GP_OP_FORWARD, zf);
        SAME32(gp_leaky_relu_grad_f32(zf, 0.01f), GP_LEAKY_RELU, GP_OP_GRAD, zf);
#undef SAME64
#undef SAME32
    }
}

static void test_scalar_leaky_relu_other_alpha_and_nonfinite_alpha(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_LEAKY_RELU);
    act.alpha = act.grad_at_zero = 0.2;
    double z[4] = {-3.0, -0.0, 0.0, 2.0}, a[4], g[4];
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, 4, z, NULL, a), GP_OK);
    assert_int_equal(th_apply_f64(&act, GP_OP_GRAD, 4, z, NULL, g), GP_OK);
    for (int i = 0; i < 4; i++) {
        assert_true(th_bits_f64(gp_leaky_relu_f64(z[i], 0.2)) == th_bits_f64(a[i]));
        assert_true(th_bits_f64(gp_leaky_relu_grad_f64(z[i], 0.2)) == th_bits_f64(g[i]));
    }
    assert_true(isnan(gp_leaky_relu_f64(1.0, NAN)));
    assert_true(isnan(gp_leaky_relu_grad_f64(1.0, INFINITY)));
    assert_true(isnan(gp_leaky_relu_f32(1.0f, -INFINITY)));
    assert_true(isnan(gp_leaky_relu_grad_f32(1.0f, NAN)));
}

/* ---- vector tails --------------------------------------------------------------------------------------------- */

/* for n = 1..70 (covers a body of several 16-wide vectors plus every tail length)
 * every output equals the one-element result */
static void test_tail_lengths_1_to_70_match_single_element(void **state)
{
    (void)state;
    enum { M = 70 };
    double z[M], da[M], out[M];
    float zf[M], daf[M], outf[M];
    uint64_t rng = 5150;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue; /* GP_ERR_OP, tested in test_ops */
            int fo = th_from_output((gp_op)op);
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            for (size_t i = 0; i < M; i++) {
                z[i] = fo ? th_uniform(&rng, -1, 1) : th_uniform(&rng, -30, 30);
                if (i % 9 == 4)
                    z[i] = 0.0;
                da[i] = th_uniform(&rng, -2, 2);
                zf[i] = (float)z[i];
                daf[i] = (float)da[i];
            }
            double single[M];
            float singlef[M];
            for (size_t i = 0; i < M; i++) {
                assert_int_equal(th_apply_f64(&act, (gp_op)op, 1, &z[i], &da[i], &single[i]), GP_OK);
                assert_int_equal(th_apply_f32(&act, (gp_op)op, 1, &zf[i], &daf[i], &singlef[i]), GP_OK);
            }
            for (size_t n = 1; n <= M; n++) {
                /* shift the start too, so the body is not always aligned */
                size_t off = n % 3 == 0 ? 0 : (n % 3 == 1 ? M - n : (M - n) / 2);
                assert_int_equal(th_apply_f64(&act, (gp_op)op, n, z + off, da + off, out), GP_OK);
                assert_int_equal(th_apply_f32(&act, (gp_op)op, n, zf + off, daf + off, outf), GP_OK);
                for (size_t i = 0; i < n; i++) {
                    if (th_bits_f64(out[i]) != th_bits_f64(single[off + i]))
                        fail_msg("%s %s f64 n=%zu i=%zu: %a vs single %a", gp_kind_name((gp_kind)k),
                                 gp_op_name((gp_op)op), n, i, out[i], single[off + i]);
                    if (th_bits_f32(outf[i]) != th_bits_f32(singlef[off + i]))
                        fail_msg("%s %s f32 n=%zu i=%zu: %a vs single %a", gp_kind_name((gp_kind)k),
                                 gp_op_name((gp_op)op), n, i, (double)outf[i], (double)singlef[off + i]);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers_measure_ulps),
        cmocka_unit_test(test_ref_ulps_nan_and_infinities),
        cmocka_unit_test(test_ref_definitions_at_zero_and_parameters),
        cmocka_unit_test(test_sigmoid_grad_at_0_is_quarter),
        cmocka_unit_test(test_tanh_grad_at_0_is_one),
        cmocka_unit_test(test_sigmoid_grad_at_pm10_matches_mpfr),
        cmocka_unit_test(test_tanh_grad_at_pm10_matches_mpfr),
        cmocka_unit_test(test_sigmoid_grad_tail_20_50_80),
        cmocka_unit_test(test_tanh_grad_tail_10_30_40),
        cmocka_unit_test(test_grad_deep_tail_f64),
        cmocka_unit_test(test_sigmoid_grad_from_output_is_correctly_rounded),
        cmocka_unit_test(test_tanh_grad_from_output_is_correctly_rounded),
        cmocka_unit_test(test_grad_from_output_saturated_a_gives_zero),
        cmocka_unit_test(test_sigmoid_forward_within_1ulp_f64),
        cmocka_unit_test(test_sigmoid_forward_within_1ulp_f32),
        cmocka_unit_test(test_tanh_forward_within_1ulp_f64),
        cmocka_unit_test(test_tanh_forward_within_1ulp_f32),
        cmocka_unit_test(test_sigmoid_forward_subnormal_region_f64),
        cmocka_unit_test(test_sigmoid_forward_subnormal_region_f32),
        cmocka_unit_test(test_sigmoid_tanh_f32_within_1ulp_of_rounded_f64),
        cmocka_unit_test(test_relu_leaky_f32_equals_rounded_f64_exactly),
        cmocka_unit_test(test_sigmoid_grad_from_z_agrees_with_from_output),
        cmocka_unit_test(test_tanh_grad_from_z_agrees_with_from_output),
        cmocka_unit_test(test_sigmoid_grad_matches_central_difference),
        cmocka_unit_test(test_tanh_grad_matches_central_difference),
        cmocka_unit_test(test_sigmoid_tanh_backward_within_1ulp_of_da_times_grad),
        cmocka_unit_test(test_backward_subnormal_dz_from_extreme_da),
        cmocka_unit_test(test_relu_leaky_backward_is_exactly_da_times_grad),
        cmocka_unit_test(test_relu_leaky_backward_from_output_is_exactly_da_times_grad_from_output),
        cmocka_unit_test(test_sigmoid_tanh_backward_from_output_is_correctly_rounded),
        cmocka_unit_test(test_softsign_backward_huge_z_f64),
        cmocka_unit_test(test_from_output_tiny_a_is_correctly_rounded),
        cmocka_unit_test(test_scalar_forms_equal_array_functions),
        cmocka_unit_test(test_scalar_leaky_relu_other_alpha_and_nonfinite_alpha),
        cmocka_unit_test(test_tail_lengths_1_to_70_match_single_element),
    };
    return cmocka_run_group_tests_name("values", tests, NULL, NULL);
}
