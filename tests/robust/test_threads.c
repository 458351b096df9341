/* Heavy threads: 8 threads call the API at once on shared read-only inputs,
 * each into its own outputs, racing through the first use (CPU detection and
 * ISA choice) and through concurrent gp_set_isa / gp_set_num_threads calls,
 * and must get bit for bit what one thread gets.  The reference is computed
 * before the threads start with the generic kernels directly (no API call, so
 * the first use really is raced); after the join, one thread recomputes
 * everything through the API and must agree too.  Lengths pass the internal
 * thread threshold of the exp-based ops (2^14), so the 8 callers also race for
 * the library's thread pool (src/pool.c): one of them splits on it while the
 * others run alone.  Run under ThreadSanitizer by
 * scripts/tsan.sh.  GP_THREADS_N shortens the arrays (valgrind.sh: 17000, still
 * above every split threshold a set thread count uses below 2^17) and
 * GP_THREADS_ROUNDS=1 runs one round, not two (valgrind.sh). */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */
#include <pthread.h>

#include "robust_util.h"

#define NTHREADS 8
#define N 40000 /* the most, and the default */
#define N_LEAST ((1 << 14) + 64)
#define ITER 2 /* rounds: the most, and the default */

static float xs32[N], das32[N];
static double xs64[N], das64[N];
static gp_act acts[RB_MAX_ACTS];
static int nacts;
/* reference per (act, op) */
static float *ref32[RB_MAX_ACTS][GP_OP_COUNT];
static double *ref64[RB_MAX_ACTS][GP_OP_COUNT];
static pthread_barrier_t start;
static const char *isas[GP_ISA_COUNT];
static int nisas;
static size_t n_all = N; /* the arrays' length in this run */
static int rounds = ITER;

typedef struct {
    int id;
    long mismatches, errors;
} worker;

static int usable(int a, int op)
{
    int from_output = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
    return gp_has_op(acts[a].kind, (gp_op)op) && gp_act_check(&acts[a], from_output) == GP_OK;
}

static void *work(void *arg)
{
    worker *w = arg;
    float *o32 = malloc(N * sizeof *o32);
    double *o64 = malloc(N * sizeof *o64);
    if (!o32 || !o64) {
        w->errors++;
        free(o32);
        free(o64);
        return NULL;
    }
    pthread_barrier_wait(&start);
    for (int it = 0; it < rounds; it++)
        for (int a = 0; a < nacts; a++)
            for (int op = 0; op < GP_OP_COUNT; op++) {
                if (!usable(a, op))
                    continue;
                /* a different length per thread and round: different splits */
                size_t n = n_all - (size_t)(w->id * 13 + it * 7 + a + op);
                if (w->id % 2 == 1)
                    gp_set_isa(isas[(it + a + op + w->id) % nisas]);
                if (w->id == 2)
                    gp_set_num_threads((a + op) % 4);
                if (gp_isa_name() == NULL || gp_get_num_threads() < 1)
                    w->errors++;
                if (gp_apply_f32(&acts[a], (gp_op)op, n, xs32, das32, o32) != GP_OK)
                    w->errors++;
                else if (memcmp(o32, ref32[a][op], n * sizeof *o32) != 0)
                    w->mismatches++;
                if (gp_apply_f64(&acts[a], (gp_op)op, n, xs64, das64, o64) != GP_OK)
                    w->errors++;
                else if (memcmp(o64, ref64[a][op], n * sizeof *o64) != 0)
                    w->mismatches++;
            }
    free(o32);
    free(o64);
    return NULL;
}

int main(void)
{
    const char *e = getenv("GP_THREADS_N");
    if (e && atol(e) >= N_LEAST && atol(e) < N)
        n_all = (size_t)atol(e);
    e = getenv("GP_THREADS_ROUNDS");
    if (e && atoi(e) >= 1 && atoi(e) < ITER)
        rounds = atoi(e);
    uint64_t seed = 12345;
    for (int i = 0; i < N; i++) {
        xs32[i] = rb_value32(&seed);
        das32[i] = rb_value32(&seed);
        xs64[i] = rb_value64(&seed);
        das64[i] = rb_value64(&seed);
    }
    nacts = rb_acts(acts);
    for (int isa = 0; isa < GP_ISA_COUNT; isa++)
        if (rb_table(isa))
            isas[nisas++] = rb_table(isa)->name;
    if (nisas == 0) {
        printf("test_threads: GPRIME_TEST_ISAS names no available ISA; skipped\n");
        return 0;
    }
    const gp_kernel_table *g = gp_isa_table(GP_ISA_GENERIC);
    for (int a = 0; a < nacts; a++)
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (!gp_has_op(acts[a].kind, (gp_op)op))
                continue; /* no kernel */
            ref32[a][op] = malloc(N * sizeof(float));
            ref64[a][op] = malloc(N * sizeof(double));
            if (!ref32[a][op] || !ref64[a][op])
                return 2;
            gp_params p;
            gp_params_from_act(&acts[a], &p);
            /* as the API runs them: under the FP-flag guard (src/fpenv.h) */
            gp_kernel_call_f32(g->act[acts[a].kind], (gp_op)op, acts[a].accuracy, &p, n_all, xs32, das32,
                               ref32[a][op]);
            gp_kernel_call_f64(g->act[acts[a].kind], (gp_op)op, acts[a].accuracy, &p, n_all, xs64, das64,
                               ref64[a][op]);
        }

    pthread_t th[NTHREADS];
    worker w[NTHREADS];
    if (pthread_barrier_init(&start, NULL, NTHREADS) != 0)
        return 2;
    for (int t = 0; t < NTHREADS; t++) {
        w[t].id = t;
        w[t].mismatches = w[t].errors = 0;
        if (pthread_create(&th[t], NULL, work, &w[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
    }
    long bad = 0;
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        if (w[t].mismatches || w[t].errors)
            fprintf(stderr, "thread %d: %ld results differ from one thread, %ld errors\n", t, w[t].mismatches,
                    w[t].errors);
        bad += w[t].mismatches + w[t].errors;
    }
    pthread_barrier_destroy(&start);

    /* one thread, through the API, on the best ISA walked (GPRIME_TEST_ISAS) */
    gp_set_isa(isas[nisas - 1]);
    gp_set_num_threads(1);
    float *o32 = malloc(N * sizeof *o32);
    double *o64 = malloc(N * sizeof *o64);
    if (!o32 || !o64)
        return 2;
    for (int a = 0; a < nacts; a++)
        for (int op = 0; op < GP_OP_COUNT; op++) {
            if (usable(a, op)) {
                if (gp_apply_f32(&acts[a], (gp_op)op, n_all, xs32, das32, o32) != GP_OK ||
                    memcmp(o32, ref32[a][op], n_all * sizeof *o32) != 0 ||
                    gp_apply_f64(&acts[a], (gp_op)op, n_all, xs64, das64, o64) != GP_OK ||
                    memcmp(o64, ref64[a][op], n_all * sizeof *o64) != 0) {
                    fprintf(stderr, "single thread: %s %s differs\n", gp_kind_name(acts[a].kind),
                            gp_op_name((gp_op)op));
                    bad++;
                }
            }
            free(ref32[a][op]);
            free(ref64[a][op]);
        }
    free(o32);
    free(o64);
    gp_set_num_threads(0);
    if (bad) {
        fprintf(stderr, "test_threads: FAILED\n");
        return 1;
    }
    printf("test_threads: %d threads x %d rounds, %d settings x %d ops x f32/f64, %zu elements: identical to one "
           "thread\n",
           NTHREADS, rounds, nacts, GP_OP_COUNT, n_all);
    return 0;
}
