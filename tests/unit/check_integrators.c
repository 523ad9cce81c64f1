/* check_integrators.c -- white-box tests of the built-in integrators
 * through the plug-in interface of calfpump/sys/integrator.h: order of
 * convergence, accuracy against tolerance, dense output, a published
 * reference orbit, failure handling of the right-hand side, statistics and
 * the registry.
 *
 * The built-in tables (cfp_rk4_ops, cfp_dopri5_ops) are called exactly as
 * the solver calls any plug-in: create, restart, step ... step,
 * (interpolate), destroy, with an evaluation context (struct
 * calfpump_odectx, visible here through solver.h) that the test sets up by
 * hand.  Statistics are the context's counters (rhs_evals, rejected);
 * accepted steps are counted by the test.  A few tests repeat the same
 * problems through the public calfpump_solver API to check that it reports
 * the same numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ode/solver.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Test problems with known exact solutions. */

/* Scalar linear problem y' = -y + sin t, y(0) = 1;
 * exact y = 3/2 e^-t + (sin t - cos t)/2. */
static int rhs_decay(double t, const double *y, double *dydt, void *user)
{
    (void)user;
    dydt[0] = -y[0] + sin(t);
    return 0;
}

static double exact_decay(double t) { return 1.5 * exp(-t) + 0.5 * (sin(t) - cos(t)); }

/* Harmonic oscillator y0' = y1, y1' = -y0, y(0) = (1, 0);
 * exact y = (cos t, -sin t). */
static int rhs_osc(double t, const double *y, double *dydt, void *user)
{
    (void)t;
    (void)user;
    dydt[0] = y[1];
    dydt[1] = -y[0];
    return 0;
}

static double osc_error(double t, const double *y)
{
    return hypot(y[0] - cos(t), y[1] + sin(t));
}

/* Arenstorf orbit: the restricted three-body problem (earth, moon and a
 * satellite) of Hairer, Norsett & Wanner, "Solving Ordinary Differential
 * Equations I: Nonstiff Problems", 2nd ed., Springer 1993, section II.0,
 * equations (0.1) and (0.2).  With
 *     mu = 0.012277471, y1(0) = 0.994, y1'(0) = 0, y2(0) = 0,
 *     y2'(0) = -2.00158510637908252240537862224
 * the solution is periodic with period
 *     T = 17.0652165601579625588917206249,
 * i.e. y(T) = y(0).  State: (y1, y2, y1', y2'). */
#define ARENSTORF_MU 0.012277471
#define ARENSTORF_V0 (-2.00158510637908252240537862224)
#define ARENSTORF_T 17.0652165601579625588917206249

