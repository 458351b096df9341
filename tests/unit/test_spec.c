/* Status messages, version, names, and activation specs (parse / format). */
#include <float.h>
#include <locale.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "th.h"
#include "tfacts.h"

static gp_act sentinel_act(void)
{
    gp_act a;
    memset(&a, 0, sizeof a);
    a.kind = (gp_kind)77;
    a.alpha = -123.5;
    a.grad_at_zero = 456.25;
    return a;
}

static int is_sentinel_act(const gp_act *a)
{
    return (int)a->kind == 77 && a->alpha == -123.5 && a->grad_at_zero == 456.25;
}

static void expect_parse(const char *spec, gp_kind kind, double alpha, double gaz)
{
    gp_act a = sentinel_act();
    gp_status s = gp_act_parse(spec, &a);
    if (s != GP_OK)
        fail_msg("parse \"%s\": status %d (%s)", spec, (int)s, gp_strerror(s));
    if (a.kind != kind || !(a.alpha == alpha) || !(a.grad_at_zero == gaz))
        fail_msg("parse \"%s\": kind %d alpha %.17g grad_at_zero %.17g; want %d %.17g %.17g", spec, (int)a.kind,
                 a.alpha, a.grad_at_zero, (int)kind, alpha, gaz);
}

static void expect_parse_error(const char *spec, gp_status want)
{
    gp_act a = sentinel_act();
    gp_status s = gp_act_parse(spec, &a);
    if (s != want)
        fail_msg("parse \"%s\": status %d, want %d", spec, (int)s, (int)want);
    if (!is_sentinel_act(&a))
        fail_msg("parse \"%s\": *out written on error", spec);
}

/* ---- status, version, names ---------------------------------------------------------------- */

static void test_strerror_never_null(void **state)
{
    (void)state;
    const int codes[] = {GP_OK,    GP_ERR_NULL, GP_ERR_KIND,    GP_ERR_PARAM, GP_ERR_OVERLAP, GP_ERR_PARSE,
                         GP_ERR_ISA, GP_ERR_OP, GP_ERR_OP + 1, -1, 999, -1000};
    enum { NCODES = GP_ERR_OP + 1 };
    const char *seen[NCODES] = {0};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *m = gp_strerror((gp_status)codes[i]);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
        if (codes[i] >= 0 && codes[i] < NCODES)
            seen[codes[i]] = m;
    }
    /* the eight enum values have eight different messages */
    for (int i = 0; i < NCODES; i++)
        for (int j = i + 1; j < NCODES; j++)
            assert_string_not_equal(seen[i], seen[j]);
    assert_string_equal(gp_strerror(GP_ERR_OP + 1), gp_strerror((gp_status)-1)); /* outside: one message */
}

static void test_version_matches_macros(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", GPRIME_VERSION_MAJOR, GPRIME_VERSION_MINOR, GPRIME_VERSION_PATCH);
    assert_non_null(gp_version());
    assert_string_equal(gp_version(), want);
    assert_string_equal(gp_version(), GPRIME_VERSION_STRING);
}

static void test_kind_and_op_names(void **state)
{
    (void)state;
    assert_string_equal(gp_kind_name(GP_SIGMOID), "sigmoid");
    assert_string_equal(gp_kind_name(GP_TANH), "tanh");
    assert_string_equal(gp_kind_name(GP_RELU), "relu");
    assert_string_equal(gp_kind_name(GP_LEAKY_RELU), "leaky_relu");
    for (int k = 0; k < GP_KIND_COUNT; k++)
        assert_string_equal(gp_kind_name((gp_kind)k), gp_act_table[k]->name);
    assert_string_equal(gp_kind_name(GP_KIND_COUNT), "unknown");
    assert_string_equal(gp_kind_name((gp_kind)-1), "unknown");
    assert_string_equal(gp_op_name(GP_OP_FORWARD), "forward");
    assert_string_equal(gp_op_name(GP_OP_GRAD), "grad");
    assert_string_equal(gp_op_name(GP_OP_GRAD_FROM_OUTPUT), "grad_from_output");
    assert_string_equal(gp_op_name(GP_OP_BACKWARD), "backward");
    assert_string_equal(gp_op_name(GP_OP_BACKWARD_FROM_OUTPUT), "backward_from_output");
    assert_string_equal(gp_op_name((gp_op)5), "unknown");
    assert_string_equal(gp_op_name((gp_op)-1), "unknown");
}

