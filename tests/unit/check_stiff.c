/* check_stiff.c -- the stiff integrators "rodas" (RODAS4 Rosenbrock) and ros2 on
 * problems with exact or published reference solutions, through the public
 * calfpump_solver API of calfpump/sys/integrator.h:
 *
 *  - convergence and consistency on a non-autonomous stiff problem with an
 *    exact solution, and dense output between steps (white box: single
 *    steps with cfp_solver_step / cfp_solver_dense);
 *  - standard stiff test problems with published reference values: Van der
 *    Pol (eps = 1e-6), Robertson's chemical kinetics, HIRES;
 *  - the work saved against the explicit dopri5 on a stiff problem;
 *  - failure handling: recoverable and fatal callbacks, non-finite values,
 *    singular iteration matrices, h_min / h_max;
 *  - ros2, the second-order Rosenbrock method that "auto" runs at h_max.
 * check_auto.c has "auto", the dense outputs on a moving manifold and the
 * default leg.
 *
 * Tolerances: the global error of an adaptive method is not bounded by
 * rtol, only proportional to it; the factors used below were checked with
 * margin (observed errors are quoted next to each test).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ode/solver.h"
#include "stdproblems.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Helpers. */

static const calfpump_integrator_ops *rodas(void)
{
    const calfpump_integrator_ops *ops = calfpump_integrator_builtin("rodas");
    ck_assert_ptr_nonnull(ops);
    return ops;
}

/* Solve from (t0, y0) to t1 with one advance; y receives y(t1).  Returns
 * the status; *steps (if not NULL) the accepted steps. */
static int solve(const calfpump_ode *ode, const char *integ, double rtol, double atol,
                 double t0, const double *y0, double t1, double *y, double *steps)
{
    calfpump_solver *s = cfp_test_solver_named(ode, integ, rtol, atol);
    int st;
    ck_assert_int_eq(calfpump_solver_init(s, t0, y0), CALFPUMP_OK);
    st = calfpump_solver_advance(s, t1, y);
    if (steps)
        *steps = cfp_test_solver_stat(s, "steps");
    calfpump_solver_free(s);
    return st;
}

/* ------------------------------------------------------------------ */
/* A non-autonomous problem, stiff in its second component, with an exact
 * solution:
 *   y0' = -y0 + sin t,                 y0(0) = 1: y0 = 3/2 e^-t + (sin t - cos t)/2
 *   y1' = -1000 (y1 - cos t) - sin t,  y1(0) = 1: y1 = cos t.
 * Optional analytic Jacobian. */

static int rhs_pr(double t, const double *y, double *f, void *user)
{
    (void)user;
    f[0] = -y[0] + sin(t);
    f[1] = -1000.0 * (y[1] - cos(t)) - sin(t);
    return 0;
}

static int jac_pr(double t, const double *y, const double *fy, double *jac, void *user)
{
    (void)t; (void)y; (void)fy; (void)user;
    jac[0] = -1.0; jac[1] = 0.0;
    jac[2] = 0.0; jac[3] = -1000.0;
    return 0;
}

static void exact_pr(double t, double *y)
{
    y[0] = 1.5 * exp(-t) + 0.5 * (sin(t) - cos(t));
    y[1] = cos(t);
}

static calfpump_ode ode_pr(int analytic)
{
    calfpump_ode ode;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 2;
    ode.rhs = rhs_pr;
    ode.jac = analytic ? jac_pr : NULL;
    return ode;
}

START_TEST(rodas_is_registered)
{
    const calfpump_integrator_ops *ops = rodas();
    int listed = 0;
    ck_assert_str_eq(ops->name, "rodas");
    ck_assert_uint_eq(ops->order, 4);
    ck_assert_uint_eq(ops->caps, CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE |
                                     CALFPUMP_CAP_IMPLICIT);
    ck_assert(ops->interpolate != NULL);
    for (size_t i = 0; i < calfpump_integrator_count(); i++)
        listed += strcmp(calfpump_integrator_name(i), "rodas") == 0;
    ck_assert_int_eq(listed, 1);
}
END_TEST

