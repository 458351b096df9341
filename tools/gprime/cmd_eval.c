/* gprime eval ACT Z... : z, g(z), g'(z) from z, g'(z) from a = g(z). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("Usage: gprime eval [OPTIONS] ACT Z...\n"
           "Prints z, g(z), g'(z) computed from z, and g'(z) computed from the output a = g(z)\n"
           "(the form backpropagation uses with a cached activation).\n\n"
           "  -f, --format FMT  table (default), csv or json (non-finite numbers are null in json)\n"
           "  -t, --type T      f64 (default) or f32\n"
           "  -h, --help        this help\n\n"
           "Negative values need no '--':  gprime eval sigmoid -10 0 10\n");
}

static void put_json(double v, int f32)
{
    if (isfinite(v))
        printf(f32 ? "%.9g" : "%.17g", v);
    else
        printf("null");
}

int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"type", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* numbers such as -10 are values, not options: set them aside first */
    char **oargv = calloc((size_t)argc + 1, sizeof *oargv);
    const char **vals = calloc((size_t)argc + 1, sizeof *vals);
    if (!oargv || !vals) {
        free(oargv);
        free(vals);
        return cli_fail("eval", 1, "out of memory");
    }
    int oargc = 0, nvals = 0, rc = 0;
    oargv[oargc++] = "gprime eval";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                vals[nvals++] = argv[i];
            break;
        }
        if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "-t") == 0 ||
             strcmp(a, "--type") == 0) && i + 1 < argc) {
            oargv[oargc++] = argv[i++];
            oargv[oargc++] = argv[i];
        } else if (cli_is_number(a)) {
            vals[nvals++] = a;
        } else {
            oargv[oargc++] = argv[i];
        }
    }
    const char *format = "table";
    int f32 = 0;
    int c;
    while ((c = getopt_long(oargc, oargv, "f:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "table") && strcmp(optarg, "csv") && strcmp(optarg, "json")) {
                rc = cli_usage_error("eval", "--format must be table, csv or json, not '%s'", optarg);
                goto done;
            }
            format = optarg;
            break;
        case 't':
            if (strcmp(optarg, "f64") == 0 || strcmp(optarg, "float64") == 0)
                f32 = 0;
            else if (strcmp(optarg, "f32") == 0 || strcmp(optarg, "float32") == 0)
                f32 = 1;
            else {
                rc = cli_usage_error("eval", "--type must be f32 or f64, not '%s'", optarg);
                goto done;
            }
            break;
        case 'h':
            help();
            goto done;
        default:
            rc = cli_usage_error("eval", "bad option");
            goto done;
        }
    }
    if (optind >= oargc) {
        rc = cli_usage_error("eval", "missing activation");
        goto done;
    }
    gp_act act;
    if ((rc = cli_parse_act("eval", oargv[optind], &act)) != 0)
        goto done;
    if (optind + 1 < oargc) {
        rc = cli_usage_error("eval", "'%s' is not a number", oargv[optind + 1]);
        goto done;
    }
    if (nvals == 0) {
        rc = cli_usage_error("eval", "no values of z given");
        goto done;
    }
    size_t n = (size_t)nvals;
    double *z = malloc(n * sizeof *z), *g = malloc(n * sizeof *g), *dz = malloc(n * sizeof *dz),
           *da = malloc(n * sizeof *da);
    if (!z || !g || !dz || !da) {
        rc = cli_fail("eval", 1, "out of memory");
        goto freeall;
    }
    for (size_t i = 0; i < n; i++) {
        char *end;
        z[i] = strtod(vals[i], &end);
        if (*end || end == vals[i]) {
            rc = cli_usage_error("eval", "'%s' is not a number", vals[i]);
            goto freeall;
        }
    }
    gp_status st = GP_OK;
    if (f32) {
        float *zf = malloc(n * sizeof *zf), *bf = malloc(3 * n * sizeof *bf);
        if (!zf || !bf) {
            free(zf);
            free(bf);
            rc = cli_fail("eval", 1, "out of memory");
            goto freeall;
        }
        for (size_t i = 0; i < n; i++)
            zf[i] = (float)z[i];
        st = gp_forward_f32(&act, n, zf, bf);
        if (st == GP_OK)
            st = gp_grad_f32(&act, n, zf, bf + n);
        if (st == GP_OK)
            st = gp_grad_from_output_f32(&act, n, bf, bf + 2 * n);
        for (size_t i = 0; i < n; i++) {
            z[i] = zf[i];
            g[i] = bf[i];
            dz[i] = bf[n + i];
            da[i] = bf[2 * n + i];
        }
        free(zf);
        free(bf);
    } else {
        st = gp_forward_f64(&act, n, z, g);
        if (st == GP_OK)
            st = gp_grad_f64(&act, n, z, dz);
        if (st == GP_OK)
            st = gp_grad_from_output_f64(&act, n, g, da);
    }
    if (st == GP_ERR_PARAM) {
        rc = cli_usage_error("eval", "activation not usable from the output: %s", gp_strerror(st));
        goto freeall;
    }
    if (st != GP_OK) {
        rc = cli_fail("eval", 1, "%s", gp_strerror(st));
        goto freeall;
    }
    char spec[96];
    gp_act_format(&act, spec, sizeof spec);
    const char *tname = f32 ? "f32" : "f64";
    if (strcmp(format, "csv") == 0) {
        printf("z,g,dg_from_z,dg_from_a\n");
        for (size_t i = 0; i < n; i++)
            printf(f32 ? "%.9g,%.9g,%.9g,%.9g\n" : "%.17g,%.17g,%.17g,%.17g\n", z[i], g[i], dz[i], da[i]);
    } else if (strcmp(format, "json") == 0) {
        printf("{\"activation\": \"%s\", \"type\": \"%s\", \"rows\": [", spec, tname);
        for (size_t i = 0; i < n; i++) {
            printf("%s\n  {\"z\": ", i ? "," : "");
            put_json(z[i], f32);
            printf(", \"g\": ");
            put_json(g[i], f32);
            printf(", \"dg_from_z\": ");
            put_json(dz[i], f32);
            printf(", \"dg_from_a\": ");
            put_json(da[i], f32);
            printf("}");
        }
        printf("\n]}\n");
    } else {
        printf("%s, %s\n", spec, f32 ? "float32" : "float64");
        printf("%14s  %16s  %16s  %16s\n", "z", "g(z)", "g'(z) from z", "g'(z) from a");
        for (size_t i = 0; i < n; i++)
            printf("%14.6g  %16.9g  %16.9g  %16.9g\n", z[i], g[i], dz[i], da[i]);
    }
freeall:
    free(z);
    free(g);
    free(dz);
    free(da);
done:
    free(oargv);
    free(vals);
    return rc;
}
