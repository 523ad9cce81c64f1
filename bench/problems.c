/* problems.c -- the benchmark problems, a clock and the load average,
 * shared by bench.c and jac.c. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "problems.h"

double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The 1-minute load average (Linux), or -1: timings on a busy machine
 * are noisy, so the tables say how busy it was. */
double load_average(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l = -1;
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

int die(const char *what, int st)
{
    fprintf(stderr, "bench: %s: %s\n", what, calfpump_strerror(st));
    exit(1);
}

static calfpump_protocol *still_protocol(double seconds)
{
    calfpump_protocol *p = NULL;
    int st;
    if ((st = calfpump_protocol_new(&p)) ||
        (st = calfpump_protocol_add_segment(p, "sitting", "still", seconds, NULL)))
        die("immobility protocol", st);
    return p;
}

static calfpump_protocol *walk_protocol(void)
{
    calfpump_protocol *p = NULL;
    size_t i;
    int st;
    if ((st = calfpump_protocol_new(&p)) ||
        (st = calfpump_protocol_add_segment(p, "standing", "still", 60, NULL)) ||
        (st = calfpump_protocol_add_segment(p, "standing", "walk", 600, &i)) ||
        (st = calfpump_protocol_set(p, i, "speed", 3.0)))
        die("walking protocol", st);
    return p;
}

void make_problems(problem *pbs)
{
    int st;
    memset(pbs, 0, NPROBLEMS * sizeof *pbs);
    pbs[0].name = "avp";
    pbs[0].title = "named protocol \"avp\" (ambulatory venous pressure)";
    if ((st = calfpump_protocol_new_named(&pbs[0].p, "avp")))
        die("avp protocol", st);
    pbs[1].name = "apg";
    pbs[1].title = "named protocol \"apg\" (air plethysmography)";
    if ((st = calfpump_protocol_new_named(&pbs[1].p, "apg")))
        die("apg protocol", st);
    pbs[2].name = "walk";
    pbs[2].title = "stand 60 s, walk 600 s at 3 km/h";
    pbs[2].p = walk_protocol();
    pbs[3].name = "immob10h";
    pbs[3].title = "sit still for 10 h";
    pbs[3].p = still_protocol(36000);
    pbs[3].long_run = 1;
    for (int i = 0; i < NPROBLEMS; i++) {
        pbs[i].output_interval = pbs[i].long_run ? 1.0 : 0.02;
        pbs[i].ref_name = pbs[i].long_run ? "rodas" : "dopri5";
        pbs[i].ref_tol = pbs[i].long_run ? 1e-10 : REF_TOL;
    }
}


calfpump_model *setup_problems(problem *pbs, const char *only, const char *prog)
{
    calfpump_model *m = NULL;
    int st, known = 0;
    make_problems(pbs);
    for (int i = 0; i < NPROBLEMS; i++)
        known += !only || strcmp(only, pbs[i].name) == 0;
    if (!known) {
        fprintf(stderr, "%s: unknown problem '%s' (avp, apg, walk, immob10h)\n", prog, only);
        for (int i = 0; i < NPROBLEMS; i++)
            calfpump_protocol_free(pbs[i].p);
        return NULL;
    }
    if ((st = calfpump_model_new_default(&m)))
        die("default leg", st);
    return m;
}
