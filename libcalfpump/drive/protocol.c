/* Protocols and the named clinical protocols. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "drive/protocol.h"
#include "base/util.h"

int calfpump_protocol_new(calfpump_protocol **out)
{
    if (!out)
        return CALFPUMP_E_NULL;
    *out = calloc(1, sizeof **out);
    return *out ? CALFPUMP_OK : CALFPUMP_E_NOMEM;
}

static void free_waves(cfp_segment *sg)
{
    for (int g = 0; g < CFP_MUSCLE_COUNT; g++) {
        free(sg->wave[g].t);
        memset(&sg->wave[g], 0, sizeof sg->wave[g]);
    }
}

void calfpump_protocol_free(calfpump_protocol *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nseg; i++)
        free_waves(&p->seg[i]);
    free(p->seg);
    free(p);
}

/* Copy a waveform into freshly allocated storage (t and a in one block). */
static int wave_dup(cfp_wave *dst, const double *t, const double *a, size_t n, int periodic)
{
    double *buf = malloc(2 * n * sizeof *buf);
    if (!buf)
        return CALFPUMP_E_NOMEM;
    memcpy(buf, t, n * sizeof *buf);
    memcpy(buf + n, a, n * sizeof *buf);
    dst->t = buf;
    dst->a = buf + n;
    dst->n = n;
    dst->periodic = periodic;
    return CALFPUMP_OK;
}

const char *calfpump_protocol_errmsg(const calfpump_protocol *p)
{
    return p ? p->errmsg : "protocol is NULL";
}

int cfp_protocol_copy(calfpump_protocol **out, const calfpump_protocol *p)
{
    calfpump_protocol *c = calloc(1, sizeof *c);
    if (!c)
        return CALFPUMP_E_NOMEM;
    if (p->nseg) {
        c->seg = malloc(p->nseg * sizeof *c->seg);
        if (!c->seg) {
            free(c);
            return CALFPUMP_E_NOMEM;
        }
        memcpy(c->seg, p->seg, p->nseg * sizeof *c->seg);
    }
    c->nseg = c->capseg = p->nseg;
    c->run = p->run;
    memcpy(c->run_integrator, p->run_integrator, sizeof c->run_integrator);
    for (size_t i = 0; i < p->nseg; i++)
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++) {
            const cfp_wave *w = &p->seg[i].wave[g];
            c->seg[i].wave[g].t = NULL;
            c->seg[i].wave[g].n = 0;
            if (w->n && wave_dup(&c->seg[i].wave[g], w->t, w->a, w->n, w->periodic)) {
                calfpump_protocol_free(c);
                return CALFPUMP_E_NOMEM;
            }
        }
    *out = c;
    return CALFPUMP_OK;
}

