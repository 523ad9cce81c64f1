/* Batches, black box: set-up errors, results equal to one-by-one runs,
 * bit-identical whatever the thread count, failed runs reported and not
 * fatal, cancellation from the progress callback. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "calfpump.h"
#include "testutil.h"

#define PARAMS "valve.medial_marginal.competence,calf_strength"
#define METRICS "avp.fall,avp.exercise,conservation.error"
#define NRUNS 6

static const double xs[NRUNS][2] = {{1, 1}, {0.3, 1}, {1, 0.6}, {0.5, 1.4}, {0, 1}, {0.8, 0.9}};

static calfpump_batch *new_batch(const char *proto)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol(proto);
    calfpump_batch *b = NULL;
    char err[512];
    ck_assert_int_eq(calfpump_batch_create(&b, m, p, err, sizeof err), CALFPUMP_OK);
    ck_assert_str_eq(err, "");
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    ck_assert_int_eq(calfpump_batch_set_params(b, PARAMS), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_set_metrics(b, METRICS), CALFPUMP_OK);
    return b;
}

/* The metrics of one run made by hand, as a program without batches would. */
static void one_by_one(const double *x, double *y)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol("avp");
    calfpump_sim *s;
    ck_assert_int_eq(calfpump_model_set(m, "valve.medial_marginal.competence", x[0]), 0);
    ck_assert_int_eq(calfpump_model_set(m, "calf_strength", x[1]), 0);
    s = cfp_test_new_sim(m, p);
    ck_assert_int_eq(calfpump_sim_set_store_trace(s, 0), 0);
    cfp_test_run_ok(s);
    y[0] = cfp_test_metric(s, "avp.fall");
    y[1] = cfp_test_metric(s, "avp.exercise");
    y[2] = cfp_test_metric(s, "conservation.error");
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}

