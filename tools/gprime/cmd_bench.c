/* gprime bench: the benchmark of bench/ when it was built in. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifdef GP_HAVE_BENCH
#include "bench.h"
#endif

int cmd_bench(int argc, char **argv)
{
#ifdef GP_HAVE_BENCH
    argv[0] = "gprime bench";
    return gp_bench_main(argc, argv);
#else
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: gprime bench [OPTIONS]\n"
                   "The kernels raced against peer libraries.  This gprime was built without\n"
                   "the benchmark (bench/ missing or -DGPRIME_BUILD_BENCH=OFF).\n");
            return 0;
        }
    fprintf(stderr, "gprime was built without the benchmark\n");
    return 2;
#endif
}
