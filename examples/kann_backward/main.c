/* An autodiff-style backward on gprime, the way KANN (attractivechaos/kann)
 * runs one: every node's backward adds its gradient into its input's,
 *     q->g[i] += p->g[i] * g'(...)          (kad_op_sigm, kad_op_tanh, ...)
 * so a node read by several consumers collects the sum.  Here one hidden
 * node h = g(z) of n units feeds CONSUMERS heads; each step runs the forward
 * (gp_forward_f32), then one accumulating backward per consumer into the
 * same dz: from the cached output (gp_backward_from_output_acc_f32, what
 * KANN's activation nodes do) and from z (gp_backward_acc_f32); STEPS steps,
 * z moving a little each step, for every activation of the library.
 *
 * The plain C loop beside it is KANN's loop with g' from the library's own
 * grad (grad_from_output), summed in double: each product da*g' is exact in
 * double and the sum of a handful of them rounds at 2^-53, so it is dz + the
 * sum of da*g' for the same g'.  gprime rounds once per accumulation (one
 * FMA, gprime.h), so after k consumers its dz is within the sum of 0.5 ulp
 * of each partial result; the program checks exactly that bound (plus 2^-40
 * relative for the double sum) and exits 1 if any element misses it.
 *
 *   kann_backward [n]      (default n = 4099: not a multiple of any vector length)
 * Exit status 0: within the bound; 1: not; 2: bad n; 77: GPRIME_ISA names an
 * instruction set this CPU lacks (ctest counts it as skipped). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gprime.h"

#define CONSUMERS 3
#define STEPS 5

/* the spacing of floats at |v| (the subnormal spacing below FLT_MIN) */
static double ulp_f32(float v)
{
    float a = fabsf(v);
    return isinf(a) ? INFINITY : (double)nextafterf(a, INFINITY) - (double)a;
}

static unsigned long long rng = 88172645463325252ull;
static float uniform(float lo, float hi)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return lo + (hi - lo) * (float)((double)(rng >> 11) * 0x1p-53);
}

/* One activation, one form (from_output: 1); returns the worst |error| / bound. */
static double run(const gp_act *act, int from_output, size_t n, float *z, float *h, float *g, float *da, float *dz,
                  double *ref, double *bound, int *fail)
{
    double worst = 0;
    for (int s = 0; s < STEPS; s++) {
        for (size_t i = 0; i < n; i++)
            z[i] += uniform(-0.5f, 0.5f), dz[i] = 0.0f, ref[i] = 0.0, bound[i] = 0.0;
        if (gp_forward_f32(act, n, z, h) != GP_OK)
            return *fail = 1, INFINITY;
        gp_status st = from_output ? gp_grad_from_output_f32(act, n, h, g) : gp_grad_f32(act, n, z, g);
        if (st != GP_OK)
            return *fail = 1, INFINITY;
        for (int c = 0; c < CONSUMERS; c++) {
            for (size_t i = 0; i < n; i++)
                da[i] = uniform(-2.0f, 2.0f);
            st = from_output ? gp_backward_from_output_acc_f32(act, n, h, da, dz)
                             : gp_backward_acc_f32(act, n, z, da, dz);
            if (st != GP_OK)
                return *fail = 1, INFINITY;
            for (size_t i = 0; i < n; i++) { /* KANN's loop, in double */
                ref[i] += (double)da[i] * (double)g[i];
                bound[i] += 0.5 * ulp_f32(dz[i]);
            }
        }
        for (size_t i = 0; i < n; i++) {
            double err = fabs((double)dz[i] - ref[i]), b = bound[i] + 0x1p-40 * fabs(ref[i]);
            if (!(err <= b)) {
                if (!*fail)
                    fprintf(stderr, "%s %s: z=%a dz=%a plain loop %a (bound %a)\n", gp_kind_name(act->kind),
                            from_output ? "from a" : "from z", (double)z[i], (double)dz[i], ref[i], b);
                *fail = 1;
            }
            if (b > 0 && err / b > worst)
                worst = err / b;
        }
    }
    return worst;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 4099;
    float *z = malloc(n * sizeof *z), *h = malloc(n * sizeof *h), *g = malloc(n * sizeof *g);
    float *da = malloc(n * sizeof *da), *dz = malloc(n * sizeof *dz);
    double *ref = malloc(n * sizeof *ref), *bound = malloc(n * sizeof *bound);
    if (!n || !z || !h || !g || !da || !dz || !ref || !bound) {
        fprintf(stderr, "kann_backward: bad n or out of memory\n");
        return 2;
    }
    float probe = 0.0f;
    gp_act first = gp_act_default((gp_kind)0);
    if (gp_forward_f32(&first, 1, &probe, &probe) == GP_ERR_ISA) {
        printf("GPRIME_ISA names an instruction set this CPU or build lacks: skipped\n");
        return 77;
    }
    int fail = 0;
    printf("%-12s %-7s %s (n = %zu, %d consumers, %d steps, ISA %s)\n", "activation", "form",
           "worst |gprime - plain loop| / bound", n, CONSUMERS, STEPS, gp_isa_name());
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act act = gp_act_default((gp_kind)k);
        for (int fo = 0; fo < 2; fo++) {
            if (fo && !gp_has_op(act.kind, GP_OP_BACKWARD_FROM_OUTPUT))
                continue;
            for (size_t i = 0; i < n; i++)
                z[i] = uniform(-6.0f, 6.0f);
            double w = run(&act, fo, n, z, h, g, da, dz, ref, bound, &fail);
            printf("%-12s %-7s %.3f\n", gp_kind_name(act.kind), fo ? "from a" : "from z", w);
        }
    }
    free(z), free(h), free(g), free(da), free(dz), free(ref), free(bound);
    printf("%s\n", fail ? "FAIL: outside the documented bound" : "ok: within the documented bound");
    return fail;
}
