/* libm loops, IEEE arithmetic, no FMA contraction. */
#define PFX libm_
#define LIBNAME "libm (glibc)"
#define ENTRY ulp_peers_libm
#include "libm_impl.h"
