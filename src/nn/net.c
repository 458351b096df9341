/* The one-hidden-layer network in float64 and float32 (see net.h, net_impl.h). */
#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

void nn_param_name(size_t n_x, size_t n_h, size_t index, char *buf, size_t len)
{
    if (index < n_h * n_x)
        snprintf(buf, len, "W1[%zu,%zu]", index / n_x, index % n_x);
    else if ((index -= n_h * n_x) < n_h)
        snprintf(buf, len, "b1[%zu]", index);
    else if ((index -= n_h) < n_h)
        snprintf(buf, len, "W2[0,%zu]", index);
    else if (index - n_h == 0)
        snprintf(buf, len, "b2[0]");
    else
        snprintf(buf, len, "?");
}

#define T double
#define SFX(x) x##_f64
#define GPF(x) gp_##x##_f64
#include "net_impl.h"
#undef T
#undef SFX
#undef GPF

#define T float
#define SFX(x) x##_f32
#define GPF(x) gp_##x##_f32
#include "net_impl.h"
#undef T
#undef SFX
#undef GPF
