/* The public array functions: argument checks, then the active kernel, split
 * across threads for large n.  Checks come first and write nothing, so an
 * error leaves the output untouched. */
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "fpenv.h"
#include "pool.h"

#if defined(__GNUC__)
#define GP_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define GP_ALWAYS_INLINE static inline
#endif

/* ---- threads ---------------------------------------------------------------- */

static atomic_int gp_threads; /* 0 = automatic */

/* The one thread-count rule, for every setter and GPRIME_NUM_THREADS
 * alike: 0 (automatic) to GP_MAX_THREADS.  The setters refuse anything else
 * (GP_ERR_PARAM, setting unchanged); the variable is then ignored, as if unset. */
static int gp_threads_ok(long n) { return n >= 0 && n <= GP_MAX_THREADS; }

/* The calling thread's own setting, plus one (0: none, the process-wide one applies). */
static _Thread_local int gp_local_threads;

gp_status gp_set_local_num_threads(int n)
{
    if (n != -1 && !gp_threads_ok(n))
        return GP_ERR_PARAM;
    gp_local_threads = n + 1;
    return GP_OK;
}

int gp_get_local_num_threads(void) { return gp_local_threads - 1; }

gp_status gp_set_num_threads(int n)
{
    if (!gp_threads_ok(n))
        return GP_ERR_PARAM;
    atomic_store(&gp_threads, n);
    return GP_OK;
}

/* The CPUs this process may run on, read once (sched_getaffinity is a system call). */
static int gp_cpus(void)
{
    static atomic_int cpus;
    int c = atomic_load_explicit(&cpus, memory_order_relaxed);
    if (c <= 0) {
        c = gp_pool_cpus();
        atomic_store_explicit(&cpus, c, memory_order_relaxed);
    }
    return c;
}

/* The thread count of the calling thread's calls; *chosen = 1 where a caller
 * chose it (a setting >= 1, or GPRIME_NUM_THREADS), 0 where it is automatic:
 * then, with `ask` 0, 1 without asking for the CPUs. */
static int gp_threads_resolved(int *chosen, int ask)
{
    *chosen = 1;
    (void)ask;
#ifdef GP_USE_THREADS
    int n = gp_local_threads > 0 ? gp_local_threads - 1 : atomic_load(&gp_threads);
    if (n > 0)
        return n;
    const char *env = getenv("GPRIME_NUM_THREADS");
    if (env) {
        char *end;
        errno = 0;
        long v = strtol(env, &end, 10);
        if (end != env && *end == '\0' && errno == 0 && v > 0 && gp_threads_ok(v))
            return (int)v;
    }
    *chosen = 0;
    return ask ? gp_cpus() : 1;
#else
    return 1;
#endif
}

int gp_get_num_threads(void)
{
    int chosen;
    return gp_threads_resolved(&chosen, 1);
}

/* A split call runs at most GP_OVERSUBSCRIBE parts per CPU.  More parts than
 * CPUs only queue behind each other, so a count far above the CPUs would make
 * every call slower by about its ratio; with the cap, asking for
 * GP_MAX_THREADS on a small machine costs at most a small factor over the
 * best count. */
#define GP_OVERSUBSCRIBE 2

/* Forward, grad and backward of an activation whose facts say it is bound by
 * arithmetic (sigmoid, tanh); the rest (relu-class, every from-output form)
 * are bound by memory. */
static int gp_memory_bound(gp_kind kind, gp_op op)
{
    return !gp_act_table[kind]->arith || gp_is_from_output(op);
}

/* Below these sizes a second thread costs more than it saves.  Measured on
 * the 2-core EPYC by splitting the kernels themselves on src/pool.c (docs/
 * BENCH.md; `gprime bench --thresholds` now times the public calls, so it
 * confirms a threshold from above): two threads won at every larger n from
 *   sigmoid/tanh forward, grad, backward:  2^12 f32, 2^10..2^11 f64
 *   sigmoid/tanh backward_from_output:     2^13..2^14 f32, 2^12..2^14 f64
 *   relu-class (and grad_from_output):     2^14..2^17 f32, 2^13..2^16 f64
 * (two runs).  Each threshold is the upper end of what was measured; the
 * memory-bound ones are noisy because a call below them takes only a few us. */
static size_t gp_thread_threshold(gp_kind kind, gp_op op, size_t size)
{
    int f32 = size == sizeof(float);
    if (!gp_memory_bound(kind, op))
        return (size_t)1 << (f32 ? 12 : 11);
    if (op == GP_OP_BACKWARD_FROM_OUTPUT && gp_act_table[kind]->arith)
        return (size_t)1 << 14;
    return ((size_t)512 << 10) / size; /* 2^17 f32, 2^16 f64 */
}

