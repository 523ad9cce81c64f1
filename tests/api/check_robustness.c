/* check_robustness.c -- inputs that were once accepted without complaint
 * (issue 12): non-finite activations from a callback, a fractional
 * max_steps, advancing backwards, a custom segment with nothing to drive
 * it, a segment parameter the segment does not use; and the system's
 * reason (errno's text) in the messages of failed reads and writes.
 * Black box: public headers only, linked with the shared library. */
#define _POSIX_C_SOURCE 200809L /* strerror_r */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define OUT_DT 0.05 /* output interval of every run here, s */

/* Stand still 1 s, then a custom segment of 2 s driven by fn(user). */
static calfpump_protocol *custom_protocol(calfpump_activation_fn fn, void *user)
{
    calfpump_protocol *p = NULL;
    size_t k;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 1.0, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "custom", 2.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_activation_fn(p, k, fn, user), CALFPUMP_OK);
    return p;
}

/* A simulation of the default leg through p with integrator integ. */
static calfpump_sim *leg_sim(const calfpump_protocol *p, const char *integ)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_sim *s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    ck_assert_int_eq(calfpump_sim_set_integrator(s, integ), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", OUT_DT), CALFPUMP_OK);
    return s;
}

/* ---------------------------------------------------------------- */
/* Activation callbacks */

/* The calf's activation is *(double *)user from 0.5 s into the segment,
 * 0.3 before. */
static int calf_value_fn(double t, double *a, void *user)
{
    a[1] = t >= 0.5 ? *(const double *)user : 0.3;
    return 0;
}

/* Every built-in integrator stops at a NaN or infinite activation, with
 * a message naming the segment, the muscle group and the value. */
START_TEST(nonfinite_activation_stops_run)
{
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < calfpump_integrator_count(); k++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            const char *integ = calfpump_integrator_name(k);
            calfpump_protocol *p = custom_protocol(calf_value_fn, (void *)&bad[i]);
            calfpump_sim *s = leg_sim(p, integ);
            const char *msg;
            int st = calfpump_sim_run(s);
            msg = calfpump_sim_errmsg(s);
            ck_assert_msg(st == CALFPUMP_E_CALLBACK, "%s, a = %g: status %d (%s)", integ, bad[i],
                          st, msg);
            ck_assert_has(msg, "segment 1");
            ck_assert_has(msg, "calf activation");
            ck_assert_has(msg, "not a finite number");
            ck_assert_has(msg, "callback");
            /* It stopped where the value appeared, not at the end. */
            ck_assert_double_lt(calfpump_sim_time(s), 1.6);
            ck_assert_int_eq(calfpump_sim_advance(s, 3.0), CALFPUMP_E_STATE);
            /* After a reset the run fails again, the same way. */
            ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
            ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_CALLBACK);
            ck_assert_has(calfpump_sim_errmsg(s), "segment 1");
            calfpump_sim_free(s);
            calfpump_protocol_free(p);
        }
}
END_TEST

/* Finite values outside [0, 1] are clamped, as documented. */
START_TEST(finite_activation_clamped)
{
    const double big = 7.0;
    calfpump_protocol *p = custom_protocol(calf_value_fn, (void *)&big);
    calfpump_sim *s = leg_sim(p, "dopri5");
    size_t rows = 0;
    double *a;
    cfp_test_run_ok(s);
    a = cfp_test_trace_column(s, "a.calf", &rows);
    ck_assert_uint_eq(rows, 61);
    ck_assert_double_eq(a[60], 1.0);  /* t = 3 s */
    ck_assert_double_eq_tol(a[25], 0.3, 1e-12); /* t = 1.25 s */
    free(a);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
}
END_TEST

static int failing_fn(double t, double *a, void *user)
{
    (void)a, (void)user;
    return t > 0.25 ? -5 : 0;
}

START_TEST(callback_failure_names_segment)
{
    calfpump_protocol *p = custom_protocol(failing_fn, NULL);
    calfpump_sim *s = leg_sim(p, "rk4");
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_CALLBACK);
    ck_assert_has(calfpump_sim_errmsg(s), "segment 1 ('custom')");
    ck_assert_has(calfpump_sim_errmsg(s), "returned -5");
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Run options and advancing */

