/* The --json file (every measurement, for machines) and the --markdown file
 * (gprime's rows: the README's copy of the latest run).  Each is written whole
 * or not at all (tools/common/outfile.h: a temporary renamed into place). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "outfile.h"

/* Opens path for a whole-file write, or says why not. */
static FILE *gp_out_begin(const gp_run *R, gp_outfile *o, const char *path)
{
    if (gp_outfile_open(o, path) == 0)
        return o->f;
    fprintf(stderr, "%s: cannot write %s: %s\n", R->prog, path, strerror(errno));
    return NULL;
}

/* 0 once the file is in place; else it was never created */
static int gp_out_end(const gp_run *R, gp_outfile *o, const char *path)
{
    if (gp_outfile_commit(o) != 0) {
        fprintf(stderr, "%s: error writing %s: %s\n", R->prog, path, strerror(errno));
        return 1;
    }
    fprintf(stderr, "[bench] wrote %s\n", path);
    return 0;
}

static void gp_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* a number, or null for NAN */
static void gp_json_num(FILE *f, const char *fmt, double v)
{
    if (isnan(v))
        fprintf(f, "null");
    else
        fprintf(f, fmt, v);
}

int gp_write_json(const gp_run *R, const char *path)
{
    gp_outfile o;
    FILE *f = gp_out_begin(R, &o, path);
    if (!f)
        return 1;
    fprintf(f, "{\n  \"gprime_version\": ");
    gp_json_str(f, gp_version());
    fprintf(f, ",\n  \"isa\": ");
    gp_json_str(f, R->sel);
    fprintf(f, ",\n  \"cpu\": ");
    gp_json_str(f, R->model);
    fprintf(f, ",\n  \"cpu_flags\": ");
    gp_json_str(f, R->flags);
    fprintf(f,
            ",\n  \"load_start\": %.2f,\n  \"load_end\": %.2f,\n  \"other_cpus\": %.3f,\n  \"quick\": %s,\n"
            "  \"peers\": [",
            R->load0, R->load1, R->others, R->o.quick ? "true" : "false");
    for (int i = 0; i < gp_bench_peer_count && i < GP_MAX_PEERS; i++) {
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        gp_json_str(f, gp_bench_peers[i]->name);
        fprintf(f, ", \"status\": ");
        gp_json_str(f, R->peer_status[i]);
        fprintf(f, ", \"note\": ");
        gp_json_str(f, R->peer_note[i]);
        fprintf(f, "}");
    }
    fprintf(f, "\n  ],\n  \"probe\": [");
    for (int i = 0; i < R->nprobes; i++)
        fprintf(f,
                "%s\n    {\"type\": \"%s\", \"n\": %zu, \"threads\": %d, \"copy_gbps\": %.3f, "
                "\"read2_write1_gbps\": %.3f}",
                i ? "," : "", R->probes[i].f64 ? "f64" : "f32", R->probes[i].n, R->probes[i].threads,
                R->probes[i].copy_gbps, R->probes[i].add_gbps);
    fprintf(f, "\n  ],\n  \"rows\": [");
    for (size_t i = 0; i < R->nrows; i++) {
        const gp_row *r = &R->rows[i];
        fprintf(f,
                "%s\n    {\"act\": \"%s\", \"op\": \"%s\", \"type\": \"%s\", \"n\": %zu, \"threads\": %d, "
                "\"impl\": \"%s\", \"gprime\": %s, \"median_ns\": %.5f, \"min_ns\": %.5f, \"gbps\": %.3f, "
                "\"pct_probe\": %.1f, \"max_ulp\": ",
                i ? "," : "", gp_kind_name((gp_kind)r->kind), gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", r->n,
                r->threads, r->impl, r->gprime ? "true" : "false", r->med, r->min, r->gbps, r->pct);
        if (r->dev.measured)
            fprintf(f, "%.4g, \"nonfinite\": %ld", r->dev.max_ulp, r->dev.bad);
        else
            fprintf(f, "null, \"nonfinite\": null");
        fprintf(f, ", \"ratio\": %.4f, \"fastest_peer\": \"%s\"}", r->ratio, r->gprime ? r->best : "");
    }
    fprintf(f, "\n  ],\n  \"thread_threshold\": [");
    for (int i = 0; i < R->nthr; i++) {
        const gp_thr_row *t = &R->thr[i];
        fprintf(f, "%s\n    {\"act\": \"%s\", \"op\": \"%s\", \"type\": \"%s\", \"threads\": %d, \"n_min\": %zu",
                i ? "," : "", gp_kind_name((gp_kind)t->kind), gp_op_name((gp_op)t->op), t->f64 ? "f64" : "f32",
                R->maxthr, t->n_min);
        const char *keys[3] = {"sizes", "t1_ns", "t2_ns"};
        for (int k = 0; k < 3; k++) {
            fprintf(f, ", \"%s\": [", keys[k]);
            for (int j = 0; j < t->nsizes; j++) {
                if (k == 0)
                    fprintf(f, "%s%zu", j ? ", " : "", t->sizes[j]);
                else
                    fprintf(f, "%s%.5f", j ? ", " : "", k == 1 ? t->t1[j] : t->t2[j]);
            }
            fprintf(f, "]");
        }
        fprintf(f, "}");
    }
    /* split_cost_us: see bench/thresholds.c for what each number is */
    fprintf(f, "\n  ],\n  \"split_cost_us\": ");
    if (R->split_measured) {
        fprintf(f, "{\"pool\": ");
        gp_json_num(f, "%.3f", R->split_us[0]);
        fprintf(f, ", \"openmp\": ");
        gp_json_num(f, "%.3f", R->split_us[1]);
        fprintf(f, ", \"pool_after_sleep\": ");
        gp_json_num(f, "%.3f", R->split_us[2]);
        fprintf(f, "}");
    } else
        fprintf(f, "null");
    fprintf(f, ",\n  \"misses\": %d\n}\n", R->misses);
    return gp_out_end(R, &o, path);
}