/* Where the thread count is automatic (the default), a call splits only from
 * these larger sizes: calls of about 0.5 ms and more on one thread.  Measured
 * with `gprime bench --framework` (calls alternating with the caller's own
 * work, idle and with a competing process) on the shared 2-core EPYC, where
 * other processes kept 10-13 threads runnable: with every call split from
 * 2^16 f32 (sigmoid and relu layers, forward and backward_from_output_acc),
 * 2 threads lost to 1 at 2^16 (0.46 -> 2.1 ms a step idle, 0.53 -> 3.0 ms
 * competing) and 2^18 (12.3 -> 21.3 ms competing), were even at 2^20 (33.9
 * -> 34.6 ms idle, 72.5 -> 71.6 competing) and won from 2^21 (92 -> 63 ms
 * idle, 134 -> 128 competing).  A worker is not there when asked on a busy
 * machine; a split it holds up costs the caller a scheduler slice (src/pool.c
 * then stops splitting for a while).  A caller that sets a count (>= 1, or
 * GPRIME_NUM_THREADS) gets the split from gp_thread_threshold: it knows its
 * cores are free. */
static size_t gp_auto_threshold(gp_kind kind, gp_op op, size_t size)
{
    int f32 = size == sizeof(float);
    if (!gp_memory_bound(kind, op))
        return (size_t)1 << (f32 ? 21 : 20);
    return ((size_t)16 << 20) / size; /* 2^22 f32, 2^21 f64: 16 MiB an array */
}

/* The threads of a call of n elements of op. */
static int gp_call_threads(gp_kind kind, gp_op op, size_t n, size_t size)
{
    if (n < gp_thread_threshold(kind, op, size))
        return 1;
    int chosen, nt = gp_threads_resolved(&chosen, n >= gp_auto_threshold(kind, op, size));
    if (!chosen && nt > 1)
        return gp_pool_free_cpus();
    int cap = GP_OVERSUBSCRIBE * gp_cpus();
    return nt < cap ? nt : cap;
}

/* A memory-bound call that moves at least this many bytes (every array read or
 * written once) stores its output with non-temporal stores, past the caches
 * (src/kernels.c): the output lines are not read before they are written.
 * Measured on the 2-core EPYC (L2 1 MiB, L3 32 MiB per CCD) with `gprime bench`
 * against GPRIME_STREAM=0, f32 relu, 1 thread: forward 0.147 -> 0.117 ns/e and
 * backward 0.276 -> 0.190 at 4M elements, 0.198 -> 0.155 and 0.352 -> 0.214 at
 * 16M; on 2 threads forward at 4M (32 MiB, data the L3 holds between calls)
 * lost, 0.059 -> 0.070.  The exp-based kernels never stream: they are bound by
 * arithmetic, and were slower with it in a trial. */
#define GP_STREAM_BYTES ((size_t)32 << 20)

/* GPRIME_STREAM=0 turns streaming off (read once; a race only repeats the read). */
static int gp_stream_allowed(void)
{
    static atomic_int allowed = -1;
    int v = atomic_load_explicit(&allowed, memory_order_relaxed);
    if (v < 0) {
        const char *e = getenv("GPRIME_STREAM");
        v = !(e && strcmp(e, "0") == 0);
        atomic_store_explicit(&allowed, v, memory_order_relaxed);
    }
    return v;
}

/* ---- checks ------------------------------------------------------------------- */

/* Partial overlap of [a, a+n) and [b, b+n); identical pointers are in-place. */
static int gp_overlaps(const void *a, const void *b, size_t n, size_t size)
{
    if (!a || !b || a == b)
        return 0;
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b, len = (uintptr_t)n * size;
    return x < y ? y - x < len : x - y < len;
}

/* The checks: gp_check_act_op (src/kernels.h), then the buffers. */
GP_ALWAYS_INLINE gp_status gp_check_call(const gp_act *act, gp_op op, size_t n, const void *x, const void *da,
                                         void *out, size_t size)
{
    gp_status s = gp_check_act_op(act, op, size);
    if (s != GP_OK)
        return s;
    if (n == 0)
        return GP_OK;
    int backward = gp_is_backward(op);
    if (!x || !out || (backward && !da))
        return GP_ERR_NULL;
    if (n > SIZE_MAX / size)
        return GP_ERR_PARAM;
    if (gp_overlaps(x, out, n, size) || (backward && gp_overlaps(da, out, n, size)))
        return GP_ERR_OVERLAP;
    return GP_OK;
}

/* ---- entry points --------------------------------------------------------------- */

/* What a checked call runs: the ISA's table, the kernels' parameters and the
 * thread count (0: nothing to do, n == 0). */
typedef struct {
    const gp_kernel_table *t;
    gp_params p;
    int nt;
} gp_call;

/* Checks the call and plans it; inlined into each named function, where op
 * is a constant and the checks that depend on it fold away (a relu call on
 * 4096 floats in L1 takes about 160 ns, so its overhead shows). */
GP_ALWAYS_INLINE gp_status gp_plan(const gp_act *act, gp_op op, size_t n, const void *x, const void *da, void *out,
                                   size_t size, gp_call *c)
{
    c->nt = 0;
    gp_status s = gp_check_call(act, op, n, x, da, out, size);
    if (s != GP_OK || n == 0)
        return s;
    c->t = gp_active_table();
    if (!c->t)
        return GP_ERR_ISA;
    gp_params_from_act(act, &c->p);
    c->p.stream = gp_memory_bound(act->kind, op) && n >= GP_STREAM_BYTES / (size * (gp_is_backward(op) ? 3 : 2)) &&
                  gp_stream_allowed();
    c->nt = gp_call_threads(act->kind, op, n, size);
    return GP_OK;
}