/* ---- parse: accepted -------------------------------------------------------------------------------- */

static void test_parse_plain_names(void **state)
{
    (void)state;
    expect_parse("sigmoid", GP_SIGMOID, 0, 0);
    expect_parse("tanh", GP_TANH, 0, 0);
    expect_parse("relu", GP_RELU, 0, 0);
    expect_parse("leaky_relu", GP_LEAKY_RELU, 0.01, 0.01);
}

static void test_parse_leaky_relu_alpha(void **state)
{
    (void)state;
    expect_parse("leaky_relu(alpha=0.2)", GP_LEAKY_RELU, 0.2, 0.2); /* grad_at_zero follows alpha */
    expect_parse("leaky_relu(alpha=0)", GP_LEAKY_RELU, 0, 0);
    expect_parse("leaky_relu(alpha=-0.5)", GP_LEAKY_RELU, -0.5, -0.5);
    expect_parse("leaky_relu(alpha=1e-300)", GP_LEAKY_RELU, 1e-300, 1e-300);
}

static void test_parse_relu_grad_at_zero_1(void **state)
{
    (void)state;
    expect_parse("relu(grad_at_zero=1)", GP_RELU, 0, 1);
    expect_parse("relu(grad_at_zero=0.5)", GP_RELU, 0, 0.5);
    expect_parse("relu()", GP_RELU, 0, 0);
}

static void test_parse_leaky_relu_alpha_and_grad_at_zero(void **state)
{
    (void)state;
    expect_parse("leaky_relu(alpha=0.1, grad_at_zero=1)", GP_LEAKY_RELU, 0.1, 1);
    expect_parse("leaky_relu(grad_at_zero=1,alpha=0.1)", GP_LEAKY_RELU, 0.1, 1);
    expect_parse("leaky_relu(grad_at_zero=0.5)", GP_LEAKY_RELU, 0.01, 0.5);
}

static void test_parse_case_insensitive(void **state)
{
    (void)state;
    expect_parse("TanH", GP_TANH, 0, 0);
    expect_parse("SIGMOID", GP_SIGMOID, 0, 0);
    expect_parse("Leaky_ReLU(ALPHA=0.2)", GP_LEAKY_RELU, 0.2, 0.2);
    expect_parse("ReLU(Grad_At_Zero=1)", GP_RELU, 0, 1);
}

static void test_parse_spaces(void **state)
{
    (void)state;
    expect_parse("  leaky_relu ( alpha = 0.2 )  ", GP_LEAKY_RELU, 0.2, 0.2);
    expect_parse("\ttanh\n", GP_TANH, 0, 0);
    expect_parse(" relu ( grad_at_zero = 1 ) ", GP_RELU, 0, 1);
    expect_parse("leaky_relu( alpha = 0.1 , grad_at_zero = 1 )", GP_LEAKY_RELU, 0.1, 1);
}

static void test_parse_leaky_relu_aliases(void **state)
{
    (void)state;
    expect_parse("leaky-relu", GP_LEAKY_RELU, 0.01, 0.01);
    expect_parse("leakyrelu(alpha=0.3)", GP_LEAKY_RELU, 0.3, 0.3);
    expect_parse("LeakyReLU", GP_LEAKY_RELU, 0.01, 0.01);
}

/* ---- parse: rejected ---------------------------------------------------------------------------------- */

