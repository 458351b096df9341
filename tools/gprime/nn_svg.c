/* SVG pictures of the network: decision boundary and cost curve (nn_svg.h). */
#include "nn_svg.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* the drawing area in pixels and the data window it shows */
typedef struct {
    double left, top, width, height;
    double x0, x1, y0, y1;
} frame;

static double fx(const frame *fr, double x) { return fr->left + (x - fr->x0) / (fr->x1 - fr->x0) * fr->width; }
static double fy(const frame *fr, double y) { return fr->top + (fr->y1 - y) / (fr->y1 - fr->y0) * fr->height; }

// tick_step: a 1, 2 or 5 times a power of ten giving about 6 ticks over span
static double tick_step(double span)
{
    double p = pow(10.0, floor(log10(span / 6.0)));
    double r = span / 6.0 / p;
    return (r < 1.5 ? 1.0 : r < 3.5 ? 2.0 : r < 7.5 ? 5.0 : 10.0) * p;
}

static void escaped(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : (char[2]){*s, 0}, f);
}

// open_svg: the header, a white w x h page and the title
static void open_svg(FILE *f, double w, double h, const char *title)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
               "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
               "font-size=\"13\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", w, h, w, h);
    fprintf(f, "<text x=\"%.0f\" y=\"26\" text-anchor=\"middle\" font-size=\"15\">", w / 2);
    escaped(f, title);
    fprintf(f, "</text>\n");
}

// axes: frame outline, ticks with labels, axis names
static void axes(FILE *f, const frame *fr, const char *xname, const char *yname)
{
    double sx = tick_step(fr->x1 - fr->x0), sy = tick_step(fr->y1 - fr->y0);
    fprintf(f, "<g stroke=\"black\" fill=\"none\">\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
            fr->left, fr->top, fr->width, fr->height);
    double bottom = fr->top + fr->height;
    for (double v = ceil(fr->x0 / sx) * sx; v <= fr->x1 + 1e-9 * sx; v += sx)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", fx(fr, v), bottom, fx(fr, v), bottom + 5);
    for (double v = ceil(fr->y0 / sy) * sy; v <= fr->y1 + 1e-9 * sy; v += sy)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", fr->left - 5, fy(fr, v), fr->left, fy(fr, v));
    fprintf(f, "</g>\n<g fill=\"black\">\n");
    for (double v = ceil(fr->x0 / sx) * sx; v <= fr->x1 + 1e-9 * sx; v += sx)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n", fx(fr, v), bottom + 19,
                fabs(v) < 1e-9 * sx ? 0.0 : v);
    for (double v = ceil(fr->y0 / sy) * sy; v <= fr->y1 + 1e-9 * sy; v += sy)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", fr->left - 8, fy(fr, v) + 4,
                fabs(v) < 1e-9 * sy ? 0.0 : v);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", fr->left + fr->width / 2,
            bottom + 40, xname);
    fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>\n</g>\n",
            fr->left - 48, fr->top + fr->height / 2, yname);
}

static int finish(const char *cmd, gp_outfile *o, const char *path)
{
    fprintf(o->f, "</svg>\n");
    if (gp_outfile_commit(o))
        return cli_fail(cmd, 1, "error writing %s: %s", path, strerror(errno));
    return 0;
}