/* Global error over [0, 10], sampled at 0.5 s, for rtol = atol = 1e-4,
 * 1e-6, 1e-8: decreases with the tolerance and stays below 100 rtol
 * (observed: 0.06, 0.5 and 0.07 rtol).  Loop index 0: analytic Jacobian; 1: finite
 * differences. */
START_TEST(convergence_with_tolerance)
{
    calfpump_ode ode = ode_pr(_i == 0);
    const double tols[] = {1e-4, 1e-6, 1e-8};
    double prev = INFINITY, prev_steps = 0;
    for (int k = 0; k < 3; k++) {
        calfpump_solver *s = cfp_test_solver_named(&ode, "rodas", tols[k], tols[k]);
        double y0[2] = {1.0, 1.0}, y[2], ex[2], e = 0, steps;
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
        for (int j = 1; j <= 20; j++) {
            double t = 0.5 * j;
            ck_assert_int_eq(calfpump_solver_advance(s, t, y), CALFPUMP_OK);
            exact_pr(t, ex);
            e = fmax(e, fmax(fabs(y[0] - ex[0]), fabs(y[1] - ex[1])));
        }
        steps = cfp_test_solver_stat(s, "steps");
        ck_assert_msg(e < 100 * tols[k], "rtol %g: global error %g", tols[k], e);
        ck_assert_msg(e < prev, "rtol %g: error %g did not decrease (was %g)", tols[k], e, prev);
        ck_assert_msg(steps > prev_steps, "rtol %g: %g steps", tols[k], steps);
        /* Stiff component: at moderate tolerances far fewer steps than an
         * explicit method's stability limit (about 10 / (3.3 / 1000) =
         * 3000 for dopri5; rodas: 42 and 278). */
        if (tols[k] >= 1e-6)
            ck_assert_msg(steps < 1000, "rtol %g: %g steps", tols[k], steps);
        ck_assert(cfp_test_solver_stat(s, "jac_evals") >= 1);
        ck_assert(cfp_test_solver_stat(s, "lu_decomps") >= cfp_test_solver_stat(s, "jac_evals"));
        prev = e;
        prev_steps = steps;
        calfpump_solver_free(s);
    }
}
END_TEST

/* Dense output between the steps (white box: single steps, then the
 * interpolant at 7 interior points of each step), rtol = atol = 1e-6.
 * Non-stiff component: within 10 rtol of the exact solution (observed:
 * 1.1 rtol).  The stiff component loses an order in the interpolant (error
 * ~ h^3 instead of h^4 in a fixed-step study, as expected of a Rosenbrock
 * continuous extension on stiff components): within 100 rtol (observed:
 * 27 rtol, while the step ends are within 2.2 rtol).  At the step ends the
 * interpolant reproduces the solution. */
