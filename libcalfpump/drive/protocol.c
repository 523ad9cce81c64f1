/* Protocols and the named clinical protocols. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "drive/protocol.h"

int calfpump_protocol_new(calfpump_protocol **out)
{
    if (!out)
        return CALFPUMP_E_NULL;
    *out = calloc(1, sizeof **out);
    if (*out && !((*out)->errmsg = cfp_msg_new())) {
        free(*out);
        *out = NULL;
    }
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
    free(p->errmsg);
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
    calfpump_protocol *c;
    int st = calfpump_protocol_new(&c);
    if (st)
        return st;
    if (p->nseg) {
        c->seg = malloc(p->nseg * sizeof *c->seg);
        if (!c->seg) {
            calfpump_protocol_free(c);
            return CALFPUMP_E_NOMEM;
        }
        memcpy(c->seg, p->seg, p->nseg * sizeof *c->seg);
    }
    c->nseg = c->capseg = p->nseg;
    c->run = p->run;
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

int cfp_protocol_check(const calfpump_protocol *p, char *msg)
{
    if (p->nseg == 0)
        return cfp_fail(msg, CALFPUMP_E_INVAL, "the protocol has no segments");
    for (size_t i = 0; i < p->nseg; i++) {
        const cfp_segment *sg = &p->seg[i];
        int driven = sg->fn != NULL;
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
            driven |= sg->wave[g].n > 0;
        if ((sg->act->flags & CFP_ACT_CUSTOM) && !driven)
            return cfp_fail(msg, CALFPUMP_E_INVAL,
                            "segment %zu ('%s') has neither a sampled waveform nor an activation "
                            "callback (calfpump_protocol_set_waveform(), "
                            "calfpump_protocol_set_activation_fn())", i, sg->act->name);
    }
    return CALFPUMP_OK;
}

/* The activity and posture of a new segment, checked against each other. */
static int check_segment(calfpump_protocol *p, const char *posture, const char *activity,
                         int *po, const cfp_activity **ac)
{
    char list[256];
    cfp_text t;
    *po = cfp_lookup(posture, cfp_posture_names, CFP_POST_NAMES);
    if (*po < 0)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "unknown posture '%s' (supine, sitting, standing, tilt)", posture);
    *ac = cfp_activity_find(activity);
    if (!*ac) {
        cfp_text_init(&t, list, sizeof list);
        for (size_t i = 0; i < cfp_activity_count(); i++)
            cfp_text_item(&t, "%s", cfp_activity_at(i)->name);
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "unknown activity '%s' (%s)", activity, list);
    }
    if ((*ac)->postures && !((*ac)->postures & CFP_IN(*po)))
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "activity '%s' needs the %s posture, not '%s'",
                        activity, cfp_postures_text((*ac)->postures), posture);
    return CALFPUMP_OK;
}

int calfpump_protocol_add_segment(calfpump_protocol *p, const char *posture,
                                  const char *activity, double duration, size_t *index)
{
    const cfp_activity *ac;
    cfp_segment *s;
    int po, st;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!posture || !activity)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "add_segment: posture and activity are required");
    if ((st = check_segment(p, posture, activity, &po, &ac)))
        return st;
    if (!cfp_finite(duration) || duration <= 0 || duration > 1e6)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE,
                        "segment duration %g s: must be > 0 and at most 1e6 s", duration);
    if (!(s = cfp_grow(p->seg, &p->capseg, p->nseg, sizeof *s, 8)))
        return cfp_fail(p->errmsg, CALFPUMP_E_NOMEM, "out of memory");
    p->seg = s;
    s = &p->seg[p->nseg];
    memset(s, 0, sizeof *s);
    s->posture = po;
    s->act = ac;
    s->duration = duration;
    cfp_actparams_default(&s->p);
    if (index)
        *index = p->nseg;
    p->nseg++;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

/* A parameter the segment does not use keeps its default: setting it to
 * that value is accepted (model files written by calfpump_model_save()
 * list every parameter of every segment), any other value is an error. */
