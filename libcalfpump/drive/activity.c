/* Activation waveforms and external pressures.  Each muscle group's
 * activation is a train of half-sine pulses (Magosso-Ursino form: a half
 * sine during contraction, zero in relaxation) placed within the
 * activity's cycle.  Amplitudes are fractions of the group's maximal
 * squeeze (running, soleus ~270 mmHg, Ballard 1998). */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "drive/activity.h"
#include "base/util.h"

const char *const cfp_activity_names[CFP_ACT_COUNT] = {
    "still", "walk", "tiptoe", "cycle", "squeeze", "run", "stairs", "swim",
    "heel_raise", "toe_tap", "ankle_pump", "custom"};

void cfp_actparams_default(cfp_actparams *p)
{
    memset(p, 0, sizeof *p);
    p->speed = 3.0;
    p->rpm = 50.0;
    p->toe_pointed = 1.0;
    p->count = 1.0;
    p->rate = 1.0;
    p->strength = 1.0;
    p->weight_bearing = 1.0;
    p->pressure = 100.0;
    p->angle = 70.0;
    p->depth = 30.0;
    p->ipc_period = 60.0;
    p->ipc_inflate = 0.5;
    p->ipc_hold = 5.0;
    p->ipc_deflate = 0.5;
    p->ipc_calf = 1.0;
}

/* Half-sine pulse of height amp on the phase window [p0, p1) of a cycle. */
static double pulse(double phase, double p0, double p1, double amp)
{
    if (phase < p0 || phase >= p1)
        return 0.0;
    return amp * sin(M_PI * (phase - p0) / (p1 - p0));
}


/* Walking stride period: cadence (steps/min) ~ 80 + 6 v(km/h), a linear
 * fit to typical treadmill cadences (about 98 steps/min at 3 km/h, 110 at
 * 5 km/h).  Running: ~ 150 + 2.5 v (about 175 steps/min at 10 km/h). */
static double stride_period(const cfp_segment *s)
{
    double cad = s->p.cadence;
    if (cad <= 0)
        cad = s->activity == CFP_ACT_RUN ? 150.0 + 2.5 * s->p.speed : 80.0 + 6.0 * s->p.speed;
    return 120.0 / cad;
}

double cfp_activity_period(const cfp_segment *s)
{
    switch (s->activity) {
    case CFP_ACT_WALK:
    case CFP_ACT_RUN: return stride_period(s);
    case CFP_ACT_STAIRS: return 2.0 / s->p.rate; /* two steps per stride */
    case CFP_ACT_TIPTOE:
    case CFP_ACT_SWIM:
    case CFP_ACT_HEEL_RAISE:
    case CFP_ACT_TOE_TAP:
    case CFP_ACT_ANKLE_PUMP: return 1.0 / s->p.rate;
    case CFP_ACT_CYCLE: return 60.0 / s->p.rpm;
    default: return 0.0;
    }
}

int cfp_activity_uses_ankle(int a)
{
    return a == CFP_ACT_WALK || a == CFP_ACT_RUN || a == CFP_ACT_STAIRS || a == CFP_ACT_TIPTOE ||
           a == CFP_ACT_CYCLE || a == CFP_ACT_SWIM || a == CFP_ACT_HEEL_RAISE ||
           a == CFP_ACT_ANKLE_PUMP;
}

