/* setup.c -- time to the first step on large networks ("make bench-setup").
 * Public API only.
 *
 * Builds a chain of N compartments (c0 -> c1 -> ... -> ra, a valve in every
 * connection) and times calfpump_sim_create() and the first
 * calfpump_sim_advance() (to 0.1 s of a 0.2 s supine "still" protocol) with
 * dopri5, auto (the default) and rodas.  settle_time = 0 (hydrostatic
 * start), so that the first advance is the method's own.  The stiff
 * methods factor on the Jacobian's pattern beyond CFP_JMAT_DENSE_MAX
 * unknowns (ode/jmat.h); --rodas-max N advances rodas only up to N
 * compartments (default: every size), beyond that only
 * calfpump_sim_create() is timed.
 *
 * Usage: bench-setup [--rodas-max N] [N ...]   (default N: 1000 3000 10000 30000)
 * Prints a Markdown table.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <calfpump.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static calfpump_model *chain(size_t n)
{
    calfpump_model *m = NULL;
    char a[32], b[32], c[32];
    if (calfpump_model_new(&m))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        snprintf(a, sizeof a, "c%zu", i);
        if (calfpump_model_add_compartment(m, a, "calf", "deep"))
            goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(a, sizeof a, "c%zu", i);
        snprintf(b, sizeof b, "c%zu", i + 1);
        snprintf(c, sizeof c, "e%zu", i);
        if (calfpump_model_add_connection(m, c, a, i + 1 < n ? b : "ra", 1))
            goto fail;
    }
    if (calfpump_model_set(m, "settle_time", 0.0) == CALFPUMP_OK)
        return m;
fail:
    fprintf(stderr, "bench-setup: %s\n", calfpump_model_errmsg(m));
    calfpump_model_free(m);
    return NULL;
}

/* Seconds in create and in the first advance (advance < 0: not run). */
static int measure(const calfpump_model *m, const calfpump_protocol *p, const char *method,
                   int advance, double *t_create, double *t_adv)
{
    calfpump_sim *s = NULL;
    char msg[512];
    double t0 = now();
    int st = calfpump_sim_create(&s, m, p, msg, sizeof msg);
    *t_create = now() - t0;
    *t_adv = -1;
    if (!st)
        st = calfpump_sim_set_integrator(s, method);
    if (!st && advance) {
        t0 = now();
        st = calfpump_sim_advance(s, 0.1);
        *t_adv = now() - t0;
    }
    if (st)
        fprintf(stderr, "bench-setup: %s: %s\n", method, s ? calfpump_sim_errmsg(s) : msg);
    calfpump_sim_free(s);
    return st;
}

int main(int argc, char **argv)
{
    static const size_t defaults[] = {1000, 3000, 10000, 30000};
    static const char *methods[] = {"dopri5", "auto", "rodas"};
    size_t sizes[64], nsizes = 0, rodas_max = (size_t)-1;
    calfpump_protocol *p = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--rodas-max") == 0)
            rodas_max = strtoul(argv[++i], NULL, 10);
        else if (nsizes < 64)
            sizes[nsizes++] = strtoul(argv[i], NULL, 10);
    }
    if (!nsizes)
        for (; nsizes < sizeof defaults / sizeof defaults[0]; nsizes++)
            sizes[nsizes] = defaults[nsizes];
    if (calfpump_protocol_new(&p) || calfpump_protocol_add_segment(p, "supine", "still", 0.2, NULL))
        return 1;
    printf("| compartments | method | sim_create, s | first advance, s | total, s |\n");
    printf("|---:|---|---:|---:|---:|\n");
    for (size_t k = 0; k < nsizes; k++) {
        calfpump_model *m = chain(sizes[k]);
        if (!m)
            return 1;
        for (int j = 0; j < 3; j++) {
            double tc, ta;
            int adv = j < 2 || sizes[k] <= rodas_max;
            if (measure(m, p, methods[j], adv, &tc, &ta))
                return 1;
            if (adv)
                printf("| %zu | %s | %.4f | %.4f | %.4f |\n", sizes[k], methods[j], tc, ta, tc + ta);
            else
                printf("| %zu | %s | %.4f | (not run: --rodas-max) | |\n", sizes[k], methods[j], tc);
            fflush(stdout);
        }
        calfpump_model_free(m);
    }
    calfpump_protocol_free(p);
    return 0;
}
