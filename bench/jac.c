/* jac.c -- what the analytic Jacobian of the calf-pump equations buys
 * ("make bench-jac"): rodas, auto and (when built with SUNDIALS) the cvode
 * plug-in on the problems of bench.c, each run with the analytic Jacobian
 * and with finite differences over the sparsity pattern (what every
 * network got before), interleaved, in one process; and the steady-state
 * settling of the default leg (calfpump_sim_reset(), the part of
 * calfpump_sim_new() that integrates) both ways.  White box (linked with libcfpcore.la): the switch is the
 * internal cfp_phys.fd_jacobian, not a public option.
 *
 * Per run: right-hand sides (with those spent inside finite-difference
 * Jacobians), Jacobians, steps, rejections, wall time of calfpump_sim_run()
 * (best of N, CLOCK_MONOTONIC), and the Jacobians' share of it: Jacobian
 * evaluations times the cost of one, measured after the run by timing
 * JAC_CALLS calls of calfpump_odectx_jac() at the run's final state.
 * The last column is the largest difference of P.dorsal_foot between the
 * two runs (both at rtol = atol = 1e-6).
 *
 * The cvode plug-in (cvode/calfpump_cvode.c) is compiled into this
 * program, so that it calls the same calfpump_odectx_jac() as the rest.
 *
 * Usage: bench-jac [--repeat N] [--problem avp|apg|walk|immob10h]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problems.h"
#include "sim/sim.h"
#ifdef CALFPUMP_HAVE_CVODE
#include <calfpump/cvode.h>
#endif

#define JAC_CALLS 20000

typedef struct {
    double wall, rhs, rhs_in_jac, jac, steps, rejected;
    double jac_ns;      /* one Jacobian, ns */
    double *trace;
    size_t rows;
} jrun;

/* ns per Jacobian of s's solver at its current state. */
static double jac_cost(calfpump_sim *s)
{
    calfpump_odectx *c = &s->solver->ctx;
    size_t n = c->ode.dim;
    double *fy = malloc(n * sizeof *fy), *J = malloc(n * n * sizeof *J), t0, best = INFINITY;
    if (!fy || !J || calfpump_odectx_rhs(c, s->solver->t, s->solver->y, fy))
        die("Jacobian probe", CALFPUMP_E_NOMEM);
    for (int k = 0; k < 3; k++) {
        t0 = now();
        for (int i = 0; i < JAC_CALLS; i++)
            calfpump_odectx_jac(c, s->solver->t, s->solver->y, fy, J);
        best = fmin(best, (now() - t0) / JAC_CALLS * 1e9);
    }
    free(fy);
    free(J);
    return best;
}

/* One run of pb with integrator `integ`, finite differences if fd; the
 * counts and trace of the last of the repeats are kept. */
static void run_once(const calfpump_model *m, const problem *pb, const char *integ, int fd,
                     jrun *r)
{
    calfpump_sim *s = NULL;
    double t0, wall;
    size_t j;
    int st = calfpump_sim_new(&s, m, pb->p);
#ifdef CALFPUMP_HAVE_CVODE
    if (!st && strcmp(integ, "cvode") == 0)
        st = calfpump_sim_set_integrator_ops(s, calfpump_cvode_integrator());
    else
#endif
    if (!st)
        st = calfpump_sim_set_integrator(s, integ);
    if (st ||
        (st = calfpump_sim_set_option(s, "output_interval", pb->output_interval)))
        die("simulation", st);
    s->ph.fd_jacobian = fd;
    t0 = now();
    if ((st = calfpump_sim_run(s)))
        die(calfpump_sim_errmsg(s), st);
    wall = now() - t0;
    r->wall = fmin(r->wall, wall);
    calfpump_sim_metric(s, "solver.rhs_evals", &r->rhs);
    calfpump_sim_metric(s, "solver.jac_evals", &r->jac);
    calfpump_sim_metric(s, "solver.steps", &r->steps);
    calfpump_sim_metric(s, "solver.rejected", &r->rejected);
    r->rhs_in_jac = fd ? r->jac * s->solver->ctx.ngroups : 0;
    if (r->jac_ns == 0)
        r->jac_ns = jac_cost(s);
    free(r->trace);
    r->rows = calfpump_sim_trace_rows(s);
    r->trace = malloc(r->rows * sizeof *r->trace);
    if (!r->trace || (st = calfpump_sim_trace_col_index(s, "P.dorsal_foot", &j)) ||
        (st = calfpump_sim_trace_column(s, j, r->trace, r->rows, NULL)))
        die("trace", st ? st : CALFPUMP_E_NOMEM);
    calfpump_sim_free(s);
}

