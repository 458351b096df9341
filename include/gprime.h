/*
 * gprime.h - neural-network activations g(z) and their derivatives g'(z).
 *
 * One header, C11, usable from C++.  Every array function works on
 * contiguous arrays of n elements, in float32 (_f32) and float64 (_f64):
 *
 *   forward                 a  = g(z)
 *   grad                    g  = g'(z)             from the input z
 *   grad_from_output        g  = g'(z)             from the cached output a = g(z)
 *   backward                dz = da * g'(z)        fused, from z
 *   backward_from_output    dz = da * g'(z)        fused, from a = g(z)
 *
 * plus the accumulating backward forms (dz += da * g', _acc), the same
 * operations over bf16 and f16 storage (_bf16, _f16, uint16_t arrays) and
 * the gated forms (gp_glu_*, GLU family).
 *
 * Activations (gp_kind) and their slopes:
 *   GP_SIGMOID     g = 1/(1+e^-z)          g' = g(1-g)   from a: a(1-a)
 *   GP_TANH        g = tanh z              g' = 1-g^2    from a: 1-a^2
 *   GP_RELU        g = max(0, z)           g' = 0 (z<0), 1 (z>0), grad_at_zero at z = +-0
 *   GP_LEAKY_RELU  g = z (z>0), alpha*z    g' = alpha (z<0), 1 (z>0), grad_at_zero at z = +-0
 *   GP_HARDSIGMOID g = min(max(z/6+1/2, 0), 1)  g' = 1/6 on (-3,3), else 0  from a: 1/6 (0<a<1), else 0
 *   GP_HARDSWISH   g = z min(max(z+3, 0), 6)/6  g' = 0 (z<-3), (2z+3)/6, 1 (z>3)  no from-a form; g(z<=-3) = -0
 *   GP_SOFTSIGN    g = z/(1+|z|)           g' = 1/(1+|z|)^2   from a: (1-|a|)^2
 *   GP_ELU         g = z (z>0), alpha(e^z-1)   g' = alpha e^z (z<0), 1 (z>0), grad_at_zero at z = +-0
 *   GP_SELU        g = L z (z>0), L A0(e^z-1)  g' = L A0 e^z (z<0), L (z>0), grad_at_zero at z = +-0 (L, A0 exact)
 *   GP_CELU        g = z (z>0), alpha(e^(z/alpha)-1), alpha > 0   g' = e^(z/alpha) (z<=0), 1 (z>0)
 *   GP_GELU        g = z Phi(z)            g' = Phi(z) + z phi(z)  (erf form; not monotonic: no from-a forms)
 *   GP_SILU        g = z sigmoid(z)        g' = sigmoid(z)(1 + z sigmoid(-z))   ("swish"; no from-a form)
 *   GP_GELU_TANH   g = (z/2)(1 + tanh u)   u = sqrt(2/pi)(z + 0.044715 z^3)   (no from-a form)
 *   GP_SOFTPLUS    g = log(1+e^(beta z))/beta  g' = sigmoid(beta z)  from a: 1-e^(-beta a)
 *   GP_MISH        g = z tanh(softplus z)  g' = tanh(sp) + z sech^2(sp) sigmoid(z)  (no from-output form)
 *
 * Semantics (each one is a named test in tests/):
 *
 * - Accuracy.  sigmoid and tanh forward: at most 1 ULP from the exact value
 *   (measured: correctly rounded in nearly all cases), subnormal results
 *   included.  grad from z: at most 2 ULP for every input, tails included:
 *   sigmoid'(z) is computed as e^-|z| / (1+e^-|z|)^2 and tanh'(z) as
 *   4e^-2|z| / (1+e^-2|z|)^2, never as a(1-a) of a rounded a, so sigmoid'(80)
 *   is 1.8e-35 and not 0.  backward = da*g'(z) is within g''s bound + 0.5 ULP.
 *   relu and leaky_relu are exact.  docs/ACCURACY.md has the measured figures.
 *   These are the default tier's bounds; the fast tier (gp_accuracy below,
 *   "sigmoid(accuracy=fast)") allows 4 ulp for forward and grad, 5 for
 *   backward and 2 for the from-output forms, tails, NaN and limits kept.
 *
 * - From the output.  grad_from_output evaluates the formula on the a given:
 *   sigmoid a(1-a) and tanh 1-a^2, each correctly rounded (one FMA).  In the
 *   saturated tails a rounds to 1 (sigmoid from z ~ 17 in f32, 37 in f64;
 *   tanh from z ~ 9 in f32, 19 in f64) and the formula then returns 0 although
 *   the true slope is not 0: that loss belongs to a, not to the formula.  Use
 *   grad/backward from z where tails matter.  Values of a outside the range of
 *   g are not rejected; the formula is applied as is.
 *   relu from a: 1 for a > 0, 0 for a <= 0 (a == 0 cannot tell z == 0 from
 *   z < 0, so it gives 0 whatever grad_at_zero is).  leaky_relu from a: 1 for
 *   a > 0, alpha for a < 0, grad_at_zero for a == +-0 (z was +-0, or alpha*z
 *   underflowed); it needs alpha >= 0 (the sign of a must reveal the sign of
 *   z), else GP_ERR_PARAM.  elu a + alpha, selu a + L A0, celu a/alpha + 1
 *   (a <= 0; 1, L, 1 for a > 0): at most 1 ULP from the formula's exact value
 *   on the a given (backward_from_output 1.5 ULP), inheriting a's rounding;
 *   elu needs alpha > 0 there (else GP_ERR_PARAM; PyTorch #47671).
 *
 * - Subgradient at zero.  gp_act_default sets grad_at_zero to the left slope
 *   (0 for relu, alpha for leaky_relu), as PyTorch, TensorFlow and oneDNN do;
 *   then grad and grad_from_output agree for every input.  "relu(grad_at_zero=1)"
 *   gives the slides' convention.  grad_at_zero must lie between the left and
 *   the right slope (inclusive; [0,1] for relu, [min(alpha,1), max(alpha,1)] for
 *   leaky_relu), else GP_ERR_PARAM.  sigmoid and tanh ignore alpha and
 *   grad_at_zero.
 *
 * - leaky_relu: alpha must be finite (GP_ERR_PARAM otherwise).  In f32 the
 *   slope is (float)alpha and g(z) = z * (float)alpha rounded once; the _f32
 *   functions return GP_ERR_PARAM when alpha or grad_at_zero overflow a float
 *   (|alpha| > FLT_MAX).  Every activation's parameters: the _f32 functions use
 *   them rounded to float, and refuse one that leaves its range when rounded
 *   (GP_ERR_PARAM; e.g. celu's alpha or softplus's beta below 2^-150 round to 0).
 *
 * - Signs of zero: relu(+-0) = +0, relu(z<0) = +0; leaky_relu(-0) = -0 for
 *   alpha > 0; sigmoid and tanh keep IEEE behaviour (tanh(-0) = -0).
 *
 * - NaN in gives NaN out, in every function, relu included (a quiet NaN; the
 *   payload of the input NaN is kept).  +-inf give the limits: sigmoid(-inf) = 0,
 *   sigmoid(inf) = 1, tanh(+-inf) = +-1, sigmoid'(+-inf) = tanh'(+-inf) = 0,
 *   relu(inf) = inf, relu(-inf) = 0, relu'(inf) = 1.
 *   backward is the IEEE product da * g': da = +-inf where g' = 0 gives NaN
 *   (g' as rounded to the type: in f32 that happens from |z| ~ 104 for sigmoid).
 *   Where both the input and da are NaN, the input's NaN is returned.
 *
 * - Buffers.  The output may be the same pointer as an input (in place); a
 *   partial overlap of the output with an input is GP_ERR_OVERLAP.  A NULL
 *   pointer with n > 0 is GP_ERR_NULL.  n == 0 is GP_OK and touches nothing.
 *   An unknown kind is GP_ERR_KIND; an operation the activation has not (a
 *   from-output form of a non-monotonic activation) is GP_ERR_OP, which
 *   gp_has_op tells before the call.  Any error leaves the output untouched.
 *
 * - Threads.  Every function is thread-safe.  The library has no mutable
 *   global state beyond two process-wide settings (instruction set and thread
 *   count), each an atomic variable, and a race-free one-time CPU detection.
 *   Large arrays are split across threads (see gp_set_num_threads; each
 *   calling thread may set its own count, gp_set_local_num_threads); results
 *   do not depend on the split.
 */
