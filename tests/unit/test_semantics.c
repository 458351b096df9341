/* Semantics: subgradient at zero, parameters, exactness of leaky_relu, NaN and
 * infinities, signs of zero, large magnitudes.  All array calls run on every
 * available ISA (th_apply_*), which must agree bit for bit.  The tests of every
 * activation loop over the kinds of the facts table (src/act/desc.h) and take
 * what they need from the facts (operations, parameters, kinks, limits); the
 * limits themselves at +-inf: test_facts.c. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "th.h"
#include "tfacts.h"

static double one_f64(const gp_act *act, gp_op op, double x, double da)
{
    double out = 0;
    assert_int_equal(th_apply_f64(act, op, 1, &x, &da, &out), GP_OK);
    return out;
}

static float one_f32(const gp_act *act, gp_op op, float x, float da)
{
    float out = 0;
    assert_int_equal(th_apply_f32(act, op, 1, &x, &da, &out), GP_OK);
    return out;
}

/* every op the activation has, in both precisions, fails with want and leaves
 * the output untouched (the ops it has not: GP_ERR_OP, test_ops.c) */
static void expect_rejected(const gp_act *act, gp_status want, int only_from_output)
{
    double x[3] = {-1.0, 0.0, 2.0}, da[3] = {1, 1, 1}, out[3];
    float xf[3] = {-1.0f, 0.0f, 2.0f}, daf[3] = {1, 1, 1}, outf[3];
    for (int op = 0; op < GP_OP_COUNT; op++) {
        if ((only_from_output && !th_from_output((gp_op)op)) || !gp_has_op(act->kind, (gp_op)op))
            continue;
        th_fill_sentinel_f64(out, 3);
        th_fill_sentinel_f32(outf, 3);
        gp_status s = th_apply_f64(act, (gp_op)op, 3, x, da, out);
        if (s != want)
            fail_msg("%s alpha=%g gaz=%g f64: status %d, want %d", gp_op_name((gp_op)op), act->alpha,
                     act->grad_at_zero, (int)s, (int)want);
        assert_true(th_is_sentinel_f64(out, 3));
        s = th_apply_f32(act, (gp_op)op, 3, xf, daf, outf);
        if (s != want)
            fail_msg("%s alpha=%g gaz=%g f32: status %d, want %d", gp_op_name((gp_op)op), act->alpha,
                     act->grad_at_zero, (int)s, (int)want);
        assert_true(th_is_sentinel_f32(outf, 3));
    }
}

/* ---- subgradient at zero ------------------------------------------------------------------------ */

static void test_relu_default_grad_at_zero_is_0(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_RELU);
    assert_int_equal(a.kind, GP_RELU);
    assert_true(a.grad_at_zero == 0.0);
    assert_true(a.alpha == 0.0);
    assert_int_equal(gp_act_check(&a, 0), GP_OK);
    assert_int_equal(gp_act_check(&a, 1), GP_OK);
}

static void test_leaky_relu_default_alpha_and_grad_at_zero_are_0_01(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    assert_int_equal(a.kind, GP_LEAKY_RELU);
    assert_true(a.alpha == 0.01);
    assert_true(a.grad_at_zero == 0.01);
    assert_true(a.grad_at_zero == a.alpha);
    assert_int_equal(gp_act_check(&a, 1), GP_OK);
}

static void check_grad_at_signed_zeros(const gp_act *act)
{
    for (int s = 0; s < 2; s++) {
        double z = s ? -0.0 : 0.0;
        double g = one_f64(act, GP_OP_GRAD, z, 1);
        if (!(g == act->grad_at_zero))
            fail_msg("%s gaz=%g: grad(%s0) = %g", gp_kind_name(act->kind), act->grad_at_zero, s ? "-" : "+", g);
        assert_true(one_f32(act, GP_OP_GRAD, (float)z, 1) == (float)act->grad_at_zero);
        /* backward with da = 3: 3 * grad_at_zero */
        assert_true(one_f64(act, GP_OP_BACKWARD, z, 3.0) == 3.0 * act->grad_at_zero);
    }
}

static void test_relu_grad_at_signed_zeros_equals_grad_at_zero(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_RELU);
    const double gs[] = {0.0, 0.5, 1.0, 0.125};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        a.grad_at_zero = gs[i];
        check_grad_at_signed_zeros(&a);
    }
}

