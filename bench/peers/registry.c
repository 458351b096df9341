/* Every peer the benchmark knows, in table order.  CMake defines
 * GP_BENCH_HAVE_<PEER> for each one it found; the others stay listed with
 * built = 0 so that the run says which package would add them. */
#include <stddef.h>

#include "../peer.h"

#define GP_ABSENT(name, what, pkg) {name, what, pkg, 0, NULL, NULL}

#ifdef GP_BENCH_HAVE_ONEDNN
extern const gp_bench_peer gp_peer_onednn;
#else
static const gp_bench_peer gp_peer_onednn =
    GP_ABSENT("onednn", "oneDNN eltwise primitives: oneDNN 2.x (dnnl.h, libdnnl) not found at build time", "libdnnl-dev");
#endif
#ifdef GP_BENCH_HAVE_XNNPACK
extern const gp_bench_peer gp_peer_xnnpack;
#else
static const gp_bench_peer gp_peer_xnnpack =
    GP_ABSENT("xnnpack", "XNNPACK operators: xnnpack.h/pthreadpool.h/libXNNPACK not found at build time",
              "libxnnpack-dev libpthreadpool-dev");
#endif
#ifdef GP_BENCH_HAVE_SLEEF
extern const gp_bench_peer gp_peer_sleef;
#else
static const gp_bench_peer gp_peer_sleef =
    GP_ABSENT("sleef", "SLEEF loops: sleef.h/libsleef not found at build time (or no x86-64)", "libsleef-dev");
#endif
#ifdef GP_BENCH_HAVE_LIBM
extern const gp_bench_peer gp_peer_libm;
#else
static const gp_bench_peer gp_peer_libm = GP_ABSENT("libm", "libm loop: not built", NULL);
#endif
#ifdef GP_BENCH_HAVE_LIBM_FAST
extern const gp_bench_peer gp_peer_libm_fast;
#else
static const gp_bench_peer gp_peer_libm_fast =
    GP_ABSENT("libm-fast", "libm loop with -ffast-math: the compiler lacks -ffast-math or -march=native", NULL);
#endif

const gp_bench_peer *const gp_bench_peers[] = {&gp_peer_onednn, &gp_peer_xnnpack, &gp_peer_sleef, &gp_peer_libm,
                                               &gp_peer_libm_fast};
const int gp_bench_peer_count = (int)(sizeof gp_bench_peers / sizeof gp_bench_peers[0]);
