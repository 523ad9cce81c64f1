/* Segments: a posture, an activity, a duration and parameters, and what a
 * segment drives at each instant. */
#ifndef CFP_SEGMENT_H
#define CFP_SEGMENT_H

#include <stddef.h>
#include "calfpump.h"
#include "drive/drive.h"

typedef struct cfp_activity cfp_activity;

/* Segment parameters (all doubles so they are set by name; the one table
 * of names, bounds, defaults and units is in segparams.c). */
typedef struct cfp_actparams {
    double speed, cadence, rpm, toe_pointed, load, count, rate, strength, weight_bearing;
    double pressure, angle, depth, strain, hold, cuff_site;
    double stocking, comp_ankle, comp_foot, comp_calf, comp_knee, comp_thigh, bandage;
    double ipc_pressure, ipc_period, ipc_inflate, ipc_hold, ipc_deflate;
    double ipc_foot, ipc_calf, ipc_thigh, ipc_delay;
} cfp_actparams;

/* A sampled activation waveform (custom activity). */
typedef struct cfp_wave {
    double *t, *a;
    size_t n;
    int periodic;
} cfp_wave;

typedef struct cfp_segment {
    int posture;
    const cfp_activity *act;
    double duration;
    cfp_actparams p;
    cfp_wave wave[CFP_MUSCLE_COUNT]; /* custom: owned by the protocol */
    calfpump_activation_fn fn;       /* custom: C callback, or NULL */
    void *fn_user;
} cfp_segment;

/* ---- segment parameters (segparams.c) ---- */
/* Which segments use a parameter. */
enum {
    CFP_SCOPE_ACTIVITY, /* those whose activity reads it */
    CFP_SCOPE_SEGMENT,  /* every segment (compression) */
    CFP_SCOPE_TILT      /* those in an angled posture (tilt, leg_raised) */
};

typedef struct cfp_segparam {
    const char *name;
    size_t offset;            /* in cfp_actparams */
    double lo, hi, value;     /* bounds and default */
    const char *unit, *description;
    int whole;                /* non-zero: whole numbers only */
    int scope;                /* CFP_SCOPE_* */
} cfp_segparam;

size_t cfp_segparam_count(void);
const cfp_segparam *cfp_segparam_at(size_t i);
const cfp_segparam *cfp_segparam_find(const char *name);
double *cfp_segparam_ref(cfp_actparams *p, const cfp_segparam *d);
double cfp_segparam_get(const cfp_actparams *p, const cfp_segparam *d);
/* Value of a parameter by name (the name must exist). */
double cfp_segparam_value(const cfp_actparams *p, const char *name);
void cfp_actparams_default(cfp_actparams *p);
/* Non-zero if segment s uses parameter d (segment.c). */
int cfp_segparam_used(const cfp_segment *s, const cfp_segparam *d);

/* ---- what a segment does ---- */
/* Drive at time tau (s) after the segment start: activity, then
 * compression.  Returns the custom callback's status (0 otherwise). */
int cfp_segment_drive(const cfp_segment *s, double tau, cfp_drive *d);
/* Period of one activity cycle (stride, pedal turn, raise, kick), s; 0 if
 * the activity has no cycle. */
double cfp_segment_period(const cfp_segment *s);
/* External pressures of stockings, bandages and IPC (compression.c). */
void cfp_compression(const cfp_segment *s, double tau, cfp_drive *d);
/* The compression worn, in words, appended to out. */
struct cfp_text;
void cfp_compression_describe(const cfp_actparams *p, struct cfp_text *out);
/* Details worth showing ("3 km/h, stocking class 2"). */
void cfp_segment_describe(const cfp_segment *s, char *buf, size_t len);

#endif
