/* gprime-ulp --storage: the bf16 and f16 arrays and the accumulating
 * backward (issue 20), through the public API on every available ISA.
 *
 *   bf16, f16   every activation, the five operations and the two
 *               accumulating ones, on all 65,536 input codes (da and dz of
 *               the backward forms: a moderate code per input, from a hash);
 *   f32, f64    the two accumulating forms and the gated one
 *               (gp_glu_backward_acc) on --f64-n random inputs.
 *
 * Each result is measured against MPFR's exact value (at 253 bits: g, g' or
 * g' from a by tests/ref, times da, plus dz) in ulps of the storage format at
 * that value (the subnormal spacing below the normal range), and against
 * its bound, as gprime.h states it:
 *   the five operations   0.5 ulp of the format + the f32 bound of the facts
 *                         in f32 ulps (the f32 result, rounded once more);
 *   accumulating          0.5 ulp of the format + the f32 (f64) rounding of
 *                         the FMA, 0.5 ulp of its result, + |da| B ulp(g'),
 *                         B the grad (grad_from_output) bound of the facts.
 * "cr" counts results that are not the exact value correctly rounded to the
 * format (error above 0.5 ulp: the double rounding of a 16-bit result, the
 * rounded g' of an accumulation).  Every ISA must give the bits of the first.
 * Exit status 1 when a result is over its bound or an ISA differs. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "half.h"
#include "ulp.h"

enum { S_BF16, S_F16, S_F32, S_F64, S_COUNT };
static const char *const s_name[S_COUNT] = {"bf16", "f16", "f32", "f64"};
static const int s_prec[S_COUNT] = {8, 11, 24, 53};
static const long s_emin[S_COUNT] = {-133, -24, -149, -1074}; /* exponent of the subnormal spacing */
static const int s_emax[S_COUNT] = {127, 15, 127, 1023};        /* exponent of the largest binade */
#define OP_ACC (GP_OP_COUNT)         /* backward_acc */
#define OP_ACC_FO (GP_OP_COUNT + 1)  /* backward_from_output_acc */
#define NOPS (GP_OP_COUNT + 2)
#define PREC 253

static gp_op base_of(int op) { return op == OP_ACC ? GP_OP_BACKWARD : op == OP_ACC_FO ? GP_OP_BACKWARD_FROM_OUTPUT : (gp_op)op; }
static gp_op grad_of(int op) { return op == OP_ACC ? GP_OP_GRAD : GP_OP_GRAD_FROM_OUTPUT; }
static const char *name_of(int op)
{
    return op == OP_ACC ? "backward_acc" : op == OP_ACC_FO ? "backward_from_output_acc" : gp_op_name((gp_op)op);
}

/* the exponent e of ulp = 2^e of format s at |x| (x finite, nonzero) */
static long ulp_exp(int s, mpfr_srcptr x)
{
    long e = mpfr_get_exp(x) - s_prec[s]; /* x = 0.1... * 2^exp */
    return e < s_emin[s] ? s_emin[s] : e;
}

static double to_double(int s, uint16_t h) { return s == S_BF16 ? gp_bf16_to_f32(h) : gp_f16_to_f32(h); }
static uint16_t from_float(int s, float f) { return s == S_BF16 ? gp_f32_to_bf16(f) : gp_f32_to_f16(f); }

static gp_status call(int s, const gp_act *act, int op, size_t n, const void *x, const void *da, void *out)
{
    if (s == S_BF16)
        return op == OP_ACC ? gp_backward_acc_bf16(act, n, x, da, out)
               : op == OP_ACC_FO ? gp_backward_from_output_acc_bf16(act, n, x, da, out)
                                 : gp_apply_bf16(act, (gp_op)op, n, x, da, out);
    if (s == S_F16)
        return op == OP_ACC ? gp_backward_acc_f16(act, n, x, da, out)
               : op == OP_ACC_FO ? gp_backward_from_output_acc_f16(act, n, x, da, out)
                                 : gp_apply_f16(act, (gp_op)op, n, x, da, out);
    if (s == S_F32)
        return op == OP_ACC ? gp_backward_acc_f32(act, n, x, da, out) : gp_backward_from_output_acc_f32(act, n, x, da, out);
    return op == OP_ACC ? gp_backward_acc_f64(act, n, x, da, out) : gp_backward_from_output_acc_f64(act, n, x, da, out);
}

