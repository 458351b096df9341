/* The one-hidden-layer network (see net.h).  Each layer is a forward/backward
 * pair of plain functions; shapes are in the comment above each.  Matrices are
 * row-major, one column per example.  f32 is the network's type: rnd(f32, x)
 * rounds every sum, product and quotient to float32 in a float32 network. */
#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act/desc.h"
#include "mt19937.h"

void nn_param_name(size_t n_x, size_t n_h, size_t index, char *buf, size_t len)
{
    if (index < n_h * n_x)
        snprintf(buf, len, "W1[%zu,%zu]", index / n_x, index % n_x);
    else if ((index -= n_h * n_x) < n_h)
        snprintf(buf, len, "b1[%zu]", index);
    else if ((index -= n_h) < n_h)
        snprintf(buf, len, "W2[0,%zu]", index);
    else if (index - n_h == 0)
        snprintf(buf, len, "b2[0]");
    else
        snprintf(buf, len, "?");
}

// x in the network's type: rounded to float32 when f32, else as it is
static inline double rnd(int f32, double x)
{
    return f32 ? (double)(float)x : x;
}

// linear_forward: Z = W X + b
// Z (n_out, m), W (n_out, n_in), b (n_out), X (n_in, m)
static void linear_forward(double *Z, const double *X, const double *W, const double *b, size_t m, size_t n_in,
                           size_t n_out, int f32)
{
    for (size_t o = 0; o < n_out; o++) {
        double *z = Z + o * m;
        for (size_t j = 0; j < m; j++)
            z[j] = b[o];
        for (size_t i = 0; i < n_in; i++) {
            double w = W[o * n_in + i];
            const double *x = X + i * m;
            for (size_t j = 0; j < m; j++)
                z[j] = rnd(f32, z[j] + rnd(f32, w * rnd(f32, x[j])));
        }
    }
}

// linear_backward: dW = (1/m) dZ X^T, db = (1/m) sum_j dZ, dX = W^T dZ (not computed when dX is NULL)
// dZ (n_out, m), X (n_in, m), W (n_out, n_in) -> dW (n_out, n_in), db (n_out), dX (n_in, m)
static void linear_backward(double *dX, double *dW, double *db, const double *dZ, const double *X, const double *W,
                            size_t m, size_t n_in, size_t n_out, int f32)
{
    double inv_m = rnd(f32, 1.0 / rnd(f32, (double)m));
    for (size_t o = 0; o < n_out; o++) {
        const double *dz = dZ + o * m;
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s = rnd(f32, s + dz[j]);
        db[o] = rnd(f32, s * inv_m);
        for (size_t i = 0; i < n_in; i++) {
            const double *x = X + i * m;
            double acc = 0;
            for (size_t j = 0; j < m; j++)
                acc = rnd(f32, acc + rnd(f32, dz[j] * rnd(f32, x[j])));
            dW[o * n_in + i] = rnd(f32, acc * inv_m);
        }
    }
    if (!dX)
        return;
    for (size_t i = 0; i < n_in; i++) {
        double *dx = dX + i * m;
        for (size_t j = 0; j < m; j++)
            dx[j] = 0;
        for (size_t o = 0; o < n_out; o++) {
            double w = W[o * n_in + i];
            const double *dz = dZ + o * m;
            for (size_t j = 0; j < m; j++)
                dx[j] = rnd(f32, dx[j] + rnd(f32, w * dz[j]));
        }
    }
}

// library: out = op(x), or op(x, da) for the backward ops, by gp_apply_f64 or
// (float32) by gp_apply_f32 on float copies in net->fx, net->fd
// x, da, out (n), n <= n_h * m_max
static gp_status library(nn_net *net, const gp_act *act, gp_op op, size_t n, const double *x, const double *da,
                         double *out)
{
    if (!net->f32)
        return gp_apply_f64(act, op, n, x, da, out);
    for (size_t i = 0; i < n; i++)
        net->fx[i] = (float)x[i];
    for (size_t i = 0; i < n && da; i++)
        net->fd[i] = (float)da[i];
    gp_status st = gp_apply_f32(act, op, n, net->fx, da ? net->fd : NULL, net->fd);
    for (size_t i = 0; i < n && st == GP_OK; i++)
        out[i] = net->fd[i];
    return st;
}

// activation_forward: A = g(Z)
// A, Z (n_h, m); n = n_h * m
static gp_status activation_forward(nn_net *net, double *A, const double *Z, size_t n)
{
    return library(net, &net->act, GP_OP_FORWARD, n, Z, NULL, A);
}

