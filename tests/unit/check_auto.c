/* check_auto.c -- the default integrator "auto" (dopri5 where the problem
 * is not stiff, rodas or ros2 where it is; libcalfpump/ode/auto.c), the
 * dense outputs of the stiff methods on a moving manifold, and the stiff
 * methods on the default leg:
 *
 *  - auto detects stiffness (Robertson) and leaves a non-stiff problem to
 *    dopri5 step for step (Van der Pol, mu = 1);
 *  - it hands over to rodas when dopri5 finds no step at all;
 *  - rodas, auto and ros2 interpolate within 5 rtol on Prothero-Robinson;
 *  - the default leg: rodas and auto at the default tolerance against a
 *    tight reference on avp; auto cheaper than either method on a walk;
 *    ros2 while sitting still; a leg with inertances.
 *
 * check_stiff.c has rodas and ros2 on the standard stiff problems.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ode/solver.h"
#include "stdproblems.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* "auto": dopri5 where the problem is not stiff, rodas where it is. */

/* Solve with `integ` to t1; y receives y(t1), st[] the statistics steps,
 * rhs_evals, jac_evals. */
static void solve_stats(const calfpump_ode *ode, const char *integ, double rtol, double atol,
                        const double *y0, double t1, double *y, double st[3])
{
    calfpump_solver *s = cfp_test_solver_named(ode, integ, rtol, atol);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_msg(calfpump_solver_advance(s, t1, y) == CALFPUMP_OK, "%s: %s", integ,
                  calfpump_solver_errmsg(s));
    st[0] = cfp_test_solver_stat(s, "steps");
    st[1] = cfp_test_solver_stat(s, "rhs_evals");
    st[2] = cfp_test_solver_stat(s, "jac_evals");
    calfpump_solver_free(s);
}

/* Robertson to t = 40 at rtol 1e-6: auto detects the stiffness, finishes
 * within 20 rtol like rodas, with Jacobians, and in fewer than a fifth of
 * the evaluations dopri5 needs (which cannot finish within 20 times
 * rodas's steps, see above). */
START_TEST(auto_switches_to_rodas_when_stiff)
{
    calfpump_ode ode = ode_rober();
    double y0[3] = {1.0, 0.0, 0.0}, y[3], a[3], r[3], d[3], e;
    solve_stats(&ode, "rodas", 1e-6, 1e-12, y0, 40.0, d, r);
    solve_stats(&ode, "auto", 1e-6, 1e-12, y0, 40.0, y, a);
    e = cfp_test_rel_err(3, y, rober_ref_t40);
    ck_assert_msg(e < 20 * 1e-6 + 2e-9, "relative error %g", e);
    ck_assert_msg(a[2] > 0, "auto evaluated no Jacobian");
    ck_assert_msg(a[0] < 3 * r[0], "auto %g steps, rodas %g", a[0], r[0]);
    {
        calfpump_solver *s = cfp_test_solver_named(&ode, "dopri5", 1e-6, 1e-12);
        ck_assert_int_eq(calfpump_solver_set_option(s, "max_steps", 20 * r[0]), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_advance(s, 40.0, d), CALFPUMP_E_MAXSTEPS);
        ck_assert_msg(a[1] < 0.2 * cfp_test_solver_stat(s, "rhs_evals"), "auto %g rhs, dopri5 %g",
                      a[1], cfp_test_solver_stat(s, "rhs_evals"));
        calfpump_solver_free(s);
    }
}
END_TEST

/* Van der Pol with mu = 1 is not stiff: auto never leaves dopri5, so it
 * takes dopri5's steps exactly, and no Jacobian. */
