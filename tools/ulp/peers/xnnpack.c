/* XNNPACK (Debian libxnnpack-dev): the f32 sigmoid operator (this version
 * has no tanh operator), one operator per calling thread, no thread pool. */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <xnnpack.h>
#include "gprime.h"
#include "peers.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void)
{
    if (xnn_initialize(NULL) != xnn_status_success) {
        fprintf(stderr, "gprime-ulp: xnn_initialize failed\n");
        abort();
    }
}

static _Thread_local xnn_operator_t op;

static void sig32(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    if (n == 0)
        return;
    pthread_once(&once, init_once);
    if (!op && xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &op) != xnn_status_success)
        abort();
    if (xnn_setup_sigmoid_nc_f32(op, n, x, o, NULL) != xnn_status_success ||
        xnn_run_operator(op, NULL) != xnn_status_success)
        abort();
}

size_t ulp_peers_xnnpack(ulp_peer *out)
{
    out[0] = (ulp_peer){"XNNPACK", "xnn sigmoid_nc_f32", GP_SIGMOID, GP_OP_FORWARD, 32, sig32, 0};
    return 1;
}
