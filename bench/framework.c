/* The framework-like workload (issue 20): what the library's default thread
 * split costs a caller that interleaves gprime calls with its own work, as a
 * training loop does, with and without another process competing for the
 * cores.
 *
 * One step: for each of GP_FW_LAYERS layers, an activation call on n f32
 * elements (forward of the first activation whose facts say it is bound by
 * arithmetic, alternating with the first memory-bound one), then the
 * caller's own pass over the output (y = 0.5 a + y, GP_FW_OWN times: the
 * next layer's input, read on the caller's core); then the same layers
 * backward with gp_backward_from_output_acc_f32.  The step runs with the
 * calling thread's setting at 1 thread (gp_set_local_num_threads(1)) and at
 * the default (-1: the process-wide automatic count), alternately,
 * GP_FW_ROUNDS times each; the table gives the wall time per step (min and
 * median over the rounds: on a shared machine the median carries the other
 * processes' noise) and the process CPU time per step (workers included) of
 * each, and the split's cost: default minus 1 thread, per activation call.
 * 1M and 2M elements are past the automatic thresholds of src/api.c.  The competing
 * process is a child of the benchmark that spins for the measurement's
 * length (it is killed by its pid afterwards). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "desc.h"
#include "harness.h"

#define GP_FW_LAYERS 4
#define GP_FW_OWN 3
#define GP_FW_ROUNDS 7
#define GP_FW_MAXN ((size_t)1 << 21)
#define GP_FW_SIZES 6 /* 4K .. 256K, the workload; 1M and 2M, beyond the automatic thresholds */

static double gp_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct {
    gp_act fwd[2]; /* arithmetic-bound, memory-bound (either may repeat the other) */
    float *a[GP_FW_LAYERS + 1], *d[GP_FW_LAYERS + 1];
    size_t n;
} gp_fw;

/* the caller's own work on layer l's output: the next layer's input */
static void gp_fw_own(float *next, const float *a, size_t n)
{
    for (int r = 0; r < GP_FW_OWN; r++)
        for (size_t i = 0; i < n; i++)
            next[i] = 0.5f * a[i] + 0.25f * next[i];
}

/* one step; returns nonzero on an error status */
static int gp_fw_step(gp_fw *w)
{
    int bad = 0;
    for (int l = 0; l < GP_FW_LAYERS; l++) {
        bad |= gp_forward_f32(&w->fwd[l & 1], w->n, w->a[l], w->a[l + 1]) != GP_OK;
        gp_fw_own(w->a[l + 1], w->a[l + 1], w->n);
    }
    for (int l = GP_FW_LAYERS - 1; l >= 0; l--) {
        bad |= gp_backward_from_output_acc_f32(&w->fwd[l & 1], w->n, w->a[l + 1], w->d[l + 1], w->d[l]) != GP_OK;
        gp_fw_own(w->d[l], w->d[l], w->n);
    }
    return bad;
}

static int gp_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* median wall and CPU ns per step at the calling thread's setting `local` */
static int gp_fw_time(gp_fw *w, int local, int steps, double *ws, double *cs, int round)
{
    gp_set_local_num_threads(local);
    double t0 = gp_now_ns(), c0 = gp_cpu_ns();
    int bad = 0;
    for (int s = 0; s < steps; s++)
        bad |= gp_fw_step(w);
    ws[round] = (gp_now_ns() - t0) / steps;
    cs[round] = (gp_cpu_ns() - c0) / steps;
    return bad;
}

static pid_t gp_competitor(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    return pid;
}

