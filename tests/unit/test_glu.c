/* The gated forms (gp_glu_forward/backward): for every activation of the
 * table and both types, the outputs are the products of the activation's own
 * forward and grad results rounded once, bit-identical on every ISA and for
 * every thread split; NaN order; the argument rules. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../test_isas.h"
#include "th.h"

#define N 1000 /* not a multiple of any vector length or of the block */

static void fill(uint64_t *seed, double *x, double *y, double *d, size_t n, const gp_act *act)
{
    (void)act;
    for (size_t i = 0; i < n; i++) {
        x[i] = th_uniform(seed, -12.0, 12.0);
        y[i] = th_uniform(seed, -3.0, 3.0);
        d[i] = th_uniform(seed, -2.0, 2.0);
    }
    x[0] = 0.0, x[1] = -0.0, x[2] = INFINITY, x[3] = -INFINITY, x[4] = -700.0, x[5] = 700.0;
    y[6] = 1e300, d[6] = 1e300; /* dout*y overflows in f64: the IEEE product */
    x[7] = 1e-310, y[8] = 1e-300, d[8] = 1e-300;
}

/* 1 when long double arithmetic is wider than double at run time: valgrind
 * computes it in double, so the references below that need it skip there */
static int long_double_is_wide(void)
{
    volatile long double a = 1.0L;
    a += 0x1p-60L;
    return a != 1.0L;
}

/* dx as the API promises: dout*y exact, times g', rounded once (below
 * 2^-968 from the long double sum: within 2^-11 ulp of a midpoint it may
 * round the other way, which random inputs do not meet) */
static double want_dx_f64(double g1, double y, double d)
{
    double ph = d * y, pl = fma(d, y, -ph), r = isfinite(ph) ? fma(ph, g1, pl * g1) : ph * g1;
    if (fabs(r) < 0x1p-968 && fabs(ph) < 0x1p60 && fabs(g1) < 0x1p60)
        r = long_double_is_wide() ? (double)((long double)ph * g1 + (long double)pl * g1) : NAN; /* NAN: not checked */
    return r;
}

/* dx = dout y g' where it is subnormal and g' is not: the low part of dout*y
 * times g' lies below the subnormal grid, and rounding it there on its own
 * put dx up to 0.85 ulp off (gelu at x ~ -37.5, where g' ~ 2^-1000).  dx
 * must be (dout y) g' rounded once: within 0.5 ulp (+2^-10 for the long
 * double reference) on every ISA. */
static void test_glu_dx_subnormal_rounds_once_f64(void **state)
{
    (void)state;
    if (!long_double_is_wide()) /* the reference needs it (not under valgrind) */
        skip();
    enum { M = 4000 };
    static double x[M], y[M], d[M], g1[M], dx[M], dy[M];
    gp_act act = gp_act_default(GP_GELU);
    uint64_t seed = 7;
    for (size_t i = 0; i < M; i++) {
        x[i] = th_uniform(&seed, -38.6, -37.0);
        y[i] = ldexp(th_uniform(&seed, 1.0, 2.0), -(int)(i % 40));
        d[i] = th_uniform(&seed, -2.0, 2.0);
    }
    assert_int_equal(gp_grad_f64(&act, M, x, g1), GP_OK);
    long checked = 0;
    for (int k = 0; k < th_isa_count(); k++) {
        assert_int_equal(gp_set_isa(th_isa(k)), GP_OK);
        assert_int_equal(gp_glu_backward_f64(&act, M, x, y, d, dx, dy), GP_OK);
        for (size_t i = 0; i < M; i++) {
            if (!(fabs(dx[i]) < DBL_MIN) || !(fabs(g1[i]) >= DBL_MIN))
                continue;
            double ph = d[i] * y[i], pl = fma(d[i], y[i], -ph);
            long double v = (long double)ph * g1[i] + (long double)pl * g1[i];
            double err = (double)(fabsl((long double)dx[i] - v) / 0x1p-1074L);
            if (!(err <= 0.5 + 0x1p-10))
                fail_msg("%s x=%a y=%a dout=%a: dx %a is %.4f ulp from (dout y) g' = %La", th_isa(k), x[i], y[i], d[i],
                         dx[i], err, v);
            checked++;
        }
    }
    assert_int_equal(gp_set_isa(NULL), GP_OK);
    assert_true(checked > 500 * th_isa_count()); /* the inputs reach subnormal dx beside a normal g' (~850 per ISA) */
}

