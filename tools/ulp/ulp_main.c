/* gprime-ulp: measures the error of every gprime kernel (activation x
 * operation x precision x instruction set) in ULPs, and of the peer
 * libraries found at build time, and checks gprime's published bounds.
 *
 *   float32: every bit pattern (--mode full) or every S-th one plus dense
 *            tails and special values (--mode strided, the CTest default);
 *   float64: N inputs (log-uniform over the whole range, body, tails,
 *            |z| < 1e-8) plus special values and dense neighbourhoods of
 *            every switch point of the algorithms.
 *
 * Each input is screened against a double (f32) or long double (f64)
 * reference whose error is far below the resolution needed (ulp_screen.c); every
 * result whose screened error exceeds 0.5 ulp minus a margin is measured again
 * against MPFR (200 bits), so every maximum reported above 0.5 - margin and
 * every "not correctly rounded" count is MPFR-exact; the references are
 * tests/ref's (each activation's own, keyed by activation and operation).
 * An exact activation (every ulp bound of its facts 0) is compared bit for
 * bit with its correctly rounded definition.
 * The kernels are called through the internal per-ISA tables (src/kernels.h),
 * on blocks of CHUNK inputs.
 *
 * Cost (float32, per input, all 60 gprime kernels + peers on 1/16): the
 * screening values are computed once per input and rounded once per function
 * (run_chunk); a result equal to that rounding, where it is certainly the
 * correctly rounded value, is settled in a tight loop (check_block), and only
 * the rest pays for check_one (and MPFR).  Only the widest ISA path is
 * measured this way; the others are compared with it bit for bit (identical
 * bits, identical error) and measured in full only on a block where a bit
 * differs.  The generic path's scalar kernels remain the largest cost.
 * GP_ULP_PROFILE=1 prints the time per phase. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulp.h"

/* ---- options --------------------------------------------------------------- */

/* strided, every 251st pattern, 2e5 f64 inputs, 2 threads, both precisions, peers on every input */
ulp_options opt = {0, 251, 200000, 2, 1, 1, 1, 1, 0x9e3779b97f4a7c15ULL, NULL, NULL, NULL, 0, 3u, 0, 0, ""};

double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- main ------------------------------------------------------------------------------ */

static void usage(void)
{
    printf("usage: gprime-ulp [options]\n"
           "  --mode strided|full   f32: every --stride-th pattern + tails (default) or all 2^32\n"
           "  --stride N            f32 stride in strided mode (default 251)\n"
           "  --f64-n N             random f64 inputs (default 200000; full mode 100000000)\n"
           "  --threads N           worker threads (default 2)\n"
           "  --prec 32|64|both     precisions to check (default both)\n"
           "  --isa NAME            only this instruction set (default: every available one)\n"
           "  --act NAME[,NAME...]  only these activations (default: every one)\n"
           "  --tier exact|fast|both  accuracy tiers (default both): the fast tier's own kernels\n"
           "                        (lib gprime-fast) against its bounds (4/4/5 ulp from z, 2 from the output)\n"
           "  --no-peers            skip the peer libraries\n"
           "  --peer-stride N       peers on every N-th input (default 1; full mode 16)\n"
           "  --seed N              seed for da and the f64 inputs\n"
           "  --markdown FILE       write the report as Markdown (docs/ACCURACY.md)\n"
           "  --f32-range START:COUNT  f32: only COUNT patterns from START (profiling, split runs)\n"
           "  --quiet               no progress output\n"
           "  --storage             instead: the bf16/f16 arrays on all 65536 codes and the accumulating\n"
           "                        backward (also f32/f64 on --f64-n random inputs), through the API\n"
           "  --glu                 instead: the gated forms (gp_glu_forward/backward), f32 on every --stride-th\n"
           "                        pattern of x (--mode full: all), f64 on --f64-n inputs, against MPFR\n"
           "Exit status: 0 if every gprime path meets its bound, 1 otherwise, 2 on usage errors.\n");
}

/* The largest of screen_err[t][*], NaN if any is NaN.  A plain loop of
 * its own: gcc 12's AArch64 vectorizer crashed (internal compiler error)
 * on the fused two-format fmax reduction that stood in main. */
static double worst_screen(int t)
{
    double m = 0;
    for (int s = 0; s < NSLOT; s++) {
        double e = screen_err[t][s];
        if (e != e)
            return e;
        if (e > m)
            m = e;
    }
    return m;
}