/* A call's kernel and buffers, for either element type (size 4 or 8). */
typedef struct {
    gp_kernel_f32 k32; /* size 4 */
    gp_kernel_f64 k64; /* size 8 */
    gp_kernel_f32 kc32; /* their careful twins (src/fpenv.h), or NULL */
    gp_kernel_f64 kc64;
    int guard; /* run under the FP-flag guard (gp_fpenv_guarded) */
    const gp_params *p;
    size_t n, chunk, size;
    const void *x, *da;
    void *out;
} gp_split;

/* Elements [lo, lo + len) of the call. */
GP_ALWAYS_INLINE void gp_split_range(const gp_split *s, size_t lo, size_t len)
{
    size_t b = lo * s->size;
    const char *x = s->x, *da = s->da;
    char *out = s->out;
    const float *x32 = (const float *)(x + b), *da32 = da ? (const float *)(da + b) : NULL;
    const double *x64 = (const double *)(x + b), *da64 = da ? (const double *)(da + b) : NULL;
    if (s->size == sizeof(float)) {
        if (s->guard)
            gp_guarded_float(s->k32, s->kc32, s->p, len, x32, da32, (float *)(out + b));
        else
            s->k32(s->p, len, x32, da32, (float *)(out + b));
    } else {
        if (s->guard)
            gp_guarded_double(s->k64, s->kc64, s->p, len, x64, da64, (double *)(out + b));
        else
            s->k64(s->p, len, x64, da64, (double *)(out + b));
    }
}

/* One thread's share of a split call: whole 64-byte lines, part `part` of them. */
static void gp_split_part(void *v, int part)
{
    const gp_split *s = v;
    size_t lo = (size_t)part * s->chunk;
    if (lo < s->n)
        gp_split_range(s, lo, s->n - lo < s->chunk ? s->n - lo : s->chunk);
}

/* The five operations, both types: checks, plan, the kernel on the caller or
 * split over the pool.  Inlined into each named function (size constant). */
GP_ALWAYS_INLINE gp_status gp_run(const gp_act *act, gp_op op, size_t n, const void *x, const void *da, void *out,
                                  size_t size)
{
    gp_call c;
    gp_status s = gp_plan(act, op, n, x, da, out, size, &c);
    if (s != GP_OK || c.nt == 0)
        return s;
    gp_split job = {NULL, NULL, NULL, NULL, 0, &c.p, n, n, size, x, gp_is_backward(op) ? da : NULL, out};
    const gp_act_kernels *k = c.t->act[act->kind];
    /* the FP-flag guard (src/fpenv.h): backward ops, and f64 from-output ones */
    if (size == sizeof(float)) {
        job.k32 = gp_kernel_of_f32(k, op, act->accuracy);
        if (gp_is_backward(op))
            job.kc32 = gp_careful_of_f32(k, op, act->accuracy);
        job.guard = gp_fpenv_guarded(op, size, job.kc32 != NULL);
    } else {
        job.k64 = gp_kernel_of_f64(k, op, act->accuracy);
        if (gp_is_backward(op) || gp_is_from_output(op))
            job.kc64 = gp_careful_of_f64(k, op, act->accuracy);
        job.guard = gp_fpenv_guarded(op, size, job.kc64 != NULL);
    }
    if (c.nt == 1) {
        gp_split_range(&job, 0, n);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, size);
    job.chunk = gp_pool_chunk(n, parts, size);
    gp_pool_run_on(c.nt, parts, gp_split_part, &job);
    return GP_OK;
}

GP_ALWAYS_INLINE gp_status gp_run_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da,
                                      float *out)
{
    return gp_run(act, op, n, x, da, out, sizeof(float));
}

GP_ALWAYS_INLINE gp_status gp_run_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da,
                                      double *out)
{
    return gp_run(act, op, n, x, da, out, sizeof(double));
}

gp_status gp_apply_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *out)
{
    return gp_run_f32(act, op, n, x, da, out);
}

gp_status gp_apply_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da, double *out)
{
    return gp_run_f64(act, op, n, x, da, out);
}

gp_status gp_forward_f32(const gp_act *act, size_t n, const float *z, float *a)
{
    return gp_run_f32(act, GP_OP_FORWARD, n, z, NULL, a);
}
gp_status gp_grad_f32(const gp_act *act, size_t n, const float *z, float *g)
{
    return gp_run_f32(act, GP_OP_GRAD, n, z, NULL, g);
}
gp_status gp_grad_from_output_f32(const gp_act *act, size_t n, const float *a, float *g)
{
    return gp_run_f32(act, GP_OP_GRAD_FROM_OUTPUT, n, a, NULL, g);
}
gp_status gp_backward_f32(const gp_act *act, size_t n, const float *z, const float *da, float *dz)
{
    return gp_run_f32(act, GP_OP_BACKWARD, n, z, da, dz);
}
gp_status gp_backward_from_output_f32(const gp_act *act, size_t n, const float *a, const float *da, float *dz)
{
    return gp_run_f32(act, GP_OP_BACKWARD_FROM_OUTPUT, n, a, da, dz);
}

