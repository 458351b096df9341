/* gprime-ulp: measures the error of every gprime kernel (activation x
 * operation x precision x instruction set) in ULPs, and of the peer
 * libraries found at build time, and checks gprime's published bounds.
 *
 *   float32: every bit pattern (--mode full) or every S-th one plus dense
 *            tails and special values (--mode strided, the CTest default);
 *   float64: N inputs (log-uniform over the whole range, body, tails,
 *            |z| < 1e-8) plus special values and dense neighbourhoods of
 *            every switch point of the algorithms.
 *
 * Each input is screened against a double (f32) or long double (f64)
 * reference whose error is far below the resolution needed (ulp_ref.c); every
 * result whose screened error exceeds 0.5 ulp minus a margin is measured again
 * against MPFR (200 bits), so every maximum reported above 0.5 - margin and
 * every "not correctly rounded" count is MPFR-exact.
 * relu and leaky_relu are compared bit for bit with their definition.
 * The kernels are called through the internal per-ISA tables (src/kernels.h),
 * on blocks of CHUNK inputs.
 *
 * Cost (float32, per input, all 60 gprime kernels + peers on 1/16): the
 * screening values are computed once per input and rounded once per function
 * (run_chunk); a result equal to that rounding, where it is certainly the
 * correctly rounded value, is settled in a tight loop (check_block), and only
 * the rest pays for check_one (and MPFR).  Only the widest ISA path is
 * measured this way; the others are compared with it bit for bit (identical
 * bits, identical error) and measured in full only on a block where a bit
 * differs.  The generic path's scalar kernels remain the largest cost.
 * GP_ULP_PROFILE=1 prints the time per phase. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gprime.h"
#include "kernels.h"
#include "outfile.h"
#include "ulp.h"
#include "peers/peers.h"

#define CHUNK 2048
#define MARGIN32 0x1p-16 /* screening margin in float ulps (ref error < 2^-26) */
#define MARGIN64 0x1p-6  /* screening margin in double ulps (ref error < 2^-7) */
#define MAX_EX 4

/* ---- options --------------------------------------------------------------- */

static struct {
    int full;
    uint64_t stride;
    uint64_t f64_n;
    int threads;
    int do32, do64;
    int peers;
    uint64_t peer_stride;
    uint64_t seed;
    const char *markdown;
    const char *isa_only;
    int quiet;
    uint64_t range_start, range_count; /* --f32-range: only these patterns (profiling, split runs) */
    char cmdline[1024];
} opt = {0, 251, 200000, 2, 1, 1, 1, 1, 0x9e3779b97f4a7c15ULL, NULL, NULL, 0, 0, 0, ""};

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static float bits_f(uint32_t b)
{
    float f;
    memcpy(&f, &b, 4);
    return f;
}
static uint32_t f_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
static double bits_d(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}
static uint64_t d_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

/* random upstream gradient for input key k: sign random, significand random,
 * binary exponent uniform in [-8, 8]; the same for every path. */
static double rand_da(uint64_t k, int prec)
{
    uint64_t h = splitmix(k ^ opt.seed);
    /* m * 2^e, m = 1 + (52 random bits) * 2^-52, built from its bits */
    uint64_t e = (h >> 1) % 17; /* exponent - (-8) */
    double d = bits_d((h & 1) << 63 | (1023 - 8 + e) << 52 | (h >> 11 & ((1ULL << 52) - 1)));
    return prec == 24 ? (double)(float)d : d;
}

/* ---- targets ------------------------------------------------------------------ */

typedef struct {
    double err;
    uint64_t key;    /* input bits */
    double da, got, want;
} example;

typedef struct {
    uint64_t n, not_cr, over, mpfr, over_literal, unasserted;
    example max;
    int have_max;
    int max_mpfr; /* the maximum was measured against MPFR */
    example ex[MAX_EX];
    int nex;
    /* paths checked against the reference path's bits (see run_chunk) */
    uint64_t diff;     /* results whose bits differ from the reference path's */
    uint64_t diff_key; /* the smallest input key among them */
} stats;

typedef struct {
    const char *lib, *path, *how;
    int kind, op, prec; /* prec 32 / 64 */
    gp_kernel_f32 k32;
    gp_kernel_f64 k64;
    ulp_peer_f32 p32;
    ulp_peer_f64 p64;
    gp_params params;
    double bound; /* < 0: none (peers) */
    int exact;    /* relu / leaky_relu: bit-identical to the definition */
    int ref;      /* gprime: index of the reference path's target for the same
                     precision, activation and operation (itself for the
                     reference path); peers: -1 */
    stats st;
} target;

#define MAX_TARGETS 256
static target targets[MAX_TARGETS];
static int ntargets;
static const char *peer_notes[8];
static int npeer_notes;

static int is_backward(int op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT; }
static int fid_of(int kind, int op)
{
    int fo = (op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT);
    if (kind == GP_SIGMOID)
        return op == GP_OP_FORWARD ? F_SIG : fo ? F_SIGFO : F_DSIG;
    return op == GP_OP_FORWARD ? F_TANH : fo ? F_TANHFO : F_DTANH;
}

static double bound_of(int kind, int op)
{
    if (kind == GP_RELU || kind == GP_LEAKY_RELU)
        return 0;
    switch (op) {
    case GP_OP_FORWARD: return 1.0;
    case GP_OP_GRAD: return 2.0;
    case GP_OP_GRAD_FROM_OUTPUT: return 0.5;
    case GP_OP_BACKWARD: return 2.5;
    default: return 1.0; /* backward_from_output: 0.5 + 0.5, asserted literally */
    }
}

static void add_gprime_targets(void)
{
    static const char *isan[GP_ISA_COUNT] = {"generic", "avx2", "avx512"};
    for (int prec = 32; prec <= 64; prec += 32) {
        if ((prec == 32 && !opt.do32) || (prec == 64 && !opt.do64))
            continue;
        for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
            const gp_kernel_table *t = gp_isa_table(isa);
            if (!t || (opt.isa_only && strcmp(opt.isa_only, isan[isa]) != 0))
                continue;
            for (int kind = 0; kind < GP_KIND_COUNT; kind++)
                for (int op = 0; op < GP_OP_COUNT; op++) {
                    target *g = &targets[ntargets++];
                    memset(g, 0, sizeof *g);
                    g->lib = "gprime";
                    g->path = t->name;
                    g->how = "";
                    g->kind = kind;
                    g->op = op;
                    g->prec = prec;
                    g->k32 = prec == 32 ? t->act[kind]->f32[op] : NULL;
                    g->k64 = prec == 64 ? t->act[kind]->f64[op] : NULL;
                    gp_act act = gp_act_default((gp_kind)kind);
                    gp_params_from_act(&act, &g->params);
                    g->bound = bound_of(kind, op);
                    g->exact = (kind == GP_RELU || kind == GP_LEAKY_RELU);
                }
        }
    }
    /* the reference path of each (precision, activation, operation): the last
     * ISA added, i.e. the widest available (avx512 > avx2 > generic) */
    for (int a = 0; a < ntargets; a++) {
        targets[a].ref = a;
        for (int b = 0; b < ntargets; b++)
            if (targets[b].prec == targets[a].prec && targets[b].kind == targets[a].kind &&
                targets[b].op == targets[a].op)
                targets[a].ref = b;
    }
}

static const char *ref_path_name(void)
{
    for (int a = 0; a < ntargets; a++)
        if (!strcmp(targets[a].lib, "gprime") && targets[a].ref == a)
            return targets[a].path;
    return "-";
}

