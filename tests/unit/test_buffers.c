/* Buffers, errors, threads and ISA selection.  Array calls go through th_apply_*
 * (every available ISA, bit-identical results and identical status).  Every
 * kind and every operation it has (gp_has_op; the others: test_ops.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "th.h"

enum { NB = 100 };

static void fill_inputs(gp_op op, double *x, double *da, float *xf, float *daf, size_t n, uint64_t seed)
{
    uint64_t rng = seed;
    for (size_t i = 0; i < n; i++) {
        x[i] = th_from_output(op) ? th_uniform(&rng, -1, 1) : th_uniform(&rng, -20, 20);
        if (i % 11 == 3)
            x[i] = 0.0;
        da[i] = th_uniform(&rng, -2, 2);
        xf[i] = (float)x[i];
        daf[i] = (float)da[i];
    }
}

/* ---- in place --------------------------------------------------------------------------------- */

static void test_in_place_on_x_equals_out_of_place(void **state)
{
    (void)state;
    double x[NB], da[NB], ref[NB], buf[NB];
    float xf[NB], daf[NB], reff[NB], buff[NB];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            fill_inputs((gp_op)op, x, da, xf, daf, NB, 10 + (uint64_t)op);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, NB, x, da, ref), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, NB, xf, daf, reff), GP_OK);
            memcpy(buf, x, sizeof buf);
            memcpy(buff, xf, sizeof buff);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, NB, buf, da, buf), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, NB, buff, daf, buff), GP_OK);
            if (memcmp(buf, ref, sizeof buf) != 0 || memcmp(buff, reff, sizeof buff) != 0)
                fail_msg("%s %s: in place (out == x) differs from out of place", gp_kind_name((gp_kind)k),
                         gp_op_name((gp_op)op));
        }
    }
}

static void test_in_place_on_da_equals_out_of_place(void **state)
{
    (void)state;
    double x[NB], da[NB], ref[NB], buf[NB];
    float xf[NB], daf[NB], reff[NB], buff[NB];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = GP_OP_BACKWARD; op <= GP_OP_BACKWARD_FROM_OUTPUT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            fill_inputs((gp_op)op, x, da, xf, daf, NB, 20 + (uint64_t)op);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, NB, x, da, ref), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, NB, xf, daf, reff), GP_OK);
            memcpy(buf, da, sizeof buf);
            memcpy(buff, daf, sizeof buff);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, NB, x, buf, buf), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, NB, xf, buff, buff), GP_OK);
            if (memcmp(buf, ref, sizeof buf) != 0 || memcmp(buff, reff, sizeof buff) != 0)
                fail_msg("%s %s: in place (out == da) differs from out of place", gp_kind_name((gp_kind)k),
                         gp_op_name((gp_op)op));
        }
    }
}

/* the named entry points in place as well (not only gp_apply) */
static void test_in_place_named_functions(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_TANH);
    double z[NB], ref[NB], buf[NB], da[NB];
    float zf[NB], reff[NB], buff[NB], daf[NB];
    fill_inputs(GP_OP_GRAD, z, da, zf, daf, NB, 5);
    assert_int_equal(gp_grad_f64(&act, NB, z, ref), GP_OK);
    memcpy(buf, z, sizeof buf);
    assert_int_equal(gp_grad_f64(&act, NB, buf, buf), GP_OK);
    assert_memory_equal(buf, ref, sizeof buf);
    assert_int_equal(gp_backward_f32(&act, NB, zf, daf, reff), GP_OK);
    memcpy(buff, daf, sizeof buff);
    assert_int_equal(gp_backward_f32(&act, NB, zf, buff, buff), GP_OK);
    assert_memory_equal(buff, reff, sizeof buff);
}

/* ---- overlap ----------------------------------------------------------------------------------- */