gp_status gp_forward_f64(const gp_act *act, size_t n, const double *z, double *a)
{
    return gp_run_f64(act, GP_OP_FORWARD, n, z, NULL, a);
}
gp_status gp_grad_f64(const gp_act *act, size_t n, const double *z, double *g)
{
    return gp_run_f64(act, GP_OP_GRAD, n, z, NULL, g);
}
gp_status gp_grad_from_output_f64(const gp_act *act, size_t n, const double *a, double *g)
{
    return gp_run_f64(act, GP_OP_GRAD_FROM_OUTPUT, n, a, NULL, g);
}
gp_status gp_backward_f64(const gp_act *act, size_t n, const double *z, const double *da, double *dz)
{
    return gp_run_f64(act, GP_OP_BACKWARD, n, z, da, dz);
}
gp_status gp_backward_from_output_f64(const gp_act *act, size_t n, const double *a, const double *da, double *dz)
{
    return gp_run_f64(act, GP_OP_BACKWARD_FROM_OUTPUT, n, a, da, dz);
}

/* ---- gated forms (GLU family) ------------------------------------------------------
 * out = g(x) * y and its backward, for any activation: per block of
 * GP_GLU_BLOCK elements, the activation's forward (and grad) kernel fills
 * g (and g') on the stack, then the ISA's combining loop (src/glu.h) reads
 * y (and dout) and writes the outputs.  Every input of a block is read
 * before its outputs are written, so an output may be one of the inputs. */
#define GP_GLU_BLOCK 256

/* Checks of a gated call (out for forward; dout, dx, dy for backward): the
 * activation, then NULLs, then partial overlaps of each output with each
 * input, and any overlap of dx with dy. */
static gp_status gp_glu_check(const gp_act *act, size_t n, size_t size, const void *x, const void *y,
                              const void *dout, const void *out, const void *dx, const void *dy)
{
    gp_status s = gp_check_act_op(act, GP_OP_GRAD, size);
    if (s != GP_OK || n == 0)
        return s;
    int backward = out == NULL;
    if (!x || !y || (backward ? !dout || !dx || !dy : 0))
        return GP_ERR_NULL;
    if (n > SIZE_MAX / size)
        return GP_ERR_PARAM;
    const void *in[3] = {x, y, dout}, *o[2] = {backward ? dx : out, dy};
    for (int j = 0; j < 1 + backward; j++)
        for (int i = 0; i < 3; i++)
            if (gp_overlaps(in[i], o[j], n, size))
                return GP_ERR_OVERLAP;
    if (backward && (dx == dy || gp_overlaps(dx, dy, n, size)))
        return GP_ERR_OVERLAP;
    return GP_OK;
}

/* the table, parameters and thread count of a checked gated call */
static gp_status gp_glu_plan(const gp_act *act, size_t n, size_t size, gp_call *c)
{
    c->t = gp_active_table();
    if (!c->t)
        return GP_ERR_ISA;
    gp_params_from_act(act, &c->p);
    c->nt = gp_call_threads(act->kind, GP_OP_BACKWARD, n, size);
    return GP_OK;
}

typedef struct {
    const gp_kernel_table *t;
    const gp_act_kernels *k;
    gp_accuracy tier; /* picks k's kernels (gp_kernel_of_*) */
    const gp_params *p;
    size_t n, chunk;
    const float *x, *y, *dout;
    float *out, *dx, *dy; /* out for forward, dx and dy for backward */
} gp_glu_job_f32;

static void gp_glu_part_f32(void *v, int part)
{
    const gp_glu_job_f32 *s = v;
    float g[GP_GLU_BLOCK], dg[GP_GLU_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_GLU_BLOCK) {
        size_t m = hi - i < GP_GLU_BLOCK ? hi - i : GP_GLU_BLOCK;
        gp_kernel_of_f32(s->k, GP_OP_FORWARD, s->tier)(s->p, m, s->x + i, NULL, g);
        if (s->out) {
            s->t->glu_combine_forward_f32(m, g, s->y + i, s->out + i);
        } else {
            gp_kernel_of_f32(s->k, GP_OP_GRAD, s->tier)(s->p, m, s->x + i, NULL, dg);
            s->t->glu_combine_backward_f32(m, g, dg, s->y + i, s->dout + i, s->dx + i, s->dy + i);
        }
    }
}