static void add_peer_targets(void)
{
    ulp_peer p[ULP_MAX_PEERS];
    size_t np = 0;
#ifdef GP_ULP_HAVE_LIBM
    np += ulp_peers_libm(p + np);
#endif
#ifdef GP_ULP_HAVE_LIBM_FAST
    np += ulp_peers_libm_fast(p + np);
#endif
#ifdef GP_ULP_HAVE_SLEEF
    np += ulp_peers_sleef(p + np);
#else
    peer_notes[npeer_notes++] = "SLEEF: not found at build time, skipped";
#endif
#ifdef GP_ULP_HAVE_ONEDNN
    np += ulp_peers_onednn(p + np);
#else
    peer_notes[npeer_notes++] = "oneDNN: not found at build time, skipped";
#endif
#ifdef GP_ULP_HAVE_XNNPACK
    np += ulp_peers_xnnpack(p + np);
#else
    peer_notes[npeer_notes++] = "XNNPACK: not found at build time, skipped";
#endif
    peer_notes[npeer_notes++] = "PyTorch: not measured (python3-torch is not installed here)";
    for (size_t i = 0; i < np; i++) {
        if ((p[i].prec == 32 && !opt.do32) || (p[i].prec == 64 && !opt.do64))
            continue;
        target *g = &targets[ntargets++];
        memset(g, 0, sizeof *g);
        g->lib = p[i].lib;
        g->path = "-";
        g->how = p[i].how;
        g->kind = p[i].kind;
        g->op = p[i].op;
        g->prec = p[i].prec;
        g->p32 = p[i].f32;
        g->p64 = p[i].f64;
        g->bound = -1;
        g->ref = -1;
    }
}

/* ---- exact references for relu / leaky_relu -------------------------------- */

/* The definition, in the target precision: returns the expected value. */
static double exact_ref(const target *t, double x, double da)
{
    int f32 = t->prec == 32;
    double alpha = f32 ? (double)t->params.alpha_f : t->params.alpha;
    double gaz = f32 ? (double)t->params.grad_at_zero_f : t->params.grad_at_zero;
    double g;
    if (isnan(x))
        return x;
    int fo = (t->op == GP_OP_GRAD_FROM_OUTPUT || t->op == GP_OP_BACKWARD_FROM_OUTPUT);
    if (t->op == GP_OP_FORWARD) {
        if (t->kind == GP_RELU)
            return x > 0 ? x : 0.0;
        if (x > 0)
            return x;
        return f32 ? (double)(float)(alpha * x) /* exact product, one rounding */ : alpha * x;
    }
    if (t->kind == GP_RELU)
        g = x > 0 ? 1.0 : x < 0 ? 0.0 : (fo ? 0.0 : gaz);
    else
        g = x > 0 ? 1.0 : x < 0 ? alpha : gaz;
    if (!is_backward(t->op))
        return g;
    return f32 ? (double)(float)(da * g) : da * g;
}

static int same_value(double r, double w, int prec)
{
    if (isnan(w) || isnan(r)) {
        if (!(isnan(w) && isnan(r)))
            return 0;
        /* quiet NaN out */
        return prec == 32 ? (f_bits((float)r) & 0x00400000u) != 0 : (d_bits(r) & 0x0008000000000000ULL) != 0;
    }
    return prec == 32 ? f_bits((float)r) == f_bits((float)w) : d_bits(r) == d_bits(w);
}

/* ---- per-thread work ------------------------------------------------------------ */

typedef struct {
    stats st[MAX_TARGETS];
    mpfr_t m[F_COUNT][CHUNK];
    unsigned char have[F_COUNT][CHUNK];
    mpfr_t prod;
    float x32[CHUNK], da32[CHUNK], o32[CHUNK], px32[CHUNK], pda32[CHUNK];
    double x64[CHUNK], da64[CHUNK], o64[CHUNK], px64[CHUNK], pda64[CHUNK];
    float q32[CHUNK];  /* outputs of a path checked against the reference path */
    double q64[CHUNK];
    double ref32[F_COUNT][CHUNK];
    long double ref64[F_COUNT][CHUNK];
    /* per function, without (0) and with (1) da: the value the screen rounds
     * to (c32: the same as a float) and its error; a result equal to it with
     * an error <= 0.5 - margin is certainly correctly rounded */
    double cand[2][F_COUNT][CHUNK];
    float c32[2][F_COUNT][CHUNK];
    float cerr[2][F_COUNT][CHUNK];
    uint64_t key[CHUNK];
    size_t pidx[CHUNK];
    double pt_run[MAX_TARGETS], pt_check[MAX_TARGETS]; /* GP_ULP_PROFILE: peers */
} worker;

static void record(stats *s, double err, int cr, int via_mpfr, double bound, uint64_t key, double da, double got,
                   double want)
{
    s->n++;
    if (isnan(err))
        err = INFINITY;
    if (isinf(bound)) { /* measured, not asserted: kept out of the maximum */
        s->unasserted++;
        return;
    }
    if (!cr)
        s->not_cr++;
    if (via_mpfr)
        s->mpfr++;
    example e = {err, key, da, got, want};
    if (bound >= 0 && !(err <= bound)) {
        s->over++;
        if (s->nex < MAX_EX)
            s->ex[s->nex++] = e;
    }
    if (!s->have_max || err > s->max.err || (err == s->max.err && key < s->max.key)) {
        s->max = e;
        s->have_max = 1;
        s->max_mpfr = via_mpfr;
    }
}

static void merge(stats *d, const stats *s)
{
    d->n += s->n;
    d->not_cr += s->not_cr;
    d->over += s->over;
    d->mpfr += s->mpfr;
    d->over_literal += s->over_literal;
    d->unasserted += s->unasserted;
    if (s->diff && (!d->diff || s->diff_key < d->diff_key))
        d->diff_key = s->diff_key;
    d->diff += s->diff;
    for (int i = 0; i < s->nex && d->nex < MAX_EX; i++)
        d->ex[d->nex++] = s->ex[i];
    if (s->have_max &&
        (!d->have_max || s->max.err > d->max.err || (s->max.err == d->max.err && s->max.key < d->max.key))) {
        d->max = s->max;
        d->have_max = 1;
        d->max_mpfr = s->max_mpfr;
    }
}

/* the MPFR value of fid at element i (cached for the chunk), times da for backward */
static mpfr_ptr mpfr_value(worker *w, int fid, size_t i, double x, int back, double da)
{
    if (!w->have[fid][i]) {
        ulp_ref_mpfr(fid, x, w->m[fid][i]);
        w->have[fid][i] = 1;
    }
    if (!back)
        return w->m[fid][i];
    mpfr_mul_d(w->prod, w->m[fid][i], da, MPFR_RNDN); /* exact: 200 + 53 bits fit */
    return w->prod;
}

/* Compares one result; i indexes the chunk arrays.
 * MPFR is consulted where the screen cannot decide: for gprime every result
 * screened above 0.5 - margin (so its maxima and not-CR counts are exact),
 * for peers only the band 0.5 +- margin (their not-CR counts stay exact; their
 * maxima are re-measured against MPFR at the end, see remeasure_max).
 * Backward bound (issue #4: "bound of g' + 0.5 ulp"):
 * - backward from z: dz may differ from da*g' by B = 2 ulps of g' (scaled by
 *   |da|) plus half an ulp of dz, i.e. 2 |da| ulp(g') / ulp(da g') + 0.5 ulps
 *   of dz (at least the literal 2.5); the plain ulp error of dz is what the
 *   tables show, and how many results exceed the literal 2.5 is counted.
 * - backward_from_output: g' from the output is correctly rounded (0.5 ulp),
 *   so dz must be within the literal 0.5 + 0.5 = 1.0 ulp of da*g', with no
 *   scaling.
 * backward_from_output where the formula itself overflows (|a| > 2^64 in f32,
 * 2^512 in f64, outside the range of g) is the IEEE product da * inf, as the
 * header documents; those inputs are measured but not asserted. */