// activation_backward: dZ = dA * g'(Z), from the cached A = g(Z) where net->from_output, else from Z
// dZ, A, Z, dA (n_h, m); n = n_h * m
static gp_status activation_backward(nn_net *net, double *dZ, const double *A, const double *Z, const double *dA,
                                     size_t n)
{
    if (net->from_output)
        return library(net, &net->act, GP_OP_BACKWARD_FROM_OUTPUT, n, A, dA, dZ);
    return library(net, &net->act, GP_OP_BACKWARD, n, Z, dA, dZ);
}

// sigmoid_ce_forward: A = sigmoid(Z); returns J = -(1/m) sum(Y log A + (1-Y) log(1-A)) when Y is not NULL
// A, Z, Y (1, m)
static gp_status sigmoid_ce_forward(nn_net *net, double *A, const double *Z, const double *Y, size_t m, double *cost)
{
    gp_act sig = gp_act_default(GP_SIGMOID);
    gp_status st = library(net, &sig, GP_OP_FORWARD, m, Z, NULL, A);
    if (st != GP_OK || !Y || !cost)
        return st;
    double J = 0.0;
    for (size_t j = 0; j < m; j++) {
        double z = Z[j], y = rnd(net->f32, Y[j]);
        J += (z > 0.0 ? z : 0.0) - z * y + log1p(exp(-fabs(z)));
    }
    *cost = J / (double)m;
    return GP_OK;
}

// sigmoid_ce_backward: dZ = A - Y (the sigmoid's g'(Z) times dJ/dA, simplified)
// dZ, A, Y (1, m)
static void sigmoid_ce_backward(double *dZ, const double *A, const double *Y, size_t m, int f32)
{
    for (size_t j = 0; j < m; j++)
        dZ[j] = rnd(f32, A[j] - rnd(f32, Y[j]));
}

void nn_free(nn_net *net)
{
    if (!net)
        return;
    free(net->params);
    free(net->grads);
    free(net->Z1);
    free(net->A1);
    free(net->Z2);
    free(net->A2);
    free(net->dZ2);
    free(net->dA1);
    free(net->dZ1);
    free(net->fx);
    free(net->fd);
    memset(net, 0, sizeof *net);
}

static void point_params(nn_net *net)
{
    size_t nx = net->n_x, nh = net->n_h;
    net->W1 = net->params;
    net->b1 = net->W1 + nh * nx;
    net->W2 = net->b1 + nh;
    net->b2 = net->W2 + nh;
    net->dW1 = net->grads;
    net->db1 = net->dW1 + nh * nx;
    net->dW2 = net->db1 + nh;
    net->db2 = net->dW2 + nh;
}

const char *nn_size_problem(size_t n_x, size_t n_h, size_t m_max)
{
    const size_t lim = NN_MAX_ELEMENTS;
    if (n_x == 0 || n_h == 0 || m_max == 0)
        return "the network needs at least one input, one hidden unit and one example";
    if (n_x > lim || n_h > lim || m_max > lim || n_h * n_x > lim || n_h * m_max > lim)
        return "the network is too large: inputs x hidden units and hidden units x examples must each be at "
               "most 2^28";
    return NULL;
}

gp_status nn_create(nn_net *net, size_t n_x, size_t n_h, size_t m_max, const gp_act *act, int f32, uint32_t seed)
{
    if (!net || !act)
        return GP_ERR_NULL;
    memset(net, 0, sizeof *net);
    gp_status st = gp_act_check(act, 0);
    if (st != GP_OK)
        return st;
    if (nn_size_problem(n_x, n_h, m_max))
        return GP_ERR_PARAM;
    net->n_x = n_x;
    net->n_h = n_h;
    net->m_max = m_max;
    net->act = *act;
    net->f32 = f32 != 0;
    net->from_output = gp_has_op(act->kind, GP_OP_BACKWARD_FROM_OUTPUT) && gp_act_check(act, 1) == GP_OK;
    net->n_params = n_h * n_x + 2 * n_h + 1;
    net->params = calloc(net->n_params, sizeof(double));
    net->grads = calloc(net->n_params, sizeof(double));
    net->Z1 = calloc(n_h * m_max, sizeof(double));
    net->A1 = calloc(n_h * m_max, sizeof(double));
    net->Z2 = calloc(m_max, sizeof(double));
    net->A2 = calloc(m_max, sizeof(double));
    net->dZ2 = calloc(m_max, sizeof(double));
    net->dA1 = calloc(n_h * m_max, sizeof(double));
    net->dZ1 = calloc(n_h * m_max, sizeof(double));
    if (net->f32) {
        net->fx = calloc(n_h * m_max, sizeof(float));
        net->fd = calloc(n_h * m_max, sizeof(float));
    }
    if (!net->params || !net->grads || !net->Z1 || !net->A1 || !net->Z2 || !net->A2 || !net->dZ2 || !net->dA1 ||
        !net->dZ1 || (net->f32 && (!net->fx || !net->fd))) {
        nn_free(net);
        return GP_ERR_NULL;
    }
    point_params(net);
    /* the notebook's initialize_parameters: np.random.seed(seed);
     * W1 = np.random.randn(n_h, n_x) * 0.01 (row by row), b1 = 0,
     * W2 = np.random.randn(1, n_h) * 0.01, b2 = 0 (calloc) */
    nn_mt rng;
    nn_mt_seed(&rng, seed);
    for (size_t i = 0; i < n_h * n_x; i++)
        net->W1[i] = rnd(net->f32, nn_mt_normal(&rng) * 0.01);
    for (size_t i = 0; i < n_h; i++)
        net->W2[i] = rnd(net->f32, nn_mt_normal(&rng) * 0.01);
    return GP_OK;
}