static void test_leaky_relu_grad_at_signed_zeros_equals_grad_at_zero(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    check_grad_at_signed_zeros(&a);
    a.grad_at_zero = 1.0;
    check_grad_at_signed_zeros(&a);
    a.alpha = 0.2;
    a.grad_at_zero = 0.6;
    check_grad_at_signed_zeros(&a);
    a.alpha = 3.0; /* slopes 1 (right) and 3 (left) */
    a.grad_at_zero = 2.0;
    check_grad_at_signed_zeros(&a);
}

/* every activation with a kink, every setting of the facts (parameters at
 * other values, grad_at_zero at either slope and between) */
static void test_grad_at_signed_zeros_is_grad_at_zero_every_kink(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act acts[TF_MAX_SETTINGS];
        int n = tf_settings((gp_kind)k, acts);
        double lo, hi;
        for (int i = 0; i < n && tf_kink(&acts[i], &lo, &hi); i++)
            for (int s = 0; s < 2; s++) {
                double z = s ? -0.0 : 0.0, g, b, three = 3.0;
                float zf = (float)z, gf, onef = 1.0f;
                assert_int_equal(th_apply_f64(&acts[i], GP_OP_GRAD, 1, &z, NULL, &g), GP_OK);
                assert_int_equal(th_apply_f64(&acts[i], GP_OP_BACKWARD, 1, &z, &three, &b), GP_OK);
                if (!(g == acts[i].grad_at_zero) || !(b == 3.0 * acts[i].grad_at_zero))
                    fail_msg("%s alpha=%g gaz=%g: grad(%s0) = %g, backward(da=3) = %g", gp_kind_name(acts[i].kind),
                             acts[i].alpha, acts[i].grad_at_zero, s ? "-" : "+", g, b);
                /* f32: where the parameters are floats */
                if (th_apply_f32(&acts[i], GP_OP_BACKWARD, 1, &zf, &onef, &gf) == GP_OK)
                    assert_true(gf == (float)acts[i].grad_at_zero);
            }
    }
}

/* grad_at_zero outside the slopes at the kink (just outside, NaN, infinite):
 * GP_ERR_PARAM from gp_act_check and every operation */
static void test_grad_at_zero_outside_kink_slopes_rejected_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act acts[TF_MAX_SETTINGS];
        int n = tf_settings((gp_kind)k, acts);
        double lo, hi;
        for (int i = 0; i < n && tf_kink(&acts[i], &lo, &hi); i++) {
            const double bad[] = {nextafter(lo, -INFINITY), nextafter(hi, INFINITY), NAN, INFINITY, -INFINITY};
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                gp_act a = acts[i];
                a.grad_at_zero = bad[b];
                assert_int_equal(gp_act_check(&a, 0), GP_ERR_PARAM);
                expect_rejected(&a, GP_ERR_PARAM, 0);
            }
        }
    }
}

static void test_relu_grad_at_zero_1_from_spec(void **state)
{
    (void)state;
    gp_act a;
    assert_int_equal(gp_act_parse("relu(grad_at_zero=1)", &a), GP_OK);
    assert_int_equal(a.kind, GP_RELU);
    assert_true(a.grad_at_zero == 1.0);
    assert_true(one_f64(&a, GP_OP_GRAD, 0.0, 1) == 1.0);
    assert_true(one_f64(&a, GP_OP_GRAD, -0.0, 1) == 1.0);
    assert_true(one_f32(&a, GP_OP_GRAD, 0.0f, 1) == 1.0f);
    /* away from zero the usual slopes */
    assert_true(one_f64(&a, GP_OP_GRAD, -1e-300, 1) == 0.0);
    assert_true(one_f64(&a, GP_OP_GRAD, 1e-300, 1) == 1.0);
}

