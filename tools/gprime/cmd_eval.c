/* gprime eval ACT Z... : z, g(z), g'(z) from z, g'(z) from a = g(z) where act has that form. */
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
           "(the form backpropagation uses with a cached activation) where the activation has\n"
           "that form for its parameters.\n\n"
           "  -f, --format FMT  table (default), csv or json (non-finite numbers are null in json)\n"
           "  -t, --type T      f64 (default) or f32\n"
           "  -h, --help        this help\n\n"
           "Negative values need no '--':  gprime eval sigmoid -10 0 10\n\n"
           "Activations (ACT is NAME or NAME(KEY=VALUE, ...)):\n");
    cli_print_acts(stdout, 1);
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
    /* the columns act has: g from z, g' from z, g' from a = g(z) (the first column's values) */
    static const struct {
        gp_op op;
        const char *key, *head;
    } cols[] = {
        {GP_OP_FORWARD, "g", "g(z)"},
        {GP_OP_GRAD, "dg_from_z", "g'(z) from z"},
        {GP_OP_GRAD_FROM_OUTPUT, "dg_from_a", "g'(z) from a"},
    };
    enum { NCOL = sizeof cols / sizeof cols[0] };
    int has[NCOL];
    for (int c = 0; c < NCOL; c++)
        has[c] = cli_act_has(&act, cols[c].op);
    size_t n = (size_t)nvals;
    double *z = malloc((NCOL + 1) * n * sizeof *z);
    float *zf = f32 ? malloc((NCOL + 1) * n * sizeof *zf) : NULL;
    if (!z || (f32 && !zf)) {
        rc = cli_fail("eval", 1, "out of memory");
        goto freeall;
    }
    double *v = z + n; /* column c at v + c * n */
    for (size_t i = 0; i < n; i++) {
        if (cli_parse_number(vals[i], &z[i])) {
            rc = cli_usage_error("eval", "'%s' is not a number a double can hold (inf and nan are taken; 1e400 and "
                                 "1e-400 are not)", vals[i]);
            goto freeall;
        }
    }
    gp_status st = GP_OK;
    for (int c = 0; c < NCOL && st == GP_OK; c++) {
        if (!has[c])
            continue;
        int from_a = cols[c].op == GP_OP_GRAD_FROM_OUTPUT;
        if (f32) {
            for (size_t i = 0; i < n; i++)
                zf[i] = (float)z[i];
            st = gp_apply_f32(&act, cols[c].op, n, from_a ? zf + n : zf, NULL, zf + (c + 1) * n);
            for (size_t i = 0; i < n; i++)
                z[(c + 1) * n + i] = zf[(c + 1) * n + i];
        } else {
            st = gp_apply_f64(&act, cols[c].op, n, from_a ? v : z, NULL, v + c * n);
        }
    }
    if (f32)
        for (size_t i = 0; i < n; i++)
            z[i] = (float)z[i];
    if (st != GP_OK) {
        rc = st == GP_ERR_PARAM ? cli_usage_error("eval", "%s in %s: %s", oargv[optind], f32 ? "f32" : "f64",
                                                  gp_strerror(st))
                                : cli_fail("eval", 1, "%s", gp_strerror(st));
        goto freeall;
    }
    char spec[128];
    gp_act_format(&act, spec, sizeof spec);
    const char *tname = f32 ? "f32" : "f64";
    if (strcmp(format, "csv") == 0) {
        printf("z");
        for (int c = 0; c < NCOL; c++)
            if (has[c])
                printf(",%s", cols[c].key);
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            printf(f32 ? "%.9g" : "%.17g", z[i]);
            for (int c = 0; c < NCOL; c++)
                if (has[c])
                    printf(f32 ? ",%.9g" : ",%.17g", v[c * n + i]);
            printf("\n");
        }
    } else if (strcmp(format, "json") == 0) {
        printf("{\"activation\": \"%s\", \"type\": \"%s\", \"rows\": [", spec, tname);
        for (size_t i = 0; i < n; i++) {
            printf("%s\n  {\"z\": ", i ? "," : "");
            put_json(z[i], f32);
            for (int c = 0; c < NCOL; c++) {
                if (!has[c])
                    continue;
                printf(", \"%s\": ", cols[c].key);
                put_json(v[c * n + i], f32);
            }
            printf("}");
        }
        printf("\n]}\n");
    } else {
        printf("%s, %s\n", spec, f32 ? "float32" : "float64");
        printf("%14s", "z");
        for (int c = 0; c < NCOL; c++)
            if (has[c])
                printf("  %16s", cols[c].head);
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            printf("%14.6g", z[i]);
            for (int c = 0; c < NCOL; c++)
                if (has[c])
                    printf("  %16.9g", v[c * n + i]);
            printf("\n");
        }
    }
freeall:
    free(z);
    free(zf);
done:
    free(oargv);
    free(vals);
    return rc;
}
