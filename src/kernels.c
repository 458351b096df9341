/* The kernels, compiled once per instruction set (CMake builds this file with
 * GP_BUILD_GENERIC, GP_BUILD_AVX2 or GP_BUILD_AVX512 and GP_ISA_NAME set).
 * Each activation in src/act/list.h gets ten kernels: five operations in f32
 * and f64, named gp_<type>_<act>_<op>__<isa>.  A kernel streams full vectors;
 * the last n % N elements go through the same vector code on a zero-padded
 * copy, so the tail gives bit-identical results to the body. */
#include <math.h>
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

/* out[i] = fn(x[i]) */
#define GP_KERNEL_UNARY(t, V, C, N, act, op)                                                   \
    static void GP_KNAME(t, act, op)(const gp_params *pp, size_t n, const C *x, const C *da, C *out) \
    {                                                                                          \
        const gp_params pl = *pp, *p = &pl; /* a copy no store to out can alias */             \
        (void)da;                                                                              \
        size_t i = 0;                                                                          \
        for (; i + 4 * N <= n; i += 4 * N) { /* 4 vectors in flight: loads before stores */    \
            V r0 = gp_##act##_##op##_##V(V##_loadu(x + i), p);                                 \
            V r1 = gp_##act##_##op##_##V(V##_loadu(x + i + N), p);                             \
            V r2 = gp_##act##_##op##_##V(V##_loadu(x + i + 2 * N), p);                         \
            V r3 = gp_##act##_##op##_##V(V##_loadu(x + i + 3 * N), p);                         \
            V##_storeu(out + i, r0), V##_storeu(out + i + N, r1);                              \
            V##_storeu(out + i + 2 * N, r2), V##_storeu(out + i + 3 * N, r3);                  \
        }                                                                                      \
        for (; i + N <= n; i += N)                                                             \
            V##_storeu(out + i, gp_##act##_##op##_##V(V##_loadu(x + i), p));                   \
        if (i < n) {                                                                           \
            C bx[N] = {0}, bo[N];                                                              \
            memcpy(bx, x + i, (n - i) * sizeof(C));                                            \
            V##_storeu(bo, gp_##act##_##op##_##V(V##_loadu(bx), p));                           \
            memcpy(out + i, bo, (n - i) * sizeof(C));                                          \
        }                                                                                      \
    }

/* out[i] = fn(x[i], da[i]) */
#define GP_KERNEL_BINARY(t, V, C, N, act, op)                                                  \
    static void GP_KNAME(t, act, op)(const gp_params *pp, size_t n, const C *x, const C *da, C *out) \
    {                                                                                          \
        const gp_params pl = *pp, *p = &pl; /* a copy no store to out can alias */             \
        size_t i = 0;                                                                          \
        for (; i + 2 * N <= n; i += 2 * N) {                                                   \
            V r0 = gp_##act##_##op##_##V(V##_loadu(x + i), V##_loadu(da + i), p);              \
            V r1 = gp_##act##_##op##_##V(V##_loadu(x + i + N), V##_loadu(da + i + N), p);      \
            V##_storeu(out + i, r0), V##_storeu(out + i + N, r1);                              \
        }                                                                                      \
        for (; i + N <= n; i += N)                                                             \
            V##_storeu(out + i, gp_##act##_##op##_##V(V##_loadu(x + i), V##_loadu(da + i), p)); \
        if (i < n) {                                                                           \
            C bx[N] = {0}, bd[N] = {0}, bo[N];                                                 \
            memcpy(bx, x + i, (n - i) * sizeof(C));                                            \
            memcpy(bd, da + i, (n - i) * sizeof(C));                                           \
            V##_storeu(bo, gp_##act##_##op##_##V(V##_loadu(bx), V##_loadu(bd), p));           \
            memcpy(out + i, bo, (n - i) * sizeof(C));                                          \
        }                                                                                      \
    }

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
};
