/* gprime plot ACT... : g (solid) and g' (dashed) of each activation on one
 * chart, as an SVG file (--out) or as text on the terminal. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "act/desc.h"
#include "cli.h"

static void help(void)
{
    printf("Usage: gprime plot [OPTIONS] ACT...\n"
           "Draws g(z) (solid) and g'(z) (dashed) of each activation on one chart with axes,\n"
           "ticks and a legend.  With --out the chart is an SVG file (written whole or not at\n"
           "all); without it, a text chart is printed.\n\n"
           "  -o, --out FILE.svg  write an SVG image\n"
           "  -r, --range LO:HI   z interval, |LO|, |HI| <= 1e300, HI - LO >= 1e-300 (default: from\n"
           "                      the lowest to the highest end of the\n"
           "                      activations' shown ranges, e.g. -8:8 for sigmoid)\n"
           "  -n, --points N      samples per curve, 2..100000 (default 601)\n"
           "  -W, --width N       text chart width in characters, 20..400 (default 72)\n"
           "  -H, --height N      text chart height in lines, 5..200 (default 22)\n"
           "  -h, --help          this help\n\n"
           "Example: gprime plot sigmoid tanh --out act.svg --range -6:6\n");
}

typedef struct {
    gp_act act;
    char spec[128];
    double *g, *dg; /* n samples each */
} series;

/* A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) giving about want ticks. */
static double nice_step(double span, int want)
{
    double raw = span / want;
    double p = pow(10.0, floor(log10(raw)));
    double f = raw / p;
    double m = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 2.5 ? 2.5 : f <= 5.0 ? 5.0 : 10.0;
    return m * p;
}

/* The ticks k * step in [lo, hi] (with a little slack), at most max of them:
 * their count, 0 when the step is unusable.  No integer conversion of an
 * unchecked double (the range rule, cli_range_problem, keeps lo / step and
 * hi / step far inside the long range; this keeps the loop bounded anyway). */
#define MAX_TICKS 64
static int ticks(double lo, double hi, double step, double *out, int max)
{
    if (!(step > 0.0) || !isfinite(step))
        return 0;
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    if (!isfinite(k0) || !isfinite(k1) || k1 - k0 + 1 > max)
        return 0;
    int n = 0;
    for (double k = k0; k <= k1 && n < max; k++)
        out[n++] = k * step;
    return n;
}

static void fmt_tick(char *buf, size_t len, double v, double step)
{
    if (fabs(v) < step * 1e-9)
        v = 0.0;
    snprintf(buf, len, "%.6g", v);
}

static const char *colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

static void svg_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else
            fputc(*s, f);
    }
}

static double clamp_px(double v) { return v < -1e6 ? -1e6 : v > 1e6 ? 1e6 : v; }

