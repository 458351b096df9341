/* Alignment and length: for every ISA path, every activation setting, every
 * operation, f32 and f64, every length n = 0..300 and every misalignment of
 * each pointer (f32: steps of 4 bytes over a 64-byte line; f64: steps of 8
 * bytes, the only misalignments a valid double * can have), the kernel gives
 * bit for bit the results of the scalar reference (the generic table), writes
 * nothing outside out[0..n), and does the same in place (out == x, out == da),
 * with plain and with non-temporal stores (p.stream, alternating).
 * The public entry points gp_apply_* are checked the same way for every ISA
 * that gp_set_isa accepts. */
#include "robust_util.h"

#define NMAX 300
/* lengths 0..align_nmax; GP_ALIGN_NMAX lowers it (scripts/valgrind.sh: 100,
 * still past every unrolled block of 4 x 16 lanes and its tails) */
static size_t align_nmax = NMAX;
#define LINE 64                /* bytes: every misalignment within a cache line / zmm */
#define GUARD 64               /* bytes checked untouched before and after each buffer */
#define PAD (LINE + GUARD)

static long failures;

#define FAIL(...)                                                                              \
    do {                                                                                       \
        if (failures++ < (getenv("RB_VERBOSE") ? 100000000 : 20)) {                                                                 \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

/* The f32 and f64 variants are the same code; written once as a macro. */
#define RB_ALIGN_TEST(T, C, STEP, VALUE, SENT)                                                   \
    static void check_##T(const gp_kernel_table *ref, const gp_kernel_table *tab, int use_api,  \
                          const gp_act *act, int op, const C *xs, const C *das, const C *want)   \
    {                                                                                          \
        static _Alignas(64) unsigned char bx[NMAX * sizeof(C) + 2 * PAD];                    \
        static _Alignas(64) unsigned char bd[NMAX * sizeof(C) + 2 * PAD];                    \
        static _Alignas(64) unsigned char bo[NMAX * sizeof(C) + 2 * PAD];                    \
        const int steps = LINE / STEP;                                                         \
        gp_params p;                                                                           \
        gp_params_from_act(act, &p);                                                           \
        int backward = op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT;               \
        (void)ref;                                                                             \
        for (size_t n = 0; n <= align_nmax; n++) {                                             \
            /* every misalignment of each pointer; the other two vary along */                 \
            for (int k = 0; k < steps + 2; k++) {                                              \
                int inplace = k - steps; /* 0: out == x, 1: out == da */                       \
                if (inplace == 1 && !backward)                                                 \
                    continue;                                                                  \
                /* the API adds dispatch only: two misalignments per length */                 \
                if (use_api && inplace < 0 && k != (int)(n % (size_t)steps) &&                 \
                    k != (int)((n * 5 + 3) % (size_t)steps))                                   \
                    continue;                                                                  \
                int ox = (k % steps) * STEP, od = (k * 7 % steps) * STEP,                      \
                    oo = (k * 11 % steps) * STEP;                                              \
                C *x = (C *)(void *)(bx + PAD + ox);                                           \
                C *da = (C *)(void *)(bd + PAD + od);                                          \
                C *out = (C *)(void *)(bo + PAD + oo);                                         \
                memset(x - GUARD / sizeof(C), SENT, n * sizeof(C) + 2 * GUARD);               \
                memset(da - GUARD / sizeof(C), SENT, n * sizeof(C) + 2 * GUARD);              \
                memset(out - GUARD / sizeof(C), SENT, n * sizeof(C) + 2 * GUARD);             \
                memcpy(x, xs, n * sizeof(C));                                                  \
                memcpy(da, das, n * sizeof(C));                                                \
                if (inplace == 0)                                                              \
                    out = x;                                                                   \
                else if (inplace == 1)                                                         \
                    out = da;                                                                  \
                const C *dap = backward ? da : NULL;                                           \
                if (use_api) {                                                                 \
                    gp_status s = gp_apply_##T(act, (gp_op)op, n, x, dap, out);                \
                    if (s != GP_OK)                                                            \
                        FAIL("%s api %s %s n=%zu: status %d", #T, gp_kind_name(act->kind),     \
                             gp_op_name((gp_op)op), n, (int)s);                                \
                } else {                                                                       \
                    p.stream = (int)((n + (size_t)k) & 1); /* both store paths */             \
                    tab->act[act->kind]->T[op](&p, n, x, dap, out);                                 \
                }                                                                              \
                if (memcmp(out, want, n * sizeof(C)) != 0) {                                   \
                    size_t i = 0;                                                              \
                    while (memcmp(out + i, want + i, sizeof(C)) == 0)                          \
                        i++;                                                                   \
                    FAIL("%s %s%s %s(alpha=%g,gaz=%g) %s n=%zu off x=%d da=%d out=%d inplace=%d: " \
                         "[%zu] x=%a got %a want %a",                                          \
                         #T, use_api ? "api:" : "", tab->name, gp_kind_name(act->kind),        \
                         act->alpha, act->grad_at_zero, gp_op_name((gp_op)op), n, ox, od, oo,  \
                         inplace, i, (double)xs[i], (double)out[i], (double)want[i]);          \
                }                                                                              \
                /* nothing written in the GUARD bytes around any buffer */                    \
                const unsigned char *ends[3] = {(const unsigned char *)x,                      \
                                                (const unsigned char *)da,                     \
                                                (const unsigned char *)out};                   \
                for (int b = 0; b < 3; b++)                                                    \
                    for (size_t j = 0; j < GUARD; j++)                                         \
                        if (ends[b][-1 - (ptrdiff_t)j] != SENT ||                              \
                            ends[b][n * sizeof(C) + j] != SENT) {                              \
                            FAIL("%s %s %s %s n=%zu: guard byte %zu of buffer %d written",     \
                                 #T, tab->name, gp_kind_name(act->kind),                       \
                                 gp_op_name((gp_op)op), n, j, b);                              \
                            break;                                                             \
                        }                                                                      \
                if (inplace != 0 && memcmp(x, xs, n * sizeof(C)) != 0)                         \
                    FAIL("%s %s n=%zu: input x modified", #T, tab->name, n);                   \
                if (inplace != 1 && backward && memcmp(da, das, n * sizeof(C)) != 0)           \
                    FAIL("%s %s n=%zu: input da modified", #T, tab->name, n);                  \
            }                                                                                  \
        }                                                                                      \
    }                                                                                          \
    static void run_##T(void)                                                                  \
    {                                                                                          \
        static C xs[NMAX], das[NMAX], want[NMAX];                                              \
        uint64_t seed = UINT64_C(0x9e3779b97f4a7c15) ^ sizeof(C);                              \
        for (int i = 0; i < NMAX; i++) {                                                       \
            xs[i] = VALUE(&seed);                                                              \
            das[i] = VALUE(&seed);                                                             \
        }                                                                                      \
        gp_act acts[RB_MAX_ACTS];                                                              \
        int na = rb_acts(acts);                                                                \
        const gp_kernel_table *ref = gp_isa_table(GP_ISA_GENERIC);                             \
        for (int a = 0; a < na; a++)                                                           \
            for (int op = 0; op < GP_OP_COUNT; op++) {                                         \
                int from_output = op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT; \
                if (!gp_has_op(acts[a].kind, (gp_op)op) || gp_act_check(&acts[a], from_output) != GP_OK) \
                    continue;                                                                  \
                gp_params p;                                                                   \
                gp_params_from_act(&acts[a], &p);                                              \
                /* the reference: one aligned call of the generic kernel */                    \
                ref->act[acts[a].kind]->T[op](&p, NMAX, xs, das, want);                             \
                for (int isa = 0; isa < GP_ISA_COUNT; isa++) {                                 \
                    const gp_kernel_table *tab = rb_table(isa);                            \
                    if (!tab)                                                                  \
                        continue;                                                              \
                    check_##T(ref, tab, 0, &acts[a], op, xs, das, want);                       \
                    if (gp_set_isa(tab->name) != GP_OK) {                                      \
                        FAIL("gp_set_isa(%s) failed", tab->name);                              \
                        continue;                                                              \
                    }                                                                          \
                    check_##T(ref, tab, 1, &acts[a], op, xs, das, want);                       \
                }                                                                              \
            }                                                                                  \
    }

RB_ALIGN_TEST(f32, float, 4, rb_value32, 0xA5)
RB_ALIGN_TEST(f64, double, 8, rb_value64, 0x5A)

int main(void)
{
    const char *e = getenv("GP_ALIGN_NMAX");
    if (e && atoi(e) > 0 && (size_t)atoi(e) < NMAX)
        align_nmax = (size_t)atoi(e);
    int isas = 0;
    for (int isa = 0; isa < GP_ISA_COUNT; isa++)
        if (rb_table(isa)) {
            printf("ISA path: %s\n", rb_table(isa)->name);
            isas++;
        }
    run_f32();
    run_f64();
    gp_set_isa(NULL);
    if (failures) {
        fprintf(stderr, "test_align: %ld failures\n", failures);
        return 1;
    }
    printf("test_align: %d ISA paths, lengths 0..%zu, all misalignments: bit-identical to generic\n", isas,
           align_nmax);
    return 0;
}
