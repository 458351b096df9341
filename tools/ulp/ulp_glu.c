/* gprime-ulp --glu: the gated forms (issue #15) through the public API,
 * gp_glu_forward and gp_glu_backward, every output against its bound:
 *
 *   out = g(x) y     0.5 ulp + |y| B ulp(g)          B: forward bound
 *   dy  = dout g(x)  0.5 ulp + |dout| B ulp(g)
 *   dx  = dout y g'  0.5 ulp + |dout y| B' ulp(g')   B': grad bound
 *                    (+ 2^-29 ulp in f32: dout*y*g' rounded to double, then
 *                    float; + 2^-50 |dx| in f64: the FMA's low product)
 *
 * the bound of gprime.h (0.5 ulp of the output plus the bound of its
 * activation factor, scaled by the ratio of ulps; ulps are the format's,
 * subnormal spacing below the normal range).
 *
 *   f32  every bit pattern of x (--mode full) or every --stride-th, y and
 *        dout from a hash of x (sign random, binary exponent in [-8, 8], as
 *        the sweep's da).  Screened like the sweep: the activation's double
 *        screens (relative error <= 2^-49, measured by validate_refs) times
 *        the factor in long double; a result within the margin of 0.5 ulp,
 *        or not certainly within its bound, is measured again against MPFR,
 *        so the not-CR counts are exact; each largest error is measured
 *        against MPFR at the end.
 *   f64  --f64-n inputs as the sweep draws them (specials first), against
 *        MPFR for every result.
 *
 * The widest ISA is measured; every other one runs on every input too and
 * its outputs are compared with the first bit for bit (a hash per block of
 * 4096 inputs; "isa!=" counts the blocks that differ), on every block, or on
 * every N-th with GP_ULP_GLU_ISA_STRIDE=N (the report says which);
 * GP_ULP_DEBUG=1 prints every result over its bound.  The library runs on
 * one thread per call (gp_set_num_threads(1)), the blocks on --threads. */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "outfile.h"
#include "ulp.h"

#define GB 4096 /* inputs per block */
enum { O_OUT, O_DY, O_DX, O_COUNT };
static const char *const o_name[O_COUNT] = {"glu_forward out", "glu_backward dy", "glu_backward dx"};

typedef struct {
    uint64_t n, not_cr, over, mpfr;
    double max_err, max_ratio, worst_x;
    double worst_f1, worst_f2, worst_got; /* the factors and result of max_err */
} g_stats;

typedef struct {
    int prec, kind, first; /* first: the measured ISA's pass */
    uint64_t nblocks, total;
    uint64_t *hash; /* per block: this ISA's outputs (first pass: the reference) */
    uint64_t *diff; /* blocks whose hash differs from the first pass's */
    g_stats st[2 * O_COUNT]; /* against MPFR; f64: then against the rounded factors (compose_block) */
    uint64_t mpfr_stride;     /* f64: MPFR on every mpfr_stride-th input */
    pthread_mutex_t lock;
} g_job;

static atomic_uint_fast64_t next_block;
static uint64_t isa_stride = 1; /* GP_ULP_GLU_ISA_STRIDE: the other ISAs on every N-th block only */

/* input i of the plan: x, y, dout */
static void inputs(const g_job *j, uint64_t i, double *x, double *y, double *d)
{
    int p = j->prec == 32 ? 24 : 53;
    uint64_t key = j->prec == 32 ? (opt.full ? i : i * opt.stride) : i;
    *x = j->prec == 32 ? (double)bits_f((uint32_t)key) : input64(key);
    *y = rand_da(key * 3 + 0x5bd1e995, p);
    *d = rand_da(key * 3 + 0x27d4eb2f, p);
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull + (h >> 29); }

/* ulp of a float at |a| (a double, finite): 2^(e-23), at least 2^-149 */
static double ulp24(double a)
{
    int e = (int)((d_bits(a) >> 52) & 0x7ff) - 1023 - 23;
    return bits_d((uint64_t)((e < -149 ? -149 : e) + 1023) << 52);
}