static void test_grad_at_zero_between_slopes_accepted(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_RELU);
    const double rg[] = {0.0, 1e-300, 0.3, 0.999, 1.0};
    for (size_t i = 0; i < sizeof rg / sizeof rg[0]; i++) {
        a.grad_at_zero = rg[i];
        assert_int_equal(gp_act_check(&a, 0), GP_OK);
        assert_true(one_f64(&a, GP_OP_GRAD, 0.0, 1) == rg[i]);
    }
    gp_act l = gp_act_default(GP_LEAKY_RELU);
    const double lg[] = {0.01, 0.5, 1.0};
    for (size_t i = 0; i < sizeof lg / sizeof lg[0]; i++) {
        l.grad_at_zero = lg[i];
        assert_int_equal(gp_act_check(&l, 1), GP_OK);
        assert_true(one_f64(&l, GP_OP_GRAD, -0.0, 1) == lg[i]);
    }
    l.alpha = 4.0; /* [1, 4] */
    l.grad_at_zero = 4.0;
    assert_int_equal(gp_act_check(&l, 0), GP_OK);
    l.grad_at_zero = 1.0;
    assert_int_equal(gp_act_check(&l, 0), GP_OK);
    l.alpha = -0.5; /* [-0.5, 1] from z */
    l.grad_at_zero = -0.5;
    assert_int_equal(gp_act_check(&l, 0), GP_OK);
}

static void test_grad_at_zero_outside_slopes_rejected(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_RELU);
    const double bad[] = {-1e-300, -0.5, 1.0000000000000002, 2.0, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        a.grad_at_zero = bad[i];
        assert_int_equal(gp_act_check(&a, 0), GP_ERR_PARAM);
        expect_rejected(&a, GP_ERR_PARAM, 0);
    }
    gp_act l = gp_act_default(GP_LEAKY_RELU);
    const double lbad[] = {0.0, 0.00999, 1.01, NAN, -1.0};
    for (size_t i = 0; i < sizeof lbad / sizeof lbad[0]; i++) {
        l.grad_at_zero = lbad[i];
        assert_int_equal(gp_act_check(&l, 0), GP_ERR_PARAM);
        expect_rejected(&l, GP_ERR_PARAM, 0);
    }
    l.alpha = 3.0;
    l.grad_at_zero = 0.5; /* below the right slope 1 */
    expect_rejected(&l, GP_ERR_PARAM, 0);
}

/* the sweep of inputs where grad and grad_from_output must agree */
static size_t sweep_f64(double *v)
{
    const double base[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1060, -0x1p-1060, DBL_MIN, -DBL_MIN,
                           1e-300, -1e-300, 0.5, -0.5, 1.0, -1.0, 3.0, -7.25, 1e10, -1e10,
                           DBL_MAX, -DBL_MAX, INFINITY, -INFINITY};
    size_t n = sizeof base / sizeof base[0];
    memcpy(v, base, sizeof base);
    uint64_t rng = 31337;
    for (int i = 0; i < 200; i++)
        v[n++] = th_uniform(&rng, -100, 100);
    return n;
}

static void check_grad_equals_from_output(const gp_act *act)
{
    double z[300], a[300], g[300], go[300];
    float zf[300], af[300], gf[300], gof[300];
    size_t n = sweep_f64(z);
    for (size_t i = 0; i < n; i++)
        zf[i] = (float)z[i];
    zf[4] = 0x1p-149f; /* float denormals */
    zf[5] = -0x1p-149f;
    zf[6] = 0x1p-140f;
    zf[7] = -0x1p-140f;
    assert_int_equal(th_apply_f64(act, GP_OP_FORWARD, n, z, NULL, a), GP_OK);
    assert_int_equal(th_apply_f64(act, GP_OP_GRAD, n, z, NULL, g), GP_OK);
    assert_int_equal(th_apply_f64(act, GP_OP_GRAD_FROM_OUTPUT, n, a, NULL, go), GP_OK);
    assert_int_equal(th_apply_f32(act, GP_OP_FORWARD, n, zf, NULL, af), GP_OK);
    assert_int_equal(th_apply_f32(act, GP_OP_GRAD, n, zf, NULL, gf), GP_OK);
    assert_int_equal(th_apply_f32(act, GP_OP_GRAD_FROM_OUTPUT, n, af, NULL, gof), GP_OK);
    for (size_t i = 0; i < n; i++) {
        if (th_bits_f64(g[i]) != th_bits_f64(go[i]))
            fail_msg("%s f64 z=%a: grad %a, from output (a=%a) %a", gp_kind_name(act->kind), z[i], g[i], a[i], go[i]);
        if (th_bits_f32(gf[i]) != th_bits_f32(gof[i]))
            fail_msg("%s f32 z=%a: grad %a, from output (a=%a) %a", gp_kind_name(act->kind), (double)zf[i],
                     (double)gf[i], (double)af[i], (double)gof[i]);
    }
}

