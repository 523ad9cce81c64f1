/* Calf exercises: tiptoe raises, seated heel raises, toe taps and ankle
 * pumps, one movement per 1/rate seconds. */
#include "drive/activity.h"

double cfp_period_rate(const cfp_segment *s) { return 1.0 / s->p.rate; }

void cfp_describe_rate(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g/s", s->p.rate);
}

/* One raise per period: the calf contracts over the first half while the
 * forefoot carries the body weight. */
static int tiptoe_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    if (tau < s->p.count * T) {
        d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.0, 0.5, 0.8);
        d->a[CFP_MUSCLE_FOOT] = s->p.weight_bearing > 0.5 ? k * cfp_pulse(ph, 0.0, 0.5, 0.5) : 0.0;
    }
    return 0;
}

static void describe_tiptoe(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g raise%s at %g/s", s->p.count, s->p.count == 1 ? "" : "s", s->p.rate);
}

/* Seated heel raises: calf contraction without body weight. */
static int heel_raise_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.0, 0.5, 0.35);
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.5, 0.2);
    return 0;
}

/* Toe tapping is dorsiflexion: the calf barely works. */
static int toe_tap_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = s->p.strength * cfp_pulse(ph, 0.0, 0.3, 0.1);
    return 0;
}

/* Active plantar- and dorsiflexion through the full range. */
static int ankle_pump_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_CALF] = s->p.strength * cfp_pulse(ph, 0.0, 0.5, 0.5);
    return 0;
}

static const char *const tiptoe_params[] = {"count", "rate", "weight_bearing", "strength", NULL};
static const char *const rate_params[] = {"rate", "strength", NULL};
#define CALF_WORK (CFP_ACT_EXERCISE | CFP_ACT_ANKLE)

const cfp_activity cfp_act_tiptoe = {
    "tiptoe", "count heel raises on tiptoe at rate per s", CFP_IN(CFP_POST_STANDING),
    CALF_WORK | CFP_ACT_RAISES, tiptoe_params, cfp_period_rate, tiptoe_drive, describe_tiptoe};
const cfp_activity cfp_act_heel_raise = {
    "heel_raise", "seated heel raises", CFP_IN(CFP_POST_SITTING), CALF_WORK, rate_params,
    cfp_period_rate, heel_raise_drive, cfp_describe_rate};
const cfp_activity cfp_act_toe_tap = {
    "toe_tap", "seated toe taps", CFP_IN(CFP_POST_SITTING), CFP_ACT_EXERCISE, rate_params,
    cfp_period_rate, toe_tap_drive, cfp_describe_rate};
const cfp_activity cfp_act_ankle_pump = {
    "ankle_pump", "ankle flexion and extension", CFP_IN(CFP_POST_SUPINE) | CFP_IN(CFP_POST_SITTING),
    CALF_WORK, rate_params, cfp_period_rate, ankle_pump_drive, cfp_describe_rate};
