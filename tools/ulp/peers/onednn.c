/* oneDNN (Debian libdnnl-dev) eltwise primitives through the C API, f32:
 *   forward   eltwise_logistic / eltwise_tanh
 *   grad      backward from src with diff_dst = 1 (its g'(z))
 *   grad_from_output  backward *_use_dst_for_bwd with dst = a, diff_dst = 1
 * One engine, stream and primitive set per calling thread, for one fixed
 * block length (inputs are padded).  oneDNN's own OpenMP team is limited to one thread so
 * that the checker's threads do not oversubscribe the cores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oneapi/dnnl/dnnl.h>
#ifdef GP_ULP_OPENMP
#include <omp.h>
#endif
#include "gprime.h"
#include "peers.h"

#define CHECK(call)                                                                             \
    do {                                                                                        \
        dnnl_status_t s_ = (call);                                                              \
        if (s_ != dnnl_success) {                                                               \
            fprintf(stderr, "gprime-ulp: oneDNN call failed (%d): %s\n", (int)s_, #call);        \
            abort();                                                                            \
        }                                                                                       \
    } while (0)

enum { M_FWD_SIG, M_FWD_TANH, M_GRAD_SIG, M_GRAD_TANH, M_FO_SIG, M_FO_TANH, M_COUNT };

typedef struct {
    size_t n;
    dnnl_primitive_t prim;
} prim_slot;

static _Thread_local struct {
    int init;
    dnnl_engine_t eng;
    dnnl_stream_t stream;
    prim_slot slot[M_COUNT];
    float *ones;
    size_t ones_n;
} T;

static void thread_init(void)
{
    if (T.init)
        return;
#ifdef GP_ULP_OPENMP
    omp_set_num_threads(1);
#endif
    CHECK(dnnl_engine_create(&T.eng, dnnl_cpu, 0));
    CHECK(dnnl_stream_create(&T.stream, T.eng, dnnl_stream_default_flags));
    T.init = 1;
}

static dnnl_primitive_t get_prim(int m, size_t n)
{
    thread_init();
    prim_slot *s = &T.slot[m];
    if (s->prim && s->n == n)
        return s->prim;
    if (s->prim)
        dnnl_primitive_destroy(s->prim);
    dnnl_memory_desc_t md;
    dnnl_dims_t dims = {(dnnl_dim_t)n};
    CHECK(dnnl_memory_desc_init_by_tag(&md, 1, dims, dnnl_f32, dnnl_a));
    int tanh = (m == M_FWD_TANH || m == M_GRAD_TANH || m == M_FO_TANH);
    dnnl_alg_kind_t fwd_alg = tanh ? dnnl_eltwise_tanh : dnnl_eltwise_logistic;
    dnnl_alg_kind_t alg = fwd_alg;
    if (m == M_FO_SIG)
        alg = dnnl_eltwise_logistic_use_dst_for_bwd;
    if (m == M_FO_TANH)
        alg = dnnl_eltwise_tanh_use_dst_for_bwd;
    dnnl_eltwise_desc_t fd;
    dnnl_primitive_desc_t fpd, pd;
    CHECK(dnnl_eltwise_forward_desc_init(&fd, dnnl_forward_training, alg, &md, 0.f, 0.f));
    CHECK(dnnl_primitive_desc_create(&fpd, &fd, NULL, T.eng, NULL));
    if (m == M_FWD_SIG || m == M_FWD_TANH) {
        pd = fpd;
    } else {
        dnnl_eltwise_desc_t bd;
        CHECK(dnnl_eltwise_backward_desc_init(&bd, alg, &md, &md, 0.f, 0.f));
        CHECK(dnnl_primitive_desc_create(&pd, &bd, NULL, T.eng, fpd));
        dnnl_primitive_desc_destroy(fpd);
    }
    CHECK(dnnl_primitive_create(&s->prim, pd));
    dnnl_primitive_desc_destroy(pd);
    s->n = n;
    return s->prim;
}

static dnnl_memory_t wrap(size_t n, const float *p)
{
    dnnl_memory_desc_t md;
    dnnl_dims_t dims = {(dnnl_dim_t)n};
    dnnl_memory_t mem;
    CHECK(dnnl_memory_desc_init_by_tag(&md, 1, dims, dnnl_f32, dnnl_a));
    CHECK(dnnl_memory_create(&mem, &md, T.eng, (void *)p));
    return mem;
}

static const float *ones(size_t n)
{
    if (T.ones_n < n) {
        free(T.ones);
        T.ones = malloc(n * sizeof(float));
        if (!T.ones)
            abort();
        for (size_t i = 0; i < n; i++)
            T.ones[i] = 1.0f;
        T.ones_n = n;
    }
    return T.ones;
}

/* One primitive per operation and thread, for a fixed length: inputs go
 * through padded thread-local buffers in blocks of BLOCK (creating a
 * primitive JIT-compiles code, far too slow to redo for every length). */
