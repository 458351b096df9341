/* Issue 19: a program that traps FP exceptions (glibc's feenableexcept, as
 * KANN's examples do) runs the inputs whose exact result calls for no flag
 * without a trap, and traps on the ones whose exact result does.
 *
 * src/fpenv.h guards the calls: the backward forms and the f64 from-output
 * ones always (their fast kernels raise FE_UNDERFLOW beside a normal result
 * at a tiny da or a tiny a; the part is rerun through the careful twin), and
 * (gp_fpenv_guarded).  Forward, grad and the relu family's backward (no
 * careful twin) are not guarded, for the guard's cost: an exact tiny
 * intermediate there raises nothing masked but traps unmasked (tanh's and
 * softsign's grad at a subnormal z, hardswish's forward at 2^-600, the AVX2
 * hinge's z + 0 at a subnormal z); the sweep reports those cases and does
 * not fail on them.
 * The kernels run with every trap masked, and only the final run's flags
 * are raised, by real operations where the caller unmasked them.
 *
 * With feenableexcept(FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID |
 * FE_DIVBYZERO), in forked children: a sweep of every kind, op and type at
 * tiny x (from-output: inside the outputs) and ordinary ones, with ordinary,
 * tiny and huge da, wherever the scalar form's result is normal, must not
 * trap (one child per ISA, restarted after a case that traps); the tiny-a
 * midpoints of the careful twins must not either; a case whose exact result
 * underflows inexactly (sigmoid's backward at z = -800: g' = e^-800; a tiny
 * da times g' in the subnormals) or overflows (DBL_MAX * selu'(1)) must die
 * of SIGFPE, on every ISA; and with only FE_OVERFLOW unmasked an underflow
 * returns with FE_UNDERFLOW raised and the trap masks as they were.  The
 * parent runs no array call before fork (no pool thread is lost to it). */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "act/desc.h"
#include "robust_util.h"

/* Under ASan/UBSan (scripts/sanitize.sh) the runtime catches SIGFPE itself
 * and reports a "deadly signal": a child must die by the trap it expects,
 * so the sanitizers leave SIGFPE alone here (their other options, from the
 * environment, stay as they are). */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__asan_default_options(void) { return "handle_sigfpe=0"; }
const char *__ubsan_default_options(void) { return "handle_sigfpe=0"; }

#if defined(__GLIBC__) && defined(FE_UNDERFLOW) && defined(FE_OVERFLOW) && defined(FE_INVALID) && defined(FE_DIVBYZERO)
#define TRAPS (FE_UNDERFLOW | FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO)
#define LEN 37

static const char *const isas[] = {"generic", "avx2", "avx512"};

/* one case: spec, op, type, x, da on every lane; returns the child's status */
static int run_case(const char *isa, const char *spec, gp_op op, int f32, double x, double da, int traps)
{
    fflush(stdout), fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        gp_act act;
        if (gp_set_isa(isa) != GP_OK || gp_act_parse(spec, &act) != GP_OK)
            _exit(3);
        float xf[LEN], df[LEN], of[LEN];
        double xd[LEN], dd[LEN], od[LEN];
        for (int i = 0; i < LEN; i++)
            xf[i] = (float)x, df[i] = (float)da, xd[i] = x, dd[i] = da;
        feclearexcept(FE_ALL_EXCEPT);
        if (traps)
            feenableexcept(traps);
        gp_status s = f32 ? gp_apply_f32(&act, op, LEN, xf, df, of) : gp_apply_f64(&act, op, LEN, xd, dd, od);
        int raised = fetestexcept(FE_UNDERFLOW), still = fegetexcept();
        fedisableexcept(FE_ALL_EXCEPT);
        if (s != GP_OK)
            _exit(4);
        if (still != traps)
            _exit(5); /* the trap masks not restored */
        _exit(raised ? 10 : 0);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        perror("waitpid");
        exit(2);
    }
    return st;
}

static long bad, cases, reported;

static void expect(const char *isa, const char *spec, gp_op op, int f32, double x, double da, int traps,
                   const char *want)
{
    int st = run_case(isa, spec, op, f32, x, da, traps);
    cases++;
    int trapped = WIFSIGNALED(st) && WTERMSIG(st) == SIGFPE, code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    int ok = strcmp(want, "quiet") == 0 ? code == 0
             : strcmp(want, "trap") == 0 ? trapped
                                          : code == 10; /* "flag": returned, FE_UNDERFLOW raised */
    if (!ok) {
        fprintf(stderr, "%s %s %s %s x = %a, da = %a, traps %#x: want %s, got %s %d\n", isa, spec, gp_op_name(op),
                f32 ? "f32" : "f64", x, da, traps, want, trapped ? "SIGFPE" : WIFSIGNALED(st) ? "signal" : "exit",
                trapped || WIFSIGNALED(st) ? WTERMSIG(st) : code);
        bad++;
    }
}

