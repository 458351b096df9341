/* gprime: the command-line face of the library.  `gprime COMMAND --help`. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"eval", cmd_eval, "table of z, g(z), g'(z) from z and from a = g(z)"},
    {"check", cmd_check, "compare g'(z) with a central difference and the from-output form"},
    {"plot", cmd_plot, "g and g' on one chart (SVG file, or text on the terminal)"},
    {"train", cmd_train, "train the one-hidden-layer network (flower data or a CSV file)"},
    {"predict", cmd_predict, "run a saved model (train --save-model) on a CSV file"},
    {"data", cmd_data, "write the notebook's flower data set as CSV"},
    {"demo", cmd_demo, "sanity table + the course notebook's network, its costs beside gprime's"},
    {"bench", cmd_bench, "benchmark the kernels against peer libraries"},
    {"isa", cmd_isa, "the instruction set in use and the available ones"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: gprime [--isa NAME] COMMAND [OPTIONS] [ARGS]\n"
            "Neural-network activations and their derivatives g'(z), and a small network using them.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\nGlobal options:\n"
            "  --isa NAME    instruction set: auto, generic, avx2, avx512 (default: GPRIME_ISA or auto)\n"
            "  -h, --help    this help; `gprime COMMAND --help` for a command\n"
            "  -V, --version the version\n"
            "\nActivations, with their parameters and defaults (ACT is NAME or NAME(KEY=VALUE, ...),\n"
            "e.g. 'leaky_relu(alpha=0.2)'; `gprime eval --help` has the formulas):\n");
    cli_print_acts(f, 0);
    fprintf(f, "Exit status: 0 success, 1 failure, 2 bad use or bad input.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"isa", required_argument, NULL, 'i'},
        {NULL, 0, NULL, 0},
    };
    const char *isa = NULL;
    int c;
    /* '+': stop at the command name; its options are its own */
    while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return fflush(stdout) == 0 ? 0 : 1;
        case 'V':
            printf("gprime %s (library %s, isa %s)\n", GPRIME_VERSION_STRING, gp_version(), gp_isa_name());
            return fflush(stdout) == 0 ? 0 : 1;
        case 'i':
            isa = optarg;
            break;
        default:
            fprintf(stderr, "Try 'gprime --help'.\n");
            return 2;
        }
    }
    if (isa) {
        gp_status st = gp_set_isa(isa);
        if (st != GP_OK)
            return cli_usage_error(NULL, "--isa %s: %s", isa, gp_strerror(st));
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[optind];
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            int first = optind;
            cli_reset_getopt();
            int rc = commands[i].run(argc - first, argv + first);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "gprime %s: error writing the output\n", name);
                if (rc == 0)
                    rc = 1;
            }
            return rc;
        }
    }
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
