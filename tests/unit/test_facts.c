/* The facts of every activation (src/act/desc.h) agree with the library: the
 * name and every alias parse back to the kind, the defaults are the facts'
 * defaults and pass gp_act_check, the default formats to the name, the
 * parameter ranges, ulp bounds and shown range are well formed, and limits()
 * are what forward, grad, backward and the from-output forms return at +-inf.
 * Loops over every kind: a new activation is checked with no edit here. */
#include <ctype.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "th.h"
#include "tfacts.h"

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void test_every_kind_has_facts(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        assert_non_null(d);
        assert_ptr_equal(gp_desc((gp_kind)k), d);
        assert_int_equal(d->kind, k);
        assert_non_null(d->name);
        assert_true(strlen(d->name) > 0);
        assert_non_null(d->g);
        assert_non_null(d->dg);
        assert_non_null(d->dg_from_a);
        /* forward, grad and backward always; the from-output forms both or neither */
        assert_int_equal(d->ops & GP_OPS_FROM_Z, GP_OPS_FROM_Z);
        assert_int_equal(d->ops & ~GP_OPS_ALL, 0);
        int fo = gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT);
        assert_int_equal(fo, gp_desc_has(d, GP_OP_BACKWARD_FROM_OUTPUT));
        assert_int_equal(fo, d->dg_from_a[0] != '\0'); /* a from-a formula exactly where there is the form */
        assert_true(d->nparams >= 0 && d->nparams <= 3);
        assert_true(d->nkinks >= 0 && d->nkinks <= 2);
        /* a grad_at_zero rule (kink_slopes) exactly where a kink is at z = 0;
         * a kink elsewhere (hardsigmoid's +-3) has a fixed rule */
        int kink_at_0 = 0;
        for (int i = 0; i < d->nkinks; i++)
            kink_at_0 |= d->kinks[i] == 0.0;
        assert_int_equal(kink_at_0, d->kink_slopes != NULL);
        assert_non_null(d->limits);
        assert_true(d->arith == 0 || d->arith == 1);
    }
    assert_null(gp_desc(GP_KIND_COUNT));
    assert_null(gp_desc((gp_kind)-1));
}

/* parse spec: GP_OK and kind k with the defaults, bit for bit */
static void expect_parses_to_default(const char *spec, int k)
{
    gp_act a, d = gp_act_default((gp_kind)k);
    gp_status s = gp_act_parse(spec, &a);
    if (s != GP_OK || a.kind != (gp_kind)k || !same_bits(a.alpha, d.alpha) || !same_bits(a.grad_at_zero, d.grad_at_zero))
        fail_msg("\"%s\": status %d kind %d alpha %a gaz %a; want kind %d alpha %a gaz %a", spec, (int)s, (int)a.kind,
                 a.alpha, a.grad_at_zero, k, d.alpha, d.grad_at_zero);
}

static void test_name_and_aliases_parse_back_to_the_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        assert_string_equal(gp_kind_name((gp_kind)k), d->name);
        expect_parses_to_default(d->name, k);
        char up[64], paren[72];
        size_t len = strlen(d->name);
        assert_true(len < sizeof up);
        for (size_t i = 0; i <= len; i++)
            up[i] = (char)toupper((unsigned char)d->name[i]);
        expect_parses_to_default(up, k);
        snprintf(paren, sizeof paren, " %s ( ) ", d->name);
        expect_parses_to_default(paren, k);
        for (int j = 0; j < 4 && d->aliases[j]; j++)
            expect_parses_to_default(d->aliases[j], k);
    }
}

/* no spelling names two activations (the parser would take the first) */
static void test_names_and_aliases_are_unique(void **state)
{
    (void)state;
    const char *all[GP_KIND_COUNT * 5];
    int n = 0;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        all[n++] = gp_act_table[k]->name;
        for (int j = 0; j < 4 && gp_act_table[k]->aliases[j]; j++)
            all[n++] = gp_act_table[k]->aliases[j];
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            size_t a = strlen(all[i]), b = strlen(all[j]), m = 0;
            while (m < a && m < b && tolower((unsigned char)all[i][m]) == tolower((unsigned char)all[j][m]))
                m++;
            if (m == a && m == b)
                fail_msg("\"%s\" and \"%s\" are the same name", all[i], all[j]);
        }
}

static void test_defaults_are_the_facts_and_pass_check(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act a = gp_act_default((gp_kind)k);
        assert_int_equal(a.kind, k);
        for (int i = 0; i < d->nparams; i++)
            assert_true(same_bits(gp_act_value(&a, &d->params[i]), d->params[i].def));
        double l, r;
        if (d->kink_slopes) {
            d->kink_slopes(&a, &l, &r);
            assert_true(same_bits(a.grad_at_zero, l)); /* the left slope */
        }
        assert_int_equal(gp_act_check(&a, 0), GP_OK);
        if (gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT))
            assert_int_equal(gp_act_check(&a, 1), GP_OK);
        char buf[32]; /* 32 bytes hold every default spec */
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
        assert_string_equal(buf, d->name);
    }
}

