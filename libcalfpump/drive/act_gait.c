/* Activities on foot: walking, running, climbing stairs.  Activation
 * amplitudes are fractions of each muscle group's maximal squeeze
 * (running, soleus ~270 mmHg, Ballard 1998). */
#include "drive/activity.h"

/* Walking stride period: cadence (steps/min) ~ 80 + 6 v(km/h), a linear
 * fit to typical treadmill cadences (about 98 steps/min at 3 km/h, 110 at
 * 5 km/h).  Running: ~ 150 + 2.5 v (about 175 steps/min at 10 km/h). */
static double stride(const cfp_segment *s, double cad_at_0, double per_kmh)
{
    double cad = s->p.cadence;
    if (cad <= 0)
        cad = cad_at_0 + per_kmh * s->p.speed;
    return 120.0 / cad;
}

static double walk_period(const cfp_segment *s) { return stride(s, 80.0, 6.0); }
static double run_period(const cfp_segment *s) { return stride(s, 150.0, 2.5); }

static void describe_gait(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g km/h", s->p.speed);
    if (s->p.cadence > 0)
        cfp_text_add(out, ", %g steps/min", s->p.cadence);
}

/* Per stride from heel strike: foot loaded through stance (0-62 %), calf
 * push-off in late stance (25-60 %), thigh around heel strike.  Calf
 * amplitude grows with speed: 0.67 at 3 km/h (soleus ~181 mmHg of 270,
 * Ballard 1998), 1 at 6 km/h and above. */
static int walk_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength, acalf = fmin(1.0, 0.5 + 0.057 * s->p.speed);
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.62, 1.0);
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.25, 0.60, acalf);
    d->a[CFP_MUSCLE_THIGH] = k * (cfp_pulse(ph, 0.0, 0.20, 0.5) + cfp_pulse(ph, 0.9, 1.0, 0.3));
    return 0;
}

/* Shorter stance (0-38 %), strong push-off: soleus ~270 mmHg when running
 * (Ballard 1998) reached at 8 km/h. */
static int run_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength, acalf = fmin(1.0, 0.7 + 0.04 * s->p.speed);
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.38, 1.0);
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.08, 0.38, acalf);
    d->a[CFP_MUSCLE_THIGH] = k * (cfp_pulse(ph, 0.0, 0.20, 0.8) + cfp_pulse(ph, 0.85, 1.0, 0.5));
    return 0;
}

/* Climbing: walking-like, stronger calf and thigh; two steps per stride. */
static double stairs_period(const cfp_segment *s) { return 2.0 / s->p.rate; }

static int stairs_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    (void)tau, (void)T;
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, 0.6, 1.0);
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, 0.3, 0.6, 0.85);
    d->a[CFP_MUSCLE_THIGH] = k * cfp_pulse(ph, 0.0, 0.45, 0.9);
    return 0;
}

static void describe_stairs(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g steps/s", s->p.rate);
}

static const char *const gait_params[] = {"speed", "cadence", "strength", NULL};
static const char *const rate_params[] = {"rate", "strength", NULL};

const cfp_activity cfp_act_walk = {
    "walk", "walking", CFP_IN(CFP_POST_STANDING), CFP_ACT_EXERCISE | CFP_ACT_ANKLE,
    gait_params, walk_period, walk_drive, describe_gait};
const cfp_activity cfp_act_run = {
    "run", "running: short stance, strong push-off", CFP_IN(CFP_POST_STANDING),
    CFP_ACT_EXERCISE | CFP_ACT_ANKLE, gait_params, run_period, run_drive, describe_gait};
const cfp_activity cfp_act_stairs = {
    "stairs", "climbing stairs, rate steps per s", CFP_IN(CFP_POST_STANDING),
    CFP_ACT_EXERCISE | CFP_ACT_ANKLE, rate_params, stairs_period, stairs_drive, describe_stairs};
