/* The bf16 and f16 arrays: the conversions of src/half.h against a reference
 * written from the definition of the formats (round to nearest, ties to
 * even, subnormals kept, overflow to inf, NaN quieted with its payload);
 * every activation and operation, the accumulating ones included, on all
 * 65,536 inputs of each format and every ISA: the f32 function on the
 * widened inputs, rounded once, bit for bit; NaN, subnormal and overflow
 * results; buffers, errors, thread split. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "th.h"
#include "half.h"

enum { BF16, F16, NFMT };
static const char *const fmt_name[NFMT] = {"bf16", "f16"};
#define ACC_FWD (GP_OP_COUNT)     /* backward_acc, as a pseudo operation of this test */
#define ACC_FO (GP_OP_COUNT + 1)  /* backward_from_output_acc */
#define NOPS (GP_OP_COUNT + 2)

/* ---- the reference conversions ---- */

/* the value of a finite code, or 2^(emax+1) for the infinity code */
static double decode(int fmt, uint16_t h)
{
    int s = h >> 15;
    double v;
    if (fmt == BF16) {
        int e = h >> 7 & 0xff, m = h & 0x7f;
        v = e == 0 ? ldexp(m, -133) : ldexp(128 + m, e - 134);
    } else {
        int e = h >> 10 & 0x1f, m = h & 0x3ff;
        v = e == 0 ? ldexp(m, -24) : ldexp(1024 + m, e - 25);
    }
    return s ? -v : v;
}
static uint16_t inf_code(int fmt) { return fmt == BF16 ? 0x7f80 : 0x7c00; }

/* x (finite) rounded to the format by the definition: the two codes around
 * |x|, the nearer, ties to the even code */
static uint16_t ref_round(int fmt, double x)
{
    uint16_t s = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    unsigned lo = 0, hi = inf_code(fmt); /* decode(lo) <= a < decode(hi) unless a >= decode(inf) */
    if (a >= decode(fmt, (uint16_t)hi))
        return (uint16_t)(s | hi);
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (decode(fmt, (uint16_t)mid) <= a)
            lo = mid;
        else
            hi = mid;
    }
    double dl = a - decode(fmt, (uint16_t)lo), dh = decode(fmt, (uint16_t)hi) - a;
    unsigned c = dl < dh ? lo : dh < dl ? hi : (lo % 2 == 0 ? lo : hi);
    return (uint16_t)(s | c);
}

static uint16_t narrow(int fmt, float f) { return fmt == BF16 ? gp_f32_to_bf16(f) : gp_f32_to_f16(f); }
static float widen(int fmt, uint16_t h) { return fmt == BF16 ? gp_bf16_to_f32(h) : gp_f16_to_f32(h); }

/* widening is exact: every finite code gives its value, infinities and NaNs keep sign and payload */
static void test_half_widen_exact(void **state)
{
    (void)state;
    for (int fmt = 0; fmt < NFMT; fmt++)
        for (uint32_t c = 0; c < 65536; c++) {
            uint16_t h = (uint16_t)c;
            float f = widen(fmt, h);
            uint16_t mag = h & 0x7fff, inf = inf_code(fmt);
            if (mag < inf)
                assert_true((double)f == decode(fmt, h) && !!signbit(f) == (h >> 15));
            else if (mag == inf)
                assert_true(isinf(f) && !!signbit(f) == (h >> 15));
            else if (fmt == BF16) /* NaN: sign and payload at the top of the f32 significand */
                assert_true(th_bits_f32(f) == (uint32_t)h << 16);
            else
                assert_true(th_bits_f32(f) == ((uint32_t)(h >> 15) << 31 | 0x7f800000u | (uint32_t)(h & 0x3ff) << 13));
        }
}

/* narrowing rounds to nearest even: every code, the midpoints between
 * neighbours and the floats next to them, random floats */