#ifndef GPRIME_H
#define GPRIME_H

#include <stddef.h>
#include <stdint.h>

#define GPRIME_VERSION_MAJOR 0
#define GPRIME_VERSION_MINOR 1
#define GPRIME_VERSION_PATCH 0
#define GPRIME_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(GPRIME_STATIC_DEFINE)
#define GP_API __attribute__((visibility("default")))
#else
#define GP_API
#endif

/* ---- status and version ------------------------------------------------ */

typedef enum {
    GP_OK = 0,
    GP_ERR_NULL,    /* a NULL pointer where n > 0, or a NULL act/out argument */
    GP_ERR_KIND,    /* act->kind is not a gp_kind */
    GP_ERR_PARAM,   /* alpha or grad_at_zero out of range, buffer too small, bad setting */
    GP_ERR_OVERLAP, /* the output partly overlaps an input */
    GP_ERR_PARSE,   /* gp_act_parse: not a valid activation spec */
    GP_ERR_ISA,     /* the requested instruction set is not available on this CPU */
    GP_ERR_OP       /* this activation has no such operation (see gp_has_op) */
} gp_status;

/* A message for s; never NULL, also for values outside the enum. */
GP_API const char *gp_strerror(gp_status s);
/* "MAJOR.MINOR.PATCH", equal to GPRIME_VERSION_STRING of the header built with. */
GP_API const char *gp_version(void);

