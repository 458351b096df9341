/* GPRIME_TEST_ISAS: a comma list ("generic", "generic,avx2", ...) that limits
 * the ISA paths the tests and fuzz replays run, e.g. "generic" under valgrind,
 * which lacks AVX-512 and computes vfnmadd as -(a*b+c).  Unset or empty: all.
 * Shared by tests/unit, tests/robust and fuzz/. */
#ifndef GP_TEST_ISAS_H
#define GP_TEST_ISAS_H

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

#endif
