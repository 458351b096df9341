/* gprime-ulp: the sweep of one precision over all its inputs, in blocks of
 * CHUNK on --threads workers.  Only the widest ISA path of each activation
 * and operation is measured against the references; the others are compared
 * with it bit for bit (identical bits, identical error) and measured in full
 * only on a block where a bit differs.  GP_ULP_PROFILE=1 prints the time per
 * phase. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulp.h"

static void run_kernel(const target *t, size_t m, const void *x, const void *da, void *out)
{
    const void *d = gp_ref_is_backward((gp_op)t->op) ? da : NULL;
    if (t->prec == 32) {
        if (t->p32)
            t->p32(m, x, d, out);
        else
            t->k32(&t->params, m, x, d, out);
    } else {
        if (t->p64)
            t->p64(m, x, d, out);
        else
            t->k64(&t->params, m, x, d, out);
    }
}

/* GP_ULP_PROFILE=1: seconds per phase of run_chunk, summed over threads */
int prof_on;
static _Atomic double prof_t[8];
static const char *prof_name[8] = {"references", "candidates", "reference paths: kernels", "reference paths: checks",
                                   "other paths: kernels", "other paths: compare", "peers", "fill"};
static void prof_add(int k, double *t)
{
    if (!prof_on)
        return;
    double n = now_s(), old = atomic_load(&prof_t[k]);
    while (!atomic_compare_exchange_weak(&prof_t[k], &old, old + (n - *t)))
        ;
    *t = n;
}

static void run_chunk(worker *w, int prec, size_t n)
{
    double pt = prof_on ? now_s() : 0;
    for (int f = 0; f < NSLOT; f++)
        memset(w->have[f], 0, n);
    /* the screens of every function of every activation (NaN where it has
     * none, or --act leaves it out), then per slot, without and with da
     * (forward has no da), the candidate and its screened error */
    if (prec == 32) {
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < GP_KIND_COUNT; k++) {
                double v[GP_REF_FN_COUNT];
                screen32(k, w->x32[i], v);
                for (int fn = 0; fn < GP_REF_FN_COUNT; fn++)
                    w->ref32[k * GP_REF_FN_COUNT + fn][i] = v[fn];
            }
        prof_add(0, &pt);
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < NSLOT; f++)
                for (size_t i = 0; i < n && !(b && f % GP_REF_FN_COUNT == GP_REF_G); i++) {
                    /* with da (backward: g' and the from-output formulas only): one more rounding in double (2^-53 relative) */
                    double v = b ? w->ref32[f][i] * (double)w->da32[i] : w->ref32[f][i];
                    float c = (float)v;
                    w->c32[b][f][i] = c;
                    w->cand[b][f][i] = c;
                    w->cerr[b][f][i] = err24(v, c);
                }
    } else {
        for (int f = 0; f < NSLOT; f++)
            for (size_t i = 0; i < n; i++)
                w->ref64[f][i] = screen64(f / GP_REF_FN_COUNT, f % GP_REF_FN_COUNT, w->x64[i]);
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < NSLOT; f++)
                for (size_t i = 0; i < n && !(b && f % GP_REF_FN_COUNT == GP_REF_G); i++) {
                    long double ref = w->ref64[f][i];
                    if (b)
                        ref *= (long double)w->da64[i];
                    double c = (double)ref;
                    w->cand[b][f][i] = c;
                    w->cerr[b][f][i] = (float)ulp_err_ld(c, ref, 53);
                }
    }
    prof_add(1, &pt);
    size_t esz = prec == 32 ? sizeof(float) : sizeof(double);
    const void *x = prec == 32 ? (const void *)w->x32 : (const void *)w->x64;
    const void *da = prec == 32 ? (const void *)w->da32 : (const void *)w->da64;
    void *o = prec == 32 ? (void *)w->o32 : (void *)w->o64;
    void *q = prec == 32 ? (void *)w->q32 : (void *)w->q64;
    /* gprime: each reference path (the widest ISA) is measured in full; every
     * other path of the same precision, activation and operation is compared
     * with it bit for bit.  Identical bits have identical errors, so a chunk
     * whose bits all agree takes the reference path's statistics of that
     * chunk; a chunk where any bit differs is measured in full for that path
     * (and the differing results are counted). */
    for (int ti = 0; ti < ntargets; ti++) {
        target *t = &targets[ti];
        if (t->prec != prec || t->ref != ti)
            continue;
        stats cs;
        memset(&cs, 0, sizeof cs);
        prof_add(7, &pt);
        run_kernel(t, n, x, da, o);
        prof_add(2, &pt);
        check_block(w, ti, &cs, n, o, NULL);
        merge(&w->st[ti], &cs);
        prof_add(3, &pt);
        for (int tj = 0; tj < ntargets; tj++) {
            if (tj == ti || targets[tj].ref != ti)
                continue;
            run_kernel(&targets[tj], n, x, da, q);
            prof_add(4, &pt);
            if (memcmp(q, o, n * esz) == 0) {
                merge(&w->st[tj], &cs);
                prof_add(5, &pt);
                continue;
            }
            stats *s = &w->st[tj];
            for (size_t i = 0; i < n; i++)
                if (memcmp((const char *)q + i * esz, (const char *)o + i * esz, esz) != 0) {
                    if (!s->diff || w->key[i] < s->diff_key)
                        s->diff_key = w->key[i];
                    s->diff++;
                }
            check_block(w, tj, s, n, q, NULL);
        }
    }
    if (!opt.peers)
        return;
    /* the peers' subset: every peer_stride-th input (by key) */
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (opt.peer_stride <= 1 || splitmix(w->key[i]) % opt.peer_stride == 0) {
            w->pidx[np] = i;
            if (prec == 32) {
                w->px32[np] = w->x32[i];
                w->pda32[np] = w->da32[i];
            } else {
                w->px64[np] = w->x64[i];
                w->pda64[np] = w->da64[i];
            }
            np++;
        }
    const void *px = prec == 32 ? (const void *)w->px32 : (const void *)w->px64;
    const void *pda = prec == 32 ? (const void *)w->pda32 : (const void *)w->pda64;
    for (int ti = 0; ti < ntargets; ti++) {
        target *t = &targets[ti];
        if (t->prec != prec || !(t->p32 || t->p64))
            continue;
        double p0 = prof_on ? now_s() : 0;
        run_kernel(t, np, px, pda, o);
        double p1 = prof_on ? now_s() : 0;
        check_block(w, ti, &w->st[ti], np, o, w->pidx);
        if (prof_on) {
            w->pt_run[ti] += p1 - p0;
            w->pt_check[ti] += now_s() - p1;
        }
    }
    prof_add(6, &pt);
}

