/* gprime bench: runs the benchmark executable, gprime-bench (bench/), with
 * the same arguments.  It is looked for next to this gprime (the install puts
 * both in one bindir), then where this build made it (GP_BENCH_BUILD_PATH),
 * then in the install bindir (GP_BENCH_INSTALL_PATH), then on PATH. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define GP_BENCH_EXE "gprime-bench"

/* execv returns only when it failed: then the next place is tried */
static void gp_try_dir_of_self(char **argv)
{
    char path[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
    if (len <= 0)
        return;
    path[len] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash + 1 - path) + sizeof GP_BENCH_EXE > sizeof path)
        return;
    strcpy(slash + 1, GP_BENCH_EXE);
    execv(path, argv);
}

int cmd_bench(int argc, char **argv)
{
    argv[0] = "gprime bench"; /* the name gprime-bench's messages use */
    fflush(NULL);
    gp_try_dir_of_self(argv);
#ifdef GP_BENCH_BUILD_PATH
    execv(GP_BENCH_BUILD_PATH, argv);
#endif
#ifdef GP_BENCH_INSTALL_PATH
    execv(GP_BENCH_INSTALL_PATH, argv);
#endif
    execvp(GP_BENCH_EXE, argv);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: gprime bench [OPTIONS]\n"
                   "The kernels raced against peer libraries, by the " GP_BENCH_EXE " executable.  This gprime\n"
                   "was built without the benchmark, or " GP_BENCH_EXE " was not found.\n");
            return 0;
        }
    fprintf(stderr,
            "gprime was built without the benchmark: no " GP_BENCH_EXE " next to this gprime, in its build "
            "tree or install directory, nor on PATH (build it: -DGPRIME_BUILD_BENCH=ON, target " GP_BENCH_EXE
            ")\n");
    return 2;
}
