/* Protocols and the named clinical protocols. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "protocol.h"
#include "util.h"

int calfpump_protocol_new(calfpump_protocol **out)
{
    if (!out)
        return CALFPUMP_E_NULL;
    *out = calloc(1, sizeof **out);
    return *out ? CALFPUMP_OK : CALFPUMP_E_NOMEM;
}

void calfpump_protocol_free(calfpump_protocol *p)
{
    if (!p)
        return;
    free(p->seg);
    free(p);
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
    po = cfp_lookup(posture, cfp_posture_names, CFP_POST_COUNT);
    if (po < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "unknown posture '%s' (supine, sitting, standing)", posture);
    ac = cfp_lookup(activity, cfp_activity_names, CFP_ACT_COUNT);
    if (ac < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "unknown activity '%s' (still, walk, tiptoe, cycle, squeeze)", activity);
    if (!cfp_finite(duration) || duration <= 0 || duration > 1e6)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE,
                        "segment duration %g s: must be > 0 and at most 1e6 s", duration);
    if (ac == CFP_ACT_WALK && po != CFP_POST_STANDING)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "walking needs the standing posture, not '%s'", posture);
    if (ac == CFP_ACT_TIPTOE && po != CFP_POST_STANDING)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "tiptoe raises need the standing posture, not '%s'", posture);
    if (ac == CFP_ACT_CYCLE && po != CFP_POST_SITTING)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "cycling needs the sitting posture, not '%s'", posture);
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
                        "unknown segment parameter '%s' (speed, rpm, toe_pointed, count, rate, "
                        "strength, weight_bearing, pressure)", param);
    if (!cfp_finite(value) || value < lo || value > hi)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu: %s = %g is outside [%g, %g]",
                        index, param, value, lo, hi);
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
