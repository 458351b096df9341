/* Issue 19, class "smaller" (numbers): a spec number of any length that
 * strtod reads is taken (hundreds of digits used to be refused); a nonzero
 * number below the smallest double (1e-400) is refused rather than made 0;
 * a subnormal one is kept; and an f32 call refuses a parameter with |v| >
 * FLT_MAX even when (float)v rounds down to FLT_MAX.  Every parameter of
 * every activation of the table. */
#include <float.h>

#include "act/desc.h"
#include "robust_util.h"

static int bad;
#define CHECK(c)                                                                                                       \
    do {                                                                                                               \
        if (!(c)) {                                                                                                    \
            fprintf(stderr, "%s:%d: failed: %s (%s)\n", __FILE__, __LINE__, #c, spec);                                 \
            bad++;                                                                                                     \
        }                                                                                                              \
    } while (0)

/* an allowed value of q near v, or NAN if v is outside q's range */
static int allowed(const gp_param_desc *q, double v) { return v <= q->hi && (q->lo_open ? v > q->lo : v >= q->lo); }

int main(void)
{
    char spec[2048];
    int tried = 0;
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            gp_act a;
            /* 0.5 written with 600 digits: 0.5000...0001 rounds to 0.5 */
            if (allowed(q, 0.5)) {
                int n = snprintf(spec, sizeof spec, "%s(%s=0.5", d->name, q->key);
                for (int j = 0; j < 600; j++)
                    spec[n++] = '0';
                snprintf(spec + n, sizeof spec - (size_t)n, "1)");
                CHECK(gp_act_parse(spec, &a) == GP_OK && gp_act_value(&a, q) == 0.5);
                tried++;
            }
            /* 1e-400 is not 0 */
            snprintf(spec, sizeof spec, "%s(%s=1e-400)", d->name, q->key);
            CHECK(gp_act_parse(spec, &a) == GP_ERR_PARSE);
            snprintf(spec, sizeof spec, "%s(%s=-1e-400)", d->name, q->key);
            CHECK(gp_act_parse(spec, &a) == GP_ERR_PARSE);
            /* a subnormal is the value typed, rounded */
            if (allowed(q, 1e-310)) {
                snprintf(spec, sizeof spec, "%s(%s=1e-310)", d->name, q->key);
                CHECK(gp_act_parse(spec, &a) == GP_OK && gp_act_value(&a, q) == 1e-310);
            }
            /* f32: a value just above FLT_MAX that rounds to FLT_MAX as a float */
            double above = (double)FLT_MAX * (1.0 + 0x1p-26);
            if (allowed(q, above) && (float)above == FLT_MAX) {
                a = gp_act_default(d->kind);
                *gp_act_slot(&a, q) = above;
                if (d->kink_slopes) {
                    double l, r;
                    d->kink_slopes(&a, &l, &r);
                    a.grad_at_zero = l < r ? l : r;
                    if (!(fabs(a.grad_at_zero) <= FLT_MAX))
                        a.grad_at_zero = 1.0; /* between the slopes 1 and `above` */
                }
                snprintf(spec, sizeof spec, "%s with %s = FLT_MAX * (1 + 2^-26)", d->name, q->key);
                float x[4] = {-1, 0, 1, 2}, y[4];
                double xd[4] = {-1, 0, 1, 2}, yd[4];
                if (gp_act_check(&a, 0) == GP_OK) {
                    CHECK(gp_forward_f32(&a, 4, x, y) == GP_ERR_PARAM);
                    CHECK(gp_forward_f64(&a, 4, xd, yd) == GP_OK);
                    tried++;
                }
            }
        }
    }
    snprintf(spec, sizeof spec, "(table)");
    CHECK(tried > 0);
    if (bad) {
        fprintf(stderr, "test_spec_numbers: %d checks failed\n", bad);
        return 1;
    }
    printf("test_spec_numbers: all checks passed (%d cases)\n", tried);
    return 0;
}