static void test_relu_grad_equals_grad_from_output_with_defaults(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_RELU);
    check_grad_equals_from_output(&a);
}

static void test_leaky_relu_grad_equals_grad_from_output_with_defaults(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    check_grad_equals_from_output(&a);
    a.alpha = a.grad_at_zero = 0.5; /* any alpha in [0, 1] with grad_at_zero = alpha */
    check_grad_equals_from_output(&a);
}

/* ---- from the output ------------------------------------------------------------------------------ */

static void test_relu_grad_from_output_at_zero_ignores_grad_at_zero(void **state)
{
    (void)state;
    gp_act a;
    assert_int_equal(gp_act_parse("relu(grad_at_zero=1)", &a), GP_OK);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 0.0, 1) == 0.0);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, -0.0, 1) == 0.0);
    assert_true(one_f32(&a, GP_OP_GRAD_FROM_OUTPUT, 0.0f, 1) == 0.0f);
    assert_true(one_f64(&a, GP_OP_BACKWARD_FROM_OUTPUT, 0.0, 5.0) == 0.0);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 0x1p-1074, 1) == 1.0);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 2.0, 1) == 1.0);
    assert_true(one_f32(&a, GP_OP_GRAD_FROM_OUTPUT, 2.0f, 1) == 1.0f);
}

static void test_leaky_relu_grad_from_output_reads_sign_of_a(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    a.alpha = 0.25;
    a.grad_at_zero = 0.75;
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 2.0, 1) == 1.0);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, -0.5, 1) == 0.25);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 0.0, 1) == 0.75);
    assert_true(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, -0.0, 1) == 0.75);
    assert_true(one_f32(&a, GP_OP_GRAD_FROM_OUTPUT, -0.5f, 1) == 0.25f);
    assert_true(one_f32(&a, GP_OP_GRAD_FROM_OUTPUT, 0.0f, 1) == 0.75f);
}

static void test_leaky_relu_from_output_negative_alpha_rejected(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    a.alpha = a.grad_at_zero = -0.5;
    assert_int_equal(gp_act_check(&a, 1), GP_ERR_PARAM);
    assert_int_equal(gp_act_check(&a, 0), GP_OK);
    expect_rejected(&a, GP_ERR_PARAM, 1);
}

static void test_leaky_relu_from_z_negative_alpha_works(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    a.alpha = a.grad_at_zero = -0.5;
    assert_true(one_f64(&a, GP_OP_FORWARD, -2.0, 1) == 1.0);
    assert_true(one_f64(&a, GP_OP_FORWARD, 3.0, 1) == 3.0);
    assert_true(one_f64(&a, GP_OP_GRAD, -2.0, 1) == -0.5);
    assert_true(one_f64(&a, GP_OP_GRAD, 3.0, 1) == 1.0);
    assert_true(one_f64(&a, GP_OP_GRAD, 0.0, 1) == -0.5);
    assert_true(one_f64(&a, GP_OP_BACKWARD, -2.0, 4.0) == -2.0);
    assert_true(one_f32(&a, GP_OP_FORWARD, -2.0f, 1) == 1.0f);
    assert_true(one_f32(&a, GP_OP_GRAD, -2.0f, 1) == -0.5f);
}

static void test_leaky_relu_nonfinite_alpha_rejected(void **state)
{
    (void)state;
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < 3; i++) {
        gp_act a = gp_act_default(GP_LEAKY_RELU);
        a.alpha = bad[i];
        assert_int_equal(gp_act_check(&a, 0), GP_ERR_PARAM);
        assert_int_equal(gp_act_check(&a, 1), GP_ERR_PARAM);
        expect_rejected(&a, GP_ERR_PARAM, 0);
        a.grad_at_zero = bad[i]; /* even when grad_at_zero "matches" */
        expect_rejected(&a, GP_ERR_PARAM, 0);
        a.grad_at_zero = 1.0;
        expect_rejected(&a, GP_ERR_PARAM, 0);
    }
}

/* An activation ignores the fields of gp_act it does not use (by its facts:
 * alpha without a parameter in that slot, grad_at_zero without a kink or a
 * parameter there): garbage in them passes the checks and changes nothing
 * (sigmoid and tanh ignore both, relu alpha). */
