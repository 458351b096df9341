/* Harness 2: the array API with arbitrary kinds, parameters, operations,
 * lengths, alignments, in-place and overlapping buffers.
 *
 * The bytes choose: f32 or f64, the kind (sometimes outside the enum), the
 * operation (sometimes outside gp_op), alpha and grad_at_zero (special values
 * or raw bits), n (0..1100), the misalignment of each pointer, the buffer
 * layout (separate, out == x, out == da, da == x, out partly over x or da,
 * da partly over x, NULL pointers) and the values (raw bits, cycled).
 *
 * Properties:
 * - the status is the one the header specifies, from a model of the checks
 *   (NULL, op, kind, an operation the activation has not, parameters, overlap)
 *   written from the facts (src/act/desc.h) and independently of the
 *   library's code, and on any error no byte of any buffer changes;
 * - on GP_OK: the output equals bit for bit the scalar reference (the generic
 *   kernel table on separate, aligned copies), for the API under every
 *   available ISA (gp_set_isa) and for each ISA's kernel called directly with
 *   the same pointers; inputs not aliased by the output are unchanged;
 * - f32 against f64 (the f64 kernel on the f32 inputs, with alpha and
 *   grad_at_zero rounded to float): exact activations (all ulp bounds 0 in the
 *   facts: relu, leaky_relu) exact, the others (sigmoid, tanh) within 1 ulp of
 *   (float)f64 (backward_from_output: 2 ulp, two roundings in f32; skipped
 *   where the f32 slope overflows);
 * - the accuracy tier (a bit of the parameter byte): the fast tier's kernels
 *   (the table's fast column, NULL = the default kernel) are held to the same
 *   bit-for-bit agreement across ISAs, and f32 against f64 to the fast f32
 *   bound + 1 ulp;
 * - the buffers are exact-size heap blocks, so AddressSanitizer sees any
 *   access outside them. */
#include <float.h>
#include <math.h>

#include "gprime.h"
#include "kernels.h"
#include "fpenv.h"
#include "fuzz_common.h"
#include "../tests/test_isas.h"

#define NMAX 1100
#define OFFMAX 16 /* elements of misalignment: a whole 64-byte line of floats */

enum { L_SEPARATE, L_OUT_IS_X, L_OUT_IS_DA, L_DA_IS_X, L_OUT_OVER_X, L_OUT_OVER_DA, L_DA_OVER_X, L_NULL, L_COUNT };

/* every ISA table, or those named in GPRIME_TEST_ISAS (see tests/robust/robust_util.h) */
static const gp_kernel_table *fz_table(int isa)
{
    const gp_kernel_table *t = gp_isa_table(isa);
    return t && gp_test_isa_listed(t->name) ? t : NULL;
}

static double pick_param(fz_in *in)
{
    static const double sp[] = {0.01, 0.0, -0.0, 1.0, 0.5, 0.25, 3.0, -0.5, 0.1, 2.0, 1e300, -1e300,
                                5e-324, 0x1p-149, 1e-45, INFINITY, -INFINITY, NAN, 1.0000001, 0.999999};
    uint8_t c = fz_u8(in);
    if (c < 200)
        return sp[c % (sizeof sp / sizeof sp[0])];
    uint64_t u = fz_u64(in);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* The header's rules on the act and op, from the facts (written
 * independently of src/kernels.h): the kind, the operation, every parameter
 * finite and in its range (from the output: also in the from-output range),
 * grad_at_zero between the slopes of a kink; in f32 (f32 != 0) every value
 * the kernels use must also be a finite float. */