/* Linear interpolation in a sampled waveform. */
static double wave_at(const cfp_wave *w, double t)
{
    size_t lo = 0, hi;
    if (w->n == 0)
        return 0.0;
    if (w->periodic && w->n > 1) {
        double T = w->t[w->n - 1] - w->t[0];
        t = w->t[0] + fmod(t - w->t[0], T);
        if (t < w->t[0])
            t += T;
    }
    if (t <= w->t[0])
        return w->a[0];
    if (t >= w->t[w->n - 1])
        return w->a[w->n - 1];
    hi = w->n - 1;
    while (hi - lo > 1) { /* bisection: no allocation, O(log n) */
        size_t mid = (lo + hi) / 2;
        if (w->t[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return w->a[lo] + (w->a[hi] - w->a[lo]) * (t - w->t[lo]) / (w->t[hi] - w->t[lo]);
}

/* Graduated compression: fractions of the ankle pressure per region, inside
 * the usual graduated profile (calf 50-80 %, thigh 20-60 % of the ankle). */
static const double grad_profile[CFP_REG_COUNT] = {1.0, 0.75, 0.55, 0.4, 0.0};
/* Ankle pressure per stocking class: mid-range of I 18-21, II 23-32,
 * III 34-46, IV 49+ mmHg (spec section 6). */
static const double class_ankle[5] = {0.0, 19.5, 27.5, 40.0, 50.0};

static void compression(const cfp_segment *s, double tau, cfp_drive *d)
{
    const cfp_actparams *p = &s->p;
    double custom[CFP_REG_COUNT] = {p->comp_foot, p->comp_calf, p->comp_knee, p->comp_thigh, 0};
    double ankle = p->comp_ankle > 0 ? p->comp_ankle : class_ankle[(int)p->stocking];
    int has_custom = p->comp_foot > 0 || p->comp_calf > 0 || p->comp_knee > 0 || p->comp_thigh > 0;
    for (int r = 0; r < CFP_REG_COUNT; r++) {
        double base = has_custom ? custom[r] : ankle * grad_profile[r];
        /* An inelastic bandage gives a higher working pressure while the
         * calf contracts under it. */
        d->cuff[r] += base * (1.0 + p->bandage * d->a[CFP_MUSCLE_CALF]);
    }
    if (p->ipc_pressure > 0) {
        static const int cuff_region[3] = {CFP_REG_FOOT, CFP_REG_CALF, CFP_REG_THIGH};
        double on[3] = {p->ipc_foot, p->ipc_calf, p->ipc_thigh};
        int k = 0; /* sequential chambers inflate distal first */
        for (int c = 0; c < 3; c++) {
            double t, pr;
            if (on[c] < 0.5)
                continue;
            t = tau - k++ * p->ipc_delay;
            if (t < 0)
                continue;
            t = fmod(t, p->ipc_period);
            pr = p->ipc_pressure * (cfp_ramp(t, p->ipc_inflate) -
                                    cfp_ramp(t - p->ipc_inflate - p->ipc_hold, p->ipc_deflate));
            d->cuff[cuff_region[c]] += pr;
        }
    }
}

int cfp_activity_eval(const cfp_segment *s, double tau, cfp_drive *d)
{
    double k = s->p.strength, T, ph;
    int rc = 0;
    memset(d, 0, sizeof *d);
    T = cfp_activity_period(s);
    ph = T > 0 ? fmod(tau, T) / T : 0.0;
    switch (s->activity) {
    case CFP_ACT_WALK: {
        /* Per stride from heel strike: foot loaded through stance (0-62 %),
         * calf push-off in late stance (25-60 %), thigh around heel strike.
         * Calf amplitude grows with speed: 0.67 at 3 km/h (soleus ~181 mmHg
         * of 270, Ballard 1998), 1 at 6 km/h and above. */
        double acalf = fmin(1.0, 0.5 + 0.057 * s->p.speed);
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.62, 1.0);
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.25, 0.60, acalf);
        d->a[CFP_MUSCLE_THIGH] = k * (pulse(ph, 0.0, 0.20, 0.5) + pulse(ph, 0.9, 1.0, 0.3));
        break;
    }
    case CFP_ACT_RUN: {
        /* Shorter stance (0-38 %), strong push-off: soleus ~270 mmHg when
         * running (Ballard 1998) reached at 8 km/h. */
        double acalf = fmin(1.0, 0.7 + 0.04 * s->p.speed);
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.38, 1.0);
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.08, 0.38, acalf);
        d->a[CFP_MUSCLE_THIGH] = k * (pulse(ph, 0.0, 0.20, 0.8) + pulse(ph, 0.85, 1.0, 0.5));
        break;
    }
    case CFP_ACT_STAIRS:
        /* Climbing: walking-like, stronger calf and thigh. */
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.6, 1.0);
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.3, 0.6, 0.85);
        d->a[CFP_MUSCLE_THIGH] = k * pulse(ph, 0.0, 0.45, 0.9);
        break;
    case CFP_ACT_TIPTOE:
        /* One raise per period: calf contracts over the first half, the
         * forefoot carries the body weight meanwhile. */
        if (tau < s->p.count * T) {
            d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.5, 0.8);
            d->a[CFP_MUSCLE_FOOT] = s->p.weight_bearing > 0.5 ? k * pulse(ph, 0.0, 0.5, 0.5) : 0.0;
        }
        break;
    case CFP_ACT_CYCLE:
        /* Seated; per pedal turn a calf push (plantarflexion) that is strong
         * only with pointed toes, forefoot pressure on the pedal, and a thigh
         * push on the down-stroke. */
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.10, 0.50, s->p.toe_pointed > 0.5 ? 0.6 : 0.12);
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.5, 0.3);
        d->a[CFP_MUSCLE_THIGH] = k * pulse(ph, 0.0, 0.5, 0.6);
        break;
    case CFP_ACT_SWIM:
        /* Flutter kick, horizontal and immersed: hip-driven, with a modest
         * plantarflexion. */
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.5, 0.35);
        d->a[CFP_MUSCLE_THIGH] = k * pulse(ph, 0.0, 0.5, 0.5);
        d->water = 0.7355 * s->p.depth; /* 1 cm of water = 0.7355 mmHg */
        break;
    case CFP_ACT_HEEL_RAISE:
        /* Seated heel raises: calf contraction without body weight. */
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.5, 0.35);
        d->a[CFP_MUSCLE_FOOT] = k * pulse(ph, 0.0, 0.5, 0.2);
        break;
    case CFP_ACT_TOE_TAP:
        /* Toe tapping is dorsiflexion: the calf barely works. */
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.3, 0.1);
        break;
    case CFP_ACT_ANKLE_PUMP:
        /* Active plantar- and dorsiflexion through the full range. */
        d->a[CFP_MUSCLE_CALF] = k * pulse(ph, 0.0, 0.5, 0.5);
        break;
    case CFP_ACT_SQUEEZE:
        /* Manual calf squeeze: external pressure rises over 0.3 s, is held
         * 0.7 s and released over 0.15 s. */
        d->cuff[CFP_REG_CALF] = k * s->p.pressure * (cfp_ramp(tau, 0.3) - cfp_ramp(tau - 1.0, 0.15));
        break;
    case CFP_ACT_CUSTOM:
        if (s->fn) {
            double a[CFP_MUSCLE_COUNT] = {0, 0, 0};
            rc = s->fn(tau, a, s->fn_user);
            for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
                d->a[g] = k * fmin(1.0, fmax(0.0, a[g]));
        } else {
            for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
                d->a[g] = k * fmin(1.0, fmax(0.0, wave_at(&s->wave[g], tau)));
        }
        break;
    default:
        break;
    }
    compression(s, tau, d);
    return rc;
}

