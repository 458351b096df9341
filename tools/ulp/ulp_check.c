/* gprime-ulp: one block of results against the references.  A result equal
 * to its screening candidate whose screened error is at most 0.5 ulp minus
 * the margin is correctly rounded (bit-identical, for an exact activation)
 * and settled in a tight loop (check_block); every other result goes through
 * check_one, which asks MPFR (tests/ref) where the screen cannot decide. */
#include <float.h>
#include <math.h>

#include "ulp.h"

static int same_value(double r, double w, int prec)
{
    if (isnan(w) || isnan(r)) {
        if (!(isnan(w) && isnan(r)))
            return 0;
        /* quiet NaN out */
        return prec == 32 ? (f_bits((float)r) & 0x00400000u) != 0 : (d_bits(r) & 0x0008000000000000ULL) != 0;
    }
    return prec == 32 ? f_bits((float)r) == f_bits((float)w) : d_bits(r) == d_bits(w);
}

static void record(stats *s, double err, int cr, int via_mpfr, double bound, uint64_t key, double da, double got,
                   double want)
{
    s->n++;
    if (isnan(err))
        err = INFINITY;
    if (isinf(bound)) { /* measured, not asserted: kept out of the maximum */
        s->unasserted++;
        return;
    }
    if (!cr)
        s->not_cr++;
    if (via_mpfr)
        s->mpfr++;
    example e = {err, key, da, got, want};
    if (bound >= 0 && !(err <= bound)) {
        s->over++;
        if (s->nex < MAX_EX)
            s->ex[s->nex++] = e;
    }
    if (!s->have_max || err > s->max.err || (err == s->max.err && key < s->max.key)) {
        s->max = e;
        s->have_max = 1;
        s->max_mpfr = via_mpfr;
    }
}

void merge(stats *d, const stats *s)
{
    d->n += s->n;
    d->not_cr += s->not_cr;
    d->over += s->over;
    d->mpfr += s->mpfr;
    d->over_literal += s->over_literal;
    d->unasserted += s->unasserted;
    if (s->diff && (!d->diff || s->diff_key < d->diff_key))
        d->diff_key = s->diff_key;
    d->diff += s->diff;
    for (int i = 0; i < s->nex && d->nex < MAX_EX; i++)
        d->ex[d->nex++] = s->ex[i];
    if (s->have_max &&
        (!d->have_max || s->max.err > d->max.err || (s->max.err == d->max.err && s->max.key < d->max.key))) {
        d->max = s->max;
        d->have_max = 1;
        d->max_mpfr = s->max_mpfr;
    }
}

/* the MPFR value of the slot s of t at element i (cached for the chunk), times da for backward */
static mpfr_ptr mpfr_value(worker *w, const target *t, int s, size_t i, double x, int back, double da)
{
    if (!w->have[s][i]) {
        gp_ref_fn_mpfr(ref_act(t->kind, t->prec), gp_ref_fn_of((gp_op)t->op), w->m[s][i], x);
        w->have[s][i] = 1;
    }
    if (!back)
        return w->m[s][i];
    mpfr_mul_d(w->prod, w->m[s][i], da, MPFR_RNDN); /* exact: 200 + 53 bits fit */
    return w->prod;
}

