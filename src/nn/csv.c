/* Strict numeric CSV reader; see csv.h for the format and the error rules. */
#include "csv.h"

#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CELL_MAX 255

void gp_csv_options_default(gp_csv_options *opts)
{
    opts->header = 1;
    opts->skip_rows = 0;
    opts->delim = ',';
}

static int fail(gp_csv_error *err, gp_csv_code code, const char *name, size_t line, size_t column,
                const char *fmt, ...)
{
    if (!err)
        return code;
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    err->code = code;
    err->line = line;
    err->column = column;
    if (!name)
        name = "<buffer>";
    if (line && column)
        snprintf(err->message, sizeof err->message, "%.100s:%zu:%zu: %s", name, line, column, what);
    else if (line)
        snprintf(err->message, sizeof err->message, "%.100s:%zu: %s", name, line, what);
    else
        snprintf(err->message, sizeof err->message, "%.100s: %s", name, what);
    return code;
}

/* A printable excerpt of a cell for messages: at most 40 bytes, odd bytes as '?'. */
static void excerpt(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < cap && i < 40; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[k++] = (c >= 32 && c < 127) ? (char)c : '?';
    }
    if (n > 40 && k + 4 < cap) {
        memcpy(dst + k, "...", 3);
        k += 3;
    }
    dst[k] = '\0';
}

typedef struct {
    size_t start, len; /* the field's text (inside the quotes when quoted) */
    int quoted;
} field;

typedef struct {
    field *f;
    size_t n, cap;
} fields;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Splits line [s, s+n) into fields.  Returns 0, or an error code with *bad_col
 * and a message via fail(). */