static void test_glu_values_every_activation(void **state)
{
    (void)state;
    static double x[N], y[N], d[N], g[N], g1[N], out[N], dx[N], dy[N];
    static float xf[N], yf[N], df[N], gf[N], g1f[N], outf[N], dxf[N], dyf[N];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        uint64_t seed = 42 + (uint64_t)k;
        fill(&seed, x, y, d, N, &act);
        for (size_t i = 0; i < N; i++)
            xf[i] = (float)x[i], yf[i] = (float)y[i], df[i] = (float)d[i];
        assert_int_equal(gp_forward_f64(&act, N, x, g), GP_OK);
        assert_int_equal(gp_grad_f64(&act, N, x, g1), GP_OK);
        assert_int_equal(gp_forward_f32(&act, N, xf, gf), GP_OK);
        assert_int_equal(gp_grad_f32(&act, N, xf, g1f), GP_OK);
        for (int i = 0; i < th_isa_count(); i++) {
            assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
            assert_int_equal(gp_glu_forward_f64(&act, N, x, y, out), GP_OK);
            assert_int_equal(gp_glu_backward_f64(&act, N, x, y, d, dx, dy), GP_OK);
            assert_int_equal(gp_glu_forward_f32(&act, N, xf, yf, outf), GP_OK);
            assert_int_equal(gp_glu_backward_f32(&act, N, xf, yf, df, dxf, dyf), GP_OK);
            for (size_t j = 0; j < N; j++) {
                double w = g[j] * y[j], wx = want_dx_f64(g1[j], y[j], d[j]), wy = d[j] * g[j];
                float wf = gf[j] * yf[j], wxf = (float)((double)df[j] * yf[j] * g1f[j]), wyf = df[j] * gf[j];
                int skip_dx = isnan(wx) && !isnan(dx[j]); /* a tiny dx without a wide long double */
                if (th_dist_f64(out[j], w) || (!skip_dx && th_dist_f64(dx[j], wx)) || th_dist_f64(dy[j], wy))
                    fail_msg("%s %s f64 x=%a y=%a dout=%a: out %a/%a dx %a/%a dy %a/%a", gp_kind_name(act.kind),
                             th_isa(i), x[j], y[j], d[j], out[j], w, dx[j], wx, dy[j], wy);
                if (th_dist_f32(outf[j], wf) || th_dist_f32(dxf[j], wxf) || th_dist_f32(dyf[j], wyf))
                    fail_msg("%s %s f32 x=%a: out %a/%a dx %a/%a dy %a/%a", gp_kind_name(act.kind), th_isa(i),
                             (double)xf[j], (double)outf[j], (double)wf, (double)dxf[j], (double)wxf,
                             (double)dyf[j], (double)wyf);
            }
        }
        assert_int_equal(gp_set_isa(NULL), GP_OK);
    }
}

/* dx and dy normal, dout*y's low part times g' below the normal range
 * (gelu at x ~ -37, g' ~ 2^-990): no FE_UNDERFLOW (issue 19), every ISA */
static void test_glu_backward_no_spurious_underflow_f64(void **state)
{
    (void)state;
    if (!gp_test_fp_flags_work()) /* not under valgrind */
        skip();
    gp_act act = gp_act_default(GP_GELU);
    const double xs[] = {-36.8, -37.0, -37.1, -37.2, -37.3};
    double y = 0x1.3456789abcdefp-3, d = 0x1.fedcba9876543p-1;
    for (int k = 0; k < th_isa_count(); k++) {
        assert_int_equal(gp_set_isa(th_isa(k)), GP_OK);
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double dx, dy;
            feclearexcept(FE_ALL_EXCEPT);
            assert_int_equal(gp_glu_backward_f64(&act, 1, &xs[i], &y, &d, &dx, &dy), GP_OK);
            int uf = fetestexcept(FE_UNDERFLOW);
            assert_true(fabs(dx) >= DBL_MIN && fabs(dy) >= DBL_MIN);
            if (uf)
                fail_msg("%s x=%a: dx %a, dy %a raised FE_UNDERFLOW", th_isa(k), xs[i], dx, dy);
        }
    }
    assert_int_equal(gp_set_isa(NULL), GP_OK);
}

