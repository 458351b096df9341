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

/* The part length of a split of n elements of `size` bytes into `parts`:
 * whole 64-byte lines, so that no two threads write one line. */
static inline size_t gp_pool_chunk(size_t n, int parts, size_t size)
{
    size_t line = 64 / size;
    return ((n + (size_t)parts - 1) / (size_t)parts + line - 1) / line * line;
}

/* CPUs this process may run on (its affinity mask), at least 1. */
int gp_pool_cpus(void);

#endif