static void test_unused_fields_ignored(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act def = gp_act_default((gp_kind)k), o = def;
        tf_spoil_unused(d, &o, (const double[GP_SLOT_COUNT]){NAN, -7.0, -INFINITY});
        assert_int_equal(gp_act_check(&o, 0), GP_OK);
        assert_int_equal(gp_act_check(&o, 1), gp_act_check(&def, 1));
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            const double xs[] = {0.0, -0.0, 0.3, -2.5};
            for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
                assert_true(th_bits_f64(one_f64(&def, (gp_op)op, xs[i], 2.0)) ==
                            th_bits_f64(one_f64(&o, (gp_op)op, xs[i], 2.0)));
                assert_true(th_bits_f32(one_f32(&def, (gp_op)op, (float)xs[i], 2.0f)) ==
                            th_bits_f32(one_f32(&o, (gp_op)op, (float)xs[i], 2.0f)));
            }
        }
    }
}

/* ---- exactness of leaky_relu -------------------------------------------------------------------------- */

static void test_leaky_relu_forward_exact_f64(void **state)
{
    (void)state;
    const double alphas[] = {0.01, 0.1, 0.2, 1e-300, 3.0, -0.5, 0.0};
    uint64_t rng = 8;
    for (size_t k = 0; k < sizeof alphas / sizeof alphas[0]; k++) {
        gp_act a = gp_act_default(GP_LEAKY_RELU);
        a.alpha = a.grad_at_zero = alphas[k];
        enum { N = 500 };
        double z[N], out[N];
        for (size_t i = 0; i < N; i++)
            z[i] = th_uniform(&rng, -1e3, 1e3) * (i % 7 == 0 ? 1e-305 : 1.0);
        z[0] = 0x1p-1074;
        z[1] = -0x1p-1074;
        z[2] = DBL_MAX;
        z[3] = -DBL_MAX;
        assert_int_equal(th_apply_f64(&a, GP_OP_FORWARD, N, z, NULL, out), GP_OK);
        for (size_t i = 0; i < N; i++) {
            double want = z[i] > 0 ? z[i] : alphas[k] * z[i];
            if (th_bits_f64(out[i]) != th_bits_f64(want))
                fail_msg("leaky_relu alpha=%g z=%a: %a, want %a", alphas[k], z[i], out[i], want);
        }
    }
}

static void test_leaky_relu_forward_exact_f32(void **state)
{
    (void)state;
    const double alphas[] = {0.01, 0.1, 0.2, 1e-300, 3.0, -0.5, 1e-40};
    uint64_t rng = 9;
    for (size_t k = 0; k < sizeof alphas / sizeof alphas[0]; k++) {
        gp_act a = gp_act_default(GP_LEAKY_RELU);
        a.alpha = a.grad_at_zero = alphas[k];
        float fa = (float)alphas[k];
        enum { N = 500 };
        float z[N], out[N];
        for (size_t i = 0; i < N; i++)
            z[i] = (float)(th_uniform(&rng, -1e3, 1e3) * (i % 7 == 0 ? 1e-38 : 1.0));
        z[0] = 0x1p-149f;
        z[1] = -0x1p-149f;
        z[2] = FLT_MAX;
        z[3] = -FLT_MAX;
        assert_int_equal(th_apply_f32(&a, GP_OP_FORWARD, N, z, NULL, out), GP_OK);
        for (size_t i = 0; i < N; i++) {
            float want = z[i] > 0 ? z[i] : z[i] * fa;
            if (th_bits_f32(out[i]) != th_bits_f32(want))
                fail_msg("leaky_relu f32 alpha=%g z=%a: %a, want %a", alphas[k], (double)z[i], (double)out[i],
                         (double)want);
        }
    }
}

static void test_leaky_relu_grad_values_f32_use_float_alpha(void **state)
{
    (void)state;
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    a.alpha = a.grad_at_zero = 0.1;
    assert_true(one_f32(&a, GP_OP_GRAD, -1.0f, 1) == (float)0.1);
    assert_true(one_f32(&a, GP_OP_GRAD, 0.0f, 1) == (float)0.1);
    assert_true(one_f32(&a, GP_OP_GRAD, 1.0f, 1) == 1.0f);
    assert_true(one_f64(&a, GP_OP_GRAD, -1.0, 1) == 0.1);
}

/* ---- signs of zero ---------------------------------------------------------------------------------------- */

