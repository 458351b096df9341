/* Large memory-bound calls stream their output (non-temporal stores, past the
 * caches: src/api.c from 32 MiB moved, src/kernels.c).  For calls just past
 * that size, an output pointer off its vector boundary (the elements before
 * it take the padded path) and 1, 2 and 3 threads (each thread streams its own
 * chunk), every element equals the generic kernel's and nothing is written
 * outside out[0..n).  Cases (from the facts): backward f32 (three arrays) of
 * the first activation bound by memory (relu) and forward f64 (two) of the
 * last (leaky_relu). */
#include "robust_util.h"

#define GUARD 16 /* elements checked untouched on each side */

static long bad;

#define RB_STREAM_CASE(T, C, BITS, SENT)                                                       \
    static void case_##T(gp_act act, gp_op op, size_t n)                                      \
    {                                                                                          \
        int backward = op == GP_OP_BACKWARD;                                                   \
        C *x = malloc(n * sizeof *x), *da = malloc(n * sizeof *da), *ref = malloc(n * sizeof *ref); \
        size_t nb = n + 2 * GUARD + 2;                                                         \
        C *buf = malloc(nb * sizeof *buf);                                                     \
        if (!x || !da || !ref || !buf) {                                                       \
            fprintf(stderr, "test_stream: out of memory\n");                                  \
            exit(2);                                                                           \
        }                                                                                      \
        uint64_t seed = 4242;                                                                  \
        for (size_t i = 0; i < n; i++) {                                                       \
            x[i] = rb_value##BITS(&seed);                                                      \
            da[i] = rb_value##BITS(&seed);                                                     \
        }                                                                                      \
        gp_params p;                                                                           \
        gp_params_from_act(&act, &p); /* p.stream = 0: plain stores */                        \
        gp_isa_table(GP_ISA_GENERIC)->act[act.kind]->T[op](&p, n, x, backward ? da : NULL, ref);    \
        C *out = buf + GUARD + 1; /* off a 64-byte boundary: the head takes the padded path */ \
        if ((uintptr_t)out % 64 == 0)                                                          \
            out++;                                                                             \
        for (int nt = 1; nt <= 3; nt++) {                                                      \
            memset(buf, SENT, nb * sizeof *buf);                                               \
            gp_set_num_threads(nt);                                                            \
            if (gp_apply_##T(&act, op, n, x, backward ? da : NULL, out) != GP_OK) {            \
                fprintf(stderr, "test_stream: %s %s failed\n", #T, gp_op_name(op));           \
                exit(2);                                                                       \
            }                                                                                  \
            for (size_t i = 0; i < n; i++)                                                     \
                if (memcmp(&out[i], &ref[i], sizeof *out) != 0) {                              \
                    fprintf(stderr, "%s %s %s n=%zu threads=%d: out[%zu] = %a, generic %a\n", #T, \
                            gp_kind_name(act.kind), gp_op_name(op), n, nt, i, (double)out[i],  \
                            (double)ref[i]);                                                   \
                    bad++;                                                                     \
                    break;                                                                     \
                }                                                                              \
            unsigned char s[sizeof(C)];                                                        \
            memset(s, SENT, sizeof s);                                                         \
            for (size_t g = 0; g < GUARD; g++)                                                 \
                if (memcmp(&out[-1 - (long)g], s, sizeof s) != 0 || memcmp(&out[n + g], s, sizeof s) != 0) { \
                    fprintf(stderr, "%s %s n=%zu threads=%d: written outside out[0..n)\n", #T,  \
                            gp_op_name(op), n, nt);                                            \
                    bad++;                                                                     \
                    break;                                                                     \
                }                                                                              \
        }                                                                                      \
        gp_set_num_threads(0);                                                                 \
        free(x), free(da), free(ref), free(buf);                                               \
    }

RB_STREAM_CASE(f32, float, 32, 0xA5)
RB_STREAM_CASE(f64, double, 64, 0x5A)

int main(void)
{
    /* 3 arrays * 4 bytes * n >= 32 MiB from n = 2796203; 2 * 8 * n from 2^21 */
    /* the first and the last activation bound by memory (relu, leaky_relu) */
    int first = rb_kind_bound_by(0, 0), last = rb_kind_bound_by(0, 1);
    if (first >= 0)
        case_f32(gp_act_default((gp_kind)first), GP_OP_BACKWARD, (size_t)2796203 + 37);
    if (last >= 0)
        case_f64(gp_act_default((gp_kind)last), GP_OP_FORWARD, ((size_t)1 << 21) + 5);
    if (bad) {
        fprintf(stderr, "test_stream: %ld failures\n", bad);
        return 1;
    }
    printf("test_stream: streamed calls equal the generic kernel on 1-3 threads\n");
    return 0;
}
