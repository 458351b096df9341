/* A trained network in a small text file: what `gprime train --save-model`
 * writes and `gprime predict --model` / `gprime train --init` read.
 *
 *   # gprime model: X (n_x, m) -> A1 = g(W1 X + b1) -> A2 = sigmoid(W2 A1 + b2)
 *   gprime-model 1
 *   act tanh                     the hidden activation, a gp_act_parse spec
 *   type f64                     f64 or f32: the arithmetic it was trained in
 *   n_x 2                        inputs
 *   n_h 4                        hidden units
 *   mean -0.1 2.5                optional, with scale: the standardisation
 *   scale 0.5 0.25               x' = (x - mean) * scale, feature by feature
 *   W1 w00 w01 w10 ...           n_h * n_x values, row by row (W1 is (n_h, n_x))
 *   b1 ...                       n_h values
 *   W2 ...                       n_h values (W2 is (1, n_h))
 *   b2 ...                       1 value
 *
 * One key per line, then its values separated by blanks; each key once, in
 * any order after the first line; blank lines and lines starting with '#' are
 * ignored.  Numbers are written with 17 significant digits, which strtod reads
 * back to the same double, so a model read back predicts exactly what the
 * trained network predicted.  Reading is strict: a missing or repeated key,
 * a wrong count, a number that is not finite, an unknown key or activation is
 * an error "NAME:LINE: what" (or "NAME: what"), never a guess. */
#ifndef GP_NN_MODEL_H
#define GP_NN_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include "gprime.h"

typedef struct {
    gp_act act;
    int f32;               /* 1: trained in float32 arithmetic */
    size_t n_x, n_h, n_params;
    double *mean, *scale;  /* n_x each, or both NULL (no standardisation) */
    double *params;        /* n_params = n_h n_x + 2 n_h + 1: W1, b1, W2, b2 (net.h's layout) */
} nn_model;

/* Writes m to f in the format above.  Returns 0, or -1 when f has an error. */
int nn_model_write(FILE *f, const nn_model *m);

/* Parses len bytes at buf (any bytes; no NUL needed).  name is for messages.
 * On success returns 0 and *m owns its arrays (nn_model_free); on an error
 * returns -1, leaves *m empty and puts the message in err. */
int nn_model_parse(const char *buf, size_t len, const char *name, nn_model *m, char *err, size_t errlen);

/* Reads the file at path (at most 256 MiB) and parses it; messages as above. */
int nn_model_read_file(const char *path, nn_model *m, char *err, size_t errlen);

void nn_model_free(nn_model *m);

#endif