static int rhs_arenstorf(double t, const double *y, double *dydt, void *user)
{
    const double mu = ARENSTORF_MU, mup = 1.0 - mu;
    double d1, d2;
    (void)t;
    (void)user;
    d1 = pow((y[0] + mu) * (y[0] + mu) + y[1] * y[1], 1.5);
    d2 = pow((y[0] - mup) * (y[0] - mup) + y[1] * y[1], 1.5);
    dydt[0] = y[2];
    dydt[1] = y[3];
    dydt[2] = y[0] + 2.0 * y[3] - mup * (y[0] + mu) / d1 - mu * (y[0] - mup) / d2;
    dydt[3] = y[1] - 2.0 * y[2] - mup * y[1] / d1 - mu * y[1] / d2;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Driver. */

static calfpump_integrator_options make_opts(double rtol, double atol, double h, double h_init,
                                             double h_min, double h_max)
{
    calfpump_integrator_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.rtol = rtol;
    o.atol = atol;
    o.h = h;
    o.h_init = h_init;
    o.h_min = h_min;
    o.h_max = h_max;
    return o;
}

/* An evaluation context for the ODE (dim, rhs, user), counters at zero.
 * The built-in explicit methods use only calfpump_odectx_rhs() and
 * calfpump_odectx_add_rejected(), which need nothing else. */
static calfpump_odectx make_ctx(size_t dim, calfpump_rhs_fn rhs, void *user)
{
    calfpump_odectx c;
    memset(&c, 0, sizeof c);
    c.ode.struct_size = sizeof c.ode;
    c.ode.dim = dim;
    c.ode.rhs = rhs;
    c.ode.user = user;
    return c;
}

/* Create an integrator state from a table. */
static void *create_state(const calfpump_integrator_ops *ops, size_t dim,
                          const calfpump_integrator_options *o)
{
    void *state = NULL;
    ck_assert_int_eq(ops->create(&state, dim, o, ops->plugin_data), CALFPUMP_OK);
    ck_assert_ptr_nonnull(state);
    return state;
}

/* Integrate the context's ODE from (t0, y) to t1 in at most max_calls step
 * calls.  y is updated in place; *steps gets the number of accepted steps,
 * *t_out (may be NULL) the time reached.  Checks on the way that no step
 * passes t1 or goes backwards.  Returns the first non-zero status, or
 * -1000 if max_calls was exhausted.  The context's counters accumulate. */
static int integrate(const calfpump_integrator_ops *ops, const calfpump_integrator_options *o,
                     calfpump_odectx *c, double t0, double *y, double t1,
                     unsigned long *steps, double *t_out, long max_calls)
{
    void *state = create_state(ops, c->ode.dim, o);
    double t = t0;
    long calls = 0;
    int rc;
    *steps = 0;
    rc = ops->restart(state, c, t0, y);
    while (rc == CALFPUMP_OK && t < t1) {
        double t_before = t;
        if (calls++ >= max_calls) {
            rc = -1000;
            break;
        }
        rc = ops->step(state, c, &t, y, t1);
        ck_assert_msg(t <= t1, "%s stepped past t_limit: t = %.17g > %.17g", ops->name, t, t1);
        if (rc == CALFPUMP_OK) {
            ck_assert_msg(t > t_before, "%s: accepted step did not advance t = %.17g", ops->name,
                          t);
            (*steps)++;
        } else {
            ck_assert_msg(t == t_before, "%s: failed step moved t from %.17g to %.17g",
                          ops->name, t_before, t);
        }
    }
    ops->destroy(state);
    if (t_out)
        *t_out = t;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Registry and descriptor tables. */

START_TEST(test_registry)
{
    const calfpump_integrator_ops *tabs[2];
    char msg[CFP_MSG_SIZE];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        calfpump_integrator_ops copy;
        ck_assert_uint_eq(tabs[i]->struct_size, sizeof(calfpump_integrator_ops));
        ck_assert_uint_eq(tabs[i]->abi_version, CALFPUMP_INTEGRATOR_ABI);
        ck_assert(tabs[i]->create != NULL);
        ck_assert(tabs[i]->destroy != NULL);
        ck_assert(tabs[i]->restart != NULL);
        ck_assert(tabs[i]->step != NULL);
        ck_assert_ptr_eq(calfpump_integrator_builtin(tabs[i]->name), tabs[i]);
        /* The built-in tables pass the checks every plug-in table gets. */
        msg[0] = '\0';
        ck_assert_msg(cfp_ops_copy(&copy, tabs[i], msg) == CALFPUMP_OK, "%s: %s",
                      tabs[i]->name, msg);
        ck_assert_int_eq(memcmp(&copy, tabs[i], sizeof copy), 0);
    }
    ck_assert_str_eq(cfp_rk4_ops.name, "rk4");
    ck_assert_str_eq(cfp_dopri5_ops.name, "dopri5");
    ck_assert_uint_eq(cfp_rk4_ops.order, 4);
    ck_assert_uint_eq(cfp_dopri5_ops.order, 5);
    /* rk4: fixed step, no dense output; dopri5: adaptive with dense output;
     * both explicit. */
    ck_assert_uint_eq(cfp_rk4_ops.caps & (CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE), 0);
    ck_assert(cfp_rk4_ops.interpolate == NULL);
    ck_assert_uint_eq(cfp_dopri5_ops.caps & CALFPUMP_CAP_ADAPTIVE, CALFPUMP_CAP_ADAPTIVE);
    ck_assert_uint_eq(cfp_dopri5_ops.caps & CALFPUMP_CAP_DENSE, CALFPUMP_CAP_DENSE);
    ck_assert(cfp_dopri5_ops.interpolate != NULL);
    ck_assert_uint_eq((cfp_rk4_ops.caps | cfp_dopri5_ops.caps) & CALFPUMP_CAP_IMPLICIT, 0);

    ck_assert_ptr_null(calfpump_integrator_builtin("nosuch"));
    ck_assert_ptr_null(calfpump_integrator_builtin(""));
    ck_assert_ptr_null(calfpump_integrator_builtin("RK4"));
    ck_assert_ptr_null(calfpump_integrator_builtin(NULL));

    /* The public listing agrees with the registry (other built-ins, e.g.
     * a stiff solver, may be listed too). */
    ck_assert_uint_ge(calfpump_integrator_count(), 2);
    for (size_t i = 0; i < calfpump_integrator_count(); i++) {
        const char *name = calfpump_integrator_name(i);
        const calfpump_integrator_ops *ops;
        ck_assert_ptr_nonnull(name);
        ops = calfpump_integrator_builtin(name);
        ck_assert_ptr_nonnull(ops);
        ck_assert_str_eq(ops->name, name);
        ck_assert_uint_ge(ops->abi_version, 1);
        ck_assert_uint_le(ops->abi_version, CALFPUMP_INTEGRATOR_ABI);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(calfpump_integrator_name(j), name);
    }
    ck_assert_ptr_null(calfpump_integrator_name(calfpump_integrator_count()));
}
END_TEST

START_TEST(test_err_norm)
{
    const double err[2] = {1.0, -2.0}, y0[2] = {10.0, -20.0}, y1[2] = {-30.0, 5.0};
    const double zero[2] = {0.0, 0.0};
    double expect;
    /* Pure absolute tolerance: sqrt((1 + 4) / 2). */
    ck_assert_double_eq_tol(cfp_err_norm(2, err, zero, zero, 0.0, 1.0), sqrt(2.5), 1e-15);
    /* Scales atol + rtol * max(|y0|, |y1|) = 1 + 0.1 * 30 and 1 + 0.1 * 20. */
    expect = sqrt((pow(1.0 / 4.0, 2) + pow(2.0 / 3.0, 2)) / 2.0);
    ck_assert_double_eq_tol(cfp_err_norm(2, err, y0, y1, 0.1, 1.0), expect, 1e-15);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Convergence order. */

/* Observed orders log2(e(h)/e(h/2)) for steps h, h/2, h/4. */
static void observed_orders(const double e[3], double order[2])
{
    order[0] = log2(e[0] / e[1]);
    order[1] = log2(e[1] / e[2]);
}

START_TEST(test_rk4_order_oscillator)
{
    const double T = 2.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.1 / (1 << k), y[2] = {1.0, 0.0}, t;
        calfpump_integrator_options o = make_opts(1e-6, 1e-6, h, 0, 0, 0);
        calfpump_odectx c = make_ctx(2, rhs_osc, NULL);
        unsigned long steps;
        ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &c, 0.0, y, T, &steps, &t, 1000), 0);
        ck_assert_double_eq(t, T);
        /* T / h steps (rounding may split off one tiny last step). */
        ck_assert_msg(steps == 20ul << k || steps == (20ul << k) + 1, "rk4 h = %g: %lu steps",
                      h, steps);
        e[k] = osc_error(T, y);
    }
    observed_orders(e, order);
    ck_assert_msg(order[0] > 3.7 && order[0] < 4.3 && order[1] > 3.7 && order[1] < 4.3,
                  "rk4 observed orders %.3f, %.3f (errors %.3e %.3e %.3e)", order[0], order[1],
                  e[0], e[1], e[2]);
}
END_TEST

