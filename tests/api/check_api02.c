/* The 0.2 API, black box: introspection, constructors with error buffers,
 * run settings carried by a protocol, and the clinical summary as data.
 * Public headers only, linked with the shared library. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "calfpump.h"
#include "calfpump/sys/integrator.h"
#include "testutil.h"

/* ---------------------------------------------------------------- */
/* Introspection */

START_TEST(activities_listed_with_rules)
{
    size_t n = calfpump_activity_count();
    int seen_walk = 0, seen_custom = 0;
    ck_assert_uint_ge(n, 12);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_activity_name(i);
        ck_assert_ptr_nonnull(name);
        ck_assert_ptr_nonnull(calfpump_activity_description(i));
        ck_assert_ptr_nonnull(calfpump_activity_postures(i));
        ck_assert_int_gt((int)strlen(calfpump_activity_description(i)), 5);
        seen_walk += strcmp(name, "walk") == 0;
        seen_custom += strcmp(name, "custom") == 0;
        /* Every listed activity is accepted in (one of) its postures. */
        {
            calfpump_protocol *p = NULL;
            const char *rule = calfpump_activity_postures(i);
            const char *posture = strstr(rule, "standing") ? "standing"
                                  : strstr(rule, "sitting") ? "sitting"
                                  : strstr(rule, "supine")  ? "supine" : "standing";
            ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
            ck_assert_msg(calfpump_protocol_add_segment(p, posture, name, 1.0, NULL) == CALFPUMP_OK,
                          "%s %s: %s", posture, name, calfpump_protocol_errmsg(p));
            calfpump_protocol_free(p);
        }
    }
    ck_assert_int_eq(seen_walk, 1);
    ck_assert_int_eq(seen_custom, 1);
    ck_assert_ptr_null(calfpump_activity_name(n));
    ck_assert_ptr_null(calfpump_activity_description(n));
    ck_assert_ptr_null(calfpump_activity_postures(n));
}
END_TEST

/* The index of activity name, or fail. */
static size_t activity_index(const char *name)
{
    for (size_t i = 0; i < calfpump_activity_count(); i++)
        if (strcmp(calfpump_activity_name(i), name) == 0)
            return i;
    ck_abort_msg("no activity '%s'", name);
    return 0;
}

