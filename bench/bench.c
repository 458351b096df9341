/* gprime benchmark harness: times gprime and every peer found at build time
 * on the same buffers, measures the memory-bandwidth probe and the thread
 * split threshold and cost, prints a table (stdout), progress (stderr), and JSON.
 *
 * Timing: CLOCK_MONOTONIC; 10 ms of warm-up calls, a calibration that sizes each
 * sample to >= ~1 ms of calls (0.25 ms with --quick), or one call per sample
 * when a call is longer; median and min over the samples, in ns per element.
 * Inputs: z uniform in [-8, 8] with 1/32 of the values in the tails
 * 8 < |z| < 100; da uniform in [-1, 1]; the from-output ops read a = g(z)
 * from gprime's forward.  Every contestant's output is checked against a
 * long-double reference on the first elements (the "dev" column). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "bench.h"
#include "outfile.h"
#include "gprime.h"
#include "kernels.h"
#include "peer.h"
#include "pool.h"

void gp_probe_copy_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_copy_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);

#define GP_MAX_LIST 16
#define GP_CHECK_N 16384 /* elements compared with the reference per row */
#define GP_DRAM_N ((size_t)1 << 24)
#define GP_THR_MAX ((size_t)1 << 22) /* largest n of the thread-split sweep */

static const char *const gp_isa_list[GP_ISA_COUNT] = {"generic", "avx2", "avx512"};

/* ---- options ------------------------------------------------------------------ */

typedef struct {
    int quick, all_isas, thresholds, samples;
    const char *isa, *json, *markdown;
    size_t n[GP_MAX_LIST];
    int nn;
    int threads[GP_MAX_LIST];
    int nthreads;
    int kinds[GP_KIND_COUNT], nkinds;
    int ops[GP_OP_COUNT], nops;
    int types[2], ntypes;
} gp_opts;

static void gp_usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [options]\n"
            "Times gprime against the peers found at build time (oneDNN, XNNPACK, SLEEF, libm loops).\n"
            "  --quick          few samples, n = 4096 and 262144 only (CI smoke run)\n"
            "  --isa NAME       gprime path to time: generic, avx2, avx512 (default: the active one)\n"
            "  --all-isas       add gprime rows for every available ISA\n"
            "  --threads LIST   thread counts, e.g. 1,2 (default 1,2)\n"
            "  --n LIST         sizes, e.g. 4096,262144,16M or 2^20 (default 4096,262144,16777216)\n"
            "  --act LIST       sigmoid,tanh,relu,leaky_relu (default all)\n"
            "  --op LIST        forward,grad,grad_from_output,backward,backward_from_output\n"
            "                   (default forward,grad,backward,backward_from_output)\n"
            "  --type LIST      f32,f64 (default both)\n"
            "  --samples N      samples per measurement (default 15; 7 at n >= 16M; 5/3 with --quick)\n"
            "  --thresholds     measure the 1-vs-2-thread split threshold (default on, off with --quick)\n"
            "  --no-thresholds  skip it\n"
            "  --json FILE      also write every measurement as JSON\n"
            "  --markdown FILE  also write gprime's rows (fastest peer, ratio) as a Markdown table\n"
            "  --help           this text\n"
            "stdout: the table; stderr: progress.  No timing is asserted.\n",
            prog);
}

static int gp_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (s[0] == '2' && s[1] == '^') {
        long e = strtol(s + 2, &end, 10);
        if (errno || *end || e < 0 || e > 40)
            return -1;
        *out = (size_t)1 << e;
        return 0;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    if (*end == 'k' || *end == 'K')
        v <<= 10, end++;
    else if (*end == 'm' || *end == 'M')
        v <<= 20, end++;
    if (*end || v == 0 || v > ((unsigned long long)1 << 34))
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Splits a comma list and calls f on each item; -1 on a bad item. */
static int gp_each_item(const char *list, int (*f)(const char *item, void *ud), void *ud)
{
    char buf[512];
    /* every item non-empty: "", ",", "1,,2" and "1," are errors, not the defaults */
    if (strlen(list) >= sizeof buf || !*list || list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,"))
        return -1;
    strcpy(buf, list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        if (f(tok, ud))
            return -1;
    return 0;
}

static int gp_add_n(const char *s, void *ud)
{
    gp_opts *o = ud;
    size_t v;
    if (o->nn >= GP_MAX_LIST || gp_parse_size(s, &v))
        return -1;
    o->n[o->nn++] = v;
    return 0;
}

static int gp_add_thread(const char *s, void *ud)
{
    gp_opts *o = ud;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 256 || o->nthreads >= GP_MAX_LIST)
        return -1;
    o->threads[o->nthreads++] = (int)v;
    return 0;
}

static int gp_add_kind(const char *s, void *ud)
{
    gp_opts *o = ud;
    gp_act a;
    if (gp_act_parse(s, &a) != GP_OK || o->nkinds >= GP_KIND_COUNT)
        return -1;
    o->kinds[o->nkinds++] = (int)a.kind;
    return 0;
}

static int gp_add_op(const char *s, void *ud)
{
    gp_opts *o = ud;
    for (int op = 0; op < GP_OP_COUNT; op++)
        if (strcasecmp(s, gp_op_name((gp_op)op)) == 0 && o->nops < GP_OP_COUNT) {
            o->ops[o->nops++] = op;
            return 0;
        }
    return -1;
}

static int gp_add_type(const char *s, void *ud)
{
    gp_opts *o = ud;
    if (o->ntypes >= 2)
        return -1;
    if (strcasecmp(s, "f32") == 0)
        o->types[o->ntypes++] = 0;
    else if (strcasecmp(s, "f64") == 0)
        o->types[o->ntypes++] = 1;
    else
        return -1;
    return 0;
}

/* 0: run, 1: --help printed, 2: usage error */
static int gp_parse_opts(int argc, char **argv, gp_opts *o)
{
    const char *prog = argc > 0 && argv[0] ? argv[0] : "gprime-bench";
    if (strcmp(prog, "bench") == 0)
        prog = "gprime bench";
    memset(o, 0, sizeof *o);
    o->thresholds = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int (*adder)(const char *, void *) = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            gp_usage(stdout, prog);
            return 1;
        } else if (strcmp(a, "--quick") == 0) {
            o->quick = 1;
        } else if (strcmp(a, "--all-isas") == 0) {
            o->all_isas = 1;
        } else if (strcmp(a, "--thresholds") == 0) {
            o->thresholds = 1;
        } else if (strcmp(a, "--no-thresholds") == 0) {
            o->thresholds = 0;
        } else if (strcmp(a, "--isa") == 0 && v) {
            o->isa = v, i++;
        } else if (strcmp(a, "--json") == 0 && v) {
            o->json = v, i++;
        } else if (strcmp(a, "--markdown") == 0 && v) {
            o->markdown = v, i++;
        } else if (strcmp(a, "--samples") == 0 && v) {
            char *end;
            long s = strtol(v, &end, 10);
            if (*end || s < 1 || s > 1000) {
                fprintf(stderr, "%s: bad --samples '%s'\n", prog, v);
                return 2;
            }
            o->samples = (int)s, i++;
        } else if (strcmp(a, "--n") == 0 && v) {
            adder = gp_add_n;
        } else if (strcmp(a, "--threads") == 0 && v) {
            adder = gp_add_thread;
        } else if (strcmp(a, "--act") == 0 && v) {
            adder = gp_add_kind;
        } else if (strcmp(a, "--op") == 0 && v) {
            adder = gp_add_op;
        } else if (strcmp(a, "--type") == 0 && v) {
            adder = gp_add_type;
        } else {
            fprintf(stderr, "%s: unknown option or missing value: '%s' (see --help)\n", prog, a);
            return 2;
        }
        if (adder) {
            if (gp_each_item(v, adder, o)) {
                fprintf(stderr, "%s: bad list for %s: '%s'\n", prog, a, v);
                return 2;
            }
            i++;
        }
    }
    if (!o->nn) {
        size_t def[3] = {4096, 262144, (size_t)1 << 24};
        o->nn = o->quick ? 2 : 3;
        memcpy(o->n, def, sizeof def);
    }
    if (!o->nthreads)
        o->threads[0] = 1, o->threads[1] = 2, o->nthreads = 2;
    if (!o->nkinds)
        for (int k = 0; k < GP_KIND_COUNT; k++)
            o->kinds[o->nkinds++] = k;
    if (!o->nops) {
        int def[4] = {GP_OP_FORWARD, GP_OP_GRAD, GP_OP_BACKWARD, GP_OP_BACKWARD_FROM_OUTPUT};
        memcpy(o->ops, def, sizeof def);
        o->nops = 4;
    }
    if (!o->ntypes)
        o->types[0] = 0, o->types[1] = 1, o->ntypes = 2;
    if (o->thresholds < 0)
        o->thresholds = !o->quick;
    return 0;
}

