/* Streaming output, black box: row callback, CSV stream, column selection
 * and decimation, the stored trace off, the progress callback, and the
 * metrics of a streamed run against those of a stored one. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "calfpump.h"
#include "testutil.h"

/* Every metric of a and b: same status, and bit-identical values.  Both
 * runs take the same steps and record the same rows; the accumulators see
 * the same rows in the same order, and the segment-based metrics read the
 * same doubles (from the trace or from the window store), so there is no
 * reason for any difference, not even in the last bit. */
static void same_metrics(calfpump_sim *a, calfpump_sim *b, const char *what)
{
    size_t n = calfpump_sim_metric_count(a), ok = 0;
    ck_assert_uint_eq(n, calfpump_sim_metric_count(b));
    ck_assert_uint_gt(n, 20);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(a, i);
        double x = NAN, y = NAN;
        int sa = calfpump_sim_metric(a, name, &x), sb = calfpump_sim_metric(b, name, &y);
        ck_assert_msg(sa == sb, "%s: %s: status %d stored, %d streamed (%s)", what, name, sa, sb,
                      calfpump_sim_errmsg(b));
        if (sa)
            continue;
        ok++;
        ck_assert_msg(memcmp(&x, &y, sizeof x) == 0 || (isnan(x) && isnan(y)),
                      "%s: %s = %.17g stored, %.17g streamed", what, name, x, y);
    }
    ck_assert_uint_gt(ok, 20); /* most metrics are defined, not just equal failures */
}

static int count_rows(void *user, double t, const double *v, size_t n)
{
    (void)t;
    (void)v;
    (void)n;
    ++*(size_t *)user;
    return 0;
}

static void stored_and_streamed(calfpump_sim *a, calfpump_sim *b, const char *what)
{
    size_t rows = 0;
    ck_assert_int_eq(calfpump_sim_set_store_trace(b, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_row_callback(b, count_rows, &rows), CALFPUMP_OK);
    cfp_test_run_ok(a);
    cfp_test_run_ok(b);
    ck_assert_uint_eq(calfpump_sim_trace_rows(b), 0);
    ck_assert_uint_eq(rows, calfpump_sim_trace_rows(a));
    same_metrics(a, b, what);
}

static const char *const protocols[] = {"avp", "apg", "cycle", "tilt"};
static const char *const conditions[] = {NULL, "gsv-reflux", "post-thrombotic", "weak-calf"};

START_TEST(streamed_metrics_equal_stored)
{
    const char *proto = protocols[_i % 4], *cond = conditions[_i / 4];
    calfpump_sim *a = cfp_test_leg_sim(proto, cond), *b = cfp_test_leg_sim(proto, cond);
    char what[64];
    snprintf(what, sizeof what, "%s/%s", proto, cond ? cond : "healthy");
    stored_and_streamed(a, b, what);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* Sitting with a walk every `period` s, n times (a short stand-in for the
 * 24 h day of bench/stream.c). */
static calfpump_protocol *sitting_day(int n, double period, double walk)
{
    calfpump_protocol *p = NULL;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    for (int k = 0; k < n; k++) {
        ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "still", period - walk, NULL),
                         CALFPUMP_OK);
        if (walk > 0)
            ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", walk, NULL),
                             CALFPUMP_OK);
    }
    return p;
}

static calfpump_sim *day_sim(int n, double period, double walk)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = sitting_day(n, period, walk);
    calfpump_sim *s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return s;
}

START_TEST(streamed_sitting_day_equals_stored)
{
    calfpump_sim *a = day_sim(3, 200, 40), *b = day_sim(3, 200, 40);
    stored_and_streamed(a, b, "sitting day");
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* A recovery longer than the forward search's horizon: RT90 reads only
 * its first 600 s, in both runs. */
START_TEST(long_recovery_equal)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = NULL;
    calfpump_sim *a, *b;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 60, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 60, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 900, NULL), CALFPUMP_OK);
    a = cfp_test_new_sim(m, p);
    b = cfp_test_new_sim(m, p);
    stored_and_streamed(a, b, "long recovery");
    ck_assert_double_gt(cfp_test_metric(b, "avp.rt90"), 0);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* Metrics against an independent reading of the stored trace. */
