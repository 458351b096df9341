/* Internal: the fork/join thread pool of the array functions (src/pool.c). */
#ifndef GP_POOL_H
#define GP_POOL_H

#include <stddef.h>

/* One part of a split call: part in [0, parts). */
typedef void (*gp_task_fn)(void *ctx, int part);

/* Runs fn(ctx, 0) .. fn(ctx, parts - 1) and returns when all are done: part 0
 * on the calling thread, the others on the pool's workers.  When the pool is
 * in use by another call, or no worker can be made, the calling thread runs
 * the parts itself, so the results never depend on it. */
void gp_pool_run(int parts, gp_task_fn fn, void *ctx);

/* The same with parts claimed by at most `threads` threads (the caller and
 * threads - 1 workers): with more parts than threads, a thread that starts
 * late (a worker slow to wake) takes what is left, not a fixed share the
 * others must wait for. */
void gp_pool_run_on(int threads, int parts, gp_task_fn fn, void *ctx);

/* The parts of a split of n elements of `size` bytes over `threads`: parts
 * of at least GP_POOL_PART_BYTES of one array, at most 8 per thread, at
 * least one per thread. */
#define GP_POOL_PART_BYTES ((size_t)16 << 10)
static inline int gp_pool_parts(size_t n, int threads, size_t size)
{
    size_t by_size = n / (GP_POOL_PART_BYTES / size), most = (size_t)threads * 8;
    size_t p = by_size < most ? by_size : most;
    return p > (size_t)threads ? (int)p : threads;
}

/* The part length of a split of n elements of `size` bytes into `parts`:
 * whole 64-byte lines, so that no two threads write one line. */
static inline size_t gp_pool_chunk(size_t n, int parts, size_t size)
{
    size_t line = 64 / size;
    return ((n + (size_t)parts - 1) / (size_t)parts + line - 1) / line * line;
}

/* CPUs this process may run on (its affinity mask), at least 1. */
int gp_pool_cpus(void);

/* Of those, how many another runnable thread does not want now: the
 * affinity count minus the system's runnable threads (Linux: /proc/loadavg,
 * read at most every 10 ms) other than the caller and the pool's awake
 * workers; at least 1 (the caller's own).  gp_pool_cpus() where the system
 * does not tell. */
int gp_pool_free_cpus(void);

#endif
