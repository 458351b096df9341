/* Shared helpers for the unit tests (see th.h). */
#include "th.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test_isas.h"

/* ---- ISA loop ---------------------------------------------------------------- */

static const char *const th_all_isas[] = {"generic", "avx2", "avx512"};

/* Available, and listed in GPRIME_TEST_ISAS (a comma list) when that is set:
 * valgrind, which lacks AVX-512 and computes FMA wrongly, runs "generic" only. */
static int th_isa_selected(const char *name) { return gp_isa_available(name) && gp_test_isa_listed(name); }

int th_isa_count(void)
{
    int c = 0;
    for (size_t i = 0; i < sizeof th_all_isas / sizeof th_all_isas[0]; i++)
        c += th_isa_selected(th_all_isas[i]);
    return c;
}

const char *th_isa(int i)
{
    for (size_t k = 0; k < sizeof th_all_isas / sizeof th_all_isas[0]; k++)
        if (th_isa_selected(th_all_isas[k]) && i-- == 0)
            return th_all_isas[k];
    return NULL;
}

#define TH_DEFINE_APPLY(T, C)                                                                   \
    gp_status th_apply_##T(const gp_act *act, gp_op op, size_t n, const C *x, const C *da, C *out) \
    {                                                                                           \
        int count = th_isa_count();                                                             \
        assert_true(count >= 1);                                                                \
        C *init = NULL, *first = NULL;                                                          \
        if (out && n > 0) {                                                                     \
            init = malloc(n * sizeof(C));                                                       \
            first = malloc(n * sizeof(C));                                                      \
            assert_non_null(init);                                                              \
            assert_non_null(first);                                                             \
            memcpy(init, out, n * sizeof(C));                                                   \
        }                                                                                       \
        gp_status s0 = GP_OK;                                                                   \
        for (int i = 0; i < count; i++) {                                                       \
            assert_int_equal(gp_set_isa(th_isa(i)), GP_OK);                                     \
            assert_string_equal(gp_isa_name(), th_isa(i));                                      \
            if (init)                                                                           \
                memcpy(out, init, n * sizeof(C));                                               \
            gp_status s = gp_apply_##T(act, op, n, x, da, out);                                 \
            if (i == 0) {                                                                       \
                s0 = s;                                                                         \
                if (first)                                                                      \
                    memcpy(first, out, n * sizeof(C));                                          \
                continue;                                                                       \
            }                                                                                   \
            if (s != s0)                                                                        \
                fail_msg("%s %s " #T ": status %d on %s, %d on %s", gp_kind_name(act ? act->kind : 0), \
                         gp_op_name(op), (int)s, th_isa(i), (int)s0, th_isa(0));               \
            if (first && memcmp(first, out, n * sizeof(C)) != 0) {                              \
                for (size_t j = 0; j < n; j++)                                                  \
                    if (memcmp(&first[j], &out[j], sizeof(C)) != 0)                             \
                        fail_msg("%s %s " #T " not bit-identical across ISAs: x[%zu]=%a: %s %a, %s %a", \
                                 gp_kind_name(act->kind), gp_op_name(op), j, (double)x[j], th_isa(0), \
                                 (double)first[j], th_isa(i), (double)out[j]);                  \
            }                                                                                   \
        }                                                                                       \
        assert_int_equal(gp_set_isa(NULL), GP_OK);                                              \
        free(init);                                                                             \
        free(first);                                                                            \
        return s0;                                                                              \
    }

TH_DEFINE_APPLY(f64, double)
TH_DEFINE_APPLY(f32, float)

/* ---- bits and distances -------------------------------------------------------- */

uint64_t th_bits_f64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

uint32_t th_bits_f32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* signed magnitude -> ordered integer: -0 and +0 both map to 0 */
static int64_t th_key_f64(double x)
{
    uint64_t u = th_bits_f64(x);
    int64_t m = (int64_t)(u & 0x7fffffffffffffffu);
    return (u >> 63) ? -m : m;
}

static int64_t th_key_f32(float x)
{
    uint32_t u = th_bits_f32(x);
    int64_t m = (int64_t)(u & 0x7fffffffu);
    return (u >> 31) ? -m : m;
}

static int64_t th_key_dist(int64_t a, int64_t b)
{
    /* |a - b| without overflow: |a|, |b| < 2^63 - 2^52, but their sum may not fit */
    if ((a < 0) != (b < 0)) {
        uint64_t d = (uint64_t)(a < 0 ? -a : a) + (uint64_t)(b < 0 ? -b : b);
        return d > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d;
    }
    return a > b ? a - b : b - a;
}

int64_t th_dist_f64(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : INT64_MAX;
    return th_key_dist(th_key_f64(a), th_key_f64(b));
}

int64_t th_dist_f32(float a, float b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : INT64_MAX;
    return th_key_dist(th_key_f32(a), th_key_f32(b));
}

/* ---- random numbers, sentinels ------------------------------------------------------ */

uint64_t th_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Du;
}

double th_uniform(uint64_t *state, double lo, double hi)
{
    double u = (double)(th_rand(state) >> 11) * 0x1p-53; /* [0, 1) */
    return lo + (hi - lo) * u;
}

#define TH_SENTINEL_64 0x7ff4dead5e4e1e1eu /* a signalling-NaN pattern no kernel would write */
#define TH_SENTINEL_32 0x7fa5e1e1u

void th_fill_sentinel_f64(double *p, size_t n)
{
    uint64_t s = TH_SENTINEL_64;
    for (size_t i = 0; i < n; i++)
        memcpy(&p[i], &s, sizeof s);
}

void th_fill_sentinel_f32(float *p, size_t n)
{
    uint32_t s = TH_SENTINEL_32;
    for (size_t i = 0; i < n; i++)
        memcpy(&p[i], &s, sizeof s);
}

int th_is_sentinel_f64(const double *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, p + i, sizeof u); /* no FP load: a signalling NaN stays as is */
        if (u != TH_SENTINEL_64)
            return 0;
    }
    return 1;
}

int th_is_sentinel_f32(const float *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, p + i, sizeof u);
        if (u != TH_SENTINEL_32)
            return 0;
    }
    return 1;
}

int th_from_output(gp_op op) { return op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT; }
int th_backward(gp_op op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT; }
