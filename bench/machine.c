/* The machine the run saw: CPU model and the flags that matter to the
 * kernels, the load average, and the CPU time of all processes against this
 * one's (their difference over the run is the interference). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "harness.h"

void gp_cpu_info(char *model, size_t mlen, char *flags, size_t flen)
{
    snprintf(model, mlen, "unknown");
    flags[0] = '\0';
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[8192];
    int got_model = 0, got_flags = 0;
    while (fgets(line, sizeof line, f) && (!got_model || !got_flags)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        char *val = colon + 1;
        while (*val == ' ')
            val++;
        val[strcspn(val, "\n")] = '\0';
        if (!got_model && strncmp(line, "model name", 10) == 0) {
            snprintf(model, mlen, "%s", val);
            got_model = 1;
        } else if (!got_flags && strncmp(line, "flags", 5) == 0) {
            static const char *const want[] = {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw",
                                               "avx512vl", "avx512_bf16", "avx512_vnni"};
            size_t used = 0;
            for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
                char pat[32];
                snprintf(pat, sizeof pat, " %s ", want[w]);
                char padded[8200];
                snprintf(padded, sizeof padded, " %s ", val);
                if (strstr(padded, pat) && used + strlen(want[w]) + 2 < flen)
                    used += (size_t)snprintf(flags + used, flen - used, "%s%s", used ? " " : "", want[w]);
            }
            got_flags = 1;
        }
    }
    fclose(f);
}

/* CPU seconds all processes spent busy (from /proc/stat); -1 if unknown. */
double gp_busy_all(void)
{
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    int k = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                   &v[7]);
    fclose(f);
    if (k != 8)
        return -1;
    long tck = sysconf(_SC_CLK_TCK);
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)(tck > 0 ? tck : 100);
}

/* CPU seconds of this process, all its threads; -1 if unknown. */
double gp_busy_self(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

double gp_loadavg(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}
