/* check_integrators.c -- white-box tests of the built-in integrators
 * through the internal interface of integrator.h: order of convergence,
 * accuracy against tolerance, dense output, a published reference orbit,
 * failure handling of the right-hand side, statistics and the registry.
 *
 * The integrators are called exactly as the simulation driver calls them:
 * create, restart, step ... step, (interpolate), destroy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "calfpump.h"
#include "integrator.h"

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

static cfp_integ_opts make_opts(double rtol, double atol, double h, double h_init,
                                double h_min, double h_max)
{
    cfp_integ_opts o;
    o.rtol = rtol;
    o.atol = atol;
    o.h = h;
    o.h_init = h_init;
    o.h_min = h_min;
    o.h_max = h_max;
    return o;
}

/* Integrate ode from (t0, y) to t1 in at most max_calls step calls.  y is
 * updated in place; *t_out (may be NULL) gets the time reached.  Checks on
 * the way that no step passes t1.  Returns the first non-zero status, or
 * -1000 if max_calls was exhausted. */
static int integrate(const cfp_integrator_ops *ops, const cfp_integ_opts *o, const cfp_ode *ode,
                     double t0, double *y, double t1, cfp_integ_stats *st, double *t_out,
                     long max_calls)
{
    void *state = NULL;
    double t = t0;
    long calls = 0;
    int rc;
    memset(st, 0, sizeof *st);
    rc = ops->create(&state, ode->dim, o);
    ck_assert_int_eq(rc, CALFPUMP_OK);
    ck_assert_ptr_nonnull(state);
    rc = ops->restart(state, ode, t0, y, st);
    while (rc == CALFPUMP_OK && t < t1) {
        if (calls++ >= max_calls) {
            rc = -1000;
            break;
        }
        rc = ops->step(state, ode, &t, y, t1, st);
        ck_assert_msg(t <= t1, "%s stepped past t_limit: t = %.17g > %.17g", ops->name, t, t1);
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
    const cfp_integrator_ops *tabs[2];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(tabs[i]->struct_size, sizeof(cfp_integrator_ops));
        ck_assert_uint_eq(tabs[i]->abi_version, CFP_INTEGRATOR_ABI);
        ck_assert(tabs[i]->create != NULL);
        ck_assert(tabs[i]->destroy != NULL);
        ck_assert(tabs[i]->restart != NULL);
        ck_assert(tabs[i]->step != NULL);
        ck_assert_ptr_eq(cfp_integrator_find(tabs[i]->name), tabs[i]);
    }
    ck_assert_str_eq(cfp_rk4_ops.name, "rk4");
    ck_assert_str_eq(cfp_dopri5_ops.name, "dopri5");
    ck_assert_uint_eq(cfp_rk4_ops.order, 4);
    ck_assert_uint_eq(cfp_dopri5_ops.order, 5);
    /* rk4: fixed step, no dense output; dopri5: adaptive with dense output. */
    ck_assert_uint_eq(cfp_rk4_ops.caps & (CFP_CAP_ADAPTIVE | CFP_CAP_DENSE), 0);
    ck_assert(cfp_rk4_ops.interpolate == NULL);
    ck_assert_uint_eq(cfp_dopri5_ops.caps & CFP_CAP_ADAPTIVE, CFP_CAP_ADAPTIVE);
    ck_assert_uint_eq(cfp_dopri5_ops.caps & CFP_CAP_DENSE, CFP_CAP_DENSE);
    ck_assert(cfp_dopri5_ops.interpolate != NULL);

    ck_assert_ptr_null(cfp_integrator_find("nosuch"));
    ck_assert_ptr_null(cfp_integrator_find(""));
    ck_assert_ptr_null(cfp_integrator_find("RK4"));

    /* The public listing agrees with the registry. */
    ck_assert_uint_eq(calfpump_integrator_count(), 2);
    for (size_t i = 0; i < calfpump_integrator_count(); i++) {
        const char *name = calfpump_integrator_name(i);
        ck_assert_ptr_nonnull(name);
        ck_assert_ptr_nonnull(cfp_integrator_find(name));
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
    const cfp_ode ode = {2, rhs_osc, NULL};
    const double T = 2.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.1 / (1 << k), y[2] = {1.0, 0.0}, t;
        cfp_integ_opts o = make_opts(1e-6, 1e-6, h, 0, 0, 0);
        cfp_integ_stats st;
        ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &ode, 0.0, y, T, &st, &t, 1000), 0);
        ck_assert_double_eq(t, T);
        /* T / h steps (rounding may split off one tiny last step). */
        ck_assert_msg(st.steps == 20ul << k || st.steps == (20ul << k) + 1,
                      "rk4 h = %g: %lu steps", h, st.steps);
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
    const cfp_ode ode = {1, rhs_decay, NULL};
    const double T = 5.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.1 / (1 << k), y = 1.0, t;
        cfp_integ_opts o = make_opts(1e-6, 1e-6, h, 0, 0, 0);
        cfp_integ_stats st;
        ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &ode, 0.0, &y, T, &st, &t, 1000), 0);
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
    const cfp_ode ode = {2, rhs_osc, NULL};
    double y[2] = {1.0, 0.0}, t;
    cfp_integ_opts o = make_opts(1e-6, 1e-6, 0.3, 0, 0, 0);
    cfp_integ_stats st;
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &ode, 0.0, y, 1.0, &st, &t, 100), 0);
    ck_assert_double_eq(t, 1.0);
    ck_assert_uint_eq(st.steps, 4);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.rhs_evals, 4 * st.steps);
    ck_assert_double_lt(osc_error(1.0, y), 1e-4);
}
END_TEST

