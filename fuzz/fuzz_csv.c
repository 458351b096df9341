/* Harness 3: the CSV reader (src/nn/csv.h, gp_csv_parse_buffer) and the
 * command-line tool's value parsers (tools/gprime/util.c: cli_parse_double,
 * cli_parse_u64, cli_parse_size, cli_parse_range, cli_is_number; compiled in
 * when GP_FUZZ_CLI is defined).  The commands' own getopt loops live inside
 * cmd_*() functions that run the command, so they are not fuzzed here.
 *
 * The first byte chooses the options (header, skip_rows 0..3, a delimiter,
 * sometimes an invalid one); the rest is the file.  Properties:
 * - the return code is a gp_csv_code and equals err->code; parsing without err
 *   gives the same code; the message is NUL-terminated;
 * - on GP_CSV_OK: rows, cols >= 1, every cell finite, row lines strictly
 *   increasing and within the input's line count, every name a string; the
 *   same bytes parse to the same bits a second time; find_column and
 *   check_labels on it agree with the table's contents;
 * - on an error: *out all zero (and gp_csv_free of it harmless);
 * - the CLI parsers accept exactly what their comments say and write their
 *   outputs only on success. */
#include <math.h>

#include "csv.h"
#include "fuzz_common.h"
#ifdef GP_FUZZ_CLI
#include "cli.h"
#endif

static size_t count_lines(const uint8_t *d, size_t n)
{
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        k += d[i] == '\n';
    return k;
}

#ifdef GP_FUZZ_CLI
static void fuzz_cli(const char *s)
{
    double v = 1234.5, lo = -7.0, hi = -8.0;
    uint64_t u = 77;
    size_t z = 99;
    if (cli_parse_double(s, &v) == 0) {
        char *end;
        double w = strtod(s, &end);
        FZ_REQUIRE(*s && *end == '\0' && isfinite(v) && memcmp(&v, &w, sizeof v) == 0, "cli_parse_double(\"%s\")", s);
        FZ_REQUIRE(cli_is_number(s), "cli_is_number(\"%s\") = 0 for a number", s);
    } else {
        FZ_REQUIRE(v == 1234.5, "cli_parse_double wrote on failure");
    }
    if (cli_parse_u64(s, &u) == 0) {
        FZ_REQUIRE(*s >= '0' && *s <= '9' && u == strtoull(s, NULL, 10), "cli_parse_u64(\"%s\")", s);
    } else {
        FZ_REQUIRE(u == 77, "cli_parse_u64 wrote on failure");
    }
    if (cli_parse_size(s, &z) == 0)
        FZ_REQUIRE(*s >= '0' && *s <= '9' && (uint64_t)z == strtoull(s, NULL, 10), "cli_parse_size(\"%s\")", s);
    else
        FZ_REQUIRE(z == 99, "cli_parse_size wrote on failure");
    if (cli_parse_range(s, &lo, &hi) == 0)
        FZ_REQUIRE(isfinite(lo) && isfinite(hi) && lo < hi && strchr(s, ':'), "cli_parse_range(\"%s\")", s);
    else
        FZ_REQUIRE(lo == -7.0 && hi == -8.0, "cli_parse_range wrote on failure");
}
#endif

