/* The flower data set, CSV tables as data, the train/test split, standardising. */
#include "data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mt19937.h"
#include "rng.h"

static int data_alloc(nn_data *d, size_t n_x, size_t m)
{
    memset(d, 0, sizeof *d);
    d->n_x = n_x;
    d->m = m;
    size_t nx = n_x * m;
    d->X = malloc((nx ? nx : 1) * sizeof *d->X);
    d->Y = malloc((m ? m : 1) * sizeof *d->Y);
    if (!d->X || !d->Y) {
        nn_data_free(d);
        return -1;
    }
    return 0;
}

void nn_data_free(nn_data *d)
{
    if (!d)
        return;
    if (d->names)
        for (size_t i = 0; i < d->n_x; i++)
            free(d->names[i]);
    free(d->names);
    free(d->X);
    free(d->Y);
    memset(d, 0, sizeof *d);
}

// linspace: numpy's np.linspace(lo, hi, n): step = (hi - lo) / (n - 1), t[i] = i * step + lo, t[n-1] = hi
// t (n)
static void linspace(double *t, double lo, double hi, size_t n)
{
    double step = n > 1 ? (hi - lo) / (double)(n - 1) : 0.0;
    for (size_t i = 0; i < n; i++)
        t[i] = (double)i * step + lo;
    if (n > 1)
        t[n - 1] = hi;
}

int nn_flower(nn_data *d, size_t m, uint32_t seed)
{
    if (m < 2 || m % 2 || m > ((size_t)1 << 30))
        return -1;
    if (data_alloc(d, 2, m))
        return -1;
    size_t N = m / 2;
    const double a = 4.0; /* petal length */
    double *t = malloc(N * sizeof *t);
    if (!t) {
        nn_data_free(d);
        return -1;
    }
    nn_mt rng;
    nn_mt_seed(&rng, seed); /* np.random.seed(seed) */
    for (size_t j = 0; j < 2; j++) {
        /* t = np.linspace(j*3.12, (j+1)*3.12, N) + np.random.randn(N)*0.2 */
        linspace(t, (double)j * 3.12, (double)(j + 1) * 3.12, N);
        for (size_t i = 0; i < N; i++)
            t[i] = t[i] + nn_mt_normal(&rng) * 0.2;
        /* r = a*np.sin(4*t) + np.random.randn(N)*0.2; X[ix] = np.c_[r*np.sin(t), r*np.cos(t)] */
        for (size_t i = 0; i < N; i++) {
            double r = a * sin(4.0 * t[i]) + nn_mt_normal(&rng) * 0.2;
            size_t k = N * j + i;
            d->X[0 * m + k] = r * sin(t[i]);
            d->X[1 * m + k] = r * cos(t[i]);
            d->Y[k] = (double)j;
        }
    }
    free(t);
    return 0;
}

int nn_data_from_table(nn_data *d, const gp_csv_table *t, size_t label_col)
{
    int labelled = label_col != NN_NO_LABEL;
    if (!t || t->cols < 1 + (size_t)labelled || (labelled && label_col >= t->cols))
        return -1;
    size_t m = t->rows, n_x = t->cols - (size_t)labelled;
    if (data_alloc(d, n_x, m))
        return -1;
    d->names = calloc(n_x, sizeof *d->names);
    if (!d->names) {
        nn_data_free(d);
        return -1;
    }
    for (size_t c = 0, i = 0; c < t->cols; c++) {
        if (c == label_col)
            continue;
        size_t len = strlen(t->names[c]);
        d->names[i] = malloc(len + 1);
        if (!d->names[i]) {
            nn_data_free(d);
            return -1;
        }
        memcpy(d->names[i], t->names[c], len + 1);
        for (size_t j = 0; j < m; j++)
            d->X[i * m + j] = t->cells[j * t->cols + c];
        i++;
    }
    for (size_t j = 0; j < m; j++)
        d->Y[j] = labelled ? t->cells[j * t->cols + label_col] : 0.0;
    return 0;
}

static int copy_columns(nn_data *dst, const nn_data *src, const size_t *idx, size_t m)
{
    if (data_alloc(dst, src->n_x, m))
        return -1;
    for (size_t i = 0; i < src->n_x; i++)
        for (size_t j = 0; j < m; j++)
            dst->X[i * m + j] = src->X[i * src->m + idx[j]];
    for (size_t j = 0; j < m; j++)
        dst->Y[j] = src->Y[idx[j]];
    if (src->names) {
        dst->names = calloc(src->n_x, sizeof *dst->names);
        if (!dst->names)
            return -1;
        for (size_t i = 0; i < src->n_x; i++) {
            size_t len = strlen(src->names[i]);
            dst->names[i] = malloc(len + 1);
            if (!dst->names[i])
                return -1;
            memcpy(dst->names[i], src->names[i], len + 1);
        }
    }
    return 0;
}

int nn_data_copy(nn_data *dst, const nn_data *src)
{
    size_t *idx = malloc((src->m ? src->m : 1) * sizeof *idx);
    if (!idx) {
        memset(dst, 0, sizeof *dst);
        return -1;
    }
    for (size_t j = 0; j < src->m; j++)
        idx[j] = j;
    int rc = copy_columns(dst, src, idx, src->m);
    if (rc)
        nn_data_free(dst);
    free(idx);
    return rc;
}

int nn_split(const nn_data *d, double test_frac, uint64_t seed, nn_data *train, nn_data *test)
{
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    if (!(test_frac >= 0.0 && test_frac < 1.0) || d->m == 0)
        return -1;
    size_t *idx = malloc(d->m * sizeof *idx);
    if (!idx)
        return -1;
    for (size_t j = 0; j < d->m; j++)
        idx[j] = j;
    nn_rng rng;
    nn_rng_seed(&rng, seed, 3);
    for (size_t j = d->m - 1; j > 0 && test_frac > 0.0; j--) {
        size_t k = (size_t)nn_rng_below(&rng, (uint64_t)j + 1);
        size_t tmp = idx[j];
        idx[j] = idx[k];
        idx[k] = tmp;
    }
    size_t m_train = (size_t)floor((double)d->m * (1.0 - test_frac) + 0.5);
    if (m_train == 0)
        m_train = 1;
    if (m_train > d->m)
        m_train = d->m;
    int rc = 0;
    if (copy_columns(train, d, idx, m_train) || copy_columns(test, d, idx + m_train, d->m - m_train)) {
        nn_data_free(train);
        nn_data_free(test);
        rc = -1;
    }
    free(idx);
    return rc;
}

void nn_standardize_stats(const nn_data *d, double *mean, double *scale)
{
    size_t m = d->m;
    for (size_t i = 0; i < d->n_x; i++) {
        const double *x = d->X + i * m;
        double mu = 0.0;
        for (size_t j = 0; j < m; j++)
            mu += x[j];
        mu = m ? mu / (double)m : 0.0;
        double var = 0.0;
        for (size_t j = 0; j < m; j++)
            var += (x[j] - mu) * (x[j] - mu);
        double sd = m ? sqrt(var / (double)m) : 0.0;
        mean[i] = mu;
        scale[i] = sd > 0.0 ? 1.0 / sd : 1.0;
    }
}

void nn_standardize_apply(nn_data *d, const double *mean, const double *scale)
{
    for (size_t i = 0; i < d->n_x; i++)
        for (size_t j = 0; j < d->m; j++)
            d->X[i * d->m + j] = (d->X[i * d->m + j] - mean[i]) * scale[i];
}
