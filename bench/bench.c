/* bench.c -- work-precision benchmark of the integrators on the default
 * leg ("make bench").  Public API only.
 *
 * Problems:
 *   avp       the named ambulatory-venous-pressure protocol (210 s);
 *   apg       the named air-plethysmography protocol (292 s);
 *   walk      stand 60 s, then walk at 3 km/h for 600 s (built by hand);
 *   immob10h  sit still for 10 h (built by hand; output every 1 s, one
 *             run per method, rtol 1e-6 only, no rk4).
 * Methods: every built-in integrator (calfpump_integrator_count/name),
 * "auto" (the default) included: adaptive ones at rtol = atol = 1e-4, 1e-6,
 * 1e-8, fixed-step ones at h = 1e-3 and 5e-4 s; plus the SUNDIALS CVODE
 * plug-in when built with it.
 * Error: against a reference run at rtol = atol = 1e-11 (dopri5; rodas at
 * 1e-10 for immob10h): the largest absolute difference of the ankle
 * pressure P.dorsal_foot over all output rows, and the relative error of
 * the AVP fall.  Wall time: best of N runs (CLOCK_MONOTONIC) of
 * calfpump_sim_run() alone.
 * Limit row: the fewest right-hand-side evaluations any method needed at
 * rtol 1e-6, times the measured cost of one evaluation (a probe plug-in
 * times 200,000 calls of calfpump_odectx_rhs at the starting state).
 *
 * Usage: bench [--repeat N] [--problem avp|apg|walk|immob10h] [--reference NAME]
 * Prints Markdown to stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <calfpump.h>
#include <calfpump/sys/integrator.h>
#include "problems.h"
#ifdef CALFPUMP_HAVE_CVODE
#include <calfpump/cvode.h>
#endif

#define TRACE_COL "P.dorsal_foot"
#define MAX_ROWS 64

static const double tols[] = {1e-4, 1e-6, 1e-8};
#define NTOLS (sizeof tols / sizeof tols[0])
static const double fixed_steps[] = {1e-3, 5e-4};
#define NFIXED (sizeof fixed_steps / sizeof fixed_steps[0])

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

/* Cost of one right-hand-side evaluation: a plug-in whose restart() times
 * PROBE_CALLS evaluations at the starting state (into *plugin_data) and
 * whose step() then stops the run. */
#define PROBE_CALLS 200000
typedef struct { double *ns; } probe_state;

static int probe_create(void **state, size_t dim, const calfpump_integrator_options *o,
                        void *data)
{
    probe_state *s = malloc(sizeof *s);
    (void)dim;
    (void)o;
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->ns = data;
    *state = s;
    return CALFPUMP_OK;
}

static void probe_destroy(void *state) { free(state); }

static int probe_restart(void *state, calfpump_odectx *c, double t, const double *y)
{
    probe_state *s = state;
    size_t n = calfpump_odectx_dim(c);
    double *f = malloc(n * sizeof *f), t0;
    if (!f)
        return CALFPUMP_E_NOMEM;
    t0 = now();
    for (int k = 0; k < PROBE_CALLS; k++)
        calfpump_odectx_rhs(c, t, y, f);
    *s->ns = (now() - t0) / PROBE_CALLS * 1e9;
    free(f);
    return CALFPUMP_OK;
}

static int probe_step(void *state, calfpump_odectx *c, double *t, double *y, double t_limit)
{
    (void)state; (void)c; (void)t; (void)y; (void)t_limit;
    return CALFPUMP_E_CALLBACK; /* measured: stop */
}