static int all_zero(const gp_csv_table *t)
{
    return t->rows == 0 && t->cols == 0 && t->cells == NULL && t->line == NULL && t->names == NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t o = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    static const char delims[] = {',', ';', '|', ':', '\t', ' ', '"', '\n'}; /* the last four are invalid */
    gp_csv_options opts;
    gp_csv_options_default(&opts);
    opts.header = o & 1;
    opts.skip_rows = (o >> 1) & 3;
    opts.delim = (o & 0x80) ? delims[(o >> 3) & 7] : delims[(o >> 3) & 3];

    /* an exact-size copy without NUL: the reader must not read past len */
    char *buf = malloc(len ? len : 1);
    if (!buf)
        return 0;
    memcpy(buf, text, len);

    gp_csv_table t;
    gp_csv_error err;
    memset(&t, 0x5a, sizeof t);
    memset(&err, 0x5a, sizeof err);
    int code = gp_csv_parse_buffer(buf, len, "fuzz", &opts, &t, &err);
    FZ_REQUIRE(code >= GP_CSV_OK && code <= GP_CSV_ERR_ARG, "code %d", code);
    FZ_REQUIRE(err.code == (gp_csv_code)code, "err.code %d, returned %d", (int)err.code, code);
    FZ_REQUIRE(memchr(err.message, '\0', sizeof err.message) != NULL, "message not terminated");
    gp_csv_table t2;
    int code2 = gp_csv_parse_buffer(buf, len, NULL, &opts, &t2, NULL);
    FZ_REQUIRE(code2 == code, "without err: %d, with err: %d", code2, code);
    size_t nlines = count_lines(data + 1, len);
    if (code == GP_CSV_OK) {
        FZ_REQUIRE(t.rows >= 1 && t.cols >= 1 && t.cells && t.line && t.names, "empty table on OK");
        FZ_REQUIRE(t2.rows == t.rows && t2.cols == t.cols, "second parse differs in shape");
        FZ_REQUIRE(memcmp(t.cells, t2.cells, t.rows * t.cols * sizeof(double)) == 0, "second parse differs");
        for (size_t i = 0; i < t.rows * t.cols; i++)
            FZ_REQUIRE(isfinite(t.cells[i]), "cell %zu not finite", i);
        for (size_t r = 0; r < t.rows; r++) {
            FZ_REQUIRE(t.line[r] >= 1 && t.line[r] <= nlines, "row %zu on line %zu of %zu", r, t.line[r], nlines);
            FZ_REQUIRE(r == 0 || t.line[r] > t.line[r - 1], "row lines not increasing");
        }
        for (size_t c = 0; c < t.cols; c++)
            FZ_REQUIRE(t.names[c] != NULL && strlen(t.names[c]) < len + 32, "name %zu", c);
        /* the label column: the last, by default */
        size_t col = (size_t)-1;
        gp_csv_error e2;
        FZ_REQUIRE(gp_csv_find_column(&t, NULL, "fuzz", &col, &e2) == GP_CSV_OK && col == t.cols - 1,
                   "default label column");
        /* "-1" is the last column unless a column is named "-1" (then the name
         * wins, and a name two columns share is an error) */
        int named = 0;
        for (size_t c = 0; c < t.cols; c++)
            named |= strcmp(t.names[c], "-1") == 0;
        size_t col2 = (size_t)-1;
        int fc = gp_csv_find_column(&t, "-1", "fuzz", &col2, &e2);
        if (!named)
            FZ_REQUIRE(fc == GP_CSV_OK && col2 == t.cols - 1, "index -1: %d", fc);
        else if (fc == GP_CSV_OK)
            FZ_REQUIRE(strcmp(t.names[col2], "-1") == 0, "name -1 found at a column of another name");
        int labels_ok = 1;
        for (size_t r = 0; r < t.rows; r++) {
            double v = t.cells[r * t.cols + col];
            if (!(v == 0.0 || v == 1.0))
                labels_ok = 0;
        }
        int lc = gp_csv_check_labels(&t, col, "fuzz", &e2);
        FZ_REQUIRE((lc == GP_CSV_OK) == labels_ok, "check_labels %d, contents say %d", lc, labels_ok);
        /* a name from the input as a spec */
        gp_csv_find_column(&t, t.names[0], "fuzz", &col, &e2);
        gp_csv_free(&t);
        gp_csv_free(&t2);
    } else {
        FZ_REQUIRE(all_zero(&t) && all_zero(&t2), "table not empty after error %d", code);
        FZ_REQUIRE(err.line <= nlines + 1, "error line %zu of %zu", err.line, nlines);
        gp_csv_free(&t);
    }
    free(buf);

#ifdef GP_FUZZ_CLI
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, text, len);
        s[len] = '\0';
        fuzz_cli(s);
        free(s);
    }
#endif
    return 0;
}