START_TEST(dense_output_between_steps)
{
    calfpump_ode ode = ode_pr(1);
    const double rtol = 1e-6;
    calfpump_solver *s = cfp_test_solver_named(&ode, "rodas", rtol, rtol);
    double y0[2] = {1.0, 1.0}, y[2], ex[2], worst[2] = {0, 0};
    int steps = 0;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    while (s->t < 10.0) {
        double t0 = s->t, yold[2] = {s->y[0], s->y[1]};
        ck_assert_int_eq(cfp_solver_step(s, 10.0), CALFPUMP_OK);
        steps++;
        ck_assert_int_eq(cfp_solver_dense(s, t0, y), CALFPUMP_OK);
        ck_assert(fabs(y[0] - yold[0]) <= 1e-14 && fabs(y[1] - yold[1]) <= 1e-14);
        ck_assert_int_eq(cfp_solver_dense(s, s->t, y), CALFPUMP_OK);
        ck_assert(fabs(y[0] - s->y[0]) <= 1e-14 && fabs(y[1] - s->y[1]) <= 1e-14);
        for (int k = 1; k < 8; k++) {
            double t = t0 + (s->t - t0) * k / 8.0;
            ck_assert_int_eq(cfp_solver_dense(s, t, y), CALFPUMP_OK);
            exact_pr(t, ex);
            worst[0] = fmax(worst[0], fabs(y[0] - ex[0]));
            worst[1] = fmax(worst[1], fabs(y[1] - ex[1]));
        }
    }
    ck_assert_msg(worst[0] < 10 * rtol, "dense output error %g (non-stiff)", worst[0]);
    ck_assert_msg(worst[1] < 100 * rtol, "dense output error %g (stiff)", worst[1]);
    ck_assert_int_gt(steps, 10);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Van der Pol, problem VDPOL (in its eps form) of the Test Set for Initial
 * Value Problem Solvers (F. Mazzia, C. Magherini et al., University of
 * Bari, http://www.dm.uniba.it/~testset; the same problem is in Hairer &
 * Wanner II, section IV.10):
 *   y0' = y1,  y1' = ((1 - y0^2) y1 - y0) / eps,  eps = 1e-6,
 *   y(0) = (2, 0), t in [0, 2];
 * reference y(2) = (1.706167732170483, -0.8928097010247975). */

/* rtol = atol = 1e-6, 1e-7, 1e-8: relative error below 20 rtol (the
 * fast transitions make this problem ill-conditioned; observed: 0.12 to
 * 0.22 rtol, with 1068, 2225 and 5031 steps). */
START_TEST(van_der_pol_stiff)
{
    static double eps = 1e-6;
    const double *ref = vdp_ref_t2;
    const double rtol = pow(10.0, -6 - _i);
    calfpump_ode ode;
    double y0[2] = {2.0, 0.0}, y[2], steps, e;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 2;
    ode.rhs = rhs_vdp;
    ode.jac = jac_vdp;
    ode.user = &eps;
    ck_assert_int_eq(solve(&ode, "rodas", rtol, rtol, 0.0, y0, 2.0, y, &steps), CALFPUMP_OK);
    e = cfp_test_rel_err(2, y, ref);
    ck_assert_msg(e < 20 * rtol, "rtol %g: relative error %g (%g steps)", rtol, e, steps);
    ck_assert_msg(steps < 20000, "rtol %g: %g steps", rtol, steps);
}
END_TEST

/* Van der Pol with mu = 1 (not stiff: y1' = (1 - y0^2) y1 - y0), where
 * dopri5 is efficient too: both integrators, at rtol = atol = 1e-8, agree
 * on y(20) with a tight dopri5 solution (rtol 1e-12) within 1e-5; finite
 * differences for rodas. */
START_TEST(van_der_pol_mild_both)
{
    static double eps = 1.0;
    calfpump_ode ode;
    double y0[2] = {2.0, 0.0}, ref[2], y[2], e;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 2;
    ode.rhs = rhs_vdp;
    ode.user = &eps;
    ck_assert_int_eq(solve(&ode, "dopri5", 1e-12, 1e-12, 0.0, y0, 20.0, ref, NULL), CALFPUMP_OK);
    ck_assert_int_eq(solve(&ode, "dopri5", 1e-8, 1e-8, 0.0, y0, 20.0, y, NULL), CALFPUMP_OK);
    e = cfp_test_rel_err(2, y, ref);
    ck_assert_msg(e < 1e-5, "dopri5: %g", e);
    ck_assert_int_eq(solve(&ode, "rodas", 1e-8, 1e-8, 0.0, y0, 20.0, y, NULL), CALFPUMP_OK);
    e = cfp_test_rel_err(2, y, ref);
    ck_assert_msg(e < 1e-5, "rodas: %g", e);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Robertson's chemical kinetics (H. H. Robertson, The solution of a set of
 * reaction rate equations, in J. Walsh (ed.), Numerical Analysis, Academic
 * Press 1966; problem ROBER of
 * the test set above; Hairer & Wanner II, section IV.1 and IV.10):
 *   y0' = -0.04 y0 + 1e4 y1 y2
 *   y1' =  0.04 y0 - 1e4 y1 y2 - 3e7 y1^2
 *   y2' =  3e7 y1^2,                   y(0) = (1, 0, 0).
 * Reference values:
 *  t = 40: (0.7158270687, 9.185534764e-6, 0.2841637457), the 10-digit
 *      values usually quoted from Hairer & Wanner II (confirmed below);
 *  t = 1e11: (0.2083340149701255e-07, 0.8333360770334713e-13,
 *      0.9999999791665050), the reference solution of the test set's
 *      problem ROBER.
 * Finite-difference Jacobian (dense, no pattern) unless said otherwise. */

/* rtol 1e-6, 1e-7, 1e-8 with atol = 1e-6 rtol (y1 is of order 1e-5):
 * each component within 20 rtol relative (observed: 0.12 to 0.19 rtol, with
 * 102, 174 and 454 steps).  The 10-digit reference was confirmed by rodas
 * at rtol 1e-12 and dopri5 at rtol 1e-13: (0.7158270687192,
 * 9.1855347645e-6, 0.2841637457458). */
START_TEST(robertson_t40)
{
    const double *ref = rober_ref_t40;
    const double rtol = pow(10.0, -6 - _i);
    calfpump_ode ode = ode_rober();
    double y0[3] = {1.0, 0.0, 0.0}, y[3], steps, e;
    ck_assert_int_eq(solve(&ode, "rodas", rtol, 1e-6 * rtol, 0.0, y0, 40.0, y, &steps),
                     CALFPUMP_OK);
    e = cfp_test_rel_err(3, y, ref);
    /* The reference has 10 digits. */
    ck_assert_msg(e < 20 * rtol + 2e-9, "rtol %g: relative error %g", rtol, e);
    ck_assert_msg(steps < 1000, "rtol %g: %g steps", rtol, steps);
    ck_assert_msg(fabs(y[0] + y[1] + y[2] - 1.0) < 1e-12, "mass %.17g", y[0] + y[1] + y[2]);
}
END_TEST

/* To t = 1e11 (time scales from 1e-4 to 1e11), analytic Jacobian, rtol =
 * 1e-8, atol = 1e-16 (y1 ends near 8e-14): every component within 100
 * rtol relative (observed: 1.2e-9).  (The library's finite-difference
 * Jacobian perturbs y1 by about 1.5e-11 here, far more than y1 itself, and
 * the result is then off by 0.4 %: a stiff method needs a good J.) */
START_TEST(robertson_t1e11)
{
    static const double ref[3] = {0.2083340149701255e-07, 0.8333360770334713e-13,
                                  0.9999999791665050};
    calfpump_ode ode = ode_rober();
    double y0[3] = {1.0, 0.0, 0.0}, y[3], steps, e;
    ode.jac = jac_rober;
    ck_assert_int_eq(solve(&ode, "rodas", 1e-8, 1e-16, 0.0, y0, 1e11, y, &steps), CALFPUMP_OK);
    e = cfp_test_rel_err(3, y, ref);
    ck_assert_msg(e < 1e-6, "relative error %g: %.16g %.16g %.16g", e, y[0], y[1], y[2]);
    ck_assert_msg(steps < 5000, "%g steps", steps);
}
END_TEST

/* The work saved: to t = 40 at rtol 1e-6, dopri5 (stability-limited to
 * steps of about 1e-3 once y1 ~ 1e-5) cannot finish within 20 times the
 * steps rodas needs. */
START_TEST(robertson_rodas_far_cheaper_than_dopri5)
{
    calfpump_ode ode = ode_rober();
    calfpump_solver *s;
    double y0[3] = {1.0, 0.0, 0.0}, y[3], rsteps;
    long rcalls = 0, dcalls = 0;
    ode.user = &rcalls;
    ck_assert_int_eq(solve(&ode, "rodas", 1e-6, 1e-12, 0.0, y0, 40.0, y, &rsteps), CALFPUMP_OK);
    ode.user = &dcalls;
    s = cfp_test_solver_named(&ode, "dopri5", 1e-6, 1e-12);
    ck_assert_int_eq(calfpump_solver_set_option(s, "max_steps", 20 * rsteps), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 40.0, y), CALFPUMP_E_MAXSTEPS);
    ck_assert_msg(calfpump_solver_time(s) < 40.0, "dopri5 reached t = %g", calfpump_solver_time(s));
    ck_assert_msg(dcalls > 10 * rcalls, "rhs calls: dopri5 %ld, rodas %ld", dcalls, rcalls);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* HIRES (E. Schaefer 1975; problem HIRES of the test set above; Hairer &
 * Wanner II, section IV.10): 8 equations of plant physiology on
 * [0, 321.8122]; reference y(321.8122) from the test set (computed there
 * with RADAU5 in extended precision at tolerance 1.1e-18). */

/* rodas at rtol 1e-6, 1e-7, 1e-8 (atol = 1e-4 rtol): every component
 * within 10 rtol relative (observed: 0.11, 0.06, 0.04 rtol with 367, 857
 * and 2102 steps); index 3: dopri5 at rtol 1e-6, feasible since the
 * problem is only mildly stiff (observed: 0.66 rtol, 10561 steps). */
START_TEST(hires)
{
    const char *integ = _i < 3 ? "rodas" : "dopri5";
    const double rtol = _i < 3 ? pow(10.0, -6 - _i) : 1e-6;
    calfpump_ode ode = ode_hires();
    double y0[8] = {1, 0, 0, 0, 0, 0, 0, 0.0057}, y[8], steps, e;
    ck_assert_int_eq(solve(&ode, integ, rtol, 1e-4 * rtol, 0.0, y0, 321.8122, y, &steps),
                     CALFPUMP_OK);
    e = cfp_test_rel_err(8, y, hires_ref);
    ck_assert_msg(e < 10 * rtol, "%s rtol %g: relative error %g (%g steps)", integ, rtol, e,
                  steps);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Failure handling. */

/* A right-hand side that fails on chosen calls: recoverably (1) on calls
 * fail_at[0..2], fatally (-1) from call fatal_at on, or returns NaN for
 * t > nan_after. */
typedef struct flaky {
    long calls, fail_at[3], fatal_at, jac_calls, jac_fail_at, jac_fatal_at;
    double nan_after;
} flaky;

static int rhs_flaky(double t, const double *y, double *f, void *user)
{
    flaky *fl = user;
    long k = ++fl->calls;
    rhs_pr(t, y, f, NULL);
    if (fl->fatal_at > 0 && k >= fl->fatal_at)
        return -1;
    for (int i = 0; i < 3; i++)
        if (k == fl->fail_at[i])
            return 1;
    if (t > fl->nan_after)
        f[0] = NAN;
    return 0;
}

static int jac_flaky(double t, const double *y, const double *fy, double *jac, void *user)
{
    flaky *fl = user;
    long k = ++fl->jac_calls;
    jac_pr(t, y, fy, jac, NULL);
    if (fl->jac_fatal_at > 0 && k >= fl->jac_fatal_at)
        return -1;
    return k == fl->jac_fail_at ? 1 : 0;
}

static calfpump_ode ode_flaky(flaky *fl)
{
    calfpump_ode ode = ode_pr(1);
    memset(fl, 0, sizeof *fl);
    fl->nan_after = INFINITY;
    ode.rhs = rhs_flaky;
    ode.jac = jac_flaky;
    ode.user = fl;
    return ode;
}

/* Recoverable failures of f and of J shrink the step; the solution is as
 * accurate as without them and the attempts count as rejected. */
START_TEST(recoverable_failures)
{
    flaky fl;
    calfpump_ode ode = ode_flaky(&fl);
    calfpump_solver *s;
    double y0[2] = {1.0, 1.0}, y[2], ex[2];
    fl.fail_at[0] = 20;
    fl.fail_at[1] = 21;
    fl.fail_at[2] = 60;
    fl.jac_fail_at = 3;
    s = cfp_test_solver_named(&ode, "rodas", 1e-6, 1e-6);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_msg(calfpump_solver_advance(s, 5.0, y) == CALFPUMP_OK, "%s",
                  calfpump_solver_errmsg(s));
    exact_pr(5.0, ex);
    ck_assert_msg(fabs(y[0] - ex[0]) < 1e-4 && fabs(y[1] - ex[1]) < 1e-4, "y = %g %g", y[0], y[1]);
    ck_assert_msg(fl.calls > 60 && fl.jac_calls > 3, "%ld calls, %ld jac calls", fl.calls,
                  fl.jac_calls);
    ck_assert(cfp_test_solver_stat(s, "rejected") >= 4);
    calfpump_solver_free(s);
}
END_TEST

/* A fatal failure of f or J stops the solve with CALFPUMP_E_CALLBACK. */
START_TEST(fatal_callbacks)
{
    flaky fl;
    calfpump_ode ode = ode_flaky(&fl);
    double y0[2] = {1.0, 1.0}, y[2];
    fl.fatal_at = 40;
    ck_assert_int_eq(solve(&ode, "rodas", 1e-6, 1e-6, 0.0, y0, 5.0, y, NULL), CALFPUMP_E_CALLBACK);
    ck_assert_int_eq(fl.calls, 40);
    ode = ode_flaky(&fl);
    fl.jac_fatal_at = 2;
    ck_assert_int_eq(solve(&ode, "rodas", 1e-6, 1e-6, 0.0, y0, 5.0, y, NULL), CALFPUMP_E_CALLBACK);
    ck_assert_int_eq(fl.jac_calls, 2);
}
END_TEST

/* f turning non-finite for good stops with CALFPUMP_E_NONFINITE after the
 * step has shrunk, without passing the point where it happened. */
START_TEST(nonfinite_stops)
{
    flaky fl;
    calfpump_ode ode = ode_flaky(&fl);
    calfpump_solver *s;
    double y0[2] = {1.0, 1.0}, y[2];
    fl.nan_after = 1.5;
    s = cfp_test_solver_named(&ode, "rodas", 1e-6, 1e-6);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 5.0, y), CALFPUMP_E_NONFINITE);
    ck_assert(calfpump_solver_time(s) <= 1.5);
    ck_assert(calfpump_solver_time(s) > 1.4);
    ck_assert(fl.calls < 100000);
    calfpump_solver_free(s);
}
END_TEST