static void test_partial_overlap_rejected_output_untouched(void **state)
{
    (void)state;
    double mem[3 * NB];
    float memf[3 * NB];
    const size_t n = NB;
    const ptrdiff_t shifts[] = {1, -1, 7, -7, (ptrdiff_t)NB - 1, -((ptrdiff_t)NB - 1)};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            for (size_t s = 0; s < sizeof shifts / sizeof shifts[0]; s++) {
                for (int which = 0; which < (th_backward((gp_op)op) ? 2 : 1); which++) {
                    /* input at mem + NB, output shifted by shifts[s] (overlapping it) */
                    double *in = mem + NB, *out = in + shifts[s];
                    float *inf_ = memf + NB, *outf = inf_ + shifts[s];
                    double other[NB];
                    float otherf[NB];
                    for (size_t i = 0; i < NB; i++)
                        other[i] = otherf[i] = 0.5f;
                    th_fill_sentinel_f64(mem, 3 * NB);
                    th_fill_sentinel_f32(memf, 3 * NB);
                    /* the input holds sentinels too: any write shows */
                    const double *x = which ? other : in, *da = which ? in : other;
                    const float *xf = which ? otherf : inf_, *daf = which ? inf_ : otherf;
                    gp_status st = th_apply_f64(&act, (gp_op)op, n, x, da, out);
                    if (st != GP_ERR_OVERLAP)
                        fail_msg("%s %s shift %td (%s): status %d", gp_kind_name((gp_kind)k), gp_op_name((gp_op)op),
                                 shifts[s], which ? "da" : "x", (int)st);
                    assert_true(th_is_sentinel_f64(mem, 3 * NB));
                    assert_int_equal(th_apply_f32(&act, (gp_op)op, n, xf, daf, outf), GP_ERR_OVERLAP);
                    assert_true(th_is_sentinel_f32(memf, 3 * NB));
                }
            }
        }
    }
}

/* adjacent (touching, not overlapping) buffers are fine */
static void test_adjacent_buffers_are_not_overlap(void **state)
{
    (void)state;
    double mem[2 * NB];
    float memf[2 * NB];
    for (size_t i = 0; i < NB; i++) {
        mem[i] = (double)i - 50.0;
        memf[i] = (float)i - 50.0f;
    }
    gp_act act = gp_act_default(GP_RELU);
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, NB, mem, NULL, mem + NB), GP_OK);
    assert_int_equal(th_apply_f64(&act, GP_OP_FORWARD, NB, mem + NB, NULL, mem), GP_OK);
    assert_int_equal(th_apply_f32(&act, GP_OP_FORWARD, NB, memf, NULL, memf + NB), GP_OK);
    for (size_t i = 0; i < NB; i++)
        assert_true(memf[NB + i] == (i > 50 ? (float)i - 50.0f : 0.0f));
}

/* ---- NULL, n == 0, unknown kind ---------------------------------------------------------------------- */

static void test_null_pointer_with_n_positive_rejected(void **state)
{
    (void)state;
    double x[4] = {1, 2, 3, 4}, da[4] = {1, 1, 1, 1}, out[4];
    float xf[4] = {1, 2, 3, 4}, daf[4] = {1, 1, 1, 1}, outf[4];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            th_fill_sentinel_f64(out, 4);
            th_fill_sentinel_f32(outf, 4);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 4, NULL, da, out), GP_ERR_NULL);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 4, NULL, daf, outf), GP_ERR_NULL);
            assert_true(th_is_sentinel_f64(out, 4) && th_is_sentinel_f32(outf, 4));
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 4, x, da, NULL), GP_ERR_NULL);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 4, xf, daf, NULL), GP_ERR_NULL);
            assert_int_equal(th_apply_f64(NULL, (gp_op)op, 4, x, da, out), GP_ERR_NULL);
            assert_int_equal(th_apply_f32(NULL, (gp_op)op, 4, xf, daf, outf), GP_ERR_NULL);
            assert_true(th_is_sentinel_f64(out, 4) && th_is_sentinel_f32(outf, 4));
            gp_status want = th_backward((gp_op)op) ? GP_ERR_NULL : GP_OK; /* da read only by backward */
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 4, x, NULL, out), want);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 4, xf, NULL, outf), want);
            if (want != GP_OK)
                assert_true(th_is_sentinel_f64(out, 4) && th_is_sentinel_f32(outf, 4));
        }
    }
    /* the named entry points too */
    gp_act act = gp_act_default(GP_SIGMOID);
    th_fill_sentinel_f64(out, 4);
    assert_int_equal(gp_forward_f64(&act, 4, NULL, out), GP_ERR_NULL);
    assert_int_equal(gp_backward_f64(&act, 4, x, NULL, out), GP_ERR_NULL);
    assert_int_equal(gp_backward_from_output_f64(&act, 4, x, NULL, out), GP_ERR_NULL);
    assert_int_equal(gp_grad_from_output_f32(&act, 4, xf, NULL), GP_ERR_NULL);
    assert_int_equal(gp_grad_f32(NULL, 4, xf, outf), GP_ERR_NULL);
    assert_true(th_is_sentinel_f64(out, 4));
}