static void test_signed_zero_outputs(void **state)
{
    (void)state;
    gp_act r = gp_act_default(GP_RELU), l = gp_act_default(GP_LEAKY_RELU), t = gp_act_default(GP_TANH);
    assert_true(th_bits_f64(one_f64(&r, GP_OP_FORWARD, -0.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f64(one_f64(&r, GP_OP_FORWARD, 0.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f64(one_f64(&r, GP_OP_FORWARD, -5.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f32(one_f32(&r, GP_OP_FORWARD, -0.0f, 1)) == th_bits_f32(0.0f));
    assert_true(th_bits_f32(one_f32(&r, GP_OP_FORWARD, -5.0f, 1)) == th_bits_f32(0.0f));
    assert_true(th_bits_f64(one_f64(&l, GP_OP_FORWARD, -0.0, 1)) == th_bits_f64(-0.0));
    assert_true(th_bits_f32(one_f32(&l, GP_OP_FORWARD, -0.0f, 1)) == th_bits_f32(-0.0f));
    assert_true(th_bits_f64(one_f64(&l, GP_OP_FORWARD, 0.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f64(one_f64(&t, GP_OP_FORWARD, -0.0, 1)) == th_bits_f64(-0.0));
    assert_true(th_bits_f64(one_f64(&t, GP_OP_FORWARD, 0.0, 1)) == th_bits_f64(0.0));
    assert_true(th_bits_f32(one_f32(&t, GP_OP_FORWARD, -0.0f, 1)) == th_bits_f32(-0.0f));
}

/* ---- NaN ------------------------------------------------------------------------------------------------------ */

/* NaN z (or a) in, NaN out for every op in both precisions; for the unary ops the
 * input payload is kept (quieted); for backward a NaN da propagates too */
static void check_nan_propagates(gp_kind kind)
{
    gp_act act = gp_act_default(kind);
    const uint64_t payload64 = 0x7ff80000000abcdeu;   /* quiet NaN with payload */
    const uint64_t spayload64 = 0xfff00000000abcdeu;  /* negative signalling NaN */
    const uint32_t payload32 = 0x7fc0abcdu, spayload32 = 0xff80abcdu;
    for (int op = 0; op < GP_OP_COUNT; op++) {
        if (!gp_has_op(kind, (gp_op)op))
            continue;
        for (int s = 0; s < 2; s++) {
            uint64_t p64 = s ? spayload64 : payload64;
            uint32_t p32 = s ? spayload32 : payload32;
            double x[3], da[3] = {1.0, 1.0, 1.0}, out[3];
            float xf[3], daf[3] = {1.0f, 1.0f, 1.0f}, outf[3];
            for (int i = 0; i < 3; i++) {
                memcpy(&x[i], &p64, sizeof p64);
                memcpy(&xf[i], &p32, sizeof p32);
            }
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 3, x, da, out), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 3, xf, daf, outf), GP_OK);
            for (int i = 0; i < 3; i++) {
                if (!isnan(out[i]) || !isnan(outf[i]))
                    fail_msg("%s %s: NaN in, %g (f64) / %g (f32) out", gp_kind_name(kind), gp_op_name((gp_op)op),
                             out[i], (double)outf[i]);
                if (!th_backward((gp_op)op)) {
                    uint64_t want = p64 | 0x0008000000000000u; /* quieted */
                    uint32_t wantf = p32 | 0x00400000u;
                    if (th_bits_f64(out[i]) != want || th_bits_f32(outf[i]) != wantf)
                        fail_msg("%s %s: NaN payload not kept: %016llx -> %016llx, %08x -> %08x", gp_kind_name(kind),
                                 gp_op_name((gp_op)op), (unsigned long long)p64,
                                 (unsigned long long)th_bits_f64(out[i]), (unsigned)p32,
                                 (unsigned)th_bits_f32(outf[i]));
                }
            }
        }
        if (th_backward((gp_op)op)) {
            /* NaN da with an ordinary x, also where the slope is 0 */
            double x[3] = {-3.0, 0.5, 3.0}, da[3] = {NAN, NAN, NAN}, out[3];
            float xf[3] = {-3.0f, 0.5f, 3.0f}, daf[3] = {NAN, NAN, NAN}, outf[3];
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 3, x, da, out), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 3, xf, daf, outf), GP_OK);
            for (int i = 0; i < 3; i++)
                if (!isnan(out[i]) || !isnan(outf[i]))
                    fail_msg("%s %s: NaN da at x=%g gives %g / %g", gp_kind_name(kind), gp_op_name((gp_op)op), x[i],
                             out[i], (double)outf[i]);
        }
    }
}

static void test_nan_propagates_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++)
        check_nan_propagates((gp_kind)k);
}

