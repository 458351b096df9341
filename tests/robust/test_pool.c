/* The thread pool (src/pool.c) across the states a process puts it in:
 *   - asleep: after 20 ms idle the workers sleep on their condition variable,
 *     and the next split call must wake them (no lost wake-up, no hang);
 *   - forked: a child made after the workers exist has none of them, and its
 *     own split calls must make new ones and agree;
 *   - shared: gp_pool_run with one part, with more parts than workers can
 *     exist, and with more than its job word counts, runs every part exactly once.
 * Every split result is compared bit for bit with the generic kernel. */
#define _POSIX_C_SOURCE 200809L /* nanosleep, fork, waitpid under -std=c11 */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "robust_util.h"

#define N 100003 /* past every thread threshold of the exp-based ops */

static float x[N], da[N], ref[N], out[N];

/* the op: backward of the first activation bound by arithmetic (sigmoid) */
static gp_kind heavy_kind(void)
{
    int k = rb_kind_bound_by(1, 0);
    return (gp_kind)(k < 0 ? 0 : k);
}

/* sigmoid backward through the API, 2..4 threads; 0 when equal to ref */
static long split_call(int threads)
{
    gp_act act = gp_act_default(heavy_kind());
    gp_set_num_threads(threads);
    memset(out, 0, sizeof out);
    if (gp_backward_f32(&act, N, x, da, out) != GP_OK)
        return -1;
    long bad = 0;
    for (size_t i = 0; i < N; i++)
        bad += rb_bits32(out[i]) != rb_bits32(ref[i]);
    return bad;
}

static _Atomic int hits[70000];
static void count_part(void *ctx, int part)
{
    (void)ctx;
    hits[part]++;
}

int main(void)
{
    uint64_t seed = 4242;
    for (size_t i = 0; i < N; i++)
        x[i] = rb_value32(&seed), da[i] = rb_value32(&seed);
    gp_act act = gp_act_default(heavy_kind());
    gp_params p;
    gp_params_from_act(&act, &p);
    gp_kernel_call_f32(gp_isa_table(GP_ISA_GENERIC)->act[heavy_kind()], GP_OP_BACKWARD, act.accuracy, &p, N, x, da,
                       ref); /* as the API: under the FP-flag guard (src/fpenv.h) */
    int fails = 0;

    for (int t = 2; t <= 4; t++) { /* awake, then after the workers went to sleep */
        long a = split_call(t);
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
        long b = split_call(t);
        if (a || b) {
            printf("FAIL asleep: %d threads, %ld then %ld elements differ\n", t, a, b);
            fails++;
        }
    }

    pid_t pid = fork();
    if (pid == 0)
        exit(split_call(3) == 0 && split_call(2) == 0 ? 0 : 1); /* exit: the pool's destructor runs here too */
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("FAIL fork: the child's split calls (status %d)\n", status);
        fails++;
    }
    if (split_call(2)) {
        printf("FAIL fork: the parent's split call after the fork\n");
        fails++;
    }

    static const int parts[] = {1, 2, 3, 7, 300, 70000}; /* past 255 workers, past the job word's 16 bits */
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        memset(hits, 0, sizeof hits);
        gp_pool_run(parts[k], count_part, NULL);
        for (int i = 0; i < 70000; i++)
            if (hits[i] != (i < parts[k])) {
                printf("FAIL parts: %d parts, part %d ran %d times\n", parts[k], i, hits[i]);
                fails++;
                break;
            }
    }

    if (fails)
        return 1;
    printf("test_pool: wake after sleep, fork, 1..70000 parts: every part once, results identical\n");
    return 0;
}