START_TEST(test_rk4_order_decay)
{
    /* T = 5: at some end times (e.g. T = 2) the leading error term of this
     * problem changes sign and the observed order is meaningless. */
    const double T = 5.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.1 / (1 << k), y = 1.0, t;
        calfpump_integrator_options o = make_opts(1e-6, 1e-6, h, 0, 0, 0);
        calfpump_odectx c = make_ctx(1, rhs_decay, NULL);
        unsigned long steps;
        ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &c, 0.0, &y, T, &steps, &t, 1000), 0);
        ck_assert_double_eq(t, T);
        e[k] = fabs(y - exact_decay(T));
    }
    observed_orders(e, order);
    ck_assert_msg(order[0] > 3.7 && order[0] < 4.3 && order[1] > 3.7 && order[1] < 4.3,
                  "rk4 observed orders %.3f, %.3f (errors %.3e %.3e %.3e)", order[0], order[1],
                  e[0], e[1], e[2]);
}
END_TEST

START_TEST(test_rk4_last_step_hits_limit)
{
    /* h does not divide the interval: the last step is shortened so that
     * the limit is hit exactly and never passed. */
    double y[2] = {1.0, 0.0}, t;
    calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0.3, 0, 0, 0);
    calfpump_odectx c = make_ctx(2, rhs_osc, NULL);
    unsigned long steps;
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &c, 0.0, y, 1.0, &steps, &t, 100), 0);
    ck_assert_double_eq(t, 1.0);
    ck_assert_uint_eq(steps, 4);
    ck_assert_uint_eq(c.rejected, 0);
    ck_assert_uint_eq(c.rhs_evals, 4 * steps);
    ck_assert_double_lt(osc_error(1.0, y), 1e-4);
}
END_TEST

/* dopri5 forced to a fixed step: huge tolerances accept every step and
 * h_init = h_max = h pins the size.  The propagated solution is the
 * fifth-order one (local extrapolation), so the observed order is 5. */
START_TEST(test_dopri5_order_fixed_step)
{
    const double T = 4.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.2 / (1 << k), y[2] = {1.0, 0.0}, t;
        calfpump_integrator_options o = make_opts(1.0, 1e10, 0, h, 0, h);
        calfpump_odectx c = make_ctx(2, rhs_osc, NULL);
        unsigned long steps;
        ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &c, 0.0, y, T, &steps, &t, 1000), 0);
        ck_assert_double_eq(t, T);
        ck_assert_uint_eq(c.rejected, 0);
        ck_assert_uint_eq(steps, 20ul << k);
        /* FSAL: one evaluation at restart (h_init given: no probe), then six
         * per step. */
        ck_assert_uint_eq(c.rhs_evals, 1 + 6 * steps);
        e[k] = osc_error(T, y);
    }
    observed_orders(e, order);
    ck_assert_msg(order[0] > 4.7 && order[0] < 5.3 && order[1] > 4.7 && order[1] < 5.3,
                  "dopri5 observed orders %.3f, %.3f (errors %.3e %.3e %.3e)", order[0],
                  order[1], e[0], e[1], e[2]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* dopri5: accuracy against tolerance. */

START_TEST(test_dopri5_tolerance_proportionality)
{
    const double T = 10.0;
    double err[3];
    unsigned long steps[3];
    for (int k = 0; k < 3; k++) {
        double tol = pow(10.0, -4 - 2 * k), y = 1.0, t;
        calfpump_integrator_options o = make_opts(tol, tol, 0, 0, 0, 0);
        calfpump_odectx c = make_ctx(1, rhs_decay, NULL);
        ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &c, 0.0, &y, T, &steps[k], &t, 100000),
                         0);
        ck_assert_double_eq(t, T);
        err[k] = fabs(y - exact_decay(T));
        ck_assert_msg(err[k] <= 100 * tol, "rtol %g: global error %.3e exceeds 100 rtol", tol,
                      err[k]);
    }
    /* Tolerance proportionality: a 100-fold tighter tolerance gives a
     * roughly 100-fold smaller error (allow a factor of 10 either way),
     * for more steps. */
    for (int k = 0; k < 2; k++) {
        double ratio = err[k] / err[k + 1];
        ck_assert_msg(ratio > 10 && ratio < 1000, "error ratio %.3g between rtol 1e%d and 1e%d",
                      ratio, -4 - 2 * k, -6 - 2 * k);
        ck_assert_uint_gt(steps[k + 1], steps[k]);
    }
}
END_TEST