int calfpump_protocol_add_segment(calfpump_protocol *p, const char *posture,
                                  const char *activity, double duration, size_t *index)
{
    int po, ac;
    cfp_segment *s;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!posture || !activity)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "add_segment: posture and activity are required");
    po = cfp_lookup(posture, cfp_posture_names, CFP_POST_NAMES);
    if (po < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "unknown posture '%s' (supine, sitting, standing, tilt)", posture);
    ac = cfp_lookup(activity, cfp_activity_names, CFP_ACT_COUNT);
    if (ac < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "unknown activity '%s' (still, walk, run, stairs, tiptoe, cycle, swim, "
                        "heel_raise, toe_tap, ankle_pump, squeeze, custom)", activity);
    if (!cfp_finite(duration) || duration <= 0 || duration > 1e6)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE,
                        "segment duration %g s: must be > 0 and at most 1e6 s", duration);
    {
        /* Which posture each activity implies. */
        static const char *const need[CFP_ACT_COUNT] = {
            [CFP_ACT_WALK] = "standing", [CFP_ACT_RUN] = "standing",
            [CFP_ACT_STAIRS] = "standing", [CFP_ACT_TIPTOE] = "standing",
            [CFP_ACT_CYCLE] = "sitting", [CFP_ACT_HEEL_RAISE] = "sitting",
            [CFP_ACT_TOE_TAP] = "sitting", [CFP_ACT_SWIM] = "supine"};
        if (need[ac] && strcmp(need[ac], posture) != 0)
            return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "activity '%s' needs the %s posture, not '%s'",
                            activity, need[ac], posture);
        if (ac == CFP_ACT_ANKLE_PUMP && po != CFP_POST_SUPINE && po != CFP_POST_SITTING)
            return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                            "ankle pumps are done supine or sitting, not '%s'", posture);
    }
    if (p->nseg == p->capseg) {
        size_t cap = p->capseg ? 2 * p->capseg : 8;
        cfp_segment *n = realloc(p->seg, cap * sizeof *n);
        if (!n)
            return cfp_fail(p->errmsg, CALFPUMP_E_NOMEM, "out of memory");
        p->seg = n;
        p->capseg = cap;
    }
    s = &p->seg[p->nseg];
    memset(s, 0, sizeof *s);
    s->posture = po;
    s->activity = ac;
    s->duration = duration;
    cfp_actparams_default(&s->p);
    if (index)
        *index = p->nseg;
    p->nseg++;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_protocol_set(calfpump_protocol *p, size_t index, const char *param, double value)
{
    double lo, hi, *ref;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!param)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "set: parameter name is NULL");
    if (index >= p->nseg)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist (%zu segments)",
                        index, p->nseg);
    ref = cfp_actparam_ref(&p->seg[index].p, param, &lo, &hi);
    if (!ref)
        return cfp_fail(p->errmsg, CALFPUMP_E_NOTFOUND,
                        "unknown segment parameter '%s' (see calfpump_protocol_param_name())", param);
    if (!cfp_finite(value) || value < lo || value > hi)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu: %s = %g is outside [%g, %g]",
                        index, param, value, lo, hi);
    if ((strcmp(param, "stocking") == 0 || strcmp(param, "count") == 0) && value != floor(value))
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu: %s = %g must be a whole number",
                        index, param, value);
    *ref = value;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_protocol_get(const calfpump_protocol *p, size_t index, const char *param,
                          double *value)
{
    double lo, hi, *ref;
    calfpump_protocol *pp = (calfpump_protocol *)p;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!param || !value)
        return cfp_fail(pp->errmsg, CALFPUMP_E_NULL, "get: name and value pointer are required");
    if (index >= p->nseg)
        return cfp_fail(pp->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist", index);
    ref = cfp_actparam_ref(&pp->seg[index].p, param, &lo, &hi);
    if (!ref)
        return cfp_fail(pp->errmsg, CALFPUMP_E_NOTFOUND, "unknown segment parameter '%s'", param);
    *value = *ref;
    return CALFPUMP_OK;
}

size_t calfpump_protocol_segment_count(const calfpump_protocol *p) { return p ? p->nseg : 0; }

const char *calfpump_protocol_segment_activity(const calfpump_protocol *p, size_t i)
{
    return (p && i < p->nseg) ? cfp_activity_names[p->seg[i].activity] : NULL;
}

const char *calfpump_protocol_segment_posture(const calfpump_protocol *p, size_t i)
{
    return (p && i < p->nseg) ? cfp_posture_names[p->seg[i].posture] : NULL;
}

double calfpump_protocol_segment_duration(const calfpump_protocol *p, size_t i)
{
    return (p && i < p->nseg) ? p->seg[i].duration : cfp_nan();
}

double calfpump_protocol_duration(const calfpump_protocol *p)
{
    double t = 0;
    if (!p)
        return cfp_nan();
    for (size_t i = 0; i < p->nseg; i++)
        t += p->seg[i].duration;
    return t;
}

/* ---------------------------------------------------------------- */
/* Named protocols: a table of segments. */
typedef struct { const char *posture, *activity; double duration; const char *param;
                 double value; const char *param2; double value2; } seg_spec;

static const seg_spec avp_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "walk", 60, "speed", 3.0, NULL, 0},
    {"standing", "still", 90, NULL, 0, NULL, 0}, {NULL, NULL, 0, NULL, 0, NULL, 0}};
static const seg_spec apg_spec[] = {
    {"supine", "still", 60, NULL, 0, NULL, 0},
    {"standing", "still", 150, "weight_bearing", 0, NULL, 0},
    {"standing", "tiptoe", 2, "count", 1, NULL, 0},
    {"standing", "still", 40, "weight_bearing", 0, NULL, 0},
    {"standing", "tiptoe", 10, "count", 10, "rate", 1.0},
    {"standing", "still", 30, "weight_bearing", 0, NULL, 0}, {NULL, NULL, 0, NULL, 0, NULL, 0}};
static const seg_spec cycle_spec[] = {
    {"sitting", "still", 60, NULL, 0, NULL, 0},
    {"sitting", "cycle", 90, "rpm", 50, "toe_pointed", 1},
    {"sitting", "still", 60, NULL, 0, NULL, 0}, {NULL, NULL, 0, NULL, 0, NULL, 0}};
static const seg_spec tilt_spec[] = {
    {"supine", "still", 60, NULL, 0, NULL, 0},
    {"standing", "still", 150, NULL, 0, NULL, 0}, {NULL, NULL, 0, NULL, 0, NULL, 0}};
