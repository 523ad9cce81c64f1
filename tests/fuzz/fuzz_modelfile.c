/* fuzz_modelfile.c -- fuzz target: the model-file loader.
 *
 * Any text: calfpump_model_load_string() returns a known status with a
 * "fuzz.cfp:LINE: ..." message, or a model (and protocol) that
 * calfpump_model_write() saves and the loader reads back with every
 * parameter bit for bit.  Checking only (NULL outputs) gives the same
 * status. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char save_path[64];

static void remove_save_path(void)
{
    if (save_path[0])
        remove(save_path);
}

/* A file to save to, created once per process. */
static const char *temp_path(void)
{
    if (!save_path[0]) {
        const char *dir = getenv("TMPDIR");
        int fd;
        snprintf(save_path, sizeof save_path, "%s/cfp-fuzz-XXXXXX",
                 dir && strlen(dir) < 40 ? dir : "/tmp");
        fd = mkstemp(save_path);
        CFP_FUZZ_CHECK(fd >= 0, save_path);
        close(fd);
        atexit(remove_save_path);
    }
    return save_path;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void same_models(const calfpump_model *a, const calfpump_model *b)
{
    size_t n = calfpump_model_param_count(a);
    CFP_FUZZ_CHECK(n == calfpump_model_param_count(b), "parameter count after a reload");
    CFP_FUZZ_CHECK(calfpump_model_connection_count(a) == calfpump_model_connection_count(b),
                   "connection count after a reload");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(a, i);
        double x = 0, y = 0;
        CFP_FUZZ_CHECK(name != NULL, "every parameter has a name");
        CFP_FUZZ_CHECK(calfpump_model_get(a, name, &x) == CALFPUMP_OK, name);
        CFP_FUZZ_CHECK(calfpump_model_get(b, name, &y) == CALFPUMP_OK, name);
        CFP_FUZZ_CHECK(same_bits(x, y), name);
    }
}

/* NULL, or a protocol with nothing in it (from an empty [run] section,
 * which the writer leaves out). */
static int empty_protocol(const calfpump_protocol *p)
{
    double v;
    if (!p)
        return 1;
    if (calfpump_protocol_segment_count(p) || calfpump_protocol_run_integrator(p))
        return 0;
    for (size_t k = 0; k < calfpump_run_option_count(); k++)
        if (calfpump_protocol_run_option(p, calfpump_run_option_name(k), &v) == CALFPUMP_OK)
            return 0;
    return 1;
}

static void same_protocols(const calfpump_protocol *a, const calfpump_protocol *b)
{
    size_t n = calfpump_protocol_segment_count(a);
    if (empty_protocol(a) && empty_protocol(b))
        return;
    CFP_FUZZ_CHECK(a && b, "a protocol after a reload");
    CFP_FUZZ_CHECK(n == calfpump_protocol_segment_count(b), "segment count after a reload");
    for (size_t i = 0; i < n; i++) {
        CFP_FUZZ_CHECK(strcmp(calfpump_protocol_segment_activity(a, i),
                              calfpump_protocol_segment_activity(b, i)) == 0, "activity");
        CFP_FUZZ_CHECK(same_bits(calfpump_protocol_segment_duration(a, i),
                                 calfpump_protocol_segment_duration(b, i)), "duration");
        for (size_t k = 0; k < calfpump_protocol_param_count(); k++) {
            const char *name = calfpump_protocol_param_name(k);
            double x = 0, y = 0;
            CFP_FUZZ_CHECK(calfpump_protocol_get(a, i, name, &x) == CALFPUMP_OK, name);
            CFP_FUZZ_CHECK(calfpump_protocol_get(b, i, name, &y) == CALFPUMP_OK, name);
            CFP_FUZZ_CHECK(same_bits(x, y), name);
        }
    }
    for (size_t k = 0; a && k < calfpump_run_option_count(); k++) {
        const char *name = calfpump_run_option_name(k);
        double x = 0, y = 0;
        int sa = calfpump_protocol_run_option(a, name, &x), sb = calfpump_protocol_run_option(b, name, &y);
        CFP_FUZZ_CHECK(sa == sb && (sa != CALFPUMP_OK || same_bits(x, y)), name);
    }
}

/* Save m and p, read them back, compare. */
static void roundtrip(const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_model *m2 = NULL;
    calfpump_protocol *p2 = NULL;
    const char *path = temp_path();
    char err[1024];
    int st = calfpump_model_write(m, p, path, err, sizeof err);
    CFP_FUZZ_CHECK(st == CALFPUMP_OK, err);
    st = calfpump_model_load(&m2, &p2, path, err, sizeof err);
    CFP_FUZZ_CHECK(st == CALFPUMP_OK, err);
    same_models(m, m2);
    same_protocols(p, p2);
    calfpump_model_free(m2);
    calfpump_protocol_free(p2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    calfpump_model *m;
    calfpump_protocol *p;
    char *text = cfp_fuzz_text(data, size);
    int st;
    if (!text)
        return 0;
    st = cfp_fuzz_load(text, &m, &p);
    CFP_FUZZ_CHECK(calfpump_model_load_string(NULL, NULL, text, "fuzz.cfp", NULL, 0) == st,
                   "checking only gives the same status");
    if (st == CALFPUMP_OK)
        roundtrip(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    free(text);
    return 0;
}
