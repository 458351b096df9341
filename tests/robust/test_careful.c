/* Issue 19: the careful kernels (src/loops.h GP_CAREFUL, src/fpenv.h), which
 * src/api.c runs on a part of a call only where its fast kernel raised
 * FE_UNDERFLOW, must give the fast kernel's bits wherever that raised none:
 * a call then never depends on which of the two ran.
 *
 * The table first: a careful entry only for a backward op, or an f64
 * from-output op; the fast tier's careful column only beside a fast kernel;
 * every backward kernel has one but the relu family's (one product: no
 * spurious flag to guard).  Then, on every ISA this CPU runs, every kind,
 * both tiers, each careful entry: 1 << 16 inputs rich in tiny and huge
 * magnitudes of x and da (z anywhere; a from-output form's a inside the
 * outputs, tiny ones included), run in blocks of 8 through the fast kernel
 * with the flags cleared; a block where it raised no FE_UNDERFLOW must come
 * out of the careful kernel bit for bit the same.  A digest of the
 * compared results per ISA is printed (the same on every ISA for
 * bit-identical kernels is not required).  Last, calls in place (out = x,
 * out = da) give the bits of the same calls out of place. */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>

#include "act/desc.h"
#include "robust_util.h"

#define N (1 << 16)
#define BLK 8

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unit(void) { return (double)(next() >> 11) * 0x1p-53; }

/* a magnitude: log-uniform over [2^lo, 2^hi] */
static double logu(int lo, int hi) { return ldexp(1.0 + unit(), lo + (int)(next() % (uint64_t)(hi - lo + 1))); }

static double pick_x(int f32, int from_output, double alo, double ahi)
{
    int lo = f32 ? -149 : -1074, hi = f32 ? 127 : 1023;
    double sgn = next() & 1 ? -1.0 : 1.0, v;
    switch (next() % 6) {
    case 0: /* tiny */
        v = sgn * logu(lo, f32 ? -60 : -500);
        break;
    case 1: /* anywhere */
        v = sgn * logu(lo, hi - 1);
        break;
    default: /* the usual range */
        v = from_output && isfinite(alo) && isfinite(ahi) ? alo + (ahi - alo) * unit() : sgn * 40.0 * unit();
        break;
    }
    if (from_output && !(v >= alo && v <= ahi))
        v = isfinite(alo) && isfinite(ahi) ? alo + (ahi - alo) * unit() : fabs(v) * (ahi > 0 ? 1 : -1);
    return f32 ? (double)(float)v : v;
}

static double pick_da(int f32)
{
    int lo = f32 ? -149 : -1074, hi = f32 ? 127 : 1023;
    double sgn = next() & 1 ? -1.0 : 1.0, v;
    switch (next() % 5) {
    case 0:
        v = sgn * logu(lo, f32 ? -60 : -800); /* a tiny da */
        break;
    case 1:
        v = sgn * logu(lo, hi - 1);
        break;
    default:
        v = sgn * logu(-10, 10);
        break;
    }
    return f32 ? (double)(float)v : v;
}

static long compared, skipped, bad;