static void test_zero_length_is_ok_and_touches_nothing(void **state)
{
    (void)state;
    double x[2] = {1, 2}, da[2] = {1, 1}, out[2];
    float xf[2] = {1, 2}, daf[2] = {1, 1}, outf[2];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            th_fill_sentinel_f64(out, 2);
            th_fill_sentinel_f32(outf, 2);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 0, NULL, NULL, NULL), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 0, NULL, NULL, NULL), GP_OK);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 0, x, da, out), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 0, xf, daf, outf), GP_OK);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 0, x + 1, da, x), GP_OK); /* would overlap */
            assert_true(th_is_sentinel_f64(out, 2) && th_is_sentinel_f32(outf, 2));
            assert_true(x[0] == 1 && x[1] == 2);
        }
    }
    gp_act act = gp_act_default(GP_TANH);
    assert_int_equal(gp_forward_f32(&act, 0, NULL, NULL), GP_OK);
    assert_int_equal(gp_backward_from_output_f64(&act, 0, NULL, NULL, NULL), GP_OK);
}

static void test_unknown_kind_rejected_output_untouched(void **state)
{
    (void)state;
    const int kinds[] = {42, GP_KIND_COUNT, -1};
    double x[3] = {-1, 0, 1}, da[3] = {1, 1, 1}, out[3];
    float xf[3] = {-1, 0, 1}, daf[3] = {1, 1, 1}, outf[3];
    for (size_t i = 0; i < 3; i++) {
        gp_act act = gp_act_default((gp_kind)kinds[i]);
        assert_int_equal((int)act.kind, kinds[i]);
        assert_int_equal(gp_act_check(&act, 0), GP_ERR_KIND);
        assert_string_equal(gp_kind_name((gp_kind)kinds[i]), "unknown");
        for (int op = 0; op < GP_OP_COUNT; op++) {
            th_fill_sentinel_f64(out, 3);
            th_fill_sentinel_f32(outf, 3);
            assert_int_equal(th_apply_f64(&act, (gp_op)op, 3, x, da, out), GP_ERR_KIND);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, 3, xf, daf, outf), GP_ERR_KIND);
            assert_true(th_is_sentinel_f64(out, 3) && th_is_sentinel_f32(outf, 3));
        }
    }
}

static void test_unknown_op_rejected_output_untouched(void **state)
{
    (void)state;
    gp_act act = gp_act_default(GP_SIGMOID);
    double x[3] = {-1, 0, 1}, da[3] = {1, 1, 1}, out[3];
    float xf[3] = {-1, 0, 1}, daf[3] = {1, 1, 1}, outf[3];
    th_fill_sentinel_f64(out, 3);
    th_fill_sentinel_f32(outf, 3);
    assert_int_not_equal(th_apply_f64(&act, (gp_op)GP_OP_COUNT, 3, x, da, out), GP_OK);
    assert_int_not_equal(th_apply_f32(&act, (gp_op)77, 3, xf, daf, outf), GP_OK);
    assert_true(th_is_sentinel_f64(out, 3) && th_is_sentinel_f32(outf, 3));
    assert_string_equal(gp_op_name((gp_op)77), "unknown");
}