static gp_status gp_glu_run_f32(const gp_act *act, size_t n, const float *x, const float *y, const float *dout,
                                float *out, float *dx, float *dy)
{
    gp_call c;
    gp_status s = gp_glu_check(act, n, sizeof(float), x, y, dout, out, dx, dy);
    if (s != GP_OK || n == 0 || (s = gp_glu_plan(act, n, sizeof(float), &c)) != GP_OK)
        return s;
    gp_glu_job_f32 job = {c.t, c.t->act[act->kind], act->accuracy, &c.p, n, n, x, y, dout, out, dx, dy};
    if (c.nt <= 1) {
        gp_glu_part_f32(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(float));
    job.chunk = gp_pool_chunk(n, parts, sizeof(float));
    gp_pool_run_on(c.nt, parts, gp_glu_part_f32, &job);
    return GP_OK;
}

/* the same for doubles */
typedef struct {
    const gp_kernel_table *t;
    const gp_act_kernels *k;
    gp_accuracy tier; /* picks k's kernels (gp_kernel_of_*) */
    const gp_params *p;
    size_t n, chunk;
    const double *x, *y, *dout;
    double *out, *dx, *dy;
} gp_glu_job_f64;

static void gp_glu_part_f64(void *v, int part)
{
    const gp_glu_job_f64 *s = v;
    double g[GP_GLU_BLOCK], dg[GP_GLU_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_GLU_BLOCK) {
        size_t m = hi - i < GP_GLU_BLOCK ? hi - i : GP_GLU_BLOCK;
        gp_kernel_of_f64(s->k, GP_OP_FORWARD, s->tier)(s->p, m, s->x + i, NULL, g);
        if (s->out) {
            s->t->glu_combine_forward_f64(m, g, s->y + i, s->out + i);
        } else {
            gp_kernel_of_f64(s->k, GP_OP_GRAD, s->tier)(s->p, m, s->x + i, NULL, dg);
            s->t->glu_combine_backward_f64(m, g, dg, s->y + i, s->dout + i, s->dx + i, s->dy + i);
        }
    }
}

static gp_status gp_glu_run_f64(const gp_act *act, size_t n, const double *x, const double *y, const double *dout,
                                double *out, double *dx, double *dy)
{
    gp_call c;
    gp_status s = gp_glu_check(act, n, sizeof(double), x, y, dout, out, dx, dy);
    if (s != GP_OK || n == 0 || (s = gp_glu_plan(act, n, sizeof(double), &c)) != GP_OK)
        return s;
    gp_glu_job_f64 job = {c.t, c.t->act[act->kind], act->accuracy, &c.p, n, n, x, y, dout, out, dx, dy};
    if (c.nt <= 1) {
        gp_glu_part_f64(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(double));
    job.chunk = gp_pool_chunk(n, parts, sizeof(double));
    gp_pool_run_on(c.nt, parts, gp_glu_part_f64, &job);
    return GP_OK;
}

gp_status gp_glu_forward_f32(const gp_act *act, size_t n, const float *x, const float *y, float *out)
{
    return gp_glu_run_f32(act, n, x, y, NULL, out, NULL, NULL);
}
gp_status gp_glu_backward_f32(const gp_act *act, size_t n, const float *x, const float *y, const float *dout,
                              float *dx, float *dy)
{
    return gp_glu_run_f32(act, n, x, y, dout, NULL, dx, dy);
}
gp_status gp_glu_forward_f64(const gp_act *act, size_t n, const double *x, const double *y, double *out)
{
    return gp_glu_run_f64(act, n, x, y, NULL, out, NULL, NULL);
}
gp_status gp_glu_backward_f64(const gp_act *act, size_t n, const double *x, const double *y, const double *dout,
                              double *dx, double *dy)
{
    return gp_glu_run_f64(act, n, x, y, dout, NULL, dx, dy);
}

/* ---- accumulating backward ----------------------------------------------------------
 * dz += da * g'(z) (or g' from a): per block of GP_ACC_BLOCK elements the
 * activation's grad (or grad_from_output) kernel fills g' on the stack, then
 * the ISA's combining loop (src/acc.h) does dz = fma(da, g', dz).  dz is read
 * and written, so it may not overlap an input at all (not even in place). */
#define GP_ACC_BLOCK 256

/* Any overlap of [a, a+n) and [b, b+n), identical pointers included. */
static int gp_touches(const void *a, const void *b, size_t n, size_t size)
{
    return a == b || gp_overlaps(a, b, n, size);
}

/* The checks of an accumulating call (op: the backward operation it
 * accumulates), in the order of gp_check_call. */
static gp_status gp_acc_check(const gp_act *act, gp_op op, size_t n, const void *x, const void *da,
                              const void *dz, size_t size)
{
    gp_status s = gp_check_act_op(act, op, size);
    if (s != GP_OK || n == 0)
        return s;
    if (!x || !da || !dz)
        return GP_ERR_NULL;
    if (n > SIZE_MAX / size)
        return GP_ERR_PARAM;
    if (gp_touches(x, dz, n, size) || gp_touches(da, dz, n, size))
        return GP_ERR_OVERLAP;
    return GP_OK;
}

/* the table, parameters and thread count of a checked call of op (with the
 * thresholds of the operation it runs, never streaming) */
static gp_status gp_side_plan(const gp_act *act, gp_op op, size_t n, size_t size, gp_call *c)
{
    c->t = gp_active_table();
    if (!c->t)
        return GP_ERR_ISA;
    gp_params_from_act(act, &c->p);
    c->nt = gp_call_threads(act->kind, op, n, size);
    return GP_OK;
}

/* the grad operation whose g' a backward operation multiplies */
static gp_op gp_grad_of(gp_op op) { return op == GP_OP_BACKWARD ? GP_OP_GRAD : GP_OP_GRAD_FROM_OUTPUT; }

typedef struct {
    const gp_kernel_table *t;
    gp_kernel_f32 k; /* grad or grad_from_output */
    const gp_params *p;
    size_t n, chunk;
    const float *x, *da;
    float *dz;
} gp_acc_job_f32;

static void gp_acc_part_f32(void *v, int part)
{
    const gp_acc_job_f32 *s = v;
    float g[GP_ACC_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_ACC_BLOCK) {
        size_t m = hi - i < GP_ACC_BLOCK ? hi - i : GP_ACC_BLOCK;
        s->k(s->p, m, s->x + i, NULL, g);
        s->t->acc_combine_f32(m, g, s->da + i, s->dz + i);
    }
}

static gp_status gp_acc_run_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *dz)
{
    gp_call c;
    gp_status s = gp_acc_check(act, op, n, x, da, dz, sizeof(float));
    if (s != GP_OK || n == 0 || (s = gp_side_plan(act, op, n, sizeof(float), &c)) != GP_OK)
        return s;
    gp_acc_job_f32 job = {c.t, gp_kernel_of_f32(c.t->act[act->kind], gp_grad_of(op), act->accuracy), &c.p, n, n, x, da, dz};
    if (c.nt <= 1) {
        gp_acc_part_f32(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(float));
    job.chunk = gp_pool_chunk(n, parts, sizeof(float));
    gp_pool_run_on(c.nt, parts, gp_acc_part_f32, &job);
    return GP_OK;
}

/* the same for doubles */
typedef struct {
    const gp_kernel_table *t;
    gp_kernel_f64 k;
    gp_kernel_f64 kc; /* grad_from_output's careful twin (src/fpenv.h), or NULL */
    const gp_params *p;
    size_t n, chunk;
    const double *x, *da;
    double *dz;
} gp_acc_job_f64;

static void gp_acc_part_f64(void *v, int part)
{
    const gp_acc_job_f64 *s = v;
    double g[GP_ACC_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_ACC_BLOCK) {
        size_t m = hi - i < GP_ACC_BLOCK ? hi - i : GP_ACC_BLOCK;
        if (s->kc)
            gp_guarded_double(s->k, s->kc, s->p, m, s->x + i, NULL, g);
        else
            s->k(s->p, m, s->x + i, NULL, g);
        s->t->acc_combine_f64(m, g, s->da + i, s->dz + i);
    }
}

static gp_status gp_acc_run_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da,
                                double *dz)
{
    gp_call c;
    gp_status s = gp_acc_check(act, op, n, x, da, dz, sizeof(double));
    if (s != GP_OK || n == 0 || (s = gp_side_plan(act, op, n, sizeof(double), &c)) != GP_OK)
        return s;
    const gp_act_kernels *k = c.t->act[act->kind];
    gp_acc_job_f64 job = {c.t, gp_kernel_of_f64(k, gp_grad_of(op), act->accuracy),
                          gp_careful_of_f64(k, gp_grad_of(op), act->accuracy), &c.p, n, n, x, da, dz};
    if (c.nt <= 1) {
        gp_acc_part_f64(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(double));
    job.chunk = gp_pool_chunk(n, parts, sizeof(double));
    gp_pool_run_on(c.nt, parts, gp_acc_part_f64, &job);
    return GP_OK;
}

gp_status gp_backward_acc_f32(const gp_act *act, size_t n, const float *z, const float *da, float *dz)
{
    return gp_acc_run_f32(act, GP_OP_BACKWARD, n, z, da, dz);
}
gp_status gp_backward_from_output_acc_f32(const gp_act *act, size_t n, const float *a, const float *da, float *dz)
{
    return gp_acc_run_f32(act, GP_OP_BACKWARD_FROM_OUTPUT, n, a, da, dz);
}
gp_status gp_backward_acc_f64(const gp_act *act, size_t n, const double *z, const double *da, double *dz)
{
    return gp_acc_run_f64(act, GP_OP_BACKWARD, n, z, da, dz);
}
gp_status gp_backward_from_output_acc_f64(const gp_act *act, size_t n, const double *a, const double *da,
                                          double *dz)
{
    return gp_acc_run_f64(act, GP_OP_BACKWARD_FROM_OUTPUT, n, a, da, dz);
}

/* ---- bf16 and f16 arrays ---------------------------------------------------------------
 * Per block of GP_H16_BLOCK elements: widen the inputs to f32 exactly (and
 * dz, when accumulating), run the f32 kernel (or the grad kernel and the
 * accumulating loop), narrow the result once with round-to-nearest-even
 * (src/half.h).  Every input of a block is read before its output is
 * written, so the in-place rules are those of the f32 functions. */
#define GP_H16_BLOCK 256

typedef struct {
    const gp_kernel_table *t;
    gp_kernel_f32 k; /* the operation's f32 kernel; accumulating: the grad kernel */
    gp_kernel_f32 kc; /* a backward op's careful twin (src/fpenv.h), or NULL */
    int acc;
    void (*widen)(size_t n, const uint16_t *x, float *out);
    void (*narrow)(size_t n, const float *x, uint16_t *out);
    const gp_params *p;
    size_t n, chunk;
    const uint16_t *x, *da; /* da NULL: an operation without it */
    uint16_t *out;
} gp_h16_job;

static void gp_h16_part(void *v, int part)
{
    const gp_h16_job *s = v;
    float bx[GP_H16_BLOCK], bd[GP_H16_BLOCK], bo[GP_H16_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_H16_BLOCK) {
        size_t m = hi - i < GP_H16_BLOCK ? hi - i : GP_H16_BLOCK;
        s->widen(m, s->x + i, bx);
        if (s->da)
            s->widen(m, s->da + i, bd);
        if (s->acc) {
            s->widen(m, s->out + i, bo);
            s->k(s->p, m, bx, NULL, bx); /* g' over its own input */
            s->t->acc_combine_f32(m, bx, bd, bo);
        } else {
            if (s->kc)
                gp_guarded_float(s->k, s->kc, s->p, m, bx, s->da ? bd : NULL, bo);
            else
                s->k(s->p, m, bx, s->da ? bd : NULL, bo);
        }
        s->narrow(m, bo, s->out + i);
    }
}

/* op of the five, or (acc) the accumulating form of backward op; bf = 1: bf16 */
static gp_status gp_h16_run(const gp_act *act, gp_op op, int acc, int bf, size_t n, const uint16_t *x,
                            const uint16_t *da, uint16_t *out)
{
    gp_call c;
    size_t size = sizeof(uint16_t);
    /* the f32 kernels use the parameters rounded to float: the f32 checks first */
    gp_status s = gp_check_act_op(act, op, sizeof(float));
    if (s == GP_OK)
        s = acc ? gp_acc_check(act, op, n, x, da, out, size) : gp_check_call(act, op, n, x, da, out, size);
    /* the work of an element is an f32 element's: the f32 thresholds */
    if (s != GP_OK || n == 0 || (s = gp_side_plan(act, op, n, sizeof(float), &c)) != GP_OK)
        return s;
    gp_h16_job job = {c.t, gp_kernel_of_f32(c.t->act[act->kind], acc ? gp_grad_of(op) : op, act->accuracy),
                      !acc && gp_is_backward(op) ? gp_careful_of_f32(c.t->act[act->kind], op, act->accuracy) : NULL, acc,
                      bf ? c.t->widen_bf16 : c.t->widen_f16, bf ? c.t->narrow_bf16 : c.t->narrow_f16,
                      &c.p, n, n, x, gp_is_backward(op) ? da : NULL, out};
    if (c.nt <= 1) {
        gp_h16_part(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, size);
    job.chunk = gp_pool_chunk(n, parts, size);
    gp_pool_run_on(c.nt, parts, gp_h16_part, &job);
    return GP_OK;
}

gp_status gp_apply_bf16(const gp_act *act, gp_op op, size_t n, const uint16_t *x, const uint16_t *da, uint16_t *out)
{
    return gp_h16_run(act, op, 0, 1, n, x, da, out);
}
gp_status gp_forward_bf16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *a)
{
    return gp_h16_run(act, GP_OP_FORWARD, 0, 1, n, z, NULL, a);
}
gp_status gp_grad_bf16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *g)
{
    return gp_h16_run(act, GP_OP_GRAD, 0, 1, n, z, NULL, g);
}
gp_status gp_grad_from_output_bf16(const gp_act *act, size_t n, const uint16_t *a, uint16_t *g)
{
    return gp_h16_run(act, GP_OP_GRAD_FROM_OUTPUT, 0, 1, n, a, NULL, g);
}
gp_status gp_backward_bf16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD, 0, 1, n, z, da, dz);
}
gp_status gp_backward_from_output_bf16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                       uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD_FROM_OUTPUT, 0, 1, n, a, da, dz);
}
gp_status gp_backward_acc_bf16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD, 1, 1, n, z, da, dz);
}
gp_status gp_backward_from_output_acc_bf16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                           uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD_FROM_OUTPUT, 1, 1, n, a, da, dz);
}

