/* testutil.h -- what the Check suites share: the hook of the one runner
 * (tests/testmain.c), assertion helpers and fixtures.
 *
 * Public API only (calfpump.h, calfpump/sys/integrator.h): the black-box
 * suites use it too and link the shared library, not libcfpcore.la.  The
 * helpers assert as they go, so a test that calls one stops at the first
 * failing call with the library's message.
 */
#ifndef CFP_TESTUTIL_H
#define CFP_TESTUTIL_H

#include <stddef.h>
#include <string.h>

#include <check.h>

#include <calfpump.h>
#include <calfpump/sys/integrator.h>

/* Every suite file defines this; tests/testmain.c runs it. */
Suite *cfp_test_suite(void);

/* Assert that message msg contains needle. */
#define ck_assert_has(msg, needle)                                                     \
    do {                                                                               \
        const char *msg_ = (msg), *needle_ = (needle);                                 \
        ck_assert_msg(msg_ != NULL && strstr(msg_, needle_) != NULL,                   \
                      "message \"%s\" does not mention \"%s\"", msg_ ? msg_ : "(null)", \
                      needle_);                                                        \
    } while (0)

/* ------------------------------------------------------------------ */
/* Model, protocol, simulation. */

/* The default leg. */
calfpump_model *cfp_test_default_model(void);

/* A named protocol ("avp", "apg", ...). */
calfpump_protocol *cfp_test_named_protocol(const char *name);

/* A simulation of m through p (both copied: the caller frees them). */
calfpump_sim *cfp_test_new_sim(const calfpump_model *m, const calfpump_protocol *p);

/* A solver of ode with the built-in integrator named integ at rtol, atol. */
calfpump_solver *cfp_test_solver_named(const calfpump_ode *ode, const char *integ, double rtol,
                                       double atol);

/* Largest |y_i - ref_i| / |ref_i| (NaN propagates as a failure). */
double cfp_test_rel_err(size_t n, const double *y, const double *ref);

/* The same, recording at the output interval dt (s). */
calfpump_sim *cfp_test_new_sim_at(const calfpump_model *m, const calfpump_protocol *p, double dt);

/* A non-NULL pointer value that out-pointers start with, to see that a
 * failing constructor resets them to NULL. */
extern char cfp_test_sentinel;
#define SENTINEL ((void *)&cfp_test_sentinel)

/* The default leg, with condition cond applied unless NULL, through the
 * named protocol proto; not run yet. */
calfpump_sim *cfp_test_leg_sim(const char *proto, const char *cond);

/* Give s the integrator named integ and, if rtol > 0, rtol = atol = rtol. */
void cfp_test_use_integrator(calfpump_sim *s, const char *integ, double rtol);

/* Run s to the end of its protocol. */
void cfp_test_run_ok(calfpump_sim *s);

/* The value of metric name. */
double cfp_test_metric(calfpump_sim *s, const char *name);

/* Trace column col, in a new array the caller frees; *rows (may be NULL)
 * gets the number of values written. */
double *cfp_test_trace_column(const calfpump_sim *s, const char *col, size_t *rows);

/* ------------------------------------------------------------------ */
/* ODE solver. */

/* y' = -y (user unused). */
int cfp_test_rhs_decay(double t, const double *y, double *dydt, void *user);

/* The ODE y' = -y, dimension 1. */
calfpump_ode cfp_test_decay_ode(void);

/* A solver for ode with table ops (NULL: dopri5) at tolerances rtol, atol. */
calfpump_solver *cfp_test_solver(const calfpump_ode *ode, const calfpump_integrator_ops *ops,
                                 double rtol, double atol);

/* The value of solver statistic name. */
double cfp_test_solver_stat(const calfpump_solver *s, const char *name);

/* ------------------------------------------------------------------ */
/* Fixtures of the API suites (check_api, check_api_sim). */

/* The value of parameter name of m. */
double cfp_test_get_param(const calfpump_model *m, const char *name);

/* A two-compartment network: foot_vein -(valve)-> thigh_vein -> ra. */
calfpump_model *cfp_test_small_network(void);

/* Stand still, walk, stand still, each segment `each` s long. */
calfpump_protocol *cfp_test_short_walk(double each);

/* Stand still for duration s. */
calfpump_protocol *cfp_test_stand_still(double duration);

/* All parameter values of m, in a new array the caller frees; *n gets
 * their number. */
double *cfp_test_param_snapshot(const calfpump_model *m, size_t *n);

/* Assert that m's n parameters still have the values of snap, bit for
 * bit. */
void cfp_test_assert_params_equal(const calfpump_model *m, const double *snap, size_t n);

#endif
