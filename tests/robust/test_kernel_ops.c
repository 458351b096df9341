/* The operations an activation has, three ways that must agree: its facts
 * (gp_act_table[k]->ops), the API (gp_has_op), and the kernel table of every
 * ISA built for this CPU (a kernel for each operation it has, NULL for each it
 * has not, in f32 and f64) - dispatch (src/api.c) and the scalar forms
 * (src/scalar.c, the generic table) call the kernel once gp_has_op says yes,
 * so a missing kernel would be a NULL call and a kernel for a refused
 * operation dead code.  The fast tier's column (NULL: the default kernel)
 * has entries only for operations the activation has, the same on every ISA.
 * Every kind; every ISA compiled in, whatever
 * GPRIME_TEST_ISAS says (only entries are read, nothing is run). */
#include "robust_util.h"

int main(void)
{
    long bad = 0;
    int tables = 0, missing = 0;
    for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
        const gp_kernel_table *t = gp_isa_table(isa);
        if (!t)
            continue;
        tables++;
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            const gp_act_kernels *ak = t->act[k];
            if (!ak) {
                fprintf(stderr, "%s: no kernels for %s\n", t->name, gp_kind_name((gp_kind)k));
                bad++;
                continue;
            }
            for (int op = 0; op < GP_OP_COUNT; op++) {
                int has = gp_has_op((gp_kind)k, (gp_op)op);
                if (has != (int)(gp_act_table[k]->ops >> op & 1u) || has != (ak->f32[op] != NULL) ||
                    has != (ak->f64[op] != NULL)) {
                    fprintf(stderr, "%s %s %s: gp_has_op %d, facts %d, f32 kernel %s, f64 kernel %s\n", t->name,
                            gp_kind_name((gp_kind)k), gp_op_name((gp_op)op), has,
                            (int)(gp_act_table[k]->ops >> op & 1u), ak->f32[op] ? "set" : "NULL",
                            ak->f64[op] ? "set" : "NULL");
                    bad++;
                }
                /* the fast column: NULL means the default kernel; a fast kernel only for an
                 * operation the activation has, and on every ISA alike (bit-identical tiers) */
                const gp_act_kernels *gk = gp_isa_table(GP_ISA_GENERIC)->act[k];
                if ((!has && (ak->fast_f32[op] || ak->fast_f64[op])) ||
                    (ak->fast_f32[op] != NULL) != (gk->fast_f32[op] != NULL) ||
                    (ak->fast_f64[op] != NULL) != (gk->fast_f64[op] != NULL)) {
                    fprintf(stderr, "%s %s %s: fast kernels f32 %s f64 %s, not as on generic or for no op\n",
                            t->name, gp_kind_name((gp_kind)k), gp_op_name((gp_op)op), ak->fast_f32[op] ? "set" : "NULL",
                            ak->fast_f64[op] ? "set" : "NULL");
                    bad++;
                }
                missing += isa == GP_ISA_GENERIC && !has;
            }
        }
    }
    if (!gp_isa_table(GP_ISA_GENERIC)) {
        fprintf(stderr, "test_kernel_ops: no generic table\n");
        bad++;
    }
    if (bad) {
        fprintf(stderr, "test_kernel_ops: %ld disagreements\n", bad);
        return 1;
    }
    printf("test_kernel_ops: %d kinds x %d ops on %d ISA tables: facts, gp_has_op and kernels agree "
           "(%d operations missing by design)\n",
           GP_KIND_COUNT, GP_OP_COUNT, tables, missing);
    return 0;
}