static void test_half_narrow_rne(void **state)
{
    (void)state;
    uint64_t seed = 11;
    for (int fmt = 0; fmt < NFMT; fmt++) {
        for (uint32_t c = 0; c < inf_code(fmt); c++) {
            double lo = decode(fmt, (uint16_t)c), hi = decode(fmt, (uint16_t)(c + 1));
            float mid = (float)(0.5 * (lo + hi)); /* exact: 12 bits at most, in range */
            float probes[5] = {(float)lo, mid, nextafterf(mid, 0), nextafterf(mid, INFINITY), (float)-lo};
            for (int p = 0; p < 5; p++) {
                if (isinf(probes[p]))
                    continue;
                uint16_t got = narrow(fmt, probes[p]), want = ref_round(fmt, (double)probes[p]);
                if (got != want)
                    fail_msg("%s: %a -> %04x, want %04x", fmt_name[fmt], (double)probes[p], got, want);
            }
        }
        for (int i = 0; i < 1000000; i++) {
            float f;
            uint32_t b = (uint32_t)th_rand(&seed);
            memcpy(&f, &b, sizeof f);
            if (!isfinite(f))
                continue;
            uint16_t got = narrow(fmt, f), want = ref_round(fmt, (double)f);
            if (got != want)
                fail_msg("%s: %a -> %04x, want %04x", fmt_name[fmt], (double)f, got, want);
        }
        assert_int_equal(narrow(fmt, INFINITY), inf_code(fmt));
        assert_int_equal(narrow(fmt, -INFINITY), 0x8000 | inf_code(fmt));
    }
    /* f16 overflow threshold: 65504 + 16 (half an ulp, a tie to the even 65536) is inf */
    assert_int_equal(gp_f32_to_f16(65519.996f), 0x7bff);
    assert_int_equal(gp_f32_to_f16(65520.0f), 0x7c00);
    /* subnormal results are kept: no flush to zero */
    assert_int_equal(gp_f32_to_f16(0x1p-24f), 0x0001);
    assert_int_equal(gp_f32_to_bf16(0x1p-133f), 0x0001);
    assert_int_equal(gp_f32_to_f16(0x1p-25f), 0x0000);         /* a tie: to the even zero */
    assert_int_equal(gp_f32_to_f16(0x1.8p-24f), 0x0002);       /* a tie: to the even 2 */
}

/* ---- through the API ---- */

static gp_status call16(int fmt, const gp_act *act, int op, size_t n, const uint16_t *x, const uint16_t *da,
                        uint16_t *out)
{
    if (op == ACC_FWD)
        return fmt == BF16 ? gp_backward_acc_bf16(act, n, x, da, out) : gp_backward_acc_f16(act, n, x, da, out);
    if (op == ACC_FO)
        return fmt == BF16 ? gp_backward_from_output_acc_bf16(act, n, x, da, out)
                           : gp_backward_from_output_acc_f16(act, n, x, da, out);
    return fmt == BF16 ? gp_apply_bf16(act, (gp_op)op, n, x, da, out) : gp_apply_f16(act, (gp_op)op, n, x, da, out);
}
static gp_status call32(const gp_act *act, int op, size_t n, const float *x, const float *da, float *out)
{
    if (op == ACC_FWD)
        return gp_backward_acc_f32(act, n, x, da, out);
    if (op == ACC_FO)
        return gp_backward_from_output_acc_f32(act, n, x, da, out);
    return gp_apply_f32(act, (gp_op)op, n, x, da, out);
}
static gp_op base_op(int op)
{
    return op == ACC_FWD ? GP_OP_BACKWARD : op == ACC_FO ? GP_OP_BACKWARD_FROM_OUTPUT : (gp_op)op;
}
static const char *op_name(int op)
{
    return op == ACC_FWD ? "backward_acc" : op == ACC_FO ? "backward_from_output_acc" : gp_op_name((gp_op)op);
}

/* a finite code of moderate size, from a hash */
static uint16_t moderate(int fmt, uint64_t *seed)
{
    float v = (float)th_uniform(seed, -4.0, 4.0);
    return narrow(fmt, v);
}

/* every input code: the result is the f32 function on the widened inputs
 * (and dz), rounded once to the format; the same bits on every ISA */
static void test_half_every_input_every_op(void **state)
{
    (void)state;
    enum { M = 65536 };
    uint16_t *x = malloc(M * 2), *da = malloc(M * 2), *dz0 = malloc(M * 2), *out = malloc(M * 2);
    float *xf = malloc(M * 4), *daf = malloc(M * 4), *of = malloc(M * 4);
    assert_true(x && da && dz0 && out && xf && daf && of);
    for (int fmt = 0; fmt < NFMT; fmt++) {
        uint64_t seed = 99 + (uint64_t)fmt;
        for (uint32_t i = 0; i < M; i++) {
            x[i] = (uint16_t)i, da[i] = moderate(fmt, &seed), dz0[i] = moderate(fmt, &seed);
            xf[i] = widen(fmt, x[i]), daf[i] = widen(fmt, da[i]);
        }
        for (int k = 0; k < GP_KIND_COUNT; k++)
            for (int op = 0; op < NOPS; op++) {
                gp_act act = gp_act_default((gp_kind)k);
                if (!gp_has_op(act.kind, base_op(op)))
                    continue;
                int acc = op >= GP_OP_COUNT;
                for (int s = 0; s < th_isa_count(); s++) {
                    /* the f32 call on the same ISA, narrowed, is the reference (the ISAs
                     * agree bit for bit, but valgrind's FMA emulation on AVX2 does not) */
                    assert_int_equal(gp_set_isa(th_isa(s)), GP_OK);
                    for (uint32_t i = 0; i < M; i++)
                        of[i] = widen(fmt, dz0[i]);
                    assert_int_equal(call32(&act, op, M, xf, daf, of), GP_OK);
                    memcpy(out, dz0, M * 2);
                    assert_int_equal(call16(fmt, &act, op, M, x, da, out), GP_OK);
                    for (uint32_t i = 0; i < M; i++)
                        if (out[i] != narrow(fmt, of[i]))
                            fail_msg("%s %s %s %s x=%04x da=%04x dz=%04x: %04x, want %04x", gp_kind_name(act.kind),
                                     op_name(op), fmt_name[fmt], th_isa(s), x[i], da[i], acc ? dz0[i] : 0, out[i],
                                     narrow(fmt, of[i]));
                }
                assert_int_equal(gp_set_isa(NULL), GP_OK);
            }
    }
    free(x), free(da), free(dz0), free(out), free(xf), free(daf), free(of);
}

