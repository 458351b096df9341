/* The one-hidden-layer network: shapes, the output-layer simplification,
 * the hidden backward through the library, gradient checks, training figures,
 * determinism, float32. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "act/desc.h"
#include "data.h"
#include "net.h"

static nn_data flower;

static int setup(void **state)
{
    (void)state;
    return nn_flower(&flower, 400, 1);
}

static int teardown(void **state)
{
    (void)state;
    nn_data_free(&flower);
    return 0;
}

static void test_create_and_init(void **state)
{
    (void)state;
    nn_net net;
    gp_act act = gp_act_default(GP_TANH);
    assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 1), GP_OK);
    assert_int_equal(net.n_params, 4 * 2 + 4 + 4 + 1);
    assert_ptr_equal(net.b1, net.W1 + 8);
    assert_ptr_equal(net.W2, net.b1 + 4);
    assert_ptr_equal(net.b2, net.W2 + 4);
    for (size_t i = 0; i < 8; i++) {
        assert_true(net.W1[i] != 0.0);
        assert_true(fabs(net.W1[i]) < 0.05); /* 0.01 * N(0,1) */
    }
    for (size_t i = 0; i < 4; i++)
        assert_true(net.b1[i] == 0.0);
    assert_true(net.b2[0] == 0.0);
    /* tiny weights: A2 ~ 0.5 everywhere, J ~ ln 2 */
    double J;
    assert_int_equal(nn_forward(&net, flower.X, flower.Y, 400, &J), GP_OK);
    assert_true(fabs(J - log(2.0)) < 1e-3);
    nn_net again;
    assert_int_equal(nn_create(&again, 2, 4, 400, &act, 0, 1), GP_OK);
    assert_memory_equal(net.params, again.params, net.n_params * sizeof(double));
    nn_free(&again);
    nn_free(&net);

    assert_true(net.from_output == 0 || net.from_output == 1);
    nn_free(&net);
    /* no from-output form for these parameters: the network backpropagates from Z1 */
    gp_act neg = gp_act_default(GP_LEAKY_RELU);
    neg.alpha = -0.5;
    neg.grad_at_zero = -0.5;
    assert_int_equal(nn_create(&net, 2, 4, 400, &neg, 0, 1), GP_OK);
    assert_int_equal(net.from_output, 0);
    nn_free(&net);
    gp_act bad = neg;
    bad.alpha = NAN; /* not an activation at all */
    assert_int_not_equal(nn_create(&net, 2, 4, 400, &bad, 0, 1), GP_OK);
    assert_int_equal(nn_create(&net, 0, 4, 400, &act, 0, 1), GP_ERR_PARAM);
    assert_int_equal(nn_create(&net, 2, 4, 0, &act, 0, 1), GP_ERR_PARAM);
}

/* The output layer's dZ2 = A2 - Y equals the library's backward of the sigmoid
 * (from the output A2) applied to the cost's derivative
 * dA2 = -(Y/A2) + (1-Y)/(1-A2). */
static void test_output_simplification(void **state)
{
    (void)state;
    nn_net net;
    gp_act act = gp_act_default(GP_TANH);
    assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 1), GP_OK);
    double J;
    for (int it = 0; it < 300; it++) /* away from A2 = 0.5 */
        assert_int_equal(nn_step(&net, flower.X, flower.Y, 400, 1.2, &J), GP_OK);
    assert_int_equal(nn_forward(&net, flower.X, flower.Y, 400, &J), GP_OK);
    assert_int_equal(nn_backward(&net, flower.X, flower.Y, 400), GP_OK);
    double dA2[400], dZ2_lib[400];
    double amin = 1, amax = 0;
    for (int j = 0; j < 400; j++) {
        double a = net.A2[j], y = flower.Y[j];
        dA2[j] = -(y / a) + (1 - y) / (1 - a);
        amin = fmin(amin, a);
        amax = fmax(amax, a);
    }
    assert_true(amin < 0.1 && amax > 0.9); /* the comparison covers confident outputs */
    gp_act sig = gp_act_default(GP_SIGMOID);
    assert_int_equal(gp_backward_from_output_f64(&sig, 400, net.A2, dA2, dZ2_lib), GP_OK);
    for (int j = 0; j < 400; j++) {
        double simple = net.A2[j] - flower.Y[j];
        assert_true(net.dZ2[j] == simple);
        assert_true(fabs(dZ2_lib[j] - simple) <= 1e-14 * fabs(simple));
    }
    nn_free(&net);

    /* float32: the same identity to float precision */
    nn_net nf;
    assert_int_equal(nn_create(&nf, 2, 4, 400, &act, 1, 1), GP_OK);
    float Y[400], A2f[400], dA2f[400], dZf[400];
    for (int i = 0; i < 400; i++)
        Y[i] = (float)flower.Y[i];
    for (int it = 0; it < 300; it++)
        assert_int_equal(nn_step(&nf, flower.X, flower.Y, 400, 1.2, &J), GP_OK);
    assert_int_equal(nn_forward(&nf, flower.X, flower.Y, 400, &J), GP_OK);
    for (int j = 0; j < 400; j++) {
        A2f[j] = (float)nf.A2[j];
        assert_true((double)A2f[j] == nf.A2[j]); /* a float32 network keeps float values */
        dA2f[j] = -(Y[j] / A2f[j]) + (1 - Y[j]) / (1 - A2f[j]);
    }
    assert_int_equal(gp_backward_from_output_f32(&sig, 400, A2f, dA2f, dZf), GP_OK);
    for (int j = 0; j < 400; j++) {
        float simple = A2f[j] - Y[j];
        assert_true(fabsf(dZf[j] - simple) <= 4e-7f * fabsf(simple));
    }
    nn_free(&nf);
}

