/* The scalar forms: one element through the portable kernel, which gives the
 * same bits as every vector path (and works whatever GPRIME_ISA says), and
 * the named convenience forms over them. */
#include <math.h>

#include "kernels.h"
#include "fpenv.h"

gp_status gp_scalar_f32(const gp_act *act, gp_op op, float x, float da, float *out)
{
    gp_status s = gp_check_act_op(act, op, sizeof(float));
    if (s != GP_OK || !out)
        return s != GP_OK ? s : GP_ERR_NULL;
    gp_params p;
    gp_params_from_act(act, &p);
    /* under the array functions' FP-flag guard (src/fpenv.h): the same bits and flags */
    gp_kernel_call_f32(gp_kernels_generic.act[act->kind], op, act->accuracy, &p, 1, &x, &da, out);
    return GP_OK;
}

gp_status gp_scalar_f64(const gp_act *act, gp_op op, double x, double da, double *out)
{
    gp_status s = gp_check_act_op(act, op, sizeof(double));
    if (s != GP_OK || !out)
        return s != GP_OK ? s : GP_ERR_NULL;
    gp_params p;
    gp_params_from_act(act, &p);
    gp_kernel_call_f64(gp_kernels_generic.act[act->kind], op, act->accuracy, &p, 1, &x, &da, out);
    return GP_OK;
}

/* kind/op at x with default parameters (leaky_relu: the given alpha, also
 * as grad_at_zero); NaN for an alpha the array functions would refuse */
static float gp_one_f32(gp_kind kind, gp_op op, float x, double alpha)
{
    gp_act a = gp_act_default(kind);
    if (kind == GP_LEAKY_RELU)
        a.alpha = a.grad_at_zero = alpha;
    float r;
    return gp_scalar_f32(&a, op, x, 1.0f, &r) == GP_OK ? r : NAN;
}

static double gp_one_f64(gp_kind kind, gp_op op, double x, double alpha)
{
    gp_act a = gp_act_default(kind);
    if (kind == GP_LEAKY_RELU)
        a.alpha = a.grad_at_zero = alpha;
    double r;
    return gp_scalar_f64(&a, op, x, 1.0, &r) == GP_OK ? r : NAN;
}

float gp_sigmoid_f32(float z) { return gp_one_f32(GP_SIGMOID, GP_OP_FORWARD, z, 0); }
float gp_sigmoid_grad_f32(float z) { return gp_one_f32(GP_SIGMOID, GP_OP_GRAD, z, 0); }
float gp_sigmoid_grad_from_output_f32(float a) { return gp_one_f32(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
float gp_tanh_f32(float z) { return gp_one_f32(GP_TANH, GP_OP_FORWARD, z, 0); }
float gp_tanh_grad_f32(float z) { return gp_one_f32(GP_TANH, GP_OP_GRAD, z, 0); }
float gp_tanh_grad_from_output_f32(float a) { return gp_one_f32(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
float gp_relu_f32(float z) { return gp_one_f32(GP_RELU, GP_OP_FORWARD, z, 0); }
float gp_relu_grad_f32(float z) { return gp_one_f32(GP_RELU, GP_OP_GRAD, z, 0); }
float gp_leaky_relu_f32(float z, float alpha) { return gp_one_f32(GP_LEAKY_RELU, GP_OP_FORWARD, z, alpha); }
float gp_leaky_relu_grad_f32(float z, float alpha) { return gp_one_f32(GP_LEAKY_RELU, GP_OP_GRAD, z, alpha); }

double gp_sigmoid_f64(double z) { return gp_one_f64(GP_SIGMOID, GP_OP_FORWARD, z, 0); }
double gp_sigmoid_grad_f64(double z) { return gp_one_f64(GP_SIGMOID, GP_OP_GRAD, z, 0); }
double gp_sigmoid_grad_from_output_f64(double a) { return gp_one_f64(GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
double gp_tanh_f64(double z) { return gp_one_f64(GP_TANH, GP_OP_FORWARD, z, 0); }
double gp_tanh_grad_f64(double z) { return gp_one_f64(GP_TANH, GP_OP_GRAD, z, 0); }
double gp_tanh_grad_from_output_f64(double a) { return gp_one_f64(GP_TANH, GP_OP_GRAD_FROM_OUTPUT, a, 0); }
double gp_relu_f64(double z) { return gp_one_f64(GP_RELU, GP_OP_FORWARD, z, 0); }
double gp_relu_grad_f64(double z) { return gp_one_f64(GP_RELU, GP_OP_GRAD, z, 0); }
double gp_leaky_relu_f64(double z, double alpha) { return gp_one_f64(GP_LEAKY_RELU, GP_OP_FORWARD, z, alpha); }
double gp_leaky_relu_grad_f64(double z, double alpha) { return gp_one_f64(GP_LEAKY_RELU, GP_OP_GRAD, z, alpha); }