/* a NaN input gives a quiet NaN with its sign and payload, in every operation */
static void test_half_nan_quiet_payload(void **state)
{
    (void)state;
    const uint16_t in[NFMT][2] = {{0x7f81, 0xffa5}, {0x7c01, 0xfd55}};
    const uint16_t want[NFMT][2] = {{0x7fc1, 0xffe5}, {0x7e01, 0xff55}};
    for (int fmt = 0; fmt < NFMT; fmt++)
        for (int k = 0; k < GP_KIND_COUNT; k++)
            for (int op = 0; op < NOPS; op++) {
                gp_act act = gp_act_default((gp_kind)k);
                if (!gp_has_op(act.kind, base_op(op)))
                    continue;
                for (int s = 0; s < th_isa_count(); s++) {
                    assert_int_equal(gp_set_isa(th_isa(s)), GP_OK);
                    uint16_t x[2] = {in[fmt][0], in[fmt][1]}, da[2] = {0x3c00, 0x3c00}, o[2] = {0, 0};
                    assert_int_equal(call16(fmt, &act, op, 2, x, da, o), GP_OK);
                    if (o[0] != want[fmt][0] || o[1] != want[fmt][1])
                        fail_msg("%s %s %s: %04x %04x", gp_kind_name(act.kind), op_name(op), fmt_name[fmt], o[0], o[1]);
                }
                assert_int_equal(gp_set_isa(NULL), GP_OK);
            }
}

/* results in the subnormal range stay subnormal; beyond the largest finite value, inf */
static void test_half_subnormal_and_overflow(void **state)
{
    (void)state;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int fmt = 0; fmt < NFMT; fmt++) {
            /* the smallest subnormal and a value deep in the negative tail */
            uint16_t x[2] = {0x0001, narrow(fmt, fmt == BF16 ? -88.0f : -12.0f)}, o[2];
            float xf[2] = {widen(fmt, x[0]), widen(fmt, x[1])}, of[2];
            assert_int_equal(fmt == BF16 ? gp_forward_bf16(&act, 2, x, o) : gp_forward_f16(&act, 2, x, o), GP_OK);
            assert_int_equal(gp_forward_f32(&act, 2, xf, of), GP_OK);
            for (int i = 0; i < 2; i++) {
                assert_int_equal(o[i], ref_round(fmt, (double)of[i]));
                /* above half the smallest subnormal (2^-133 bf16, 2^-24 f16), a subnormal
                 * result is kept, not flushed */
                float half_min = fmt == BF16 ? 0x1p-134f : 0x1p-25f;
                if (fabsf(of[i]) > half_min && fabsf(of[i]) < (fmt == BF16 ? FLT_MIN : 0x1p-14f))
                    assert_true((o[i] & 0x7fff) != 0);
            }
        }
    }
    /* f16: dz = 65504 plus 65504 * g' = 1 overflows to inf, wherever g'(3) is 1 */
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        float z3 = 3.0f, g3;
        assert_int_equal(gp_grad_f32(&act, 1, &z3, &g3), GP_OK);
        if (g3 != 1.0f)
            continue;
        uint16_t z = 0x4200 /* 3 */, da = 0x7bff, dz = 0x7bff;
        assert_int_equal(gp_backward_acc_f16(&act, 1, &z, &da, &dz), GP_OK);
        assert_int_equal(dz, 0x7c00);
    }
}

