/* check_solver.c -- the generic ODE solver API and the evaluation
 * context of calfpump/sys/integrator.h, seen from outside: public headers
 * only, linked with the shared library.  (The plug-in ABI itself is
 * check_plugin.c.) */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* ------------------------------------------------------------------ */
/* (g): solver API validation. */

START_TEST(test_solver_new_validation)
{
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = (calfpump_solver *)&ode; /* non-NULL: must be reset */
    ck_assert_int_eq(calfpump_solver_new(NULL, &ode, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_new(&s, NULL, NULL), CALFPUMP_E_NULL);
    ck_assert_ptr_null(s);
    ode.dim = 0;
    s = (calfpump_solver *)&ode;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_E_INVAL);
    ck_assert_ptr_null(s);
    ode.dim = 1;
    ode.rhs = NULL;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_E_INVAL);
    ck_assert_ptr_null(s);
    /* The NULL table means dopri5. */
    ode.rhs = cfp_test_rhs_decay;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_OK);
    ck_assert_ptr_nonnull(s);
    {
        double y0 = 1.0, y;
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_advance(s, 2.0, &y), CALFPUMP_OK);
        ck_assert_double_eq_tol(y, exp(-2.0), 1e-5);
    }
    calfpump_solver_free(s);
    calfpump_solver_free(NULL);
    ck_assert_ptr_nonnull(calfpump_solver_errmsg(NULL));
    ck_assert(isnan(calfpump_solver_time(NULL)));
}
END_TEST

