/* fuzzutil.c -- helpers of the fuzz targets (fuzz.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void cfp_fuzz_broken(const char *file, int line, const char *cond, const char *what)
{
    fprintf(stderr, "fuzz: %s:%d: broken promise: %s (%s)\n", file, line, cond,
            what ? what : "");
    abort();
}

char *cfp_fuzz_text(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    if (t) {
        memcpy(t, data, size);
        t[size] = '\0';
    }
    return t;
}

int cfp_fuzz_load(const char *text, calfpump_model **m, calfpump_protocol **p)
{
    char err[1024];
    int st;
    *m = (calfpump_model *)&st; /* must be overwritten */
    *p = (calfpump_protocol *)&st;
    st = calfpump_model_load_string(m, p, text, "fuzz.cfp", err, sizeof err);
    CFP_FUZZ_CHECK(calfpump_status_name(st) != NULL, err);
    if (st == CALFPUMP_OK) {
        CFP_FUZZ_CHECK(*m != NULL, "a model on success");
        CFP_FUZZ_CHECK(*p != (calfpump_protocol *)&st, "the protocol set on success");
        CFP_FUZZ_CHECK(err[0] == '\0', err);
    } else {
        CFP_FUZZ_CHECK(*m == NULL && *p == NULL, "nothing half-built escapes");
        CFP_FUZZ_CHECK(err[0] != '\0', "a message with every failure");
        CFP_FUZZ_CHECK(st == CALFPUMP_E_INVAL || st == CALFPUMP_E_NOMEM, err);
        CFP_FUZZ_CHECK(strncmp(err, "fuzz.cfp:", 9) == 0, err);
    }
    return st;
}
