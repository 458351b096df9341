/* gprime-ulp: what is measured.  Every gprime kernel of every activation of
 * src/act/list.h for every operation its facts list, in each precision and
 * instruction set, with the activation's default parameters; bounds and
 * exactness from the facts (gp_act_desc.ulp); and the peers found at build
 * time.  The fast tier (lib "gprime-fast", bounds gp_act_desc.ulp_fast) is
 * checked on the kernels of its own (the table's fast column); an entry
 * NULL there runs the default kernel, which the default tier's targets
 * check against tighter bounds (unit.test_tier asserts the identical bits).  An operation the facts list without a kernel or a reference is an
 * error: the checker stops (exit 2) instead of skipping it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act/desc.h"
#include "ulp.h"

target targets[MAX_TARGETS];
int ntargets;
const char *peer_notes[8];
int npeer_notes;
const char *const isa_names[GP_ISA_COUNT] = {"generic", "avx2", "avx512"};

int kind_exact(int kind)
{
    const gp_act_desc *d = gp_desc((gp_kind)kind);
    for (int p = 0; p < 2; p++)
        for (int op = 0; op < GP_OP_COUNT; op++)
            if (gp_desc_has(d, (gp_op)op) && d->ulp[p][op] != 0)
                return 0;
    return 1;
}

double bound_of(int kind, int op, int prec) { return tier_bound_of(kind, op, prec, GP_ACCURACY_EXACT); }

double tier_bound_of(int kind, int op, int prec, gp_accuracy tier)
{
    return gp_desc_ulp(gp_desc((gp_kind)kind), tier, prec == 64, (gp_op)op);
}

const gp_act *ref_act(int kind, int prec)
{
    static gp_act acts[2][GP_KIND_COUNT];
    static int init;
    if (!init) { /* first called from main, before any thread */
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            acts[1][k] = gp_act_default((gp_kind)k);
            acts[0][k] = gp_ref_act_f32(&acts[1][k]);
        }
        init = 1;
    }
    return &acts[prec == 64][kind];
}

/* --act: is kind in the comma list (by its canonical name)?  The list is
 * read once, on the first call (from main, before any thread): the sweep
 * asks for every input. */
int act_selected(int kind)
{
    static unsigned char sel[GP_KIND_COUNT];
    static int init;
    if (!init) {
        for (int k = 0; k < GP_KIND_COUNT; k++) {
            const char *name = gp_kind_name((gp_kind)k), *s = opt.acts_only;
            size_t len = strlen(name);
            sel[k] = !s;
            while (s && *s && !sel[k]) {
                size_t n = strcspn(s, ",");
                sel[k] = n == len && strncmp(s, name, len) == 0;
                s += n + (s[n] == ',');
            }
        }
        init = 1;
    }
    return sel[kind];
}

static void cannot_check(const char *what, int kind, int op, int prec, const char *isa)
{
    fprintf(stderr, "gprime-ulp: %s f%d %s %s (%s): cannot be checked\n", what, prec, kind_s(kind), op_s(op), isa);
    exit(2);
}

