/* The accumulating backward and the bf16/f16 arrays (issue 20), timed through
 * the public API on the selected path, one thread (the calling thread's
 * setting, gp_set_local_num_threads(1)), at the sizes of --n up to 2^22:
 *
 *   f32 backward_acc / backward_from_output_acc   against what a caller does
 *       without them: backward into a scratch array, then dz[i] += tmp[i];
 *       glu_backward_acc against glu_backward and two such loops
 *   bf16 and f16 forward, backward, backward_from_output, backward_acc
 *       against oneDNN's eltwise primitive on the same 16-bit storage (where
 *       the benchmark was built with oneDNN and it has the operation) and
 *       against gprime's own f32 call of the same operation
 *
 * in ns per element (median of the samples, bench/timing.c).  oneDNN's bf16
 * path converts with vcvtneps2bf16 where the CPU has it (subnormals flushed);
 * gprime keeps them (gprime.h), so the bits may differ in that range. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define GP_ST_MAXN ((size_t)1 << 22)

enum { ST_F32, ST_BF16, ST_F16 };
static const char *const st_name[3] = {"f32", "bf16", "f16"};
#define OP_ACC GP_OP_COUNT          /* backward_acc */
#define OP_ACC_FO (GP_OP_COUNT + 1) /* backward_from_output_acc */

typedef struct {
    gp_act act;
    int op, type, split; /* split: backward + add loop in place of the accumulating call */
    size_t n;
    const void *x, *da;
    void *out, *tmp;
} gp_st_ctx;

static void gp_st_run(void *v)
{
    gp_st_ctx *c = v;
    gp_status s = GP_OK;
    if (c->type == ST_F32) {
        if (c->split) {
            gp_op b = c->op == OP_ACC ? GP_OP_BACKWARD : GP_OP_BACKWARD_FROM_OUTPUT;
            s = gp_apply_f32(&c->act, b, c->n, c->x, c->da, c->tmp);
            float *dz = c->out;
            const float *t = c->tmp;
            for (size_t i = 0; i < c->n; i++)
                dz[i] += t[i];
        } else if (c->op == OP_ACC) {
            s = gp_backward_acc_f32(&c->act, c->n, c->x, c->da, c->out);
        } else if (c->op == OP_ACC_FO) {
            s = gp_backward_from_output_acc_f32(&c->act, c->n, c->x, c->da, c->out);
        } else {
            s = gp_apply_f32(&c->act, (gp_op)c->op, c->n, c->x, c->da, c->out);
        }
    } else {
        int bf = c->type == ST_BF16;
        if (c->op == OP_ACC)
            s = bf ? gp_backward_acc_bf16(&c->act, c->n, c->x, c->da, c->out)
                   : gp_backward_acc_f16(&c->act, c->n, c->x, c->da, c->out);
        else
            s = bf ? gp_apply_bf16(&c->act, (gp_op)c->op, c->n, c->x, c->da, c->out)
                   : gp_apply_f16(&c->act, (gp_op)c->op, c->n, c->x, c->da, c->out);
    }
    if (s != GP_OK)
        abort(); /* checked before timing: cannot happen */
}

/* the gated accumulating backward, or (split) gp_glu_backward into scratch
 * arrays and two add loops */
typedef struct {
    gp_act act;
    int split;
    size_t n;
    const float *x, *y, *dout;
    float *dx, *dy, *t1, *t2;
} gp_glu_st_ctx;

static void gp_glu_st_run(void *v)
{
    gp_glu_st_ctx *c = v;
    if (!c->split) {
        if (gp_glu_backward_acc_f32(&c->act, c->n, c->x, c->y, c->dout, c->dx, c->dy) != GP_OK)
            abort();
        return;
    }
    if (gp_glu_backward_f32(&c->act, c->n, c->x, c->y, c->dout, c->t1, c->t2) != GP_OK)
        abort();
    for (size_t i = 0; i < c->n; i++)
        c->dx[i] += c->t1[i], c->dy[i] += c->t2[i];
}

/* a 16-bit code near v (truncated; inputs only) */
static uint16_t gp_st_code(int type, float v)
{
    uint32_t b;
    memcpy(&b, &v, sizeof b);
    if (type == ST_BF16)
        return (uint16_t)(b >> 16);
    uint32_t a = b & 0x7fffffffu, s = b >> 16 & 0x8000u;
    if (a < 0x38800000u)
        return (uint16_t)s;
    return (uint16_t)(s | (a - 0x38000000u) >> 13);
}

static double gp_st_time(const gp_opts *o, gp_st_ctx *c)
{
    gp_bench_runner r = {gp_st_run, NULL, c};
    gp_settle();
    return gp_time(&r, c->n, o).med;
}