typedef struct {
    double max_err, max_ratio, worst_x;
    uint64_t n, not_cr, over, isa_diff;
} s_stats;

/* The ulp of format s at v (the subnormal spacing at 0 and below the normal range). */
static double ulp_at(int s, mpfr_srcptr v)
{
    return ldexp(1.0, mpfr_zero_p(v) ? (int)s_emin[s] : (int)ulp_exp(s, v));
}

/* One result got for the inputs x, da, dz (exact in the format). */
static void measure(int s, const gp_act *act, int op, double x, double da, double dz, double got, mpfr_t *m,
                    s_stats *st)
{
    st->n++;
    if (isnan(x)) { /* NaN in, NaN out */
        if (!isnan(got))
            st->over++, st->max_ratio = INFINITY, st->worst_x = x;
        return;
    }
    int acc = op >= GP_OP_COUNT, w = s == S_F64 ? S_F64 : S_F32; /* w: the kernels' format */
    const gp_act *ra = ref_act(act->kind, w == S_F64 ? 64 : 32);
    gp_op bop = base_of(op);
    gp_ref_mpfr(ra, bop, m[0], x, gp_ref_is_backward(bop) ? da : 0.0);
    if (acc) {
        mpfr_add_d(m[0], m[0], dz, MPFR_RNDN);
        /* g' beyond the kernels' range (a from-output formula far outside the
         * range of g): the rounded g' is +-inf and the FMA follows IEEE */
        gp_ref_fn_mpfr(ra, gp_ref_fn_of(grad_of(op)), m[2], x);
        double gw = w == S_F64 ? mpfr_get_d(m[2], MPFR_RNDN) : (double)mpfr_get_flt(m[2], MPFR_RNDN);
        if (isinf(gw)) {
            double want = fma(da, gw, dz);
            int ok = isnan(want) ? isnan(got) : isinf(got) && (got > 0) == (want > 0);
            if (!ok)
                st->over++, st->max_ratio = INFINITY, st->worst_x = x;
            return;
        }
    }
    if (mpfr_nan_p(m[0]) || mpfr_inf_p(m[0]) || isinf(got) || isnan(got)) {
        /* NaN (inf*0) or inf: the same; a finite value rounds to inf from
         * (2^p - 1/2) 2^(emax+1-p), the largest finite value plus half its ulp,
         * in the format or, first, in the kernels' format */
        int ok = mpfr_nan_p(m[0]) ? isnan(got) : isinf(got) && (got > 0) == (mpfr_sgn(m[0]) > 0);
        if (ok && !mpfr_inf_p(m[0])) {
            int f = s_emax[s] < s_emax[w] ? s : w;
            mpfr_set_d(m[1], ldexp(1.0, s_prec[f]) - 0.5, MPFR_RNDN);
            mpfr_mul_2si(m[1], m[1], s_emax[f] + 1 - s_prec[f], MPFR_RNDN);
            ok = mpfr_cmpabs(m[0], m[1]) >= 0;
        }
        if (!ok)
            st->over++, st->max_ratio = INFINITY, st->worst_x = x;
        return;
    }
    mpfr_set_d(m[1], got, MPFR_RNDN);
    double u = ulp_at(s, m[0]), ug = ulp_at(s, m[1]);
    double round_last = w == s ? 0.0 : 0.5 * (u > ug ? u : ug); /* the rounding to the 16-bit format */
    double inner;                                               /* the error of the f32 (f64) result */
    if (!acc) {
        /* an exact activation's f32 result is its definition rounded once (leaky_relu's z*alpha) */
        double b = bound_of(act->kind, bop, 32);
        inner = (b > 0.5 ? b : 0.5) * ulp_at(S_F32, m[0]);
    } else {
        double b = bound_of(act->kind, grad_of(op), w == S_F64 ? 64 : 32);
        double uw = ulp_at(w, m[0]), uwg = ulp_at(w, m[1]);
        inner = 0.5 * (uw > uwg ? uw : uwg) + fabs(da) * b * ulp_at(w, m[2]);
    }
    double allowed = (round_last + inner) * (1 + 0x1p-40);
    mpfr_sub_d(m[1], m[0], got, MPFR_RNDN);
    mpfr_abs(m[1], m[1], MPFR_RNDN);
    double err_abs = mpfr_get_d(m[1], MPFR_RNDU), err = err_abs / u;
    if (err > 0.5)
        st->not_cr++;
    if (err > st->max_err)
        st->max_err = err, st->worst_x = x;
    double ratio = allowed > 0 ? err_abs / allowed : (err_abs > 0 ? INFINITY : 0);
    if (ratio > st->max_ratio)
        st->max_ratio = ratio;
    if (ratio > 1)
        st->over++;
}

