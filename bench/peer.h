/* Internal interface between the benchmark harness and the peer adapters in
 * bench/peers/.  Each adapter file is compiled only when CMake found the peer;
 * bench/peers/registry.c lists every peer, built or not, so that an absent
 * one is reported as skipped with a note. */
#ifndef GP_BENCH_PEER_H
#define GP_BENCH_PEER_H

#include <stddef.h>

#include "gprime.h"

/* One measurement case: the same buffers are handed to every contestant.
 * Peers know activations by name (gp_kind_name(kind)), never by enum value
 * or position: an activation no peer names gets gprime's rows alone.  The
 * harness asks only for operations the activation has (gp_has_op). */
typedef struct {
    gp_kind kind;
    gp_op op;
    int f64;           /* 0: float, 1: double */
    size_t n;
    int threads;       /* 1 or more */
    const gp_act *act; /* the activation with its parameters */
    const void *x;     /* z, or a = g(z) for the from-output ops */
    const void *da;    /* backward ops only, else NULL */
    void *out;
} gp_bench_case;

/* A prepared call: run(ctx) processes the whole case once. */
typedef struct {
    void (*run)(void *ctx);
    void (*release)(void *ctx); /* may be NULL */
    void *ctx;
} gp_bench_runner;

/* prepare() results */
enum { GP_PEER_OK = 0, GP_PEER_UNSUPPORTED = 1, GP_PEER_FAILED = -1 };

typedef struct {
    const char *name;    /* column label, e.g. "onednn" */
    const char *what;    /* one line: what is timed */
    const char *package; /* the Debian package that provides it, or NULL */
    int built;           /* 0: not found by CMake at build time */
    /* NULL on success, else a note why the peer cannot run here. */
    const char *(*init)(void);
    /* Fills r for c, or says the peer lacks this op (no row) or failed. */
    int (*prepare)(const gp_bench_case *c, gp_bench_runner *r);
} gp_bench_peer;

/* All peers, built or not (peers/registry.c). */
extern const gp_bench_peer *const gp_bench_peers[];
extern const int gp_bench_peer_count;

/* A plain loop over [0, n): x, da, out point at element 0 of the range. */
typedef void (*gp_bench_loop)(float alpha_f, double alpha, size_t n, const void *x, const void *da, void *out);

/* Wraps a loop into a runner; threads > 1 splits the range with OpenMP into
 * one part of whole 64-byte lines per thread (contestants.c). */
int gp_bench_loop_runner(const gp_bench_case *c, gp_bench_loop loop, gp_bench_runner *r);

/* oneDNN's eltwise on 16-bit storage (bf16 != 0: bf16, else f16) for the
 * case's activation and operation, x, da and out holding uint16_t (built
 * with GP_BENCH_HAVE_ONEDNN only; bench/storage.c). */
int gp_dnnl_prepare_16(const gp_bench_case *c, int bf16, gp_bench_runner *r);

#endif
