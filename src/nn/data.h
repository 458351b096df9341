/* Data sets for the network, in the course's layout:
 * X is (n_x, m), one column per example, row-major: X[i * m + j] is feature i
 * of example j; Y is (1, m) of labels 0 or 1. */
#ifndef GP_NN_DATA_H
#define GP_NN_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"

typedef struct {
    size_t n_x, m;
    double *X;      /* (n_x, m) */
    double *Y;      /* (1, m) */
    char **names;   /* n_x feature names, or NULL */
} nn_data;

/* The course's planar "flower", numpy's load_planar_dataset() bit for bit:
 * m points (m even, >= 2; the notebook's m = 400), N = m/2 per class, petal
 * length a = 4, np.random.seed(seed) (the notebook's seed is 1; mt19937.h).
 * For class j in {0, 1}, points N*j .. N*(j+1)-1:
 *   t = np.linspace(j*3.12, (j+1)*3.12, N) + np.random.randn(N)*0.2
 *   r = a*np.sin(4*t) + np.random.randn(N)*0.2
 *   x = (r sin t, r cos t), label j
 * sin and cos are the C library's, as numpy's are (on glibc x86-64, Debian's
 * numpy 1.24 gives the same 400 points bit for bit: tests/nn/numpy_oracle.py).
 * Returns 0, or -1 (bad m, out of memory). */
int nn_flower(nn_data *d, size_t m, uint32_t seed);

/* Features from every column but label_col, Y from label_col (checked 0/1 by
 * the caller with gp_csv_check_labels); label_col NN_NO_LABEL: every column is
 * a feature and Y is 0.  Returns 0 or -1 (out of memory). */
#define NN_NO_LABEL ((size_t)-1)
int nn_data_from_table(nn_data *d, const gp_csv_table *t, size_t label_col);

/* Shuffles the examples with nn_rng stream 3 of seed (Fisher-Yates) and puts
 * the first round(m * (1 - test_frac)) in train, the rest in test.
 * test_frac in [0, 1).  test_frac == 0: train is every example in its order
 * (the notebook's order: a shuffle would change the sums' rounding), and test
 * may come out empty (m == 0).
 * Returns 0 or -1. */
int nn_split(const nn_data *d, double test_frac, uint64_t seed, nn_data *train, nn_data *test);

/* Standardising: x' = (x - mean[i]) * scale[i] for feature i, with the
 * mean and scale = 1 / (standard deviation) of d (scale 1 for a constant
 * feature, which is only centred).  nn_standardize_stats computes them from
 * the training split only; nn_standardize_apply applies them to any data with
 * the same features (the test split, a saved model's new data). */
void nn_standardize_stats(const nn_data *d, double *mean, double *scale);  /* mean, scale (n_x) */
void nn_standardize_apply(nn_data *d, const double *mean, const double *scale);

/* dst = a copy of src (names too).  Returns 0 or -1 (out of memory). */
int nn_data_copy(nn_data *dst, const nn_data *src);

void nn_data_free(nn_data *d);

#endif