/* Compares one result; i indexes the chunk arrays.
 * MPFR is consulted where the screen cannot decide: for gprime every result
 * screened above 0.5 - margin (so its maxima and not-CR counts are exact),
 * for peers only the band 0.5 +- margin (their not-CR counts stay exact; their
 * maxima are re-measured against MPFR at the end, see remeasure_max).
 * Backward bound (issue #4: "bound of g' + 0.5 ulp"):
 * - backward from z: dz may differ from da*g' by B = the bound of g' (the
 *   facts' grad bound, scaled by |da|) plus half an ulp of dz, i.e.
 *   B |da| ulp(g') / ulp(da g') + 0.5 ulps of dz (at least the literal bound); the plain ulp error of dz is what the
 *   tables show, and how many results exceed the literal 2.5 is counted.
 * - backward_from_output: g' from the output is correctly rounded (0.5 ulp),
 *   so dz must be within the literal 0.5 + 0.5 = 1.0 ulp of da*g', with no
 *   scaling.
 * The fast tier (bounds of several ulps): MPFR decides every result that
 * may be a new maximum of its worker (screened within the margin of it or
 * above), lies within the margin of the bound or of 0.5 ulp; so its maxima,
 * its bound checks and its not-CR counts are MPFR-exact as well, without
 * asking MPFR for the many results between 0.5 ulp and the maximum.
 * backward_from_output where the formula itself overflows (|a| > 2^64 in f32,
 * 2^512 in f64, outside the range of g) is the IEEE product da * inf, as the
 * header documents; those inputs are measured but not asserted. */
static void check_one(worker *w, int ti, stats *s, size_t i, double x, double da, double r)
{
    target *t = &targets[ti];
    int prec = t->prec == 32 ? 24 : 53;
    uint64_t key = w->key[i];
    int f = slot_of(t->kind, t->op), back = gp_ref_is_backward((gp_op)t->op), peer = t->bound < 0;
    double margin = prec == 24 ? MARGIN32 : MARGIN64;
    double c = w->cand[back][f][i];
    if (t->exact) { /* bits (signs of zero, NaN quietness) of the correctly rounded value */
        double want = c;
        int via_mpfr = !(w->cerr[back][f][i] <= 0.5 - margin), cr;
        if (via_mpfr)
            ulp_err_mpfr(r, mpfr_value(w, t, f, i, x, back, da), prec, &cr, &want);
        int ok = same_value(r, want, t->prec);
        record(s, ok ? 0.0 : INFINITY, ok, via_mpfr, t->bound, key, da, r, want);
        return;
    }
    double err, want, bound = t->bound;
    int cr = 1, via = 0;
    if (r == c || (isnan(r) && isnan(c))) {
        err = w->cerr[back][f][i];
        if (err <= 0.5 - margin) {
            record(s, err, 1, 0, t->bound, key, da, r, r);
            return;
        }
    }
    long double g = prec == 24 ? (long double)w->ref32[f][i] : w->ref64[f][i];
    long double ref = back ? g * da : g;
    err = ulp_err_ld(r, ref, prec);
    want = (double)ref;
    /* a peer result in the band whose candidate is certainly the correctly
     * rounded value (screened error <= 0.5 - margin) but which differs from
     * it is certainly not correctly rounded: no MPFR needed for its count */
    int cand_certain = w->cerr[back][f][i] <= 0.5 - margin && !(r == c || (isnan(r) && isnan(c)));
    if (back && !peer) {
        long double gu = ulp_of_ld(g, prec), pu = ulp_of_ld(ref, prec);
        if (!(isfinite(g) && fabsl(g) <= (prec == 24 ? FLT_MAX : DBL_MAX)))
            bound = INFINITY; /* the formula overflowed: IEEE da * inf */
        else if (t->op == GP_OP_BACKWARD)
            bound = fmax((double)((long double)tier_bound_of(t->kind, GP_OP_GRAD, t->prec, t->tier) *
                                  fabsl((long double)da) * gu / pu) +
                             0.5,
                         t->bound);
        else
            bound = t->bound; /* backward_from_output: the literal 1.0 */
    }
    if (!peer && t->tier == GP_ACCURACY_FAST)
        via = !(err <= 0.5 - margin || err > 0.5 + margin) || !s->have_max || !(err <= s->max.err - margin) ||
              fabs(err - bound) <= margin;
    else if (!(err <= 0.5 - margin) && (!peer || (err <= 0.5 + margin && !cand_certain)))
        via = 1;
    if (!peer && !(err <= 0.5 + margin))
        cr = 0;
    if (peer && (err > 0.5 + margin || cand_certain))
        cr = 0;
    if (via)
        err = ulp_err_mpfr(r, mpfr_value(w, t, f, i, x, back, da), prec, &cr, &want);
    if (t->op == GP_OP_BACKWARD && !peer && err > t->bound && err <= bound)
        s->over_literal++;
    record(s, err, cr, via, bound, key, da, r, want);
}

