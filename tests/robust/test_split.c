/* The thread split: "results do not depend on the split".  For every thread
 * count 1..8 (gp_set_num_threads) and lengths at and around the internal
 * thresholds of src/api.c (2^12 / 2^11 elements for the exp-based ops in
 * f32 / f64, 2^14 for their from-output forms, 512 KiB per array for the rest)
 * and past them, where
 * n / threads is and is not a whole number of 64-byte lines, every element
 * of the output is written and equal to the generic kernel's.  Built without
 * threads the library is single-threaded and this reduces to a long-array check. */
#include "robust_util.h"

static const size_t lens[] = {2047, 2048, 2049, 4095,  4096,  4097,   16383,  16384,  16385,  32767,  32768,
                              32769, 32783, 32785,  40001,  49153,  65536,  65537,  131071,
                              131072, 131073, 262143, 262144, 262145, 262161, 262169, 393217};
#define NLEN (sizeof lens / sizeof lens[0])
#define NMAX 393217

int main(void)
{
    float *x32 = malloc(NMAX * sizeof *x32), *d32 = malloc(NMAX * sizeof *d32);
    float *o32 = malloc((NMAX + 1) * sizeof *o32), *r32 = malloc(NMAX * sizeof *r32);
    double *x64 = malloc(NMAX * sizeof *x64), *d64 = malloc(NMAX * sizeof *d64);
    double *o64 = malloc((NMAX + 1) * sizeof *o64), *r64 = malloc(NMAX * sizeof *r64);
    if (!x32 || !d32 || !o32 || !r32 || !x64 || !d64 || !o64 || !r64)
        return 2;
    uint64_t seed = 777;
    for (size_t i = 0; i < NMAX; i++) {
        x32[i] = rb_value32(&seed);
        d32[i] = rb_value32(&seed);
        x64[i] = rb_value64(&seed);
        d64[i] = rb_value64(&seed);
    }
    const gp_kernel_table *g = gp_isa_table(GP_ISA_GENERIC);
    /* one heavy op (backward of the first activation bound by arithmetic,
     * sigmoid) and one light (forward of the last bound by memory, leaky_relu) */
    int kinds[2] = {rb_kind_bound_by(1, 0), rb_kind_bound_by(0, 1)};
    gp_op ops[2] = {GP_OP_BACKWARD, GP_OP_FORWARD};
    long bad = 0;
    for (int c = 0; c < 2; c++) {
        if (kinds[c] < 0)
            continue;
        gp_act acts[2];
        acts[c] = gp_act_default((gp_kind)kinds[c]);
        gp_params p;
        gp_params_from_act(&acts[c], &p);
        /* as the API runs them: under the FP-flag guard (src/fpenv.h) */
        gp_kernel_call_f32(g->act[acts[c].kind], ops[c], acts[c].accuracy, &p, NMAX, x32, d32, r32);
        gp_kernel_call_f64(g->act[acts[c].kind], ops[c], acts[c].accuracy, &p, NMAX, x64, d64, r64);
        for (int nt = 1; nt <= 8; nt++) {
            if (gp_set_num_threads(nt) != GP_OK)
                return 2;
            for (size_t l = 0; l < NLEN; l++) {
                size_t n = lens[l];
                if (c == 0 && n > 65537)
                    continue; /* the heavy op splits from 2^15 on */
                memset(o32, 0xA5, (NMAX + 1) * sizeof *o32);
                memset(o64, 0xA5, (NMAX + 1) * sizeof *o64);
                if (gp_apply_f32(&acts[c], ops[c], n, x32, d32, o32) != GP_OK ||
                    gp_apply_f64(&acts[c], ops[c], n, x64, d64, o64) != GP_OK)
                    return 2;
                for (size_t i = 0; i < n; i++)
                    if (memcmp(&o32[i], &r32[i], sizeof *o32) != 0) {
                        if (bad++ < 10)
                            fprintf(stderr, "f32 %s %s threads=%d n=%zu: out[%zu] = %a, expected %a\n",
                                    gp_kind_name(acts[c].kind), gp_op_name(ops[c]), nt, n, i, (double)o32[i],
                                    (double)r32[i]);
                        break;
                    }
                for (size_t i = 0; i < n; i++)
                    if (memcmp(&o64[i], &r64[i], sizeof *o64) != 0) {
                        if (bad++ < 10)
                            fprintf(stderr, "f64 %s %s threads=%d n=%zu: out[%zu] = %a, expected %a\n",
                                    gp_kind_name(acts[c].kind), gp_op_name(ops[c]), nt, n, i, o64[i], r64[i]);
                        break;
                    }
                /* nothing written past n */
                if (rb_bits32(o32[n]) != 0xA5A5A5A5u || rb_bits64(o64[n]) != UINT64_C(0xA5A5A5A5A5A5A5A5)) {
                    bad++;
                    fprintf(stderr, "threads=%d n=%zu: written past the end\n", nt, n);
                }
            }
        }
    }
    gp_set_num_threads(0);
    free(x32), free(d32), free(o32), free(r32), free(x64), free(d64), free(o64), free(r64);
    if (bad) {
        fprintf(stderr, "test_split: %ld (thread count, length) cases lose or change elements\n", bad);
        return 1;
    }
    printf("test_split: threads 1..8 x %zu lengths: every element written, same as one thread\n", NLEN);
    return 0;
}
