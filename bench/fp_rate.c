/* gprime-fp-rate: how many 512-bit instructions of each kind this CPU issues
 * per cycle.  docs/BENCH.md's "time is the FP instruction count / 2" comes
 * from here.
 *
 * Each kind runs as 16 independent chains (zmm0..zmm15, one instruction each
 * per loop pass), so the loop measures throughput, not latency.  The values never
 * change (x + 0*1, x + 0, x * 1, min(x, 1), x / 1, ...): no subnormal, no
 * overflow.  The cycle is measured the same way, from a chain of dependent
 * integer adds (one cycle each on every x86-64 core), so the figures do not
 * depend on the clock.  Best of 9 runs.  x86-64 with AVX-512F/DQ only;
 * elsewhere it says so and exits 0. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

static double gp_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#if defined(__x86_64__) && defined(__GNUC__)

#define GP_ITERS 2000000L

/* the instruction on each of the 16 chains: a, the register, b */
#define GP_R(a, r, b) a "%%zmm" r b "\n"
#define GP_16(a, b)                                                                             \
    GP_R(a, "0", b) GP_R(a, "1", b) GP_R(a, "2", b) GP_R(a, "3", b) GP_R(a, "4", b) GP_R(a, "5", b) \
    GP_R(a, "6", b) GP_R(a, "7", b) GP_R(a, "8", b) GP_R(a, "9", b) GP_R(a, "10", b)              \
    GP_R(a, "11", b) GP_R(a, "12", b) GP_R(a, "13", b) GP_R(a, "14", b) GP_R(a, "15", b)
/* two-source forms: the register as first source and destination */
#define GP_RR(a, r) a "%%zmm" r ", %%zmm" r "\n"
#define GP_16R(a)                                                                               \
    GP_RR(a, "0") GP_RR(a, "1") GP_RR(a, "2") GP_RR(a, "3") GP_RR(a, "4") GP_RR(a, "5")         \
    GP_RR(a, "6") GP_RR(a, "7") GP_RR(a, "8") GP_RR(a, "9") GP_RR(a, "10") GP_RR(a, "11")       \
    GP_RR(a, "12") GP_RR(a, "13") GP_RR(a, "14") GP_RR(a, "15")
#define GP_CLOBBER                                                                              \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",    \
        "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm30", "xmm31", "k1"

static const float gp_one = 1.0f;

/* zmm30 = 1 in every float lane, zmm31 = 0, the chains start at 1 */
#define GP_MOV(r) "vmovaps %%zmm30, %%zmm" r "\n"
#define GP_INIT                                                                                 \
    __asm__ volatile("vbroadcastss %[one], %%zmm30\n vpxord %%zmm31, %%zmm31, %%zmm31\n" GP_MOV("0") \
                         GP_MOV("1") GP_MOV("2") GP_MOV("3") GP_MOV("4") GP_MOV("5") GP_MOV("6")   \
                             GP_MOV("7") GP_MOV("8") GP_MOV("9") GP_MOV("10") GP_MOV("11")         \
                                 GP_MOV("12") GP_MOV("13") GP_MOV("14") GP_MOV("15")               \
                     :                                                                         \
                     : [one] "m"(gp_one)                                                       \
                     : GP_CLOBBER)
#define GP_KIND(fn, body)                                                                       \
    __attribute__((target("avx512f,avx512dq"), noinline)) static void fn(long n)              \
    {                                                                                          \
        GP_INIT;                                                                               \
        for (long i = 0; i < n; i++)                                                           \
            __asm__ volatile(body::: GP_CLOBBER);                                              \
    }

GP_KIND(k_fma, GP_16("vfmadd231ps %%zmm31, %%zmm30, ", ""))
GP_KIND(k_add, GP_16R("vaddps %%zmm31, "))
GP_KIND(k_mul, GP_16R("vmulps %%zmm30, "))
GP_KIND(k_min, GP_16R("vminps %%zmm30, "))
GP_KIND(k_perm, GP_16R("vpermps %%zmm30, "))
GP_KIND(k_round, GP_16("vrndscaleps $0, %%zmm30, ", ""))
GP_KIND(k_scalef, GP_16R("vscalefps %%zmm31, "))
GP_KIND(k_fixup, GP_16("vfixupimmps $0, %%zmm31, %%zmm30, ", ""))
GP_KIND(k_cmp, GP_16("vcmpps $14, %%zmm31, ", ", %%k1"))
GP_KIND(k_and, GP_16R("vpandd %%zmm30, "))
GP_KIND(k_divps, GP_16R("vdivps %%zmm30, "))
GP_KIND(k_divpd, GP_16R("vdivpd %%zmm30, "))
/* the cycle: 16 dependent integer adds per pass */
__attribute__((noinline)) static void k_cycle(long n)
{
    long r = 0;
    for (long i = 0; i < n; i++)
        __asm__ volatile("add $1, %0\n add $1, %0\n add $1, %0\n add $1, %0\n"
                         "add $1, %0\n add $1, %0\n add $1, %0\n add $1, %0\n"
                         "add $1, %0\n add $1, %0\n add $1, %0\n add $1, %0\n"
                         "add $1, %0\n add $1, %0\n add $1, %0\n add $1, %0\n"
                         : "+r"(r));
}

/* seconds per instruction, best of 9 */
static double gp_best(void (*f)(long))
{
    double best = 1e30;
    f(GP_ITERS / 8);
    for (int r = 0; r < 9; r++) {
        double t0 = gp_now();
        f(GP_ITERS);
        double t = (gp_now() - t0) / ((double)GP_ITERS * 16.0);
        if (t < best)
            best = t;
    }
    return best;
}

int main(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512dq")) {
        printf("gprime-fp-rate: this CPU has no AVX-512F/DQ; nothing to measure\n");
        return 0;
    }
    double cycle = gp_best(k_cycle);
    printf("# 512-bit instructions per cycle, 16 independent chains (a cycle is one dependent\n"
           "# integer add: %.3f ns here, %.2f GHz)\n",
           cycle * 1e9, 1e-9 / cycle);
    static const struct {
        const char *name;
        void (*f)(long);
    } kinds[] = {
        {"vfmadd231ps", k_fma}, {"vaddps", k_add},       {"vmulps", k_mul},          {"vminps", k_min},
        {"vpermps", k_perm},    {"vrndscaleps", k_round}, {"vscalefps", k_scalef},   {"vfixupimmps", k_fixup},
        {"vcmpps -> k", k_cmp}, {"vpandd", k_and},       {"vdivps", k_divps},        {"vdivpd", k_divpd},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        double t = gp_best(kinds[i].f);
        printf("%-12s %5.2f per cycle  (%5.2f cycles each)\n", kinds[i].name, cycle / t, t / cycle);
    }
    return 0;
}

#else
int main(void)
{
    (void)gp_now;
    printf("gprime-fp-rate: x86-64 (GCC or Clang) only; nothing to measure\n");
    return 0;
}
#endif
