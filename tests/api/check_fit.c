/* calfpump_batch_fit, black box: parameters recovered from the indices
 * the library itself computed for a known leg; a parameter the data do
 * not determine is reported; bad input. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "calfpump.h"
#include "testutil.h"

#define METRICS "apg.vv,apg.ef,apg.rvf"

static calfpump_batch *apg_batch(const char *params)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol("apg");
    calfpump_batch *b = NULL;
    char err[512];
    ck_assert_int_eq(calfpump_batch_create(&b, m, p, err, sizeof err), CALFPUMP_OK);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    ck_assert_int_eq(calfpump_batch_set_params(b, params), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_set_metrics(b, METRICS), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_set_threads(b, 2), CALFPUMP_OK);
    return b;
}

/* A leg with a weak calf (strength 0.7) and stiffer calf sinuses
 * (compliance 0.022 against 0.0279 1/mmHg): its VV, EF and RVF, then a fit
 * from the default leg.  VV depends on the compliance alone, EF and RVF on
 * both: both are identified. */
START_TEST(test_recovers_known_leg)
{
    calfpump_batch *b = apg_batch("calf_strength,comp.calf_sinuses.compliance");
    const double truth[2] = {0.7, 0.022}, sigma[3] = {2, 1, 1};
    const double lo[2] = {0.3, 0.01}, hi[2] = {1.5, 0.05};
    double target[3], x[2] = {1.0, 0.027872}, sd[2], r[3], cost = -1;
    int ident[2] = {-1, -1}, st;
    ck_assert_int_eq(calfpump_batch_run(b, 1, truth, target, &st), CALFPUMP_OK);
    ck_assert_int_eq(st, CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_fit(b, target, sigma, lo, hi, x, sd, r, ident, &cost),
                     CALFPUMP_OK);
    ck_assert_msg(fabs(x[0] - truth[0]) < 0.01 && fabs(x[1] - truth[1]) < 0.0005,
                  "fitted (%g, %g), true (0.7, 0.022): %s", x[0], x[1],
                  calfpump_batch_errmsg(b));
    ck_assert_int_eq(ident[0], 1);
    ck_assert_int_eq(ident[1], 1);
    ck_assert(isfinite(sd[0]) && sd[0] > 0 && sd[0] < 0.1);
    ck_assert(isfinite(sd[1]) && sd[1] > 0 && sd[1] < 0.005);
    ck_assert_double_lt(cost, 1e-4);
    for (int j = 0; j < 3; j++)
        ck_assert_double_lt(fabs(r[j]), 0.02);
    ck_assert_has(calfpump_batch_errmsg(b), "converged");
    calfpump_batch_free(b);
}
END_TEST

/* The saphenofemoral valve does not change the APG indices of a leg whose
 * GSV valves below are competent: the fit says it is not identified. */
START_TEST(test_unidentified_parameter)
{
    calfpump_batch *b = apg_batch("calf_strength,valve.saphenofemoral.competence");
    const double truth[2] = {0.8, 1}, sigma[3] = {5, 1, 1}, lo[2] = {0.3, 0}, hi[2] = {1.5, 1};
    double target[3], x[2] = {1.0, 0.5}, sd[2];
    int ident[2];
    ck_assert_int_eq(calfpump_batch_run(b, 1, truth, target, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_fit(b, target, sigma, lo, hi, x, sd, NULL, ident, NULL),
                     CALFPUMP_OK);
    ck_assert_double_lt(fabs(x[0] - 0.8), 0.01);
    ck_assert_int_eq(ident[0], 1);
    ck_assert_int_eq(ident[1], 0);
    ck_assert(isinf(sd[1]));
    ck_assert_has(calfpump_batch_errmsg(b), "valve.saphenofemoral.competence");
    ck_assert_has(calfpump_batch_errmsg(b), "not identified");
    calfpump_batch_free(b);
}
END_TEST

START_TEST(test_bad_input)
{
    calfpump_batch *b = apg_batch("calf_strength,comp.calf_sinuses.compliance");
    double target[3] = {120, 50, 30}, sigma[3] = {5, 1, 1}, lo[2] = {0.3, 0.01}, hi[2] = {1.5, 1};
    double x[2] = {1, 0.03}, bad_hi[2] = {3, 1}, bad_sigma[3] = {5, 0, 1};
    ck_assert_int_eq(calfpump_batch_fit(b, target, sigma, lo, bad_hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_batch_errmsg(b), "calf_strength");
    ck_assert_int_eq(calfpump_batch_fit(b, target, bad_sigma, lo, hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_batch_errmsg(b), "apg.ef");
    ck_assert_int_eq(calfpump_batch_fit(b, NULL, sigma, lo, hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_batch_set_metrics(b, "apg.ef"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_fit(b, target, sigma, lo, hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_batch_errmsg(b), "2 parameters cannot be fitted to 1");
    ck_assert_int_eq(calfpump_batch_set_params(b, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_batch_fit(b, target, sigma, lo, hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_batch_fit(NULL, target, sigma, lo, hi, x, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NULL);
    calfpump_batch_free(b);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("fit");
    TCase *tc = tcase_create("fit");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_recovers_known_leg);
    tcase_add_test(tc, test_unidentified_parameter);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