gp_status gp_apply_f16(const gp_act *act, gp_op op, size_t n, const uint16_t *x, const uint16_t *da, uint16_t *out)
{
    return gp_h16_run(act, op, 0, 0, n, x, da, out);
}
gp_status gp_forward_f16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *a)
{
    return gp_h16_run(act, GP_OP_FORWARD, 0, 0, n, z, NULL, a);
}
gp_status gp_grad_f16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *g)
{
    return gp_h16_run(act, GP_OP_GRAD, 0, 0, n, z, NULL, g);
}
gp_status gp_grad_from_output_f16(const gp_act *act, size_t n, const uint16_t *a, uint16_t *g)
{
    return gp_h16_run(act, GP_OP_GRAD_FROM_OUTPUT, 0, 0, n, a, NULL, g);
}
gp_status gp_backward_f16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD, 0, 0, n, z, da, dz);
}
gp_status gp_backward_from_output_f16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                      uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD_FROM_OUTPUT, 0, 0, n, a, da, dz);
}
gp_status gp_backward_acc_f16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD, 1, 0, n, z, da, dz);
}
gp_status gp_backward_from_output_acc_f16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                          uint16_t *dz)
{
    return gp_h16_run(act, GP_OP_BACKWARD_FROM_OUTPUT, 1, 0, n, a, da, dz);
}

