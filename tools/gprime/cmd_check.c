/* gprime check ACT : the derivative against a central difference of the
 * forward function and against the from-output form. */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#include "act/desc.h"

static void help(void)
{
    printf("Usage: gprime check [OPTIONS] ACT\n"
           "Compares, on evenly spaced points, each operation the activation has with a reference:\n"
           "  grad                  the central difference D(h) = (g(z+h) - g(z-h)) / 2h, h = cbrt(eps) * max(1, |z|),\n"
           "                        or 2 D(h/2) - D(h) where that is closer (a corner of g', softsign's at 0)\n"
           "  grad_from_output      grad (reported only: a = g(z) is rounded, see docs/CLI.md)\n"
           "  backward              grad, with da = 1, within the two operations' ulp bounds\n"
           "  backward_from_output  grad_from_output, with da = 1, within the two bounds\n"
           "and reports the largest differences and where they occur.  Points whose\n"
           "difference interval holds a kink of the activation (relu's z = 0) are skipped.\n"
           "Exit status 0 when the central-difference agreement is within the tolerance\n"
           "(1e-6 in f64, 1e-3 in f32, relative to max(1, |g'|)) and every backward form\n"
           "within its bound, else 1.\n\n"
           "  -r, --range LO:HI  interval, |LO|, |HI| <= 1e300 (1e38 in f32), HI - LO >= 1e-300 (1e-30)\n"
           "                     (default: the activation's shown range, e.g. -8:8 for sigmoid)\n"
           "  -n, --points N     number of points, 2..1000000 (default 1001)\n"
           "  -t, --type T       f64 (default) or f32\n"
           "  -h, --help         this help\n");
}

typedef struct {
    double max_abs, at_abs;   /* largest |difference| and its z */
    double max_rel, at_rel;   /* largest |difference| / max(1, |g'|) and its z */
} worst;

static void note(worst *w, double z, double ref, double d)
{
    double ad = fabs(d), rd = ad / fmax(1.0, fabs(ref));
    if (isnan(d) || ad > w->max_abs) {
        w->max_abs = ad;
        w->at_abs = z;
    }
    if (isnan(d) || rd > w->max_rel) {
        w->max_rel = rd;
        w->at_rel = z;
    }
}

// apply: out = op(x[, da]) in the type (f32: through float copies)
// x, da, out (n)
static gp_status apply(const gp_act *act, gp_op op, size_t n, const double *x, const double *da, double *out, int f32)
{
    if (!f32)
        return gp_apply_f64(act, op, n, x, da, out);
    float *b = calloc(2 * n, sizeof *b);
    if (!b)
        return GP_ERR_NULL;
    for (size_t i = 0; i < n; i++) {
        b[i] = (float)x[i];
        b[n + i] = da ? (float)da[i] : 0.0f;
    }
    gp_status st = gp_apply_f32(act, op, n, b, b + n, b + n);
    for (size_t i = 0; i < n && st == GP_OK; i++)
        out[i] = b[n + i];
    free(b);
    return st;
}

/* |x - ref| in units in the last place of ref in the type */
static double ulps(double x, double ref, int f32)
{
    if (x == ref)
        return 0.0;
    double r = fabs(ref);
    double u = f32 ? (double)(nextafterf((float)r, INFINITY) - (float)r) : nextafter(r, INFINITY) - r;
    double d = fabs(x - ref) / u;
    return isnan(d) ? INFINITY : d;
}