/* ---- activations --------------------------------------------------------- */

/* The activations; each one's facts, kernels and reference are one file in
 * src/act/, listed in src/act/list.h.  GP_KIND_COUNT counts them. */
typedef enum {
    GP_SIGMOID,
    GP_TANH,
    GP_RELU,
    GP_LEAKY_RELU,
    GP_HARDSIGMOID,
    GP_HARDSWISH,
    GP_SOFTSIGN,
    GP_ELU,
    GP_SELU,
    GP_CELU,
    GP_GELU,
    GP_SILU,
    GP_GELU_TANH,
    GP_SOFTPLUS,
    GP_MISH,
    GP_KIND_COUNT
} gp_kind;

/* Accuracy tier of an activation (gp_act.accuracy; in a spec the key
 * "accuracy", which every activation takes: "tanh(accuracy=fast)").
 *   GP_ACCURACY_EXACT  the default: the bounds stated below and in
 *                      docs/ACCURACY.md (about 1 ulp for g, 2 for g').
 *   GP_ACCURACY_FAST   faster kernels that may drop the last bits, never a
 *                      tail, a NaN or a limit: at most 4 ulp for forward and
 *                      grad, 5 for backward, 2 for the from-output forms, in
 *                      f32 and f64, identical bits on every ISA.  Results
 *                      down to the true underflow are kept (no flush to
 *                      zero), a subnormal result's error counted in units of
 *                      the smallest subnormal; NaN in gives NaN out (payload
 *                      kept), +-inf give the limits, as in the default tier.
 *                      An activation or operation without kernels of its own
 *                      for the fast tier runs its default ones (tighter), so
 *                      the fast tier of the relu family is the default tier.
 *                      Floating-point exception flags: both tiers raise
 *                      FE_OVERFLOW, FE_UNDERFLOW, FE_INVALID or
 *                      FE_DIVBYZERO only where the exact result does
 *                      (tests/robust/test_fp_flags.c), under gcc and clang
 *                      alike: a program that traps them may use either.
 *                      The backward forms and the f64 from-output forms
 *                      run with the traps masked and raise the flags of
 *                      their result after (a tiny da or a tiny a, which
 *                      would raise FE_UNDERFLOW beside a normal result,
 *                      makes the call run a careful kernel: a few ns a
 *                      call, twice the work where the result underflows).
 * The bf16/f16, accumulating and gated forms run the tier's f32 (f64)
 * kernels.  Any other value is GP_ERR_PARAM in the array functions and
 * gp_act_check. */
