/* Helpers shared by the gprime commands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include "act/desc.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gprime%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'gprime%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return 2;
}

int cli_fail(const char *cmd, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gprime%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

void cli_reset_getopt(void)
{
    optind = 0; /* glibc: 0 re-initialises the scanner completely */
    opterr = 1;
}

/* The one number rule of the tool: strtod over the whole string, and a
 * number whose magnitude is outside the double range is refused rather than
 * changed (1e400 would become inf, 1e-400 would become 0).  Subnormal
 * results are kept: they are the nearest double to what was typed. */
int cli_parse_number(const char *s, double *v)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*end != '\0' || end == s)
        return -1;
    /* ERANGE with 0 or inf: a nonzero finite literal that left the range ("inf" sets no ERANGE) */
    if (errno == ERANGE && (x == 0.0 || isinf(x)))
        return -1;
    *v = x;
    return 0;
}

int cli_parse_double(const char *s, double *v)
{
    double x;
    if (cli_parse_number(s, &x) || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *v)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end != '\0' || errno)
        return -1;
    *v = (uint64_t)x;
    return 0;
}

int cli_parse_size(const char *s, size_t *v)
{
    uint64_t x;
    if (cli_parse_u64(s, &x) || x > SIZE_MAX)
        return -1;
    *v = (size_t)x;
    return 0;
}

const char *cli_range_problem(double lo, double hi, int f32)
{
    double max = f32 ? CLI_RANGE_MAX_F32 : CLI_RANGE_MAX_F64, span = f32 ? CLI_SPAN_MIN_F32 : CLI_SPAN_MIN_F64;
    if (!isfinite(lo) || !isfinite(hi))
        return "LO and HI must be finite numbers";
    if (!(lo < hi))
        return "LO < HI is required";
    if (fabs(lo) > max || fabs(hi) > max)
        return f32 ? "|LO| and |HI| must be at most 1e38 (f32)" : "|LO| and |HI| must be at most 1e300";
    if (!(hi - lo >= span))
        return f32 ? "HI - LO must be at least 1e-30 (f32)" : "HI - LO must be at least 1e-300";
    return NULL;
}

int cli_parse_range_why(const char *s, int f32, double *lo, double *hi, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = "wants LO:HI, two numbers";
    /* the separator is the first ':' (numbers contain none) */
    const char *c = s ? strchr(s, ':') : NULL;
    if (!c)
        return -1;
    size_t n = (size_t)(c - s);
    char *a = malloc(n + 1);
    if (!a)
        return -1;
    memcpy(a, s, n);
    a[n] = '\0';
    double l, h;
    int bad = cli_parse_double(a, &l) || cli_parse_double(c + 1, &h);
    free(a);
    if (bad)
        return -1;
    if ((*why = cli_range_problem(l, h, f32)) != NULL)
        return -1;
    *lo = l;
    *hi = h;
    return 0;
}

int cli_parse_range(const char *s, double *lo, double *hi) { return cli_parse_range_why(s, 0, lo, hi, NULL); }

int cli_parse_act(const char *cmd, const char *spec, gp_act *act)
{
    gp_status st = gp_act_parse(spec, act);
    if (st == GP_OK)
        return 0;
    char names[256] = "";
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", k ? ", " : "", gp_act_table[k]->name);
    }
    return cli_usage_error(cmd, "bad activation '%s': %s (%s; `gprime --help` lists their parameters)", spec,
                           gp_strerror(st), names);
}

int cli_act_has(const gp_act *act, gp_op op)
{
    int from_output = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
    return gp_has_op(act->kind, op) && gp_act_check(act, from_output) == GP_OK;
}

/* "[lo, hi]", "(lo, hi]", "[lo, inf)", ... or "" where any finite value goes */
static void print_range(FILE *f, double lo, int lo_open, double hi)
{
    if (isinf(lo) && isinf(hi))
        return;
    fprintf(f, " in %c%g, %g%c", lo_open || isinf(lo) ? '(' : '[', lo, hi, isinf(hi) ? ')' : ']');
}

void cli_print_acts(FILE *f, int formulas)
{
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        gp_act act = gp_act_default(d->kind);
        int more = d->nparams || d->kink_slopes || !gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT);
        fprintf(f, more ? "  %-12s" : "  %s", d->name);
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            fprintf(f, "%s%s=%g", i ? ", " : "", q->key, q->def);
            print_range(f, q->lo, q->lo_open, q->hi);
        }
        if (d->kink_slopes) {
            double left, right;
            d->kink_slopes(&act, &left, &right);
            fprintf(f, "%sgrad_at_zero=%g in [%g, %g] (g' at z = 0, between the slopes on either side)",
                    d->nparams ? ", " : "", left, left, right);
        }
        if (!gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT))
            fprintf(f, "%sno g' from a", d->nparams || d->kink_slopes ? "; " : "");
        fputc('\n', f);
        if (formulas) {
            fprintf(f, "%14sg = %s\n%14sg' = %s\n", "", d->g, "", d->dg);
            if (gp_desc_has(d, GP_OP_GRAD_FROM_OUTPUT))
                fprintf(f, "%14sg' from a = %s\n", "", d->dg_from_a);
        }
    }
    fprintf(f, "  (each also takes accuracy=exact, the default, or accuracy=fast: faster kernels within\n"
               "   4 ulp, tails, NaN and limits kept, include/gprime.h; e.g. 'tanh(accuracy=fast)')\n");
}

int cli_is_number(const char *s)
{
    if (!s || !*s)
        return 0;
    char *end;
    (void)strtod(s, &end);
    return end != s && *end == '\0';
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

