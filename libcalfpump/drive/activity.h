/* The activity registry: one const descriptor per activity.  Adding an
 * activity is one new file defining its descriptor plus one row in
 * activities.c. */
#ifndef CFP_ACTIVITY_H
#define CFP_ACTIVITY_H

#include <math.h>
#include "base/util.h"
#include "drive/segment.h"

/* Posture masks: which postures an activity can be done in (0: any). */
#define CFP_IN(posture) (1u << (posture))

/* Activity roles that the clinical measures rely on. */
enum {
    CFP_ACT_STILL = 1u << 0,    /* no muscle work: the rest before and after a test */
    CFP_ACT_EXERCISE = 1u << 1, /* muscle work the AVP test follows */
    CFP_ACT_ANKLE = 1u << 2,    /* moves the ankle (scaled by ankle_rom) */
    CFP_ACT_RAISES = 1u << 3,   /* 'count' calf raises: the APG's ejection manoeuvre */
    CFP_ACT_CUSTOM = 1u << 4    /* driven by sampled waveforms or a C callback */
};

struct cfp_activity {
    const char *name, *description;
    unsigned postures;          /* CFP_IN(...) | ...; 0 = any posture */
    unsigned flags;             /* CFP_ACT_* */
    const char *const *params;  /* the segment parameters it reads, NULL-terminated */
    /* Period of one cycle, s; NULL for activities without a cycle. */
    double (*period)(const cfp_segment *s);
    /* Muscle activations (and activity pressures) at time tau into the
     * segment, phase in [0, 1) of the cycle of period T (0 without one).
     * Returns 0, or a custom callback's status. */
    int (*drive)(const cfp_segment *s, double tau, double phase, double T, cfp_drive *d);
    /* Details of the segment worth showing ("3 km/h"); may be NULL. */
    void (*describe)(const cfp_segment *s, cfp_text *out);
};

size_t cfp_activity_count(void);
const cfp_activity *cfp_activity_at(size_t i);
const cfp_activity *cfp_activity_find(const char *name);
/* The postures of a mask in words: "standing", "supine or sitting", "any posture". */
const char *cfp_postures_text(unsigned mask);
/* Non-zero if the activity reads parameter name. */
int cfp_activity_reads(const cfp_activity *a, const char *name);

/* Half-sine pulse of height amp on the phase window [p0, p1) of a cycle
 * (Magosso-Ursino form: a half sine during contraction, zero in
 * relaxation). */
static inline double cfp_pulse(double phase, double p0, double p1, double amp)
{
    if (phase < p0 || phase >= p1)
        return 0.0;
    return amp * sin(M_PI * (phase - p0) / (p1 - p0));
}

/* Period 1/rate: one raise, kick, tap or pump per cycle. */
double cfp_period_rate(const cfp_segment *s);
/* Describe "RATE/s". */
void cfp_describe_rate(const cfp_segment *s, cfp_text *out);

#endif
