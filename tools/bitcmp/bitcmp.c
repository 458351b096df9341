/* bitcmp: a digest of every result of the activations named on the command
 * line, for comparing two builds of gprime bit for bit (scripts/bitcmp.sh
 * builds this file against each).  Uses the public API only, so it builds
 * against any version that has gp_act_parse and gp_apply_f32/f64.
 *
 * For each activation spec and each operation it has, on the active ISA:
 *   f32: every one of the 2^32 bit patterns as x (da = a fixed function of x
 *        for the backward operations), in blocks of 2^20;
 *   f64: N pseudo-random doubles over the whole range plus [-40, 40] (xorshift,
 *        fixed seed), da likewise.
 * It prints one line per (activation, operation, type): a 64-bit FNV-1a hash
 * of the result bits and the count of results.  Equal lines mean equal bits.
 *   bitcmp [--f64-n N] SPEC...      e.g. bitcmp sigmoid tanh relu leaky_relu */
#include <gprime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dULL;
}

int main(int argc, char **argv)
{
    unsigned long long nf64 = 10000000;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--f64-n") == 0)
        nf64 = strtoull(argv[2], NULL, 10), first = 3;
    if (first >= argc) {
        fprintf(stderr, "usage: bitcmp [--f64-n N] SPEC...\n");
        return 2;
    }
    float *x = malloc(BLOCK * sizeof *x), *d = malloc(BLOCK * sizeof *d), *o = malloc(BLOCK * sizeof *o);
    double *xd = malloc(BLOCK * sizeof *xd), *dd = malloc(BLOCK * sizeof *dd), *od = malloc(BLOCK * sizeof *od);
    if (!x || !d || !o || !xd || !dd || !od)
        return 1;
    for (int a = first; a < argc; a++) {
        gp_act act;
        if (gp_act_parse(argv[a], &act) != GP_OK) {
            fprintf(stderr, "bitcmp: '%s' is not an activation spec here\n", argv[a]);
            return 2;
        }
        for (int op = 0; op < GP_OP_COUNT; op++) {
            uint64_t h = 0xcbf29ce484222325ULL, count = 0;
            int bad = 0;
            for (uint64_t base = 0; base < (1ULL << 32) && !bad; base += BLOCK) {
                for (uint32_t i = 0; i < BLOCK; i++) {
                    uint32_t u = (uint32_t)(base + i), v = u * 2654435761u;
                    memcpy(&x[i], &u, 4);
                    memcpy(&d[i], &v, 4);
                }
                gp_status s = gp_apply_f32(&act, (gp_op)op, BLOCK, x, d, o);
                if (s != GP_OK) {
                    bad = s;
                    break;
                }
                h = fnv(h, o, BLOCK * sizeof *o), count += BLOCK;
            }
            if (bad) {
                printf("%-24s %-22s f32 status %d\n", argv[a], gp_op_name((gp_op)op), bad);
                continue;
            }
            printf("%-24s %-22s f32 %016llx %llu\n", argv[a], gp_op_name((gp_op)op), (unsigned long long)h,
                   (unsigned long long)count);
            uint64_t seed = 0x9e3779b97f4a7c15ULL;
            h = 0xcbf29ce484222325ULL, count = 0;
            for (unsigned long long done = 0; done < nf64;) {
                size_t m = nf64 - done < BLOCK ? (size_t)(nf64 - done) : BLOCK;
                for (size_t i = 0; i < m; i++) {
                    uint64_t u = next(&seed), v = next(&seed);
                    if (u & 1) /* half uniform in [-40, 40] */
                        xd[i] = ((double)(u >> 11) / 9007199254740992.0 - 0.5) * 80.0;
                    else
                        memcpy(&xd[i], &u, 8);
                    memcpy(&dd[i], &v, 8);
                }
                if (gp_apply_f64(&act, (gp_op)op, m, xd, dd, od) != GP_OK)
                    return 1;
                h = fnv(h, od, m * sizeof *od), count += m, done += m;
            }
            printf("%-24s %-22s f64 %016llx %llu\n", argv[a], gp_op_name((gp_op)op), (unsigned long long)h,
                   (unsigned long long)count);
        }
    }
    return 0;
}
