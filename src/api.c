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
#include "pool.h"

#if defined(__GNUC__)
#define GP_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define GP_ALWAYS_INLINE static inline
#endif

/* ---- threads ---------------------------------------------------------------- */

static atomic_int gp_threads; /* 0 = automatic */

/* The one thread-count rule, for gp_set_num_threads and GPRIME_NUM_THREADS
 * alike: 0 (automatic) to GP_MAX_THREADS.  The setter refuses anything else
 * (GP_ERR_PARAM, setting unchanged); the variable is then ignored, as if unset. */
static int gp_threads_ok(long n) { return n >= 0 && n <= GP_MAX_THREADS; }

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

int gp_get_num_threads(void)
{
#ifdef GP_USE_THREADS
    int n = atomic_load(&gp_threads);
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
    return gp_cpus();
#else
    return 1;
#endif
}

/* The parts a split call runs: the thread count, but at most
 * GP_OVERSUBSCRIBE parts per CPU.  More parts than CPUs only queue behind
 * each other (and the pool's workers spin between calls), so a count far
 * above the CPUs would make every call slower by about its ratio; with the
 * cap, asking for GP_MAX_THREADS on a small machine costs at most a small
 * factor over the best count. */
#define GP_OVERSUBSCRIBE 2
static int gp_split_parts(void)
{
    int nt = gp_get_num_threads(), cap = GP_OVERSUBSCRIBE * gp_cpus();
    return nt < cap ? nt : cap;
}

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
    c->nt = n >= gp_thread_threshold(act->kind, op, size) ? gp_split_parts() : 1;
    return GP_OK;
}

/* One thread's share of a split call: whole 64-byte lines, part `part` of them. */
typedef struct {
    gp_kernel_f32 k;
    const gp_params *p;
    size_t n, chunk;
    const float *x, *da;
    float *out;
} gp_split_f32;

static void gp_part_f32(void *v, int part)
{
    const gp_split_f32 *s = v;
    size_t lo = (size_t)part * s->chunk;
    if (lo < s->n) {
        size_t len = s->n - lo < s->chunk ? s->n - lo : s->chunk;
        s->k(s->p, len, s->x + lo, s->da ? s->da + lo : NULL, s->out + lo);
    }
}

GP_ALWAYS_INLINE gp_status gp_run_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da,
                                      float *out)
{
    gp_call c;
    gp_status s = gp_plan(act, op, n, x, da, out, sizeof(float), &c);
    if (s != GP_OK || c.nt == 0)
        return s;
    gp_kernel_f32 k = c.t->act[act->kind]->f32[op];
    if (!gp_is_backward(op))
        da = NULL;
    if (c.nt == 1) {
        k(&c.p, n, x, da, out);
        return GP_OK;
    }
    gp_split_f32 job = {k, &c.p, n, gp_pool_chunk(n, c.nt, sizeof(float)), x, da, out};
    gp_pool_run(c.nt, gp_part_f32, &job);
    return GP_OK;
}

/* the same for doubles */
typedef struct {
    gp_kernel_f64 k;
    const gp_params *p;
    size_t n, chunk;
    const double *x, *da;
    double *out;
} gp_split_f64;

static void gp_part_f64(void *v, int part)
{
    const gp_split_f64 *s = v;
    size_t lo = (size_t)part * s->chunk;
    if (lo < s->n) {
        size_t len = s->n - lo < s->chunk ? s->n - lo : s->chunk;
        s->k(s->p, len, s->x + lo, s->da ? s->da + lo : NULL, s->out + lo);
    }
}

GP_ALWAYS_INLINE gp_status gp_run_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da,
                                      double *out)
{
    gp_call c;
    gp_status s = gp_plan(act, op, n, x, da, out, sizeof(double), &c);
    if (s != GP_OK || c.nt == 0)
        return s;
    gp_kernel_f64 k = c.t->act[act->kind]->f64[op];
    if (!gp_is_backward(op))
        da = NULL;
    if (c.nt == 1) {
        k(&c.p, n, x, da, out);
        return GP_OK;
    }
    gp_split_f64 job = {k, &c.p, n, gp_pool_chunk(n, c.nt, sizeof(double)), x, da, out};
    gp_pool_run(c.nt, gp_part_f64, &job);
    return GP_OK;
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
    c->nt = n >= gp_thread_threshold(act->kind, GP_OP_BACKWARD, size) ? gp_split_parts() : 1;
    return GP_OK;
}

typedef struct {
    const gp_kernel_table *t;
    const gp_act_kernels *k;
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
        s->k->f32[GP_OP_FORWARD](s->p, m, s->x + i, NULL, g);
        if (s->out) {
            s->t->glu_combine_forward_f32(m, g, s->y + i, s->out + i);
        } else {
            s->k->f32[GP_OP_GRAD](s->p, m, s->x + i, NULL, dg);
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
    gp_glu_job_f32 job = {c.t, c.t->act[act->kind], &c.p, n, n, x, y, dout, out, dx, dy};
    if (c.nt <= 1) {
        gp_glu_part_f32(&job, 0);
        return GP_OK;
    }
    job.chunk = gp_pool_chunk(n, c.nt, sizeof(float));
    gp_pool_run(c.nt, gp_glu_part_f32, &job);
    return GP_OK;
}

/* the same for doubles */
typedef struct {
    const gp_kernel_table *t;
    const gp_act_kernels *k;
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
        s->k->f64[GP_OP_FORWARD](s->p, m, s->x + i, NULL, g);
        if (s->out) {
            s->t->glu_combine_forward_f64(m, g, s->y + i, s->out + i);
        } else {
            s->k->f64[GP_OP_GRAD](s->p, m, s->x + i, NULL, dg);
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
    gp_glu_job_f64 job = {c.t, c.t->act[act->kind], &c.p, n, n, x, y, dout, out, dx, dy};
    if (c.nt <= 1) {
        gp_glu_part_f64(&job, 0);
        return GP_OK;
    }
    job.chunk = gp_pool_chunk(n, c.nt, sizeof(double));
    gp_pool_run(c.nt, gp_glu_part_f64, &job);
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
