/* The accumulating backward (gp_backward_acc, gp_backward_from_output_acc):
 * for every activation of the table, both forms and both types, dz + da*g'
 * with g' the grad (grad_from_output) result, rounded once (one FMA),
 * bit-identical on every ISA and every thread split; the NaN order; the
 * buffer rules (dz may not touch an input); the argument errors. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "th.h"

#define N 1000 /* not a multiple of any vector length or of the block */

static const gp_op forms[2] = {GP_OP_BACKWARD, GP_OP_BACKWARD_FROM_OUTPUT};

static gp_status acc_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da, double *dz)
{
    return op == GP_OP_BACKWARD ? gp_backward_acc_f64(act, n, x, da, dz) : gp_backward_from_output_acc_f64(act, n, x, da, dz);
}
static gp_status acc_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *dz)
{
    return op == GP_OP_BACKWARD ? gp_backward_acc_f32(act, n, x, da, dz) : gp_backward_from_output_acc_f32(act, n, x, da, dz);
}

/* the inputs of form op: z, or a = g(z) for the from-output form */
static void fill(uint64_t *seed, const gp_act *act, gp_op op, double *x, double *da, double *dz, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        x[i] = th_uniform(seed, -20.0, 20.0);
        da[i] = th_uniform(seed, -3.0, 3.0);
        dz[i] = i % 7 == 0 ? 0.0 : th_uniform(seed, -2.0, 2.0);
    }
    x[0] = 0.0, x[1] = -0.0, x[2] = INFINITY, x[3] = -INFINITY, x[4] = 1e-310;
    dz[5] = -da[5] * 0.25; /* cancellation for slopes near 1/4 */
    dz[6] = 1e300, da[7] = 1e-300;
    if (op == GP_OP_BACKWARD_FROM_OUTPUT) {
        double *a = malloc(n * sizeof *a);
        assert_non_null(a);
        assert_int_equal(gp_forward_f64(act, n, x, a), GP_OK);
        memcpy(x, a, n * sizeof *a);
        free(a);
    }
}

/* the promise: fma(da, g', dz) with g' the grad operation's result */
static void test_acc_values_every_activation(void **state)
{
    (void)state;
    static double x[N], da[N], dz0[N], g[N], dz[N];
    static float xf[N], daf[N], dz0f[N], gf[N], dzf[N];
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int f = 0; f < 2; f++) {
            gp_act act = gp_act_default((gp_kind)k);
            gp_op op = forms[f];
            if (!gp_has_op(act.kind, op))
                continue;
            gp_op gop = op == GP_OP_BACKWARD ? GP_OP_GRAD : GP_OP_GRAD_FROM_OUTPUT;
            uint64_t seed = 17 + (uint64_t)(2 * k + f);
            fill(&seed, &act, op, x, da, dz0, N);
            for (size_t i = 0; i < N; i++)
                xf[i] = (float)x[i], daf[i] = (float)da[i], dz0f[i] = (float)dz0[i];
            assert_int_equal(gp_apply_f64(&act, gop, N, x, NULL, g), GP_OK);
            assert_int_equal(gp_apply_f32(&act, gop, N, xf, NULL, gf), GP_OK);
            for (int i = 0; i < th_isa_count(); i++) {
                assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
                memcpy(dz, dz0, sizeof dz);
                memcpy(dzf, dz0f, sizeof dzf);
                assert_int_equal(acc_f64(&act, op, N, x, da, dz), GP_OK);
                assert_int_equal(acc_f32(&act, op, N, xf, daf, dzf), GP_OK);
                for (size_t j = 0; j < N; j++) {
                    double w = fma(da[j], g[j], dz0[j]);
                    float wf = fmaf(daf[j], gf[j], dz0f[j]);
                    if (th_bits_f64(dz[j]) != th_bits_f64(w) && !(isnan(w) && isnan(dz[j])))
                        fail_msg("%s %s f64 %s x=%a da=%a dz=%a: %a, want %a", gp_kind_name(act.kind),
                                 gp_op_name(op), th_isa(i), x[j], da[j], dz0[j], dz[j], w);
                    if (th_bits_f32(dzf[j]) != th_bits_f32(wf) && !(isnan(wf) && isnan(dzf[j])))
                        fail_msg("%s %s f32 %s x=%a: %a, want %a", gp_kind_name(act.kind), gp_op_name(op),
                                 th_isa(i), (double)xf[j], (double)dzf[j], (double)wf);
                }
            }
            assert_int_equal(gp_set_isa(NULL), GP_OK);
        }
}

/* dz = +-0 plus da*g': the backward result where that is exact (relu-class),
 * and two calls accumulate twice */
