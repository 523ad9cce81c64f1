/* Activities: what drives the muscles and the external pressures,
 * segment by segment. */
#ifndef CFP_ACTIVITY_H
#define CFP_ACTIVITY_H

#include "base/internal.h"

enum cfp_activity { CFP_ACT_STILL, CFP_ACT_WALK, CFP_ACT_TIPTOE, CFP_ACT_CYCLE,
                    CFP_ACT_SQUEEZE, CFP_ACT_RUN, CFP_ACT_STAIRS, CFP_ACT_SWIM,
                    CFP_ACT_HEEL_RAISE, CFP_ACT_TOE_TAP, CFP_ACT_ANKLE_PUMP,
                    CFP_ACT_CUSTOM, CFP_ACT_COUNT };
extern const char *const cfp_activity_names[CFP_ACT_COUNT];

/* Segment parameters (all doubles so they are set by name). */
typedef struct cfp_actparams {
    double speed;          /* walk, run: km/h */
    double cadence;        /* walk, run: steps/min; 0 = from the speed */
    double rpm;            /* cycle: revolutions per minute */
    double toe_pointed;    /* cycle: 0/1 */
    double count;          /* tiptoe: number of raises */
    double rate;           /* tiptoe, stairs, heel raises, toe taps, ankle pumps,
                              swim kicks: cycles per s */
    double strength;       /* 0..1 scale of every activation */
    double weight_bearing; /* 0/1: foot loaded while standing */
    double pressure;       /* squeeze: peak external calf pressure, mmHg */
    double angle;          /* tilt posture: head-up angle, degrees */
    double depth;          /* swim: immersion depth of the leg, cm */
    double stocking;       /* compression stocking class 0 (none) .. 4 */
    double comp_ankle;     /* ankle pressure of a graduated profile, mmHg (overrides the class) */
    double comp_foot, comp_calf, comp_knee, comp_thigh; /* custom profile, mmHg */
    double bandage;        /* 0 elastic; > 0 inelastic: working pressure rises by this
                              fraction at full calf activation */
    double ipc_pressure;   /* IPC cuff pressure, mmHg (0 = off) */
    double ipc_period;     /* s */
    double ipc_inflate, ipc_hold, ipc_deflate; /* s */
    double ipc_foot, ipc_calf, ipc_thigh;       /* 0/1: which cuffs */
    double ipc_delay;      /* sequential delay between chambers, distal first, s */
} cfp_actparams;

/* A sampled activation waveform (custom activity). */
typedef struct cfp_wave {
    double *t, *a;
    size_t n;
    int periodic;
} cfp_wave;


typedef struct cfp_segment {
    int posture, activity;
    double duration;
    cfp_actparams p;
    cfp_wave wave[CFP_MUSCLE_COUNT]; /* custom: owned by the protocol */
    calfpump_activation_fn fn;       /* custom: C callback, or NULL */
    void *fn_user;
} cfp_segment;

/* What the segment does at one instant. */
typedef struct cfp_drive {
    double a[CFP_MUSCLE_COUNT];  /* muscle activation 0..1 */
    double cuff[CFP_REG_COUNT];  /* external pressure per region, mmHg */
    double water;                /* immersion pressure on every compartment, mmHg */
} cfp_drive;

void cfp_actparams_default(cfp_actparams *p);
/* Drive at time tau (s) after the segment start.  Returns the custom
 * callback's status (0 otherwise). */
int cfp_activity_eval(const cfp_segment *s, double tau, cfp_drive *d);
/* Period of one activity cycle (stride, pedal turn, raise, kick), s; 0 if
 * the activity has no cycle. */
double cfp_activity_period(const cfp_segment *s);
/* Non-zero for activities that move the ankle (scaled by ankle_rom). */
int cfp_activity_uses_ankle(int activity);
/* Name-based access to segment parameters: pointer and bounds, or NULL. */
double *cfp_actparam_ref(cfp_actparams *p, const char *name, double *lo, double *hi);
/* Names of all segment parameters, NULL-terminated. */
extern const char *const cfp_actparam_names[];

#endif
