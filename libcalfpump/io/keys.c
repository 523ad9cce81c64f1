/* Model files: the keys each section takes.  Apart from a few words of
 * the format itself (region, from, posture, integrator, ...), every key
 * comes from a registry: the parameter tables (model/params.c), the
 * segment-parameter table (drive/segparams.c), the activity registry
 * (waveform keys, for activities driven by sampled waveforms) and the
 * run-option table (sim/options.c). */
#include <string.h>
#include "base/util.h"
#include "drive/activity.h"
#include "io/modelfile.h"
#include "model/params.h"
#include "sim/options.h"

#define WAVE_PREFIX "waveform_"

static const char *const comp_fixed[] = {"region", "layer", NULL};
static const char *const conn_fixed[] = {"from", "to", "valve", NULL};
static const char *const cond_fixed[] = {"apply", NULL};
static const char *const seg_fixed[] = {"posture", "activity", "duration", NULL};
static const char *const run_fixed[] = {"integrator", NULL};

/* The format's own words of a section, NULL-terminated; and the parameter
 * kinds (CFP_KIND_*) whose fields are its keys, -1-terminated. */
static const struct {
    const char *const *fixed;
    int kinds[3];
} sections[CFP_SEC_COUNT] = {
    [CFP_SEC_GLOBAL] = {NULL, {CFP_KIND_GLOBAL, -1}},
    [CFP_SEC_COMP] = {comp_fixed, {CFP_KIND_COMP, -1}},
    [CFP_SEC_CONN] = {conn_fixed, {CFP_KIND_CONN, CFP_KIND_VALVE, -1}},
    [CFP_SEC_COND] = {cond_fixed, {-1}},
    [CFP_SEC_SEG] = {seg_fixed, {-1}},
    [CFP_SEC_RUN] = {run_fixed, {-1}},
};

const char *cfp_mf_muscle_name(int muscle) { return cfp_muscle_names[muscle]; }

/* Is there an activity driven by sampled waveforms? */
static int have_waveforms(void)
{
    for (size_t i = 0; i < cfp_activity_count(); i++)
        if (cfp_activity_at(i)->flags & CFP_ACT_CUSTOM)
            return 1;
    return 0;
}

int cfp_mf_wave_muscle(const char *key)
{
    size_t n = strlen(WAVE_PREFIX);
    if (strncmp(key, WAVE_PREFIX, n) != 0 || !have_waveforms())
        return -1;
    return cfp_lookup(key + n, cfp_muscle_names, CFP_MUSCLE_COUNT);
}

int cfp_mf_key_known(int kind, const char *key)
{
    const char *const *fixed = sections[kind].fixed;
    for (size_t i = 0; fixed && fixed[i]; i++)
        if (strcmp(fixed[i], key) == 0)
            return 1;
    for (const int *k = sections[kind].kinds; *k >= 0; k++)
        if (cfp_field_find(*k, key))
            return 1;
    if (kind == CFP_SEC_SEG)
        return cfp_segparam_find(key) != NULL || cfp_mf_wave_muscle(key) >= 0;
    if (kind == CFP_SEC_RUN)
        return cfp_runopt_find(key, NULL) != NULL;
    return 0;
}

void cfp_mf_expected_keys(int kind, char *buf, size_t n)
{
    const char *const *fixed = sections[kind].fixed;
    cfp_text t;
    cfp_text_init(&t, buf, n);
    for (size_t i = 0; fixed && fixed[i]; i++)
        cfp_text_item(&t, "%s", fixed[i]);
    for (const int *k = sections[kind].kinds; *k >= 0; k++) {
        size_t nf;
        const cfp_field *f = cfp_fields(*k, &nf);
        for (size_t i = 0; i < nf; i++)
            cfp_text_item(&t, "%s", f[i].name);
    }
    if (kind == CFP_SEC_SEG) {
        for (size_t i = 0; i < cfp_segparam_count(); i++)
            cfp_text_item(&t, "%s", cfp_segparam_at(i)->name);
        for (int g = 0; g < CFP_MUSCLE_COUNT && have_waveforms(); g++)
            cfp_text_item(&t, WAVE_PREFIX "%s", cfp_muscle_names[g]);
    }
    if (kind == CFP_SEC_RUN)
        for (size_t i = 0; i < cfp_runopt_count(); i++)
            cfp_text_item(&t, "%s", cfp_runopt_at(i)->name);
}