/* One result against the exact value fac * fn(x) (MPFR): its error in ulps
 * of the format and the ratio to its bound. */
typedef struct {
    mpfr_t f[2], prod; /* g and g' at x[k] (have[k]), and a product */
    double x[2];
    int have[2];
} g_ref;

static void ref_init(g_ref *r)
{
    mpfr_inits2(ULP_MPFR_PREC, r->f[0], r->f[1], r->prod, (mpfr_ptr)0);
    r->have[0] = r->have[1] = 0;
}
static void ref_clear(g_ref *r) { mpfr_clears(r->f[0], r->f[1], r->prod, (mpfr_ptr)0); }

static void measure_mpfr(const g_job *j, int o, double x, double f1, double f2, double got, g_ref *r, g_stats *s)
{
    double fac = f1 * f2; /* its magnitude, for the bound; the reference takes both exactly */
    int p = j->prec == 32 ? 24 : 53, f32 = j->prec == 32, k = o == O_DX;
    if (!r->have[k] || d_bits(r->x[k]) != d_bits(x)) { /* out and dy share g(x) */
        gp_ref_fn_mpfr(ref_act(j->kind, j->prec), k ? GP_REF_DG : GP_REF_G, r->f[k], x);
        r->x[k] = x, r->have[k] = 1;
    }
    mpfr_ptr m[2] = {r->f[k], r->prod};
    mpfr_mul_d(m[1], m[0], f1, MPFR_RNDN); /* g times 53 + 53 bits, rounded at 200 bits */
    mpfr_mul_d(m[1], m[1], f2, MPFR_RNDN);
    s->mpfr++;
    double gr = gp_ref_round(m[0], f32);
    if (isinf(gr) && isfinite(fac)) {
        /* g or g' beyond the format's range: the rounded factor is +-inf,
         * and so is its IEEE product with fac */
        if (!(isinf(got) && !signbit(got) == !signbit(gr * fac)))
            s->over++, s->max_ratio = INFINITY, s->worst_x = x;
        return;
    }
    if (!mpfr_number_p(m[1]) || isnan(got) || isinf(got)) {
        /* NaN must be NaN; an infinity must be the rounded value (ulp_err_ld
         * decides it from long double, whose range holds every product) */
        long double v = mpfr_nan_p(m[1]) ? NAN : mpfr_get_ld(m[1], MPFR_RNDN);
        if (ulp_err_ld(got, v, p) > 0.5) {
            s->over++, s->max_ratio = INFINITY, s->worst_x = x;
            if (getenv("GP_ULP_DEBUG"))
                fprintf(stderr, "%s %s x=%a fac=%a got=%a want=%La\n", kind_s(j->kind), o_name[o], x, fac, got, v);
        }
        return;
    }
    int cr;
    double want, err = ulp_err_mpfr(got, m[1], p, &cr, &want);
    long double v = mpfr_get_ld(m[1], MPFR_RNDN), gv = mpfr_get_ld(m[0], MPFR_RNDN);
    double b = bound_of(j->kind, o == O_DX ? GP_OP_GRAD : GP_OP_FORWARD, j->prec);
    if (o != O_DX && b < 0.5) /* an exact forward is its definition rounded once (leaky_relu's x*alpha) */
        b = 0.5;
    double extra = o != O_DX ? 0.0 : f32 ? 0x1p-29 : 0x1p-50 * (double)(fabsl(v) / ulp_of_ld(v, p));
    double allowed = (0.5 + extra + fabs(fac) * b * (double)(ulp_of_ld(gv, p) / ulp_of_ld(v, p))) * (1 + 0x1p-40);
    s->not_cr += !cr;
    if (err > s->max_err)
        s->max_err = err, s->worst_x = x, s->worst_f1 = f1, s->worst_f2 = f2, s->worst_got = got;
    double ratio = err / allowed;
    if (ratio > s->max_ratio)
        s->max_ratio = ratio;
    if (ratio > 1)
        s->over++, s->worst_x = x;
    if (ratio > 1 && getenv("GP_ULP_DEBUG"))
        fprintf(stderr, "%s %s x=%a fac=%a got=%a want=%a err=%g ratio=%g\n", kind_s(j->kind), o_name[o], x, fac, got,
                want, err, ratio);
}

