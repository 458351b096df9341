/* A one-hidden-layer network for binary classification, the course's layout:
 *
 *   X (n_x, m) -> Z1 = W1 X + b1 (n_h, m) -> A1 = g(Z1) -> Z2 = W2 A1 + b2 (1, m)
 *     -> A2 = sigmoid(Z2) (1, m) -> J = -(1/m) sum(Y log A2 + (1-Y) log(1-A2))
 *
 * g is any gp_act.  Training is full-batch gradient descent.  Backward:
 *   dZ2 = A2 - Y                           (sigmoid + cross-entropy, simplified)
 *   dW2 = (1/m) dZ2 A1^T, db2 = (1/m) sum dZ2, dA1 = W2^T dZ2
 *   dZ1 = dA1 * g'(Z1)                     from the cached A1 (gp_backward_from_output_*)
 *                                          where g has that form for these parameters
 *                                          (gp_has_op, gp_act_check(act, 1)), else
 *                                          from the cached Z1 (gp_backward_*)
 *   dW1 = (1/m) dZ1 X^T, db1 = (1/m) sum dZ1
 *
 * One network for both types.  A float32 network (f32 = 1) does float32
 * arithmetic in double: every value it keeps is a float32 value, every sum,
 * product and quotient is rounded to float32 at once, and g is the library's
 * _f32 functions.  That is float arithmetic bit for bit: the double result of
 * two float operands rounded once more to float is the float result (53 >=
 * 2*24 + 2 bits; the build has -ffp-contract=off).  X and Y are doubles; a
 * float32 network rounds them to float32 where it reads them.
 *
 * Initial weights: the notebook's initialize_parameters, numpy's legacy
 * generator seeded with the seed (mt19937.h; the notebook's seed is 2):
 * W1 = randn(n_h, n_x) * 0.01 row by row, then W2 = randn(1, n_h) * 0.01,
 * biases 0.  Everything is a plain loop in a fixed order, and the library's
 * results do not depend on threads, so the same seed gives the same loss
 * curve on every run; relu/leaky_relu training is bit-identical across ISAs,
 * and sigmoid/tanh agree to the library's accuracy bounds (bit-identical when
 * the same ISA runs, e.g. GPRIME_ISA=generic).
 *
 * The cost is evaluated from Z2 in the overflow-free form
 * max(z,0) - z*y + log1p(e^-|z|), which equals the formula above where A2 is
 * not rounded to 0 or 1 and stays finite where it is. */
#ifndef GP_NN_NET_H
#define GP_NN_NET_H

#include <stddef.h>
#include <stdint.h>

#include "gprime.h"

typedef struct {
    size_t n_x, n_h, m_max, n_params;
    gp_act act;
    int f32;          /* 1: float32 arithmetic (see above), 0: float64 */
    int from_output;  /* 1: dZ1 from A1, 0: dZ1 from Z1 */
    /* parameters, one block of n_params values (gradient check walks it) */
    double *params;
    double *W1, *b1, *W2, *b2;      /* (n_h, n_x), (n_h), (1, n_h), (1) */
    /* gradients, same layout */
    double *grads;
    double *dW1, *db1, *dW2, *db2;
    /* cached activations for up to m_max examples */
    double *Z1, *A1, *Z2, *A2;      /* (n_h, m), (n_h, m), (1, m), (1, m) */
    double *dZ2, *dA1, *dZ1;        /* (1, m), (n_h, m), (n_h, m) */
    float *fx, *fd;                 /* float32: the library's inputs and outputs, (n_h, m) each */
} nn_net;

/* Result of a gradient check: relative difference
 * ||g_num - g_bp|| / (||g_num|| + ||g_bp||) over every parameter, with
 * g_num[i] = (J(p + eps e_i) - J(p - eps e_i)) / (2 eps). */
typedef struct {
    double rel_diff;
    double max_abs_diff;   /* largest |g_num[i] - g_bp[i]| */
    size_t worst_param;    /* its index in params */
    size_t n_params;
    size_t m_used;         /* examples used */
    size_t m_dropped;      /* examples left out because a hidden unit sat on a kink */
} nn_gradcheck_result;

/* The flat parameter index's name, e.g. "W1[2,0]", "b2[0]". */
void nn_param_name(size_t n_x, size_t n_h, size_t index, char *buf, size_t len);

/* Allocates for n_x inputs, n_h hidden units, batches of up to m_max examples,
 * float32 (f32 = 1) or float64 arithmetic, and initialises the weights from
 * seed as np.random.seed(seed) would (above); to start from other weights,
 * overwrite net->params (n_params values: W1, b1, W2, b2).  act must pass gp_act_check(act, 0).  Returns GP_OK, GP_ERR_PARAM
 * (sizes) / the gp_act_check status, or GP_ERR_NULL (out of memory). */
gp_status nn_create(nn_net *net, size_t n_x, size_t n_h, size_t m_max, const gp_act *act, int f32, uint32_t seed);

/* The largest n_x * n_h and n_h * m_max (and each size) a network takes. */
#define NN_MAX_ELEMENTS ((size_t)1 << 28)
/* Why nn_create would refuse these sizes (a message), or NULL if it takes them. */
const char *nn_size_problem(size_t n_x, size_t n_h, size_t m_max);
void nn_free(nn_net *net);
/* Forward pass on X (n_x, m); returns the cost in *cost when Y and cost are not NULL. */
gp_status nn_forward(nn_net *net, const double *X, const double *Y, size_t m, double *cost);
/* Backward pass after nn_forward on the same X, Y: fills the gradients. */
gp_status nn_backward(nn_net *net, const double *X, const double *Y, size_t m);
/* params -= lr * grads */
void nn_update(nn_net *net, double lr);
/* One iteration (forward, backward, update); *cost is the cost before the update. */
gp_status nn_step(nn_net *net, const double *X, const double *Y, size_t m, double lr, double *cost);
/* p = A2 (1, m) for X (n_x, m), any m (in blocks of m_max). */
gp_status nn_predict(nn_net *net, const double *X, size_t m, double *p);
/* Fraction of examples with (A2 > 0.5) == Y. */
gp_status nn_accuracy(nn_net *net, const double *X, const double *Y, size_t m, double *acc);
/* Gradient check at the current parameters (restored afterwards).  Where g has
 * kinks (its facts in src/act/desc.h), the examples where some Z1 is within
 * reach of the step of a kink (|Z1 - kink| <= 1.25 eps max(1, max|x|)) are left
 * out, so no unit crosses one. */
gp_status nn_gradcheck(nn_net *net, const double *X, const double *Y, size_t m, double eps,
                       nn_gradcheck_result *res);

#endif
