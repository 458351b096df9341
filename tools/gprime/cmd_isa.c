/* gprime isa: the instruction set the library runs, and which ones this CPU can. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

int cmd_isa(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    argv[0] = "gprime isa";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: gprime isa\n"
                   "Prints the instruction set in use (set by --isa, the GPRIME_ISA environment\n"
                   "variable, or the best the CPU runs) and, for each one, whether it is available.\n");
            return 0;
        }
        return cli_usage_error("isa", "bad option");
    }
    if (optind < argc)
        return cli_usage_error("isa", "unexpected argument '%s'", argv[optind]);
    const char *env = getenv("GPRIME_ISA");
    printf("active: %s\n", gp_isa_name());
    if (env)
        printf("GPRIME_ISA=%s\n", env);
    static const char *isas[] = {"generic", "avx2", "avx512"};
    for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++)
        printf("%-8s %s\n", isas[i], gp_isa_available(isas[i]) ? "available" : "not available");
    return 0;
}
