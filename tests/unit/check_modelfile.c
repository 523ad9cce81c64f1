/* Model files (doc/model-file.md): the writer and the strict parser.
 * White box: the network's endpoints, the segments' waveforms and the
 * protocol's run settings are compared through the internal structures.
 * The shipped data/default-leg.cfp is found through $top_srcdir. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, close, unlink, ftruncate, mkfifo, fork */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drive/protocol.h"
#include "io/modelfile.h"
#include "model/model.h"
#include "testutil.h"

#define FNAME "t.cfp"
#define HDR "calfpump-model 1\n"

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Same compartments, connections (endpoints, valves) and every parameter
 * bit for bit. */
static void assert_models_equal(const calfpump_model *a, const calfpump_model *b)
{
    size_t n = calfpump_model_param_count(a);
    ck_assert_uint_eq(calfpump_model_compartment_count(a), calfpump_model_compartment_count(b));
    ck_assert_uint_eq(calfpump_model_connection_count(a), calfpump_model_connection_count(b));
    for (size_t i = 0; i < calfpump_model_compartment_count(a); i++) {
        ck_assert_str_eq(calfpump_model_compartment_name(a, i), calfpump_model_compartment_name(b, i));
        ck_assert_str_eq(calfpump_model_compartment_region(a, i),
                         calfpump_model_compartment_region(b, i));
        ck_assert_str_eq(calfpump_model_compartment_layer(a, i),
                         calfpump_model_compartment_layer(b, i));
    }
    for (size_t i = 0; i < calfpump_model_connection_count(a); i++) {
        ck_assert_str_eq(calfpump_model_connection_name(a, i), calfpump_model_connection_name(b, i));
        ck_assert_int_eq(calfpump_model_connection_has_valve(a, i),
                         calfpump_model_connection_has_valve(b, i));
        ck_assert_int_eq(a->conn[i].from, b->conn[i].from);
        ck_assert_int_eq(a->conn[i].to, b->conn[i].to);
    }
    ck_assert_uint_eq(n, calfpump_model_param_count(b));
    ck_assert_uint_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(a, i);
        double x, y;
        ck_assert_ptr_nonnull(name);
        ck_assert_str_eq(name, calfpump_model_param_name(b, i));
        ck_assert_int_eq(calfpump_model_get(a, name, &x), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_model_get(b, name, &y), CALFPUMP_OK);
        ck_assert_msg(same_bits(x, y), "%s: %.17g != %.17g", name, x, y);
    }
}

/* Same segments, parameters, waveforms and run settings, bit for bit. */
static void assert_protocols_equal(const calfpump_protocol *p, const calfpump_protocol *q)
{
    ck_assert_uint_eq(calfpump_protocol_segment_count(p), calfpump_protocol_segment_count(q));
    for (size_t i = 0; i < p->nseg; i++) {
        const cfp_segment *a = &p->seg[i], *b = &q->seg[i];
        ck_assert_str_eq(calfpump_protocol_segment_posture(p, i),
                         calfpump_protocol_segment_posture(q, i));
        ck_assert_str_eq(calfpump_protocol_segment_activity(p, i),
                         calfpump_protocol_segment_activity(q, i));
        ck_assert(same_bits(a->duration, b->duration));
        for (size_t k = 0; k < calfpump_protocol_param_count(); k++) {
            const char *name = calfpump_protocol_param_name(k);
            double x, y;
            ck_assert_int_eq(calfpump_protocol_get(p, i, name, &x), CALFPUMP_OK);
            ck_assert_int_eq(calfpump_protocol_get(q, i, name, &y), CALFPUMP_OK);
            ck_assert_msg(same_bits(x, y), "segment %zu %s: %.17g != %.17g", i, name, x, y);
        }
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++) {
            ck_assert_uint_eq(a->wave[g].n, b->wave[g].n);
            ck_assert_int_eq(a->wave[g].periodic, b->wave[g].periodic);
            for (size_t j = 0; j < a->wave[g].n; j++) {
                ck_assert(same_bits(a->wave[g].t[j], b->wave[g].t[j]));
                ck_assert(same_bits(a->wave[g].a[j], b->wave[g].a[j]));
            }
        }
    }
    ck_assert_uint_eq(p->run.set, q->run.set);
    for (int k = 0; k < CFP_RUN_NOPT; k++)
        if (p->run.set & (1u << k))
            ck_assert(same_bits(p->run.value[k], q->run.value[k]));
    ck_assert_str_eq(p->run.integrator, q->run.integrator);
}

/* A fresh temporary file name (the file exists, empty). */
static void temp_path(char *buf, size_t n)
{
    int fd;
    snprintf(buf, n, "/tmp/cfp-modelfile-XXXXXX");
    fd = mkstemp(buf);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static calfpump_sim *run(const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_sim *s = cfp_test_new_sim(m, p);
    cfp_test_run_ok(s);
    return s;
}

/* A protocol with several segments: compression, IPC, a custom segment
 * with two sampled waveforms, and awkward (non-short) decimal values. */
static calfpump_protocol *sample_protocol(void)
{
    static const double tc[] = {0.0, 0.3, 0.7, 1.2}, ac[] = {0.0, 0.5, 1.0 / 3.0, 0.0};
    static const double tf[] = {0.1, 0.45, 2.0}, af[] = {0.2, 0.1 + 0.2, 0.0};
    calfpump_protocol *p;
    size_t k;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 4.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "stocking", 2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 6.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "speed", 4.1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "compression_ankle", 23.7), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "strength", 0.1 * 7), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "custom", 5.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", tc, ac, 4, 1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "foot", tf, af, 3, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "compression_calf", 15.5), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "still", 5.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "ipc_pressure", 45), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "ipc_period", 2.5), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "ipc_hold", 1.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "ipc_foot", 1), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "tilt", "still", 3.0, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "angle", 45.25), CALFPUMP_OK);
    return p;
}