START_TEST(auto_stays_explicit_when_not_stiff)
{
    static double eps = 1.0;
    calfpump_ode ode;
    double y0[2] = {2.0, 0.0}, ya[2], yd[2], a[3], d[3];
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 2;
    ode.rhs = rhs_vdp;
    ode.user = &eps;
    solve_stats(&ode, "auto", 1e-8, 1e-8, y0, 20.0, ya, a);
    solve_stats(&ode, "dopri5", 1e-8, 1e-8, y0, 20.0, yd, d);
    ck_assert_double_eq(a[2], 0);
    ck_assert_double_eq(a[0], d[0]);
    ck_assert_double_eq(a[1], d[1]);
    ck_assert(ya[0] == yd[0] && ya[1] == yd[1]);
}
END_TEST

/* Prothero-Robinson, y' = -lambda (y - cos t) - sin t, y(0) = 1, y = cos t:
 * the stiff component follows a moving manifold, which the published
 * dense output of RODAS4 does not (the step ends stay exact, the
 * interpolant between them strayed by 2.4e-2 at lambda = 1e6 and 9e-2 at
 * 1e9 before the dense-output check, with rtol 1e-6), nor did ros2's
 * cubic Hermite interpolant, whose end slope f(t + h, y1) multiplies y1's
 * error by lambda (4.4e-4 at 1e6, 0.44 at 1e9).  Output every 0.01 over
 * [0, 1]: within 5 rtol at every output (observed: at most 2e-6). */
static int rhs_pr1(double t, const double *y, double *f, void *user)
{
    f[0] = -*(const double *)user * (y[0] - cos(t)) - sin(t);
    return 0;
}

START_TEST(dense_output_on_a_moving_manifold)
{
    static const char *const name[] = {"rodas", "auto", "ros2"};
    static double lambda[] = {1e3, 1e6, 1e9};
    const calfpump_integrator_ops *ops[3];
    calfpump_ode ode;
    calfpump_solver *s;
    double y0[1] = {1.0}, y[1], e = 0;
    ops[0] = calfpump_integrator_builtin("rodas");
    ops[1] = calfpump_integrator_builtin("auto");
    ops[2] = &cfp_ros2_ops;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = rhs_pr1;
    ode.user = &lambda[_i % 3];
    s = cfp_test_solver(&ode, ops[_i / 3], 1e-6, 1e-6);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    for (int k = 1; k <= 100; k++) {
        ck_assert_int_eq(calfpump_solver_advance(s, 0.01 * k, y), CALFPUMP_OK);
        e = fmax(e, fabs(y[0] - cos(0.01 * k)));
    }
    ck_assert_msg(e < 5e-6, "%s, lambda %g: largest error %g", name[_i / 3], lambda[_i % 3], e);
    calfpump_solver_free(s);
}
END_TEST

/* A problem stiffer (lambda = -1e9) than dopri5 can take at h_min = 1e-6:
 * it accepts no step at all, so Hairer's test, which counts accepted
 * steps, never fires; auto hands over to rodas when dopri5 gives up, and
 * ends on the solution. */
static int rhs_hard(double t, const double *y, double *f, void *user)
{
    (void)user;
    f[0] = -1e9 * (y[0] - cos(t)) - sin(t);
    return 0;
}

static int solve_hmin(const char *integ, double *y)
{
    calfpump_ode ode;
    calfpump_solver *s;
    double y0[1] = {1.0};
    int st;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = rhs_hard;
    s = cfp_test_solver_named(&ode, integ, 1e-6, 1e-6);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_min", 1e-6), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    st = calfpump_solver_advance(s, 1.0, y);
    calfpump_solver_free(s);
    return st;
}