static void test_parse_empty_rejected(void **state)
{
    (void)state;
    expect_parse_error("", GP_ERR_PARSE);
    expect_parse_error("   ", GP_ERR_PARSE);
    expect_parse_error("()", GP_ERR_PARSE);
}

static void test_parse_unknown_name_rejected(void **state)
{
    (void)state;
    expect_parse_error("foo", GP_ERR_PARSE);
    expect_parse_error("sigmoidd", GP_ERR_PARSE);
    expect_parse_error("tan h", GP_ERR_PARSE);
    expect_parse_error("no_such_activation", GP_ERR_PARSE);
    expect_parse_error("sigmoid_", GP_ERR_PARSE);
}

static void test_parse_unclosed_paren_rejected(void **state)
{
    (void)state;
    expect_parse_error("relu(", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha=0.2", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha=0.2,", GP_ERR_PARSE);
    expect_parse_error("relu)", GP_ERR_PARSE);
}

static void test_parse_key_not_of_kind_rejected(void **state)
{
    (void)state;
    expect_parse_error("relu(alpha=1)", GP_ERR_PARSE);
    expect_parse_error("sigmoid(alpha=1)", GP_ERR_PARSE);
    expect_parse_error("tanh(grad_at_zero=1)", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(no_such_key=1)", GP_ERR_PARSE);
}

/* Every activation refuses every key it does not take: the other activations'
 * parameters, and grad_at_zero where it has no kink (by the facts). */
static void test_parse_key_not_of_kind_rejected_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        char spec[128];
        for (int o = 0; o < GP_KIND_COUNT; o++)
            for (int i = 0; i < gp_act_table[o]->nparams; i++) {
                const gp_param_desc *q = &gp_act_table[o]->params[i];
                if (gp_desc_param(d, q->key))
                    continue;
                snprintf(spec, sizeof spec, "%s(%s=%.17g)", d->name, q->key, q->def);
                expect_parse_error(spec, GP_ERR_PARSE);
            }
        if (!d->kink_slopes) {
            snprintf(spec, sizeof spec, "%s(grad_at_zero=0)", d->name);
            expect_parse_error(spec, GP_ERR_PARSE);
        }
    }
}

/* Every parameter and grad_at_zero: a value outside what the facts allow
 * (beyond the range, NaN, infinite) is GP_ERR_PARAM. */
static void test_parse_out_of_range_rejected_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        char spec[160];
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            const double bad[] = {nextafter(q->lo, -INFINITY), nextafter(q->hi, INFINITY), q->lo_open ? q->lo : NAN};
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
                if (isfinite(bad[b])) {
                    snprintf(spec, sizeof spec, "%s(%s=%.17g)", d->name, q->key, bad[b]);
                    expect_parse_error(spec, GP_ERR_PARAM);
                }
            snprintf(spec, sizeof spec, "%s(%s=nan)", d->name, q->key);
            expect_parse_error(spec, GP_ERR_PARAM);
            snprintf(spec, sizeof spec, "%s(%s=-inf)", d->name, q->key);
            expect_parse_error(spec, GP_ERR_PARAM);
            snprintf(spec, sizeof spec, "%s(%s=1e999)", d->name, q->key);
            expect_parse_error(spec, GP_ERR_PARAM);
        }
        double lo, hi;
        gp_act a = gp_act_default((gp_kind)k);
        if (tf_kink(&a, &lo, &hi)) {
            snprintf(spec, sizeof spec, "%s(grad_at_zero=%.17g)", d->name, nextafter(lo, -INFINITY));
            expect_parse_error(spec, GP_ERR_PARAM);
            snprintf(spec, sizeof spec, "%s(grad_at_zero=%.17g)", d->name, nextafter(hi, INFINITY));
            expect_parse_error(spec, GP_ERR_PARAM);
            snprintf(spec, sizeof spec, "%s(grad_at_zero=nan)", d->name);
            expect_parse_error(spec, GP_ERR_PARAM);
        }
    }
}