START_TEST(activity_params_and_postures)
{
    size_t walk = activity_index("walk"), cycle = activity_index("cycle");
    size_t pump = activity_index("ankle_pump"), still = activity_index("still");
    ck_assert_int_eq(calfpump_activity_uses_param(walk, "speed"), 1);
    ck_assert_int_eq(calfpump_activity_uses_param(walk, "rpm"), 0);
    ck_assert_int_eq(calfpump_activity_uses_param(cycle, "rpm"), 1);
    ck_assert_int_eq(calfpump_activity_uses_param(walk, "velocity"), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_activity_uses_param(walk, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_activity_uses_param(calfpump_activity_count(), "speed"),
                     CALFPUMP_E_RANGE);
    ck_assert_str_eq(calfpump_activity_postures(walk), "standing");
    ck_assert_str_eq(calfpump_activity_postures(cycle), "sitting");
    ck_assert_str_eq(calfpump_activity_postures(pump), "supine or sitting");
    ck_assert_str_eq(calfpump_activity_postures(still), "any posture");
}
END_TEST

START_TEST(postures_listed)
{
    static const char *const expect[] = {"supine", "sitting", "standing", "tilt", "leg_raised"};
    ck_assert_uint_eq(calfpump_posture_count(), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(calfpump_posture_name(i), expect[i]);
        ck_assert_ptr_nonnull(calfpump_posture_description(i));
    }
    ck_assert_ptr_null(calfpump_posture_name(5));
    ck_assert_ptr_null(calfpump_posture_description(5));
}
END_TEST

START_TEST(segment_params_described)
{
    size_t n = calfpump_protocol_param_count();
    calfpump_protocol *p = NULL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 10, NULL), CALFPUMP_OK);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_param_name(i), *unit = NULL, *desc = NULL;
        double lo, hi, def, v;
        ck_assert_int_eq(calfpump_protocol_param_info(name, &lo, &hi, &def, &unit, &desc),
                         CALFPUMP_OK);
        ck_assert(lo <= def && def <= hi);
        ck_assert_ptr_nonnull(unit);
        ck_assert_int_gt((int)strlen(desc), 3);
        /* The default is what a new segment holds. */
        ck_assert_int_eq(calfpump_protocol_get(p, 0, name, &v), CALFPUMP_OK);
        ck_assert_double_eq(v, def);
    }
    {
        const char *unit;
        ck_assert_int_eq(calfpump_protocol_param_info("speed", NULL, NULL, NULL, &unit, NULL),
                         CALFPUMP_OK);
        ck_assert_str_eq(unit, "km/h");
    }
    ck_assert_int_eq(calfpump_protocol_param_info("velocity", NULL, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_protocol_param_info(NULL, NULL, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NULL);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(segments_described)
{
    calfpump_protocol *p = NULL;
    char buf[256];
    size_t k;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 10, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "speed", 4), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "stocking", 2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, k, buf, sizeof buf), CALFPUMP_OK);
    ck_assert_str_eq(buf, "4 km/h, stocking class 2");
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "tiptoe", 10, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "count", 10), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, k, buf, sizeof buf), CALFPUMP_OK);
    ck_assert_str_eq(buf, "10 raises at 1/s");
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "supine", "still", 10, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, k, buf, sizeof buf), CALFPUMP_OK);
    ck_assert_str_eq(buf, "");
    /* Truncated to fit, always terminated. */
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, 0, buf, 5), CALFPUMP_OK);
    ck_assert_str_eq(buf, "4 km");
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, 9, buf, sizeof buf), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_segment_describe(NULL, 0, buf, sizeof buf), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_segment_describe(p, 0, NULL, 8), CALFPUMP_E_NULL);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(run_options_described)
{
    size_t n = calfpump_run_option_count();
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    ck_assert_uint_eq(n, 8);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_run_option_name(i), *unit, *desc;
        double lo, hi, def, v;
        ck_assert_int_eq(calfpump_run_option_info(name, &lo, &hi, &def, &unit, &desc), CALFPUMP_OK);
        ck_assert(lo <= def && def <= hi);
        /* The default is what a new simulation uses. */
        ck_assert_int_eq(calfpump_sim_get_option(s, name, &v), CALFPUMP_OK);
        ck_assert_double_eq(v, def);
        /* The bounds are the simulation's. */
        ck_assert_int_eq(calfpump_sim_set_option(s, name, hi), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_sim_set_option(s, name, hi * 1.5 + 1), CALFPUMP_E_RANGE);
        ck_assert_int_eq(calfpump_sim_set_option(s, name, def), CALFPUMP_OK);
    }
    ck_assert_ptr_null(calfpump_run_option_name(n));
    ck_assert_int_eq(calfpump_run_option_info("speed", NULL, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_run_option_info(NULL, NULL, NULL, NULL, NULL, NULL), CALFPUMP_E_NULL);
    calfpump_sim_free(s);
}
END_TEST

START_TEST(metrics_described)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    size_t n = calfpump_sim_metric_count(s);
    const char *unit, *desc;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        ck_assert_msg(calfpump_metric_info(name, &unit, &desc) == CALFPUMP_OK, "%s", name);
        ck_assert_int_gt((int)strlen(desc), 5);
    }
    ck_assert_int_eq(calfpump_metric_info("avp.fall", &unit, NULL), CALFPUMP_OK);
    ck_assert_str_eq(unit, "mmHg");
    ck_assert_int_eq(calfpump_metric_info("reflux.any_valve.duration", &unit, NULL), CALFPUMP_OK);
    ck_assert_str_eq(unit, "s");
    ck_assert_int_eq(calfpump_metric_info("reflux..duration", NULL, NULL), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_metric_info("avp.nothing", NULL, NULL), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_metric_info(NULL, NULL, NULL), CALFPUMP_E_NULL);
    calfpump_sim_free(s);
}
END_TEST

