/* check_plugin_step.c -- the return contract of a plug-in's step(),
 * restart() and create() (calfpump/sys/integrator.h), seen from outside
 * like check_plugin.c: recoverable failures are retried, fatal ones stop
 * the solver and the simulation with their status and a message, a failed
 * simulation stays failed until reset, and no state leaks.  The plug-in
 * is the explicit Euler of euler_plugin.c with its control block.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "euler_plugin.h"

/* ------------------------------------------------------------------ */
/* (e): the step() return contract. */

/* Run the plug-in with control ctl (behaviour already set) through the
 * solver and the simulation; statuses into st_solver and st_sim. */
static void run_both(plug_ctl *ctl, const calfpump_integrator_ops *ops, int *st_solver,
                     int *st_sim, char *msg, size_t msgsize)
{
    double y = 0.0;
    plug_ctl keep = *ctl;
    *st_solver = solve_decay(ops, &y, NULL, 0);
    ck_assert_uint_eq(ctl->live, 0);
    *ctl = keep; /* behaviour again, counters at zero */
    {
        calfpump_sim *s = leg_sim();
        ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, ops), CALFPUMP_OK);
        *st_sim = calfpump_sim_run(s);
        strncpy(msg, calfpump_sim_errmsg(s), msgsize - 1);
        msg[msgsize - 1] = '\0';
        if (*st_sim) {
            /* A failed run stays failed until reset. */
            ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_STATE);
            ck_assert_double_lt(calfpump_sim_time(s), LEG_T);
        }
        calfpump_sim_free(s);
    }
    ck_assert_uint_eq(ctl->live, 0);
}

START_TEST(test_step_positive_then_success)
{
    /* 19 recoverable failures in a row at call 30, then success: both
     * runs complete, with every failed call retried. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    int st_solver, st_sim;
    char msg[512];
    double y = 0.0;
    ctl.fail_from = 30;
    ctl.fail_times = 19;
    ctl.fail_code = 1;
    ck_assert_int_eq(solve_decay(&ops, &y, NULL, 0), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.step_failed, 19);
    ck_assert_uint_eq(ctl.step_calls, 100 + 19);
    ck_assert_double_eq_tol(y, pow(0.99, 100), 1e-13);

    memset(&ctl, 0, sizeof ctl);
    ctl.fail_from = 500;
    ctl.fail_times = 5;
    ctl.fail_code = 7; /* any positive value */
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_OK);
    ck_assert_msg(st_sim == CALFPUMP_OK, "run: %s", msg);
    ck_assert_uint_eq(ctl.step_failed, 5);
    ck_assert_uint_eq(ctl.step_calls, ctl.step_ok + 5);
    ck_assert_uint_gt(ctl.step_ok, 1000);
}
END_TEST

START_TEST(test_step_positive_forever)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    int st_solver, st_sim;
    char msg[512];
    double y = 0.0;
    ctl.fail_from = 30;
    ctl.fail_code = 1;
    ck_assert_int_eq(solve_decay(&ops, &y, msg, sizeof msg), CALFPUMP_E_STEPSIZE);
    ck_assert_msg(ctl.step_failed >= 2 && ctl.step_failed <= 20,
                  "%lu recoverable failures before giving up", ctl.step_failed);
    ck_assert_has(msg, "test-euler");

    memset(&ctl, 0, sizeof ctl);
    ctl.fail_from = 100;
    ctl.fail_code = 1;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_STEPSIZE);
    ck_assert_int_eq(st_sim, CALFPUMP_E_STEPSIZE);
    ck_assert_msg(ctl.step_failed >= 2 && ctl.step_failed <= 20,
                  "%lu recoverable failures before giving up", ctl.step_failed);
    ck_assert_uint_eq(ctl.step_ok, 99);
    ck_assert_has(msg, "test-euler");
}
END_TEST

START_TEST(test_step_negative_known)
{
    static const int codes[3] = {CALFPUMP_E_NONFINITE, CALFPUMP_E_STEPSIZE, CALFPUMP_E_NOMEM};
    for (int k = 0; k < 3; k++) {
        plug_ctl ctl;
        calfpump_integrator_ops ops = euler_ops(&ctl);
        int st_solver, st_sim;
        char msg[512];
        ctl.fail_from = 40;
        ctl.fail_code = codes[k];
        run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
        ck_assert_int_eq(st_solver, codes[k]);
        ck_assert_int_eq(st_sim, codes[k]);
        /* Stops at once: no retry of a fatal status. */
        ck_assert_uint_eq(ctl.step_failed, 1);
        ck_assert_uint_eq(ctl.step_calls, 40);
        ck_assert_msg(msg[0] != '\0', "no message for %s", calfpump_status_name(codes[k]));
    }
}
END_TEST

