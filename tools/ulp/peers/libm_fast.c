/* The same libm loops compiled with -ffast-math (CMake sets the flag on this
 * file only), the way many hand-written training loops are built. */
#define PFX libmfast_
#define LIBNAME "libm -ffast-math"
#define ENTRY ulp_peers_libm_fast
#include "libm_impl.h"
