/* The edge-value table: what every function returns for +-0, +-denormal,
 * +-smallest normal, +-1, +-largest finite, +-inf, a quiet NaN and a
 * signalling NaN, for forward, grad, grad_from_output, backward and
 * backward_from_output (da = -2) of each activation, in f32 and f64.
 *
 * The settings come from the facts (src/act/desc.h): every activation with its
 * defaults and, where it has a kink, with grad_at_zero at the other slope.
 *
 *   edge_table --check        (default) checks every row against the values
 *                             expected from the mathematical definition, on
 *                             every ISA path: each kernel table on the whole
 *                             column and on each value alone, the public API
 *                             under gp_set_isa(each), and the scalar forms;
 *                             every path gives the generic kernel's bits.  The
 *                             expected values are written by hand (below, not
 *                             taken from the library) for the settings named
 *                             there; for any other (a new activation) the
 *                             facts give them where they can: NaN in, NaN out
 *                             (payload kept), and the limits at +-inf.  An
 *                             operation an activation has not: GP_ERR_OP.
 *   edge_table --markdown     prints docs/EDGE_CASES.md.
 *   edge_table --diff FILE    fails if FILE differs from --markdown output. */
#include <float.h>
#include "robust_util.h"

/* ---- the inputs --------------------------------------------------------------- */

enum { NIN = 14 };
static const char *const in_label[NIN] = {
    "+0", "-0", "+denormal (min)", "-denormal (min)", "+smallest normal", "-smallest normal", "+1", "-1",
    "+largest finite", "-largest finite", "+inf", "-inf", "quiet NaN", "signalling NaN"};
/* payloads: quiet NaN 0x...123 with the quiet bit, signalling NaN 0x...123 without */
static const uint32_t in32[NIN] = {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x00800000u,
                                   0x80800000u, 0x3f800000u, 0xbf800000u, 0x7f7fffffu, 0xff7fffffu,
                                   0x7f800000u, 0xff800000u, 0x7fc00123u, 0x7f800123u};
static const uint64_t in64[NIN] = {0x0000000000000000u, 0x8000000000000000u, 0x0000000000000001u,
                                   0x8000000000000001u, 0x0010000000000000u, 0x8010000000000000u,
                                   0x3ff0000000000000u, 0xbff0000000000000u, 0x7fefffffffffffffu,
                                   0xffefffffffffffffu, 0x7ff0000000000000u, 0xfff0000000000000u,
                                   0x7ff8000000000123u, 0x7ff0000000000123u};

/* ---- the settings ----------------------------------------------------------------- */

enum { NSET_MAX = 2 * GP_KIND_COUNT };
static int nset;
static gp_act set_acts[NSET_MAX];
static char set_spec[NSET_MAX][96];   /* the canonical spec: the key of the hand-written rows */
static char set_label[NSET_MAX][160]; /* the spec and the parameters at their defaults */

static void add_setting(gp_act a)
{
    const gp_act_desc *d = gp_desc(a.kind);
    set_acts[nset] = a;
    if (gp_act_format(&a, set_spec[nset], sizeof set_spec[nset]) != GP_OK)
        abort();
    int len = snprintf(set_label[nset], sizeof set_label[nset], "%s", set_spec[nset]);
    const char *sep = " (";
    for (int i = 0; i < d->nparams; i++)
        if (gp_act_value(&a, &d->params[i]) == d->params[i].def) {
            len += snprintf(set_label[nset] + len, sizeof set_label[nset] - (size_t)len, "%s%s = %g", sep,
                            d->params[i].key, d->params[i].def);
            sep = ", ";
        }
    if (sep[0] == ',')
        snprintf(set_label[nset] + len, sizeof set_label[nset] - (size_t)len, ")");
    nset++;
}

