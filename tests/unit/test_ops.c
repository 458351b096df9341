/* Which operations an activation has (gp_has_op, GP_ERR_OP) and the scalar
 * forms gp_scalar_f32/f64 for every activation and operation.  Every loop
 * runs over the kinds of the facts table (src/act/desc.h), so a new
 * activation is covered with no edit here.  (That gp_has_op also matches the
 * kernel table of every ISA: tests/robust/test_kernel_ops.c.) */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "gp_ref.h"
#include "th.h"
#include "tfacts.h"

static int same_bits_f64(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }
static int same_bits_f32(float a, float b) { return memcmp(&a, &b, sizeof a) == 0; }

/* the named array function of op (gp_forward_f64, ...) */
static gp_status named_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da, double *out)
{
    switch (op) {
    case GP_OP_FORWARD: return gp_forward_f64(act, n, x, out);
    case GP_OP_GRAD: return gp_grad_f64(act, n, x, out);
    case GP_OP_GRAD_FROM_OUTPUT: return gp_grad_from_output_f64(act, n, x, out);
    case GP_OP_BACKWARD: return gp_backward_f64(act, n, x, da, out);
    case GP_OP_BACKWARD_FROM_OUTPUT: return gp_backward_from_output_f64(act, n, x, da, out);
    }
    return gp_apply_f64(act, op, n, x, da, out);
}

static gp_status named_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *out)
{
    switch (op) {
    case GP_OP_FORWARD: return gp_forward_f32(act, n, x, out);
    case GP_OP_GRAD: return gp_grad_f32(act, n, x, out);
    case GP_OP_GRAD_FROM_OUTPUT: return gp_grad_from_output_f32(act, n, x, out);
    case GP_OP_BACKWARD: return gp_backward_f32(act, n, x, da, out);
    case GP_OP_BACKWARD_FROM_OUTPUT: return gp_backward_from_output_f32(act, n, x, da, out);
    }
    return gp_apply_f32(act, op, n, x, da, out);
}

/* ---- gp_has_op ----------------------------------------------------------------------------- */

static void test_has_op_is_the_facts_ops(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int op = 0; op < GP_OP_COUNT; op++) {
            int want = (int)(gp_act_table[k]->ops >> op & 1u);
            assert_int_equal(gp_has_op((gp_kind)k, (gp_op)op), want);
            assert_int_equal(gp_desc_has(gp_act_table[k], (gp_op)op), want);
        }
    /* every activation has the operations from z (the header's promise) */
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        assert_true(gp_has_op((gp_kind)k, GP_OP_FORWARD));
        assert_true(gp_has_op((gp_kind)k, GP_OP_GRAD));
        assert_true(gp_has_op((gp_kind)k, GP_OP_BACKWARD));
    }
}

static void test_has_op_out_of_range_is_0(void **state)
{
    (void)state;
    const int kinds[] = {-1, GP_KIND_COUNT, GP_KIND_COUNT + 1, 1000, -1000};
    const int ops[] = {-1, GP_OP_COUNT, GP_OP_COUNT + 1, 77, -77};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        for (int op = 0; op < GP_OP_COUNT; op++)
            assert_int_equal(gp_has_op((gp_kind)kinds[i], (gp_op)op), 0);
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
            assert_int_equal(gp_has_op((gp_kind)k, (gp_op)ops[i]), 0);
    assert_int_equal(gp_has_op((gp_kind)-1, (gp_op)-1), 0);
}

static void test_strerror_err_op(void **state)
{
    (void)state;
    assert_string_equal(gp_strerror(GP_ERR_OP), "this activation has no such operation");
}

/* ---- GP_ERR_OP ------------------------------------------------------------------------------- */

/* Every way to call op on act, which its activation has not: GP_ERR_OP and
 * nothing written, whatever the buffers, the length and the parameters (the
 * operation is checked before them). */
