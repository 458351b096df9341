/* The thread pool behind the array functions' split: one fork and one join per
 * call, on workers that spin between calls.
 *
 * Why not OpenMP: on the 2-core EPYC a libgomp parallel region costs 3.3 us
 * even when empty (its fork and join barriers are several cross-core
 * round trips of 0.65 us each), more than a whole f64 sigmoid call on 4096
 * elements.  Here a call is one release store (the job word) and one counter
 * the caller waits on: about one round trip (`gprime bench --thresholds`
 * prints the split's cost it measures).
 *
 * Protocol.  The caller that owns the pool (gp_pool.busy) writes the job
 * (fn, ctx), then publishes gen+1 and the part count in one atomic word.  A
 * worker runs part `me` of a job when me < parts, then counts itself in
 * `done`; the caller runs part 0 and waits for done == parts - 1.  A worker
 * spins on the job word for about GP_SPIN pauses after its last job, then
 * sleeps on a condition variable; the caller broadcasts only when some
 * worker sleeps (a seq_cst store/load pair on each side, so no wake-up is
 * lost).  A second caller finding the pool busy runs its parts itself. */
#define _GNU_SOURCE /* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>

#include "pool.h"

#ifdef GP_USE_THREADS

#define GP_POOL_MAX 255 /* workers; the caller runs any parts past GP_POOL_MAX + 1 */
#define GP_SPIN 20000   /* pauses (about 0.5 ms here) before a worker sleeps */

static inline void gp_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static struct {
    pthread_mutex_t lock; /* sleepers' wait, worker creation, shutdown */
    pthread_cond_t wake;
    atomic_int busy;             /* a caller owns the pool */
    _Alignas(64) atomic_ullong job; /* gen << 16 | parts */
    _Alignas(64) atomic_int done;   /* workers finished with the current job */
    atomic_int sleepers, stop;
    gp_task_fn fn; /* the current job; stable while it runs */
    void *ctx;
    int nworkers;
    pthread_t tid[GP_POOL_MAX];
} gp_pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

typedef struct {
    int me;
    unsigned long long gen; /* the generation current when the worker was made */
} gp_worker_arg;
static gp_worker_arg gp_worker_args[GP_POOL_MAX];

static void *gp_worker(void *v)
{
    const gp_worker_arg *arg = v;
    int me = arg->me;
    unsigned long long seen = arg->gen;
    for (;;) {
        unsigned long long w;
        int spins = 0;
        while ((w = atomic_load_explicit(&gp_pool.job, memory_order_acquire)) >> 16 == seen) {
            if (atomic_load_explicit(&gp_pool.stop, memory_order_relaxed))
                return NULL;
            if (++spins < GP_SPIN) {
                gp_pause();
                continue;
            }
            pthread_mutex_lock(&gp_pool.lock);
            atomic_fetch_add(&gp_pool.sleepers, 1);
            while (atomic_load(&gp_pool.job) >> 16 == seen && !atomic_load(&gp_pool.stop))
                pthread_cond_wait(&gp_pool.wake, &gp_pool.lock);
            atomic_fetch_sub(&gp_pool.sleepers, 1);
            pthread_mutex_unlock(&gp_pool.lock);
            spins = 0;
        }
        seen = w >> 16;
        if (me < (int)(w & 0xffff)) {
            gp_pool.fn(gp_pool.ctx, me);
            atomic_fetch_add_explicit(&gp_pool.done, 1, memory_order_release);
        }
    }
}

/* Makes workers 1..parts-1 exist; returns how many parts can run. */
static int gp_pool_grow(int parts)
{
    if (parts - 1 <= gp_pool.nworkers)
        return parts;
    pthread_mutex_lock(&gp_pool.lock);
    unsigned long long gen = atomic_load(&gp_pool.job) >> 16;
    while (gp_pool.nworkers < parts - 1) {
        gp_worker_arg *a = &gp_worker_args[gp_pool.nworkers];
        a->me = gp_pool.nworkers + 1;
        a->gen = gen;
        if (pthread_create(&gp_pool.tid[gp_pool.nworkers], NULL, gp_worker, a) != 0)
            break;
        gp_pool.nworkers++;
    }
    pthread_mutex_unlock(&gp_pool.lock);
    return gp_pool.nworkers + 1;
}

/* After fork() the child has none of the workers, and nobody owns the pool. */
static void gp_pool_atfork_child(void)
{
    pthread_mutex_init(&gp_pool.lock, NULL);
    pthread_cond_init(&gp_pool.wake, NULL);
    gp_pool.nworkers = 0;
    atomic_store(&gp_pool.sleepers, 0);
    atomic_store(&gp_pool.busy, 0);
}
static pthread_once_t gp_pool_once = PTHREAD_ONCE_INIT;
static void gp_pool_init(void) { pthread_atfork(NULL, NULL, gp_pool_atfork_child); }

void gp_pool_run(int parts, gp_task_fn fn, void *ctx)
{
    int ran = 0, expected = 0; /* parts 0..ran-1 done on the pool */
    if (parts > 1 && atomic_compare_exchange_strong(&gp_pool.busy, &expected, 1)) {
        pthread_once(&gp_pool_once, gp_pool_init);
        int have = gp_pool_grow(parts < GP_POOL_MAX + 1 ? parts : GP_POOL_MAX + 1);
        if (have > 1) {
            gp_pool.fn = fn;
            gp_pool.ctx = ctx;
            atomic_store_explicit(&gp_pool.done, 0, memory_order_relaxed);
            unsigned long long gen = (atomic_load_explicit(&gp_pool.job, memory_order_relaxed) >> 16) + 1;
            atomic_store(&gp_pool.job, gen << 16 | (unsigned long long)have); /* seq_cst: see sleepers */
            if (atomic_load(&gp_pool.sleepers) > 0) {
                pthread_mutex_lock(&gp_pool.lock);
                pthread_cond_broadcast(&gp_pool.wake);
                pthread_mutex_unlock(&gp_pool.lock);
            }
            fn(ctx, 0);
            for (unsigned spins = 0; atomic_load_explicit(&gp_pool.done, memory_order_acquire) < have - 1; spins++)
                if (spins % 4096 == 4095)
                    sched_yield(); /* lets a worker run where threads share a CPU (valgrind) */
                else
                    gp_pause();
            ran = have;
        }
        atomic_store_explicit(&gp_pool.busy, 0, memory_order_release);
    }
    for (int i = ran; i < parts; i++) /* pool busy, no workers, or more parts than workers */
        fn(ctx, i);
}

/* Workers stop and are joined when the library is unloaded or the process exits. */
__attribute__((destructor)) static void gp_pool_shutdown(void)
{
    pthread_mutex_lock(&gp_pool.lock);
    atomic_store(&gp_pool.stop, 1);
    pthread_cond_broadcast(&gp_pool.wake);
    int n = gp_pool.nworkers;
    gp_pool.nworkers = 0;
    pthread_mutex_unlock(&gp_pool.lock);
    for (int i = 0; i < n; i++)
        pthread_join(gp_pool.tid[i], NULL);
}

#else /* built without threads: the caller runs every part */

void gp_pool_run(int parts, gp_task_fn fn, void *ctx)
{
    for (int i = 0; i < parts; i++)
        fn(ctx, i);
}

#endif

int gp_pool_cpus(void)
{
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
