/* The scalar convenience forms: one element through the portable kernels,
 * which give the same bits as every vector path. */
#include <math.h>

#include "kernels.h"

/* one element of kind/op through the portable kernel, default parameters
 * (leaky_relu: the given alpha, also as grad_at_zero) */
#define GP_DEFINE_ONE(T, C)                                                                    \
    static C gp_one_##T(gp_kind kind, gp_op op, C x, double alpha)                             \
    {                                                                                          \
        gp_act a = gp_act_default(kind);                                                       \
        if (kind == GP_LEAKY_RELU)                                                             \
            a.alpha = a.grad_at_zero = alpha;                                                  \
        gp_params p;                                                                           \
        gp_params_from_act(&a, &p);                                                            \
        C r;                                                                                   \
        gp_kernels_generic.T[kind][op](&p, 1, &x, NULL, &r);                                   \
        return r;                                                                              \
    }
GP_DEFINE_ONE(f32, float)
GP_DEFINE_ONE(f64, double)

float gp_sigmoid_f32(float z) { return gp_one_f32(GP_SIGMOID, GP_OP_FORWARD, z, 0); }
float gp_sigmoid_grad_f32(float z) { return gp_one_f32(GP_SIGMOID, GP_OP_GRAD, z, 0); }
float gp_sigmoid_grad_from_output_f32(float a) { return gp_one_f32(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
float gp_tanh_f32(float z) { return gp_one_f32(GP_TANH, GP_OP_FORWARD, z, 0); }
float gp_tanh_grad_f32(float z) { return gp_one_f32(GP_TANH, GP_OP_GRAD, z, 0); }
float gp_tanh_grad_from_output_f32(float a) { return gp_one_f32(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
float gp_relu_f32(float z) { return gp_one_f32(GP_RELU, GP_OP_FORWARD, z, 0); }
float gp_relu_grad_f32(float z) { return gp_one_f32(GP_RELU, GP_OP_GRAD, z, 0); }
float gp_leaky_relu_f32(float z, float alpha)
{
    return isfinite(alpha) ? gp_one_f32(GP_LEAKY_RELU, GP_OP_FORWARD, z, alpha) : NAN;
}
float gp_leaky_relu_grad_f32(float z, float alpha)
{
    return isfinite(alpha) ? gp_one_f32(GP_LEAKY_RELU, GP_OP_GRAD, z, alpha) : NAN;
}

double gp_sigmoid_f64(double z) { return gp_one_f64(GP_SIGMOID, GP_OP_FORWARD, z, 0); }
double gp_sigmoid_grad_f64(double z) { return gp_one_f64(GP_SIGMOID, GP_OP_GRAD, z, 0); }
double gp_sigmoid_grad_from_output_f64(double a) { return gp_one_f64(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
double gp_tanh_f64(double z) { return gp_one_f64(GP_TANH, GP_OP_FORWARD, z, 0); }
double gp_tanh_grad_f64(double z) { return gp_one_f64(GP_TANH, GP_OP_GRAD, z, 0); }
double gp_tanh_grad_from_output_f64(double a) { return gp_one_f64(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
double gp_relu_f64(double z) { return gp_one_f64(GP_RELU, GP_OP_FORWARD, z, 0); }
double gp_relu_grad_f64(double z) { return gp_one_f64(GP_RELU, GP_OP_GRAD, z, 0); }
double gp_leaky_relu_f64(double z, double alpha)
{
    return isfinite(alpha) ? gp_one_f64(GP_LEAKY_RELU, GP_OP_FORWARD, z, alpha) : NAN;
}
double gp_leaky_relu_grad_f64(double z, double alpha)
{
    return isfinite(alpha) ? gp_one_f64(GP_LEAKY_RELU, GP_OP_GRAD, z, alpha) : NAN;
}