static int check_used(calfpump_protocol *p, size_t index, const cfp_segparam *d, double value)
{
    const cfp_segment *sg = &p->seg[index];
    char list[256];
    cfp_text t;
    if (cfp_segparam_used(sg, d) || value == cfp_segparam_get(&sg->p, d))
        return CALFPUMP_OK;
    if (d->scope == CFP_SCOPE_TILT)
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "segment %zu: '%s' applies to the tilt and leg_raised postures only, not '%s'", index,
                        d->name, cfp_posture_names[sg->posture]);
    cfp_text_init(&t, list, sizeof list);
    for (const char *const *q = sg->act->params; q && *q; q++)
        cfp_text_item(&t, "%s", *q);
    return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                    "segment %zu: activity '%s' does not use '%s' (it reads: %s; every segment "
                    "takes the compression parameters)", index, sg->act->name, d->name,
                    t.len ? list : "nothing");
}

int calfpump_protocol_set(calfpump_protocol *p, size_t index, const char *param, double value)
{
    const cfp_segparam *d;
    int st;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!param)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "set: parameter name is NULL");
    if (index >= p->nseg)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist (%zu segments)",
                        index, p->nseg);
    d = cfp_segparam_find(param);
    if (!d)
        return cfp_fail(p->errmsg, CALFPUMP_E_NOTFOUND,
                        "unknown segment parameter '%s' (see calfpump_protocol_param_name())", param);
    if (!cfp_finite(value) || value < d->lo || value > d->hi)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu: %s = %g is outside [%g, %g]",
                        index, param, value, d->lo, d->hi);
    if (d->whole && value != floor(value))
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu: %s = %g must be a whole number",
                        index, param, value);
    if ((st = check_used(p, index, d, value)))
        return st;
    *cfp_segparam_ref(&p->seg[index].p, d) = value;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_protocol_get(const calfpump_protocol *p, size_t index, const char *param,
                          double *value)
{
    const cfp_segparam *d;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!param || !value)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "get: name and value pointer are required");
    if (index >= p->nseg)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist", index);
    if (!(d = cfp_segparam_find(param)))
        return cfp_fail(p->errmsg, CALFPUMP_E_NOTFOUND, "unknown segment parameter '%s'", param);
    *value = cfp_segparam_get(&p->seg[index].p, d);
    return CALFPUMP_OK;
}

size_t calfpump_protocol_segment_count(const calfpump_protocol *p) { return p ? p->nseg : 0; }

const char *calfpump_protocol_segment_activity(const calfpump_protocol *p, size_t i)
{
    return (p && i < p->nseg) ? p->seg[i].act->name : NULL;
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

size_t calfpump_protocol_param_count(void) { return cfp_segparam_count(); }

const char *calfpump_protocol_param_name(size_t i)
{
    const cfp_segparam *d = cfp_segparam_at(i);
    return d ? d->name : NULL;
}

int cfp_protocol_custom_segment(calfpump_protocol *p, size_t index)
{
    if (index >= p->nseg)
        return cfp_fail(p->errmsg, CALFPUMP_E_RANGE, "segment %zu does not exist (%zu segments)",
                        index, p->nseg);
    if (!(p->seg[index].act->flags & CFP_ACT_CUSTOM))
        return cfp_fail(p->errmsg, CALFPUMP_E_STATE, "segment %zu is '%s', not 'custom'", index,
                        p->seg[index].act->name);
    return CALFPUMP_OK;
}

int calfpump_protocol_set_waveform(calfpump_protocol *p, size_t index, const char *muscle,
                                   const double *t, const double *a, size_t n, int periodic)
{
    cfp_wave w;
    int g, st;
    if (!p)
        return CALFPUMP_E_NULL;
    if (!muscle || !t || !a)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "set_waveform: muscle, t and a are required");
    if ((st = cfp_protocol_custom_segment(p, index)))
        return st;
    g = cfp_lookup(muscle, cfp_muscle_names, CFP_MUSCLE_COUNT);
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
    if ((st = cfp_protocol_custom_segment(p, index)))
        return st;
    p->seg[index].fn = fn;
    p->seg[index].fn_user = user;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}