static const seg_spec valve_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "squeeze", 15, "pressure", 100, NULL, 0}, {NULL, NULL, 0, NULL, 0, NULL, 0}};

static const struct { const char *name; const seg_spec *spec; } named[] = {
    {"avp", avp_spec}, {"apg", apg_spec}, {"cycle", cycle_spec},
    {"tilt", tilt_spec}, {"valve", valve_spec}};
#define NNAMED (sizeof named / sizeof named[0])

size_t calfpump_protocol_named_count(void) { return NNAMED; }

const char *calfpump_protocol_named_name(size_t i) { return i < NNAMED ? named[i].name : NULL; }

int calfpump_protocol_new_named(calfpump_protocol **out, const char *name)
{
    calfpump_protocol *p;
    const seg_spec *s = NULL;
    int st;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    if (!name)
        return CALFPUMP_E_NULL;
    for (size_t i = 0; i < NNAMED; i++)
        if (strcmp(named[i].name, name) == 0)
            s = named[i].spec;
    if (!s)
        return CALFPUMP_E_NOTFOUND;
    st = calfpump_protocol_new(&p);
    if (st)
        return st;
    for (; s->posture; s++) {
        size_t k;
        st = calfpump_protocol_add_segment(p, s->posture, s->activity, s->duration, &k);
        if (!st && s->param)
            st = calfpump_protocol_set(p, k, s->param, s->value);
        if (!st && s->param2)
            st = calfpump_protocol_set(p, k, s->param2, s->value2);
        if (st) {
            calfpump_protocol_free(p);
            return st;
        }
    }
    *out = p;
    return CALFPUMP_OK;
}

size_t calfpump_protocol_param_count(void)
{
    size_t n = 0;
    while (cfp_actparam_names[n])
        n++;
    return n;
}

const char *calfpump_protocol_param_name(size_t i)
{
    return i < calfpump_protocol_param_count() ? cfp_actparam_names[i] : NULL;
}

static int custom_segment(calfpump_protocol *p, size_t index)
{
    if (index >= p->nseg)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist (%zu segments)",
                        index, p->nseg);
    if (p->seg[index].activity != CFP_ACT_CUSTOM)
        return cfp_fail(p->errmsg, CALFPUMP_E_STATE, "segment %zu is '%s', not 'custom'", index,
                        cfp_activity_names[p->seg[index].activity]);
    return CALFPUMP_OK;
}

int calfpump_protocol_set_waveform(calfpump_protocol *p, size_t index, const char *muscle,
                                   const double *t, const double *a, size_t n, int periodic)
{
    static const char *const muscles[CFP_MUSCLE_COUNT] = {"foot", "calf", "thigh"};
    cfp_wave w;
    int g, st;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!muscle || !t || !a)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "set_waveform: muscle, t and a are required");
    if ((st = custom_segment(p, index)))
        return st;
    g = cfp_lookup(muscle, muscles, CFP_MUSCLE_COUNT);
    if (g < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "unknown muscle group '%s' (foot, calf, thigh)",
                        muscle);
    if (n < 1 || n > 100000000)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "waveform: %zu samples (need 1 to 1e8)", n);
    if (periodic && n < 2)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "a periodic waveform needs at least 2 samples");
    for (size_t i = 0; i < n; i++) {
        if (!cfp_finite(t[i]) || !cfp_finite(a[i]))
            return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "waveform sample %zu is not finite", i);
        if (a[i] < 0 || a[i] > 1)
            return cfp_fail(p->errmsg, CALFPUMP_E_RANGE,
                            "waveform sample %zu: activation %g is outside [0, 1]", i, a[i]);
        if (i > 0 && !(t[i] > t[i - 1]))
            return cfp_fail(p->errmsg, CALFPUMP_E_RANGE,
                            "waveform times must increase: t[%zu] = %g after t[%zu] = %g", i, t[i],
                            i - 1, t[i - 1]);
    }
    if ((st = wave_dup(&w, t, a, n, periodic != 0)))
        return cfp_fail(p->errmsg, st, "out of memory");
    free(p->seg[index].wave[g].t);
    p->seg[index].wave[g] = w;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_protocol_set_activation_fn(calfpump_protocol *p, size_t index,
                                        calfpump_activation_fn fn, void *user)
{
    int st;
    if (!p)
        return CALFPUMP_E_NULL;
    if ((st = custom_segment(p, index)))
        return st;
    p->seg[index].fn = fn;
    p->seg[index].fn_user = user;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}