START_TEST(auto_takes_over_when_dopri5_gives_up)
{
    double y[1];
    ck_assert_int_eq(solve_hmin("dopri5", y), CALFPUMP_E_STEPSIZE);
    ck_assert_int_eq(solve_hmin("auto", y), CALFPUMP_OK);
    ck_assert_msg(fabs(y[0] - cos(1.0)) < 1e-6, "y(1) = %.9g", y[0]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The default leg on the avp protocol: rodas at the default tolerance
 * (rtol = atol = 1e-6) against dopri5 at rtol = atol = 1e-9, within 0.5 %
 * (observed: within 1e-6 relative). */

static calfpump_sim *run_avp(const char *integ, double rtol)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    cfp_test_use_integrator(s, integ, rtol);
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s: %s", integ, calfpump_sim_errmsg(s));
    return s;
}

START_TEST(leg_avp_matches_tight_reference)
{
    static const char *const names[] = {"avp.fall", "avp.exercise", "avp.rt90"};
    const char *integ = _i ? "auto" : "rodas";
    calfpump_sim *ref = run_avp("dopri5", 1e-9);
    calfpump_sim *s = run_avp(integ, 0);
    for (int k = 0; k < 3; k++) {
        double a = cfp_test_metric(s, names[k]), b = cfp_test_metric(ref, names[k]);
        ck_assert_msg(isfinite(a) && fabs(a - b) <= 5e-3 * fabs(b), "%s: %s %.9g, reference %.9g",
                      names[k], integ, a, b);
    }
    ck_assert(cfp_test_metric(s, "solver.jac_evals") > 0);
    ck_assert(cfp_test_metric(s, "solver.lu_decomps") >= cfp_test_metric(s, "solver.jac_evals"));
    ck_assert(cfp_test_metric(s, "conservation.error") < 1e-9);
    calfpump_sim_free(s);
    calfpump_sim_free(ref);
}
END_TEST

/* Stand 20 s, then walk 60 s: auto uses rodas while standing (Jacobians)
 * and dopri5 while walking, so it needs fewer evaluations than either
 * method alone, and its ankle pressure at the end agrees with dopri5's at
 * rtol 1e-9 within 0.1 mmHg. */
/* Run model m through p (both freed here) with integ at rtol = atol
 * (0: the default) and output every dt s (0: the default). */
static calfpump_sim *run_model(calfpump_model *m, calfpump_protocol *p, const char *integ,
                               double rtol, double dt)
{
    calfpump_sim *s = cfp_test_new_sim(m, p);
    cfp_test_use_integrator(s, integ, rtol);
    if (dt > 0)
        ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", dt), CALFPUMP_OK);
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s: %s", integ, calfpump_sim_errmsg(s));
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    return s;
}

/* The same with the default leg. */
static calfpump_sim *run_leg(calfpump_protocol *p, const char *integ, double rtol, double dt)
{
    calfpump_model *m = NULL;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    return run_model(m, p, integ, rtol, dt);
}

static calfpump_sim *run_walk(const char *integ, double rtol)
{
    calfpump_protocol *p = NULL;
    size_t i;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 20, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 60, &i), CALFPUMP_OK);
    return run_leg(p, integ, rtol, 0);
}

static double last_value(calfpump_sim *s, const char *col)
{
    size_t j, n = calfpump_sim_trace_rows(s);
    double *v = malloc(n * sizeof *v), last;
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, col, &j), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, v, n, NULL), CALFPUMP_OK);
    last = v[n - 1];
    free(v);
    return last;
}

START_TEST(leg_walk_auto_takes_the_cheaper_method)
{
    calfpump_sim *a = run_walk("auto", 0), *d = run_walk("dopri5", 0), *r = run_walk("rodas", 0);
    calfpump_sim *ref = run_walk("dopri5", 1e-9);
    double ra = cfp_test_metric(a, "solver.rhs_evals");
    ck_assert(cfp_test_metric(a, "solver.jac_evals") > 0);
    ck_assert_msg(ra < cfp_test_metric(d, "solver.rhs_evals"), "auto %g, dopri5 %g", ra,
                  cfp_test_metric(d, "solver.rhs_evals"));
    ck_assert_msg(ra < cfp_test_metric(r, "solver.rhs_evals"), "auto %g, rodas %g", ra,
                  cfp_test_metric(r, "solver.rhs_evals"));
    ck_assert(fabs(last_value(a, "P.dorsal_foot") - last_value(ref, "P.dorsal_foot")) < 0.1);
    ck_assert(cfp_test_metric(a, "conservation.error") < 1e-9);
    calfpump_sim_free(a);
    calfpump_sim_free(d);
    calfpump_sim_free(r);
    calfpump_sim_free(ref);
}
END_TEST