/* ---- threads ----------------------------------------------------------------------- */

static atomic_uint_fast64_t next_chunk;
static int cur_prec;
static uint64_t cur_total;
static atomic_uint_fast64_t done_count;

static void fill_chunk(worker *w, uint64_t g0, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t g = g0 + i;
        if (cur_prec == 32) {
            uint32_t b = input32(g);
            w->key[i] = b;
            w->x32[i] = bits_f(b);
            w->da32[i] = (float)rand_da(b, 24);
        } else {
            double x = input64(g);
            w->key[i] = d_bits(x);
            w->x64[i] = x;
            w->da64[i] = rand_da(g, 53);
        }
    }
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    for (;;) {
        uint64_t c = atomic_fetch_add(&next_chunk, 1);
        uint64_t g0 = c * CHUNK;
        if (g0 >= cur_total)
            break;
        size_t n = (size_t)(cur_total - g0 < CHUNK ? cur_total - g0 : CHUNK);
        fill_chunk(w, g0, n);
        run_chunk(w, cur_prec, n);
        atomic_fetch_add(&done_count, n);
    }
    return NULL;
}

worker *new_worker(void)
{
    worker *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    for (int f = 0; f < NSLOT; f++)
        for (size_t i = 0; i < CHUNK; i++)
            mpfr_init2(w->m[f][i], ULP_MPFR_PREC);
    mpfr_init2(w->prod, ULP_MPFR_PREC + 64);
    return w;
}

