/* A strict reader for numeric CSV files (the network's real-data input).
 *
 * Format: one record per line ('\n' or "\r\n"; a UTF-8 byte-order mark at the
 * start is dropped), fields separated by opts->delim (',' by default),
 * spaces and tabs around a field ignored.  Lines that are empty (or only
 * blanks) are skipped wherever they are.  The first opts->skip_rows lines are
 * dropped unread (sklearn's breast_cancer.csv starts with a summary line
 * "569,30,malignant,benign").  Then, if opts->header, one line of column names
 * (a name may be double-quoted, "" inside quotes is a quote); without a header
 * the columns are named "0", "1", ... by index.  A header whose first name is
 * empty while others follow (",a,b,label": what pandas' to_csv() writes for
 * its index column) is refused (GP_CSV_ERR_SYNTAX): that column is the row
 * number, and used as a feature it leaks the label of class-ordered rows.  Every following line is a data
 * row: the same number of fields as the first row (header or data), every
 * field a finite decimal or hexadecimal number as strtod reads it in the C
 * locale.  Quoted data cells, NaN and infinities are refused.
 *
 * Errors never crash and never print: the function returns a gp_csv_code and
 * fills err with the 1-based line and column (field number; 0 when not about
 * one place) and a message "NAME:LINE:COLUMN: what" naming the file.
 * Input may contain any bytes (a NUL byte is an error at its place). */
#ifndef GP_NN_CSV_H
#define GP_NN_CSV_H

#include <stddef.h>

typedef enum {
    GP_CSV_OK = 0,
    GP_CSV_ERR_IO,      /* the file cannot be opened or read */
    GP_CSV_ERR_EMPTY,   /* no data rows (empty file, only blank lines, only a header) */
    GP_CSV_ERR_RAGGED,  /* a row with a different number of fields */
    GP_CSV_ERR_NUMBER,  /* a cell that is not a finite number (or is empty) */
    GP_CSV_ERR_SYNTAX,  /* bad quoting, a NUL byte, a cell over 255 bytes, a pandas index column */
    GP_CSV_ERR_LABEL,   /* label column not found, or a label outside {0, 1} */
    GP_CSV_ERR_MEMORY,  /* out of memory, or input or table over the limits below */
    GP_CSV_ERR_ARG      /* a NULL argument or a bad option */
} gp_csv_code;

/* Limits: gp_csv_read_file reads at most this many bytes of any file (a FIFO
 * or /dev/zero too; memory stays bounded), and a table holds at most this
 * many cells (rows * columns; 8 bytes each, plus a line number per row). */
#define GP_CSV_MAX_BYTES ((size_t)64 << 20)
#define GP_CSV_MAX_CELLS (1 << 23)

typedef struct {
    int header;        /* 1: the first row read holds the column names (default 1) */
    size_t skip_rows;  /* lines dropped before the header / first data row (default 0) */
    char delim;        /* field separator (default ','); not a quote, blank, CR or LF */
} gp_csv_options;

typedef struct {
    size_t rows, cols;
    double *cells;     /* rows * cols values, row-major: cells[r * cols + c] */
    size_t *line;      /* rows entries: the 1-based input line of each row */
    char **names;      /* cols NUL-terminated names */
} gp_csv_table;

typedef struct {
    gp_csv_code code;
    size_t line, column;   /* 1-based, 0 when not applicable */
    char message[512];     /* "NAME:LINE:COLUMN: what", or "NAME: what" */
} gp_csv_error;

void gp_csv_options_default(gp_csv_options *opts);

/* Parses len bytes at data (no terminating NUL needed).  name is used in
 * messages only (NULL: "<buffer>"); opts NULL means the defaults; err may be
 * NULL.  On GP_CSV_OK *out owns its memory (gp_csv_free); on an error *out is
 * left empty (all zero) and needs no freeing. */
int gp_csv_parse_buffer(const char *data, size_t len, const char *name, const gp_csv_options *opts,
                        gp_csv_table *out, gp_csv_error *err);

/* Reads the whole file at path, then gp_csv_parse_buffer with name = path.
 * Any file that is larger than GP_CSV_MAX_BYTES (a regular file by its size,
 * anything else once that much was read) is GP_CSV_ERR_MEMORY. */
int gp_csv_read_file(const char *path, const gp_csv_options *opts, gp_csv_table *out, gp_csv_error *err);

void gp_csv_free(gp_csv_table *t);

/* Finds the label column: spec is a column name (exact match) or, when no
 * column has that name, an integer index (0-based; negative counts from the
 * end, -1 is the last column).  NULL or "" means the last column.  Returns
 * GP_CSV_OK and *col, or GP_CSV_ERR_LABEL (unknown name, index out of range,
 * a name that two columns share). */
int gp_csv_find_column(const gp_csv_table *t, const char *spec, const char *name, size_t *col, gp_csv_error *err);

/* Checks that every value of column col is 0 or 1; else GP_CSV_ERR_LABEL with
 * the line and column (1-based) of the first bad value. */
int gp_csv_check_labels(const gp_csv_table *t, size_t col, const char *name, gp_csv_error *err);

#endif
