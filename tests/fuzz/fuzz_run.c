/* fuzz_run.c -- fuzz target: load a model file and run it.
 *
 * A text that loads is run through its protocol (or 1 s standing still)
 * with its [run] settings, bounded so that an input takes milliseconds:
 * at most CFP_FUZZ_MAX_T s of protocol and CFP_FUZZ_MAX_COMP compartments
 * (larger inputs are skipped), at most CFP_FUZZ_MAX_STEPS steps and an
 * output interval of at least CFP_FUZZ_MIN_DT s.  Whatever happens, the
 * status is known and failures have a message; a run that succeeds
 * reaches the end with a finite trace, and every metric (never NaN) and
 * summary row can be read. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define CFP_FUZZ_MAX_T 3.0
#define CFP_FUZZ_MAX_COMP 12
#define CFP_FUZZ_MAX_STEPS 4000.0
#define CFP_FUZZ_MIN_DT 0.01

/* Lower option name to at most hi (or raise it to at least lo). */
static void bound_option(calfpump_sim *s, const char *name, double lo, double hi)
{
    double v = 0;
    CFP_FUZZ_CHECK(calfpump_sim_get_option(s, name, &v) == CALFPUMP_OK, name);
    if (v < lo || v > hi)
        CFP_FUZZ_CHECK(calfpump_sim_set_option(s, name, v < lo ? lo : hi) == CALFPUMP_OK,
                       calfpump_sim_errmsg(s));
}

/* The protocol's run settings, then the bounds. */
static void settings(calfpump_sim *s)
{
    int st = calfpump_sim_apply_run_settings(s);
    /* NOTFOUND: a plug-in's integrator; RANGE: a value the loader let
     * through but the simulation refuses. */
    CFP_FUZZ_CHECK(st == CALFPUMP_OK || st == CALFPUMP_E_NOTFOUND || st == CALFPUMP_E_RANGE,
                   calfpump_sim_errmsg(s));
    CFP_FUZZ_CHECK(st == CALFPUMP_OK || calfpump_sim_errmsg(s)[0], "a message");
    bound_option(s, "max_steps", 1, CFP_FUZZ_MAX_STEPS);
    bound_option(s, "output_interval", CFP_FUZZ_MIN_DT, 1e5);
}

static void check_trace(const calfpump_sim *s)
{
    size_t rows = calfpump_sim_trace_rows(s), n = 0;
    double *col = malloc((rows ? rows : 1) * sizeof *col);
    if (!col)
        return;
    for (size_t j = 0; j < calfpump_sim_trace_cols(s); j++) {
        CFP_FUZZ_CHECK(calfpump_sim_trace_col_name(s, j) != NULL, "a column name");
        CFP_FUZZ_CHECK(calfpump_sim_trace_column(s, j, col, rows, &n) == CALFPUMP_OK, "a column");
        CFP_FUZZ_CHECK(n == rows, "every row");
        for (size_t i = 0; i < n; i++)
            CFP_FUZZ_CHECK(isfinite(col[i]), calfpump_sim_trace_col_name(s, j));
    }
    free(col);
}

/* Every metric, the summary and the segment descriptions. */
static void check_results(calfpump_sim *s, const calfpump_protocol *p)
{
    size_t nrows = 0;
    char buf[256];
    for (size_t i = 0; i < calfpump_sim_metric_count(s); i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        double v = 0;
        int st = calfpump_sim_metric(s, name, &v);
        CFP_FUZZ_CHECK(st == CALFPUMP_OK || st == CALFPUMP_E_STATE, calfpump_sim_errmsg(s));
        /* Not NaN; a residence time without net outflow is +infinity. */
        CFP_FUZZ_CHECK(st != CALFPUMP_OK || !isnan(v), name);
        CFP_FUZZ_CHECK(st == CALFPUMP_OK || calfpump_sim_errmsg(s)[0], name);
    }
    CFP_FUZZ_CHECK(calfpump_sim_summary(s, &nrows) == CALFPUMP_OK, calfpump_sim_errmsg(s));
    for (size_t i = 0; i < nrows; i++) {
        const char *sec = NULL, *label = NULL, *text = NULL, *unit = NULL, *note = NULL;
        double v;
        CFP_FUZZ_CHECK(calfpump_sim_summary_row(s, i, &sec, &label, &v, &text, &unit, &note) ==
                           CALFPUMP_OK, "a summary row");
        CFP_FUZZ_CHECK(sec && label && text && unit && note, "summary strings");
    }
    for (size_t i = 0; i < calfpump_protocol_segment_count(p); i++) {
        CFP_FUZZ_CHECK(calfpump_protocol_segment_describe(p, i, buf, sizeof buf) == CALFPUMP_OK,
                       "a segment description");
        CFP_FUZZ_CHECK(memchr(buf, '\0', sizeof buf) != NULL, "a terminated description");
    }
}

static void run(const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_sim *s = NULL;
    char err[1024];
    int st = calfpump_sim_create(&s, m, p, err, sizeof err);
    CFP_FUZZ_CHECK(calfpump_status_name(st) != NULL, err);
    if (st != CALFPUMP_OK) {
        CFP_FUZZ_CHECK(s == NULL && err[0], "a message, no simulation");
        return;
    }
    settings(s);
    st = calfpump_sim_run(s);
    CFP_FUZZ_CHECK(calfpump_status_name(st) != NULL, calfpump_sim_errmsg(s));
    if (st == CALFPUMP_OK) {
        CFP_FUZZ_CHECK(calfpump_sim_time(s) == calfpump_sim_end_time(s), "the run reached its end");
    } else {
        CFP_FUZZ_CHECK(calfpump_sim_errmsg(s)[0], "a message with a failed run");
        CFP_FUZZ_CHECK(calfpump_sim_run(s) == CALFPUMP_E_STATE, "a failed run stays failed");
    }
    if (calfpump_sim_trace_rows(s) > 0) {
        if (st == CALFPUMP_OK)
            check_trace(s);
        check_results(s, p);
    }
    calfpump_sim_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    calfpump_model *m;
    calfpump_protocol *p, *own = NULL;
    char *text = cfp_fuzz_text(data, size);
    if (!text)
        return 0;
    if (cfp_fuzz_load(text, &m, &p) == CALFPUMP_OK) {
        if (!p && calfpump_protocol_new(&own) == CALFPUMP_OK &&
            calfpump_protocol_add_segment(own, "standing", "still", 1.0, NULL) == CALFPUMP_OK)
            p = own;
        if (p && calfpump_protocol_duration(p) <= CFP_FUZZ_MAX_T &&
            calfpump_model_compartment_count(m) <= CFP_FUZZ_MAX_COMP)
            run(m, p);
    }
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    if (own != p)
        calfpump_protocol_free(own);
    free(text);
    return 0;
}