START_TEST(key_measures_listed)
{
    size_t n = calfpump_metric_key_count();
    const char *name, *label;
    int dec;
    ck_assert_uint_ge(n, 13);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(calfpump_metric_key(i, &name, &label, &dec), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_metric_info(name, NULL, NULL), CALFPUMP_OK);
        ck_assert_int_gt((int)strlen(label), 2);
        ck_assert(dec >= 0 && dec <= 3);
    }
    ck_assert_int_eq(calfpump_metric_key(0, &name, NULL, NULL), CALFPUMP_OK);
    ck_assert_str_eq(name, "avp.rest");
    ck_assert_int_eq(calfpump_metric_key(n, &name, &label, &dec), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_metric_key(0, NULL, NULL, NULL), CALFPUMP_OK);
}
END_TEST

START_TEST(flagged_valves_named)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", "gsv-reflux");
    char buf[256];
    size_t count = 99;
    ck_assert_int_eq(calfpump_sim_flagged_valves(s, buf, sizeof buf, &count), CALFPUMP_E_STATE);
    ck_assert_uint_eq(count, 0);
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_flagged_valves(s, buf, sizeof buf, &count), CALFPUMP_OK);
    /* the reflux runs down the GSV: its knee and junction valves among the
     * flagged, in network order, comma-separated */
    ck_assert_ptr_nonnull(strstr(buf, "gsv_knee, saphenofemoral"));
    ck_assert_uint_ge(count, 2);
    ck_assert_double_eq(cfp_test_metric(s, "reflux.flagged"), (double)count);
    ck_assert_double_eq(cfp_test_metric(s, "reflux.saphenofemoral.flag"), 1.0);
    ck_assert_double_eq(cfp_test_metric(s, "sinus.residence"),
                        cfp_test_metric(s, "stasis.calf_sinuses.residence"));
    ck_assert_int_eq(calfpump_sim_flagged_valves(s, buf, 4, NULL), CALFPUMP_OK);
    ck_assert_uint_eq(strlen(buf), 3); /* cut to the buffer, terminated */
    ck_assert_int_eq(calfpump_sim_flagged_valves(s, NULL, 4, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_flagged_valves(NULL, buf, 4, NULL), CALFPUMP_E_NULL);
    calfpump_sim_free(s);
    s = cfp_test_leg_sim("avp", NULL);
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_flagged_valves(s, buf, sizeof buf, &count), CALFPUMP_OK);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(count, 0);
    calfpump_sim_free(s);
}
END_TEST

START_TEST(trace_units)
{
    calfpump_sim *s = cfp_test_leg_sim("tilt", NULL);
    size_t j, cols = calfpump_sim_trace_cols(s);
    ck_assert_ptr_null(calfpump_sim_trace_col_unit(s, 0)); /* no columns before the run */
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "P.dorsal_foot", &j), CALFPUMP_OK);
    ck_assert_str_eq(calfpump_sim_trace_col_unit(s, j), "mmHg");
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "V.calf_sinuses", &j), CALFPUMP_OK);
    ck_assert_str_eq(calfpump_sim_trace_col_unit(s, j), "mL");
    ck_assert_str_eq(calfpump_sim_trace_col_unit(s, 0), "s");
    for (j = 0; j < cols; j++)
        ck_assert_ptr_nonnull(calfpump_sim_trace_col_unit(s, j));
    ck_assert_ptr_null(calfpump_sim_trace_col_unit(s, cols));
    ck_assert_ptr_null(calfpump_sim_trace_col_unit(NULL, 0));
    calfpump_sim_free(s);
}
END_TEST

