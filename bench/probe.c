/* The memory-bandwidth probe: copy (one read, one write) and a two-read,
 * one-write stream (out = x + y), with ordinary stores like the kernels use.
 * Compiled with -fno-tree-loop-distribute-patterns so that the copy stays a
 * loop rather than becoming a call to memcpy (whose non-temporal stores would
 * measure something else). */
#include <stddef.h>

#include "peer.h"

void gp_probe_copy_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_copy_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f32(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);
void gp_probe_add_f64(float af, double ad, size_t n, const void *xv, const void *dv, void *ov);

#define GP_PROBE(T, S)                                                                        \
    void gp_probe_copy_##S(float af, double ad, size_t n, const void *xv, const void *dv, void *ov) \
    {                                                                                         \
        (void)af, (void)ad, (void)dv;                                                         \
        const T *restrict x = xv;                                                             \
        T *restrict o = ov;                                                                   \
        for (size_t i = 0; i < n; i++)                                                        \
            o[i] = x[i];                                                                      \
    }                                                                                         \
    void gp_probe_add_##S(float af, double ad, size_t n, const void *xv, const void *dv, void *ov)  \
    {                                                                                         \
        (void)af, (void)ad;                                                                   \
        const T *restrict x = xv, *restrict y = dv;                                           \
        T *restrict o = ov;                                                                   \
        for (size_t i = 0; i < n; i++)                                                        \
            o[i] = x[i] + y[i];                                                               \
    }

GP_PROBE(float, f32)
GP_PROBE(double, f64)