/* A singular iteration matrix: y' = 4096 y with h = 2^-10 makes
 * I / (gamma h) - J exactly zero.  The step is halved and the solve goes on
 * to y(2^-10) = e^4. */

static int rhs_grow(double t, const double *y, double *f, void *user)
{
    (void)t; (void)user;
    f[0] = 4096.0 * y[0];
    return 0;
}

static int jac_grow(double t, const double *y, const double *fy, double *jac, void *user)
{
    (void)t; (void)y; (void)fy; (void)user;
    jac[0] = 4096.0;
    return 0;
}

START_TEST(singular_matrix_shrinks_step)
{
    calfpump_ode ode;
    calfpump_solver *s;
    double y0 = 1.0, y, h = ldexp(1.0, -10);
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = rhs_grow;
    ode.jac = jac_grow;
    s = cfp_test_solver_named(&ode, "rodas", 1e-8, 1e-8);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_init", h), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_msg(calfpump_solver_advance(s, h, &y) == CALFPUMP_OK, "%s", calfpump_solver_errmsg(s));
    ck_assert_msg(fabs(y - exp(4.0)) < 1e-6 * exp(4.0), "y = %.15g", y);
    ck_assert(cfp_test_solver_stat(s, "rejected") >= 1);
    calfpump_solver_free(s);
}
END_TEST

