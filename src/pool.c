/* The thread pool behind the array functions' split: one fork and one join per
 * call, on workers that spin between calls.
 *
 * Why not OpenMP: on the 2-core EPYC a libgomp parallel region costs about
 * 3 us even when empty (its fork and join barriers are several cross-core
 * round trips), more than half of an f64 sigmoid call on 4096 elements.  Here
 * a call is one store the workers see and one counter the caller waits on
 * (`gprime bench --thresholds` prints both costs, measured in the same run).
 *
 * Protocol.  The caller that owns the pool (gp_pool.busy) writes the job
 * (fn, ctx), then publishes one atomic word: generation, part count and the
 * next unclaimed part (1: the caller runs part 0 itself).  The workers, and
 * the caller once part 0 is done, claim parts from that word with
 * compare-and-swap and count them in `done`; the caller returns when all
 * parts are counted.  A part is claimed only while its generation is current,
 * so a late worker never runs a stale job, and a worker slow to wake only
 * leaves its part to the caller: a split call is never much slower than one
 * thread.  After a job a worker spins on the word for as long as it worked on
 * that job, at most GP_SPIN_MAX_NS (so the CPU it burns waiting is at most
 * what it did, and a worker that found nothing to do sleeps at once), then
 * sleeps on a condition variable; the caller broadcasts only when one sleeps (a seq_cst store/load
 * pair on each side, so no wake-up is lost).  A second caller finding the
 * pool busy runs its parts itself. */
#define _GNU_SOURCE /* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"

#ifdef GP_USE_THREADS

#define GP_POOL_MAX 255      /* workers */
/* The longest a worker spins after a job (it spins as long as it worked on
 * the job, at most this), then sleeps: back-to-back calls (a loop of layers)
 * find it awake, a caller that does its own work between calls does not pay
 * for it with a core spinning for milliseconds. */
#define GP_SPIN_MAX_NS 5e4

static inline void gp_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static double gp_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* the job word: generation (bits 32..63), parts (16..31), next part (0..15) */
#define GP_GEN(w) ((w) >> 32)
#define GP_PARTS(w) ((int)((w) >> 16 & 0xffff))
#define GP_NEXT(w) ((int)((w)&0xffff))

static struct {
    pthread_mutex_t lock; /* sleepers' wait, worker creation, shutdown */
    pthread_cond_t wake;
    atomic_int busy;                /* a caller owns the pool */
    _Alignas(64) atomic_ullong job; /* see GP_GEN */
    _Alignas(64) atomic_int done;   /* parts finished in the current job */
    atomic_int sleepers, stop;
    atomic_int caller_cpu; /* where the last job was published, or -1 */
    gp_task_fn fn; /* the current job; stable while any part of it is unfinished */
    void *ctx;
    int nworkers;
    atomic_int made; /* nworkers, for readers that do not hold the lock (gp_pool_free_cpus) */
    pthread_t tid[GP_POOL_MAX];
} gp_pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .caller_cpu = -1};

/* Claims and runs parts of generation gen while there are any; returns how many it ran. */
static int gp_pool_claim(unsigned long long gen)
{
    int ran = 0;
    unsigned long long w = atomic_load_explicit(&gp_pool.job, memory_order_acquire);
    while (GP_GEN(w) == gen && GP_NEXT(w) < GP_PARTS(w)) {
        if (atomic_compare_exchange_weak_explicit(&gp_pool.job, &w, w + 1, memory_order_acquire,
                                                  memory_order_acquire)) {
            gp_pool.fn(gp_pool.ctx, GP_NEXT(w));
            atomic_fetch_add_explicit(&gp_pool.done, 1, memory_order_release);
            ran++;
            w = atomic_load_explicit(&gp_pool.job, memory_order_acquire);
        }
    }
    return ran;
}

/* A woken worker can land on the caller's CPU: where the kernel knows no
 * cache topology (this VM), a wake-up goes to the waker's CPU, and there the
 * worker waits behind the caller for milliseconds (the caller meanwhile runs
 * every part).  Such a worker moves itself: it excludes that CPU from its
 * affinity for a moment (the kernel migrates it at once), then restores it. */
static void gp_leave_caller_cpu(void)
{
#ifdef __linux__
    int cpu = sched_getcpu(), caller = atomic_load_explicit(&gp_pool.caller_cpu, memory_order_relaxed);
    cpu_set_t all, other;
    if (cpu < 0 || cpu != caller || sched_getaffinity(0, sizeof all, &all) != 0)
        return;
    other = all;
    CPU_CLR(cpu, &other);
    if (CPU_COUNT(&other) > 0 && sched_setaffinity(0, sizeof other, &other) == 0)
        sched_setaffinity(0, sizeof all, &all);
#endif
}

