/* gprime-bench: the standalone benchmark executable (see bench/bench.h). */
#include "bench.h"

int main(int argc, char **argv) { return gp_bench_main(argc, argv); }
