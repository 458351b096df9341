/* The model file (src/nn/model.h): round trips that predict the same bits,
 * and every kind of bad file refused with a clear message. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data.h"
#include "model.h"
#include "net.h"

// to_text: nn_model_write into a malloc'd string (through a temporary file)
static char *to_text(const nn_model *md, size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(nn_model_write(f, md), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

// round_trip: train spec briefly, save, read back, and predict the same probabilities bit for bit
static void round_trip(const char *spec, int f32, int standardised)
{
    nn_data d;
    assert_int_equal(nn_flower(&d, 400, 1), 0);
    double mean[2], scale[2];
    if (standardised) {
        nn_standardize_stats(&d, mean, scale);
        nn_standardize_apply(&d, mean, scale);
    }
    gp_act act;
    assert_int_equal(gp_act_parse(spec, &act), GP_OK);
    nn_net net;
    assert_int_equal(nn_create(&net, 2, 5, 400, &act, f32, 2), GP_OK);
    double cost;
    for (int i = 0; i < 300; i++)
        assert_int_equal(nn_step(&net, d.X, d.Y, 400, 1.2, &cost), GP_OK);
    double p[400], q[400];
    assert_int_equal(nn_predict(&net, d.X, 400, p), GP_OK);

    nn_model md = {net.act, net.f32, 2, 5, net.n_params, standardised ? mean : NULL, standardised ? scale : NULL,
                   net.params};
    size_t len;
    char *text = to_text(&md, &len);
    nn_model back;
    char err[256];
    assert_int_equal(nn_model_parse(text, len, "m.txt", &back, err, sizeof err), 0);
    char a[96], b[96];
    gp_act_format(&act, a, sizeof a);
    gp_act_format(&back.act, b, sizeof b);
    assert_string_equal(a, b);
    assert_int_equal(back.f32, f32);
    assert_int_equal(back.n_x, 2);
    assert_int_equal(back.n_h, 5);
    assert_int_equal(back.n_params, net.n_params);
    assert_memory_equal(back.params, net.params, net.n_params * sizeof(double));
    if (standardised) {
        assert_memory_equal(back.mean, mean, sizeof mean);
        assert_memory_equal(back.scale, scale, sizeof scale);
    } else {
        assert_null(back.mean);
        assert_null(back.scale);
    }
    nn_net again;
    assert_int_equal(nn_create(&again, 2, 5, 100, &back.act, back.f32, 0), GP_OK); /* blocks of 100 */
    memcpy(again.params, back.params, back.n_params * sizeof(double));
    assert_int_equal(nn_predict(&again, d.X, 400, q), GP_OK);
    assert_memory_equal(p, q, sizeof p);
    nn_free(&again);
    nn_model_free(&back);
    free(text);
    nn_free(&net);
    nn_data_free(&d);
}

static void test_round_trip_tanh(void **state) { (void)state; round_trip("tanh", 0, 0); }
static void test_round_trip_standardised(void **state) { (void)state; round_trip("sigmoid", 0, 1); }
static void test_round_trip_params_f32(void **state) { (void)state; round_trip("leaky_relu(alpha=0.2)", 1, 1); }

static const char good[] = "# a comment\r\n"
                           "gprime-model 1\r\n"
                           "\r\n"
                           "act relu(grad_at_zero=1)\n"
                           "type f64\n"
                           "n_x 1\n"
                           "n_h 2\n"
                           "  W1 0.5   -0x1p-3  \n"
                           "b1 0 0\n"
                           "W2 1 2\n"
                           "b2 -1.25\n";

static void test_parse_layout(void **state)
{
    (void)state;
    nn_model m;
    char err[256] = "";
    assert_int_equal(nn_model_parse(good, strlen(good), "good", &m, err, sizeof err), 0);
    assert_int_equal(m.n_params, 2 + 2 + 2 + 1);
    static const double want[7] = {0.5, -0.125, 0, 0, 1, 2, -1.25};
    assert_memory_equal(m.params, want, sizeof want);
    assert_true(m.act.kind == GP_RELU);
    nn_model_free(&m);
}

/* bad files: each one an error naming the file, the line where there is one, and what is wrong */
static void expect_error(const char *text, const char *message)
{
    nn_model m;
    char err[256] = "";
    assert_int_equal(nn_model_parse(text, strlen(text), "bad", &m, err, sizeof err), -1);
    if (!strstr(err, message))
        fail_msg("error '%s' lacks '%s'", err, message);
    assert_null(m.params);
    assert_null(m.mean);
}

