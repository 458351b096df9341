/* The benchmark's command line (see gp_usage). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

static void gp_usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [options]\n"
            "Times gprime against the peers found at build time (oneDNN, XNNPACK, SLEEF, libm loops).\n"
            "  --quick          few samples, n = 4096 and 262144 only (CI smoke run)\n"
            "  --isa NAME       gprime path to time: generic, avx2, avx512 (default: the active one)\n"
            "  --all-isas       add gprime rows for every available ISA\n"
            "  --threads LIST   thread counts, e.g. 1,2 (default 1,2)\n"
            "  --n LIST         sizes, e.g. 4096,262144,16M or 2^20 (default 4096,262144,16777216)\n"
            "  --act LIST       ",
            prog);
    for (int k = 0; k < GP_KIND_COUNT; k++)
        fprintf(f, "%s%s", k ? "," : "", gp_kind_name((gp_kind)k));
    fprintf(f, " (default all)\n"
               "  --op LIST        forward,grad,grad_from_output,backward,backward_from_output\n"
               "                   (default forward,grad,backward,backward_from_output; an activation\n"
               "                   is timed on the listed operations it has)\n"
               "  --type LIST      f32,f64 (default both)\n"
               "  --tier LIST      gprime's accuracy tiers: exact,fast (default both): rows gprime-<isa>\n"
               "                   (exact, the default tier) and gprime-fast-<isa> beside the peers\n"
               "  --samples N      samples per measurement (default 15; 7 at n >= 16M; 5/3 with --quick)\n"
               "  --thresholds     measure the 1-vs-2-thread split threshold (default on, off with --quick)\n"
               "  --no-thresholds  skip it\n"
               "  --framework      the framework-like workload: the default split's cost against 1 thread,\n"
               "                   idle and with a competing process (default on, off with --quick)\n"
               "  --no-framework   skip it\n"
               "  --storage        the accumulating backward and the bf16/f16 calls (oneDNN on the same\n"
               "                   storage where built), 1 thread (default on, off with --quick)\n"
               "  --no-storage     skip it\n"
               "  --json FILE      also write every measurement as JSON\n"
               "  --markdown FILE  also write gprime's rows (fastest peer, ratio) as a Markdown table\n"
               "  --help           this text\n"
               "stdout: the table; stderr: progress.  No timing is asserted.\n");
}

static int gp_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (s[0] == '2' && s[1] == '^') {
        long e = strtol(s + 2, &end, 10);
        if (errno || *end || e < 0 || e > 40)
            return -1;
        *out = (size_t)1 << e;
        return 0;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    if (*end == 'k' || *end == 'K')
        v <<= 10, end++;
    else if (*end == 'm' || *end == 'M')
        v <<= 20, end++;
    if (*end || v == 0 || v > ((unsigned long long)1 << 34))
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Splits a comma list and calls f on each item; -1 on a bad item. */
static int gp_each_item(const char *list, int (*f)(const char *item, void *ud), void *ud)
{
    char buf[512];
    /* every item non-empty: "", ",", "1,,2" and "1," are errors, not the defaults */
    if (strlen(list) >= sizeof buf || !*list || list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,"))
        return -1;
    strcpy(buf, list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        if (f(tok, ud))
            return -1;
    return 0;
}

static int gp_add_n(const char *s, void *ud)
{
    gp_opts *o = ud;
    size_t v;
    if (o->nn >= GP_MAX_LIST || gp_parse_size(s, &v))
        return -1;
    o->n[o->nn++] = v;
    return 0;
}

static int gp_add_thread(const char *s, void *ud)
{
    gp_opts *o = ud;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 256 || o->nthreads >= GP_MAX_LIST)
        return -1;
    o->threads[o->nthreads++] = (int)v;
    return 0;
}

static int gp_add_kind(const char *s, void *ud)
{
    gp_opts *o = ud;
    gp_act a;
    if (gp_act_parse(s, &a) != GP_OK || o->nkinds >= GP_KIND_COUNT)
        return -1;
    o->kinds[o->nkinds++] = (int)a.kind;
    return 0;
}

static int gp_add_op(const char *s, void *ud)
{
    gp_opts *o = ud;
    for (int op = 0; op < GP_OP_COUNT; op++)
        if (strcasecmp(s, gp_op_name((gp_op)op)) == 0 && o->nops < GP_OP_COUNT) {
            o->ops[o->nops++] = op;
            return 0;
        }
    return -1;
}

static int gp_add_type(const char *s, void *ud)
{
    gp_opts *o = ud;
    if (o->ntypes >= 2)
        return -1;
    if (strcasecmp(s, "f32") == 0)
        o->types[o->ntypes++] = 0;
    else if (strcasecmp(s, "f64") == 0)
        o->types[o->ntypes++] = 1;
    else
        return -1;
    return 0;
}

static int gp_add_tier(const char *s, void *ud)
{
    gp_opts *o = ud;
    if (o->ntiers >= GP_ACCURACY_COUNT)
        return -1;
    if (strcasecmp(s, "exact") == 0)
        o->tiers[o->ntiers++] = GP_ACCURACY_EXACT;
    else if (strcasecmp(s, "fast") == 0)
        o->tiers[o->ntiers++] = GP_ACCURACY_FAST;
    else
        return -1;
    return 0;
}

int gp_parse_opts(int argc, char **argv, const char *prog, gp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->thresholds = -1;
    o->framework = -1;
    o->storage = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int (*adder)(const char *, void *) = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            gp_usage(stdout, prog);
            return 1;
        } else if (strcmp(a, "--quick") == 0) {
            o->quick = 1;
        } else if (strcmp(a, "--all-isas") == 0) {
            o->all_isas = 1;
        } else if (strcmp(a, "--thresholds") == 0) {
            o->thresholds = 1;
        } else if (strcmp(a, "--no-thresholds") == 0) {
            o->thresholds = 0;
        } else if (strcmp(a, "--framework") == 0) {
            o->framework = 1;
        } else if (strcmp(a, "--no-framework") == 0) {
            o->framework = 0;
        } else if (strcmp(a, "--storage") == 0) {
            o->storage = 1;
        } else if (strcmp(a, "--no-storage") == 0) {
            o->storage = 0;
        } else if (strcmp(a, "--isa") == 0 && v) {
            o->isa = v, i++;
        } else if (strcmp(a, "--json") == 0 && v) {
            o->json = v, i++;
        } else if (strcmp(a, "--markdown") == 0 && v) {
            o->markdown = v, i++;
        } else if (strcmp(a, "--samples") == 0 && v) {
            char *end;
            long s = strtol(v, &end, 10);
            if (*end || s < 1 || s > 1000) {
                fprintf(stderr, "%s: bad --samples '%s'\n", prog, v);
                return 2;
            }
            o->samples = (int)s, i++;
        } else if (strcmp(a, "--n") == 0 && v) {
            adder = gp_add_n;
        } else if (strcmp(a, "--threads") == 0 && v) {
            adder = gp_add_thread;
        } else if (strcmp(a, "--act") == 0 && v) {
            adder = gp_add_kind;
        } else if (strcmp(a, "--op") == 0 && v) {
            adder = gp_add_op;
        } else if (strcmp(a, "--type") == 0 && v) {
            adder = gp_add_type;
        } else if (strcmp(a, "--tier") == 0 && v) {
            adder = gp_add_tier;
        } else {
            fprintf(stderr, "%s: unknown option or missing value: '%s' (see --help)\n", prog, a);
            return 2;
        }
        if (adder) {
            if (gp_each_item(v, adder, o)) {
                fprintf(stderr, "%s: bad list for %s: '%s'\n", prog, a, v);
                return 2;
            }
            i++;
        }
    }
    if (!o->nn) {
        size_t def[3] = {4096, 262144, (size_t)1 << 24};
        o->nn = o->quick ? 2 : 3;
        memcpy(o->n, def, sizeof def);
    }
    if (!o->nthreads)
        o->threads[0] = 1, o->threads[1] = 2, o->nthreads = 2;
    if (!o->nkinds)
        for (int k = 0; k < GP_KIND_COUNT; k++)
            o->kinds[o->nkinds++] = k;
    if (!o->nops) {
        int def[4] = {GP_OP_FORWARD, GP_OP_GRAD, GP_OP_BACKWARD, GP_OP_BACKWARD_FROM_OUTPUT};
        memcpy(o->ops, def, sizeof def);
        o->nops = 4;
    }
    if (!o->ntypes)
        o->types[0] = 0, o->types[1] = 1, o->ntypes = 2;
    if (!o->ntiers)
        o->tiers[0] = GP_ACCURACY_EXACT, o->tiers[1] = GP_ACCURACY_FAST, o->ntiers = 2;
    if (o->thresholds < 0)
        o->thresholds = !o->quick;
    if (o->framework < 0)
        o->framework = !o->quick;
    if (o->storage < 0)
        o->storage = !o->quick;
    return 0;
}
