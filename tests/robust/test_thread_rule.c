/* Issue 19, class "extreme settings": one thread-count rule everywhere.
 *   - gp_set_num_threads takes 0..GP_MAX_THREADS and refuses anything else
 *     (INT_MAX, GP_MAX_THREADS + 1, negatives) with GP_ERR_PARAM, setting kept;
 *   - GPRIME_NUM_THREADS obeys the same bound (outside it: ignored, automatic);
 *   - oversubscription costs a small factor: a split call with GP_MAX_THREADS
 *     takes at most 4x (+ 2 ms) the best of 1 thread and one per CPU, and
 *     gives the same bits. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <time.h>

#include "pool.h"
#include "robust_util.h"

static int bad;
#define CHECK(c)                                                                                                       \
    do {                                                                                                               \
        if (!(c)) {                                                                                                    \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #c);                                            \
            bad++;                                                                                                     \
        }                                                                                                              \
    } while (0)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define N ((size_t)1 << 20)
static float x[N], out[N], ref[N];

/* the best of 15 calls of sigmoid forward on N floats with nt threads, in seconds */
static double best_time(int nt, float *o)
{
    gp_act act = gp_act_default(GP_SIGMOID);
    if (gp_set_num_threads(nt) != GP_OK)
        return -1.0;
    double best = 1e9;
    for (int r = 0; r < 15; r++) {
        double t0 = now();
        if (gp_forward_f32(&act, N, x, o) != GP_OK)
            return -1.0;
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

int main(void)
{
    /* the setter */
    CHECK(gp_set_num_threads(3) == GP_OK);
    CHECK(gp_set_num_threads(INT_MAX) == GP_ERR_PARAM);
    CHECK(gp_set_num_threads(GP_MAX_THREADS + 1) == GP_ERR_PARAM);
    CHECK(gp_set_num_threads(-1) == GP_ERR_PARAM);
    CHECK(gp_set_num_threads(INT_MIN) == GP_ERR_PARAM);
    int threads = gp_get_num_threads() == 3; /* else built without threads: always 1 */
    CHECK(gp_get_num_threads() == (threads ? 3 : 1)); /* refused calls left it */
    CHECK(gp_set_num_threads(GP_MAX_THREADS) == GP_OK);
    CHECK(gp_get_num_threads() == (threads ? GP_MAX_THREADS : 1));

    /* the environment variable, by the same bound */
    CHECK(gp_set_num_threads(0) == GP_OK);
    unsetenv("GPRIME_NUM_THREADS");
    int autom = gp_get_num_threads();
    char buf[32];
    snprintf(buf, sizeof buf, "%d", GP_MAX_THREADS);
    setenv("GPRIME_NUM_THREADS", buf, 1);
    CHECK(gp_get_num_threads() == (threads ? GP_MAX_THREADS : 1));
    const char *out_of_rule[] = {"257", "2147483647", "2147483648", "99999999999999999999", "-1", "0"};
    for (size_t i = 0; i < sizeof out_of_rule / sizeof out_of_rule[0]; i++) {
        if (strcmp(out_of_rule[i], "257") == 0)
            snprintf(buf, sizeof buf, "%d", GP_MAX_THREADS + 1), setenv("GPRIME_NUM_THREADS", buf, 1);
        else
            setenv("GPRIME_NUM_THREADS", out_of_rule[i], 1);
        CHECK(gp_get_num_threads() == autom);
    }
    unsetenv("GPRIME_NUM_THREADS");

    /* oversubscription: a small factor, same bits */
    for (size_t i = 0; i < N; i++)
        x[i] = (float)i * 1e-5f - 5.0f;
    double t1 = best_time(1, ref);
    double tc = best_time(gp_pool_cpus(), out);
    double tmax = best_time(GP_MAX_THREADS, out);
    CHECK(t1 > 0 && tc > 0 && tmax > 0);
    CHECK(memcmp(out, ref, sizeof out) == 0);
    double best = t1 < tc ? t1 : tc;
    printf("sigmoid f32 forward, 2^20: 1 thread %.3f ms, %d (CPUs) %.3f ms, %d %.3f ms\n", 1e3 * t1, gp_pool_cpus(),
           1e3 * tc, GP_MAX_THREADS, 1e3 * tmax);
    CHECK(tmax <= 4.0 * best + 2e-3);
    gp_set_num_threads(0);
    if (bad) {
        fprintf(stderr, "test_thread_rule: %d checks failed\n", bad);
        return 1;
    }
    printf("test_thread_rule: all checks passed\n");
    return 0;
}
