/* The gprime command-line tool: one file per command, shared helpers here.
 * Exit status: 0 success, 1 a failure at run time (a check that fails, a
 * write error), 2 bad use (unknown option, bad value, unreadable input). */
#ifndef GP_CLI_H
#define GP_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gprime.h"
#include "outfile.h"

int cmd_eval(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_isa(int argc, char **argv);

/* Prints "gprime CMD: message" and the --help hint on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Prints "gprime CMD: message" on stderr; returns status. */
int cli_fail(const char *cmd, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* getopt_long state reset before a command parses its own argv. */
void cli_reset_getopt(void);

/* Strict number parsing, the one rule of the tool: the whole string as strtod
 * reads it, and a literal whose magnitude leaves the double range (1e400,
 * 1e-400) is refused, not made inf or 0.  cli_parse_number takes inf and nan;
 * cli_parse_double also wants a finite value.  Return 0 on success; *v is
 * written only then. */
int cli_parse_number(const char *s, double *v);
int cli_parse_double(const char *s, double *v);
int cli_parse_size(const char *s, size_t *v);     /* decimal, no sign */
int cli_parse_u64(const char *s, uint64_t *v);
/* The one rule for a z interval (--range of plot and check): LO < HI, both
 * finite, |LO|, |HI| <= 1e300 and HI - LO >= 1e-300 (f32: 1e38 and 1e-30), so
 * that every step, scale and tick computed from it is a finite, normal number.
 * NULL if lo, hi obey it, else the rule they break. */
#define CLI_RANGE_MAX_F64 1e300
#define CLI_RANGE_MAX_F32 1e38
#define CLI_SPAN_MIN_F64 1e-300
#define CLI_SPAN_MIN_F32 1e-30
const char *cli_range_problem(double lo, double hi, int f32);
/* "LO:HI" read with cli_parse_double and checked with cli_range_problem for the
 * type; 0, or -1 with *why (may be NULL) saying what is wrong. */
int cli_parse_range_why(const char *s, int f32, double *lo, double *hi, const char **why);
int cli_parse_range(const char *s, double *lo, double *hi); /* f64 */
/* An activation spec (gp_act_parse) or a usage error (returns 2). */
int cli_parse_act(const char *cmd, const char *spec, gp_act *act);
/* 1 if act has op with its parameters (gp_has_op; a from-output form also
 * needs gp_act_check(act, 1)). */
int cli_act_has(const gp_act *act, gp_op op);
/* The activations of the table (src/act/list.h), one line each: name and
 * parameters (default, range); with formulas != 0 also g, g' and g' from a. */
void cli_print_acts(FILE *f, int formulas);
/* 1 if s reads entirely as a number (so "-10" is a value, not an option). */
int cli_is_number(const char *s);

/* Each command's options, read by its parse function: -1 means run the
 * command with *a; any other value is the exit status (0 after --help, 2
 * after a usage message).  Nothing is computed or written; the fuzz harness
 * fuzz/fuzz_cli.c calls them on its own argument vectors. */
#define CLI_PLOT_MAX_ACTS 8
#define CLI_PLOT_MAX_POINTS 100000
typedef struct {
    const char *out;        /* --out, or NULL: a text chart */
    double xlo, xhi;        /* obeys cli_range_problem(xlo, xhi, 0) */
    size_t n, tw, th;       /* points, text width and height */
    int nacts;
    gp_act act[CLI_PLOT_MAX_ACTS];
} plot_args;
int plot_parse(int argc, char **argv, plot_args *a);

#define CLI_CHECK_MAX_POINTS 1000000
typedef struct {
    double lo, hi;          /* obeys cli_range_problem(lo, hi, f32) */
    size_t npts;
    int f32;
    gp_act act;
} check_args;
int check_parse(int argc, char **argv, check_args *a);

/* Monotonic seconds. */
double cli_now(void);

/* Whole files or nothing: gp_outfile_open/commit/discard (tools/common/outfile.h). */

#endif
