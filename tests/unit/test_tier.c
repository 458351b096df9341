/* The accuracy tier (gp_act.accuracy, issue 17): the spec key
 * "accuracy=fast|exact" on every activation and its round trip, the checks
 * of an unknown tier, that the tier reaches the kernels (the fast column of
 * the kernel table, a NULL entry meaning the default kernel), that the fast
 * tier equals the default bit for bit where an activation has no fast
 * kernels, and the fast tier's NaN, infinities and tails on every ISA.
 * Links the static library: it reads the kernel table (src/kernels.h). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "th.h"
#include "tfacts.h"
#include "kernels.h"
#include "fpenv.h"
#include "../test_isas.h"

#define N 4096

/* the same act, field by field (not the padding) */
static void assert_same_act(const gp_act *a, const gp_act *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->accuracy, b->accuracy);
    assert_memory_equal(&a->alpha, &b->alpha, sizeof a->alpha);
    assert_memory_equal(&a->grad_at_zero, &b->grad_at_zero, sizeof a->grad_at_zero);
    assert_memory_equal(&a->beta, &b->beta, sizeof a->beta);
}

static gp_act tier_act(gp_kind k, gp_accuracy tier)
{
    gp_act a = gp_act_default(k);
    a.accuracy = tier;
    return a;
}

/* ---- spec ------------------------------------------------------------------------- */

static void test_tier_spec_round_trip_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        char spec[160], buf[128], want[160];
        gp_act a;
        /* default: no accuracy in the canonical spec */
        snprintf(spec, sizeof spec, "%s(accuracy=exact)", d->name);
        assert_int_equal(gp_act_parse(spec, &a), GP_OK);
        assert_int_equal(a.accuracy, GP_ACCURACY_EXACT);
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
        assert_string_equal(buf, d->name);
        /* fast: "name(accuracy=fast)", and back */
        snprintf(spec, sizeof spec, "  %s ( ACCURACY = Fast ) ", d->name);
        assert_int_equal(gp_act_parse(spec, &a), GP_OK);
        assert_int_equal(a.accuracy, GP_ACCURACY_FAST);
        assert_int_equal(a.kind, k);
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
        snprintf(want, sizeof want, "%s(accuracy=fast)", d->name);
        assert_string_equal(buf, want);
        gp_act b;
        assert_int_equal(gp_act_parse(buf, &b), GP_OK);
        assert_same_act(&a, &b);
        /* with every parameter set (its longest form) and grad_at_zero: accuracy anywhere, formatted last */
        gp_act c = gp_act_default((gp_kind)k);
        for (int i = 0; i < d->nparams; i++) {
            double v[24];
            if (tf_param_values(&d->params[i], 0, v) > 0)
                *gp_act_slot(&c, &d->params[i]) = v[0];
        }
        double lo, hi;
        if (tf_kink(&c, &lo, &hi))
            c.grad_at_zero = nextafter(hi, lo);
        c.accuracy = GP_ACCURACY_FAST;
        assert_int_equal(gp_act_check(&c, 0), GP_OK);
        assert_int_equal(gp_act_format(&c, buf, sizeof buf), GP_OK);
        assert_non_null(strstr(buf, "accuracy=fast)"));
        assert_int_equal(gp_act_parse(buf, &b), GP_OK);
        assert_same_act(&c, &b);
        if (d->nparams > 0) { /* the key first, then a parameter */
            snprintf(spec, sizeof spec, "%s(accuracy=fast, %s=%.17g)", d->name, d->params[0].key,
                     gp_act_value(&c, &d->params[0]));
            assert_int_equal(gp_act_parse(spec, &b), GP_OK);
            assert_int_equal(b.accuracy, GP_ACCURACY_FAST);
            assert_true(gp_act_value(&b, &d->params[0]) == gp_act_value(&c, &d->params[0]));
        }
    }
}

static void test_tier_longest_spec_fits_128_every_kind(void **state)
{
    (void)state;
    const double longest[] = {-DBL_MAX / 3, DBL_MAX / 3, -1.0 / 3 * 1e-300, 1.0 / 3 * 1e-300, -1.0 / 3, 1.0 / 3};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act a = tier_act((gp_kind)k, GP_ACCURACY_FAST);
        for (int i = 0; i < d->nparams; i++)
            for (size_t j = 0; j < sizeof longest / sizeof longest[0]; j++)
                if (tf_param_allowed(&d->params[i], longest[j], 0)) {
                    *gp_act_slot(&a, &d->params[i]) = longest[j];
                    break;
                }
        double lo, hi;
        if (tf_kink(&a, &lo, &hi))
            a.grad_at_zero = nextafter(hi, lo);
        char buf[128];
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
    }
}

