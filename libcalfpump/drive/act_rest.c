/* No muscle work: rest and immobility, and the manual calf squeeze of the
 * valve-closure test (an external pressure). */
#include "drive/activity.h"

static int still_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)s, (void)tau, (void)ph, (void)T, (void)d;
    return 0;
}

static void describe_still(const cfp_segment *s, cfp_text *out)
{
    if (s->posture == CFP_POST_STANDING && s->p.weight_bearing < 0.5)
        cfp_text_add(out, "no weight bearing");
}

/* Manual calf squeeze: external pressure rises over 0.3 s, is held 0.7 s
 * and released over 0.15 s. */
static int squeeze_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)ph, (void)T;
    d->cuff[CFP_REG_CALF] =
        s->p.strength * s->p.pressure * (cfp_ramp(tau, 0.3) - cfp_ramp(tau - 1.0, 0.15));
    return 0;
}

static void describe_squeeze(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g mmHg", s->p.pressure);
}

static const char *const still_params[] = {"weight_bearing", NULL};
static const char *const squeeze_params[] = {"pressure", "strength", NULL};

const cfp_activity cfp_act_still = {
    "still", "no muscle activity: rest, immobility, stasis", 0, CFP_ACT_STILL, still_params,
    NULL, still_drive, describe_still};
const cfp_activity cfp_act_squeeze = {
    "squeeze", "a manual calf squeeze of pressure mmHg, about 1 s", 0, 0, squeeze_params, NULL,
    squeeze_drive, describe_squeeze};