/* ---- infinities ------------------------------------------------------------------------------------------------- */

/* backward is the IEEE product: da = inf where g' = 0 gives NaN */
static void test_backward_inf_da_times_zero_slope_is_nan(void **state)
{
    (void)state;
    gp_act r = gp_act_default(GP_RELU), s = gp_act_default(GP_SIGMOID);
    assert_true(isnan(one_f64(&r, GP_OP_BACKWARD, -1.0, INFINITY)));
    assert_true(isnan(one_f32(&r, GP_OP_BACKWARD, -1.0f, INFINITY)));
    assert_true(one_f64(&r, GP_OP_BACKWARD, 1.0, INFINITY) == INFINITY);
    assert_true(one_f64(&s, GP_OP_BACKWARD, 1.0, INFINITY) == INFINITY);
    assert_true(isnan(one_f64(&r, GP_OP_BACKWARD_FROM_OUTPUT, 0.0, INFINITY)));
    assert_true(isnan(one_f64(&s, GP_OP_BACKWARD_FROM_OUTPUT, 1.0, INFINITY))); /* a(1-a) = 0 */
}

/* Regression (found by this test for sigmoid and tanh): where the slope at
 * z = +-inf is exactly 0 (the facts' limits; grad returns 0), backward = da * 0
 * with da = +-inf must be NaN as the header states; the fused kernel used to
 * return +-inf. */
static void test_backward_inf_da_at_inf_z_is_nan_where_the_slope_limit_is_0(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        double lim[4];
        gp_act_table[k]->limits(&a, lim);
        for (int s = -1; s <= 1; s += 2) {
            double z = s * INFINITY;
            if (lim[s < 0 ? 2 : 3] != 0.0)
                continue;
            assert_true(one_f64(&a, GP_OP_GRAD, z, 1) == 0.0);
            double b = one_f64(&a, GP_OP_BACKWARD, z, INFINITY);
            float bf = one_f32(&a, GP_OP_BACKWARD, (float)z, INFINITY);
            if (!isnan(b) || !isnan(bf))
                fail_msg("BUG %s backward(z=%g, da=inf): f64 %g, f32 %g; want NaN (= inf * grad %g)",
                         gp_kind_name((gp_kind)k), z, b, (double)bf, one_f64(&a, GP_OP_GRAD, z, 1));
        }
    }
}

/* ---- large magnitudes ----------------------------------------------------------------------------------------------- */

/* v at z far out (f64 |z| >= 800, f32 |z| >= 200): the limit where it is a number
 * (or within 1/|z| of it: an algebraic tail such as softsign's, 1 - g ~ 1/|z|
 * and g' ~ 1/z^2, is near its limit there, not at it), a finite value of its
 * sign where it is infinite */
static void expect_near_limit(const char *what, gp_kind k, double z, double v, double lim)
{
    int ok = isfinite(lim) ? v == lim || fabs(v - lim) <= 1.0 / fabs(z)
                           : isfinite(v) && (v < 0) == (lim < 0) && v != 0;
    if (!ok)
        fail_msg("%s %s(%g) = %g; limit %g", gp_kind_name(k), what, z, v, lim);
}