static void expect_parse_error(const char *spec)
{
    gp_act a;
    memset(&a, 0x5a, sizeof a);
    gp_act keep = a;
    if (gp_act_parse(spec, &a) != GP_ERR_PARSE)
        fail_msg("parse \"%s\": want GP_ERR_PARSE", spec);
    assert_memory_equal(&a, &keep, sizeof a);
}

static void test_tier_parse_errors(void **state)
{
    (void)state;
    expect_parse_error("tanh(accuracy=medium)");
    expect_parse_error("tanh(accuracy=1)");
    expect_parse_error("tanh(accuracy=)");
    expect_parse_error("tanh(accuracy)");
    expect_parse_error("tanh(accuracy=fast, accuracy=fast)");
    expect_parse_error("tanh(accuracy=fast, accuracy=exact)");
    expect_parse_error("tanh(accuracy=fast,)");
    expect_parse_error("tanh(accuracy=fast");
    expect_parse_error("tanh(accuracy=fastest)");
    expect_parse_error("relu(accuracy=fast grad_at_zero=1)");
}

/* ---- checks -------------------------------------------------------------------------- */

static void test_tier_unknown_value_is_param_error(void **state)
{
    (void)state;
    float x[8] = {0, 1, -1, 2, -2, 3, -3, 4}, da[8] = {1, 1, 1, 1, 1, 1, 1, 1}, out[8];
    double xd[8] = {0, 1, -1, 2, -2, 3, -3, 4}, dd[8] = {1, 1, 1, 1, 1, 1, 1, 1}, od[8];
    uint16_t h[8] = {0}, hd[8] = {0}, ho[8];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const int bad_tiers[] = {2, 3, -1, 1000};
        for (size_t b = 0; b < sizeof bad_tiers / sizeof bad_tiers[0]; b++) {
            gp_act a = gp_act_default((gp_kind)k);
            a.accuracy = (gp_accuracy)bad_tiers[b];
            assert_int_equal(gp_act_check(&a, 0), GP_ERR_PARAM);
            char buf[128];
            assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_ERR_PARAM);
            for (int op = 0; op < GP_OP_COUNT; op++) {
                if (!gp_has_op((gp_kind)k, (gp_op)op))
                    continue;
                th_fill_sentinel_f32(out, 8);
                th_fill_sentinel_f64(od, 8);
                assert_int_equal(gp_apply_f32(&a, (gp_op)op, 8, x, da, out), GP_ERR_PARAM);
                assert_int_equal(gp_apply_f64(&a, (gp_op)op, 8, xd, dd, od), GP_ERR_PARAM);
                assert_true(th_is_sentinel_f32(out, 8) && th_is_sentinel_f64(od, 8));
                assert_int_equal(gp_apply_bf16(&a, (gp_op)op, 8, h, hd, ho), GP_ERR_PARAM);
                float o1;
                assert_int_equal(gp_scalar_f32(&a, (gp_op)op, 1.0f, 1.0f, &o1), GP_ERR_PARAM);
            }
            assert_int_equal(gp_backward_acc_f32(&a, 8, x, da, out), GP_ERR_PARAM);
            assert_int_equal(gp_glu_forward_f32(&a, 8, x, da, out), GP_ERR_PARAM);
        }
    }
}

/* The facts' fast bounds: the issue's (4, 4, 5 from z, 2 from the output) or
 * tighter stated ones, and never tighter than the default tier's where the
 * fast tier runs the default kernel (a NULL fast entry). */