/* dopri5 forced to a fixed step: huge tolerances accept every step and
 * h_init = h_max = h pins the size.  The propagated solution is the
 * fifth-order one (local extrapolation), so the observed order is 5. */
START_TEST(test_dopri5_order_fixed_step)
{
    const cfp_ode ode = {2, rhs_osc, NULL};
    const double T = 4.0;
    double e[3], order[2];
    for (int k = 0; k < 3; k++) {
        double h = 0.2 / (1 << k), y[2] = {1.0, 0.0}, t;
        cfp_integ_opts o = make_opts(1.0, 1e10, 0, h, 0, h);
        cfp_integ_stats st;
        ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, y, T, &st, &t, 1000), 0);
        ck_assert_double_eq(t, T);
        ck_assert_uint_eq(st.rejected, 0);
        ck_assert_uint_eq(st.steps, 20ul << k);
        /* FSAL: one evaluation at restart (h_init given: no probe), then six
         * per step. */
        ck_assert_uint_eq(st.rhs_evals, 1 + 6 * st.steps);
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
    const cfp_ode ode = {1, rhs_decay, NULL};
    const double T = 10.0;
    double err[3];
    unsigned long steps[3];
    for (int k = 0; k < 3; k++) {
        double tol = pow(10.0, -4 - 2 * k), y = 1.0, t;
        cfp_integ_opts o = make_opts(tol, tol, 0, 0, 0, 0);
        cfp_integ_stats st;
        ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y, T, &st, &t, 100000), 0);
        ck_assert_double_eq(t, T);
        err[k] = fabs(y - exact_decay(T));
        steps[k] = st.steps;
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
    const cfp_ode ode = {2, rhs_osc, NULL};
    const double T = 10.0;
    for (int k = 0; k < 2; k++) {
        double tol = k ? 1e-8 : 1e-5, y[2] = {1.0, 0.0}, t = 0.0, worst = 0.0;
        cfp_integ_opts o = make_opts(tol, tol, 0, 0, 0, 0);
        cfp_integ_stats st;
        void *state;
        int nsteps = 0;
        memset(&st, 0, sizeof st);
        ck_assert_int_eq(cfp_dopri5_ops.create(&state, 2, &o), 0);
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &ode, 0.0, y, &st), 0);
        while (t < T) {
            double t_old = t, y_old[2] = {y[0], y[1]}, yi[2];
            ck_assert_int_eq(cfp_dopri5_ops.step(state, &ode, &t, y, T, &st), 0);
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
    const cfp_ode ode = {4, rhs_arenstorf, NULL};
    double y[4] = {0.994, 0.0, 0.0, ARENSTORF_V0}, t;
    cfp_integ_opts o = make_opts(1e-10, 1e-10, 0, 0, 0, 0);
    cfp_integ_stats st;
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, y, ARENSTORF_T, &st, &t, 100000),
                     0);
    ck_assert_double_eq(t, ARENSTORF_T);
    /* Back at the start after one period (observed: positions ~2e-8,
     * velocities ~3e-6 at this tolerance). */
    ck_assert_msg(fabs(y[0] - 0.994) < 1e-6 && fabs(y[1]) < 1e-6,
                  "position after one period: (%.10g, %.3g)", y[0], y[1]);
    ck_assert_msg(fabs(y[2]) < 1e-4 && fabs(y[3] - ARENSTORF_V0) < 1e-4,
                  "velocity after one period: (%.3g, %.10g)", y[2], y[3]);
    /* The close approaches to the earth force rejections at loose
     * tolerance and many steps at this one. */
    ck_assert_uint_gt(st.steps, 200);
    ck_assert_uint_lt(st.steps, 5000);
    ck_assert_uint_eq(st.rhs_evals, 2 + 6 * (st.steps + st.rejected));
}
END_TEST