/* a moderate value of format s from a hash */
static double moderate(int s, uint64_t k)
{
    double v = (double)(splitmix(k) >> 11) * 0x1p-53 * 8.0 - 4.0;
    if (s == S_BF16 || s == S_F16)
        return to_double(s, from_float(s, (float)v));
    return s == S_F32 ? (double)(float)v : v;
}

static int run_one(int s, int kind, int op, uint64_t count, const char **isas, int nisa)
{
    gp_act act = gp_act_default((gp_kind)kind);
    size_t sz = s == S_F64 ? 8 : s == S_F32 ? 4 : 2;
    size_t n = (size_t)count;
    unsigned char *x = malloc(n * sz), *da = malloc(n * sz), *out = malloc(n * sz), *first = malloc(n * sz),
                  *dz = malloc(n * sz);
    double *xd = malloc(n * sizeof *xd), *dad = malloc(n * sizeof *dad), *dzd = malloc(n * sizeof *dzd);
    if (!x || !da || !out || !first || !dz || !xd || !dad || !dzd) {
        fprintf(stderr, "gprime-ulp: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t k = opt.seed * 0x9e3779b97f4a7c15ull + i * 3 + (uint64_t)s;
        if (sz == 2) {
            ((uint16_t *)x)[i] = (uint16_t)i;
            xd[i] = to_double(s, (uint16_t)i);
            dad[i] = moderate(s, k + 1), dzd[i] = moderate(s, k + 2);
            ((uint16_t *)da)[i] = from_float(s, (float)dad[i]), ((uint16_t *)dz)[i] = from_float(s, (float)dzd[i]);
        } else {
            double v = random64(k);
            xd[i] = op == OP_ACC_FO ? (double)(splitmix(k) >> 11) * 0x1p-53 * 2.2 - 1.1 : v;
            if (s == S_F32)
                xd[i] = (float)xd[i];
            dad[i] = moderate(s, k + 1), dzd[i] = moderate(s, k + 2);
            if (s == S_F32)
                for (int j = 0; j < 3; j++)
                    ((float *)(j == 0 ? (void *)x : j == 1 ? (void *)da : (void *)dz))[i] =
                        (float)(j == 0 ? xd[i] : j == 1 ? dad[i] : dzd[i]);
            else
                ((double *)x)[i] = xd[i], ((double *)da)[i] = dad[i], ((double *)dz)[i] = dzd[i];
        }
    }
    s_stats st = {0};
    int acc = op >= GP_OP_COUNT;
    for (int i = 0; i < nisa; i++) {
        gp_set_isa(isas[i]);
        memcpy(out, dz, n * sz);
        if (call(s, &act, op, n, x, da, out) != GP_OK) {
            fprintf(stderr, "gprime-ulp: %s %s %s failed on %s\n", s_name[s], kind_s(kind), name_of(op), isas[i]);
            exit(1);
        }
        if (i == 0)
            memcpy(first, out, n * sz);
        else
            for (size_t j = 0; j < n; j++)
                st.isa_diff += memcmp(out + j * sz, first + j * sz, sz) != 0;
    }
    gp_set_isa(NULL);
    mpfr_t m[3];
    for (int j = 0; j < 3; j++)
        mpfr_init2(m[j], PREC);
    for (size_t i = 0; i < n; i++) {
        double got = sz == 2 ? to_double(s, ((uint16_t *)first)[i]) : sz == 4 ? ((float *)first)[i] : ((double *)first)[i];
        measure(s, &act, op, xd[i], gp_ref_is_backward(base_of(op)) ? dad[i] : 0.0, acc ? dzd[i] : 0.0, got, m, &st);
    }
    for (int j = 0; j < 3; j++)
        mpfr_clear(m[j]);
    int bad = st.over > 0 || st.isa_diff > 0;
    if (!opt.quiet || bad)
        printf("%-5s %-11s %-25s %9llu %10.4f %8.4f %9llu %6llu %6llu%s\n", s_name[s], kind_s(kind), name_of(op),
               (unsigned long long)st.n, st.max_err, st.max_ratio, (unsigned long long)st.not_cr,
               (unsigned long long)st.over, (unsigned long long)st.isa_diff, bad ? "  FAIL" : "");
    if (bad)
        printf("      worst (or last failing) input: z = %a\n", st.worst_x);
    free(x), free(da), free(out), free(first), free(dz), free(xd), free(dad), free(dzd);
    return bad;
}

/* The gated accumulating backward in f32 (s = S_F32) or f64 on count random
 * inputs: dx += dout*y*g'(x) and dy += dout*g(x) against MPFR, with the
 * bounds of gprime.h: dy 0.5 ulp + |dout| B ulp(g), dx 0.5 ulp + 2^-28 ulp
 * (f32) or 2^-50 of the larger term (f64), + |dout*y| B' ulp(g'). */
static int run_glu_acc(int s, int kind, uint64_t count, const char **isas, int nisa)
{
    gp_act act = gp_act_default((gp_kind)kind);
    const gp_act *ra = ref_act(kind, s == S_F64 ? 64 : 32);
    size_t n = (size_t)count, sz = s == S_F64 ? 8 : 4;
    double *v[5];
    unsigned char *in[5], *ox = malloc(n * sz), *oy = malloc(n * sz), *fx = malloc(n * sz), *fy = malloc(n * sz);
    for (int j = 0; j < 5; j++)
        v[j] = malloc(n * sizeof(double)), in[j] = malloc(n * sz);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = opt.seed * 0x9e3779b97f4a7c15ull + i * 7 + 1000;
        double r[5] = {random64(k), moderate(s, k + 1), moderate(s, k + 2), moderate(s, k + 3), moderate(s, k + 4)};
        for (int j = 0; j < 5; j++) {
            v[j][i] = s == S_F32 ? (double)(float)r[j] : r[j];
            if (s == S_F32)
                ((float *)in[j])[i] = (float)v[j][i];
            else
                ((double *)in[j])[i] = v[j][i];
        }
    }
    s_stats st[2];
    memset(st, 0, sizeof st);
    for (int i = 0; i < nisa; i++) {
        gp_set_isa(isas[i]);
        memcpy(ox, in[3], n * sz), memcpy(oy, in[4], n * sz);
        gp_status r = s == S_F32 ? gp_glu_backward_acc_f32(&act, n, (float *)in[0], (float *)in[1], (float *)in[2],
                                                           (float *)ox, (float *)oy)
                                 : gp_glu_backward_acc_f64(&act, n, (double *)in[0], (double *)in[1],
                                                           (double *)in[2], (double *)ox, (double *)oy);
        if (r != GP_OK) {
            fprintf(stderr, "gprime-ulp: glu_backward_acc %s failed on %s\n", kind_s(kind), isas[i]);
            exit(1);
        }
        if (i == 0)
            memcpy(fx, ox, n * sz), memcpy(fy, oy, n * sz);
        else
            for (size_t j = 0; j < n; j++)
                st[0].isa_diff += memcmp(ox + j * sz, fx + j * sz, sz) != 0,
                    st[1].isa_diff += memcmp(oy + j * sz, fy + j * sz, sz) != 0;
    }
    gp_set_isa(NULL);
    mpfr_t m[4];
    for (int j = 0; j < 4; j++)
        mpfr_init2(m[j], PREC);
    for (size_t i = 0; i < n; i++) {
        double x = v[0][i], y = v[1][i], d = v[2][i];
        for (int out = 0; out < 2; out++) {
            s_stats *t = &st[out];
            double got = s == S_F32 ? (double)((float *)(out ? fy : fx))[i] : ((double *)(out ? fy : fx))[i];
            double acc0 = v[3 + out][i], fac = out ? d : d * y; /* the factor times g (dy) or g' (dx) */
            int fn = out ? GP_REF_G : GP_REF_DG;
            t->n++;
            gp_ref_fn_mpfr(ra, fn, m[2], x); /* g or g', exact */
            mpfr_set_d(m[0], d, MPFR_RNDN);
            if (!out)
                mpfr_mul_d(m[0], m[0], y, MPFR_RNDN);
            mpfr_mul(m[0], m[0], m[2], MPFR_RNDN);
            mpfr_add_d(m[0], m[0], acc0, MPFR_RNDN);
            if (!isfinite(fac) || mpfr_nan_p(m[0]) || !isfinite(got) || !mpfr_number_p(m[2])) {
                int ok = isnan(got) == mpfr_nan_p(m[0]) || !isfinite(fac);
                if (!ok)
                    t->over++, t->max_ratio = INFINITY;
                continue;
            }
            mpfr_set_d(m[1], got, MPFR_RNDN);
            double u = ulp_at(s, m[0]), ug = ulp_at(s, m[1]);
            double b = bound_of(kind, out ? GP_OP_FORWARD : GP_OP_GRAD, s == S_F64 ? 64 : 32);
            if (out && b < 0.5) /* an exact forward is its definition rounded once (leaky_relu's x*alpha) */
                b = 0.5;
            double allowed = 0.5 * (u > ug ? u : ug) + fabs(fac) * b * ulp_at(s, m[2]);
            if (!out) {
                mpfr_mul_d(m[3], m[2], fac, MPFR_RNDN);
                double big = fmax(fabs(acc0), fabs(mpfr_get_d(m[3], MPFR_RNDN)));
                allowed += s == S_F32 ? 0x1p-28 * (u > ug ? u : ug) : 0x1p-50 * big;
            }
            allowed *= 1 + 0x1p-40;
            mpfr_sub_d(m[1], m[0], got, MPFR_RNDN);
            double err_abs = fabs(mpfr_get_d(m[1], MPFR_RNDU)), err = err_abs / u;
            if (err > 0.5)
                t->not_cr++;
            if (err > t->max_err)
                t->max_err = err, t->worst_x = x;
            double ratio = allowed > 0 ? err_abs / allowed : (err_abs > 0 ? INFINITY : 0);
            if (ratio > t->max_ratio)
                t->max_ratio = ratio;
            if (ratio > 1)
                t->over++;
        }
    }
    for (int j = 0; j < 4; j++)
        mpfr_clear(m[j]);
    int bad = 0;
    for (int out = 0; out < 2; out++) {
        int b = st[out].over > 0 || st[out].isa_diff > 0;
        bad |= b;
        if (!opt.quiet || b)
            printf("%-5s %-11s %-25s %9llu %10.4f %8.4f %9llu %6llu %6llu%s\n", s_name[s], kind_s(kind),
                   out ? "glu_backward_acc dy" : "glu_backward_acc dx", (unsigned long long)st[out].n,
                   st[out].max_err, st[out].max_ratio, (unsigned long long)st[out].not_cr,
                   (unsigned long long)st[out].over, (unsigned long long)st[out].isa_diff, b ? "  FAIL" : "");
        if (b)
            printf("      worst (or last failing) input: z = %a\n", st[out].worst_x);
    }
    for (int j = 0; j < 5; j++)
        free(v[j]), free(in[j]);
    free(ox), free(oy), free(fx), free(fy);
    return bad;
}

