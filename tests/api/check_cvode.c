/* check_cvode.c -- the SUNDIALS CVODE plug-in (libcalfpump_cvode) through
 * the public interface only: calfpump/sys/integrator.h for any ODE and
 * calfpump_sim_set_integrator_ops() for the leg model.
 *
 * Accuracy against tolerance, dense output between steps, a stiff problem,
 * the default leg's "avp" protocol against a tight dopri5 reference, the
 * mapping of CVODE's failures to library statuses, the statistics and the
 * option handling.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <calfpump/cvode.h>

#include "stdproblems.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Test problems. */

/* Stiff: y' = -L (y - cos t) - sin t, y(0) = 1: y = cos t for any L. */
#define STIFF_L 1e4
static int rhs_stiff(double t, const double *y, double *dydt, void *user)
{
    (void)user;
    dydt[0] = -STIFF_L * (y[0] - cos(t)) - sin(t);
    return 0;
}

static int jac_stiff(double t, const double *y, const double *fy, double *jac, void *user)
{
    (void)t;
    (void)y;
    (void)fy;
    ++*(int *)user;
    jac[0] = -STIFF_L;
    return 0;
}

/* Two independent decays with different rates and a sparsity pattern:
 * y0' = -y0, y1' = -10 y1. */
static int rhs_pair(double t, const double *y, double *dydt, void *user)
{
    (void)t;
    (void)user;
    dydt[0] = -y[0];
    dydt[1] = -10.0 * y[1];
    return 0;
}

/* Fails fatally from t = 1 on. */
static int rhs_fatal(double t, const double *y, double *dydt, void *user)
{
    (void)user;
    dydt[0] = -y[0];
    return t > 1.0 ? -1 : 0;
}

/* Fails recoverably (asks for a smaller step) from t = 1 on: no step can
 * get past it. */
static int rhs_wall(double t, const double *y, double *dydt, void *user)
{
    (void)user;
    dydt[0] = -y[0];
    return t > 1.0 ? 1 : 0;
}

/* Returns NaN from t = 1 on. */
static int rhs_nan(double t, const double *y, double *dydt, void *user)
{
    (void)user;
    dydt[0] = t > 1.0 ? NAN : -y[0];
    return 0;
}

/* A solver for a scalar or small ODE with the cvode plug-in. */
static calfpump_solver *make_solver(size_t dim, calfpump_rhs_fn rhs, calfpump_jac_fn jac,
                                    void *user, double rtol, double atol)
{
    calfpump_ode ode;
    ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
    ode.dim = dim;
    ode.rhs = rhs;
    ode.jac = jac;
    ode.user = user;
    return cfp_test_solver(&ode, calfpump_cvode_integrator(), rtol, atol);
}

/* ------------------------------------------------------------------ */
/* The table. */

