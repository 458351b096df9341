/* Peer: plain C loops over libm, the code a user would write by hand.
 * Compiled twice (bench/CMakeLists.txt): -O3 -march=native, and the same with
 * -ffast-math (GP_LIBM_FAST=1) in its own object library, so that fast-math
 * never touches gprime's code nor the link (no crtfastmath, no FTZ/DAZ).
 *
 * Formulas: sigmoid 1/(1+e^-z), sigmoid' e^-|z|/(1+e^-|z|)^2, tanh via tanh(),
 * tanh' 1-tanh(z)^2, from the output a(1-a) and 1-a^2; relu/leaky_relu by
 * comparison.  backward multiplies by da. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "../peer.h"

#if GP_LIBM_FAST
#define GP_LOOP(name) gp_libm_fast_##name
#define GP_PEER_VAR gp_peer_libm_fast
#define GP_PEER_NAME "libm-fast"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native -ffast-math (vectorised via libmvec)"
#else
#define GP_LOOP(name) gp_libm_##name
#define GP_PEER_VAR gp_peer_libm
#define GP_PEER_NAME "libm"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native"
#endif

/* T: element type, S: suffix of the libm function (f or empty). */
#define GP_DEFINE_LOOPS(T, S, EXP, TANH, FABS)                                                           \
    static void GP_LOOP(sigmoid_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv, \
                                             void *ov)                                                  \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = (T)1 / ((T)1 + EXP(-x[i]));                                                          \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T e = EXP(-FABS(x[i])), d = (T)1 + e;                                                       \
            o[i] = e / (d * d);                                                                         \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_backward_##S)(float af, double ad, size_t n, const void *xv,              \
                                              const void *dv, void *ov)                                 \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T e = EXP(-FABS(x[i])), d = (T)1 + e;                                                       \
            o[i] = da[i] * (e / (d * d));                                                               \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_gfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,     \
                                         void *ov)                                                      \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] * ((T)1 - x[i]);                                                                \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_bfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,     \
                                         void *ov)                                                      \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = da[i] * (x[i] * ((T)1 - x[i]));                                                      \
    }                                                                                                   \
    static void GP_LOOP(tanh_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = TANH(x[i]);                                                                          \
    }                                                                                                   \
    static void GP_LOOP(tanh_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,       \
                                       void *ov)                                                        \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T t = TANH(x[i]);                                                                           \
            o[i] = (T)1 - t * t;                                                                        \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(tanh_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T t = TANH(x[i]);                                                                           \
            o[i] = da[i] * ((T)1 - t * t);                                                              \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(tanh_gfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,        \
                                      void *ov)                                                         \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = (T)1 - x[i] * x[i];                                                                  \
    }                                                                                                   \
    static void GP_LOOP(tanh_bfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,        \
                                      void *ov)                                                         \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = da[i] * ((T)1 - x[i] * x[i]);                                                        \
    }                                                                                                   \
    /* relu and leaky_relu: the slope is read from alpha (0 for relu) */                                \
    static void GP_LOOP(lrelu_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)dv;                                                                                       \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? x[i] : al * x[i];                                                         \
    }                                                                                                   \
    static void GP_LOOP(relu_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? x[i] : (T)0;                                                              \
    }                                                                                                   \
    static void GP_LOOP(lrelu_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,      \
                                        void *ov)                                                       \
    {                                                                                                   \
        (void)dv;                                                                                       \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? (T)1 : al;                                                                \
    }                                                                                                   \
    static void GP_LOOP(lrelu_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,  \
                                            void *ov)                                                   \
    {                                                                                                   \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? da[i] : al * da[i];                                                       \
    }                                                                                                   \
    static void GP_LOOP(relu_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? da[i] : (T)0;                                                             \
    }

GP_DEFINE_LOOPS(float, f32, expf, tanhf, fabsf)
GP_DEFINE_LOOPS(double, f64, exp, tanh, fabs)

/* The loops by activation name and op; relu and leaky_relu from the output
 * test a > 0 just as the from-z loops test z > 0. */
