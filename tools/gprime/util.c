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

int cli_parse_double(const char *s, double *v)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*end != '\0' || end == s || !isfinite(x))
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

int cli_parse_range(const char *s, double *lo, double *hi)
{
    if (!s)
        return -1;
    /* the separator is the first ':' (numbers contain none) */
    const char *c = strchr(s, ':');
    if (!c || c == s || strlen(c + 1) == 0 || (size_t)(c - s) >= 64)
        return -1;
    char a[64];
    memcpy(a, s, (size_t)(c - s));
    a[c - s] = '\0';
    double l, h;
    if (cli_parse_double(a, &l) || cli_parse_double(c + 1, &h) || !(l < h))
        return -1;
    *lo = l;
    *hi = h;
    return 0;
}

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