static void make_settings(void)
{
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        gp_act a = gp_act_default((gp_kind)k);
        add_setting(a);
        double l, r;
        if (gp_act_table[k]->kink_slopes) {
            gp_act_table[k]->kink_slopes(&a, &l, &r);
            a.grad_at_zero = r;
            add_setting(a);
        }
    }
}

/* ---- the expected values, from the definitions ----------------------------------
 * One code per cell for forward (F), grad (G) and grad_from_output (O); the
 * backward columns are da * G and da * O with da = -2 (an IEEE product; NaN
 * keeps the payload of the NaN slope).  Codes:
 *   C(v)  exactly v (rounded to the type: v is exact in both)
 *   X     the input itself (same bits)
 *   AX    alpha * input, rounded once (the type's alpha: (float)0.01 in f32)
 *   AL    alpha
 *   QN    the input NaN, quieted, payload kept
 *   NN    some NaN (no payload promise)
 *   A1(v) v within 1 ulp, A2(v) within 2 ulp (v from 40-digit arithmetic)
 *   ANY   not written down (a setting without hand-written rows): only the
 *         agreement of every path with the generic kernel */
enum { E_C, E_X, E_AX, E_AL, E_QN, E_NN, E_A1, E_A2, E_ANY };
typedef struct {
    int code;
    double v;
} cell;
#define C(v) {E_C, v}
#define X {E_X, 0}
#define AX {E_AX, 0}
#define AL {E_AL, 0}
#define QN {E_QN, 0}
#define NN {E_NN, 0}
#define A1(v) {E_A1, v}
#define A2(v) {E_A2, v}

#define S1 0.73105857863000487925115924182183627   /* sigmoid(1) = 1/(1+e^-1) */
#define S1M 0.26894142136999512074884075817816373  /* sigmoid(-1) = 1/(1+e) */
#define DS1 0.19661193324148185253742473358590903  /* sigmoid'(+-1) = e^-1/(1+e^-1)^2 */
#define T1 0.76159415595576488811945828260479359   /* tanh(1) */
#define DT1 0.41997434161402606939449673904170144  /* tanh'(+-1) = 1 - tanh(1)^2 */