/* The hidden backward is dZ1 = dA1 * g'(Z1), by the library from A1 where
 * the activation has the from-output form, else from Z1; and from Z1 always
 * when net.from_output is cleared.  The reference g' is the library's scalar
 * form of the same operation, one value at a time, for every activation;
 * dZ1 is within the backward's ulp bound (its facts) + 1 of dA1 * g'. */
static void test_hidden_backward(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int from_z = 0; from_z < 2; from_z++) {
            gp_act act = gp_act_default((gp_kind)k);
            nn_net net;
            assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 3), GP_OK);
            assert_int_equal(net.from_output, gp_has_op(act.kind, GP_OP_BACKWARD_FROM_OUTPUT));
            if (from_z)
                net.from_output = 0;
            gp_op grad = net.from_output ? GP_OP_GRAD_FROM_OUTPUT : GP_OP_GRAD;
            gp_op back = net.from_output ? GP_OP_BACKWARD_FROM_OUTPUT : GP_OP_BACKWARD;
            double bound = (gp_desc(act.kind)->ulp[1][back] + 1) * DBL_EPSILON;
            double J;
            for (int it = 0; it < 50; it++)
                assert_int_equal(nn_step(&net, flower.X, flower.Y, 400, 1.2, &J), GP_OK);
            assert_int_equal(nn_forward(&net, flower.X, flower.Y, 400, &J), GP_OK);
            assert_int_equal(nn_backward(&net, flower.X, flower.Y, 400), GP_OK);
            for (size_t h = 0; h < 4; h++)
                for (size_t j = 0; j < 400; j++) {
                    size_t i = h * 400 + j;
                    double x = net.from_output ? net.A1[i] : net.Z1[i], g;
                    assert_true(net.dA1[i] == net.W2[h] * net.dZ2[j]);
                    assert_int_equal(gp_scalar_f64(&act, grad, x, 0.0, &g), GP_OK);
                    double want = net.dA1[i] * g;
                    assert_true(fabs(net.dZ1[i] - want) <= bound * fabs(want));
                }
            nn_free(&net);
        }
}

/* Where the activation's parameters rule out the from-output form (a leaky
 * slope alpha < 0 hides the sign of z in a), the network backpropagates from
 * Z1 and its gradient checks out. */
static void test_backward_from_z(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            if (isinf(q->fo_lo) || q->fo_lo <= q->lo)
                continue;
            gp_act act = gp_act_default(d->kind);
            double v = q->fo_lo - 0.5; /* allowed, but not from the output */
            *gp_act_slot(&act, q) = v;
            if (d->kink_slopes) {
                double left, right;
                d->kink_slopes(&act, &left, &right);
                act.grad_at_zero = left;
            }
            if (gp_act_check(&act, 0) != GP_OK)
                continue;
            nn_net net;
            assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 1), GP_OK);
            assert_int_equal(net.from_output, 0);
            nn_gradcheck_result r;
            assert_int_equal(nn_gradcheck(&net, flower.X, flower.Y, 400, 1e-5, &r), GP_OK);
            printf("# gradcheck f64 %s(%s=%g) from z: rel diff %.3e\n", d->name, q->key, v, r.rel_diff);
            assert_true(r.rel_diff < 1e-7);
            nn_free(&net);
        }
    }
}