START_TEST(test_dopri5_dense_output)
{
    const double T = 10.0;
    for (int k = 0; k < 2; k++) {
        double tol = k ? 1e-8 : 1e-5, y[2] = {1.0, 0.0}, t = 0.0, worst = 0.0;
        calfpump_integrator_options o = make_opts(tol, tol, 0, 0, 0, 0);
        calfpump_odectx c = make_ctx(2, rhs_osc, NULL);
        void *state = create_state(&cfp_dopri5_ops, 2, &o);
        int nsteps = 0;
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &c, 0.0, y), 0);
        while (t < T) {
            double t_old = t, y_old[2] = {y[0], y[1]}, yi[2];
            ck_assert_int_eq(cfp_dopri5_ops.step(state, &c, &t, y, T), 0);
            ck_assert_double_gt(t, t_old);
            nsteps++;
            /* The interpolant passes through both ends of the step ... */
            ck_assert_int_eq(cfp_dopri5_ops.interpolate(state, t_old, yi), 0);
            ck_assert_double_eq_tol(yi[0], y_old[0], 1e-14);
            ck_assert_double_eq_tol(yi[1], y_old[1], 1e-14);
            ck_assert_int_eq(cfp_dopri5_ops.interpolate(state, t, yi), 0);
            ck_assert_double_eq_tol(yi[0], y[0], 1e-14);
            ck_assert_double_eq_tol(yi[1], y[1], 1e-14);
            /* ... and follows the solution inside it. */
            for (int j = 1; j < 8; j++) {
                double ti = t_old + (t - t_old) * j / 8.0;
                ck_assert_int_eq(cfp_dopri5_ops.interpolate(state, ti, yi), 0);
                worst = fmax(worst, osc_error(ti, yi));
            }
        }
        cfp_dopri5_ops.destroy(state);
        ck_assert_int_gt(nsteps, 5);
        ck_assert_msg(worst < 20 * tol, "tol %g: dense output error %.3e", tol, worst);
    }
}
END_TEST

START_TEST(test_dopri5_arenstorf)
{
    double y[4] = {0.994, 0.0, 0.0, ARENSTORF_V0}, t;
    calfpump_integrator_options o = make_opts(1e-10, 1e-10, 0, 0, 0, 0);
    calfpump_odectx c = make_ctx(4, rhs_arenstorf, NULL);
    unsigned long steps;
    ck_assert_int_eq(
        integrate(&cfp_dopri5_ops, &o, &c, 0.0, y, ARENSTORF_T, &steps, &t, 100000), 0);
    ck_assert_double_eq(t, ARENSTORF_T);
    /* Back at the start after one period (observed: positions ~2e-8,
     * velocities ~3e-6 at this tolerance). */
    ck_assert_msg(fabs(y[0] - 0.994) < 1e-6 && fabs(y[1]) < 1e-6,
                  "position after one period: (%.10g, %.3g)", y[0], y[1]);
    ck_assert_msg(fabs(y[2]) < 1e-4 && fabs(y[3] - ARENSTORF_V0) < 1e-4,
                  "velocity after one period: (%.3g, %.10g)", y[2], y[3]);
    /* The close approaches to the earth force rejections at loose
     * tolerance and many steps at this one. */
    ck_assert_uint_gt(steps, 200);
    ck_assert_uint_lt(steps, 5000);
    ck_assert_uint_eq(c.rhs_evals, 2 + 6 * (steps + c.rejected));
}
END_TEST

/* The same orbit through the public solver API, sampled at many output
 * times with dense output: the path must not depend on the sampling and
 * the statistics must be those of the white-box run. */