static void test_parse_missing_value_rejected(void **state)
{
    (void)state;
    expect_parse_error("leaky_relu(alpha=)", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha)", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(=0.2)", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha=x)", GP_ERR_PARSE);
}

/* Regression (found by this test): the grammar is key=number {"," key=number};
 * a comma must be followed by another key, so "leaky_relu(alpha=0.2,)" and
 * "relu(grad_at_zero=1 , )" are parse errors. */
static void test_parse_trailing_comma_rejected(void **state)
{
    (void)state;
    expect_parse_error("leaky_relu(alpha=0.2,)", GP_ERR_PARSE);
    expect_parse_error("relu(grad_at_zero=1 , )", GP_ERR_PARSE);
}

static void test_parse_repeated_key_rejected(void **state)
{
    (void)state;
    expect_parse_error("leaky_relu(alpha=0.1,alpha=0.2)", GP_ERR_PARSE);
    expect_parse_error("relu(grad_at_zero=1, grad_at_zero=1)", GP_ERR_PARSE);
}

static void test_parse_trailing_junk_rejected(void **state)
{
    (void)state;
    expect_parse_error("tanh x", GP_ERR_PARSE);
    expect_parse_error("relu(grad_at_zero=1) x", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha=0.2)junk", GP_ERR_PARSE);
    expect_parse_error("leaky_relu(alpha=0.2abc)", GP_ERR_PARSE);
    expect_parse_error("sigmoid;", GP_ERR_PARSE);
    expect_parse_error("relu()()", GP_ERR_PARSE);
}

static void test_parse_out_of_range_rejected_with_param(void **state)
{
    (void)state;
    expect_parse_error("relu(grad_at_zero=2)", GP_ERR_PARAM);
    expect_parse_error("relu(grad_at_zero=-0.1)", GP_ERR_PARAM);
    expect_parse_error("leaky_relu(alpha=0.1, grad_at_zero=0.05)", GP_ERR_PARAM);
    expect_parse_error("leaky_relu(grad_at_zero=1.5)", GP_ERR_PARAM);
    expect_parse_error("leaky_relu(alpha=inf)", GP_ERR_PARAM);
    expect_parse_error("leaky_relu(alpha=nan)", GP_ERR_PARAM);
    expect_parse_error("leaky_relu(alpha=1e999)", GP_ERR_PARAM);
}

static void test_parse_null_rejected(void **state)
{
    (void)state;
    gp_act a = sentinel_act();
    assert_int_equal(gp_act_parse(NULL, &a), GP_ERR_NULL);
    assert_true(is_sentinel_act(&a));
    assert_int_equal(gp_act_parse("tanh", NULL), GP_ERR_NULL);
}

/* ---- format ------------------------------------------------------------------------------------------------ */

static void check_round_trip(const gp_act *act)
{
    char buf[96];
    memset(buf, 'x', sizeof buf);
    gp_status s = gp_act_format(act, buf, sizeof buf);
    if (s != GP_OK)
        fail_msg("format kind %d alpha %.17g gaz %.17g: status %d", (int)act->kind, act->alpha, act->grad_at_zero,
                 (int)s);
    assert_non_null(memchr(buf, '\0', sizeof buf));
    gp_act back = sentinel_act();
    s = gp_act_parse(buf, &back);
    if (s != GP_OK)
        fail_msg("\"%s\" does not parse back: %d", buf, (int)s);
    /* the fields the activation uses as given, the others as by default */
    const gp_act_desc *d = gp_desc(act->kind);
    gp_act want = gp_act_default(act->kind);
    for (int i = 0; i < d->nparams; i++)
        *gp_act_slot(&want, &d->params[i]) = gp_act_value(act, &d->params[i]);
    if (d->kink_slopes)
        want.grad_at_zero = act->grad_at_zero;
    if (back.kind != act->kind || th_bits_f64(back.grad_at_zero) != th_bits_f64(want.grad_at_zero) ||
        th_bits_f64(back.alpha) != th_bits_f64(want.alpha))
        fail_msg("\"%s\" parses to kind %d alpha %.17g gaz %.17g; formatted from %d %.17g %.17g", buf, (int)back.kind,
                 back.alpha, back.grad_at_zero, (int)act->kind, act->alpha, act->grad_at_zero);
    /* and formats to the same text again */
    char again[96];
    assert_int_equal(gp_act_format(&back, again, sizeof again), GP_OK);
    assert_string_equal(buf, again);
}

