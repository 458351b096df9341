/* gprime-ulp: the accuracy checker (issue #4).  Shared declarations of its
 * files, one job each:
 *   ulp_main.c     options, the run
 *   ulp_targets.c  what is measured: every gprime kernel (activation x
 *                  operation x precision x ISA, from the facts of src/act/)
 *                  and the peers; bounds and exactness from the facts
 *   ulp_plan.c     the inputs: f32 bit patterns, f64 values, da
 *   ulp_screen.c   the screening values (each activation's screens from
 *                  tests/ref, MPFR where it has none), their check against
 *                  MPFR, errors in ulps
 *   ulp_check.c    one block of results against the references
 *   ulp_sweep.c    the threads over all inputs of one precision
 *   ulp_tails.c    where a from-output g' on the rounded a leaves g'(z)
 *   ulp_report.c   the text report and docs/ACCURACY.md
 *   ulp_storage.c  --storage: bf16/f16 arrays, the accumulating forms
 *   ulp_glu.c      --glu: the gated forms
 * Every reference value comes from tests/ref (gp_ref.h): g, g' and g' from
 * a of each activation, backward = da times one of them. */
#ifndef GP_ULP_H
#define GP_ULP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <mpfr.h>

#include "gprime.h"
#include "kernels.h"
#include "gp_ref.h"
#include "peers/peers.h"

#define CHUNK 2048
#define MARGIN32 0x1p-16 /* screening margin in float ulps (ref error < 2^-26) */
#define MARGIN64 0x1p-6  /* screening margin in double ulps (ref error < 2^-7) */
#define MAX_EX 4
#define ULP_MPFR_PREC 200 /* MPFR working precision of the references (bits) */

/* A screening slot: one function (GP_REF_*) of one activation. */
#define NSLOT (GP_KIND_COUNT * GP_REF_FN_COUNT)
static inline int slot_of(int kind, int op) { return kind * GP_REF_FN_COUNT + gp_ref_fn_of((gp_op)op); }

/* ---- options (ulp_main.c) ---- */
typedef struct {
    int full;
    uint64_t stride;
    uint64_t f64_n;
    int threads;
    int do32, do64;
    int peers;
    uint64_t peer_stride;
    uint64_t seed;
    const char *markdown;
    const char *isa_only;
    const char *acts_only; /* --act: a comma list of activation names, NULL: all */
    int quiet;
    unsigned tiers; /* --tier: bit 1 << gp_accuracy of the tiers checked (default both) */
    uint64_t range_start, range_count; /* --f32-range: only these patterns (profiling, split runs) */
    char cmdline[1024];
} ulp_options;
extern ulp_options opt;
double now_s(void);

static inline float bits_f(uint32_t b)
{
    float f;
    memcpy(&f, &b, 4);
    return f;
}
static inline uint32_t f_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
static inline double bits_d(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}
static inline uint64_t d_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

/* ---- targets (ulp_targets.c) ---- */
typedef struct {
    double err;
    uint64_t key; /* input bits */
    double da, got, want;
} example;

typedef struct {
    uint64_t n, not_cr, over, mpfr, over_literal, unasserted;
    example max;
    int have_max;
    int max_mpfr; /* the maximum was measured against MPFR */
    example ex[MAX_EX];
    int nex;
    /* paths checked against the reference path's bits (see run_chunk) */
    uint64_t diff;     /* results whose bits differ from the reference path's */
    uint64_t diff_key; /* the smallest input key among them */
} stats;

typedef struct {
    const char *lib, *path, *how;
    int kind, op, prec; /* prec 32 / 64 */
    gp_accuracy tier;   /* gprime: the accuracy tier of the kernel (lib "gprime" or "gprime-fast") */
    gp_kernel_f32 k32;
    gp_kernel_f64 k64;
    ulp_peer_f32 p32;
    ulp_peer_f64 p64;
    gp_params params;
    double bound; /* < 0: none (peers) */
    int exact;    /* bit-identical to the definition (every ulp bound of the kind 0) */
    int ref;      /* gprime: index of the reference path's target for the same
                     precision, activation and operation (itself for the
                     reference path); peers: -1 */
    stats st;
} target;

#define MAX_TARGETS 2048
extern target targets[MAX_TARGETS];
extern int ntargets;
extern const char *peer_notes[8];
extern int npeer_notes;
extern const char *const isa_names[GP_ISA_COUNT];

