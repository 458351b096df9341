/* The network, written once for a real type T and included by net.c twice:
 *   T        double or float
 *   SFX(x)   x##_f64 or x##_f32   (this file's functions and types)
 *   GPF(x)   gp_x_f64 or gp_x_f32 (the library's array functions)
 * Each layer is a forward/backward pair of plain functions; shapes are in the
 * comment above each.  Matrices are row-major, one column per example. */

#define NET SFX(nn_net)

// linear_forward: Z = W X + b
// Z (n_out, m), W (n_out, n_in), b (n_out), X (n_in, m)
static void SFX(linear_forward)(T *Z, const T *X, const T *W, const T *b, size_t m, size_t n_in, size_t n_out)
{
    for (size_t o = 0; o < n_out; o++) {
        T *z = Z + o * m;
        for (size_t j = 0; j < m; j++)
            z[j] = b[o];
        for (size_t i = 0; i < n_in; i++) {
            T w = W[o * n_in + i];
            const T *x = X + i * m;
            for (size_t j = 0; j < m; j++)
                z[j] += w * x[j];
        }
    }
}

// linear_backward: dW = (1/m) dZ X^T, db = (1/m) sum_j dZ, dX = W^T dZ (not computed when dX is NULL)
// dZ (n_out, m), X (n_in, m), W (n_out, n_in) -> dW (n_out, n_in), db (n_out), dX (n_in, m)
static void SFX(linear_backward)(T *dX, T *dW, T *db, const T *dZ, const T *X, const T *W, size_t m, size_t n_in,
                                 size_t n_out)
{
    T inv_m = (T)1 / (T)m;
    for (size_t o = 0; o < n_out; o++) {
        const T *dz = dZ + o * m;
        T s = 0;
        for (size_t j = 0; j < m; j++)
            s += dz[j];
        db[o] = s * inv_m;
        for (size_t i = 0; i < n_in; i++) {
            const T *x = X + i * m;
            T acc = 0;
            for (size_t j = 0; j < m; j++)
                acc += dz[j] * x[j];
            dW[o * n_in + i] = acc * inv_m;
        }
    }
    if (!dX)
        return;
    for (size_t i = 0; i < n_in; i++) {
        T *dx = dX + i * m;
        for (size_t j = 0; j < m; j++)
            dx[j] = 0;
        for (size_t o = 0; o < n_out; o++) {
            T w = W[o * n_in + i];
            const T *dz = dZ + o * m;
            for (size_t j = 0; j < m; j++)
                dx[j] += w * dz[j];
        }
    }
}

// activation_forward: A = g(Z)
// A, Z (n_h, m); n = n_h * m
static gp_status SFX(activation_forward)(T *A, const T *Z, const gp_act *act, size_t n)
{
    return GPF(forward)(act, n, Z, A);
}

// activation_backward: dZ = dA * g'(Z), with g'(Z) from the cached output A = g(Z)
// dZ, A, dA (n_h, m); n = n_h * m
static gp_status SFX(activation_backward)(T *dZ, const T *A, const T *dA, const gp_act *act, size_t n)
{
    return GPF(backward_from_output)(act, n, A, dA, dZ);
}

// sigmoid_ce_forward: A = sigmoid(Z); returns J = -(1/m) sum(Y log A + (1-Y) log(1-A)) when Y is not NULL
// A, Z, Y (1, m)
static gp_status SFX(sigmoid_ce_forward)(T *A, const T *Z, const T *Y, size_t m, double *cost)
{
    gp_act sig = gp_act_default(GP_SIGMOID);
    gp_status st = GPF(forward)(&sig, m, Z, A);
    if (st != GP_OK || !Y || !cost)
        return st;
    double J = 0.0;
    for (size_t j = 0; j < m; j++) {
        double z = (double)Z[j], y = (double)Y[j];
        J += (z > 0.0 ? z : 0.0) - z * y + log1p(exp(-fabs(z)));
    }
    *cost = J / (double)m;
    return GP_OK;
}

// sigmoid_ce_backward: dZ = A - Y (the sigmoid's g'(Z) times dJ/dA, simplified)
// dZ, A, Y (1, m)
static void SFX(sigmoid_ce_backward)(T *dZ, const T *A, const T *Y, size_t m)
{
    for (size_t j = 0; j < m; j++)
        dZ[j] = A[j] - Y[j];
}

void SFX(nn_free)(NET *net)
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
    memset(net, 0, sizeof *net);
}