START_TEST(max_steps_whole_number)
{
    calfpump_protocol *p = cfp_test_named_protocol("tilt");
    calfpump_model *m = cfp_test_default_model();
    calfpump_sim *s = cfp_test_new_sim(m, p);
    double v = 0;
    ck_assert_int_eq(calfpump_sim_set_option(s, "max_steps", 2.5), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_sim_errmsg(s), "max_steps");
    ck_assert_has(calfpump_sim_errmsg(s), "whole number");
    ck_assert_int_eq(calfpump_sim_get_option(s, "max_steps", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 1e9); /* unchanged */
    ck_assert_int_eq(calfpump_sim_set_option(s, "max_steps", nextafter(1e6, 0)), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sim_set_option(s, "max_steps", 3), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "max_steps", 1e15), CALFPUMP_OK);
    /* The other options take fractions. */
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", 2.5), CALFPUMP_OK);
    /* A protocol's run settings follow the same rule. */
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "max_steps", 2.5), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_protocol_errmsg(p), "whole number");
    ck_assert_int_eq(calfpump_protocol_run_option(p, "max_steps", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "max_steps", 1000), CALFPUMP_OK);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(advance_backwards_rejected)
{
    calfpump_protocol *p = custom_protocol(calf_value_fn, &(double){0.5});
    calfpump_sim *s = leg_sim(p, "dopri5");
    const double bad[] = {-1.0, -INFINITY, -1e-300};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(calfpump_sim_advance(s, bad[i]), CALFPUMP_E_RANGE);
        ck_assert_has(calfpump_sim_errmsg(s), "before the current time");
    }
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), 0); /* nothing started */
    ck_assert_int_eq(calfpump_sim_advance(s, 0.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_advance(s, 1.5), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_advance(s, 1.0), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_sim_errmsg(s), "1.5");
    ck_assert_double_eq_tol(calfpump_sim_time(s), 1.5, 1e-12);
    /* Not a failure of the run: it goes on from where it was. */
    ck_assert_int_eq(calfpump_sim_advance(s, 1.5), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), 61);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK); /* at the end: nothing to do */
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Protocols */