static void test_acc_accumulates(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        double z[N], da[N], g[N], dz[N];
        uint64_t seed = 5;
        for (size_t i = 0; i < N; i++)
            z[i] = th_uniform(&seed, -5, 5), da[i] = th_uniform(&seed, -1, 1), dz[i] = 1.0;
        assert_int_equal(gp_grad_f64(&act, N, z, g), GP_OK);
        for (int i = 0; i < th_isa_count(); i++) {
            assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
            for (size_t j = 0; j < N; j++)
                dz[j] = 1.0;
            assert_int_equal(gp_backward_acc_f64(&act, N, z, da, dz), GP_OK);
            assert_int_equal(gp_backward_acc_f64(&act, N, z, da, dz), GP_OK);
            for (size_t j = 0; j < N; j++)
                assert_true(th_bits_f64(dz[j]) == th_bits_f64(fma(da[j], g[j], fma(da[j], g[j], 1.0))));
        }
        assert_int_equal(gp_set_isa(NULL), GP_OK);
    }
}

/* A kind whose g' is exactly 1 at z = 3 and 0 at z = -1 (a relu-class
 * activation), found through the API; -1 if the table has none. */
static int hinge_kind(void)
{
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        double z[2] = {3.0, -1.0}, g[2];
        if (gp_grad_f64(&act, 2, z, g) == GP_OK && g[0] == 1.0 && g[1] == 0.0)
            return k;
    }
    return -1;
}

/* where g' is exact the result is dz + da*g' rounded once: 1 + 2^-60 rounds
 * to 1, 1 + (1 + 2^-52) is exact; inf * 0 is the IEEE NaN */
static void test_acc_exact_where_g_exact(void **state)
{
    (void)state;
    int k = hinge_kind();
    if (k < 0)
        skip();
    gp_act act = gp_act_default((gp_kind)k);
    for (int i = 0; i < th_isa_count(); i++) {
        assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
        double z[3] = {3.0, 3.0, -1.0}, da[3] = {0x1p-60, 1.0 + 0x1p-52, INFINITY}, dz[3] = {1.0, 1.0, 1.0};
        float zf[3] = {3.0f, 3.0f, -1.0f}, daf[3] = {0x1p-30f, 1.0f + 0x1p-23f, INFINITY}, dzf[3] = {1, 1, 1};
        assert_int_equal(gp_backward_acc_f64(&act, 3, z, da, dz), GP_OK);
        assert_int_equal(gp_backward_acc_f32(&act, 3, zf, daf, dzf), GP_OK);
        assert_true(dz[0] == 1.0 && dz[1] == 2.0 + 0x1p-52 && isnan(dz[2]));
        assert_true(dzf[0] == 1.0f && dzf[1] == 2.0f + 0x1p-23f && isnan(dzf[2]));
    }
    assert_int_equal(gp_set_isa(NULL), GP_OK);
}

/* z's (or a's) NaN wins over da's, da's over dz's, with their payloads; inf*0 is NaN */
static void test_acc_nan_order(void **state)
{
    (void)state;
    double nx = -nan("1"), nd = nan("2"), nz = nan("3");
    float nxf = -nanf("1"), ndf = nanf("2"), nzf = nanf("3");
    uint64_t qx = th_bits_f64(nx) | (1ull << 51), qd = th_bits_f64(nd) | (1ull << 51), qz = th_bits_f64(nz) | (1ull << 51);
    uint32_t qxf = th_bits_f32(nxf) | (1u << 22), qdf = th_bits_f32(ndf) | (1u << 22), qzf = th_bits_f32(nzf) | (1u << 22);
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int f = 0; f < 2; f++) {
            gp_act act = gp_act_default((gp_kind)k);
            if (!gp_has_op(act.kind, forms[f]))
                continue;
            for (int i = 0; i < th_isa_count(); i++) {
                assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);
                double x[4] = {nx, nx, 0.5, 0.5}, da[4] = {nd, 1.0, nd, 1.0}, dz[4] = {nz, nz, nz, nz};
                float xf[4] = {nxf, nxf, 0.5f, 0.5f}, daf[4] = {ndf, 1.0f, ndf, 1.0f}, dzf[4] = {nzf, nzf, nzf, nzf};
                assert_int_equal(acc_f64(&act, forms[f], 4, x, da, dz), GP_OK);
                assert_int_equal(acc_f32(&act, forms[f], 4, xf, daf, dzf), GP_OK);
                assert_true(th_bits_f64(dz[0]) == qx && th_bits_f64(dz[1]) == qx);
                assert_true(th_bits_f64(dz[2]) == qd && th_bits_f64(dz[3]) == qz);
                assert_true(th_bits_f32(dzf[0]) == qxf && th_bits_f32(dzf[1]) == qxf);
                assert_true(th_bits_f32(dzf[2]) == qdf && th_bits_f32(dzf[3]) == qzf);
            }
            assert_int_equal(gp_set_isa(NULL), GP_OK);
        }
}

