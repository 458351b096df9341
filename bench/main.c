/* gprime-bench: gprime raced against the peer libraries found at build time
 * (bench/peers/), plus a memory-bandwidth probe and the thread split; the
 * table on stdout, progress on stderr, --json/--markdown files on request.
 * `gprime bench` runs this executable.  Exit status: 0 on success, 2 on a
 * usage error, 1 on any other failure.  The files: bench/harness.h. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

/* gprime's paths, best first; the ones this CPU and build have are timed */
static const char *const gp_isa_list[GP_MAX_ISAS] = {"avx512", "avx2", "generic"};

double gp_elapsed(const gp_run *R) { return (gp_now_ns() - R->t_start) * 1e-9; }

static void *gp_alloc(size_t bytes)
{
    size_t b = (bytes + 63) / 64 * 64;
    void *p = aligned_alloc(64, b ? b : 64);
    if (p)
        memset(p, 0, b ? b : 64);
    return p;
}

/* Options, gprime paths, peers, buffers.  -1: go on; else the exit status. */
static int gp_setup(gp_run *R, int argc, char **argv)
{
    R->prog = argc > 0 && argv[0] ? argv[0] : "gprime-bench";
    int pr = gp_parse_opts(argc, argv, R->prog, &R->o);
    if (pr)
        return pr == 1 ? 0 : 2;
    gp_opts *o = &R->o;

    gp_set_isa(NULL);
    R->sel = o->isa ? o->isa : gp_isa_name();
    if (!gp_isa_available(R->sel)) {
        fprintf(stderr, "%s: ISA '%s' is not available on this CPU/build\n", R->prog, R->sel);
        return 2;
    }
    for (int i = 0; i < GP_MAX_ISAS; i++)
        if (strcasecmp(gp_isa_list[i], R->sel) == 0)
            R->sel = gp_isa_list[i];
    R->isas[R->nisas++] = R->sel;
    if (o->all_isas)
        for (int i = 0; i < GP_MAX_ISAS; i++)
            if (gp_isa_available(gp_isa_list[i]) && strcmp(gp_isa_list[i], R->sel) != 0)
                R->isas[R->nisas++] = gp_isa_list[i];

#ifndef _OPENMP
    /* the loop peers split with OpenMP: without it, one thread for everyone */
    int k = 0;
    for (int i = 0; i < o->nthreads; i++)
        if (o->threads[i] == 1)
            o->threads[k++] = 1;
    if (k < o->nthreads)
        fprintf(stderr, "%s: built without OpenMP: thread counts above 1 are skipped\n", R->prog);
    o->nthreads = 1;
    o->threads[0] = 1;
    o->thresholds = 0;
#endif
    R->maxthr = 1;
    for (int i = 0; i < o->nthreads; i++)
        if (o->threads[i] > R->maxthr)
            R->maxthr = o->threads[i];

    for (int i = 0; i < gp_bench_peer_count && i < GP_MAX_PEERS; i++) {
        const gp_bench_peer *p = gp_bench_peers[i];
        R->peer_status[i] = "ok";
        R->peer_note[i] = p->what;
        if (!p->built) {
            R->peer_status[i] = "skipped";
        } else if (p->init) {
            const char *why = p->init();
            if (why)
                R->peer_status[i] = "skipped", R->peer_note[i] = why;
        }
    }

    for (int i = 0; i < o->nn; i++)
        if (o->n[i] > R->nmax)
            R->nmax = o->n[i];
    if (o->thresholds && R->nmax < GP_THR_MAX)
        R->nmax = GP_THR_MAX;
    R->z = gp_alloc(R->nmax * sizeof(double));
    R->da = gp_alloc(R->nmax * sizeof(double));
    R->a = gp_alloc(R->nmax * sizeof(double));
    R->out = gp_alloc(R->nmax * sizeof(double));
    if (!R->z || !R->da || !R->a || !R->out) {
        fprintf(stderr, "%s: out of memory for n = %zu\n", R->prog, R->nmax);
        return 1;
    }
    gp_cpu_info(R->model, sizeof R->model, R->flags, sizeof R->flags);
    R->load0 = gp_loadavg();
    return -1;
}

static int gp_bench(gp_run *R)
{
    int rc = 0;
    R->t_start = gp_now_ns();
    R->busy_all0 = gp_busy_all();
    R->busy_self0 = gp_busy_self();
    gp_print_preamble(R);
    for (int ti = 0; ti < R->o.ntypes && !rc; ti++)
        rc = gp_measure_type(R, R->o.types[ti]);
    if (rc)
        return rc;
    gp_print_probe(R);
    if (R->o.thresholds && R->maxthr > 1 && gp_measure_thresholds(R))
        return 1;
    if (R->o.storage && gp_measure_storage(R))
        return 1;
    if (R->o.framework && gp_measure_framework(R))
        return 1;
    gp_report_misses(R);
    if (R->nrows == 0) {
        fprintf(stderr, "%s: no row was measured\n", R->prog);
        rc = 1;
    }
    if (R->o.json && gp_write_json(R, R->o.json))
        rc = 1;
    if (R->o.markdown && gp_write_markdown(R, R->o.markdown))
        rc = 1;
    return rc;
}

int main(int argc, char **argv)
{
    static gp_run R; /* large: the probe and threshold tables */
    int rc = gp_setup(&R, argc, argv);
    if (rc < 0)
        rc = gp_bench(&R);
    free(R.z), free(R.da), free(R.a), free(R.out), free(R.rows);
    return rc;
}
