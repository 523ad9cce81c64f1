/* bench/batch.c -- "make bench-batch": the cost of the batch machinery and
 * the speed-up of threads, measured side by side in one run.
 *
 *   1. CPU per leg: N APG legs with random valve competences and vein
 *      compliances, run one by one by hand (clone, set, create, run,
 *      metrics: what a program without batches writes) and as one batch
 *      on one thread, interleaved in rounds; the ratio batch / by hand.
 *   2. Threads: the same batch on 1 and on 2 threads, wall time and the
 *      speed-up; the load average before each.
 *   3. Optionally (--cohort N) one N-leg batch on every processor: wall
 *      time and CPU per leg.
 * Results of 1 and 2 threads are compared bit for bit.
 *
 * Usage: bench-batch [--legs N] [--rounds R] [--cohort N] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <calfpump.h>

#define PARAMS "valve.gsv_leg.competence,valve.popliteal.competence,valve.calf_perforator.competence,comp.calf_sinuses.compliance,comp.gsv_calf.compliance"
#define NP 5
#define METRICS "apg.vv,apg.vfi,apg.ef,apg.rvf"
#define NM 4

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double loadavg(void)
{
    double l = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = NAN;
        fclose(f);
    }
    return l;
}

/* Deterministic pseudo-random legs: competences in [0.2, 1], compliances
 * within +-30 % of the default. */
static void make_legs(const calfpump_model *m, size_t n, double *x)
{
    const char *names[NP] = {"valve.gsv_leg.competence", "valve.popliteal.competence",
                             "valve.calf_perforator.competence", "comp.calf_sinuses.compliance",
                             "comp.gsv_calf.compliance"};
    unsigned long s = 12345;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < NP; j++) {
            double u, v0 = 0;
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            u = (double)(s >> 11) / 9007199254740992.0;
            calfpump_model_get(m, names[j], &v0);
            x[i * NP + j] = j < 3 ? 0.2 + 0.8 * u : v0 * (0.7 + 0.6 * u);
        }
}

static int by_hand(const calfpump_model *base, const calfpump_protocol *p, const double *x,
                   double *y)
{
    static const char *const params[NP] = {"valve.gsv_leg.competence", "valve.popliteal.competence",
                                           "valve.calf_perforator.competence",
                                           "comp.calf_sinuses.compliance",
                                           "comp.gsv_calf.compliance"};
    static const char *const metrics[NM] = {"apg.vv", "apg.vfi", "apg.ef", "apg.rvf"};
    calfpump_model *m;
    calfpump_sim *s;
    int st = calfpump_model_clone(&m, base);
    for (int j = 0; !st && j < NP; j++)
        st = calfpump_model_set(m, params[j], x[j]);
    if (st || (st = calfpump_sim_create(&s, m, p, NULL, 0))) {
        calfpump_model_free(m);
        return st;
    }
    if (!(st = calfpump_sim_apply_run_settings(s)) && !(st = calfpump_sim_set_store_trace(s, 0)))
        st = calfpump_sim_run(s);
    for (int j = 0; !st && j < NM; j++)
        st = calfpump_sim_metric(s, metrics[j], &y[j]);
    calfpump_sim_free(s);
    calfpump_model_free(m);
    return st;
}