/* ---- timing ---------------------------------------------------------------------- */

static double gp_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Lets the spinning workers of the previous contestant's thread pool (libgomp,
 * pthreadpool) go to sleep before the next one is timed: on 2 cores a
 * spinning idle pool steals the core the next contestant's second thread needs. */
static void gp_settle(void)
{
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

static int gp_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    double med, min; /* ns per element */
    int samples;
    long reps; /* calls per sample */
} gp_timing;

/* Warm-up (10 ms of calls: faults pages in, JIT, and wakes every thread pool;
 * waking an idle vCPU of this VM can take milliseconds), then the calls per
 * sample (>= target) and the number of samples. */
static void gp_calibrate(const gp_bench_runner *r, const gp_opts *o, long *reps, int *samples)
{
    double target = o->quick ? 0.25e6 : 1e6;
    double w0 = gp_now_ns();
    do
        r->run(r->ctx);
    while (gp_now_ns() - w0 < 10e6);
    long calls = 0;
    double t0 = gp_now_ns(), el;
    do {
        r->run(r->ctx);
        calls++;
        el = gp_now_ns() - t0;
    } while (el < target / 4);
    double per_call = el / (double)calls;
    *reps = per_call >= target ? 1 : (long)ceil(target / per_call);
    *samples = o->samples ? o->samples : (*reps == 1 ? (o->quick ? 3 : 7) : (o->quick ? 5 : 15));
}

/* one sample: reps calls, in ns per element */
static double gp_sample(const gp_bench_runner *r, long reps, size_t n)
{
    double t = gp_now_ns();
    for (long k = 0; k < reps; k++)
        r->run(r->ctx);
    return (gp_now_ns() - t) / ((double)reps * (double)n);
}

static gp_timing gp_summary(double *v, int samples, long reps)
{
    qsort(v, (size_t)samples, sizeof v[0], gp_cmp_double);
    gp_timing t = {samples % 2 ? v[samples / 2] : 0.5 * (v[samples / 2 - 1] + v[samples / 2]), v[0], samples, reps};
    return t;
}

static gp_timing gp_time(const gp_bench_runner *r, size_t n, const gp_opts *o)
{
    long reps;
    int samples;
    gp_calibrate(r, o, &reps, &samples);
    double v[1000];
    for (int s = 0; s < samples; s++)
        v[s] = gp_sample(r, reps, n);
    return gp_summary(v, samples, reps);
}

/* ---- loops split over threads (peers' plain loops, the probe) ------------------------- */

typedef struct {
    gp_bench_loop loop;
    float alpha_f;
    double alpha;
    size_t n, size;
    int threads;
    const char *x, *da;
    char *out;
} gp_loop_ctx;