/* h_max bounds every step; h_min above what the problem needs stops with
 * CALFPUMP_E_STEPSIZE. */
START_TEST(step_bounds)
{
    calfpump_ode ode = ode_pr(1);
    calfpump_solver *s = cfp_test_solver_named(&ode, "rodas", 1e-4, 1e-4);
    double y0[2] = {1.0, 1.0}, y[2], r0[3] = {1.0, 0.0, 0.0}, r[3];
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_max", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 2.0, y), CALFPUMP_OK);
    ck_assert(cfp_test_solver_stat(s, "steps") >= 200);
    calfpump_solver_free(s);

    ode = ode_rober();
    s = cfp_test_solver_named(&ode, "rodas", 1e-6, 1e-12);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_min", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, r0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 40.0, r), CALFPUMP_E_STEPSIZE);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* ROS2 (ros2.c), which "auto" runs where the step is held at h_max:
 * y' = -2 y + cos t (not autonomous: the df/dt terms count), y(0) = 1,
 * exact y = (2 cos t + sin t) / 5 + 3/5 e^(-2t). */

static int rhs_forced(double t, const double *y, double *f, void *user)
{
    (void)user;
    f[0] = -2.0 * y[0] + cos(t);
    return 0;
}

static double exact_forced(double t) { return (2 * cos(t) + sin(t)) / 5 + 0.6 * exp(-2 * t); }

/* y' = -2 y, y(0) = 1: the error at t = 2 with the constant step h
 * (tolerances so loose that no step is rejected). */
static int rhs_decay2(double t, const double *y, double *f, void *user)
{
    (void)t;
    (void)user;
    f[0] = -2.0 * y[0];
    return 0;
}

static double ros2_error(double h)
{
    calfpump_ode ode;
    calfpump_solver *s;
    double y0 = 1.0, y, steps;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = rhs_decay2;
    s = cfp_test_solver(&ode, &cfp_ros2_ops, 1.0, 1.0);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_init", h), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_max", h), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "t_stop", 2.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 2.0, &y), CALFPUMP_OK);
    steps = cfp_test_solver_stat(s, "steps");
    ck_assert_msg(fabs(steps - 2.0 / h) < 1.5, "h %g: %g steps", h, steps);
    ck_assert_double_eq(cfp_test_solver_stat(s, "rejected"), 0);
    calfpump_solver_free(s);
    return fabs(y - exp(-4.0));
}

