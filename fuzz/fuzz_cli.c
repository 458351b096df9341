/* Harness: the command-line tool's argument parsing (issue 19).  The input is
 * an argument vector: the first byte picks the command (even: plot, odd:
 * check), the rest is split at NUL bytes into at most 24 arguments.  The
 * commands' own parse functions run (plot_parse, check_parse in
 * tools/gprime/cmd_*.c: getopt_long, the number and range rule, activation
 * specs); nothing is computed or written.  Properties:
 * - the result is -1 (run), 0 (--help) or 2 (bad use): never a crash;
 * - on -1 every value obeys its documented rule: the range passes
 *   cli_range_problem for the type, the point counts and sizes are inside
 *   their limits, every activation passes gp_act_check, --out is not empty;
 * - the same arguments parse to the same result a second time;
 * - every argument: cli_parse_number agrees with strtod where it succeeds and
 *   refuses a literal that leaves the double range; cli_parse_range_why
 *   succeeds only with a range the rule allows; an activation spec that parses
 *   formats to a spec that parses back to the same bits. */
#include <errno.h>
#include <math.h>

#include "cli.h"
#include "fuzz_common.h"

#define MAX_ARGS 24

/* field by field (a struct copy need not copy the padding) */
static int same_act(const gp_act *a, const gp_act *b)
{
    return a->kind == b->kind && memcmp(&a->alpha, &b->alpha, sizeof a->alpha) == 0 &&
           memcmp(&a->grad_at_zero, &b->grad_at_zero, sizeof a->grad_at_zero) == 0;
}

static void check_arg(const char *s)
{
    double v = 77.0, lo, hi;
    if (cli_parse_number(s, &v) == 0) {
        char *end;
        errno = 0;
        double w = strtod(s, &end);
        FZ_REQUIRE(*end == '\0' && memcmp(&v, &w, sizeof v) == 0 && !(errno == ERANGE && (w == 0 || isinf(w))),
                   "cli_parse_number(\"%s\")", s);
    } else {
        FZ_REQUIRE(v == 77.0, "cli_parse_number wrote on failure");
    }
    const char *why = NULL;
    for (int f32 = 0; f32 < 2; f32++) {
        lo = 5.0, hi = 4.0;
        if (cli_parse_range_why(s, f32, &lo, &hi, &why) == 0)
            FZ_REQUIRE(cli_range_problem(lo, hi, f32) == NULL && isfinite(hi - lo), "range \"%s\"", s);
        else
            FZ_REQUIRE(why && *why && lo == 5.0 && hi == 4.0, "range \"%s\" failed without a reason or wrote", s);
    }
    gp_act a, b;
    if (gp_act_parse(s, &a) == GP_OK) {
        char spec[200];
        FZ_REQUIRE(gp_act_format(&a, spec, sizeof spec) == GP_OK, "format of \"%s\"", s);
        FZ_REQUIRE(gp_act_parse(spec, &b) == GP_OK && same_act(&a, &b), "\"%s\" -> \"%s\"", s, spec);
    }
}

/* parses argv (copied: getopt permutes it) with the command's parser */
static int parse(int cmd, int argc, char *const *args, plot_args *pa, check_args *ca)
{
    char *argv[MAX_ARGS + 2];
    for (int i = 0; i < argc; i++)
        argv[i] = args[i];
    argv[argc] = NULL;
    cli_reset_getopt();
    return cmd ? check_parse(argc, argv, ca) : plot_parse(argc, argv, pa);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    int cmd = data[0] & 1;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *args[MAX_ARGS + 2];
    int argc = 0;
    args[argc++] = cmd ? "check" : "plot";
    for (char *p = text; argc < MAX_ARGS && p <= text + size - 1;) {
        args[argc++] = p;
        p += strlen(p) + 1;
    }
    for (int i = 1; i < argc; i++)
        check_arg(args[i]);

    static plot_args pa, pa2;
    static check_args ca, ca2;
    int rc = parse(cmd, argc, args, &pa, &ca);
    FZ_REQUIRE(rc == -1 || rc == 0 || rc == 2, "status %d", rc);
    if (rc == -1 && cmd == 0) {
        FZ_REQUIRE(cli_range_problem(pa.xlo, pa.xhi, 0) == NULL, "plot range [%g, %g]", pa.xlo, pa.xhi);
        FZ_REQUIRE(pa.n >= 2 && pa.n <= CLI_PLOT_MAX_POINTS && pa.tw >= 20 && pa.tw <= 400 && pa.th >= 5 &&
                       pa.th <= 200, "plot sizes");
        FZ_REQUIRE(pa.nacts >= 1 && pa.nacts <= CLI_PLOT_MAX_ACTS, "plot %d activations", pa.nacts);
        for (int k = 0; k < pa.nacts; k++)
            FZ_REQUIRE(gp_act_check(&pa.act[k], 0) == GP_OK, "plot activation %d", k);
        FZ_REQUIRE(!pa.out || *pa.out, "plot --out ''");
    }
    if (rc == -1 && cmd == 1) {
        FZ_REQUIRE(cli_range_problem(ca.lo, ca.hi, ca.f32) == NULL, "check range [%g, %g]", ca.lo, ca.hi);
        FZ_REQUIRE(ca.npts >= 2 && ca.npts <= CLI_CHECK_MAX_POINTS, "check points %zu", ca.npts);
        FZ_REQUIRE(gp_act_check(&ca.act, 0) == GP_OK, "check activation");
    }
    int rc2 = parse(cmd, argc, args, &pa2, &ca2);
    FZ_REQUIRE(rc2 == rc, "status %d then %d", rc, rc2);
    if (rc == -1 && cmd == 0) {
        FZ_REQUIRE(pa.xlo == pa2.xlo && pa.xhi == pa2.xhi && pa.n == pa2.n && pa.nacts == pa2.nacts,
                   "plot parsed twice differently");
        for (int k = 0; k < pa.nacts; k++)
            FZ_REQUIRE(same_act(&pa.act[k], &pa2.act[k]), "plot activation %d parsed twice differently", k);
    }
    if (rc == -1 && cmd == 1)
        FZ_REQUIRE(ca.lo == ca2.lo && ca.hi == ca2.hi && ca.npts == ca2.npts && ca.f32 == ca2.f32 &&
                       same_act(&ca.act, &ca2.act), "check parsed twice differently");
    free(text);
    return 0;
}
