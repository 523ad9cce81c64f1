/* problems.h -- what the benchmarks share (public API only): the four
 * benchmark problems, a clock and the machine's load. */
#ifndef CFP_BENCH_PROBLEMS_H
#define CFP_BENCH_PROBLEMS_H

#include <calfpump.h>

typedef struct {
    const char *name;           /* "avp", "apg", "walk", "immob10h" */
    const char *title;
    calfpump_protocol *p;
    double output_interval;     /* s */
    int long_run;               /* rtol 1e-6 only, no fixed step, one run */
    const char *ref_name;       /* reference method and tolerance */
    double ref_tol;
} problem;

#define NPROBLEMS 4
#define REF_TOL 1e-11

/* avp, apg, walk, immob10h (see bench.c); free their protocols. */
void make_problems(problem *pbs);
/* The problems (make_problems) and the default leg; NULL (after a
 * message naming prog) if only is not NULL and names no problem. */
calfpump_model *setup_problems(problem *pbs, const char *only, const char *prog);
/* Seconds on CLOCK_MONOTONIC. */
double now(void);
/* The 1-minute load average (Linux), or -1. */
double load_average(void);
/* Print what failed and exit(1). */
int die(const char *what, int st);

#endif
