/* testutil.c -- fixtures shared by the Check suites (see testutil.h).
 * Public API only. */
#include <math.h>
#include <stdlib.h>

#include "testutil.h"

calfpump_model *cfp_test_default_model(void)
{
    calfpump_model *m = NULL;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_ptr_nonnull(m);
    return m;
}

calfpump_protocol *cfp_test_named_protocol(const char *name)
{
    calfpump_protocol *p = NULL;
    ck_assert_msg(calfpump_protocol_new_named(&p, name) == CALFPUMP_OK, "protocol '%s'", name);
    ck_assert_ptr_nonnull(p);
    return p;
}

calfpump_sim *cfp_test_new_sim(const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_sim *s = NULL;
    int st = calfpump_sim_new(&s, m, p);
    ck_assert_msg(st == CALFPUMP_OK, "sim_new: %s (%s)", calfpump_strerror(st),
                  calfpump_model_errmsg(m));
    ck_assert_ptr_nonnull(s);
    return s;
}

char cfp_test_sentinel;

calfpump_sim *cfp_test_new_sim_at(const calfpump_model *m, const calfpump_protocol *p, double dt)
{
    calfpump_sim *s = cfp_test_new_sim(m, p);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", dt), CALFPUMP_OK);
    return s;
}

calfpump_sim *cfp_test_leg_sim(const char *proto, const char *cond)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol(proto);
    calfpump_sim *s;
    if (cond)
        ck_assert_msg(calfpump_model_apply_condition(m, cond) == CALFPUMP_OK, "condition '%s': %s",
                      cond, calfpump_model_errmsg(m));
    s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return s;
}

void cfp_test_use_integrator(calfpump_sim *s, const char *integ, double rtol)
{
    ck_assert_msg(calfpump_sim_set_integrator(s, integ) == CALFPUMP_OK, "integrator '%s': %s",
                  integ, calfpump_sim_errmsg(s));
    if (rtol > 0) {
        ck_assert_int_eq(calfpump_sim_set_option(s, "rtol", rtol), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_set_option(s, "atol", rtol), CALFPUMP_OK);
    }
}

void cfp_test_run_ok(calfpump_sim *s)
{
    int st = calfpump_sim_run(s);
    ck_assert_msg(st == CALFPUMP_OK, "run: %s: %s", calfpump_strerror(st), calfpump_sim_errmsg(s));
}

double cfp_test_metric(calfpump_sim *s, const char *name)
{
    double v = NAN;
    ck_assert_msg(calfpump_sim_metric(s, name, &v) == CALFPUMP_OK, "metric '%s': %s", name,
                  calfpump_sim_errmsg(s));
    return v;
}

double *cfp_test_trace_column(const calfpump_sim *s, const char *col, size_t *rows)
{
    size_t j, n = calfpump_sim_trace_rows(s);
    double *buf = malloc(n * sizeof *buf);
    ck_assert_ptr_nonnull(buf);
    ck_assert_msg(calfpump_sim_trace_col_index(s, col, &j) == CALFPUMP_OK, "column '%s': %s", col,
                  calfpump_sim_errmsg(s));
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, buf, n, rows), CALFPUMP_OK);
    return buf;
}

int cfp_test_rhs_decay(double t, const double *y, double *dydt, void *user)
{
    (void)t;
    (void)user;
    dydt[0] = -y[0];
    return 0;
}

calfpump_ode cfp_test_decay_ode(void)
{
    calfpump_ode ode;
    ck_assert_int_eq(calfpump_ode_init(&ode, sizeof ode), CALFPUMP_OK);
    ode.dim = 1;
    ode.rhs = cfp_test_rhs_decay;
    return ode;
}

calfpump_solver *cfp_test_solver(const calfpump_ode *ode, const calfpump_integrator_ops *ops,
                                 double rtol, double atol)
{
    calfpump_solver *s = NULL;
    ck_assert_int_eq(calfpump_solver_new(&s, ode, ops), CALFPUMP_OK);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(calfpump_solver_set_option(s, "rtol", rtol), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_set_option(s, "atol", atol), CALFPUMP_OK);
    return s;
}

calfpump_solver *cfp_test_solver_named(const calfpump_ode *ode, const char *integ, double rtol,
                                       double atol)
{
    const calfpump_integrator_ops *ops = calfpump_integrator_builtin(integ);
    ck_assert_msg(ops != NULL, "no built-in integrator '%s'", integ);
    return cfp_test_solver(ode, ops, rtol, atol);
}

double cfp_test_rel_err(size_t n, const double *y, const double *ref)
{
    double e = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(y[i] - ref[i]) / fabs(ref[i]);
        if (!(d <= e))
            e = d;
    }
    return e;
}

double cfp_test_solver_stat(const calfpump_solver *s, const char *name)
{
    double v = -1;
    ck_assert_msg(calfpump_solver_stat(s, name, &v) == CALFPUMP_OK, "stat '%s'", name);
    return v;
}

/* ------------------------------------------------------------------ */
/* Fixtures of the API suites (check_api, check_api_sim). */

double cfp_test_get_param(const calfpump_model *m, const char *name)
{
    double v = NAN;
    ck_assert_msg(calfpump_model_get(m, name, &v) == CALFPUMP_OK, "get '%s': %s", name,
                  calfpump_model_errmsg(m));
    return v;
}

/* A two-compartment network: foot_vein -(valve)-> thigh_vein -> ra. */
calfpump_model *cfp_test_small_network(void)
{
    calfpump_model *m = NULL;
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "foot_vein", "foot", "superficial"),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "thigh_vein", "thigh", "deep"),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "up", "foot_vein", "thigh_vein", 1),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "out", "thigh_vein", "ra", 0), CALFPUMP_OK);
    /* Standing geometry and a little capillary inflow. */
    ck_assert_int_eq(calfpump_model_set(m, "comp.foot_vein.z_standing", -100), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "comp.thigh_vein.z_standing", -30), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "comp.foot_vein.gcap", 0.002), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "comp.foot_vein.squeeze_foot", 100), CALFPUMP_OK);
    return m;
}

/* Stand still, walk, stand still: the shape of the AVP protocol, short. */
calfpump_protocol *cfp_test_short_walk(double each)
{
    calfpump_protocol *p = NULL;
    size_t k = 99;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", each, &k), CALFPUMP_OK);
    ck_assert_uint_eq(k, 0);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", each, &k), CALFPUMP_OK);
    ck_assert_uint_eq(k, 1);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", each, NULL),
                     CALFPUMP_OK);
    return p;
}

calfpump_protocol *cfp_test_stand_still(double duration)
{
    calfpump_protocol *p = NULL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", duration, NULL),
                     CALFPUMP_OK);
    return p;
}

/* Snapshot of all parameter values of a model. */
double *cfp_test_param_snapshot(const calfpump_model *m, size_t *n)
{
    double *v;
    *n = calfpump_model_param_count(m);
    v = malloc((*n + 1) * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < *n; i++)
        v[i] = cfp_test_get_param(m, calfpump_model_param_name(m, i));
    return v;
}

void cfp_test_assert_params_equal(const calfpump_model *m, const double *snap, size_t n)
{
    ck_assert_uint_eq(calfpump_model_param_count(m), n);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i);
        double v = cfp_test_get_param(m, name);
        ck_assert_msg(memcmp(&v, &snap[i], sizeof v) == 0, "parameter '%s' changed: %.17g -> %.17g",
                      name, snap[i], v);
    }
}