/* ---------------------------------------------------------------- */

START_TEST(roundtrip_model_and_protocol)
{
    calfpump_model *m, *m2 = NULL;
    calfpump_protocol *p = sample_protocol(), *p2 = NULL;
    calfpump_sim *s1, *s2;
    char path[64], err[512];
    int st;

    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_apply_condition(m, "gsv-reflux"), CALFPUMP_OK);
    /* Values that need 17 significant digits, and a negative zero. */
    ck_assert_int_eq(calfpump_model_set(m, "comp.deep_calf.k", 0.1 + 0.2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "valve.popliteal.competence", 1.0 / 3.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "comp.dorsal_foot.gcap", 1e-300), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "comp.femoral.z_supine", -0.0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_set(m, "cvp", nextafter(3.5, 4.0)), CALFPUMP_OK);

    temp_path(path, sizeof path);
    ck_assert_msg(calfpump_model_save(m, p, path) == CALFPUMP_OK, "%s", calfpump_model_errmsg(m));
    ck_assert_str_eq(calfpump_model_errmsg(m), "");
    st = calfpump_model_load(&m2, &p2, path, err, sizeof err);
    ck_assert_msg(st == CALFPUMP_OK, "load: %s", err);
    ck_assert_str_eq(err, "");
    ck_assert_ptr_nonnull(m2);
    ck_assert_ptr_nonnull(p2);
    assert_models_equal(m, m2);
    ck_assert(signbit(m2->comp[cfp_model_find_comp(m2, "femoral")].z[CFP_POST_SUPINE]));
    assert_protocols_equal(p, p2);

    /* Both pairs give the same simulation, bit for bit. */
    s1 = run(m, p);
    s2 = run(m2, p2);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s1), calfpump_sim_trace_rows(s2));
    ck_assert_uint_eq(calfpump_sim_metric_count(s1), calfpump_sim_metric_count(s2));
    ck_assert_uint_gt(calfpump_sim_metric_count(s1), 0);
    for (size_t i = 0; i < calfpump_sim_metric_count(s1); i++) {
        const char *name = calfpump_sim_metric_name(s1, i);
        double v1 = 0, v2 = 0;
        int st1 = calfpump_sim_metric(s1, name, &v1), st2 = calfpump_sim_metric(s2, name, &v2);
        ck_assert_str_eq(name, calfpump_sim_metric_name(s2, i));
        ck_assert_int_eq(st1, st2);
        if (st1 == CALFPUMP_OK)
            ck_assert_msg(same_bits(v1, v2), "metric %s: %.17g != %.17g", name, v1, v2);
    }
    {
        size_t rows = calfpump_sim_trace_rows(s1), cols = calfpump_sim_trace_cols(s1);
        double *c1 = malloc(rows * sizeof *c1), *c2 = malloc(rows * sizeof *c2);
        ck_assert_ptr_nonnull(c1);
        ck_assert_ptr_nonnull(c2);
        for (size_t j = 0; j < cols; j++) {
            ck_assert_int_eq(calfpump_sim_trace_column(s1, j, c1, rows, NULL), CALFPUMP_OK);
            ck_assert_int_eq(calfpump_sim_trace_column(s2, j, c2, rows, NULL), CALFPUMP_OK);
            ck_assert_msg(memcmp(c1, c2, rows * sizeof *c1) == 0, "trace column %s differs",
                          calfpump_sim_trace_col_name(s1, j));
        }
        free(c1);
        free(c2);
    }
    calfpump_sim_free(s1);
    calfpump_sim_free(s2);

    /* Saving the loaded pair again writes the same text. */
    {
        char path2[64];
        FILE *f1, *f2;
        int c1, c2;
        temp_path(path2, sizeof path2);
        ck_assert_int_eq(calfpump_model_save(m2, p2, path2), CALFPUMP_OK);
        f1 = fopen(path, "r");
        f2 = fopen(path2, "r");
        ck_assert_ptr_nonnull(f1);
        ck_assert_ptr_nonnull(f2);
        do {
            c1 = getc(f1);
            c2 = getc(f2);
            ck_assert_int_eq(c1, c2);
        } while (c1 != EOF);
        fclose(f1);
        fclose(f2);
        unlink(path2);
    }
    unlink(path);
    calfpump_model_free(m);
    calfpump_model_free(m2);
    calfpump_protocol_free(p);
    calfpump_protocol_free(p2);
}
END_TEST