static void print_run(const char *integ, const char *mode, const jrun *r, double ratio,
                      double diff)
{
    printf("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.4f | %.1f | %.0f %% | ", integ, mode,
           r->rhs, r->rhs_in_jac, r->jac, r->steps, r->rejected, r->wall, r->jac_ns * 1e-3,
           100.0 * r->jac * r->jac_ns * 1e-9 / r->wall);
    if (isnan(ratio))
        printf("1 | |\n");
    else
        printf("%.2f | %.2e |\n", ratio, diff);
}

static void run_problem(const calfpump_model *m, const problem *pb, int repeat)
{
    static const char *const integ[] = {"rodas", "auto",
#ifdef CALFPUMP_HAVE_CVODE
                                        "cvode"
#endif
    };
    printf("## %s: %s (%.0f s simulated)\n\n", pb->name, pb->title,
           calfpump_protocol_duration(pb->p));
    printf("| method | Jacobian | rhs evals | of them in Jacobians | jac evals | steps | rejected "
           "| wall (s) | one Jacobian (us) | Jacobians' share of wall | wall / differences "
           "| max abs diff P.dorsal_foot (mmHg) |\n");
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < sizeof integ / sizeof integ[0]; i++) {
        jrun r[2];
        double d = 0;
        memset(r, 0, sizeof r);
        r[0].wall = r[1].wall = INFINITY;
        for (int k = 0; k < (pb->long_run ? 1 : repeat); k++)
            for (int fd = 1; fd >= 0; fd--) /* interleaved */
                run_once(m, pb, integ[i], fd, &r[fd]);
        for (size_t k = 0; k < r[0].rows && r[0].rows == r[1].rows; k++)
            d = fmax(d, fabs(r[0].trace[k] - r[1].trace[k]));
        print_run(integ[i], "differences", &r[1], NAN, 0);
        print_run(integ[i], "analytic", &r[0], r[0].wall / r[1].wall, d);
        free(r[0].trace);
        free(r[1].trace);
        fprintf(stderr, "bench-jac: %s %s done\n", pb->name, integ[i]);
    }
    if (load_average() >= 0)
        printf("\n1-minute load average after this table: %.2f.\n", load_average());
    printf("\n");
}

/* The settling of a simulation of m and p (calfpump_sim_reset()), best
 * of repeat, analytic and with differences interleaved. */
static void settle_times(const calfpump_model *m, const calfpump_protocol *p, int repeat)
{
    calfpump_sim *s = NULL;
    double best[2] = {INFINITY, INFINITY}, t0, create = INFINITY;
    int st;
    for (int k = 0; k < repeat; k++) {
        calfpump_sim_free(s);
        t0 = now();
        if ((st = calfpump_sim_new(&s, m, p)))
            die("simulation", st);
        create = fmin(create, now() - t0);
        for (int fd = 1; fd >= 0; fd--) {
            s->ph.fd_jacobian = fd;
            t0 = now();
            if ((st = calfpump_sim_reset(s)))
                die(calfpump_sim_errmsg(s), st);
            best[fd] = fmin(best[fd], now() - t0);
        }
    }
    calfpump_sim_free(s);
    printf("## Settling: the steady state a run starts from (default leg, first segment of "
           "avp: standing still)\n\n");
    printf("| Jacobian | calfpump_sim_reset() (s) | / differences |\n|---|---:|---:|\n");
    printf("| differences | %.4f | 1 |\n| analytic | %.4f | %.2f |\n\n", best[1], best[0],
           best[0] / best[1]);
    printf("calfpump_sim_new() (setup and settling, analytic): %.4f s.  Best of %d.\n\n", create,
           repeat);
}

int main(int argc, char **argv)
{
    calfpump_model *m = NULL;
    problem pbs[NPROBLEMS];
    const char *only = NULL;
    int repeat = 3;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--problem") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            fprintf(stderr, "usage: bench-jac [--repeat N] [--problem avp|apg|walk|immob10h]\n");
            return 2;
        }
    }
    if (repeat < 1)
        repeat = 1;
    if (!(m = setup_problems(pbs, only, "bench-jac")))
        return 2;
    printf("# Analytic Jacobian against finite differences\n\n");
    printf("libcalfpump %s, default leg, rtol = atol = 1e-6.  Wall time: best of %d "
           "interleaved runs (one for immob10h).", calfpump_version_string(), repeat);
    if (load_average() >= 0)
        printf("  1-minute load average at the start: %.2f.", load_average());
    printf("\n\n");
    for (int i = 0; i < NPROBLEMS; i++)
        if (!only || strcmp(only, pbs[i].name) == 0)
            run_problem(m, &pbs[i], repeat);
    settle_times(m, pbs[0].p, repeat);
    for (int i = 0; i < NPROBLEMS; i++)
        calfpump_protocol_free(pbs[i].p);
    calfpump_model_free(m);
    return 0;
}
