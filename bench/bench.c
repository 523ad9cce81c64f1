/* bench.c -- work-precision benchmark of the integrators on the default
 * leg ("make bench").  Public API only.
 *
 * Problems:
 *   walk   stand 60 s, then walk at 3 km/h for 600 s (built by hand);
 *   apg    the named air-plethysmography protocol.
 * Methods: every built-in integrator (calfpump_integrator_count/name):
 * adaptive ones at rtol = atol = 1e-4, 1e-6, 1e-8, fixed-step ones at
 * h = 1e-3 and 5e-4 s; plus the SUNDIALS CVODE plug-in when built with it.
 * Error: against a reference run at rtol = atol = 1e-11 (dopri5): the
 * largest absolute difference of the ankle pressure P.dorsal_foot over all
 * output rows, and the relative error of the AVP fall.  Wall time: best of
 * N runs (CLOCK_MONOTONIC) of calfpump_sim_run() alone.
 *
 * Usage: bench [--repeat N] [--problem walk|apg] [--reference NAME]
 * Prints Markdown to stdout.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <calfpump.h>
#include <calfpump/sys/integrator.h>
#ifdef CALFPUMP_HAVE_CVODE
#include <calfpump/cvode.h>
#endif

#define TRACE_COL "P.dorsal_foot"
#define REF_TOL 1e-11
#define MAX_ROWS 64

static const double tols[] = {1e-4, 1e-6, 1e-8};
#define NTOLS (sizeof tols / sizeof tols[0])
static const double fixed_steps[] = {1e-3, 5e-4};
#define NFIXED (sizeof fixed_steps / sizeof fixed_steps[0])

typedef struct {
    const char *name;           /* "walk", "apg" */
    const char *title;
    calfpump_protocol *p;
} problem;

/* One measured run. */
typedef struct {
    int status;                 /* CALFPUMP_OK or the failure */
    char msg[256];
    double wall;                /* best wall time, s */
    double steps, rhs, jac, lu, rejected;
    double fall;                /* avp.fall, mmHg */
    double *trace;              /* P.dorsal_foot per output row */
    size_t rows;
} result;

/* One line of the table. */
typedef struct {
    const calfpump_integrator_ops *ops;
    int adaptive;
    double setting;             /* rtol (adaptive) or h (fixed step) */
    result r;
} row;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The 1-minute load average (Linux), or -1: timings on a busy machine
 * are noisy, so the tables say how busy it was. */
static double load_average(void)
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