/* Run settings survive save and load, and the simulation's copy. */
START_TEST(roundtrip_run_settings)
{
    static const char text[] = HDR
        "[run]\nintegrator = rk4\nh = 0.002\noutput_interval = 0.25\nmax_steps = 1e7\n"
        "h_max = 0\n";
    calfpump_model *m, *m2;
    calfpump_protocol *p, *p2, *c;
    char path[64], err[256];
    double v;
    ck_assert_int_eq(calfpump_model_load_string(&m, &p, text, FNAME, err, sizeof err), CALFPUMP_OK);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(calfpump_protocol_segment_count(p), 0);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 0);
    ck_assert_str_eq(calfpump_protocol_run_integrator(p), "rk4");
    ck_assert_int_eq(calfpump_protocol_run_option(p, "h", &v), CALFPUMP_OK);
    ck_assert(v == 0.002);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "h_max", &v), CALFPUMP_OK);
    ck_assert(v == 0.0);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "max_steps", &v), CALFPUMP_OK);
    ck_assert(v == 1e7);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "rtol", &v), CALFPUMP_E_NOTFOUND);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "speed", &v), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_protocol_run_option(NULL, "h", &v), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_run_option(p, NULL, &v), CALFPUMP_E_NULL);
    ck_assert_ptr_null(calfpump_protocol_run_integrator(NULL));

    temp_path(path, sizeof path);
    ck_assert_int_eq(calfpump_model_save(m, p, path), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_load(&m2, &p2, path, err, sizeof err), CALFPUMP_OK);
    assert_models_equal(m, m2);
    assert_protocols_equal(p, p2);
    ck_assert_int_eq(cfp_protocol_copy(&c, p2), CALFPUMP_OK);
    assert_protocols_equal(p, c);
    calfpump_protocol_free(c);
    unlink(path);

    /* A fresh protocol has no run settings. */
    calfpump_protocol_free(p2);
    ck_assert_int_eq(calfpump_protocol_new(&p2), CALFPUMP_OK);
    ck_assert_ptr_null(calfpump_protocol_run_integrator(p2));
    ck_assert_int_eq(calfpump_protocol_run_option(p2, "h", &v), CALFPUMP_E_NOTFOUND);
    calfpump_model_free(m);
    calfpump_model_free(m2);
    calfpump_protocol_free(p);
    calfpump_protocol_free(p2);
}
END_TEST

/* The [run] bounds are the simulation's: at every bound of either, a
 * value is accepted by the file iff calfpump_sim_set_option() takes it. */
START_TEST(run_bounds_match_sim)
{
    static const char *const names[] = {"output_interval", "rtol", "atol", "h",
                                        "h_init", "h_min", "h_max", "max_steps"};
    static const double edges[] = {0, 1e-16, 1e-14, 1e-8, 1e-4, 1, 10, 1e3, 1e4, 1e5, 1e15};
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new_named(&p, "tilt"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (size_t j = 0; j < sizeof edges / sizeof edges[0]; j++)
            for (int d = -1; d <= 1; d++) {
                double x = d < 0 ? nextafter(edges[j], -INFINITY)
                         : d > 0 ? nextafter(edges[j], INFINITY) : edges[j];
                char text[256];
                calfpump_protocol *q;
                int file_ok, sim_ok;
                snprintf(text, sizeof text, HDR "[run]\n%s = %.17g\n", names[i], x);
                file_ok = calfpump_model_load_string(NULL, &q, text, FNAME, NULL, 0) == CALFPUMP_OK;
                sim_ok = calfpump_sim_set_option(s, names[i], x) == CALFPUMP_OK;
                ck_assert_msg(file_ok == sim_ok, "%s = %.17g: file %s, sim %s", names[i], x,
                              file_ok ? "accepts" : "rejects", sim_ok ? "accepts" : "rejects");
                if (file_ok) {
                    double v;
                    ck_assert_int_eq(calfpump_protocol_run_option(q, names[i], &v), CALFPUMP_OK);
                    ck_assert(same_bits(v, x));
                    calfpump_protocol_free(q);
                }
            }
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

START_TEST(default_leg_file)
{
    const char *top = getenv("top_srcdir");
    char path[1024], err[512];
    calfpump_model *m = NULL, *d;
    calfpump_protocol *p = (calfpump_protocol *)&err; /* must be reset to NULL */
    snprintf(path, sizeof path, "%s/data/default-leg.cfp", top ? top : "..");
    ck_assert_msg(calfpump_model_load(&m, &p, path, err, sizeof err) == CALFPUMP_OK, "%s", err);
    ck_assert_ptr_null(p); /* no protocol sections */
    ck_assert_int_eq(calfpump_model_new_default(&d), CALFPUMP_OK);
    assert_models_equal(d, m);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 14);
    calfpump_model_free(d);
    calfpump_model_free(m);
    /* Checking only (both outputs NULL). */
    ck_assert_int_eq(calfpump_model_load(NULL, NULL, path, NULL, 0), CALFPUMP_OK);
}
END_TEST

/* A user-built network: three compartments in a loop (a -> b -> c -> a)
 * draining through c, with its protocol, written as text. */
static const char loop_text[] =
    "# a small network\n"
    HDR
    "\n"
    "[segment]                 # the protocol may come first\n"
    "posture = supine\nactivity = still\nduration = 5\n"
    "[segment]\n"
    "posture = standing\r\nactivity = custom\nduration = 6\n"
    "waveform_calf = periodic 0:0 0.3:0.8 1.2:0\n"
    "waveform_thigh = once 0:0 1:0.5 2:0\n"
    "[connection ab]\nfrom = a\nto = b\nvalve = yes\nr0 = 0.3\ncompetence = 0.9\n"
    "[connection bc]\nfrom = b\nto = c\nvalve = yes\n"
    "[connection ca]\nfrom = c\nto = a\nvalve = no\nr0 = 5\n"
    "[connection out]\nfrom = c\nto = ra\nr0 = 0.2\n"
    "[compartment a]\nregion = foot\nlayer = deep\nv0 = 10\nz_standing = -100\n"
    "z_sitting = -80\nsqueeze_foot = 80\n"
    "[compartment b]\nregion = calf\nlayer = deep\nv0 = 30\nz_standing = -75\n"
    "z_sitting = -60\nsqueeze_calf = 150\ngcap = 0.003\n"
    "[compartment c]\nregion = thigh\nlayer = deep\nv0 = 40\nz_standing = -35\n"
    "z_sitting = -35\nsqueeze_thigh = 50\ngcap = 0.002\n"
    "[global]\ncvp = 4\n"
    "[run]\noutput_interval = 0.05\n";

START_TEST(user_loop_network)
{
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    char err[512];
    double v;
    ck_assert_msg(calfpump_model_load_string(&m, &p, loop_text, "loop.cfp", err, sizeof err) ==
                      CALFPUMP_OK, "%s", err);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 3);
    ck_assert_uint_eq(calfpump_model_connection_count(m), 4);
    ck_assert_int_eq(calfpump_model_connection_has_valve(m, 0), 1);
    ck_assert_int_eq(calfpump_model_connection_has_valve(m, 3), 0);
    ck_assert_int_eq(calfpump_model_get(m, "valve.ab.competence", &v), CALFPUMP_OK);
    ck_assert(v == 0.9);
    ck_assert_int_eq(calfpump_model_get(m, "cvp", &v), CALFPUMP_OK);
    ck_assert(v == 4.0);
    ck_assert_uint_eq(calfpump_protocol_segment_count(p), 2);
    ck_assert_str_eq(calfpump_protocol_segment_activity(p, 1), "custom");
    ck_assert_uint_eq(p->seg[1].wave[CFP_MUSCLE_CALF].n, 3);
    ck_assert_int_eq(p->seg[1].wave[CFP_MUSCLE_CALF].periodic, 1);
    ck_assert_int_eq(p->seg[1].wave[CFP_MUSCLE_THIGH].periodic, 0);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "output_interval", &v), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", v), CALFPUMP_OK);
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s", calfpump_sim_errmsg(s));
    ck_assert_uint_ge(calfpump_sim_trace_rows(s), 200);
    ck_assert_int_eq(calfpump_sim_metric(s, "conservation.error", &v), CALFPUMP_OK);
    ck_assert_msg(v < 1e-6, "conservation error %g", v);
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* Small syntax details: comments after values, CRLF, a byte order mark,
 * a header-only file, several presets in one [condition], errbuf NULL
 * and a short errbuf. */