static void expect_refused(const gp_act *act, gp_op op)
{
    double x[3] = {-1.0, 0.0, 2.0}, da[3] = {1, 1, 1}, out[3], o = 5.0;
    float xf[3] = {-1.0f, 0.0f, 2.0f}, daf[3] = {1, 1, 1}, outf[3], of = 5.0f;
    const size_t ns[] = {3, 1, 0};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        th_fill_sentinel_f64(out, 3);
        th_fill_sentinel_f32(outf, 3);
        assert_int_equal(th_apply_f64(act, op, ns[i], x, da, out), GP_ERR_OP); /* gp_apply, every ISA */
        assert_int_equal(th_apply_f32(act, op, ns[i], xf, daf, outf), GP_ERR_OP);
        assert_int_equal(named_f64(act, op, ns[i], x, da, out), GP_ERR_OP);
        assert_int_equal(named_f32(act, op, ns[i], xf, daf, outf), GP_ERR_OP);
        assert_int_equal(gp_apply_f64(act, op, ns[i], NULL, NULL, NULL), GP_ERR_OP);
        assert_int_equal(gp_apply_f32(act, op, ns[i], NULL, NULL, NULL), GP_ERR_OP);
        assert_int_equal(gp_apply_f64(act, op, ns[i], x, da, x), GP_ERR_OP); /* in place */
        assert_true(th_is_sentinel_f64(out, 3) && th_is_sentinel_f32(outf, 3));
        assert_true(x[0] == -1.0 && x[1] == 0.0 && x[2] == 2.0);
    }
    assert_int_equal(gp_scalar_f64(act, op, 0.5, 1.0, &o), GP_ERR_OP);
    assert_int_equal(gp_scalar_f32(act, op, 0.5f, 1.0f, &of), GP_ERR_OP);
    assert_int_equal(gp_scalar_f64(act, op, 0.5, 1.0, NULL), GP_ERR_OP);
    assert_int_equal(gp_scalar_f32(act, op, 0.5f, 1.0f, NULL), GP_ERR_OP);
    assert_true(o == 5.0 && of == 5.0f);
}

/* Every kind x every operation it lacks, with its defaults and with every
 * parameter and grad_at_zero out of range (GP_ERR_OP comes first).  With the
 * four activations of today every kind has every operation and the loop finds
 * nothing; it becomes non-empty with the first activation without the
 * from-output forms (silu, gelu). */
static void test_missing_op_refused_output_untouched(void **state)
{
    (void)state;
    int missing = 0;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            missing++;
            gp_act a = gp_act_default((gp_kind)k);
            expect_refused(&a, (gp_op)op);
            for (int i = 0; i < d->nparams; i++) {
                gp_act b = a;
                *gp_act_slot(&b, &d->params[i]) = NAN;
                expect_refused(&b, (gp_op)op);
            }
            a.grad_at_zero = NAN;
            expect_refused(&a, (gp_op)op);
        }
    }
    print_message("operations refused with GP_ERR_OP: %d (kind, op) pairs\n", missing);
}

/* The checks before the operation's: an op outside gp_op is GP_ERR_PARAM
 * (not GP_ERR_OP), an unknown kind GP_ERR_KIND, in the array and the scalar
 * forms alike. */
static void test_op_check_order(void **state)
{
    (void)state;
    double x = 1.0, o = 5.0;
    float xf = 1.0f, of = 5.0f;
    gp_act bad = gp_act_default(GP_KIND_COUNT);
    for (int op = 0; op < GP_OP_COUNT; op++) {
        assert_int_equal(gp_apply_f64(&bad, (gp_op)op, 1, &x, &x, &o), GP_ERR_KIND);
        assert_int_equal(gp_scalar_f64(&bad, (gp_op)op, x, x, &o), GP_ERR_KIND);
        assert_int_equal(gp_scalar_f32(&bad, (gp_op)op, xf, xf, &of), GP_ERR_KIND);
    }
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        assert_int_equal(gp_apply_f64(&a, (gp_op)GP_OP_COUNT, 1, &x, &x, &o), GP_ERR_PARAM);
        assert_int_equal(gp_scalar_f64(&a, (gp_op)GP_OP_COUNT, x, x, &o), GP_ERR_PARAM);
        assert_int_equal(gp_scalar_f32(&a, (gp_op)-1, xf, xf, &of), GP_ERR_PARAM);
    }
    assert_true(o == 5.0 && of == 5.0f);
}

/* ---- gp_scalar ----------------------------------------------------------------------------------- */

enum { NV = 64 };