typedef struct {
    const char *act;
    gp_bench_loop f32[GP_OP_COUNT], f64[GP_OP_COUNT];
} gp_libm_loops;

static const gp_libm_loops GP_LOOP(table)[] = {
    {"sigmoid",
     {[GP_OP_FORWARD] = GP_LOOP(sigmoid_forward_f32), [GP_OP_GRAD] = GP_LOOP(sigmoid_grad_f32),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(sigmoid_gfo_f32), [GP_OP_BACKWARD] = GP_LOOP(sigmoid_backward_f32),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(sigmoid_bfo_f32)},
     {[GP_OP_FORWARD] = GP_LOOP(sigmoid_forward_f64), [GP_OP_GRAD] = GP_LOOP(sigmoid_grad_f64),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(sigmoid_gfo_f64), [GP_OP_BACKWARD] = GP_LOOP(sigmoid_backward_f64),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(sigmoid_bfo_f64)}},
    {"tanh",
     {[GP_OP_FORWARD] = GP_LOOP(tanh_forward_f32), [GP_OP_GRAD] = GP_LOOP(tanh_grad_f32),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(tanh_gfo_f32), [GP_OP_BACKWARD] = GP_LOOP(tanh_backward_f32),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(tanh_bfo_f32)},
     {[GP_OP_FORWARD] = GP_LOOP(tanh_forward_f64), [GP_OP_GRAD] = GP_LOOP(tanh_grad_f64),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(tanh_gfo_f64), [GP_OP_BACKWARD] = GP_LOOP(tanh_backward_f64),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(tanh_bfo_f64)}},
    {"relu",
     {[GP_OP_FORWARD] = GP_LOOP(relu_forward_f32), [GP_OP_GRAD] = GP_LOOP(lrelu_grad_f32),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(lrelu_grad_f32), [GP_OP_BACKWARD] = GP_LOOP(relu_backward_f32),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(relu_backward_f32)},
     {[GP_OP_FORWARD] = GP_LOOP(relu_forward_f64), [GP_OP_GRAD] = GP_LOOP(lrelu_grad_f64),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(lrelu_grad_f64), [GP_OP_BACKWARD] = GP_LOOP(relu_backward_f64),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(relu_backward_f64)}},
    {"leaky_relu",
     {[GP_OP_FORWARD] = GP_LOOP(lrelu_forward_f32), [GP_OP_GRAD] = GP_LOOP(lrelu_grad_f32),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(lrelu_grad_f32), [GP_OP_BACKWARD] = GP_LOOP(lrelu_backward_f32),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(lrelu_backward_f32)},
     {[GP_OP_FORWARD] = GP_LOOP(lrelu_forward_f64), [GP_OP_GRAD] = GP_LOOP(lrelu_grad_f64),
      [GP_OP_GRAD_FROM_OUTPUT] = GP_LOOP(lrelu_grad_f64), [GP_OP_BACKWARD] = GP_LOOP(lrelu_backward_f64),
      [GP_OP_BACKWARD_FROM_OUTPUT] = GP_LOOP(lrelu_backward_f64)}},
};

static int GP_LOOP(prepare)(const gp_bench_case *c, gp_bench_runner *r)
{
    const char *name = gp_kind_name(c->kind);
    if ((unsigned)c->op >= GP_OP_COUNT)
        return GP_PEER_UNSUPPORTED;
    for (size_t i = 0; i < sizeof GP_LOOP(table) / sizeof GP_LOOP(table)[0]; i++) {
        const gp_libm_loops *e = &GP_LOOP(table)[i];
        gp_bench_loop loop = c->f64 ? e->f64[c->op] : e->f32[c->op];
        if (strcmp(e->act, name) == 0 && loop)
            return gp_bench_loop_runner(c, loop, r);
    }
    return GP_PEER_UNSUPPORTED;
}

const gp_bench_peer GP_PEER_VAR = {GP_PEER_NAME, GP_PEER_WHAT, NULL, 1, NULL, GP_LOOP(prepare)};