/* The sweep: every kind (default parameters), every op, both types, at tiny
 * x (from-output: inside the outputs) and ordinary ones, with ordinary and
 * tiny da, wherever the f64 scalar form gives a normal result: all of them
 * in one child per ISA with every trap enabled; a trap ends the child, the
 * case is reported, and a new child goes on after it. */
typedef struct {
    gp_act act;
    gp_op op;
    int f32;
    double x, da;
    int report; /* an op the guard leaves alone (forward, grad, f32 grad_from_output, the relu family's
                 * backward): reported, not failed */
} tcase;

#define MAXC 20000
static tcase tc[MAXC];
static int ntc;

static void sweep_cases(void)
{
    static const double x64[] = {0x3p-1074, -0x3p-1074, 0x1p-1050, -0x1p-1050, 0x1p-600, -0x1p-600, 0x1.8p-1000,
                                 -0x1.8p-1000, 0x1.2p-520, -0x1.2p-520, 0x1p-1022, -0x1p-1022, 0.5, -1.5};
    static const double x32[] = {0x3p-149, -0x3p-149, 0x1p-140, -0x1p-140, 0x1.8p-130, -0x1.8p-130, 0x1p-126,
                                 -0x1p-126, 0x1p-70, -0x1p-70, 0.5, -1.5};
    for (int k = 0; k < GP_KIND_COUNT; k++)
        for (int op = 0; op < GP_OP_COUNT; op++)
            for (int f32 = 0; f32 < 2; f32++) {
                gp_act act = gp_act_default((gp_kind)k);
                if (!gp_has_op(act.kind, (gp_op)op))
                    continue;
                int fo = gp_is_from_output((gp_op)op), bw = gp_is_backward((gp_op)op);
                double lim[4];
                gp_act_table[k]->limits(&act, lim);
                double lo = fmin(lim[0], lim[1]), hi = fmax(lim[0], lim[1]);
                const double *xs = f32 ? x32 : x64;
                int nx = f32 ? (int)(sizeof x32 / sizeof x32[0]) : (int)(sizeof x64 / sizeof x64[0]);
                const double das[] = {1.0, -0.75, f32 ? 0x1.3p-100 : 0x1.3p-1000, f32 ? -0x1.7p-70 : -0x1.7p-850,
                                      f32 ? 0x1.5p100 : 0x1.5p1000};
                for (int i = 0; i < nx; i++)
                    for (int j = 0; j < (bw ? 5 : 1); j++) {
                        double x = xs[i], da = das[j], r = 0;
                        if (fo && !(x >= lo && x <= hi))
                            continue;
                        if (f32) {
                            float rf;
                            if (gp_scalar_f32(&act, (gp_op)op, (float)x, (float)da, &rf) != GP_OK)
                                continue;
                            r = rf;
                        } else if (gp_scalar_f64(&act, (gp_op)op, x, da, &r) != GP_OK) {
                            continue;
                        }
                        if (!(fabs(r) >= (f32 ? FLT_MIN : DBL_MIN) && fabs(r) <= (f32 ? FLT_MAX : DBL_MAX)))
                            continue;
                        if (ntc < MAXC)
                            tc[ntc++] = (tcase){act, (gp_op)op, f32, x, da,
                                                !(bw && k != GP_RELU && k != GP_LEAKY_RELU) && !(fo && !f32)};
                    }
            }
}