typedef enum { GP_ACCURACY_EXACT = 0, GP_ACCURACY_FAST = 1 } gp_accuracy;
#define GP_ACCURACY_COUNT 2

/* An activation and its parameters.  Each activation uses the fields its
 * spec takes (see gp_act_parse and `gprime --help`) and ignores the others. */
typedef struct {
    gp_kind kind;
    double alpha;        /* leaky_relu slope for z < 0; default 0.01 (0 for relu, unused by sigmoid/tanh) */
    double grad_at_zero; /* slope used at z == +0.0 and -0.0 by the activations with a kink there */
    double beta;         /* the sharpness of the activations that take beta */
    gp_accuracy accuracy; /* the accuracy tier, GP_ACCURACY_EXACT by default (every activation) */
} gp_act;

/* Defaults: alpha = 0.01 for leaky_relu (0 otherwise), grad_at_zero = the left slope,
 * accuracy = GP_ACCURACY_EXACT.
 * An out-of-range kind gives a gp_act with that kind, which the array functions
 * reject with GP_ERR_KIND. */
GP_API gp_act gp_act_default(gp_kind kind);

/* "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu(alpha=0.2)",
 * "relu(grad_at_zero=1)", "leaky_relu(alpha=0.1, grad_at_zero=1)",
 * "tanh(accuracy=fast)", "leaky_relu(alpha=0.1, accuracy=exact)": every
 * activation takes the key accuracy, with the value fast or exact (the
 * default; gp_accuracy), anywhere among its keys; another value is GP_ERR_PARSE.
 * Case-insensitive, spaces allowed around every token; "leaky-relu" and
 * "leakyrelu" are accepted for leaky_relu.  A leaky_relu whose grad_at_zero is
 * not given gets the left slope alpha.  Returns GP_ERR_NULL for NULL arguments,
 * GP_ERR_PARSE for a syntax error, an unknown name or key, or a key the kind
 * does not take; GP_ERR_PARAM for a value out of range (see above).  *out is
 * written only on GP_OK. */
GP_API gp_status gp_act_parse(const char *spec, gp_act *out);

/* Writes the canonical spec (e.g. "leaky_relu(alpha=0.2)"; parameters equal to
 * their defaults are omitted, others printed so that they round-trip exactly;
 * the fast tier last, as "accuracy=fast", the default tier not at all)
 * as a NUL-terminated string.  GP_ERR_PARAM if len is too small (buf untouched),
 * GP_ERR_KIND for an unknown kind, GP_ERR_NULL for NULL pointers, GP_ERR_PARAM
 * for an accuracy outside gp_accuracy.  32 bytes hold
 * every default spec, 128 bytes every spec. */
GP_API gp_status gp_act_format(const gp_act *act, char *buf, size_t len);

/* Checks that act is usable (valid kind, alpha and grad_at_zero in range, a
 * known accuracy tier).
 * from_output != 0 adds the from-output requirement alpha >= 0. */
GP_API gp_status gp_act_check(const gp_act *act, int from_output);

/* "sigmoid", "tanh", "relu", "leaky_relu"; "unknown" outside the enum. */
GP_API const char *gp_kind_name(gp_kind kind);

/* ---- array functions ------------------------------------------------------ */

GP_API gp_status gp_forward_f32(const gp_act *act, size_t n, const float *z, float *a);
GP_API gp_status gp_grad_f32(const gp_act *act, size_t n, const float *z, float *g);
GP_API gp_status gp_grad_from_output_f32(const gp_act *act, size_t n, const float *a, float *g);
GP_API gp_status gp_backward_f32(const gp_act *act, size_t n, const float *z, const float *da, float *dz);
GP_API gp_status gp_backward_from_output_f32(const gp_act *act, size_t n, const float *a, const float *da,
                                             float *dz);

GP_API gp_status gp_forward_f64(const gp_act *act, size_t n, const double *z, double *a);
GP_API gp_status gp_grad_f64(const gp_act *act, size_t n, const double *z, double *g);
GP_API gp_status gp_grad_from_output_f64(const gp_act *act, size_t n, const double *a, double *g);
GP_API gp_status gp_backward_f64(const gp_act *act, size_t n, const double *z, const double *da, double *dz);
GP_API gp_status gp_backward_from_output_f64(const gp_act *act, size_t n, const double *a, const double *da,
                                             double *dz);