/* x's NaN wins over y's, y's over dout's, with their payloads, on every ISA */
static void test_glu_nan_order(void **state)
{
    (void)state;
    double nx = -nan("1"), ny = nan("2"), nd = nan("3");
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        double x[4] = {nx, nx, 1.0, 1.0}, y[4] = {ny, 2.0, ny, 2.0}, d[4] = {nd, nd, nd, nd}, o[4], dx[4], dy[4];
        for (int i = 0; i < th_isa_count(); i++) {
            assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
            assert_int_equal(gp_glu_forward_f64(&act, 4, x, y, o), GP_OK);
            assert_int_equal(gp_glu_backward_f64(&act, 4, x, y, d, dx, dy), GP_OK);
            uint64_t qx = th_bits_f64(nx) | (1ull << 51), qy = th_bits_f64(ny) | (1ull << 51);
            uint64_t qd = th_bits_f64(nd) | (1ull << 51);
            assert_true(th_bits_f64(o[0]) == qx && th_bits_f64(o[1]) == qx && th_bits_f64(o[2]) == qy);
            assert_true(th_bits_f64(dx[0]) == qx && th_bits_f64(dx[2]) == qy && th_bits_f64(dx[3]) == qd);
            assert_true(th_bits_f64(dy[0]) == qx && th_bits_f64(dy[2]) == qd);
        }
        assert_int_equal(gp_set_isa(NULL), GP_OK);
    }
}

/* every split gives the same bits as one thread */
static void test_glu_thread_split(void **state)
{
    (void)state;
    enum { M = 1 << 18 };
    float *x = malloc(M * sizeof *x), *y = malloc(M * sizeof *y), *d = malloc(M * sizeof *d);
    float *a1 = malloc(M * sizeof *a1), *b1 = malloc(M * sizeof *b1), *a2 = malloc(M * sizeof *a2);
    float *b2 = malloc(M * sizeof *b2);
    assert_true(x && y && d && a1 && b1 && a2 && b2);
    uint64_t seed = 7;
    for (size_t i = 0; i < M; i++)
        x[i] = (float)th_uniform(&seed, -9, 9), y[i] = (float)th_uniform(&seed, -1, 1), d[i] = 0.5f;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        assert_int_equal(gp_set_num_threads(1), GP_OK);
        assert_int_equal(gp_glu_backward_f32(&act, M, x, y, d, a1, b1), GP_OK);
        assert_int_equal(gp_set_num_threads(3), GP_OK);
        assert_int_equal(gp_glu_backward_f32(&act, M, x, y, d, a2, b2), GP_OK);
        assert_memory_equal(a1, a2, M * sizeof *a1);
        assert_memory_equal(b1, b2, M * sizeof *b1);
        assert_int_equal(gp_glu_forward_f32(&act, M, x, y, a2), GP_OK);
        assert_int_equal(gp_set_num_threads(1), GP_OK);
        assert_int_equal(gp_glu_forward_f32(&act, M, x, y, a1), GP_OK);
        assert_memory_equal(a1, a2, M * sizeof *a1);
    }
    assert_int_equal(gp_set_num_threads(0), GP_OK);
    free(x), free(y), free(d), free(a1), free(b1), free(a2), free(b2);
}

