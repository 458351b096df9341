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

/* Strict number parsing: the whole string, finite.  Return 0 on success. */
int cli_parse_double(const char *s, double *v);
int cli_parse_size(const char *s, size_t *v);     /* decimal, no sign */
int cli_parse_u64(const char *s, uint64_t *v);
/* "LO:HI" with LO < HI, both finite. */
int cli_parse_range(const char *s, double *lo, double *hi);
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

/* Monotonic seconds. */
double cli_now(void);

/* Whole files or nothing: gp_outfile_open/commit/discard (tools/common/outfile.h). */

#endif
