/* Whole-leg activities off the feet: cycling and swimming. */
#include "drive/activity.h"

static double cycle_period(const cfp_segment *s) { return 60.0 / s->p.rpm; }

/* Seated; per pedal turn a calf push (plantarflexion) that is strong only
 * with pointed toes, forefoot pressure on the pedal, and a thigh push on
 * the down-stroke.  The muscle force grows with the load: at 60 W the
 * thigh works at 0.6 and the pointed-toe calf at 0.6 of their maximum. */
static int cycle_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength, w = s->p.load;
    double calf = s->p.toe_pointed > 0.5 ? 0.45 + 0.0025 * w : 0.09 + 0.0005 * w;
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.10, 0.50, fmin(1.0, calf));
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.5, 0.3);
    d->a[CFP_MUSCLE_THIGH] = k * cfp_pulse(ph, 0.0, 0.5, fmin(1.0, 0.3 + 0.005 * w));
    return 0;
}

static void describe_cycle(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g rpm, %s, %g W", s->p.rpm,
                 s->p.toe_pointed > 0.5 ? "toes pointed" : "flat foot", s->p.load);
}

/* Flutter kick, horizontal and immersed: hip-driven, with a modest
 * plantarflexion; the water presses on every compartment. */
static int swim_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.0, 0.5, 0.35);
    d->a[CFP_MUSCLE_THIGH] = k * cfp_pulse(ph, 0.0, 0.5, 0.5);
    d->water = 0.7355 * s->p.depth; /* 1 cm of water = 0.7355 mmHg */
    return 0;
}

static void describe_swim(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g kicks/s, depth %g cm", s->p.rate, s->p.depth);
}

static const char *const cycle_params[] = {"rpm", "load", "toe_pointed", "strength", NULL};
static const char *const swim_params[] = {"rate", "depth", "strength", NULL};

const cfp_activity cfp_act_cycle = {
    "cycle", "pedalling", CFP_IN(CFP_POST_SITTING), CFP_ACT_EXERCISE | CFP_ACT_ANKLE,
    cycle_params, cycle_period, cycle_drive, describe_cycle};
const cfp_activity cfp_act_swim = {
    "swim", "flutter kicks, immersed to depth cm", CFP_IN(CFP_POST_SUPINE),
    CFP_ACT_EXERCISE | CFP_ACT_ANKLE, swim_params, cfp_period_rate, swim_drive, describe_swim};