START_TEST(syntax_details)
{
    calfpump_model *m;
    calfpump_protocol *p;
    char err[16];
    double v;
    ck_assert_int_eq(calfpump_model_load_string(&m, &p, "\xEF\xBB\xBF" "calfpump-model 1\r\n"
                                                "[global]  # globals\r\n\tcvp=5 # mmHg\r\n",
                                                NULL, NULL, 0), CALFPUMP_OK);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(calfpump_model_get(m, "cvp", &v), CALFPUMP_OK);
    ck_assert(v == 5.0);
    calfpump_model_free(m);

    ck_assert_int_eq(calfpump_model_load_string(&m, &p, "# c\n\n  calfpump-model   1  \n", "x",
                                                err, sizeof err), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 0);
    ck_assert_ptr_null(p);
    calfpump_model_free(m);

    /* Presets in order, after the network: weak-calf then healthy. */
    {
        const char *top = getenv("top_srcdir");
        char path[1024], *text;
        long len;
        FILE *f;
        snprintf(path, sizeof path, "%s/data/default-leg.cfp", top ? top : "..");
        f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        rewind(f);
        text = malloc((size_t)len + 200);
        ck_assert_ptr_nonnull(text);
        ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        strcpy(text + len, "\n[condition]\napply = gsv-reflux weak-calf\n[condition]\n"
                           "apply = healthy\n");
        ck_assert_int_eq(calfpump_model_load_string(&m, NULL, text, "leg", NULL, 0), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_model_get(m, "calf_strength", &v), CALFPUMP_OK);
        ck_assert(v == 0.5);
        ck_assert_int_eq(calfpump_model_get(m, "valve.saphenofemoral.competence", &v), CALFPUMP_OK);
        ck_assert(v == 1.0);
        calfpump_model_free(m);
        free(text);
    }

    /* A short buffer gets a truncated, terminated message. */
    ck_assert_int_eq(calfpump_model_load_string(&m, &p, "nonsense", "x", err, sizeof err),
                     CALFPUMP_E_INVAL);
    ck_assert_uint_eq(strlen(err), sizeof err - 1);
    ck_assert(strncmp(err, "x:1: ", 5) == 0);
    ck_assert_int_eq(calfpump_model_load_string(&m, &p, NULL, "x", err, sizeof err), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_load(&m, &p, NULL, err, sizeof err), CALFPUMP_E_NULL);
}
END_TEST

