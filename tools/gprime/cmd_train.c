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
#include "model.h"
#include "nn_svg.h"
#include "train.h"

static void help(void)
{
    printf("Usage: gprime train [DATA] [OPTIONS]\n"
           "Trains X (n_x, m) -> n_h hidden units g -> 1 sigmoid unit with cross-entropy\n"
           "cost by full-batch gradient descent, then prints train/test accuracy.  The\n"
           "defaults are the course notebook's: its flower data, its initial weights,\n"
           "tanh, n_h 4, lr 1.2, 10000 iterations; it prints the notebook's cost lines.\n\n"
           "Data (default --flower):\n"
           "  --flower             the notebook's planar flower data (load_planar_dataset)\n"
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
           "  --seed S             flower: np.random.seed(S) for the data (default 1, the\n"
           "                       notebook's); also seeds the train/test shuffle\n"
           "Network and training:\n"
           "  --act ACT            hidden activation (default tanh)\n"
           "  --hidden N           hidden units n_h (default 4)\n"
           "  --lr R               learning rate (default 1.2)\n"
           "  --iters K            iterations (default 10000)\n"
           "  --init-seed S        initial weights as the notebook's initialize_parameters\n"
           "                       with np.random.seed(S) (default 2, the notebook's)\n"
           "  --init FILE          start from a saved model's weights (and its activation,\n"
           "                       n_h, type and standardisation) instead\n"
           "  --type f64|f32       arithmetic (default f64)\n"
           "  --gradcheck          gradient check first (central differences on every\n"
           "                       parameter; stops with status 1 if it fails)\n"
           "  --print-every N      print the cost every N iterations (default 1000, 0 = never)\n"
           "  --quiet              no progress bar\n"
           "Output files (each written whole or not at all):\n"
           "  --save-model FILE    the trained network (docs/CLI.md; `gprime predict` reads it)\n"
           "  --plot FILE.svg      the data and the decision boundary (2 features)\n"
           "  --plot-cost FILE.svg the cost curve\n"
           "  --save-curve FILE    iteration,cost as CSV\n"
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
int train_network(const train_cfg *cfg, const nn_data *train, const nn_data *test, train_result *res,
                  nn_net *trained)
{
    memset(res, 0, sizeof *res);
    res->gc_eps = cfg->f32 ? 1e-3 : 1e-5;
    res->gc_limit = cfg->f32 ? 1e-4 : 1e-7;
    int bar = cfg->progress && isatty(STDERR_FILENO);
    const double *X = train->X, *Y = train->Y;
    size_t m = train->m;
    nn_net net;
    const char *why = nn_size_problem(train->n_x, cfg->hidden, m);
    if (why) {
        fprintf(stderr, "gprime train: %s (inputs %zu, hidden %zu, examples %zu)\n", why, train->n_x, cfg->hidden,
                m);
        return 2;
    }
    gp_status st = nn_create(&net, train->n_x, cfg->hidden, m, &cfg->act, cfg->f32, cfg->init_seed);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: cannot build the network: %s\n", gp_strerror(st));
        return 1;
    }
    if (cfg->init)
        memcpy(net.params, cfg->init, net.n_params * sizeof *net.params);
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
    if (st == GP_OK && trained)
        *trained = net;
    else
        nn_free(&net);
    if (st != GP_OK) {
        fprintf(stderr, "gprime: training failed: %s\n", gp_strerror(st));
        return 1;
    }
    return 0;
}

enum {
    O_FLOWER = 256, O_POINTS, O_DATA, O_LABEL, O_NOHEADER, O_SKIP, O_DELIM, O_NOSTD, O_TESTFRAC, O_ACT, O_HIDDEN,
    O_LR, O_ITERS, O_SEED, O_INITSEED, O_INIT, O_TYPE, O_GRADCHECK, O_CURVE, O_EVERY, O_QUIET, O_SAVEMODEL, O_PLOT,
    O_PLOTCOST
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

static int write_model(const char *path, const nn_net *net, const double *mean, const double *scale)
{
    nn_model md = {net->act, net->f32, net->n_x, net->n_h, net->n_params, (double *)mean, (double *)scale,
                   net->params};
    gp_outfile o;
    if (gp_outfile_open(&o, path))
        return cli_fail("train", 2, "cannot write %s: %s", path, strerror(errno));
    if (nn_model_write(o.f, &md) || gp_outfile_commit(&o)) {
        int e = errno;
        gp_outfile_discard(&o);
        return cli_fail("train", 1, "error writing %s: %s", path, strerror(e));
    }
    return 0;
}

/* what the command line asked for besides the training itself */
typedef struct {
    const char *data, *label, *curve_path, *model_path, *init_path, *plot_path, *plot_cost_path;
    int flower, standardize, hidden_set, act_set, type_set;
    double test_frac;
    size_t points;
    gp_csv_options copt;
} train_args;

static int parse_args(int argc, char **argv, train_cfg *cfg, train_args *a)
{
    static const struct option opts[] = {
        {"flower", no_argument, NULL, O_FLOWER},         {"points", required_argument, NULL, O_POINTS},
        {"data", required_argument, NULL, O_DATA},       {"label", required_argument, NULL, O_LABEL},
        {"no-header", no_argument, NULL, O_NOHEADER},    {"skip-rows", required_argument, NULL, O_SKIP},
        {"delimiter", required_argument, NULL, O_DELIM}, {"no-standardize", no_argument, NULL, O_NOSTD},
        {"test-frac", required_argument, NULL, O_TESTFRAC}, {"act", required_argument, NULL, O_ACT},
        {"hidden", required_argument, NULL, O_HIDDEN},   {"lr", required_argument, NULL, O_LR},
        {"iters", required_argument, NULL, O_ITERS},     {"seed", required_argument, NULL, O_SEED},
        {"init-seed", required_argument, NULL, O_INITSEED}, {"init", required_argument, NULL, O_INIT},
        {"type", required_argument, NULL, O_TYPE},       {"gradcheck", no_argument, NULL, O_GRADCHECK},
        {"save-curve", required_argument, NULL, O_CURVE}, {"print-every", required_argument, NULL, O_EVERY},
        {"quiet", no_argument, NULL, O_QUIET},           {"save-model", required_argument, NULL, O_SAVEMODEL},
        {"plot", required_argument, NULL, O_PLOT},       {"plot-cost", required_argument, NULL, O_PLOTCOST},
        {"help", no_argument, NULL, 'h'},                {NULL, 0, NULL, 0},
    };
    int c, rc;
    uint64_t u;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_FLOWER: a->flower = 1; break;
        case O_POINTS:
            if (cli_parse_size(optarg, &a->points) || a->points < 2 || a->points % 2 || a->points > 10000000)
                return cli_usage_error("train", "--points wants an even number from 2 to 1e7, not '%s'", optarg);
            break;
        case O_DATA: a->data = optarg; break;
        case O_LABEL: a->label = optarg; break;
        case O_NOHEADER: a->copt.header = 0; break;
        case O_SKIP:
            if (cli_parse_size(optarg, &a->copt.skip_rows))
                return cli_usage_error("train", "--skip-rows wants a count, not '%s'", optarg);
            break;
        case O_DELIM:
            if (strlen(optarg) != 1 || strchr("\" \t\r\n", optarg[0]))
                return cli_usage_error("train", "--delimiter wants one character (not a quote or blank)");
            a->copt.delim = optarg[0];
            break;
        case O_NOSTD: a->standardize = 0; break;
        case O_TESTFRAC:
            if (cli_parse_double(optarg, &a->test_frac) || !(a->test_frac >= 0.0 && a->test_frac < 1.0))
                return cli_usage_error("train", "--test-frac wants a number in [0, 1), not '%s'", optarg);
            break;
        case O_ACT:
            if ((rc = cli_parse_act("train", optarg, &cfg->act)) != 0)
                return rc;
            a->act_set = 1;
            break;
        case O_HIDDEN:
            if (cli_parse_size(optarg, &cfg->hidden) || cfg->hidden < 1 || cfg->hidden > 100000)
                return cli_usage_error("train", "--hidden wants 1..100000, not '%s'", optarg);
            a->hidden_set = 1;
            break;
        case O_LR:
            if (cli_parse_double(optarg, &cfg->lr) || !(cfg->lr > 0.0))
                return cli_usage_error("train", "--lr wants a positive number, not '%s'", optarg);
            break;
        case O_ITERS:
            if (cli_parse_size(optarg, &cfg->iters) || cfg->iters > 100000000)
                return cli_usage_error("train", "--iters wants 0..1e8, not '%s'", optarg);
            break;
        case O_SEED:
            if (cli_parse_u64(optarg, &cfg->seed))
                return cli_usage_error("train", "--seed wants an unsigned integer, not '%s'", optarg);
            break;
        case O_INITSEED:
            if (cli_parse_u64(optarg, &u) || u > UINT32_MAX)
                return cli_usage_error("train", "--init-seed wants an integer from 0 to 4294967295, not '%s'", optarg);
            cfg->init_seed = (uint32_t)u;
            break;
        case O_INIT: a->init_path = optarg; break;
        case O_TYPE:
            if (strcmp(optarg, "f64") != 0 && strcmp(optarg, "f32") != 0)
                return cli_usage_error("train", "--type must be f32 or f64, not '%s'", optarg);
            cfg->f32 = optarg[1] == '3';
            a->type_set = 1;
            break;
        case O_GRADCHECK: cfg->gradcheck = 1; break;
        case O_CURVE: a->curve_path = optarg; break;
        case O_EVERY:
            if (cli_parse_size(optarg, &cfg->print_every))
                return cli_usage_error("train", "--print-every wants a count, not '%s'", optarg);
            break;
        case O_QUIET: cfg->progress = 0; break;
        case O_SAVEMODEL: a->model_path = optarg; break;
        case O_PLOT: a->plot_path = optarg; break;
        case O_PLOTCOST: a->plot_cost_path = optarg; break;
        case 'h': help(); return -1;
        default: return cli_usage_error("train", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (a->flower && a->data)
        return cli_usage_error("train", "--flower and --data exclude each other");
    if (!a->data && (a->label || !a->copt.header || a->copt.skip_rows || a->copt.delim != ','))
        return cli_usage_error("train", "--label, --no-header, --skip-rows and --delimiter need --data");
    if (!a->data && cfg->seed > UINT32_MAX)
        return cli_usage_error("train", "--seed of the flower data is np.random.seed's: 0 to 4294967295");
    return 0;
}

// load_data: the flower or the CSV file, in all; desc says which
static int load_data(const train_args *a, const train_cfg *cfg, nn_data *all, char *desc, size_t len)
{
    if (!a->data) {
        if (nn_flower(all, a->points, (uint32_t)cfg->seed))
            return cli_fail("train", 1, "out of memory");
        snprintf(desc, len, "flower (%zu points, 2 features, np.random.seed(%llu))", a->points,
                 (unsigned long long)cfg->seed);
        return 0;
    }
    gp_csv_table t;
    gp_csv_error err;
    if (gp_csv_read_file(a->data, &a->copt, &t, &err) != GP_CSV_OK)
        return cli_fail("train", 2, "%s", err.message);
    size_t col;
    if (gp_csv_find_column(&t, a->label, a->data, &col, &err) != GP_CSV_OK ||
        gp_csv_check_labels(&t, col, a->data, &err) != GP_CSV_OK) {
        gp_csv_free(&t);
        return cli_fail("train", 2, "%s", err.message);
    }
    if (t.cols < 2) {
        gp_csv_free(&t);
        return cli_fail("train", 2, "%s: no feature columns besides the label", a->data);
    }
    snprintf(desc, len, "%.400s (%zu rows, %zu features, label column %zu '%.60s')", a->data, t.rows, t.cols - 1,
             col, t.names[col]);
    int bad = nn_data_from_table(all, &t, col);
    gp_csv_free(&t);
    return bad ? cli_fail("train", 1, "out of memory") : 0;
}

// apply_init: the model file's network and standardisation; options that contradict it are errors
static int apply_init(const train_args *a, train_cfg *cfg, const nn_model *md, size_t n_x)
{
    char want[128], have[128];
    gp_act_format(&md->act, have, sizeof have);
    gp_act_format(&cfg->act, want, sizeof want);
    if (md->n_x != n_x)
        return cli_fail("train", 2, "%s: the model has %zu inputs, the data %zu features", a->init_path, md->n_x, n_x);
    if (a->hidden_set && cfg->hidden != md->n_h)
        return cli_fail("train", 2, "%s: the model has %zu hidden units, not --hidden %zu", a->init_path, md->n_h,
                        cfg->hidden);
    if (a->act_set && strcmp(want, have) != 0)
        return cli_fail("train", 2, "%s: the model's activation is %s, not --act %s", a->init_path, have, want);
    if (a->type_set && cfg->f32 != md->f32)
        return cli_fail("train", 2, "%s: the model is %s, not --type %s", a->init_path, md->f32 ? "f32" : "f64",
                        cfg->f32 ? "f32" : "f64");
    cfg->hidden = md->n_h;
    cfg->act = md->act;
    cfg->f32 = md->f32;
    cfg->init = md->params;
    return 0;
}

static void print_result(const train_result *res, const nn_data *train, const nn_data *test)
{
    printf("final cost %.6f\n", res->final_cost);
    printf("train accuracy %.2f %% (%.0f/%zu)\n", 100.0 * res->train_acc, res->train_acc * (double)train->m, train->m);
    if (test->m)
        printf("test accuracy %.2f %% (%.0f/%zu)\n", 100.0 * res->test_acc, res->test_acc * (double)test->m, test->m);
    printf("time %.2f s\n", res->seconds);
}

// outputs: the files asked for, from the trained network; raw is the training data before standardising
static int outputs(const train_args *a, const train_cfg *cfg, const train_result *res, nn_net *net,
                   const nn_data *raw, const double *mean, const double *scale)
{
    int rc = 0;
    char spec[128], title[256];
    gp_act_format(&cfg->act, spec, sizeof spec);
    if (a->curve_path && (rc = write_curve(a->curve_path, cfg->curve, cfg->iters)) == 0)
        printf("wrote %s\n", a->curve_path);
    if (rc == 0 && a->model_path && (rc = write_model(a->model_path, net, mean, scale)) == 0)
        printf("wrote %s\n", a->model_path);
    if (rc == 0 && a->plot_path) {
        snprintf(title, sizeof title, "Decision boundary: hidden %s, n_h = %zu, %zu iterations, train accuracy %.2f %%",
                 spec, cfg->hidden, cfg->iters, 100.0 * res->train_acc);
        if ((rc = nn_svg_boundary("train", a->plot_path, net, raw, mean, scale, title)) == 0)
            printf("wrote %s\n", a->plot_path);
    }
    if (rc == 0 && a->plot_cost_path) {
        snprintf(title, sizeof title, "Cost: hidden %s, n_h = %zu, lr %g, final %.6f", spec, cfg->hidden, cfg->lr,
                 res->final_cost);
        if ((rc = nn_svg_cost("train", a->plot_cost_path, cfg->curve, cfg->iters + 1, title)) == 0)
            printf("wrote %s\n", a->plot_cost_path);
    }
    return rc;
}

int cmd_train(int argc, char **argv)
{
    train_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    gp_act_parse("tanh", &cfg.act);
    cfg.hidden = 4;
    cfg.lr = 1.2;
    cfg.iters = 10000;
    cfg.seed = 1;
    cfg.init_seed = 2;
    cfg.progress = 1;
    cfg.print_every = 1000;
    cfg.show_gradcheck = 1;
    train_args a;
    memset(&a, 0, sizeof a);
    a.standardize = 1;
    a.test_frac = -1.0;
    a.points = 400;
    gp_csv_options_default(&a.copt);
    argv[0] = "gprime train";
    int rc = parse_args(argc, argv, &cfg, &a);
    if (rc)
        return rc < 0 ? 0 : rc;

    nn_data all, train, test, raw;
    memset(&all, 0, sizeof all);
    memset(&raw, 0, sizeof raw);
    char desc[600];
    if ((rc = load_data(&a, &cfg, &all, desc, sizeof desc)) != 0)
        return rc;
    if (a.test_frac < 0.0)
        a.test_frac = a.data ? 0.3 : 0.0;
    int standardize = a.data && a.standardize;
    nn_model md;
    memset(&md, 0, sizeof md);
    char err[600];
    if (a.init_path && nn_model_read_file(a.init_path, &md, err, sizeof err)) {
        nn_data_free(&all);
        return cli_fail("train", 2, "%s", err);
    }
    if (a.init_path && (rc = apply_init(&a, &cfg, &md, all.n_x)) != 0) {
        nn_data_free(&all);
        nn_model_free(&md);
        return rc;
    }
    if (a.init_path)
        standardize = md.mean != NULL;
    int bad = nn_split(&all, a.test_frac, cfg.seed, &train, &test);
    nn_data_free(&all);
    /* the raw training data for the picture, the standardisation's statistics */
    double *mean = calloc(train.n_x + 1, sizeof *mean), *scale = calloc(train.n_x + 1, sizeof *scale);
    double *curve = (a.curve_path || a.plot_cost_path) ? malloc((cfg.iters + 1) * sizeof *curve) : NULL;
    if (bad || !mean || !scale || ((a.curve_path || a.plot_cost_path) && !curve) ||
        (a.plot_path && nn_data_copy(&raw, &train))) {
        rc = cli_fail("train", 1, "out of memory");
        goto done;
    }
    cfg.curve = curve;
    if (standardize) {
        if (md.mean)
            memcpy(mean, md.mean, train.n_x * sizeof *mean), memcpy(scale, md.scale, train.n_x * sizeof *scale);
        else
            nn_standardize_stats(&train, mean, scale);
        nn_standardize_apply(&train, mean, scale);
        nn_standardize_apply(&test, mean, scale);
    }
    char spec[128];
    gp_act_format(&cfg.act, spec, sizeof spec);
    printf("data: %s; train %zu, test %zu%s\n", desc, train.m, test.m, standardize ? ", standardised" : "");
    if (a.init_path)
        printf("network: %zu-%zu-1, hidden %s, output sigmoid, %s, lr %g, %zu iterations, weights from %s (isa %s)\n",
               train.n_x, cfg.hidden, spec, cfg.f32 ? "float32" : "float64", cfg.lr, cfg.iters, a.init_path,
               gp_isa_name());
    else
        printf("network: %zu-%zu-1, hidden %s, output sigmoid, %s, lr %g, %zu iterations, np.random.seed(%u) "
               "weights (isa %s)\n", train.n_x, cfg.hidden, spec, cfg.f32 ? "float32" : "float64", cfg.lr, cfg.iters,
               (unsigned)cfg.init_seed, gp_isa_name());
    fflush(stdout);
    train_result res;
    nn_net net;
    rc = train_network(&cfg, &train, &test, &res, &net);
    if (rc == 0) {
        print_result(&res, &train, &test);
        rc = outputs(&a, &cfg, &res, &net, &raw, standardize ? mean : NULL, standardize ? scale : NULL);
        nn_free(&net);
    } else if (rc == 3) {
        rc = 1;
    }
done:
    free(curve);
    free(mean);
    free(scale);
    nn_model_free(&md);
    nn_data_free(&all);
    nn_data_free(&raw);
    nn_data_free(&train);
    nn_data_free(&test);
    return rc;
}
