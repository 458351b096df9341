/* Timing: CLOCK_MONOTONIC; 10 ms of warm-up calls, a calibration that sizes
 * each sample to >= ~1 ms of calls (0.25 ms with --quick), or one call per
 * sample when a call is longer; median and min over the samples. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"

double gp_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Lets the spinning workers of the previous contestant's thread pool (libgomp,
 * pthreadpool, gprime's) go to sleep before the next one is timed: on 2 cores a
 * spinning idle pool steals the core the next contestant's second thread needs. */
void gp_settle(void)
{
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

static int gp_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Warm-up (10 ms of calls: faults pages in, JIT, and wakes every thread pool;
 * waking an idle vCPU of this VM can take milliseconds), then the calls per
 * sample (>= target) and the number of samples. */
void gp_calibrate(const gp_bench_runner *r, const gp_opts *o, long *reps, int *samples)
{
    double target = o->quick ? 0.25e6 : 1e6;
    double w0 = gp_now_ns();
    do
        r->run(r->ctx);
    while (gp_now_ns() - w0 < 10e6);
    long calls = 0;
    double t0 = gp_now_ns(), el;
    do {
        r->run(r->ctx);
        calls++;
        el = gp_now_ns() - t0;
    } while (el < target / 4);
    double per_call = el / (double)calls;
    *reps = per_call >= target ? 1 : (long)ceil(target / per_call);
    *samples = o->samples ? o->samples : (*reps == 1 ? (o->quick ? 3 : 7) : (o->quick ? 5 : 15));
}

/* one sample: reps calls, in ns per element */
double gp_sample(const gp_bench_runner *r, long reps, size_t n)
{
    double t = gp_now_ns();
    for (long k = 0; k < reps; k++)
        r->run(r->ctx);
    return (gp_now_ns() - t) / ((double)reps * (double)n);
}

gp_timing gp_summary(double *v, int samples, long reps)
{
    qsort(v, (size_t)samples, sizeof v[0], gp_cmp_double);
    gp_timing t = {samples % 2 ? v[samples / 2] : 0.5 * (v[samples / 2 - 1] + v[samples / 2]), v[0], samples, reps};
    return t;
}

gp_timing gp_time(const gp_bench_runner *r, size_t n, const gp_opts *o)
{
    long reps;
    int samples;
    gp_calibrate(r, o, &reps, &samples);
    double v[1000];
    for (int s = 0; s < samples; s++)
        v[s] = gp_sample(r, reps, n);
    return gp_summary(v, samples, reps);
}
