/* Activities: what drives the muscles, segment by segment. */
#ifndef CFP_ACTIVITY_H
#define CFP_ACTIVITY_H

#include "internal.h"

enum cfp_activity { CFP_ACT_STILL, CFP_ACT_WALK, CFP_ACT_TIPTOE, CFP_ACT_CYCLE,
                    CFP_ACT_SQUEEZE, CFP_ACT_COUNT };
extern const char *const cfp_activity_names[CFP_ACT_COUNT];

/* Segment activity parameters (all doubles so they are set by name). */
typedef struct cfp_actparams {
    double speed;          /* walk, km/h */
    double rpm;            /* cycle, revolutions per minute */
    double toe_pointed;    /* cycle, 0/1 */
    double count;          /* tiptoe, number of raises */
    double rate;           /* tiptoe, raises per s */
    double strength;       /* 0..1 scale of every activation */
    double weight_bearing; /* 0/1: foot loaded while standing */
    double pressure;       /* squeeze, peak external calf pressure, mmHg */
} cfp_actparams;

typedef struct cfp_segment {
    int posture, activity;
    double duration;
    cfp_actparams p;
} cfp_segment;

/* What the activity does at one instant. */
typedef struct cfp_drive {
    double a[CFP_MUSCLE_COUNT];  /* muscle activation 0..1 */
    double cuff[CFP_REG_COUNT];  /* external pressure applied per region, mmHg */
} cfp_drive;

/* Default parameters of an activity. */
void cfp_actparams_default(cfp_actparams *p);
/* Drive at time tau (s) after the segment start. */
void cfp_activity_eval(const cfp_segment *s, double tau, cfp_drive *d);
/* Period of one activity cycle (stride, pedal turn, raise), s; 0 if none. */
double cfp_activity_period(const cfp_segment *s);
/* Name-based access to activity parameters: pointer and bounds, or NULL. */
double *cfp_actparam_ref(cfp_actparams *p, const char *name, double *lo, double *hi);

#endif