/* ns per right-hand side of the default leg (best of 3 probes). */
static double rhs_cost(const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_integrator_ops ops;
    double ns = 0, best = INFINITY;
    calfpump_integrator_ops_init(&ops, sizeof ops);
    ops.name = "rhs-probe";
    ops.create = probe_create;
    ops.destroy = probe_destroy;
    ops.restart = probe_restart;
    ops.step = probe_step;
    ops.plugin_data = &ns;
    for (int k = 0; k < 3; k++) {
        calfpump_sim *sim = NULL;
        int st = calfpump_sim_new(&sim, m, p);
        if (st || (st = calfpump_sim_set_integrator_ops(sim, &ops)))
            die("rhs probe", st);
        calfpump_sim_run(sim); /* fails on purpose after the probe */
        calfpump_sim_free(sim);
        best = fmin(best, ns);
    }
    return best;
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
        if ((st = calfpump_sim_set_integrator_ops(sim, ops)) ||
            (st = calfpump_sim_set_option(sim, "output_interval", pb->output_interval)))
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

/* The rows: built-ins in registry order, then the plug-in. */
static size_t measure_all(const calfpump_model *m, const problem *pb, int repeat, row *rows)
{
    const calfpump_integrator_ops *cvode = NULL;
    size_t nrows = 0;
    char buf[64];
#ifdef CALFPUMP_HAVE_CVODE
    cvode = calfpump_cvode_integrator();
#endif
    for (size_t i = 0; i < calfpump_integrator_count() + (cvode != NULL); i++) {
        const calfpump_integrator_ops *ops =
            i < calfpump_integrator_count() ? calfpump_integrator_builtin(calfpump_integrator_name(i))
                                            : cvode;
        int adaptive;
        if (!ops)
            continue;
        adaptive = (ops->caps & CALFPUMP_CAP_ADAPTIVE) != 0;
        if (pb->long_run && !adaptive)
            continue;
        for (size_t k = 0; k < (adaptive ? NTOLS : NFIXED) && nrows < MAX_ROWS; k++) {
            row *w = &rows[nrows];
            if (pb->long_run && tols[k] != 1e-6)
                continue;
            nrows++;
            w->ops = ops;
            w->adaptive = adaptive;
            w->setting = adaptive ? tols[k] : fixed_steps[k];
            measure(m, pb, ops, adaptive, w->setting, pb->long_run ? 1 : repeat, &w->r);
            fprintf(stderr, "bench: %s %s %s: %s\n", pb->name, ops->name,
                    setting_text(w, buf, sizeof buf),
                    w->r.status ? calfpump_strerror(w->r.status) : "done");
        }
    }
    return nrows;
}

/* The row of `name` at rtol 1e-6, or NULL. */
static const row *find_row(const row *rows, size_t nrows, const char *name)
{
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].adaptive && rows[i].setting == 1e-6 && rows[i].r.status == 0 &&
            strcmp(rows[i].ops->name, name) == 0)
            return &rows[i];
    return NULL;
}

static void print_table(const problem *pb, const row *rows, size_t nrows, const result *ref)
{
    double duration = calfpump_protocol_duration(pb->p);
    char buf[64];
    printf("| method | setting | max abs err %s (mmHg) | rel err avp.fall | rhs evals | "
           "jac evals | steps | rejected | wall (s) | sim s / wall s | wall / cvode |\n",
           TRACE_COL);
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < nrows; i++) {
        const row *w = &rows[i];
        const result *r = &w->r;
        double cv_wall = NAN;
        if (r->status) {
            printf("| %s | %s | failed: %s | | | | | | | | |\n", w->ops->name,
                   setting_text(w, buf, sizeof buf), calfpump_status_name(r->status));
            continue;
        }
        /* CVODE at the same tolerance, measured in this run. */
        for (size_t k = 0; k < nrows && w->adaptive; k++)
            if (strcmp(rows[k].ops->name, "cvode") == 0 && rows[k].setting == w->setting &&
                rows[k].r.status == 0)
                cv_wall = rows[k].r.wall;
        printf("| %s | %s | %.2e | %.2e | %.0f | %.0f | %.0f | %.0f | %.4f | %.0f | ",
               w->ops->name, setting_text(w, buf, sizeof buf), max_abs_diff(r, ref),
               fabs(r->fall - ref->fall) / fabs(ref->fall), r->rhs, r->jac, r->steps,
               r->rejected, r->wall, duration / r->wall);
        if (isnan(cv_wall))
            printf("– |\n");
        else
            printf("%.2f |\n", r->wall / cv_wall);
    }
}