START_TEST(custom_without_drive_rejected)
{
    static const double t[2] = {0, 1}, a[2] = {0, 1};
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = NULL, *q = NULL;
    calfpump_sim *s = (calfpump_sim *)&s;
    char err[512];
    size_t k;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 1.0, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 1.0, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "custom", 1.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_ptr_null(s);
    ck_assert_has(err, "segment 2");
    ck_assert_has(err, "custom");
    ck_assert_has(err, "neither a sampled waveform nor an activation callback");
    /* The 0.1 constructor leaves the message in the protocol. */
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_protocol_errmsg(p), "segment 2");
    /* One waveform is enough; so is a callback. */
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "thigh", t, a, 2, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_OK);
    ck_assert_str_eq(err, "");
    calfpump_sim_free(s);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "custom", 1.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_has(err, "segment 3");
    ck_assert_int_eq(calfpump_protocol_set_activation_fn(p, k, failing_fn, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_OK);
    calfpump_sim_free(s);
    /* A model file's custom segment without a waveform. */
    ck_assert_int_eq(calfpump_model_load_string(NULL, &q,
                                                "calfpump-model 1\n[segment]\nposture = supine\n"
                                                "activity = custom\nduration = 2\n",
                                                "f.cfp", err, sizeof err),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, q, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_has(err, "segment 0 ('custom')");
    calfpump_protocol_free(q);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* Compression parameters of the header's list apply to every segment. */
static int segment_wide(const char *name)
{
    return strcmp(name, "stocking") == 0 || strcmp(name, "bandage") == 0 ||
           strncmp(name, "compression_", 12) == 0 || strncmp(name, "ipc_", 4) == 0;
}

/* Index of a new segment of activity i in one of its postures. */
static size_t add_activity(calfpump_protocol *p, size_t i)
{
    static const char *const postures[] = {"standing", "sitting", "supine"};
    size_t k = 0;
    for (size_t j = 0; j < 3; j++)
        if (calfpump_protocol_add_segment(p, postures[j], calfpump_activity_name(i), 1.0, &k) ==
            CALFPUMP_OK)
            return k;
    ck_abort_msg("activity %s: no posture accepted", calfpump_activity_name(i));
    return 0;
}

/* For every activity and parameter: a value other than the default is
 * accepted iff the activity reads the parameter or it is a compression
 * parameter; the default is always accepted (files written by
 * calfpump_model_save() list every parameter). */
START_TEST(unused_parameters_rejected)
{
    calfpump_protocol *p = NULL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    for (size_t i = 0; i < calfpump_activity_count(); i++) {
        size_t k = add_activity(p, i);
        for (size_t j = 0; j < calfpump_protocol_param_count(); j++) {
            const char *name = calfpump_protocol_param_name(j);
            double lo, hi, def, x, v = NAN;
            int used = calfpump_activity_uses_param(i, name) == 1 || segment_wide(name), st;
            if (strcmp(name, "angle") == 0)
                continue; /* a posture's parameter: below */
            ck_assert_int_eq(calfpump_protocol_param_info(name, &lo, &hi, &def, NULL, NULL),
                             CALFPUMP_OK);
            x = def != lo ? lo : hi;
            st = calfpump_protocol_set(p, k, name, x);
            ck_assert_msg(st == (used ? CALFPUMP_OK : CALFPUMP_E_INVAL), "%s: %s = %g: %d (%s)",
                          calfpump_activity_name(i), name, x, st, calfpump_protocol_errmsg(p));
            ck_assert_int_eq(calfpump_protocol_get(p, k, name, &v), CALFPUMP_OK);
            ck_assert_double_eq(v, used ? x : def);
            if (!used) {
                ck_assert_has(calfpump_protocol_errmsg(p), name);
                ck_assert_has(calfpump_protocol_errmsg(p), calfpump_activity_name(i));
            }
            ck_assert_int_eq(calfpump_protocol_set(p, k, name, def), CALFPUMP_OK);
        }
    }
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(rpm_on_walk_and_angle_off_tilt)
{
    calfpump_protocol *p = NULL, *q = (calfpump_protocol *)&q;
    char err[512];
    size_t w, c, t, st;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 5, &w), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "cycle", 5, &c), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "tilt", "still", 5, &t), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 5, &st), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, w, "rpm", 80), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_protocol_errmsg(p), "segment 0: activity 'walk' does not use 'rpm'");
    ck_assert_has(calfpump_protocol_errmsg(p), "speed, cadence, strength");
    ck_assert_int_eq(calfpump_protocol_set(p, c, "rpm", 80), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, w, "stocking", 2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, st, "ipc_pressure", 40), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, st, "strength", 0.5), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_protocol_errmsg(p), "reads: weight_bearing");
    /* angle: the tilt posture's parameter, whatever the activity. */
    ck_assert_int_eq(calfpump_protocol_set(p, t, "angle", 30), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, st, "angle", 30), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_protocol_errmsg(p), "tilt and leg_raised postures only");
    ck_assert_int_eq(calfpump_protocol_set(p, w, "angle", 70), CALFPUMP_OK); /* the default */
    /* Out of bounds is still a range error, used or not. */
    ck_assert_int_eq(calfpump_protocol_set(p, w, "rpm", 1000), CALFPUMP_E_RANGE);
    /* In a model file. */
    ck_assert_int_eq(calfpump_model_load_string(NULL, &q,
                                                "calfpump-model 1\n[segment]\nposture = standing\n"
                                                "activity = walk\nduration = 2\nrpm = 80\n",
                                                "f.cfp", err, sizeof err),
                     CALFPUMP_E_INVAL);
    ck_assert_ptr_null(q);
    ck_assert_has(err, "f.cfp:6:");
    ck_assert_has(err, "does not use 'rpm'");
    calfpump_protocol_free(p);
}
END_TEST

/* Nothing the library ships sets a parameter its segment ignores. */
START_TEST(shipped_protocols_load)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    char err[512];
    for (size_t i = 0; i < calfpump_protocol_named_count(); i++) {
        int st = calfpump_protocol_create_named(&p, calfpump_protocol_named_name(i), err,
                                                sizeof err);
        ck_assert_msg(st == CALFPUMP_OK, "%s: %s", calfpump_protocol_named_name(i), err);
        calfpump_protocol_free(p);
    }
    {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/default-leg.cfp", getenv("abs_top_srcdir") ?
                 getenv("abs_top_srcdir") : ".");
        ck_assert_msg(calfpump_model_load(&m, &p, path, err, sizeof err) == CALFPUMP_OK, "%s",
                      err);
        calfpump_model_free(m);
        calfpump_protocol_free(p);
    }
}
END_TEST

/* A network that never comes to rest (found by fuzzing: an inertance
 * makes it oscillate) gives up finding its steady start after a bounded
 * number of steps and starts hydrostatic, as with settle_time = 0;
 * unbounded, the settling took two minutes and then started elsewhere. */
