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

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        errno = ENOMEM;
        return -1;
    }
    memcpy(o->path, path, n + 1);
    /* same directory as path, so rename() is atomic */
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = e;
        return -1;
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = e;
        return -1;
    }
    return 0;
}

void cli_out_discard(cli_out *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int cli_out_commit(cli_out *o)
{
    int e = 0;
    if (ferror(o->f))
        e = errno ? errno : EIO;
    if (!e && fflush(o->f) != 0)
        e = errno;
    if (!e && fsync(fileno(o->f)) != 0 && errno != EINVAL)
        e = errno;
    int rc = fclose(o->f);
    o->f = NULL;
    if (!e && rc != 0)
        e = errno;
    /* mkstemp creates 0600; give the file the usual permissions */
    if (!e) {
        mode_t um = umask(0);
        umask(um);
        if (chmod(o->tmp, 0666 & ~um) != 0)
            e = errno;
    }
    if (!e && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e) {
        cli_out_discard(o);
        errno = e;
        return -1;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}
