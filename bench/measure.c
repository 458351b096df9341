/* The measurements of one run: for each type, activation, operation the
 * activation has (gp_has_op), n and thread count, every contestant on the
 * same buffers; and the bandwidth probe.
 * Inputs: z uniform in [-8, 8] with 1/32 of the values in the tails
 * 8 < |z| < 100; da uniform in [-1, 1]; the from-output ops read a = g(z)
 * from gprime's forward. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

void gp_probe_copy_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_copy_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);


/* ---- inputs ---- */

static uint64_t gp_rng(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double gp_uniform(uint64_t *s, double lo, double hi) { return lo + (hi - lo) * (double)(gp_rng(s) >> 11) * 0x1p-53; }

void gp_fill_inputs(int f64, size_t n, void *z, void *da)
{
    uint64_t s = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i++) {
        double v;
        if ((gp_rng(&s) & 31) == 0) /* tails */
            v = gp_uniform(&s, 8.0, 100.0) * ((gp_rng(&s) & 1) ? 1.0 : -1.0);
        else
            v = gp_uniform(&s, -8.0, 8.0);
        double d = gp_uniform(&s, -1.0, 1.0);
        if (f64)
            ((double *)z)[i] = v, ((double *)da)[i] = d;
        else
            ((float *)z)[i] = (float)v, ((float *)da)[i] = (float)d;
    }
}

/* ---- the bandwidth probe ---- */

/* GB/s of one probe loop over `arrays` arrays, 0 when it could not run. */
static double gp_probe_gbps(const gp_bench_case *pc, gp_bench_loop loop, int arrays, const gp_opts *o)
{
    gp_bench_runner r;
    if (gp_bench_loop_runner(pc, loop, &r) != GP_PEER_OK)
        return 0;
    if (pc->threads > 1)
        gp_settle();
    double gbps = (double)arrays * (double)(pc->f64 ? sizeof(double) : sizeof(float)) / gp_time(&r, pc->n, o).med;
    r.release(r.ctx);
    return gbps;
}

/* The probe for one type at every n and thread count. */
static void gp_measure_probe(gp_run *R, int f64)
{
    const gp_opts *o = &R->o;
    for (int ni = 0; ni < o->nn; ni++)
        for (int hi = 0; hi < o->nthreads; hi++) {
            gp_bench_case pc = {0, GP_OP_FORWARD, f64, o->n[ni], o->threads[hi], NULL, R->z, R->da, R->out};
            gp_probe_row *p = &R->probes[R->nprobes++];
            p->f64 = f64, p->n = o->n[ni], p->threads = o->threads[hi];
            p->copy_gbps = gp_probe_gbps(&pc, f64 ? gp_probe_copy_f64 : gp_probe_copy_f32, 2, o);
            p->add_gbps = gp_probe_gbps(&pc, f64 ? gp_probe_add_f64 : gp_probe_add_f32, 3, o);
            fprintf(stderr, "[bench] probe %s n=%zu thr=%d: copy %.1f GB/s, 2-read-1-write %.1f GB/s\n",
                    f64 ? "f64" : "f32", p->n, p->threads, p->copy_gbps, p->add_gbps);
        }
}

static const gp_probe_row *gp_find_probe(const gp_run *R, int f64, size_t n, int threads)
{
    for (int i = 0; i < R->nprobes; i++)
        if (R->probes[i].f64 == f64 && R->probes[i].n == n && R->probes[i].threads == threads)
            return &R->probes[i];
    return NULL;
}

/* ---- one case, every contestant ---- */

typedef struct {
    gp_bench_runner r;
    const char *name;
    int ci; /* < gp_ngprime(R): a gprime path in a tier (gp_tier_of), else peer ci - gp_ngprime(R) */
    gp_accuracy tier;
    long reps;
    int samples;
    double v[1000];
} gp_contestant;

/* gprime's contestants: every path in every tier, the selected path in the
 * first tier first (the row the peers' ratios are about) */
static int gp_ngprime(const gp_run *R) { return R->nisas * R->o.ntiers; }