int run_storage(uint64_t acc_n)
{
    const char *isas[GP_ISA_COUNT];
    int nisa = 0;
    for (int i = GP_ISA_COUNT - 1; i >= 0; i--)
        if (gp_isa_available(isa_names[i]) && (!opt.isa_only || !strcmp(opt.isa_only, isa_names[i])))
            isas[nisa++] = isa_names[i];
    printf("# gprime-ulp --storage: bf16/f16 on all 65536 codes, the accumulating forms also in f32/f64 on %llu\n"
           "# random inputs; error in ulps of the format against MPFR, ratio = error / the bound of gprime.h;\n"
           "# ISAs (bits compared with the first): ",
           (unsigned long long)acc_n);
    for (int i = 0; i < nisa; i++)
        printf("%s%s", i ? ", " : "", isas[i]);
    printf("\n%-5s %-11s %-25s %9s %10s %8s %9s %6s %6s\n", "type", "activation", "operation", "inputs", "max ulp",
           "ratio", "not cr", "over", "isa!=");
    int bad = 0;
    for (int s = 0; s < S_COUNT; s++)
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            if (!act_selected(k))
                continue;
            for (int op = 0; op < NOPS; op++) {
                if (!gp_has_op((gp_kind)k, base_of(op)) || (s >= S_F32 && op < GP_OP_COUNT))
                    continue;
                bad |= run_one(s, k, op, s >= S_F32 ? acc_n : 65536, isas, nisa);
                fflush(stdout);
            }
            if (s >= S_F32)
                bad |= run_glu_acc(s, k, acc_n, isas, nisa);
        }
    printf("%s\n", bad ? "FAIL: a result over its bound, or ISAs that differ" : "every result within its bound");
    return bad;
}
