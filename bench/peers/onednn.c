/* Peer: oneDNN eltwise primitives through the C API (dnnl.h).
 *   forward               forward_inference of the activation's algorithm
 *   backward from z       backward_data of it: src, diff_dst
 *   backward from output  backward_data of *_use_dst_for_bwd: dst, diff_dst
 *                         (oneDNN 2.x has it for logistic, tanh, relu, elu)
 * The algorithms, by gprime's activation name (gp_dnnl_algs below): sigmoid
 * logistic, tanh, relu and leaky_relu relu(alpha), elu elu(alpha), gelu
 * gelu_erf, gelu_tanh gelu_tanh, silu swish(alpha = 1), softplus soft_relu
 * (log(1 + e^s): oneDNN 2.6 ignores alpha there, so only beta = 1 gets a row),
 * mish mish, hardswish hardswish (s min(max(s + 3, 0), 6)/6 in 2.6).
 * hardsigmoid (3.x only), selu and celu have no oneDNN 2.x algorithm: no row.
 * A parameter oneDNN cannot express gives no row, never a different function.
 * oneDNN has no "grad" primitive, so grad rows have no oneDNN entry.  The
 * threads come from oneDNN's OpenMP runtime: omp_set_num_threads before each
 * call.  A data type the CPU engine lacks (f64 in oneDNN 2.x) gives no row. */
#include <stdlib.h>
#include <string.h>

#include <dnnl.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../peer.h"

static dnnl_engine_t gp_dnnl_engine;
static dnnl_stream_t gp_dnnl_stream;

static const char *gp_dnnl_init(void)
{
    if (gp_dnnl_engine && gp_dnnl_stream)
        return NULL; /* a second gp_bench_main in the same process */
    if (dnnl_engine_create(&gp_dnnl_engine, dnnl_cpu, 0) != dnnl_success)
        return "dnnl_engine_create(cpu) failed";
    if (dnnl_stream_create(&gp_dnnl_stream, gp_dnnl_engine, dnnl_stream_default_flags) != dnnl_success)
        return "dnnl_stream_create failed";
    return NULL;
}

typedef struct {
    dnnl_primitive_t prim;
    dnnl_primitive_desc_t pd, hint;
    dnnl_memory_t mem[3];
    dnnl_exec_arg_t args[3];
    int nargs, threads;
} gp_dnnl_ctx;

static void gp_dnnl_release(void *p)
{
    gp_dnnl_ctx *c = p;
    if (!c)
        return;
    for (int i = 0; i < 3; i++)
        if (c->mem[i])
            dnnl_memory_destroy(c->mem[i]);
    if (c->prim)
        dnnl_primitive_destroy(c->prim);
    if (c->pd)
        dnnl_primitive_desc_destroy(c->pd);
    if (c->hint)
        dnnl_primitive_desc_destroy(c->hint);
    free(c);
}

static void gp_dnnl_run(void *p)
{
    gp_dnnl_ctx *c = p;
#ifdef _OPENMP
    omp_set_num_threads(c->threads);
#endif
    dnnl_primitive_execute(c->prim, gp_dnnl_stream, c->nargs, c->args);
    dnnl_stream_wait(gp_dnnl_stream);
}

static int gp_dnnl_arg(gp_dnnl_ctx *c, const dnnl_memory_desc_t *md, int arg, const void *ptr)
{
    int i = c->nargs;
    if (dnnl_memory_create(&c->mem[i], md, gp_dnnl_engine, (void *)ptr) != dnnl_success)
        return -1;
    c->args[i].arg = arg;
    c->args[i].memory = c->mem[i];
    c->nargs++;
    return 0;
}

/* oneDNN's algorithm for each activation it has, by name */
enum { GP_DNNL_ALPHA_0, GP_DNNL_ALPHA_ACT, GP_DNNL_ALPHA_1 };
typedef struct {
    const char *act;
    dnnl_alg_kind_t from_src, from_dst; /* from_dst: dnnl_alg_kind_undef where oneDNN has none */
    int alpha;                          /* oneDNN's alpha: 0, act->alpha, or 1 */
} gp_dnnl_alg;

static const gp_dnnl_alg gp_dnnl_algs[] = {
    {"sigmoid", dnnl_eltwise_logistic, dnnl_eltwise_logistic_use_dst_for_bwd, GP_DNNL_ALPHA_0},
    {"tanh", dnnl_eltwise_tanh, dnnl_eltwise_tanh_use_dst_for_bwd, GP_DNNL_ALPHA_0},
    {"relu", dnnl_eltwise_relu, dnnl_eltwise_relu_use_dst_for_bwd, GP_DNNL_ALPHA_0},
    {"leaky_relu", dnnl_eltwise_relu, dnnl_eltwise_relu_use_dst_for_bwd, GP_DNNL_ALPHA_ACT},
    {"elu", dnnl_eltwise_elu, dnnl_eltwise_elu_use_dst_for_bwd, GP_DNNL_ALPHA_ACT},
    {"gelu", dnnl_eltwise_gelu_erf, dnnl_alg_kind_undef, GP_DNNL_ALPHA_0},
    {"gelu_tanh", dnnl_eltwise_gelu_tanh, dnnl_alg_kind_undef, GP_DNNL_ALPHA_0},
    {"silu", dnnl_eltwise_swish, dnnl_alg_kind_undef, GP_DNNL_ALPHA_1},
    {"softplus", dnnl_eltwise_soft_relu, dnnl_alg_kind_undef, GP_DNNL_ALPHA_0},
    {"mish", dnnl_eltwise_mish, dnnl_alg_kind_undef, GP_DNNL_ALPHA_0},
    {"hardswish", dnnl_eltwise_hardswish, dnnl_alg_kind_undef, GP_DNNL_ALPHA_0},
};

