/* What a segment does: its activity's drive, then compression; and its
 * details in words. */
#include <math.h>
#include <string.h>
#include "drive/activity.h"

/* Stride of walking at 3 km/h (98 steps/min), s: the movement rate at
 * which the work rate of an activation is the activation itself.  Muscle
 * power is force times shortening speed, so the metabolic demand that
 * exercise hyperaemia follows grows with both the activation and the rate
 * of the movement (J Appl Physiol 1997;83:1383: femoral flow linear in
 * work rate). */
#define CFP_WORK_STRIDE (120.0 / 98.0)

double cfp_segment_period(const cfp_segment *s)
{
    return s->act->period ? s->act->period(s) : 0.0;
}

int cfp_segment_drive(const cfp_segment *s, double tau, cfp_drive *d)
{
    double T = cfp_segment_period(s), ph = T > 0 ? fmod(tau, T) / T : 0.0;
    int rc;
    memset(d, 0, sizeof *d);
    rc = s->act->drive(s, tau, ph, T, d);
    d->work = (d->a[CFP_MUSCLE_CALF] + d->a[CFP_MUSCLE_THIGH]) * (T > 0 ? CFP_WORK_STRIDE / T : 1.0);
    d->ankle = (s->act->flags & CFP_ACT_ANKLE) != 0;
    cfp_compression(s, tau, d);
    return rc;
}

int cfp_segparam_used(const cfp_segment *s, const cfp_segparam *d)
{
    switch (d->scope) {
    case CFP_SCOPE_SEGMENT:
        return 1;
    case CFP_SCOPE_TILT:
        return s->posture == CFP_POST_TILT || s->posture == CFP_POST_LEG_RAISED;
    default:
        return cfp_activity_reads(s->act, d->name);
    }
}

void cfp_segment_describe(const cfp_segment *s, char *buf, size_t len)
{
    cfp_text t;
    cfp_text_init(&t, buf, len);
    if (s->act->describe)
        s->act->describe(s, &t);
    if (s->posture == CFP_POST_TILT || s->posture == CFP_POST_LEG_RAISED)
        cfp_text_item(&t, "%g deg", s->p.angle);
    if (s->p.strength != 1.0 && !(s->act->flags & CFP_ACT_STILL))
        cfp_text_item(&t, "strength %g", s->p.strength);
    cfp_compression_describe(&s->p, &t);
}
