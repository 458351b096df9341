/* gprime predict: a saved model (gprime train --save-model) on new data. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"
#include "data.h"
#include "model.h"
#include "net.h"

static void help(void)
{
    printf("Usage: gprime predict --model FILE --data X.csv [--label NAME|INDEX] [OPTIONS]\n"
           "Runs a saved model (gprime train --save-model) on every row of X.csv and writes\n"
           "CSV with the header probability,label: A2 = P(y = 1) with 17 significant digits,\n"
           "and the predicted label (1 where A2 > 0.5).  The model's standardisation is\n"
           "applied first.  X.csv holds the model's n_x features, in the training order;\n"
           "with --label, that column is the true label and is left out of the features, and\n"
           "the accuracy is reported.\n\n"
           "  --model FILE         the model\n"
           "  --data FILE.csv      the examples, one per row\n"
           "  --label NAME|INDEX   the label column, if X.csv has one (negative from the end)\n"
           "  --no-header          the first row is data\n"
           "  --skip-rows N        drop N lines before the header/data\n"
           "  --delimiter C        field separator (default ',')\n"
           "  --out FILE.csv       write there (whole or not at all) instead of stdout; the\n"
           "                       summary goes to stdout, else to stderr\n"
           "  -h, --help           this help\n");
}

// load: the CSV's features (and labels) as the model's input, standardised like the training data
static int load(const char *data, const char *label, const gp_csv_options *copt, const nn_model *md, nn_data *d)
{
    gp_csv_table t;
    gp_csv_error err;
    if (gp_csv_read_file(data, copt, &t, &err) != GP_CSV_OK)
        return cli_fail("predict", 2, "%s", err.message);
    size_t col = NN_NO_LABEL;
    if (label && (gp_csv_find_column(&t, label, data, &col, &err) != GP_CSV_OK ||
                  gp_csv_check_labels(&t, col, data, &err) != GP_CSV_OK)) {
        gp_csv_free(&t);
        return cli_fail("predict", 2, "%s", err.message);
    }
    size_t n_x = t.cols - (label ? 1 : 0);
    if (n_x != md->n_x) {
        int one_more = !label && t.cols == md->n_x + 1;
        gp_csv_free(&t);
        return cli_fail("predict", 2, "%s: %zu feature columns, the model wants %zu%s", data, n_x, md->n_x,
                        one_more ? " (is one of them the label? name it with --label)" : "");
    }
    int bad = nn_data_from_table(d, &t, col);
    gp_csv_free(&t);
    if (bad)
        return cli_fail("predict", 1, "out of memory");
    if (md->mean)
        nn_standardize_apply(d, md->mean, md->scale);
    return 0;
}

static void write_csv(FILE *f, const double *p, size_t m)
{
    fprintf(f, "probability,label\n");
    for (size_t j = 0; j < m; j++)
        fprintf(f, "%.17g,%d\n", p[j], p[j] > 0.5);
}

int cmd_predict(int argc, char **argv)
{
    enum { O_MODEL = 256, O_DATA, O_LABEL, O_NOHEADER, O_SKIP, O_DELIM, O_OUT };
    static const struct option opts[] = {
        {"model", required_argument, NULL, O_MODEL},     {"data", required_argument, NULL, O_DATA},
        {"label", required_argument, NULL, O_LABEL},     {"no-header", no_argument, NULL, O_NOHEADER},
        {"skip-rows", required_argument, NULL, O_SKIP},  {"delimiter", required_argument, NULL, O_DELIM},
        {"out", required_argument, NULL, O_OUT},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *model = NULL, *data = NULL, *label = NULL, *out = NULL;
    gp_csv_options copt;
    gp_csv_options_default(&copt);
    int c;
    argv[0] = "gprime predict";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_MODEL: model = optarg; break;
        case O_DATA: data = optarg; break;
        case O_LABEL: label = optarg; break;
        case O_NOHEADER: copt.header = 0; break;
        case O_SKIP:
            if (cli_parse_size(optarg, &copt.skip_rows))
                return cli_usage_error("predict", "--skip-rows wants a count, not '%s'", optarg);
            break;
        case O_DELIM:
            if (strlen(optarg) != 1 || strchr("\" \t\r\n", optarg[0]))
                return cli_usage_error("predict", "--delimiter wants one character (not a quote or blank)");
            copt.delim = optarg[0];
            break;
        case O_OUT: out = optarg; break;
        case 'h': help(); return 0;
        default: return cli_usage_error("predict", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("predict", "unexpected argument '%s'", argv[optind]);
    if (!model || !data)
        return cli_usage_error("predict", "--model and --data are both needed");

    nn_model md;
    char err[600];
    if (nn_model_read_file(model, &md, err, sizeof err))
        return cli_fail("predict", 2, "%s", err);
    nn_data d;
    memset(&d, 0, sizeof d);
    int rc = load(data, label, &copt, &md, &d);
    nn_net net;
    memset(&net, 0, sizeof net);
    double *p = NULL;
    if (rc == 0) {
        size_t block = d.m < 65536 ? d.m : 65536;
        gp_status st = nn_create(&net, md.n_x, md.n_h, block, &md.act, md.f32, 0);
        p = malloc(d.m * sizeof *p);
        if (st == GP_OK && !p)
            st = GP_ERR_NULL;
        if (st == GP_OK) {
            memcpy(net.params, md.params, md.n_params * sizeof *md.params);
            st = nn_predict(&net, d.X, d.m, p);
        }
        if (st != GP_OK)
            rc = cli_fail("predict", 1, "%s", gp_strerror(st));
    }
    FILE *summary = out ? stdout : stderr;
    if (rc == 0 && !out) {
        write_csv(stdout, p, d.m);
    } else if (rc == 0) {
        gp_outfile o;
        if (gp_outfile_open(&o, out)) {
            rc = cli_fail("predict", 2, "cannot write %s: %s", out, strerror(errno));
        } else {
            write_csv(o.f, p, d.m);
            if (gp_outfile_commit(&o))
                rc = cli_fail("predict", 1, "error writing %s: %s", out, strerror(errno));
            else
                printf("wrote %s (%zu rows)\n", out, d.m);
        }
    }
    if (rc == 0 && label) {
        size_t ok = 0;
        for (size_t j = 0; j < d.m; j++)
            ok += (p[j] > 0.5) == (d.Y[j] > 0.5);
        fprintf(summary, "accuracy %.2f %% (%zu/%zu)\n", 100.0 * (double)ok / (double)d.m, ok, d.m);
    }
    free(p);
    nn_free(&net);
    nn_data_free(&d);
    nn_model_free(&md);
    return rc;
}