/* every split gives the bits of one thread */
static void test_acc_thread_split(void **state)
{
    (void)state;
    enum { M = 1 << 18 };
    float *x = malloc(M * sizeof *x), *d = malloc(M * sizeof *d), *o1 = malloc(M * sizeof *o1);
    float *o2 = malloc(M * sizeof *o2);
    assert_true(x && d && o1 && o2);
    uint64_t seed = 3;
    for (size_t i = 0; i < M; i++)
        x[i] = (float)th_uniform(&seed, -0.9, 0.9), d[i] = (float)th_uniform(&seed, -1, 1);
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int f = 0; f < 2; f++) {
            gp_act act = gp_act_default((gp_kind)k);
            if (!gp_has_op(act.kind, forms[f]))
                continue;
            for (size_t i = 0; i < M; i++)
                o1[i] = o2[i] = (float)i * 1e-6f;
            assert_int_equal(gp_set_num_threads(1), GP_OK);
            assert_int_equal(acc_f32(&act, forms[f], M, x, d, o1), GP_OK);
            assert_int_equal(gp_set_num_threads(3), GP_OK);
            assert_int_equal(acc_f32(&act, forms[f], M, x, d, o2), GP_OK);
            assert_memory_equal(o1, o2, M * sizeof *o1);
        }
    assert_int_equal(gp_set_num_threads(0), GP_OK);
    free(x), free(d), free(o1), free(o2);
}

/* dz may not touch z or da, not even as the same pointer; z and da may overlap */
static void test_acc_overlap_rules(void **state)
{
    (void)state;
    double b[64], z[16], da[16];
    for (int i = 0; i < 64; i++)
        b[i] = 0.25 * i;
    for (int i = 0; i < 16; i++)
        z[i] = da[i] = 0.5;
    gp_act act = gp_act_default((gp_kind)0);
    double keep[64];
    memcpy(keep, b, sizeof b);
    assert_int_equal(gp_backward_acc_f64(&act, 16, b, da, b), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_acc_f64(&act, 16, z, b, b), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_acc_f64(&act, 16, b + 3, da, b), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_acc_f64(&act, 16, z, b, b + 15), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_from_output_acc_f64(&act, 16, b, da, b), GP_ERR_OVERLAP);
    assert_memory_equal(keep, b, sizeof b);
    /* z == da, and dz right after them: fine */
    assert_int_equal(gp_backward_acc_f64(&act, 16, b, b, b + 16), GP_OK);
    float bf[32] = {0};
    assert_int_equal(gp_backward_acc_f32(&act, 16, bf, bf + 16, bf + 8), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_from_output_acc_f32(&act, 16, bf + 16, bf + 16, bf + 16), GP_ERR_OVERLAP);
}

static void test_acc_argument_errors(void **state)
{
    (void)state;
    float x[8] = {0}, d[8] = {0}, o[8];
    gp_act act = gp_act_default((gp_kind)0), bad = act;
    bad.kind = GP_KIND_COUNT;
    th_fill_sentinel_f32(o, 8);
    assert_int_equal(gp_backward_acc_f32(NULL, 8, x, d, o), GP_ERR_NULL);
    assert_int_equal(gp_backward_acc_f32(&bad, 8, x, d, o), GP_ERR_KIND);
    assert_int_equal(gp_backward_acc_f32(&act, 8, NULL, d, o), GP_ERR_NULL);
    assert_int_equal(gp_backward_acc_f32(&act, 8, x, NULL, o), GP_ERR_NULL);
    assert_int_equal(gp_backward_acc_f32(&act, 8, x, d, NULL), GP_ERR_NULL);
    assert_int_equal(gp_backward_acc_f32(&act, 0, NULL, NULL, NULL), GP_OK);
    assert_int_equal(gp_backward_from_output_acc_f32(&act, 0, NULL, NULL, NULL), GP_OK);
    assert_true(th_is_sentinel_f32(o, 8));
    /* the parameter checks and the operations are those of backward */
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int f = 0; f < 2; f++) {
            gp_act a = gp_act_default((gp_kind)k);
            a.grad_at_zero = NAN;
            assert_int_equal(acc_f32(&a, forms[f], 8, x, d, o), gp_apply_f32(&a, forms[f], 8, x, d, o));
            a = gp_act_default((gp_kind)k);
            a.alpha = -1.0; /* a from-output form needs alpha >= 0 where it has alpha */
            gp_status want = gp_apply_f64(&a, forms[f], 0, NULL, NULL, NULL);
            assert_int_equal(acc_f64(&a, forms[f], 0, NULL, NULL, NULL), want);
            a = gp_act_default((gp_kind)k);
            if (!gp_has_op(a.kind, forms[f]))
                assert_int_equal(acc_f32(&a, forms[f], 8, x, d, o), GP_ERR_OP);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acc_values_every_activation),
        cmocka_unit_test(test_acc_accumulates),
        cmocka_unit_test(test_acc_exact_where_g_exact),
        cmocka_unit_test(test_acc_nan_order),
        cmocka_unit_test(test_acc_thread_split),
        cmocka_unit_test(test_acc_overlap_rules),
        cmocka_unit_test(test_acc_argument_errors),
    };
    return cmocka_run_group_tests_name("acc", tests, NULL, NULL);
}