/* Prepares contestant ci for case c; 0 when it has no row (unsupported, absent, failed). */
static int gp_prepare(const gp_run *R, const gp_bench_case *c, int ci, gp_contestant *k)
{
    int st;
    k->ci = ci;
    if (ci < gp_ngprime(R)) {
        k->name = R->isas[ci % R->nisas];
        k->tier = (gp_accuracy)R->o.tiers[ci / R->nisas];
        st = gp_gprime_prepare(c, k->name, k->tier, &k->r);
    } else {
        int pi = ci - gp_ngprime(R);
        if (strcmp(R->peer_status[pi], "ok") != 0)
            return 0;
        k->name = gp_bench_peers[pi]->name;
        st = gp_bench_peers[pi]->prepare(c, &k->r);
    }
    if (st == GP_PEER_OK)
        return 1;
    if (st != GP_PEER_UNSUPPORTED)
        fprintf(stderr, "[bench] %s: setup failed for %s %s n=%zu; no row\n", k->name, gp_kind_name(c->kind),
                gp_op_name(c->op), c->n);
    return 0;
}

static gp_row *gp_new_row(gp_run *R)
{
    if (R->nrows == R->caprows) {
        size_t cap = R->caprows ? 2 * R->caprows : 256;
        gp_row *p = realloc(R->rows, cap * sizeof *p);
        if (!p)
            return NULL;
        R->rows = p, R->caprows = cap;
    }
    gp_row *r = &R->rows[R->nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

/* The row of contestant k timed t; c->out must hold its output (for the error
 * column).  0, or 1 when out of memory. */
static int gp_contestant_row(gp_run *R, const gp_bench_case *c, const gp_contestant *k, gp_timing t, double probe)
{
    size_t size = c->f64 ? sizeof(double) : sizeof(float);
    gp_row *row = gp_new_row(R);
    if (!row)
        return 1;
    row->kind = c->kind, row->op = c->op, row->f64 = c->f64, row->n = c->n, row->threads = c->threads;
    if (k->ci < gp_ngprime(R))
        snprintf(row->impl, sizeof row->impl, "gprime-%s%s", k->tier == GP_ACCURACY_FAST ? "fast-" : "", k->name),
            row->gprime = k->ci ? k->ci % R->nisas ? 1 : 3 : 2;
    else
        snprintf(row->impl, sizeof row->impl, "%s", k->name);
    row->med = t.med, row->min = t.min;
    row->gbps = (double)((size_t)gp_arrays(c->op) * size) / t.med;
    row->pct = probe > 0 ? 100.0 * row->gbps / probe : 0;
    row->dev = gp_error(c);
    return 0;
}

/* gprime paths share the library's one ISA setting: each is selected before
 * its own calls, outside the timed loop. */
static void gp_enter(const gp_run *R, const gp_contestant *k)
{
    if (k->ci < gp_ngprime(R))
        gp_set_isa(k->name);
}

/* Times every contestant on case c, then prints the rows with their ratios.
 * On one thread the contestants' samples are interleaved (sample 1 of each,
 * then sample 2, ...), so that all of them see the same memory-bandwidth
 * weather of this VM; on more threads each contestant is timed in turn after
 * gp_settle, so that no other runtime's workers are spinning.  0, or 1 when
 * out of memory. */
static int gp_measure_case(gp_run *R, const gp_bench_case *c)
{
    size_t size = c->f64 ? sizeof(double) : sizeof(float);
    const gp_probe_row *pb = gp_find_probe(R, c->f64, c->n, c->threads);
    double probe = pb ? (gp_arrays(c->op) == 3 ? pb->add_gbps : pb->copy_gbps) : 0;
    size_t first = R->nrows;
    static gp_contestant ks[GP_MAX_ISAS * GP_ACCURACY_COUNT + GP_MAX_PEERS];
    int nk = 0, oom = 0;
    for (int ci = 0; ci < gp_ngprime(R) + gp_bench_peer_count && ci < GP_MAX_ISAS * GP_ACCURACY_COUNT + GP_MAX_PEERS;
         ci++) {
        gp_contestant *k = &ks[c->threads > 1 ? 0 : nk];
        if (!gp_prepare(R, c, ci, k))
            continue;
        if (c->threads == 1) {
            nk++;
            continue;
        }
        memset(c->out, 0, c->n * size);
        gp_settle();
        gp_timing t = gp_time(&k->r, c->n, &R->o);
        oom = oom || gp_contestant_row(R, c, k, t, probe);
        if (k->r.release)
            k->r.release(k->r.ctx);
    }
    int smax = 0;
    for (int i = 0; i < nk; i++) {
        gp_enter(R, &ks[i]);
        gp_calibrate(&ks[i].r, &R->o, &ks[i].reps, &ks[i].samples);
        smax = ks[i].samples > smax ? ks[i].samples : smax;
    }
    for (int s = 0; s < smax; s++)
        for (int i = 0; i < nk; i++)
            if (s < ks[i].samples) {
                gp_enter(R, &ks[i]);
                ks[i].v[s] = gp_sample(&ks[i].r, ks[i].reps, c->n);
            }
    for (int i = 0; i < nk; i++) {
        gp_timing t = gp_summary(ks[i].v, ks[i].samples, ks[i].reps);
        memset(c->out, 0, c->n * size);
        gp_enter(R, &ks[i]);
        ks[i].r.run(ks[i].r.ctx); /* its output, for the error column */
        oom = oom || gp_contestant_row(R, c, &ks[i], t, probe);
        if (ks[i].r.release)
            ks[i].r.release(ks[i].r.ctx);
    }
    if (oom)
        return 1;
    const gp_row *best = NULL, *mine = NULL;
    for (size_t i = first; i < R->nrows; i++) {
        if (!R->rows[i].gprime && (!best || R->rows[i].med < best->med))
            best = &R->rows[i];
        if (R->rows[i].gprime == 2)
            mine = &R->rows[i];
    }
    for (size_t i = first; i < R->nrows; i++) {
        gp_row *rw = &R->rows[i];
        if (rw->gprime && best) {
            rw->ratio = rw->med / best->med;
            snprintf(rw->best, sizeof rw->best, "%s", best->impl);
        } else if (!rw->gprime && mine) {
            rw->ratio = mine->med / rw->med;
        }
        gp_print_row(rw);
    }
    fflush(stdout);
    return 0;
}

/* Every selected activation, the selected operations it has, every n and
 * thread count of one type. */
int gp_measure_type(gp_run *R, int f64)
{
    const gp_opts *o = &R->o;
    fprintf(stderr, "[bench] %s inputs, n up to %zu\n", f64 ? "f64" : "f32", R->nmax);
    gp_fill_inputs(f64, R->nmax, R->z, R->da);
    gp_measure_probe(R, f64);
    for (int ki = 0; ki < o->nkinds; ki++) {
        gp_kind kind = (gp_kind)o->kinds[ki];
        gp_act act = gp_act_default(kind);
        /* a = g(z) for the from-output ops */
        gp_set_isa(R->sel);
        gp_set_num_threads(0);
        gp_status s = f64 ? gp_forward_f64(&act, R->nmax, R->z, R->a) : gp_forward_f32(&act, R->nmax, R->z, R->a);
        if (s != GP_OK) {
            fprintf(stderr, "%s: gprime forward failed: %s\n", R->prog, gp_strerror(s));
            return 1;
        }
        for (int oi = 0; oi < o->nops; oi++) {
            gp_op op = (gp_op)o->ops[oi];
            if (!gp_has_op(kind, op))
                continue;
            const void *x = gp_is_from_output(op) ? R->a : R->z;
            fprintf(stderr, "[bench] %.0fs %s %s %s\n", gp_elapsed(R), gp_kind_name(kind), gp_op_name(op),
                    f64 ? "f64" : "f32");
            for (int ni = 0; ni < o->nn; ni++)
                for (int hi = 0; hi < o->nthreads; hi++) {
                    gp_bench_case c = {kind, op, f64, o->n[ni], o->threads[hi], &act, x,
                                       gp_is_backward(op) ? R->da : NULL, R->out};
                    if (gp_measure_case(R, &c)) {
                        fprintf(stderr, "%s: out of memory\n", R->prog);
                        return 1;
                    }
                }
        }
    }
    gp_set_isa(NULL);
    gp_set_num_threads(0);
    return 0;
}