static void check(const gp_kernel_table *t, const gp_act *act, gp_op op, int f32, gp_kernel_f32 k32,
                  gp_kernel_f32 c32, gp_kernel_f64 k64, gp_kernel_f64 c64, uint64_t *digest)
{
    static float xf[N], df[N], of[N], cf[N];
    static double xd[N], dd[N], od[N], cd[N];
    const gp_act_desc *d = gp_desc(act->kind);
    double lim[4];
    d->limits(act, lim);
    double alo = fmin(lim[0], lim[1]), ahi = fmax(lim[0], lim[1]);
    int fo = gp_is_from_output(op), bw = gp_is_backward(op);
    for (int i = 0; i < N; i++) {
        double x = pick_x(f32, fo, alo, ahi), da = pick_da(f32);
        xf[i] = (float)x, df[i] = (float)da, xd[i] = x, dd[i] = da;
    }
    gp_params p;
    gp_params_from_act(act, &p);
    long b0 = bad;
    for (int i = 0; i < N; i += BLK) {
        feclearexcept(FE_ALL_EXCEPT);
        if (f32)
            k32(&p, BLK, xf + i, bw ? df + i : NULL, of + i);
        else
            k64(&p, BLK, xd + i, bw ? dd + i : NULL, od + i);
        if (fetestexcept(FE_UNDERFLOW)) {
            skipped++;
            continue;
        }
        if (f32)
            c32(&p, BLK, xf + i, bw ? df + i : NULL, cf + i);
        else
            c64(&p, BLK, xd + i, bw ? dd + i : NULL, cd + i);
        compared++;
        for (int j = i; j < i + BLK; j++) {
            uint64_t a = f32 ? rb_bits32(of[j]) : rb_bits64(od[j]), c = f32 ? rb_bits32(cf[j]) : rb_bits64(cd[j]);
            *digest = (*digest ^ a) * 0x100000001b3u;
            if (a != c && bad - b0 < 5) {
                char spec[96];
                gp_act_format(act, spec, sizeof spec);
                fprintf(stderr, "%s %s %s %s: x = %a, da = %a: fast %a, careful %a\n", t->name, spec,
                        gp_op_name(op), f32 ? "f32" : "f64", f32 ? xf[j] : xd[j], f32 ? df[j] : dd[j],
                        f32 ? of[j] : od[j], f32 ? cf[j] : cd[j]);
            }
            bad += a != c;
        }
    }
}

/* In place (out = x or out = da) the guard runs 4 KiB blocks with the
 * aliased input saved for the rerun: the same bits as out of place, on
 * arrays of several blocks with tiny a and tiny da here and there (so that
 * some blocks rerun), every ISA */
static long inplace_bad, inplace_calls;
static void check_in_place(void)
{
    enum { M = 5000 };
    static double x[M], da[M], ref[M], buf[M], db[M];
    static float xf[M], daf[M], reff[M], buff[M], dbf[M];
    static const char *const specs[] = {"sigmoid", "elu", "celu", "tanh", "silu"};
    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
        const gp_kernel_table *t = gp_isa_table(isa);
        if (!t || !gp_test_isa_listed(t->name) || gp_set_isa(t->name) != GP_OK)
            continue;
        for (size_t si = 0; si < sizeof specs / sizeof specs[0]; si++)
            for (int op = GP_OP_GRAD_FROM_OUTPUT; op <= GP_OP_BACKWARD_FROM_OUTPUT; op++) {
                gp_act act;
                gp_act_parse(specs[si], &act);
                if (!gp_has_op(act.kind, (gp_op)op))
                    continue;
                int fo = gp_is_from_output((gp_op)op), bw = gp_is_backward((gp_op)op);
                for (int i = 0; i < M; i++) {
                    double u = unit();
                    x[i] = fo ? (i % 997 == 5 ? 0x3p-600 : 0.05 + 0.4 * u) : -4 + 8 * u;
                    if (fo && act.kind != GP_SIGMOID && act.kind != GP_TANH && i % 997 == 5)
                        x[i] = -0x3p-1074;
                    da[i] = i % 1009 == 7 ? 0x1.3p-1000 : (i % 997 == 5 ? 0x1.0000000000001p500 : 1.0 + u);
                    xf[i] = (float)x[i], daf[i] = i % 1009 == 7 ? 0x1.3p-100f : (float)(1.0 + u);
                }
                for (int w = 0; w < (bw ? 2 : 1); w++) { /* w = 0: out = x; 1: out = da */
                    gp_apply_f64(&act, (gp_op)op, M, x, bw ? da : NULL, ref);
                    memcpy(buf, x, sizeof x), memcpy(db, da, sizeof da);
                    gp_apply_f64(&act, (gp_op)op, M, buf, bw ? db : NULL, w ? db : buf);
                    inplace_bad += memcmp(ref, w ? db : buf, sizeof ref) != 0;
                    inplace_calls += 2;
                    gp_apply_f32(&act, (gp_op)op, M, xf, bw ? daf : NULL, reff);
                    memcpy(buff, xf, sizeof xf), memcpy(dbf, daf, sizeof daf);
                    gp_apply_f32(&act, (gp_op)op, M, buff, bw ? dbf : NULL, w ? dbf : buff);
                    inplace_bad += memcmp(reff, w ? dbf : buff, sizeof reff) != 0;
                    if (inplace_bad)
                        fprintf(stderr, "%s %s %s in place (out = %s): other bits\n", t->name, specs[si],
                                gp_op_name((gp_op)op), w ? "da" : "x");
                }
            }
    }
    gp_set_isa(NULL);
}

