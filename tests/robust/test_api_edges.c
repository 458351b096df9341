/* Odd arguments of the API that the other tests do not reach: NULL act to
 * gp_act_check, a length whose byte size overflows size_t, ISA numbers outside
 * the table, unknown ISA names, negative thread counts and the
 * GPRIME_NUM_THREADS variable (valid, garbage, zero, too large).  Every error
 * leaves the output untouched. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "robust_util.h"

static int bad;
#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                         \
            bad++;                                                                             \
        }                                                                                      \
    } while (0)

int main(void)
{
    CHECK(gp_act_check(NULL, 0) == GP_ERR_NULL);
    CHECK(gp_act_check(NULL, 1) == GP_ERR_NULL);

    /* n * sizeof(T) overflows: GP_ERR_PARAM before any access */
    gp_act s = gp_act_default(GP_SIGMOID);
    float x[4] = {1, 2, 3, 4}, o[4] = {9, 9, 9, 9};
    double xd[4] = {1, 2, 3, 4}, od[4] = {9, 9, 9, 9};
    CHECK(gp_forward_f32(&s, SIZE_MAX / sizeof(float) + 1, x, o) == GP_ERR_PARAM);
    CHECK(gp_backward_f64(&s, SIZE_MAX / sizeof(double) + 1, xd, xd, od) == GP_ERR_PARAM);
    CHECK(gp_forward_f64(&s, SIZE_MAX, xd, od) == GP_ERR_PARAM);
    CHECK(o[0] == 9 && o[3] == 9 && od[0] == 9 && od[3] == 9);
    /* an operation outside gp_op */
    CHECK(gp_apply_f32(&s, (gp_op)GP_OP_COUNT, 4, x, x, o) == GP_ERR_PARAM);
    CHECK(gp_apply_f64(&s, (gp_op)-1, 4, xd, xd, od) == GP_ERR_PARAM);
    CHECK(o[0] == 9 && od[0] == 9);

    /* ISA numbers and names outside the table */
    CHECK(gp_isa_table(-1) == NULL);
    CHECK(gp_isa_table(GP_ISA_COUNT) == NULL);
    CHECK(gp_isa_table(GP_ISA_GENERIC) != NULL);
    CHECK(gp_isa_available("neon") == 0);
    CHECK(gp_isa_available(NULL) == 0);
    CHECK(gp_isa_available("auto") == 1);
    CHECK(gp_isa_available("GENERIC") == 1);
    CHECK(gp_set_isa("neon") == GP_ERR_ISA);
    CHECK(gp_set_isa("") == GP_OK); /* "" = auto */
    CHECK(strcmp(gp_isa_name(), gp_isa_table(GP_ISA_AVX512)   ? "avx512"
                                : gp_isa_table(GP_ISA_AVX2) ? "avx2"
                                                            : "generic") == 0);

    /* threads */
    CHECK(gp_set_num_threads(-1) == GP_ERR_PARAM);
    CHECK(gp_set_num_threads(7) == GP_OK);
    int omp = gp_get_num_threads() == 7; /* else a build without threads: always 1 */
    if (!omp)
        CHECK(gp_get_num_threads() == 1);
    CHECK(gp_set_num_threads(0) == GP_OK);
    int autom = gp_get_num_threads();
    CHECK(autom >= 1);
    setenv("GPRIME_NUM_THREADS", "3", 1);
    CHECK(gp_get_num_threads() == (omp ? 3 : 1));
    const char *junk[] = {"abc", "0", "-2", "4096", "3x", ""};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        setenv("GPRIME_NUM_THREADS", junk[i], 1);
        CHECK(gp_get_num_threads() == autom);
    }
    unsetenv("GPRIME_NUM_THREADS");
    /* a split over 3 threads still gives every element */
    if (omp) {
        size_t n = 40000;
        float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *r = malloc(n * sizeof *r);
        if (!a || !b || !r)
            return 2;
        for (size_t i = 0; i < n; i++)
            a[i] = (float)i * 0.001f - 20.0f;
        gp_set_num_threads(1);
        CHECK(gp_forward_f32(&s, n, a, r) == GP_OK);
        gp_set_num_threads(3);
        CHECK(gp_forward_f32(&s, n, a, b) == GP_OK);
        CHECK(memcmp(r, b, n * sizeof *b) == 0);
        free(a), free(b), free(r);
    }
    gp_set_num_threads(0);
    if (bad) {
        fprintf(stderr, "test_api_edges: %d checks failed\n", bad);
        return 1;
    }
    printf("test_api_edges: all checks passed (threads %s)\n", omp ? "on" : "off");
    return 0;
}