int main(int argc, char **argv)
{
    double t0 = now_s();
    int f64_set = 0, ps_set = 0, storage = 0, glu = 0;
    size_t pos = 0;
    for (int i = 0; i < argc; i++)
        pos += (size_t)snprintf(opt.cmdline + pos, pos < sizeof opt.cmdline ? sizeof opt.cmdline - pos : 0, "%s%s",
                                i ? " " : "", i ? argv[i] : "gprime-ulp");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV                                                                                  \
    do {                                                                                       \
        if (!v) {                                                                              \
            fprintf(stderr, "gprime-ulp: %s needs a value\n", a);                              \
            return 2;                                                                          \
        }                                                                                      \
        i++;                                                                                   \
    } while (0)
        if (!strcmp(a, "--mode")) {
            NEEDV;
            if (!strcmp(v, "full"))
                opt.full = 1;
            else if (!strcmp(v, "strided"))
                opt.full = 0;
            else {
                fprintf(stderr, "gprime-ulp: unknown mode %s\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--stride")) {
            NEEDV;
            opt.stride = strtoull(v, NULL, 0);
        } else if (!strcmp(a, "--f64-n")) {
            NEEDV;
            opt.f64_n = (uint64_t)strtod(v, NULL);
            f64_set = 1;
        } else if (!strcmp(a, "--threads")) {
            NEEDV;
            opt.threads = atoi(v);
        } else if (!strcmp(a, "--prec")) {
            NEEDV;
            opt.do32 = strcmp(v, "64") != 0;
            opt.do64 = strcmp(v, "32") != 0;
        } else if (!strcmp(a, "--isa")) {
            NEEDV;
            opt.isa_only = v;
        } else if (!strcmp(a, "--act")) {
            NEEDV;
            opt.acts_only = v;
        } else if (!strcmp(a, "--tier")) {
            NEEDV;
            if (!strcmp(v, "exact"))
                opt.tiers = 1u << GP_ACCURACY_EXACT;
            else if (!strcmp(v, "fast"))
                opt.tiers = 1u << GP_ACCURACY_FAST;
            else if (!strcmp(v, "both"))
                opt.tiers = 1u << GP_ACCURACY_EXACT | 1u << GP_ACCURACY_FAST;
            else {
                fprintf(stderr, "gprime-ulp: unknown tier %s (exact, fast or both)\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--no-peers")) {
            opt.peers = 0;
        } else if (!strcmp(a, "--peer-stride")) {
            NEEDV;
            opt.peer_stride = strtoull(v, NULL, 0);
            ps_set = 1;
        } else if (!strcmp(a, "--seed")) {
            NEEDV;
            opt.seed = strtoull(v, NULL, 0);
        } else if (!strcmp(a, "--markdown")) {
            NEEDV;
            opt.markdown = v;
        } else if (!strcmp(a, "--f32-range")) {
            NEEDV;
            char *end;
            opt.range_start = strtoull(v, &end, 0);
            opt.range_count = *end == ':' ? strtoull(end + 1, NULL, 0) : 0;
            if (!opt.range_count || opt.range_start + opt.range_count > (1ULL << 32)) {
                fprintf(stderr, "gprime-ulp: --f32-range wants START:COUNT within 2^32\n");
                return 2;
            }
        } else if (!strcmp(a, "--quiet")) {
            opt.quiet = 1;
        } else if (!strcmp(a, "--storage")) {
            storage = 1;
        } else if (!strcmp(a, "--glu")) {
            glu = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "gprime-ulp: unknown option %s (try --help)\n", a);
            return 2;
        }
    }
    if (opt.full && !f64_set)
        opt.f64_n = 100000000;
    if (opt.full && !ps_set)
        opt.peer_stride = 16;
    for (const char *s = opt.acts_only; s && *s;) { /* --act: every name must be an activation */
        char name[64];
        size_t n = strcspn(s, ",");
        gp_act a;
        snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), s);
        if (n >= 63 || gp_act_parse(name, &a) != GP_OK || strcmp(gp_kind_name(a.kind), name) != 0) {
            fprintf(stderr, "gprime-ulp: --act: '%s' is not an activation's name\n", name);
            return 2;
        }
        s += n + (s[n] == ',');
    }
    if (opt.stride < 1 || opt.threads < 1 || opt.threads > 64 || opt.peer_stride < 1) {
        fprintf(stderr, "gprime-ulp: bad --stride, --threads or --peer-stride\n");
        return 2;
    }
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    read_loadavg();

    ref_act(0, 32); /* the references' acts, made before any thread */
    act_selected(0); /* --act, read before any thread */
    if (storage)
        return run_storage(opt.f64_n) ? 1 : 0;
    add_gprime_targets();
    if (opt.peers)
        add_peer_targets();
    plan32();
    plan64();

    prof_on = getenv("GP_ULP_PROFILE") != NULL;
    double tv = now_s();
    validate_refs(100000);
    t_validate = now_s() - tv;
    /* the worst screen per format; NaN (never measured) counts as unsound */
    double max_err[2] = {worst_screen(0), worst_screen(1)};
    int bad_ref = !(max_err[0] < MARGIN32 / 4) || !(max_err[1] < MARGIN64 / 4);
    printf("screening references vs MPFR: max f32 %.3g ulp, f64 %.3g ulp (margins %.3g / %.3g)\n", max_err[0],
           max_err[1], MARGIN32, MARGIN64);
    if (bad_ref) {
        fprintf(stderr, "gprime-ulp: a screening reference exceeds its stated error bound; results are not sound\n");
        return 2;
    }
    if (glu)
        return run_glu();

    worker *ws[64];
    for (int k = 0; k < opt.threads; k++)
        ws[k] = new_worker();
    if (opt.do32) {
        printf("float32: %" PRIu64 " inputs x %d paths...\n", total32, ntargets);
        fflush(stdout);
        t_sweep[0] = run_sweep(32, ws);
        printf("float32 done in %.1f s\n", t_sweep[0]);
    }
    if (opt.do64) {
        printf("float64: %" PRIu64 " inputs...\n", total64);
        fflush(stdout);
        t_sweep[1] = run_sweep(64, ws);
        printf("float64 done in %.1f s\n", t_sweep[1]);
    }
    prof_report(ws);
    for (int k = 0; k < opt.threads; k++)
        free_worker(ws[k]);
    remeasure_max();
    double tt = now_s();
    measure_fo_tails();
    t_tails = now_s() - tt;
    t_total = now_s() - t0;

    print_report(stdout);
    int v = violations();
    printf("%s: %d gprime path(s) over their bound; total %.1f s\n", v ? "FAIL" : "PASS", v, t_total);
    if (inconsistent_max)
        printf("ERROR: %d maxima measured by the screen disagree with MPFR (see above); the report is not sound\n",
               inconsistent_max);
    if (opt.markdown) {
        write_markdown(opt.markdown);
        printf("wrote %s\n", opt.markdown);
    }
    mpfr_free_cache();
    return inconsistent_max ? 2 : v ? 1 : 0;
}