int main(void)
{
    if (!gp_test_fp_flags_work()) {
        printf("test_careful: the FP exception flags do not work here (valgrind?): skipped\n");
        return 77;
    }
    long tbad = 0;
    int nisa = 0;
    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
        const gp_kernel_table *t = gp_isa_table(isa);
        if (!t || !gp_test_isa_listed(t->name))
            continue;
        nisa++;
        uint64_t digest = 0xcbf29ce484222325u;
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            const gp_act_kernels *ak = t->act[k];
            const gp_act_desc *d = gp_act_table[k];
            for (int op = 0; op < GP_OP_COUNT; op++) {
                int bw = gp_is_backward((gp_op)op), fo = gp_is_from_output((gp_op)op);
                int onep = k == GP_RELU || k == GP_LEAKY_RELU;
                /* the table */
                if ((ak->careful_f32[op] && !bw) || (ak->careful_f64[op] && !bw && !fo) ||
                    (ak->careful_fast_f32[op] && !ak->fast_f32[op]) || (ak->careful_fast_f64[op] && !ak->fast_f64[op]) ||
                    (gp_has_op((gp_kind)k, (gp_op)op) && bw && !onep && (!ak->careful_f32[op] || !ak->careful_f64[op])) ||
                    (ak->fast_f32[op] && bw && !ak->careful_fast_f32[op]) ||
                    (ak->fast_f64[op] && bw && !ak->careful_fast_f64[op])) {
                    fprintf(stderr, "%s %s %s: careful entries out of rule\n", t->name, d->name,
                            gp_op_name((gp_op)op));
                    tbad++;
                }
                for (int tier = 0; tier < 2; tier++) {
                    gp_act act = gp_act_default((gp_kind)k);
                    act.accuracy = tier ? GP_ACCURACY_FAST : GP_ACCURACY_EXACT;
                    if (gp_act_check(&act, fo) != GP_OK)
                        continue;
                    gp_kernel_f32 c32 = gp_careful_of_f32(ak, (gp_op)op, act.accuracy);
                    gp_kernel_f64 c64 = gp_careful_of_f64(ak, (gp_op)op, act.accuracy);
                    if (c32)
                        check(t, &act, (gp_op)op, 1, gp_kernel_of_f32(ak, (gp_op)op, act.accuracy), c32, NULL, NULL,
                              &digest);
                    if (c64)
                        check(t, &act, (gp_op)op, 0, NULL, NULL, gp_kernel_of_f64(ak, (gp_op)op, act.accuracy), c64,
                              &digest);
                }
            }
        }
        printf("%s: digest of the compared results %016" PRIx64 "\n", t->name, digest);
    }
    check_in_place();
    if (bad || tbad || inplace_bad) {
        fprintf(stderr, "test_careful: %ld results differ, %ld table entries out of rule, %ld in-place calls differ\n",
                bad, tbad, inplace_bad);
        return 1;
    }
    printf("test_careful: %d ISAs, %ld blocks of %d bit-identical (careful = fast), %ld blocks with "
           "FE_UNDERFLOW not compared; %ld calls in place as out of place\n",
           nisa, compared, BLK, skipped, inplace_calls);
    return 0;
}