/* The same ten functions behind one entry point, for code that loops over
 * operations (the CLI, tests, benchmarks).  da is read only by the two
 * backward operations and must be NULL-checked only there. */
typedef enum {
    GP_OP_FORWARD,
    GP_OP_GRAD,
    GP_OP_GRAD_FROM_OUTPUT,
    GP_OP_BACKWARD,
    GP_OP_BACKWARD_FROM_OUTPUT
} gp_op;
#define GP_OP_COUNT 5
/* "forward", "grad", "grad_from_output", "backward", "backward_from_output"; "unknown" otherwise. */
GP_API const char *gp_op_name(gp_op op);

/* Which operations an activation has: 1 if kind has op, 0 if not (or kind or
 * op is out of range).  Every activation has forward, grad and backward; the
 * two from-output forms exist only where g is monotonic, so that a = g(z)
 * determines g'(z) (all four activations of today have them).  Calling an
 * operation an activation has not returns GP_ERR_OP and leaves the output
 * untouched; backpropagate from z there (gp_backward_*). */
GP_API int gp_has_op(gp_kind kind, gp_op op);
GP_API gp_status gp_apply_f32(const gp_act *act, gp_op op, size_t n, const float *x, const float *da, float *out);
GP_API gp_status gp_apply_f64(const gp_act *act, gp_op op, size_t n, const double *x, const double *da,
                              double *out);

/* ---- accumulating backward ----------------------------------------------------
 *   gp_backward_acc              dz[i] += da[i] * g'(z[i])
 *   gp_backward_from_output_acc  dz[i] += da[i] * g'(z[i]),  g' from a[i] = g(z[i])
 * for a tensor that gets gradients from several consumers (autodiff), in one
 * pass: no temporary array, dz read and written once.
 * Accuracy: g' is the grad (or grad_from_output) result, within that
 * operation's bound, and dz + da*g' of it is rounded once (one FMA, on every
 * ISA; the generic path's fma() is exact in software where the hardware has
 * none).  So |result - (dz + da*g')| <= 0.5 ulp(result) + |da| * B * ulp(g'),
 * g' the exact slope and B the grad (grad_from_output) bound in ulps
 * (docs/ACCURACY.md; grad_from_output's formulas are correctly rounded,
 * B = 0.5).  Where g' is exact (relu, leaky_relu: B = 0) the result is dz +
 * da*g' correctly rounded.  gprime-ulp --storage measures the ratio of the error
 * to this bound.
 * NaN: where z (or a) is NaN, that NaN (quieted, payload kept); else where da
 * is NaN, da's; else where dz is NaN, dz's; else the IEEE result (da = +-inf
 * with g' = 0, or inf - inf, give the default NaN).
 * Buffers: dz may not overlap z (a) or da at all, not even as the same
 * pointer (GP_ERR_OVERLAP); z and da may overlap each other.  NULL, n == 0,
 * kinds, operations (GP_ERR_OP where the activation has no from-output
 * form), parameters and threads as for the array functions; an error leaves
 * dz untouched. */
GP_API gp_status gp_backward_acc_f32(const gp_act *act, size_t n, const float *z, const float *da, float *dz);
GP_API gp_status gp_backward_from_output_acc_f32(const gp_act *act, size_t n, const float *a, const float *da,
                                                 float *dz);
GP_API gp_status gp_backward_acc_f64(const gp_act *act, size_t n, const double *z, const double *da, double *dz);
GP_API gp_status gp_backward_from_output_acc_f64(const gp_act *act, size_t n, const double *a, const double *da,
                                                 double *dz);