static void test_tier_fast_bounds_in_facts(void **state)
{
    (void)state;
    const double issue[GP_OP_COUNT] = GP_ULP_FAST_DEFAULT;
    const gp_kernel_table *g = gp_isa_table(GP_ISA_GENERIC);
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int t = 0; t < 2; t++)
            for (int op = 0; op < GP_OP_COUNT; op++) {
                if (!gp_has_op((gp_kind)k, (gp_op)op))
                    continue;
                const gp_act_desc *d = gp_act_table[k];
                double b = gp_desc_ulp(d, GP_ACCURACY_FAST, t, (gp_op)op);
                int own = t ? g->act[k]->fast_f64[op] != NULL : g->act[k]->fast_f32[op] != NULL;
                if (!(b > 0 && b <= issue[op]) || (!own && b < d->ulp[t][op]))
                    fail_msg("%s %s f%d: fast bound %g (issue %g, default %g)", d->name, gp_op_name((gp_op)op),
                             t ? 64 : 32, b, issue[op], d->ulp[t][op]);
                assert_true(gp_desc_ulp(d, GP_ACCURACY_EXACT, t, (gp_op)op) == d->ulp[t][op]);
            }
}

/* ---- the tier reaches the kernels ------------------------------------------------------- */

static void inputs(uint64_t seed, const gp_act_desc *d, gp_op op, float *x, float *da, double *xd, double *dd)
{
    uint64_t s = seed;
    double lo = gp_is_from_output(op) ? -1.0 : 2 * d->show_lo, hi = gp_is_from_output(op) ? 1.0 : 2 * d->show_hi;
    for (int i = 0; i < N; i++) {
        xd[i] = th_uniform(&s, lo, hi);
        x[i] = (float)xd[i];
        dd[i] = th_uniform(&s, -2.0, 2.0);
        da[i] = (float)dd[i];
    }
}

static void test_tier_reaches_kernels_every_isa(void **state)
{
    (void)state;
    static float x[N], da[N], o1[N], o2[N];
    static double xd[N], dd[N], p1[N], p2[N];
    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
        const gp_kernel_table *t = gp_isa_table(isa);
        if (!t || !gp_test_isa_listed(t->name))
            continue;
        assert_int_equal(gp_set_isa(t->name), GP_OK);
        for (int k = 0; k < GP_KIND_COUNT; k++)
            for (int op = 0; op < GP_OP_COUNT; op++) {
                if (!gp_has_op((gp_kind)k, (gp_op)op))
                    continue;
                const gp_act_kernels *ak = t->act[k];
                inputs((uint64_t)(k * 16 + op + 1), gp_act_table[k], (gp_op)op, x, da, xd, dd);
                const float *daf = gp_is_backward((gp_op)op) ? da : NULL;
                const double *dad = gp_is_backward((gp_op)op) ? dd : NULL;
                for (int tier = 0; tier < GP_ACCURACY_COUNT; tier++) {
                    gp_act a = tier_act((gp_kind)k, (gp_accuracy)tier);
                    gp_params p;
                    gp_params_from_act(&a, &p);
                    assert_int_equal(gp_apply_f32(&a, (gp_op)op, N, x, daf, o1), GP_OK);
                    gp_kernel_call_f32(ak, (gp_op)op, (gp_accuracy)tier, &p, N, x, daf, o2); /* src/fpenv.h */
                    if (memcmp(o1, o2, sizeof o1) != 0)
                        fail_msg("%s f32 %s %s tier %d: the API ran another kernel", t->name, gp_kind_name((gp_kind)k),
                                 gp_op_name((gp_op)op), tier);
                    assert_int_equal(gp_apply_f64(&a, (gp_op)op, N, xd, dad, p1), GP_OK);
                    gp_kernel_call_f64(ak, (gp_op)op, (gp_accuracy)tier, &p, N, xd, dad, p2);
                    if (memcmp(p1, p2, sizeof p1) != 0)
                        fail_msg("%s f64 %s %s tier %d: the API ran another kernel", t->name, gp_kind_name((gp_kind)k),
                                 gp_op_name((gp_op)op), tier);
                }
                /* a fast kernel of its own gives other bits somewhere (else it would not be one) */
                if (ak->fast_f32[op]) {
                    gp_params p;
                    gp_act a = gp_act_default((gp_kind)k);
                    gp_params_from_act(&a, &p);
                    ak->f32[op](&p, N, x, daf, o1);
                    ak->fast_f32[op](&p, N, x, daf, o2);
                    if (memcmp(o1, o2, sizeof o1) == 0)
                        fail_msg("%s f32 %s %s: the fast kernel gives the default's bits", t->name,
                                 gp_kind_name((gp_kind)k), gp_op_name((gp_op)op));
                }
            }
    }
    assert_int_equal(gp_set_isa(NULL), GP_OK);
}

/* Where an activation has no fast kernel of its own the fast tier is the
 * default, bit for bit: the array, scalar, 16-bit, accumulating and gated forms. */
