/* Internal interface between the files of the benchmark executable
 * gprime-bench (bench/):
 *   main.c         the run: setup, the order of the parts, the exit status
 *   options.c      the command line
 *   measure.c      inputs, the cases (activation x op x type x n x threads),
 *                  the contestants of one case timed side by side (gprime: each
 *                  path in each accuracy tier), the probe
 *   contestants.c  gprime through the public API; the peers' plain loops
 *                  split over threads with OpenMP
 *   timing.c       clock, calibration, samples, median and min
 *   error.c        the error column, against the MPFR reference (tests/ref)
 *   thresholds.c   the thread-split sweep and the split cost
 *   framework.c    the framework-like workload: the default split's cost
 *   storage.c      the accumulating backward, bf16/f16 against oneDNN's
 *   machine.c      CPU model and flags, load, other processes' CPU time
 *   report.c       the table on stdout and the target misses
 *   files.c        the --json and --markdown files
 *   probe.c        the bandwidth probe's loops (own compile flags)
 * gprime is measured through include/gprime.h, plus the activation facts of
 * src/act/desc.h; nothing else of the library's internals. */
#ifndef GP_BENCH_HARNESS_H
#define GP_BENCH_HARNESS_H

#include <stddef.h>

#include "gprime.h"
#include "peer.h"

#define GP_MAX_LIST 16
#define GP_MAX_ISAS 3
#define GP_MAX_PEERS 16
#define GP_DRAM_N ((size_t)1 << 24)  /* n from which a row is checked against the probe */
#define GP_THR_MAX ((size_t)1 << 22) /* largest n of the thread-split sweep */

/* ---- options (options.c) ---- */

typedef struct {
    int quick, all_isas, thresholds, framework, storage, samples;
    const char *isa, *json, *markdown;
    size_t n[GP_MAX_LIST];
    int nn;
    int threads[GP_MAX_LIST];
    int nthreads;
    int kinds[GP_KIND_COUNT], nkinds;
    int ops[GP_OP_COUNT], nops;
    int types[2], ntypes;
    int tiers[GP_ACCURACY_COUNT], ntiers; /* gp_accuracy of the gprime rows, in order (default exact,fast) */
} gp_opts;

/* 0: run, 1: --help printed, 2: usage error (said on stderr) */
int gp_parse_opts(int argc, char **argv, const char *prog, gp_opts *o);

/* ---- timing (timing.c) ---- */

typedef struct {
    double med, min; /* ns per element */
    int samples;
    long reps; /* calls per sample */
} gp_timing;

double gp_now_ns(void);
void gp_settle(void);
void gp_calibrate(const gp_bench_runner *r, const gp_opts *o, long *reps, int *samples);
double gp_sample(const gp_bench_runner *r, long reps, size_t n);
gp_timing gp_summary(double *v, int samples, long reps);
gp_timing gp_time(const gp_bench_runner *r, size_t n, const gp_opts *o);

/* ---- the error column (error.c) ---- */

typedef struct {
    int measured;   /* 0: no reference library in this build */
    double max_ulp;
    long bad;       /* NaN or infinite results (the reference is finite on these inputs) */
} gp_dev;

gp_dev gp_error(const gp_bench_case *c);
const char *gp_error_note(void); /* what the column is, or why it is empty */

/* ---- results ---- */

typedef struct {
    int kind, op, f64, threads;
    size_t n;
    char impl[24];
    int gprime; /* 1: a gprime row, 2: the gprime row the ratios are about (the selected path in the
                 * first tier), 3: the selected path in the other tier */
    double med, min, gbps, pct, ratio;
    char best[24]; /* fastest peer, gprime rows */
    gp_dev dev;
} gp_row;

typedef struct {
    int f64, threads;
    size_t n;
    double copy_gbps, add_gbps;
} gp_probe_row;

typedef struct {
    int kind, op, f64;
    size_t n_min; /* 0: the split never won in the range */
    size_t sizes[24];
    double t1[24], t2[24];
    int nsizes;
} gp_thr_row;

typedef struct {
    gp_opts o;
    const char *prog, *sel;         /* program name, the gprime path the ratios are about */
    const char *isas[GP_MAX_ISAS];  /* gprime paths timed; isas[0] == sel */
    int nisas, maxthr;
    const char *peer_status[GP_MAX_PEERS], *peer_note[GP_MAX_PEERS];
    void *z, *da, *a, *out; /* nmax doubles each */
    size_t nmax;
    double t_start, load0, load1;
    double busy_all0, busy_self0, others; /* others: CPUs used by other processes, on average */
    char model[256], flags[256];
    int misses;
    int split_measured;
    double split_us[3]; /* pool, openmp, pool after sleep (thresholds.c); NAN: not measurable */
    gp_row *rows;
    size_t nrows, caprows;
    gp_probe_row probes[2 * GP_MAX_LIST * GP_MAX_LIST];
    int nprobes;
    gp_thr_row thr[2 * GP_KIND_COUNT * GP_OP_COUNT];
    int nthr;
} gp_run;

double gp_elapsed(const gp_run *R);

/* ---- measuring (measure.c, contestants.c, thresholds.c) ---- */

static inline int gp_is_backward(gp_op op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT; }
static inline int gp_is_from_output(gp_op op)
{
    return op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
}
/* arrays a call reads and writes */
static inline int gp_arrays(gp_op op) { return gp_is_backward(op) ? 3 : 2; }

void gp_fill_inputs(int f64, size_t n, void *z, void *da);
int gp_measure_type(gp_run *R, int f64);
/* gprime on path isa in accuracy tier `tier` (the case's act with that tier) */
int gp_gprime_prepare(const gp_bench_case *c, const char *isa, gp_accuracy tier, gp_bench_runner *r);
int gp_measure_thresholds(gp_run *R);
int gp_measure_framework(gp_run *R);
int gp_measure_storage(gp_run *R);

/* ---- machine (machine.c) ---- */

void gp_cpu_info(char *model, size_t mlen, char *flags, size_t flen);
double gp_busy_all(void);
double gp_busy_self(void);
double gp_loadavg(void);

/* ---- output (report.c, files.c) ---- */

void gp_fmt_n(size_t n, char *buf, size_t len);
void gp_print_preamble(const gp_run *R);
void gp_print_row(const gp_row *r);
void gp_print_probe(const gp_run *R);
void gp_report_misses(gp_run *R);
int gp_write_json(const gp_run *R, const char *path);
int gp_write_markdown(const gp_run *R, const char *path);

#endif