/* Gradient check: below 1e-7 in float64 for every activation, at the initial
 * weights and after 500 iterations. */
static void test_gradcheck_f64(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        nn_net net;
        assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 1), GP_OK);
        for (int phase = 0; phase < 2; phase++) {
            nn_gradcheck_result r;
            assert_int_equal(nn_gradcheck(&net, flower.X, flower.Y, 400, 1e-5, &r), GP_OK);
            printf("# gradcheck f64 %-10s %s: rel diff %.3e (%zu params, %zu examples, %zu at a kink left out)\n",
                   gp_kind_name((gp_kind)k), phase ? "after 500 it" : "at init    ", r.rel_diff, r.n_params,
                   r.m_used, r.m_dropped);
            assert_int_equal(r.n_params, 17);
            assert_true(r.m_used + r.m_dropped == 400);
            assert_true(r.m_used >= 350);
            /* or, at a flat point (hardsigmoid's and hardswish's nets after
             * 500 iterations: every component of the gradient below 4e-4), every
             * difference within 100 times the central difference's roundoff
             * (2^-52 J / eps ~ 1e-11): the relative measure is that roundoff
             * over a small norm there */
            assert_true(r.rel_diff < 1e-7 || r.max_abs_diff < 1e-9);
            double J;
            for (int it = 0; it < 500 && phase == 0; it++)
                assert_int_equal(nn_step(&net, flower.X, flower.Y, 400, 1.2, &J), GP_OK);
        }
        nn_free(&net);
    }
}

/* The check is not vacuous: the same measure computed here by hand agrees with
 * nn_gradcheck_f64, and a gradient that is 1 % off in one block is caught. */
static double rel_diff(const double *a, const double *b, size_t n)
{
    double d = 0, na = 0, nb = 0;
    for (size_t i = 0; i < n; i++) {
        d += (a[i] - b[i]) * (a[i] - b[i]);
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    return sqrt(d) / (sqrt(na) + sqrt(nb));
}

static void test_gradcheck_catches_errors(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_SIGMOID);
    nn_net net;
    assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 7), GP_OK);
    double J, Jp, Jm;
    for (int it = 0; it < 200; it++)
        assert_int_equal(nn_step(&net, flower.X, flower.Y, 400, 1.2, &J), GP_OK);
    assert_int_equal(nn_forward(&net, flower.X, flower.Y, 400, &J), GP_OK);
    assert_int_equal(nn_backward(&net, flower.X, flower.Y, 400), GP_OK);
    double g_bp[17], g_num[17], g_bad[17];
    memcpy(g_bp, net.grads, sizeof g_bp);
    const double eps = 1e-5;
    for (int p = 0; p < 17; p++) {
        double saved = net.params[p];
        net.params[p] = saved + eps;
        nn_forward(&net, flower.X, flower.Y, 400, &Jp);
        net.params[p] = saved - eps;
        nn_forward(&net, flower.X, flower.Y, 400, &Jm);
        net.params[p] = saved;
        g_num[p] = (Jp - Jm) / (2 * eps);
    }
    double mine = rel_diff(g_num, g_bp, 17);
    nn_gradcheck_result r;
    assert_int_equal(nn_gradcheck(&net, flower.X, flower.Y, 400, eps, &r), GP_OK);
    assert_true(mine < 1e-7);
    assert_true(fabs(mine - r.rel_diff) < 1e-8);
    memcpy(g_bad, g_bp, sizeof g_bad);
    for (int p = 0; p < 8; p++) /* dW1 one percent off */
        g_bad[p] *= 1.01;
    assert_true(rel_diff(g_num, g_bad, 17) > 1e-4);
    /* parameters are restored by the check */
    for (int p = 0; p < 17; p++)
        assert_true(net.grads[p] == g_bp[p]);
    nn_free(&net);
}

static void test_gradcheck_f32(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        nn_net net;
        assert_int_equal(nn_create(&net, 2, 4, 400, &act, 1, 1), GP_OK);
        nn_gradcheck_result r;
        /* eps 3e-4: at 1e-3 the central difference's own truncation error is
         * 1.4e-4 for softsign (f64 the same; its g' has a corner at 0, where
         * every unit starts) */
        assert_int_equal(nn_gradcheck(&net, flower.X, flower.Y, 400, 3e-4, &r), GP_OK);
        printf("# gradcheck f32 %-10s: rel diff %.3e (%zu examples, %zu at a kink left out)\n", gp_kind_name((gp_kind)k), r.rel_diff, r.m_used, r.m_dropped);
        assert_true(r.rel_diff < 1e-4);
        nn_free(&net);
    }
}

