/* The activations, one row each: the enum value (gprime.h) and the name, which
 * is also the prefix of the functions in src/act/<name>.h.  Adding an
 * activation: write src/act/<name>.h (forward, grad, grad_from_output,
 * backward, over vd and vf, and GP_ARITH_<name>: 1 if its forward, grad and
 * backward are bound by arithmetic, 0 if by memory), add its row here and
 * its enum value in gprime.h; the kernels, dispatch, parser, tests and
 * benchmarks pick it up from here. */
#ifndef GP_ACT_LIST_H
#define GP_ACT_LIST_H
#define GP_ACTIVATIONS(X) \
    X(GP_SIGMOID, sigmoid) \
    X(GP_TANH, tanh) \
    X(GP_RELU, relu) \
    X(GP_LEAKY_RELU, leaky_relu)
#endif