START_TEST(test_dopri5_h_max)
{
    const cfp_ode ode = {2, rhs_osc, NULL};
    double y[2] = {1.0, 0.0}, t = 0.0;
    cfp_integ_opts o = make_opts(1e-3, 1e-3, 0, 0, 0, 0.05);
    cfp_integ_stats st;
    void *state;
    memset(&st, 0, sizeof st);
    ck_assert_int_eq(cfp_dopri5_ops.create(&state, 2, &o), 0);
    ck_assert_int_eq(cfp_dopri5_ops.restart(state, &ode, 0.0, y, &st), 0);
    while (t < 2.0) {
        double t_old = t;
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &ode, &t, y, 2.0, &st), 0);
        ck_assert_msg(t - t_old <= 0.05 * (1 + 1e-12), "step %.17g exceeds h_max", t - t_old);
    }
    cfp_dopri5_ops.destroy(state);
    ck_assert_uint_ge(st.steps, 40);
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
    const cfp_integrator_ops *tabs[2];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        double a = 1.0, y = 0.5, t = 0.0;
        const cfp_ode ode = {1, rhs_const, &a};
        cfp_integ_opts o = make_opts(1e-6, 1e-6, 0.07, 0, 0, 0);
        cfp_integ_stats st;
        void *state;
        memset(&st, 0, sizeof st);
        ck_assert_int_eq(tabs[i]->create(&state, 1, &o), 0);
        ck_assert_int_eq(tabs[i]->restart(state, &ode, t, &y, &st), 0);
        while (t < 1.0)
            ck_assert_int_eq(tabs[i]->step(state, &ode, &t, &y, 1.0, &st), 0);
        ck_assert_double_eq(t, 1.0);
        ck_assert_double_eq_tol(y, 1.5, 1e-12);
        a = -1.0;
        ck_assert_int_eq(tabs[i]->restart(state, &ode, t, &y, &st), 0);
        while (t < 2.0)
            ck_assert_int_eq(tabs[i]->step(state, &ode, &t, &y, 2.0, &st), 0);
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
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(1e-8, 1e-8, 0, 0, 0, 0);
    cfp_integ_stats st, ref;
    double y = 1.0, t, y_ref = 1.0;
    /* Reference run without failures. */
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y_ref, 5.0, &ref, &t, 100000), 0);
    ck_assert_uint_eq(f.failures, 0);

    f = make_failing(1);
    f.fail_at[0] = 10;
    f.fail_at[1] = 50;
    f.fail_at[2] = 51; /* twice in a row: the retry fails too */
    f.fail_at[3] = 200;
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y, 5.0, &st, &t, 100000), 0);
    ck_assert_double_eq(t, 5.0);
    ck_assert_uint_eq(f.failures, 4);
    ck_assert_uint_ge(st.rejected, 4);
    ck_assert_uint_eq(st.rhs_evals, f.calls);
    /* An interrupted attempt costs fewer than six evaluations. */
    ck_assert_uint_le(st.rhs_evals, 2 + 6 * (st.steps + st.rejected));
    ck_assert_msg(fabs(y - exact_decay(5.0)) < 1e-6, "y(5) = %.17g after retries", y);
}
END_TEST

