/* The shuffle's generator, the flower data, the split and standardising. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "data.h"
#include "rng.h"

/* Golden values: a change here changes every loss curve; they must not differ
 * between machines or compilers (rng.h). */
/* Golden values: a change here changes every train/test split; they must not
 * differ between machines or compilers (rng.h). */
static void test_rng_golden(void **state)
{
    (void)state;
    nn_rng r;
    nn_rng_seed(&r, 1, 1);
    assert_true(nn_rng_u64(&r) == 0xbaa24e21d05c2935ull);
    assert_true(nn_rng_u64(&r) == 0x19ac350577648864ull);
    assert_true(nn_rng_u64(&r) == 0x7ef054b7f95a306aull);
}

static void test_rng_streams_and_seeds(void **state)
{
    (void)state;
    nn_rng a, b, c;
    nn_rng_seed(&a, 7, 1);
    nn_rng_seed(&b, 7, 1);
    nn_rng_seed(&c, 7, 2);
    int same_c = 1;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = nn_rng_u64(&a), y = nn_rng_u64(&b), z = nn_rng_u64(&c);
        assert_true(x == y);
        if (x != z)
            same_c = 0;
    }
    assert_false(same_c);
    for (int i = 0; i < 1000; i++) {
        uint64_t k = nn_rng_below(&a, 7);
        assert_true(k < 7);
        double u = nn_rng_uniform(&a);
        assert_true(u >= 0.0 && u < 1.0);
    }
}

static void test_flower(void **state)
{
    (void)state;
    nn_data d, e;
    assert_int_equal(nn_flower(&d, 400, 1), 0);
    assert_int_equal(d.n_x, 2);
    assert_int_equal(d.m, 400);
    /* numpy's load_planar_dataset(): X[0, 0], X[1, 0], X[0, 399], X[1, 399], X[0, 200]
     * as numpy 1.24 prints them with float.hex() where its sin and cos are the C
     * library's (tests/nn/numpy_oracle.py compares all 400 points) */
    assert_true(d.X[0] == 0x1.3456547f26cd9p+0);
    assert_true(d.X[400] == 0x1.c9be1bc07cf70p+1);
    assert_true(d.X[399] == 0x1.7628e77fd820ep-1);
    assert_true(d.X[799] == 0x1.88bf02f14386dp+1);
    assert_true(d.X[200] == -0x1.120c036287177p+0);
    size_t ones = 0;
    for (size_t j = 0; j < d.m; j++) {
        assert_true(d.Y[j] == (j < 200 ? 0.0 : 1.0));
        ones += d.Y[j] == 1.0;
        /* petals: radius |r| <= a + noise, so inside a disc of about 5 */
        double r = hypot(d.X[j], d.X[d.m + j]);
        assert_true(r < 5.5);
    }
    assert_int_equal(ones, 200);
    assert_int_equal(nn_flower(&e, 400, 1), 0);
    assert_memory_equal(d.X, e.X, 800 * sizeof(double));
    nn_data_free(&e);
    assert_int_equal(nn_flower(&e, 400, 2), 0);
    assert_true(memcmp(d.X, e.X, 800 * sizeof(double)) != 0);
    nn_data_free(&e);
    nn_data_free(&d);
    assert_int_equal(nn_flower(&d, 3, 1), -1); /* odd */
    assert_int_equal(nn_flower(&d, 0, 1), -1);
}

static void test_split_standardize(void **state)
{
    (void)state;
    nn_data d, tr, te, tr2, te2;
    assert_int_equal(nn_flower(&d, 400, 5), 0);
    assert_int_equal(nn_split(&d, 0.3, 11, &tr, &te), 0);
    assert_int_equal(tr.m, 280);
    assert_int_equal(te.m, 120);
    assert_int_equal(tr.n_x, 2);
    /* every example lands in exactly one part: the sums match */
    double s = 0, st = 0;
    for (size_t j = 0; j < d.m; j++)
        s += d.X[j] + 3 * d.X[d.m + j] + 7 * d.Y[j];
    for (size_t j = 0; j < tr.m; j++)
        st += tr.X[j] + 3 * tr.X[tr.m + j] + 7 * tr.Y[j];
    for (size_t j = 0; j < te.m; j++)
        st += te.X[j] + 3 * te.X[te.m + j] + 7 * te.Y[j];
    assert_true(fabs(s - st) < 1e-9);
    /* same seed, same split */
    assert_int_equal(nn_split(&d, 0.3, 11, &tr2, &te2), 0);
    assert_memory_equal(tr.X, tr2.X, tr.m * 2 * sizeof(double));
    nn_data_free(&tr2);
    nn_data_free(&te2);
    double mean[2], scale[2];
    nn_standardize_stats(&tr, mean, scale);
    nn_standardize_apply(&tr, mean, scale);
    nn_standardize_apply(&te, mean, scale);
    for (size_t i = 0; i < 2; i++) {
        double mean = 0, var = 0;
        for (size_t j = 0; j < tr.m; j++)
            mean += tr.X[i * tr.m + j];
        mean /= (double)tr.m;
        for (size_t j = 0; j < tr.m; j++)
            var += (tr.X[i * tr.m + j] - mean) * (tr.X[i * tr.m + j] - mean);
        assert_true(fabs(mean) < 1e-12);
        assert_true(fabs(var / (double)tr.m - 1.0) < 1e-12);
    }
    nn_data_free(&tr);
    nn_data_free(&te);
    assert_int_equal(nn_split(&d, 0.0, 1, &tr, &te), 0);
    assert_int_equal(tr.m, 400);
    assert_int_equal(te.m, 0);
    nn_data_free(&tr);
    nn_data_free(&te);
    assert_int_equal(nn_split(&d, 1.0, 1, &tr, &te), -1);
    nn_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_golden),      cmocka_unit_test(test_rng_streams_and_seeds),
        cmocka_unit_test(test_flower),          cmocka_unit_test(test_split_standardize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