/* The one list of segment parameters: name, member, bounds. */
#define CFP_ACTPARAMS(X)                                               \
    X("speed", speed, 0.5, 25.0) X("cadence", cadence, 0.0, 300.0)     \
    X("rpm", rpm, 5.0, 200.0) X("toe_pointed", toe_pointed, 0.0, 1.0)  \
    X("count", count, 1.0, 1e6) X("rate", rate, 0.05, 5.0)             \
    X("strength", strength, 0.0, 1.0)                                  \
    X("weight_bearing", weight_bearing, 0.0, 1.0)                      \
    X("pressure", pressure, 0.0, 300.0) X("angle", angle, 0.0, 90.0)   \
    X("depth", depth, 0.0, 300.0) X("stocking", stocking, 0.0, 4.0)    \
    X("compression_ankle", comp_ankle, 0.0, 120.0)                     \
    X("compression_foot", comp_foot, 0.0, 120.0)                       \
    X("compression_calf", comp_calf, 0.0, 120.0)                       \
    X("compression_knee", comp_knee, 0.0, 120.0)                       \
    X("compression_thigh", comp_thigh, 0.0, 120.0)                     \
    X("bandage", bandage, 0.0, 5.0)                                    \
    X("ipc_pressure", ipc_pressure, 0.0, 250.0)                        \
    X("ipc_period", ipc_period, 1.0, 3600.0)                           \
    X("ipc_inflate", ipc_inflate, 0.01, 600.0)                         \
    X("ipc_hold", ipc_hold, 0.0, 3600.0)                               \
    X("ipc_deflate", ipc_deflate, 0.01, 600.0)                         \
    X("ipc_foot", ipc_foot, 0.0, 1.0) X("ipc_calf", ipc_calf, 0.0, 1.0) \
    X("ipc_thigh", ipc_thigh, 0.0, 1.0)                                \
    X("ipc_delay", ipc_delay, 0.0, 600.0)

typedef struct { size_t off; double lo, hi; } par_desc;
#define PAR_DESC_(name, member, lo, hi) {offsetof(cfp_actparams, member), lo, hi},
static const par_desc par_tab[] = {CFP_ACTPARAMS(PAR_DESC_)};
#undef PAR_DESC_
#define PAR_NAME_(name, member, lo, hi) name,
const char *const cfp_actparam_names[] = {CFP_ACTPARAMS(PAR_NAME_) NULL};
#undef PAR_NAME_

double *cfp_actparam_ref(cfp_actparams *p, const char *name, double *lo, double *hi)
{
    for (size_t i = 0; i < sizeof par_tab / sizeof par_tab[0]; i++)
        if (strcmp(cfp_actparam_names[i], name) == 0) {
            *lo = par_tab[i].lo;
            *hi = par_tab[i].hi;
            return (double *)((char *)p + par_tab[i].off);
        }
    return NULL;
}
