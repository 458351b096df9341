/* GPRIME_TEST_ISAS: a comma list ("generic", "generic,avx2", ...) that limits
 * the ISA paths the tests and fuzz replays run, e.g. "generic" under valgrind,
 * which lacks AVX-512 and computes vfnmadd as -(a*b+c).  Unset or empty: all.
 * Shared by tests/unit, tests/robust and fuzz/; also whether the FP
 * exception flags work (gp_test_fp_flags_work). */
#ifndef GP_TEST_ISAS_H
#define GP_TEST_ISAS_H

#include <fenv.h>
#include <stdlib.h>
#include <string.h>

static inline int gp_test_isa_listed(const char *name)
{
    const char *only = getenv("GPRIME_TEST_ISAS");
    if (!only || !*only)
        return 1;
    size_t len = strlen(name);
    for (const char *p = only; (p = strstr(p, name)) != NULL; p += len)
        if ((p == only || p[-1] == ',') && (p[len] == '\0' || p[len] == ','))
            return 1;
    return 0;
}

/* 1 when the machine's FP exception flags work.  valgrind (memcheck) does
 * not model them: every flag reads clear, no trap is delivered.  The tests
 * whose subject is the flags, or results that rest on them (the FP-flag
 * guard's careful rerun), skip there (exit 77, SKIP_RETURN_CODE). */
static inline int gp_test_fp_flags_work(void)
{
    volatile double t = 0x1p-1000, r;
    feclearexcept(FE_ALL_EXCEPT);
    r = t * t;
    (void)r;
    int ok = fetestexcept(FE_UNDERFLOW) != 0;
    feclearexcept(FE_ALL_EXCEPT);
    return ok;
}

#endif
