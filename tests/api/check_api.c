/* check_api.c -- the public API: status codes, NULL arguments, model
 * parameters and building networks (check_api_sim.c: protocols,
 * simulations, output, ownership, conditions, threads).
 *
 * Every failing call is checked for its exact status code, for the
 * message it leaves in the handle (it must name the offending element or
 * value) and, where the API promises it, for leaving the object unchanged.
 * Simulations use short protocols and a coarse output interval so that
 * the whole suite stays fast under sanitizers.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define OUT_DT 0.05 /* output interval of every test run, s */

/* Every test run records at the output interval OUT_DT. */
#define new_sim(m, p) cfp_test_new_sim_at((m), (p), OUT_DT)

/* ------------------------------------------------------------------ */
/* Status codes and version. */

START_TEST(test_strerror_every_code)
{
    int n = 0;
#define X_(name, value, text)                                          \
    ck_assert_int_eq((int)(name), (value));                            \
    ck_assert_str_eq(calfpump_strerror(value), (text));                \
    ck_assert_str_eq(calfpump_status_name(value), #name);              \
    ck_assert_str_ne(calfpump_strerror(value), "unknown status");     \
    n++;
    CALFPUMP_STATUS_LIST(X_)
#undef X_
    ck_assert_int_eq(n, 15);
    ck_assert_str_eq(calfpump_status_name(CALFPUMP_E_RANGE), "CALFPUMP_E_RANGE");
    ck_assert_str_eq(calfpump_strerror(CALFPUMP_OK), "success");
}
END_TEST

START_TEST(test_strerror_unknown)
{
    const int unknown[] = {1, 7, -15, -99, 1000, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = calfpump_strerror(unknown[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, "unknown status");
        ck_assert_ptr_null(calfpump_status_name(unknown[i]));
    }
}
END_TEST

START_TEST(test_version)
{
    char buf[64];
    unsigned v = calfpump_version();
    ck_assert_uint_eq(v, CALFPUMP_VERSION_NUMBER);
    ck_assert_uint_eq(v, ((unsigned)CALFPUMP_VERSION_MAJOR << 16) |
                             ((unsigned)CALFPUMP_VERSION_MINOR << 8) |
                             (unsigned)CALFPUMP_VERSION_PATCH);
    ck_assert_ptr_nonnull(calfpump_version_string());
    ck_assert_str_eq(calfpump_version_string(), CALFPUMP_VERSION_STRING);
    snprintf(buf, sizeof buf, "%d.%d.%d", CALFPUMP_VERSION_MAJOR, CALFPUMP_VERSION_MINOR,
             CALFPUMP_VERSION_PATCH);
    ck_assert_str_eq(calfpump_version_string(), buf);
    ck_assert(CALFPUMP_VERSION_AT_LEAST(0, 0, 0));
    ck_assert(CALFPUMP_VERSION_AT_LEAST(CALFPUMP_VERSION_MAJOR, CALFPUMP_VERSION_MINOR,
                                        CALFPUMP_VERSION_PATCH));
    ck_assert(!CALFPUMP_VERSION_AT_LEAST(CALFPUMP_VERSION_MAJOR, CALFPUMP_VERSION_MINOR,
                                         CALFPUMP_VERSION_PATCH + 1));
    ck_assert(!CALFPUMP_VERSION_AT_LEAST(CALFPUMP_VERSION_MAJOR + 1, 0, 0));
    ck_assert_int_ge(calfpump_abi_version(), 0);
#ifdef CALFPUMP_ABI_VERSION /* from configure, via DEFS */
    ck_assert_int_eq(calfpump_abi_version(), CALFPUMP_ABI_VERSION);
#endif
}
END_TEST

/* ------------------------------------------------------------------ */
/* NULL pointers: every function returns CALFPUMP_E_NULL (or its documented
 * neutral value) and never crashes. */

START_TEST(test_null_constructors)
{
    calfpump_model *m = cfp_test_default_model(), *c = SENTINEL;
    calfpump_protocol *p = SENTINEL;
    calfpump_sim *s = SENTINEL;
    calfpump_protocol *pw = cfp_test_short_walk(1.0);

    ck_assert_int_eq(calfpump_model_new(NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_new_default(NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_clone(NULL, m), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_clone(&c, NULL), CALFPUMP_E_NULL);
    ck_assert_ptr_null(c); /* out-pointer reset on failure */

    ck_assert_int_eq(calfpump_protocol_new(NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_new_named(NULL, "avp"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_new_named(&p, NULL), CALFPUMP_E_NULL);
    ck_assert_ptr_null(p);

    ck_assert_int_eq(calfpump_sim_new(NULL, m, pw), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_new(&s, NULL, pw), CALFPUMP_E_NULL);
    ck_assert_ptr_null(s);
    s = SENTINEL;
    ck_assert_int_eq(calfpump_sim_new(&s, m, NULL), CALFPUMP_E_NULL);
    ck_assert_ptr_null(s);

    calfpump_protocol_free(pw);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_null_model_functions)
{
    calfpump_model *m = cfp_test_default_model();
    double v = 0, lo, hi;
    const char *unit = NULL;
    size_t ncomp = calfpump_model_compartment_count(m), nconn = calfpump_model_connection_count(m);

    ck_assert_ptr_nonnull(calfpump_model_errmsg(NULL));

    ck_assert_int_eq(calfpump_model_add_compartment(NULL, "a", "foot", "deep"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_add_compartment(m, NULL, "foot", "deep"), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "name");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "a", NULL, "deep"), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "region");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "a", "foot", NULL), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "layer");

    ck_assert_int_eq(calfpump_model_add_connection(NULL, "c", "femoral", "ra", 0), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_add_connection(m, NULL, "femoral", "ra", 0), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "name");
    ck_assert_int_eq(calfpump_model_add_connection(m, "c", NULL, "ra", 0), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "from");
    ck_assert_int_eq(calfpump_model_add_connection(m, "c", "femoral", NULL, 0), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_model_errmsg(m), "to");

    ck_assert_uint_eq(calfpump_model_compartment_count(NULL), 0);
    ck_assert_ptr_null(calfpump_model_compartment_name(NULL, 0));
    ck_assert_ptr_null(calfpump_model_compartment_region(NULL, 0));
    ck_assert_ptr_null(calfpump_model_compartment_layer(NULL, 0));
    ck_assert_uint_eq(calfpump_model_connection_count(NULL), 0);
    ck_assert_ptr_null(calfpump_model_connection_name(NULL, 0));
    ck_assert_int_eq(calfpump_model_connection_has_valve(NULL, 0), 0);

    ck_assert_int_eq(calfpump_model_set(NULL, "cvp", 5), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_set(m, NULL, 5), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_get(NULL, "cvp", &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_get(m, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_get(m, "cvp", NULL), CALFPUMP_E_NULL);
    ck_assert_uint_eq(calfpump_model_param_count(NULL), 0);
    ck_assert_ptr_null(calfpump_model_param_name(NULL, 0));
    ck_assert_int_eq(calfpump_model_param_info(NULL, "cvp", &lo, &hi, &unit), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_param_info(m, NULL, &lo, &hi, &unit), CALFPUMP_E_NULL);
    /* Every out-pointer of param_info is optional. */
    ck_assert_int_eq(calfpump_model_param_info(m, "cvp", NULL, NULL, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_param_info(m, "cvp", NULL, &hi, NULL), CALFPUMP_OK);

    ck_assert_int_eq(calfpump_model_apply_condition(NULL, "healthy"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_apply_condition(m, NULL), CALFPUMP_E_NULL);

    /* Nothing was added by the failed calls. */
    ck_assert_uint_eq(calfpump_model_compartment_count(m), ncomp);
    ck_assert_uint_eq(calfpump_model_connection_count(m), nconn);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_null_protocol_functions)
{
    calfpump_protocol *p = cfp_test_short_walk(1.0);
    double v = 0;
    size_t k = 0;

    ck_assert_ptr_nonnull(calfpump_protocol_errmsg(NULL));
    ck_assert_int_eq(calfpump_protocol_add_segment(NULL, "standing", "still", 1, &k),
                     CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, NULL, "still", 1, &k), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_protocol_errmsg(p), "posture");
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", NULL, 1, &k), CALFPUMP_E_NULL);
    ck_assert_has(calfpump_protocol_errmsg(p), "activity");
    ck_assert_int_eq(calfpump_protocol_set(NULL, 0, "speed", 3), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_set(p, 1, NULL, 3), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_get(NULL, 1, "speed", &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_get(p, 1, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_get(p, 1, "speed", NULL), CALFPUMP_E_NULL);

    ck_assert_uint_eq(calfpump_protocol_segment_count(NULL), 0);
    ck_assert_ptr_null(calfpump_protocol_segment_activity(NULL, 0));
    ck_assert_ptr_null(calfpump_protocol_segment_posture(NULL, 0));
    ck_assert(isnan(calfpump_protocol_segment_duration(NULL, 0)));
    ck_assert(isnan(calfpump_protocol_duration(NULL)));

    ck_assert_uint_eq(calfpump_protocol_segment_count(p), 3);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(test_null_sim_functions)
{
    calfpump_model *m = cfp_test_small_network();
    calfpump_protocol *p = cfp_test_stand_still(1.0);
    calfpump_sim *s = new_sim(m, p);
    double v = 0, buf[4];
    size_t j = 0, written = 77;

    ck_assert_ptr_nonnull(calfpump_sim_errmsg(NULL));
    ck_assert_int_eq(calfpump_sim_set_integrator(NULL, "rk4"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_integrator(s, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_option(NULL, "rtol", 1e-6), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_option(s, NULL, 1e-6), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_get_option(NULL, "rtol", &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_get_option(s, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_get_option(s, "rtol", NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_advance(NULL, 1.0), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_run(NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_reset(NULL), CALFPUMP_E_NULL);
    ck_assert(isnan(calfpump_sim_time(NULL)));
    ck_assert(isnan(calfpump_sim_end_time(NULL)));
    ck_assert_uint_eq(calfpump_sim_trace_rows(NULL), 0);
    ck_assert_uint_eq(calfpump_sim_trace_cols(NULL), 0);
    ck_assert_ptr_null(calfpump_sim_trace_col_name(NULL, 0));
    ck_assert_int_eq(calfpump_sim_trace_col_index(NULL, "t", &j), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_trace_column(NULL, 0, buf, 4, &written), CALFPUMP_E_NULL);
    ck_assert_uint_eq(written, 0);
    ck_assert_int_eq(calfpump_sim_write_csv(NULL, "/tmp/x.csv"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_metric(NULL, "avp.rest", &v), CALFPUMP_E_NULL);
    ck_assert_uint_eq(calfpump_sim_metric_count(NULL), 0);
    ck_assert_ptr_null(calfpump_sim_metric_name(NULL, 0));

    /* NULL arguments of a running simulation. */
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, NULL, &j), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "t", NULL), CALFPUMP_E_NULL);
    written = 77;
    ck_assert_int_eq(calfpump_sim_trace_column(s, 0, NULL, 4, &written), CALFPUMP_E_NULL);
    ck_assert_uint_eq(written, 0);
    /* An empty request needs no buffer; written may be NULL. */
    ck_assert_int_eq(calfpump_sim_trace_column(s, 0, NULL, 0, &written), CALFPUMP_OK);
    ck_assert_uint_eq(written, 0);
    ck_assert_int_eq(calfpump_sim_trace_column(s, 0, buf, 4, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_write_csv(s, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_metric(s, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_metric(s, "return.total", NULL), CALFPUMP_E_NULL);

    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_free_null)
{
    calfpump_model_free(NULL);
    calfpump_protocol_free(NULL);
    calfpump_sim_free(NULL);
    ck_assert_ptr_nonnull(calfpump_model_errmsg(NULL));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Model parameters. */

START_TEST(test_set_rejects_bad_values)
{
    static const struct { const char *name; double bad[5]; } cases[] = {
        /* NaN, +inf, -inf, below the lower bound, above the upper bound */
        {"cvp", {NAN, INFINITY, -INFINITY, -10.5, 40.5}},
        {"comp.calf_sinuses.v0", {NAN, INFINITY, -INFINITY, -5.0, 1e9}},
        {"conn.iliac.r0", {NAN, INFINITY, -INFINITY, -1.0, 1e12}},
        {"valve.popliteal.competence", {NAN, INFINITY, -INFINITY, -0.1, 1.5}},
        {"comp.dorsal_foot.transmission", {NAN, INFINITY, -INFINITY, -1e-9, 1.0000001}},
    };
    calfpump_model *m = cfp_test_default_model();
    size_t n;
    double *snap = cfp_test_param_snapshot(m, &n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int k = 0; k < 5; k++) {
            int st = calfpump_model_set(m, cases[i].name, cases[i].bad[k]);
            ck_assert_msg(st == CALFPUMP_E_RANGE, "set %s = %g: status %d", cases[i].name,
                          cases[i].bad[k], st);
            ck_assert_has(calfpump_model_errmsg(m), cases[i].name);
        }
        /* The message gives the bounds. */
        ck_assert_has(calfpump_model_errmsg(m), "outside");
    }
    ck_assert_int_eq(calfpump_model_set(m, "cvp", 41), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_model_errmsg(m), "41");
    cfp_test_assert_params_equal(m, snap, n);
    /* A good value still goes in afterwards. */
    ck_assert_int_eq(calfpump_model_set(m, "cvp", 7.25), CALFPUMP_OK);
    ck_assert_double_eq(cfp_test_get_param(m, "cvp"), 7.25);
    free(snap);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_bounds_inclusive_every_param)
{
    /* For every parameter: both bounds are accepted, the nearest doubles
     * outside them are not. */
    calfpump_model *m = cfp_test_default_model();
    size_t n = calfpump_model_param_count(m);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i);
        double lo, hi, v0 = cfp_test_get_param(m, name);
        ck_assert_int_eq(calfpump_model_param_info(m, name, &lo, &hi, NULL), CALFPUMP_OK);
        ck_assert_msg(calfpump_model_set(m, name, lo) == CALFPUMP_OK, "%s = lower bound %g", name,
                      lo);
        ck_assert_msg(calfpump_model_set(m, name, hi) == CALFPUMP_OK, "%s = upper bound %g", name,
                      hi);
        ck_assert_msg(calfpump_model_set(m, name, nextafter(lo, -INFINITY)) == CALFPUMP_E_RANGE,
                      "%s just below %g accepted", name, lo);
        ck_assert_msg(calfpump_model_set(m, name, nextafter(hi, INFINITY)) == CALFPUMP_E_RANGE,
                      "%s just above %g accepted", name, hi);
        ck_assert_double_eq(cfp_test_get_param(m, name), hi);
        ck_assert_int_eq(calfpump_model_set(m, name, v0), CALFPUMP_OK);
    }
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_unknown_param_names)
{
    static const char *const names[] = {
        "", "comp.", "comp.nosuch.v0", "valve.bypass.competence", "comp.femoral.nosuch",
        "x.y.z", "nosuch", "comp..v0", "comp.femoral.", "comp.femoral", "comp.ra.v0",
        "conn.femoral.r0", "valve.nosuch.competence", "conn.iliac.competence",
        "valve.popliteal.r0", "comp.femoral.v0.x", "COMP.femoral.v0", "comp.femoral.V0",
        "cvp.x", ".cvp", "toolongkind.femoral.v0"};
    calfpump_model *m = cfp_test_default_model();
    size_t n;
    double *snap, v = 123.0, lo = 1, hi = 2;
    const char *unit = "x";
    /* a connection without a valve (every segment of the default leg has one) */
    ck_assert_int_eq(calfpump_model_add_connection(m, "bypass", "femoral", "ra", 0), CALFPUMP_OK);
    snap = cfp_test_param_snapshot(m, &n);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *name = names[i];
        int st = calfpump_model_set(m, name, 1.0);
        ck_assert_msg(st == CALFPUMP_E_NOTFOUND, "set '%s': status %d", name, st);
        ck_assert_has(calfpump_model_errmsg(m), "parameter");
        if (*name)
            ck_assert_has(calfpump_model_errmsg(m), name);
        ck_assert_int_eq(calfpump_model_get(m, name, &v), CALFPUMP_E_NOTFOUND);
        ck_assert_double_eq(v, 123.0);
        ck_assert_int_eq(calfpump_model_param_info(m, name, &lo, &hi, &unit), CALFPUMP_E_NOTFOUND);
    }
    ck_assert_double_eq(lo, 1);
    ck_assert_double_eq(hi, 2);
    ck_assert_str_eq(unit, "x");

    /* The messages say what is wrong. */
    ck_assert_int_eq(calfpump_model_set(m, "valve.bypass.competence", 0.5), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_model_errmsg(m), "bypass");
    ck_assert_has(calfpump_model_errmsg(m), "no valve");
    ck_assert_int_eq(calfpump_model_set(m, "comp.nosuch.v0", 5), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_model_errmsg(m), "'nosuch'");
    ck_assert_int_eq(calfpump_model_set(m, "comp.femoral.nosuch", 5), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_model_errmsg(m), "'nosuch'");

    /* Overlong kinds and element names are refused, not truncated. */
    {
        char longname[300];
        snprintf(longname, sizeof longname, "comp.%0200d.v0", 0);
        ck_assert_int_eq(calfpump_model_set(m, longname, 5), CALFPUMP_E_NOTFOUND);
        memset(longname, 'a', 250);
        longname[250] = '\0';
        ck_assert_int_eq(calfpump_model_set(m, longname, 5), CALFPUMP_E_NOTFOUND);
    }
    cfp_test_assert_params_equal(m, snap, n);
    free(snap);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_param_enumeration)
{
    calfpump_model *m = cfp_test_default_model();
    size_t n = calfpump_model_param_count(m);
    int seen_global = 0, seen_comp = 0, seen_conn = 0, seen_valve = 0;
    ck_assert_uint_gt(n, 100);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i), *unit = NULL;
        double v, lo = NAN, hi = NAN;
        ck_assert_ptr_nonnull(name);
        ck_assert_int_ne(name[0], '\0');
        ck_assert_msg(calfpump_model_get(m, name, &v) == CALFPUMP_OK, "get '%s': %s", name,
                      calfpump_model_errmsg(m));
        ck_assert_int_eq(calfpump_model_param_info(m, name, &lo, &hi, &unit), CALFPUMP_OK);
        ck_assert_ptr_nonnull(unit);
        ck_assert_int_ne(unit[0], '\0');
        ck_assert_msg(isfinite(lo) && isfinite(hi) && lo < hi, "'%s': bounds [%g, %g]", name, lo,
                      hi);
        ck_assert_msg(lo <= v && v <= hi, "'%s' = %g outside its bounds [%g, %g]", name, v, lo, hi);
        seen_global += strchr(name, '.') == NULL;
        seen_comp += strncmp(name, "comp.", 5) == 0;
        seen_conn += strncmp(name, "conn.", 5) == 0;
        seen_valve += strncmp(name, "valve.", 6) == 0;
        for (size_t k = 0; k < i; k++)
            ck_assert_str_ne(calfpump_model_param_name(m, k), name);
    }
    ck_assert_int_eq(seen_global + seen_comp + seen_conn + seen_valve, (int)n);
    ck_assert_int_gt(seen_global, 0);
    ck_assert_int_gt(seen_comp, 0);
    ck_assert_int_gt(seen_conn, 0);
    ck_assert_int_gt(seen_valve, 0);
    ck_assert_ptr_null(calfpump_model_param_name(m, n));
    ck_assert_ptr_null(calfpump_model_param_name(m, (size_t)-1));
    ck_assert_str_eq(calfpump_model_param_name(m, 0), calfpump_model_param_name(m, 0));

    /* Documented examples resolve. */
    ck_assert_double_eq(cfp_test_get_param(m, "valve.popliteal.competence"), 1.0);
    cfp_test_get_param(m, "comp.calf_sinuses.v0");
    cfp_test_get_param(m, "cvp");
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_param_names_follow_network)
{
    /* The name table is refreshed when the network grows. */
    calfpump_model *m = NULL;
    size_t n0, n1, n2;
    int found = 0;
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    n0 = calfpump_model_param_count(m);
    ck_assert_uint_gt(n0, 0); /* globals only */
    for (size_t i = 0; i < n0; i++)
        ck_assert_ptr_null(strchr(calfpump_model_param_name(m, i), '.'));
    ck_assert_int_eq(calfpump_model_add_compartment(m, "newvein", "calf", "deep"), CALFPUMP_OK);
    n1 = calfpump_model_param_count(m);
    ck_assert_uint_gt(n1, n0);
    for (size_t i = 0; i < n1; i++)
        found += strcmp(calfpump_model_param_name(m, i), "comp.newvein.v0") == 0;
    ck_assert_int_eq(found, 1);
    ck_assert_int_eq(calfpump_model_add_connection(m, "drain", "newvein", "ra", 1), CALFPUMP_OK);
    n2 = calfpump_model_param_count(m);
    ck_assert_uint_gt(n2, n1);
    found = 0;
    for (size_t i = 0; i < n2; i++) {
        const char *name = calfpump_model_param_name(m, i);
        found += strcmp(name, "conn.drain.r0") == 0;
        found += strcmp(name, "valve.drain.competence") == 0;
    }
    ck_assert_int_eq(found, 2);
    ck_assert_int_eq(calfpump_model_set(m, "valve.drain.competence", 0.25), CALFPUMP_OK);
    ck_assert_double_eq(cfp_test_get_param(m, "valve.drain.competence"), 0.25);
    calfpump_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Building networks. */

START_TEST(test_add_compartment_errors)
{
    calfpump_model *m = cfp_test_default_model();
    char name63[64], name64[65];
    size_t n = calfpump_model_compartment_count(m);
    static const char *const bad[] = {"", "1abc", "a-b", "a.b", "a b", "calf\n", "\xc3\xa9t"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(calfpump_model_add_compartment(m, bad[i], "calf", "deep"), CALFPUMP_E_INVAL);
        ck_assert_has(calfpump_model_errmsg(m), "not valid");
        if (*bad[i])
            ck_assert_has(calfpump_model_errmsg(m), bad[i]);
    }
    memset(name64, 'v', 64);
    name64[64] = '\0';
    ck_assert_int_eq(calfpump_model_add_compartment(m, name64, "calf", "deep"), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), name64);

    /* Duplicates, including the reserved right atrium. */
    ck_assert_int_eq(calfpump_model_add_compartment(m, "femoral", "thigh", "deep"), CALFPUMP_E_EXISTS);
    ck_assert_has(calfpump_model_errmsg(m), "femoral");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "ra", "other", "deep"), CALFPUMP_E_EXISTS);
    ck_assert_has(calfpump_model_errmsg(m), "ra");

    /* Unknown region and layer. */
    ck_assert_int_eq(calfpump_model_add_compartment(m, "shin_vein", "shin", "deep"), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), "shin");
    ck_assert_has(calfpump_model_errmsg(m), "region");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "mid_vein", "calf", "middle"), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), "middle");
    ck_assert_has(calfpump_model_errmsg(m), "layer");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "mid_vein", "Calf", "deep"), CALFPUMP_E_INVAL);

    ck_assert_uint_eq(calfpump_model_compartment_count(m), n);

    /* The longest valid name, and every region and layer. */
    memset(name63, 'v', 63);
    name63[63] = '\0';
    ck_assert_int_eq(calfpump_model_add_compartment(m, name63, "other", "intramuscular"), CALFPUMP_OK);
    ck_assert_str_eq(calfpump_model_compartment_name(m, n), name63);
    ck_assert_str_eq(calfpump_model_compartment_region(m, n), "other");
    ck_assert_str_eq(calfpump_model_compartment_layer(m, n), "intramuscular");
    ck_assert_int_eq(calfpump_model_add_compartment(m, "_k2", "knee", "superficial"), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), n + 2);
    ck_assert_ptr_null(calfpump_model_compartment_name(m, n + 2));
    ck_assert_ptr_null(calfpump_model_compartment_region(m, n + 2));
    ck_assert_ptr_null(calfpump_model_compartment_layer(m, n + 2));
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_add_connection_errors)
{
    calfpump_model *m = cfp_test_default_model();
    size_t n = calfpump_model_connection_count(m);

    ck_assert_int_eq(calfpump_model_add_connection(m, "bad-name", "femoral", "ra", 0), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), "bad-name");
    ck_assert_int_eq(calfpump_model_add_connection(m, "", "femoral", "ra", 0), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_model_add_connection(m, "iliac", "femoral", "ra", 0), CALFPUMP_E_EXISTS);
    ck_assert_has(calfpump_model_errmsg(m), "iliac");
    ck_assert_int_eq(calfpump_model_add_connection(m, "extra", "nowhere", "ra", 0), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_model_errmsg(m), "nowhere");
    ck_assert_int_eq(calfpump_model_add_connection(m, "extra", "femoral", "elsewhere", 1),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_model_errmsg(m), "elsewhere");
    ck_assert_int_eq(calfpump_model_add_connection(m, "extra", "femoral", "femoral", 1), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), "femoral");
    ck_assert_has(calfpump_model_errmsg(m), "itself");
    ck_assert_int_eq(calfpump_model_add_connection(m, "extra", "ra", "femoral", 0), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_model_errmsg(m), "'ra'");
    ck_assert_int_eq(calfpump_model_add_connection(m, "extra", "ra", "ra", 0), CALFPUMP_E_INVAL);
    ck_assert_uint_eq(calfpump_model_connection_count(m), n);

    /* Names are per kind: a connection may share a compartment's name
     * (the default leg has both a "popliteal" vein and valve). */
    ck_assert_int_eq(calfpump_model_add_connection(m, "gsv_calf", "gsv_calf", "popliteal", 1),
                     CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_model_connection_count(m), n + 1);
    ck_assert_str_eq(calfpump_model_connection_name(m, n), "gsv_calf");
    ck_assert_int_ne(calfpump_model_connection_has_valve(m, n), 0);
    ck_assert_ptr_null(calfpump_model_connection_name(m, n + 1));
    ck_assert_int_eq(calfpump_model_connection_has_valve(m, n + 1), 0);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_small_network_runs)
{
    calfpump_model *m = cfp_test_small_network();
    calfpump_protocol *p = NULL;
    calfpump_sim *s;
    size_t j, rows, cols, written;
    double *col;

    ck_assert_uint_eq(calfpump_model_compartment_count(m), 2);
    ck_assert_str_eq(calfpump_model_compartment_name(m, 0), "foot_vein");
    ck_assert_str_eq(calfpump_model_compartment_region(m, 0), "foot");
    ck_assert_str_eq(calfpump_model_compartment_layer(m, 1), "deep");
    ck_assert_uint_eq(calfpump_model_connection_count(m), 2);
    ck_assert_int_ne(calfpump_model_connection_has_valve(m, 0), 0);
    ck_assert_int_eq(calfpump_model_connection_has_valve(m, 1), 0);

    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 3, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 4, NULL), CALFPUMP_OK);
    s = new_sim(m, p);
    ck_assert_double_eq(calfpump_sim_end_time(s), 7.0);
    ck_assert_double_eq(calfpump_sim_time(s), 0.0);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), 0);

    /* In chunks; a target beyond the end is clamped. */
    ck_assert_int_eq(calfpump_sim_advance(s, 2.5), CALFPUMP_OK);
    ck_assert_double_eq_tol(calfpump_sim_time(s), 2.5, 1e-12);
    /* Already past: t_end is a time, not a duration (issue 12). */
    ck_assert_int_eq(calfpump_sim_advance(s, 1.0), CALFPUMP_E_RANGE);
    ck_assert_double_eq_tol(calfpump_sim_time(s), 2.5, 1e-12);
    ck_assert_int_eq(calfpump_sim_advance(s, 1e6), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_sim_time(s), 7.0);
    ck_assert_int_eq(calfpump_sim_advance(s, NAN), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_sim_errmsg(s), "NaN");

    rows = calfpump_sim_trace_rows(s);
    ck_assert_uint_eq(rows, 141); /* 7 s / 0.05 s + 1 */
    cols = calfpump_sim_trace_cols(s);
    /* t, 3 activations, V/P/Qin per compartment, Q per connection, zeta
     * per valve, V.total and the two cumulative flows. */
    ck_assert_uint_eq(cols, 1 + 3 + 3 * 2 + 2 + 1 + 3);
    ck_assert_str_eq(calfpump_sim_trace_col_name(s, 0), "t");
    ck_assert_ptr_null(calfpump_sim_trace_col_name(s, cols));
    {
        static const char *const expect[] = {"t", "V.foot_vein", "P.thigh_vein", "Qin.foot_vein",
                                             "Q.up", "Q.out", "zeta.up", "V.total",
                                             "inflow.cumulative", "outflow.cumulative"};
        for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
            ck_assert_msg(calfpump_sim_trace_col_index(s, expect[i], &j) == CALFPUMP_OK,
                          "no column '%s'", expect[i]);
            ck_assert_str_eq(calfpump_sim_trace_col_name(s, j), expect[i]);
        }
    }
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "zeta.out", &j), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_sim_errmsg(s), "zeta.out");

    col = malloc(rows * sizeof *col);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "t", &j), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, col, rows, &written), CALFPUMP_OK);
    ck_assert_uint_eq(written, rows);
    for (size_t r = 0; r < rows; r++)
        ck_assert_double_eq_tol(col[r], r * OUT_DT, 1e-9);
    /* A short buffer gets only its size. */
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, col, 10, &written), CALFPUMP_OK);
    ck_assert_uint_eq(written, 10);
    /* Volumes stay positive and finite. */
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "V.foot_vein", &j), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, col, rows, &written), CALFPUMP_OK);
    for (size_t r = 0; r < rows; r++)
        ck_assert(isfinite(col[r]) && col[r] > 0);
    free(col);

    /* Metric names follow the network: reflux for the valve only. */
    {
        double v;
        size_t nm = calfpump_sim_metric_count(s);
        int has_up = 0;
        ck_assert_uint_gt(nm, 0);
        for (size_t i = 0; i < nm; i++) {
            const char *name = calfpump_sim_metric_name(s, i);
            ck_assert_ptr_nonnull(name);
            has_up += strcmp(name, "reflux.up.volume") == 0;
            ck_assert_ptr_null(strstr(name, "reflux.out."));
        }
        ck_assert_int_eq(has_up, 1);
        ck_assert_ptr_null(calfpump_sim_metric_name(s, nm));
        v = cfp_test_metric(s, "reflux.up.volume");
        ck_assert(isfinite(v) && v >= 0);
        v = cfp_test_metric(s, "conservation.error");
        ck_assert_double_lt(v, 1e-6);
        ck_assert_int_eq(calfpump_sim_metric(s, "reflux.out.volume", &v), CALFPUMP_E_NOTFOUND);
        ck_assert_has(calfpump_sim_errmsg(s), "reflux.out.volume");
    }
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_disconnected_compartment)
{
    calfpump_model *m = cfp_test_small_network();
    calfpump_protocol *p = cfp_test_stand_still(1.0);
    calfpump_sim *s = SENTINEL;
    ck_assert_int_eq(calfpump_model_add_compartment(m, "lonely_vein", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_MODEL);
    ck_assert_ptr_null(s);
    ck_assert_has(calfpump_model_errmsg(m), "lonely_vein");

    /* Two compartments joined to each other but not to the rest. */
    ck_assert_int_eq(calfpump_model_add_compartment(m, "island_b", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "bridge", "lonely_vein", "island_b", 0),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_MODEL);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(calfpump_model_errmsg(m), "lonely_vein") ||
                      strstr(calfpump_model_errmsg(m), "island_b"),
                  "message \"%s\" names neither island compartment", calfpump_model_errmsg(m));

    /* Joining the island to the network makes it valid. */
    ck_assert_int_eq(calfpump_model_add_connection(m, "join", "island_b", "thigh_vein", 1),
                     CALFPUMP_OK);
    s = new_sim(m, p);
    cfp_test_run_ok(s);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_network_without_outflow)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = cfp_test_stand_still(1.0);
    calfpump_sim *s = SENTINEL;

    /* Empty network. */
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 0);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_MODEL);
    ck_assert_ptr_null(s);
    ck_assert_has(calfpump_model_errmsg(m), "compartment");

    /* Compartments and a connection, but nothing drains to "ra". */
    ck_assert_int_eq(calfpump_model_add_compartment(m, "a", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "b", "thigh", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "ab", "a", "b", 1), CALFPUMP_OK);
    s = SENTINEL;
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_MODEL);
    ck_assert_ptr_null(s);
    ck_assert_has(calfpump_model_errmsg(m), "'ra'");
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(test_empty_protocol_rejected)
{
    calfpump_model *m = cfp_test_small_network();
    calfpump_protocol *p = NULL;
    calfpump_sim *s = SENTINEL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_protocol_segment_count(p), 0);
    ck_assert_double_eq(calfpump_protocol_duration(p), 0.0);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_E_INVAL);
    ck_assert_ptr_null(s);
    ck_assert_has(calfpump_protocol_errmsg(p), "no segments");
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ */

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc;

    tc = tcase_create("status");
    tcase_add_test(tc, test_strerror_every_code);
    tcase_add_test(tc, test_strerror_unknown);
    tcase_add_test(tc, test_version);
    suite_add_tcase(s, tc);

    tc = tcase_create("null");
    tcase_add_test(tc, test_null_constructors);
    tcase_add_test(tc, test_null_model_functions);
    tcase_add_test(tc, test_null_protocol_functions);
    tcase_add_test(tc, test_null_sim_functions);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("params");
    tcase_add_test(tc, test_set_rejects_bad_values);
    tcase_add_test(tc, test_bounds_inclusive_every_param);
    tcase_add_test(tc, test_unknown_param_names);
    tcase_add_test(tc, test_param_enumeration);
    tcase_add_test(tc, test_param_names_follow_network);
    suite_add_tcase(s, tc);

    tc = tcase_create("network");
    tcase_add_test(tc, test_add_compartment_errors);
    tcase_add_test(tc, test_add_connection_errors);
    tcase_add_test(tc, test_small_network_runs);
    tcase_add_test(tc, test_disconnected_compartment);
    tcase_add_test(tc, test_network_without_outflow);
    tcase_add_test(tc, test_empty_protocol_rejected);
    suite_add_tcase(s, tc);

    return s;
}
