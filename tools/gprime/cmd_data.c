/* gprime data: writes the notebook's flower data set as CSV (x1,x2,y), for
 * pandas, a spreadsheet or `gprime train --data` / `gprime predict --data`. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "data.h"

static void help(void)
{
    printf("Usage: gprime data --flower [--seed S] [--points M] [--out FILE.csv]\n"
           "Writes the notebook's planar flower data set (load_planar_dataset: np.random.seed(S),\n"
           "default 1, the notebook's; M points, default 400) as CSV with the header x1,x2,y,\n"
           "one point per row, every number with 17 significant digits so it reads back to the\n"
           "same double.  No index column: pandas.read_csv(FILE) gives the columns x1, x2, y.\n"
           "Without --out the CSV goes to stdout; with it the file is written whole or not at all.\n\n"
           "  --flower       the flower data (the only data set; the default)\n"
           "  --seed S       np.random.seed(S), 0 to 4294967295 (default 1)\n"
           "  --points M     even number of points (default 400)\n"
           "  --out FILE     write FILE instead of stdout\n"
           "  -h, --help     this help\n");
}

static void write_csv(FILE *f, const nn_data *d)
{
    fprintf(f, "x1,x2,y\n");
    for (size_t j = 0; j < d->m; j++)
        fprintf(f, "%.17g,%.17g,%d\n", d->X[j], d->X[d->m + j], d->Y[j] > 0.5);
}

int cmd_data(int argc, char **argv)
{
    enum { O_FLOWER = 256, O_SEED, O_POINTS, O_OUT };
    static const struct option opts[] = {
        {"flower", no_argument, NULL, O_FLOWER}, {"seed", required_argument, NULL, O_SEED},
        {"points", required_argument, NULL, O_POINTS}, {"out", required_argument, NULL, O_OUT},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    uint64_t seed = 1;
    size_t points = 400;
    const char *out = NULL;
    int c;
    argv[0] = "gprime data";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_FLOWER: break;
        case O_SEED:
            if (cli_parse_u64(optarg, &seed) || seed > UINT32_MAX)
                return cli_usage_error("data", "--seed wants an integer from 0 to 4294967295, not '%s'", optarg);
            break;
        case O_POINTS:
            if (cli_parse_size(optarg, &points) || points < 2 || points % 2 || points > 10000000)
                return cli_usage_error("data", "--points wants an even number from 2 to 1e7, not '%s'", optarg);
            break;
        case O_OUT: out = optarg; break;
        case 'h': help(); return 0;
        default: return cli_usage_error("data", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("data", "unexpected argument '%s'", argv[optind]);
    nn_data d;
    if (nn_flower(&d, points, (uint32_t)seed))
        return cli_fail("data", 1, "out of memory");
    int rc = 0;
    if (!out) {
        write_csv(stdout, &d);
    } else {
        gp_outfile o;
        if (gp_outfile_open(&o, out)) {
            rc = cli_fail("data", 2, "cannot write %s: %s", out, strerror(errno));
        } else {
            write_csv(o.f, &d);
            if (gp_outfile_commit(&o))
                rc = cli_fail("data", 1, "error writing %s: %s", out, strerror(errno));
            else
                printf("wrote %s (%zu points, np.random.seed(%llu))\n", out, d.m, (unsigned long long)seed);
        }
    }
    nn_data_free(&d);
    return rc;
}