static void inputs_f64(double *x, double *da)
{
    const double sp[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, DBL_MIN, -DBL_MIN, 1.0, -1.0, 0.5, -0.5, 3.0, -7.25,
                         40.0, -40.0, 800.0, -800.0, DBL_MAX, -DBL_MAX, INFINITY, -INFINITY, NAN, 0.25};
    size_t n = sizeof sp / sizeof sp[0];
    uint64_t rng = 99;
    for (size_t i = 0; i < NV; i++) {
        x[i] = i < n ? sp[i] : th_uniform(&rng, -30, 30);
        da[i] = i % 5 == 4 ? sp[(i * 7) % n] : th_uniform(&rng, -3, 3);
    }
}

/* gp_scalar on each element gives the status of the array call of length 1 on
 * it and, on GP_OK, the same bits as the array call on all of them */
static void check_scalar_equals_array(const gp_act *act, gp_op op)
{
    double x[NV], da[NV], out[NV];
    float xf[NV], daf[NV], outf[NV];
    inputs_f64(x, da);
    for (size_t i = 0; i < NV; i++) {
        xf[i] = (float)x[i];
        daf[i] = (float)da[i];
    }
    gp_status s64 = th_apply_f64(act, op, NV, x, da, out), s32 = th_apply_f32(act, op, NV, xf, daf, outf);
    for (size_t i = 0; i < NV; i++) {
        double o = 77.0, one;
        float of = 77.0f, onef;
        gp_status s = gp_scalar_f64(act, op, x[i], da[i], &o);
        assert_int_equal(s, gp_apply_f64(act, op, 1, &x[i], &da[i], &one));
        assert_int_equal(s, s64);
        if (s == GP_OK && !same_bits_f64(o, out[i]))
            fail_msg("%s %s alpha=%g gaz=%g f64 x=%a da=%a: scalar %a, array %a", gp_kind_name(act->kind),
                     gp_op_name(op), act->alpha, act->grad_at_zero, x[i], da[i], o, out[i]);
        if (s != GP_OK)
            assert_true(o == 77.0);
        s = gp_scalar_f32(act, op, xf[i], daf[i], &of);
        assert_int_equal(s, gp_apply_f32(act, op, 1, &xf[i], &daf[i], &onef));
        assert_int_equal(s, s32);
        if (s == GP_OK && !same_bits_f32(of, outf[i]))
            fail_msg("%s %s alpha=%g gaz=%g f32 x=%a da=%a: scalar %a, array %a", gp_kind_name(act->kind),
                     gp_op_name(op), act->alpha, act->grad_at_zero, (double)xf[i], (double)daf[i], (double)of,
                     (double)outf[i]);
        if (s != GP_OK)
            assert_true(of == 77.0f);
    }
}

static void test_scalar_equals_array_every_kind_and_op(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act acts[TF_MAX_SETTINGS];
        int n = tf_settings((gp_kind)k, acts);
        for (int i = 0; i < n; i++)
            for (int op = 0; op < GP_OP_COUNT; op++)
                check_scalar_equals_array(&acts[i], (gp_op)op); /* missing ops included: both GP_ERR_OP */
    }
}

/* parameters out of range: the scalar forms refuse them as the array functions do */
static void test_scalar_statuses_as_array(void **state)
{
    (void)state;
    const double bad[] = {NAN, INFINITY, -INFINITY, 1e300, -1e300, -1.0, 2.0};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            gp_act acts[4];
            int n = 0;
            for (int i = 0; i < d->nparams; i++) {
                acts[n] = gp_act_default((gp_kind)k);
                *gp_act_slot(&acts[n++], &d->params[i]) = bad[b];
            }
            acts[n] = gp_act_default((gp_kind)k);
            acts[n++].grad_at_zero = bad[b];
            for (int i = 0; i < n; i++)
                for (int op = 0; op < GP_OP_COUNT; op++)
                    check_scalar_equals_array(&acts[i], (gp_op)op);
        }
    }
}

static void test_scalar_null_out_and_null_act(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            gp_status want = gp_has_op((gp_kind)k, (gp_op)op) ? GP_ERR_NULL : GP_ERR_OP;
            assert_int_equal(gp_scalar_f64(&a, (gp_op)op, 0.5, 1.0, NULL), want);
            assert_int_equal(gp_scalar_f32(&a, (gp_op)op, 0.5f, 1.0f, NULL), want);
            double o = 3.0;
            float of = 3.0f;
            assert_int_equal(gp_scalar_f64(NULL, (gp_op)op, 0.5, 1.0, &o), GP_ERR_NULL);
            assert_int_equal(gp_scalar_f32(NULL, (gp_op)op, 0.5f, 1.0f, &of), GP_ERR_NULL);
            assert_true(o == 3.0 && of == 3.0f);
        }
    }
}