START_TEST(test_solver_arenstorf_dense)
{
    const double y0[4] = {0.994, 0.0, 0.0, ARENSTORF_V0};
    calfpump_ode ode;
    calfpump_solver *s = NULL;
    double y[4], steps, rhs_evals, rejected, t_prev = 0.0;
    const int nout = 400;
    ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
    ode.dim = 4;
    ode.rhs = rhs_arenstorf;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, calfpump_integrator_builtin("dopri5")),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", 1e-10), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "atol", 1e-10), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    for (int i = 1; i <= nout; i++) {
        double tout = ARENSTORF_T * i / nout;
        ck_assert_msg(calfpump_solver_advance(s, tout, y) == CALFPUMP_OK, "t = %g: %s", tout,
                      calfpump_solver_errmsg(s));
        ck_assert_double_ge(calfpump_solver_time(s), tout);
        ck_assert_double_ge(calfpump_solver_time(s), t_prev);
        t_prev = calfpump_solver_time(s);
    }
    /* a dense integrator may have stepped past the last output time */
    ck_assert_double_ge(calfpump_solver_time(s), ARENSTORF_T);
    ck_assert_msg(fabs(y[0] - 0.994) < 1e-6 && fabs(y[1]) < 1e-6,
                  "position after one period: (%.10g, %.3g)", y[0], y[1]);
    ck_assert_int_eq(calfpump_solver_stat(s, "steps", &steps), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &rhs_evals), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_stat(s, "rejected", &rejected), CALFPUMP_OK);
    /* Far fewer steps than output times would force without dense output
     * ... */
    ck_assert_double_lt(steps, 5000);
    ck_assert_double_gt(steps, 200);
    ck_assert_double_eq(rhs_evals, 2 + 6 * (steps + rejected));
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_dopri5_h_max)
{
    double y[2] = {1.0, 0.0}, t = 0.0;
    calfpump_integrator_options o = make_opts(1e-3, 1e-3, 0, 0, 0, 0.05);
    calfpump_odectx c = make_ctx(2, rhs_osc, NULL);
    void *state = create_state(&cfp_dopri5_ops, 2, &o);
    unsigned long steps = 0;
    ck_assert_int_eq(cfp_dopri5_ops.restart(state, &c, 0.0, y), 0);
    while (t < 2.0) {
        double t_old = t;
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &c, &t, y, 2.0), 0);
        ck_assert_msg(t - t_old <= 0.05 * (1 + 1e-12), "step %.17g exceeds h_max", t - t_old);
        steps++;
    }
    cfp_dopri5_ops.destroy(state);
    ck_assert_uint_ge(steps, 40);
}
END_TEST

/* Piecewise-constant forcing y' = a with a = +1 on [0, 1] and -1 on
 * [1, 2]: integrating to the switch exactly and restarting is how the
 * driver crosses segment boundaries.  Both methods are exact here. */
static int rhs_const(double t, const double *y, double *dydt, void *user)
{
    (void)t;
    (void)y;
    dydt[0] = *(const double *)user;
    return 0;
}

START_TEST(test_restart_at_discontinuity)
{
    const calfpump_integrator_ops *tabs[2];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        double a = 1.0, y = 0.5, t = 0.0;
        calfpump_odectx c = make_ctx(1, rhs_const, &a);
        calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0.07, 0, 0, 0);
        void *state = create_state(tabs[i], 1, &o);
        ck_assert_int_eq(tabs[i]->restart(state, &c, t, &y), 0);
        while (t < 1.0)
            ck_assert_int_eq(tabs[i]->step(state, &c, &t, &y, 1.0), 0);
        ck_assert_double_eq(t, 1.0);
        ck_assert_double_eq_tol(y, 1.5, 1e-12);
        a = -1.0;
        ck_assert_int_eq(tabs[i]->restart(state, &c, t, &y), 0);
        while (t < 2.0)
            ck_assert_int_eq(tabs[i]->step(state, &c, &t, &y, 2.0), 0);
        ck_assert_double_eq(t, 2.0);
        ck_assert_msg(fabs(y - 0.5) < 1e-12, "%s: y(2) = %.17g, expected 0.5", tabs[i]->name, y);
        tabs[i]->destroy(state);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Failures reported by the right-hand side. */

/* Wraps rhs_decay: returns `code` on the evaluations listed in fail_at
 * (1-based call numbers), or on every call from fail_from on. */
typedef struct failing {
    int code;
    unsigned long calls;
    unsigned long fail_at[4];
    unsigned long fail_from; /* 0 = never */
    double nan_after;        /* dy = NaN for t > nan_after (if finite) */
    unsigned long failures;
} failing;

static int rhs_failing(double t, const double *y, double *dydt, void *user)
{
    failing *f = user;
    f->calls++;
    rhs_decay(t, y, dydt, NULL);
    if (t > f->nan_after) {
        dydt[0] = NAN;
        return 0;
    }
    for (int i = 0; i < 4; i++)
        if (f->fail_at[i] == f->calls) {
            f->failures++;
            return f->code;
        }
    if (f->fail_from && f->calls >= f->fail_from) {
        f->failures++;
        return f->code;
    }
    return 0;
}

static failing make_failing(int code)
{
    failing f;
    memset(&f, 0, sizeof f);
    f.code = code;
    f.nan_after = INFINITY;
    return f;
}

