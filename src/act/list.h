/* The table of activations: one row each.  A row is the activation's file,
 * src/act/<name>.h, and its X(enum value, name) entry; the enum value itself
 * goes into gprime.h's gp_kind, before GP_KIND_COUNT.  The file states
 * everything about the activation, in parts that the including file picks
 * with one macro:
 *   GP_ACT_FACTS      its gp_act_desc (src/act/desc.h): names, parameters,
 *                     kinks, operations, bounds, limits    (src/act/table.c)
 *   GP_ACT_KERNELS    its vector functions and kernels, once per ISA
 *                                                          (src/kernels.c)
 *   GP_ACT_REFERENCE  its reference values with MPFR       (tests/ref/ref.c)
 * The kernels, dispatch, parser, CLI, network, tests, ULP checker, benchmark
 * and fuzzers pick a new row up from here with no further edit. */
#ifndef GP_ACT_LIST_H
#define GP_ACT_LIST_H

#include "act/sigmoid.h"
#include "act/tanh.h"
#include "act/relu.h"
#include "act/leaky_relu.h"
#include "act/hardsigmoid.h"
#include "act/hardswish.h"
#include "act/softsign.h"
#include "act/elu.h"
#include "act/selu.h"
#include "act/celu.h"
#include "act/gelu.h"
#include "act/silu.h"
#include "act/gelu_tanh.h"
#include "act/softplus.h"
#include "act/mish.h"

#define GP_ACTIVATIONS(X)          \
    X(GP_SIGMOID, sigmoid)         \
    X(GP_TANH, tanh)               \
    X(GP_RELU, relu)               \
    X(GP_LEAKY_RELU, leaky_relu)   \
    X(GP_HARDSIGMOID, hardsigmoid) \
    X(GP_HARDSWISH, hardswish)     \
    X(GP_SOFTSIGN, softsign)       \
    X(GP_ELU, elu)                 \
    X(GP_SELU, selu)               \
    X(GP_CELU, celu)               \
    X(GP_GELU, gelu)               \
    X(GP_SILU, silu)               \
    X(GP_GELU_TANH, gelu_tanh)     \
    X(GP_SOFTPLUS, softplus)       \
    X(GP_MISH, mish)

#endif