static gp_status model_act(const gp_act *a, int op, int f32)
{
    const gp_act_desc *d = (unsigned)a->kind < GP_KIND_COUNT ? gp_act_table[a->kind] : NULL;
    if (!d)
        return GP_ERR_KIND;
    if (!(d->ops >> op & 1u))
        return GP_ERR_OP;
    int from_output = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT;
    for (int i = 0; i < d->nparams; i++) {
        const gp_param_desc *q = &d->params[i];
        double v = gp_act_value(a, q);
        if (!(v - v == 0) || v < q->lo || v > q->hi || (q->lo_open && v <= q->lo))
            return GP_ERR_PARAM;
        if (from_output && (v < q->fo_lo || (q->fo_lo_open && v <= q->fo_lo)))
            return GP_ERR_PARAM;
    }
    if (d->kink_slopes) {
        double l, r, g = a->grad_at_zero;
        d->kink_slopes(a, &l, &r);
        if (!(g >= fmin(l, r) && g <= fmax(l, r)))
            return GP_ERR_PARAM;
    }
    if (f32) { /* the value as rounded to float: finite and again in its range */
        for (int i = 0; i < d->nparams; i++) {
            const gp_param_desc *q = &d->params[i];
            double v = gp_act_value(a, q);
            float r = (float)v;
            if (!(fabs(v) <= FLT_MAX) || r < q->lo || r > q->hi || (q->lo_open && r <= q->lo))
                return GP_ERR_PARAM;
            if (from_output && (r < q->fo_lo || (q->fo_lo_open && r <= q->fo_lo)))
                return GP_ERR_PARAM;
        }
        float g = (float)a->grad_at_zero;
        if (d->kink_slopes && !(g - g == 0))
            return GP_ERR_PARAM;
    }
    return GP_OK;
}

/* every ulp bound of the facts 0 */
static int exact_kind(gp_kind k)
{
    for (int t = 0; t < 2; t++)
        for (int op = 0; op < GP_OP_COUNT; op++)
            if (gp_act_table[k]->ulp[t][op] != 0)
                return 0;
    return 1;
}

static int ranges_overlap(const void *a, const void *b, size_t bytes)
{
    const char *x = a, *y = b;
    if (!a || !b || a == b || bytes == 0)
        return 0;
    return x < y ? (size_t)(y - x) < bytes : (size_t)(x - y) < bytes;
}

typedef struct {
    gp_act act;
    int op;
    size_t n;
    int layout;
    size_t ox, od, oo; /* misalignments in elements */
    size_t shift;      /* for the partial overlaps: 1..n-1 (or more: no overlap) */
    int shift_neg;
} fz_case;

static size_t ulps32(float a, float b)
{
    int32_t ia, ib;
    memcpy(&ia, &a, 4);
    memcpy(&ib, &b, 4);
    int64_t x = ia < 0 ? (int64_t)INT32_MIN - ia : ia, y = ib < 0 ? (int64_t)INT32_MIN - ib : ib;
    return (size_t)(x > y ? x - y : y - x);
}