gp_status nn_forward(nn_net *net, const double *X, const double *Y, size_t m, double *cost)
{
    if (m == 0 || m > net->m_max)
        return GP_ERR_PARAM;
    size_t nx = net->n_x, nh = net->n_h;
    linear_forward(net->Z1, X, net->W1, net->b1, m, nx, nh, net->f32);       // Z1 (n_h, m)
    gp_status st = activation_forward(net, net->A1, net->Z1, nh * m);        // A1 (n_h, m)
    if (st != GP_OK)
        return st;
    linear_forward(net->Z2, net->A1, net->W2, net->b2, m, nh, 1, net->f32);  // Z2 (1, m)
    return sigmoid_ce_forward(net, net->A2, net->Z2, Y, m, cost);            // A2 (1, m), J
}

gp_status nn_backward(nn_net *net, const double *X, const double *Y, size_t m)
{
    if (m == 0 || m > net->m_max)
        return GP_ERR_PARAM;
    size_t nx = net->n_x, nh = net->n_h;
    int f32 = net->f32;
    sigmoid_ce_backward(net->dZ2, net->A2, Y, m, f32);                                     // dZ2 (1, m)
    linear_backward(net->dA1, net->dW2, net->db2, net->dZ2, net->A1, net->W2, m, nh, 1, f32); // dW2, db2, dA1
    gp_status st = activation_backward(net, net->dZ1, net->A1, net->Z1, net->dA1, nh * m); // dZ1 (n_h, m)
    if (st != GP_OK)
        return st;
    linear_backward(NULL, net->dW1, net->db1, net->dZ1, X, net->W1, m, nx, nh, f32);       // dW1 (n_h, n_x), db1
    return GP_OK;
}

void nn_update(nn_net *net, double lr)
{
    double r = rnd(net->f32, lr);
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = rnd(net->f32, net->params[i] - rnd(net->f32, r * net->grads[i]));
}

gp_status nn_step(nn_net *net, const double *X, const double *Y, size_t m, double lr, double *cost)
{
    gp_status st = nn_forward(net, X, Y, m, cost);
    if (st == GP_OK)
        st = nn_backward(net, X, Y, m);
    if (st == GP_OK)
        nn_update(net, lr);
    return st;
}

gp_status nn_predict(nn_net *net, const double *X, size_t m, double *p)
{
    for (size_t j0 = 0; j0 < m; j0 += net->m_max) {
        size_t mb = m - j0 < net->m_max ? m - j0 : net->m_max;
        gp_status st;
        if (mb != m) {
            /* more examples than the caches hold: columns j0 .. j0+mb-1 as a block */
            double *Xb = malloc(net->n_x * mb * sizeof *Xb);
            if (!Xb)
                return GP_ERR_NULL;
            for (size_t i = 0; i < net->n_x; i++)
                memcpy(Xb + i * mb, X + i * m + j0, mb * sizeof *Xb);
            st = nn_forward(net, Xb, NULL, mb, NULL);
            free(Xb);
        } else {
            st = nn_forward(net, X, NULL, mb, NULL);
        }
        if (st != GP_OK)
            return st;
        memcpy(p + j0, net->A2, mb * sizeof *p);
    }
    return GP_OK;
}

gp_status nn_accuracy(nn_net *net, const double *X, const double *Y, size_t m, double *acc)
{
    double *p = malloc((m ? m : 1) * sizeof *p);
    if (!p)
        return GP_ERR_NULL;
    gp_status st = nn_predict(net, X, m, p);
    size_t ok = 0;
    for (size_t j = 0; j < m && st == GP_OK; j++)
        ok += (p[j] > 0.5 ? 1.0 : 0.0) == rnd(net->f32, Y[j]);
    free(p);
    if (st == GP_OK)
        *acc = m ? (double)ok / (double)m : 0.0;
    return st;
}