/* ---- bf16 and f16 arrays ------------------------------------------------------
 * The five operations and the two accumulating ones over 16-bit storage in
 * uint16_t arrays: _bf16 (bfloat16, the top half of an IEEE binary32) and
 * _f16 (IEEE binary16).  Each element is widened to f32 exactly, computed by
 * the f32 kernel (parameters as in f32), and rounded once to the storage
 * type with round-to-nearest-even: subnormal results are kept (no flush to
 * zero, unlike vcvtneps2bf16), results beyond the largest finite value give
 * +-inf (f16: from 65520), and a NaN result is a quiet NaN keeping the sign
 * and the top payload bits of the input's NaN (as many as fit below the quiet
 * bit: bf16 6, f16 9).
 * Accuracy: the f32 result is within its f32 bound (above), then rounded
 * once more, so a result is within 0.5 ulp of the storage type plus the f32
 * bound scaled by 2^-16 (bf16) or 2^-13 (f16): e.g. sigmoid forward in f16
 * <= 0.5 + 2^-13 ulp; it is a double rounding of the exact value, so about
 * one input in 2^13 (f16) or 2^16 (bf16) near a tie can miss the correctly
 * rounded result by that margin.  relu's f32 results are exact, so its
 * 16-bit results are correctly rounded; leaky_relu's z*alpha and the
 * grad_from_output formulas are correctly rounded in f32, so within 0.5 +
 * 2^-14 (f16) or 2^-17 (bf16) ulp.  The accumulating forms widen dz, run the
 * f32 accumulation (its bound above) and round once to the storage type.
 * `gprime-ulp --storage` measures all 65,536 inputs of each activation and
 * operation against MPFR's exact value in ulps of the storage type, and the
 * ratio to these bounds.  Identical bits on every ISA.  Everything else (NaN
 * order, buffers, overlap, errors, threads) as for the f32 functions. */
GP_API gp_status gp_forward_bf16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *a);
GP_API gp_status gp_grad_bf16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *g);
GP_API gp_status gp_grad_from_output_bf16(const gp_act *act, size_t n, const uint16_t *a, uint16_t *g);
GP_API gp_status gp_backward_bf16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz);
GP_API gp_status gp_backward_from_output_bf16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                              uint16_t *dz);
GP_API gp_status gp_backward_acc_bf16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da,
                                      uint16_t *dz);
GP_API gp_status gp_backward_from_output_acc_bf16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                                  uint16_t *dz);
GP_API gp_status gp_apply_bf16(const gp_act *act, gp_op op, size_t n, const uint16_t *x, const uint16_t *da,
                               uint16_t *out);

GP_API gp_status gp_forward_f16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *a);
GP_API gp_status gp_grad_f16(const gp_act *act, size_t n, const uint16_t *z, uint16_t *g);
GP_API gp_status gp_grad_from_output_f16(const gp_act *act, size_t n, const uint16_t *a, uint16_t *g);
GP_API gp_status gp_backward_f16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da, uint16_t *dz);
GP_API gp_status gp_backward_from_output_f16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                             uint16_t *dz);
GP_API gp_status gp_backward_acc_f16(const gp_act *act, size_t n, const uint16_t *z, const uint16_t *da,
                                     uint16_t *dz);
GP_API gp_status gp_backward_from_output_acc_f16(const gp_act *act, size_t n, const uint16_t *a, const uint16_t *da,
                                                 uint16_t *dz);
GP_API gp_status gp_apply_f16(const gp_act *act, gp_op op, size_t n, const uint16_t *x, const uint16_t *da,
                              uint16_t *out);

/* ---- gated forms (GLU family) ------------------------------------------------
 * For any activation g, over two arrays x and y of n elements:
 *   gp_glu_forward    out = g(x) * y
 *   gp_glu_backward   dx = dout * y * g'(x),  dy = dout * g(x)
 * SwiGLU is act = silu, GeGLU gelu, ReGLU relu (LLaMA's FFN: x = W1 h, y = W3 h).
 * backward reads x, y and dout once and writes both gradients in one pass.
 * Accuracy: each output is its exact product of rounded factors rounded once
 * (dout*y is formed exactly; in f32 dx is rounded to double first, 2^-29 ulp
 * more), subnormal results included, so it is within 0.5 ulp plus the bound
 * of the activation factor, g(x) or g'(x), scaled like backward's: measured
 * on every float32 x and 10^7 float64 inputs (docs/ACCURACY-glu.md).
 * NaN: x's NaN wins, then y's, then dout's.  Buffers as for the array
 * functions: an output may be the same pointer as an input; a partial
 * overlap of an output with an input, or any overlap of dx with dy, is
 * GP_ERR_OVERLAP; NULL with n > 0 is GP_ERR_NULL; n == 0 is GP_OK; errors
 * leave the outputs untouched.  Large n is split across threads. */
