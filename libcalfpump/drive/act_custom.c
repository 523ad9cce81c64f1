/* Custom activations: sampled waveforms or a C callback. */
#include "drive/activity.h"

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

static int custom_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    double k = s->p.strength;
    int rc = 0;
    (void)ph, (void)T;
    if (s->fn) {
        double a[CFP_MUSCLE_COUNT] = {0, 0, 0};
        rc = s->fn(tau, a, s->fn_user);
        /* Finite values are clamped; a non-finite one is passed on for the
         * simulation to stop the run with (fmax would turn NaN into 0). */
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
            d->a[g] = isfinite(a[g]) ? k * fmin(1.0, fmax(0.0, a[g])) : a[g];
    } else {
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
            d->a[g] = k * fmin(1.0, fmax(0.0, wave_at(&s->wave[g], tau)));
    }
    return rc;
}

static void describe_custom(const cfp_segment *s, cfp_text *out)
{
    (void)s;
    cfp_text_add(out, "sampled activations");
}

static const char *const custom_params[] = {"strength", NULL};

const cfp_activity cfp_act_custom = {
    "custom",
    "activations from sampled waveforms (waveform_foot, waveform_calf, waveform_thigh in "
    "model files) or a C callback",
    0, CFP_ACT_EXERCISE | CFP_ACT_CUSTOM, custom_params, NULL, custom_drive, describe_custom};
