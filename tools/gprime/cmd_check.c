/* gprime check ACT : the derivative against a central difference of the
 * forward function and against the from-output form. */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("Usage: gprime check [OPTIONS] ACT\n"
           "Compares g'(z) (gp_grad) on evenly spaced points with\n"
           "  - the central difference (g(z+h) - g(z-h)) / 2h, h = cbrt(eps) * max(1, |z|), and\n"
           "  - g'(z) from the output, gp_grad_from_output(g(z)),\n"
           "and reports the largest differences and where they occur.  Points whose\n"
           "difference interval contains the kink of relu/leaky_relu (z = 0) are skipped.\n"
           "Exit status 0 when the central-difference agreement is within the tolerance\n"
           "(1e-6 in f64, 1e-3 in f32, relative to max(1, |g'|)), else 1.\n\n"
           "  -r, --range LO:HI  interval (default -6:6)\n"
           "  -n, --points N     number of points, >= 2 (default 1001)\n"
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

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"range", required_argument, NULL, 'r'}, {"points", required_argument, NULL, 'n'},
        {"type", required_argument, NULL, 't'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    double lo = -6.0, hi = 6.0;
    size_t npts = 1001;
    int f32 = 0, c;
    argv[0] = "gprime check";
    while ((c = getopt_long(argc, argv, "r:n:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (cli_parse_range(optarg, &lo, &hi))
                return cli_usage_error("check", "--range wants LO:HI with LO < HI, not '%s'", optarg);
            break;
        case 'n':
            if (cli_parse_size(optarg, &npts) || npts < 2 || npts > 100000000)
                return cli_usage_error("check", "--points wants an integer from 2 to 1e8, not '%s'", optarg);
            break;
        case 't':
            if (strcmp(optarg, "f64") == 0)
                f32 = 0;
            else if (strcmp(optarg, "f32") == 0)
                f32 = 1;
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
    if (optind >= argc)
        return cli_usage_error("check", "missing activation");
    if (optind + 1 < argc)
        return cli_usage_error("check", "one activation only; unexpected '%s'", argv[optind + 1]);
    gp_act act;
    int rc = cli_parse_act("check", argv[optind], &act);
    if (rc)
        return rc;
    int from_output_ok = gp_act_check(&act, 1) == GP_OK;

    size_t n = npts;
    /* columns: z, z+h, z-h, g'(z), g(z), g(z+h), g(z-h), g' from a */
    double *buf = malloc(8 * n * sizeof *buf);
    float *fb = f32 ? malloc(8 * n * sizeof *fb) : NULL;
    if (!buf || (f32 && !fb)) {
        free(buf);
        free(fb);
        return cli_fail("check", 1, "out of memory");
    }
    double *z = buf, *zp = buf + n, *zm = buf + 2 * n, *dg = buf + 3 * n, *g = buf + 4 * n, *gp = buf + 5 * n,
           *gm = buf + 6 * n, *dga = buf + 7 * n;
    double eps = f32 ? FLT_EPSILON : DBL_EPSILON;
    double ch = cbrt(eps);
    for (size_t i = 0; i < n; i++) {
        z[i] = lo + (hi - lo) * (double)i / (double)(n - 1);
        double h = ch * fmax(1.0, fabs(z[i]));
        if (f32) {
            fb[i] = (float)z[i];
            z[i] = fb[i];
            fb[n + i] = (float)(z[i] + h);
            fb[2 * n + i] = (float)(z[i] - h);
            zp[i] = fb[n + i];
            zm[i] = fb[2 * n + i];
        } else {
            zp[i] = z[i] + h;
            zm[i] = z[i] - h;
        }
    }
    gp_status st = GP_OK;
    if (f32) {
        float *fz = fb, *fzp = fb + n, *fzm = fb + 2 * n, *fdg = fb + 3 * n, *fg = fb + 4 * n, *fgp = fb + 5 * n,
              *fgm = fb + 6 * n, *fdga = fb + 7 * n;
        st = gp_grad_f32(&act, n, fz, fdg);
        if (!st)
            st = gp_forward_f32(&act, n, fz, fg);
        if (!st)
            st = gp_forward_f32(&act, n, fzp, fgp);
        if (!st)
            st = gp_forward_f32(&act, n, fzm, fgm);
        if (!st && from_output_ok)
            st = gp_grad_from_output_f32(&act, n, fg, fdga);
        for (size_t i = 0; i < 5 * n; i++)
            buf[3 * n + i] = fb[3 * n + i];
    } else {
        st = gp_grad_f64(&act, n, z, dg);
        if (!st)
            st = gp_forward_f64(&act, n, z, g);
        if (!st)
            st = gp_forward_f64(&act, n, zp, gp);
        if (!st)
            st = gp_forward_f64(&act, n, zm, gm);
        if (!st && from_output_ok)
            st = gp_grad_from_output_f64(&act, n, g, dga);
    }
    free(fb);
    if (st != GP_OK) {
        free(buf);
        return cli_fail("check", 1, "%s", gp_strerror(st));
    }
    int kinked = act.kind == GP_RELU || act.kind == GP_LEAKY_RELU;
    worst wc = {0, 0, 0, 0}, wa = {0, 0, 0, 0};
    size_t skipped = 0;
    for (size_t i = 0; i < n; i++) {
        if (kinked && zm[i] <= 0.0 && zp[i] >= 0.0) {
            skipped++;
            continue;
        }
        double cd = (gp[i] - gm[i]) / (zp[i] - zm[i]);
        note(&wc, z[i], dg[i], dg[i] - cd);
        if (from_output_ok)
            note(&wa, z[i], dg[i], dg[i] - dga[i]);
    }
    free(buf);
    double tol = f32 ? 1e-3 : 1e-6;
    char spec[96];
    gp_act_format(&act, spec, sizeof spec);
    printf("check %s on [%g, %g], %zu points, %s (isa %s)\n", spec, lo, hi, n, f32 ? "float32" : "float64",
           gp_isa_name());
    printf("  g'(z) vs central difference:  max |diff| %.3e at z = %.6g; max rel %.3e at z = %.6g\n", wc.max_abs,
           wc.at_abs, wc.max_rel, wc.at_rel);
    if (from_output_ok)
        printf("  g'(z) vs g'(z) from a = g(z): max |diff| %.3e at z = %.6g; max rel %.3e at z = %.6g\n", wa.max_abs,
               wa.at_abs, wa.max_rel, wa.at_rel);
    else
        printf("  g'(z) from a: not defined for this activation (alpha < 0)\n");
    if (skipped)
        printf("  skipped %zu point%s whose difference interval holds the kink at 0\n", skipped,
               skipped == 1 ? "" : "s");
    int ok = wc.max_rel <= tol;
    printf("result: %s (tolerance %.0e relative to max(1, |g'|))\n", ok ? "ok" : "FAILED", tol);
    return ok ? 0 : 1;
}