START_TEST(test_step_negative_unknown)
{
    static const int codes[2] = {-999, -12345678};
    for (int k = 0; k < 2; k++) {
        plug_ctl ctl;
        calfpump_integrator_ops ops = euler_ops(&ctl);
        int st_solver, st_sim;
        char msg[512];
        ctl.fail_from = 40;
        ctl.fail_code = codes[k];
        run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
        ck_assert_int_eq(st_solver, CALFPUMP_E_CALLBACK);
        ck_assert_int_eq(st_sim, CALFPUMP_E_CALLBACK);
        ck_assert_uint_eq(ctl.step_calls, 40);
        ck_assert_msg(msg[0] != '\0', "no message for %d", codes[k]);
    }
}
END_TEST

START_TEST(test_restart_failure)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    int st_solver, st_sim;
    char msg[512];
    ctl.restart_status = -999;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_CALLBACK);
    ck_assert_int_eq(st_sim, CALFPUMP_E_CALLBACK);
    ck_assert_uint_eq(ctl.step_calls, 0);
    ctl.restart_status = CALFPUMP_E_RANGE;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_RANGE);
    ck_assert_int_eq(st_sim, CALFPUMP_E_RANGE);
    /* A positive value cannot be retried at a restart. */
    ctl.restart_status = 1;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_NONFINITE);
    ck_assert_int_eq(st_sim, CALFPUMP_E_NONFINITE);
    ck_assert_uint_eq(ctl.step_calls, 0);
}
END_TEST

START_TEST(test_create_fails)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    int st_solver, st_sim;
    char msg[512];
    /* A status from create() is passed on, with a message naming the
     * plug-in; nothing is destroyed that was not created. */
    ctl.create_status = CALFPUMP_E_NOMEM;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_NOMEM);
    ck_assert_int_eq(st_sim, CALFPUMP_E_NOMEM);
    ck_assert_has(msg, "test-euler");
    ck_assert_uint_eq(ctl.destroys, 0);
    ck_assert_uint_eq(ctl.step_calls + ctl.restarts, 0);
    /* Unknown negative statuses become CALFPUMP_E_CALLBACK ... */
    ctl.create_status = -999;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_CALLBACK);
    ck_assert_int_eq(st_sim, CALFPUMP_E_CALLBACK);
    /* ... and "success" without a state is out of memory. */
    ctl.create_status = 0;
    ctl.create_null = 1;
    run_both(&ctl, &ops, &st_solver, &st_sim, msg, sizeof msg);
    ck_assert_int_eq(st_solver, CALFPUMP_E_NOMEM);
    ck_assert_int_eq(st_sim, CALFPUMP_E_NOMEM);
    ck_assert_uint_eq(ctl.step_calls + ctl.restarts + ctl.destroys, 0);
}
END_TEST

START_TEST(test_sim_recovers_after_reset)
{
    /* A run stopped by the plug-in can be reset and rerun. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_sim *s = leg_sim();
    ctl.create_status = CALFPUMP_E_NOMEM;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_NOMEM);
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ctl.create_status = 0;
    ctl.fail_from = 10;
    ctl.fail_code = CALFPUMP_E_NONFINITE;
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_NONFINITE);
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ctl.fail_from = 0;
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_sim_time(s), LEG_T);
    calfpump_sim_free(s);
    ck_assert_uint_eq(ctl.live, 0);
    ck_assert_uint_eq(ctl.creates, ctl.destroys);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("plugin_step");
    TCase *tc = tcase_create("step_contract");
    tcase_add_test(tc, test_step_positive_then_success);
    tcase_add_test(tc, test_step_positive_forever);
    tcase_add_test(tc, test_step_negative_known);
    tcase_add_test(tc, test_step_negative_unknown);
    tcase_add_test(tc, test_restart_failure);
    tcase_add_test(tc, test_create_fails);
    tcase_add_test(tc, test_sim_recovers_after_reset);
    suite_add_tcase(s, tc);
    return s;
}