int kind_exact(int kind);              /* every ulp bound of the facts 0 */
double bound_of(int kind, int op, int prec);                   /* the default tier's bound */
double tier_bound_of(int kind, int op, int prec, gp_accuracy tier); /* the tier's (gp_desc_ulp) */
const gp_act *ref_act(int kind, int prec); /* the act the references use (f32: parameters rounded) */
void add_gprime_targets(void);
int act_selected(int kind); /* --act lists kind, or there is no --act */
/* --storage (ulp_storage.c): bf16/f16 exhaustively, the accumulating forms; 0 if all within bounds */
int run_storage(uint64_t acc_n);
/* --glu (ulp_glu.c): the gated forms; 0 if all within bounds, 1 if not, 2 if the report cannot be written */
int run_glu(void);
void add_peer_targets(void);
const char *ref_path_name(void);
const target *find_target(const char *lib, const char *path, int prec, int kind, int op);
int violations(void);
static inline const char *kind_s(int k) { return gp_kind_name((gp_kind)k); }
static inline const char *op_s(int o) { return gp_op_name((gp_op)o); }

/* ---- inputs (ulp_plan.c) ---- */
extern uint64_t total32, total64, nspecials64;
uint64_t splitmix(uint64_t x);
double rand_da(uint64_t k, int prec);
void plan32(void);
void plan64(void);
uint32_t input32(uint64_t g);
double input64(uint64_t g);
double random64(uint64_t i);

/* ---- screening (ulp_screen.c) ---- */
/* Every function of kind at x: screen_d (f32) / screen_ld (f64) of its
 * references, MPFR rounded to double / long double where it has none; NaN
 * for NaN and for a function the kind lacks. */
void screen32(int kind, float x, double out[GP_REF_FN_COUNT]);
long double screen64(int kind, int fn, double x);
extern double screen_err[2][NSLOT]; /* max error of each screen, in target ulps */
void validate_refs(uint64_t n);
/* ulp(x) in a target format (prec 24 / 53), clamped to its range */
long double ulp_of_ld(long double x, int prec);
/* Error of r against a screening value x, in ulps of the target format.
 * NaN x: 0 if r is NaN, else +inf.  r NaN, x not: +inf.  r = +-inf: 0 if
 * x rounds to that infinity (beyond the overflow threshold), else +inf. */
double ulp_err_ld(double r, long double x, int prec);
/* The same against an MPFR value (gp_ref_err); *cr = 1 when r is its
 * correctly rounded value (NaN for NaN), *want that value. */
double ulp_err_mpfr(double r, mpfr_srcptr x, int prec, int *cr, double *want);
/* ulp_err_ld(c, v, 24) for the float c = (float)v, fast */
float err24(double v, float c);

/* ---- checks (ulp_check.c) and sweeps (ulp_sweep.c) ---- */
typedef struct {
    stats st[MAX_TARGETS];
    mpfr_t m[NSLOT][CHUNK];
    unsigned char have[NSLOT][CHUNK];
    mpfr_t prod;
    float x32[CHUNK], da32[CHUNK], o32[CHUNK], px32[CHUNK], pda32[CHUNK];
    double x64[CHUNK], da64[CHUNK], o64[CHUNK], px64[CHUNK], pda64[CHUNK];
    float q32[CHUNK]; /* outputs of a path checked against the reference path */
    double q64[CHUNK];
    double ref32[NSLOT][CHUNK];
    long double ref64[NSLOT][CHUNK];
    /* per slot, without (0) and with (1) da: the value the screen rounds
     * to (c32: the same as a float) and its error; a result equal to it with
     * an error <= 0.5 - margin is certainly correctly rounded */
    double cand[2][NSLOT][CHUNK];
    float c32[2][NSLOT][CHUNK];
    float cerr[2][NSLOT][CHUNK];
    uint64_t key[CHUNK];
    size_t pidx[CHUNK];
    double pt_run[MAX_TARGETS], pt_check[MAX_TARGETS]; /* GP_ULP_PROFILE: peers */
} worker;

void merge(stats *d, const stats *s);
void check_block(worker *w, int ti, stats *s, size_t m, const void *outv, const size_t *idx);
worker *new_worker(void);
void free_worker(worker *w);
double run_sweep(int prec, worker **ws);
void remeasure_max(void);
extern int inconsistent_max;
extern int prof_on;
void prof_report(worker **ws);

/* ---- from-output tails (ulp_tails.c) ---- */
typedef struct {
    double first_over2, stays_over2, first_zero;
} fo_tail;
extern fo_tail fo_tails[2][GP_KIND_COUNT]; /* [f32, f64][kind]; NaN: not measured */
int fo_tail_measured(int kind);
void measure_fo_tails(void);

/* ---- report (ulp_report.c) ---- */
extern double t_sweep[2], t_validate, t_tails, t_total;
extern char started[64];
void read_loadavg(void);
void fmt_key(char *buf, size_t len, uint64_t key, int prec);
void print_report(FILE *f);
void write_markdown(const char *file);

#endif