void add_gprime_targets(void)
{
    for (int tier = 0; tier < GP_ACCURACY_COUNT; tier++)
    for (int prec = 32; prec <= 64; prec += 32) {
        if ((prec == 32 && !opt.do32) || (prec == 64 && !opt.do64) || !(opt.tiers >> tier & 1u))
            continue;
        for (int isa = 0; isa < GP_ISA_COUNT; isa++) {
            const gp_kernel_table *t = gp_isa_table(isa);
            if (!t || (opt.isa_only && strcmp(opt.isa_only, isa_names[isa]) != 0))
                continue;
            for (int kind = 0; kind < GP_KIND_COUNT; kind++)
                for (int op = 0; op < GP_OP_COUNT; op++) {
                    if (!gp_desc_has(gp_desc((gp_kind)kind), (gp_op)op) || !act_selected(kind))
                        continue;
                    if (tier == GP_ACCURACY_FAST &&
                        !(prec == 32 ? t->act[kind]->fast_f32[op] != NULL : t->act[kind]->fast_f64[op] != NULL))
                        continue; /* the default kernel: checked as such */
                    if (ntargets >= MAX_TARGETS)
                        cannot_check("too many targets at", kind, op, prec, t->name);
                    target *g = &targets[ntargets++];
                    memset(g, 0, sizeof *g);
                    g->lib = tier == GP_ACCURACY_FAST ? "gprime-fast" : "gprime";
                    g->tier = (gp_accuracy)tier;
                    g->path = t->name;
                    g->how = "";
                    g->kind = kind;
                    g->op = op;
                    g->prec = prec;
                    g->k32 = prec == 32 ? gp_kernel_of_f32(t->act[kind], (gp_op)op, g->tier) : NULL;
                    g->k64 = prec == 64 ? gp_kernel_of_f64(t->act[kind], (gp_op)op, g->tier) : NULL;
                    if (!g->k32 && !g->k64)
                        cannot_check("no kernel for", kind, op, prec, t->name);
                    if (!gp_ref_of((gp_kind)kind)->fn[gp_ref_fn_of((gp_op)op)])
                        cannot_check("no reference (tests/ref) for", kind, op, prec, t->name);
                    gp_act act = gp_act_default((gp_kind)kind);
                    gp_params_from_act(&act, &g->params);
                    g->bound = tier_bound_of(kind, op, prec, g->tier);
                    g->exact = kind_exact(kind) && tier == GP_ACCURACY_EXACT;
                }
        }
    }
    /* the reference path of each (tier, precision, activation, operation): the
     * last ISA added, i.e. the widest available (avx512 > avx2 > generic) */
    for (int a = 0; a < ntargets; a++) {
        targets[a].ref = a;
        for (int b = 0; b < ntargets; b++)
            if (targets[b].prec == targets[a].prec && targets[b].kind == targets[a].kind &&
                targets[b].op == targets[a].op && targets[b].tier == targets[a].tier)
                targets[a].ref = b;
    }
}

const char *ref_path_name(void)
{
    for (int a = 0; a < ntargets; a++)
        if (!strcmp(targets[a].lib, "gprime") && targets[a].ref == a)
            return targets[a].path;
    return "-";
}

void add_peer_targets(void)
{
    ulp_peer p[ULP_MAX_PEERS];
    size_t np = 0;
#ifdef GP_ULP_HAVE_LIBM
    np += ulp_peers_libm(p + np);
#endif
#ifdef GP_ULP_HAVE_LIBM_FAST
    np += ulp_peers_libm_fast(p + np);
#endif
#ifdef GP_ULP_HAVE_SLEEF
    np += ulp_peers_sleef(p + np);
#else
    peer_notes[npeer_notes++] = "SLEEF: not found at build time, skipped";
#endif
#ifdef GP_ULP_HAVE_ONEDNN
    np += ulp_peers_onednn(p + np);
#else
    peer_notes[npeer_notes++] = "oneDNN: not found at build time, skipped";
#endif
#ifdef GP_ULP_HAVE_XNNPACK
    np += ulp_peers_xnnpack(p + np);
#else
    peer_notes[npeer_notes++] = "XNNPACK: not found at build time, skipped";
#endif
    peer_notes[npeer_notes++] = "PyTorch: not measured (python3-torch is not installed here)";
    for (size_t i = 0; i < np; i++) {
        if ((p[i].prec == 32 && !opt.do32) || (p[i].prec == 64 && !opt.do64) || !act_selected(p[i].kind))
            continue; /* --act: a peer of an activation left out would be measured against no screen */
        if (ntargets >= MAX_TARGETS)
            cannot_check("too many targets at", p[i].kind, p[i].op, p[i].prec, p[i].lib);
        target *g = &targets[ntargets++];
        memset(g, 0, sizeof *g);
        g->lib = p[i].lib;
        g->path = "-";
        g->how = p[i].how;
        g->kind = p[i].kind;
        g->op = p[i].op;
        g->prec = p[i].prec;
        g->p32 = p[i].f32;
        g->p64 = p[i].f64;
        g->bound = -1;
        g->ref = -1;
    }
}

const target *find_target(const char *lib, const char *path, int prec, int kind, int op)
{
    for (int ti = 0; ti < ntargets; ti++) {
        const target *t = &targets[ti];
        if (t->prec == prec && t->kind == kind && t->op == op && strcmp(t->lib, lib) == 0 &&
            strcmp(t->path, path) == 0 && t->st.n)
            return t;
    }
    return NULL;
}

int violations(void)
{
    int v = 0;
    for (int ti = 0; ti < ntargets; ti++)
        if (targets[ti].bound >= 0 && targets[ti].st.over)
            v++;
    return v;
}