// near_kink: 1 if a step of eps in one parameter can carry some Z1[h, j] of example j across a kink of g
// Z1 (n_h, m), X (n_x, m)
static int near_kink(const nn_net *net, const double *X, size_t m, size_t j, double eps)
{
    const gp_act_desc *d = gp_desc(net->act.kind);
    if (d->nkinks == 0)
        return 0;
    /* one parameter moved by eps moves Z1[h, j] by eps * x[k, j] (W1) or eps (b1) */
    double xmax = 1.0;
    for (size_t i = 0; i < net->n_x; i++) {
        /* not fmax(): gcc 12 for AArch64 crashes vectorising that reduction
         * (internal compiler error in vect_transform_reduction at -O3) */
        double a = fabs(X[i * m + j]);
        if (a > xmax)
            xmax = a;
    }
    double reach = 1.25 * eps * xmax;
    for (size_t h = 0; h < net->n_h; h++)
        for (int k = 0; k < d->nkinks; k++)
            if (fabs(net->Z1[h * m + j] - d->kinks[k]) <= reach)
                return 1;
    return 0;
}

gp_status nn_gradcheck(nn_net *net, const double *X, const double *Y, size_t m, double eps, nn_gradcheck_result *res)
{
    if (!res || m == 0 || m > net->m_max || !(eps > 0.0))
        return GP_ERR_PARAM;
    memset(res, 0, sizeof *res);
    size_t nx = net->n_x, P = net->n_params;
    /* examples kept: every one, except those with a unit near a kink */
    gp_status st = nn_forward(net, X, Y, m, NULL);
    if (st != GP_OK)
        return st;
    size_t *keep = malloc(m * sizeof *keep);
    double *Xs = malloc(nx * m * sizeof *Xs);
    double *Ys = malloc(m * sizeof *Ys);
    double *g_bp = malloc(P * sizeof *g_bp);
    if (!keep || !Xs || !Ys || !g_bp) {
        free(keep), free(Xs), free(Ys), free(g_bp);
        return GP_ERR_NULL;
    }
    size_t mu = 0;
    for (size_t j = 0; j < m; j++)
        if (!near_kink(net, X, m, j, eps))
            keep[mu++] = j;
    res->m_used = mu;
    res->m_dropped = m - mu;
    res->n_params = P;
    if (mu == 0) {
        free(keep), free(Xs), free(Ys), free(g_bp);
        return GP_ERR_PARAM;
    }
    for (size_t i = 0; i < nx; i++)
        for (size_t k = 0; k < mu; k++)
            Xs[i * mu + k] = X[i * m + keep[k]];
    for (size_t k = 0; k < mu; k++)
        Ys[k] = Y[keep[k]];

    double J;
    st = nn_forward(net, Xs, Ys, mu, &J);
    if (st == GP_OK)
        st = nn_backward(net, Xs, Ys, mu);
    for (size_t p = 0; p < P && st == GP_OK; p++)
        g_bp[p] = net->grads[p];
    double num2 = 0.0, bp2 = 0.0, diff2 = 0.0, step = rnd(net->f32, eps);
    for (size_t p = 0; p < P && st == GP_OK; p++) {
        double saved = net->params[p];
        double Jp = 0.0, Jm = 0.0;
        net->params[p] = rnd(net->f32, saved + step);
        double hp = net->params[p] - saved; /* the step actually taken */
        st = nn_forward(net, Xs, Ys, mu, &Jp);
        net->params[p] = rnd(net->f32, saved - step);
        double hm = saved - net->params[p];
        if (st == GP_OK)
            st = nn_forward(net, Xs, Ys, mu, &Jm);
        net->params[p] = saved;
        double g_num = (Jp - Jm) / (hp + hm);
        double d = g_num - g_bp[p];
        num2 += g_num * g_num;
        bp2 += g_bp[p] * g_bp[p];
        diff2 += d * d;
        if (fabs(d) > res->max_abs_diff || p == 0) {
            res->max_abs_diff = fabs(d);
            res->worst_param = p;
        }
    }
    double den = sqrt(num2) + sqrt(bp2);
    res->rel_diff = den > 0.0 ? sqrt(diff2) / den : 0.0;
    /* leave the caches and gradients as a plain pass on the full data would */
    if (st == GP_OK)
        st = nn_forward(net, X, Y, m, NULL);
    if (st == GP_OK)
        st = nn_backward(net, X, Y, m);
    free(keep), free(Xs), free(Ys), free(g_bp);
    return st;
}
