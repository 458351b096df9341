/* Peer implementations measured by gprime-ulp next to gprime.  Each peer
 * file fills ulp_peer entries; a peer whose library CMake did not find is
 * not compiled (the checker prints a note instead). */
#ifndef GP_ULP_PEERS_H
#define GP_ULP_PEERS_H

#include <stddef.h>

typedef void (*ulp_peer_f32)(size_t n, const float *x, const float *da, float *out);
typedef void (*ulp_peer_f64)(size_t n, const double *x, const double *da, double *out);

typedef struct {
    const char *lib;    /* "libm", "SLEEF 3.5", "oneDNN", ... */
    const char *how;    /* the expression, e.g. "1/(1+expf(-z))" */
    int kind;           /* gp_kind */
    int op;             /* gp_op */
    int prec;           /* 32 or 64 */
    ulp_peer_f32 f32;
    ulp_peer_f64 f64;
} ulp_peer;

#define ULP_MAX_PEERS 64

size_t ulp_peers_libm(ulp_peer *out);
size_t ulp_peers_libm_fast(ulp_peer *out);
size_t ulp_peers_sleef(ulp_peer *out);
size_t ulp_peers_onednn(ulp_peer *out);
size_t ulp_peers_xnnpack(ulp_peer *out);

#endif