static void check_one(worker *w, int ti, stats *s, size_t i, double x, double da, double r)
{
    target *t = &targets[ti];
    int prec = t->prec == 32 ? 24 : 53;
    uint64_t key = w->key[i];
    if (t->exact) {
        double want = exact_ref(t, x, da);
        int ok = same_value(r, want, t->prec);
        record(s, ok ? 0.0 : INFINITY, ok, 0, t->bound, key, da, r, want);
        return;
    }
    int fid = fid_of(t->kind, t->op), back = is_backward(t->op), peer = t->bound < 0;
    double err, want, bound = t->bound;
    int cr = 1, via = 0;
    double margin = prec == 24 ? MARGIN32 : MARGIN64;
    double c = w->cand[back][fid][i];
    if (r == c || (isnan(r) && isnan(c))) {
        err = w->cerr[back][fid][i];
        if (err <= 0.5 - margin) {
            record(s, err, 1, 0, t->bound, key, da, r, r);
            return;
        }
    }
    long double g = prec == 24 ? (long double)w->ref32[fid][i] : w->ref64[fid][i];
    long double ref = back ? g * da : g;
    err = ulp_err_ld(r, ref, prec);
    want = (double)ref;
    /* a peer result in the band whose candidate is certainly the correctly
     * rounded value (screened error <= 0.5 - margin) but which differs from
     * it is certainly not correctly rounded: no MPFR needed for its count */
    int cand_certain = w->cerr[back][fid][i] <= 0.5 - margin && !(r == c || (isnan(r) && isnan(c)));
    if (!(err <= 0.5 - margin) && (!peer || (err <= 0.5 + margin && !cand_certain)))
        via = 1;
    if (!peer && !(err <= 0.5 + margin))
        cr = 0;
    if (back && !peer) {
        long double gu = ulp_of_ld(g, prec), pu = ulp_of_ld(ref, prec);
        if (!(isfinite(g) && fabsl(g) <= (prec == 24 ? FLT_MAX : DBL_MAX)))
            bound = INFINITY; /* the formula overflowed: IEEE da * inf */
        else if (t->op == GP_OP_BACKWARD)
            bound = fmax((double)(2.0L * fabsl((long double)da) * gu / pu) + 0.5, t->bound);
        else
            bound = t->bound; /* backward_from_output: the literal 1.0 */
    }
    if (peer && (err > 0.5 + margin || cand_certain))
        cr = 0;
    if (via)
        err = ulp_err_mpfr(r, mpfr_value(w, fid, i, x, back, da), prec, &cr, &want);
    if (t->op == GP_OP_BACKWARD && !peer && err > t->bound && err <= bound)
        s->over_literal++;
    record(s, err, cr, via, bound, key, da, r, want);
}

/* Error in float ulps of the float c against the double v (c = (float)v):
 * exact arithmetic (v - c is exact, the ulp a power of two), the same value
 * as ulp_err_ld(c, v, 24), which handles the rare NaN and infinite cases. */
static float err24(double v, float c)
{
    if (!(fabs(v) <= DBL_MAX) || isinf(c))
        return (float)ulp_err_ld((double)c, (long double)v, 24);
    int ue = (int)((d_bits(v) >> 52) & 0x7ff) - 1023 - 23;
    ue = ue < -149 ? -149 : ue > 104 ? 104 : ue;
    return (float)(fabs(v - (double)c) / bits_d((uint64_t)(ue + 1023) << 52));
}

/* Checks m results of target ti into s; out[j] belongs to chunk element
 * idx[j] (idx NULL: j).  A result equal to the screening candidate whose
 * screened error is <= 0.5 - margin is certainly correctly rounded: it is
 * counted, and its error kept for the maximum, without further work (this is
 * what check_one does first, hoisted into one tight loop); every other
 * result goes through check_one. */
static void check_block(worker *w, int ti, stats *s, size_t m, const void *outv, const size_t *idx)
{
    const target *t = &targets[ti];
    int f32 = t->prec == 32, back = is_backward(t->op);
    const float *o32 = outv;
    const double *o64 = outv;
    if (t->exact) {
        /* bit for bit with the definition; a mismatch is recorded by check_one */
        uint64_t nok = 0, kmin = 0;
        size_t bi = 0, bj = 0;
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            double x = f32 ? (double)w->x32[i] : w->x64[i];
            double da = back ? (f32 ? (double)w->da32[i] : w->da64[i]) : 1.0;
            double r = f32 ? (double)o32[j] : o64[j];
            if (same_value(r, exact_ref(t, x, da), t->prec)) {
                if (!nok || w->key[i] < kmin) {
                    kmin = w->key[i];
                    bi = i;
                    bj = j;
                }
                nok++;
            } else {
                check_one(w, ti, s, i, x, da, r);
            }
        }
        if (nok) {
            double r = f32 ? (double)o32[bj] : o64[bj];
            double da = back ? (f32 ? (double)w->da32[bi] : w->da64[bi]) : 1.0;
            s->n += nok - 1;
            record(s, 0.0, 1, 0, t->bound, kmin, da, r, r);
        }
        return;
    }
    int fid = fid_of(t->kind, t->op);
    const float *ce = w->cerr[back][fid];
    const float lim = (float)(0.5 - (f32 ? MARGIN32 : MARGIN64));
    uint64_t nfast = 0;
    float best = -1;
    size_t bi = 0, bj = 0;
    if (f32) {
        const float *c = w->c32[back][fid];
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            float r = o32[j], cc = c[i], e = ce[i];
            if ((r == cc || (r != r && cc != cc)) && e <= lim) {
                nfast++;
                if (e > best || (e == best && w->key[i] < w->key[bi])) {
                    best = e;
                    bi = i;
                    bj = j;
                }
            } else {
                check_one(w, ti, s, i, w->x32[i], back ? w->da32[i] : 1.0, r);
            }
        }
    } else {
        const double *c = w->cand[back][fid];
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            double r = o64[j], cc = c[i];
            float e = ce[i];
            if ((r == cc || (r != r && cc != cc)) && e <= lim) {
                nfast++;
                if (e > best || (e == best && w->key[i] < w->key[bi])) {
                    best = e;
                    bi = i;
                    bj = j;
                }
            } else {
                check_one(w, ti, s, i, w->x64[i], back ? w->da64[i] : 1.0, r);
            }
        }
    }
    if (!nfast)
        return;
    double got = f32 ? (double)o32[bj] : o64[bj];
    double da = back ? (f32 ? (double)w->da32[bi] : w->da64[bi]) : 1.0;
    /* the nfast - 1 others: correctly rounded, within every bound, below the max */
    s->n += nfast - 1;
    record(s, best, 1, 0, t->bound, w->key[bi], da, got, got);
}

