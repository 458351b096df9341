/* Helpers shared by the gprime commands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

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
    return cli_usage_error(cmd, "bad activation '%s': %s (sigmoid, tanh, relu, leaky_relu, leaky_relu(alpha=0.2), ...)",
                           spec, gp_strerror(st));
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