static void test_large_magnitudes_no_overflow_or_nan(void **state)
{
    (void)state;
    const double big[] = {1e308, -1e308, DBL_MAX, -DBL_MAX, 1e300, -1e300, 1e20, -1e20, 800, -800, 1e5, -1e5};
    const float bigf[] = {FLT_MAX, -FLT_MAX, 1e38f, -1e38f, 1e20f, -1e20f, 200.0f, -200.0f, 89.0f, -89.0f};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        double lim[4];
        gp_act_table[k]->limits(&a, lim);
        for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
            double z = big[i];
            double f = one_f64(&a, GP_OP_FORWARD, z, 1), g = one_f64(&a, GP_OP_GRAD, z, 1);
            double b = one_f64(&a, GP_OP_BACKWARD, z, 0.5);
            int s = z > 0;
            /* slope * z past DBL_MAX (selu's L z): the exact value overflows */
            int over = isinf(lim[s]) && fabs(z * lim[2 + s]) > DBL_MAX;
            assert_true((isfinite(f) || (over && f == lim[s])) && isfinite(g) && isfinite(b));
            if (!over)
                expect_near_limit("forward", (gp_kind)k, z, f, lim[s]);
            expect_near_limit("grad", (gp_kind)k, z, g, lim[2 + s]);
            expect_near_limit("backward (da = 0.5)", (gp_kind)k, z, b, 0.5 * lim[2 + s]);
        }
        for (size_t i = 0; i < sizeof bigf / sizeof bigf[0]; i++) {
            float z = bigf[i];
            float f = one_f32(&a, GP_OP_FORWARD, z, 1), g = one_f32(&a, GP_OP_GRAD, z, 1);
            float b = one_f32(&a, GP_OP_BACKWARD, z, 0.5f);
            int over = isinf(lim[z > 0]) && fabs(z * lim[2 + (z > 0)]) > FLT_MAX;
            assert_true((isfinite(f) || (over && f == (float)lim[z > 0])) && isfinite(g) && isfinite(b));
            /* sigmoid'(89) = 2.2e-39 is still a (subnormal) float: 0 only from |z| >= 104 */
            if (fabsf(z) < 200.0f)
                continue;
            int s = z > 0;
            if (!over)
                expect_near_limit("f32 forward", (gp_kind)k, z, f, (float)lim[s]);
            expect_near_limit("f32 grad", (gp_kind)k, z, g, (float)lim[2 + s]);
            expect_near_limit("f32 backward (da = 0.5)", (gp_kind)k, z, b, 0.5f * (float)lim[2 + s]);
        }
        /* from the output with large a (outside the range of some g): the formula as is, no NaN */
        if (gp_has_op((gp_kind)k, GP_OP_GRAD_FROM_OUTPUT))
            assert_false(isnan(one_f64(&a, GP_OP_GRAD_FROM_OUTPUT, 1e100, 1)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relu_default_grad_at_zero_is_0),
        cmocka_unit_test(test_leaky_relu_default_alpha_and_grad_at_zero_are_0_01),
        cmocka_unit_test(test_relu_grad_at_signed_zeros_equals_grad_at_zero),
        cmocka_unit_test(test_leaky_relu_grad_at_signed_zeros_equals_grad_at_zero),
        cmocka_unit_test(test_grad_at_signed_zeros_is_grad_at_zero_every_kink),
        cmocka_unit_test(test_grad_at_zero_outside_kink_slopes_rejected_every_kind),
        cmocka_unit_test(test_relu_grad_at_zero_1_from_spec),
        cmocka_unit_test(test_grad_at_zero_between_slopes_accepted),
        cmocka_unit_test(test_grad_at_zero_outside_slopes_rejected),
        cmocka_unit_test(test_relu_grad_equals_grad_from_output_with_defaults),
        cmocka_unit_test(test_leaky_relu_grad_equals_grad_from_output_with_defaults),
        cmocka_unit_test(test_relu_grad_from_output_at_zero_ignores_grad_at_zero),
        cmocka_unit_test(test_leaky_relu_grad_from_output_reads_sign_of_a),
        cmocka_unit_test(test_leaky_relu_from_output_negative_alpha_rejected),
        cmocka_unit_test(test_leaky_relu_from_z_negative_alpha_works),
        cmocka_unit_test(test_leaky_relu_nonfinite_alpha_rejected),
        cmocka_unit_test(test_unused_fields_ignored),
        cmocka_unit_test(test_leaky_relu_forward_exact_f64),
        cmocka_unit_test(test_leaky_relu_forward_exact_f32),
        cmocka_unit_test(test_leaky_relu_grad_values_f32_use_float_alpha),
        cmocka_unit_test(test_signed_zero_outputs),
        cmocka_unit_test(test_nan_propagates_every_kind),
        cmocka_unit_test(test_backward_inf_da_times_zero_slope_is_nan),
        cmocka_unit_test(test_backward_inf_da_at_inf_z_is_nan_where_the_slope_limit_is_0),
        cmocka_unit_test(test_large_magnitudes_no_overflow_or_nan),
    };
    return cmocka_run_group_tests_name("semantics", tests, NULL, NULL);
}
