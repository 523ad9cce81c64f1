/* Activation waveforms.  Each muscle group's activation is a train of
 * half-sine pulses (Magosso-Ursino form: a half sine during contraction,
 * zero in relaxation) placed within the activity's cycle.  Amplitudes are
 * fractions of the group's maximal squeeze (running, soleus ~270 mmHg,
 * Ballard 1998). */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "activity.h"

const char *const cfp_activity_names[CFP_ACT_COUNT] = {
    "still", "walk", "tiptoe", "cycle", "squeeze"};

void cfp_actparams_default(cfp_actparams *p)
{
    p->speed = 3.0;
    p->rpm = 50.0;
    p->toe_pointed = 1.0;
    p->count = 1.0;
    p->rate = 1.0;
    p->strength = 1.0;
    p->weight_bearing = 1.0;
    p->pressure = 100.0;
}

/* Half-sine pulse of height amp on the phase window [p0, p1) of a cycle. */
static double pulse(double phase, double p0, double p1, double amp)
{
    if (phase < p0 || phase >= p1)
        return 0.0;
    return amp * sin(M_PI * (phase - p0) / (p1 - p0));
}

/* Stride period from walking speed: cadence (steps/min) ~ 80 + 6 v(km/h),
 * a linear fit to typical treadmill cadences (about 98 steps/min at 3 km/h,
 * 110 at 5 km/h). */
static double stride_period(double speed) { return 120.0 / (80.0 + 6.0 * speed); }

double cfp_activity_period(const cfp_segment *s)
{
    switch (s->activity) {
    case CFP_ACT_WALK: return stride_period(s->p.speed);
    case CFP_ACT_TIPTOE: return 1.0 / s->p.rate;
    case CFP_ACT_CYCLE: return 60.0 / s->p.rpm;
    default: return 0.0;
    }
}

/* Smooth 0->1 ramp over [0, w]. */
static double ramp(double t, double w)
{
    if (t <= 0)
        return 0;
    if (t >= w)
        return 1;
    return 0.5 - 0.5 * cos(M_PI * t / w);
}

void cfp_activity_eval(const cfp_segment *s, double tau, cfp_drive *d)
{
    double k = s->p.strength, T, ph;
    memset(d, 0, sizeof *d);
    switch (s->activity) {
    case CFP_ACT_WALK: {
        /* Per stride from heel strike: foot loaded through stance (0-62 %),
         * calf push-off in late stance (25-60 %), thigh around heel strike.
         * Calf amplitude grows with speed: 0.67 at 3 km/h (soleus ~181 mmHg
         * of 270, Ballard 1998), 1 at 6 km/h and above. */
        double acalf = fmin(1.0, 0.5 + 0.057 * s->p.speed);
        T = stride_period(s->p.speed);
        ph = fmod(tau, T) / T;
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.62, 1.0);
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.25, 0.60, acalf);
        d->a[CFP_MUSCLE_THIGH] = k * (pulse(ph, 0.0, 0.20, 0.5) + pulse(ph, 0.9, 1.0, 0.3));
        break;
    }
    case CFP_ACT_TIPTOE:
        /* One raise per period: calf contracts over the first half, the
         * forefoot carries the body weight meanwhile. */
        T = 1.0 / s->p.rate;
        if (tau < s->p.count * T) {
            ph = fmod(tau, T) / T;
            d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.5, 0.8);
            d->a[CFP_MUSCLE_FOOT] = s->p.weight_bearing > 0.5 ? k * pulse(ph, 0.0, 0.5, 0.5) : 0.0;
        }
        break;
    case CFP_ACT_CYCLE:
        /* Seated; per pedal turn a calf push (plantarflexion) that is strong
         * only with pointed toes, forefoot pressure on the pedal, and a thigh
         * push on the down-stroke. */
        T = 60.0 / s->p.rpm;
        ph = fmod(tau, T) / T;
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.10, 0.50, s->p.toe_pointed > 0.5 ? 0.6 : 0.12);
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.5, 0.3);
        d->a[CFP_MUSCLE_THIGH] = k * pulse(ph, 0.0, 0.5, 0.6);
        break;
    case CFP_ACT_SQUEEZE:
        /* Manual calf squeeze: external pressure rises over 0.3 s, is held
         * 0.7 s and released over 0.15 s. */
        d->cuff[CFP_REG_CALF] = k * s->p.pressure * (ramp(tau, 0.3) - ramp(tau - 1.0, 0.15));
        break;
    default:
        break;
    }
}

double *cfp_actparam_ref(cfp_actparams *p, const char *name, double *lo, double *hi)
{
    static const struct { const char *name; size_t off; double lo, hi; } tab[] = {
        {"speed", offsetof(cfp_actparams, speed), 0.5, 8.0},
        {"rpm", offsetof(cfp_actparams, rpm), 5.0, 200.0},
        {"toe_pointed", offsetof(cfp_actparams, toe_pointed), 0.0, 1.0},
        {"count", offsetof(cfp_actparams, count), 1.0, 1e6},
        {"rate", offsetof(cfp_actparams, rate), 0.05, 5.0},
        {"strength", offsetof(cfp_actparams, strength), 0.0, 1.0},
        {"weight_bearing", offsetof(cfp_actparams, weight_bearing), 0.0, 1.0},
        {"pressure", offsetof(cfp_actparams, pressure), 0.0, 300.0},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(tab[i].name, name) == 0) {
            *lo = tab[i].lo;
            *hi = tab[i].hi;
            return (double *)((char *)p + tab[i].off);
        }
    return NULL;
}