/* ---- the gated forms' accumulating backward -------------------------------------------
 * dx += dout * y * g'(x), dy += dout * g(x): per block the activation's
 * forward and grad kernels fill g and g' on the stack, then the ISA's loop
 * (src/acc.h) reads y, dout, dx, dy and writes dx, dy.  dx and dy are read
 * and written: they may not overlap an input or each other at all. */
static gp_status gp_glu_acc_check(const gp_act *act, size_t n, size_t size, const void *x, const void *y,
                                  const void *dout, const void *dx, const void *dy)
{
    gp_status s = gp_check_act_op(act, GP_OP_GRAD, size);
    if (s != GP_OK || n == 0)
        return s;
    if (!x || !y || !dout || !dx || !dy)
        return GP_ERR_NULL;
    if (n > SIZE_MAX / size)
        return GP_ERR_PARAM;
    const void *in[3] = {x, y, dout}, *o[2] = {dx, dy};
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 3; i++)
            if (gp_touches(in[i], o[j], n, size))
                return GP_ERR_OVERLAP;
    return gp_touches(dx, dy, n, size) ? GP_ERR_OVERLAP : GP_OK;
}

static void gp_glu_acc_part_f32(void *v, int part)
{
    const gp_glu_job_f32 *s = v;
    float g[GP_GLU_BLOCK], dg[GP_GLU_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_GLU_BLOCK) {
        size_t m = hi - i < GP_GLU_BLOCK ? hi - i : GP_GLU_BLOCK;
        gp_kernel_of_f32(s->k, GP_OP_FORWARD, s->tier)(s->p, m, s->x + i, NULL, g);
        gp_kernel_of_f32(s->k, GP_OP_GRAD, s->tier)(s->p, m, s->x + i, NULL, dg);
        s->t->glu_combine_backward_acc_f32(m, g, dg, s->y + i, s->dout + i, s->dx + i, s->dy + i);
    }
}