static int split(const char *s, size_t n, char delim, fields *fs, const char *name, size_t line,
                 gp_csv_error *err)
{
    fs->n = 0;
    size_t i = 0;
    for (;;) {
        size_t col = fs->n + 1;
        if (fs->n == fs->cap) {
            size_t cap = fs->cap ? 2 * fs->cap : 64;
            field *nf = realloc(fs->f, cap * sizeof *nf);
            if (!nf)
                return fail(err, GP_CSV_ERR_MEMORY, name, line, col, "out of memory");
            fs->f = nf;
            fs->cap = cap;
        }
        field *f = &fs->f[fs->n++];
        while (i < n && is_blank(s[i]))
            i++;
        if (i < n && s[i] == '"') {
            f->quoted = 1;
            f->start = ++i;
            for (;;) {
                if (i >= n)
                    return fail(err, GP_CSV_ERR_SYNTAX, name, line, col, "unterminated quoted field");
                if (s[i] == '\0')
                    return fail(err, GP_CSV_ERR_SYNTAX, name, line, col, "NUL byte in the input");
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            f->len = i - f->start;
            i++; /* closing quote */
            while (i < n && is_blank(s[i]))
                i++;
            if (i < n && s[i] != delim)
                return fail(err, GP_CSV_ERR_SYNTAX, name, line, col, "text after a closing quote");
        } else {
            f->quoted = 0;
            f->start = i;
            while (i < n && s[i] != delim) {
                if (s[i] == '\0')
                    return fail(err, GP_CSV_ERR_SYNTAX, name, line, col, "NUL byte in the input");
                if (s[i] == '"')
                    return fail(err, GP_CSV_ERR_SYNTAX, name, line, col, "quote inside an unquoted field");
                i++;
            }
            size_t e = i;
            while (e > f->start && is_blank(s[e - 1]))
                e--;
            f->len = e - f->start;
        }
        if (i >= n)
            return 0;
        i++; /* the delimiter: another field follows, possibly empty */
    }
}

/* A name from a header field: quotes removed, "" made one quote. */
static char *make_name(const char *s, const field *f)
{
    char *out = malloc(f->len + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < f->len; i++) {
        out[k++] = s[f->start + i];
        if (f->quoted && s[f->start + i] == '"')
            i++; /* skip the second quote of "" */
    }
    out[k] = '\0';
    return out;
}

void gp_csv_free(gp_csv_table *t)
{
    if (!t)
        return;
    if (t->names)
        for (size_t c = 0; c < t->cols; c++)
            free(t->names[c]);
    free(t->names);
    free(t->cells);
    free(t->line);
    memset(t, 0, sizeof *t);
}

static int set_names_by_index(gp_csv_table *t)
{
    t->names = calloc(t->cols, sizeof *t->names);
    if (!t->names)
        return -1;
    for (size_t c = 0; c < t->cols; c++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu", c);
        t->names[c] = malloc(strlen(buf) + 1);
        if (!t->names[c])
            return -1;
        strcpy(t->names[c], buf);
    }
    return 0;
}

int gp_csv_parse_buffer(const char *data, size_t len, const char *name, const gp_csv_options *opts,
                        gp_csv_table *out, gp_csv_error *err)
{
    gp_csv_options def;
    gp_csv_options_default(&def);
    if (!opts)
        opts = &def;
    if (err)
        memset(err, 0, sizeof *err);
    if (!out || (!data && len > 0))
        return fail(err, GP_CSV_ERR_ARG, name, 0, 0, "NULL argument");
    memset(out, 0, sizeof *out);
    char d = opts->delim;
    if (d == '"' || d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '\0')
        return fail(err, GP_CSV_ERR_ARG, name, 0, 0, "unusable field separator");

    gp_csv_table t = {0};
    fields fs = {0};
    size_t rows_cap = 0;
    int header_pending = opts->header != 0;
    int rc = GP_CSV_OK;
    size_t pos = 0, line = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;

    while (pos < len) {
        const char *s = data + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (line <= opts->skip_rows)
            continue;
        size_t b = 0;
        while (b < n && is_blank(s[b]))
            b++;
        if (b == n)
            continue; /* blank line */

        rc = split(s, n, d, &fs, name, line, err);
        if (rc)
            goto out;

        if (header_pending) {
            header_pending = 0;
            /* pandas' to_csv() writes its index as a first column with an empty
             * name; read as a feature it is the row number, which on ordered rows
             * gives the label away */
            if (fs.n > 1 && fs.f[0].len == 0) {
                rc = fail(err, GP_CSV_ERR_SYNTAX, name, line, 1,
                          "the first column has no name: a pandas index (to_csv() without index=False)? It "
                          "would be used as a feature; write the file with index=False, or name the column");
                goto out;
            }
            t.cols = fs.n;
            t.names = calloc(t.cols, sizeof *t.names);
            if (!t.names) {
                rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "out of memory");
                goto out;
            }
            for (size_t c = 0; c < fs.n; c++) {
                t.names[c] = make_name(s, &fs.f[c]);
                if (!t.names[c]) {
                    rc = fail(err, GP_CSV_ERR_MEMORY, name, line, c + 1, "out of memory");
                    goto out;
                }
            }
            continue;
        }
        if (t.cols == 0) { /* no header: the first data row fixes the width */
            t.cols = fs.n;
            if (set_names_by_index(&t)) {
                rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "out of memory");
                goto out;
            }
        }
        if (fs.n != t.cols) {
            size_t col = (fs.n < t.cols ? fs.n : t.cols) + 1;
            rc = fail(err, GP_CSV_ERR_RAGGED, name, line, col, "%zu fields where the %s has %zu", fs.n,
                      opts->header ? "header" : "first row", t.cols);
            goto out;
        }
        if (t.rows >= GP_CSV_MAX_CELLS / t.cols) {
            rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "more than %d cells (the limit)", GP_CSV_MAX_CELLS);
            goto out;
        }
        if (t.rows == rows_cap) {
            size_t cap = rows_cap ? 2 * rows_cap : 256;
            if (cap > GP_CSV_MAX_CELLS / t.cols)
                cap = GP_CSV_MAX_CELLS / t.cols;
            if (cap > SIZE_MAX / sizeof(double) / t.cols) {
                rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "table too large");
                goto out;
            }
            double *nc = realloc(t.cells, cap * t.cols * sizeof *nc);
            if (!nc) {
                rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "out of memory");
                goto out;
            }
            t.cells = nc;
            size_t *nlines = realloc(t.line, cap * sizeof *nlines);
            if (!nlines) {
                rc = fail(err, GP_CSV_ERR_MEMORY, name, line, 0, "out of memory");
                goto out;
            }
            t.line = nlines;
            rows_cap = cap;
        }
        double *row = t.cells + t.rows * t.cols;
        for (size_t c = 0; c < fs.n; c++) {
            const field *f = &fs.f[c];
            const char *cell = s + f->start;
            char ex[64];
            excerpt(ex, sizeof ex, cell, f->len);
            if (f->quoted) {
                rc = fail(err, GP_CSV_ERR_NUMBER, name, line, c + 1, "quoted cell \"%s\" where a number belongs", ex);
                goto out;
            }
            if (f->len == 0) {
                rc = fail(err, GP_CSV_ERR_NUMBER, name, line, c + 1, "empty cell");
                goto out;
            }
            if (f->len > CELL_MAX) {
                rc = fail(err, GP_CSV_ERR_SYNTAX, name, line, c + 1, "cell longer than %d bytes", CELL_MAX);
                goto out;
            }
            char buf[CELL_MAX + 1];
            memcpy(buf, cell, f->len);
            buf[f->len] = '\0';
            char *end;
            errno = 0;
            double v = strtod(buf, &end);
            if (end != buf + f->len) {
                rc = fail(err, GP_CSV_ERR_NUMBER, name, line, c + 1, "not a number: '%s'", ex);
                goto out;
            }
            if (!isfinite(v)) {
                rc = fail(err, GP_CSV_ERR_NUMBER, name, line, c + 1, "not a finite number: '%s'", ex);
                goto out;
            }
            row[c] = v;
        }
        t.line[t.rows++] = line;
    }
    if (t.rows == 0) {
        if (line == 0)
            rc = fail(err, GP_CSV_ERR_EMPTY, name, 0, 0, "empty file");
        else if (t.cols > 0)
            rc = fail(err, GP_CSV_ERR_EMPTY, name, 0, 0, "no data rows after the header (%zu lines read)", line);
        else
            rc = fail(err, GP_CSV_ERR_EMPTY, name, 0, 0, "no data rows (%zu lines read)", line);
        goto out;
    }