START_TEST(test_dopri5_recoverable_retries)
{
    failing f = make_failing(1);
    calfpump_integrator_options o = make_opts(1e-8, 1e-8, 0, 0, 0, 0);
    calfpump_odectx ref = make_ctx(1, rhs_failing, &f), c;
    unsigned long steps, ref_steps;
    double y = 1.0, t, y_ref = 1.0;
    /* Reference run without failures. */
    ck_assert_int_eq(
        integrate(&cfp_dopri5_ops, &o, &ref, 0.0, &y_ref, 5.0, &ref_steps, &t, 100000), 0);
    ck_assert_uint_eq(f.failures, 0);
    ck_assert_uint_eq(ref.rhs_evals, f.calls);

    f = make_failing(1);
    f.fail_at[0] = 10;
    f.fail_at[1] = 50;
    f.fail_at[2] = 51; /* twice in a row: the retry fails too */
    f.fail_at[3] = 200;
    c = make_ctx(1, rhs_failing, &f);
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &c, 0.0, &y, 5.0, &steps, &t, 100000), 0);
    ck_assert_double_eq(t, 5.0);
    ck_assert_uint_eq(f.failures, 4);
    ck_assert_uint_ge(c.rejected, 4);
    ck_assert_uint_eq(c.rhs_evals, f.calls);
    /* An interrupted attempt costs fewer than six evaluations. */
    ck_assert_uint_le(c.rhs_evals, 2 + 6 * (steps + c.rejected));
    ck_assert_msg(fabs(y - exact_decay(5.0)) < 1e-6, "y(5) = %.17g after retries", y);
}
END_TEST

START_TEST(test_rk4_recoverable_retries)
{
    failing f = make_failing(3); /* any positive value is recoverable */
    calfpump_integrator_options o = make_opts(0, 0, 0.05, 0, 0, 0);
    calfpump_odectx c = make_ctx(1, rhs_failing, &f);
    unsigned long steps;
    double y = 1.0, t;
    f.fail_at[0] = 7;
    f.fail_at[1] = 8;
    f.fail_at[2] = 100;
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &c, 0.0, &y, 5.0, &steps, &t, 100000), 0);
    ck_assert_double_eq(t, 5.0);
    ck_assert_uint_eq(f.failures, 3);
    ck_assert_uint_eq(c.rejected, 3);
    ck_assert_uint_eq(c.rhs_evals, f.calls);
    ck_assert_uint_gt(steps, 100);
    ck_assert_msg(fabs(y - exact_decay(5.0)) < 1e-6, "y(5) = %.17g after retries", y);
}
END_TEST

START_TEST(test_fatal_callback)
{
    const calfpump_integrator_ops *tabs[2];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        /* Fatal in the middle of the run ... */
        failing f = make_failing(-1);
        calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0.05, 0, 0, 0);
        calfpump_odectx c = make_ctx(1, rhs_failing, &f);
        unsigned long steps;
        double y = 1.0, t;
        f.fail_at[0] = 30;
        ck_assert_int_eq(integrate(tabs[i], &o, &c, 0.0, &y, 5.0, &steps, &t, 100000),
                         CALFPUMP_E_CALLBACK);
        ck_assert_uint_eq(f.calls, 30); /* stops at once, no retry */
        ck_assert_uint_eq(c.rejected, 0);
        ck_assert_double_lt(t, 5.0);
        ck_assert(isfinite(y));

        /* ... and a negative code other than -1. */
        f = make_failing(-77);
        f.fail_at[0] = 12;
        y = 1.0;
        c = make_ctx(1, rhs_failing, &f);
        ck_assert_int_eq(integrate(tabs[i], &o, &c, 0.0, &y, 5.0, &steps, &t, 100000),
                         CALFPUMP_E_CALLBACK);
        ck_assert_uint_eq(f.calls, 12);
    }
    {
        /* dopri5 evaluates at restart: a fatal error there is reported. */
        failing f = make_failing(-1);
        calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0, 0, 0, 0);
        calfpump_odectx c = make_ctx(1, rhs_failing, &f);
        void *state = create_state(&cfp_dopri5_ops, 1, &o);
        double y = 1.0;
        f.fail_at[0] = 1;
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &c, 0.0, &y), CALFPUMP_E_CALLBACK);
        cfp_dopri5_ops.destroy(state);
    }
}
END_TEST

START_TEST(test_nan_rk4)
{
    /* The derivative turns NaN beyond t = 1: rk4 halves its step a bounded
     * number of times, then reports a non-finite solution. */
    failing f = make_failing(0);
    calfpump_integrator_options o = make_opts(0, 0, 0.1, 0, 0, 0);
    calfpump_odectx c = make_ctx(1, rhs_failing, &f);
    unsigned long steps;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_rk4_ops, &o, &c, 0.0, &y, 3.0, &steps, &t, 100000);
    ck_assert_msg(rc < 0 && rc != -1000, "rk4 NaN wall: status %d", rc);
    ck_assert_int_eq(rc, CALFPUMP_E_NONFINITE);
    ck_assert_double_le(t, 1.0);
    ck_assert(isfinite(y));
    ck_assert_uint_gt(c.rejected, 0);
}
END_TEST