#define BLOCK 1024
static _Thread_local float bx[BLOCK], bo[BLOCK];

static void run_block(int m, const float *x, float *o)
{
    dnnl_primitive_t prim = get_prim(m, BLOCK);
    dnnl_memory_t mx = wrap(BLOCK, x), mo = wrap(BLOCK, o), md = NULL;
    dnnl_exec_arg_t args[3];
    int nargs;
    if (m == M_FWD_SIG || m == M_FWD_TANH) {
        args[0] = (dnnl_exec_arg_t){DNNL_ARG_SRC, mx};
        args[1] = (dnnl_exec_arg_t){DNNL_ARG_DST, mo};
        nargs = 2;
    } else {
        md = wrap(BLOCK, ones(BLOCK));
        int use_dst = (m == M_FO_SIG || m == M_FO_TANH);
        args[0] = (dnnl_exec_arg_t){use_dst ? DNNL_ARG_DST : DNNL_ARG_SRC, mx};
        args[1] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, md};
        args[2] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_SRC, mo};
        nargs = 3;
    }
    CHECK(dnnl_primitive_execute(prim, T.stream, nargs, args));
    CHECK(dnnl_stream_wait(T.stream));
    dnnl_memory_destroy(mx);
    dnnl_memory_destroy(mo);
    if (md)
        dnnl_memory_destroy(md);
}

static void run(int m, size_t n, const float *x, float *o)
{
    for (size_t i = 0; i < n; i += BLOCK) {
        size_t k = n - i < BLOCK ? n - i : BLOCK;
        memcpy(bx, x + i, k * sizeof(float));
        memset(bx + k, 0, (BLOCK - k) * sizeof(float));
        run_block(m, bx, bo);
        memcpy(o + i, bo, k * sizeof(float));
    }
}

#define DEF(name, m)                                                                            \
    static void name(size_t n, const float *x, const float *da, float *o)                       \
    {                                                                                           \
        (void)da;                                                                               \
        run(m, n, x, o);                                                                        \
    }
DEF(fwd_sig, M_FWD_SIG)
DEF(fwd_tanh, M_FWD_TANH)
DEF(grad_sig, M_GRAD_SIG)
DEF(grad_tanh, M_GRAD_TANH)
DEF(fo_sig, M_FO_SIG)
DEF(fo_tanh, M_FO_TANH)

size_t ulp_peers_onednn(ulp_peer *out)
{
    size_t k = 0;
    out[k++] = (ulp_peer){"oneDNN", "eltwise_logistic forward", GP_SIGMOID, GP_OP_FORWARD, 32, fwd_sig, 0};
    out[k++] = (ulp_peer){"oneDNN", "eltwise_tanh forward", GP_TANH, GP_OP_FORWARD, 32, fwd_tanh, 0};
    out[k++] = (ulp_peer){"oneDNN", "eltwise_logistic backward (src), diff_dst=1", GP_SIGMOID, GP_OP_GRAD, 32,
                          grad_sig, 0};
    out[k++] = (ulp_peer){"oneDNN", "eltwise_tanh backward (src), diff_dst=1", GP_TANH, GP_OP_GRAD, 32, grad_tanh, 0};
    out[k++] = (ulp_peer){"oneDNN", "logistic_use_dst_for_bwd, diff_dst=1", GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 32,
                          fo_sig, 0};
    out[k++] = (ulp_peer){"oneDNN", "tanh_use_dst_for_bwd, diff_dst=1", GP_TANH, GP_OP_GRAD_FROM_OUTPUT, 32, fo_tanh,
                          0};
    return k;
}