START_TEST(data_dir_named)
{
    const char *dir = calfpump_data_dir(), *path = calfpump_default_model_path();
    ck_assert_ptr_nonnull(dir);
    ck_assert_ptr_nonnull(path);
    ck_assert_int_gt((int)strlen(dir), 0);
    ck_assert_int_eq(strncmp(path, dir, strlen(dir)), 0);
    ck_assert_str_eq(path + strlen(dir), "/default-leg.cfp");
}
END_TEST

/* ---------------------------------------------------------------- */
/* Constructors that say why they failed */

START_TEST(sim_create_reports)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = cfp_test_named_protocol("avp"), *empty = NULL;
    calfpump_sim *s = (calfpump_sim *)&m;
    char err[256] = "x";
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "a", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_E_MODEL);
    ck_assert_ptr_null(s);
    ck_assert_has(err, "right atrium");
    ck_assert_int_eq(calfpump_model_add_connection(m, "out", "a", "ra", 1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new(&empty), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_create(&s, m, empty, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_has(err, "no segments");
    ck_assert_int_eq(calfpump_sim_create(&s, m, NULL, err, sizeof err), CALFPUMP_E_NULL);
    ck_assert_int_gt((int)strlen(err), 0);
    /* Success clears the buffer; a NULL buffer is fine. */
    ck_assert_int_eq(calfpump_sim_create(&s, m, p, err, sizeof err), CALFPUMP_OK);
    ck_assert_str_eq(err, "");
    calfpump_sim_free(s);
    ck_assert_int_eq(calfpump_sim_create(&s, m, empty, NULL, 0), CALFPUMP_E_INVAL);
    /* A short buffer gets a truncated, terminated message. */
    ck_assert_int_eq(calfpump_sim_create(&s, m, empty, err, 4), CALFPUMP_E_INVAL);
    ck_assert_uint_eq(strlen(err), 3);
    calfpump_protocol_free(empty);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

START_TEST(named_protocol_reports)
{
    calfpump_protocol *p = (calfpump_protocol *)&p;
    char err[256];
    ck_assert_int_eq(calfpump_protocol_create_named(&p, "marathon", err, sizeof err),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_ptr_null(p);
    ck_assert_has(err, "marathon");
    for (size_t i = 0; i < calfpump_protocol_named_count(); i++)
        ck_assert_has(err, calfpump_protocol_named_name(i));
    ck_assert_int_eq(calfpump_protocol_create_named(&p, "apg", err, sizeof err), CALFPUMP_OK);
    ck_assert_str_eq(err, "");
    ck_assert_uint_eq(calfpump_protocol_segment_count(p), 6);
    calfpump_protocol_free(p);
    ck_assert_int_eq(calfpump_protocol_create_named(NULL, "apg", err, sizeof err), CALFPUMP_E_NULL);
}
END_TEST

START_TEST(model_write_reports)
{
    calfpump_model *m = cfp_test_default_model();
    char err[512];
    ck_assert_int_eq(calfpump_model_write(m, NULL, "/nonexistent/dir/x.cfp", err, sizeof err),
                     CALFPUMP_E_IO);
    ck_assert_has(err, "/nonexistent/dir/x.cfp");
    ck_assert_int_eq(calfpump_model_write(m, NULL, NULL, err, sizeof err), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_write(NULL, NULL, "x.cfp", err, sizeof err), CALFPUMP_E_NULL);
    calfpump_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Run settings carried by a protocol */

START_TEST(run_settings_set_saved_applied)
{
    calfpump_model *m = cfp_test_default_model(), *m2 = NULL;
    calfpump_protocol *p = cfp_test_named_protocol("avp"), *p2 = NULL;
    calfpump_sim *s;
    char path[] = "/tmp/cfp-runset-XXXXXX", err[512];
    double v;
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "rtol", 1e-8), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "output_interval", 0.05), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "h_max", 0.05), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_unset_run_option(p, "h_max"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "h_max", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_protocol_set_run_integrator(p, "rodas"), CALFPUMP_OK);
    /* Bad settings are refused with a message. */
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "rtol", 5.0), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_protocol_errmsg(p), "rtol");
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "rtol", NAN), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, "speed", 1), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_protocol_errmsg(p), "speed");
    ck_assert_int_eq(calfpump_protocol_set_run_option(p, NULL, 1), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_unset_run_option(p, "speed"), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_protocol_set_run_integrator(p, "bad name!"), CALFPUMP_E_INVAL);
    ck_assert_str_eq(calfpump_protocol_run_integrator(p), "rodas");
    /* They survive a model file. */
    ck_assert_int_eq(calfpump_model_write(m, p, path, err, sizeof err), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_load(&m2, &p2, path, err, sizeof err), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_run_option(p2, "rtol", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 1e-8);
    ck_assert_str_eq(calfpump_protocol_run_integrator(p2), "rodas");
    /* And a simulation applies them. */
    s = cfp_test_new_sim(m2, p2);
    ck_assert_int_eq(calfpump_sim_apply_run_settings(s), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_get_option(s, "rtol", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 1e-8);
    ck_assert_int_eq(calfpump_sim_get_option(s, "output_interval", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 0.05);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), 210 / 0.05 + 1);
    ck_assert_double_gt(cfp_test_metric(s, "solver.jac_evals"), 0); /* rodas ran */
    calfpump_sim_free(s);
    /* A plug-in's integrator: options applied, then NOTFOUND with a message. */
    ck_assert_int_eq(calfpump_protocol_set_run_integrator(p2, "cvode"), CALFPUMP_OK);
    s = cfp_test_new_sim(m2, p2);
    ck_assert_int_eq(calfpump_sim_apply_run_settings(s), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_sim_errmsg(s), "cvode");
    ck_assert_int_eq(calfpump_sim_get_option(s, "rtol", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 1e-8);
    ck_assert_int_eq(calfpump_sim_apply_run_settings(NULL), CALFPUMP_E_NULL);
    calfpump_sim_free(s);
    unlink(path);
    calfpump_protocol_free(p);
    calfpump_protocol_free(p2);
    calfpump_model_free(m);
    calfpump_model_free(m2);
}
END_TEST

/* ---------------------------------------------------------------- */
/* The clinical summary */

/* Row i's fields, asserting the call succeeds. */
typedef struct {
    const char *section, *label, *text, *unit, *note;
    double value;
} srow;

static srow row(const calfpump_sim *s, size_t i)
{
    srow r;
    ck_assert_int_eq(calfpump_sim_summary_row(s, i, &r.section, &r.label, &r.value, &r.text,
                                              &r.unit, &r.note), CALFPUMP_OK);
    return r;
}

/* The first row with this label, or fail. */
static srow find_row(const calfpump_sim *s, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++) {
        srow r = row(s, i);
        if (strcmp(r.label, label) == 0)
            return r;
    }
    ck_abort_msg("no summary row '%s'", label);
    return row(s, 0);
}

