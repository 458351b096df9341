#define _POSIX_C_SOURCE 200809L
/* The CSV reader: good input in its forms, and every kind of bad input stops
 * with the right code, line and column, never a crash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "data.h"

static int parse(const char *text, const gp_csv_options *o, gp_csv_table *t, gp_csv_error *e)
{
    return gp_csv_parse_buffer(text, strlen(text), "t.csv", o, t, e);
}

static void test_header_and_values(void **state)
{
    (void)state;
    gp_csv_table t;
    gp_csv_error e;
    const char *s = "\xEF\xBB\xBF" "a, \"b \"\"x\"\"\" ,label\r\n1,2.5,0\r\n\r\n  -3e2 ,0x10,1\n";
    assert_int_equal(parse(s, NULL, &t, &e), GP_CSV_OK);
    assert_int_equal(t.rows, 2);
    assert_int_equal(t.cols, 3);
    assert_string_equal(t.names[0], "a");
    assert_string_equal(t.names[1], "b \"x\"");
    assert_string_equal(t.names[2], "label");
    assert_true(t.cells[0] == 1.0 && t.cells[1] == 2.5 && t.cells[2] == 0.0);
    assert_true(t.cells[3] == -300.0 && t.cells[4] == 16.0 && t.cells[5] == 1.0);
    assert_int_equal(t.line[0], 2);
    assert_int_equal(t.line[1], 4);
    size_t col;
    assert_int_equal(gp_csv_find_column(&t, "label", "t.csv", &col, &e), GP_CSV_OK);
    assert_int_equal(col, 2);
    assert_int_equal(gp_csv_find_column(&t, "-1", "t.csv", &col, &e), GP_CSV_OK);
    assert_int_equal(col, 2);
    assert_int_equal(gp_csv_find_column(&t, "0", "t.csv", &col, &e), GP_CSV_OK);
    assert_int_equal(col, 0);
    assert_int_equal(gp_csv_find_column(&t, NULL, "t.csv", &col, &e), GP_CSV_OK);
    assert_int_equal(col, 2);
    assert_int_equal(gp_csv_find_column(&t, "-3", "t.csv", &col, &e), GP_CSV_OK);
    assert_int_equal(col, 0);
    assert_int_equal(gp_csv_find_column(&t, "3", "t.csv", &col, &e), GP_CSV_ERR_LABEL);
    assert_int_equal(gp_csv_find_column(&t, "-4", "t.csv", &col, &e), GP_CSV_ERR_LABEL);
    assert_int_equal(gp_csv_find_column(&t, "nope", "t.csv", &col, &e), GP_CSV_ERR_LABEL);
    assert_non_null(strstr(e.message, "no column named 'nope'"));
    assert_int_equal(gp_csv_check_labels(&t, 2, "t.csv", &e), GP_CSV_OK);
    /* column b holds 2.5: not a label */
    assert_int_equal(gp_csv_check_labels(&t, 1, "t.csv", &e), GP_CSV_ERR_LABEL);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.column, 2);
    assert_string_equal(e.message, "t.csv:2:2: label 2.5 is not 0 or 1");
    nn_data d;
    assert_int_equal(nn_data_from_table(&d, &t, 2), 0);
    assert_int_equal(d.n_x, 2);
    assert_int_equal(d.m, 2);
    assert_true(d.X[0] == 1.0 && d.X[1] == -300.0 && d.X[2] == 2.5 && d.X[3] == 16.0);
    assert_true(d.Y[0] == 0.0 && d.Y[1] == 1.0);
    assert_string_equal(d.names[1], "b \"x\"");
    nn_data_free(&d);
    gp_csv_free(&t);
}

/* sklearn's layout: a summary line, then rows without a header. */
static void test_skip_rows_no_header(void **state)
{
    (void)state;
    gp_csv_options o;
    gp_csv_options_default(&o);
    o.header = 0;
    o.skip_rows = 1;
    gp_csv_table t;
    gp_csv_error e;
    assert_int_equal(parse("3,2,malignant,benign\n1,2,0\n3,4,1\n5,6,1", &o, &t, &e), GP_CSV_OK);
    assert_int_equal(t.rows, 3);
    assert_int_equal(t.cols, 3);
    assert_string_equal(t.names[2], "2");
    assert_int_equal(t.line[2], 4);
    assert_true(t.cells[8] == 1.0);
    size_t col;
    assert_int_equal(gp_csv_find_column(&t, "-1", NULL, &col, &e), GP_CSV_OK);
    assert_int_equal(col, 2);
    gp_csv_free(&t);
    /* the same file read with the defaults: the summary line is a 4-name header */
    assert_int_equal(parse("3,2,malignant,benign\n1,2,0\n", NULL, &t, &e), GP_CSV_ERR_RAGGED);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.column, 4);
    assert_string_equal(e.message, "t.csv:2:4: 3 fields where the header has 4");
    /* semicolons */
    o.skip_rows = 0;
    o.delim = ';';
    assert_int_equal(parse("1;2\n3;4\n", &o, &t, &e), GP_CSV_OK);
    assert_int_equal(t.cols, 2);
    gp_csv_free(&t);
}

typedef struct {
    const char *text;
    int header;
    int code;
    size_t line, column;
    const char *words; /* in the message */
} bad_case;