static void gp_loop_run(void *p)
{
    const gp_loop_ctx *c = p;
    int nt = c->threads;
    if (nt <= 1) {
        c->loop(c->alpha_f, c->alpha, c->n, c->x, c->da, c->out);
        return;
    }
    size_t chunk = gp_pool_chunk(c->n, nt, c->size); /* src/api.c's chunks */
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

/* ---- gprime as a contestant ----------------------------------------------------------- */

typedef struct {
    gp_bench_case c;
} gp_gprime_ctx;

static void gp_gprime_run(void *p)
{
    const gp_bench_case *c = &((gp_gprime_ctx *)p)->c;
    if (c->f64)
        gp_apply_f64(c->act, c->op, c->n, c->x, c->da, c->out);
    else
        gp_apply_f32(c->act, c->op, c->n, c->x, c->da, c->out);
}

static int gp_gprime_prepare(const gp_bench_case *c, const char *isa, gp_bench_runner *r)
{
    if (gp_set_isa(isa) != GP_OK || gp_set_num_threads(c->threads) != GP_OK)
        return GP_PEER_FAILED;
    gp_gprime_ctx *x = malloc(sizeof *x);
    if (!x)
        return GP_PEER_FAILED;
    x->c = *c;
    r->run = gp_gprime_run;
    r->release = free;
    r->ctx = x;
    return GP_PEER_OK;
}

/* ---- inputs and the reference ------------------------------------------------------------ */

static uint64_t gp_rng_state = 0x9e3779b97f4a7c15u;

static uint64_t gp_rng(void)
{
    uint64_t z = (gp_rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double gp_uniform(double lo, double hi) { return lo + (hi - lo) * (double)(gp_rng() >> 11) * 0x1p-53; }

static void gp_fill_inputs(int f64, size_t n, void *z, void *da)
{
    gp_rng_state = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i++) {
        double v;
        if ((gp_rng() & 31) == 0) /* tails */
            v = gp_uniform(8.0, 100.0) * ((gp_rng() & 1) ? 1.0 : -1.0);
        else
            v = gp_uniform(-8.0, 8.0);
        double d = gp_uniform(-1.0, 1.0);
        if (f64)
            ((double *)z)[i] = v, ((double *)da)[i] = d;
        else
            ((float *)z)[i] = (float)v, ((float *)da)[i] = (float)d;
    }
}

/* The exact-ish value (long double) of (kind, op) at x (z or a), da = d. */
static long double gp_ref(gp_kind kind, gp_op op, long double alpha, long double x, long double d)
{
    int bwd = op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT;
    long double g = 0;
    switch (kind) {
    case GP_SIGMOID:
        if (op == GP_OP_FORWARD)
            return 1.0L / (1.0L + expl(-x));
        if (op == GP_OP_GRAD || op == GP_OP_BACKWARD) {
            long double e = expl(-fabsl(x));
            g = e / ((1.0L + e) * (1.0L + e));
        } else {
            g = x * (1.0L - x);
        }
        break;
    case GP_TANH:
        if (op == GP_OP_FORWARD)
            return tanhl(x);
        if (op == GP_OP_GRAD || op == GP_OP_BACKWARD) {
            long double e = expl(-2.0L * fabsl(x));
            g = 4.0L * e / ((1.0L + e) * (1.0L + e));
        } else {
            g = (1.0L - x) * (1.0L + x); /* 1 - x*x would lose the low bits of x*x near |x| = 1 in f64 */
        }
        break;
    case GP_RELU:
    case GP_LEAKY_RELU: /* relu: alpha = 0; grad_at_zero = alpha (the default) */
        if (op == GP_OP_FORWARD)
            return x > 0 ? x : alpha * x;
        g = x > 0 ? 1.0L : alpha;
        break;
    default:
        break;
    }
    return bwd ? d * g : g;
}

/* Deviation of got from ref in units in the last place of the row's type. */
static double gp_ulps(long double got, long double ref, int f64)
{
    if (got == ref)
        return 0.0;
    int mant = f64 ? DBL_MANT_DIG : FLT_MANT_DIG, emin = f64 ? DBL_MIN_EXP - 1 : FLT_MIN_EXP - 1;
    int e = ref == 0 ? emin : ilogbl(ref);
    if (e < emin)
        e = emin;
    long double ulp = ldexpl(1.0L, e - (mant - 1));
    return (double)(fabsl(got - ref) / ulp);
}

typedef struct {
    double max_ulp;
    long bad; /* NaN or infinite where the reference is finite */
} gp_dev;

static gp_dev gp_check(const gp_bench_case *c, const long double *ref, size_t m)
{
    gp_dev d = {0.0, 0};
    for (size_t i = 0; i < m; i++) {
        long double got = c->f64 ? (long double)((const double *)c->out)[i] : (long double)((const float *)c->out)[i];
        if (!isfinite(got)) {
            d.bad++;
            continue;
        }
        double u = gp_ulps(got, ref[i], c->f64);
        if (u > d.max_ulp)
            d.max_ulp = u;
    }
    return d;
}

/* ---- results -------------------------------------------------------------------------- */

typedef struct {
    int kind, op, f64, threads;
    size_t n;
    char impl[24];
    int gprime;   /* 1: a gprime row, 2: the gprime row the ratios are about */
    double med, min, gbps, pct, ratio;
    char best[24]; /* fastest peer, gprime rows */
    gp_dev dev;
} gp_row;

typedef struct {
    int f64, threads;
    size_t n;
    double copy_gbps, add_gbps;
} gp_probe_row;

typedef struct {
    int kind, op, f64;
    size_t n_min; /* 0: 2 threads never won in the range */
    size_t sizes[24];
    double t1[24], t2[24];
    int nsizes;
} gp_thr_row;

static gp_row *gp_rows;
static size_t gp_nrows, gp_caprows;
static gp_probe_row gp_probes[2 * GP_MAX_LIST * GP_MAX_LIST];
static int gp_nprobes;
static gp_thr_row gp_thr[2 * GP_KIND_COUNT * GP_OP_COUNT];
static int gp_nthr;

static gp_row *gp_new_row(void)
{
    if (gp_nrows == gp_caprows) {
        size_t cap = gp_caprows ? 2 * gp_caprows : 256;
        gp_row *p = realloc(gp_rows, cap * sizeof *p);
        if (!p)
            return NULL;
        gp_rows = p, gp_caprows = cap;
    }
    gp_row *r = &gp_rows[gp_nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

static const gp_probe_row *gp_find_probe(int f64, size_t n, int threads)
{
    for (int i = 0; i < gp_nprobes; i++)
        if (gp_probes[i].f64 == f64 && gp_probes[i].n == n && gp_probes[i].threads == threads)
            return &gp_probes[i];
    return NULL;
}

static int gp_arrays(int op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT ? 3 : 2; }

static void gp_fmt_n(size_t n, char *buf, size_t len)
{
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, len, "%zuM", n >> 20);
    else
        snprintf(buf, len, "%zu", n);
}

static void gp_fmt_dev(const gp_dev *d, char *buf, size_t len)
{
    if (d->bad)
        snprintf(buf, len, "%ld NaN/inf", d->bad);
    else if (d->max_ulp < 1000)
        snprintf(buf, len, "%.2f", d->max_ulp);
    else
        snprintf(buf, len, "%.1e", d->max_ulp);
}

static void gp_print_header(void)
{
    printf("%-10s %-20s %-4s %-7s %3s  %-14s %8s %8s %7s %6s %12s  %s\n", "act", "op", "type", "n", "thr", "impl",
           "med ns/e", "min ns/e", "GB/s", "%probe", "dev ulp", "ratio");
}

static void gp_print_row(const gp_row *r)
{
    char nb[16], db[32], rb[48] = "";
    gp_fmt_n(r->n, nb, sizeof nb);
    gp_fmt_dev(&r->dev, db, sizeof db);
    if (r->ratio > 0)
        snprintf(rb, sizeof rb, r->gprime ? "%.2f vs %s" : "%.2f", r->ratio, r->best);
    else if (r->gprime)
        snprintf(rb, sizeof rb, "(no peer)");
    printf("%-10s %-20s %-4s %-7s %3d  %-14s %8.3f %8.3f %7.1f %5.0f%% %12s  %s\n", gp_kind_name((gp_kind)r->kind),
           gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", nb, r->threads, r->impl, r->med, r->min, r->gbps,
           r->pct, db, rb);
}

/* ---- machine ----------------------------------------------------------------------------- */

static void gp_cpu_info(char *model, size_t mlen, char *flags, size_t flen)
{
    snprintf(model, mlen, "unknown");
    flags[0] = '\0';
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[8192];
    int got_model = 0, got_flags = 0;
    while (fgets(line, sizeof line, f) && (!got_model || !got_flags)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        char *val = colon + 1;
        while (*val == ' ')
            val++;
        val[strcspn(val, "\n")] = '\0';
        if (!got_model && strncmp(line, "model name", 10) == 0) {
            snprintf(model, mlen, "%s", val);
            got_model = 1;
        } else if (!got_flags && strncmp(line, "flags", 5) == 0) {
            static const char *const want[] = {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw",
                                               "avx512vl", "avx512_bf16", "avx512_vnni"};
            size_t used = 0;
            for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
                char pat[32];
                snprintf(pat, sizeof pat, " %s ", want[w]);
                char padded[8200];
                snprintf(padded, sizeof padded, " %s ", val);
                if (strstr(padded, pat) && used + strlen(want[w]) + 2 < flen)
                    used += (size_t)snprintf(flags + used, flen - used, "%s%s", used ? " " : "", want[w]);
            }
            got_flags = 1;
        }
    }
    fclose(f);
}

/* CPU seconds all processes spent busy (from /proc/stat), and this process's
 * own (all its threads): the difference over the run is the interference. */
static double gp_busy_all(void)
{
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    int k = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                   &v[7]);
    fclose(f);
    if (k != 8)
        return -1;
    long tck = sysconf(_SC_CLK_TCK);
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)(tck > 0 ? tck : 100);
}