static void test_format_round_trip_defaults(void **state)
{
    (void)state;
    char buf[32];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK); /* 32 bytes hold every default */
        assert_string_equal(buf, gp_act_table[k]->name);
        check_round_trip(&a);
    }
}

/* Every activation, every setting the facts give (each parameter at values
 * across its range, grad_at_zero at either slope of a kink and between):
 * format, parse back, the same bits; and the fields it does not use print
 * nothing. */
static void test_format_round_trip_every_kind(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act acts[TF_MAX_SETTINGS];
        int n = tf_settings((gp_kind)k, acts);
        for (int i = 0; i < n; i++) {
            assert_int_equal(gp_act_check(&acts[i], 0), GP_OK);
            check_round_trip(&acts[i]);
            double lo, hi;
            if (tf_kink(&acts[i], &lo, &hi)) { /* the other slopes of this setting */
                gp_act a = acts[i];
                a.grad_at_zero = hi;
                check_round_trip(&a);
                a.grad_at_zero = lo + (hi - lo) / 3.0;
                if (isfinite(a.grad_at_zero))
                    check_round_trip(&a);
            }
        }
        /* garbage in the unused fields does not print */
        const gp_act_desc *d = gp_act_table[k];
        gp_act a = gp_act_default((gp_kind)k);
        tf_spoil_unused(d, &a, (const double[GP_SLOT_COUNT]){5.0, 7.0, 9.0});
        char buf[96];
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
        assert_string_equal(buf, d->name);
    }
}

/* 96 bytes hold every spec: each parameter and grad_at_zero at a value of 17
 * significant digits and a 3-digit exponent where the facts allow one */
static void test_format_longest_spec_fits_96_every_kind(void **state)
{
    (void)state;
    const double longest[] = {-DBL_MAX / 3, DBL_MAX / 3, -1.0 / 3 * 1e-300, 1.0 / 3 * 1e-300, -1.0 / 3, 1.0 / 3};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act a = gp_act_default((gp_kind)k);
        for (int i = 0; i < d->nparams; i++)
            for (size_t j = 0; j < sizeof longest / sizeof longest[0]; j++)
                if (tf_param_allowed(&d->params[i], longest[j], 0)) {
                    *gp_act_slot(&a, &d->params[i]) = longest[j];
                    break;
                }
        double lo, hi;
        if (tf_kink(&a, &lo, &hi))
            a.grad_at_zero = nextafter(hi, lo);
        assert_int_equal(gp_act_check(&a, 0), GP_OK);
        char buf[96];
        assert_int_equal(gp_act_format(&a, buf, sizeof buf), GP_OK);
        check_round_trip(&a);
    }
}