int gp_measure_framework(gp_run *R)
{
    gp_fw w;
    memset(&w, 0, sizeof w);
    int arith = -1, mem = -1;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        if (gp_act_table[k]->arith && arith < 0 && gp_has_op((gp_kind)k, GP_OP_BACKWARD_FROM_OUTPUT))
            arith = k;
        if (!gp_act_table[k]->arith && mem < 0 && gp_has_op((gp_kind)k, GP_OP_BACKWARD_FROM_OUTPUT))
            mem = k;
    }
    if (arith < 0)
        arith = mem;
    if (mem < 0)
        mem = arith;
    if (arith < 0)
        return 0;
    w.fwd[0] = gp_act_default((gp_kind)arith);
    w.fwd[1] = gp_act_default((gp_kind)mem);
    int rc = 0;
    for (int l = 0; l <= GP_FW_LAYERS && !rc; l++) {
        w.a[l] = malloc(GP_FW_MAXN * sizeof(float));
        w.d[l] = malloc(GP_FW_MAXN * sizeof(float));
        if (!w.a[l] || !w.d[l])
            rc = 1;
        else
            for (size_t i = 0; i < GP_FW_MAXN; i++)
                w.a[l][i] = (float)((double)(i % 97) / 16.0 - 3.0), w.d[l][i] = 1e-3f * (float)(i % 13);
    }
    gp_set_isa(R->sel);
    gp_set_num_threads(0);
    printf("\n# framework-like workload (path %s, %d CPUs): %d layers of %s/%s forward, then\n"
           "# backward_from_output_acc, each call followed by the caller's own pass over its output;\n"
           "# %d rounds, 1 thread (gp_set_local_num_threads(1)) against the default (automatic, %d CPUs);\n"
           "# us per step, min and median over the rounds; split cost = default - 1 thread, per gprime call\n"
           "# (min wall us; CPU: min, %% of 1 thread's); load: the machine as is, or plus a spinning process\n",
           R->sel, gp_get_num_threads(), GP_FW_LAYERS, gp_kind_name(w.fwd[0].kind), gp_kind_name(w.fwd[1].kind),
           GP_FW_ROUNDS, gp_get_num_threads());
    printf("%-8s %-9s %9s %9s %9s %9s %9s %9s %12s %10s\n", "n", "load", "wall1 min", "def min", "wall1 med",
           "def med", "cpu1 min", "def min", "split us/call", "cpu extra");
    size_t sizes[GP_FW_SIZES] = {4096, 16384, 65536, 262144, (size_t)1 << 20, GP_FW_MAXN};
    for (int cmp = 0; cmp < 2 && !rc; cmp++) {
        pid_t child = cmp ? gp_competitor() : 0;
        if (cmp && child < 0)
            break;
        for (int si = 0; si < GP_FW_SIZES && !rc; si++) {
            w.n = sizes[si];
            int steps = w.n >= ((size_t)1 << 20) ? 1 : (int)(((size_t)1 << 20) / w.n);
            if (R->o.quick)
                steps = steps / 4 + 1;
            double ws1[GP_FW_ROUNDS], cs1[GP_FW_ROUNDS], wsd[GP_FW_ROUNDS], csd[GP_FW_ROUNDS];
            rc |= gp_fw_time(&w, 1, 1, ws1, cs1, 0); /* warm-up */
            rc |= gp_fw_time(&w, -1, 1, wsd, csd, 0);
            for (int r = 0; r < GP_FW_ROUNDS; r++) {
                rc |= gp_fw_time(&w, 1, steps, ws1, cs1, r);
                rc |= gp_fw_time(&w, -1, steps, wsd, csd, r);
            }
            qsort(ws1, GP_FW_ROUNDS, sizeof(double), gp_cmp), qsort(cs1, GP_FW_ROUNDS, sizeof(double), gp_cmp);
            qsort(wsd, GP_FW_ROUNDS, sizeof(double), gp_cmp), qsort(csd, GP_FW_ROUNDS, sizeof(double), gp_cmp);
            double w1 = ws1[0], wd = wsd[0], m1 = ws1[GP_FW_ROUNDS / 2], md = wsd[GP_FW_ROUNDS / 2];
            double c1 = cs1[0], cd = csd[0];
            printf("%-8zu %-9s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %12.2f %9.1f%%\n", w.n,
                   cmp ? "competing" : "as is", w1 * 1e-3, wd * 1e-3, m1 * 1e-3, md * 1e-3, c1 * 1e-3, cd * 1e-3,
                   (wd - w1) * 1e-3 / (2 * GP_FW_LAYERS), 100.0 * (cd - c1) / c1);
            fflush(stdout);
        }
        if (child > 0) {
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
        }
    }
    gp_set_local_num_threads(-1);
    gp_set_isa(NULL);
    for (int l = 0; l <= GP_FW_LAYERS; l++)
        free(w.a[l]), free(w.d[l]);
    return rc;
}