/* The limit row and the ratios of the default integrator at rtol 1e-6. */
static void print_ratios(const row *rows, size_t nrows, const result *ref, double ns)
{
    const char *def = calfpump_integrator_default();
    const row *d = find_row(rows, nrows, def), *cv = find_row(rows, nrows, "cvode");
    const row *dp = find_row(rows, nrows, "dopri5"), *least = NULL;
    double limit;
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].adaptive && rows[i].setting == 1e-6 && rows[i].r.status == 0 &&
            (!least || rows[i].r.rhs < least->r.rhs))
            least = &rows[i];
    if (!d || !least)
        return;
    limit = least->r.rhs * ns * 1e-9;
    printf("\n| limit | rtol 1e-06 | | | %.0f (%s) | | | | %.4f | | |\n\n", least->r.rhs,
           least->ops->name, limit);
    printf("Default (%s) at rtol 1e-6: %.4f s; %.2fx the limit row (%.0f RHS x %.0f ns)",
           def, d->r.wall, d->r.wall / limit, least->r.rhs, ns);
    if (cv)
        printf("; %.2fx CVODE's wall time (target <= 0.5x: %s)", d->r.wall / cv->r.wall,
               d->r.wall <= 0.5 * cv->r.wall ? "reached" : "not reached");
    if (dp)
        printf("; error %.2e mmHg against dopri5's %.2e", max_abs_diff(&d->r, ref),
               max_abs_diff(&dp->r, ref));
    printf(".\n\n");
}

static void run_problem(const calfpump_model *m, const problem *pb, const char *ref_name,
                        int repeat, double ns)
{
    const calfpump_integrator_ops *ref_ops;
    row rows[MAX_ROWS];
    size_t nrows;
    result ref;

    if (!ref_name)
        ref_name = pb->ref_name;
    if (!(ref_ops = calfpump_integrator_builtin(ref_name))) {
        fprintf(stderr, "bench: no built-in integrator '%s' for the reference\n", ref_name);
        exit(2);
    }
    measure(m, pb, ref_ops, 1, pb->ref_tol, 1, &ref);
    if (ref.status) {
        fprintf(stderr, "bench: reference run failed: %s\n", ref.msg);
        exit(1);
    }
    nrows = measure_all(m, pb, repeat, rows);
    printf("## %s: %s (%.0f s simulated)\n\n", pb->name, pb->title,
           calfpump_protocol_duration(pb->p));
    printf("Reference: %s at rtol = atol = %.0e: %.0f steps, %.2f s; %zu output rows (every "
           "%g s); avp.fall = %.4f mmHg.%s\n\n", ref_name, pb->ref_tol, ref.steps, ref.wall,
           ref.rows, pb->output_interval, ref.fall,
           pb->long_run ? "  One run per method." : "");
    print_table(pb, rows, nrows, &ref);
    print_ratios(rows, nrows, &ref, ns);
    if (load_average() >= 0)
        printf("1-minute load average after this table: %.2f.\n\n", load_average());
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].r.trace);
    free(ref.trace);
}

int main(int argc, char **argv)
{
    calfpump_model *m = NULL;
    problem pbs[NPROBLEMS];
    const char *only = NULL, *ref_name = NULL;
    int repeat = 3;
    double ns;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--problem") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--reference") == 0 && i + 1 < argc) {
            ref_name = argv[++i];
        } else {
            fprintf(stderr, "usage: bench [--repeat N] [--problem avp|apg|walk|immob10h] "
                            "[--reference NAME]\n");
            return 2;
        }
    }
    if (repeat < 1)
        repeat = 1;
    if (!(m = setup_problems(pbs, only, "bench")))
        return 2;
    ns = rhs_cost(m, pbs[0].p);

    printf("# libcalfpump work-precision benchmark\n\n");
    printf("libcalfpump %s, default leg", calfpump_version_string());
#ifdef CALFPUMP_HAVE_CVODE
    printf(", SUNDIALS %s (cvode plug-in)", calfpump_cvode_version_string());
#else
    printf(", built without SUNDIALS (no cvode row)");
#endif
    printf(".  Default integrator: %s.  Wall time: best of %d runs of calfpump_sim_run() "
           "(CLOCK_MONOTONIC); error of %s over all output rows; adaptive methods "
           "at rtol = atol, fixed-step methods at step h.  One right-hand side: %.0f ns.",
           calfpump_integrator_default(), repeat, TRACE_COL, ns);
    if (load_average() >= 0)
        printf("  1-minute load average at the start: %.2f.", load_average());
    printf("\n\n");
    for (int i = 0; i < NPROBLEMS; i++)
        if (!only || strcmp(only, pbs[i].name) == 0)
            run_problem(m, &pbs[i], ref_name, repeat, ns);
    for (int i = 0; i < NPROBLEMS; i++)
        calfpump_protocol_free(pbs[i].p);
    calfpump_model_free(m);
    return 0;
}