/* The example of doc/model-file.md (its first ```ini block) loads and runs. */
START_TEST(doc_example)
{
    const char *top = getenv("top_srcdir");
    char path[1024], line[512], err[512], *text;
    size_t len = 0, cap = 65536;
    int in_block = 0, done = 0;
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    const char *integ;
    double dt;
    FILE *f;
    snprintf(path, sizeof path, "%s/doc/model-file.md", top ? top : "..");
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    text[0] = '\0';
    while (!done && fgets(line, sizeof line, f)) {
        if (!in_block) {
            in_block = strncmp(line, "```ini", 6) == 0;
        } else if (strncmp(line, "```", 3) == 0) {
            done = 1;
        } else {
            size_t l = strlen(line);
            ck_assert_uint_lt(len + l, cap);
            memcpy(text + len, line, l + 1);
            len += l;
        }
    }
    fclose(f);
    ck_assert_msg(done, "no ```ini block in %s", path);
    ck_assert_msg(calfpump_model_load_string(&m, &p, text, "example", err, sizeof err) ==
                      CALFPUMP_OK, "%s", err);
    free(text);
    ck_assert_uint_eq(calfpump_model_compartment_count(m), 3);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    integ = calfpump_protocol_run_integrator(p);
    ck_assert_ptr_nonnull(integ);
    ck_assert_int_eq(calfpump_sim_set_integrator(s, integ), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_run_option(p, "output_interval", &dt), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", dt), CALFPUMP_OK);
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s", calfpump_sim_errmsg(s));
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* Numbers are read and written with '.', whatever the C locale (runs
 * only where a locale with a decimal comma is installed). */
START_TEST(locale_independent)
{
    static const char *const locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                          "fr_FR.utf8", "nl_NL.UTF-8", "de_DE"};
    const char *set = NULL;
    calfpump_model *m, *m2;
    char path[64], err[256];
    double v;
    for (size_t i = 0; i < sizeof locales / sizeof locales[0] && !set; i++)
        set = setlocale(LC_NUMERIC, locales[i]);
    if (!set || strcmp(localeconv()->decimal_point, ".") == 0) {
        setlocale(LC_NUMERIC, "C");
        return; /* no decimal-comma locale here */
    }
    ck_assert_int_eq(calfpump_model_load_string(&m, NULL, HDR "[global]\ncvp = 3.25\n", FNAME,
                                                err, sizeof err), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_get(m, "cvp", &v), CALFPUMP_OK);
    ck_assert(v == 3.25);
    ck_assert_int_eq(calfpump_model_load_string(&m2, NULL, HDR "[global]\ncvp = 3,25\n", FNAME,
                                                err, sizeof err), CALFPUMP_E_INVAL);
    temp_path(path, sizeof path);
    ck_assert_int_eq(calfpump_model_set(m, "cvp", 0.1 + 0.2), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_save(m, NULL, path), CALFPUMP_OK);
    setlocale(LC_NUMERIC, "C");
    ck_assert_int_eq(calfpump_model_load(&m2, NULL, path, err, sizeof err), CALFPUMP_OK);
    assert_models_equal(m, m2);
    unlink(path);
    calfpump_model_free(m);
    calfpump_model_free(m2);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Every error path: status, "t.cfp:LINE:" and the offending token. */

#define LEG1 "[compartment a]\nregion = calf\nlayer = deep\n"
#define OUT1 "[connection out]\nfrom = a\nto = ra\n"

typedef struct {
    const char *what, *text;
    int line;
    const char *token, *token2;
} bad_case;

static const bad_case bad[] = {
    {"empty text", "", 1, "calfpump-model 1", "empty"},
    {"only comments", "# one\n\n   # two\n", 3, "calfpump-model 1", "comments"},
    {"missing header", "[global]\ncvp = 3\n", 1, "[global]", "calfpump-model 1"},
    {"unknown header", "calfpump-modle 1\n", 1, "calfpump-modle", "calfpump-model 1"},
    {"missing version", "# x\ncalfpump-model\n", 2, "version", "calfpump-model 1"},
    {"unsupported version", "calfpump-model 2\n", 1, "'2'", "version 1"},
    {"junk after header", "calfpump-model 1 x\n", 1, "'x'", NULL},
    {"unknown section", HDR "\n[globals]\n", 3, "globals", "[compartment NAME]"},
    {"unclosed section", HDR "[global\n", 2, "[global", "]"},
    {"section without name", HDR "[compartment]\n", 2, "[compartment]", "NAME"},
    {"name on unnamed section", HDR "[segment one]\n", 2, "one", NULL},
    {"invalid element name", HDR "[compartment 9a]\n", 2, "9a", NULL},
    {"reserved name ra", HDR "[compartment ra]\n", 2, "'ra'", "reserved"},
    {"duplicate compartment", HDR LEG1 OUT1 "[compartment a]\n", 8, "'a'", "line 2"},
    {"duplicate connection", HDR LEG1 OUT1 "[connection out]\n", 8, "'out'", "line 5"},
    {"duplicate [global]", HDR "[global]\n[global]\n", 3, "[global]", "line 2"},
    {"unknown key", HDR "[compartment deep_calf]\nregion = calf\nlayer = deep\nvo = 3\n" OUT1, 5,
     "unknown key 'vo' in [compartment deep_calf]", "expected one of: region, layer, v0, k"},
    {"unknown global", HDR "[global]\ncvp = 3\nmap2 = 90\n", 4, "'map2'", "cvp"},
    {"unknown segment key", HDR "[segment]\nspeeed = 3\n", 3, "'speeed'", "speed"},
    {"unknown run key", HDR "[run]\nintegrater = rk4\n", 3, "'integrater'", "integrator"},
    {"key twice", HDR LEG1 "v0 = 3\nk = 1\nv0 = 4\n" OUT1, 7, "'v0'", "line 5"},
    {"key outside section", HDR "cvp = 3\n", 2, "'cvp'", "section"},
    {"line without '='", HDR "[global]\ncvp 3\n", 3, "'cvp 3'", "KEY = VALUE"},
    {"bad key characters", HDR "[global]\nCvp = 3\n", 3, "'Cvp'", NULL},
    {"missing value", HDR "[global]\ncvp =   # nothing\n", 3, "'cvp'", "VALUE"},
    {"garbage number", HDR "[global]\ncvp = 3.5mmHg\n", 3, "'3.5mmHg'", "decimal"},
    {"NaN", HDR "[global]\ncvp = nan\n", 3, "'nan'", "finite"},
    {"infinity", HDR "[global]\ncvp = inf\n", 3, "'inf'", "finite"},
    {"overflow", HDR "[global]\ncvp = 1e999\n", 3, "'1e999'", "finite"},
    {"hexadecimal", HDR "[global]\ncvp = 0x10\n", 3, "'0x10'", NULL},
    {"number out of bounds", HDR LEG1 "\n\nv0 = -1\n" OUT1, 7, "'-1'", "outside [0.01, 10000] mL"},
    {"global out of bounds", HDR "[global]\ncvp = 99\n", 3, "'99'", "outside [-10, 40] mmHg"},
    {"conn out of bounds", HDR LEG1 OUT1 "obstruction = 0.5\n", 8, "'0.5'", "outside"},
    {"missing region", HDR "[compartment a]\nlayer = deep\n" OUT1, 2, "'region'", "foot"},
    {"unknown region", HDR "[compartment a]\nregion = shin\nlayer = deep\n" OUT1, 3, "'shin'",
     "foot, calf, knee, thigh, other"},
    {"unknown layer", HDR "[compartment a]\nregion = calf\nlayer = middle\n" OUT1, 4, "'middle'",
     "superficial, deep, intramuscular"},
    {"missing from", HDR LEG1 "[connection out]\nto = ra\n", 5, "'from'", NULL},
    {"bad valve word", HDR LEG1 OUT1 "valve = maybe\n", 8, "'maybe'", "yes or no"},
    {"valve key without valve", HDR LEG1 OUT1 "valve = no\ncompetence = 0.5\n", 9,
     "'competence'", "valve = yes"},
    {"valve key, valve not given", HDR LEG1 OUT1 "kvo = 3\n", 8, "'kvo'", "valve = yes"},
    {"valve out of bounds", HDR LEG1 OUT1 "valve = yes\ncompetence = 2\n", 9, "'2'", "outside"},
    {"dangling to", HDR LEG1 OUT1 "[connection x]\nfrom = a\n\nto = nowhere\n", 11, "'nowhere'",
     "dangling"},
    {"dangling from", HDR "[connection out]\nfrom = b\nto = ra\n" LEG1, 3, "'b'", "dangling"},
    {"from the atrium", HDR LEG1 OUT1 "[connection back]\nfrom = ra\nto = a\n", 9, "ra", NULL},
    {"self loop", HDR LEG1 OUT1 "[connection self]\nfrom = a\nto = a\n", 10, "'a'", "itself"},
    {"disconnected compartment", HDR LEG1 OUT1 "\n[compartment lonely]\nregion = foot\n"
     "layer = superficial\n", 9, "'lonely'", "not connected"},
    {"disconnected first compartment", HDR "[compartment lonely]\nregion = foot\n"
     "layer = superficial\n" OUT1 LEG1, 2, "'lonely'", "not connected"},
    {"disconnected middle compartment, sections out of order", HDR OUT1 LEG1 "[connection ab]\n"
     "from = b\nto = a\n[compartment lonely]\nregion = foot\nlayer = deep\n[compartment b]\n"
     "region = foot\nlayer = deep\n", 11, "'lonely'", "link it"},
    {"no connection to ra", HDR "[compartment a]\nregion = calf\nlayer = deep\n"
     "[compartment b]\nregion = calf\nlayer = deep\n[connection ab]\nfrom = a\nto = b\n", 2,
     "to = ra", "right atrium"},
    {"unknown preset", HDR LEG1 OUT1 "[condition]\napply = gsv_reflux\n", 9, "'gsv_reflux'",
     "gsv-reflux"},
    {"apply twice in one [condition]", HDR LEG1 OUT1 "[condition]\napply = weak-calf\napply = healthy\n", 10,
     "'apply'", "line 9"},
    {"preset not fitting network", HDR LEG1 OUT1 "[condition]\napply = healthy\n", 9,
     "'healthy'", "does not fit"},
    {"condition without apply", HDR "[condition]\n", 2, "'apply'", NULL},
    {"segment missing duration", HDR "[segment]\nposture = standing\nactivity = still\n", 2,
     "'duration'", "[segment] #1"},
    {"segment missing posture", HDR "[segment]\nposture = standing\nactivity = still\n"
     "duration = 1\n[segment]\nactivity = still\nduration = 1\n", 6, "'posture'", "[segment] #2"},
    {"segment missing activity", HDR "[segment]\nposture = standing\nduration = 1\n", 2,
     "'activity'", NULL},
    {"unknown posture", HDR "[segment]\nposture = lying\nactivity = still\nduration = 1\n", 3,
     "'lying'", "supine, sitting, standing, tilt"},
    {"unknown activity", HDR "[segment]\nposture = standing\nactivity = jog\nduration = 1\n", 4,
     "'jog'", "walk"},
    {"activity needs another posture", HDR "[segment]\nposture = sitting\nactivity = walk\n"
     "duration = 1\n", 4, "'walk'", "standing"},
    {"bad duration", HDR "[segment]\nposture = sitting\nactivity = still\nduration = 0\n", 5,
     "'0'", "> 0"},
    {"segment parameter out of bounds", HDR "[segment]\nposture = standing\nactivity = walk\n"
     "duration = 1\nspeed = 99\n", 6, "'99'", "speed"},
    {"waveform on a walk", HDR "[segment]\nposture = standing\nactivity = walk\n"
     "duration = 1\nwaveform_calf = once 0:1\n", 6, "'waveform_calf'", "custom"},
    {"bad waveform mode", HDR "[segment]\nposture = standing\nactivity = custom\n"
     "duration = 1\nwaveform_calf = repeat 0:1\n", 6, "'repeat'", "periodic"},
    {"bad waveform sample", HDR "[segment]\nposture = standing\nactivity = custom\n"
     "duration = 1\nwaveform_calf = once 0:0 0.5;1\n", 6, "'0.5;1'", "TIME:ACTIVATION"},
    {"waveform activation out of range", HDR "[segment]\nposture = standing\n"
     "activity = custom\nduration = 1\nwaveform_foot = once 0:0 0.5:1.5\n", 6, "'0.5:1.5'", "[0, 1]"},
    {"waveform times not increasing", HDR "[segment]\nposture = standing\nactivity = custom\n"
     "duration = 1\nwaveform_thigh = periodic 0:0 1:1 1:0\n", 6, "'1:0'", "increasing"},
    {"periodic waveform too short", HDR "[segment]\nposture = standing\nactivity = custom\n"
     "duration = 1\nwaveform_calf = periodic 0:1\n", 6, "'waveform_calf'", "at least 2"},
    {"run option out of bounds", HDR "[run]\nrtol = 2\n", 3, "'2'", "rtol"},
    {"bad integrator name", HDR "[run]\nintegrator = dopri-5\n", 3, "'dopri-5'", NULL},
    {"duplicate [run]", HDR "[run]\n[run]\n", 3, "[run]", "line 2"},
};

START_TEST(error_path)
{
    const bad_case *c = &bad[_i];
    calfpump_model *m = (calfpump_model *)&m; /* must be reset to NULL */
    calfpump_protocol *p = (calfpump_protocol *)&p;
    char err[1024], prefix[64];
    int st = calfpump_model_load_string(&m, &p, c->text, FNAME, err, sizeof err);
    ck_assert_msg(st == CALFPUMP_E_INVAL, "%s: status %d (%s)", c->what, st, err);
    ck_assert_msg(m == NULL && p == NULL, "%s: outputs not reset", c->what);
    snprintf(prefix, sizeof prefix, FNAME ":%d: ", c->line);
    ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0, "%s: expected '%s...', got '%s'",
                  c->what, prefix, err);
    ck_assert_msg(strstr(err, c->token) != NULL, "%s: '%s' not in '%s'", c->what, c->token, err);
    if (c->token2)
        ck_assert_msg(strstr(err, c->token2) != NULL, "%s: '%s' not in '%s'", c->what, c->token2,
                      err);
    /* Discarding the protocol changes nothing. */
    ck_assert_int_eq(calfpump_model_load_string(NULL, NULL, c->text, FNAME, NULL, 0),
                     CALFPUMP_E_INVAL);
}
END_TEST

START_TEST(io_errors)
{
    calfpump_model *m = (calfpump_model *)&m;
    calfpump_protocol *p = (calfpump_protocol *)&p;
    char err[512], path[64];
    FILE *f;
    ck_assert_int_eq(calfpump_model_load(&m, &p, "/nonexistent/dir/leg.cfp", err, sizeof err),
                     CALFPUMP_E_IO);
    ck_assert_ptr_null(m);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err, "/nonexistent/dir/leg.cfp") == err, "%s", err);

    /* A directory cannot be read as a file. */
    ck_assert_int_eq(calfpump_model_load(&m, &p, "/tmp", err, sizeof err), CALFPUMP_E_IO);
    ck_assert_msg(strstr(err, "/tmp") == err, "%s", err);

    /* A file with a NUL byte, and an empty file. */
    temp_path(path, sizeof path);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(HDR "[global]\n\0cvp = 3\n", 1, sizeof HDR + 10, f);
    fclose(f);
    ck_assert_int_eq(calfpump_model_load(&m, &p, path, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_msg(strstr(err, path) == err && strstr(err, ":3: NUL"), "%s", err);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(calfpump_model_load(&m, &p, path, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_msg(strstr(err, path) == err && strstr(err, ":1: "), "%s", err);
    unlink(path);
}
END_TEST

/* Reading stops at once on a directory or a device, and at the size
 * limit on a file or a pipe that is too long. */
START_TEST(read_limits)
{
    calfpump_model *m = (calfpump_model *)&m;
    calfpump_protocol *p = (calfpump_protocol *)&p;
    char err[512], path[64];
    int fd;
    ck_assert_int_eq(calfpump_model_load(&m, &p, "/tmp", err, sizeof err), CALFPUMP_E_IO);
    ck_assert_ptr_null(m);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err, "/tmp: ") == err && strstr(err, "directory"), "%s", err);
    if (access("/dev/zero", R_OK) == 0) {
        ck_assert_int_eq(calfpump_model_load(&m, &p, "/dev/zero", err, sizeof err),
                         CALFPUMP_E_IO);
        ck_assert_msg(strstr(err, "/dev/zero: ") == err && strstr(err, "device"), "%s", err);
    }
    /* A sparse file one byte over the limit, then exactly at it: that one
     * is read (and is all NUL bytes). */
    temp_path(path, sizeof path);
    fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)CFP_MF_SIZE_MAX + 1), 0);
    ck_assert_int_eq(calfpump_model_load(&m, &p, path, err, sizeof err), CALFPUMP_E_IO);
    ck_assert_msg(strstr(err, path) == err && strstr(err, "larger than 64 MiB"), "%s", err);
    ck_assert_int_eq(ftruncate(fd, (off_t)CFP_MF_SIZE_MAX), 0);
    ck_assert_int_eq(calfpump_model_load(&m, &p, path, err, sizeof err), CALFPUMP_E_INVAL);
    ck_assert_msg(strstr(err, ":1: NUL"), "%s", err);
    close(fd);
    unlink(path);
}
END_TEST