START_TEST(test_rk4_recoverable_retries)
{
    failing f = make_failing(3); /* any positive value is recoverable */
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(0, 0, 0.05, 0, 0, 0);
    cfp_integ_stats st;
    double y = 1.0, t;
    f.fail_at[0] = 7;
    f.fail_at[1] = 8;
    f.fail_at[2] = 100;
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &ode, 0.0, &y, 5.0, &st, &t, 100000), 0);
    ck_assert_double_eq(t, 5.0);
    ck_assert_uint_eq(f.failures, 3);
    ck_assert_uint_eq(st.rejected, 3);
    ck_assert_uint_eq(st.rhs_evals, f.calls);
    ck_assert_uint_gt(st.steps, 100);
    ck_assert_msg(fabs(y - exact_decay(5.0)) < 1e-6, "y(5) = %.17g after retries", y);
}
END_TEST

START_TEST(test_fatal_callback)
{
    const cfp_integrator_ops *tabs[2];
    tabs[0] = &cfp_rk4_ops;
    tabs[1] = &cfp_dopri5_ops;
    for (int i = 0; i < 2; i++) {
        /* Fatal in the middle of the run ... */
        failing f = make_failing(-1);
        const cfp_ode ode = {1, rhs_failing, &f};
        cfp_integ_opts o = make_opts(1e-6, 1e-6, 0.05, 0, 0, 0);
        cfp_integ_stats st;
        double y = 1.0, t;
        f.fail_at[0] = 30;
        ck_assert_int_eq(integrate(tabs[i], &o, &ode, 0.0, &y, 5.0, &st, &t, 100000),
                         CALFPUMP_E_CALLBACK);
        ck_assert_uint_eq(f.calls, 30); /* stops at once, no retry */
        ck_assert_double_lt(t, 5.0);
        ck_assert(isfinite(y));

        /* ... and a negative code other than -1. */
        f = make_failing(-77);
        f.fail_at[0] = 12;
        y = 1.0;
        ck_assert_int_eq(integrate(tabs[i], &o, &ode, 0.0, &y, 5.0, &st, &t, 100000),
                         CALFPUMP_E_CALLBACK);
    }
    {
        /* dopri5 evaluates at restart: a fatal error there is reported. */
        failing f = make_failing(-1);
        const cfp_ode ode = {1, rhs_failing, &f};
        cfp_integ_opts o = make_opts(1e-6, 1e-6, 0, 0, 0, 0);
        cfp_integ_stats st;
        void *state;
        double y = 1.0;
        memset(&st, 0, sizeof st);
        f.fail_at[0] = 1;
        ck_assert_int_eq(cfp_dopri5_ops.create(&state, 1, &o), 0);
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &ode, 0.0, &y, &st), CALFPUMP_E_CALLBACK);
        cfp_dopri5_ops.destroy(state);
    }
}
END_TEST

START_TEST(test_nan_rk4)
{
    /* The derivative turns NaN beyond t = 1: rk4 halves its step a bounded
     * number of times, then reports a non-finite solution. */
    failing f = make_failing(0);
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(0, 0, 0.1, 0, 0, 0);
    cfp_integ_stats st;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_rk4_ops, &o, &ode, 0.0, &y, 3.0, &st, &t, 100000);
    ck_assert_msg(rc < 0 && rc != -1000, "rk4 NaN wall: status %d", rc);
    ck_assert_int_eq(rc, CALFPUMP_E_NONFINITE);
    ck_assert_double_le(t, 1.0);
    ck_assert(isfinite(y));
    ck_assert_uint_gt(st.rejected, 0);
}
END_TEST

START_TEST(test_nan_dopri5)
{
    /* Same wall for dopri5 with a positive h_min: the step shrinks below
     * h_min and the integrator gives up with CALFPUMP_E_STEPSIZE. */
    failing f = make_failing(0);
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(1e-6, 1e-6, 0, 0, 1e-10, 0);
    cfp_integ_stats st;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y, 3.0, &st, &t, 100000);
    ck_assert_int_eq(rc, CALFPUMP_E_STEPSIZE);
    ck_assert_double_le(t, 1.0);
    ck_assert_double_gt(t, 0.999);
    ck_assert(isfinite(y));
    ck_assert_uint_gt(st.rejected, 0);
}
END_TEST