static void run_kernel(const target *t, size_t m, const void *x, const void *da, void *out)
{
    const void *d = is_backward(t->op) ? da : NULL;
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
static int prof_on;
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
    for (int f = 0; f < F_COUNT; f++)
        memset(w->have[f], 0, n);
    if (prec == 32) {
        for (size_t i = 0; i < n; i++) {
            double v[F_COUNT];
            ulp_ref_d_all(w->x32[i], v);
            for (int f = 0; f < F_COUNT; f++)
                w->ref32[f][i] = v[f];
        }
        prof_add(0, &pt);
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < F_COUNT; f++)
                for (size_t i = 0; i < n && !(b && (f == F_SIG || f == F_TANH)); i++) {
                    /* with da (backward: g' and the from-output formulas only): one more rounding in double (2^-53 relative) */
                    double v = b ? w->ref32[f][i] * (double)w->da32[i] : w->ref32[f][i];
                    float c = (float)v;
                    w->c32[b][f][i] = c;
                    w->cand[b][f][i] = c;
                    w->cerr[b][f][i] = err24(v, c);
                }
    } else {
        for (int f = 0; f < F_COUNT; f++)
            for (size_t i = 0; i < n; i++)
                w->ref64[f][i] = ulp_ref_ld(f, w->x64[i]);
        for (int b = 0; b < 2; b++)
            for (int f = 0; f < F_COUNT; f++)
                for (size_t i = 0; i < n && !(b && (f == F_SIG || f == F_TANH)); i++) {
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

/* ---- input plans ------------------------------------------------------------------ */

typedef struct {
    uint64_t start, step, count;
} seg;

#define MAX_SEGS 128
static seg segs32[MAX_SEGS];
static int nsegs32;
static uint64_t total32;
static uint64_t *specials64;
static uint64_t nspecials64, total64;

static void add_seg32(uint64_t start, uint64_t step, uint64_t count)
{
    segs32[nsegs32++] = (seg){start, step, count};
    total32 += count;
}

/* all floats with |z| in [lo, hi], both signs */
static void add_range32(float lo, float hi)
{
    uint32_t a = f_bits(lo), b = f_bits(hi);
    add_seg32(a, 1, (uint64_t)b - a + 1);
    add_seg32(a | 0x80000000u, 1, (uint64_t)b - a + 1);
}

/* +-(2*w+1) patterns around z, both signs */
static void add_around32(float z, uint32_t w)
{
    uint32_t b = f_bits(z);
    add_seg32(b - w, 1, 2 * w + 1);
    add_seg32((b - w) | 0x80000000u, 1, 2 * w + 1);
}

static void plan32(void)
{
    nsegs32 = 0;
    total32 = 0;
    if (opt.range_count) {
        add_seg32(opt.range_start, 1, opt.range_count);
        return;
    }
    if (opt.full) {
        add_seg32(0, 1, 1ULL << 32);
        return;
    }
    add_seg32(0, opt.stride, ((1ULL << 32) + opt.stride - 1) / opt.stride);
    add_range32(80.0f, 105.0f);  /* sigmoid subnormal results, sigmoid' deep tail */
    add_range32(14.0f, 20.0f);   /* sigmoid -> 1 */
    add_range32(7.0f, 10.0f);    /* tanh -> 1 */
    add_range32(42.0f, 53.0f);   /* tanh' subnormal results */
    add_seg32(0, 1, 65536);      /* smallest subnormals */
    add_seg32(0x80000000u, 1, 65536);
    add_seg32(0x7f800000u - 65536, 1, 65536 * 2 + 1); /* largest, inf, NaNs */
    add_seg32(0xff800000u - 65536, 1, 65536 * 2 + 1);
    add_seg32(0x7fc00000u, 1, 4096);
    add_seg32(0xffc00000u, 1, 4096);
    /* switch points of the algorithms (src/act/) at float resolution */
    static const float pts[] = {0.35f, 0x1p-28f, 40.0f, 800.0f, 0.5f, 1.0f, 2.0f, 36.7368f, 19.0615f};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
        add_around32(pts[i], 4096);
}

static uint32_t input32(uint64_t g)
{
    for (int s = 0; s < nsegs32; s++) {
        if (g < segs32[s].count)
            return (uint32_t)(segs32[s].start + g * segs32[s].step);
        g -= segs32[s].count;
    }
    return 0;
}

static void push64(uint64_t *list, uint64_t *n, double v)
{
    list[(*n)++] = d_bits(v);
    list[(*n)++] = d_bits(-v);
}

static void plan64(void)
{
    static const double pts[] = {0.35, 0x1p-28, 40.0, 800.0, 745.1332191019411, 709.782712893384, 708.3964185322641,
                                 693.1471805599453, 347.2699, 373.0, 372.5, 36.7368005696771, 19.0615474653,
                                 0.5, 1.0, 2.0, 1e-8, 20.0, 30.0};
    const int W = 512;
    size_t cap = 64 + sizeof pts / sizeof pts[0] * (2 * W + 1) * 2;
    specials64 = malloc(cap * sizeof(uint64_t));
    if (!specials64)
        abort();
    uint64_t n = 0;
    push64(specials64, &n, 0.0);
    push64(specials64, &n, INFINITY);
    push64(specials64, &n, DBL_MIN);
    push64(specials64, &n, DBL_MAX);
    push64(specials64, &n, 0x1p-1074);
    push64(specials64, &n, 0x1p-1022 - 0x1p-1074);
    specials64[n++] = 0x7ff8000000000000ULL;
    specials64[n++] = 0xfff8000000000000ULL;
    specials64[n++] = 0x7ff0000000000001ULL; /* signalling */
    specials64[n++] = 0x7ff8dead0000beefULL; /* payload */
    for (size_t p = 0; p < sizeof pts / sizeof pts[0]; p++) {
        uint64_t b = d_bits(pts[p]);
        for (int k = -W; k <= W; k++)
            push64(specials64, &n, bits_d(b + (uint64_t)(int64_t)k));
    }
    nspecials64 = n;
    total64 = nspecials64 + opt.f64_n;
}

/* the i-th random f64 input: a mixture of the distributions in the issue */
static double random64(uint64_t i)
{
    uint64_t h = splitmix(i * 0x2545f4914f6cdd1dULL ^ opt.seed), h2 = splitmix(h);
    double u = (double)(h2 >> 11) * 0x1p-53, sgn = (h & 1) ? -1.0 : 1.0;
    unsigned c = (unsigned)((h >> 1) % 100);
    if (c < 25) { /* log-uniform over the whole finite range: exponent field 0..2046 */
        uint64_t e = (h >> 8) % 2047, m = h2 & ((1ULL << 52) - 1);
        return bits_d((h & 1) << 63 | e << 52 | m);
    }
    if (c < 55) /* the body */
        return sgn * 40.0 * u;
    if (c < 65) /* log-uniform in [2^-30, 2^10] */
        return sgn * exp2(-30.0 + 40.0 * u);
    if (c < 70) /* sigmoid's subnormal tail */
        return -(700.0 + 45.0 * u);
    if (c < 75) /* sigmoid -> 1 */
        return 30.0 + 10.0 * u;
    if (c < 80) /* tanh -> 1 */
        return sgn * (17.0 + 3.0 * u);
    if (c < 90) /* g' tails down to underflow */
        return sgn * (20.0 + 730.0 * u);
    if (c < 95) /* |z| < 1e-8, log-uniform down to the smallest subnormal */
        return sgn * exp2(-1074.0 + (1074.0 - 26.575) * u);
    return sgn * 800.0 * u;
}

static const char *kind_s(int k);
static const char *op_s(int o);
static void fmt_key(char *buf, size_t len, uint64_t key, int prec);

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
            double x = g < nspecials64 ? bits_d(specials64[g]) : random64(g - nspecials64);
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

static worker *new_worker(void)
{
    worker *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    for (int f = 0; f < F_COUNT; f++)
        for (size_t i = 0; i < CHUNK; i++)
            mpfr_init2(w->m[f][i], ULP_MPFR_PREC);
    mpfr_init2(w->prod, ULP_MPFR_PREC + 64);
    return w;
}

static void free_worker(worker *w)
{
    for (int f = 0; f < F_COUNT; f++)
        for (size_t i = 0; i < CHUNK; i++)
            mpfr_clear(w->m[f][i]);
    mpfr_clear(w->prod);
    free(w);
}

static double run_sweep(int prec, worker **ws)
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
static int inconsistent_max;

static void remeasure_max(void)
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
        ulp_ref_mpfr(fid_of(t->kind, t->op), x, m);
        if (is_backward(t->op))
            mpfr_mul_d(m, m, s->max.da, MPFR_RNDN);
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

/* ---- the screening references, checked against MPFR --------------------------------- */

static double screen_err[2][F_COUNT]; /* max error of the screening value, in target ulps */

static void validate_refs(uint64_t n)
{
    mpfr_t m;
    mpfr_init2(m, ULP_MPFR_PREC);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t h = splitmix(i ^ 0x5151);
        /* float inputs: half from the interesting range, half any finite pattern */
        float xf = (i & 1) ? bits_f((uint32_t)h & 0xff7fffffu) : (float)((double)(int64_t)h * 0x1p-57);
        double xd = (i & 1) ? random64(h) : (double)(int64_t)h * 0x1p-57;
        for (int f = 0; f < F_COUNT; f++) {
            ulp_ref_mpfr(f, xf, m);
            double d = ulp_ref_d(f, xf);
            /* the screening value itself, measured in float ulps */
            /* values beyond the largest finite float round to inf: there the screen
             * only has to tell which side of the overflow threshold x lies on
             * (ulp_err_ld leaves a 2^-40 relative zone around it to MPFR) */
            if (isfinite(d) && !mpfr_nan_p(m) && fabs(mpfr_get_d(m, MPFR_RNDN)) <= FLT_MAX) {
                mpfr_t diff;
                mpfr_init2(diff, ULP_MPFR_PREC + 64);
                mpfr_d_sub(diff, d, m, MPFR_RNDN);
                double ue = fabs(mpfr_get_d(diff, MPFR_RNDN)) / ulp_of_d(mpfr_get_d(m, MPFR_RNDN), 24);
                if (ue > screen_err[0][f]) {
                    screen_err[0][f] = ue;
                    if (getenv("GP_ULP_DEBUG"))
                        fprintf(stderr, "f32 fid %d x %a d %a ue %g\n", f, (double)xf, d, ue);
                }
                ulp_ref_mpfr(f, xd, m);
                long double l = ulp_ref_ld(f, xd);
                if (isfinite(l) && !mpfr_nan_p(m) && fabsl(mpfr_get_ld(m, MPFR_RNDN)) <= DBL_MAX) {
                    mpfr_t lm;
                    mpfr_init2(lm, 64);
                    mpfr_set_ld(lm, l, MPFR_RNDN);
                    mpfr_sub(diff, lm, m, MPFR_RNDN);
                    long double ul = ulp_of_ld((long double)mpfr_get_ld(m, MPFR_RNDN), 53);
                    double ue2 = (double)(fabsl(mpfr_get_ld(diff, MPFR_RNDN)) / ul);
                    if (ue2 > screen_err[1][f]) {
                        screen_err[1][f] = ue2;
                        if (getenv("GP_ULP_DEBUG"))
                            fprintf(stderr, "f64 fid %d x %a l %La ue %g\n", f, xd, l, ue2);
                    }
                    mpfr_clear(lm);
                }
                mpfr_clear(diff);
            }
        }
    }
    mpfr_clear(m);
}

/* ---- from-output tails: where a(1-a) / 1-a^2 on the rounded a leaves g'(z) -------- */

typedef struct {
    double first_over2, stays_over2, first_zero;
} fo_tail;
static fo_tail fo_tails[2][2]; /* [prec][sigmoid, tanh] */

static void measure_fo_tails(void)
{
    const gp_kernel_table *t = gp_active_table();
    gp_params p;
    gp_act act = gp_act_default(GP_SIGMOID);
    gp_params_from_act(&act, &p);
    for (int kind = 0; kind < 2; kind++) {
        int fid = kind == 0 ? F_DSIG : F_DTANH;
        fo_tail r32 = {NAN, NAN, NAN}, r64 = {NAN, NAN, NAN};
        double last_ok = 0;
        /* float: every pattern of z in [2^-8, 40] (every 16th in strided mode) */
        uint32_t step = opt.full ? 1 : 16;
        for (uint32_t b = f_bits(0x1p-8f); b <= f_bits(40.0f); b += step) {
            float z = bits_f(b), a, g;
            t->act[kind]->f32[GP_OP_FORWARD](&p, 1, &z, NULL, &a);
            t->act[kind]->f32[GP_OP_GRAD_FROM_OUTPUT](&p, 1, &a, NULL, &g);
            double e = ulp_err_d(g, ulp_ref_d(fid, z), 24);
            if (e > 2 && isnan(r32.first_over2))
                r32.first_over2 = z;
            if (e <= 2)
                last_ok = z;
            if (g == 0 && isnan(r32.first_zero))
                r32.first_zero = z;
        }
        r32.stays_over2 = last_ok;
        last_ok = 0;
        for (double z = 0x1p-8; z <= 40.0; z += 0x1p-14) {
            double a, g;
            t->act[kind]->f64[GP_OP_FORWARD](&p, 1, &z, NULL, &a);
            t->act[kind]->f64[GP_OP_GRAD_FROM_OUTPUT](&p, 1, &a, NULL, &g);
            double e = ulp_err_ld(g, ulp_ref_ld(fid, z), 53);
            if (e > 2 && isnan(r64.first_over2))
                r64.first_over2 = z;
            if (e <= 2)
                last_ok = z;
            if (g == 0 && isnan(r64.first_zero))
                r64.first_zero = z;
        }
        r64.stays_over2 = last_ok;
        fo_tails[0][kind] = r32;
        fo_tails[1][kind] = r64;
    }
}

/* ---- reporting ---------------------------------------------------------------------- */

static const char *kind_s(int k) { return gp_kind_name((gp_kind)k); }
static const char *op_s(int o) { return gp_op_name((gp_op)o); }

static void fmt_err(char *buf, size_t len, const target *t)
{
    const stats *s = &t->st;
    if (t->exact)
        snprintf(buf, len, "%s", s->over ? "NOT exact" : "exact");
    else if (!s->have_max)
        snprintf(buf, len, "-");
    else if (isinf(s->max.err))
        snprintf(buf, len, "inf (NaN/inf/0 mismatch)");
    else if (s->max.err >= 1e4)
        snprintf(buf, len, "%.3g", s->max.err);
    else
        snprintf(buf, len, "%.4f", s->max.err);
}

static void fmt_val(char *buf, size_t len, double v, int prec)
{
    if (prec == 32)
        snprintf(buf, len, "%a (0x%08" PRIx32 ")", v, f_bits((float)v));
    else
        snprintf(buf, len, "%a", v);
}

static void fmt_key(char *buf, size_t len, uint64_t key, int prec)
{
    if (prec == 32)
        snprintf(buf, len, "0x%08" PRIx32 " = %.9g", (uint32_t)key, (double)bits_f((uint32_t)key));
    else
        snprintf(buf, len, "0x%016" PRIx64 " = %.17g", key, bits_d(key));
}

static int violations(void)
{
    int v = 0;
    for (int ti = 0; ti < ntargets; ti++)
        if (targets[ti].bound >= 0 && targets[ti].st.over)
            v++;
    return v;
}

static void print_report(FILE *f)
{
    char e[64], k[96], g[64], w[64];
    fprintf(f, "%-8s %-3s %-11s %-21s %-7s %-5s %-12s %-12s %-40s\n", "lib", "f", "activation", "operation", "path",
            "bound", "max ulp", "not CR", "at input");
    for (int ti = 0; ti < ntargets; ti++) {
        const target *t = &targets[ti];
        if (!t->st.n)
            continue;
        fmt_err(e, sizeof e, t);
        fmt_key(k, sizeof k, t->st.max.key, t->prec);
        char b[16];
        if (t->bound < 0)
            snprintf(b, sizeof b, "-");
        else
            snprintf(b, sizeof b, "%.1f", t->bound);
        fprintf(f, "%-8.8s %-3d %-11s %-21s %-7s %-5s %-12s %-12" PRIu64 " %s%s\n", t->lib, t->prec, kind_s(t->kind),
                op_s(t->op), t->path, b, e, t->st.not_cr, t->exact ? "" : k, t->st.over && t->bound >= 0 ? "  VIOLATION" : "");
        if (t->st.diff) {
            fmt_key(k, sizeof k, t->st.diff_key, t->prec);
            fprintf(f, "    %" PRIu64 " results differ in bits from %s (first at %s); measured in full there\n",
                    t->st.diff, ref_path_name(), k);
        }
        for (int x = 0; x < t->st.nex && t->bound >= 0; x++) {
            const example *ex = &t->st.ex[x];
            fmt_key(k, sizeof k, ex->key, t->prec);
            fmt_val(g, sizeof g, ex->got, t->prec);
            fmt_val(w, sizeof w, ex->want, t->prec);
            fprintf(f, "    over bound: input %s da %a got %s want %s err %.6g ulp\n", k, ex->da, g, w, ex->err);
        }
    }
}

static double t_sweep[2], t_validate, t_tails, t_total;
static char started[64];
static char loadavg[64] = "unknown";

static void read_loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f)
        return;
    double a, b, c;
    if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3)
        snprintf(loadavg, sizeof loadavg, "%.2f / %.2f / %.2f", a, b, c);
    fclose(f);
}