static void SFX(point_params)(NET *net)
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

gp_status SFX(nn_create)(NET *net, size_t n_x, size_t n_h, size_t m_max, const gp_act *act, uint64_t seed)
{
    if (!net || !act)
        return GP_ERR_NULL;
    memset(net, 0, sizeof *net);
    gp_status st = gp_act_check(act, 1);
    if (st != GP_OK)
        return st;
    const size_t lim = (size_t)1 << 28;
    if (n_x == 0 || n_h == 0 || m_max == 0 || n_x > lim || n_h > lim || m_max > lim || n_h * n_x > lim ||
        n_h * m_max > lim)
        return GP_ERR_PARAM;
    net->n_x = n_x;
    net->n_h = n_h;
    net->m_max = m_max;
    net->act = *act;
    net->n_params = n_h * n_x + 2 * n_h + 1;
    net->params = calloc(net->n_params, sizeof(T));
    net->grads = calloc(net->n_params, sizeof(T));
    net->Z1 = calloc(n_h * m_max, sizeof(T));
    net->A1 = calloc(n_h * m_max, sizeof(T));
    net->Z2 = calloc(m_max, sizeof(T));
    net->A2 = calloc(m_max, sizeof(T));
    net->dZ2 = calloc(m_max, sizeof(T));
    net->dA1 = calloc(n_h * m_max, sizeof(T));
    net->dZ1 = calloc(n_h * m_max, sizeof(T));
    if (!net->params || !net->grads || !net->Z1 || !net->A1 || !net->Z2 || !net->A2 || !net->dZ2 || !net->dA1 ||
        !net->dZ1) {
        SFX(nn_free)(net);
        return GP_ERR_NULL;
    }
    SFX(point_params)(net);
    /* W1, W2 ~ 0.01 * N(0, 1); b1 = b2 = 0 (calloc) */
    nn_rng rng;
    nn_rng_seed(&rng, seed, 2);
    for (size_t i = 0; i < n_h * n_x; i++)
        net->W1[i] = (T)(0.01 * nn_rng_normal(&rng));
    for (size_t i = 0; i < n_h; i++)
        net->W2[i] = (T)(0.01 * nn_rng_normal(&rng));
    return GP_OK;
}

gp_status SFX(nn_forward)(NET *net, const T *X, const T *Y, size_t m, double *cost)
{
    if (m == 0 || m > net->m_max)
        return GP_ERR_PARAM;
    size_t nx = net->n_x, nh = net->n_h;
    SFX(linear_forward)(net->Z1, X, net->W1, net->b1, m, nx, nh);             // Z1 (n_h, m)
    gp_status st = SFX(activation_forward)(net->A1, net->Z1, &net->act, nh * m); // A1 (n_h, m)
    if (st != GP_OK)
        return st;
    SFX(linear_forward)(net->Z2, net->A1, net->W2, net->b2, m, nh, 1);        // Z2 (1, m)
    return SFX(sigmoid_ce_forward)(net->A2, net->Z2, Y, m, cost);             // A2 (1, m), J
}

gp_status SFX(nn_backward)(NET *net, const T *X, const T *Y, size_t m)
{
    if (m == 0 || m > net->m_max)
        return GP_ERR_PARAM;
    size_t nx = net->n_x, nh = net->n_h;
    SFX(sigmoid_ce_backward)(net->dZ2, net->A2, Y, m);                                   // dZ2 (1, m)
    SFX(linear_backward)(net->dA1, net->dW2, net->db2, net->dZ2, net->A1, net->W2, m, nh, 1); // dW2, db2, dA1 (n_h, m)
    gp_status st = SFX(activation_backward)(net->dZ1, net->A1, net->dA1, &net->act, nh * m); // dZ1 (n_h, m)
    if (st != GP_OK)
        return st;
    SFX(linear_backward)(NULL, net->dW1, net->db1, net->dZ1, X, net->W1, m, nx, nh);     // dW1 (n_h, n_x), db1
    return GP_OK;
}

void SFX(nn_update)(NET *net, double lr)
{
    T r = (T)lr;
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] -= r * net->grads[i];
}

gp_status SFX(nn_step)(NET *net, const T *X, const T *Y, size_t m, double lr, double *cost)
{
    gp_status st = SFX(nn_forward)(net, X, Y, m, cost);
    if (st == GP_OK)
        st = SFX(nn_backward)(net, X, Y, m);
    if (st == GP_OK)
        SFX(nn_update)(net, lr);
    return st;
}

