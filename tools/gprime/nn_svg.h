/* The network's pictures as SVG: the data with the decision boundary of a
 * trained network (the notebook's plot_decision_boundary), and the cost curve.
 * Both are written whole or not at all (tools/common/outfile.h). */
#ifndef GP_CLI_NN_SVG_H
#define GP_CLI_NN_SVG_H

#include <stddef.h>

#include "data.h"
#include "net.h"

/* The points of d (n_x must be 2; raw coordinates, label colours) over the
 * regions where the network says 1 and 0, on a 240 x 240 grid spanning the
 * data +-1 (the notebook's margin).  mean and scale (n_x each, or NULL) are
 * the standardisation applied before the network.  Returns 0, 2 when the path
 * cannot be opened, 1 on a write error or out of memory (message on stderr,
 * prefixed by cmd). */
int nn_svg_boundary(const char *cmd, const char *path, nn_net *net, const nn_data *d, const double *mean,
                    const double *scale, const char *title);

/* cost[0 .. n-1] against the iteration.  Returns as above. */
int nn_svg_cost(const char *cmd, const char *path, const double *cost, size_t n, const char *title);

#endif