static void write_svg(FILE *f, const series *s, int ns, const double *z, size_t n, double xlo, double xhi, double ylo,
                      double yhi, double ystep, double xstep)
{
    /* plot frame [L, R] x [T, B]; the legend to its right, as wide as the longest name */
    size_t maxlen = 0;
    for (int k = 0; k < ns; k++)
        if (strlen(s[k].spec) > maxlen)
            maxlen = strlen(s[k].spec);
    const double L = 70, R = 620, T = 50;
    const double legend_w = fmax(120.0, 7.6 * (double)maxlen + 24.0), legend_h = 16.0 + 62.0 * ns;
    const double W = R + 24 + legend_w + 12, H = fmax(520.0, T + legend_h + 70), B = H - 60;
    double sx = (R - L) / (xhi - xlo), sy = (B - T) / (yhi - ylo);
    /* Points far off the chart are drawn at +-1e6 px (clipped away anyway) so
     * that no coordinate is huge or infinite. */
#define PX(x) clamp_px(L + ((x)-xlo) * sx)
#define PY(y) clamp_px(B - ((y)-ylo) * sy)
    double yt[MAX_TICKS], xt[MAX_TICKS];
    int nyt = ticks(ylo, yhi, ystep, yt, MAX_TICKS), nxt = ticks(xlo, xhi, xstep, xt, MAX_TICKS);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n", W, H, W, H);
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%.1f\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">Activations g(z) and their "
               "derivatives g'(z)</text>\n", (L + R) / 2);
    /* grid and ticks */
    fprintf(f, "<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
    for (int k = 0; k < nyt; k++)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\"/>\n", L, PY(yt[k]), R, PY(yt[k]));
    for (int k = 0; k < nxt; k++)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", PX(xt[k]), T, PX(xt[k]), B);
    fprintf(f, "</g>\n");
    /* zero lines */
    fprintf(f, "<g stroke=\"#888\" stroke-width=\"1\">\n");
    if (ylo <= 0 && yhi >= 0)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\"/>\n", L, PY(0.0), R, PY(0.0));
    if (xlo <= 0 && xhi >= 0)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", PX(0.0), T, PX(0.0), B);
    fprintf(f, "</g>\n");
    /* frame, tick marks and labels */
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n", L, T,
            R - L, B - T);
    char buf[64];
    fprintf(f, "<g stroke=\"black\">\n");
    for (int k = 0; k < nyt; k++)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\"/>\n", L - 5, PY(yt[k]), L, PY(yt[k]));
    for (int k = 0; k < nxt; k++)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", PX(xt[k]), B, PX(xt[k]), B + 5);
    fprintf(f, "</g>\n<g fill=\"black\">\n");
    for (int k = 0; k < nyt; k++) {
        fmt_tick(buf, sizeof buf, yt[k], ystep);
        fprintf(f, "<text x=\"%.1f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", L - 8, PY(yt[k]) + 4.5, buf);
    }
    for (int k = 0; k < nxt; k++) {
        fmt_tick(buf, sizeof buf, xt[k], xstep);
        fprintf(f, "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", PX(xt[k]), B + 20, buf);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-style=\"italic\">z</text>\n", (L + R) / 2,
            B + 42);
    fprintf(f, "</g>\n");
    /* curves, clipped to the frame */
    fprintf(f, "<clipPath id=\"frame\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>\n", L,
            T, R - L, B - T);
    fprintf(f, "<g clip-path=\"url(#frame)\" fill=\"none\" stroke-width=\"2.2\" stroke-linejoin=\"round\">\n");
    for (int k = 0; k < ns; k++) {
        const char *col = colors[k % (int)(sizeof colors / sizeof colors[0])];
        const gp_act_desc *ad = gp_desc(s[k].act.kind);
        for (int d = 0; d < 2; d++) {
            const double *y = d ? s[k].dg : s[k].g;
            fprintf(f, "<path stroke=\"%s\"%s d=\"", col, d ? " stroke-dasharray=\"7 5\"" : "");
            int pen = 0;
            for (size_t i = 0; i < n; i++) {
                if (!isfinite(y[i])) {
                    pen = 0;
                    continue;
                }
                /* g' jumps at a kink: no line across the jump */
                for (int q = 0; q < ad->nkinks; q++)
                    if (d && i > 0 && z[i - 1] < ad->kinks[q] && z[i] > ad->kinks[q])
                        pen = 0;
                fprintf(f, "%s%.2f %.2f", pen ? " L" : (i ? " M" : "M"), PX(z[i]), PY(y[i]));
                pen = 1;
                /* a sample exactly at a kink belongs to neither side's line */
                for (int q = 0; q < ad->nkinks; q++)
                    if (d && z[i] == ad->kinks[q])
                        pen = 0;
            }
            fprintf(f, "\"/>\n");
        }
    }
    fprintf(f, "</g>\n");
    /* legend: per activation its name, then g (solid) and g' (dashed) */
    double lx = R + 24, ly = T;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"white\" stroke=\"#aaa\"/>\n", lx,
            ly, legend_w, legend_h);
    for (int k = 0; k < ns; k++) {
        const char *col = colors[k % (int)(sizeof colors / sizeof colors[0])];
        double yy = ly + 24 + 62.0 * k;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\" fill=\"%s\">", lx + 10, yy, col);
        svg_text(f, s[k].spec);
        fprintf(f, "</text>\n");
        for (int d = 0; d < 2; d++) {
            double ry = yy + 18.0 + 18.0 * d;
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.2\"%s/>\n",
                    lx + 14, ry - 4, lx + 50, ry - 4, col, d ? " stroke-dasharray=\"7 5\"" : "");
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", lx + 58, ry, d ? "g'(z)" : "g(z)");
        }
    }
    fprintf(f, "</svg>\n");