START_TEST(settling_is_bounded)
{
    calfpump_model *m = NULL, *h = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *a, *b;
    char path[4096], err[512];
    double *va, *vb;
    size_t n = 0;
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/settle-oscillates.cfp",
             getenv("abs_top_srcdir") ? getenv("abs_top_srcdir") : ".");
    ck_assert_msg(calfpump_model_load(&m, &p, path, err, sizeof err) == CALFPUMP_OK, "%s", err);
    ck_assert_int_eq(calfpump_model_clone(&h, m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(h, "settle_time", 0), CALFPUMP_OK);
    a = cfp_test_new_sim(m, p);
    b = cfp_test_new_sim(h, p);
    ck_assert_int_eq(calfpump_sim_advance(a, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_advance(b, 0), CALFPUMP_OK);
    va = cfp_test_trace_column(a, "V.calf_sinuses", &n);
    ck_assert_uint_eq(n, 1);
    vb = cfp_test_trace_column(b, "V.calf_sinuses", &n);
    ck_assert_double_eq(va[0], vb[0]);
    free(va);
    free(vb);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    calfpump_model_free(h);
}
END_TEST

/* ---------------------------------------------------------------- */
/* File errors say why. */

/* The system's text for errno err (XSI strerror_r) into why. */
static void errno_text(int err, char *why, size_t len)
{
    ck_assert_int_eq(strerror_r(err, why, len), 0);
}

START_TEST(csv_error_says_why)
{
    calfpump_protocol *p = custom_protocol(calf_value_fn, &(double){0.5});
    calfpump_sim *s = leg_sim(p, "dopri5");
    char why[256];
    ck_assert_int_eq(calfpump_sim_advance(s, 0.1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_write_csv(s, "/nonexistent/dir/x.csv"), CALFPUMP_E_IO);
    errno_text(ENOENT, why, sizeof why);
    ck_assert_has(calfpump_sim_errmsg(s), "/nonexistent/dir/x.csv");
    ck_assert_has(calfpump_sim_errmsg(s), why);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(load_error_says_why)
{
    calfpump_model *m = NULL;
    char msg[512], why[256];
    errno_text(ENOENT, why, sizeof why);
    ck_assert_int_eq(calfpump_model_load(&m, NULL, "/nonexistent/dir/leg.cfp", msg, sizeof msg),
                     CALFPUMP_E_IO);
    ck_assert_ptr_null(m);
    ck_assert_has(msg, "/nonexistent/dir/leg.cfp: cannot open for reading: ");
    ck_assert_has(msg, why);
}
END_TEST

START_TEST(save_error_says_why)
{
    calfpump_model *m = cfp_test_default_model();
    char msg[512], why[256];
    errno_text(ENOENT, why, sizeof why);
    ck_assert_int_eq(calfpump_model_write(m, NULL, "/nonexistent/dir/leg.cfp", msg, sizeof msg),
                     CALFPUMP_E_IO);
    ck_assert_has(msg, "cannot open '/nonexistent/dir/leg.cfp' for writing: ");
    ck_assert_has(msg, why);
    ck_assert_int_eq(calfpump_model_save(m, NULL, "/nonexistent/dir/leg.cfp"), CALFPUMP_E_IO);
    ck_assert_has(calfpump_model_errmsg(m), why);
#if defined(__linux__)
    /* A full disk: /dev/full takes the open, fails the writes. */
    errno_text(ENOSPC, why, sizeof why);
    ck_assert_int_eq(calfpump_model_write(m, NULL, "/dev/full", msg, sizeof msg), CALFPUMP_E_IO);
    ck_assert_has(msg, "error while writing '/dev/full': ");
    ck_assert_has(msg, why);
#endif
    calfpump_model_free(m);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("robustness");
    TCase *tc;

    tc = tcase_create("callbacks");
    tcase_add_test(tc, nonfinite_activation_stops_run);
    tcase_add_test(tc, finite_activation_clamped);
    tcase_add_test(tc, callback_failure_names_segment);
    suite_add_tcase(s, tc);

    tc = tcase_create("run");
    tcase_add_test(tc, max_steps_whole_number);
    tcase_add_test(tc, advance_backwards_rejected);
    tcase_add_test(tc, settling_is_bounded);
    suite_add_tcase(s, tc);

    tc = tcase_create("protocol");
    tcase_add_test(tc, custom_without_drive_rejected);
    tcase_add_test(tc, unused_parameters_rejected);
    tcase_add_test(tc, rpm_on_walk_and_angle_off_tilt);
    tcase_add_test(tc, shipped_protocols_load);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_test(tc, csv_error_says_why);
    tcase_add_test(tc, load_error_says_why);
    tcase_add_test(tc, save_error_says_why);
    suite_add_tcase(s, tc);
    return s;
}
