/* The kernels, compiled once per instruction set (CMake builds this file with
 * GP_BUILD_GENERIC, GP_BUILD_AVX2 or GP_BUILD_AVX512 and GP_ISA_NAME set):
 * every activation's file in src/act/list.h, in its GP_ACT_KERNELS part,
 * defines its vector functions over the layer (src/simd/vec.h) and its
 * kernels gp_<type>_<act>_<op>, each one loop of src/loops.h; this file
 * gathers them into the ISA's table, with the gated forms' loops (src/glu.h). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"
#include "simd/vec.h"
#include "loops.h"
#include "act/exp_dd.h"
#include "act/exp_f32.h"
#include "act/fexp_f32.h"
#include "act/hinge.h"
#include "glu.h"
#include "acc.h"
#include "half.h"
#define GP_ACT_KERNELS 1
#include "act/list.h"

#define GP_CAT_(a, b) a##b
#define GP_CAT(a, b) GP_CAT_(a, b)

#if defined(GP_BUILD_AVX512)
#define GP_ISA_ID GP_ISA_AVX512
#elif defined(GP_BUILD_AVX2)
#define GP_ISA_ID GP_ISA_AVX2
#else
#define GP_ISA_ID GP_ISA_GENERIC
#endif

/* gp_kernels_generic, gp_kernels_avx2, gp_kernels_avx512 */
#define GP_KERNEL_ROW(KIND, act) [KIND] = &gp_##act##_kernels,
const gp_kernel_table GP_CAT(gp_kernels_, GP_ISA_NAME) = {
    GP_ISA_STR,
    GP_ISA_ID,
    {GP_ACTIVATIONS(GP_KERNEL_ROW)},
    gp_glu_combine_forward_f32,
    gp_glu_combine_forward_f64,
    gp_glu_combine_backward_f32,
    gp_glu_combine_backward_f64,
    gp_acc_combine_f32,
    gp_acc_combine_f64,
    gp_glu_combine_backward_acc_f32,
    gp_glu_combine_backward_acc_f64,
    gp_widen_bf16,
    gp_narrow_bf16,
    gp_widen_f16,
    gp_narrow_f16,
};