START_TEST(metrics_match_trace)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", "gsv-reflux");
    size_t rows = 0, rq = 0;
    double *out, *t, *q, vol = 0;
    cfp_test_run_ok(s);
    out = cfp_test_trace_column(s, "outflow.cumulative", &rows);
    t = cfp_test_trace_column(s, "t", &rq);
    q = cfp_test_trace_column(s, "Q.popliteal", &rq);
    ck_assert_uint_eq(rows, rq);
    ck_assert_double_eq(cfp_test_metric(s, "return.total"), out[rows - 1]);
    for (size_t r = 1; r < rows; r++)
        vol += 0.5 * (fmax(-q[r], 0) + fmax(-q[r - 1], 0)) * (t[r] - t[r - 1]);
    ck_assert_double_gt(vol, 0);
    ck_assert_double_eq_tol(cfp_test_metric(s, "reflux.popliteal.volume"), vol, 1e-12 * vol);
    free(out);
    free(t);
    free(q);
    calfpump_sim_free(s);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Sinks */

typedef struct grab {
    char *buf;
    size_t len, cap, limit; /* limit: accept at most this many bytes in all */
} grab;

static size_t grab_write(void *user, const char *data, size_t len)
{
    grab *g = user;
    if (g->len + len > g->limit)
        len = g->len < g->limit ? g->limit - g->len : 0;
    if (g->len + len + 1 > g->cap) {
        g->cap = 2 * (g->len + len + 1);
        g->buf = realloc(g->buf, g->cap);
        ck_assert_ptr_nonnull(g->buf);
    }
    memcpy(g->buf + g->len, data, len);
    g->len += len;
    g->buf[g->len] = '\0';
    return len;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *b;
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    b = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

/* The CSV stream (callback and file) is byte for byte the stored CSV. */
START_TEST(csv_stream_equals_write_csv)
{
    calfpump_sim *a = cfp_test_leg_sim("avp", NULL), *b = cfp_test_leg_sim("avp", NULL);
    calfpump_sim *c = cfp_test_leg_sim("avp", NULL);
    grab g = {NULL, 0, 0, (size_t)-1};
    char pa[] = "/tmp/cfp-stream-a-XXXXXX", pc[] = "/tmp/cfp-stream-c-XXXXXX";
    char *sa, *sc;
    close(mkstemp(pa));
    close(mkstemp(pc));
    ck_assert_int_eq(calfpump_sim_stream_csv(b, grab_write, &g), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_store_trace(b, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_stream_csv_file(c, pc), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_store_trace(c, 0), CALFPUMP_OK);
    cfp_test_run_ok(a);
    cfp_test_run_ok(b);
    cfp_test_run_ok(c);
    ck_assert_int_eq(calfpump_sim_write_csv(a, pa), CALFPUMP_OK);
    sa = slurp(pa);
    sc = slurp(pc);
    ck_assert_uint_gt(strlen(sa), 100000);
    ck_assert_str_eq(g.buf, sa);
    ck_assert_str_eq(sc, sa);
    free(sa);
    free(sc);
    free(g.buf);
    remove(pa);
    remove(pc);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_sim_free(c);
}
END_TEST

typedef struct rows_seen {
    size_t n;
    double t[8192], v[8192][2];
} rows_seen;

static int keep_rows(void *user, double t, const double *v, size_t n)
{
    rows_seen *r = user;
    ck_assert_uint_eq(n, 2);
    if (r->n < 8192) {
        r->t[r->n] = t;
        r->v[r->n][0] = v[0];
        r->v[r->n][1] = v[1];
    }
    r->n++;
    return 0;
}

/* Selected columns in the order asked, every third row, equal to the
 * stored trace; the CSV gets the same. */
START_TEST(selection_and_decimation)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    rows_seen *r = calloc(1, sizeof *r);
    grab g = {NULL, 0, 0, (size_t)-1};
    size_t rows = 0;
    double *p, *t;
    ck_assert_int_eq(calfpump_sim_set_output_columns(s, "P.dorsal_foot,t"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_output_every(s, 3), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_row_callback(s, keep_rows, r), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_stream_csv(s, grab_write, &g), CALFPUMP_OK);
    cfp_test_run_ok(s);
    p = cfp_test_trace_column(s, "P.dorsal_foot", &rows);
    t = cfp_test_trace_column(s, "t", &rows);
    ck_assert_uint_eq(r->n, (rows + 2) / 3);
    for (size_t k = 0; k < r->n && k < 8192; k++) {
        ck_assert_double_eq(r->t[k], t[3 * k]);
        ck_assert_double_eq(r->v[k][0], p[3 * k]);
        ck_assert_double_eq(r->v[k][1], t[3 * k]);
    }
    ck_assert_int_eq(strncmp(g.buf, "P.dorsal_foot,t\n", 16), 0);
    {
        size_t lines = 0;
        for (const char *c = g.buf; *c; c++)
            lines += *c == '\n';
        ck_assert_uint_eq(lines, r->n + 1);
    }
    free(p);
    free(t);
    free(r);
    free(g.buf);
    calfpump_sim_free(s);
}
END_TEST

/* A network whose names are as long as names may be (63 characters): the
 * streamed header holds them all. */
START_TEST(csv_header_of_long_names)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *s;
    grab g = {NULL, 0, 0, (size_t)-1};
    char name[3][64], conn[3][64];
    size_t cols;
    ck_assert_int_eq(calfpump_model_new(&m), CALFPUMP_OK);
    for (int i = 0; i < 3; i++) {
        memset(name[i], 'a' + i, 63);
        name[i][63] = '\0';
        memset(conn[i], 'x' + i, 63);
        conn[i][63] = '\0';
        ck_assert_int_eq(calfpump_model_add_compartment(m, name[i], "calf", "deep"), CALFPUMP_OK);
    }
    for (int i = 0; i < 3; i++)
        ck_assert_msg(calfpump_model_add_connection(m, conn[i], name[i], i < 2 ? name[i + 1] : "ra",
                                                    1) == CALFPUMP_OK,
                      "%s", calfpump_model_errmsg(m));
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "supine", "still", 1.0, NULL), CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    ck_assert_int_eq(calfpump_sim_stream_csv(s, grab_write, &g), CALFPUMP_OK);
    cfp_test_run_ok(s);
    cols = calfpump_sim_trace_cols(s);
    {
        size_t commas = 0;
        const char *nl = strchr(g.buf, '\n');
        ck_assert_ptr_nonnull(nl);
        for (const char *c = g.buf; c < nl; c++)
            commas += *c == ',';
        ck_assert_uint_eq(commas + 1, cols);
        ck_assert_ptr_nonnull(strstr(g.buf, name[2]));
        ck_assert_uint_gt((size_t)(nl - g.buf), 3 * 63 * 3);
    }
    free(g.buf);
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(settings_checked)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    ck_assert_int_eq(calfpump_sim_set_output_columns(s, "t,P.nowhere"), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_sim_errmsg(s), "P.nowhere");
    ck_assert_int_eq(calfpump_sim_set_output_columns(s, ""), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_sim_set_output_every(s, 0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sim_set_progress_callback(s, NULL, NULL, -1), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sim_set_progress_callback(s, NULL, NULL, NAN), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sim_stream_csv_file(s, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_stream_csv_file(s, "/nonexistent-dir/x.csv"), CALFPUMP_E_IO);
    ck_assert_has(calfpump_sim_errmsg(s), "/nonexistent-dir/x.csv");
    ck_assert_int_eq(calfpump_sim_set_store_trace(NULL, 0), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_row_callback(NULL, NULL, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_stream_csv(NULL, NULL, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_output_every(NULL, 1), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_output_columns(NULL, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_progress_callback(NULL, NULL, NULL, 0), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_advance(s, 1.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_store_trace(s, 0), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_sim_set_output_every(s, 2), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_sim_set_output_columns(s, NULL), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_sim_set_row_callback(s, count_rows, NULL), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_sim_stream_csv(s, NULL, NULL), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_store_trace(s, 0), CALFPUMP_OK);
    calfpump_sim_free(s);
}
END_TEST

/* A short write stops the run with E_IO; a row callback's non-zero
 * return stops it with E_CALLBACK. */
START_TEST(sink_failures_stop_the_run)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    grab g = {NULL, 0, 0, 5000};
    ck_assert_int_eq(calfpump_sim_stream_csv(s, grab_write, &g), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_IO);
    ck_assert_has(calfpump_sim_errmsg(s), "write callback");
    ck_assert_double_lt(calfpump_sim_time(s), 10.0);
    free(g.buf);
    calfpump_sim_free(s);
}
END_TEST

static int stop_at_100(void *user, double t, const double *v, size_t n)
{
    (void)user;
    (void)v;
    (void)n;
    return t >= 100.0 ? 7 : 0;
}

START_TEST(row_callback_stops)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    ck_assert_int_eq(calfpump_sim_set_row_callback(s, stop_at_100, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_CALLBACK);
    ck_assert_has(calfpump_sim_errmsg(s), "returned 7");
    ck_assert_double_lt(calfpump_sim_time(s), 100.5);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_STATE);
    calfpump_sim_free(s);
}
END_TEST

typedef struct prog {
    int calls, cancel_at;
    double last, t_end;
} prog;

static int on_progress(void *user, double t, double t_end)
{
    prog *p = user;
    ck_assert_double_ge(t, p->last);
    p->last = t;
    p->t_end = t_end;
    return ++p->calls == p->cancel_at ? 3 : 0;
}

START_TEST(progress_reported_and_cancels)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    prog p = {0, 0, -1, 0};
    ck_assert_int_eq(calfpump_sim_set_progress_callback(s, on_progress, &p, 10.0), CALFPUMP_OK);
    cfp_test_run_ok(s);
    ck_assert_double_eq(p.t_end, 210.0);
    ck_assert_double_eq(p.last, 210.0);
    ck_assert_int_ge(p.calls, 21);
    ck_assert_int_le(p.calls, 23);
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    p.calls = 0;
    p.last = -1;
    p.cancel_at = 5;
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_E_CALLBACK);
    ck_assert_has(calfpump_sim_errmsg(s), "cancelled");
    ck_assert_double_lt(calfpump_sim_time(s), 50.0);
    calfpump_sim_free(s);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Stasis (issue 8): walking breaks make a sitting day less stagnant. */

START_TEST(walking_breaks_reduce_stasis)
{
    calfpump_sim *still = day_sim(2, 300, 0), *breaks = day_sim(2, 300, 60);
    static const char *const veins[] = {"calf_sinuses", "popliteal"};
    cfp_test_run_ok(still);
    cfp_test_run_ok(breaks);
    for (int k = 0; k < 2; k++) {
        char name[96];
        double a, b;
        snprintf(name, sizeof name, "stasis.%s.low_flow", veins[k]);
        a = cfp_test_metric(still, name);
        b = cfp_test_metric(breaks, name);
        /* Sitting still is below the stasis velocity in the calf sinuses
         * (a few tenths of a cm/s); the popliteal vein is nearer the
         * threshold, so only "not more stagnant" is asked of it. */
        ck_assert_msg(k == 0 ? b < a : b <= a, "%s: %g with walking breaks, %g sitting still",
                      name, b, a);
        ck_assert(a >= 0 && a <= 1 && b >= 0 && b <= 1);
        snprintf(name, sizeof name, "stasis.%s.velocity", veins[k]);
        ck_assert_double_gt(cfp_test_metric(breaks, name), cfp_test_metric(still, name));
        snprintf(name, sizeof name, "stasis.%s.residence", veins[k]);
        ck_assert_double_lt(cfp_test_metric(breaks, name), cfp_test_metric(still, name));
    }
    calfpump_sim_free(still);
    calfpump_sim_free(breaks);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, streamed_metrics_equal_stored, 0, 16);
    tcase_add_test(tc, streamed_sitting_day_equals_stored);
    tcase_add_test(tc, long_recovery_equal);
    tcase_add_test(tc, metrics_match_trace);
    tcase_add_test(tc, csv_stream_equals_write_csv);
    tcase_add_test(tc, selection_and_decimation);
    tcase_add_test(tc, csv_header_of_long_names);
    tcase_add_test(tc, settings_checked);
    tcase_add_test(tc, sink_failures_stop_the_run);
    tcase_add_test(tc, row_callback_stops);
    tcase_add_test(tc, progress_reported_and_cancels);
    tcase_add_test(tc, walking_breaks_reduce_stasis);
    suite_add_tcase(s, tc);
    return s;
}