/* The course's figure: tanh, n_h = 4, lr 1.2, 10000 iterations, >= 90 % train
 * accuracy; the same seed gives a bit-identical loss curve. */
static void test_train_tanh_flower(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_TANH);
    double *curve[2];
    double acc = 0;
    for (int run = 0; run < 2; run++) {
        nn_net net;
        assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 1), GP_OK);
        curve[run] = malloc(10000 * sizeof(double));
        assert_non_null(curve[run]);
        for (int it = 0; it < 10000; it++)
            assert_int_equal(nn_step(&net, flower.X, flower.Y, 400, 1.2, &curve[run][it]), GP_OK);
        assert_int_equal(nn_accuracy(&net, flower.X, flower.Y, 400, &acc), GP_OK);
        nn_free(&net);
    }
    printf("# tanh flower: cost %.6f -> %.6f, train accuracy %.2f %%\n", curve[0][0], curve[0][9999], 100 * acc);
    assert_memory_equal(curve[0], curve[1], 10000 * sizeof(double));
    assert_true(acc >= 0.90);
    assert_true(curve[0][9999] < 0.3);
    assert_true(curve[0][9999] < curve[0][0]);
    free(curve[0]);
    free(curve[1]);
}

static void test_train_f32_tracks_f64(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_TANH);
    nn_net nf;
    nn_net nd;
    assert_int_equal(nn_create(&nf, 2, 4, 400, &act, 1, 1), GP_OK);
    assert_int_equal(nn_create(&nd, 2, 4, 400, &act, 0, 1), GP_OK);
    double Jf = 0, Jd = 0;
    for (int it = 0; it < 2000; it++) {
        assert_int_equal(nn_step(&nf, flower.X, flower.Y, 400, 1.2, &Jf), GP_OK);
        assert_int_equal(nn_step(&nd, flower.X, flower.Y, 400, 1.2, &Jd), GP_OK);
    }
    double accf, accd;
    nn_accuracy(&nf, flower.X, flower.Y, 400, &accf);
    nn_accuracy(&nd, flower.X, flower.Y, 400, &accd);
    printf("# 2000 it: f32 cost %.6f acc %.4f, f64 cost %.6f acc %.4f\n", Jf, accf, Jd, accd);
    assert_true(fabs(Jf - Jd) < 0.01);
    assert_true(fabs(accf - accd) <= 0.02);
    nn_free(&nf);
    nn_free(&nd);
}

static void test_bad_sizes(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_RELU);
    nn_net net;
    assert_int_equal(nn_create(&net, 2, 3, 10, &act, 0, 1), GP_OK);
    double J;
    assert_int_equal(nn_forward(&net, flower.X, flower.Y, 11, &J), GP_ERR_PARAM);
    assert_int_equal(nn_forward(&net, flower.X, flower.Y, 0, &J), GP_ERR_PARAM);
    nn_gradcheck_result r;
    assert_int_equal(nn_gradcheck(&net, flower.X, flower.Y, 10, 0.0, &r), GP_ERR_PARAM);
    /* accuracy on more examples than the caches hold works block by block */
    double acc;
    assert_int_equal(nn_accuracy(&net, flower.X, flower.Y, 400, &acc), GP_OK);
    assert_true(acc >= 0.0 && acc <= 1.0);
    char name[32];
    nn_param_name(2, 3, 0, name, sizeof name);
    assert_string_equal(name, "W1[0,0]");
    nn_param_name(2, 3, 5, name, sizeof name);
    assert_string_equal(name, "W1[2,1]");
    nn_param_name(2, 3, 6, name, sizeof name);
    assert_string_equal(name, "b1[0]");
    nn_param_name(2, 3, 9, name, sizeof name);
    assert_string_equal(name, "W2[0,0]");
    nn_param_name(2, 3, 12, name, sizeof name);
    assert_string_equal(name, "b2[0]");
    nn_free(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_init),     cmocka_unit_test(test_output_simplification),
        cmocka_unit_test(test_hidden_backward),     cmocka_unit_test(test_backward_from_z),
        cmocka_unit_test(test_gradcheck_f64),
        cmocka_unit_test(test_gradcheck_catches_errors), cmocka_unit_test(test_gradcheck_f32),
        cmocka_unit_test(test_train_tanh_flower),   cmocka_unit_test(test_train_f32_tracks_f64),
        cmocka_unit_test(test_bad_sizes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