/* A child process writes n bytes of text (repeated) into the FIFO path. */
static pid_t fifo_writer(const char *path, const char *text, size_t n)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        FILE *f = fopen(path, "wb");
        size_t len = strlen(text);
        for (size_t done = 0; f && done < n; done += len)
            if (fwrite(text, 1, len, f) != len)
                break; /* the reader stopped */
        _exit(f && fclose(f) == 0 ? 0 : 1);
    }
    return pid;
}

START_TEST(read_fifo)
{
    static const char model[] = HDR "[global]\ncvp = 4.5\n";
    calfpump_model *m;
    char err[512], path[64];
    double v = 0;
    pid_t pid;
    snprintf(path, sizeof path, "/tmp/cfp-fifo-%ld", (long)getpid());
    ck_assert_msg(mkfifo(path, 0600) == 0, "mkfifo %s: %s", path, strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    pid = fifo_writer(path, model, sizeof model - 1);
    ck_assert_int_eq(calfpump_model_load(&m, NULL, path, err, sizeof err), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_get(m, "cvp", &v), CALFPUMP_OK);
    ck_assert(v == 4.5);
    calfpump_model_free(m);
    waitpid(pid, NULL, 0);
    /* A pipe that goes on past the limit. */
    pid = fifo_writer(path, "# a comment line of a runaway model file\n", 2 * CFP_MF_SIZE_MAX);
    ck_assert_int_eq(calfpump_model_load(&m, NULL, path, err, sizeof err), CALFPUMP_E_IO);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err, "larger than 64 MiB"), "%s", err);
    waitpid(pid, NULL, 0);
    unlink(path);
}
END_TEST

