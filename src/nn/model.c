/* The model file: writing, strict parsing (see model.h). */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int nn_model_write(FILE *f, const nn_model *m)
{
    char spec[128];
    gp_act_format(&m->act, spec, sizeof spec);
    fprintf(f, "# gprime model: X (n_x, m) -> A1 = g(W1 X + b1) -> A2 = sigmoid(W2 A1 + b2)\n");
    fprintf(f, "gprime-model 1\nact %s\ntype %s\nn_x %zu\nn_h %zu\n", spec, m->f32 ? "f32" : "f64", m->n_x, m->n_h);
    const size_t nw1 = m->n_h * m->n_x;
    const struct {
        const char *key;
        const double *v;
        size_t n;
    } rows[] = {
        {"mean", m->mean, m->n_x},          {"scale", m->scale, m->n_x},
        {"W1", m->params, nw1},             {"b1", m->params + nw1, m->n_h},
        {"W2", m->params + nw1 + m->n_h, m->n_h}, {"b2", m->params + nw1 + 2 * m->n_h, 1},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        if (!rows[r].v)
            continue;
        fputs(rows[r].key, f);
        for (size_t i = 0; i < rows[r].n; i++)
            fprintf(f, " %.17g", rows[r].v[i]);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

void nn_model_free(nn_model *m)
{
    if (!m)
        return;
    free(m->mean);
    free(m->scale);
    free(m->params);
    memset(m, 0, sizeof *m);
}

static int fail(char *err, size_t errlen, const char *name, size_t line, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (line)
        snprintf(err, errlen, "%s:%zu: %s", name, line, what);
    else
        snprintf(err, errlen, "%s: %s", name, what);
    return -1;
}

enum { K_ACT, K_TYPE, K_NX, K_NH, K_MEAN, K_SCALE, K_W1, K_B1, K_W2, K_B2, K_COUNT };
static const char *const keys[K_COUNT] = {"act", "type", "n_x", "n_h", "mean", "scale", "W1", "b1", "W2", "b2"};

typedef struct {
    const char *name;
    char *err;
    size_t errlen;
    char *rest[K_COUNT];  /* the text after each key, NUL-terminated, or NULL */
    size_t line[K_COUNT]; /* its line */
} parse_state;

// numbers: the values of key k, exactly want of them, finite; *out is malloc'd
static int numbers(parse_state *ps, int k, size_t want, double **out)
{
    *out = NULL;
    const char *s = ps->rest[k];
    size_t n = 0;
    /* count first: a header that announces huge sizes allocates nothing */
    for (const char *p = s; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        n++;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    if (n != want)
        return fail(ps->err, ps->errlen, ps->name, ps->line[k], "%s has %zu values, want %zu", keys[k], n, want);
    double *v = malloc((want ? want : 1) * sizeof *v);
    if (!v)
        return fail(ps->err, ps->errlen, ps->name, ps->line[k], "out of memory");
    const char *p = s;
    for (size_t i = 0; i < want; i++) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || (*end && *end != ' ' && *end != '\t') || !isfinite(v[i])) {
            size_t len = strcspn(p, " \t");
            free(v);
            return fail(ps->err, ps->errlen, ps->name, ps->line[k], "%s value %zu is not a finite number: '%.*s'",
                        keys[k], i + 1, (int)(len > 40 ? 40 : len), p);
        }
        p = end;
    }
    *out = v;
    return 0;
}

// size_value: a count in [1, limit] after key k
static int size_value(parse_state *ps, int k, size_t limit, size_t *out)
{
    const char *s = ps->rest[k];
    char *end;
    errno = 0;
    unsigned long long v = (*s >= '0' && *s <= '9') ? strtoull(s, &end, 10) : 0;
    if (!(*s >= '0' && *s <= '9') || *end || errno || v < 1 || v > limit)
        return fail(ps->err, ps->errlen, ps->name, ps->line[k], "%s wants a whole number from 1 to %zu, not '%.40s'",
                    keys[k], limit, s);
    *out = (size_t)v;
    return 0;
}

// split: NUL-terminates the lines of text (n bytes, writable) and files each under its key
static int split(parse_state *ps, char *text, size_t n)
{
    size_t line = 0;
    int magic = 0;
    for (size_t i = 0; i < n;) {
        char *s = text + i;
        size_t len = 0;
        while (i + len < n && text[i + len] != '\n')
            len++;
        i += len + 1;
        line++;
        s[len] = '\0';
        if (len && s[len - 1] == '\r')
            s[--len] = '\0';
        if (memchr(s, '\0', len))
            return fail(ps->err, ps->errlen, ps->name, line, "a NUL byte");
        while (*s == ' ' || *s == '\t')
            s++;
        char *e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*s == '\0' || *s == '#')
            continue;
        if (!magic) {
            if (strcmp(s, "gprime-model 1") != 0)
                return fail(ps->err, ps->errlen, ps->name, line,
                            "not a gprime model (the first line should be 'gprime-model 1')");
            magic = 1;
            continue;
        }
        size_t klen = strcspn(s, " \t");
        int k = 0;
        while (k < K_COUNT && !(strlen(keys[k]) == klen && strncmp(s, keys[k], klen) == 0))
            k++;
        if (k == K_COUNT)
            return fail(ps->err, ps->errlen, ps->name, line, "unknown key '%.*s'", (int)(klen > 40 ? 40 : klen), s);
        if (ps->rest[k])
            return fail(ps->err, ps->errlen, ps->name, line, "'%s' again (first on line %zu)", keys[k], ps->line[k]);
        s += klen;
        while (*s == ' ' || *s == '\t')
            s++;
        ps->rest[k] = s;
        ps->line[k] = line;
    }
    if (!magic)
        return fail(ps->err, ps->errlen, ps->name, 0, "empty file, not a gprime model");
    for (int k = 0; k < K_COUNT; k++)
        if (!ps->rest[k] && k != K_MEAN && k != K_SCALE)
            return fail(ps->err, ps->errlen, ps->name, 0, "no '%s' line", keys[k]);
    if (!ps->rest[K_MEAN] != !ps->rest[K_SCALE])
        return fail(ps->err, ps->errlen, ps->name, ps->line[ps->rest[K_MEAN] ? K_MEAN : K_SCALE],
                    "'mean' and 'scale' come together");
    return 0;
}