static void cpu_model(char *buf, size_t len)
{
    snprintf(buf, len, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                c += 2;
                c[strcspn(c, "\n")] = 0;
                snprintf(buf, len, "%s", c);
            }
            break;
        }
    fclose(f);
}

static const target *find_target(const char *lib, const char *path, int prec, int kind, int op)
{
    for (int ti = 0; ti < ntargets; ti++) {
        const target *t = &targets[ti];
        if (t->prec == prec && t->kind == kind && t->op == op && strcmp(t->lib, lib) == 0 &&
            strcmp(t->path, path) == 0 && t->st.n)
            return t;
    }
    return NULL;
}

/* docs/ACCURACY.md, written whole or not at all (tools/common/outfile.h) */
static void write_markdown(const char *file)
{
    gp_outfile o;
    if (gp_outfile_open(&o, file) != 0) {
        fprintf(stderr, "gprime-ulp: cannot write %s: %s\n", file, strerror(errno));
        exit(2);
    }
    FILE *f = o.f;
    char cpu[256], e[64], k[96], g[64], w[64];
    cpu_model(cpu, sizeof cpu);
    static const char *isan[GP_ISA_COUNT] = {"generic", "avx2", "avx512"};
    fprintf(f, "# gprime accuracy\n\n");
    fprintf(f, "<!-- Generated by tools/ulp (gprime-ulp --markdown); do not edit by hand. "
               "Regenerate with scripts/exhaustive.sh. -->\n\n");
    fprintf(f, "Measured by `gprime-ulp` (tools/ulp/) on %s (%ld online CPUs; load average %s when it started, "
               "the machine being shared), %d threads, started %s.\n\n",
            cpu, sysconf(_SC_NPROCESSORS_ONLN), loadavg, opt.threads, started);
    fprintf(f, "- Command: `%s`\n", opt.cmdline);
    if (opt.full)
        fprintf(f, "- float32: **all 2^32 bit patterns** (%" PRIu64 " inputs) for every activation x operation x "
                   "instruction set; peers on every %" PRIu64 "th pattern (chosen by a hash of the bits).\n",
                total32, opt.peer_stride);
    else
        fprintf(f, "- float32: strided sweep, every %" PRIu64 "th bit pattern plus dense tails and special values "
                   "(%" PRIu64 " inputs); peers on every %" PRIu64 "th of those.\n",
                opt.stride, total32, opt.peer_stride);
    fprintf(f, "- float64: %" PRIu64 " random inputs (25%% log-uniform over the whole finite range with both signs, "
               "30%% uniform in [-40, 40], 10%% log-uniform in [2^-30, 2^10], 5%% sigmoid's tail [-745, -700], "
               "5%% [30, 40], 5%% tanh's [17, 20], 10%% g' tails 20 <= |z| <= 750, 5%% |z| < 1e-8 down to the "
               "smallest subnormal, 5%% uniform in [-800, 800]) plus %" PRIu64 " special values and +-512-ulp "
               "neighbourhoods of every switch point of the algorithms.\n",
                opt.f64_n, nspecials64);
    fprintf(f, "- Backward operations use a random da per input (fixed seed 0x%" PRIx64 "; sign random, binary "
               "exponent in [-8, 8]); their reference is da * g' (exact).\n",
            opt.seed);
    fprintf(f, "- Instruction sets: the widest available path (%s) is measured against the references for every "
               "input; every other path (generic, avx2) runs on every input too and is compared with it **bit for "
               "bit** (identical bits have an identical ulp error, so where all bits of a block agree the path gets "
               "the reference path's figures for that block; any block with a differing bit is measured in full "
               "for that path and the differing results are counted in the \"other paths\" column).\n",
            ref_path_name());
    fprintf(f, "- Run time: float32 sweep %.1f s, float64 sweep %.1f s, reference validation %.1f s, "
               "from-output tails %.1f s; total %.1f s (%.1f min).\n\n",
            t_sweep[0], t_sweep[1], t_validate, t_tails, t_total, t_total / 60);

    fprintf(f, "## How errors are measured\n\n");
    fprintf(f, "ulp error = |r - x| / ulp(x), x the exact value, ulp(x) the spacing of the target format at x "
               "(2^-149 / 2^-1074 below the normal range, so subnormal results are measured in the subnormal "
               "spacing; a premature zero is a huge error). NaN must map to NaN; an infinity must be the "
               "correctly rounded value. \"not CR\" counts results different from the correctly rounded x.\n\n");
    fprintf(f, "Every input is first screened against a cheaper reference: float32 against double arithmetic on "
               "two glibc calls per input, E = exp(-|z|) and expm1(-2|z|), with e^-2|z| = E*E (relative error "
               "below 2^-49, i.e. below 2^-25 float ulp; backward values are da times these, one more double "
               "rounding: below 2^-48, 2^-24 float ulp), float64 against x87 long double on expl/expm1l (below "
               "2^-60, i.e. below 2^-7 double ulp); the from-output formulas are formed exactly (FMA product, "
               "TwoSum). A result equal to the screened value rounded to the target format, when the screened "
               "error of that rounding is at most 0.5 ulp minus a margin (2^-16 float ulp, 2^-6 double ulp), is "
               "correctly rounded and needs nothing more (the common case, checked in one tight loop per block of "
               "%d inputs). Every other gprime result whose screened error exceeds 0.5 ulp minus the margin is "
               "measured again against MPFR at %d bits (sigmoid = 1/(1+exp(-z)), sigmoid' = sech(z/2)^2/4, tanh, "
               "tanh' = sech(z)^2, a-a^2, 1-a^2), so every gprime maximum above 0.5 ulp and every not-CR count "
               "below are MPFR-exact. So float64's reference is MPFR wherever it matters, with the long double "
               "screen deciding only the results that are certainly correctly rounded. Peers: results in the "
               "band 0.5 +- margin go to MPFR (their not-CR counts are exact) and each peer maximum is measured "
               "again against MPFR at the end; the run fails if that disagrees with the screen by more than the "
               "margin (a screen error there could hide the true maximum elsewhere).\n\n",
            CHUNK, ULP_MPFR_PREC);
    fprintf(f, "The screening bounds rest on glibc's documented accuracy, so the run measures them too, against "
               "MPFR on %d random inputs (half of them in the body): largest screening error, in ulps of the target "
               "format (must stay below a quarter of the margin):\n\n",
            100000);
    fprintf(f, "| reference | sigmoid | sigmoid' | tanh | tanh' | a(1-a) | 1-a^2 |\n|---|---|---|---|---|---|---|\n");
    for (int p = 0; p < 2; p++) {
        fprintf(f, "| %s |", p ? "long double (f64)" : "double (f32)");
        for (int fid = 0; fid < F_COUNT; fid++)
            fprintf(f, " %.2g |", screen_err[p][fid]);
        fprintf(f, "\n");
    }
    fprintf(f, "\n## gprime: maximum error (ulp) per instruction set\n\n");
    fprintf(f, "Bounds (include/gprime.h, issue #4): forward 1 ulp; grad from z 2 ulp; grad_from_output 0.5 ulp "
               "(the formula on the given a, correctly rounded); backward = bound of g' + 0.5: from z 2.5 ulp, "
               "where the 2 ulp of g' are scaled by |da| ulp(g') / ulp(da g') (how many results exceed the literal "
               "2.5 is counted), from the output the literal 1.0 ulp of dz, no scaling (outside the range of g, "
               "where the formula itself overflows, dz is the IEEE da * inf: measured, not asserted); relu and leaky_relu bit-identical to the definition (default parameters: relu "
               "grad_at_zero 0; leaky_relu alpha 0.01, grad_at_zero = alpha; signs of zero and NaN quietness "
               "compared too: relu(-0) = +0, leaky_relu(-0) = -0).\n\n");
    for (int prec = 32; prec <= 64; prec += 32) {
        if ((prec == 32 && !opt.do32) || (prec == 64 && !opt.do64))
            continue;
        fprintf(f, "### float%d\n\n| activation | operation | bound |", prec);
        int have[GP_ISA_COUNT] = {0};
        for (int isa = 0; isa < GP_ISA_COUNT; isa++)
            for (int ti = 0; ti < ntargets; ti++)
                if (!strcmp(targets[ti].lib, "gprime") && !strcmp(targets[ti].path, isan[isa]) &&
                    targets[ti].st.n && targets[ti].prec == prec)
                    have[isa] = 1;
        int ncol = 0;
        for (int isa = 0; isa < GP_ISA_COUNT; isa++)
            if (have[isa]) {
                fprintf(f, " %s |", isan[isa]);
                ncol++;
            }
        fprintf(f, " not CR (per path) | worst input | other paths vs %s bits | pass |\n|---|---|---|", ref_path_name());
        for (int c = 0; c < ncol + 4; c++)
            fprintf(f, "---|");
        fprintf(f, "\n");
        for (int kind = 0; kind < GP_KIND_COUNT; kind++)
            for (int op = 0; op < GP_OP_COUNT; op++) {
                const target *worst = NULL;
                uint64_t ncr = 0, over = 0, n = 0;
                double b = bound_of(kind, op);
                fprintf(f, "| %s | %s | %s |", kind_s(kind), op_s(op),
                        (kind == GP_RELU || kind == GP_LEAKY_RELU) ? "exact" : (snprintf(e, sizeof e, "%.1f", b), e));
                for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
                    if (!have[isa])
                        continue;
                    const target *t = find_target("gprime", isan[isa], prec, kind, op);
                    if (!t) {
                        fprintf(f, " - |");
                        continue;
                    }
                    fmt_err(e, sizeof e, t);
                    fprintf(f, " %s |", e);
                    if (!worst || t->st.max.err > worst->st.max.err)
                        worst = t;
                    ncr = t->st.not_cr > ncr ? t->st.not_cr : ncr;
                    over += t->st.over;
                    n = t->st.n;
                }
                if (worst && !worst->exact) {
                    fmt_key(k, sizeof k, worst->st.max.key, prec);
                    fmt_val(g, sizeof g, worst->st.max.got, prec);
                    fmt_val(w, sizeof w, worst->st.max.want, prec);
                    fprintf(f, " %" PRIu64 " of %" PRIu64 " | z=`%s`%s: got `%s`, CR `%s` (%s) |", ncr, n, k,
                            is_backward(op) ? " (with its da)" : "", g, w, worst->path);
                } else {
                    fprintf(f, " %s | - |", worst ? "-" : "");
                }
                {
                    char bits[256] = "";
                    size_t bl = 0;
                    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
                        const target *t = find_target("gprime", isan[isa], prec, kind, op);
                        if (!t || t->ref == t - targets)
                            continue;
                        if (t->st.diff) {
                            fmt_key(k, sizeof k, t->st.diff_key, prec);
                            bl += (size_t)snprintf(bits + bl, bl < sizeof bits ? sizeof bits - bl : 0,
                                                   "%s%s: **%" PRIu64 " differ** (first z=`%s`)", bl ? ", " : "",
                                                   isan[isa], t->st.diff, k);
                        } else {
                            bl += (size_t)snprintf(bits + bl, bl < sizeof bits ? sizeof bits - bl : 0,
                                                   "%s%s identical", bl ? ", " : "", isan[isa]);
                        }
                    }
                    fprintf(f, " %s |", bl ? bits : "-");
                }
                fprintf(f, " %s |\n", over ? "**NO**" : "yes");
            }
        fprintf(f, "\n");
    }
    if (violations()) {
        fprintf(f, "### Bound violations\n\n");
        for (int ti = 0; ti < ntargets; ti++) {
            const target *t = &targets[ti];
            if (t->bound < 0 || !t->st.over)
                continue;
            fprintf(f, "- f%d %s %s (%s): %" PRIu64 " results over %.1f ulp\n", t->prec, kind_s(t->kind),
                    op_s(t->op), t->path, t->st.over, t->bound);
            for (int x = 0; x < t->st.nex; x++) {
                const example *ex = &t->st.ex[x];
                fmt_key(k, sizeof k, ex->key, t->prec);
                fmt_val(g, sizeof g, ex->got, t->prec);
                fmt_val(w, sizeof w, ex->want, t->prec);
                fprintf(f, "  - z = `%s`, da = `%a`: got `%s`, want `%s`, %.6g ulp\n", k, ex->da, g, w, ex->err);
            }
        }
        fprintf(f, "\n");
    }

    fprintf(f, "## Peers, measured by the same checker\n\n");
    fprintf(f, "Same references and metric; peers run on a subset (see above). gprime's column is its worst "
               "path for the same activation and operation.\n\n");
    fprintf(f, "| precision | library | activation | operation | computed as | max ulp | at input | got | CR value "
               "| not CR | inputs | gprime max |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int ti = 0; ti < ntargets; ti++) {
        const target *t = &targets[ti];
        if (t->bound >= 0 || !t->st.n)
            continue;
        double gm = 0;
        for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
            const target *gt = find_target("gprime", isan[isa], t->prec, t->kind, t->op);
            if (gt && gt->st.max.err > gm)
                gm = gt->st.max.err;
        }
        fmt_err(e, sizeof e, t);
        fmt_key(k, sizeof k, t->st.max.key, t->prec);
        fmt_val(g, sizeof g, t->st.max.got, t->prec);
        fmt_val(w, sizeof w, t->st.max.want, t->prec);
        fprintf(f, "| f%d | %s | %s | %s | `%s` | %s | `%s` | `%s` | `%s` | %" PRIu64 " | %" PRIu64 " | %.4g |\n",
                t->prec, t->lib, kind_s(t->kind), op_s(t->op), t->how, e, k, g, w, t->st.not_cr, t->st.n, gm);
    }
    fprintf(f, "\n");
    for (int i = 0; i < npeer_notes; i++)
        fprintf(f, "- %s\n", peer_notes[i]);
    fprintf(f, "\n## From the output: where the rounded a stops carrying g'(z)\n\n");
    fprintf(f, "grad_from_output is correctly rounded on the a it is given (table above); its distance from the "
               "true g'(z) when a = forward(z) is a property of a. Measured with gprime's forward (%s) followed by "
               "grad_from_output, against the exact g'(z), for z > 0 (float32: %s patterns in [2^-8, 40]; "
               "float64: z = k*2^-14 in [2^-8, 40]):\n\n",
            gp_active_table()->name, opt.full ? "all" : "every 16th of the");
    fprintf(f, "| precision | activation | first z with error > 2 ulp | error > 2 ulp for every z above | "
               "first z where the formula gives 0 (a rounded to 1) |\n|---|---|---|---|---|\n");
    for (int p = 0; p < 2; p++)
        for (int kind = 0; kind < 2; kind++) {
            const fo_tail *r = &fo_tails[p][kind];
            fprintf(f, "| f%d | %s | %.9g | %.9g | %.9g |\n", p ? 64 : 32, kind ? "tanh" : "sigmoid", r->first_over2,
                    r->stays_over2, r->first_zero);
        }
    fprintf(f, "\nUse grad or backward from z where the tails matter: they stay within 2 ulp everywhere "
               "(tables above).\n");
    if (gp_outfile_commit(&o) != 0) {
        fprintf(stderr, "gprime-ulp: error writing %s: %s\n", file, strerror(errno));
        exit(2);
    }
}