static int die(const char *what, int st)
{
    fprintf(stderr, "bench: %s: %s\n", what, calfpump_strerror(st));
    exit(1);
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

/* Run (problem, method, setting) `repeat` times; keep the best wall time
 * and the results of the last run. */
static void measure(const calfpump_model *m, const problem *pb, const calfpump_integrator_ops *ops,
                    int adaptive, double setting, int repeat, result *r)
{
    memset(r, 0, sizeof *r);
    r->wall = INFINITY;
    for (int k = 0; k < repeat; k++) {
        calfpump_sim *sim = NULL;
        double t0, t1;
        size_t j;
        int st = calfpump_sim_new(&sim, m, pb->p);
        if (st)
            die("calfpump_sim_new", st);
        if ((st = calfpump_sim_set_integrator_ops(sim, ops)))
            die(calfpump_sim_errmsg(sim), st);
        if (adaptive) {
            if ((st = calfpump_sim_set_option(sim, "rtol", setting)) ||
                (st = calfpump_sim_set_option(sim, "atol", setting)))
                die(calfpump_sim_errmsg(sim), st);
        } else if ((st = calfpump_sim_set_option(sim, "h", setting))) {
            die(calfpump_sim_errmsg(sim), st);
        }
        t0 = now();
        st = calfpump_sim_run(sim);
        t1 = now();
        if (st) {
            r->status = st;
            snprintf(r->msg, sizeof r->msg, "%s", calfpump_sim_errmsg(sim));
            calfpump_sim_free(sim);
            return;
        }
        if (t1 - t0 < r->wall)
            r->wall = t1 - t0;
        if (k == repeat - 1) {
            calfpump_sim_metric(sim, "solver.steps", &r->steps);
            calfpump_sim_metric(sim, "solver.rhs_evals", &r->rhs);
            calfpump_sim_metric(sim, "solver.jac_evals", &r->jac);
            calfpump_sim_metric(sim, "solver.lu_decomps", &r->lu);
            calfpump_sim_metric(sim, "solver.rejected", &r->rejected);
            if ((st = calfpump_sim_metric(sim, "avp.fall", &r->fall)))
                r->fall = NAN;
            r->rows = calfpump_sim_trace_rows(sim);
            r->trace = malloc(r->rows * sizeof *r->trace);
            if (!r->trace)
                die("trace", CALFPUMP_E_NOMEM);
            if ((st = calfpump_sim_trace_col_index(sim, TRACE_COL, &j)) ||
                (st = calfpump_sim_trace_column(sim, j, r->trace, r->rows, NULL)))
                die(calfpump_sim_errmsg(sim), st);
        }
        calfpump_sim_free(sim);
    }
}

static double max_abs_diff(const result *a, const result *ref)
{
    double d = 0;
    if (a->rows != ref->rows)
        return NAN;
    for (size_t i = 0; i < a->rows; i++)
        d = fmax(d, fabs(a->trace[i] - ref->trace[i]));
    return d;
}

static const char *setting_text(const row *w, char *buf, size_t size)
{
    if (w->adaptive)
        snprintf(buf, size, "rtol %.0e", w->setting);
    else
        snprintf(buf, size, "h %g s", w->setting);
    return buf;
}

static void run_problem(const calfpump_model *m, const problem *pb, const char *ref_name,
                        int repeat)
{
    const calfpump_integrator_ops *ref_ops = calfpump_integrator_builtin(ref_name);
    const calfpump_integrator_ops *cvode = NULL;
    row rows[MAX_ROWS];
    size_t nrows = 0;
    result ref;
    double duration = calfpump_protocol_duration(pb->p);
    char buf[64];

#ifdef CALFPUMP_HAVE_CVODE
    cvode = calfpump_cvode_integrator();
#endif
    if (!ref_ops) {
        fprintf(stderr, "bench: no built-in integrator '%s' for the reference\n", ref_name);
        exit(2);
    }
    measure(m, pb, ref_ops, 1, REF_TOL, 1, &ref);
    if (ref.status) {
        fprintf(stderr, "bench: reference run failed: %s\n", ref.msg);
        exit(1);
    }

    /* The rows: built-ins in registry order, then the plug-in. */
    for (size_t i = 0; i < calfpump_integrator_count() + (cvode != NULL); i++) {
        const calfpump_integrator_ops *ops =
            i < calfpump_integrator_count() ? calfpump_integrator_builtin(calfpump_integrator_name(i))
                                            : cvode;
        int adaptive;
        if (!ops)
            continue;
        adaptive = (ops->caps & CALFPUMP_CAP_ADAPTIVE) != 0;
        for (size_t k = 0; k < (adaptive ? NTOLS : NFIXED) && nrows < MAX_ROWS; k++) {
            row *w = &rows[nrows++];
            w->ops = ops;
            w->adaptive = adaptive;
            w->setting = adaptive ? tols[k] : fixed_steps[k];
            measure(m, pb, ops, adaptive, w->setting, repeat, &w->r);
            fprintf(stderr, "bench: %s %s %s: %s\n", pb->name, ops->name,
                    setting_text(w, buf, sizeof buf),
                    w->r.status ? calfpump_strerror(w->r.status) : "done");
        }
    }

    printf("## %s: %s (%.0f s simulated)\n\n", pb->name, pb->title, duration);
    printf("Reference: %s at rtol = atol = %.0e: %.0f steps, %.2f s; %zu output rows; "
           "avp.fall = %.4f mmHg.\n\n", ref_name, REF_TOL, ref.steps, ref.wall, ref.rows, ref.fall);
    printf("| method | setting | max abs err %s (mmHg) | rel err avp.fall | rhs evals | "
           "jac evals | steps | wall (s) | sim s / wall s | wall / cvode |\n", TRACE_COL);
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < nrows; i++) {
        const row *w = &rows[i];
        const result *r = &w->r;
        double cv_wall = NAN;
        if (r->status) {
            printf("| %s | %s | failed: %s | | | | | | | |\n", w->ops->name,
                   setting_text(w, buf, sizeof buf), calfpump_status_name(r->status));
            continue;
        }
        /* CVODE at the same tolerance, measured in this run. */
        for (size_t k = 0; k < nrows && w->adaptive; k++)
            if (cvode && rows[k].ops == cvode && rows[k].setting == w->setting &&
                rows[k].r.status == 0)
                cv_wall = rows[k].r.wall;
        printf("| %s | %s | %.2e | %.2e | %.0f | %.0f | %.0f | %.4f | %.0f | ",
               w->ops->name, setting_text(w, buf, sizeof buf), max_abs_diff(r, &ref),
               fabs(r->fall - ref.fall) / fabs(ref.fall), r->rhs, r->jac, r->steps, r->wall,
               duration / r->wall);
        if (isnan(cv_wall))
            printf("– |\n");
        else
            printf("%.2f |\n", r->wall / cv_wall);
    }
    if (load_average() >= 0)
        printf("\n1-minute load average after this table: %.2f.\n", load_average());
    printf("\n");

    /* The target: the best built-in at rtol 1e-6 at least 1000x faster
     * than real time and within 1.5x of CVODE's wall time. */
    {
        const row *best = NULL, *cv = NULL;
        for (size_t i = 0; i < nrows; i++) {
            const row *w = &rows[i];
            if (!w->adaptive || w->setting != 1e-6 || w->r.status)
                continue;
            if (cvode && w->ops == cvode)
                cv = w;
            else if (!best || w->r.wall < best->r.wall)
                best = w;
        }
        if (best) {
            double speed = duration / best->r.wall;
            printf("Fastest built-in at rtol 1e-6: %s, %.0fx real time (target >= 1000x: %s)",
                   best->ops->name, speed, speed >= 1000 ? "reached" : "not reached");
            if (cv)
                printf("; %.2fx CVODE's wall time (target <= 1.5x: %s)",
                       best->r.wall / cv->r.wall,
                       best->r.wall <= 1.5 * cv->r.wall ? "reached" : "not reached");
            printf(".\n\n");
        }
    }
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].r.trace);
    free(ref.trace);
}