static void test_format_round_trip_non_defaults(void **state)
{
    (void)state;
    const double alphas[] = {0.1, 0.2, 1e-300, 3.0, 0.0, -0.5, 0.30000000000000004, 1.0 / 3.0, DBL_MAX,
                             -DBL_MAX, 0x1p-1074, 0.01 + 0x1p-59};
    for (size_t i = 0; i < sizeof alphas / sizeof alphas[0]; i++) {
        gp_act a = gp_act_default(GP_LEAKY_RELU);
        a.alpha = a.grad_at_zero = alphas[i];
        check_round_trip(&a);
        a.grad_at_zero = 1.0; /* the other end of the range */
        check_round_trip(&a);
        double lo = fmin(alphas[i], 1.0), hi = fmax(alphas[i], 1.0);
        a.grad_at_zero = lo + (hi - lo) / 3.0; /* strictly inside */
        if (isfinite(a.grad_at_zero))
            check_round_trip(&a);
    }
    gp_act r = gp_act_default(GP_RELU);
    const double gs[] = {1.0, 0.5, 1e-300, 1.0 / 3.0, 0x1p-1074, 1.0 - 0x1p-53};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        r.grad_at_zero = gs[i];
        check_round_trip(&r);
    }
    char buf[96];
    gp_act l = gp_act_default(GP_LEAKY_RELU);
    l.alpha = l.grad_at_zero = 0.2;
    assert_int_equal(gp_act_format(&l, buf, sizeof buf), GP_OK);
    assert_string_equal(buf, "leaky_relu(alpha=0.2)");
    r.grad_at_zero = 1.0;
    assert_int_equal(gp_act_format(&r, buf, sizeof buf), GP_OK);
    assert_string_equal(buf, "relu(grad_at_zero=1)");
    /* sigmoid and tanh print no parameters */
    gp_act s = gp_act_default(GP_SIGMOID);
    s.alpha = 5;
    s.grad_at_zero = 7;
    assert_int_equal(gp_act_format(&s, buf, sizeof buf), GP_OK);
    assert_string_equal(buf, "sigmoid");
}

static void test_format_small_buffer_rejected_untouched(void **state)
{
    (void)state;
    gp_act l = gp_act_default(GP_LEAKY_RELU);
    l.alpha = l.grad_at_zero = 0.2;
    const char *full = "leaky_relu(alpha=0.2)";
    size_t need = strlen(full) + 1;
    char buf[64];
    for (size_t len = 0; len < need; len++) {
        memset(buf, '#', sizeof buf);
        assert_int_equal(gp_act_format(&l, buf, len), GP_ERR_PARAM);
        for (size_t i = 0; i < sizeof buf; i++)
            assert_int_equal(buf[i], '#');
    }
    memset(buf, '#', sizeof buf);
    assert_int_equal(gp_act_format(&l, buf, need), GP_OK); /* exactly enough */
    assert_string_equal(buf, full);
    assert_int_equal(buf[need], '#');
    gp_act t = gp_act_default(GP_TANH);
    memset(buf, '#', sizeof buf);
    assert_int_equal(gp_act_format(&t, buf, 4), GP_ERR_PARAM);
    assert_int_equal(buf[0], '#');
    assert_int_equal(gp_act_format(&t, buf, 5), GP_OK);
    assert_string_equal(buf, "tanh");
}

static void test_format_null_and_unknown_kind(void **state)
{
    (void)state;
    char buf[32];
    memset(buf, '#', sizeof buf);
    gp_act a = gp_act_default(GP_TANH);
    assert_int_equal(gp_act_format(NULL, buf, sizeof buf), GP_ERR_NULL);
    assert_int_equal(gp_act_format(&a, NULL, 32), GP_ERR_NULL);
    gp_act bad = gp_act_default((gp_kind)42);
    assert_int_equal(gp_act_format(&bad, buf, sizeof buf), GP_ERR_KIND);
    assert_int_equal(buf[0], '#');
}

/* the longest spec fits in 96 bytes */
/* Specs read and print '.' whatever LC_NUMERIC says.  CTest makes a de_DE
 * locale (radix ',') with localedef in the build tree, points LOCPATH at it
 * and names it in GPRIME_TEST_COMMA_LOCALE (tests/unit/CMakeLists.txt); run
 * by hand without it, the test is skipped. */
