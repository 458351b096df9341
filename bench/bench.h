/* gprime benchmark: gprime's kernels raced against the peer libraries found
 * at build time (oneDNN, XNNPACK, SLEEF, libm loops), plus a memory-bandwidth
 * probe and the thread-split threshold.  The same entry point serves the
 * standalone `gprime-bench` executable and the `gprime bench` CLI command.
 *
 * Options: see `gprime-bench --help`.  The table goes to stdout, progress to
 * stderr, and `--json FILE` writes every measurement for machines.
 * Returns 0 on success, 2 on a usage error, 1 on any other failure. */
#ifndef GPRIME_BENCH_H
#define GPRIME_BENCH_H

#ifdef __cplusplus
extern "C" {
#endif

int gp_bench_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
