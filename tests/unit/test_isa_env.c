/* GPRIME_ISA, read once at first use: run as a separate process by CTest.
 *   unit_test_isa_env generic   (GPRIME_ISA=generic): the generic path is active
 *   unit_test_isa_env bogus     (GPRIME_ISA=bogus): every array function returns
 *                               GP_ERR_ISA (every kind, every operation it
 *                               has) and leaves its output untouched; the
 *                               scalar forms work and agree with the array
 *                               functions once gp_set_isa recovers */
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
        /* every kind, every operation it has (one it lacks: GP_ERR_OP, checked first) */
        double sc[GP_KIND_COUNT][GP_OP_COUNT][3];
        float scf[GP_KIND_COUNT][GP_OP_COUNT][3];
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            gp_act ak = gp_act_default((gp_kind)k);
            for (int op = 0; op < GP_OP_COUNT; op++) {
                gp_status want = gp_has_op((gp_kind)k, (gp_op)op) ? GP_ERR_ISA : GP_ERR_OP;
                assert_int_equal(gp_apply_f64(&ak, (gp_op)op, 3, z, z, a), want);
                assert_int_equal(gp_apply_f32(&ak, (gp_op)op, 3, zf, zf, af), want);
                assert_true(th_is_sentinel_f64(a, 3) && th_is_sentinel_f32(af, 3));
                /* the scalar forms never fail on the ISA */
                for (int i = 0; i < 3 && want == GP_ERR_ISA; i++) {
                    assert_int_equal(gp_scalar_f64(&ak, (gp_op)op, z[i], z[i], &sc[k][op][i]), GP_OK);
                    assert_int_equal(gp_scalar_f32(&ak, (gp_op)op, zf[i], zf[i], &scf[k][op][i]), GP_OK);
                }
            }
        }
        assert_int_equal(gp_forward_f64(&act, 3, z, a), GP_ERR_ISA);
        assert_int_equal(gp_grad_f32(&act, 3, zf, af), GP_ERR_ISA);
        assert_true(th_is_sentinel_f64(a, 3) && th_is_sentinel_f32(af, 3));
        assert_string_not_equal(gp_isa_name(), "generic");
        assert_string_not_equal(gp_isa_name(), "avx2");
        assert_string_not_equal(gp_isa_name(), "avx512");
        assert_true(gp_sigmoid_f64(0.0) == 0.5);
        /* an explicit gp_set_isa recovers, with the scalar forms' results */
        assert_int_equal(gp_set_isa("generic"), GP_OK);
        assert_int_equal(gp_forward_f64(&act, 3, z, a), GP_OK);
        assert_true(a[1] == 0.5);
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            gp_act ak = gp_act_default((gp_kind)k);
            for (int op = 0; op < GP_OP_COUNT; op++) {
                if (!gp_has_op((gp_kind)k, (gp_op)op))
                    continue;
                assert_int_equal(gp_apply_f64(&ak, (gp_op)op, 3, z, z, a), GP_OK);
                assert_int_equal(gp_apply_f32(&ak, (gp_op)op, 3, zf, zf, af), GP_OK);
                assert_memory_equal(a, sc[k][op], sizeof a);
                assert_memory_equal(af, scf[k][op], sizeof af);
            }
        }
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