static const gp_dnnl_alg *gp_dnnl_find(const char *act)
{
    for (size_t i = 0; i < sizeof gp_dnnl_algs / sizeof gp_dnnl_algs[0]; i++)
        if (strcmp(gp_dnnl_algs[i].act, act) == 0)
            return &gp_dnnl_algs[i];
    return NULL;
}

/* dt16: 0 for the case's own type, else a 16-bit storage type (dnnl_bf16 or dnnl_f16) */
static int gp_dnnl_prepare_dt(const gp_bench_case *bc, dnnl_data_type_t dt16, gp_bench_runner *r);

static int gp_dnnl_prepare(const gp_bench_case *bc, gp_bench_runner *r)
{
    return gp_dnnl_prepare_dt(bc, dnnl_data_type_undef, r);
}

int gp_dnnl_prepare_16(const gp_bench_case *bc, int bf16, gp_bench_runner *r)
{
    if (gp_dnnl_init())
        return GP_PEER_FAILED;
    return gp_dnnl_prepare_dt(bc, bf16 ? dnnl_bf16 : dnnl_f16, r);
}

static int gp_dnnl_prepare_dt(const gp_bench_case *bc, dnnl_data_type_t dt16, gp_bench_runner *r)
{
    int fwd = bc->op == GP_OP_FORWARD, bwd_z = bc->op == GP_OP_BACKWARD,
        bwd_a = bc->op == GP_OP_BACKWARD_FROM_OUTPUT;
    if (!fwd && !bwd_z && !bwd_a)
        return GP_PEER_UNSUPPORTED;
    const gp_dnnl_alg *a = gp_dnnl_find(gp_kind_name(bc->kind));
    if (!a)
        return GP_PEER_UNSUPPORTED;
    dnnl_alg_kind_t alg = bwd_a ? a->from_dst : a->from_src;
    if (alg == dnnl_alg_kind_undef)
        return GP_PEER_UNSUPPORTED;
    float alpha = a->alpha == GP_DNNL_ALPHA_ACT ? (float)bc->act->alpha : a->alpha == GP_DNNL_ALPHA_1 ? 1.0f : 0.0f;
    /* relu/elu from dst need alpha >= 0 (the sign of dst must tell the
     * branch); soft_relu is softplus with beta = 1 only */
    if (bwd_a && alpha < 0.0f)
        return GP_PEER_UNSUPPORTED;
    if (alg == dnnl_eltwise_soft_relu && bc->act->beta != 1.0)
        return GP_PEER_UNSUPPORTED;
    dnnl_data_type_t dt = dt16 != dnnl_data_type_undef ? dt16 : dnnl_f32;
    if (bc->f64 && dt16 == dnnl_data_type_undef) {
#if DNNL_VERSION_MAJOR >= 3
        dt = dnnl_f64;
#else
        return GP_PEER_UNSUPPORTED; /* oneDNN 2.x has no f64 data type */
#endif
    }
    dnnl_dims_t dims = {(dnnl_dim_t)bc->n};
    dnnl_memory_desc_t md;
    if (dnnl_memory_desc_init_by_tag(&md, 1, dims, dt, dnnl_a) != dnnl_success)
        return GP_PEER_UNSUPPORTED;
    gp_dnnl_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return GP_PEER_FAILED;
    c->threads = bc->threads;
    dnnl_eltwise_desc_t fd;
    int st = GP_PEER_UNSUPPORTED;
    if (dnnl_eltwise_forward_desc_init(&fd, fwd ? dnnl_forward_inference : dnnl_forward_training, alg, &md, alpha,
                                       0.0f) != dnnl_success)
        goto fail;
    /* the data type or algorithm is not implemented on this engine: no row */
    if (dnnl_primitive_desc_create(fwd ? &c->pd : &c->hint, &fd, NULL, gp_dnnl_engine, NULL) != dnnl_success)
        goto fail;
    if (!fwd) {
        dnnl_eltwise_desc_t bd;
        if (dnnl_eltwise_backward_desc_init(&bd, alg, &md, &md, alpha, 0.0f) != dnnl_success)
            goto fail;
        if (dnnl_primitive_desc_create(&c->pd, &bd, NULL, gp_dnnl_engine, c->hint) != dnnl_success)
            goto fail;
    }
    st = GP_PEER_FAILED;
    if (dnnl_primitive_create(&c->prim, c->pd) != dnnl_success)
        goto fail;
    if (fwd) {
        if (gp_dnnl_arg(c, &md, DNNL_ARG_SRC, bc->x) || gp_dnnl_arg(c, &md, DNNL_ARG_DST, bc->out))
            goto fail;
    } else {
        if (gp_dnnl_arg(c, &md, bwd_a ? DNNL_ARG_DST : DNNL_ARG_SRC, bc->x) ||
            gp_dnnl_arg(c, &md, DNNL_ARG_DIFF_DST, bc->da) || gp_dnnl_arg(c, &md, DNNL_ARG_DIFF_SRC, bc->out))
            goto fail;
    }
    r->run = gp_dnnl_run;
    r->release = gp_dnnl_release;
    r->ctx = c;
    return GP_PEER_OK;
fail:
    gp_dnnl_release(c);
    return st;
}

const gp_bench_peer gp_peer_onednn = {"onednn", "oneDNN eltwise primitives (C API), OpenMP threads", "libdnnl-dev",
                                      1, gp_dnnl_init, gp_dnnl_prepare};