static void test_errors(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"", 1, GP_CSV_ERR_EMPTY, 0, 0, "t.csv: empty file"},
        {"\n\n  \n", 1, GP_CSV_ERR_EMPTY, 0, 0, "no data rows"},
        {"a,b\n", 1, GP_CSV_ERR_EMPTY, 0, 0, "no data rows after the header"},
        {"a,b\n1,2\n3\n", 1, GP_CSV_ERR_RAGGED, 3, 2, "1 fields where the header has 2"},
        {"a,b\n1,2\n3,4,5\n", 1, GP_CSV_ERR_RAGGED, 3, 3, "3 fields"},
        {"1,2\n3,4,5\n", 0, GP_CSV_ERR_RAGGED, 2, 3, "where the first row has 2"},
        {"a,b\n1,x2\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "not a number: 'x2'"},
        {"a,b\n1,2\n3,4abc\n", 1, GP_CSV_ERR_NUMBER, 3, 2, "t.csv:3:2: not a number: '4abc'"},
        {"a,b\n1,\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "empty cell"},
        {"a,b\n,1\n", 1, GP_CSV_ERR_NUMBER, 2, 1, "empty cell"},
        {"a,b\n1,nan\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "not a finite number"},
        {"a,b\n1,-inf\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "not a finite number"},
        {"a,b\n1,1e999\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "not a finite number"},
        {"a,b\n1,\"2\"\n", 1, GP_CSV_ERR_NUMBER, 2, 2, "quoted cell"},
        {"\"a,b\n1,2\n", 1, GP_CSV_ERR_SYNTAX, 1, 1, "unterminated quoted field"},
        {"\"a\"x,b\n1,2\n", 1, GP_CSV_ERR_SYNTAX, 1, 1, "text after a closing quote"},
        {"a,b\n1,2\"3\n", 1, GP_CSV_ERR_SYNTAX, 2, 2, "quote inside an unquoted field"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_csv_options o;
        gp_csv_options_default(&o);
        o.header = cases[i].header;
        gp_csv_table t;
        gp_csv_error e;
        int rc = parse(cases[i].text, &o, &t, &e);
        if (rc != cases[i].code || e.line != cases[i].line || e.column != cases[i].column ||
            !strstr(e.message, cases[i].words))
            fail_msg("case %zu: code %d line %zu column %zu message '%s'", i, rc, e.line, e.column, e.message);
        assert_int_equal(e.code, rc);
        assert_null(t.cells); /* nothing to free after an error */
        assert_int_equal(t.rows, 0);
    }
}

static void test_nul_and_long_cells(void **state)
{
    (void)state;
    gp_csv_table t;
    gp_csv_error e;
    const char nul[] = "a,b\n1,2\0\n";
    assert_int_equal(gp_csv_parse_buffer(nul, sizeof nul - 1, "n.csv", NULL, &t, &e), GP_CSV_ERR_SYNTAX);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.column, 2);
    assert_non_null(strstr(e.message, "NUL byte"));
    char big[600];
    memcpy(big, "a\n", 2);
    memset(big + 2, '1', 300);
    big[302] = '\0';
    assert_int_equal(parse(big, NULL, &t, &e), GP_CSV_ERR_SYNTAX);
    assert_non_null(strstr(e.message, "longer than 255"));
    /* a buffer without a final newline, and not NUL-terminated */
    const char part[] = "x\n7XXXX";
    assert_int_equal(gp_csv_parse_buffer(part, 3, "p.csv", NULL, &t, &e), GP_CSV_OK);
    assert_int_equal(t.rows, 1);
    assert_true(t.cells[0] == 7.0);
    gp_csv_free(&t);
    /* arguments */
    assert_int_equal(gp_csv_parse_buffer(NULL, 3, "p.csv", NULL, &t, &e), GP_CSV_ERR_ARG);
    assert_int_equal(gp_csv_parse_buffer("1", 1, "p.csv", NULL, NULL, &e), GP_CSV_ERR_ARG);
    assert_int_equal(gp_csv_parse_buffer("1", 1, NULL, NULL, &t, NULL), GP_CSV_ERR_EMPTY); /* header only */
    gp_csv_options o;
    gp_csv_options_default(&o);
    o.delim = '"';
    assert_int_equal(gp_csv_parse_buffer("1", 1, NULL, &o, &t, &e), GP_CSV_ERR_ARG);
    /* duplicate names make a label by name ambiguous */
    assert_int_equal(parse("a,a,y\n1,2,0\n", NULL, &t, &e), GP_CSV_OK);
    size_t col;
    assert_int_equal(gp_csv_find_column(&t, "a", "t.csv", &col, &e), GP_CSV_ERR_LABEL);
    assert_non_null(strstr(e.message, "ambiguous"));
    gp_csv_free(&t);
}

static void test_files(void **state)
{
    (void)state;
    gp_csv_table t;
    gp_csv_error e;
    assert_int_equal(gp_csv_read_file("/nonexistent/dir/x.csv", NULL, &t, &e), GP_CSV_ERR_IO);
    assert_string_equal(e.message, "/nonexistent/dir/x.csv: cannot open: No such file or directory");
    assert_int_equal(gp_csv_read_file("/", NULL, &t, &e), GP_CSV_ERR_IO); /* a directory */
    char path[] = "/tmp/gprime_csv_XXXXXX";
    FILE *f = NULL;
    {
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        f = fdopen(fd, "w");
        assert_non_null(f);
    }
    /* a file larger than the first read buffer (64 KiB) */
    fputs("x,y\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%d.25,%d\n", i, i % 2);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(gp_csv_read_file(path, NULL, &t, &e), GP_CSV_OK);
    assert_int_equal(t.rows, 20000);
    assert_true(t.cells[2 * 19999] == 19999.25);
    assert_int_equal(gp_csv_check_labels(&t, 1, path, &e), GP_CSV_OK);
    gp_csv_free(&t);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(gp_csv_read_file(path, NULL, &t, &e), GP_CSV_ERR_EMPTY);
    assert_non_null(strstr(e.message, path));
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_values), cmocka_unit_test(test_skip_rows_no_header),
        cmocka_unit_test(test_errors),            cmocka_unit_test(test_nul_and_long_cells),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