int main(int argc, char **argv)
{
    size_t legs = 200, rounds = 3, cohort = 0;
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_batch *b;
    double *x, *y1, *y2, *yh, t_hand = 0, t_batch = 0, w1 = 0, w2 = 0, l1 = NAN, l2 = NAN;
    for (int i = 1; i + 1 < argc; i += 2) {
        size_t v = strtoul(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--legs") == 0) legs = v;
        else if (strcmp(argv[i], "--rounds") == 0) rounds = v;
        else if (strcmp(argv[i], "--cohort") == 0) cohort = v;
    }
    if (calfpump_model_new_default(&m) || calfpump_protocol_create_named(&p, "apg", NULL, 0) ||
        calfpump_batch_create(&b, m, p, NULL, 0) || calfpump_batch_set_params(b, PARAMS) ||
        calfpump_batch_set_metrics(b, METRICS))
        return fprintf(stderr, "bench-batch: set-up failed\n"), 1;
    x = malloc((legs > cohort ? legs : cohort) * NP * sizeof *x);
    y1 = malloc((legs > cohort ? legs : cohort) * NM * sizeof *y1);
    y2 = malloc(legs * NM * sizeof *y2);
    yh = malloc(legs * NM * sizeof *yh);
    if (!x || !y1 || !y2 || !yh)
        return 1;
    make_legs(m, legs > cohort ? legs : cohort, x);
    printf("# bench-batch: %zu APG legs (5 parameters varied, 4 metrics), %zu rounds, "
           "library built with %u thread(s) per batch at most on this machine\n\n", legs, rounds,
           (calfpump_batch_set_threads(b, 0), calfpump_batch_threads(b)));
    calfpump_batch_set_threads(b, 1);
    for (size_t r = 0; r < rounds; r++) {
        double c0 = cpu();
        for (size_t i = 0; i < legs; i++)
            if (by_hand(m, p, x + i * NP, yh + i * NM))
                return fprintf(stderr, "bench-batch: leg %zu failed\n", i), 1;
        t_hand += cpu() - c0;
        c0 = cpu();
        calfpump_batch_run(b, legs, x, y1, NULL);
        t_batch += cpu() - c0;
    }
    printf("| %-40s | %12s |\n|---|---:|\n", "CPU per leg (one thread)", "ms");
    printf("| %-40s | %12.2f |\n", "one by one, by hand", 1e3 * t_hand / (double)(legs * rounds));
    printf("| %-40s | %12.2f |\n", "calfpump_batch_run", 1e3 * t_batch / (double)(legs * rounds));
    printf("| %-40s | %12.3f |\n", "ratio batch / by hand", t_batch / t_hand);
    printf("| %-40s | %12s |\n\n", "same results", memcmp(y1, yh, legs * NM * sizeof *y1) ? "NO" : "yes");
    for (size_t r = 0; r < rounds; r++) {
        double t0;
        l1 = loadavg();
        calfpump_batch_set_threads(b, 1);
        t0 = wall();
        calfpump_batch_run(b, legs, x, y1, NULL);
        w1 += wall() - t0;
        l2 = loadavg();
        calfpump_batch_set_threads(b, 2);
        t0 = wall();
        calfpump_batch_run(b, legs, x, y2, NULL);
        w2 += wall() - t0;
    }
    printf("| %-40s | %12s |\n|---|---:|\n", "threads (wall per batch)", "s");
    printf("| %-40s | %12.3f |\n", "1 thread", w1 / (double)rounds);
    printf("| %-40s | %12.3f |\n", "2 threads", w2 / (double)rounds);
    printf("| %-40s | %12.2f |\n", "speed-up", w1 / w2);
    printf("| %-40s | %6.2f %5.2f |\n", "load average before (last round)", l1, l2);
    printf("| %-40s | %12s |\n", "bit-identical", memcmp(y1, y2, legs * NM * sizeof *y1) ? "NO" : "yes");
    if (cohort) {
        double t0 = wall(), c0 = cpu();
        calfpump_batch_set_threads(b, 0);
        calfpump_batch_run(b, cohort, x, y1, NULL);
        printf("\n| %zu-leg APG cohort, %u threads | wall %.1f s | CPU %.2f ms per leg | "
               "failed %zu |\n", cohort, calfpump_batch_threads(b), wall() - t0,
               1e3 * (cpu() - c0) / (double)cohort, calfpump_batch_failed(b));
    }
    calfpump_batch_free(b);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    free(x);
    free(y1);
    free(y2);
    free(yh);
    return 0;
}
