/* The kernels, compiled once per instruction set (CMake builds this file with
 * GP_BUILD_GENERIC, GP_BUILD_AVX2 or GP_BUILD_AVX512 and GP_ISA_NAME set).
 * Each activation in src/act/list.h gets ten kernels: five operations in f32
 * and f64, named gp_<type>_<act>_<op>__<isa>.  A kernel streams full vectors;
 * the last n % N elements go through the same vector code on a zero-padded
 * copy, so the tail gives bit-identical results to the body. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"
#include "simd/vec.h"
#include "act/list.h"
#include "act/exp_dd.h"
#include "act/exp_f32.h"
#include "act/sigmoid.h"
#include "act/tanh.h"
#include "act/relu.h"
#include "act/leaky_relu.h"

#define GP_CAT_(a, b) a##b
#define GP_CAT(a, b) GP_CAT_(a, b)
#define GP_KNAME(t, act, op) GP_CAT(gp_##t##_##act##_##op##__, GP_ISA_NAME)

/* Large calls (p->stream, set by api.c past the last-level cache) store with
 * non-temporal stores: the output goes to memory without first being read
 * into the cache, a third less traffic for forward.  They need an aligned
 * out, so the elements before out's first vector boundary go through the
 * padded path that also does the tail. */
static inline size_t gp_head(const void *out, size_t vec_bytes, size_t size, size_t n)
{
    size_t h = (size_t)((0 - (uintptr_t)out) % vec_bytes) / size;
    return h < n ? h : n;
}
#define GP_KERNEL_(t, V, C, N, act, op, BODY, PART)                                            \
    static void GP_KNAME(t, act, op)(const gp_params *pp, size_t n, const C *x, const C *da, C *out) \
    {                                                                                          \
        const gp_params pl = *pp, *p = &pl; /* a copy no store to out can alias */             \
        size_t i = 0;                                                                          \
        (void)da;                                                                              \
        if (p->stream && (uintptr_t)out % sizeof(C) == 0) {                                    \
            size_t h = gp_head(out, N * sizeof(C), sizeof(C), n);                             \
            if (h)                                                                             \
                PART(V, C, N, act, op, 0, h);                                                  \
            i = h;                                                                             \
            BODY(V, N, act, op, V##_stream);                                                   \
            gp_stream_fence();                                                                 \
        } else {                                                                               \
            BODY(V, N, act, op, V##_storeu);                                                   \
        }                                                                                      \
        if (i < n)                                                                             \
            PART(V, C, N, act, op, i, n - i);                                                  \
    }

/* out[i] = fn(x[i]), unrolled by 4.  Where the activation is bound by
 * arithmetic (GP_ARITH_<act> in src/act/<act>.h, for forward, grad and
 * backward) the four vectors are loaded before any is stored, which keeps the
 * long sigmoid/tanh chains overlapped (f64 sigmoid grad was 18 % slower
 * without it); the memory-bound rest stores each vector as soon as it is made
 * (loading four first was 8 % slower for relu grad, n = 4096 f32, in L1). */
#define GP_KERNEL_UNARY(t, V, C, N, act, op)                                                   \
    GP_KERNEL_(t, V, C, N, act, op, GP_BODY_UNARY_, GP_PART_UNARY_)
#define GP_ARITH_OP_forward 1
#define GP_ARITH_OP_grad 1
#define GP_ARITH_OP_grad_from_output 0
#define GP_FN1_(V, act, op, i) gp_##act##_##op##_##V(V##_loadu(x + (i)), p)
#define GP_BODY_UNARY_(V, N, act, op, STORE)                                                   \
    do {                                                                                       \
        if (GP_ARITH_##act && GP_ARITH_OP_##op) {                                              \
            for (; i + 4 * N <= n; i += 4 * N) {                                               \
                V r0 = GP_FN1_(V, act, op, i), r1 = GP_FN1_(V, act, op, i + N);                \
                V r2 = GP_FN1_(V, act, op, i + 2 * N), r3 = GP_FN1_(V, act, op, i + 3 * N);    \
                STORE(out + i, r0), STORE(out + i + N, r1);                                    \
                STORE(out + i + 2 * N, r2), STORE(out + i + 3 * N, r3);                        \
            }                                                                                  \
        } else {                                                                               \
            for (; i + 4 * N <= n; i += 4 * N) {                                               \
                STORE(out + i, GP_FN1_(V, act, op, i));                                        \
                STORE(out + i + N, GP_FN1_(V, act, op, i + N));                                \
                STORE(out + i + 2 * N, GP_FN1_(V, act, op, i + 2 * N));                        \
                STORE(out + i + 3 * N, GP_FN1_(V, act, op, i + 3 * N));                        \
            }                                                                                  \
        }                                                                                      \
        for (; i + N <= n; i += N)                                                             \
            STORE(out + i, GP_FN1_(V, act, op, i));                                            \
    } while (0)
/* fewer than N elements from lo: the same vector code on a zero-padded copy */
#define GP_PART_UNARY_(V, C, N, act, op, lo, cnt)                                              \
    do {                                                                                       \
        C bx[N] = {0}, bo[N];                                                                  \
        memcpy(bx, x + (lo), (cnt) * sizeof(C));                                               \
        V##_storeu(bo, gp_##act##_##op##_##V(V##_loadu(bx), p));                               \
        memcpy(out + (lo), bo, (cnt) * sizeof(C));                                             \
    } while (0)

/* out[i] = fn(x[i], da[i]), unrolled by 2, in the same two orders as above
 * (relu-class backward f32, n = 4096, in `gprime bench`: 1.22-1.25x the plain
 * loops with loads first, where GCC also reloaded z, 1.01-1.06x stored as made) */
#define GP_KERNEL_BINARY(t, V, C, N, act, op)                                                  \
    GP_KERNEL_(t, V, C, N, act, op, GP_BODY_BINARY_, GP_PART_BINARY_)
#define GP_ARITH_OP_backward 1
#define GP_ARITH_OP_backward_from_output 0
#define GP_FN2_(V, act, op, i) gp_##act##_##op##_##V(V##_loadu(x + (i)), V##_loadu(da + (i)), p)
#define GP_BODY_BINARY_(V, N, act, op, STORE)                                                  \
    do {                                                                                       \
        if (GP_ARITH_##act && GP_ARITH_OP_##op) {                                              \
            for (; i + 2 * N <= n; i += 2 * N) {                                               \
                V r0 = GP_FN2_(V, act, op, i), r1 = GP_FN2_(V, act, op, i + N);                \
                STORE(out + i, r0), STORE(out + i + N, r1);                                    \
            }                                                                                  \
        } else {                                                                               \
            for (; i + 2 * N <= n; i += 2 * N) {                                               \
                STORE(out + i, GP_FN2_(V, act, op, i));                                        \
                STORE(out + i + N, GP_FN2_(V, act, op, i + N));                                \
            }                                                                                  \
        }                                                                                      \
        for (; i + N <= n; i += N)                                                             \
            STORE(out + i, GP_FN2_(V, act, op, i));                                            \
    } while (0)
#define GP_PART_BINARY_(V, C, N, act, op, lo, cnt)                                             \
    do {                                                                                       \
        C bx[N] = {0}, bd[N] = {0}, bo[N];                                                     \
        memcpy(bx, x + (lo), (cnt) * sizeof(C));                                               \
        memcpy(bd, da + (lo), (cnt) * sizeof(C));                                              \
        V##_storeu(bo, gp_##act##_##op##_##V(V##_loadu(bx), V##_loadu(bd), p));                \
        memcpy(out + (lo), bo, (cnt) * sizeof(C));                                             \
    } while (0)

#define GP_KERNELS_T(t, V, C, N, act)                                                          \
    GP_KERNEL_UNARY(t, V, C, N, act, forward)                                                  \
    GP_KERNEL_UNARY(t, V, C, N, act, grad)                                                     \
    GP_KERNEL_UNARY(t, V, C, N, act, grad_from_output)                                         \
    GP_KERNEL_BINARY(t, V, C, N, act, backward)                                                \
    GP_KERNEL_BINARY(t, V, C, N, act, backward_from_output)

#define GP_KERNELS(KIND, act) GP_KERNELS_T(f32, vf, float, VF_N, act) GP_KERNELS_T(f64, vd, double, VD_N, act)
GP_ACTIVATIONS(GP_KERNELS)

#define GP_ROW(t, act)                                                                         \
    {GP_KNAME(t, act, forward), GP_KNAME(t, act, grad), GP_KNAME(t, act, grad_from_output),    \
     GP_KNAME(t, act, backward), GP_KNAME(t, act, backward_from_output)}
#define GP_ROW_F32(KIND, act) [KIND] = GP_ROW(f32, act),
#define GP_ROW_F64(KIND, act) [KIND] = GP_ROW(f64, act),
#define GP_ROW_ARITH(KIND, act) [KIND] = GP_ARITH_##act,

#if defined(GP_BUILD_AVX512)
#define GP_ISA_ID GP_ISA_AVX512
#elif defined(GP_BUILD_AVX2)
#define GP_ISA_ID GP_ISA_AVX2
#else
#define GP_ISA_ID GP_ISA_GENERIC
#endif

const gp_kernel_table GP_CAT(gp_kernels_, GP_ISA_NAME) = {
    GP_ISA_STR,
    GP_ISA_ID,
    {GP_ACTIVATIONS(GP_ROW_F32)},
    {GP_ACTIVATIONS(GP_ROW_F64)},
    {GP_ACTIVATIONS(GP_ROW_ARITH)},
};
