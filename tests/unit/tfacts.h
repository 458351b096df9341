/* Helpers for the unit tests that read the activations' facts (src/act/desc.h):
 * parameter values inside the ranges the facts state, and the slopes at a
 * kink.  Tests loop over kinds 0..GP_KIND_COUNT-1 and take everything they
 * need to know about an activation from here, so a new activation is tested
 * with no edit of the tests. */
#ifndef GP_TEST_TFACTS_H
#define GP_TEST_TFACTS_H

#include <float.h>
#include <math.h>
#include <string.h>

#include "act/desc.h"

/* v is allowed for q by the facts (from_output: also by the from-output forms). */
static inline int tf_param_allowed(const gp_param_desc *q, double v, int from_output)
{
    if (!isfinite(v) || v < q->lo || v > q->hi || (q->lo_open && v == q->lo))
        return 0;
    return !from_output || v > q->fo_lo || (v == q->fo_lo && !q->fo_lo_open);
}

/* Values of q other than its default, allowed by the facts (from_output: also
 * from the output), each printing with up to 17 digits; returns how many (<= 24). */
static inline int tf_param_values(const gp_param_desc *q, int from_output, double *v)
{
    const double cand[] = {0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 3.0, 0.0, -0.5, 1e-300, 1.0 / 3.0, 0.30000000000000004,
                           DBL_MAX, -DBL_MAX, 0x1p-1074, q->def + 0x1p-59, q->def * 3.0, q->lo, q->hi,
                           nextafter(q->lo, INFINITY), nextafter(q->hi, -INFINITY), q->fo_lo,
                           nextafter(q->fo_lo, INFINITY)};
    int n = 0;
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++)
        if (memcmp(&cand[i], &q->def, sizeof q->def) != 0 && tf_param_allowed(q, cand[i], from_output))
            v[n++] = cand[i];
    return n;
}

/* The slopes at the kink of act, lower first; 0 if its activation has none. */
static inline int tf_kink(const gp_act *act, double *lo, double *hi)
{
    const gp_act_desc *d = gp_desc(act->kind);
    if (!d || !d->kink_slopes)
        return 0;
    double l, r;
    d->kink_slopes(act, &l, &r);
    *lo = l < r ? l : r;
    *hi = l < r ? r : l;
    return 1;
}

/* Garbage in every field of gp_act that d does not use (gp_desc_fields):
 * garbage[slot] for each slot. */
static inline void tf_spoil_unused(const gp_act_desc *d, gp_act *a, const double garbage[GP_SLOT_COUNT])
{
    unsigned uses = gp_desc_fields(d);
    for (int s = 0; s < GP_SLOT_COUNT; s++)
        if (!(uses >> s & 1u))
            *gp_act_field(a, s) = garbage[s];
}

/* Settings of kind k for the tests: its defaults, each parameter at each of
 * its other values (tf_param_values, from z), and where it has a kink,
 * grad_at_zero at either slope and between them.  Returns how many (<= 80). */
enum { TF_MAX_SETTINGS = 80 };
static inline int tf_settings(gp_kind k, gp_act *out)
{
    const gp_act_desc *d = gp_desc(k);
    int n = 0;
    out[n++] = gp_act_default(k);
    for (int i = 0; i < d->nparams; i++) {
        double v[24];
        int nv = tf_param_values(&d->params[i], 0, v);
        for (int j = 0; j < nv && n < TF_MAX_SETTINGS - 3; j++) {
            gp_act a = gp_act_default(k);
            *gp_act_slot(&a, &d->params[i]) = v[j];
            double lo, hi;
            if (tf_kink(&a, &lo, &hi)) {
                double l, r;
                d->kink_slopes(&a, &l, &r);
                a.grad_at_zero = l; /* as the parser sets it */
            }
            out[n++] = a;
        }
    }
    double lo, hi;
    gp_act a = gp_act_default(k);
    if (tf_kink(&a, &lo, &hi)) {
        a.grad_at_zero = lo;
        out[n++] = a;
        a.grad_at_zero = hi;
        out[n++] = a;
        a.grad_at_zero = lo + (hi - lo) / 2;
        out[n++] = a;
    }
    return n;
}

#endif