START_TEST(test_table)
{
    const calfpump_integrator_ops *ops = calfpump_cvode_integrator();
    const char *v = calfpump_cvode_version_string();
    ck_assert_ptr_nonnull(ops);
    ck_assert_ptr_eq(ops, calfpump_cvode_integrator());
    ck_assert_str_eq(ops->name, "cvode");
    ck_assert_uint_eq(ops->abi_version, CALFPUMP_INTEGRATOR_ABI);
    ck_assert_uint_eq(ops->struct_size, sizeof(calfpump_integrator_ops));
    ck_assert_uint_eq(ops->caps, CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE | CALFPUMP_CAP_IMPLICIT);
    ck_assert(ops->interpolate != NULL);
    /* A plug-in, not a built-in. */
    ck_assert_ptr_null(calfpump_integrator_builtin("cvode"));
    ck_assert_ptr_nonnull(v);
    ck_assert_msg(v[0] >= '6' && v[0] <= '9' && v[1] == '.', "SUNDIALS version '%s'", v);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Accuracy. */

/* y' = -y to t = 10: the error, in units of the tolerance
 * (rtol |y| + atol), stays bounded and falls with the tolerance.  (BDF's
 * global error is typically 10 to 100 tolerance units.) */
START_TEST(test_decay_tolerance)
{
    static const double tols[] = {1e-4, 1e-6, 1e-8};
    double err[3], abserr[3];
    for (int k = 0; k < 3; k++) {
        double rtol = tols[k], atol = tols[k] * 1e-3;
        calfpump_solver *s = make_solver(1, cfp_test_rhs_decay, NULL, NULL, rtol, atol);
        double y0 = 1.0, y;
        err[k] = abserr[k] = 0;
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        for (int i = 1; i <= 20; i++) {
            double t = 0.5 * i, e;
            ck_assert_int_eq(calfpump_solver_advance(s, t, &y), CALFPUMP_OK);
            e = fabs(y - exp(-t));
            err[k] = fmax(err[k], e / (rtol * exp(-t) + atol));
            abserr[k] = fmax(abserr[k], e);
        }
        ck_assert_msg(err[k] < 100, "rtol %g: error %g tolerance units", rtol, err[k]);
        ck_assert_double_ge(calfpump_solver_time(s), 10.0); /* may step past, dense */
        calfpump_solver_free(s);
    }
    ck_assert_msg(abserr[1] < abserr[0] / 10 && abserr[2] < abserr[1] / 10,
                  "error does not follow the tolerance: %g %g %g", abserr[0], abserr[1],
                  abserr[2]);
}
END_TEST

/* Dense output of the solver API: times inside the last step come from
 * CVODE's interpolant (CVodeGetDky), as accurate as the steps; times
 * before the last step are refused. */
START_TEST(test_dense_output)
{
    calfpump_solver *s = make_solver(1, cfp_test_rhs_decay, NULL, NULL, 1e-8, 1e-11);
    double y0 = 1.0, y, steps;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 5.0, &y), CALFPUMP_OK);
    steps = cfp_test_solver_stat(s, "steps");
    for (int j = 1; j <= 5; j++) {
        double t = 5.0 - 1e-4 * j;
        ck_assert_int_eq(calfpump_solver_advance(s, t, &y), CALFPUMP_OK);
        ck_assert_msg(fabs(y - exp(-t)) < 100 * (1e-8 * exp(-t) + 1e-11),
                      "dense output at %g: %.12g, exact %.12g", t, y, exp(-t));
    }
    /* no steps for that */
    ck_assert_double_eq(cfp_test_solver_stat(s, "steps"), steps);
    ck_assert_double_ge(calfpump_solver_time(s), 5.0); /* may step past, dense */
    /* long before the last step */
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_E_RANGE);
    calfpump_solver_free(s);
}
END_TEST

/* Trace of the leg model on a fine and a coarse output grid: with dense
 * output the steps do not depend on the output times, so the rows the two
 * grids share are identical, and the fine grid has several rows per step
 * (interpolated, not stepped to). */
START_TEST(test_sim_dense_output)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    double *col[2] = {NULL, NULL}, steps[2];
    size_t rows[2], j;
    static const double dt[2] = {0.0005, 0.01};
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 2, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 8, NULL), CALFPUMP_OK);
    for (int k = 0; k < 2; k++) {
        calfpump_sim *sim = NULL;
        ck_assert_int_eq(calfpump_sim_new(&sim, m, p), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_set_integrator_ops(sim, calfpump_cvode_integrator()),
                         CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_set_option(sim, "output_interval", dt[k]), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_run(sim), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_metric(sim, "solver.steps", &steps[k]), CALFPUMP_OK);
        rows[k] = calfpump_sim_trace_rows(sim);
        ck_assert_int_eq(calfpump_sim_trace_col_index(sim, "P.dorsal_foot", &j), CALFPUMP_OK);
        col[k] = malloc(rows[k] * sizeof(double));
        ck_assert_ptr_nonnull(col[k]);
        ck_assert_int_eq(calfpump_sim_trace_column(sim, j, col[k], rows[k], NULL), CALFPUMP_OK);
        calfpump_sim_free(sim);
    }
    ck_assert_uint_eq(rows[0], 20001);
    ck_assert_uint_eq(rows[1], 1001);
    ck_assert_double_eq(steps[0], steps[1]);
    ck_assert_msg(steps[0] < rows[0] / 2, "%g steps for %zu rows", steps[0], rows[0]);
    for (size_t r = 0; r < rows[1]; r++)
        /* (the output times themselves may differ in the last bit) */
        ck_assert_msg(fabs(col[0][20 * r] - col[1][r]) <= 1e-9 * fabs(col[1][r]),
                      "row %zu: %.17g != %.17g", r, col[0][20 * r], col[1][r]);
    free(col[0]);
    free(col[1]);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* A stiff problem: BDF takes few steps and uses the Jacobian (analytic
 * here) and LU factorisations; the solution stays accurate. */