/* Second order: halving h divides the error by nearly 4 (observed: 3.55
 * and 3.72 from h = 0.05 to 0.0125). */
START_TEST(ros2_is_second_order)
{
    double e1 = ros2_error(0.05), e2 = ros2_error(0.025), e3 = ros2_error(0.0125);
    ck_assert_msg(e1 / e2 > 3.3 && e1 / e2 < 4.5, "errors %g %g: ratio %g", e1, e2, e1 / e2);
    ck_assert_msg(e2 / e3 > 3.5 && e2 / e3 < 4.5, "errors %g %g: ratio %g", e2, e3, e2 / e3);
    ck_assert_msg(e1 < 1e-3, "error %g at h = 0.05", e1);
}
END_TEST

/* Adaptive at rtol = atol = 1e-8: y(2) and the dense output inside the
 * last steps within 1e-6 of the exact solution. */
START_TEST(ros2_adaptive_and_dense)
{
    calfpump_ode ode;
    calfpump_solver *s;
    double y0 = 1.0, y;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = rhs_forced;
    s = cfp_test_solver(&ode, &cfp_ros2_ops, 1e-8, 1e-8);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    for (int k = 1; k <= 40; k++) {
        double t = 0.05 * k;
        ck_assert_int_eq(calfpump_solver_advance(s, t, &y), CALFPUMP_OK);
        ck_assert_msg(fabs(y - exact_forced(t)) < 1e-6, "t %g: %.12g, exact %.12g", t, y,
                      exact_forced(t));
    }
    calfpump_solver_free(s);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("stiff");
    TCase *tc = tcase_create("rodas");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, rodas_is_registered);
    tcase_add_loop_test(tc, convergence_with_tolerance, 0, 2);
    tcase_add_test(tc, dense_output_between_steps);
    tcase_add_loop_test(tc, van_der_pol_stiff, 0, 3);
    tcase_add_test(tc, van_der_pol_mild_both);
    tcase_add_loop_test(tc, robertson_t40, 0, 3);
    tcase_add_test(tc, robertson_t1e11);
    tcase_add_test(tc, robertson_rodas_far_cheaper_than_dopri5);
    tcase_add_loop_test(tc, hires, 0, 4);
    tcase_add_test(tc, recoverable_failures);
    tcase_add_test(tc, fatal_callbacks);
    tcase_add_test(tc, nonfinite_stops);
    tcase_add_test(tc, singular_matrix_shrinks_step);
    tcase_add_test(tc, step_bounds);
    tcase_add_test(tc, ros2_is_second_order);
    tcase_add_test(tc, ros2_adaptive_and_dense);
    suite_add_tcase(su, tc);
    return su;
}