static void sweep(const char *isa)
{
    volatile int *at = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (at == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    int from = 0;
    while (from < ntc) {
        *at = from;
        fflush(stdout), fflush(stderr);
        pid_t pid = fork();
        if (pid == 0) {
            if (gp_set_isa(isa) != GP_OK)
                _exit(3);
            for (int c = from; c < ntc; c++) {
                *at = c;
                float xf[LEN], df[LEN], of[LEN];
                double xd[LEN], dd[LEN], od[LEN];
                for (int i = 0; i < LEN; i++)
                    xf[i] = (float)tc[c].x, df[i] = (float)tc[c].da, xd[i] = tc[c].x, dd[i] = tc[c].da;
                feclearexcept(FE_ALL_EXCEPT); /* a flag set under an unmasked x87 trap is pending */
                feenableexcept(TRAPS);
                if (tc[c].f32)
                    gp_apply_f32(&tc[c].act, tc[c].op, LEN, xf, df, of);
                else
                    gp_apply_f64(&tc[c].act, tc[c].op, LEN, xd, dd, od);
                fedisableexcept(FE_ALL_EXCEPT);
            }
            _exit(0);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) != pid) {
            perror("fork/waitpid");
            exit(2);
        }
        cases += (WIFEXITED(st) && WEXITSTATUS(st) == 0 ? ntc : *at + 1) - from;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            break;
        const tcase *t = &tc[*at];
        char spec[96];
        gp_act_format(&t->act, spec, sizeof spec);
        if (!t->report || reported < 5 || getenv("GP_TRAPS_ALL"))
            fprintf(t->report ? stdout : stderr, "%s%s %s %s %s x = %a, da = %a: %s %d (a normal result: quiet wanted)\n",
                    t->report ? "not guarded, reported: " : "", isa, spec, gp_op_name(t->op), t->f32 ? "f32" : "f64",
                    t->x, t->da, WIFSIGNALED(st) ? "signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        if (t->report)
            reported++;
        else
            bad++;
        from = *at + 1;
    }
    munmap((void *)at, sizeof(int));
}

int main(void)
{
    if (!gp_test_fp_flags_work()) {
        printf("test_fp_traps: the FP exception flags do not work here (valgrind?): skipped\n");
        return 77;
    }
    static const char *const fospecs[] = {"sigmoid", "elu", "selu", "celu"};
    sweep_cases();
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        /* the parent must not run an array call before fork (the pool's threads); the
         * scalar forms of sweep_cases and gp_isa_available use none */
        if (!gp_isa_available(isas[s]) || !gp_test_isa_listed(isas[s]))
            continue;
        const char *isa = isas[s];
        sweep(isa);
        /* a tiny a at a midpoint, f64 from-output forms (the careful twin's sticky rounding) */
        for (size_t k = 0; k < sizeof fospecs / sizeof fospecs[0]; k++) {
            int sig = strcmp(fospecs[k], "sigmoid") == 0;
            double a = sig ? 0x3p-600 : -0x3p-1074, da = sig ? 0x1.0000000000001p500 : 0x1.0000000000003p0;
            expect(isa, fospecs[k], GP_OP_BACKWARD_FROM_OUTPUT, 0, a, da, TRAPS, "quiet");
            expect(isa, fospecs[k], GP_OP_BACKWARD_FROM_OUTPUT, 0, a, da, FE_OVERFLOW, "quiet");
        }
        /* exact results that underflow (inexact, subnormal or 0): the flag is due, and traps */
        expect(isa, "sigmoid", GP_OP_BACKWARD, 0, -800.0, 1.0, TRAPS, "trap");
        expect(isa, "sigmoid", GP_OP_BACKWARD, 1, -120.0, 1.0, TRAPS, "trap");
        expect(isa, "sigmoid", GP_OP_BACKWARD, 0, 0.0, 0x1.23456789abcdfp-1040, TRAPS, "trap");
        expect(isa, "elu", GP_OP_BACKWARD_FROM_OUTPUT, 0, -0.5, 0x1.23456789abcdfp-1040, TRAPS, "trap");
        expect(isa, "sigmoid", GP_OP_BACKWARD_FROM_OUTPUT, 1, 0.5, 0x1.234567p-130, TRAPS, "trap");
        expect(isa, "tanh", GP_OP_BACKWARD, 1, 0.5, 0x1.234567p-130, TRAPS, "trap");
        /* only FE_OVERFLOW trapped: returns with FE_UNDERFLOW raised, the masks restored */
        expect(isa, "sigmoid", GP_OP_BACKWARD, 0, -800.0, 1.0, FE_OVERFLOW, "flag");
        expect(isa, "sigmoid", GP_OP_BACKWARD, 0, 0.0, 0x1.23456789abcdfp-1040, FE_OVERFLOW, "flag");
        /* an overflow due traps */
        expect(isa, "selu", GP_OP_BACKWARD, 0, 1.0, DBL_MAX, TRAPS, "trap"); /* DBL_MAX * 1.05 */
    }
    if (bad) {
        fprintf(stderr, "test_fp_traps: %ld of %ld cases failed\n", bad, cases);
        return 1;
    }
    printf("test_fp_traps: %ld cases with traps enabled (%d of them swept in one child per ISA), as expected; "
           "%ld traps in kernels not guarded (forward, grad, relu family) reported\n",
           cases, ntc, reported);
    return 0;
}
#else
int main(void)
{
    printf("test_fp_traps: no glibc feenableexcept here, skipped\n");
    return 0;
}
#endif