static double gp_busy_self(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static double gp_loadavg(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* ---- the thread-split threshold ------------------------------------------------------------ */

typedef struct {
    gp_kernel_f32 k32;
    gp_kernel_f64 k64;
    gp_params p;
    size_t n;
    int threads;
    const char *x, *da;
    char *out;
} gp_kern_ctx;

static void gp_kern_part(void *v, int t)
{
    const gp_kern_ctx *c = v;
    size_t size = c->k64 ? sizeof(double) : sizeof(float);
    int nt = c->threads;
    size_t chunk = nt > 1 ? gp_pool_chunk(c->n, nt, size) : c->n;
    size_t lo = (size_t)t * chunk;
    if (lo < c->n) {
        size_t len = c->n - lo < chunk ? c->n - lo : chunk;
        const char *da = c->da ? c->da + lo * size : NULL;
        if (c->k64)
            c->k64(&c->p, len, (const double *)(const void *)(c->x + lo * size), (const double *)(const void *)da,
                   (double *)(void *)(c->out + lo * size));
        else
            c->k32(&c->p, len, (const float *)(const void *)(c->x + lo * size), (const float *)(const void *)da,
                   (float *)(void *)(c->out + lo * size));
    }
}
/* the split of src/api.c, on its thread pool (src/pool.c) */
static void gp_kern_run(void *v)
{
    const gp_kern_ctx *c = v;
    if (c->threads > 1)
        gp_pool_run(c->threads, gp_kern_part, v);
    else
        gp_kern_part(v, 0);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void gp_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* ---- buffers ---- */

static void *gp_alloc(size_t bytes)
{
    size_t b = (bytes + 63) / 64 * 64;
    void *p = aligned_alloc(64, b ? b : 64);
    if (p)
        memset(p, 0, b ? b : 64);
    return p;
}

/* ---- one run ----------------------------------------------------------------------------------- */

typedef struct {
    gp_opts o;
    const char *prog, *sel;        /* program name, the gprime path the ratios are about */
    const char *isas[GP_ISA_COUNT]; /* gprime paths timed; isas[0] == sel */
    int nisas, maxthr;
    const char *peer_status[16], *peer_note[16];
    void *z, *da, *a, *out; /* nmax doubles each */
    long double *ref;       /* GP_CHECK_N */
    size_t nmax;
    double t_start, load0, load1;
    double busy_all0, busy_self0, others; /* others: CPUs used by other processes, on average */
    char model[256], flags[256];
    int misses;
    double split_us[3]; /* pool, OpenMP region (NAN without OpenMP), pool after sleeping; 0: not measured */
} gp_run;

static double gp_elapsed(const gp_run *R) { return (gp_now_ns() - R->t_start) * 1e-9; }

/* Options, gprime paths, peers, buffers.  0: go on; else the exit status. */
static int gp_setup(gp_run *R, int argc, char **argv)
{
    int pr = gp_parse_opts(argc, argv, &R->o);
    if (pr)
        return pr == 1 ? 0 : 2;
    gp_opts *o = &R->o;
    R->prog = argc > 0 && argv[0] ? argv[0] : "gprime-bench";
    if (strcmp(R->prog, "bench") == 0)
        R->prog = "gprime bench";

    gp_set_isa(NULL);
    R->sel = o->isa ? o->isa : gp_isa_name();
    if (!gp_isa_available(R->sel)) {
        fprintf(stderr, "%s: ISA '%s' is not available on this CPU/build\n", R->prog, R->sel);
        return 2;
    }
    for (int i = 0; i < GP_ISA_COUNT; i++)
        if (strcasecmp(gp_isa_list[i], R->sel) == 0)
            R->sel = gp_isa_list[i];
    R->isas[R->nisas++] = R->sel;
    if (o->all_isas)
        for (int i = GP_ISA_COUNT - 1; i >= 0; i--)
            if (gp_isa_available(gp_isa_list[i]) && strcmp(gp_isa_list[i], R->sel) != 0)
                R->isas[R->nisas++] = gp_isa_list[i];

#ifndef _OPENMP
    int k = 0;
    for (int i = 0; i < o->nthreads; i++)
        if (o->threads[i] == 1)
            o->threads[k++] = 1;
    if (k < o->nthreads)
        fprintf(stderr, "%s: built without OpenMP: thread counts above 1 are skipped\n", R->prog);
    o->nthreads = 1;
    o->threads[0] = 1;
    o->thresholds = 0;
#endif
    R->maxthr = 1;
    for (int i = 0; i < o->nthreads; i++)
        if (o->threads[i] > R->maxthr)
            R->maxthr = o->threads[i];

    for (int i = 0; i < gp_bench_peer_count && i < 16; i++) {
        const gp_bench_peer *p = gp_bench_peers[i];
        R->peer_status[i] = "ok";
        R->peer_note[i] = p->what;
        if (!p->built) {
            R->peer_status[i] = "skipped";
        } else if (p->init) {
            const char *why = p->init();
            if (why)
                R->peer_status[i] = "skipped", R->peer_note[i] = why;
        }
    }

    for (int i = 0; i < o->nn; i++)
        if (o->n[i] > R->nmax)
            R->nmax = o->n[i];
    if (o->thresholds && R->nmax < GP_THR_MAX)
        R->nmax = GP_THR_MAX;
    R->z = gp_alloc(R->nmax * sizeof(double));
    R->da = gp_alloc(R->nmax * sizeof(double));
    R->a = gp_alloc(R->nmax * sizeof(double));
    R->out = gp_alloc(R->nmax * sizeof(double));
    R->ref = malloc(GP_CHECK_N * sizeof *R->ref);
    if (!R->z || !R->da || !R->a || !R->out || !R->ref) {
        fprintf(stderr, "%s: out of memory for n = %zu\n", R->prog, R->nmax);
        return 1;
    }
    gp_cpu_info(R->model, sizeof R->model, R->flags, sizeof R->flags);
    R->load0 = gp_loadavg();
    return -1;
}

static void gp_print_preamble(const gp_run *R)
{
    printf("# gprime %s benchmark: path %s%s; CPU %s; online CPUs %d\n", gp_version(), R->sel,
           R->o.all_isas ? " (+ all ISAs)" : "", R->model,
#ifdef _OPENMP
           omp_get_num_procs()
#else
           1
#endif
    );
    printf("# CPU flags: %s; load average at start %.2f\n", R->flags, R->load0);
    for (int i = 0; i < gp_bench_peer_count; i++) {
        const gp_bench_peer *p = gp_bench_peers[i];
        if (strcmp(R->peer_status[i], "ok") == 0)
            printf("# peer %-9s : %s\n", p->name, R->peer_note[i]);
        else
            printf("# peer %-9s : SKIPPED - %s%s%s\n", p->name, R->peer_note[i], p->package ? "; install " : "",
                   p->package ? p->package : "");
    }
    printf("# med/min: median and min ns per element over the samples; GB/s: bytes read + written once,\n"
           "# at the median; %%probe: GB/s over the bandwidth probe's for the same type, n, threads and\n"
           "# arrays; dev: max error in ulp of the type vs a long-double reference over the first %d\n"
           "# elements (NaN/inf counted); ratio: on gprime rows, gprime median / fastest peer median\n"
           "# (<= 1.00: gprime wins); on peer rows, the selected gprime path's median / this peer's.\n",
           GP_CHECK_N);
    gp_print_header();
    fflush(stdout);
}

/* GB/s of one probe loop over `arrays` arrays, 0 when it could not run. */
static double gp_probe_gbps(const gp_bench_case *pc, gp_bench_loop loop, int arrays, const gp_opts *o)
{
    gp_bench_runner r;
    if (gp_bench_loop_runner(pc, loop, &r) != GP_PEER_OK)
        return 0;
    if (pc->threads > 1)
        gp_settle();
    double gbps = (double)arrays * (pc->f64 ? sizeof(double) : sizeof(float)) / gp_time(&r, pc->n, o).med;
    r.release(r.ctx);
    return gbps;
}

/* The bandwidth probe for one type at every n and thread count. */
static void gp_measure_probe(gp_run *R, int f64)
{
    const gp_opts *o = &R->o;
    gp_act none = gp_act_default(GP_RELU);
    for (int ni = 0; ni < o->nn; ni++)
        for (int hi = 0; hi < o->nthreads; hi++) {
            gp_bench_case pc = {GP_RELU, GP_OP_FORWARD, f64, o->n[ni], o->threads[hi], &none, R->z, R->da, R->out};
            gp_probe_row *p = &gp_probes[gp_nprobes++];
            p->f64 = f64, p->n = o->n[ni], p->threads = o->threads[hi];
            p->copy_gbps = gp_probe_gbps(&pc, f64 ? gp_probe_copy_f64 : gp_probe_copy_f32, 2, o);
            p->add_gbps = gp_probe_gbps(&pc, f64 ? gp_probe_add_f64 : gp_probe_add_f32, 3, o);
            fprintf(stderr, "[bench] probe %s n=%zu thr=%d: copy %.1f GB/s, 2-read-1-write %.1f GB/s\n",
                    f64 ? "f64" : "f32", p->n, p->threads, p->copy_gbps, p->add_gbps);
        }
}

typedef struct {
    gp_bench_runner r;
    const char *name;
    int ci; /* < R->nisas: a gprime path, else peer ci - R->nisas */
    long reps;
    int samples;
    double v[1000];
} gp_contestant;

/* Prepares contestant ci for case c; 0 when it has no row (unsupported, absent, failed). */
static int gp_prepare(const gp_run *R, const gp_bench_case *c, int ci, gp_contestant *k)
{
    int st;
    k->ci = ci;
    if (ci < R->nisas) {
        k->name = R->isas[ci];
        st = gp_gprime_prepare(c, k->name, &k->r);
    } else {
        int pi = ci - R->nisas;
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

/* The row of contestant k timed t; c->out must hold its output (for the dev column).  0, or 1 when out of memory. */
static int gp_contestant_row(const gp_run *R, const gp_bench_case *c, const gp_contestant *k, gp_timing t,
                             double probe, size_t m)
{
    size_t size = c->f64 ? sizeof(double) : sizeof(float);
    gp_row *row = gp_new_row();
    if (!row)
        return 1;
    row->kind = c->kind, row->op = c->op, row->f64 = c->f64, row->n = c->n, row->threads = c->threads;
    if (k->ci < R->nisas)
        snprintf(row->impl, sizeof row->impl, "gprime-%s", k->name), row->gprime = k->ci ? 1 : 2;
    else
        snprintf(row->impl, sizeof row->impl, "%s", k->name);
    row->med = t.med, row->min = t.min;
    row->gbps = (double)((size_t)gp_arrays(c->op) * size) / t.med;
    row->pct = probe > 0 ? 100.0 * row->gbps / probe : 0;
    row->dev = gp_check(c, R->ref, m);
    return 0;
}

/* Times every contestant on case c (R->ref holds the reference of the first
 * m elements), then prints the rows with their ratios.  On one thread the
 * contestants' samples are interleaved (sample 1 of each, then sample 2, ...),
 * so that all of them see the same memory-bandwidth weather of this VM; on
 * more threads each contestant is timed in turn after gp_settle, so that no
 * other runtime's workers are spinning.  0, or 1 when out of memory. */
static int gp_measure_case(gp_run *R, const gp_bench_case *c, size_t m)
{
    size_t size = c->f64 ? sizeof(double) : sizeof(float);
    const gp_probe_row *pb = gp_find_probe(c->f64, c->n, c->threads);
    double probe = pb ? (gp_arrays(c->op) == 3 ? pb->add_gbps : pb->copy_gbps) : 0;
    size_t first = gp_nrows;
    static gp_contestant ks[16];
    int nk = 0, oom = 0;
    for (int ci = 0; ci < R->nisas + gp_bench_peer_count && nk < 16; ci++) {
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
        oom = oom || gp_contestant_row(R, c, k, t, probe, m);
        if (k->r.release)
            k->r.release(k->r.ctx);
    }
    /* gprime paths share the library's one ISA setting: each is selected
     * before its own calls, outside the timed loop */
#define GP_ENTER(k) ((k)->ci < R->nisas ? (void)gp_set_isa((k)->name) : (void)0)
    int smax = 0;
    for (int i = 0; i < nk; i++) {
        GP_ENTER(&ks[i]);
        gp_calibrate(&ks[i].r, &R->o, &ks[i].reps, &ks[i].samples);
        smax = ks[i].samples > smax ? ks[i].samples : smax;
    }
    for (int s = 0; s < smax; s++)
        for (int i = 0; i < nk; i++)
            if (s < ks[i].samples) {
                GP_ENTER(&ks[i]);
                ks[i].v[s] = gp_sample(&ks[i].r, ks[i].reps, c->n);
            }
    for (int i = 0; i < nk; i++) {
        gp_timing t = gp_summary(ks[i].v, ks[i].samples, ks[i].reps);
        memset(c->out, 0, c->n * size);
        GP_ENTER(&ks[i]);
        ks[i].r.run(ks[i].r.ctx); /* its output, for the dev column */
        oom = oom || gp_contestant_row(R, c, &ks[i], t, probe, m);
        if (ks[i].r.release)
            ks[i].r.release(ks[i].r.ctx);
    }
#undef GP_ENTER
    if (oom)
        return 1;
    const gp_row *best = NULL, *mine = NULL;
    for (size_t i = first; i < gp_nrows; i++) {
        if (!gp_rows[i].gprime && (!best || gp_rows[i].med < best->med))
            best = &gp_rows[i];
        if (gp_rows[i].gprime == 2)
            mine = &gp_rows[i];
    }
    for (size_t i = first; i < gp_nrows; i++) {
        gp_row *rw = &gp_rows[i];
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

/* Every activation, op, n and thread count of one type. */
static int gp_measure_type(gp_run *R, int f64)
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
        long double alpha = f64 ? (long double)act.alpha : (long double)(float)act.alpha;
        for (int oi = 0; oi < o->nops; oi++) {
            gp_op op = (gp_op)o->ops[oi];
            int from_a = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
            int bwd = op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT;
            const void *x = from_a ? R->a : R->z;
            fprintf(stderr, "[bench] %.0fs %s %s %s\n", gp_elapsed(R), gp_kind_name(kind), gp_op_name(op),
                    f64 ? "f64" : "f32");
            for (int ni = 0; ni < o->nn; ni++) {
                size_t n = o->n[ni], m = n < GP_CHECK_N ? n : GP_CHECK_N;
                for (size_t i = 0; i < m; i++) {
                    long double xv = f64 ? ((const double *)x)[i] : ((const float *)x)[i];
                    long double dv = f64 ? ((const double *)R->da)[i] : ((const float *)R->da)[i];
                    R->ref[i] = gp_ref(kind, op, alpha, xv, dv);
                }
                for (int hi = 0; hi < o->nthreads; hi++) {
                    gp_bench_case c = {kind, op, f64, n, o->threads[hi], &act, x, bwd ? R->da : NULL, R->out};
                    if (gp_measure_case(R, &c, m)) {
                        fprintf(stderr, "%s: out of memory\n", R->prog);
                        return 1;
                    }
                }
            }
        }
    }
    gp_set_isa(NULL);
    gp_set_num_threads(0);
    return 0;
}

static void gp_print_probe(void)
{
    printf("\n# bandwidth probe (plain loops, ordinary stores): GB/s counting bytes read + written once\n");
    printf("%-4s %-9s %3s %12s %18s\n", "type", "n", "thr", "copy GB/s", "2-read-1-write");
    for (int i = 0; i < gp_nprobes; i++) {
        char nb[16];
        gp_fmt_n(gp_probes[i].n, nb, sizeof nb);
        printf("%-4s %-9s %3d %12.1f %18.1f\n", gp_probes[i].f64 ? "f64" : "f32", nb, gp_probes[i].threads,
               gp_probes[i].copy_gbps, gp_probes[i].add_gbps);
    }
}

/* For each kernel of the selected path: 1 vs maxthr threads at n = 2^10..2^22. */
/* The cost of the split itself: an empty call on maxthr threads, through
 * gprime's pool and through an OpenMP parallel region (what the loop peers
 * use), and the pool's call after its workers have gone to sleep. */
static void gp_nop_part(void *ctx, int part) { (void)ctx, (void)part; }
static void gp_pool_nop(void *v) { gp_pool_run(*(const int *)v, gp_nop_part, NULL); }
static void gp_omp_nop(void *v)
{
    int nt = *(const int *)v;
    (void)nt;
#ifdef _OPENMP
#pragma omp parallel num_threads(nt)
#endif
    __asm__ __volatile__("" ::: "memory");
}
static void gp_measure_split_cost(gp_run *R)
{
    int nt = R->maxthr;
    gp_opts to = R->o;
    to.samples = 9;
    gp_bench_runner pool = {gp_pool_nop, NULL, &nt}, omp = {gp_omp_nop, NULL, &nt};
    gp_settle();
    double tp = gp_time(&pool, 1, &to).med;
    gp_settle();
    double to_ = gp_time(&omp, 1, &to).med;
    double slept[9];
    for (int i = 0; i < 9; i++) {
        struct timespec ts = {0, 20 * 1000 * 1000}; /* past the workers' 5 ms spin */
        nanosleep(&ts, NULL);
        double t0 = gp_now_ns();
        gp_pool_nop(&nt);
        slept[i] = gp_now_ns() - t0;
    }
    double ts_ = gp_summary(slept, 9, 1).med;
#ifndef _OPENMP
    to_ = NAN; /* the benchmark was built without OpenMP: nothing to compare */
#endif
    R->split_us[0] = tp * 1e-3, R->split_us[1] = to_ * 1e-3, R->split_us[2] = ts_ * 1e-3;
    printf("# split cost, an empty call on %d threads (median): gprime's pool %.2f us, an OpenMP parallel region\n"
           "# %.2f us; the pool's call after its workers went to sleep %.2f us\n",
           nt, R->split_us[0], R->split_us[1], R->split_us[2]);
}

static int gp_measure_thresholds(gp_run *R)
{
    const gp_opts *o = &R->o;
    gp_set_isa(R->sel);
    const gp_kernel_table *tab = gp_active_table();
    if (!tab)
        return 0;
    printf("\n# thread split (path %s): smallest n (powers of 2, 2^10..2^22) from which %d threads beat 1\n"
           "# at every larger n measured; kernels called directly, split as src/api.c does\n",
           R->sel, R->maxthr);
    gp_measure_split_cost(R);
    printf("%-10s %-20s %-4s %10s   %s\n", "act", "op", "type", "threshold",
           "t1/t2 at 2^12 2^14 2^16 2^18 2^20 2^22");
    gp_opts to = *o;
    to.samples = o->samples ? o->samples : 9;
    for (int ti = 0; ti < o->ntypes; ti++) {
        int f64 = o->types[ti];
        gp_fill_inputs(f64, GP_THR_MAX, R->z, R->da);
        for (int ki = 0; ki < o->nkinds; ki++) {
            gp_kind kind = (gp_kind)o->kinds[ki];
            gp_act act = gp_act_default(kind);
            gp_set_num_threads(1);
            if ((f64 ? gp_forward_f64(&act, GP_THR_MAX, R->z, R->a) : gp_forward_f32(&act, GP_THR_MAX, R->z, R->a)) !=
                GP_OK)
                return 1;
            for (int oi = 0; oi < o->nops; oi++) {
                int op = o->ops[oi];
                int from_a = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
                int bwd = op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT;
                fprintf(stderr, "[bench] %.0fs threshold %s %s %s\n", gp_elapsed(R), gp_kind_name(kind),
                        gp_op_name((gp_op)op), f64 ? "f64" : "f32");
                gp_thr_row *tr = &gp_thr[gp_nthr++];
                memset(tr, 0, sizeof *tr);
                tr->kind = kind, tr->op = op, tr->f64 = f64;
                gp_kern_ctx kc;
                memset(&kc, 0, sizeof kc);
                if (f64)
                    kc.k64 = tab->act[kind]->f64[op];
                else
                    kc.k32 = tab->act[kind]->f32[op];
                gp_params_from_act(&act, &kc.p);
                kc.x = from_a ? R->a : R->z;
                kc.da = bwd ? R->da : NULL;
                kc.out = R->out;
                gp_bench_runner r = {gp_kern_run, NULL, &kc};
                gp_settle();
                for (int e = 10; (size_t)1 << e <= GP_THR_MAX; e++) {
                    kc.n = (size_t)1 << e;
                    kc.threads = 1;
                    gp_timing t1 = gp_time(&r, kc.n, &to);
                    kc.threads = R->maxthr;
                    gp_timing t2 = gp_time(&r, kc.n, &to);
                    tr->sizes[tr->nsizes] = kc.n;
                    tr->t1[tr->nsizes] = t1.med;
                    tr->t2[tr->nsizes] = t2.med;
                    tr->nsizes++;
                }
                for (int i = tr->nsizes - 1; i >= 0 && tr->t2[i] < tr->t1[i]; i--)
                    tr->n_min = tr->sizes[i];
                char nb[24] = "never";
                if (tr->n_min)
                    snprintf(nb, sizeof nb, "2^%d", (int)log2((double)tr->n_min));
                printf("%-10s %-20s %-4s %10s  ", gp_kind_name(kind), gp_op_name((gp_op)op), f64 ? "f64" : "f32", nb);
                for (int i = 2; i < tr->nsizes; i += 2)
                    printf(" %4.2f", tr->t1[i] / tr->t2[i]);
                printf("\n");
                fflush(stdout);
            }
        }
    }
    gp_set_isa(NULL);
    gp_set_num_threads(0);
    return 0;
}

/* The targets, checked on the selected gprime path's rows. */
static void gp_report_misses(gp_run *R)
{
    printf("\n# rows that miss the targets (gprime path %s): ratio <= 1.00 to the fastest peer;\n"
           "# >= 85%% of the probe at n >= 16M",
           R->sel);
    if (R->maxthr > 1)
        printf("; %d threads at n >= 262144 faster than 1 thread and than onednn", R->maxthr);
    printf("\n");
    for (size_t i = 0; i < gp_nrows; i++) {
        const gp_row *r = &gp_rows[i];
        if (r->gprime != 2)
            continue;
        char nb[16];
        gp_fmt_n(r->n, nb, sizeof nb);
        const char *act = gp_kind_name((gp_kind)r->kind), *op = gp_op_name((gp_op)r->op),
                   *ty = r->f64 ? "f64" : "f32";
        if (r->ratio > 1.0) {
            printf("MISS speed  %-10s %-20s %s n=%-6s thr=%d: %.3f ns/e vs %s %.3f (ratio %.2f)\n", act, op, ty, nb,
                   r->threads, r->med, r->best, r->med / r->ratio, r->ratio);
            R->misses++;
        }
        if (r->n >= GP_DRAM_N && r->pct > 0 && r->pct < 85.0) {
            printf("MISS bw     %-10s %-20s %s n=%-6s thr=%d: %.1f GB/s = %.0f%% of the probe\n", act, op, ty, nb,
                   r->threads, r->gbps, r->pct);
            R->misses++;
        }
        if (r->threads <= 1 || r->n < 262144)
            continue;
        for (size_t j = 0; j < gp_nrows; j++) {
            const gp_row *q = &gp_rows[j];
            if (q->kind != r->kind || q->op != r->op || q->f64 != r->f64 || q->n != r->n)
                continue;
            if (q->gprime == 2 && q->threads == 1 && r->med >= q->med) {
                printf("MISS thr    %-10s %-20s %s n=%-6s: %d threads %.3f ns/e >= 1 thread %.3f\n", act, op, ty, nb,
                       r->threads, r->med, q->med);
                R->misses++;
            }
            if (!q->gprime && q->threads == r->threads && strcmp(q->impl, "onednn") == 0 && r->med > q->med) {
                printf("MISS thr    %-10s %-20s %s n=%-6s: %d threads %.3f ns/e > onednn %.3f\n", act, op, ty, nb,
                       r->threads, r->med, q->med);
                R->misses++;
            }
        }
    }
    R->load1 = gp_loadavg();
    double all = gp_busy_all(), self = gp_busy_self();
    R->others = -1;
    if (all >= 0 && R->busy_all0 >= 0 && self >= 0)
        R->others = ((all - R->busy_all0) - (self - R->busy_self0)) / gp_elapsed(R);
    printf("# %d misses; %zu rows; run took %.0f s; load average at start %.2f, at end %.2f;\n"
           "# other processes used %.2f CPUs on average during the run (noise: 0 on a quiet machine)\n",
           R->misses, gp_nrows, gp_elapsed(R), R->load0, R->load1, R->others < 0 ? 0.0 : R->others);
}

/* Opens path for a whole-file write (tools/common/outfile.h), or says why not. */
static FILE *gp_out_begin(const gp_run *R, gp_outfile *o, const char *path)
{
    if (gp_outfile_open(o, path) == 0)
        return o->f;
    fprintf(stderr, "%s: cannot write %s: %s\n", R->prog, path, strerror(errno));
    return NULL;
}

/* 0 once the file is in place; else it was never created */
static int gp_out_end(const gp_run *R, gp_outfile *o, const char *path)
{
    if (gp_outfile_commit(o) != 0) {
        fprintf(stderr, "%s: error writing %s: %s\n", R->prog, path, strerror(errno));
        return 1;
    }
    fprintf(stderr, "[bench] wrote %s\n", path);
    return 0;
}

static int gp_write_json(const gp_run *R, const char *path)
{
    gp_outfile o;
    FILE *f = gp_out_begin(R, &o, path);
    if (!f)
        return 1;
    fprintf(f, "{\n  \"gprime_version\": ");
    gp_json_str(f, gp_version());
    fprintf(f, ",\n  \"isa\": ");
    gp_json_str(f, R->sel);
    fprintf(f, ",\n  \"cpu\": ");
    gp_json_str(f, R->model);
    fprintf(f, ",\n  \"cpu_flags\": ");
    gp_json_str(f, R->flags);
    fprintf(f,
            ",\n  \"load_start\": %.2f,\n  \"load_end\": %.2f,\n  \"other_cpus\": %.3f,\n  \"quick\": %s,\n"
            "  \"peers\": [",
            R->load0, R->load1, R->others, R->o.quick ? "true" : "false");
    for (int i = 0; i < gp_bench_peer_count; i++) {
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        gp_json_str(f, gp_bench_peers[i]->name);
        fprintf(f, ", \"status\": ");
        gp_json_str(f, R->peer_status[i]);
        fprintf(f, ", \"note\": ");
        gp_json_str(f, R->peer_note[i]);
        fprintf(f, "}");
    }
    fprintf(f, "\n  ],\n  \"probe\": [");
    for (int i = 0; i < gp_nprobes; i++)
        fprintf(f,
                "%s\n    {\"type\": \"%s\", \"n\": %zu, \"threads\": %d, \"copy_gbps\": %.3f, "
                "\"read2_write1_gbps\": %.3f}",
                i ? "," : "", gp_probes[i].f64 ? "f64" : "f32", gp_probes[i].n, gp_probes[i].threads,
                gp_probes[i].copy_gbps, gp_probes[i].add_gbps);
    fprintf(f, "\n  ],\n  \"rows\": [");
    for (size_t i = 0; i < gp_nrows; i++) {
        const gp_row *r = &gp_rows[i];
        fprintf(f,
                "%s\n    {\"act\": \"%s\", \"op\": \"%s\", \"type\": \"%s\", \"n\": %zu, \"threads\": %d, "
                "\"impl\": \"%s\", \"gprime\": %s, \"median_ns\": %.5f, \"min_ns\": %.5f, \"gbps\": %.3f, "
                "\"pct_probe\": %.1f, \"max_ulp\": %.4g, \"nonfinite\": %ld, \"ratio\": %.4f, "
                "\"fastest_peer\": \"%s\"}",
                i ? "," : "", gp_kind_name((gp_kind)r->kind), gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", r->n,
                r->threads, r->impl, r->gprime ? "true" : "false", r->med, r->min, r->gbps, r->pct, r->dev.max_ulp,
                r->dev.bad, r->ratio, r->gprime ? r->best : "");
    }
    fprintf(f, "\n  ],\n  \"thread_threshold\": [");
    for (int i = 0; i < gp_nthr; i++) {
        const gp_thr_row *t = &gp_thr[i];
        fprintf(f, "%s\n    {\"act\": \"%s\", \"op\": \"%s\", \"type\": \"%s\", \"threads\": %d, \"n_min\": %zu",
                i ? "," : "", gp_kind_name((gp_kind)t->kind), gp_op_name((gp_op)t->op), t->f64 ? "f64" : "f32",
                R->maxthr, t->n_min);
        const char *keys[3] = {"sizes", "t1_ns", "t2_ns"};
        for (int k = 0; k < 3; k++) {
            fprintf(f, ", \"%s\": [", keys[k]);
            for (int j = 0; j < t->nsizes; j++) {
                if (k == 0)
                    fprintf(f, "%s%zu", j ? ", " : "", t->sizes[j]);
                else
                    fprintf(f, "%s%.5f", j ? ", " : "", k == 1 ? t->t1[j] : t->t2[j]);
            }
            fprintf(f, "]");
        }
        fprintf(f, "}");
    }
    fprintf(f, "\n  ],\n  \"split_cost_us\": ");
    if (R->split_us[0] > 0) {
        char omp[32] = "null";
        if (!isnan(R->split_us[1]))
            snprintf(omp, sizeof omp, "%.3f", R->split_us[1]);
        fprintf(f, "{\"pool\": %.3f, \"openmp\": %s, \"pool_after_sleep\": %.3f}", R->split_us[0], omp,
                R->split_us[2]);
    } else
        fprintf(f, "null");
    fprintf(f, ",\n  \"misses\": %d\n}\n", R->misses);
    return gp_out_end(R, &o, path);
}

/* gprime's rows as a Markdown table: the README's copy of the latest run */
static int gp_write_markdown(const gp_run *R, const char *path)
{
    gp_outfile o;
    FILE *f = gp_out_begin(R, &o, path);
    if (!f)
        return 1;
    fprintf(f,
            "gprime %s, path %s, on %s (%ld online CPUs); load average %.2f at the start, %.2f at the end; "
            "%d target misses over %zu rows (peers' rows included).  Median ns per element; ratio = gprime / "
            "the fastest peer (<= 1.00: gprime wins; misses in bold); %%probe = GB/s over the bandwidth "
            "probe's (n = 16M); gprime ulp = its max error over the first 16384 results.\n\n",
            gp_version(), R->sel, R->model, sysconf(_SC_NPROCESSORS_ONLN), R->load0, R->load1, R->misses, gp_nrows);
    fprintf(f, "| act | op | type | n | thr | gprime | fastest peer | its ns/e | ratio | %%probe | gprime ulp |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < gp_nrows; i++) {
        const gp_row *r = &gp_rows[i];
        if (r->gprime != 2)
            continue;
        char nb[16], peer[32] = "-", ratio[16] = "-", pct[16] = "";
        gp_fmt_n(r->n, nb, sizeof nb);
        if (r->ratio > 0) {
            snprintf(peer, sizeof peer, "%.3f", r->med / r->ratio);
            snprintf(ratio, sizeof ratio, r->ratio > 1.0 ? "**%.2f**" : "%.2f", r->ratio);
        }
        if (r->n >= GP_DRAM_N && r->pct > 0)
            snprintf(pct, sizeof pct, "%.0f%%", r->pct);
        fprintf(f, "| %s | %s | %s | %s | %d | %.3f | %s | %s | %s | %s | %.2f |\n", gp_kind_name((gp_kind)r->kind),
                gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", nb, r->threads, r->med, r->ratio > 0 ? r->best : "-",
                peer, ratio, pct, r->dev.max_ulp);
    }
    return gp_out_end(R, &o, path);
}

int gp_bench_main(int argc, char **argv)
{
    gp_run R;
    memset(&R, 0, sizeof R);
    int rc = gp_setup(&R, argc, argv);
    if (rc < 0) {
        rc = 0;
        R.t_start = gp_now_ns();
        R.busy_all0 = gp_busy_all();
        R.busy_self0 = gp_busy_self();
        gp_print_preamble(&R);
        for (int ti = 0; ti < R.o.ntypes && !rc; ti++)
            rc = gp_measure_type(&R, R.o.types[ti]);
        if (!rc) {
            gp_print_probe();
            if (R.o.thresholds && R.maxthr > 1)
                rc = gp_measure_thresholds(&R);
        }
        if (!rc) {
            gp_report_misses(&R);
            if (gp_nrows == 0) {
                fprintf(stderr, "%s: no row was measured\n", R.prog);
                rc = 1;
            }
            if (R.o.json && gp_write_json(&R, R.o.json))
                rc = 1;
            if (R.o.markdown && gp_write_markdown(&R, R.o.markdown))
                rc = 1;
        }
    }
    free(R.z), free(R.da), free(R.a), free(R.out), free(R.ref), free(gp_rows);
    gp_rows = NULL, gp_nrows = gp_caprows = 0, gp_nprobes = 0, gp_nthr = 0;
    return rc;
}