START_TEST(test_setup_errors)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol("avp"), *empty = NULL;
    calfpump_batch *b = NULL;
    char err[512];
    double y[3];
    ck_assert_int_eq(calfpump_batch_create(&b, NULL, p, err, sizeof err), CALFPUMP_E_NULL);
    ck_assert_ptr_null(b);
    ck_assert_int_eq(calfpump_protocol_new(&empty), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_create(&b, m, empty, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_has(err, "no segments");
    ck_assert_int_eq(calfpump_batch_create(&b, m, p, err, sizeof err), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, 1, NULL, y, NULL), CALFPUMP_E_STATE);
    ck_assert_has(calfpump_batch_errmsg(b), "no metrics");
    ck_assert_int_eq(calfpump_batch_set_params(b, "calf_strength, no_such_thing"),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_batch_errmsg(b), "'no_such_thing'");
    ck_assert_uint_eq(calfpump_batch_param_count(b), 0);
    ck_assert_int_eq(calfpump_batch_set_params(b, "calf_strength,calf_strength"),
                     CALFPUMP_E_EXISTS);
    ck_assert_int_eq(calfpump_batch_set_params(b, "calf_strength,,height"), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_batch_set_metrics(b, "avp.fall,apg.nonsense"),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_batch_errmsg(b), "'apg.nonsense'");
    ck_assert_int_eq(calfpump_batch_set_metrics(b, ""), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_batch_set_params(b, " calf_strength , height "), CALFPUMP_OK);
    ck_assert_str_eq(calfpump_batch_param_name(b, 1), "height");
    ck_assert_ptr_null(calfpump_batch_param_name(b, 2));
    ck_assert_int_eq(calfpump_batch_set_metrics(b, "avp.fall"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, 1, NULL, y, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_batch_set_threads(b, 5000), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_batch_set_threads(b, 0), CALFPUMP_OK);
    ck_assert_uint_ge(calfpump_batch_threads(b), 1);
    ck_assert_ptr_null(calfpump_batch_run_errmsg(b, 0));
    ck_assert_has(calfpump_batch_errmsg(NULL), "NULL");
    calfpump_batch_free(b);
    calfpump_batch_free(NULL);
    calfpump_protocol_free(empty);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* The batch gives, bit for bit, what one-by-one runs give, on one thread
 * and on three; the chosen parameters do change the results. */
START_TEST(test_same_as_one_by_one)
{
    calfpump_batch *b = new_batch("avp");
    double y1[NRUNS][3], y3[NRUNS][3], ref[3];
    int st[NRUNS];
    ck_assert_int_eq(calfpump_batch_run(b, NRUNS, &xs[0][0], &y1[0][0], st), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_batch_failed(b), 0);
    ck_assert_str_eq(calfpump_batch_errmsg(b), "");
    ck_assert_int_eq(calfpump_batch_set_threads(b, 3), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, NRUNS, &xs[0][0], &y3[0][0], NULL), CALFPUMP_OK);
    ck_assert_int_eq(memcmp(y1, y3, sizeof y1), 0);
    for (int i = 0; i < NRUNS; i++) {
        ck_assert_int_eq(st[i], CALFPUMP_OK);
        ck_assert_str_eq(calfpump_batch_run_errmsg(b, (size_t)i), "");
        ck_assert_double_lt(y1[i][2], 1e-8); /* conservation */
    }
    for (int i = 0; i < NRUNS; i += 2) {
        one_by_one(xs[i], ref);
        ck_assert_msg(memcmp(ref, y1[i], sizeof ref) == 0, "run %d: fall %.17g vs %.17g", i,
                      y1[i][0], ref[0]);
    }
    ck_assert_double_gt(y1[0][0] - y1[2][0], 1.0); /* a weaker calf: a smaller fall */
    ck_assert_double_ne(y1[0][0], y1[4][0]);       /* the valve's competence is set */
    calfpump_batch_free(b);
}
END_TEST

/* A run with a value out of range fails alone, with its message. */
START_TEST(test_failed_run_reported)
{
    calfpump_batch *b = new_batch("avp");
    double x[3][2] = {{1, 1}, {1.5, 1}, {0.9, 1}}, y[3][3];
    int st[3];
    ck_assert_int_eq(calfpump_batch_set_threads(b, 2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, 3, &x[0][0], &y[0][0], st), CALFPUMP_OK);
    ck_assert_int_eq(st[0], CALFPUMP_OK);
    ck_assert_int_eq(st[1], CALFPUMP_E_RANGE);
    ck_assert_int_eq(st[2], CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_batch_failed(b), 1);
    ck_assert(isnan(y[1][0]) && isnan(y[1][2]));
    ck_assert(isfinite(y[2][0]));
    ck_assert_has(calfpump_batch_run_errmsg(b, 1), "medial_marginal");
    ck_assert_has(calfpump_batch_errmsg(b), "1 of 3 runs failed");
    ck_assert_has(calfpump_batch_errmsg(b), "run 1:");
    calfpump_batch_free(b);
}
END_TEST

/* A metric the protocol does not define is NaN with CALFPUMP_E_STATE. */
START_TEST(test_missing_metric)
{
    calfpump_batch *b = new_batch("avp");
    double x[2] = {1, 1}, y[2];
    int st;
    ck_assert_int_eq(calfpump_batch_set_metrics(b, "avp.fall,apg.ef"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, 1, x, y, &st), CALFPUMP_OK);
    ck_assert_int_eq(st, CALFPUMP_E_STATE);
    ck_assert(isfinite(y[0]) && isnan(y[1]));
    ck_assert_has(calfpump_batch_run_errmsg(b, 0), "APG");
    calfpump_batch_free(b);
}
END_TEST

static int stop_after_two(void *user, size_t done, size_t total)
{
    size_t *calls = user;
    ck_assert_uint_eq(total, NRUNS);
    ck_assert_uint_eq(done, *calls + 1); /* one call per run, in order */
    ++*calls;
    return done >= 2;
}

START_TEST(test_cancel)
{
    calfpump_batch *b = new_batch("avp");
    double y[NRUNS][3];
    int st[NRUNS], ok = 0, cancelled = 0;
    size_t calls = 0;
    ck_assert_int_eq(calfpump_batch_set_progress_callback(b, stop_after_two, &calls), 0);
    ck_assert_int_eq(calfpump_batch_run(b, NRUNS, &xs[0][0], &y[0][0], st), CALFPUMP_OK);
    for (int i = 0; i < NRUNS; i++) {
        ok += st[i] == CALFPUMP_OK;
        cancelled += st[i] == CALFPUMP_E_CALLBACK;
    }
    ck_assert_int_eq(ok, 2);
    ck_assert_int_eq(cancelled, NRUNS - 2);
    ck_assert_int_eq(st[5], CALFPUMP_E_CALLBACK);
    ck_assert_has(calfpump_batch_run_errmsg(b, 5), "cancelled");
    ck_assert_uint_eq(calls, 2);
    calfpump_batch_free(b);
}
END_TEST

/* No parameters: every run is the model itself. */
START_TEST(test_no_params)
{
    calfpump_batch *b = new_batch("avp");
    double y[2][3];
    ck_assert_int_eq(calfpump_batch_set_params(b, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_run(b, 2, NULL, &y[0][0], NULL), CALFPUMP_OK);
    ck_assert_int_eq(memcmp(y[0], y[1], sizeof y[0]), 0);
    ck_assert_int_eq(calfpump_batch_run(b, 0, NULL, &y[0][0], NULL), CALFPUMP_OK);
    calfpump_batch_free(b);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("batch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_setup_errors);
    tcase_add_test(tc, test_same_as_one_by_one);
    tcase_add_test(tc, test_failed_run_reported);
    tcase_add_test(tc, test_missing_metric);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_no_params);
    suite_add_tcase(s, tc);
    return s;
}