/* ---- main ------------------------------------------------------------------------------ */

static void usage(void)
{
    printf("usage: gprime-ulp [options]\n"
           "  --mode strided|full   f32: every --stride-th pattern + tails (default) or all 2^32\n"
           "  --stride N            f32 stride in strided mode (default 251)\n"
           "  --f64-n N             random f64 inputs (default 200000; full mode 100000000)\n"
           "  --threads N           worker threads (default 2)\n"
           "  --prec 32|64|both     precisions to check (default both)\n"
           "  --isa NAME            only this instruction set (default: every available one)\n"
           "  --no-peers            skip the peer libraries\n"
           "  --peer-stride N       peers on every N-th input (default 1; full mode 16)\n"
           "  --seed N              seed for da and the f64 inputs\n"
           "  --markdown FILE       write the report as Markdown (docs/ACCURACY.md)\n"
           "  --f32-range START:COUNT  f32: only COUNT patterns from START (profiling, split runs)\n"
           "  --quiet               no progress output\n"
           "Exit status: 0 if every gprime path meets its bound, 1 otherwise, 2 on usage errors.\n");
}

int main(int argc, char **argv)
{
    double t0 = now_s();
    int f64_set = 0, ps_set = 0;
    size_t pos = 0;
    for (int i = 0; i < argc; i++)
        pos += (size_t)snprintf(opt.cmdline + pos, pos < sizeof opt.cmdline ? sizeof opt.cmdline - pos : 0, "%s%s",
                                i ? " " : "", i ? argv[i] : "gprime-ulp");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV                                                                                  \
    do {                                                                                       \
        if (!v) {                                                                              \
            fprintf(stderr, "gprime-ulp: %s needs a value\n", a);                              \
            return 2;                                                                          \
        }                                                                                      \
        i++;                                                                                   \
    } while (0)
        if (!strcmp(a, "--mode")) {
            NEEDV;
            if (!strcmp(v, "full"))
                opt.full = 1;
            else if (!strcmp(v, "strided"))
                opt.full = 0;
            else {
                fprintf(stderr, "gprime-ulp: unknown mode %s\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--stride")) {
            NEEDV;
            opt.stride = strtoull(v, NULL, 0);
        } else if (!strcmp(a, "--f64-n")) {
            NEEDV;
            opt.f64_n = (uint64_t)strtod(v, NULL);
            f64_set = 1;
        } else if (!strcmp(a, "--threads")) {
            NEEDV;
            opt.threads = atoi(v);
        } else if (!strcmp(a, "--prec")) {
            NEEDV;
            opt.do32 = strcmp(v, "64") != 0;
            opt.do64 = strcmp(v, "32") != 0;
        } else if (!strcmp(a, "--isa")) {
            NEEDV;
            opt.isa_only = v;
        } else if (!strcmp(a, "--no-peers")) {
            opt.peers = 0;
        } else if (!strcmp(a, "--peer-stride")) {
            NEEDV;
            opt.peer_stride = strtoull(v, NULL, 0);
            ps_set = 1;
        } else if (!strcmp(a, "--seed")) {
            NEEDV;
            opt.seed = strtoull(v, NULL, 0);
        } else if (!strcmp(a, "--markdown")) {
            NEEDV;
            opt.markdown = v;
        } else if (!strcmp(a, "--f32-range")) {
            NEEDV;
            char *end;
            opt.range_start = strtoull(v, &end, 0);
            opt.range_count = *end == ':' ? strtoull(end + 1, NULL, 0) : 0;
            if (!opt.range_count || opt.range_start + opt.range_count > (1ULL << 32)) {
                fprintf(stderr, "gprime-ulp: --f32-range wants START:COUNT within 2^32\n");
                return 2;
            }
        } else if (!strcmp(a, "--quiet")) {
            opt.quiet = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "gprime-ulp: unknown option %s (try --help)\n", a);
            return 2;
        }
    }
    if (opt.full && !f64_set)
        opt.f64_n = 100000000;
    if (opt.full && !ps_set)
        opt.peer_stride = 16;
    if (opt.stride < 1 || opt.threads < 1 || opt.threads > 64 || opt.peer_stride < 1) {
        fprintf(stderr, "gprime-ulp: bad --stride, --threads or --peer-stride\n");
        return 2;
    }
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    read_loadavg();

    add_gprime_targets();
    if (opt.peers)
        add_peer_targets();
    plan32();
    plan64();

    prof_on = getenv("GP_ULP_PROFILE") != NULL;
    double tv = now_s();
    validate_refs(100000);
    t_validate = now_s() - tv;
    int bad_ref = 0;
    for (int fid = 0; fid < F_COUNT; fid++) {
        if (!(screen_err[0][fid] < MARGIN32 / 4) || !(screen_err[1][fid] < MARGIN64 / 4))
            bad_ref = 1;
    }
    printf("screening references vs MPFR: max f32 %.3g ulp, f64 %.3g ulp (margins %.3g / %.3g)\n",
           fmax(fmax(screen_err[0][0], screen_err[0][1]), fmax(fmax(screen_err[0][2], screen_err[0][3]),
                                                              fmax(screen_err[0][4], screen_err[0][5]))),
           fmax(fmax(screen_err[1][0], screen_err[1][1]), fmax(fmax(screen_err[1][2], screen_err[1][3]),
                                                              fmax(screen_err[1][4], screen_err[1][5]))),
           MARGIN32, MARGIN64);
    if (bad_ref) {
        fprintf(stderr, "gprime-ulp: a screening reference exceeds its stated error bound; results are not sound\n");
        return 2;
    }

    worker *ws[64];
    for (int k = 0; k < opt.threads; k++)
        ws[k] = new_worker();
    if (opt.do32) {
        printf("float32: %" PRIu64 " inputs x %d paths...\n", total32, ntargets);
        fflush(stdout);
        t_sweep[0] = run_sweep(32, ws);
        printf("float32 done in %.1f s\n", t_sweep[0]);
    }
    if (opt.do64) {
        printf("float64: %" PRIu64 " inputs...\n", total64);
        fflush(stdout);
        t_sweep[1] = run_sweep(64, ws);
        printf("float64 done in %.1f s\n", t_sweep[1]);
    }
    if (prof_on)
        for (int ti = 0; ti < ntargets; ti++) {
            double r = 0, c = 0;
            for (int k = 0; k < opt.threads; k++) {
                r += ws[k]->pt_run[ti];
                c += ws[k]->pt_check[ti];
            }
            if (r + c > 0)
                fprintf(stderr, "profile: f%d %s %s %s: run %.3f s, check %.3f s\n", targets[ti].prec,
                        targets[ti].lib, kind_s(targets[ti].kind), op_s(targets[ti].op), r, c);
        }
    for (int k = 0; k < opt.threads; k++)
        free_worker(ws[k]);
    if (prof_on)
        for (int k = 0; k < 8; k++)
            fprintf(stderr, "profile: %-26s %8.2f s\n", prof_name[k], atomic_load(&prof_t[k]));
    remeasure_max();
    double tt = now_s();
    measure_fo_tails();
    t_tails = now_s() - tt;
    t_total = now_s() - t0;

    print_report(stdout);
    int v = violations();
    printf("%s: %d gprime path(s) over their bound; total %.1f s\n", v ? "FAIL" : "PASS", v, t_total);
    if (inconsistent_max)
        printf("ERROR: %d maxima measured by the screen disagree with MPFR (see above); the report is not sound\n",
               inconsistent_max);
    if (opt.markdown) {
        write_markdown(opt.markdown);
        printf("wrote %s\n", opt.markdown);
    }
    mpfr_free_cache();
    return inconsistent_max ? 2 : v ? 1 : 0;
}