#undef PX
#undef PY
}

static void text_chart(const series *s, int ns, const double *z, size_t n, double xlo, double xhi, double ylo,
                       double yhi, int W, int H)
{
    char *grid = malloc((size_t)W * (size_t)H);
    if (!grid)
        return;
    memset(grid, ' ', (size_t)W * (size_t)H);
    int row0 = (ylo <= 0 && yhi >= 0) ? (int)lround((yhi - 0.0) / (yhi - ylo) * (H - 1)) : -1;
    int col0 = (xlo <= 0 && xhi >= 0) ? (int)lround((0.0 - xlo) / (xhi - xlo) * (W - 1)) : -1;
    for (int c = 0; c < W && row0 >= 0; c++)
        grid[row0 * W + c] = '-';
    for (int r = 0; r < H && col0 >= 0; r++)
        grid[r * W + col0] = grid[r * W + col0] == '-' ? '+' : '|';
    for (int k = 0; k < ns; k++) {
        const char *name = gp_kind_name(s[k].act.kind);
        char up = (char)(name[0] - 'a' + 'A'), lo = name[0];
        if (ns > 1 && k < 10) { /* several curves: digits tell them apart */
            up = (char)('A' + k);
            lo = (char)('a' + k);
        }
        for (int d = 0; d < 2; d++) {
            const double *y = d ? s[k].dg : s[k].g;
            for (int c = 0; c < W; c++) {
                /* the sample nearest to the column's z */
                double zc = xlo + (xhi - xlo) * c / (W - 1);
                size_t i = (size_t)lround((zc - z[0]) / (z[n - 1] - z[0]) * (double)(n - 1));
                if (i >= n || !isfinite(y[i]))
                    continue;
                double rr = (yhi - y[i]) / (yhi - ylo) * (H - 1);
                if (rr > -0.5 && rr < H - 0.5)
                    grid[(int)lround(rr) * W + c] = d ? lo : up;
            }
        }
    }
    for (int r = 0; r < H; r++) {
        double yv = yhi - (yhi - ylo) * r / (H - 1);
        if (r == row0)
            printf("%9s |", "0");
        else if (r == 0 || r == H - 1)
            printf("%9.3g |", yv);
        else
            printf("%9s |", "");
        fwrite(grid + (size_t)r * (size_t)W, 1, (size_t)W, stdout);
        putchar('\n');
    }
    printf("%9s +", "");
    for (int c = 0; c < W; c++)
        putchar('-');
    printf("\n%9s %-*.4g%*.4g\n", "", W / 2, xlo, W - W / 2 + 1, xhi);
    printf("%9s %*s\n", "", W / 2 + 1, "z");
    for (int k = 0; k < ns; k++) {
        const char *name = gp_kind_name(s[k].act.kind);
        char up = (char)(name[0] - 'a' + 'A'), lo = name[0];
        if (ns > 1 && k < 10) {
            up = (char)('A' + k);
            lo = (char)('a' + k);
        }
        printf("  %c  %s g(z)    %c  %s g'(z)\n", up, s[k].spec, lo, s[k].spec);
    }
    free(grid);
}