/* The same code for f32 and f64. */
#define FZ_RUN(T, C)                                                                           \
    static void run_##T(const fz_case *c, fz_in *in)                                            \
    {                                                                                          \
        size_t n = c->n;                                                                       \
        int op = c->op;                                                                        \
        int backward = op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT;               \
        /* values */                                                                           \
        C vx[NMAX + 1], vd[NMAX + 1];                                                          \
        size_t avail = in->n > in->i ? in->n - in->i : 0;                                      \
        for (size_t i = 0; i < n; i++) {                                                       \
            unsigned char b[2 * sizeof(C)];                                                    \
            for (size_t j = 0; j < sizeof b; j++)                                              \
                b[j] = avail ? in->p[in->i + (i * sizeof b + j) % avail] : (unsigned char)(i + j); \
            memcpy(&vx[i], b, sizeof(C));                                                      \
            memcpy(&vd[i], b + sizeof(C), sizeof(C));                                          \
        }                                                                                      \
        /* one exact-size block holds all buffers of this layout */                            \
        size_t span = 4 * n + 4 * OFFMAX + 16;                                                 \
        C *blk = malloc(span * sizeof(C));                                                     \
        C *save = malloc(span * sizeof(C));                                                    \
        C *x, *da, *out;                                                                       \
        if (!blk || !save) {                                                                   \
            free(blk);                                                                         \
            free(save);                                                                        \
            return;                                                                            \
        }                                                                                      \
        memset(blk, 0xA5, span * sizeof(C));                                                   \
        x = blk + n + c->ox; /* room before x for a negative shift */                          \
        da = x + n + OFFMAX + c->od;                                                           \
        out = da + n + OFFMAX + c->oo;                                                         \
        size_t sh = c->shift;                                                                  \
        switch (c->layout) {                                                                   \
        case L_OUT_IS_X: out = x; break;                                                       \
        case L_OUT_IS_DA: out = da; break;                                                     \
        case L_DA_IS_X: da = x; break;                                                         \
        case L_OUT_OVER_X: out = c->shift_neg ? x - (sh <= n ? sh : n) : x + sh; break;        \
        case L_OUT_OVER_DA: out = c->shift_neg ? da - (sh <= n ? sh : n) : da + sh; break;     \
        case L_DA_OVER_X: da = x + sh; break;                                                  \
        default: break;                                                                        \
        }                                                                                      \
        if (out + n > blk + span || da + n > blk + span)                                       \
            out = da = x; /* keep inside the block (cannot happen with the sizes above) */     \
        memcpy(x, vx, n * sizeof(C));                                                          \
        if (da != x)                                                                           \
            memcpy(da, vd, n * sizeof(C));                                                     \
        /* what the kernels really read: x first, then da (da == x: x's values) */             \
        C rx[NMAX + 1], rd[NMAX + 1], want[NMAX + 1];                                          \
        memcpy(rx, x, n * sizeof(C));                                                          \
        memcpy(rd, da, n * sizeof(C));                                                         \
        const C *pda = da;                                                                     \
        C *pout = out;                                                                         \
        const C *px = x;                                                                       \
        if (c->layout == L_NULL) {                                                             \
            int w = (int)(c->shift % 3);                                                       \
            if (w == 0) px = NULL;                                                             \
            else if (w == 1) pout = NULL;                                                      \
            else pda = NULL;                                                                   \
        }                                                                                      \
        /* expected status */                                                                  \
        gp_status want_s;                                                                      \
        if ((unsigned)op >= GP_OP_COUNT)                                                       \
            want_s = GP_ERR_PARAM;                                                             \
        else if ((want_s = model_act(&c->act, op, sizeof(C) == sizeof(float))) != GP_OK)       \
            ;                                                                                  \
        else if (n == 0)                                                                       \
            want_s = GP_OK;                                                                    \
        else if (!px || !pout || (backward && !pda))                                           \
            want_s = GP_ERR_NULL;                                                              \
        else if (ranges_overlap(px, pout, n * sizeof(C)) ||                                    \
                 (backward && ranges_overlap(pda, pout, n * sizeof(C))))                       \
            want_s = GP_ERR_OVERLAP;                                                           \
        else                                                                                   \
            want_s = GP_OK;                                                                    \
        /* the reference: generic kernel on separate aligned copies, as the API runs it    \
         * (under the FP-flag guard, src/fpenv.h) */                                           \
        gp_params p;                                                                           \
        if (want_s == GP_OK && n > 0) {                                                        \
            gp_params_from_act(&c->act, &p);                                                   \
            gp_kernel_call_##T(gp_isa_table(GP_ISA_GENERIC)->act[c->act.kind], (gp_op)op, c->act.accuracy, \
                               &p, n, rx, backward ? rd : NULL, want);                         \
        }                                                                                      \
        memcpy(save, blk, span * sizeof(C));                                                   \
        for (int isa = 0; isa < GP_ISA_COUNT; isa++) {                                         \
            const gp_kernel_table *t = fz_table(isa);                                          \
            if (!t)                                                                            \
                continue;                                                                      \
            FZ_REQUIRE(gp_set_isa(t->name) == GP_OK, "set_isa %s", t->name);                   \
            memcpy(blk, save, span * sizeof(C));                                               \
            gp_status s = gp_apply_##T(&c->act, (gp_op)op, n, px, pda, pout);                  \
            FZ_REQUIRE(s == want_s, "%s %s kind %d op %d n %zu layout %d: status %d, expected %d", \
                       #T, t->name, (int)c->act.kind, op, n, c->layout, (int)s, (int)want_s);  \
            if (s != GP_OK || n == 0) {                                                        \
                FZ_REQUIRE(memcmp(blk, save, span * sizeof(C)) == 0, "%s: buffers changed on status %d", \
                           #T, (int)s);                                                        \
                continue;                                                                      \
            }                                                                                  \
            for (int direct = 0; direct < 2; direct++) {                                       \
                if (direct) {                                                                  \
                    memcpy(blk, save, span * sizeof(C));                                       \
                    gp_kernel_call_##T(t->act[c->act.kind], (gp_op)op, c->act.accuracy,        \
                                       &p, n, x, backward ? da : NULL, out);                   \
                }                                                                              \
                for (size_t i = 0; i < n; i++)                                                 \
                    FZ_REQUIRE(memcmp(&out[i], &want[i], sizeof(C)) == 0,                      \
                               "%s %s%s %s %s alpha %a gaz %a n %zu layout %d off %zu/%zu/%zu: "   \
                               "[%zu] x %a da %a: got %a, generic %a",                         \
                               #T, direct ? "kernel " : "api ", t->name, gp_kind_name(c->act.kind), \
                               gp_op_name((gp_op)op), c->act.alpha, c->act.grad_at_zero, n,    \
                               c->layout, c->ox, c->od, c->oo, i, (double)rx[i],               \
                               (double)rd[i], (double)out[i], (double)want[i]);                \
                /* everything but out[0, n) as before */                                       \
                for (size_t j = 0; j < span; j++) {                                            \
                    if (blk + j >= out && blk + j < out + n)                                   \
                        continue;                                                              \
                    FZ_REQUIRE(memcmp(&blk[j], &save[j], sizeof(C)) == 0,                      \
                               "%s %s: element %zu outside the output changed", #T, t->name, j); \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
        gp_set_isa(NULL);                                                                      \
        if (want_s == GP_OK && n > 0)                                                          \
            check_types_##T(c, n, rx, rd, want);                                               \
        free(blk);                                                                             \
        free(save);                                                                            \
    }

/* v rounded to float and back.  Through a volatile: a plain (double)(float)v
 * here came out unrounded in a gcc 12 -O3 build of this file (not understood;
 * the volatile makes the rounding happen whatever the optimiser concludes). */
static double fz_round_f32(double v)
{
    volatile float f = (float)v;
    return (double)f;
}

/* f64 has no wider type to compare with */
static void check_types_f64(const fz_case *c, size_t n, const double *x, const double *da, const double *got)
{
    (void)c, (void)n, (void)x, (void)da, (void)got;
}

static void check_types_f32(const fz_case *c, size_t n, const float *x, const float *da, const float *got)
{
    int op = c->op;
    gp_act a64 = c->act;
    for (int s = 0; s < GP_SLOT_COUNT; s++)
        *gp_act_field(&a64, s) = fz_round_f32(*gp_act_field(&a64, s));
    gp_params p64, p32;
    gp_params_from_act(&a64, &p64);
    gp_params_from_act(&c->act, &p32);
    double xd[NMAX], dd[NMAX], od[NMAX];
    float slope[NMAX];
    for (size_t i = 0; i < n; i++) {
        xd[i] = x[i];
        dd[i] = da[i];
    }
    const gp_kernel_table *g = gp_isa_table(GP_ISA_GENERIC);
    g->act[c->act.kind]->f64[op](&p64, n, xd, dd, od);
    int smooth = !exact_kind(c->act.kind);
    if (op == GP_OP_BACKWARD_FROM_OUTPUT)
        g->act[c->act.kind]->f32[GP_OP_GRAD_FROM_OUTPUT](&p32, n, x, NULL, slope);
    for (size_t i = 0; i < n; i++) {
        float w = (float)od[i];
        /* the f32 slope a - a*a or 1 - a*a overflowed where f64's did not:
         * da * -inf is then +-inf or NaN (da = 0) in f32, an IEEE product */
        if (smooth && op == GP_OP_BACKWARD_FROM_OUTPUT && isinf(slope[i]))
            continue;
        /* an infinite da multiplies the slope as rounded to each type (the API's
         * rule): where the slope underflows in f32 only, f32 gives NaN, f64 inf */
        if (smooth && isinf(da[i]))
            continue;
        if (isnan(w) || isnan(got[i])) {
            FZ_REQUIRE(isnan(w) && isnan(got[i]), "f32 %s %s [%zu] x %a da %a: f32 %a, f64 %a",
                       gp_kind_name(c->act.kind), gp_op_name((gp_op)op), i, (double)x[i], (double)da[i],
                       (double)got[i], od[i]);
            continue;
        }
        size_t tol = 0;
        /* f32 multiplies by the parameters rounded to float (documented, e.g.
         * leaky_relu's alpha): alpha*z and da*alpha may then differ from the
         * f64 result rounded by one ulp */
        const gp_act_desc *d = gp_act_table[c->act.kind];
        for (int j = 0; j < d->nparams; j++) {
            double v = gp_act_value(&c->act, &d->params[j]);
            if (fz_round_f32(v) != v)
                tol = 1;
        }
        if (smooth) {
            tol = 1;
            if (op == GP_OP_BACKWARD_FROM_OUTPUT)
                tol = 2; /* two roundings in f32 (slope, product), one in f64 + one to float */
            /* the fast tier: its f32 bound (f64 runs the default kernels), + 1 */
            if (c->act.accuracy == GP_ACCURACY_FAST)
                tol = (size_t)ceil(gp_desc_ulp(d, GP_ACCURACY_FAST, 0, (gp_op)op)) + 1;
        }
        FZ_REQUIRE(ulps32(got[i], w) <= tol, "f32 vs f64 %s %s alpha %a gaz %a [%zu] x %a da %a: f32 %a, (float)f64 %a",
                   gp_kind_name(c->act.kind), gp_op_name((gp_op)op), c->act.alpha, c->act.grad_at_zero, i,
                   (double)x[i], (double)da[i], (double)got[i], (double)w);
    }
}

FZ_RUN(f32, float)
FZ_RUN(f64, double)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size, 0};
    uint8_t b0 = fz_u8(&in), b1 = fz_u8(&in);
    fz_case c;
    int f64 = b0 & 1;
    int kind = (b0 >> 1) % GP_KIND_COUNT; /* with 4 kinds: bits 1-2, as the corpus was made */
    if ((b0 & 0x38) == 0x38)
        kind = GP_KIND_COUNT + (b0 >> 6); /* outside the enum */
    c.op = b1 % 8 < GP_OP_COUNT ? b1 % 8 : (b1 % 8 == 7 ? -1 : GP_OP_COUNT);
    c.act = gp_act_default((gp_kind)kind);
    uint8_t pm = fz_u8(&in);
    if (pm & 1) /* the activation's first parameter, or alpha */
        *(gp_act_table[kind % GP_KIND_COUNT]->nparams ? gp_act_slot(&c.act, &gp_act_table[kind % GP_KIND_COUNT]->params[0])
                                                      : &c.act.alpha) = pick_param(&in);
    if (pm & 8) /* the fast tier (issue 17) */
        c.act.accuracy = GP_ACCURACY_FAST;
    if (pm & 2)
        c.act.grad_at_zero = pick_param(&in);
    else if (kind < GP_KIND_COUNT && gp_act_table[kind]->kink_slopes) { /* the left slope, or the right */
        double l, r;
        gp_act_table[kind]->kink_slopes(&c.act, &l, &r);
        c.act.grad_at_zero = (pm & 4) ? r : l;
    }
    c.n = fz_u16(&in) % (NMAX + 1);
    uint8_t lay = fz_u8(&in);
    c.layout = lay % L_COUNT;
    uint8_t off = fz_u8(&in), off2 = fz_u8(&in);
    c.ox = off % OFFMAX;
    c.od = (size_t)(off >> 4) % OFFMAX;
    c.oo = off2 % OFFMAX;
    c.shift = (size_t)fz_u16(&in);
    c.shift_neg = (lay >> 4) & 1;
    if (c.layout != L_NULL && c.n > 0)
        c.shift = 1 + c.shift % (c.n + 2); /* mostly a partial overlap, sometimes just clear */
    if (f64)
        run_f64(&c, &in);
    else
        run_f32(&c, &in);
    return 0;
}