/* in place: an output may be the same pointer as an input */
static void test_glu_in_place(void **state)
{
    (void)state;
    double x[N], y[N], d[N], dx[N], dy[N], x2[N], y2[N], d2[N];
    uint64_t seed = 9;
    gp_act act = gp_act_default((gp_kind)0);
    fill(&seed, x, y, d, N, &act);
    assert_int_equal(gp_glu_backward_f64(&act, N, x, y, d, dx, dy), GP_OK);
    memcpy(x2, x, sizeof x), memcpy(y2, y, sizeof y), memcpy(d2, d, sizeof d);
    assert_int_equal(gp_glu_backward_f64(&act, N, x2, y2, d2, x2, y2), GP_OK); /* dx = x, dy = y */
    assert_memory_equal(x2, dx, sizeof dx);
    assert_memory_equal(y2, dy, sizeof dy);
    memcpy(y2, y, sizeof y), memcpy(d2, d, sizeof d);
    assert_int_equal(gp_glu_backward_f64(&act, N, x, y2, d2, d2, y2), GP_OK); /* dx = dout, dy = y */
    assert_memory_equal(d2, dx, sizeof dx);
    assert_memory_equal(y2, dy, sizeof dy);
    memcpy(x2, x, sizeof x);
    double o[N];
    assert_int_equal(gp_glu_forward_f64(&act, N, x, y, o), GP_OK);
    assert_int_equal(gp_glu_forward_f64(&act, N, x2, y, x2), GP_OK);
    assert_memory_equal(x2, o, sizeof o);
}

static void test_glu_argument_errors(void **state)
{
    (void)state;
    float x[64] = {0}, y[64] = {0}, d[64] = {0}, o[64], o2[64];
    gp_act act = gp_act_default((gp_kind)0), bad = act;
    bad.kind = GP_KIND_COUNT;
    th_fill_sentinel_f32(o, 64);
    th_fill_sentinel_f32(o2, 64);
    assert_int_equal(gp_glu_forward_f32(NULL, 8, x, y, o), GP_ERR_NULL);
    assert_int_equal(gp_glu_forward_f32(&bad, 8, x, y, o), GP_ERR_KIND);
    assert_int_equal(gp_glu_forward_f32(&act, 8, NULL, y, o), GP_ERR_NULL);
    assert_int_equal(gp_glu_forward_f32(&act, 8, x, NULL, o), GP_ERR_NULL);
    assert_int_equal(gp_glu_forward_f32(&act, 8, x, y, NULL), GP_ERR_NULL);
    assert_int_equal(gp_glu_forward_f32(&act, 0, NULL, NULL, NULL), GP_OK);
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, y, NULL, o, o2), GP_ERR_NULL);
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, y, d, o, NULL), GP_ERR_NULL);
    assert_int_equal(gp_glu_forward_f32(&act, 8, o + 1, y, o), GP_ERR_OVERLAP);
    assert_int_equal(gp_glu_forward_f32(&act, 8, x, o + 4, o), GP_ERR_OVERLAP);
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, y, d, o, o), GP_ERR_OVERLAP);  /* dx == dy */
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, y, d, o, o + 3), GP_ERR_OVERLAP);
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, y, o + 2, o, o2), GP_ERR_OVERLAP);
    assert_int_equal(gp_glu_backward_f32(&act, 8, x, o2 + 1, d, o, o2), GP_ERR_OVERLAP);
    assert_true(th_is_sentinel_f32(o, 64) && th_is_sentinel_f32(o2, 64));
    /* parameters are checked as for the array functions (leaky_relu's alpha
     * overflowing a float is refused in f32) */
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        a.grad_at_zero = NAN;
        gp_status want = gp_grad_f32(&a, 8, x, o);
        assert_int_equal(gp_glu_forward_f32(&a, 8, x, y, o), want);
        assert_int_equal(gp_glu_backward_f32(&a, 8, x, y, d, o, o2), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glu_values_every_activation),
        cmocka_unit_test(test_glu_dx_subnormal_rounds_once_f64),
        cmocka_unit_test(test_glu_backward_no_spurious_underflow_f64),
        cmocka_unit_test(test_glu_nan_order),
        cmocka_unit_test(test_glu_thread_split),
        cmocka_unit_test(test_glu_in_place),
        cmocka_unit_test(test_glu_argument_errors),
    };
    return cmocka_run_group_tests_name("glu", tests, NULL, NULL);
}
