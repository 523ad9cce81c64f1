/* Simulation: model + protocol + integrator + recorder.  The top stage:
 * it drives the equations with the protocol's segments, records the trace
 * and hands a view of it to the metrics. */
#ifndef CFP_SIM_H
#define CFP_SIM_H

#include "ode/solver.h"
#include "equations/physics.h"
#include "drive/protocol.h"
#include "metrics/metrics.h"
#include "metrics/summary.h"
#include "sim/options.h"
#include "sim/recorder.h"
#include "sim/stream.h"
#include "metrics/accum.h"

/* The equations' drive: the current segment, and a fault of its drive
 * found during the run (the reason the run stopped). */
typedef struct cfp_sim_drive {
    const cfp_segment *seg;
    size_t index;             /* of seg in the protocol */
    int fault;                /* 0, CFP_DRIVE_NONFINITE or a callback's negative status */
    int muscle;               /* non-finite: muscle group and value */
    double value, tau;        /* tau: time into the segment, s */
} cfp_sim_drive;
#define CFP_DRIVE_NONFINITE 1

struct calfpump_sim {
    calfpump_model *m;
    calfpump_protocol *p;
    double *seg_t0;           /* segment start times, nseg + 1 */
    cfp_phys ph;
    calfpump_integrator_ops ops;      /* validated copy of the chosen table */
    cfp_runopts opt;
    calfpump_solver *solver;  /* created when the run starts */
    double *y, *yo;           /* initial state, output scratch */
    double t_done;            /* outputs are recorded up to here */
    double t_end, v_start;
    size_t seg;               /* segment of the integrator's current step */
    cfp_sim_drive drv;        /* the drive the equations see */
    int running, restart, failed;
    cfp_trace tr;             /* layout; the rows if out.store */
    size_t nout, nmax;        /* rows recorded, rows of the whole run */
    double *row;              /* the current row when the trace is not stored */
    cfp_stream out;           /* sinks, selection, progress */
    int out_fault;            /* the output path stopped the run (message in errmsg) */
    cfp_acc acc;              /* streaming metrics, fed every row */
    char *mnames;             /* metric names, CFP_COLNAME_MAX each */
    size_t mcount;
    cfp_summary sum;
    char *errmsg;       /* message slot (CFP_MSG_SIZE bytes, cfp_msg_new) */
};

/* Make segment s->seg the equations' drive (run.c). */
void cfp_sim_set_segment(calfpump_sim *s);
/* Settle y from the hydrostatic state to the steady state of the
 * equations' current drive at rest (the model's settle_time bounds the
 * time; settle.c).  Returns 0 or the solver's status. */
int cfp_phys_settle(cfp_phys *ph, double *y);
/* The output path's hooks (stream.c): at the run's start (CSV header),
 * for row r, at progress time t, at the run's end (closes a file). */
int cfp_sim_stream_begin(calfpump_sim *s);
int cfp_sim_stream_row(calfpump_sim *s, size_t r, const double *row);
int cfp_sim_stream_progress(calfpump_sim *s, double t);
int cfp_sim_stream_end(calfpump_sim *s);
/* The run as the metrics see it. */
void cfp_sim_view(calfpump_sim *s, cfp_run_view *v);

#endif