int plot_parse(int argc, char **argv, plot_args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},    {"range", required_argument, NULL, 'r'},
        {"points", required_argument, NULL, 'n'}, {"width", required_argument, NULL, 'W'},
        {"height", required_argument, NULL, 'H'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->xlo = a->xhi = NAN; /* default: the activations' shown ranges (src/act/desc.h), together */
    a->n = 601, a->tw = 72, a->th = 22;
    const char *why;
    int c;
    argv[0] = "gprime plot";
    while ((c = getopt_long(argc, argv, "o:r:n:W:H:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return cli_usage_error("plot", "--out wants a file name, not ''");
            a->out = optarg;
            break;
        case 'r':
            if (cli_parse_range_why(optarg, 0, &a->xlo, &a->xhi, &why))
                return cli_usage_error("plot", "--range '%s': %s", optarg, why);
            break;
        case 'n':
            if (cli_parse_size(optarg, &a->n) || a->n < 2 || a->n > CLI_PLOT_MAX_POINTS)
                return cli_usage_error("plot", "--points wants an integer from 2 to %d, not '%s'", CLI_PLOT_MAX_POINTS,
                                       optarg);
            break;
        case 'W':
            if (cli_parse_size(optarg, &a->tw) || a->tw < 20 || a->tw > 400)
                return cli_usage_error("plot", "--width wants 20..400, not '%s'", optarg);
            break;
        case 'H':
            if (cli_parse_size(optarg, &a->th) || a->th < 5 || a->th > 200)
                return cli_usage_error("plot", "--height wants 5..200, not '%s'", optarg);
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("plot", "bad option");
        }
    }
    int ns = argc - optind;
    if (ns < 1)
        return cli_usage_error("plot", "missing activation");
    if (ns > CLI_PLOT_MAX_ACTS)
        return cli_usage_error("plot", "at most %d activations", CLI_PLOT_MAX_ACTS);
    for (int k = 0; k < ns; k++) {
        int rc = cli_parse_act("plot", argv[optind + k], &a->act[k]);
        if (rc)
            return rc;
    }
    a->nacts = ns;
    if (isnan(a->xlo)) {
        a->xlo = INFINITY, a->xhi = -INFINITY;
        for (int k = 0; k < ns; k++) {
            a->xlo = fmin(a->xlo, gp_desc(a->act[k].kind)->show_lo);
            a->xhi = fmax(a->xhi, gp_desc(a->act[k].kind)->show_hi);
        }
    }
    return -1;
}

int cmd_plot(int argc, char **argv)
{
    plot_args a;
    int rc = plot_parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *out = a.out;
    double xlo = a.xlo, xhi = a.xhi;
    size_t n = a.n;
    int ns = a.nacts;
    series s[CLI_PLOT_MAX_ACTS];
    memset(s, 0, sizeof s);
    for (int k = 0; k < ns; k++) {
        s[k].act = a.act[k];
        gp_act_format(&s[k].act, s[k].spec, sizeof s[k].spec);
    }
    double *z = malloc(n * sizeof *z);
    double *all = malloc(2 * (size_t)ns * n * sizeof *all);
    if (!z || !all) {
        free(z);
        free(all);
        return cli_fail("plot", 1, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        z[i] = xlo + (xhi - xlo) * (double)i / (double)(n - 1);
    double ymin = 0.0, ymax = 1.0; /* always show 0..1 */
    rc = 0;
    for (int k = 0; k < ns; k++) {
        s[k].g = all + 2 * (size_t)k * n;
        s[k].dg = s[k].g + n;
        gp_status st = gp_forward_f64(&s[k].act, n, z, s[k].g);
        if (st == GP_OK)
            st = gp_grad_f64(&s[k].act, n, z, s[k].dg);
        if (st != GP_OK) {
            rc = cli_fail("plot", 1, "%s: %s", s[k].spec, gp_strerror(st));
            goto done;
        }
        for (size_t i = 0; i < 2 * n; i++)
            if (isfinite(s[k].g[i]) && fabs(s[k].g[i]) <= CLI_RANGE_MAX_F64) { /* the y span stays finite */
                ymin = fmin(ymin, s[k].g[i]);
                ymax = fmax(ymax, s[k].g[i]);
            }
    }
    double ystep = nice_step(ymax - ymin, 6), xstep = nice_step(xhi - xlo, 10);
    double ylo = floor(ymin / ystep + 1e-9) * ystep, yhi = ceil(ymax / ystep - 1e-9) * ystep;
    if (ylo == ymin)
        ylo -= ystep * 0.25; /* a little room so curves do not run on the frame */
    if (yhi == ymax)
        yhi += ystep * 0.25;
    if (out) {
        gp_outfile o;
        if (gp_outfile_open(&o, out)) {
            rc = cli_fail("plot", 2, "cannot write %s: %s", out, o.why);
            goto done;
        }
        write_svg(o.f, s, ns, z, n, xlo, xhi, ylo, yhi, ystep, xstep);
        if (gp_outfile_commit(&o)) {
            rc = cli_fail("plot", 1, "error writing %s: %s", out, o.why);
            goto done;
        }
        printf("wrote %s (%d activation%s, z in [%g, %g])\n", out, ns, ns == 1 ? "" : "s", xlo, xhi);
    } else {
        text_chart(s, ns, z, n, xlo, xhi, ymin, ymax, (int)a.tw, (int)a.th);
    }
done:
    free(z);
    free(all);
    return rc;
}
