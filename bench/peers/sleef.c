/* Peer: SLEEF-vectorised loops (peers/sleef_loops.c), the AVX-512 build when
 * the CPU has AVX-512F/DQ, else the AVX2 one. */
#include <stddef.h>
#include <string.h>

#include "../peer.h"

/* by activation name (gp_kind_name) and op; NULL where SLEEF has no loop */
gp_bench_loop gp_sleef512_find(const char *act, gp_op op, int f64);
gp_bench_loop gp_sleef256_find(const char *act, gp_op op, int f64);

static int gp_sleef_width; /* 512, 256 or 0, set by init */

static const char *gp_sleef_init(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        gp_sleef_width = 512;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        gp_sleef_width = 256;
    else
        return "this CPU has neither AVX-512 nor AVX2; the SLEEF loops are built for those";
    return NULL;
}

static int gp_sleef_prepare(const gp_bench_case *c, gp_bench_runner *r)
{
    const char *act = gp_kind_name(c->kind);
    gp_bench_loop loop = gp_sleef_width == 512   ? gp_sleef512_find(act, c->op, c->f64)
                         : gp_sleef_width == 256 ? gp_sleef256_find(act, c->op, c->f64)
                                                 : NULL;
    if (!loop)
        return GP_PEER_UNSUPPORTED;
    if (strcmp(act, "softplus") == 0 && c->act) {
        /* the loop runner hands the loops act->alpha: give them beta */
        gp_act a = *c->act;
        gp_bench_case cb = *c;
        a.alpha = a.beta;
        cb.act = &a;
        return gp_bench_loop_runner(&cb, loop, r);
    }
    return gp_bench_loop_runner(c, loop, r);
}

const gp_bench_peer gp_peer_sleef = {"sleef",
                                     "loop over SLEEF exp/expm1/log1p/tanh/erf u10 vector functions "
                                     "(AVX-512, else AVX2)",
                                     "libsleef-dev", 1, gp_sleef_init, gp_sleef_prepare};