static void test_param_ranges_are_well_formed(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            assert_non_null(q->key);
            assert_true(strlen(q->key) > 0);
            assert_string_not_equal(q->key, "grad_at_zero");
            assert_true(q->slot >= 0 && q->slot < GP_SLOT_COUNT);
            assert_true(q->lo <= q->hi);
            assert_true(tf_param_allowed(q, q->def, 0));
            if (gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT))
                assert_true(tf_param_allowed(q, q->def, 1));
            assert_ptr_equal(gp_desc_param(d, q->key), q);
            for (int j = 0; j < i; j++) {
                assert_string_not_equal(d->params[j].key, q->key);
                assert_int_not_equal(d->params[j].slot, q->slot);
            }
            if (d->kink_slopes)
                assert_int_not_equal(q->slot, GP_SLOT_GRAD_AT_ZERO);
        }
        assert_null(gp_desc_param(d, "no_such_key"));
    }
}

static void test_ulp_bounds_and_shown_range(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (int t = 0; t < 2; t++)
            for (int op = 0; op < GP_OP_COUNT; op++)
                if (!(d->ulp[t][op] >= 0 && isfinite(d->ulp[t][op])))
                    fail_msg("%s %s type %d: ulp bound %g", d->name, gp_op_name((gp_op)op), t, d->ulp[t][op]);
        assert_true(isfinite(d->show_lo) && isfinite(d->show_hi));
        assert_true(d->show_lo < d->show_hi);
        for (int i = 0; i < d->nkinks; i++)
            assert_true(d->kinks[i] > d->show_lo && d->kinks[i] < d->show_hi); /* the kink shows */
    }
}

/* got is want, or both are NaN */
static int same_or_nan(double got, double want) { return (isnan(got) && isnan(want)) || same_bits(got, want); }

/* limits(act) against forward, grad and backward (da = 1) at -inf and +inf,
 * and against the from-output forms at a = g(-+inf) (where that is a number) */
static void check_limits(const gp_act *act)
{
    const gp_act_desc *d = gp_desc(act->kind);
    /* the f32 kernels see the parameters rounded to float (alpha 1e-300 is 0 there) */
    gp_act a32 = *act;
    for (int i = 0; i < d->nparams; i++)
        *gp_act_slot(&a32, &d->params[i]) = (float)gp_act_value(act, &d->params[i]);
    a32.grad_at_zero = (float)act->grad_at_zero;
    double lim[4], lim32[4];
    d->limits(act, lim);
    d->limits(&a32, lim32);
    for (int s = 0; s < 2; s++) {
        double z = s ? INFINITY : -INFINITY, one = 1.0, out[3];
        float zf = (float)z, onef = 1.0f, outf[3];
        assert_int_equal(th_apply_f64(act, GP_OP_FORWARD, 1, &z, NULL, &out[0]), GP_OK);
        assert_int_equal(th_apply_f64(act, GP_OP_GRAD, 1, &z, NULL, &out[1]), GP_OK);
        assert_int_equal(th_apply_f64(act, GP_OP_BACKWARD, 1, &z, &one, &out[2]), GP_OK);
        int f32 = th_apply_f32(act, GP_OP_FORWARD, 1, &zf, NULL, &outf[0]) == GP_OK; /* alpha may not be a float */
        if (f32) {
            assert_int_equal(th_apply_f32(act, GP_OP_GRAD, 1, &zf, NULL, &outf[1]), GP_OK);
            assert_int_equal(th_apply_f32(act, GP_OP_BACKWARD, 1, &zf, &onef, &outf[2]), GP_OK);
        }
        double want[3] = {lim[s], lim[2 + s], lim[2 + s]}, want32[3] = {lim32[s], lim32[2 + s], lim32[2 + s]};
        for (int i = 0; i < 3; i++)
            if (!same_or_nan(out[i], want[i]) || (f32 && !same_or_nan(outf[i], (float)want32[i])))
                fail_msg("%s alpha=%g gaz=%g: %s(%g) = %g (f64), %g (f32); limits() says %g, %g", d->name,
                         act->alpha, act->grad_at_zero, i == 0 ? "forward" : i == 1 ? "grad" : "backward", z, out[i],
                         f32 ? (double)outf[i] : NAN, want[i], (double)(float)want32[i]);
        if (!gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT) || isnan(lim[s]) || gp_act_check(act, 1) != GP_OK)
            continue;
        double a = lim[s], g;
        assert_int_equal(th_apply_f64(act, GP_OP_GRAD_FROM_OUTPUT, 1, &a, NULL, &g), GP_OK);
        /* a = g(-+inf) itself may be rounded (selu's -L A0): the formula on it is off by at most that */
        if (!same_or_nan(g, lim[2 + s]) && !(fabs(g - lim[2 + s]) <= 0x1p-53 * fabs(a)))
            fail_msg("%s alpha=%g: grad_from_output(a = g(%g) = %g) = %g; limits() says %g", d->name, act->alpha, z,
                     a, g, lim[2 + s]);
    }
}

static void test_limits_are_the_values_at_inf(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act acts[TF_MAX_SETTINGS];
        int n = tf_settings((gp_kind)k, acts);
        for (int i = 0; i < n; i++)
            check_limits(&acts[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_has_facts),
        cmocka_unit_test(test_name_and_aliases_parse_back_to_the_kind),
        cmocka_unit_test(test_names_and_aliases_are_unique),
        cmocka_unit_test(test_defaults_are_the_facts_and_pass_check),
        cmocka_unit_test(test_param_ranges_are_well_formed),
        cmocka_unit_test(test_ulp_bounds_and_shown_range),
        cmocka_unit_test(test_limits_are_the_values_at_inf),
    };
    return cmocka_run_group_tests_name("facts", tests, NULL, NULL);
}