/* The measured pass: screen (f32) or MPFR (f64) every output of block b.
 * f32: the screened value v has a relative error below 2^-48, so a result
 * with a screened error <= 0.5 - margin is correctly rounded, one >= 0.5 +
 * margin is not, and one within its bound with v 2^-47 to spare (the ulps
 * taken at the smallest values they may have) is within it: only the rest
 * goes to MPFR.  The ratio so screened is an upper bound; the largest error
 * is measured again against MPFR at the end (remeasure). */
static void check_glu_block(g_job *j, uint64_t lo, uint64_t n, const double *x, const double *y, const double *d,
                            double *const res[O_COUNT], g_ref *m, g_stats st[O_COUNT])
{
    for (uint64_t i = 0; i < n; i++) {
        double sc[GP_REF_FN_COUNT];
        if (j->prec == 32)
            screen32(j->kind, (float)x[i], sc);
        for (int o = 0; o < O_COUNT; o++) {
            double f1 = o == O_OUT ? y[i] : d[i], f2 = o == O_DX ? y[i] : 1.0;
            double fac = f1 * f2; /* f32: exact, 24 + 24 bits */
            g_stats *s = &st[o];
            s->n++;
            if (j->prec == 32) {
                double got = res[o][i], g = sc[o == O_DX ? GP_REF_DG : GP_REF_G];
                long double v = (long double)g * fac, dist = fabsl((long double)got - v);
                double av = fabs((double)v), ag = fabs(got), u = ulp24(av);
                /* u is ulp(v) unless v is within 2^-40 of a power of 2 (then MPFR) */
                if (isfinite(av) && isfinite(got) && u == ulp24(av * (1 - 0x1p-40))) {
                    double e = (double)(dist / u);
                    /* the bound with the ulps at the smallest values they may have */
                    double b = bound_of(j->kind, o == O_DX ? GP_OP_GRAD : GP_OP_FORWARD, 32);
                    if (o != O_DX && b < 0.5)
                        b = 0.5;
                    double allowed = (0.5 + (o == O_DX ? 0x1p-29 : 0)) * ulp24((av < ag ? av : ag) * (1 - 0x1p-40)) +
                                     fabs(fac) * b * ulp24(fabs(g) * (1 - 0x1p-40));
                    double ratio = (double)((dist + av * 0x1p-47) / allowed);
                    if (fabs(e - 0.5) >= MARGIN32 && ratio <= 1) {
                        s->not_cr += e > 0.5;
                        if (e > s->max_err)
                            s->max_err = e, s->worst_x = x[i], s->worst_f1 = f1, s->worst_f2 = f2, s->worst_got = got;
                        if (ratio > s->max_ratio)
                            s->max_ratio = ratio;
                        continue;
                    }
                }
            }
            if (j->prec == 32 || (lo + i) % j->mpfr_stride == 0)
                measure_mpfr(j, o, x[i], f1, f2, res[o][i], m, s);
            else
                s->n--; /* counted by the composition check only */
        }
    }
}

/* f64, every input: each output against the activation's own rounded
 * factor, ĝ = gp forward or ĝ' = gp grad (the sweep measures those on the
 * same inputs, input64 with the same seed): out and dy must be ĝ * factor
 * correctly rounded (the IEEE product, bit for bit), dx the exact dout y ĝ'
 * within 0.5 ulp + 2^-50 |dx| (formed in long double from dout*y as a
 * TwoProduct: 2^-62 relative).  So each is within 0.5 ulp plus the factor
 * times the sweep's measured bound, on all of its inputs. */
