/* The thread split, measured through the public API on the selected path.
 *
 * Sweep: for each activation and operation, gprime on 1 thread against
 * gprime with gp_set_num_threads(maxthr) at n = 2^10 .. 2^22.  The library
 * splits a call only from its own threshold (src/api.c); below it both are
 * the same one-thread call.  The reported threshold is the smallest n from
 * which the split call is at least 5% faster at every larger n measured: where
 * the library's threshold is right, that is the threshold itself; larger
 * (or "never") means the library splits where a split does not pay.  Whether
 * a smaller threshold would pay follows from t1 and the split cost below.
 *
 * Split cost: what a split call costs beyond its share of the work, on the
 * first activation whose facts (src/act/desc.h) say it is bound by arithmetic
 * (its work halves on two threads), forward, f32, at n = 2^14 (above its
 * threshold in src/api.c, small enough that the cost shows):
 *   pool              median call on maxthr threads - median call on 1 / maxthr
 *   pool_after_sleep  the same for a call made 20 ms after the last one (the
 *                     pool's workers asleep: they spin at most 50 us)
 *   openmp            an empty OpenMP parallel region on maxthr threads, the
 *                     split of the loop peers (NAN without OpenMP)
 * The pool's numbers are NAN when the library did not split at that n, or
 * when no activation is bound by arithmetic. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "desc.h"
#include "harness.h"

#define GP_SPLIT_N ((size_t)1 << 14)

/* Median ns per call of case c on `threads` threads. */
static double gp_call_ns(const gp_run *R, gp_bench_case c, int threads, const gp_opts *o)
{
    gp_bench_runner r;
    c.threads = threads;
    if (gp_gprime_prepare(&c, R->sel, GP_ACCURACY_EXACT, &r) != GP_PEER_OK)
        return NAN;
    gp_settle();
    double t = gp_time(&r, 1, o).med;
    r.release(r.ctx);
    return t;
}

static void gp_omp_nop(void *v)
{
    int nt = *(const int *)v;
    (void)nt;
#ifdef _OPENMP
#pragma omp parallel num_threads(nt)
#endif
    __asm__ __volatile__("" ::: "memory");
}

static void gp_measure_split_cost(gp_run *R)
{
    int nt = R->maxthr;
    gp_opts to = R->o;
    to.samples = 9;
    double tp = NAN, ts = NAN;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        if (!gp_act_table[k]->arith)
            continue;
        gp_act act = gp_act_default((gp_kind)k);
        gp_bench_case c = {(gp_kind)k, GP_OP_FORWARD, 0, GP_SPLIT_N, 1, &act, R->z, NULL, R->out};
        gp_fill_inputs(0, GP_SPLIT_N, R->z, R->da);
        double t1 = gp_call_ns(R, c, 1, &to), t2 = gp_call_ns(R, c, nt, &to);
        if (t2 < 0.9 * t1) { /* the library split the call */
            gp_bench_runner r;
            c.threads = nt;
            double slept[9];
            if (gp_gprime_prepare(&c, R->sel, GP_ACCURACY_EXACT, &r) == GP_PEER_OK) {
                for (int i = 0; i < 9; i++) {
                    struct timespec pause = {0, 20 * 1000 * 1000}; /* past the workers' spin */
                    nanosleep(&pause, NULL);
                    double t0 = gp_now_ns();
                    r.run(r.ctx);
                    slept[i] = gp_now_ns() - t0;
                }
                r.release(r.ctx);
                ts = gp_summary(slept, 9, 1).med - t1 / nt;
            }
            tp = t2 - t1 / nt;
        }
        break;
    }
    gp_bench_runner omp = {gp_omp_nop, NULL, &nt};
    gp_settle();
    double to_ = gp_time(&omp, 1, &to).med;
#ifndef _OPENMP
    to_ = NAN; /* the benchmark was built without OpenMP: nothing to compare */