/* ---- threads ----------------------------------------------------------------------------------------------- */

static void test_thread_split_is_bit_identical(void **state)
{
    (void)state;
    /* above every explicit-count split threshold (2^17 f32 elements at most,
     * src/api.c) even at the odd length n - 13; 2^20 took valgrind past its
     * 900 s once there were fifteen activations */
    const size_t n = ((size_t)1 << 17) + 1024;
    double *x = malloc(n * sizeof *x), *da = malloc(n * sizeof *da);
    double *o1 = malloc(n * sizeof *o1), *o2 = malloc(n * sizeof *o2);
    float *xf = malloc(n * sizeof *xf), *daf = malloc(n * sizeof *daf);
    float *p1 = malloc(n * sizeof *p1), *p2 = malloc(n * sizeof *p2);
    assert_true(x && da && o1 && o2 && xf && daf && p1 && p2);
    uint64_t rng = 2024;
    for (size_t i = 0; i < n; i++) {
        x[i] = th_uniform(&rng, -1, 1) * (i % 2 ? 30 : 1);
        da[i] = th_uniform(&rng, -2, 2);
        xf[i] = (float)x[i];
        daf[i] = (float)da[i];
    }
    /* an odd length too, so the last chunk is short and ends in a vector tail */
    const size_t lens[] = {n, n - 13};
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            size_t len = lens[(k + op) % 2];
            assert_int_equal(gp_set_num_threads(1), GP_OK);
            assert_int_equal(gp_get_num_threads(), 1);
            assert_int_equal(gp_apply_f64(&act, (gp_op)op, len, x, da, o1), GP_OK);
            assert_int_equal(gp_apply_f32(&act, (gp_op)op, len, xf, daf, p1), GP_OK);
            assert_int_equal(gp_set_num_threads(2), GP_OK);
            int nt = gp_get_num_threads();
            assert_true(nt == 2 || nt == 1); /* 1 when built without threads */
            /* all ISAs, split across two threads */
            assert_int_equal(th_apply_f64(&act, (gp_op)op, len, x, da, o2), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, len, xf, daf, p2), GP_OK);
            if (memcmp(o1, o2, len * sizeof *o1) != 0 || memcmp(p1, p2, len * sizeof *p1) != 0)
                fail_msg("%s %s: 2 threads differ from 1", gp_kind_name((gp_kind)k), gp_op_name((gp_op)op));
        }
    }
    assert_int_equal(gp_set_num_threads(0), GP_OK);
    free(x), free(da), free(o1), free(o2), free(xf), free(daf), free(p1), free(p2);
}

static void test_set_num_threads_negative_rejected(void **state)
{
    (void)state;
    assert_int_equal(gp_set_num_threads(3), GP_OK);
    int before = gp_get_num_threads();
    assert_int_equal(gp_set_num_threads(-1), GP_ERR_PARAM);
    assert_int_equal(gp_set_num_threads(-1000), GP_ERR_PARAM);
    assert_int_equal(gp_get_num_threads(), before); /* setting unchanged */
    assert_int_equal(gp_set_num_threads(0), GP_OK);
    assert_true(gp_get_num_threads() >= 1);
}

/* ---- ISA selection ------------------------------------------------------------------------------------------- */

static void test_set_isa_bogus_rejected(void **state)
{
    (void)state;
    assert_int_equal(gp_set_isa(NULL), GP_OK);
    const char *before = gp_isa_name();
    assert_int_equal(gp_set_isa("bogus"), GP_ERR_ISA);
    assert_int_equal(gp_set_isa("avx9000"), GP_ERR_ISA);
    assert_string_equal(gp_isa_name(), before); /* the active ISA is kept */
    assert_false(gp_isa_available("bogus"));
    assert_false(gp_isa_available(NULL));
    /* still working */
    gp_act act = gp_act_default(GP_RELU);
    double z = 2.0, a = 0;
    assert_int_equal(gp_forward_f64(&act, 1, &z, &a), GP_OK);
    assert_true(a == 2.0);
}