GP_API gp_status gp_glu_forward_f32(const gp_act *act, size_t n, const float *x, const float *y, float *out);
GP_API gp_status gp_glu_backward_f32(const gp_act *act, size_t n, const float *x, const float *y, const float *dout,
                                     float *dx, float *dy);
GP_API gp_status gp_glu_forward_f64(const gp_act *act, size_t n, const double *x, const double *y, double *out);
GP_API gp_status gp_glu_backward_f64(const gp_act *act, size_t n, const double *x, const double *y,
                                     const double *dout, double *dx, double *dy);

/* The accumulating gated backward: dx += dout * y * g'(x), dy += dout * g(x),
 * in one pass.  dy is dy + dout*g rounded once (one FMA).  dx: in f32 the
 * product in double (dout*y exact, times g' rounded at 2^-53) plus dx in
 * double, rounded to float: within 0.5 ulp + 2^-28 ulp of dx + dout*y*g
 * for the rounded g'; in f64 dout*y and its product with g' are formed
 * exactly (FMA) and added to dx by TwoSum, so the result is within 0.5 ulp
 * of it plus 2^-50 of the larger of |dx| and |dout*y*g'| (where a partial
 * product or the result is not finite, the IEEE fma(dout*y, g', dx)).  Plus
 * the activation factor's bound, as for gp_glu_backward.  NaN: x's NaN wins,
 * then y's, then dout's, then dx's (dy's).  dx and dy may not overlap x, y,
 * dout or each other at all (GP_ERR_OVERLAP); NULL, n == 0, errors and
 * threads as for gp_glu_backward. */
GP_API gp_status gp_glu_backward_acc_f32(const gp_act *act, size_t n, const float *x, const float *y,
                                         const float *dout, float *dx, float *dy);
GP_API gp_status gp_glu_backward_acc_f64(const gp_act *act, size_t n, const double *x, const double *y,
                                         const double *dout, double *dx, double *dy);

/* ---- scalar forms -----------------------------------------------------------
 * Any activation and operation on one value: *out = the operation at x (da is
 * read by the two backward operations only).  The same results, checks and
 * statuses as the array functions on one element (GP_ERR_NULL also for a NULL
 * out); *out is written only on GP_OK. */
GP_API gp_status gp_scalar_f32(const gp_act *act, gp_op op, float x, float da, float *out);
GP_API gp_status gp_scalar_f64(const gp_act *act, gp_op op, double x, double da, double *out);

/* Convenience forms for the course's four activations, one value at a time,
 * same results as the array functions on one element
 * (same accuracy, same NaN/inf rules).  relu and leaky_relu use the default
 * grad_at_zero (the left slope); leaky_relu takes alpha (finite; in f32 the
 * slope is (float)alpha; a non-finite alpha gives NaN). */
GP_API float gp_sigmoid_f32(float z);
GP_API float gp_sigmoid_grad_f32(float z);
GP_API float gp_sigmoid_grad_from_output_f32(float a);
GP_API float gp_tanh_f32(float z);
GP_API float gp_tanh_grad_f32(float z);
GP_API float gp_tanh_grad_from_output_f32(float a);
GP_API float gp_relu_f32(float z);
GP_API float gp_relu_grad_f32(float z);
GP_API float gp_leaky_relu_f32(float z, float alpha);
GP_API float gp_leaky_relu_grad_f32(float z, float alpha);

GP_API double gp_sigmoid_f64(double z);
GP_API double gp_sigmoid_grad_f64(double z);
GP_API double gp_sigmoid_grad_from_output_f64(double a);
GP_API double gp_tanh_f64(double z);
GP_API double gp_tanh_grad_f64(double z);
GP_API double gp_tanh_grad_from_output_f64(double a);
GP_API double gp_relu_f64(double z);
GP_API double gp_relu_grad_f64(double z);
GP_API double gp_leaky_relu_f64(double z, double alpha);
GP_API double gp_leaky_relu_grad_f64(double z, double alpha);