/* in place as in f32; dz of the accumulating forms may not touch an input */
static void test_half_buffers(void **state)
{
    (void)state;
    enum { M = 300 };
    uint16_t x[M], d[M], o[M], x2[M], d2[M], keep[M];
    uint64_t seed = 4;
    for (int i = 0; i < M; i++)
        x[i] = moderate(F16, &seed), d[i] = moderate(F16, &seed);
    gp_act act = gp_act_default((gp_kind)0);
    assert_int_equal(gp_forward_f16(&act, M, x, o), GP_OK);
    memcpy(x2, x, sizeof x);
    assert_int_equal(gp_forward_f16(&act, M, x2, x2), GP_OK);
    assert_memory_equal(x2, o, sizeof o);
    assert_int_equal(gp_backward_bf16(&act, M, x, d, o), GP_OK);
    memcpy(d2, d, sizeof d);
    assert_int_equal(gp_backward_bf16(&act, M, x, d2, d2), GP_OK);
    assert_memory_equal(d2, o, sizeof o);
    memcpy(keep, d, sizeof d);
    assert_int_equal(gp_backward_bf16(&act, M, x, d + 1, d), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_acc_f16(&act, M, x, d, d), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_from_output_acc_bf16(&act, M, x, d, x), GP_ERR_OVERLAP);
    assert_int_equal(gp_backward_acc_bf16(&act, M, x + 2, d, x), GP_ERR_OVERLAP);
    assert_memory_equal(d, keep, sizeof d);
}

static void test_half_argument_errors(void **state)
{
    (void)state;
    uint16_t x[8] = {0}, d[8] = {0}, o[8] = {1, 2, 3, 4, 5, 6, 7, 8}, keep[8];
    memcpy(keep, o, sizeof o);
    gp_act act = gp_act_default((gp_kind)0), bad = act;
    bad.kind = GP_KIND_COUNT;
    assert_int_equal(gp_forward_bf16(NULL, 8, x, o), GP_ERR_NULL);
    assert_int_equal(gp_forward_f16(&bad, 8, x, o), GP_ERR_KIND);
    assert_int_equal(gp_grad_bf16(&act, 8, NULL, o), GP_ERR_NULL);
    assert_int_equal(gp_backward_f16(&act, 8, x, NULL, o), GP_ERR_NULL);
    assert_int_equal(gp_backward_acc_bf16(&act, 8, x, d, NULL), GP_ERR_NULL);
    assert_int_equal(gp_apply_f16(&act, (gp_op)GP_OP_COUNT, 8, x, d, o), GP_ERR_PARAM);
    assert_int_equal(gp_forward_bf16(&act, 0, NULL, NULL), GP_OK);
    assert_memory_equal(o, keep, sizeof o);
    /* the parameter checks are f32's (the f32 kernels run): e.g. a value that overflows a float */
    float xf[8] = {0}, of[8];
    uint16_t o2[8];
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int op = 0; op < NOPS; op++) {
            gp_act a = gp_act_default((gp_kind)k);
            a.alpha = 1e300, a.beta = 1e300, a.grad_at_zero = 1e300;
            gp_status want = call32(&a, op, 8, xf, xf, of);
            assert_int_equal(call16(BF16, &a, op, 8, x, d, o2), want);
            assert_int_equal(call16(F16, &a, op, 8, x, d, o2), want);
        }
}

/* every split gives the bits of one thread */
static void test_half_thread_split(void **state)
{
    (void)state;
    enum { M = 1 << 18 };
    uint16_t *x = malloc(M * 2), *d = malloc(M * 2), *o1 = malloc(M * 2), *o2 = malloc(M * 2);
    assert_true(x && d && o1 && o2);
    uint64_t seed = 8;
    for (size_t i = 0; i < M; i++)
        x[i] = moderate(BF16, &seed), d[i] = moderate(BF16, &seed), o1[i] = o2[i] = moderate(BF16, &seed);
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        assert_int_equal(gp_set_num_threads(1), GP_OK);
        assert_int_equal(gp_backward_acc_bf16(&act, M, x, d, o1), GP_OK);
        assert_int_equal(gp_set_num_threads(3), GP_OK);
        assert_int_equal(gp_backward_acc_bf16(&act, M, x, d, o2), GP_OK);
        assert_memory_equal(o1, o2, M * 2);
        assert_int_equal(gp_forward_f16(&act, M, x, o2), GP_OK);
        assert_int_equal(gp_set_num_threads(1), GP_OK);
        assert_int_equal(gp_forward_f16(&act, M, x, o1), GP_OK);
        assert_memory_equal(o1, o2, M * 2);
    }
    assert_int_equal(gp_set_num_threads(0), GP_OK);
    free(x), free(d), free(o1), free(o2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_widen_exact),
        cmocka_unit_test(test_half_narrow_rne),
        cmocka_unit_test(test_half_every_input_every_op),
        cmocka_unit_test(test_half_nan_quiet_payload),
        cmocka_unit_test(test_half_subnormal_and_overflow),
        cmocka_unit_test(test_half_buffers),
        cmocka_unit_test(test_half_argument_errors),
        cmocka_unit_test(test_half_thread_split),
    };
    return cmocka_run_group_tests_name("half", tests, NULL, NULL);
}