static void *gp_worker(void *v)
{
    unsigned long long seen = *(const unsigned long long *)v; /* the generation at creation */
    double spin_ns = 0;                                       /* this worker's spin after its last job */
    gp_leave_caller_cpu();
    for (;;) {
        unsigned long long w;
        double t0 = gp_now_ns();
        unsigned spins = 0;
        while (GP_GEN(w = atomic_load_explicit(&gp_pool.job, memory_order_acquire)) == seen) {
            if (atomic_load_explicit(&gp_pool.stop, memory_order_relaxed))
                return NULL;
            if (++spins % 256) {
                gp_pause();
                continue;
            }
            if (gp_now_ns() - t0 < spin_ns)
                continue;
            pthread_mutex_lock(&gp_pool.lock);
            atomic_fetch_add(&gp_pool.sleepers, 1);
            while (GP_GEN(atomic_load(&gp_pool.job)) == seen && !atomic_load(&gp_pool.stop))
                pthread_cond_wait(&gp_pool.wake, &gp_pool.lock);
            atomic_fetch_sub(&gp_pool.sleepers, 1);
            pthread_mutex_unlock(&gp_pool.lock);
            gp_leave_caller_cpu();
        }
        seen = GP_GEN(w);
        double t1 = gp_now_ns();
        gp_pool_claim(seen);
        spin_ns = gp_now_ns() - t1;
        if (spin_ns > GP_SPIN_MAX_NS)
            spin_ns = GP_SPIN_MAX_NS;
    }
}

static unsigned long long gp_worker_gen[GP_POOL_MAX];

/* Makes up to `want` workers exist (fewer if pthread_create fails). */
static void gp_pool_grow(int want)
{
    if (want > GP_POOL_MAX)
        want = GP_POOL_MAX;
    if (want <= gp_pool.nworkers)
        return;
    pthread_mutex_lock(&gp_pool.lock);
    while (gp_pool.nworkers < want) {
        gp_worker_gen[gp_pool.nworkers] = GP_GEN(atomic_load(&gp_pool.job));
        if (pthread_create(&gp_pool.tid[gp_pool.nworkers], NULL, gp_worker, &gp_worker_gen[gp_pool.nworkers]) != 0)
            break;
        gp_pool.nworkers++;
        atomic_store_explicit(&gp_pool.made, gp_pool.nworkers, memory_order_relaxed);
    }
    pthread_mutex_unlock(&gp_pool.lock);
    sched_yield(); /* as after a wake-up: a new worker placed on this CPU moves now */
}

/* After fork() the child has none of the workers, and nobody owns the pool. */
static void gp_pool_atfork_child(void)
{
    pthread_mutex_init(&gp_pool.lock, NULL);
    pthread_cond_init(&gp_pool.wake, NULL);
    gp_pool.nworkers = 0;
    atomic_store(&gp_pool.made, 0);
    atomic_store(&gp_pool.sleepers, 0);
    atomic_store(&gp_pool.busy, 0);
}
static pthread_once_t gp_pool_once = PTHREAD_ONCE_INIT;
static void gp_pool_init(void) { pthread_atfork(NULL, NULL, gp_pool_atfork_child); }

/* Back-off.  A split pays only when the workers run when asked: on a machine
 * with more runnable threads than CPUs a worker can be preempted while it
 * holds a part, and the caller then waits a scheduler slice (milliseconds)
 * for it.  A split call is bad when the caller, its own parts done, waited
 * for the workers longer than GP_WAIT_OK_NS and a quarter of its own time,
 * or when no worker ran any part (they were not there to help: the call paid
 * only the wake-up).  After a bad split no call splits for GP_QUIET_NS
 * times 2^(bad splits in a row - 1), at most 2^6 times: a bad split costs at
 * most one slice per such period, and a machine that gets its cores back
 * splits again after at most GP_QUIET_NS * 64. */
#define GP_WAIT_OK_NS 2e4
#define GP_QUIET_NS 1e6
static _Atomic double gp_quiet_until; /* CLOCK_MONOTONIC ns before which no call splits */
static atomic_int gp_bad_splits;      /* bad splits in a row */

static void gp_pool_judge(double t0, double t1, double t2, int helped)
{
    double wait = t2 - t1;
    if (helped && (wait <= GP_WAIT_OK_NS || wait <= 0.25 * (t1 - t0))) {
        atomic_store_explicit(&gp_bad_splits, 0, memory_order_relaxed);
        return;
    }
    int bad = atomic_fetch_add_explicit(&gp_bad_splits, 1, memory_order_relaxed);
    atomic_store_explicit(&gp_quiet_until, t2 + GP_QUIET_NS * (double)(1 << (bad < 6 ? bad : 6)),
                          memory_order_relaxed);
}

