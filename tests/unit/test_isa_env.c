/* GPRIME_ISA, read once at first use: run as a separate process by CTest.
 *   unit_test_isa_env generic   (GPRIME_ISA=generic): the generic path is active
 *   unit_test_isa_env bogus     (GPRIME_ISA=bogus): every array function returns
 *                               GP_ERR_ISA and leaves its output untouched */
#include <stdlib.h>
#include <string.h>

#include "th.h"

static const char *expected;

static void test_isa_env_selects_path(void **state)
{
    (void)state;
    const char *env = getenv("GPRIME_ISA");
    assert_non_null(env);
    assert_string_equal(env, expected);
    gp_act act = gp_act_default(GP_SIGMOID);
    double z[3] = {-1, 0, 1}, a[3];
    float zf[3] = {-1, 0, 1}, af[3];
    th_fill_sentinel_f64(a, 3);
    th_fill_sentinel_f32(af, 3);
    if (strcmp(expected, "generic") == 0) {
        assert_string_equal(gp_isa_name(), "generic");
        assert_int_equal(gp_forward_f64(&act, 3, z, a), GP_OK);
        assert_true(a[1] == 0.5);
        assert_string_equal(gp_isa_name(), "generic"); /* still, after first use */
    } else {
        assert_int_equal(gp_forward_f64(&act, 3, z, a), GP_ERR_ISA);
        assert_int_equal(gp_grad_f32(&act, 3, zf, af), GP_ERR_ISA);
        assert_true(th_is_sentinel_f64(a, 3) && th_is_sentinel_f32(af, 3));
        assert_string_not_equal(gp_isa_name(), "generic");
        assert_string_not_equal(gp_isa_name(), "avx2");
        assert_string_not_equal(gp_isa_name(), "avx512");
        /* the scalar forms never fail; an explicit gp_set_isa recovers */
        assert_true(gp_sigmoid_f64(0.0) == 0.5);
        assert_int_equal(gp_set_isa("generic"), GP_OK);
        assert_int_equal(gp_forward_f64(&act, 3, z, a), GP_OK);
        assert_true(a[1] == 0.5);
    }
}

int main(int argc, char **argv)
{
    expected = argc > 1 ? argv[1] : "generic";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isa_env_selects_path),
    };
    return cmocka_run_group_tests_name("isa_env", tests, NULL, NULL);
}