void free_worker(worker *w)
{
    for (int f = 0; f < NSLOT; f++)
        for (size_t i = 0; i < CHUNK; i++)
            mpfr_clear(w->m[f][i]);
    mpfr_clear(w->prod);
    free(w);
}

double run_sweep(int prec, worker **ws)
{
    cur_prec = prec;
    cur_total = prec == 32 ? total32 : total64;
    atomic_store(&next_chunk, 0);
    atomic_store(&done_count, 0);
    for (int k = 0; k < opt.threads; k++)
        memset(ws[k]->st, 0, sizeof ws[k]->st);
    double t0 = now_s();
    pthread_t th[64];
    for (int k = 0; k < opt.threads; k++)
        if (pthread_create(&th[k], NULL, thread_main, ws[k]) != 0) {
            perror("pthread_create");
            exit(2);
        }
    if (!opt.quiet) {
        for (;;) {
            struct timespec ts = {5, 0};
            uint64_t d = atomic_load(&done_count);
            if (d >= cur_total)
                break;
            fprintf(stderr, "\r  f%d: %5.1f%% (%.0f s)", prec, 100.0 * (double)d / (double)cur_total, now_s() - t0);
            nanosleep(&ts, NULL);
        }
        fprintf(stderr, "\r%40s\r", "");
    }
    for (int k = 0; k < opt.threads; k++)
        pthread_join(th[k], NULL);
    for (int ti = 0; ti < ntargets; ti++)
        if (targets[ti].prec == prec)
            for (int k = 0; k < opt.threads; k++)
                merge(&targets[ti].st, &ws[k]->st[ti]);
    return now_s() - t0;
}

/* Every maximum the screen measured (the peers' above the band; gprime's
 * were measured against MPFR already), measured again against MPFR.  The
 * re-measured error must agree with the screened one within the screening
 * error (or both be infinite): a maximum the screen got wrong means another
 * input may hold the true maximum, so a disagreement is reported and fails
 * the run instead of silently replacing the maximum. */
int inconsistent_max;

void remeasure_max(void)
{
    mpfr_t m;
    mpfr_init2(m, ULP_MPFR_PREC + 64);
    for (int ti = 0; ti < ntargets; ti++) {
        target *t = &targets[ti];
        stats *s = &t->st;
        if (t->exact || !s->have_max || s->max_mpfr)
            continue;
        int prec = t->prec == 32 ? 24 : 53, cr;
        double x = t->prec == 32 ? (double)bits_f((uint32_t)s->max.key) : bits_d(s->max.key), want;
        gp_ref_mpfr(ref_act(t->kind, t->prec), (gp_op)t->op, m, x, s->max.da);
        double e = ulp_err_mpfr(s->max.got, m, prec, &cr, &want);
        double tol = prec == 24 ? MARGIN32 : MARGIN64;
        if (!(isinf(e) && isinf(s->max.err)) && !(fabs(e - s->max.err) <= tol * (1 + fabs(e)))) {
            char k[96];
            fmt_key(k, sizeof k, s->max.key, t->prec);
            fprintf(stderr, "gprime-ulp: %s f%d %s %s: the screen measured %g ulp at %s, MPFR %g ulp\n", t->lib,
                    t->prec, kind_s(t->kind), op_s(t->op), s->max.err, k, e);
            inconsistent_max++;
        }
        s->max.err = e;
        s->max.want = want;
        s->max_mpfr = 1;
    }
    mpfr_clear(m);
}

void prof_report(worker **ws)
{
    if (!prof_on)
        return;
    for (int ti = 0; ti < ntargets; ti++) {
        double r = 0, c = 0;
        for (int k = 0; k < opt.threads; k++) {
            r += ws[k]->pt_run[ti];
            c += ws[k]->pt_check[ti];
        }
        if (r + c > 0)
            fprintf(stderr, "profile: f%d %s %s %s: run %.3f s, check %.3f s\n", targets[ti].prec, targets[ti].lib,
                    kind_s(targets[ti].kind), op_s(targets[ti].op), r, c);
    }
    for (int k = 0; k < 8; k++)
        fprintf(stderr, "profile: %-26s %8.2f s\n", prof_name[k], atomic_load(&prof_t[k]));
}
