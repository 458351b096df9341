/* The training run of `gprime train`, written once for a real type T and
 * included by cmd_train.c twice (as src/nn/net_impl.h is by net.c):
 *   T       double or float
 *   SFX(x)  x##_f64 or x##_f32 (the network's functions and types)
 * X (n_x, m) and Y (1, m) are the training set, Xv, Yv the test set (mv
 * examples, maybe none).  Returns the command's status: 0, 1 (a failure),
 * 3 (the gradient check failed). */

static int SFX(train_run)(const train_cfg *cfg, const nn_data *train, const T *X, const T *Y, const T *Xv,
                          const T *Yv, size_t mv, int bar, train_result *res)
{
    size_t m = train->m;
    SFX(nn_net) net;
    gp_status st = SFX(nn_create)(&net, train->n_x, cfg->hidden, m, &cfg->act, cfg->seed);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: cannot build the network: %s\n", gp_strerror(st));
        return 1;
    }
    if (cfg->gradcheck) {
        st = SFX(nn_gradcheck)(&net, X, Y, m, res->gc_eps, &res->gc);
        if (st != GP_OK) {
            fprintf(stderr, "gprime: gradient check: %s\n", gp_strerror(st));
            SFX(nn_free)(&net);
            return 3;
        }
        res->gc_ok = res->gc.rel_diff < res->gc_limit;
        char pname[48];
        nn_param_name(train->n_x, cfg->hidden, res->gc.worst_param, pname, sizeof pname);
        if (cfg->show_gradcheck || !res->gc_ok)
            printf("gradient check (%s, eps %g, %zu parameters, %zu examples%s): relative difference "
                   "%.3e, largest |g_num - g_bp| %.2e at %s -> %s (limit %g)\n",
                   cfg->f32 ? "float32" : "float64", res->gc_eps, res->gc.n_params, res->gc.m_used,
                   res->gc.m_dropped ? ", kink examples left out" : "", res->gc.rel_diff, res->gc.max_abs_diff,
                   pname, res->gc_ok ? "ok" : "FAILED", res->gc_limit);
        if (!res->gc_ok) {
            SFX(nn_free)(&net);
            return 3;
        }
    }

    // gradient descent: forward, backward, update, cfg->iters times
    double t0 = cli_now(), cost = 0.0, last_draw = -1.0;
    for (size_t it = 0; it < cfg->iters && st == GP_OK; it++) {
        st = SFX(nn_step)(&net, X, Y, m, cfg->lr, &cost);
        if (cfg->curve)
            cfg->curve[it] = cost;
        if (cfg->print_every && it % cfg->print_every == 0)
            printf("Cost after iteration %zu: %.6f\n", it, cost);
        if (bar && (cli_now() - last_draw > 0.1 || it + 1 == cfg->iters)) {
            last_draw = cli_now();
            progress(it + 1, cfg->iters, cost, t0);
        }
    }

    // the trained network: final cost, train and test accuracy
    if (st == GP_OK)
        st = SFX(nn_forward)(&net, X, Y, m, &res->final_cost);
    if (cfg->curve)
        cfg->curve[cfg->iters] = res->final_cost;
    if (st == GP_OK)
        st = SFX(nn_accuracy)(&net, X, Y, m, &res->train_acc);
    if (st == GP_OK && mv)
        st = SFX(nn_accuracy)(&net, Xv, Yv, mv, &res->test_acc);
    res->seconds = cli_now() - t0;
    if (bar)
        fputc('\n', stderr);
    SFX(nn_free)(&net);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: training failed: %s\n", gp_strerror(st));
        return 1;
    }
    return 0;
}
