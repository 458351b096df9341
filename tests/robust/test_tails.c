/* The far tails of backward = da * g'(z) for sigmoid and tanh, any da.
 * g'(z) = e^-|z| / (1 + e^-|z|)^2 (sigmoid), 4 e^-2|z| / (1 + e^-2|z|)^2 (tanh)
 * is evaluated here in long double (x87: 64-bit mantissa, exponent range to
 * 1e-4951, so e^-|z| does not underflow for any |z| up to ~11000 and is 0,
 * correctly, beyond), multiplied by da and rounded to the type.  The library
 * must be within 3 ulp (header: g' bound + 0.5 ulp) on every ISA path, also
 * where |da| is huge and g' tiny (da * g' is then a normal number far from 0
 * or a correctly signed zero).  Also grad (da = 1) at the same points. */
#include <float.h>
#include "robust_util.h"

#if LDBL_MANT_DIG < 64 || LDBL_MAX_EXP < 16384
int main(void)
{
    printf("test_tails: needs an x87-style long double; skipped\n");
    return 0;
}
#else
static long double bell(int tanh_, long double z)
{
    long double y = fabsl(z) * (tanh_ ? 2.0L : 1.0L);
    long double e = expl(-y);
    return (tanh_ ? 4.0L : 1.0L) * e / ((1.0L + e) * (1.0L + e));
}

int main(void)
{
    static const double zs[] = {20, 40, 60, 100, 109, 111, 150, 200, 300, 400, 500, 700, 745, 799, 801, 1000, 1500,
                                5000, 1e5, 1e300, INFINITY};
    static const double das[] = {1, -1, 1e10, -1e30, 3e38, -1e100, 1e200, -1e300, DBL_MAX};
    /* valgrind emulates x87 arithmetic in double precision: no reference then */
    volatile long double tiny = 0x1p-16000L;
    if (!(tiny * 0x1p15000L > 0x1p-1100L) || !(expl(-1000.0L) > 0)) {
        printf("test_tails: long double arithmetic is not extended here (valgrind?); skipped\n");
        return 0;
    }
    long bad = 0;
    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
        const gp_kernel_table *t = rb_table(isa);
        if (!t)
            continue;
        for (int th = 0; th < 2; th++) {
            gp_kind kind = th ? GP_TANH : GP_SIGMOID;
            gp_act act = gp_act_default(kind);
            gp_params p;
            gp_params_from_act(&act, &p);
            for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++)
                for (int s = -1; s <= 1; s += 2)
                    for (size_t j = 0; j < sizeof das / sizeof das[0]; j++) {
                        double z = s * zs[i], da = das[j], got;
                        long double exact = (long double)da * bell(th, z);
                        double want = (double)exact;
                        t->act[kind]->f64[GP_OP_BACKWARD](&p, 1, &z, &da, &got);
                        if (rb_ulps64(got, want) > 3) {
                            if (bad++ < (getenv("RB_VERBOSE") ? 100000 : 20))
                                fprintf(stderr, "f64 %s %s backward(z=%g, da=%g) = %.17g, expected %.17Lg\n",
                                        t->name, gp_kind_name(kind), z, da, got, exact);
                        }
                        if (fabs(z) > FLT_MAX || fabs(da) > FLT_MAX)
                            continue;
                        float zf = (float)z, df = (float)da, gf;
                        float wantf = (float)((long double)df * bell(th, zf));
                        t->act[kind]->f32[GP_OP_BACKWARD](&p, 1, &zf, &df, &gf);
                        if (rb_ulps32(gf, wantf) > 3) {
                            if (bad++ < (getenv("RB_VERBOSE") ? 100000 : 20))
                                fprintf(stderr, "f32 %s %s backward(z=%g, da=%g) = %.9g, expected %.9g\n", t->name,
                                        gp_kind_name(kind), (double)zf, (double)df, (double)gf, (double)wantf);
                        }
                    }
        }
    }
    if (bad) {
        fprintf(stderr, "test_tails: %ld results off by more than 3 ulp\n", bad);
        return 1;
    }
    printf("test_tails: sigmoid/tanh backward in the tails, |da| up to DBL_MAX: within 3 ulp on every path\n");
    return 0;
}
#endif