int check_parse(int argc, char **argv, check_args *a)
{
    static const struct option opts[] = {
        {"range", required_argument, NULL, 'r'}, {"points", required_argument, NULL, 'n'},
        {"type", required_argument, NULL, 't'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->npts = 1001;
    const char *range = NULL, *why;
    int c;
    argv[0] = "gprime check";
    while ((c = getopt_long(argc, argv, "r:n:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            range = optarg; /* read once the type is known */
            break;
        case 'n':
            if (cli_parse_size(optarg, &a->npts) || a->npts < 2 || a->npts > CLI_CHECK_MAX_POINTS)
                return cli_usage_error("check", "--points wants an integer from 2 to %d, not '%s'",
                                       CLI_CHECK_MAX_POINTS, optarg);
            break;
        case 't':
            if (strcmp(optarg, "f64") == 0)
                a->f32 = 0;
            else if (strcmp(optarg, "f32") == 0)
                a->f32 = 1;
            else
                return cli_usage_error("check", "--type must be f32 or f64, not '%s'", optarg);
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("check", "bad option");
        }
    }
    if (range && cli_parse_range_why(range, a->f32, &a->lo, &a->hi, &why))
        return cli_usage_error("check", "--range '%s': %s", range, why);
    if (optind >= argc)
        return cli_usage_error("check", "missing activation");
    if (optind + 1 < argc)
        return cli_usage_error("check", "one activation only; unexpected '%s'", argv[optind + 1]);
    int rc = cli_parse_act("check", argv[optind], &a->act);
    if (rc)
        return rc;
    if (!range)
        a->lo = gp_desc(a->act.kind)->show_lo, a->hi = gp_desc(a->act.kind)->show_hi;
    return -1;
}

int cmd_check(int argc, char **argv)
{
    check_args a;
    int rc = check_parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    gp_act act = a.act;
    const gp_act_desc *d = gp_desc(act.kind);
    double lo = a.lo, hi = a.hi;
    int f32 = a.f32;
    size_t npts = a.npts;

    size_t n = npts;
    /* z, z+h, z-h, da = 1, g(z), g(z+h), g(z-h), z+h/2, z-h/2, g(z+h/2), g(z-h/2),
     * then one column per operation */
    double *buf = malloc((11 + GP_OP_COUNT) * n * sizeof *buf);
    if (!buf)
        return cli_fail("check", 1, "out of memory");
    double *z = buf, *zp = buf + n, *zm = buf + 2 * n, *ones = buf + 3 * n, *g = buf + 4 * n, *gp = buf + 5 * n,
           *gm = buf + 6 * n, *zp2 = buf + 7 * n, *zm2 = buf + 8 * n, *gp2 = buf + 9 * n, *gm2 = buf + 10 * n,
           *out = buf + 11 * n; /* out + op * n */
    double eps = f32 ? FLT_EPSILON : DBL_EPSILON;
    double ch = cbrt(eps);
    for (size_t i = 0; i < n; i++) {
        z[i] = lo + (hi - lo) * (double)i / (double)(n - 1);
        double h = ch * fmax(1.0, fabs(z[i]));
        if (f32) {
            z[i] = (float)z[i];
            zp[i] = (float)(z[i] + h);
            zm[i] = (float)(z[i] - h);
            zp2[i] = (float)(z[i] + h / 2);
            zm2[i] = (float)(z[i] - h / 2);
        } else {
            zp[i] = z[i] + h;
            zm[i] = z[i] - h;
            zp2[i] = z[i] + h / 2;
            zm2[i] = z[i] - h / 2;
        }
        ones[i] = 1.0;
    }
    gp_status st = apply(&act, GP_OP_FORWARD, n, z, NULL, g, f32);
    if (!st)
        st = apply(&act, GP_OP_FORWARD, n, zp, NULL, gp, f32);
    if (!st)
        st = apply(&act, GP_OP_FORWARD, n, zm, NULL, gm, f32);
    if (!st)
        st = apply(&act, GP_OP_FORWARD, n, zp2, NULL, gp2, f32);
    if (!st)
        st = apply(&act, GP_OP_FORWARD, n, zm2, NULL, gm2, f32);
    int has[GP_OP_COUNT];
    for (int op = 0; op < GP_OP_COUNT && !st; op++) {
        has[op] = cli_act_has(&act, (gp_op)op);
        int from_a = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
        if (has[op])
            st = apply(&act, (gp_op)op, n, from_a ? g : z, ones, out + op * n, f32);
    }
    if (st != GP_OK) {
        free(buf);
        return cli_fail("check", 1, "%s", gp_strerror(st));
    }
    const double *dg = out + GP_OP_GRAD * n, *dga = out + GP_OP_GRAD_FROM_OUTPUT * n;
    /* backward (da = 1) against grad, backward_from_output against grad_from_output */
    static const struct {
        gp_op op, ref;
        const char *text;
    } fused[] = {
        {GP_OP_BACKWARD, GP_OP_GRAD, "backward (da = 1) vs g'(z):"},
        {GP_OP_BACKWARD_FROM_OUTPUT, GP_OP_GRAD_FROM_OUTPUT, "backward from a (da = 1) vs g' from a:"},
    };
    double fused_max[2] = {0, 0}, fused_at[2] = {0, 0};
    worst wc = {0, 0, 0, 0}, wa = {0, 0, 0, 0};
    size_t skipped = 0;
    for (size_t i = 0; i < n; i++) {
        int on_kink = 0;
        for (int k = 0; k < d->nkinks; k++)
            on_kink |= zm[i] <= d->kinks[k] && zp[i] >= d->kinks[k];
        if (on_kink) {
            skipped++;
            continue;
        }
        /* D(h), and 2 D(h/2) - D(h), which cancels an O(h) error where g'' jumps */
        double cd = (gp[i] - gm[i]) / (zp[i] - zm[i]);
        double cd2 = 2 * (gp2[i] - gm2[i]) / (zp2[i] - zm2[i]) - cd;
        note(&wc, z[i], dg[i], fabs(dg[i] - cd2) < fabs(dg[i] - cd) ? dg[i] - cd2 : dg[i] - cd);
        if (has[GP_OP_GRAD_FROM_OUTPUT])
            note(&wa, z[i], dg[i], dg[i] - dga[i]);
        for (int f = 0; f < 2; f++) {
            double u = has[fused[f].op] ? ulps(out[fused[f].op * n + i], out[fused[f].ref * n + i], f32) : 0.0;
            if (u > fused_max[f])
                fused_max[f] = u, fused_at[f] = z[i];
        }
    }
    free(buf);
    double tol = f32 ? 1e-3 : 1e-6;
    char spec[128];
    gp_act_format(&act, spec, sizeof spec);
    printf("check %s on [%g, %g], %zu points, %s (isa %s)\n", spec, lo, hi, n, f32 ? "float32" : "float64",
           gp_isa_name());
    printf("  g'(z) vs central difference:  max |diff| %.3e at z = %.6g; max rel %.3e at z = %.6g\n", wc.max_abs,
           wc.at_abs, wc.max_rel, wc.at_rel);
    if (has[GP_OP_GRAD_FROM_OUTPUT])
        printf("  g'(z) vs g'(z) from a = g(z): max |diff| %.3e at z = %.6g; max rel %.3e at z = %.6g\n", wa.max_abs,
               wa.at_abs, wa.max_rel, wa.at_rel);
    else if (gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT))
        printf("  g'(z) from a: not defined for these parameters (%s)\n", gp_strerror(gp_act_check(&act, 1)));
    else
        printf("  g'(z) from a: %s has no from-output form\n", d->name);
    int ok = wc.max_rel <= tol;
    for (int f = 0; f < 2; f++) {
        if (!has[fused[f].op])
            continue;
        /* the act's tier's bounds (the fast tier's are wider) */
        double bound = gp_desc_ulp(d, act.accuracy, f32 ? 0 : 1, fused[f].op) +
                       gp_desc_ulp(d, act.accuracy, f32 ? 0 : 1, fused[f].ref);
        printf("  %-39s max %.2f ulp at z = %.6g (bound %g)\n", fused[f].text, fused_max[f], fused_at[f], bound);
        ok &= fused_max[f] <= bound;
    }
    if (skipped)
        printf("  skipped %zu point%s whose difference interval holds a kink\n", skipped, skipped == 1 ? "" : "s");
    printf("result: %s (tolerance %.0e relative to max(1, |g'|))\n", ok ? "ok" : "FAILED", tol);
    return ok ? 0 : 1;
}
