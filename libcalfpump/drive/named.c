/* The named clinical protocols: a table of segments each. */
#include <string.h>
#include "base/util.h"
#include "drive/protocol.h"

typedef struct {
    const char *posture, *activity;
    double duration;
    const char *param;
    double value;
    const char *param2;
    double value2;
} seg_spec;

#define END_ {NULL, NULL, 0, NULL, 0, NULL, 0}
static const seg_spec avp_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "walk", 60, "speed", 3.0, NULL, 0},
    {"standing", "still", 90, NULL, 0, NULL, 0}, END_};
/* Christopoulos et al. 1987: supine with the leg raised 45 degrees to
 * empty the veins, then standing with the weight on the other leg. */
static const seg_spec apg_spec[] = {
    {"leg_raised", "still", 60, "angle", 45, NULL, 0},
    {"standing", "still", 150, "weight_bearing", 0, NULL, 0},
    {"standing", "tiptoe", 2, "count", 1, NULL, 0},
    {"standing", "still", 40, "weight_bearing", 0, NULL, 0},
    {"standing", "tiptoe", 10, "count", 10, "rate", 1.0},
    {"standing", "still", 30, "weight_bearing", 0, NULL, 0}, END_};
static const seg_spec cycle_spec[] = {
    {"sitting", "still", 60, NULL, 0, NULL, 0},
    {"sitting", "cycle", 90, "rpm", 50, "toe_pointed", 1},
    {"sitting", "still", 60, NULL, 0, NULL, 0}, END_};
static const seg_spec tilt_spec[] = {
    {"supine", "still", 60, NULL, 0, NULL, 0},
    {"standing", "still", 150, NULL, 0, NULL, 0}, END_};
static const seg_spec valve_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "squeeze", 15, "pressure", 100, NULL, 0}, END_};
static const seg_spec valsalva_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "valsalva", 20, "strain", 40, "hold", 10}, END_};
/* Release of a proximal thigh cuff (van Bemmelen et al., J Vasc Surg
 * 1989;10:425): standing, a thigh cuff inflated to 80 mmHg for 3 s and
 * deflated within 0.3 s; the emptied thigh veins refill from above. */
static const seg_spec thigh_cuff_spec[] = {
    {"standing", "still", 60, NULL, 0, NULL, 0},
    {"standing", "cuff_release", 15, "pressure", 80, "hold", 3}, END_};
#undef END_

static const struct {
    const char *name;
    const seg_spec *spec;
} named[] = {
    {"avp", avp_spec}, {"apg", apg_spec}, {"cycle", cycle_spec},
    {"tilt", tilt_spec}, {"valve", valve_spec}, {"valsalva", valsalva_spec},
    {"thigh_cuff", thigh_cuff_spec}};
#define NNAMED (sizeof named / sizeof named[0])

size_t calfpump_protocol_named_count(void) { return NNAMED; }

const char *calfpump_protocol_named_name(size_t i) { return i < NNAMED ? named[i].name : NULL; }

static int build(calfpump_protocol *p, const seg_spec *s)
{
    for (; s->posture; s++) {
        size_t k;
        int st = calfpump_protocol_add_segment(p, s->posture, s->activity, s->duration, &k);
        if (!st && s->param)
            st = calfpump_protocol_set(p, k, s->param, s->value);
        if (!st && s->param2)
            st = calfpump_protocol_set(p, k, s->param2, s->value2);
        if (st)
            return st;
    }
    return CALFPUMP_OK;
}

int calfpump_protocol_create_named(calfpump_protocol **out, const char *name, char *errbuf,
                                   size_t errlen)
{
    calfpump_protocol *p;
    const seg_spec *spec = NULL;
    char msg[CFP_MSG_SIZE];
    cfp_text t;
    int st;
    cfp_errbuf(errbuf, errlen, "");
    if (out)
        *out = NULL;
    if (!out || !name) {
        cfp_errbuf(errbuf, errlen, "create_named: out and name are required");
        return CALFPUMP_E_NULL;
    }
    *out = NULL;
    for (size_t i = 0; i < NNAMED; i++)
        if (strcmp(named[i].name, name) == 0)
            spec = named[i].spec;
    if (!spec) {
        cfp_text_init(&t, msg, sizeof msg);
        cfp_text_add(&t, "unknown protocol '%s' (", name);
        for (size_t i = 0; i < NNAMED; i++)
            cfp_text_add(&t, "%s%s", i ? ", " : "", named[i].name);
        cfp_text_add(&t, ")");
        cfp_errbuf(errbuf, errlen, msg);
        return CALFPUMP_E_NOTFOUND;
    }
    if ((st = calfpump_protocol_new(&p))) {
        cfp_errbuf(errbuf, errlen, "out of memory");
        return st;
    }
    if ((st = build(p, spec))) {
        cfp_errbuf(errbuf, errlen, p->errmsg);
        calfpump_protocol_free(p);
        return st;
    }
    *out = p;
    return CALFPUMP_OK;
}

int calfpump_protocol_new_named(calfpump_protocol **out, const char *name)
{
    return calfpump_protocol_create_named(out, name, NULL, 0);
}