START_TEST(summary_rows_are_the_metrics)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", "gsv-reflux");
    size_t n = 0;
    srow r;
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_summary(s, &n), CALFPUMP_OK);
    ck_assert_uint_gt(n, 10);
    r = find_row(s, n, "fall");
    ck_assert_has(r.section, "Ambulatory venous pressure");
    ck_assert_has(r.section, "dorsal_foot");
    ck_assert_double_eq(r.value, cfp_test_metric(s, "avp.fall"));
    ck_assert_str_eq(r.unit, "mmHg");
    {
        char want[32];
        snprintf(want, sizeof want, "%.1f", r.value);
        ck_assert_str_eq(r.text, want);
    }
    r = find_row(s, n, "RT90 (90 % refilling time)");
    ck_assert_double_eq(r.value, cfp_test_metric(s, "avp.rt90"));
    ck_assert_double_lt(r.value, 20.0);
    /* The interpretation follows as a note row. */
    {
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            srow q = row(s, i);
            if (q.label[0] == '\0' && strstr(q.note, "suggests venous reflux"))
                found = 1, ck_assert(isnan(q.value));
        }
        ck_assert_int_eq(found, 1);
    }
    /* The refluxing valve is named with its duration. */
    r = find_row(s, n, "saphenofemoral");
    ck_assert_double_eq(r.value, cfp_test_metric(s, "reflux.saphenofemoral.duration"));
    ck_assert_has(r.note, "cut-off");
    /* Solver rows. */
    r = find_row(s, n, "integrator");
    ck_assert_has(r.text, calfpump_integrator_default());
    r = find_row(s, n, "steps");
    ck_assert_double_eq(r.value, cfp_test_metric(s, "solver.steps"));
    ck_assert_int_eq(calfpump_sim_summary_row(s, n, NULL, NULL, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sim_summary_row(NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL),
                     CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_summary(NULL, &n), CALFPUMP_E_NULL);
    calfpump_sim_free(s);
}
END_TEST