static void compose_block(g_job *j, uint64_t n, const double *x, const double *y, const double *d,
                          double *const res[O_COUNT], g_stats cs[O_COUNT])
{
    double g[GB], dg[GB];
    gp_act act = gp_act_default((gp_kind)j->kind);
    if (gp_apply_f64(&act, GP_OP_FORWARD, n, x, NULL, g) != GP_OK ||
        gp_apply_f64(&act, GP_OP_GRAD, n, x, NULL, dg) != GP_OK) {
        fprintf(stderr, "gprime-ulp: gp_apply_f64 failed\n");
        exit(1);
    }
    for (uint64_t i = 0; i < n; i++)
        for (int o = 0; o < O_COUNT; o++) {
            g_stats *s = &cs[o];
            double got = res[o][i], err;
            s->n++;
            if (o != O_DX) {
                double want = g[i] * (o == O_OUT ? y[i] : d[i]);
                err = d_bits(want) == d_bits(got) || (isnan(want) && isnan(got)) ? 0.0 : INFINITY;
            } else {
                double ph = d[i] * y[i], pl = fma(d[i], y[i], -ph), want = ph * dg[i];
                if (!isfinite(ph) || !isfinite(dg[i]) || !isfinite(want) || isnan(got))
                    err = d_bits(want) == d_bits(got) || (isnan(want) && isnan(got)) ? 0.0 : INFINITY;
                else {
                    long double v = (long double)ph * dg[i] + (long double)pl * dg[i];
                    long double u = ulp_of_ld(v, 53);
                    err = (double)(fabsl((long double)got - v) / u);
                    if (err > 0.5 + (double)(0x1p-50L * fabsl(v) / u) + 0x1p-8) /* 2^-8: v's own error */
                        err = INFINITY;
                }
            }
            if (isinf(err))
                s->over++, s->worst_x = x[i];
            else if (err > s->max_err) {
                s->max_err = err, s->worst_x = x[i];
                if (getenv("GP_ULP_DEBUG") && err > 0.5)
                    fprintf(stderr, "composed %s x=%a y=%a d=%a got=%a err=%g\n", o_name[o], x[i], y[i], d[i], got, err);
            }
        }
}

static void run_block(g_job *j, uint64_t b, g_ref *m, g_stats st[2 * O_COUNT])
{
    if (!j->first && b % isa_stride != 0)
        return;
    uint64_t lo = b * GB, n = j->total - lo < GB ? j->total - lo : GB;
    double x[GB], y[GB], d[GB], r[O_COUNT][GB];
    double *res[O_COUNT] = {r[0], r[1], r[2]};
    gp_act act = gp_act_default((gp_kind)j->kind);
    uint64_t h = 0;
    for (uint64_t i = 0; i < n; i++)
        inputs(j, lo + i, &x[i], &y[i], &d[i]);
    if (j->prec == 32) {
        float xf[GB], yf[GB], df[GB], o[O_COUNT][GB];
        for (uint64_t i = 0; i < n; i++)
            xf[i] = (float)x[i], yf[i] = (float)y[i], df[i] = (float)d[i];
        if (gp_glu_forward_f32(&act, n, xf, yf, o[O_OUT]) != GP_OK ||
            gp_glu_backward_f32(&act, n, xf, yf, df, o[O_DX], o[O_DY]) != GP_OK) {
            fprintf(stderr, "gprime-ulp: gp_glu_*_f32 failed\n");
            exit(1);
        }
        for (int k = 0; k < O_COUNT; k++)
            for (uint64_t i = 0; i < n; i++)
                r[k][i] = o[k][i], h = mix(h, f_bits(o[k][i]));
    } else {
        if (gp_glu_forward_f64(&act, n, x, y, r[O_OUT]) != GP_OK ||
            gp_glu_backward_f64(&act, n, x, y, d, r[O_DX], r[O_DY]) != GP_OK) {
            fprintf(stderr, "gprime-ulp: gp_glu_*_f64 failed\n");
            exit(1);
        }
        for (int k = 0; k < O_COUNT; k++)
            for (uint64_t i = 0; i < n; i++)
                h = mix(h, d_bits(r[k][i]));
    }
    if (j->first) {
        j->hash[b] = h;
        check_glu_block(j, lo, n, x, y, d, res, m, st);
        if (j->prec == 64)
            compose_block(j, n, x, y, d, res, st + O_COUNT);
    } else if (j->hash[b] != h) {
        pthread_mutex_lock(&j->lock);
        (*j->diff)++;
        pthread_mutex_unlock(&j->lock);
    }
}