static void test_fast_equals_default_without_fast_kernels(void **state)
{
    (void)state;
    static float x[N], da[N], o1[N], o2[N], y[N], dx1[N], dx2[N], dy1[N], dy2[N];
    static double xd[N], dd[N], p1[N], p2[N];
    static uint16_t h[N], hd[N], h1[N], h2[N];
    const gp_kernel_table *g = gp_isa_table(GP_ISA_GENERIC);
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act e = tier_act((gp_kind)k, GP_ACCURACY_EXACT), f = tier_act((gp_kind)k, GP_ACCURACY_FAST);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            inputs((uint64_t)(k * 16 + op + 99), gp_act_table[k], (gp_op)op, x, da, xd, dd);
            for (int i = 0; i < N; i++)
                h[i] = (uint16_t)(th_bits_f32(x[i]) >> 16), hd[i] = (uint16_t)(th_bits_f32(da[i]) >> 16);
            if (!g->act[k]->fast_f32[op]) {
                th_apply_f32(&e, (gp_op)op, N, x, da, o1);
                th_apply_f32(&f, (gp_op)op, N, x, da, o2);
                assert_memory_equal(o1, o2, sizeof o1);
                float s1, s2;
                assert_int_equal(gp_scalar_f32(&e, (gp_op)op, x[7], da[7], &s1), GP_OK);
                assert_int_equal(gp_scalar_f32(&f, (gp_op)op, x[7], da[7], &s2), GP_OK);
                assert_int_equal(th_bits_f32(s1), th_bits_f32(s2));
                assert_int_equal(gp_apply_bf16(&e, (gp_op)op, N, h, hd, h1), GP_OK);
                assert_int_equal(gp_apply_bf16(&f, (gp_op)op, N, h, hd, h2), GP_OK);
                assert_memory_equal(h1, h2, sizeof h1);
            }
            if (!g->act[k]->fast_f64[op]) {
                th_apply_f64(&e, (gp_op)op, N, xd, dd, p1);
                th_apply_f64(&f, (gp_op)op, N, xd, dd, p2);
                assert_memory_equal(p1, p2, sizeof p1);
            }
        }
        if (!g->act[k]->fast_f32[GP_OP_FORWARD] && !g->act[k]->fast_f32[GP_OP_GRAD]) {
            for (int i = 0; i < N; i++)
                y[i] = da[N - 1 - i], dx1[i] = dx2[i] = y[i] * 0.5f, dy1[i] = dy2[i] = x[i];
            assert_int_equal(gp_backward_acc_f32(&e, N, x, da, dx1), GP_OK);
            assert_int_equal(gp_backward_acc_f32(&f, N, x, da, dx2), GP_OK);
            assert_memory_equal(dx1, dx2, sizeof dx1);
            assert_int_equal(gp_glu_backward_f32(&e, N, x, y, da, dx1, dy1), GP_OK);
            assert_int_equal(gp_glu_backward_f32(&f, N, x, y, da, dx2, dy2), GP_OK);
            assert_memory_equal(dx1, dx2, sizeof dx1);
            assert_memory_equal(dy1, dy2, sizeof dy1);
        }
    }
}

/* ---- the fast tier's NaN, infinities and tails, every ISA ---------------------------------- */

#define NT 40000

/* the bound of the fast tier plus the default's, in ulps of the type, as a
 * distance between the two tiers' results (th_dist: subnormals in units of
 * the smallest subnormal) */
static int64_t tier_gap(const gp_act_desc *d, int t, gp_op op)
{
    return (int64_t)ceil(gp_desc_ulp(d, GP_ACCURACY_FAST, t, op) + gp_desc_ulp(d, GP_ACCURACY_EXACT, t, op));
}

