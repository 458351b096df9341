/* The two kinds of runner the harness builds itself: gprime through its
 * public API, and a peer's plain loop split over threads.  The library
 * peers (oneDNN, XNNPACK) build their own in peers/. */
#include <stdlib.h>

#include "harness.h"

/* ---- gprime: gp_apply_f32/f64 with the ISA and thread count set ---- */

/* the case, pointing at its own act (the case's with the tier) */
typedef struct {
    gp_bench_case c;
    gp_act act;
} gp_gprime_ctx;

static void gp_gprime_run(void *p)
{
    const gp_bench_case *c = &((const gp_gprime_ctx *)p)->c;
    if (c->f64)
        gp_apply_f64(c->act, c->op, c->n, c->x, c->da, c->out);
    else
        gp_apply_f32(c->act, c->op, c->n, c->x, c->da, c->out);
}

/* The library splits a call over c->threads only from its own threshold
 * (src/api.c), on its own pool: both are part of what is timed. */
int gp_gprime_prepare(const gp_bench_case *c, const char *isa, gp_accuracy tier, gp_bench_runner *r)
{
    if (gp_set_isa(isa) != GP_OK || gp_set_num_threads(c->threads) != GP_OK)
        return GP_PEER_FAILED;
    gp_gprime_ctx *x = malloc(sizeof *x);
    if (!x)
        return GP_PEER_FAILED;
    x->c = *c;
    x->act = *c->act;
    x->act.accuracy = tier;
    x->c.act = &x->act;
    r->run = gp_gprime_run;
    r->release = free;
    r->ctx = x;
    return GP_PEER_OK;
}

/* ---- a plain loop (peers, the probe), split with OpenMP ---- */

typedef struct {
    gp_bench_loop loop;
    float alpha_f;
    double alpha;
    size_t n, size;
    int threads;
    const char *x, *da;
    char *out;
} gp_loop_ctx;

/* threads > 1: one part per thread, each a run of whole 64-byte lines (so no
 * two threads write one line), the last part shorter; the way a user would
 * split a loop, and the parts gprime's own split makes. */
static void gp_loop_run(void *p)
{
    const gp_loop_ctx *c = p;
    int nt = c->threads;
    if (nt <= 1) {
        c->loop(c->alpha_f, c->alpha, c->n, c->x, c->da, c->out);
        return;
    }
    size_t line = 64 / c->size;
    size_t chunk = ((c->n + (size_t)nt - 1) / (size_t)nt + line - 1) / line * line;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static, 1)
#endif
    for (int t = 0; t < nt; t++) {
        size_t lo = (size_t)t * chunk;
        if (lo < c->n) {
            size_t len = c->n - lo < chunk ? c->n - lo : chunk;
            c->loop(c->alpha_f, c->alpha, len, c->x + lo * c->size, c->da ? c->da + lo * c->size : NULL,
                    c->out + lo * c->size);
        }
    }
}

int gp_bench_loop_runner(const gp_bench_case *c, gp_bench_loop loop, gp_bench_runner *r)
{
    gp_loop_ctx *x = malloc(sizeof *x);
    if (!x)
        return GP_PEER_FAILED;
    x->loop = loop;
    x->alpha = c->act ? c->act->alpha : 0.0;
    x->alpha_f = (float)x->alpha;
    x->n = c->n;
    x->size = c->f64 ? sizeof(double) : sizeof(float);
    x->threads = c->threads;
    x->x = c->x;
    x->da = c->da;
    x->out = c->out;
    r->run = gp_loop_run;
    r->release = free;
    r->ctx = x;
    return GP_PEER_OK;
}
