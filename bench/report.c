/* The table on stdout: the preamble (machine, peers, what the columns
 * mean), one line per row as it is measured, the probe's table, and the
 * rows that miss the targets. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "harness.h"

void gp_fmt_n(size_t n, char *buf, size_t len)
{
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, len, "%zuM", n >> 20);
    else
        snprintf(buf, len, "%zu", n);
}

static void gp_fmt_dev(const gp_dev *d, char *buf, size_t len)
{
    if (!d->measured)
        snprintf(buf, len, "-");
    else if (d->bad)
        snprintf(buf, len, "%ld NaN/inf", d->bad);
    else if (d->max_ulp < 1000)
        snprintf(buf, len, "%.2f", d->max_ulp);
    else
        snprintf(buf, len, "%.1e", d->max_ulp);
}

void gp_print_row(const gp_row *r)
{
    char nb[16], db[32], rb[48] = "";
    gp_fmt_n(r->n, nb, sizeof nb);
    gp_fmt_dev(&r->dev, db, sizeof db);
    if (r->ratio > 0)
        snprintf(rb, sizeof rb, r->gprime ? "%.2f vs %s" : "%.2f", r->ratio, r->best);
    else if (r->gprime)
        snprintf(rb, sizeof rb, "(no peer)");
    printf("%-10s %-20s %-4s %-7s %3d  %-14s %8.3f %8.3f %7.1f %5.0f%% %12s  %s\n", gp_kind_name((gp_kind)r->kind),
           gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", nb, r->threads, r->impl, r->med, r->min, r->gbps,
           r->pct, db, rb);
}

void gp_print_preamble(const gp_run *R)
{
    printf("# gprime %s benchmark: path %s%s; CPU %s; online CPUs %d\n", gp_version(), R->sel,
           R->o.all_isas ? " (+ all ISAs)" : "", R->model,
#ifdef _OPENMP
           omp_get_num_procs()
#else
           1
#endif
    );
    printf("# CPU flags: %s; load average at start %.2f\n", R->flags, R->load0);
    for (int i = 0; i < gp_bench_peer_count && i < GP_MAX_PEERS; i++) {
        const gp_bench_peer *p = gp_bench_peers[i];
        if (strcmp(R->peer_status[i], "ok") == 0)
            printf("# peer %-9s : %s\n", p->name, R->peer_note[i]);
        else
            printf("# peer %-9s : SKIPPED - %s%s%s\n", p->name, R->peer_note[i], p->package ? "; install " : "",
                   p->package ? p->package : "");
    }
    printf("# med/min: median and min ns per element over the samples; GB/s: bytes read + written once,\n"
           "# at the median; %%probe: GB/s over the bandwidth probe's for the same type, n, threads and\n"
           "# arrays; dev: %s;\n"
           "# ratio: on gprime rows, gprime median / fastest peer median (<= 1.00: gprime wins); on peer\n"
           "# rows, the selected gprime path's median / this peer's.\n",
           gp_error_note());
    printf("%-10s %-20s %-4s %-7s %3s  %-14s %8s %8s %7s %6s %12s  %s\n", "act", "op", "type", "n", "thr", "impl",
           "med ns/e", "min ns/e", "GB/s", "%probe", "dev ulp", "ratio");
    fflush(stdout);
}

void gp_print_probe(const gp_run *R)
{
    printf("\n# bandwidth probe (plain loops, ordinary stores): GB/s counting bytes read + written once\n");
    printf("%-4s %-9s %3s %12s %18s\n", "type", "n", "thr", "copy GB/s", "2-read-1-write");
    for (int i = 0; i < R->nprobes; i++) {
        const gp_probe_row *p = &R->probes[i];
        char nb[16];
        gp_fmt_n(p->n, nb, sizeof nb);
        printf("%-4s %-9s %3d %12.1f %18.1f\n", p->f64 ? "f64" : "f32", nb, p->threads, p->copy_gbps, p->add_gbps);
    }
}

/* The targets, checked on the selected gprime path's rows. */
void gp_report_misses(gp_run *R)
{
    printf("\n# rows that miss the targets (gprime path %s): ratio <= 1.00 to the fastest peer;\n"
           "# >= 85%% of the probe at n >= 16M",
           R->sel);
    if (R->maxthr > 1)
        printf("; %d threads at n >= 262144 faster than 1 thread and than onednn", R->maxthr);
    printf("\n");
    for (size_t i = 0; i < R->nrows; i++) {
        const gp_row *r = &R->rows[i];
        if (r->gprime != 2)
            continue;
        char nb[16];
        gp_fmt_n(r->n, nb, sizeof nb);
        const char *act = gp_kind_name((gp_kind)r->kind), *op = gp_op_name((gp_op)r->op),
                   *ty = r->f64 ? "f64" : "f32";
        if (r->ratio > 1.0) {
            printf("MISS speed  %-10s %-20s %s n=%-6s thr=%d: %.3f ns/e vs %s %.3f (ratio %.2f)\n", act, op, ty, nb,
                   r->threads, r->med, r->best, r->med / r->ratio, r->ratio);
            R->misses++;
        }
        if (r->n >= GP_DRAM_N && r->pct > 0 && r->pct < 85.0) {
            printf("MISS bw     %-10s %-20s %s n=%-6s thr=%d: %.1f GB/s = %.0f%% of the probe\n", act, op, ty, nb,
                   r->threads, r->gbps, r->pct);
            R->misses++;
        }
        if (r->threads <= 1 || r->n < 262144)
            continue;
        for (size_t j = 0; j < R->nrows; j++) {
            const gp_row *q = &R->rows[j];
            if (q->kind != r->kind || q->op != r->op || q->f64 != r->f64 || q->n != r->n)
                continue;
            if (q->gprime == 2 && q->threads == 1 && r->med >= q->med) {
                printf("MISS thr    %-10s %-20s %s n=%-6s: %d threads %.3f ns/e >= 1 thread %.3f\n", act, op, ty, nb,
                       r->threads, r->med, q->med);
                R->misses++;
            }
            if (!q->gprime && q->threads == r->threads && strcmp(q->impl, "onednn") == 0 && r->med > q->med) {
                printf("MISS thr    %-10s %-20s %s n=%-6s: %d threads %.3f ns/e > onednn %.3f\n", act, op, ty, nb,
                       r->threads, r->med, q->med);
                R->misses++;
            }
        }
    }
    R->load1 = gp_loadavg();
    double all = gp_busy_all(), self = gp_busy_self();
    R->others = -1;
    if (all >= 0 && R->busy_all0 >= 0 && self >= 0)
        R->others = ((all - R->busy_all0) - (self - R->busy_self0)) / gp_elapsed(R);
    printf("# %d misses; %zu rows; run took %.0f s; load average at start %.2f, at end %.2f;\n"
           "# other processes used %.2f CPUs on average during the run (noise: 0 on a quiet machine)\n",
           R->misses, R->nrows, gp_elapsed(R), R->load0, R->load1, R->others < 0 ? 0.0 : R->others);
}