int gp_measure_storage(gp_run *R)
{
    const gp_opts *o = &R->o;
    size_t maxn = 0;
    for (int i = 0; i < o->nn; i++)
        if (o->n[i] <= GP_ST_MAXN && o->n[i] > maxn)
            maxn = o->n[i];
    if (!maxn)
        return 0;
    float *z = malloc(maxn * 4), *a = malloc(maxn * 4), *da = malloc(maxn * 4), *out = malloc(maxn * 4),
          *tmp = malloc(maxn * 4), *t1 = malloc(maxn * 4), *t2 = malloc(maxn * 4);
    uint16_t *z16 = malloc(maxn * 2), *a16 = malloc(maxn * 2), *da16 = malloc(maxn * 2), *o16 = malloc(maxn * 2);
    int rc = !(z && a && da && out && tmp && t1 && t2 && z16 && a16 && da16 && o16);
    gp_set_isa(R->sel);
    gp_set_local_num_threads(1);
    printf("\n# accumulating and 16-bit calls (path %s, 1 thread), ns per element: gprime; the comparison\n"
           "# (f32 acc: backward into a scratch array + a loop dz += tmp; bf16/f16: oneDNN eltwise on the\n"
           "# same storage, '-' where it has no such operation or was not built); gprime's f32 call\n",
           R->sel);
    printf("%-10s %-24s %-4s %9s %9s %9s %9s\n", "act", "op", "type", "n", "gprime", "compare", "f32");
    for (int ni = 0; ni < o->nn && !rc; ni++) {
        size_t n = o->n[ni];
        if (n > GP_ST_MAXN)
            continue;
        for (size_t i = 0; i < n; i++) {
            z[i] = (float)((double)(i % 1999) / 125.0 - 8.0);
            da[i] = (float)((double)(i % 37) / 37.0 - 0.5);
        }
        for (int ki = 0; ki < o->nkinds && !rc; ki++) {
            gp_act act = gp_act_default((gp_kind)o->kinds[ki]);
            rc |= gp_forward_f32(&act, n, z, a) != GP_OK;
            const int ops[6] = {GP_OP_FORWARD, GP_OP_BACKWARD, GP_OP_BACKWARD_FROM_OUTPUT, OP_ACC, OP_ACC_FO, -1};
            for (int type = ST_F32; type <= ST_F16 && !rc; type++) {
                for (size_t i = 0; i < n; i++)
                    z16[i] = gp_st_code(type, z[i]), da16[i] = gp_st_code(type, da[i]);
                if (type != ST_F32)
                    rc |= (type == ST_BF16 ? gp_forward_bf16(&act, n, z16, a16) : gp_forward_f16(&act, n, z16, a16)) !=
                          GP_OK;
                if (type == ST_F32) { /* the gated form: x = z, y = da, dout = a (any values) */
                    gp_glu_st_ctx g = {act, 0, n, z, da, a, out, tmp, t1, t2};
                    {
                        memset(out, 0, n * 4), memset(tmp, 0, n * 4);
                        gp_bench_runner r = {gp_glu_st_run, NULL, &g};
                        gp_settle();
                        double tg = gp_time(&r, n, o).med;
                        g.split = 1;
                        gp_settle();
                        double tc = gp_time(&r, n, o).med;
                        printf("%-10s %-24s %-4s %9zu %9.3f %9.3f %9s\n", gp_kind_name(act.kind), "glu_backward_acc",
                               "f32", n, tg, tc, "-");
                    }
                }
                for (int oi = 0; ops[oi] >= 0 && !rc; oi++) {
                    int op = ops[oi];
                    gp_op base = op == OP_ACC ? GP_OP_BACKWARD : op == OP_ACC_FO ? GP_OP_BACKWARD_FROM_OUTPUT : (gp_op)op;
                    if (!gp_has_op(act.kind, base) || (type == ST_F32 && op < GP_OP_COUNT) ||
                        (type != ST_F32 && op == OP_ACC_FO))
                        continue;
                    int fo = base == GP_OP_BACKWARD_FROM_OUTPUT;
                    int bwd = base != GP_OP_FORWARD;
                    gp_st_ctx c = {act, op, type, 0, n, NULL, NULL, NULL, tmp};
                    if (type == ST_F32)
                        c.x = fo ? a : z, c.da = da, c.out = out, memset(out, 0, n * 4);
                    else
                        c.x = fo ? a16 : z16, c.da = bwd ? da16 : NULL, c.out = o16, memset(o16, 0, n * 2);
                    gp_st_run(&c); /* checks the status once */
                    double tg = gp_st_time(o, &c), tc = NAN, tf = NAN;
                    if (type == ST_F32) {
                        c.split = 1;
                        tc = gp_st_time(o, &c);
                    } else {
#ifdef GP_BENCH_HAVE_ONEDNN
                        gp_bench_case bc = {act.kind, base, 0, n, 1, &act, c.x, c.da, c.out};
                        gp_bench_runner r;
                        if (op < GP_OP_COUNT && gp_dnnl_prepare_16(&bc, type == ST_BF16, &r) == GP_PEER_OK) {
                            gp_settle();
                            tc = gp_time(&r, n, o).med;
                            if (r.release)
                                r.release(r.ctx);
                        }
#endif
                        gp_st_ctx f = {act, op, ST_F32, 0, n, fo ? a : z, da, out, tmp};
                        tf = gp_st_time(o, &f);
                    }
                    char cb[16] = "-", fb[16] = "-";
                    if (!isnan(tc))
                        snprintf(cb, sizeof cb, "%.3f", tc);
                    if (!isnan(tf))
                        snprintf(fb, sizeof fb, "%.3f", tf);
                    printf("%-10s %-24s %-4s %9zu %9.3f %9s %9s\n", gp_kind_name(act.kind),
                           op == OP_ACC ? "backward_acc" : op == OP_ACC_FO ? "backward_from_output_acc"
                                                                        : gp_op_name((gp_op)op),
                           st_name[type], n, tg, cb, fb);
                    fflush(stdout);
                }
            }
        }
    }
    gp_set_local_num_threads(-1);
    gp_set_isa(NULL);
    free(z), free(a), free(da), free(out), free(tmp), free(t1), free(t2), free(z16), free(a16), free(da16), free(o16);
    return rc;
}
