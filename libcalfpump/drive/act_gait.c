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

/* The muscle work of one stride from heel strike: the foot is loaded
 * through stance, the calf pushes off in late stance with an amplitude
 * growing with speed, the thigh works around heel strike. */
typedef struct {
    double stance;              /* foot loaded over [0, stance) */
    double calf_on, calf_off;   /* push-off window */
    double calf_base, calf_kmh; /* amplitude base + per km/h, at most 1 */
    double thigh[2][3];         /* two pulses: on, off, amplitude */
} gait_shape;

static int gait_drive(const cfp_segment *s, double ph, const gait_shape *g, cfp_drive *d)
{
    double k = s->p.strength, acalf = fmin(1.0, g->calf_base + g->calf_kmh * s->p.speed);
    d->a[CFP_MUSCLE_FOOT] = k * cfp_pulse(ph, 0.0, g->stance, 1.0);
    d->a[CFP_MUSCLE_CALF] = k * cfp_pulse(ph, g->calf_on, g->calf_off, acalf);
    d->a[CFP_MUSCLE_THIGH] = k * (cfp_pulse(ph, g->thigh[0][0], g->thigh[0][1], g->thigh[0][2]) +
                                  cfp_pulse(ph, g->thigh[1][0], g->thigh[1][1], g->thigh[1][2]));
    return 0;
}

/* Walking: stance 0-62 %, push-off 25-60 %; calf amplitude 0.67 at 3 km/h
 * (soleus ~181 mmHg of 270, Ballard 1998), 1 at 6 km/h and above. */
static const gait_shape walk_shape = {0.62, 0.25, 0.60, 0.5, 0.057, {{0.0, 0.20, 0.5}, {0.9, 1.0, 0.3}}};
/* Running: shorter stance (0-38 %), strong push-off: soleus ~270 mmHg when
 * running (Ballard 1998) reached at 8 km/h. */
static const gait_shape run_shape = {0.38, 0.08, 0.38, 0.7, 0.04, {{0.0, 0.20, 0.8}, {0.85, 1.0, 0.5}}};

static int walk_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)tau, (void)T;
    return gait_drive(s, ph, &walk_shape, d);
}

static int run_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)tau, (void)T;
    return gait_drive(s, ph, &run_shape, d);
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