START_TEST(test_nan_dopri5_no_h_min)
{
    /* h_min = 0 is an accepted option value.  The integrator must still
     * give up (with an error status) in a bounded number of calls once
     * the step can no longer advance t, rather than accepting steps that
     * leave t unchanged forever. */
    failing f = make_failing(0);
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(1e-6, 1e-6, 0, 0, 0, 0);
    cfp_integ_stats st;
    double y = 1.0, t;
    int rc;
    f.nan_after = 1.0;
    rc = integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y, 3.0, &st, &t, 10000);
    ck_assert_msg(rc != -1000, "dopri5 with h_min = 0 still stepping at t = %.17g after 10000 "
                  "calls (%lu accepted steps, %lu rejected)", t, st.steps, st.rejected);
    ck_assert_msg(rc < 0, "status %d", rc);
    ck_assert(isfinite(y));
}
END_TEST

START_TEST(test_nan_at_start_dopri5)
{
    /* A non-finite derivative at the start cannot be retried. */
    failing f = make_failing(0);
    const cfp_ode ode = {1, rhs_failing, &f};
    cfp_integ_opts o = make_opts(1e-6, 1e-6, 0, 0, 1e-10, 0);
    cfp_integ_stats st;
    void *state;
    double y = 1.0;
    memset(&st, 0, sizeof st);
    f.nan_after = -1.0;
    ck_assert_int_eq(cfp_dopri5_ops.create(&state, 1, &o), 0);
    ck_assert_int_eq(cfp_dopri5_ops.restart(state, &ode, 0.0, &y, &st), CALFPUMP_E_NONFINITE);
    cfp_dopri5_ops.destroy(state);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Statistics. */

START_TEST(test_stats)
{
    const cfp_ode ode = {1, rhs_decay, NULL};
    cfp_integ_stats st;
    double y = 1.0, t;
    cfp_integ_opts o = make_opts(1e-7, 1e-9, 0.01, 0, 0, 0);

    /* rk4: four evaluations per step, nothing rejected. */
    ck_assert_int_eq(integrate(&cfp_rk4_ops, &o, &ode, 0.0, &y, 1.0, &st, &t, 1000), 0);
    ck_assert_uint_ge(st.steps, 100);
    ck_assert_uint_le(st.steps, 101);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.rhs_evals, 4 * st.steps);

    /* dopri5 with the automatic starting step: two evaluations at restart
     * (one of them the Euler probe), then six per attempted step (FSAL). */
    y = 1.0;
    ck_assert_int_eq(integrate(&cfp_dopri5_ops, &o, &ode, 0.0, &y, 10.0, &st, &t, 100000), 0);
    ck_assert_uint_gt(st.steps, 10);
    ck_assert_uint_eq(st.rhs_evals, 2 + 6 * (st.steps + st.rejected));

    /* A statistics block is accumulated, not reset, by further steps. */
    {
        cfp_integ_stats acc;
        void *state;
        unsigned long before;
        memset(&acc, 0, sizeof acc);
        y = 1.0;
        t = 0.0;
        ck_assert_int_eq(cfp_dopri5_ops.create(&state, 1, &o), 0);
        ck_assert_int_eq(cfp_dopri5_ops.restart(state, &ode, t, &y, &acc), 0);
        ck_assert_uint_eq(acc.rhs_evals, 2);
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &ode, &t, &y, 10.0, &acc), 0);
        ck_assert_uint_eq(acc.steps, 1);
        before = acc.rhs_evals;
        ck_assert_int_eq(cfp_dopri5_ops.step(state, &ode, &t, &y, 10.0, &acc), 0);
        ck_assert_uint_eq(acc.steps, 2);
        ck_assert_uint_ge(acc.rhs_evals, before + 6);
        cfp_dopri5_ops.destroy(state);
    }
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *integrators_suite(void)
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
    tcase_add_test(tc, test_nan_at_start_dopri5);
    suite_add_tcase(s, tc);

    tc = tcase_create("stats");
    tcase_add_test(tc, test_stats);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(integrators_suite());
    int failed;
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