/* ---- instruction set and threads ------------------------------------------
 * The kernels are compiled for several instruction sets and chosen at first
 * use from the CPU: "avx512" (AVX-512 F/DQ/BW/VL), "avx2" (AVX2+FMA),
 * "generic" (portable C).  The environment variable GPRIME_ISA forces one at
 * first use; if it names an unknown or unavailable set, every array function
 * returns GP_ERR_ISA (never an illegal instruction).  Results are identical
 * on every path for relu, leaky_relu and every from-output form, and within
 * the stated bounds for sigmoid and tanh. */
GP_API gp_status gp_set_isa(const char *name);   /* NULL or "auto": the best available */
GP_API const char *gp_isa_name(void);             /* the active one, e.g. "avx512" */
GP_API int gp_isa_available(const char *name);    /* 1 if this CPU and build can run it */

/* Threads for large arrays, process-wide: 0 = automatic (the default;
 * GPRIME_NUM_THREADS if set, else the CPUs this process may run on), 1 =
 * never split, k = at most k.  One rule for every setter: 0..GP_MAX_THREADS;
 * the setter returns GP_ERR_PARAM for anything else (the setting is
 * unchanged) and a GPRIME_NUM_THREADS outside 1..GP_MAX_THREADS is ignored.
 * A call is split into at most 2 parts per CPU whatever the count, so
 * oversubscription costs at most a small factor.  A count the caller chose
 * (k >= 1, or GPRIME_NUM_THREADS) splits calls from an internal threshold per
 * operation (n >= 2^12 f32 for sigmoid forward: where two free cores win).
 * The automatic count splits only calls of about 0.5 ms and more on one thread
 * (from 2^21 f32 elements for sigmoid/tanh from z, 2^20 f64; 16 MiB an array
 * for the other operations), and only onto CPUs no other runnable thread
 * wants at that moment (Linux: /proc/loadavg, read at most every 10 ms), so
 * that by default a call alternating with the caller's own work, on a busy
 * machine or not, is never slower than on one thread by more than noise
 * (`gprime bench --framework` measures it).  The split runs on the library's
 * own pool of POSIX threads, made at the first split call; a worker spins
 * after a job at most as long as it worked on it and at most 50 us, then
 * sleeps; the workers are joined at exit.  After a split in which the caller
 * waited on a worker (one that was preempted holding a part) or no worker
 * helped, calls run on their caller alone for 1 ms, doubling to at most
 * 64 ms while it repeats.  A call made while another thread's call holds the
 * pool runs on its caller alone.  Results never depend on the split.  Built
 * with -DGPRIME_THREADS=OFF the library is single-threaded and
 * gp_get_num_threads() returns 1. */
#define GP_MAX_THREADS 256
GP_API gp_status gp_set_num_threads(int n);
/* The thread count the calling thread's calls use: its own setting (below)
 * if it has one, else the process-wide one, resolved as above. */
GP_API int gp_get_num_threads(void);

/* The calling thread's own thread count, over the process-wide one, for the
 * calls this thread makes (a framework's worker, or one call: set it before
 * and restore it after).  Other threads and the process-wide setting are
 * not touched.  n >= 1: at most n threads; 0: automatic as above; -1: no
 * setting of its own (the default of every thread).  n < -1 or
 * n > GP_MAX_THREADS: GP_ERR_PARAM (the setting is unchanged).
 * The thresholds apply whatever the setting: a call below its threshold
 * runs on its caller alone. */
GP_API gp_status gp_set_local_num_threads(int n);
/* The calling thread's own setting, -1 where it has none. */
GP_API int gp_get_local_num_threads(void);

/* Calls of relu, leaky_relu or a from-output form that move at least 32 MiB
 * write their output with non-temporal stores (past the caches: faster for
 * arrays far larger than the last-level cache, which is then not filled with
 * them).  The environment variable GPRIME_STREAM=0, read at the first such
 * call, turns this off.  Results are the same bits either way. */

#ifdef __cplusplus
}
#endif

#endif /* GPRIME_H */