void gp_pool_run(int parts, gp_task_fn fn, void *ctx) { gp_pool_run_on(parts, parts, fn, ctx); }

void gp_pool_run_on(int threads, int parts, gp_task_fn fn, void *ctx)
{
    int expected = 0;
    double t0 = threads > 1 && parts > 1 ? gp_now_ns() : 0;
    if (threads > 1 && parts > 1 && parts <= 0xffff &&
        t0 >= atomic_load_explicit(&gp_quiet_until, memory_order_relaxed) &&
        atomic_compare_exchange_strong(&gp_pool.busy, &expected, 1)) {
        pthread_once(&gp_pool_once, gp_pool_init);
#ifdef __linux__
        atomic_store_explicit(&gp_pool.caller_cpu, sched_getcpu(), memory_order_relaxed);
#endif
        gp_pool_grow((threads < parts ? threads : parts) - 1);
        gp_pool.fn = fn;
        gp_pool.ctx = ctx;
        atomic_store_explicit(&gp_pool.done, 0, memory_order_relaxed);
        unsigned long long gen = GP_GEN(atomic_load_explicit(&gp_pool.job, memory_order_relaxed)) + 1;
        atomic_store(&gp_pool.job, gen << 32 | (unsigned long long)parts << 16 | 1); /* seq_cst: see sleepers */
        if (atomic_load(&gp_pool.sleepers) > 0) {
            pthread_mutex_lock(&gp_pool.lock);
            pthread_cond_broadcast(&gp_pool.wake);
            pthread_mutex_unlock(&gp_pool.lock);
            sched_yield(); /* a worker woken onto this CPU runs now, and moves (gp_leave_caller_cpu) */
        }
        fn(ctx, 0);
        int mine = 1 + gp_pool_claim(gen);
        double t1 = gp_now_ns();
        for (unsigned spins = 0; atomic_load_explicit(&gp_pool.done, memory_order_acquire) < parts - 1; spins++)
            if (spins % 256 == 255)
                sched_yield(); /* a worker is mid-part: let it run if it shares this CPU */
            else
                gp_pause();
        gp_pool_judge(t0, t1, gp_now_ns(), mine < parts);
        atomic_store_explicit(&gp_pool.busy, 0, memory_order_release);
        return;
    }
    for (int i = 0; i < parts; i++) /* one part, or the pool is busy: every part here */
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
    atomic_store(&gp_pool.made, 0);
    pthread_mutex_unlock(&gp_pool.lock);
    for (int i = 0; i < n; i++)
        pthread_join(gp_pool.tid[i], NULL);
}

#else /* built without threads: the caller runs every part */

void gp_pool_run_on(int threads, int parts, gp_task_fn fn, void *ctx)
{
    (void)threads;
    for (int i = 0; i < parts; i++)
        fn(ctx, i);
}

void gp_pool_run(int parts, gp_task_fn fn, void *ctx) { gp_pool_run_on(parts, parts, fn, ctx); }

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

/* The runnable threads of the system (the fourth field of /proc/loadavg,
 * "running/total"), or -1. */
static int gp_runnable(void)
{
#ifdef __linux__
    char buf[128];
    int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    char *p = buf;
    for (int field = 0; field < 3; field++) { /* skip the three averages */
        while (*p && *p != ' ')
            p++;
        while (*p == ' ')
            p++;
    }
    char *end;
    long r = strtol(p, &end, 10);
    return end != p && *end == '/' && r >= 0 && r < 1 << 20 ? (int)r : -1;
#else
    return -1;
#endif
}

int gp_pool_free_cpus(void)
{
    static _Atomic double next; /* CLOCK_MONOTONIC ns of the next read */
    static atomic_int others = -1; /* runnable threads not ours at the last read */
    int cpus = gp_pool_cpus();
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
    if (now >= atomic_load_explicit(&next, memory_order_relaxed)) {
        atomic_store_explicit(&next, now + 1e7, memory_order_relaxed);
        int r = gp_runnable();
#ifdef GP_USE_THREADS
        int awake = atomic_load_explicit(&gp_pool.made, memory_order_relaxed) - atomic_load(&gp_pool.sleepers);
#else
        int awake = 0;
#endif
        atomic_store_explicit(&others, r < 0 ? -1 : r - 1 - (awake > 0 ? awake : 0), memory_order_relaxed);
    }
    int o = atomic_load_explicit(&others, memory_order_relaxed);
    if (o < 0)
        return cpus;
    return cpus - o > 1 ? cpus - o : 1;
}