START_TEST(test_stiff)
{
    int jac_calls = 0;
    calfpump_solver *s = make_solver(1, rhs_stiff, jac_stiff, &jac_calls, 1e-6, 1e-9);
    double y0 = 1.0, y, worst = 0;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    for (int i = 1; i <= 100; i++) {
        double t = 0.1 * i;
        ck_assert_int_eq(calfpump_solver_advance(s, t, &y), CALFPUMP_OK);
        worst = fmax(worst, fabs(y - cos(t)));
    }
    ck_assert_msg(worst < 1e-4, "stiff problem: error %g", worst);
    ck_assert_msg(cfp_test_solver_stat(s, "steps") < 2000, "%g steps",
                  cfp_test_solver_stat(s, "steps"));
    ck_assert(jac_calls > 0);
    ck_assert_double_eq(cfp_test_solver_stat(s, "jac_evals"), (double)jac_calls);
    ck_assert(cfp_test_solver_stat(s, "lu_decomps") > 0);
    ck_assert(cfp_test_solver_stat(s, "rhs_evals") > cfp_test_solver_stat(s, "steps"));
    calfpump_solver_free(s);
}
END_TEST

/* Published reference solutions (tests/stdproblems.h): CVODE through the
 * plug-in at rtol 1e-8 reproduces each within 100 rtol, relative, per
 * component: Van der Pol (eps = 1e-6) at t = 2, Robertson at t = 40 and
 * HIRES at t = 321.8122 (finite-difference Jacobians grouped by HIRES's
 * pattern). */
START_TEST(test_reference_problems)
{
    static double eps = 1e-6;
    static const double y0_vdp[2] = {2, 0}, y0_rob[3] = {1, 0, 0},
                        y0_hir[8] = {1, 0, 0, 0, 0, 0, 0, 0.0057};
    const struct { const char *name; size_t dim; calfpump_rhs_fn rhs; calfpump_jac_fn jac;
                   const unsigned char *pattern; void *user; const double *y0; double t1, atol;
                   const double *ref; } prob[3] = {
        {"Van der Pol", 2, rhs_vdp, jac_vdp, NULL, &eps, y0_vdp, 2.0, 1e-8, vdp_ref_t2},
        {"Robertson", 3, rhs_rober, jac_rober, NULL, NULL, y0_rob, 40.0, 1e-14, rober_ref_t40},
        {"HIRES", 8, rhs_hires, NULL, hires_pattern, NULL, y0_hir, 321.8122, 1e-12, hires_ref}};
    const double rtol = 1e-8;
    for (int k = 0; k < 3; k++) {
        calfpump_ode ode;
        calfpump_solver *s = NULL;
        double y[8], worst = 0;
        calfpump_ode_init(&ode, sizeof ode);
        ode.dim = prob[k].dim;
        ode.rhs = prob[k].rhs;
        ode.jac = prob[k].jac;
        ode.jac_pattern = prob[k].pattern;
        ode.user = prob[k].user;
        ck_assert_int_eq(calfpump_solver_new(&s, &ode, calfpump_cvode_integrator()), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", rtol), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "atol", prob[k].atol), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "t_stop", prob[k].t1), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, prob[k].y0), CALFPUMP_OK);
        ck_assert_msg(calfpump_solver_advance(s, prob[k].t1, y) == CALFPUMP_OK, "%s: %s",
                      prob[k].name, calfpump_solver_errmsg(s));
        for (size_t i = 0; i < prob[k].dim; i++)
            worst = fmax(worst, fabs(y[i] - prob[k].ref[i]) / fabs(prob[k].ref[i]));
        ck_assert_msg(worst < 100 * rtol + 2e-9, "%s: relative error %g", prob[k].name, worst);
        calfpump_solver_free(s);
    }
}
END_TEST

/* Finite-difference Jacobian with a diagonal sparsity pattern: one
 * evaluation per Jacobian for both columns. */
START_TEST(test_fd_jacobian_pattern)
{
    static const unsigned char diag[4] = {1, 0, 0, 1};
    calfpump_ode ode;
    calfpump_solver *s = NULL;
    double y0[2] = {1, 1}, y[2];
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 2;
    ode.rhs = rhs_pair;
    ode.jac_pattern = diag;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, calfpump_cvode_integrator()), CALFPUMP_OK);
    calfpump_solver_set_option(s, "rtol", 1e-8);
    calfpump_solver_set_option(s, "atol", 1e-12);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 2.0, y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y[0], exp(-2.0), 1e-6 * exp(-2.0));
    ck_assert_double_eq_tol(y[1], exp(-20.0), 1e-10);
    ck_assert(cfp_test_solver_stat(s, "jac_evals") > 0);
    calfpump_solver_free(s);
}
END_TEST