START_TEST(test_solver_options)
{
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    static const char *const names[] = {"rtol", "atol", "h", "h_init", "h_min", "h_max",
                                        "max_steps"};
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "tolerance", 1e-6), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_solver_errmsg(s), "tolerance");
    ck_assert_int_eq(calfpump_solver_set_option(s, "", 1e-6), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_solver_set_option(s, NULL, 1e-6), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_set_option(NULL, "rtol", 1e-6), CALFPUMP_E_NULL);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert_msg(calfpump_solver_set_option(s, names[i], NAN) == CALFPUMP_E_RANGE,
                      "%s = NaN accepted", names[i]);
        ck_assert_has(calfpump_solver_errmsg(s), names[i]);
        ck_assert_msg(calfpump_solver_set_option(s, names[i], INFINITY) == CALFPUMP_E_RANGE,
                      "%s = inf accepted", names[i]);
        ck_assert_msg(calfpump_solver_set_option(s, names[i], -1.0) == CALFPUMP_E_RANGE,
                      "%s = -1 accepted", names[i]);
    }
    ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", 0.0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", 1e-8), CALFPUMP_OK);
    /* h_min above h_max is caught when the options are used. */
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_min", 0.5), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_max", 0.1), CALFPUMP_OK);
    {
        double y0 = 1.0, y;
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_E_RANGE);
        ck_assert_has(calfpump_solver_errmsg(s), "h_min");
        ck_assert_int_eq(calfpump_solver_set_option(s, "h_min", 0.0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_OK);
        ck_assert_double_eq_tol(y, exp(-1.0), 1e-7);
    }
    /* max_steps stops a solve. */
    ck_assert_int_eq(calfpump_solver_set_option(s, "max_steps", 5), CALFPUMP_OK);
    {
        double y0 = 1.0, y;
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_advance(s, 100.0, &y), CALFPUMP_E_MAXSTEPS);
        ck_assert_has(calfpump_solver_errmsg(s), "max_steps");
    }
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_solver_init_advance_validation)
{
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0, y = 0.0, bad = NAN;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, calfpump_integrator_builtin("rk4")),
                     CALFPUMP_OK);
    /* Before init. */
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_E_STATE);
    ck_assert_has(calfpump_solver_errmsg(s), "init");
    ck_assert_int_eq(calfpump_solver_advance(NULL, 1.0, &y), CALFPUMP_E_NULL);
    /* Bad initial values. */
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_init(s, NAN, &y0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &bad), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_solver_errmsg(s), "y[0]");
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_solver_init(NULL, 0.0, &y0), CALFPUMP_E_NULL);
    /* Forward only. */
    ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 2.0, &y0), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_solver_time(s), 2.0);
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_advance(s, NAN, &y), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_solver_time(s), 3.0);
    ck_assert_double_eq_tol(y, exp(-1.0), 1e-9);
    /* t_out = the current time: the current state, no step. */
    y = 0.0;
    ck_assert_int_eq(calfpump_solver_advance(s, 3.0, &y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y, exp(-1.0), 1e-9);
    /* rk4 has no dense output: nothing before the current time. */
    ck_assert_int_eq(calfpump_solver_advance(s, 2.999, &y), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_solver_errmsg(s), "before");
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_solver_advance_backwards_dense)
{
    /* dopri5: a t_out inside the last step is answered by dense output;
     * one before the last step is out of range. */
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0, y = 0.0, steps, t_end;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", 1e-9), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "atol", 1e-9), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h_max", 0.1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    /* Before the first step there is no step to interpolate in. */
    ck_assert_int_eq(calfpump_solver_advance(s, -0.5, &y), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_set_option(s, "t_stop", 2.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 2.0, &y), CALFPUMP_OK);
    t_end = calfpump_solver_time(s);
    ck_assert_double_eq(t_end, 2.0); /* t_stop: the last step ends exactly there */
    ck_assert_int_eq(calfpump_solver_stat(s, "steps", &steps), CALFPUMP_OK);
    ck_assert_double_gt(steps, 20); /* h_max 0.1: at least 20 steps */
    /* Inside the last step (at most 0.1 long; it ends at t_stop, and is
     * longer than 1 ms here: 16 ms with the PI controller). */
    ck_assert_int_eq(calfpump_solver_advance(s, 1.999, &y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y, exp(-1.999), 1e-7);
    ck_assert_double_eq(calfpump_solver_time(s), 2.0);
    /* Long before it: no state is kept for that time. */
    y = 0.0;
    ck_assert_int_eq(calfpump_solver_advance(s, 0.5, &y), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_solver_advance(s, -1.0, &y), CALFPUMP_E_RANGE);
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_solver_stats_names)
{
    static const char *const names[] = {"steps", "rejected", "rhs_evals", "jac_evals",
                                        "lu_decomps"};
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double v;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, NULL), CALFPUMP_OK);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        v = -1.0;
        ck_assert_int_eq(calfpump_solver_stat(s, names[i], &v), CALFPUMP_OK);
        ck_assert_double_eq(v, 0.0);
    }
    ck_assert_int_eq(calfpump_solver_stat(s, "nfev", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_solver_errmsg(s), "nfev");
    ck_assert_int_eq(calfpump_solver_stat(s, "Steps", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_solver_stat(s, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_stat(s, "steps", NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_solver_stat(NULL, "steps", &v), CALFPUMP_E_NULL);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* (h): the evaluation context seen by a plug-in. */

/* y' = A y with A tridiagonal, N = 6. */
#define JN 6
static double jac_a(size_t i, size_t j)
{
    if (i == j)
        return -2.0 - 0.5 * (double)i;
    if (j == i + 1)
        return 1.0 + 0.25 * (double)i;
    if (i == j + 1)
        return 0.75 - 0.1 * (double)j;
    return 0.0;
}

typedef struct lin_user {
    unsigned long rhs_calls, jac_calls;
    int jac_status;            /* returned by the analytic Jacobian */
    int jac_nan;               /* put a NaN into it */
} lin_user;

static int rhs_lin(double t, const double *y, double *dydt, void *user)
{
    lin_user *u = user;
    (void)t;
    u->rhs_calls++;
    for (size_t i = 0; i < JN; i++) {
        dydt[i] = 0.0;
        for (size_t j = 0; j < JN; j++)
            dydt[i] += jac_a(i, j) * y[j];
    }
    return 0;
}

static int jac_lin(double t, const double *y, const double *fy, double *jac, void *user)
{
    lin_user *u = user;
    (void)t;
    (void)y;
    (void)fy;
    u->jac_calls++;
    for (size_t i = 0; i < JN; i++)
        for (size_t j = 0; j < JN; j++)
            jac[i * JN + j] = jac_a(i, j);
    if (u->jac_nan)
        jac[1] = NAN;
    return u->jac_status;
}

/* A probe plug-in: restart() evaluates f and J at (t, y) through the
 * context and keeps the results for the test; it also reports some
 * rejections and LU decompositions.  step() is never needed. */
typedef struct probe {
    size_t dim;
    int rhs_status, jac_status;
    double fy[JN], jac[JN * JN];
} probe;

static int probe_create(void **state, size_t dim, const calfpump_integrator_options *o,
                        void *data)
{
    probe *p = data;
    (void)o;
    p->dim = dim;
    *state = p; /* the control block doubles as the state */
    return CALFPUMP_OK;
}

static void probe_destroy(void *state) { (void)state; }

static int probe_restart(void *state, calfpump_odectx *ctx, double t, const double *y)
{
    probe *p = state;
    ck_assert_uint_eq(calfpump_odectx_dim(ctx), p->dim);
    p->rhs_status = calfpump_odectx_rhs(ctx, t, y, p->fy);
    if (p->rhs_status == 0)
        p->jac_status = calfpump_odectx_jac(ctx, t, y, p->fy, p->jac);
    calfpump_odectx_add_rejected(ctx, 3);
    calfpump_odectx_add_lu(ctx, 2);
    return CALFPUMP_OK;
}

static int probe_step(void *state, calfpump_odectx *ctx, double *t, double *y, double t_limit)
{
    (void)state;
    (void)ctx;
    (void)y;
    *t = t_limit;
    return CALFPUMP_OK;
}

/* Evaluate the Jacobian of y' = A y at y0 (JN values) through the probe.
 * pattern may be NULL; analytic selects the jac callback.  Returns the
 * rhs_evals and jac_evals statistics. */
static const double y_probe[JN] = {1.0, -2.0, 0.5, 1.5, 3.0, -0.75};
static void probe_jacobian(probe *p, lin_user *u, const unsigned char *pattern, int analytic,
                           const double *y0, double *rhs_evals, double *jac_evals)
{
    calfpump_integrator_ops ops;
    calfpump_ode ode;
    calfpump_solver *s = NULL;
    double v;
    ck_assert_int_eq(calfpump_integrator_ops_init(&ops, sizeof ops), CALFPUMP_OK);
    ops.name = "probe";
    ops.caps = CALFPUMP_CAP_IMPLICIT;
    ops.create = probe_create;
    ops.destroy = probe_destroy;
    ops.restart = probe_restart;
    ops.step = probe_step;
    ops.plugin_data = p;
    memset(p, 0, sizeof *p);
    for (size_t k = 0; k < JN * JN; k++)
        p->jac[k] = NAN;
    ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
    ode.dim = JN;
    ode.rhs = rhs_lin;
    ode.jac = analytic ? jac_lin : NULL;
    ode.jac_pattern = pattern;
    ode.user = u;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, y0), CALFPUMP_OK);
    ck_assert_uint_eq(p->dim, JN);
    ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", rhs_evals), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_stat(s, "jac_evals", jac_evals), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_stat(s, "rejected", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 3);
    ck_assert_int_eq(calfpump_solver_stat(s, "lu_decomps", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 2);
    calfpump_solver_free(s);
}

static void check_jacobian_is_a(const probe *p, double tol)
{
    for (size_t i = 0; i < JN; i++)
        for (size_t j = 0; j < JN; j++)
            ck_assert_msg(fabs(p->jac[i * JN + j] - jac_a(i, j)) <= tol,
                          "J[%zu][%zu] = %.10g, expected %.10g", i, j, p->jac[i * JN + j],
                          jac_a(i, j));
}

START_TEST(test_jac_finite_differences)
{
    probe p;
    lin_user u;
    unsigned char pattern[JN * JN];
    double dense_evals, sparse_evals, jevals;
    for (size_t i = 0; i < JN; i++)
        for (size_t j = 0; j < JN; j++)
            pattern[i * JN + j] = jac_a(i, j) != 0.0;

    /* Dense: one evaluation per column (plus the probe's f(t, y)). */
    memset(&u, 0, sizeof u);
    probe_jacobian(&p, &u, NULL, 0, y_probe, &dense_evals, &jevals);
    ck_assert_int_eq(p.rhs_status, 0);
    ck_assert_int_eq(p.jac_status, 0);
    check_jacobian_is_a(&p, 1e-6);
    ck_assert_double_eq(jevals, 1);
    ck_assert_double_eq(dense_evals, 1 + JN);
    ck_assert_double_eq(dense_evals, (double)u.rhs_calls);

    /* Tridiagonal pattern: columns j, j+3 share no row, so three groups
     * of columns suffice. */
    memset(&u, 0, sizeof u);
    probe_jacobian(&p, &u, pattern, 0, y_probe, &sparse_evals, &jevals);
    ck_assert_int_eq(p.jac_status, 0);
    check_jacobian_is_a(&p, 1e-6);
    ck_assert_double_eq(jevals, 1);
    ck_assert_double_eq(sparse_evals, (double)u.rhs_calls);
    ck_assert_double_lt(sparse_evals, dense_evals);
    ck_assert_double_eq(sparse_evals, 1 + 3);
    /* Entries outside the pattern are exactly zero. */
    for (size_t k = 0; k < JN * JN; k++)
        if (!pattern[k])
            ck_assert_double_eq(p.jac[k], 0.0);

    /* Components that are zero are still perturbed (by a small step, so
     * the result is less accurate). */
    {
        static const double y_zero[JN] = {0.0, 1.0, 0.0, -1.0, 0.0, 0.0};
        for (int k = 0; k < 2; k++) {
            memset(&u, 0, sizeof u);
            probe_jacobian(&p, &u, k ? pattern : NULL, 0, y_zero, &sparse_evals, &jevals);
            ck_assert_int_eq(p.jac_status, 0);
            check_jacobian_is_a(&p, 1e-4);
        }
    }
}
END_TEST

START_TEST(test_jac_analytic)
{
    probe p;
    lin_user u;
    unsigned char pattern[JN * JN];
    double rhs_evals, jevals;
    memset(pattern, 1, sizeof pattern);
    memset(&u, 0, sizeof u);
    probe_jacobian(&p, &u, NULL, 1, y_probe, &rhs_evals, &jevals);
    ck_assert_int_eq(p.jac_status, 0);
    check_jacobian_is_a(&p, 1e-6);
    ck_assert_uint_eq(u.jac_calls, 1);
    ck_assert_double_eq(jevals, 1);
    ck_assert_double_eq(rhs_evals, 1); /* only the probe's own f(t, y) */
    /* A pattern does not replace the analytic Jacobian. */
    memset(&u, 0, sizeof u);
    probe_jacobian(&p, &u, pattern, 1, y_probe, &rhs_evals, &jevals);
    ck_assert_uint_eq(u.jac_calls, 1);
    ck_assert_double_eq(rhs_evals, 1);
    check_jacobian_is_a(&p, 1e-6);
    /* Its failures: positive or non-finite -> 1, negative -> fatal. */
    memset(&u, 0, sizeof u);
    u.jac_status = 2;
    probe_jacobian(&p, &u, NULL, 1, y_probe, &rhs_evals, &jevals);
    ck_assert_int_eq(p.jac_status, 1);
    memset(&u, 0, sizeof u);
    u.jac_nan = 1;
    probe_jacobian(&p, &u, NULL, 1, y_probe, &rhs_evals, &jevals);
    ck_assert_int_eq(p.jac_status, 1);
    memset(&u, 0, sizeof u);
    u.jac_status = -5;
    probe_jacobian(&p, &u, NULL, 1, y_probe, &rhs_evals, &jevals);
    ck_assert_int_eq(p.jac_status, CALFPUMP_E_CALLBACK);
}
END_TEST

/* Right-hand side with a selectable outcome. */
static int rhs_outcome(double t, const double *y, double *dydt, void *user)
{
    int mode = *(const int *)user;
    (void)t;
    dydt[0] = mode == 3 ? INFINITY : -y[0];
    return mode == 1 ? 4 : mode == 2 ? -3 : 0;
}

START_TEST(test_odectx_rhs_returns)
{
    /* calfpump_odectx_rhs() through the probe: 0, 1 for a recoverable
     * failure (callback positive or a non-finite result), E_CALLBACK for a
     * fatal one; every call is counted. */
    static const int expect[4] = {0, 1, CALFPUMP_E_CALLBACK, 1};
    for (int mode = 0; mode < 4; mode++) {
        probe p;
        calfpump_integrator_ops ops;
        calfpump_ode ode;
        calfpump_solver *s = NULL;
        double y0 = 1.0, v;
        ck_assert_int_eq(calfpump_integrator_ops_init(&ops, sizeof ops), CALFPUMP_OK);
        ops.name = "probe";
        ops.create = probe_create;
        ops.destroy = probe_destroy;
        ops.restart = probe_restart;
        ops.step = probe_step;
        ops.plugin_data = &p;
        memset(&p, 0, sizeof p);
        ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
        ode.dim = 1;
        ode.rhs = rhs_outcome;
        ode.user = &mode;
        ck_assert_int_eq(calfpump_solver_new(&s, &ode, &ops), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
        ck_assert_msg(p.rhs_status == expect[mode], "mode %d: %d", mode, p.rhs_status);
        ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &v), CALFPUMP_OK);
        ck_assert_double_eq(v, mode == 0 ? 1 + 1 : 1); /* + one FD column */
        calfpump_solver_free(s);
    }
    /* NULL arguments. */
    ck_assert_uint_eq(calfpump_odectx_dim(NULL), 0);
    {
        double y = 1.0, f;
        ck_assert_int_eq(calfpump_odectx_rhs(NULL, 0.0, &y, &f), CALFPUMP_E_NULL);
        ck_assert_int_eq(calfpump_odectx_jac(NULL, 0.0, &y, &f, &f), CALFPUMP_E_NULL);
    }
    calfpump_odectx_add_rejected(NULL, 1);
    calfpump_odectx_add_lu(NULL, 1);
}
END_TEST


Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("solver");
    TCase *tc;

    tc = tcase_create("solver_api");
    tcase_add_test(tc, test_solver_new_validation);
    tcase_add_test(tc, test_solver_options);
    tcase_add_test(tc, test_solver_init_advance_validation);
    tcase_add_test(tc, test_solver_advance_backwards_dense);
    tcase_add_test(tc, test_solver_stats_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("odectx");
    tcase_add_test(tc, test_jac_finite_differences);
    tcase_add_test(tc, test_jac_analytic);
    tcase_add_test(tc, test_odectx_rhs_returns);
    suite_add_tcase(s, tc);
    return s;
}