int nn_svg_boundary(const char *cmd, const char *path, nn_net *net, const nn_data *d, const double *mean,
                    const double *scale, const char *title)
{
    enum { G = 240 };
    if (d->n_x != 2 || d->m == 0)
        return cli_fail(cmd, 2, "%s: a decision boundary needs 2 features, not %zu", path, d->n_x);
    frame fr = {70, 50, 560, 560, d->X[0], d->X[0], d->X[d->m], d->X[d->m]};
    for (size_t j = 0; j < d->m; j++) {
        fr.x0 = fmin(fr.x0, d->X[j]), fr.x1 = fmax(fr.x1, d->X[j]);
        fr.y0 = fmin(fr.y0, d->X[d->m + j]), fr.y1 = fmax(fr.y1, d->X[d->m + j]);
    }
    fr.x0 -= 1, fr.x1 += 1, fr.y0 -= 1, fr.y1 += 1;
    // the grid: cell centres, row r from the top, as network input (2, G*G)
    nn_data grid = {2, (size_t)G * G, malloc(2 * sizeof(double) * G * G), NULL, NULL};
    double *p = malloc(sizeof(double) * G * G);
    if (!grid.X || !p) {
        free(grid.X), free(p);
        return cli_fail(cmd, 1, "out of memory");
    }
    for (size_t r = 0; r < G; r++)
        for (size_t c = 0; c < G; c++) {
            grid.X[r * G + c] = fr.x0 + ((double)c + 0.5) / G * (fr.x1 - fr.x0);
            grid.X[grid.m + r * G + c] = fr.y1 - ((double)r + 0.5) / G * (fr.y1 - fr.y0);
        }
    if (mean && scale)
        nn_standardize_apply(&grid, mean, scale);
    gp_status st = nn_predict(net, grid.X, grid.m, p);
    free(grid.X);
    if (st != GP_OK) {
        free(p);
        return cli_fail(cmd, 1, "%s: %s", path, gp_strerror(st));
    }
    gp_outfile o;
    if (gp_outfile_open(&o, path)) {
        free(p);
        return cli_fail(cmd, 2, "cannot write %s: %s", path, strerror(errno));
    }
    FILE *f = o.f;
    open_svg(f, 800, 680, title);
    // regions: each row's runs of one class as one rectangle
    static const char *const region[2] = {"#f6c2b8", "#bcd6ec"}, *const dot[2] = {"#c0392b", "#1f5f99"};
    double cw = fr.width / G, ch = fr.height / G;
    fprintf(f, "<g shape-rendering=\"crispEdges\">\n");
    for (size_t r = 0; r < G; r++)
        for (size_t c0 = 0, c = 1; c <= G; c++)
            if (c == G || (p[r * G + c] > 0.5) != (p[r * G + c0] > 0.5)) {
                fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                        fr.left + (double)c0 * cw, fr.top + (double)r * ch, (double)(c - c0) * cw + 0.3, ch + 0.3,
                        region[p[r * G + c0] > 0.5]);
                c0 = c;
            }
    fprintf(f, "</g>\n");
    free(p);
    // the data, label colours
    fprintf(f, "<g stroke=\"black\" stroke-width=\"0.6\">\n");
    for (size_t j = 0; j < d->m; j++)
        fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.6\" fill=\"%s\"/>\n", fx(&fr, d->X[j]),
                fy(&fr, d->X[d->m + j]), dot[d->Y[j] > 0.5]);
    fprintf(f, "</g>\n");
    axes(f, &fr, d->names ? d->names[0] : "x1", d->names ? d->names[1] : "x2");
    // legend
    double lx = fr.left + fr.width + 20, ly = fr.top + 10;
    for (int k = 0; k < 2; k++) {
        fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"22\" height=\"16\" fill=\"%s\" stroke=\"#777\"/>\n", lx,
                ly + 50 * k, region[k]);
        fprintf(f, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"3.6\" fill=\"%s\" stroke=\"black\" stroke-width=\"0.6\"/>\n",
                lx + 11, ly + 50 * k + 8, dot[k]);
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">y = %d</text>\n<text x=\"%.0f\" y=\"%.0f\" fill=\"#555\">"
                   "predicted %d</text>\n", lx + 30, ly + 50 * k + 13, k, lx + 30, ly + 50 * k + 30, k);
    }
    return finish(cmd, &o, path);
}

int nn_svg_cost(const char *cmd, const char *path, const double *cost, size_t n, const char *title)
{
    if (n == 0)
        return cli_fail(cmd, 2, "%s: no costs to draw", path);
    double hi = 0.0;
    for (size_t i = 0; i < n; i++)
        hi = isfinite(cost[i]) ? fmax(hi, cost[i]) : hi;
    frame fr = {80, 50, 640, 440, 0, n > 1 ? (double)(n - 1) : 1.0, 0, hi > 0 ? hi * 1.05 : 1.0};
    gp_outfile o;
    if (gp_outfile_open(&o, path))
        return cli_fail(cmd, 2, "cannot write %s: %s", path, strerror(errno));
    FILE *f = o.f;
    open_svg(f, 760, 560, title);
    // at most about 2000 points: every step-th cost, and the last
    size_t step = n / 2000 + 1;
    fprintf(f, "<polyline fill=\"none\" stroke=\"#1f5f99\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
    for (size_t i = 0; i < n; i += step)
        if (isfinite(cost[i]))
            fprintf(f, "%.2f,%.2f ", fx(&fr, (double)i), fy(&fr, cost[i]));
    if (isfinite(cost[n - 1]))
        fprintf(f, "%.2f,%.2f", fx(&fr, (double)(n - 1)), fy(&fr, cost[n - 1]));
    fprintf(f, "\"/>\n");
    axes(f, &fr, "iteration", "cost");
    return finish(cmd, &o, path);
}