/* h_max bounds the steps; h_init is accepted; a new init restarts. */
START_TEST(test_options_and_restart)
{
    calfpump_solver *s = make_solver(1, cfp_test_rhs_decay, NULL, NULL, 1e-6, 1e-9);
    double y0 = 1.0, y, steps;
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_max", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_init", 1e-4), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 2.0, &y), CALFPUMP_OK);
    steps = cfp_test_solver_stat(s, "steps");
    ck_assert_msg(steps >= 200, "h_max 0.01 over 2 s but only %g steps", steps);
    ck_assert_double_eq_tol(y, exp(-2.0), 1e-4 * exp(-2.0));
    /* Start again somewhere else: statistics restart too. */
    y0 = 2.0;
    ck_assert_int_eq(calfpump_solver_init(s, 1.0, &y0), CALFPUMP_OK);
    ck_assert_double_eq(cfp_test_solver_stat(s, "steps"), 0);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y, 2.0 * exp(-2.0), 1e-4 * 2.0 * exp(-2.0));
    /* An output time equal to the current time does nothing. */
    ck_assert_int_eq(calfpump_solver_advance(s, calfpump_solver_time(s), &y), CALFPUMP_OK);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Failures. */

START_TEST(test_fatal_callback)
{
    calfpump_solver *s = make_solver(1, rhs_fatal, NULL, NULL, 1e-6, 1e-9);
    double y0 = 1.0, y;
    int st;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    st = calfpump_solver_advance(s, 5.0, &y);
    ck_assert_int_eq(st, CALFPUMP_E_CALLBACK);
    ck_assert_ptr_nonnull(strstr(calfpump_solver_errmsg(s), "callback"));
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_fatal_at_start)
{
    calfpump_solver *s = make_solver(1, rhs_fatal, NULL, NULL, 1e-6, 1e-9);
    double y0 = 1.0, y;
    ck_assert_int_eq(calfpump_solver_init(s, 2.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_E_CALLBACK);
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_recoverable_wall)
{
    calfpump_solver *s = make_solver(1, rhs_wall, NULL, NULL, 1e-6, 1e-9);
    double y0 = 1.0, y;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    /* Up to the wall everything is fine. */
    ck_assert_int_eq(calfpump_solver_advance(s, 0.9, &y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y, exp(-0.9), 1e-5);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_E_NONFINITE);
    ck_assert(cfp_test_solver_stat(s, "rejected") > 0);
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_nan)
{
    calfpump_solver *s = make_solver(1, rhs_nan, NULL, NULL, 1e-6, 1e-9);
    double y0 = 1.0, y;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_E_NONFINITE);
    calfpump_solver_free(s);
    /* NaN already at the initial point. */
    s = make_solver(1, rhs_nan, NULL, NULL, 1e-6, 1e-9);
    ck_assert_int_eq(calfpump_solver_init(s, 2.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_E_NONFINITE);
    calfpump_solver_free(s);
}
END_TEST

/* A tolerance CVODE cannot meet with h_min this large. */
START_TEST(test_h_min)
{
    calfpump_solver *s = make_solver(1, rhs_stiff, NULL, NULL, 1e-10, 1e-12);
    double y0 = 3.0, y;
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_min", 0.05), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_E_STEPSIZE);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The leg model. */

typedef struct {
    double fall, exercise, rt90, steps, jac, lu;
} avp_result;

static void run_avp(const calfpump_integrator_ops *ops, const char *builtin, double tol,
                    avp_result *r)
{
    calfpump_sim *sim = cfp_test_leg_sim("avp", NULL);
    int st;
    if (ops)
        ck_assert_int_eq(calfpump_sim_set_integrator_ops(sim, ops), CALFPUMP_OK);
    else
        ck_assert_int_eq(calfpump_sim_set_integrator(sim, builtin), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(sim, "rtol", tol), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(sim, "atol", tol), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(sim, "output_interval", 0.05), CALFPUMP_OK);
    st = calfpump_sim_run(sim);
    ck_assert_msg(st == CALFPUMP_OK, "run: %s", calfpump_sim_errmsg(sim));
    ck_assert_int_eq(calfpump_sim_metric(sim, "avp.fall", &r->fall), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "avp.exercise", &r->exercise), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "avp.rt90", &r->rt90), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "solver.steps", &r->steps), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "solver.jac_evals", &r->jac), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "solver.lu_decomps", &r->lu), CALFPUMP_OK);
    calfpump_sim_free(sim);
}