#endif
    R->split_measured = 1;
    R->split_us[0] = tp * 1e-3, R->split_us[1] = to_ * 1e-3, R->split_us[2] = ts * 1e-3;
    printf("# split cost on %d threads (median): a gprime call split by the library, beyond its share of the\n"
           "# work (forward, f32, n = 2^14, public API) %.2f us; an empty OpenMP parallel region %.2f us;\n"
           "# the split call 20 ms after the last one (the pool's workers asleep) %.2f us\n",
           nt, R->split_us[0], R->split_us[1], R->split_us[2]);
}

int gp_measure_thresholds(gp_run *R)
{
    const gp_opts *o = &R->o;
    printf("\n# thread split (path %s): smallest n (powers of 2, 2^10..2^22) from which gprime with %d threads\n"
           "# is >= 5%% faster than with 1 at every larger n measured; public API, so the library splits\n"
           "# only from its own thresholds (src/api.c): below them t1/t2 is 1 within noise\n",
           R->sel, R->maxthr);
    gp_measure_split_cost(R);
    printf("%-10s %-20s %-4s %10s   %s\n", "act", "op", "type", "threshold",
           "t1/t2 at 2^12 2^14 2^16 2^18 2^20 2^22");
    gp_opts to = *o;
    to.samples = o->samples ? o->samples : 9;
    for (int ti = 0; ti < o->ntypes; ti++) {
        int f64 = o->types[ti];
        gp_fill_inputs(f64, GP_THR_MAX, R->z, R->da);
        for (int ki = 0; ki < o->nkinds; ki++) {
            gp_kind kind = (gp_kind)o->kinds[ki];
            gp_act act = gp_act_default(kind);
            gp_set_isa(R->sel);
            gp_set_num_threads(1);
            if ((f64 ? gp_forward_f64(&act, GP_THR_MAX, R->z, R->a) : gp_forward_f32(&act, GP_THR_MAX, R->z, R->a)) !=
                GP_OK)
                return 1;
            for (int oi = 0; oi < o->nops; oi++) {
                gp_op op = (gp_op)o->ops[oi];
                if (!gp_has_op(kind, op))
                    continue;
                fprintf(stderr, "[bench] %.0fs threshold %s %s %s\n", gp_elapsed(R), gp_kind_name(kind),
                        gp_op_name(op), f64 ? "f64" : "f32");
                gp_thr_row *tr = &R->thr[R->nthr++];
                memset(tr, 0, sizeof *tr);
                tr->kind = kind, tr->op = op, tr->f64 = f64;
                for (int e = 10; (size_t)1 << e <= GP_THR_MAX; e++) {
                    size_t n = (size_t)1 << e;
                    gp_bench_case c = {kind, op, f64, n, 1, &act, gp_is_from_output(op) ? R->a : R->z,
                                       gp_is_backward(op) ? R->da : NULL, R->out};
                    tr->sizes[tr->nsizes] = n;
                    tr->t1[tr->nsizes] = gp_call_ns(R, c, 1, &to) / (double)n;
                    tr->t2[tr->nsizes] = gp_call_ns(R, c, R->maxthr, &to) / (double)n;
                    tr->nsizes++;
                }
                for (int i = tr->nsizes - 1; i >= 0 && tr->t2[i] < 0.95 * tr->t1[i]; i--)
                    tr->n_min = tr->sizes[i];
                char nb[24] = "never";
                if (tr->n_min)
                    snprintf(nb, sizeof nb, "2^%d", (int)log2((double)tr->n_min));
                printf("%-10s %-20s %-4s %10s  ", gp_kind_name(kind), gp_op_name(op), f64 ? "f64" : "f32", nb);
                for (int i = 2; i < tr->nsizes; i += 2)
                    printf(" %4.2f", tr->t1[i] / tr->t2[i]);
                printf("\n");
                fflush(stdout);
            }
        }
    }
    gp_set_isa(NULL);
    gp_set_num_threads(0);
    return 0;
}