gp_status SFX(nn_accuracy)(NET *net, const T *X, const T *Y, size_t m, double *acc)
{
    size_t ok = 0;
    for (size_t j0 = 0; j0 < m; j0 += net->m_max) {
        size_t mb = m - j0 < net->m_max ? m - j0 : net->m_max;
        /* more examples than the caches hold: copy columns j0 .. j0+mb-1 to a block */
        if (mb != m) {
            T *Xb = malloc(net->n_x * mb * sizeof(T));
            if (!Xb)
                return GP_ERR_NULL;
            for (size_t i = 0; i < net->n_x; i++)
                memcpy(Xb + i * mb, X + i * m + j0, mb * sizeof(T));
            gp_status st = SFX(nn_forward)(net, Xb, NULL, mb, NULL);
            free(Xb);
            if (st != GP_OK)
                return st;
        } else {
            gp_status st = SFX(nn_forward)(net, X, NULL, mb, NULL);
            if (st != GP_OK)
                return st;
        }
        for (size_t j = 0; j < mb; j++)
            ok += ((net->A2[j] > (T)0.5) ? 1.0 : 0.0) == (double)Y[j0 + j];
    }
    *acc = m ? (double)ok / (double)m : 0.0;
    return GP_OK;
}

gp_status SFX(nn_gradcheck)(NET *net, const T *X, const T *Y, size_t m, double eps, nn_gradcheck_result *res)
{
    if (!res || m == 0 || m > net->m_max || !(eps > 0.0))
        return GP_ERR_PARAM;
    memset(res, 0, sizeof *res);
    size_t nx = net->n_x, nh = net->n_h, P = net->n_params;
    /* examples kept: every one, except (relu, leaky_relu) those with a unit near the kink */
    gp_status st = SFX(nn_forward)(net, X, Y, m, NULL);
    if (st != GP_OK)
        return st;
    int kinked = net->act.kind == GP_RELU || net->act.kind == GP_LEAKY_RELU;
    size_t *keep = malloc(m * sizeof *keep);
    T *Xs = malloc(nx * m * sizeof(T));
    T *Ys = malloc(m * sizeof(T));
    double *g_bp = malloc(P * sizeof *g_bp);
    if (!keep || !Xs || !Ys || !g_bp) {
        free(keep), free(Xs), free(Ys), free(g_bp);
        return GP_ERR_NULL;
    }
    size_t mu = 0;
    for (size_t j = 0; j < m; j++) {
        int ok = 1;
        if (kinked) {
            /* one parameter moved by eps moves Z1[h, j] by eps * x[k, j] (W1) or eps (b1) */
            double xmax = 1.0;
            for (size_t i = 0; i < nx; i++) {
                /* not fmax(): gcc 12 for AArch64 crashes vectorising that reduction
                 * (internal compiler error in vect_transform_reduction at -O3) */
                double a = fabs((double)X[i * m + j]);
                if (a > xmax)
                    xmax = a;
            }
            double reach = 1.25 * eps * xmax;
            for (size_t h = 0; h < nh && ok; h++)
                ok = fabs((double)net->Z1[h * m + j]) > reach;
        }
        if (ok)
            keep[mu++] = j;
    }
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
    st = SFX(nn_forward)(net, Xs, Ys, mu, &J);
    if (st == GP_OK)
        st = SFX(nn_backward)(net, Xs, Ys, mu);
    for (size_t p = 0; p < P && st == GP_OK; p++)
        g_bp[p] = (double)net->grads[p];
    double num2 = 0.0, bp2 = 0.0, diff2 = 0.0;
    for (size_t p = 0; p < P && st == GP_OK; p++) {
        T saved = net->params[p];
        double Jp = 0.0, Jm = 0.0;
        net->params[p] = saved + (T)eps;
        double hp = (double)net->params[p] - (double)saved; /* the step actually taken */
        st = SFX(nn_forward)(net, Xs, Ys, mu, &Jp);
        net->params[p] = saved - (T)eps;
        double hm = (double)saved - (double)net->params[p];
        if (st == GP_OK)
            st = SFX(nn_forward)(net, Xs, Ys, mu, &Jm);
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
        st = SFX(nn_forward)(net, X, Y, m, NULL);
    if (st == GP_OK)
        st = SFX(nn_backward)(net, X, Y, m);
    free(keep), free(Xs), free(Ys), free(g_bp);
    return st;
}

#undef NET