#define HEAD "gprime-model 1\nact tanh\ntype f64\nn_x 1\nn_h 1\n"
static void test_bad_files(void **state)
{
    (void)state;
    expect_error("", "bad: empty file, not a gprime model");
    expect_error("# only a comment\n", "empty file");
    expect_error("gprime-model 2\n", "bad:1: not a gprime model");
    expect_error("x,y\n1,2\n", "bad:1: not a gprime model");
    expect_error(HEAD "W1 1\nb1 0\nW2 1\n", "bad: no 'b2' line");
    expect_error(HEAD "W1 1\nb1 0\nW2 1\nb2 0\nb2 0\n", "bad:10: 'b2' again (first on line 9)");
    expect_error(HEAD "W1 1 2\nb1 0\nW2 1\nb2 0\n", "bad:6: W1 has 2 values, want 1");
    expect_error(HEAD "W1\nb1 0\nW2 1\nb2 0\n", "bad:6: W1 has 0 values, want 1");
    expect_error(HEAD "W1 nan\nb1 0\nW2 1\nb2 0\n", "bad:6: W1 value 1 is not a finite number: 'nan'");
    expect_error(HEAD "W1 1\nb1 inf\nW2 1\nb2 0\n", "bad:7: b1 value 1 is not a finite number");
    expect_error(HEAD "W1 1\nb1 0\nW2 1e999\nb2 0\n", "bad:8: W2 value 1 is not a finite number");
    expect_error(HEAD "W1 1\nb1 0\nW2 1x\nb2 0\n", "W2 value 1 is not a finite number: '1x'");
    expect_error(HEAD "W1 1\nb1 0\nW2 1\nb2 0\nbias 3\n", "bad:10: unknown key 'bias'");
    expect_error("gprime-model 1\nact nosuch\ntype f64\nn_x 1\nn_h 1\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:2: bad activation 'nosuch'");
    expect_error("gprime-model 1\nact leaky_relu(alpha=nan)\ntype f64\nn_x 1\nn_h 1\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:2: bad activation");
    expect_error("gprime-model 1\nact tanh\ntype f16\nn_x 1\nn_h 1\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:3: type is f64 or f32, not 'f16'");
    expect_error("gprime-model 1\nact tanh\ntype f64\nn_x 0\nn_h 1\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:4: n_x wants a whole number from 1 to");
    expect_error("gprime-model 1\nact tanh\ntype f64\nn_x 1\nn_h -3\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:5: n_h wants a whole number");
    /* a header announcing a huge network allocates nothing: the counts do not match */
    expect_error("gprime-model 1\nact tanh\ntype f64\nn_x 16384\nn_h 16384\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "W1 has 1 values, want 268435456");
    expect_error("gprime-model 1\nact tanh\ntype f64\nn_x 99999999999999999999\nn_h 1\nW1 1\nb1 0\nW2 1\nb2 0\n",
                 "bad:4: n_x wants a whole number");
    expect_error(HEAD "mean 0\nW1 1\nb1 0\nW2 1\nb2 0\n", "bad:6: 'mean' and 'scale' come together");
    expect_error(HEAD "mean 0 1\nscale 1 1\nW1 1\nb1 0\nW2 1\nb2 0\n", "bad:6: mean has 2 values, want 1");
    static const char nul[] = "gprime-model 1\nact t\0nh\n";
    nn_model m;
    char err[256] = "";
    assert_int_equal(nn_model_parse(nul, sizeof nul - 1, "bad", &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad:2: a NUL byte"));
}

static void test_read_file_errors(void **state)
{
    (void)state;
    nn_model m;
    char err[512] = "";
    assert_int_equal(nn_model_read_file("/nonexistent/model.txt", &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/model.txt: cannot open: No such file"));
    assert_int_equal(nn_model_read_file("/", &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "/: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_tanh),  cmocka_unit_test(test_round_trip_standardised),
        cmocka_unit_test(test_round_trip_params_f32), cmocka_unit_test(test_parse_layout),
        cmocka_unit_test(test_bad_files),        cmocka_unit_test(test_read_file_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
