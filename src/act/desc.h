/* Internal: the facts of one activation, as its own file in src/act/ states
 * them (the GP_ACT_FACTS part), gathered into one table by src/act/table.c
 * from the list in src/act/list.h.  Every part of the project that needs to
 * know something about an activation reads it here: the spec parser and
 * formatter (src/spec.c), the argument checks (src/kernels.h), the thread
 * thresholds (src/api.c), the CLI, the network, the tests, the ULP checker,
 * the benchmark and the fuzzers.  Nothing else names activations.
 *
 * This is the one documented internal header for programs of this repository
 * (tests, tools, bench); it is not installed. */
#ifndef GP_ACT_DESC_H
#define GP_ACT_DESC_H

#include <stddef.h>
#include "gprime.h"

/* The gp_act field a parameter lives in. */
enum { GP_SLOT_ALPHA, GP_SLOT_GRAD_AT_ZERO, GP_SLOT_BETA, GP_SLOT_COUNT };

/* One parameter of a spec, "key=value".  Every parameter must be finite.
 * Allowed: lo <= v <= hi (lo < v where lo_open).  The from-output forms
 * further need v >= fo_lo (v > fo_lo where fo_lo_open); fo_lo = -INFINITY:
 * no further need.  grad_at_zero is not listed as a parameter: every
 * activation with a kink takes it, in the closed interval between the two
 * slopes there (kink_slopes below), by default the left one. */
typedef struct {
    const char *key;
    int slot;          /* GP_SLOT_* */
    double def;
    double lo, hi;
    int lo_open;
    double fo_lo;
    int fo_lo_open;
} gp_param_desc;

/* Bit (1u << op) for each operation an activation has. */
#define GP_OPS_FROM_Z ((1u << GP_OP_FORWARD) | (1u << GP_OP_GRAD) | (1u << GP_OP_BACKWARD))
#define GP_OPS_ALL (GP_OPS_FROM_Z | (1u << GP_OP_GRAD_FROM_OUTPUT) | (1u << GP_OP_BACKWARD_FROM_OUTPUT))

typedef struct {
    gp_kind kind;
    const char *name;        /* the canonical spec name, "leaky_relu" */
    const char *aliases[4];  /* other spellings the parser takes, NULL-ended */
    const char *g, *dg, *dg_from_a; /* the formulas, for help texts ("" where there is no from-a form) */
    int nparams;
    gp_param_desc params[3];
    unsigned ops;            /* GP_OPS_* */
    /* Kinks: z values where g' jumps.  At z = +-0 (the only kink so far),
     * grad and backward use the act's grad_at_zero, which must lie between
     * the left and the right slope there (kink_slopes; NULL: no kink). */
    int nkinks;
    double kinks[2];
    void (*kink_slopes)(const gp_act *act, double *left, double *right);
    /* Error bound in ulps per type (0 f32, 1 f64) and operation, as
     * tools/ulp asserts it; 0 = exact (bit-identical to the definition).
     * backward from z: the bound of g' (scaled as in docs/ACCURACY.md) + 0.5. */
    double ulp[2][GP_OP_COUNT];
    /* The same for the fast tier (GP_ACCURACY_FAST), the bounds its kernels
     * are held to; a row left out (all 0) means the bounds,
     * GP_ULP_FAST_DEFAULT (an activation without fast kernels runs its
     * default ones there, which are tighter).  Read it with gp_desc_ulp. */
    double ulp_fast[2][GP_OP_COUNT];
    /* 1 where forward, grad and backward are bound by arithmetic (the store
     * order of src/kernels.c, the thread thresholds of src/api.c), 0 where
     * they are bound by memory (every from-output form is). */
    int arith;
    /* g(-inf), g(+inf), g'(-inf), g'(+inf) for act (parameters may matter). */
    void (*limits)(const gp_act *act, double lim[4]);
    /* A z range that shows the activation's shape (plots, checks). */
    double show_lo, show_hi;
} gp_act_desc;

/* The fast tier's bounds where an activation states none, by gp_op:
 * forward 4, grad 4, grad_from_output 2, backward 5, backward_from_output 2. */
#define GP_ULP_FAST_DEFAULT {4.0, 4.0, 2.0, 5.0, 2.0}

/* The bound in ulps of op in type t (0 f32, 1 f64) for the accuracy tier. */
static inline double gp_desc_ulp(const gp_act_desc *d, gp_accuracy tier, int t, gp_op op)
{
    static const double fast_default[GP_OP_COUNT] = GP_ULP_FAST_DEFAULT;
    if (tier != GP_ACCURACY_FAST)
        return d->ulp[t][op];
    for (int o = 0; o < GP_OP_COUNT; o++)
        if (d->ulp_fast[t][o] != 0)
            return d->ulp_fast[t][op];
    return fast_default[op];
}

/* The table, indexed by gp_kind (src/act/table.c). */
extern const gp_act_desc *const gp_act_table[GP_KIND_COUNT];

/* The facts of kind, or NULL outside the enum. */
static inline const gp_act_desc *gp_desc(gp_kind kind)
{
    return (unsigned)kind < GP_KIND_COUNT ? gp_act_table[kind] : NULL;
}

/* Does d have op? */
static inline int gp_desc_has(const gp_act_desc *d, gp_op op)
{
    return (unsigned)op < GP_OP_COUNT && (d->ops >> op & 1u);
}

/* The parameter of d with key, or NULL. */
const gp_param_desc *gp_desc_param(const gp_act_desc *d, const char *key);

/* The value of parameter q in act, and a pointer to it. */
static inline double *gp_act_field(gp_act *act, int slot)
{
    return slot == GP_SLOT_ALPHA ? &act->alpha : slot == GP_SLOT_BETA ? &act->beta : &act->grad_at_zero;
}
static inline double *gp_act_slot(gp_act *act, const gp_param_desc *q) { return gp_act_field(act, q->slot); }
static inline double gp_act_value(const gp_act *act, const gp_param_desc *q)
{
    return q->slot == GP_SLOT_ALPHA ? act->alpha : q->slot == GP_SLOT_BETA ? act->beta : act->grad_at_zero;
}

/* The fields of gp_act that d uses, as bits (1u << GP_SLOT_*): its
 * parameters' slots, and grad_at_zero where it has a kink rule. */
static inline unsigned gp_desc_fields(const gp_act_desc *d)
{
    unsigned m = d->kink_slopes ? 1u << GP_SLOT_GRAD_AT_ZERO : 0u;
    for (int i = 0; i < d->nparams; i++)
        m |= 1u << d->params[i].slot;
    return m;
}

#endif
