/* The cuff inflation-deflation test of duplex reflux studies (van
 * Bemmelen et al., J Vasc Surg 1989;10:425): standing, weight on the other
 * leg, a pneumatic cuff around the thigh, calf or foot is inflated
 * (thigh 80, calf 100, foot 120 mmHg) and deflated by a rapid cuff
 * inflator within 0.3 s.  The veins under the cuff, emptied, refill from
 * above: the pressure gradient across the valves proximal to the cuff
 * reverses, and an incompetent valve lets blood fall back through it. */
#include "drive/activity.h"

/* The cuff inflates over 0.3 s, holds for `hold` s and deflates over
 * 0.3 s. */
static int cuff_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    static const int region[3] = {CFP_REG_FOOT, CFP_REG_CALF, CFP_REG_THIGH};
    (void)ph, (void)T;
    d->cuff[region[(int)s->p.cuff_site]] +=
        s->p.strength * s->p.pressure * (cfp_ramp(tau, 0.3) - cfp_ramp(tau - 0.3 - s->p.hold, 0.3));
    return 0;
}

static void describe_cuff(const cfp_segment *s, cfp_text *out)
{
    static const char *const site[3] = {"foot", "calf", "thigh"};
    cfp_text_add(out, "%s cuff %g mmHg for %g s", site[(int)s->p.cuff_site], s->p.pressure,
                 s->p.hold);
}

static const char *const cuff_params[] = {"cuff_site", "pressure", "hold", "strength", NULL};

const cfp_activity cfp_act_cuff_release = {
    "cuff_release",
    "cuff inflation and rapid deflation (duplex reflux test): a cuff_site cuff (0 foot, 1 "
    "calf, 2 thigh) of pressure mmHg held hold s",
    0, 0, cuff_params, NULL, cuff_drive, describe_cuff};
