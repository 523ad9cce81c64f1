/* Seated heel-toe rocking: the feet rock from the toes (heels raised, the
 * calf contracts) onto the heels (toes raised, the shin muscles work and
 * the calf relaxes), a common in-flight exercise against leg swelling. */
#include "drive/activity.h"

/* Heels up over the first half of each rock, toes up over the second. */
static int rock_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = k * (cfp_pulse(ph, 0.0, 0.5, 0.35) + cfp_pulse(ph, 0.5, 1.0, 0.05));
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.5, 0.15);
    return 0;
}

static const char *const rock_params[] = {"rate", "strength", NULL};

const cfp_activity cfp_act_heel_toe_rock = {
    "heel_toe_rock", "seated heel-toe rocking: heels up, then toes up, rate rocks per s",
    CFP_IN(CFP_POST_SITTING), CFP_ACT_EXERCISE | CFP_ACT_ANKLE, rock_params, cfp_period_rate,
    rock_drive, cfp_describe_rate};