START_TEST(summary_apg_limits_and_missing)
{
    calfpump_sim *s = cfp_test_leg_sim("apg", NULL);
    size_t n = 0;
    srow r;
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_summary(s, &n), CALFPUMP_OK);
    r = find_row(s, n, "VFI  venous filling index");
    ck_assert_has(r.section, "Air plethysmography");
    ck_assert_double_eq(r.value, cfp_test_metric(s, "apg.vfi"));
    ck_assert_has(r.note, "[normal < 2 mL/s]");
    calfpump_sim_free(s);

    /* Before the run: a note, then the solver section; nothing fails. */
    s = cfp_test_leg_sim("avp", NULL);
    ck_assert_int_eq(calfpump_sim_summary(s, &n), CALFPUMP_OK);
    ck_assert_uint_gt(n, 0);
    r = row(s, 0);
    ck_assert_str_eq(r.label, "");
    ck_assert_has(r.note, "too few");
    calfpump_sim_free(s);
}
END_TEST

START_TEST(summary_keeps_the_last_message)
{
    calfpump_sim *s = cfp_test_leg_sim("tilt", NULL);
    double v;
    size_t n;
    cfp_test_run_ok(s);
    ck_assert_int_eq(calfpump_sim_metric(s, "avp.nothing", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_sim_summary(s, &n), CALFPUMP_OK);
    ck_assert_has(calfpump_sim_errmsg(s), "avp.nothing");
    calfpump_sim_free(s);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Names at their longest */

START_TEST(longest_names_listed_whole)
{
    char name[64], metric[160];
    calfpump_model *m = NULL;
    calfpump_protocol *p = cfp_test_named_protocol("tilt");
    calfpump_sim *s;
    double v;
    memset(name, 'c', 63);
    name[63] = '\0';
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, name, "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, name, name, "ra", 1), CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    cfp_test_run_ok(s);
    snprintf(metric, sizeof metric, "stasis.%s.residence", name);
    for (size_t i = 0; i < calfpump_sim_metric_count(s); i++)
        if (strncmp(calfpump_sim_metric_name(s, i), "stasis.", 7) == 0 &&
            strstr(calfpump_sim_metric_name(s, i), ".residence"))
            ck_assert_str_eq(calfpump_sim_metric_name(s, i), metric);
    ck_assert_int_eq(calfpump_sim_metric(s, metric, &v), CALFPUMP_OK);
    snprintf(metric, sizeof metric, "reflux.%s.episodes", name);
    ck_assert_int_eq(calfpump_sim_metric(s, metric, &v), CALFPUMP_OK);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* Parameter names need no cache: listing them on a const model writes
 * nothing, before and after the network grows. */
START_TEST(param_names_follow_the_network)
{
    calfpump_model *m = NULL;
    const calfpump_model *cm;
    size_t n0, n1;
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    cm = m;
    n0 = calfpump_model_param_count(cm);
    ck_assert_ptr_nonnull(calfpump_model_param_name(cm, n0 - 1));
    ck_assert_ptr_null(calfpump_model_param_name(cm, n0));
    ck_assert_int_eq(calfpump_model_add_compartment(m, "b", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "e", "b", "ra", 1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "a", "foot", "superficial"), CALFPUMP_OK);
    n1 = calfpump_model_param_count(cm);
    ck_assert_uint_gt(n1, n0);
    /* Globals, then compartments in order, then connections. */
    ck_assert_str_eq(calfpump_model_param_name(cm, n0), "comp.b.v0");
    ck_assert_str_eq(calfpump_model_param_name(cm, n1 - 1), "valve.e.cutoff");
    for (size_t i = 0; i < n1; i++) {
        double v;
        ck_assert_int_eq(calfpump_model_get(cm, calfpump_model_param_name(cm, i), &v), CALFPUMP_OK);
    }
    calfpump_model_free(m);
}
END_TEST

/* The default integrator is listed, a new simulation runs it, and the
 * getter follows calfpump_sim_set_integrator() and _ops(). */
START_TEST(integrator_names_reported)
{
    const char *def = calfpump_integrator_default();
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    int listed = 0;
    ck_assert_ptr_nonnull(def);
    ck_assert_str_eq(def, "auto");
    for (size_t i = 0; i < calfpump_integrator_count(); i++)
        listed += strcmp(calfpump_integrator_name(i), def) == 0;
    ck_assert_int_eq(listed, 1);
    ck_assert_ptr_nonnull(calfpump_integrator_builtin(def));
    ck_assert_str_eq(calfpump_sim_integrator(s), def);
    ck_assert_int_eq(calfpump_sim_set_integrator(s, "rodas"), CALFPUMP_OK);
    ck_assert_str_eq(calfpump_sim_integrator(s), "rodas");
    /* a failed choice keeps the integrator */
    ck_assert_int_eq(calfpump_sim_set_integrator(s, "no-such"), CALFPUMP_E_NOTFOUND);
    ck_assert_str_eq(calfpump_sim_integrator(s), "rodas");
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, calfpump_integrator_builtin("rk4")),
                     CALFPUMP_OK);
    ck_assert_str_eq(calfpump_sim_integrator(s), "rk4");
    ck_assert_ptr_null(calfpump_sim_integrator(NULL));
    calfpump_sim_free(s);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("api 0.2");
    TCase *intro = tcase_create("introspection"), *err = tcase_create("errors");
    TCase *run = tcase_create("run settings"), *sum = tcase_create("summary");
    TCase *names = tcase_create("names");
    tcase_add_test(intro, activities_listed_with_rules);
    tcase_add_test(intro, activity_params_and_postures);
    tcase_add_test(intro, postures_listed);
    tcase_add_test(intro, segment_params_described);
    tcase_add_test(intro, segments_described);
    tcase_add_test(intro, run_options_described);
    tcase_add_test(intro, metrics_described);
    tcase_add_test(intro, key_measures_listed);
    tcase_add_test(sum, flagged_valves_named);
    tcase_add_test(intro, trace_units);
    tcase_add_test(intro, data_dir_named);
    tcase_add_test(intro, integrator_names_reported);
    tcase_add_test(err, sim_create_reports);
    tcase_add_test(err, named_protocol_reports);
    tcase_add_test(err, model_write_reports);
    tcase_add_test(run, run_settings_set_saved_applied);
    tcase_add_test(sum, summary_rows_are_the_metrics);
    tcase_add_test(sum, summary_apg_limits_and_missing);
    tcase_add_test(sum, summary_keeps_the_last_message);
    tcase_add_test(names, longest_names_listed_whole);
    tcase_add_test(names, param_names_follow_the_network);
    suite_add_tcase(s, intro);
    suite_add_tcase(s, err);
    suite_add_tcase(s, run);
    suite_add_tcase(s, sum);
    suite_add_tcase(s, names);
    return s;
}
