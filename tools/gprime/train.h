/* Training driver shared by `gprime train` and `gprime demo`. */
#ifndef GP_CLI_TRAIN_H
#define GP_CLI_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "gprime.h"
#include "net.h"

typedef struct {
    gp_act act;
    size_t hidden;
    double lr;
    size_t iters;
    uint64_t seed;       /* data (flower: np.random.seed(seed)) and the train/test split */
    uint32_t init_seed;  /* initial weights: np.random.seed(init_seed), the notebook's 2 */
    const double *init;  /* or these starting parameters (net.h's layout), when not NULL */
    int f32;             /* float32 network instead of float64 */
    int progress;        /* progress bar on stderr (only drawn when stderr is a terminal) */
    size_t print_every;  /* "Cost after iteration i: J" on stdout every this many; 0 = never */
    int gradcheck;       /* gradient check before training */
    int show_gradcheck;  /* print the gradient check's line (always printed when it fails) */
    double *curve;       /* iters + 1 costs (before each update, then the final one), or NULL */
} train_cfg;

typedef struct {
    double final_cost, train_acc, test_acc, seconds;
    nn_gradcheck_result gc;
    double gc_eps, gc_limit;
    int gc_ok;
} train_result;

/* Trains on train, evaluates on test (test->m may be 0).  Returns 0, or 1 on a
 * failure (message printed), or 3 when the gradient check failed.  When
 * trained is not NULL and the result is 0, the trained network is left there
 * (the caller nn_free()s it). */
int train_network(const train_cfg *cfg, const nn_data *train, const nn_data *test, train_result *res,
                  nn_net *trained);

#endif
