/* Clinical measures from a recorded run.  Metrics see the run through
 * cfp_run_view (the recorder's series, the model and the segments), never
 * the simulation itself. */
#ifndef CFP_METRICS_H
#define CFP_METRICS_H

#include "drive/protocol.h"
#include "model/model.h"
#include "sim/recorder.h"
#include "metrics/accum.h"

/* Counters of the integrator that the solver.* metrics report. */
typedef struct cfp_solver_stats {
    double steps, rejected, rhs_evals, jac_evals, lu_decomps;
} cfp_solver_stats;

typedef struct cfp_run_view {
    const calfpump_model *m;
    const cfp_segment *seg;     /* nseg segments starting at seg_t0[k] */
    size_t nseg;
    const double *seg_t0;       /* nseg + 1: the last is the end time */
    const cfp_trace *tr;        /* the layout, and the stored rows if stored */
    size_t rows;                /* rows recorded every out_dt (stored or not) */
    int stored;                 /* the rows are in tr; else only in acc's windows */
    const cfp_acc *acc;         /* the streaming accumulators, fed every row */
    double out_dt, t_done;      /* output interval; recorded up to t_done */
    cfp_solver_stats stats;
    char *errmsg;               /* CFP_MSG_SIZE bytes: why a metric is missing */
} cfp_run_view;

/* What a metric applies to. */
enum { CFP_MET_RUN, CFP_MET_VALVE, CFP_MET_COMP };

typedef struct cfp_metric {
    const char *name;           /* "avp.fall"; per element: "reflux.*.volume" */
    int element;                /* CFP_MET_* */
    const char *unit, *description;
    const char *key_label;      /* a key measure: its label in comparisons; else NULL */
    int digits;                 /* decimals worth showing */
    /* Value for element index e (connection or compartment); arg is the
     * row's own selector (which field of a family). */
    int (*eval)(const cfp_run_view *v, size_t e, int arg, double *out);
    int arg;
} cfp_metric;

size_t cfp_metric_count(void);
const cfp_metric *cfp_metric_at(size_t i);
/* The metric row a name refers to, and its element in model m (NULL: any
 * element name is accepted and *e is not set). */
const cfp_metric *cfp_metric_lookup(const char *name, const calfpump_model *m, size_t *e);
/* Every metric name of model m, CFP_COLNAME_MAX bytes each (allocated). */
int cfp_metric_names(const calfpump_model *m, char **names, size_t *count);
/* Evaluate metric name into *out (message in v->errmsg on failure). */
int cfp_metric_eval(const cfp_run_view *v, const char *name, double *out);

/* ---- shared by the metric families (series.c) ---- */
#define CFP_CALF_VOLUME ((size_t)-1)   /* pseudo-column: total calf volume */
size_t cfp_row_of(const cfp_run_view *v, double t);
double cfp_series(const cfp_run_view *v, size_t r, size_t j);
double cfp_mean_over(const cfp_run_view *v, size_t j, double t0, double t1);
double cfp_min_over(const cfp_run_view *v, size_t j, double t0, double t1);
double cfp_first_reach(const cfp_run_view *v, size_t j, double level, double t0, double t1);
/* Forward searches after a change (RT90's recovery, the APG's filling)
 * look at most this far: the rows a streamed run keeps for them are
 * bounded whatever the segment's length. */
#define CFP_SEARCH_HORIZON 600.0 /* s */

/* The rows the segment-based metrics read (AVP, APG, cycles), padded by
 * a row: at most max windows into w; returns their number. */
size_t cfp_metric_windows(const cfp_run_view *v, cfp_window *w, size_t max);
/* Append the window [t0, t1] to w (n of max used). */
void cfp_window_add(const cfp_run_view *v, cfp_window *w, size_t *n, size_t max, double t0,
                    double t1);
size_t cfp_avp_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max);
size_t cfp_apg_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max);
size_t cfp_cycle_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max);
/* CALFPUMP_OK if the run reached time t, else E_STATE with a message. */
int cfp_need(const cfp_run_view *v, double t, const char *what);
/* The calf muscle sinuses: "calf_sinuses", else the first intramuscular
 * compartment of the calf; -1 if none. */
long cfp_sinus_compartment(const calfpump_model *m);
/* The AVP's measuring site: the first superficial foot compartment, or -1. */
long cfp_avp_site(const calfpump_model *m);
/* The exercise segment the AVP is measured around (after a still one), or
 * nseg if none. */
size_t cfp_avp_segment(const cfp_run_view *v);

#endif
