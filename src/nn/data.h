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

/* The course's planar "flower": m points (m even, >= 2), N = m/2 per class,
 * petal length a = 4.  For class j in {0, 1}, points N*j .. N*(j+1)-1:
 *   t = linspace(j*3.12, (j+1)*3.12, N) + 0.2*randn(N)
 *   r = a*sin(4t) + 0.2*randn(N)
 *   x = (r sin t, r cos t), label j
 * The normals come from nn_rng stream 1 of seed (all N for t, then all N for r,
 * class 0 then class 1), so a seed gives the same points on every machine.
 * Returns 0, or -1 (bad m, out of memory). */
int nn_flower(nn_data *d, size_t m, uint64_t seed);

/* Features from every column but label_col, Y from label_col (checked 0/1 by
 * the caller with gp_csv_check_labels).  Returns 0 or -1 (out of memory). */
int nn_data_from_table(nn_data *d, const gp_csv_table *t, size_t label_col);

/* Shuffles the examples with nn_rng stream 3 of seed (Fisher-Yates) and puts
 * the first round(m * (1 - test_frac)) in train, the rest in test.
 * test_frac in [0, 1); test may come out empty (m == 0) when test_frac == 0.
 * Returns 0 or -1. */
int nn_split(const nn_data *d, double test_frac, uint64_t seed, nn_data *train, nn_data *test);

/* Standardises every feature to mean 0, standard deviation 1 using the
 * statistics of train only, applied to train and (if not NULL) test.  A
 * constant feature is only centred. */
void nn_standardize(nn_data *train, nn_data *test);

void nn_data_free(nn_data *d);

#endif