START_TEST(test_nan_dopri5)
{
    /* Same wall for dopri5 with a positive h_min: the step shrinks below
     * h_min and the integrator gives up; a run of non-finite evaluations
     * is reported as CALFPUMP_E_NONFINITE. */
    failing f = make_failing(0);
    calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0, 0, 1e-10, 0);
    calfpump_odectx c = make_ctx(1, rhs_failing, &f);
    unsigned long steps;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_dopri5_ops, &o, &c, 0.0, &y, 3.0, &steps, &t, 100000);
    ck_assert_int_eq(rc, CALFPUMP_E_NONFINITE);
    ck_assert_double_le(t, 1.0);
    ck_assert_double_gt(t, 0.999);
    ck_assert(isfinite(y));
    ck_assert_uint_gt(c.rejected, 0);
}
END_TEST

START_TEST(test_nan_dopri5_no_h_min)
{
    /* h_min = 0 is an accepted option value.  The integrator must still
     * give up (with an error status) in a bounded number of calls once
     * the step can no longer advance t, rather than accepting steps that
     * leave t unchanged forever. */
    failing f = make_failing(0);
    calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0, 0, 0, 0);
    calfpump_odectx c = make_ctx(1, rhs_failing, &f);
    unsigned long steps;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_dopri5_ops, &o, &c, 0.0, &y, 3.0, &steps, &t, 10000);
    ck_assert_msg(rc != -1000, "dopri5 with h_min = 0 still stepping at t = %.17g after 10000 "
                  "calls (%lu accepted steps, %lu rejected)", t, steps, c.rejected);
    ck_assert_int_eq(rc, CALFPUMP_E_NONFINITE);
    ck_assert_double_le(t, 1.0);
    ck_assert(isfinite(y));
    /* Each rejection divides the step by four: the wall is reached in a
     * few hundred evaluations, not tens of thousands. */
    ck_assert_uint_lt(c.rhs_evals, 5000);
}
END_TEST

/* The same wall through the public solver API: the solve stops with
 * CALFPUMP_E_NONFINITE and a message, in bounded time, for both methods. */
START_TEST(test_nan_solver)
{
    const char *names[2] = {"rk4", "dopri5"};
    for (int i = 0; i < 2; i++) {
        failing f = make_failing(0);
        calfpump_ode ode;
        calfpump_solver *s = NULL;
        double y0 = 1.0, y = 0.0, evals;
        int rc;
        f.nan_after = 1.0;
        ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
        ode.dim = 1;
        ode.rhs = rhs_failing;
        ode.user = &f;
        ck_assert_int_eq(calfpump_solver_new(&s, &ode, calfpump_integrator_builtin(names[i])),
                         CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.1), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        rc = calfpump_solver_advance(s, 3.0, &y);
        ck_assert_msg(rc == CALFPUMP_E_NONFINITE, "%s: status %d (%s)", names[i], rc,
                      calfpump_solver_errmsg(s));
        ck_assert_msg(strstr(calfpump_solver_errmsg(s), "non-finite") != NULL, "%s: '%s'",
                      names[i], calfpump_solver_errmsg(s));
        ck_assert_double_le(calfpump_solver_time(s), 1.0);
        ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &evals), CALFPUMP_OK);
        ck_assert_double_eq(evals, (double)f.calls);
        ck_assert_double_lt(evals, 100000);
        calfpump_solver_free(s);
    }
}
END_TEST

START_TEST(test_nan_at_start_dopri5)
{
    /* A non-finite derivative at the start cannot be retried. */
    failing f = make_failing(0);
    calfpump_integrator_options o = make_opts(1e-6, 1e-6, 0, 0, 1e-10, 0);
    calfpump_odectx c = make_ctx(1, rhs_failing, &f);
    void *state = create_state(&cfp_dopri5_ops, 1, &o);
    double y = 1.0;
    f.nan_after = -1.0;
    ck_assert_int_eq(cfp_dopri5_ops.restart(state, &c, 0.0, &y), CALFPUMP_E_NONFINITE);
    cfp_dopri5_ops.destroy(state);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Statistics. */

START_TEST(test_stats)
{
    calfpump_odectx c = make_ctx(1, rhs_decay, NULL);
    unsigned long steps;
    double y = 1.0, t;
    calfpump_integrator_options o = make_opts(1e-7, 1e-9, 0.01, 0, 0, 0);

    /* rk4: four evaluations per step, nothing rejected. */
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &c, 0.0, &y, 1.0, &steps, &t, 1000), 0);
    ck_assert_uint_ge(steps, 100);
    ck_assert_uint_le(steps, 101);
    ck_assert_uint_eq(c.rejected, 0);
    ck_assert_uint_eq(c.rhs_evals, 4 * steps);

    /* dopri5 with the automatic starting step: two evaluations at restart
     * (one of them the Euler probe), then six per attempted step (FSAL). */
    y = 1.0;
    c = make_ctx(1, rhs_decay, NULL);
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &c, 0.0, &y, 10.0, &steps, &t, 100000), 0);
    ck_assert_uint_gt(steps, 10);
    ck_assert_uint_eq(c.rhs_evals, 2 + 6 * (steps + c.rejected));

    /* The context's counters are accumulated, not reset, by further
     * calls; the methods touch neither the Jacobian nor the LU counter. */
    {
        calfpump_odectx acc = make_ctx(1, rhs_decay, NULL);
        void *state = create_state(&cfp_dopri5_ops, 1, &o);
        unsigned long before;
        y = 1.0;
        t = 0.0;
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &acc, t, &y), 0);
        ck_assert_uint_eq(acc.rhs_evals, 2);
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &acc, &t, &y, 10.0), 0);
        ck_assert_uint_ge(acc.rhs_evals, 2 + 6);
        before = acc.rhs_evals;
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &acc, &t, &y, 10.0), 0);
        ck_assert_uint_ge(acc.rhs_evals, before + 6);
        ck_assert_uint_eq(acc.jac_evals, 0);
        ck_assert_uint_eq(acc.lu_decomps, 0);
        cfp_dopri5_ops.destroy(state);
    }
}
END_TEST