static void *worker_main(void *arg)
{
    g_job *j = arg;
    g_stats st[2 * O_COUNT];
    memset(st, 0, sizeof st);
    g_ref r;
    ref_init(&r);
    for (;;) {
        uint64_t b = atomic_fetch_add(&next_block, 1);
        if (b >= j->nblocks)
            break;
        run_block(j, b, &r, st);
        if (!opt.quiet && b % 8192 == 0)
            fprintf(stderr, "\r  %s f%d %s: %5.1f%%", kind_s(j->kind), j->prec, j->first ? "measured" : "bits",
                    100.0 * (double)b / (double)j->nblocks);
    }
    ref_clear(&r);
    mpfr_free_cache();
    pthread_mutex_lock(&j->lock);
    for (int o = 0; o < 2 * O_COUNT; o++) {
        g_stats *t = &j->st[o], *s = &st[o];
        t->n += s->n, t->not_cr += s->not_cr, t->over += s->over, t->mpfr += s->mpfr;
        if (s->max_err > t->max_err)
            t->max_err = s->max_err, t->worst_x = s->worst_x, t->worst_f1 = s->worst_f1, t->worst_f2 = s->worst_f2,
            t->worst_got = s->worst_got;
        if (s->max_ratio > t->max_ratio)
            t->max_ratio = s->max_ratio;
        if (s->over)
            t->worst_x = s->worst_x;
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

/* The largest screened error of each output, measured against MPFR (the
 * screen is within 2^-16 ulp of it) */
static void remeasure(g_job *j)
{
    g_ref r;
    ref_init(&r);
    for (int o = 0; o < O_COUNT; o++) {
        g_stats *s = &j->st[o], t = {0};
        if (s->max_err <= 0)
            continue;
        measure_mpfr(j, o, s->worst_x, s->worst_f1, s->worst_f2, s->worst_got, &r, &t);
        s->max_err = t.max_err;
        if (t.max_ratio > s->max_ratio)
            s->max_ratio = t.max_ratio;
        s->over += t.over;
    }
    ref_clear(&r);
}

static void run_pass(g_job *j)
{
    pthread_t th[64];
    atomic_store(&next_block, 0);
    for (int k = 0; k < opt.threads; k++)
        if (pthread_create(&th[k], NULL, worker_main, j) != 0) {
            fprintf(stderr, "gprime-ulp: cannot start a thread\n");
            exit(1);
        }
    for (int k = 0; k < opt.threads; k++)
        pthread_join(th[k], NULL);
    if (!opt.quiet)
        fprintf(stderr, "\r%40s\r", "");
}

int run_glu(void)
{
    const char *isas[GP_ISA_COUNT];
    int nisa = 0;
    for (int i = GP_ISA_COUNT - 1; i >= 0; i--)
        if (gp_isa_available(isa_names[i]) && (!opt.isa_only || !strcmp(opt.isa_only, isa_names[i])))
            isas[nisa++] = isa_names[i];
    gp_set_num_threads(1);
    const char *is = getenv("GP_ULP_GLU_ISA_STRIDE");
    isa_stride = is && strtoull(is, NULL, 10) > 0 ? strtoull(is, NULL, 10) : 1;
    double t0 = now_s();
    uint64_t n32 = opt.full ? 1ULL << 32 : ((1ULL << 32) + opt.stride - 1) / opt.stride;
    gp_outfile mo; /* written whole or not at all (a temporary file renamed at the end) */
    if (opt.markdown && gp_outfile_open(&mo, opt.markdown) != 0) {
        fprintf(stderr, "gprime-ulp: cannot write %s\n", opt.markdown);
        return 2;
    }
    FILE *md = opt.markdown ? mo.f : NULL;
    char line[320], l32[128], l64[160];
    if (opt.do32)
        snprintf(l32, sizeof l32, "f32: %s (%llu inputs)",
                 opt.full ? "every bit pattern of x" : "every --stride-th pattern of x", (unsigned long long)n32);
    else
        snprintf(l32, sizeof l32, "f32: not measured in this run");
    if (opt.do64)
        snprintf(l64, sizeof l64, "f64: %llu inputs (the sweep's: specials first, then as it draws them), MPFR on every %s",
                 (unsigned long long)total64, opt.full ? "10th, the composition check on every one" : "one");
    else
        snprintf(l64, sizeof l64, "f64: not measured in this run");
    snprintf(line, sizeof line, "%s; %s", l32, l64);
    printf("# gprime-ulp --glu: the gated forms through gp_glu_forward/gp_glu_backward; %s;\n"
           "# y, dout: sign random, exponent in [-8, 8]; error in ulps against MPFR (f32: screened first), ratio =\n"
           "# error / the bound of gprime.h; ISAs (bits compared with the first, per block of %d, every %llu. block): ",
           line, GB, (unsigned long long)isa_stride);
    for (int i = 0; i < nisa; i++)
        printf("%s%s", i ? ", " : "", isas[i]);
    printf("\n%-5s %-11s %-16s %11s %10s %8s %9s %9s %6s %6s\n", "type", "activation", "output", "inputs", "max ulp",
           "ratio", "not cr", "mpfr", "over", "isa!=");
    if (md) {
        fprintf(md, "# gprime accuracy: the gated forms\n\n<!-- Generated by gprime-ulp --glu --markdown; do not edit by "
                    "hand. -->\n\n- Command: `%s`\n- %s.\n- y and dout: a hash of the input, sign random, binary "
                    "exponent in [-8, 8].\n- Bounds (gprime.h): out = g(x) y and dy = dout g(x) within 0.5 ulp + |factor| "
                    "B ulp(g), dx = dout y g'(x) within 0.5 ulp + |dout y| B' ulp(g') (+ 2^-29 ulp in f32, 2^-50 |dx| "
                    "in f64); B, B' the activation's forward and grad bounds. \"ratio\" is the largest error / bound.\n"
                    "- f32 results are screened with the activation's double screens (relative error <= 2^-49); every "
                    "result near a tie or not certainly within its bound is measured against MPFR at %d bits "
                    "(\"mpfr\"), and each maximum again at the end; f64 results against MPFR (in --mode full on every "
                    "10th input).\n- f64 \"composed\" rows: each output against gprime's own rounded factor on the same "
                    "input (gp forward or grad, which the sweep measures on these inputs): out and dy must be the IEEE "
                    "product bit for bit, dx the exact dout y g' within 0.5 ulp + 2^-50 |dx|; \"max ulp\" is the largest "
                    "distance from that, \"over\" the outputs beyond it.\n- ISAs: ",
                opt.cmdline, line, ULP_MPFR_PREC);
        for (int i = 0; i < nisa; i++)
            fprintf(md, "%s%s", i ? ", " : "", isas[i]);
        fprintf(md, "; the first measured, the others compared with it bit for bit per block of %d inputs, on "
                    "%s (\"isa!=\": blocks that differ).\n\n| type | activation | output | inputs | max ulp | ratio | not CR "
                    "| mpfr | over | isa!= |\n|---|---|---|---|---|---|---|---|---|---|\n",
                GB, isa_stride == 1 ? "every block" : "every N-th block (GP_ULP_GLU_ISA_STRIDE)");
    }
    int bad = 0;
    for (int prec = 32; prec <= 64; prec += 32) {
        if ((prec == 32 && !opt.do32) || (prec == 64 && !opt.do64))
            continue;
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            if (!act_selected(k))
                continue;
            g_job j = {.prec = prec, .kind = k};
            j.total = prec == 32 ? n32 : total64; /* f64: the sweep's inputs, specials first */
            j.mpfr_stride = prec == 64 && opt.full ? 10 : 1;
            j.nblocks = (j.total + GB - 1) / GB;
            j.hash = calloc(j.nblocks, sizeof *j.hash);
            uint64_t diff = 0;
            j.diff = &diff;
            pthread_mutex_init(&j.lock, NULL);
            if (!j.hash) {
                fprintf(stderr, "gprime-ulp: out of memory\n");
                exit(1);
            }
            for (int i = 0; i < nisa; i++) {
                gp_set_isa(isas[i]);
                j.first = i == 0;
                run_pass(&j);
            }
            gp_set_isa(NULL);
            remeasure(&j);
            for (int o = 0; o < O_COUNT; o++) {
                const g_stats *s = &j.st[o];
                uint64_t want_n = prec == 32 ? j.total : (j.total + j.mpfr_stride - 1) / j.mpfr_stride;
                int b = s->over > 0 || diff > 0 || s->n != want_n; /* every input measured once */
                bad |= b;
                printf("%-5s %-11s %-16s %11llu %10.4f %8.4f %9llu %9llu %6llu %6llu%s\n", prec == 32 ? "f32" : "f64",
                       kind_s(k), o_name[o], (unsigned long long)s->n, s->max_err, s->max_ratio,
                       (unsigned long long)s->not_cr, (unsigned long long)s->mpfr, (unsigned long long)s->over,
                       (unsigned long long)diff, b ? "  FAIL" : "");
                if (b)
                    printf("      worst (or last failing) input: x = %a\n", s->worst_x);
                if (md)
                    fprintf(md, "| %s | %s | %s | %llu | %.4f | %.4f | %llu | %llu | %llu | %llu |\n",
                            prec == 32 ? "f32" : "f64", kind_s(k), o_name[o], (unsigned long long)s->n, s->max_err,
                            s->max_ratio, (unsigned long long)s->not_cr, (unsigned long long)s->mpfr,
                            (unsigned long long)s->over, (unsigned long long)diff);
            }
            for (int o = 0; prec == 64 && o < O_COUNT; o++) {
                const g_stats *s = &j.st[O_COUNT + o];
                int b = s->over > 0 || s->n != j.total;
                bad |= b;
                printf("%-5s %-11s %-16s %11llu %10.4f %8s %9s %9s %6llu %6s%s\n", "f64", kind_s(k), o_name[o],
                       (unsigned long long)s->n, s->max_err, "-", "-", "composed", (unsigned long long)s->over, "-",
                       b ? "  FAIL" : "");
                if (md)
                    fprintf(md, "| f64 | %s | %s | %llu | %.4f (composed) | - | - | - | %llu | - |\n", kind_s(k),
                            o_name[o], (unsigned long long)s->n, s->max_err, (unsigned long long)s->over);
            }
            fflush(stdout);
            pthread_mutex_destroy(&j.lock);
            free(j.hash);
        }
    }
    double t = now_s() - t0;
    printf("%s; %.1f s\n", bad ? "FAIL: a result over its bound, or ISAs that differ" : "every result within its bound", t);
    if (md) {
        fprintf(md, "\n%s. Run time %.1f s (%.1f min).\n", bad ? "**FAIL**: a result over its bound, or ISAs that differ"
                                                               : "Every result within its bound",
                t, t / 60);
        if (gp_outfile_commit(&mo) != 0) {
            fprintf(stderr, "gprime-ulp: cannot write %s\n", opt.markdown);
            return 2;
        }
    }
    return bad;
}