out:
    free(fs.f);
    if (rc == GP_CSV_OK)
        *out = t;
    else
        gp_csv_free(&t);
    return rc;
}

/* The bounded reader: at most GP_CSV_MAX_BYTES of any file, regular or not
 * (a FIFO, /dev/zero, a terminal): a regular file's size is checked before
 * reading, anything else is read until the limit is passed, so memory never
 * exceeds the limit plus one read. */
int gp_csv_read_file(const char *path, const gp_csv_options *opts, gp_csv_table *out, gp_csv_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (out)
        memset(out, 0, sizeof *out);
    if (!path || !out)
        return fail(err, GP_CSV_ERR_ARG, path, 0, 0, "NULL argument");
    const size_t limit = GP_CSV_MAX_BYTES;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, GP_CSV_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            return fail(err, GP_CSV_ERR_IO, path, 0, 0, "cannot open: %s", strerror(EISDIR));
        }
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)limit) {
            fclose(f);
            return fail(err, GP_CSV_ERR_MEMORY, path, 0, 0, "file of %jd bytes is larger than the limit of %zu MiB",
                        (intmax_t)st.st_size, limit >> 20);
        }
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                fclose(f);
                return fail(err, GP_CSV_ERR_MEMORY, path, 0, 0, "input larger than the limit of %zu MiB (not a "
                            "regular file, or it grew)", limit >> 20);
            }
            size_t ncap = cap ? 2 * cap : 65536;
            if (ncap > limit + 1)
                ncap = limit + 1; /* one byte past the limit tells that it was passed */
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return fail(err, GP_CSV_ERR_MEMORY, path, 0, 0, "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return fail(err, GP_CSV_ERR_IO, path, 0, 0, "read error: %s", strerror(e ? e : EIO));
    }
    fclose(f);
    if (n > limit) {
        free(buf);
        return fail(err, GP_CSV_ERR_MEMORY, path, 0, 0, "input larger than the limit of %zu MiB", limit >> 20);
    }
    int rc = gp_csv_parse_buffer(buf, n, path, opts, out, err);
    free(buf);
    return rc;
}

int gp_csv_find_column(const gp_csv_table *t, const char *spec, const char *name, size_t *col, gp_csv_error *err)
{
    if (!t || !col || t->cols == 0)
        return fail(err, GP_CSV_ERR_ARG, name, 0, 0, "no table");
    if (!spec || !*spec) {
        *col = t->cols - 1;
        return GP_CSV_OK;
    }
    size_t found = 0, hits = 0;
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(t->names[c], spec) == 0) {
            if (hits++ == 0)
                found = c;
        }
    if (hits > 1)
        return fail(err, GP_CSV_ERR_LABEL, name, 0, 0, "label column '%.60s' is ambiguous (%zu columns have that name)",
                    spec, hits);
    if (hits == 1) {
        *col = found;
        return GP_CSV_OK;
    }
    char *end;
    errno = 0;
    long long k = strtoll(spec, &end, 10);
    if (end != spec && *end == '\0' && errno == 0) {
        long long ncol = (long long)t->cols;
        if (k < 0)
            k += ncol;
        if (k >= 0 && k < ncol) {
            *col = (size_t)k;
            return GP_CSV_OK;
        }
        return fail(err, GP_CSV_ERR_LABEL, name, 0, 0, "label index %.40s out of range (%zu columns)", spec, t->cols);
    }
    return fail(err, GP_CSV_ERR_LABEL, name, 0, 0, "no column named '%.60s'", spec);
}

int gp_csv_check_labels(const gp_csv_table *t, size_t col, const char *name, gp_csv_error *err)
{
    if (!t || col >= t->cols)
        return fail(err, GP_CSV_ERR_ARG, name, 0, 0, "label column out of range");
    for (size_t r = 0; r < t->rows; r++) {
        double v = t->cells[r * t->cols + col];
        if (v != 0.0 && v != 1.0)
            return fail(err, GP_CSV_ERR_LABEL, name, t->line[r], col + 1, "label %.17g is not 0 or 1", v);
    }
    return GP_CSV_OK;
}
