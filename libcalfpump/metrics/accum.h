/* Streaming metrics: accumulators fed one output row at a time, during
 * the run, whether or not the trace is stored, and the bounded window
 * store that keeps the few series the segment-based metrics (AVP, APG,
 * cycles) read back.  The metrics are evaluated from these, so that a
 * streamed run and a stored one give the same values. */
#ifndef CFP_ACCUM_H
#define CFP_ACCUM_H

#include <stddef.h>
#include "model/model.h"
#include "sim/recorder.h"

/* Stasis: the velocity v = Q_out l / V of a compartment is averaged over
 * the last CFP_STASIS_SPAN seconds; "low" means that mean is below the
 * model's stasis_velocity. */
#define CFP_STASIS_SPAN 10.0   /* s */

typedef struct cfp_reflux_acc {
    double vol, peak, longest, start, episodes;
    int in_ep;
} cfp_reflux_acc;

typedef struct cfp_stasis_acc {
    double vel, vol, out;         /* time integrals (trapezoid) */
    double low;                   /* time with the windowed mean below threshold, s */
    double v_p, V_p, q_p;         /* at the previous row */
    double *ring;                 /* velocity integral at the last nring rows */
} cfp_stasis_acc;

/* Rows r0..r1 of three series: t, the AVP site's pressure, the calf volume. */
typedef struct cfp_window {
    size_t r0, r1;
    double *val;                  /* 3 per row */
} cfp_window;
#define CFP_WIN_MAX 8
enum { CFP_WIN_T, CFP_WIN_SITE, CFP_WIN_CALF, CFP_WIN_NSER };

typedef struct cfp_acc {
    const calfpump_model *m;
    const cfp_cols *c;
    size_t rows;                  /* rows fed */
    double t_p;                   /* time of the previous row */
    double *q_p;                  /* connection flows at the previous row */
    double t0, v0, worst, perf, t_last, out_last;  /* t0: first row's time */
    cfp_reflux_acc *rf;           /* per connection */
    cfp_stasis_acc *sa;           /* per compartment */
    double *qout;                 /* per compartment: outflow at this row, mL/s */
    size_t nring;                 /* rows in the stasis window, + 1 */
    double dt;                    /* output interval, s */
    long site;                    /* AVP site compartment, or -1 */
    size_t nwin;
    cfp_window win[CFP_WIN_MAX];
} cfp_acc;

/* Storage for model m's layout c; returns 0 or -1 (out of memory). */
int cfp_acc_init(cfp_acc *a, const calfpump_model *m, const cfp_cols *c);
void cfp_acc_free(cfp_acc *a);
/* Before a run at output interval dt: empty accumulators, the stasis
 * window, and the windows rows (nwin of them) kept for the segment-based
 * metrics.  Returns 0 or -1 (out of memory). */
int cfp_acc_start(cfp_acc *a, double dt, const cfp_window *win, size_t nwin);
/* Feed one output row (the trace's column layout). */
void cfp_acc_feed(cfp_acc *a, const double *row);
/* Window value of series k at row r, or NaN if no window holds it. */
double cfp_acc_window(const cfp_acc *a, size_t r, int k);

#endif