static int parse_fields(parse_state *ps, nn_model *m)
{
    gp_status st = gp_act_parse(ps->rest[K_ACT], &m->act);
    if (st == GP_OK)
        st = gp_act_check(&m->act, 0);
    if (st != GP_OK)
        return fail(ps->err, ps->errlen, ps->name, ps->line[K_ACT], "bad activation '%.60s': %s", ps->rest[K_ACT],
                    gp_strerror(st));
    if (strcmp(ps->rest[K_TYPE], "f64") == 0 || strcmp(ps->rest[K_TYPE], "f32") == 0)
        m->f32 = ps->rest[K_TYPE][1] == '3';
    else
        return fail(ps->err, ps->errlen, ps->name, ps->line[K_TYPE], "type is f64 or f32, not '%.40s'",
                    ps->rest[K_TYPE]);
    const size_t lim = (size_t)1 << 28; /* nn_create's */
    if (size_value(ps, K_NX, lim, &m->n_x) || size_value(ps, K_NH, lim, &m->n_h))
        return -1;
    if (m->n_x > lim / m->n_h)
        return fail(ps->err, ps->errlen, ps->name, ps->line[K_NH], "n_h * n_x over %zu", lim);
    size_t nw1 = m->n_h * m->n_x;
    m->n_params = nw1 + 2 * m->n_h + 1;
    double *part[4] = {NULL, NULL, NULL, NULL};
    const int pk[4] = {K_W1, K_B1, K_W2, K_B2};
    const size_t pn[4] = {nw1, m->n_h, m->n_h, 1};
    int rc = 0;
    if (ps->rest[K_MEAN])
        rc = numbers(ps, K_MEAN, m->n_x, &m->mean) || numbers(ps, K_SCALE, m->n_x, &m->scale);
    for (int i = 0; i < 4 && rc == 0; i++)
        rc = numbers(ps, pk[i], pn[i], &part[i]);
    if (rc == 0) {
        m->params = malloc(m->n_params * sizeof *m->params);
        if (!m->params)
            rc = fail(ps->err, ps->errlen, ps->name, 0, "out of memory");
    }
    for (size_t i = 0, off = 0; i < 4; off += pn[i], i++) {
        if (rc == 0)
            memcpy(m->params + off, part[i], pn[i] * sizeof *part[i]);
        free(part[i]);
    }
    return rc ? -1 : 0;
}

int nn_model_parse(const char *buf, size_t len, const char *name, nn_model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (!name)
        name = "<buffer>";
    char dummy[8];
    if (!err || errlen == 0)
        err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    if (!buf && len)
        return fail(err, errlen, name, 0, "no data");
    char *text = malloc(len + 1);
    if (!text)
        return fail(err, errlen, name, 0, "out of memory");
    if (len)
        memcpy(text, buf, len);
    text[len] = '\0';
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.name = name;
    ps.err = err;
    ps.errlen = errlen;
    int rc = split(&ps, text, len);
    if (rc == 0)
        rc = parse_fields(&ps, m);
    free(text);
    if (rc)
        nn_model_free(m);
    return rc;
}

int nn_model_read_file(const char *path, nn_model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, path, 0, "cannot open: %s", strerror(errno));
    const size_t cap = (size_t)256 << 20;
    size_t n = 0, size = 1 << 16;
    char *buf = malloc(size);
    int rc = buf ? 0 : fail(err, errlen, path, 0, "out of memory");
    while (rc == 0) {
        if (n == size) {
            char *nb = size < cap ? realloc(buf, size * 2) : NULL;
            if (!nb) {
                rc = fail(err, errlen, path, 0, size < cap ? "out of memory" : "larger than 256 MiB");
                break;
            }
            buf = nb;
            size *= 2;
        }
        size_t got = fread(buf + n, 1, size - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = fail(err, errlen, path, 0, "read error: %s", strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = nn_model_parse(buf, n, path, m, err, errlen);
    free(buf);
    return rc;
}