/* The default leg with an inertance on every connection (0.01 mmHg s^2/mL,
 * about that of 17 cm of a 1 cm^2 vein): competent valves closing through
 * it leave dopri5 no step to accept from the start, so auto must hand
 * over to rodas by itself (it failed at t = 1e-11 before).  Stand 5 s and
 * walk 5 s; auto's ankle pressure at the end within 0.05 mmHg of rodas's
 * at rtol 1e-9. */
static calfpump_sim *run_inertial(const char *integ, double rtol)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    char name[128];
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    for (size_t e = 0; e < calfpump_model_connection_count(m); e++) {
        snprintf(name, sizeof name, "conn.%s.inertance", calfpump_model_connection_name(m, e));
        ck_assert_int_eq(calfpump_model_set(m, name, 0.01), CALFPUMP_OK);
    }
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 5, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 5, NULL), CALFPUMP_OK);
    return run_model(m, p, integ, rtol, 0);
}

START_TEST(leg_with_inertance_auto_runs)
{
    calfpump_sim *a = run_inertial("auto", 0), *ref = run_inertial("rodas", 1e-9);
    double pa = last_value(a, "P.dorsal_foot"), pr = last_value(ref, "P.dorsal_foot");
    ck_assert_msg(fabs(pa - pr) < 0.05, "auto %.6f, rodas at 1e-9 %.6f mmHg", pa, pr);
    ck_assert(cfp_test_metric(a, "conservation.error") < 1e-9);
    calfpump_sim_free(a);
    calfpump_sim_free(ref);
}
END_TEST

/* Sit still for 20 min: auto runs ros2 at h_max (two evaluations a step)
 * once rodas's steps are held there, so it needs less than half of
 * rodas's evaluations, and ends within 1e-3 mmHg of rodas at rtol 1e-10. */
static calfpump_sim *run_still(const char *integ, double rtol)
{
    calfpump_protocol *p = NULL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "still", 1200, NULL),
                     CALFPUMP_OK);
    return run_leg(p, integ, rtol, 1.0);
}

START_TEST(leg_still_auto_runs_ros2)
{
    calfpump_sim *a = run_still("auto", 0), *r = run_still("rodas", 0);
    calfpump_sim *ref = run_still("rodas", 1e-10);
    double ra = cfp_test_metric(a, "solver.rhs_evals"), rr = cfp_test_metric(r, "solver.rhs_evals");
    ck_assert_msg(ra < 0.5 * rr, "auto %g, rodas %g", ra, rr);
    ck_assert(fabs(last_value(a, "P.dorsal_foot") - last_value(ref, "P.dorsal_foot")) < 1e-3);
    ck_assert(fabs(last_value(a, "V.total") - last_value(ref, "V.total")) < 1e-3);
    ck_assert(cfp_test_metric(a, "conservation.error") < 1e-9);
    calfpump_sim_free(a);
    calfpump_sim_free(r);
    calfpump_sim_free(ref);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("auto");
    TCase *tc = tcase_create("auto");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, auto_switches_to_rodas_when_stiff);
    tcase_add_test(tc, auto_stays_explicit_when_not_stiff);
    tcase_add_test(tc, auto_takes_over_when_dopri5_gives_up);
    tcase_add_loop_test(tc, dense_output_on_a_moving_manifold, 0, 9);
    tcase_add_loop_test(tc, leg_avp_matches_tight_reference, 0, 2);
    tcase_add_test(tc, leg_walk_auto_takes_the_cheaper_method);
    tcase_add_test(tc, leg_still_auto_runs_ros2);
    tcase_add_test(tc, leg_with_inertance_auto_runs);
    suite_add_tcase(su, tc);
    return su;
}
