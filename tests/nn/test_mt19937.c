/* numpy's legacy generator (src/nn/mt19937.h) against known outputs, and the
 * notebook's data and initial weights drawn with it. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "data.h"
#include "mt19937.h"
#include "net.h"

/* The reference MT19937 (init_genrand(5489)): first output 3499211612, and the
 * 10000th 4123659995 (the value C++ requires of std::mt19937). */
static void test_mt_reference(void **state)
{
    (void)state;
    nn_mt r;
    nn_mt_seed(&r, 5489);
    assert_true(nn_mt_u32(&r) == 3499211612u);
    for (int i = 2; i < 10000; i++)
        (void)nn_mt_u32(&r);
    assert_true(nn_mt_u32(&r) == 4123659995u);
}

/* numpy 1.24: RandomState(1).randint(0, 2**32, dtype=np.uint32) three times,
 * random_sample(3), randn(5); RandomState(0).randn(3) (values by float.hex()). */
static void test_mt_numpy_draws(void **state)
{
    (void)state;
    nn_mt r;
    nn_mt_seed(&r, 1);
    assert_true(nn_mt_u32(&r) == 1791095845u);
    assert_true(nn_mt_u32(&r) == 4282876139u);
    assert_true(nn_mt_u32(&r) == 3093770124u);
    nn_mt_seed(&r, 1);
    assert_true(nn_mt_uniform(&r) == 0x1.ab07d0ffa3c06p-2);
    assert_true(nn_mt_uniform(&r) == 0x1.70ce5f3baf051p-1);
    assert_true(nn_mt_uniform(&r) == 0x1.dfb906661c000p-14);
    nn_mt_seed(&r, 1);
    static const double randn1[5] = {0x1.9fd5190657c50p+0, -0x1.393822fb7d9adp-1, -0x1.0e6c872548fd2p-1,
                                     -0x1.12ae1255cb80cp+0, 0x1.bb16b5735117dp-1}; /* 1.62434536, -0.61175641 ... */
    for (int i = 0; i < 5; i++)
        assert_true(nn_mt_normal(&r) == randn1[i]);
    nn_mt_seed(&r, 0);
    assert_true(nn_mt_normal(&r) == 0x1.c398ef3e5cfa5p+0);
    assert_true(nn_mt_normal(&r) == 0x1.99c2cfacc8953p-2);
    assert_true(nn_mt_normal(&r) == 0x1.f51d25222c9abp-1);
}

/* seeding again starts over, and drops the cached second normal */
static void test_mt_reseed(void **state)
{
    (void)state;
    nn_mt r;
    nn_mt_seed(&r, 1);
    double first = nn_mt_normal(&r); /* leaves its pair cached */
    assert_int_equal(r.has_gauss, 1);
    nn_mt_seed(&r, 1);
    assert_int_equal(r.has_gauss, 0);
    assert_true(nn_mt_normal(&r) == first);
    /* the 625th word needs a second twist: seeds 0 and 2^32 - 1 too */
    nn_mt_seed(&r, UINT32_MAX);
    for (int i = 0; i < 2000; i++) {
        double u = nn_mt_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
    }
}

/* the notebook's initialize_parameters(2, 4, 1): np.random.seed(2);
 * W1 = randn(4, 2) * 0.01; W2 = randn(1, 4) * 0.01 (numpy 1.24, float.hex()) */
static void test_notebook_weights(void **state)
{
    (void)state;
    static const double W1[8] = {-0x1.11205d3fe4613p-8, -0x1.27000e9f79167p-11, -0x1.5dfe8eebfe2e5p-6,
                                 0x1.0cbdf1b25b686p-6,  -0x1.25d623f6f8f6fp-6,  -0x1.13d2e308f1ae3p-7,
                                 0x1.4991806793d16p-8,  -0x1.980e5607c723bp-7};
    static const double W2[4] = {-0x1.5aab76e75a518p-7, -0x1.29dd15e3beb83p-7, 0x1.6966a2dda104cp-8,
                                 0x1.778e2c206dac5p-6};
    gp_act act = gp_act_default(GP_TANH);
    nn_net net;
    assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 2), GP_OK);
    for (int i = 0; i < 8; i++)
        assert_true(net.W1[i] == W1[i]);
    for (int i = 0; i < 4; i++) {
        assert_true(net.W2[i] == W2[i]);
        assert_true(net.b1[i] == 0.0);
    }
    assert_true(net.b2[0] == 0.0);
    nn_free(&net);
}

/* The notebook's printed costs at iterations 0, 1000, ..., 7000 (tanh, n_h 4,
 * lr 1.2), to its 6 printed digits; later ones are chaotic (README). */
static void test_notebook_costs(void **state)
{
    (void)state;
    static const double nb[8] = {0.693048, 0.288083, 0.254385, 0.233864, 0.226792, 0.222644, 0.219731, 0.217504};
    nn_data d;
    assert_int_equal(nn_flower(&d, 400, 1), 0);
    gp_act act = gp_act_default(GP_TANH);
    nn_net net;
    assert_int_equal(nn_create(&net, 2, 4, 400, &act, 0, 2), GP_OK);
    for (int it = 0; it <= 7000; it++) {
        double J;
        assert_int_equal(nn_step(&net, d.X, d.Y, 400, 1.2, &J), GP_OK);
        if (it % 1000 == 0) {
            char got[32], want[32];
            snprintf(got, sizeof got, "%.6f", J);
            snprintf(want, sizeof want, "%.6f", nb[it / 1000]);
            assert_string_equal(got, want);
        }
    }
    nn_free(&net);
    nn_data_free(&d);
}

/* linspace's last point is the stop value itself, and other seeds give other samples */
static void test_flower_seeds(void **state)
{
    (void)state;
    nn_data a, b;
    assert_int_equal(nn_flower(&a, 400, 1), 0);
    assert_int_equal(nn_flower(&b, 400, 7), 0);
    size_t same = 0;
    for (size_t j = 0; j < 400; j++)
        same += a.X[j] == b.X[j] && a.X[400 + j] == b.X[400 + j];
    assert_int_equal(same, 0);
    nn_data_free(&b);
    assert_int_equal(nn_flower(&b, 2, 1), 0); /* N = 1: t = linspace(0, 3.12, 1) = 0 + noise */
    assert_int_equal(b.m, 2);
    nn_data_free(&b);
    nn_data_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mt_reference),     cmocka_unit_test(test_mt_numpy_draws),
        cmocka_unit_test(test_mt_reseed),        cmocka_unit_test(test_notebook_weights),
        cmocka_unit_test(test_notebook_costs),   cmocka_unit_test(test_flower_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