int main(int argc, char **argv)
{
    calfpump_model *m = NULL;
    problem pbs[2];
    const char *only = NULL, *ref_name = "dopri5";
    int repeat = 3, st;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--problem") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--reference") == 0 && i + 1 < argc) {
            ref_name = argv[++i];
        } else {
            fprintf(stderr, "usage: bench [--repeat N] [--problem walk|apg] [--reference NAME]\n");
            return 2;
        }
    }
    if (repeat < 1)
        repeat = 1;
    if (only && strcmp(only, "walk") && strcmp(only, "apg")) {
        fprintf(stderr, "bench: unknown problem '%s' (walk, apg)\n", only);
        return 2;
    }
    if ((st = calfpump_model_new_default(&m)))
        die("default leg", st);
    pbs[0].name = "walk";
    pbs[0].title = "stand 60 s, walk 600 s at 3 km/h";
    pbs[0].p = walk_protocol();
    pbs[1].name = "apg";
    pbs[1].title = "named protocol \"apg\" (air plethysmography)";
    if ((st = calfpump_protocol_new_named(&pbs[1].p, "apg")))
        die("apg protocol", st);

    printf("# libcalfpump work-precision benchmark\n\n");
    printf("libcalfpump %s, default leg", calfpump_version_string());
#ifdef CALFPUMP_HAVE_CVODE
    printf(", SUNDIALS %s (cvode plug-in)", calfpump_cvode_version_string());
#else
    printf(", built without SUNDIALS (no cvode row)");
#endif
    printf(".  Wall time: best of %d runs of calfpump_sim_run() (CLOCK_MONOTONIC); "
           "output at the default interval; error of %s over all output rows; adaptive methods "
           "at rtol = atol, fixed-step methods at step h.", repeat, TRACE_COL);
    if (load_average() >= 0)
        printf("  1-minute load average at the start: %.2f.", load_average());
    printf("\n\n");
    for (int i = 0; i < 2; i++)
        if (!only || strcmp(only, pbs[i].name) == 0)
            run_problem(m, &pbs[i], ref_name, repeat);
    calfpump_protocol_free(pbs[0].p);
    calfpump_protocol_free(pbs[1].p);
    calfpump_model_free(m);
    return 0;
}