/* [input] = {F, G, O}, for the setting whose canonical spec is spec */
typedef struct {
    const char *spec;
    cell rows[NIN][3];
} hand_rows;
static const hand_rows expect[] = {
    {"sigmoid", {/* sigmoid: g = 1/(1+e^-z), g' = e^-|z|/(1+e^-|z|)^2, from a: a(1-a) = a - a*a (one FMA) */
     {C(0.5), C(0.25), C(0.0)},          /* +0: 1/2, 1/4, 0 - 0 */
     {C(0.5), C(0.25), C(-0.0)},         /* -0: (-0)(1+0) = -0 */
     {C(0.5), C(0.25), X},               /* 1/2 + d/4 rounds to 1/2; d - d^2 rounds to d */
     {C(0.5), C(0.25), X},
     {C(0.5), C(0.25), X},
     {C(0.5), C(0.25), X},
     {A1(S1), A2(DS1), C(0.0)},          /* 1 - 1*1 = +0 */
     {A1(S1M), A2(DS1), C(-2.0)},        /* -1 * (1 - -1) */
     {C(1.0), C(0.0), C(-INFINITY)},     /* e^-max = 0; max - max^2 overflows */
     {C(0.0), C(0.0), C(-INFINITY)},
     {C(1.0), C(0.0), NN},               /* a - a*a at +inf is inf - inf */
     {C(0.0), C(0.0), C(-INFINITY)},     /* -inf - inf */
     {QN, QN, QN},
     {QN, QN, QN}}},
    {"tanh", {/* tanh: g' = 4e^-2|z|/(1+e^-2|z|)^2, from a: 1 - a*a (one FMA) */
     {X, C(1.0), C(1.0)},
     {X, C(1.0), C(1.0)},                /* tanh(-0) = -0 */
     {X, C(1.0), C(1.0)},                /* tanh d = d - d^3/3 rounds to d */
     {X, C(1.0), C(1.0)},
     {X, C(1.0), C(1.0)},
     {X, C(1.0), C(1.0)},
     {A1(T1), A2(DT1), C(0.0)},
     {A1(-T1), A2(DT1), C(0.0)},
     {C(1.0), C(0.0), C(-INFINITY)},
     {C(-1.0), C(0.0), C(-INFINITY)},
     {C(1.0), C(0.0), C(-INFINITY)},
     {C(-1.0), C(0.0), C(-INFINITY)},
     {QN, QN, QN},
     {QN, QN, QN}}},
    {"relu", {/* relu, grad_at_zero = 0: max(0, z) is +0 for every z <= 0; from a: 1 (a > 0), 0 (a <= 0) */
     {C(0.0), C(0.0), C(0.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {QN, QN, QN},
     {QN, QN, QN}}},
    {"relu(grad_at_zero=1)", {/* relu, grad_at_zero = 1: grad(+-0) = 1, but from a = +-0 the slope is 0 */
     {C(0.0), C(1.0), C(0.0)},
     {C(0.0), C(1.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {X, C(1.0), C(1.0)},
     {C(0.0), C(0.0), C(0.0)},
     {QN, QN, QN},
     {QN, QN, QN}}},
    {"leaky_relu", {/* leaky_relu, alpha = 0.01 = grad_at_zero: z (z > 0), alpha*z (z <= 0: -0 -> -0) */
     {AX, AL, AL},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},                       /* alpha * -d rounds to -0 */
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},                       /* a subnormal */
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},                       /* -inf */
     {QN, QN, QN},
     {QN, QN, QN}}},
    {"leaky_relu(grad_at_zero=1)", {/* leaky_relu, alpha = 0.01, grad_at_zero = 1: the slope 1 at z = +-0, a = +-0 */
     {AX, C(1.0), C(1.0)},
     {AX, C(1.0), C(1.0)},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {X, C(1.0), C(1.0)},
     {AX, AL, AL},
     {QN, QN, QN},
     {QN, QN, QN}}},
};

/* The expected cell of setting set, input row, column col (0..2: F, G, O):
 * the hand-written one, else what the facts say (NaN rows, F and G at +-inf). */
static cell expected(int set, int row, int col)
{
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (strcmp(expect[i].spec, set_spec[set]) == 0)
            return expect[i].rows[row][col];
    cell e = {E_ANY, 0};
    if (row >= 12) /* the NaNs */
        e.code = E_QN;
    else if (row >= 10 && col < 2) { /* +inf, -inf */
        double lim[4];
        gp_desc(set_acts[set].kind)->limits(&set_acts[set], lim);
        e.code = E_C;
        e.v = lim[2 * col + (row == 10)];
    }
    return e;
}

#define DA (-2.0)
static const char *const col_label[5] = {"forward", "grad", "grad_from_output", "backward (da = -2)",
                                         "backward_from_output (da = -2)"};
static const gp_op col_op[5] = {GP_OP_FORWARD, GP_OP_GRAD, GP_OP_GRAD_FROM_OUTPUT, GP_OP_BACKWARD,
                                GP_OP_BACKWARD_FROM_OUTPUT};

static long failures;

/* ---- checking one result ---------------------------------------------------------------- */

/* NaN in -> NaN out with the payload kept and the quiet bit set.  This is what
 * x86-64 (SSE/AVX arithmetic) does; elsewhere only "a NaN" is required. */
static int nan_ok64(double got, double in)
{
    if (!isnan(got))
        return 0;
#if defined(__x86_64__)
    return rb_bits64(got) == (rb_bits64(in) | UINT64_C(0x0008000000000000));
#else
    (void)in;
    return 1;
#endif
}
static int nan_ok32(float got, float in)
{
    if (!isnan(got))
        return 0;
#if defined(__x86_64__)
    return rb_bits32(got) == (rb_bits32(in) | 0x00400000u);
#else
    (void)in;
    return 1;
#endif
}

/* col 0..2 direct; 3, 4: da * column 1, 2 */
#define RB_CHECK(T, C, NANOK, ULPS, BITS)                                                        \
    static int ok_##T(int set, int row, int col, C in, C got)                                   \
    {                                                                                          \
        cell e = expected(set, row, col < 3 ? col : col - 2);                                  \
        C alpha = (C)set_acts[set].alpha;                                                      \
        int bw = col >= 3;                                                                     \
        C want;                                                                                \
        switch (e.code) {                                                                      \
        case E_QN: return NANOK(got, in);                                                      \
        case E_NN: return isnan(got);                                                          \
        case E_ANY: return 1;                                                                  \
        case E_X: want = in; break;                                                            \
        case E_AL: want = alpha; break;                                                        \
        case E_AX: want = (C)(alpha * in); break;                                              \
        default: want = (C)e.v; break;                                                         \
        }                                                                                      \
        if (bw)                                                                                \
            want = (C)(DA * want); /* exact: a power of two, far from over/underflow here */   \
        if (e.code == E_A1 || e.code == E_A2) {                                                \
            uint64_t tol = e.code == E_A1 ? 1 : bw ? 3 : 2;                                    \
            return ULPS(got, want) <= tol;                                                     \
        }                                                                                      \
        return BITS(got) == BITS(want);                                                        \
    }
RB_CHECK(f32, float, nan_ok32, rb_ulps32, rb_bits32)
RB_CHECK(f64, double, nan_ok64, rb_ulps64, rb_bits64)

/* f32: alpha * in is a product of two floats, exact in double, so (float) rounds once */

#define RB_RUN(T, C, IN, FMT)                                                                    \
    static void report_##T(const char *path, int set, int row, int col, C got)                 \
    {                                                                                          \
        if (failures++ < 40)                                                                   \
            fprintf(stderr, "%s %s: %s(%s) %s = " FMT " (%a): not as expected\n", #T, path,     \
                    col_label[col], in_label[row], set_label[set], (double)got, (double)got);  \
    }                                                                                          \
    /* as expected, and the bits of the generic kernel's whole column */                      \
    static void check_one_##T(const char *path, int set, int row, int col, C in, C got, C ref) \
    {                                                                                          \
        if (!ok_##T(set, row, col, in, got) || memcmp(&got, &ref, sizeof got) != 0)            \
            report_##T(path, set, row, col, got);                                              \
    }                                                                                          \
    static void check_all_##T(void)                                                            \
    {                                                                                          \
        C x[NIN], da[NIN], out[NIN], ref[NIN];                                                 \
        for (int r = 0; r < NIN; r++) {                                                        \
            memcpy(&x[r], &IN[r], sizeof(C));                                                  \
            da[r] = (C)DA;                                                                     \
        }                                                                                      \
        for (int set = 0; set < nset; set++) {                                                 \
            gp_act act = set_acts[set];                                                        \
            gp_params p;                                                                       \
            gp_params_from_act(&act, &p);                                                      \
            for (int col = 0; col < 5; col++) {                                                \
                gp_op op = col_op[col];                                                        \
                if (!gp_has_op(act.kind, op)) { /* no kernel; the API refuses it */           \
                    memcpy(out, x, sizeof out);                                                \
                    if (gp_apply_##T(&act, op, NIN, x, da, out) != GP_ERR_OP ||                \
                        memcmp(out, x, sizeof out) != 0) {                                     \
                        failures++;                                                            \
                        fprintf(stderr, "%s %s %s: not refused with GP_ERR_OP\n", #T,         \
                                set_label[set], col_label[col]);                               \
                    }                                                                          \
                    continue;                                                                  \
                }                                                                              \
                gp_isa_table(GP_ISA_GENERIC)->act[act.kind]->T[op](&p, NIN, x, da, ref);       \
                for (int isa = 0; isa < GP_ISA_COUNT; isa++) {                                 \
                    const gp_kernel_table *t = rb_table(isa);                                  \
                    if (!t)                                                                    \
                        continue;                                                              \
                    /* the whole column at once (vector body + tail) */                        \
                    t->act[act.kind]->T[op](&p, NIN, x, da, out);                              \
                    for (int r = 0; r < NIN; r++)                                              \
                        check_one_##T(t->name, set, r, col, x[r], out[r], ref[r]);             \
                    /* each value alone (the tail path) */                                     \
                    for (int r = 0; r < NIN; r++) {                                            \
                        C o;                                                                   \
                        t->act[act.kind]->T[op](&p, 1, &x[r], &da[r], &o);                     \
                        check_one_##T(t->name, set, r, col, x[r], o, ref[r]);                  \
                    }                                                                          \
                    /* the public API on this ISA */                                           \
                    if (gp_set_isa(t->name) != GP_OK ||                                        \
                        gp_apply_##T(&act, op, NIN, x, da, out) != GP_OK) {                    \
                        failures++;                                                            \
                        fprintf(stderr, "%s api %s failed\n", #T, t->name);                    \
                        continue;                                                              \
                    }                                                                          \
                    for (int r = 0; r < NIN; r++)                                              \
                        check_one_##T("api", set, r, col, x[r], out[r], ref[r]);               \
                }                                                                              \
                /* the scalar form of any activation and op */                                 \
                for (int r = 0; r < NIN; r++) {                                                \
                    C o;                                                                       \
                    if (gp_scalar_##T(&act, op, x[r], da[r], &o) != GP_OK) {                   \
                        failures++;                                                            \
                        fprintf(stderr, "%s gp_scalar %s failed\n", #T, set_label[set]);      \
                        break;                                                                 \
                    }                                                                          \
                    check_one_##T("gp_scalar", set, r, col, x[r], o, ref[r]);                  \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
        gp_set_isa(NULL);                                                                      \
    }
RB_RUN(f32, float, in32, "%.9g")
RB_RUN(f64, double, in64, "%.17g")

/* the setting whose canonical spec is spec (one of the named activations) */
static int set_named(const char *spec)
{
    for (int i = 0; i < nset; i++)
        if (strcmp(set_spec[i], spec) == 0)
            return i;
    fprintf(stderr, "edge_table: no setting \"%s\"\n", spec);
    abort();
}

/* The named convenience forms of the course's four activations follow the
 * same rows (default settings). */
static void check_scalar(void)
{
    const int sg = set_named("sigmoid"), th = set_named("tanh"), re = set_named("relu"), lr = set_named("leaky_relu");
    for (int r = 0; r < NIN; r++) {
        float xf;
        double xd;
        memcpy(&xf, &in32[r], sizeof xf);
        memcpy(&xd, &in64[r], sizeof xd);
#define SC(set, col, f32fn, f64fn)                                                                 \
        do {                                                                                   \
            float gf = f32fn;                                                                  \
            double gd = f64fn;                                                                 \
            if (!ok_f32(set, r, col, xf, gf))                                                  \
                report_f32("scalar", set, r, col, gf);                                         \
            if (!ok_f64(set, r, col, xd, gd))                                                  \
                report_f64("scalar", set, r, col, gd);                                         \
        } while (0)
        SC(sg, 0, gp_sigmoid_f32(xf), gp_sigmoid_f64(xd));
        SC(sg, 1, gp_sigmoid_grad_f32(xf), gp_sigmoid_grad_f64(xd));
        SC(sg, 2, gp_sigmoid_grad_from_output_f32(xf), gp_sigmoid_grad_from_output_f64(xd));
        SC(th, 0, gp_tanh_f32(xf), gp_tanh_f64(xd));
        SC(th, 1, gp_tanh_grad_f32(xf), gp_tanh_grad_f64(xd));
        SC(th, 2, gp_tanh_grad_from_output_f32(xf), gp_tanh_grad_from_output_f64(xd));
        SC(re, 0, gp_relu_f32(xf), gp_relu_f64(xd));
        SC(re, 1, gp_relu_grad_f32(xf), gp_relu_grad_f64(xd));
        SC(lr, 0, gp_leaky_relu_f32(xf, 0.01f), gp_leaky_relu_f64(xd, 0.01));
        SC(lr, 1, gp_leaky_relu_grad_f32(xf, 0.01f), gp_leaky_relu_grad_f64(xd, 0.01));
#undef SC
    }
}

/* ---- markdown ------------------------------------------------------------------------------ */

typedef struct {
    char *s;
    size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void put(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        abort();
    if (b->len + (size_t)k + 1 > b->cap) {
        b->cap = (b->len + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)k;
}

static void cell32(sbuf *b, float v, float in)
{
    if (isnan(v)) {
        uint32_t u = rb_bits32(v), ui = rb_bits32(in);
        if (isnan(in) && u == (ui | 0x00400000u))
            put(b, "NaN, payload kept (0x%08x)", u);
        else
            put(b, "NaN (0x%08x)", u);
    } else if (v == 0)
        put(b, "%s0", signbit(v) ? "-" : "+");
    else if (isinf(v))
        put(b, "%sinf", v < 0 ? "-" : "+");
    else
        put(b, "%.9g", (double)v);
}
static void cell64(sbuf *b, double v, double in)
{
    if (isnan(v)) {
        uint64_t u = rb_bits64(v), ui = rb_bits64(in);
        if (isnan(in) && u == (ui | UINT64_C(0x0008000000000000)))
            put(b, "NaN, payload kept (0x%016llx)", (unsigned long long)u);
        else
            put(b, "NaN (0x%016llx)", (unsigned long long)u);
    } else if (v == 0)
        put(b, "%s0", signbit(v) ? "-" : "+");
    else if (isinf(v))
        put(b, "%sinf", v < 0 ? "-" : "+");
    else
        put(b, "%.17g", v);
}

static void markdown(sbuf *b)
{
    put(b, "# Edge cases: what every function returns\n\n"
           "Generated by `tests/robust/edge_table --markdown` (do not edit by hand); the test\n"
           "`robust_edge_table` checks every row against values written from the mathematical\n"
           "definitions, on every ISA path (generic, avx2, avx512: each kernel on the whole column\n"
           "and on each value alone, the public API under `gp_set_isa`, and the scalar forms),\n"
           "and `robust_edge_table_doc` checks that this file is up to date.\n\n"
           "Inputs: +-0, +-the smallest denormal, +-the smallest normal, +-1, +-the largest finite\n"
           "value, +-inf, a quiet NaN and a signalling NaN, both with payload 0x123.  The backward\n"
           "columns use da = -2, so they show the IEEE product da * g' (signs of zero included).\n"
           "The grad_from_output column applies the formula to the value in the first column as if\n"
           "it were an output a (values outside the range of g are not rejected).\n\n"
           "Rules the table shows:\n\n"
           "- NaN in gives NaN out in every function and column, relu and leaky_relu included.\n"
           "  A quiet NaN keeps its bits; a **signalling NaN comes out quiet with its payload\n"
           "  preserved** (the quiet bit is set, sign and payload bits kept) - checked on x86-64,\n"
           "  bit for bit, on every ISA path (SSE/AVX arithmetic quiets this way).\n"
           "- sigmoid: 1/2 and 1/4 for every input too small to move them; 0 and 1 at the far tails,\n"
           "  no NaN from +-inf.  tanh keeps -0 and denormals (tanh z = z there); tanh(+-inf) = +-1.\n"
           "- sigmoid from the output at a = +inf: a - a*a = inf - inf = NaN (the default NaN,\n"
           "  not an input NaN); at a = -inf and at +-largest finite: -inf (overflow).\n"
           "- relu(-0) = +0 and relu(z < 0) = +0; leaky_relu(-0) = -0 (alpha > 0) and\n"
           "  leaky_relu(-denormal) = alpha * -denormal, which rounds to -0.\n"
           "- relu from the output cannot see grad_at_zero: a = +-0 gives 0 even with\n"
           "  grad_at_zero = 1 (compare the grad column).\n"
           "- f32 leaky_relu uses the slope (float)0.01 = %.9g.\n\n",
        (double)0.01f);
    for (int ty = 0; ty < 2; ty++) {
        put(b, "## %s\n\n", ty == 0 ? "float32 (`_f32`)" : "float64 (`_f64`)");
        for (int set = 0; set < nset; set++) {
            gp_act act = set_acts[set];
            put(b, "### %s, %s\n\n| input |", set_label[set], ty == 0 ? "f32" : "f64");
            for (int c = 0; c < 5; c++)
                put(b, " %s |", col_label[c]);
            put(b, "\n|---|---|---|---|---|---|\n");
            for (int r = 0; r < NIN; r++) {
                put(b, "| %s |", in_label[r]);
                for (int c = 0; c < 5; c++) {
                    put(b, " ");
                    if (!gp_has_op(act.kind, col_op[c]))
                        put(b, "(no such operation)");
                    else if (ty == 0) {
                        float x, da = (float)DA, o = 0;
                        memcpy(&x, &in32[r], sizeof x);
                        if (gp_apply_f32(&act, col_op[c], 1, &x, &da, &o) != GP_OK)
                            put(b, "error");
                        else
                            cell32(b, o, x);
                    } else {
                        double x, da = DA, o = 0;
                        memcpy(&x, &in64[r], sizeof x);
                        if (gp_apply_f64(&act, col_op[c], 1, &x, &da, &o) != GP_OK)
                            put(b, "error");
                        else
                            cell64(b, o, x);
                    }
                    put(b, " |");
                }
                put(b, "\n");
            }
            put(b, "\n");
        }
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "--check";
    if (strcmp(mode, "--markdown") == 0 || strcmp(mode, "--diff") == 0) {
        sbuf b = {NULL, 0, 0};
        make_settings();
        markdown(&b);
        if (mode[2] == 'm') {
            fwrite(b.s, 1, b.len, stdout);
            free(b.s);
            return 0;
        }
        if (argc < 3) {
            fprintf(stderr, "usage: edge_table --diff FILE\n");
            free(b.s);
            return 2;
        }
        FILE *f = fopen(argv[2], "rb");
        if (!f) {
            fprintf(stderr, "edge_table: cannot open %s\n", argv[2]);
            free(b.s);
            return 1;
        }
        char *doc = malloc(b.len + 2);
        size_t got = doc ? fread(doc, 1, b.len + 1, f) : 0;
        fclose(f);
        int same = doc && got == b.len && memcmp(doc, b.s, b.len) == 0;
        free(doc);
        free(b.s);
        if (!same) {
            fprintf(stderr, "edge_table: %s is not what the library returns today; regenerate it with\n"
                            "  edge_table --markdown > docs/EDGE_CASES.md\n", argv[2]);
            return 1;
        }
        printf("edge_table: %s is up to date\n", argv[2]);
        return 0;
    }
    if (strcmp(mode, "--check") != 0) {
        fprintf(stderr, "usage: edge_table [--check | --markdown | --diff FILE]\n");
        return 2;
    }
    make_settings();
    check_all_f32();
    check_all_f64();
    check_scalar();
    if (failures) {
        fprintf(stderr, "edge_table: %ld cells differ from the definitions\n", failures);
        return 1;
    }
    printf("edge_table: %d settings x %d inputs x 5 columns x f32/f64: every cell as defined, every path\n",
           nset, NIN);
    return 0;
}