static void gp_glu_acc_part_f64(void *v, int part)
{
    const gp_glu_job_f64 *s = v;
    double g[GP_GLU_BLOCK], dg[GP_GLU_BLOCK];
    size_t lo = (size_t)part * s->chunk, hi = lo + s->chunk < s->n ? lo + s->chunk : s->n;
    for (size_t i = lo; i < hi; i += GP_GLU_BLOCK) {
        size_t m = hi - i < GP_GLU_BLOCK ? hi - i : GP_GLU_BLOCK;
        gp_kernel_of_f64(s->k, GP_OP_FORWARD, s->tier)(s->p, m, s->x + i, NULL, g);
        gp_kernel_of_f64(s->k, GP_OP_GRAD, s->tier)(s->p, m, s->x + i, NULL, dg);
        s->t->glu_combine_backward_acc_f64(m, g, dg, s->y + i, s->dout + i, s->dx + i, s->dy + i);
    }
}

gp_status gp_glu_backward_acc_f32(const gp_act *act, size_t n, const float *x, const float *y, const float *dout,
                                  float *dx, float *dy)
{
    gp_call c;
    gp_status s = gp_glu_acc_check(act, n, sizeof(float), x, y, dout, dx, dy);
    if (s != GP_OK || n == 0 || (s = gp_glu_plan(act, n, sizeof(float), &c)) != GP_OK)
        return s;
    gp_glu_job_f32 job = {c.t, c.t->act[act->kind], act->accuracy, &c.p, n, n, x, y, dout, NULL, dx, dy};
    if (c.nt <= 1) {
        gp_glu_acc_part_f32(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(float));
    job.chunk = gp_pool_chunk(n, parts, sizeof(float));
    gp_pool_run_on(c.nt, parts, gp_glu_acc_part_f32, &job);
    return GP_OK;
}

gp_status gp_glu_backward_acc_f64(const gp_act *act, size_t n, const double *x, const double *y, const double *dout,
                                  double *dx, double *dy)
{
    gp_call c;
    gp_status s = gp_glu_acc_check(act, n, sizeof(double), x, y, dout, dx, dy);
    if (s != GP_OK || n == 0 || (s = gp_glu_plan(act, n, sizeof(double), &c)) != GP_OK)
        return s;
    gp_glu_job_f64 job = {c.t, c.t->act[act->kind], act->accuracy, &c.p, n, n, x, y, dout, NULL, dx, dy};
    if (c.nt <= 1) {
        gp_glu_acc_part_f64(&job, 0);
        return GP_OK;
    }
    int parts = gp_pool_parts(n, c.nt, sizeof(double));
    job.chunk = gp_pool_chunk(n, parts, sizeof(double));
    gp_pool_run_on(c.nt, parts, gp_glu_acc_part_f64, &job);
    return GP_OK;
}