/* A tiny da (|da| below 2^-800 in f64, 2^-60 in f32): da g' is normal for
 * g' far from 0, but a kernel that formed da times a factor of g' before
 * its scaling underflowed there (issue 19).  Every activation's backward
 * forms, at z or a across their range: within the facts' bound of MPFR and
 * no FE_UNDERFLOW beside a normal result. */
static void test_backward_tiny_da_is_accurate_and_raises_no_underflow(void **state)
{
    (void)state;
    enum { M = 64 };
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int op = GP_OP_BACKWARD; op <= GP_OP_BACKWARD_FROM_OUTPUT; op++) {
            gp_act act = gp_act_default((gp_kind)k);
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            int fo = op == GP_OP_BACKWARD_FROM_OUTPUT;
            double x[M], da[M], dz[M];
            float xf[M], daf[M], dzf[M];
            /* from z: [-6, 6]; from the output: inside the outputs (facts' limits, cut to [-6, 6]) */
            double lim[4], lo = -6.0, hi = 6.0;
            gp_desc((gp_kind)k)->limits(&act, lim);
            if (fo)
                lo = fmax(lo, fmin(lim[0], lim[1])), hi = fmin(hi, fmax(lim[0], lim[1]));
            for (int i = 0; i < M; i++) {
                x[i] = lo + (hi - lo) * (i + 0.5) / M;
                da[i] = ldexp(1.0 + i / 97.0, -1000 + (i % 7));
                xf[i] = (float)x[i];
                daf[i] = (float)ldexp(1.0 + i / 97.0, -110 + (i % 7));
            }
            feclearexcept(FE_ALL_EXCEPT);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, M, x, da, dz), GP_OK);
            int uf64 = fetestexcept(FE_UNDERFLOW);
            feclearexcept(FE_ALL_EXCEPT);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, M, xf, daf, dzf), GP_OK);
            int uf32 = fetestexcept(FE_UNDERFLOW);
            int tiny64 = 0, tiny32 = 0;
            for (int i = 0; i < M; i++) {
                double u = gp_ref_ulps_f64(&act, (gp_op)op, x[i], da[i], dz[i]);
                double uf = gp_ref_ulps_f32(&act, (gp_op)op, xf[i], daf[i], dzf[i]);
                const gp_act_desc *d = gp_desc((gp_kind)k); /* bound 0: da g' in one rounding */
                if (!(u <= fmax(0.5, gp_desc_ulp(d, GP_ACCURACY_EXACT, 1, (gp_op)op))) ||
                    !(uf <= fmax(0.5, gp_desc_ulp(d, GP_ACCURACY_EXACT, 0, (gp_op)op))))
                    fail_msg("%s %s at x=%a: f64 %.3f ulp (da=%a), f32 %.3f ulp (da=%a)", gp_kind_name((gp_kind)k),
                             gp_op_name((gp_op)op), x[i], u, da[i], uf, (double)daf[i]);
                tiny64 |= fabs(gp_ref_f64(&act, (gp_op)op, x[i], da[i])) < DBL_MIN;
                tiny32 |= fabsf(gp_ref_f32(&act, (gp_op)op, xf[i], daf[i])) < FLT_MIN;
            }
            if ((uf64 && !tiny64) || (uf32 && !tiny32))
                fail_msg("%s %s: FE_UNDERFLOW beside normal results (f64 %d, f32 %d)", gp_kind_name((gp_kind)k),
                         gp_op_name((gp_op)op), uf64 != 0, uf32 != 0);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_has_op_is_the_facts_ops),
        cmocka_unit_test(test_has_op_out_of_range_is_0),
        cmocka_unit_test(test_strerror_err_op),
        cmocka_unit_test(test_missing_op_refused_output_untouched),
        cmocka_unit_test(test_op_check_order),
        cmocka_unit_test(test_scalar_equals_array_every_kind_and_op),
        cmocka_unit_test(test_scalar_statuses_as_array),
        cmocka_unit_test(test_scalar_null_out_and_null_act),
        cmocka_unit_test(test_backward_tiny_da_is_accurate_and_raises_no_underflow),
    };
    return cmocka_run_group_tests_name("ops", tests, NULL, NULL);
}