/* Checks m results of target ti into s; out[j] belongs to chunk element
 * idx[j] (idx NULL: j).  A result equal to the screening candidate whose
 * screened error is <= 0.5 - margin is certainly correctly rounded: it is
 * counted, and its error kept for the maximum, without further work (this is
 * what check_one does first, hoisted into one tight loop); every other
 * result goes through check_one. */
void check_block(worker *w, int ti, stats *s, size_t m, const void *outv, const size_t *idx)
{
    const target *t = &targets[ti];
    int f32 = t->prec == 32, back = gp_ref_is_backward((gp_op)t->op), fid = slot_of(t->kind, t->op);
    const float *o32 = outv;
    const double *o64 = outv;
    const float lim = (float)(0.5 - (f32 ? MARGIN32 : MARGIN64));
    if (t->exact) {
        /* bit for bit with the candidate where it is certainly the correctly
         * rounded value; everything else is decided by check_one */
        uint64_t nok = 0, kmin = 0;
        size_t bi = 0, bj = 0;
        const double *c = w->cand[back][fid];
        const float *ce = w->cerr[back][fid];
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            double x = f32 ? (double)w->x32[i] : w->x64[i];
            double da = back ? (f32 ? (double)w->da32[i] : w->da64[i]) : 1.0;
            double r = f32 ? (double)o32[j] : o64[j];
            if (ce[i] <= lim && same_value(r, c[i], t->prec)) {
                if (!nok || w->key[i] < kmin) {
                    kmin = w->key[i];
                    bi = i;
                    bj = j;
                }
                nok++;
            } else {
                check_one(w, ti, s, i, x, da, r);
            }
        }
        if (nok) {
            double r = f32 ? (double)o32[bj] : o64[bj];
            double da = back ? (f32 ? (double)w->da32[bi] : w->da64[bi]) : 1.0;
            s->n += nok - 1;
            record(s, 0.0, 1, 0, t->bound, kmin, da, r, r);
        }
        return;
    }
    const float *ce = w->cerr[back][fid];
    uint64_t nfast = 0;
    float best = -1;
    size_t bi = 0, bj = 0;
    if (f32) {
        const float *c = w->c32[back][fid];
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            float r = o32[j], cc = c[i], e = ce[i];
            if ((r == cc || (r != r && cc != cc)) && e <= lim) {
                nfast++;
                if (e > best || (e == best && w->key[i] < w->key[bi])) {
                    best = e;
                    bi = i;
                    bj = j;
                }
            } else {
                check_one(w, ti, s, i, w->x32[i], back ? w->da32[i] : 1.0, r);
            }
        }
    } else {
        const double *c = w->cand[back][fid];
        for (size_t j = 0; j < m; j++) {
            size_t i = idx ? idx[j] : j;
            double r = o64[j], cc = c[i];
            float e = ce[i];
            if ((r == cc || (r != r && cc != cc)) && e <= lim) {
                nfast++;
                if (e > best || (e == best && w->key[i] < w->key[bi])) {
                    best = e;
                    bi = i;
                    bj = j;
                }
            } else {
                check_one(w, ti, s, i, w->x64[i], back ? w->da64[i] : 1.0, r);
            }
        }
    }
    if (!nfast)
        return;
    double got = f32 ? (double)o32[bj] : o64[bj];
    double da = back ? (f32 ? (double)w->da32[bi] : w->da64[bi]) : 1.0;
    /* the nfast - 1 others: correctly rounded, within every bound, below the max */
    s->n += nfast - 1;
    record(s, best, 1, 0, t->bound, w->key[bi], da, got, got);
}