static void test_spec_numbers_ignore_locale(void **state)
{
    (void)state;
    const char *name = getenv("GPRIME_TEST_COMMA_LOCALE");
    if (!name)
        skip();
    if (!setlocale(LC_NUMERIC, name))
        fail_msg("setlocale(LC_NUMERIC, \"%s\") failed (LOCPATH=%s)", name, getenv("LOCPATH"));
    char b[16];
    snprintf(b, sizeof b, "%.2f", 0.25);
    assert_string_equal(b, "0,25"); /* the locale does print a comma */
    expect_parse("leaky_relu(alpha=0.25, grad_at_zero=0.5)", GP_LEAKY_RELU, 0.25, 0.5);
    expect_parse("leaky_relu(alpha=1.5e-3)", GP_LEAKY_RELU, 1.5e-3, 1.5e-3);
    expect_parse("relu(grad_at_zero=.75)", GP_RELU, 0.0, 0.75);
    expect_parse_error("leaky_relu(alpha=0,25)", GP_ERR_PARSE); /* the locale's form is not a number here */
    gp_act a = gp_act_default(GP_LEAKY_RELU);
    a.alpha = 0.1;
    a.grad_at_zero = 0.3;
    char spec[96];
    assert_int_equal(gp_act_format(&a, spec, sizeof spec), GP_OK);
    assert_string_equal(spec, "leaky_relu(alpha=0.1, grad_at_zero=0.3)");
    gp_act back;
    assert_int_equal(gp_act_parse(spec, &back), GP_OK);
    assert_true(back.alpha == a.alpha && back.grad_at_zero == a.grad_at_zero);
    setlocale(LC_NUMERIC, "C");
}

static void test_format_longest_spec_fits_96(void **state)
{
    (void)state;
    gp_act l = gp_act_default(GP_LEAKY_RELU);
    l.alpha = -DBL_MAX / 3; /* 17 significant digits and a 3-digit exponent, negative */
    l.grad_at_zero = 1.0 - 0x1p-53 * 3;
    char buf[96];
    assert_int_equal(gp_act_format(&l, buf, sizeof buf), GP_OK);
    assert_true(strlen(buf) < 96);
    check_round_trip(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_never_null),
        cmocka_unit_test(test_version_matches_macros),
        cmocka_unit_test(test_kind_and_op_names),
        cmocka_unit_test(test_parse_plain_names),
        cmocka_unit_test(test_parse_leaky_relu_alpha),
        cmocka_unit_test(test_parse_relu_grad_at_zero_1),
        cmocka_unit_test(test_parse_leaky_relu_alpha_and_grad_at_zero),
        cmocka_unit_test(test_parse_case_insensitive),
        cmocka_unit_test(test_parse_spaces),
        cmocka_unit_test(test_parse_leaky_relu_aliases),
        cmocka_unit_test(test_parse_empty_rejected),
        cmocka_unit_test(test_parse_unknown_name_rejected),
        cmocka_unit_test(test_parse_unclosed_paren_rejected),
        cmocka_unit_test(test_parse_key_not_of_kind_rejected),
        cmocka_unit_test(test_parse_key_not_of_kind_rejected_every_kind),
        cmocka_unit_test(test_parse_out_of_range_rejected_every_kind),
        cmocka_unit_test(test_parse_missing_value_rejected),
        cmocka_unit_test(test_parse_trailing_comma_rejected),
        cmocka_unit_test(test_parse_repeated_key_rejected),
        cmocka_unit_test(test_parse_trailing_junk_rejected),
        cmocka_unit_test(test_parse_out_of_range_rejected_with_param),
        cmocka_unit_test(test_parse_null_rejected),
        cmocka_unit_test(test_format_round_trip_defaults),
        cmocka_unit_test(test_format_round_trip_every_kind),
        cmocka_unit_test(test_format_longest_spec_fits_96_every_kind),
        cmocka_unit_test(test_format_round_trip_non_defaults),
        cmocka_unit_test(test_format_small_buffer_rejected_untouched),
        cmocka_unit_test(test_format_null_and_unknown_kind),
        cmocka_unit_test(test_format_longest_spec_fits_96),
        cmocka_unit_test(test_spec_numbers_ignore_locale),
    };
    return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