/* The public statistics are the white-box counters: the same problem
 * through calfpump_solver gives the same step and evaluation counts, and
 * calfpump_solver_init() starts them again from zero. */
START_TEST(test_solver_stats_match)
{
    const char *names[2] = {"rk4", "dopri5"};
    for (int i = 0; i < 2; i++) {
        const calfpump_integrator_ops *ops = calfpump_integrator_builtin(names[i]);
        calfpump_integrator_options o = make_opts(1e-7, 1e-9, 0.01, 0, 0, 0);
        calfpump_odectx c = make_ctx(1, rhs_decay, NULL);
        calfpump_ode ode;
        calfpump_solver *s = NULL;
        unsigned long steps;
        double y = 1.0, t, ys = 0.0, v;
        ck_assert_ptr_nonnull(ops);
        ck_assert_int_eq(integrate(ops, &o, &c, 0.0, &y, 3.0, &steps, &t, 100000), 0);

        ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
        ode.dim = 1;
        ode.rhs = rhs_decay;
        ck_assert_int_eq(calfpump_solver_new(&s, &ode, ops), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", 1e-7), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "atol", 1e-9), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.01), CALFPUMP_OK);
        for (int run = 0; run < 2; run++) {
            double y0 = 1.0;
            ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
            /* t_stop makes the solver take exactly the steps of the
             * hand-driven loop, which stops at t = 3. */
            ck_assert_int_eq(calfpump_solver_set_option(s, "t_stop", 3.0), CALFPUMP_OK);
            ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
            ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &ys), CALFPUMP_OK);
            ck_assert_double_eq(ys, y);
            ck_assert_int_eq(calfpump_solver_stat(s, "steps", &v), CALFPUMP_OK);
            ck_assert_double_eq(v, (double)steps);
            ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &v), CALFPUMP_OK);
            ck_assert_double_eq(v, (double)c.rhs_evals);
            ck_assert_int_eq(calfpump_solver_stat(s, "rejected", &v), CALFPUMP_OK);
            ck_assert_double_eq(v, (double)c.rejected);
            ck_assert_int_eq(calfpump_solver_stat(s, "jac_evals", &v), CALFPUMP_OK);
            ck_assert_double_eq(v, 0.0);
            ck_assert_int_eq(calfpump_solver_stat(s, "lu_decomps", &v), CALFPUMP_OK);
            ck_assert_double_eq(v, 0.0);
        }
        calfpump_solver_free(s);
    }
}
END_TEST

/* ------------------------------------------------------------------ */

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("integrators");
    TCase *tc;

    tc = tcase_create("registry");
    tcase_add_test(tc, test_registry);
    tcase_add_test(tc, test_err_norm);
    suite_add_tcase(s, tc);

    tc = tcase_create("order");
    tcase_add_test(tc, test_rk4_order_oscillator);
    tcase_add_test(tc, test_rk4_order_decay);
    tcase_add_test(tc, test_rk4_last_step_hits_limit);
    tcase_add_test(tc, test_dopri5_order_fixed_step);
    suite_add_tcase(s, tc);

    tc = tcase_create("accuracy");
    tcase_add_test(tc, test_dopri5_tolerance_proportionality);
    tcase_add_test(tc, test_dopri5_dense_output);
    tcase_add_test(tc, test_dopri5_arenstorf);
    tcase_add_test(tc, test_solver_arenstorf_dense);
    tcase_add_test(tc, test_dopri5_h_max);
    tcase_add_test(tc, test_restart_at_discontinuity);
    suite_add_tcase(s, tc);

    tc = tcase_create("failures");
    tcase_add_test(tc, test_dopri5_recoverable_retries);
    tcase_add_test(tc, test_rk4_recoverable_retries);
    tcase_add_test(tc, test_fatal_callback);
    tcase_add_test(tc, test_nan_rk4);
    tcase_add_test(tc, test_nan_dopri5);
    tcase_add_test(tc, test_nan_dopri5_no_h_min);
    tcase_add_test(tc, test_nan_solver);
    tcase_add_test(tc, test_nan_at_start_dopri5);
    suite_add_tcase(s, tc);

    tc = tcase_create("stats");
    tcase_add_test(tc, test_stats);
    tcase_add_test(tc, test_solver_stats_match);
    suite_add_tcase(s, tc);
    return s;
}
