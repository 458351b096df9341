/* gprime demo: the slide's sanity checks for the four activations, then the
 * flower network trained with each of them as the hidden activation. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "train.h"

static void help(void)
{
    printf("Usage: gprime demo [OPTIONS]\n"
           "1. Sanity table: g(z), g'(z) from z and g'(z) from a = g(z) at z = -10, -1, 0, 1, 10\n"
           "   for sigmoid, tanh, relu and leaky_relu (float64).\n"
           "2. The flower data (400 points, 2 classes) learnt by a 2-n_h-1 network with each\n"
           "   activation in the hidden layer: same seed, same iterations; a gradient check\n"
           "   first, then final cost, training accuracy and time.\n\n"
           "  --hidden N   hidden units (default 4)\n"
           "  --lr R       learning rate (default 1.2)\n"
           "  --iters K    iterations (default 10000)\n"
           "  --seed S     seed (default 1)\n"
           "  -h, --help   this help\n");
}

/* The course's table: its four activations, by name. */
static const char *const course[] = {"sigmoid", "tanh", "relu", "leaky_relu"};
enum { N_COURSE = sizeof course / sizeof course[0] };

int cmd_demo(int argc, char **argv)
{
    enum { O_HIDDEN = 256, O_LR, O_ITERS, O_SEED };
    static const struct option opts[] = {
        {"hidden", required_argument, NULL, O_HIDDEN}, {"lr", required_argument, NULL, O_LR},
        {"iters", required_argument, NULL, O_ITERS},   {"seed", required_argument, NULL, O_SEED},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
    };
    train_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.hidden = 4;
    cfg.lr = 1.2;
    cfg.iters = 10000;
    cfg.seed = 1;
    cfg.gradcheck = 1;
    int c;
    argv[0] = "gprime demo";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_HIDDEN:
            if (cli_parse_size(optarg, &cfg.hidden) || cfg.hidden < 1 || cfg.hidden > 1000)
                return cli_usage_error("demo", "--hidden wants 1..1000, not '%s'", optarg);
            break;
        case O_LR:
            if (cli_parse_double(optarg, &cfg.lr) || !(cfg.lr > 0.0))
                return cli_usage_error("demo", "--lr wants a positive number, not '%s'", optarg);
            break;
        case O_ITERS:
            if (cli_parse_size(optarg, &cfg.iters) || cfg.iters > 1000000)
                return cli_usage_error("demo", "--iters wants 0..1e6, not '%s'", optarg);
            break;
        case O_SEED:
            if (cli_parse_u64(optarg, &cfg.seed))
                return cli_usage_error("demo", "--seed wants an unsigned integer, not '%s'", optarg);
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("demo", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);

    printf("gprime %s demo (isa %s)\n\n", gp_version(), gp_isa_name());
    printf("1. Sanity checks: g(z), g'(z) from z, g'(z) from the output a = g(z)\n\n");
    printf("  %-10s %6s  %13s  %13s  %13s\n", "activation", "z", "g(z)", "g'(z) from z", "g'(z) from a");
    static const double zs[] = {-10, -1, 0, 1, 10};
    enum { NZ = sizeof zs / sizeof zs[0] };
    for (int k = 0; k < N_COURSE; k++) {
        gp_act act;
        double g[NZ], dz[NZ], da[NZ];
        gp_status st = gp_act_parse(course[k], &act);
        if (st == GP_OK)
            st = gp_forward_f64(&act, NZ, zs, g);
        if (st == GP_OK)
            st = gp_grad_f64(&act, NZ, zs, dz);
        if (st == GP_OK)
            st = gp_grad_from_output_f64(&act, NZ, g, da);
        if (st != GP_OK)
            return cli_fail("demo", 1, "%s: %s", course[k], gp_strerror(st));
        char spec[96];
        gp_act_format(&act, spec, sizeof spec);
        for (int i = 0; i < NZ; i++)
            printf("  %-10s %6g  %13.6g  %13.6g  %13.6g\n", i == 0 ? spec : "", zs[i], g[i], dz[i], da[i]);
    }
    printf("\n  sigmoid: g(0) = 0.5 and g'(0) = 0.25; at z = +-10, g'(z) ~ 4.5e-05 (flat tails).\n");
    printf("  leaky_relu: alpha = 0.01; relu/leaky_relu take the left slope at z = 0.\n\n");

    nn_data d;
    if (nn_flower(&d, 400, cfg.seed))
        return cli_fail("demo", 1, "out of memory");
    nn_data none;
    memset(&none, 0, sizeof none);
    printf("2. Flower data (400 points, seed %llu): 2-%zu-1 network, hidden g, output sigmoid,\n"
           "   cross-entropy, full-batch gradient descent, lr %g, %zu iterations, float64\n\n",
           (unsigned long long)cfg.seed, cfg.hidden, cfg.lr, cfg.iters);
    printf("  %-10s  %10s  %10s  %13s  %8s\n", "hidden g", "grad check", "final cost", "train accuracy", "time");
    fflush(stdout);
    int rc = 0;
    for (int k = 0; k < N_COURSE; k++) {
        gp_act_parse(course[k], &cfg.act);
        train_result res;
        int r = train_network(&cfg, &d, &none, &res);
        if (r == 1) {
            rc = 1;
            break;
        }
        if (r == 3)
            rc = 1; /* the gradient check failed: say so in the table, go on */
        if (r == 3)
            printf("  %-10s  %10.2e  %10s  %13s  %8s  <- gradient check FAILED\n", course[k],
                   res.gc.rel_diff, "-", "-", "-");
        else
            printf("  %-10s  %10.2e  %10.6f  %11.2f %%  %6.2f s\n", course[k], res.gc.rel_diff,
                   res.final_cost, 100.0 * res.train_acc, res.seconds);
        fflush(stdout);
    }
    nn_data_free(&d);
    if (rc == 0)
        printf("\n  grad check: ||g_num - g_bp|| / (||g_num|| + ||g_bp||), central differences\n"
               "  (eps 1e-5) on all %zu parameters at the initial weights; below 1e-7 passes.\n",
               2 * cfg.hidden + 2 * cfg.hidden + 1);
    return rc;
}
