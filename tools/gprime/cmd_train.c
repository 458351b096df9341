/* gprime train: the one-hidden-layer network on the flower data or a CSV file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csv.h"
#include "train.h"

static void help(void)
{
    printf("Usage: gprime train [DATA] [OPTIONS]\n"
           "Trains X (n_x, m) -> n_h hidden units g -> 1 sigmoid unit with cross-entropy\n"
           "cost by full-batch gradient descent, then prints train/test accuracy.\n\n"
           "Data (default --flower):\n"
           "  --flower             the course's planar flower data (2 classes, petals)\n"
           "  --points M           flower size, even (default 400)\n"
           "  --data FILE.csv      numeric CSV file, one example per row\n"
           "  --label NAME|INDEX   label column (0/1) by name or index, negative from the end\n"
           "                       (default: the last column)\n"
           "  --no-header          the first row is data; columns are named 0, 1, ...\n"
           "  --skip-rows N        drop N lines before the header/data (default 0)\n"
           "  --delimiter C        field separator (default ',')\n"
           "  --no-standardize     keep CSV features as they are (default: mean 0, sd 1 from\n"
           "                       the training split)\n"
           "  --test-frac F        test fraction in [0, 1) (default 0.3 for CSV, 0 for flower)\n"
           "Network and training:\n"
           "  --act ACT            hidden activation (default tanh)\n"
           "  --hidden N           hidden units n_h (default 4)\n"
           "  --lr R               learning rate (default 1.2)\n"
           "  --iters K            iterations (default 10000)\n"
           "  --seed S             seed of data, weights and split (default 1)\n"
           "  --type f64|f32       arithmetic (default f64)\n"
           "  --gradcheck          gradient check first (central differences on every\n"
           "                       parameter; stops with status 1 if it fails)\n"
           "  --save-curve FILE    write iteration,cost as CSV\n"
           "  --print-every N      print the cost every N iterations (default 1000, 0 = never)\n"
           "  --quiet              no progress bar\n"
           "  -h, --help           this help\n\n"
           "Example, Debian's copy of the Wisconsin breast-cancer data:\n"
           "  gprime train --data /usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv \\\n"
           "      --skip-rows 1 --no-header --label -1 --hidden 8 --act tanh --lr 0.5 --iters 2000\n");
}

static void progress(size_t it, size_t iters, double cost, double t0)
{
    int width = 30, fill = iters ? (int)((double)it / (double)iters * width) : width;
    fprintf(stderr, "\r  [");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%%  iter %zu/%zu  loss %.6f  %.1f s ", iters ? (int)(100.0 * (double)it / (double)iters) : 100,
            it, iters, cost, cli_now() - t0);
    fflush(stderr);
}

// train_network: build the network, check its gradient, gradient descent, then the cost and accuracies
// train X (n_x, m), Y (1, m); test (n_x, test->m), maybe empty
int train_network(const train_cfg *cfg, const nn_data *train, const nn_data *test, train_result *res)
{
    memset(res, 0, sizeof *res);
    res->gc_eps = cfg->f32 ? 1e-3 : 1e-5;
    res->gc_limit = cfg->f32 ? 1e-4 : 1e-7;
    int bar = cfg->progress && isatty(STDERR_FILENO);
    const double *X = train->X, *Y = train->Y;
    size_t m = train->m;
    nn_net net;
    gp_status st = nn_create(&net, train->n_x, cfg->hidden, m, &cfg->act, cfg->f32, cfg->seed);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: cannot build the network: %s\n", gp_strerror(st));
        return 1;
    }
    if (cfg->gradcheck) {
        st = nn_gradcheck(&net, X, Y, m, res->gc_eps, &res->gc);
        if (st != GP_OK) {
            fprintf(stderr, "gprime: gradient check: %s\n", gp_strerror(st));
            nn_free(&net);
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
            nn_free(&net);
            return 3;
        }
    }

    // gradient descent: forward, backward, update, cfg->iters times
    double t0 = cli_now(), cost = 0.0, last_draw = -1.0;
    for (size_t it = 0; it < cfg->iters && st == GP_OK; it++) {
        st = nn_step(&net, X, Y, m, cfg->lr, &cost);
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
        st = nn_forward(&net, X, Y, m, &res->final_cost);
    if (cfg->curve)
        cfg->curve[cfg->iters] = res->final_cost;
    if (st == GP_OK)
        st = nn_accuracy(&net, X, Y, m, &res->train_acc);
    if (st == GP_OK && test->m)
        st = nn_accuracy(&net, test->X, test->Y, test->m, &res->test_acc);
    res->seconds = cli_now() - t0;
    if (bar)
        fputc('\n', stderr);
    nn_free(&net);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: training failed: %s\n", gp_strerror(st));
        return 1;
    }
    return 0;
}

enum {
    O_FLOWER = 256, O_POINTS, O_DATA, O_LABEL, O_NOHEADER, O_SKIP, O_DELIM, O_NOSTD, O_TESTFRAC, O_ACT, O_HIDDEN,
    O_LR, O_ITERS, O_SEED, O_TYPE, O_GRADCHECK, O_CURVE, O_EVERY, O_QUIET
};

static int write_curve(const char *path, const double *curve, size_t iters)
{
    gp_outfile o;
    if (gp_outfile_open(&o, path))
        return cli_fail("train", 2, "cannot write %s: %s", path, strerror(errno));
    fprintf(o.f, "iteration,cost\n");
    for (size_t i = 0; i <= iters; i++)
        fprintf(o.f, "%zu,%.17g\n", i, curve[i]);
    if (gp_outfile_commit(&o))
        return cli_fail("train", 1, "error writing %s: %s", path, strerror(errno));
    return 0;
}

int cmd_train(int argc, char **argv)
{
    static const struct option opts[] = {
        {"flower", no_argument, NULL, O_FLOWER},         {"points", required_argument, NULL, O_POINTS},
        {"data", required_argument, NULL, O_DATA},       {"label", required_argument, NULL, O_LABEL},
        {"no-header", no_argument, NULL, O_NOHEADER},    {"skip-rows", required_argument, NULL, O_SKIP},
        {"delimiter", required_argument, NULL, O_DELIM}, {"no-standardize", no_argument, NULL, O_NOSTD},
        {"test-frac", required_argument, NULL, O_TESTFRAC}, {"act", required_argument, NULL, O_ACT},
        {"hidden", required_argument, NULL, O_HIDDEN},   {"lr", required_argument, NULL, O_LR},
        {"iters", required_argument, NULL, O_ITERS},     {"seed", required_argument, NULL, O_SEED},
        {"type", required_argument, NULL, O_TYPE},       {"gradcheck", no_argument, NULL, O_GRADCHECK},
        {"save-curve", required_argument, NULL, O_CURVE}, {"print-every", required_argument, NULL, O_EVERY},
        {"quiet", no_argument, NULL, O_QUIET},           {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    train_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    gp_act_parse("tanh", &cfg.act);
    cfg.hidden = 4;
    cfg.lr = 1.2;
    cfg.iters = 10000;
    cfg.seed = 1;
    cfg.progress = 1;
    cfg.print_every = 1000;
    cfg.show_gradcheck = 1;
    const char *data = NULL, *label = NULL, *curve_path = NULL;
    int flower = 0, standardize = 1;
    double test_frac = -1.0;
    size_t points = 400;
    gp_csv_options copt;
    gp_csv_options_default(&copt);
    int c, rc;
    argv[0] = "gprime train";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_FLOWER: flower = 1; break;
        case O_POINTS:
            if (cli_parse_size(optarg, &points) || points < 2 || points % 2 || points > 10000000)
                return cli_usage_error("train", "--points wants an even number from 2 to 1e7, not '%s'", optarg);
            break;
        case O_DATA: data = optarg; break;
        case O_LABEL: label = optarg; break;
        case O_NOHEADER: copt.header = 0; break;
        case O_SKIP:
            if (cli_parse_size(optarg, &copt.skip_rows))
                return cli_usage_error("train", "--skip-rows wants a count, not '%s'", optarg);
            break;
        case O_DELIM:
            if (strlen(optarg) != 1 || strchr("\" \t\r\n", optarg[0]))
                return cli_usage_error("train", "--delimiter wants one character (not a quote or blank)");
            copt.delim = optarg[0];
            break;
        case O_NOSTD: standardize = 0; break;
        case O_TESTFRAC:
            if (cli_parse_double(optarg, &test_frac) || !(test_frac >= 0.0 && test_frac < 1.0))
                return cli_usage_error("train", "--test-frac wants a number in [0, 1), not '%s'", optarg);
            break;
        case O_ACT:
            if ((rc = cli_parse_act("train", optarg, &cfg.act)) != 0)
                return rc;
            break;
        case O_HIDDEN:
            if (cli_parse_size(optarg, &cfg.hidden) || cfg.hidden < 1 || cfg.hidden > 100000)
                return cli_usage_error("train", "--hidden wants 1..100000, not '%s'", optarg);
            break;
        case O_LR:
            if (cli_parse_double(optarg, &cfg.lr) || !(cfg.lr > 0.0))
                return cli_usage_error("train", "--lr wants a positive number, not '%s'", optarg);
            break;
        case O_ITERS:
            if (cli_parse_size(optarg, &cfg.iters) || cfg.iters > 100000000)
                return cli_usage_error("train", "--iters wants 0..1e8, not '%s'", optarg);
            break;
        case O_SEED:
            if (cli_parse_u64(optarg, &cfg.seed))
                return cli_usage_error("train", "--seed wants an unsigned integer, not '%s'", optarg);
            break;
        case O_TYPE:
            if (strcmp(optarg, "f64") == 0)
                cfg.f32 = 0;
            else if (strcmp(optarg, "f32") == 0)
                cfg.f32 = 1;
            else
                return cli_usage_error("train", "--type must be f32 or f64, not '%s'", optarg);
            break;
        case O_GRADCHECK: cfg.gradcheck = 1; break;
        case O_CURVE: curve_path = optarg; break;
        case O_EVERY:
            if (cli_parse_size(optarg, &cfg.print_every))
                return cli_usage_error("train", "--print-every wants a count, not '%s'", optarg);
            break;
        case O_QUIET: cfg.progress = 0; break;
        case 'h': help(); return 0;
        default: return cli_usage_error("train", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (flower && data)
        return cli_usage_error("train", "--flower and --data exclude each other");
    if (!data && (label || !copt.header || copt.skip_rows || copt.delim != ','))
        return cli_usage_error("train", "--label, --no-header, --skip-rows and --delimiter need --data");

    nn_data all, train, test;
    memset(&all, 0, sizeof all);
    char desc[600];
    if (data) {
        gp_csv_table t;
        gp_csv_error err;
        if (gp_csv_read_file(data, &copt, &t, &err) != GP_CSV_OK)
            return cli_fail("train", 2, "%s", err.message);
        size_t col;
        if (gp_csv_find_column(&t, label, data, &col, &err) != GP_CSV_OK ||
            gp_csv_check_labels(&t, col, data, &err) != GP_CSV_OK) {
            gp_csv_free(&t);
            return cli_fail("train", 2, "%s", err.message);
        }
        if (t.cols < 2) {
            gp_csv_free(&t);
            return cli_fail("train", 2, "%s: no feature columns besides the label", data);
        }
        snprintf(desc, sizeof desc, "%.400s (%zu rows, %zu features, label column %zu '%.60s')", data, t.rows,
                 t.cols - 1, col, t.names[col]);
        int bad = nn_data_from_table(&all, &t, col);
        gp_csv_free(&t);
        if (bad)
            return cli_fail("train", 1, "out of memory");
        if (test_frac < 0.0)
            test_frac = 0.3;
    } else {
        if (nn_flower(&all, points, cfg.seed))
            return cli_fail("train", 1, "out of memory");
        snprintf(desc, sizeof desc, "flower (%zu points, 2 features, seed %llu)", points,
                 (unsigned long long)cfg.seed);
        standardize = 0;
        if (test_frac < 0.0)
            test_frac = 0.0;
    }
    if (nn_split(&all, test_frac, cfg.seed, &train, &test)) {
        nn_data_free(&all);
        return cli_fail("train", 1, "out of memory");
    }
    nn_data_free(&all);
    if (standardize)
        nn_standardize(&train, &test);

    double *curve = NULL;
    if (curve_path) {
        curve = malloc((cfg.iters + 1) * sizeof *curve);
        if (!curve) {
            nn_data_free(&train);
            nn_data_free(&test);
            return cli_fail("train", 1, "out of memory");
        }
        cfg.curve = curve;
    }
    char spec[96];
    gp_act_format(&cfg.act, spec, sizeof spec);
    printf("data: %s; train %zu, test %zu%s\n", desc, train.m, test.m, standardize ? ", standardised" : "");
    printf("network: %zu-%zu-1, hidden %s, output sigmoid, %s, lr %g, %zu iterations, seed %llu (isa %s)\n",
           train.n_x, cfg.hidden, spec, cfg.f32 ? "float32" : "float64", cfg.lr, cfg.iters,
           (unsigned long long)cfg.seed, gp_isa_name());
    fflush(stdout);
    train_result res;
    rc = train_network(&cfg, &train, &test, &res);
    if (rc == 0) {
        printf("final cost %.6f\n", res.final_cost);
        printf("train accuracy %.2f %% (%.0f/%zu)\n", 100.0 * res.train_acc, res.train_acc * (double)train.m,
               train.m);
        if (test.m)
            printf("test accuracy %.2f %% (%.0f/%zu)\n", 100.0 * res.test_acc, res.test_acc * (double)test.m,
                   test.m);
        printf("time %.2f s\n", res.seconds);
        if (curve_path) {
            rc = write_curve(curve_path, curve, cfg.iters);
            if (rc == 0)
                printf("wrote %s\n", curve_path);
        }
    } else if (rc == 3) {
        rc = 1;
    }
    free(curve);
    nn_data_free(&train);
    nn_data_free(&test);
    return rc;
}
