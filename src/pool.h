/* Internal: the fork/join thread pool of the array functions (src/pool.c). */
#ifndef GP_POOL_H
#define GP_POOL_H

/* One part of a split call: part in [0, parts). */
typedef void (*gp_task_fn)(void *ctx, int part);

/* Runs fn(ctx, 0) .. fn(ctx, parts - 1) and returns when all are done: part 0
 * on the calling thread, the others on the pool's workers.  When the pool is
 * in use by another call, or no worker can be made, the calling thread runs
 * the parts itself, so the results never depend on it. */
void gp_pool_run(int parts, gp_task_fn fn, void *ctx);

/* CPUs this process may run on (its affinity mask), at least 1. */
int gp_pool_cpus(void);

#endif