static void test_fast_nan_inf_tails_every_isa(void **state)
{
    (void)state;
    static float x[NT], da[NT], fe[NT], ff[NT];
    static double xd[NT], dd[NT], de[NT], df[NT];
    const uint32_t nan32[] = {0x7fc00000u, 0xffc00001u, 0x7fa12345u, 0xff812345u, 0x7fc0beefu};
    const uint64_t nan64[] = {0x7ff8000000000000ull, 0xfff8000000000001ull, 0x7ff4000000012345ull,
                              0xfff0000000012345ull};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act e = tier_act((gp_kind)k, GP_ACCURACY_EXACT), f = tier_act((gp_kind)k, GP_ACCURACY_FAST);
        double lim[4];
        d->limits(&f, lim);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            int fo = gp_is_from_output((gp_op)op);
            /* NaN in, the same NaN out (quieted), also with a finite da */
            for (size_t i = 0; i < sizeof nan32 / sizeof nan32[0]; i++) {
                float z, o, one = 1.0f;
                uint32_t b = nan32[i];
                memcpy(&z, &b, 4);
                th_apply_f32(&f, (gp_op)op, 1, &z, &one, &o);
                if (th_bits_f32(o) != (b | 0x00400000u))
                    fail_msg("f32 %s %s fast: NaN %08x gives %08x", d->name, gp_op_name((gp_op)op), b,
                             th_bits_f32(o));
            }
            for (size_t i = 0; i < sizeof nan64 / sizeof nan64[0]; i++) {
                double z, o, one = 1.0;
                uint64_t b = nan64[i];
                memcpy(&z, &b, 8);
                th_apply_f64(&f, (gp_op)op, 1, &z, &one, &o);
                if (th_bits_f64(o) != (b | 0x0008000000000000ull))
                    fail_msg("f64 %s %s fast: NaN gives another", d->name, gp_op_name((gp_op)op));
            }
            /* +-inf give the limits */
            if (op == GP_OP_FORWARD || op == GP_OP_GRAD) {
                for (int s = 0; s < 2; s++) {
                    float z = s ? INFINITY : -INFINITY, o;
                    double zd = z, od;
                    double want = lim[(op == GP_OP_GRAD ? 2 : 0) + s];
                    th_apply_f32(&f, (gp_op)op, 1, &z, NULL, &o);
                    th_apply_f64(&f, (gp_op)op, 1, &zd, NULL, &od);
                    if (!(o == (float)want && od == want))
                        fail_msg("%s %s fast at %g: f32 %g f64 %g, want %g", d->name, gp_op_name((gp_op)op), zd,
                                 (double)o, od, want);
                }
            }
            /* the whole range and the tails: z on a grid of 2^-6 over [-300, 300] (the
             * from-output forms: a over [-1, 1]), then the same tier gap */
            for (int i = 0; i < NT; i++) {
                double v = fo ? -1.0 + 2.0 * i / (NT - 1) : -312.5 + 625.0 * i / (NT - 1);
                if (!fo && i % 4 == 1) /* and the f32 sigmoid/tanh tails in detail */
                    v = -(80.0 + 30.0 * i / NT);
                xd[i] = v, x[i] = (float)v;
                dd[i] = i % 3 ? 1.0 : 0.75 + (double)(i % 97) / 64;
                da[i] = (float)dd[i];
            }
            th_apply_f32(&e, (gp_op)op, NT, x, da, fe);
            th_apply_f32(&f, (gp_op)op, NT, x, da, ff);
            th_apply_f64(&e, (gp_op)op, NT, xd, dd, de);
            th_apply_f64(&f, (gp_op)op, NT, xd, dd, df);
            int64_t gap32 = tier_gap(d, 0, (gp_op)op), gap64 = tier_gap(d, 1, (gp_op)op);
            for (int i = 0; i < NT; i++) {
                if (th_dist_f32(fe[i], ff[i]) > gap32)
                    fail_msg("f32 %s %s at %a: exact %a fast %a (more than %lld apart)", d->name,
                             gp_op_name((gp_op)op), (double)x[i], (double)fe[i], (double)ff[i], (long long)gap32);
                if (th_dist_f64(de[i], df[i]) > gap64)
                    fail_msg("f64 %s %s at %a: exact %a fast %a", d->name, gp_op_name((gp_op)op), xd[i], de[i],
                             df[i]);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tier_spec_round_trip_every_kind),
        cmocka_unit_test(test_tier_longest_spec_fits_128_every_kind),
        cmocka_unit_test(test_tier_parse_errors),
        cmocka_unit_test(test_tier_unknown_value_is_param_error),
        cmocka_unit_test(test_tier_fast_bounds_in_facts),
        cmocka_unit_test(test_tier_reaches_kernels_every_isa),
        cmocka_unit_test(test_fast_equals_default_without_fast_kernels),
        cmocka_unit_test(test_fast_nan_inf_tails_every_isa),
    };
    return cmocka_run_group_tests_name("tier", tests, NULL, NULL);
}