static int cb(double t, double *a, void *user)
{
    (void)t;
    (void)user;
    a[0] = a[1] = a[2] = 0;
    return 0;
}

START_TEST(save_errors)
{
    calfpump_model *m;
    calfpump_protocol *p;
    size_t k;
    char path[64];
    temp_path(path, sizeof path);
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "custom", 1, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_activation_fn(p, k, cb, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_save(m, p, path), CALFPUMP_E_STATE);
    ck_assert_ptr_nonnull(strstr(calfpump_model_errmsg(m), "callback"));
    ck_assert_int_eq(calfpump_model_save(m, NULL, "/nonexistent/dir/x.cfp"), CALFPUMP_E_IO);
    ck_assert_ptr_nonnull(strstr(calfpump_model_errmsg(m), "/nonexistent/dir/x.cfp"));
    ck_assert_int_eq(calfpump_model_save(m, NULL, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_model_save(NULL, NULL, path), CALFPUMP_E_NULL);
    /* A network that could not be read back. */
    ck_assert_int_eq(calfpump_model_add_compartment(m, "island", "calf", "deep"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_save(m, NULL, path), CALFPUMP_E_MODEL);
    ck_assert_ptr_nonnull(strstr(calfpump_model_errmsg(m), "island"));
    calfpump_model_free(m);
    calfpump_protocol_free(p);

    /* The empty network saves and loads. */
    {
        calfpump_model *e, *e2;
        ck_assert_int_eq(calfpump_model_new(&e), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_model_save(e, NULL, path), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_model_load(&e2, NULL, path, NULL, 0), CALFPUMP_OK);
        assert_models_equal(e, e2);
        calfpump_model_free(e);
        calfpump_model_free(e2);
    }
    unlink(path);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("modelfile");
    TCase *tc = tcase_create("roundtrip");
    tcase_add_test(tc, roundtrip_model_and_protocol);
    tcase_add_test(tc, roundtrip_run_settings);
    tcase_add_test(tc, run_bounds_match_sim);
    tcase_add_test(tc, default_leg_file);
    tcase_add_test(tc, user_loop_network);
    tcase_add_test(tc, syntax_details);
    tcase_add_test(tc, doc_example);
    tcase_add_test(tc, locale_independent);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_loop_test(tc, error_path, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, io_errors);
    tcase_add_test(tc, save_errors);
    tcase_add_test(tc, read_limits);
    tcase_add_test(tc, read_fifo);
    suite_add_tcase(s, tc);
    return s;
}