#define ck_assert_rel(a, ref, rel, what)                                                  \
    ck_assert_msg(fabs((a) - (ref)) <= (rel) * fabs(ref), "%s: cvode %.6g, reference %.6g " \
                  "(%.3f %%)", what, (a), (ref), 100.0 * fabs((a) - (ref)) / fabs(ref))

START_TEST(test_avp_matches_dopri5)
{
    avp_result cv, ref;
    run_avp(NULL, "dopri5", 1e-10, &ref);
    run_avp(calfpump_cvode_integrator(), NULL, 1e-6, &cv);
    ck_assert_rel(cv.fall, ref.fall, 0.005, "avp.fall");
    ck_assert_rel(cv.exercise, ref.exercise, 0.005, "avp.exercise");
    ck_assert_rel(cv.rt90, ref.rt90, 0.005, "avp.rt90");
    ck_assert(cv.steps > 0 && cv.jac > 0 && cv.lu > 0);
    /* Statistics are per run: the implicit method needs far fewer steps. */
    ck_assert_msg(cv.steps < ref.steps, "cvode %g steps, dopri5 (1e-10) %g", cv.steps, ref.steps);
}
END_TEST

/* The simulation restarts CVODE at every segment boundary and a reset
 * starts from scratch: two runs give the same trace. */
START_TEST(test_sim_reset_reproducible)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *sim = NULL;
    double a[2], b[2];
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 5, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 10, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&sim, m, p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(sim, calfpump_cvode_integrator()), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(sim), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "return.total", &a[0]), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "solver.steps", &a[1]), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_reset(sim), CALFPUMP_OK);
    /* In pieces this time (dense output does not cut the steps). */
    ck_assert_int_eq(calfpump_sim_advance(sim, 3.3), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_advance(sim, 7.7), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(sim), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "return.total", &b[0]), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_metric(sim, "solver.steps", &b[1]), CALFPUMP_OK);
    ck_assert_double_eq(a[0], b[0]);
    ck_assert_double_eq(a[1], b[1]);
    calfpump_sim_free(sim);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("cvode");
    TCase *tc;

    tc = tcase_create("table");
    tcase_add_test(tc, test_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("accuracy");
    tcase_add_test(tc, test_decay_tolerance);
    tcase_add_test(tc, test_dense_output);
    tcase_add_test(tc, test_sim_dense_output);
    tcase_add_test(tc, test_stiff);
    tcase_add_test(tc, test_reference_problems);
    tcase_add_test(tc, test_fd_jacobian_pattern);
    tcase_add_test(tc, test_options_and_restart);
    suite_add_tcase(s, tc);

    tc = tcase_create("failures");
    tcase_add_test(tc, test_fatal_callback);
    tcase_add_test(tc, test_fatal_at_start);
    tcase_add_test(tc, test_recoverable_wall);
    tcase_add_test(tc, test_nan);
    tcase_add_test(tc, test_h_min);
    suite_add_tcase(s, tc);

    tc = tcase_create("leg");
    tcase_add_test(tc, test_avp_matches_dopri5);
    tcase_add_test(tc, test_sim_reset_reproducible);
    suite_add_tcase(s, tc);
    return s;
}