int gp_write_markdown(const gp_run *R, const char *path)
{
    gp_outfile o;
    FILE *f = gp_out_begin(R, &o, path);
    if (!f)
        return 1;
    fprintf(f,
            "gprime %s, path %s, on %s (%ld online CPUs); load average %.2f at the start, %.2f at the end; "
            "%d target misses over %zu rows (peers' rows included).  Median ns per element; ratio = gprime / "
            "the fastest peer (<= 1.00: gprime wins; misses in bold); %%probe = GB/s over the bandwidth "
            "probe's (n = 16M); gprime ulp = its max error over 1024 results spread over the array, against "
            "the MPFR reference (- : not built with it).\n\n",
            gp_version(), R->sel, R->model, sysconf(_SC_NPROCESSORS_ONLN), R->load0, R->load1, R->misses, R->nrows);
    fprintf(f, "| act | op | type | n | thr | tier | gprime | fastest peer | its ns/e | ratio | %%probe | gprime ulp |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < R->nrows; i++) {
        const gp_row *r = &R->rows[i];
        if (r->gprime < 2)
            continue;
        char nb[16], peer[32] = "-", ratio[16] = "-", pct[16] = "", ulp[32] = "-";
        gp_fmt_n(r->n, nb, sizeof nb);
        if (r->ratio > 0) {
            snprintf(peer, sizeof peer, "%.3f", r->med / r->ratio);
            snprintf(ratio, sizeof ratio, r->ratio > 1.0 ? "**%.2f**" : "%.2f", r->ratio);
        }
        if (r->n >= GP_DRAM_N && r->pct > 0)
            snprintf(pct, sizeof pct, "%.0f%%", r->pct);
        if (r->dev.measured)
            snprintf(ulp, sizeof ulp, "%.2f", r->dev.max_ulp);
        fprintf(f, "| %s | %s | %s | %s | %d | %s | %.3f | %s | %s | %s | %s | %s |\n", gp_kind_name((gp_kind)r->kind),
                gp_op_name((gp_op)r->op), r->f64 ? "f64" : "f32", nb, r->threads,
                strncmp(r->impl, "gprime-fast-", 12) == 0 ? "fast" : "exact", r->med, r->ratio > 0 ? r->best : "-",
                peer, ratio, pct, ulp);
    }
    return gp_out_end(R, &o, path);
}
