/* Compression devices worn during a segment: graduated stockings, custom
 * profiles, inelastic bandages and intermittent pneumatic compression. */
#include <math.h>
#include "base/util.h"
#include "drive/segment.h"

/* Graduated compression: fractions of the ankle pressure per region, inside
 * the usual graduated profile (calf 50-80 %, thigh 20-60 % of the ankle). */
static const double grad_profile[CFP_REG_COUNT] = {1.0, 0.75, 0.55, 0.4, 0.0};
/* Ankle pressure per stocking class: mid-range of I 18-21, II 23-32,
 * III 34-46, IV 49+ mmHg (spec section 6). */
static const double class_ankle[5] = {0.0, 19.5, 27.5, 40.0, 50.0};
/* A knitted elastic stocking is not perfectly elastic: its pressure rises
 * as the contracting calf widens under it.  Class II stockings rise by
 * 6.0-6.75 mmHg at B1 per step while walking (walking pressure amplitude,
 * Phlebology 2026, doi:10.1177/02683555261424072), which at the walking
 * calf activation of 0.67 on the 20.6 mmHg the class II stocking puts on
 * the calf is a rise of 0.46 of the resting pressure at full activation. */
#define STOCKING_RISE 0.46

/* Sequential IPC chambers inflate distal first. */
static void ipc(const cfp_actparams *p, double tau, cfp_drive *d)
{
    static const int cuff_region[3] = {CFP_REG_FOOT, CFP_REG_CALF, CFP_REG_THIGH};
    double on[3] = {p->ipc_foot, p->ipc_calf, p->ipc_thigh};
    int k = 0;
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

void cfp_compression(const cfp_segment *s, double tau, cfp_drive *d)
{
    const cfp_actparams *p = &s->p;
    double custom[CFP_REG_COUNT] = {p->comp_foot, p->comp_calf, p->comp_knee, p->comp_thigh, 0};
    double ankle = p->comp_ankle > 0 ? p->comp_ankle : class_ankle[(int)p->stocking];
    int has_custom = p->comp_foot > 0 || p->comp_calf > 0 || p->comp_knee > 0 || p->comp_thigh > 0;
    int knitted = p->stocking > 0 && !has_custom && p->comp_ankle <= 0;
    double rise = p->bandage + (knitted ? STOCKING_RISE : 0.0);
    for (int r = 0; r < CFP_REG_COUNT; r++) {
        double base = has_custom ? custom[r] : ankle * grad_profile[r];
        /* The working pressure rises while the calf contracts under the
         * stocking, and more under an inelastic bandage. */
        d->cuff[r] += base * (1.0 + rise * d->a[CFP_MUSCLE_CALF]);
    }
    if (p->ipc_pressure > 0)
        ipc(p, tau, d);
}

/* The compression worn, in words. */
void cfp_compression_describe(const cfp_actparams *p, cfp_text *out)
{
    if (p->stocking > 0)
        cfp_text_item(out, "stocking class %g", p->stocking);
    else if (p->comp_ankle > 0)
        cfp_text_item(out, "compression %g mmHg at the ankle", p->comp_ankle);
    else if (p->comp_foot > 0 || p->comp_calf > 0 || p->comp_knee > 0 || p->comp_thigh > 0)
        cfp_text_item(out, "custom compression profile");
    if (p->bandage > 0)
        cfp_text_item(out, "inelastic bandage %g", p->bandage);
    if (p->ipc_pressure > 0)
        cfp_text_item(out, "IPC %g mmHg every %g s", p->ipc_pressure, p->ipc_period);
}
