/* Peer: XNNPACK operators (xnnpack.h of the Debian package): sigmoid_nc_f32,
 * leaky_relu_nc_f32, and clamp_nc_f32 with [0, +inf) for relu.  Forward f32
 * only (this XNNPACK has no f32 tanh nor any gradient).  The operator sees
 * the array as n rows of one channel (contiguous, so XNNPACK processes it as
 * one flat range); 2 threads run on a pthreadpool of 2. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pthreadpool.h>
#include <xnnpack.h>

#include "../peer.h"

static pthreadpool_t gp_xnn_pools[9]; /* by thread count, created on first use */

static const char *gp_xnn_init(void)
{
    enum xnn_status s = xnn_initialize(NULL);
    if (s == xnn_status_unsupported_hardware)
        return "xnn_initialize: unsupported hardware";
    if (s != xnn_status_success)
        return "xnn_initialize failed";
    return NULL;
}

typedef struct {
    xnn_operator_t op;
    pthreadpool_t pool;
} gp_xnn_ctx;

static void gp_xnn_run(void *p)
{
    gp_xnn_ctx *c = p;
    xnn_run_operator(c->op, c->pool);
}

static void gp_xnn_release(void *p)
{
    gp_xnn_ctx *c = p;
    if (c->op)
        xnn_delete_operator(c->op);
    free(c);
}

/* XNNPACK's operator for each activation it has, by name */
enum { GP_XNN_SIGMOID, GP_XNN_CLAMP, GP_XNN_LEAKY_RELU };
static const struct {
    const char *act;
    int op;
} gp_xnn_ops[] = {{"sigmoid", GP_XNN_SIGMOID}, {"relu", GP_XNN_CLAMP}, {"leaky_relu", GP_XNN_LEAKY_RELU}};

static int gp_xnn_prepare(const gp_bench_case *bc, gp_bench_runner *r)
{
    int xop = -1;
    for (size_t i = 0; i < sizeof gp_xnn_ops / sizeof gp_xnn_ops[0]; i++)
        if (strcmp(gp_xnn_ops[i].act, gp_kind_name(bc->kind)) == 0)
            xop = gp_xnn_ops[i].op;
    if (bc->f64 || bc->op != GP_OP_FORWARD || xop < 0)
        return GP_PEER_UNSUPPORTED;
    gp_xnn_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return GP_PEER_FAILED;
    if (bc->threads > 1) {
        int t = bc->threads < 8 ? bc->threads : 8;
        if (!gp_xnn_pools[t])
            gp_xnn_pools[t] = pthreadpool_create((size_t)t);
        c->pool = gp_xnn_pools[t];
        if (!c->pool)
            goto fail;
    }
    enum xnn_status s;
    if (xop == GP_XNN_SIGMOID)
        s = xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &c->op);
    else if (xop == GP_XNN_CLAMP)
        s = xnn_create_clamp_nc_f32(1, 1, 1, 0.0f, INFINITY, 0, &c->op);
    else
        s = xnn_create_leaky_relu_nc_f32(1, 1, 1, (float)bc->act->alpha, 0, &c->op);
    if (s != xnn_status_success)
        goto fail;
    if (xop == GP_XNN_SIGMOID)
        s = xnn_setup_sigmoid_nc_f32(c->op, bc->n, bc->x, bc->out, c->pool);
    else if (xop == GP_XNN_CLAMP)
        s = xnn_setup_clamp_nc_f32(c->op, bc->n, bc->x, bc->out, c->pool);
    else
        s = xnn_setup_leaky_relu_nc_f32(c->op, bc->n, bc->x, bc->out, c->pool);
    if (s != xnn_status_success)
        goto fail;
    r->run = gp_xnn_run;
    r->release = gp_xnn_release;
    r->ctx = c;
    return GP_PEER_OK;
fail:
    gp_xnn_release(c);
    return GP_PEER_FAILED;
}

const gp_bench_peer gp_peer_xnnpack = {"xnnpack", "XNNPACK sigmoid / leaky_relu / clamp(0,inf) nc_f32 operators",
                                       "libxnnpack-dev", 1, gp_xnn_init, gp_xnn_prepare};