static void test_isa_name_is_known(void **state)
{
    (void)state;
    assert_int_equal(gp_set_isa("auto"), GP_OK);
    const char *name = gp_isa_name();
    assert_non_null(name);
    assert_true(strcmp(name, "generic") == 0 || strcmp(name, "avx2") == 0 || strcmp(name, "avx512") == 0);
    assert_true(gp_isa_available(name));
    assert_true(gp_isa_available("generic"));
    /* auto picks the best available */
    const char *best = gp_isa_available("avx512") ? "avx512" : gp_isa_available("avx2") ? "avx2" : "generic";
    assert_string_equal(name, best);
}

static void test_set_isa_each_available(void **state)
{
    (void)state;
    const char *all[] = {"generic", "avx2", "avx512"};
    for (int i = 0; i < 3; i++) {
        if (gp_isa_available(all[i])) {
            assert_int_equal(gp_set_isa(all[i]), GP_OK);
            assert_string_equal(gp_isa_name(), all[i]);
        } else {
            assert_int_equal(gp_set_isa(all[i]), GP_ERR_ISA);
        }
    }
    assert_int_equal(gp_set_isa("GENERIC"), GP_OK); /* names are case-insensitive */
    assert_string_equal(gp_isa_name(), "generic");
    assert_int_equal(gp_set_isa(NULL), GP_OK);
    print_message("available ISAs: %d (", th_isa_count());
    for (int i = 0; i < th_isa_count(); i++)
        print_message(" %s", th_isa(i));
    print_message(" )\n");
}

/* the ISA paths agree bit for bit on random data of every kind and op, with
 * lengths that exercise body and tail (th_apply asserts the agreement) */
static void test_isa_paths_bit_identical(void **state)
{
    (void)state;
    enum { N = 4099 };
    static double x[N], da[N], out[N];
    static float xf[N], daf[N], outf[N];
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op((gp_kind)k, (gp_op)op))
                continue;
            uint64_t rng = 1 + (uint64_t)(k * 10 + op);
            for (size_t i = 0; i < N; i++) {
                double m = i % 3 == 0 ? 800 : (i % 3 == 1 ? 40 : 2);
                x[i] = th_from_output((gp_op)op) ? th_uniform(&rng, -1.2, 1.2) : th_uniform(&rng, -m, m);
                da[i] = th_uniform(&rng, -4, 4);
                xf[i] = (float)x[i];
                daf[i] = (float)da[i];
            }
            assert_int_equal(th_apply_f64(&act, (gp_op)op, N, x, da, out), GP_OK);
            assert_int_equal(th_apply_f32(&act, (gp_op)op, N, xf, daf, outf), GP_OK);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_place_on_x_equals_out_of_place),
        cmocka_unit_test(test_in_place_on_da_equals_out_of_place),
        cmocka_unit_test(test_in_place_named_functions),
        cmocka_unit_test(test_partial_overlap_rejected_output_untouched),
        cmocka_unit_test(test_adjacent_buffers_are_not_overlap),
        cmocka_unit_test(test_null_pointer_with_n_positive_rejected),
        cmocka_unit_test(test_zero_length_is_ok_and_touches_nothing),
        cmocka_unit_test(test_unknown_kind_rejected_output_untouched),
        cmocka_unit_test(test_unknown_op_rejected_output_untouched),
        cmocka_unit_test(test_thread_split_is_bit_identical),
        cmocka_unit_test(test_set_num_threads_negative_rejected),
        cmocka_unit_test(test_set_isa_bogus_rejected),
        cmocka_unit_test(test_isa_name_is_known),
        cmocka_unit_test(test_set_isa_each_available),
        cmocka_unit_test(test_isa_paths_bit_identical),
    };
    return cmocka_run_group_tests_name("buffers", tests, NULL, NULL);
}
