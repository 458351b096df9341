/* The error column: the largest error, in ulps of the row's type, of a
 * contestant's output against the MPFR reference library (tests/ref/gp_ref.h,
 * the one the unit tests and tools/ulp use), over GP_ERR_SAMPLES elements
 * spread evenly over the array from the first to the last (the vector loop's
 * remainder included), so that the column costs the same at every n.
 * NaN and infinite results are counted apart: the inputs (|z| < 100,
 * |da| <= 1) have finite exact values.  The reference aborts for an
 * activation or operation it does not know: a missing reference is an
 * error, never a comparison with the wrong function.  Built without the
 * reference library (GP_BENCH_HAVE_REF unset) the column is empty. */
#include <math.h>

#include "harness.h"

#ifdef GP_BENCH_HAVE_REF
#include "gp_ref.h"
#endif

#define GP_ERR_SAMPLES 1024

#ifdef GP_BENCH_HAVE_REF
const char *gp_error_note(void)
{
    return "max error in ulp of the type vs the MPFR reference (tests/ref) over 1024 elements spread over\n"
           "# the array (NaN/inf counted)";
}

/* element i of a float or double array, as a double (exact) */
static double gp_elem(const void *p, size_t i, int f64)
{
    return f64 ? ((const double *)p)[i] : (double)((const float *)p)[i];
}

gp_dev gp_error(const gp_bench_case *c)
{
    gp_dev d = {1, 0.0, 0};
    size_t m = c->n < GP_ERR_SAMPLES ? c->n : GP_ERR_SAMPLES;
    for (size_t k = 0; k < m; k++) {
        size_t i = m > 1 ? k * (c->n - 1) / (m - 1) : 0;
        double x = gp_elem(c->x, i, c->f64), got = gp_elem(c->out, i, c->f64);
        double da = gp_is_backward(c->op) ? gp_elem(c->da, i, c->f64) : 0.0;
        if (!isfinite(got)) {
            d.bad++;
            continue;
        }
        double u = c->f64 ? gp_ref_ulps_f64(c->act, c->op, x, da, got)
                          : gp_ref_ulps_f32(c->act, c->op, (float)x, (float)da, (float)got);
        if (u > d.max_ulp)
            d.max_ulp = u;
    }
    return d;
}
#else
const char *gp_error_note(void)
{
    return "- : this gprime-bench was built without the MPFR reference library (tests/ref,\n"
           "# CMake target gprime_ref: needs libmpfr-dev and GPRIME_BUILD_TESTS=ON)";
}

gp_dev gp_error(const gp_bench_case *c)
{
    (void)c;
    gp_dev d = {0, 0.0, 0};
    return d;
}
#endif
